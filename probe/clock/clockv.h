/* The clock verdict: how far this machine's clock is from the references
 * (SNTP, the HTTP Date headers), and which certificate failures are the
 * clock's fault rather than the certificate's. */
#ifndef WUPROBE_CLOCKV_H
#define WUPROBE_CLOCKV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "ntp.h"
#include "result.h"

enum clock_status { CK_UNKNOWN, CK_OK, CK_WARN, CK_FAIL };

#define CLOCK_ODD_MAX 8            /* outvoted references named in the verdict */

/* A reference the others outvoted (or, when none won, any reference). */
struct clock_odd {
	bool sntp;                 /* the SNTP server; else one server's Date headers */
	char server[URL_HOST_MAX + 16];   /* its name; a proxy's is followed by " (proxy)" */
	char address[RESULT_ADDR_LEN];    /* SNTP's address */
	int responses;             /* Date headers it sent */
	double skew;               /* this clock minus it, in seconds */
};

struct clock_verdict {
	enum clock_status status;
	bool known;                /* a group of references won the vote */
	double skew;               /* seconds, this clock minus the reference: > 0 is ahead */
	double uncertainty;        /* seconds: half the SNTP round trip, or 1 for Date */
	char reference[400];       /* "SNTP time.windows.com (127.0.5.1)" or "the Date headers of ..." */
	int sources;               /* references in the winning group */
	int nsources;              /* references that answered: SNTP, and each server's Date headers */
	int nodd;                  /* references outside the winning group (all of them when none won) */
	struct clock_odd odd[CLOCK_ODD_MAX];   /* the first of them */
	bool tie;                  /* groups tied for the largest: broken by precision, or not at all */
	bool sntp_off;             /* SNTP was outvoted, and by more than max_skew: a clock set from it
				    * (as Windows' time service would) would be wrong */
	int broken;                /* certificates judged expired only by this clock */
	double max_skew;
	const struct ntp_client *ntp;   /* NULL with --no-ntp */
};

/* The references vote (vote.c): SNTP counts as one, each server's Date
 * headers (their median) as one. The winning group's most precise member
 * gives the skew: SNTP when it is in the group, else the median of the
 * group's Date headers. A skew beyond MAX_SKEW warns, and so does an
 * outvoted SNTP server beyond MAX_SKEW of the winners. No winner (a tie of
 * equally precise groups): unknown. */
void clock_judge(struct clock_verdict *v, const struct ntp_client *ntp, const struct result *const *recs, size_t n,
		 double max_skew);

/* How long the run still waits for SNTP once every endpoint is done and
 * their Date headers settle the verdict (clock_dates_settle): an SNTP reply
 * comes one round trip after its request, which went out as the run
 * started, while each endpoint took several round trips (DNS, TCP, TLS,
 * HTTP); a server silent by then is not answering. The grace lets the next
 * resend (they go a second apart) and its reply through. */
#define CLOCK_SNTP_GRACE_MS 1500
/* Date headers of this many servers outvote a lone SNTP reply: with fewer,
 * SNTP could still change the verdict. */
#define CLOCK_SETTLE_SERVERS 2

/* True when the Date headers of RECS alone settle the verdict whatever SNTP
 * says: those of at least CLOCK_SETTLE_SERVERS servers, all agreeing with
 * one another and with this machine's clock. *NSERVERS: how many servers. */
bool clock_dates_settle(const struct result *const *recs, size_t n, int *nservers);

/* Every certificate that failed as expired or not yet valid by this clock
 * (clock_may_explain) is judged again at the reference time, each one by
 * its endpoint (endpoint_recheck_clock); the clock words what that finds.
 *
 * The reference time: this clock minus the skew, read once so that every
 * certificate is judged at the same second. False when no reference won
 * the vote: nothing is judged again. */
bool clock_reference_time(const struct clock_verdict *v, time_t *at);
/* R failed as a certificate that this clock may have made look expired or
 * not yet valid. */
bool clock_may_explain(const struct result *r);
/* R's certificate is bad at the reference time too, and for another reason
 * (its new verdict in R): adds that it was judged then, and how far off
 * this clock is. */
void clock_judged_again(const struct clock_verdict *v, struct result *r);
/* R's certificate is valid at the reference time: R becomes the clock's
 * failure (clock_skew), counted in V, whose verdict then fails. */
void clock_skew_verdict(struct clock_verdict *v, struct result *r);

const char *clock_status_name(enum clock_status s);

/* "0.3 s", "600 s", "94608000 s (1095 days)": the size of a skew, unsigned. */
void clock_human(double skew, char *buf, size_t len);

/* The outvoted references of V as one line: "SNTP a (127.0.5.2) says 600 s
 * behind, Date of b says 3600 s ahead, and 2 more"; "" when there are none. */
void clock_odd_text(const struct clock_verdict *v, char *buf, size_t len);

#endif
