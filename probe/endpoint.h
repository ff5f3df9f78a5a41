/* One endpoint's probe: everything it owns from start to verdict (the
 * stages' state among it), and what the loop calls to hand it what
 * happened (endpoint.c). */
#ifndef WUPROBE_ENDPOINT_H
#define WUPROBE_ENDPOINT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "aia.h"
#include "clockv.h"
#include "config.h"
#include "evq.h"
#include "lookup.h"
#include "proxy.h"
#include "result.h"
#include "stage.h"
#include "tls13.h"
#include "transfer.h"
#include "url.h"

struct pac_decision;

#define MAX_REDIRECTS  5

/* Through a proxy, this many endpoints at once (endpoint_may_start). */
#define PROXY_MAX_AT_ONCE 8

/* Written only by endpoint.c's step (set_state). */
enum ep_state { EP_PENDING, EP_RESOLVING, EP_WAITING, EP_TRANSFER, EP_DONE };

struct probe_shared;

struct endpoint {
	const struct ep_conf *conf;
	struct probe_shared *probe;    /* what it shares with the run's other endpoints (probe_shared.h) */
	enum ep_state state;

	const struct url *cur;         /* what is fetched now (cur_own), NULL when it has ended */
	const struct url *cur_own;     /* the list's URL, then each redirect target (url_hold): held while the
					* endpoint runs (and after, where the clock judges its chain again) */
	const struct proxy_server *proxy;   /* the route for cur: NULL direct */
	const struct pac_decision *pac;     /* the PAC script's routes for cur (autoproxy.h), NULL: the static route */
	struct pac_decision *pac_own;       /* a redirect target's decision, owned */
	unsigned char pac_at;               /* the entry of pac in use */
	unsigned char source;               /* enum route_source (source.h): which settings route cur */
	const char *source_via;             /* how they resolved, for the report */
	const char *source_why;             /* the component's rule, NULL when none applied */
	char *pac_failed;                   /* entries that could not be reached: "PROXY a:3128 refused; ...";
					     * moved into res.route at the end */
	bool proxy_slot;               /* started through a proxy: counts in probe->proxy_active */
	char *hops[MAX_REDIRECTS + 1]; /* URLs fetched so far, to name loops */
	int nhops;

	int64_t started, deadline;     /* monotonic ms; deadline written by endpoint.c (set_deadline) */
	struct lookup_req lk;          /* its lookup: what it waits for, and the answer (lookup.h) */
	struct endpoint *cq_next;      /* EP_WAITING: the next in the connection queue */
	int64_t cq_since;              /* EP_WAITING: when it joined, monotonic ms */
	int local_errno;               /* a socket this machine could not make or watch (EMFILE, ...), 0 none */
	const char *addrs_csv;         /* for CURLOPT_RESOLVE: the lookup's (lookup.c, kept for the run), or "" */

	struct xfer xfer;              /* the exchange (transfer.h) */

	/* A second handshake, TLS 1.3 only, through the same route: information
	 * (tls13.h). Allocated while it runs, which is where TLS 1.2 failed or
	 * with --tls13. */
	struct tls13_side *side;
	bool side_tried;               /* it was started (at most once) */

	/* A missing intermediate fetched through its AIA URL, as Windows does:
	 * the record made by the first fetch, which few endpoints need (aia.h). */
	struct aia_fetch *aia;
	STACK_OF(X509) *aia_certs;     /* what was fetched, for verification */

	struct result res;

	struct ev_slot ev;             /* what the stages posted for the loop to hand over (evq.h); every
					* handle's CURLOPT_PRIVATE */
};

/* Where an endpoint's connection goes: its proxy when it has one, else its
 * host. Data, read by the stages as by the endpoint: inline, no call. */
static inline const char *endpoint_connect_host(const struct endpoint *ep)
{
	return ep->proxy ? ep->proxy->host : ep->cur->host;
}

static inline unsigned endpoint_connect_port(const struct endpoint *ep)
{
	return ep->proxy ? ep->proxy->port : ep->cur->port;
}

/* What the loop calls. Each hands the endpoint one event, which its step
 * function takes as its state allows: news that no longer fits its state
 * (an answer after its deadline ended it) changes nothing. */
/* True when EP may start now: through a proxy, PROXY_MAX_AT_ONCE at once. */
bool endpoint_may_start(const struct probe_shared *p, const struct endpoint *ep);
void endpoint_start(struct probe_shared *p, struct endpoint *ep);
/* Connection slots are free: the endpoints waiting for one start, oldest first. */
void endpoint_connect_queued(struct probe_shared *p);
/* EV_SCHEDULE: the deadline for the loop to arm, moved first to where the
 * endpoint's lookup started its clock (its question left our queue). */
int64_t endpoint_deadline(struct endpoint *ep);
/* Its lookup answered (EV_RESOLVED): a c-ares status, or VERDICT_*. */
void endpoint_resolved(struct endpoint *ep, int status);
/* One of its handles (CURLOPT_PRIVATE: its slot) ended with RC. */
void endpoint_easy_done(struct endpoint *ep, CURL *easy, CURLcode rc);
/* Its AIA fetch ended (EV_AIA). */
void endpoint_aia_done(struct endpoint *ep);
/* This machine could not watch a socket of its handle EASY (ERR). */
void endpoint_local_failure(struct endpoint *ep, CURL *easy, int err);
/* Its deadline passed at NOW: ends it, or returns when to look again (0: never). */
int64_t endpoint_expire(struct endpoint *ep, int64_t now);
/* The run ends, its multi handle and channel next: every handle still
 * under way leaves; the record stays for the reports. */
void endpoint_stop(struct endpoint *ep);
/* Everything it holds, after the reports. */
void endpoint_free(struct endpoint *ep);
/* After the run, with the clock verdict V: a certificate that failed as
 * expired or not yet valid by this clock, judged again at AT, the
 * reference time (clock_reference_time). */
void endpoint_recheck_clock(struct endpoint *ep, const struct tls_trust *trust, struct clock_verdict *v, time_t at);

#endif
