#include "clockv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chain.h"
#include "clock.h"
#include "codes.h"
#include "verdict.h"

const char *clock_status_name(enum clock_status s)
{
	static const char *const names[] = { "unknown", "ok", "warn", "fail" };
	return names[s];
}

void clock_human(double skew, char *buf, size_t len)
{
	double a = fabs(skew);

	if (a >= 2 * 86400)
		snprintf(buf, len, "%.0f s (%.0f days)", a, a / 86400);
	else if (a >= 2 * 3600)
		snprintf(buf, len, "%.0f s (%.1f hours)", a, a / 3600);
	else if (a >= 10)
		snprintf(buf, len, "%.0f s", a);
	else
		snprintf(buf, len, "%.1f s", a);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void clock_judge(struct clock_verdict *v, const struct ntp_client *ntp, const struct endpoint *eps, size_t n,
		 double max_skew)
{
	double *dates = malloc((n ? n : 1) * sizeof *dates);
	size_t nd = 0;

	memset(v, 0, sizeof *v);
	v->max_skew = max_skew;
	v->ntp = ntp;
	for (size_t i = 0; dates && i < n; i++)
		if (eps[i].hdr.has_date)
			dates[nd++] = eps[i].date_skew;
	if (ntp && ntp->ok) {
		v->known = true;
		v->skew = -ntp->offset;
		v->uncertainty = ntp->delay / 2;
		snprintf(v->reference, sizeof v->reference, "SNTP %.250s (%s)", ntp->host, ntp->address);
	} else if (nd) {
		qsort(dates, nd, sizeof *dates, cmp_double);
		v->known = true;
		v->skew = nd % 2 ? dates[nd / 2] : (dates[nd / 2 - 1] + dates[nd / 2]) / 2;
		v->uncertainty = 1.0;       /* Date has one-second resolution */
		snprintf(v->reference, sizeof v->reference, "the Date headers of %zu HTTP response%s", nd,
			 nd == 1 ? "" : "s");
	}
	if (v->known) {
		/* Sources agree when within their uncertainty (plus a second) of the skew. */
		v->nsources = (int)nd + (ntp && ntp->ok);
		v->sources = ntp && ntp->ok ? 1 : 0;
		for (size_t i = 0; i < nd; i++)
			if (fabs(dates[i] - v->skew) <= v->uncertainty + 1.0 + 1.0)
				v->sources++;
		v->status = fabs(v->skew) > max_skew ? CK_WARN : CK_OK;
	}
	free(dates);
}

void clock_recheck(struct clock_verdict *v, struct endpoint *eps, size_t n, const struct tls_trust *trust)
{
	if (!v->known)
		return;
	time_t reference = (time_t)llround(wall_now() - v->skew);
	for (size_t i = 0; i < n; i++) {
		struct endpoint *ep = &eps[i];
		struct chain_report again;
		const char *cause = ep->res.cause;
		if (!cause || (strcmp(cause, "cert_expired") != 0 && strcmp(cause, "cert_not_yet_valid") != 0))
			continue;
		if (chain_verify(trust, NULL, ep->hook.chain, ep->aia_certs, ep->cur->host, ep->conf->pinned, reference,
				 &again) != 0) {
			/* Bad by the reference too: say what it is at the right time
			 * (a wrong clock can make an expired certificate look not yet valid). */
			if (strcmp(again.cause, cause) != 0) {
				char human[40];
				clock_human(v->skew, human, sizeof human);
				verdict_cert(&again, &ep->res);
				size_t l = strlen(ep->res.message);
				snprintf(ep->res.message + l, sizeof ep->res.message - l,
					 " [judged at the reference time: this machine's clock is %s %s]", human,
					 v->skew > 0 ? "ahead" : "behind");
				verdict_optional(ep->conf, &ep->res);
			}
			continue;
		}
		ep->res.status = ST_FAIL;
		ep->res.cause = "clock_skew";
		ep->res.secondary = 0x800B0101u;
		char human[40];
		clock_human(v->skew, human, sizeof human);
		snprintf(ep->res.message, sizeof ep->res.message,
			 "the certificate is valid, but this machine's clock is %s %s (reference: %.200s), so it "
			 "looks %s: fix the time service (w32tm /resync on Windows; NTP here)",
			 human, v->skew > 0 ? "ahead" : "behind", v->reference,
			 strcmp(cause, "cert_expired") == 0 ? "expired" : "not yet valid");
		verdict_optional(ep->conf, &ep->res);
		v->broken++;
	}
	if (v->broken)
		v->status = CK_FAIL;
}
