/* The clock verdict: the references gathered (SNTP, each server's Date
 * headers), their vote (vote.c: the largest group that agrees wins, as in
 * NTP's selection algorithm), the skew from the winners, and the
 * certificates judged again at the reference time. */
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
#include "vote.h"

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

void clock_odd_text(const struct clock_verdict *v, char *buf, size_t len)
{
	size_t l = 0;
	int shown = v->nodd < CLOCK_ODD_MAX ? v->nodd : CLOCK_ODD_MAX;

	if (len)
		buf[0] = '\0';
	for (int i = 0; i < shown && l < len; i++) {
		const struct clock_odd *o = &v->odd[i];
		char human[40];
		clock_human(o->skew, human, sizeof human);
		if (o->sntp)
			l += (size_t)snprintf(buf + l, len - l, "%sSNTP %s (%s) says %s %s", i ? ", " : "", o->server,
					      o->address, human, o->skew >= 0 ? "ahead" : "behind");
		else
			l += (size_t)snprintf(buf + l, len - l, "%sDate of %s says %s %s", i ? ", " : "", o->server,
					      human, o->skew >= 0 ? "ahead" : "behind");
	}
	if (v->nodd > shown && l < len)
		snprintf(buf + l, len - l, ", and %d more", v->nodd - shown);
}

/* One web server's Date headers: one reference. Through a proxy, the proxy's
 * name: it may have written them, or served them from its cache. */
struct date_server {
	const char *host;
	int responses;
	double skew;               /* the median of its Date headers' */
};

struct reading {
	const char *host;
	double skew;
};

static int cmp_reading(const void *a, const void *b)
{
	const struct reading *x = a, *y = b;
	int c = strcmp(x->host, y->host);
	return c ? c : (x->skew > y->skew) - (x->skew < y->skew);
}

static double median_of(const struct reading *r, size_t n)
{
	return n % 2 ? r[n / 2].skew : (r[n / 2 - 1].skew + r[n / 2].skew) / 2;
}

/* The Date headers of EPS, one entry per server, into *OUT (allocated; NULL
 * when there are none or no memory). Returns how many servers. */
static size_t date_servers(const struct endpoint *eps, size_t n, struct date_server **out)
{
	struct reading *r = malloc((n ? n : 1) * sizeof *r);
	struct date_server *ds = malloc((n ? n : 1) * sizeof *ds);
	size_t nr = 0, nds = 0;

	*out = NULL;
	if (!r || !ds) {
		free(r);
		free(ds);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		if (eps[i].xfer.has_date)
			r[nr++] = (struct reading){ eps[i].xfer.date_host ? eps[i].xfer.date_host : "", eps[i].xfer.date_skew };
	qsort(r, nr, sizeof *r, cmp_reading);
	for (size_t i = 0, j; i < nr; i = j) {
		for (j = i + 1; j < nr && strcmp(r[j].host, r[i].host) == 0;)
			j++;
		ds[nds++] = (struct date_server){ r[i].host, (int)(j - i), median_of(r + i, j - i) };
	}
	free(r);
	if (!nds)
		free(ds);
	else
		*out = ds;
	return nds;
}

bool clock_dates_settle(const struct endpoint *eps, size_t n, int *nservers)
{
	struct date_server *ds;
	size_t nds = date_servers(eps, n, &ds);
	struct vote_source *vs = nds ? malloc(nds * sizeof *vs) : NULL;
	struct vote_result res;
	bool settled = false;

	*nservers = (int)nds;
	if (vs && nds >= CLOCK_SETTLE_SERVERS) {
		settled = true;
		for (size_t i = 0; i < nds; i++) {
			vs[i] = (struct vote_source){ .skew = ds[i].skew, .uncertainty = 1.0 };
			settled = settled && vote_agree(ds[i].skew, 1.0, 0, 0);   /* and with this clock */
		}
		settled = settled && vote(vs, nds, &res) == nds;
	}
	free(vs);
	free(ds);
	return settled;
}

static void add_odd(struct clock_verdict *v, const struct ntp_client *ntp, const struct date_server *d)
{
	if (v->nodd < CLOCK_ODD_MAX) {
		struct clock_odd *o = &v->odd[v->nodd];
		o->sntp = d == NULL;
		snprintf(o->server, sizeof o->server, "%s", d ? d->host : ntp->host);
		snprintf(o->address, sizeof o->address, "%s", d ? "" : ntp->address);
		o->responses = d ? d->responses : 0;
		o->skew = d ? d->skew : -ntp->offset;
	}
	v->nodd++;
}

void clock_judge(struct clock_verdict *v, const struct ntp_client *ntp, const struct endpoint *eps, size_t n,
		 double max_skew)
{
	bool sntp = ntp && ntp->ok;
	struct date_server *ds;
	size_t nds = date_servers(eps, n, &ds), off = sntp ? 1 : 0, nsrc = nds + off;
	struct vote_source *vs = malloc((nsrc ? nsrc : 1) * sizeof *vs);
	struct reading *won = malloc((nds ? nds : 1) * sizeof *won);
	struct vote_result res = { 0 };
	size_t nwon = 0;
	int responses = 0;

	memset(v, 0, sizeof *v);
	v->max_skew = max_skew;
	v->ntp = ntp;
	if (!vs || !won) {
		sntp = false;                  /* no memory: no verdict */
		nsrc = nds = off = 0;
	}
	if (sntp)
		vs[0] = (struct vote_source){ .skew = -ntp->offset, .uncertainty = ntp->delay / 2 };
	for (size_t i = 0; i < nds; i++)
		vs[off + i] = (struct vote_source){ .skew = ds[i].skew, .uncertainty = 1.0 };
	v->nsources = (int)nsrc;
	v->sources = (int)vote(vs, nsrc, &res);
	v->tie = res.tied > 1;
	v->known = res.size > 0;
	if (v->known && sntp && vs[0].agrees) {
		v->skew = vs[0].skew;
		v->uncertainty = vs[0].uncertainty;
		snprintf(v->reference, sizeof v->reference, "SNTP %.250s (%s)", ntp->host, ntp->address);
	} else if (v->known) {
		for (size_t i = 0; i < nds; i++)
			if (vs[off + i].agrees) {
				won[nwon++] = (struct reading){ "", ds[i].skew };
				responses += ds[i].responses;
			}
		qsort(won, nwon, sizeof *won, cmp_reading);
		v->skew = median_of(won, nwon);
		v->uncertainty = 1.0;       /* Date has one-second resolution */
		snprintf(v->reference, sizeof v->reference, "the Date headers of %d HTTP response%s from %zu server%s",
			 responses, responses == 1 ? "" : "s", nwon, nwon == 1 ? "" : "s");
	}
	if (sntp && !vs[0].agrees)
		add_odd(v, ntp, NULL);
	for (size_t i = 0; i < nds; i++)
		if (!vs[off + i].agrees)
			add_odd(v, ntp, &ds[i]);
	if (v->known) {
		v->status = fabs(v->skew) > max_skew ? CK_WARN : CK_OK;
		/* Windows' time service would set this clock from that server. */
		v->sntp_off = sntp && !vs[0].agrees && fabs(vs[0].skew - v->skew) > max_skew;
		if (v->sntp_off)
			v->status = CK_WARN;
	}
	free(won);
	free(vs);
	free(ds);
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
		if (chain_verify(trust, NULL, ep->xfer.hook.chain, ep->aia_certs, ep->cur->host, ep->conf->pinned, reference,
				 &again) != 0) {
			/* Bad by the reference too: say what it is at the right time
			 * (a wrong clock can make an expired certificate look not yet valid).
			 * Out of memory, nothing was learnt: the first verdict stays. */
			if (strcmp(again.cause, cause) != 0 && strcmp(again.cause, CHAIN_LOCAL_MEMORY) != 0) {
				char human[40];
				clock_human(v->skew, human, sizeof human);
				verdict_cert(&again, &ep->res);
				result_append(&ep->res,
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
		result_say(&ep->res,
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
