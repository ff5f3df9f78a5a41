/* The download's and the WPAD walk's lookup (pac_fetch_dns.h): a channel
 * for one name, asked through the blocking driver (pac_lookup.h); here what
 * its answer means for a download: the sinkholes left out, and the reason
 * in words. */
#include "pac_fetch_dns.h"

#include <ares.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "pac_lookup.h"
#include "sinkhole.h"

/* The N addresses of an answer into OUT, but for sinkholes: the first of
 * those into SINKHOLE ("" none). */
static void keep(struct pac_addrs *out, char addrs[][RESULT_ADDR_LEN], int n, char sinkhole[RESULT_ADDR_LEN])
{
	for (int i = 0; i < n; i++) {
		if (!sinkhole_text(addrs[i])) {
			memcpy(out->a[out->n], addrs[i], sizeof out->a[0]);
			out->v6[out->n++] = strchr(addrs[i], ':') != NULL;
		} else if (!sinkhole[0]) {
			memcpy(sinkhole, addrs[i], RESULT_ADDR_LEN);
		}
	}
}

int pac_dns_resolve(const char *host, const char *dns_servers, int64_t deadline, struct pac_addrs *out,
		    char *why, size_t whylen, int *local_err)
{
	char addrs[PAC_DNS_MAX_ADDRS][RESULT_ADDR_LEN], sinkhole[RESULT_ADDR_LEN] = "";
	struct pac_lookup q = { .host = host, .family = AF_UNSPEC, .sorted = true, .deadline = deadline,
				.addrs = addrs, .max = PAC_DNS_MAX_ADDRS };
	struct pac_resolver r;
	bool servers_bad;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = pac_lookup_open(&r, dns_servers, false, &servers_bad)) != ARES_SUCCESS) {
		if (servers_bad)
			snprintf(why, whylen, "DNS servers %s: %s", dns_servers, ares_strerror(rc));
		else
			snprintf(why, whylen, "cannot start the resolver: %s", ares_strerror(rc));
		return rc;
	}
	double secs = (double)((deadline - mono_ms() + 50) / 100) / 10.0;   /* what was left, to a tenth */
	rc = pac_lookup_run(&r, &q);
	pac_lookup_close(&r);
	if (rc == ARES_SUCCESS) {
		keep(out, addrs, q.n, sinkhole);
		if (!out->n)
			rc = PAC_DNS_SINKHOLE;
	}
	switch (rc) {
	case PAC_DNS_SINKHOLE:
		snprintf(why, whylen, "DNS answers it only with %s, a DNS filter's answer for a name it blocks (%s)",
			 sinkhole, sinkhole_meaning(sinkhole));
		break;
	case ARES_EFILE:
		snprintf(why, whylen, "this machine could not open /etc/hosts to check the name: %s",
			 strerror(q.local_err));
		if (local_err)
			*local_err = q.local_err;
		break;
	case ARES_SUCCESS:
		break;
	case ARES_ENOTFOUND:
		snprintf(why, whylen, "no such name");
		break;
	case ARES_ENODATA:
		snprintf(why, whylen, "the name has no address");
		break;
	case ARES_ETIMEOUT:
		snprintf(why, whylen, "DNS did not answer in %g s", secs > 0 ? secs : 0.0);
		break;
	case ARES_ECONNREFUSED:   /* c-ares 1.18 folds these three into one (dns/dnssock.c) */
		snprintf(why, whylen, "the DNS server failed or refused (SERVFAIL, REFUSED, or none listening)");
		break;
	case ARES_ESERVFAIL:
		snprintf(why, whylen, "DNS server failure (SERVFAIL)");
		break;
	case ARES_EREFUSED:
		snprintf(why, whylen, "the DNS server refused the query");
		break;
	default:
		snprintf(why, whylen, "DNS: %s", ares_strerror(rc));
		break;
	}
	return rc;
}
