/* The run's summary: counts, overall status, exit code, distinct codes. */
#include "report.h"

#include "autoproxy.h"

#include <stdio.h>

void run_summarize(struct run *r)
{
	r->nok = r->nwarn = r->nfail = r->nerror = 0;
	for (size_t i = 0; i < r->n; i++) {
		switch (r->res[i]->status) {
		case ST_OK:   r->nok++; break;
		case ST_WARN: r->nwarn++; break;
		case ST_FAIL: r->nfail++; break;
		case ST_ERROR: r->nerror++; break;
		}
	}
	r->status = r->nfail ? ST_FAIL : r->nwarn ? ST_WARN : ST_OK;
	/* A clock beyond --max-skew warns on its own; one that breaks certificates fails. */
	if (r->clock && r->clock->status == CK_FAIL)
		r->status = ST_FAIL;
	else if (r->clock && r->clock->status == CK_WARN && r->status == ST_OK)
		r->status = ST_WARN;
	/* An automatic proxy that failed (or failed for some URLs) is the
	 * network's problem even when the static route works: a warning. */
	if (r->autoproxy && r->autoproxy->on && (r->autoproxy->code || r->autoproxy->url_errors) &&
	    r->status == ST_OK)
		r->status = ST_WARN;
	/* An endpoint this machine could not probe leaves the run incomplete:
	 * exit 3, whatever the others found (their verdicts stay in the report). */
	if (r->nerror)
		r->status = ST_ERROR;
	r->exit_code = r->status == ST_ERROR ? 3 : r->status == ST_FAIL ? 2 : r->status == ST_WARN ? 1 : 0;
}

void run_route(const struct result *r, char *buf, size_t len)
{
	if (r->route.proxy)
		proxy_server_format(r->route.proxy, buf, len);
	else
		snprintf(buf, len, "direct");
}

size_t run_codes(const struct run *r, struct code_count *out, size_t max)
{
	size_t k = 0;

	if (r->autoproxy && r->autoproxy->on && max > 0 && (r->autoproxy->code || r->autoproxy->url_errors))
		out[k++] = (struct code_count){ r->autoproxy->code ? r->autoproxy->code : 0x80072F86u, 0, true };
	for (size_t i = 0; i < r->n; i++) {
		uint32_t code = r->res[i]->code;
		size_t j;
		if (!code || r->res[i]->status == ST_OK || r->res[i]->status == ST_ERROR)
			continue;
		for (j = 0; j < k && out[j].code != code; j++)
			;
		if (j < k && !out[j].autoproxy)
			out[j].count++;
		else if (j == k && k < max)
			out[k++] = (struct code_count){ code, 1, false };
	}
	return k;
}
