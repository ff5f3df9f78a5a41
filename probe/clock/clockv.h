/* The clock verdict: how far this machine's clock is from the references
 * (SNTP, the HTTP Date headers), and which certificate failures are the
 * clock's fault rather than the certificate's. */
#ifndef WUPROBE_CLOCKV_H
#define WUPROBE_CLOCKV_H

#include <stdbool.h>
#include <stddef.h>

#include "endpoint.h"
#include "ntp.h"

enum clock_status { CK_UNKNOWN, CK_OK, CK_WARN, CK_FAIL };

struct clock_verdict {
	enum clock_status status;
	bool known;                /* a reference answered */
	double skew;               /* seconds, this clock minus the reference: > 0 is ahead */
	double uncertainty;        /* seconds: half the SNTP round trip, or 1 for Date */
	char reference[400];       /* "SNTP time.windows.com (127.0.5.1)" or "HTTP Date headers" */
	int sources;               /* how many sources agree with the skew */
	int nsources;              /* how many gave an answer */
	int broken;                /* certificates judged expired only by this clock */
	double max_skew;
	const struct ntp_client *ntp;   /* NULL with --no-ntp */
};

/* Weighs the sources: SNTP when it answered, else the median of the Date
 * headers. Skews beyond MAX_SKEW warn. */
void clock_judge(struct clock_verdict *v, const struct ntp_client *ntp, const struct endpoint *eps, size_t n,
		 double max_skew);

/* Judges again, at the reference time, every certificate that failed as
 * expired or not yet valid by this clock: those valid then become
 * clock_skew, and the clock verdict fails. */
void clock_recheck(struct clock_verdict *v, struct endpoint *eps, size_t n, const struct tls_trust *trust);

const char *clock_status_name(enum clock_status s);

/* "0.3 s", "600 s", "94608000 s (1095 days)": the size of a skew, unsigned. */
void clock_human(double skew, char *buf, size_t len);

#endif
