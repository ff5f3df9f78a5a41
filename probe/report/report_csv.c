/* CSV (RFC 4180, CRLF), one row per endpoint, for spreadsheets and tickets.
 * Cells that a spreadsheet would run as a formula are prefixed with '. */
#include <string.h>

#include "causes.h"
#include "codes.h"
#include "drift.h"
#include "logreport.h"
#include "report.h"

static void num(FILE *f, int64_t v)
{
	if (v >= 0)
		fprintf(f, "%lld", (long long)v);
	fputc(',', f);
}

void report_csv(FILE *f, const struct run *r)
{
	if (r->from_log) {   /* one row per logged failure (docs/formats.md) */
		log_report_csv(f, r);
		return;
	}
	fputs("url,group,pattern,status,code,code_name,secondary_code,cause,stage,route,proxy,addresses,"
	      "http_status,dns_ms,connect_ms,tls_ms,first_byte_ms,total_ms,tls_version,tls_cipher,message,"
	      "cause_rank,cause_hop,cause_kind,cause_text,fix,change\r\n", f);
	struct causes cs;
	if (causes_find(r, &cs))
		cs.n = 0;   /* out of memory: the rows without their causes */
	for (size_t i = 0; i < r->n; i++) {
		const struct result *res = r->res[i];
		const struct wu_code *c = wu_code_find(res->code);
		char code[11] = "", sec[11] = "", route[URL_HOST_MAX + 16] = "", addrs[RESULT_MAX_ADDRS * RESULT_ADDR_LEN] = "";
		if (res->code)
			wu_code_format(res->code, code);
		if (res->secondary)
			wu_code_format(res->secondary, sec);
		if (res->route.proxy)
			run_route(res, route, sizeof route);
		for (int k = 0; k < res->naddrs; k++) {
			if (k)
				strcat(addrs, " ");
			strcat(addrs, res->addrs[k]);
		}
		report_csv_cell(f, res->conf->url, false);
		report_csv_cell(f, res->conf->group, false);
		report_csv_cell(f, res->conf->pattern, false);
		report_csv_cell(f, status_name(res->status), false);
		report_csv_cell(f, code, false);
		report_csv_cell(f, res->code && c ? c->name : "", false);
		report_csv_cell(f, sec, false);
		report_csv_cell(f, res->cause, false);
		report_csv_cell(f, stage_name(res->stage), false);
		report_csv_cell(f, res->route.proxy ? "proxy" : "direct", false);
		report_csv_cell(f, route, false);
		report_csv_cell(f, addrs, false);
		if (res->http_status)
			fprintf(f, "%ld", res->http_status);
		fputc(',', f);
		num(f, res->t.dns);
		num(f, res->t.connect);
		num(f, res->t.tls);
		num(f, res->t.first_byte);
		num(f, res->t.total);
		report_csv_cell(f, res->tls.version, false);
		report_csv_cell(f, res->tls.cipher, false);
		report_csv_cell(f, result_message(res), false);
		size_t rank = 0;
		const struct cause *k = causes_of(&cs, i, &rank);
		char rk[24] = "";
		if (k)
			snprintf(rk, sizeof rk, "%zu", rank);
		report_csv_cell(f, rk, false);
		report_csv_cell(f, k ? k->hop : "", false);
		report_csv_cell(f, k ? k->kind : "", false);
		report_csv_cell(f, k ? k->text : "", false);
		report_csv_cell(f, k ? k->fix : "", false);
		char changes[256] = "";   /* what changed since --compare's report, space-separated */
		size_t used = 0;
		for (size_t d = 0; r->drift && d < r->drift->n && used < sizeof changes; d++)
			if (r->drift->items[d].url && r->drift->items[d].now == (long)i)
				used += (size_t)snprintf(changes + used, sizeof changes - used, "%s%s", used ? " " : "",
							 drift_change_name(r->drift->items[d].change));
		report_csv_cell(f, changes, true);
	}
	causes_free(&cs);
}
