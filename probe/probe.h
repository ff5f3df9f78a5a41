/* The run: one event loop that drives c-ares and libcurl for every endpoint. */
#ifndef WUPROBE_PROBE_H
#define WUPROBE_PROBE_H

#include <ares.h>
#include <curl/curl.h>
#include <stddef.h>

#include "ares_util.h"
#include "clockv.h"
#include "endpoint.h"
#include "tls.h"

/* Connections at once unless --parallel says otherwise. A TLS connection
 * in flight costs about 60 KB here (libcurl 7.88's handle and SSL_CTX,
 * OpenSSL 3.0's handshake buffer) and about 1 ms of our one CPU; past about
 * 250 at once the loop is busy all the time and more at once only add
 * memory and queueing (README, "Benchmark"). */
#define PARALLEL_DEFAULT 256

struct probe_opts {
	double timeout_s;              /* per endpoint */
	int parallel;                  /* connections under way at once (0: PARALLEL_DEFAULT) */
	const char *dns_servers;       /* c-ares CSV form, or NULL for /etc/resolv.conf */
	const struct tls_trust *trust; /* system store + --ca-bundle */
	const struct proxy_model *proxy;   /* the run's proxy settings */
	const struct autoproxy *autoproxy; /* --pac/--wpad (autoproxy.h), NULL or off: none */
	const struct user_proxy *user;     /* a user's Internet Options (--proxy-from), NULL or !present: none */
	bool allow_user_proxy;             /* policy SetProxyBehaviorForUpdateDetection = 1 */
	const char *proxy_user;        /* NULL: no proxy authentication */
	const char *proxy_password;
	struct ntp_client *ntp;        /* NULL: --no-ntp */
	double max_skew;
	struct clock_verdict *clock;   /* filled at the end of the run */
	bool progress;                 /* show progress on stderr (a terminal, not -q) */
	bool notices;                  /* say on stderr when the descriptors cap --parallel (not -q) */
	bool tls13_always;             /* the TLS 1.3 handshake on every HTTPS endpoint (--tls13, -v),
					* not only where TLS 1.2 failed */
};

struct lookup;
struct poller;

struct timer {
	int64_t at;                    /* monotonic ms */
	size_t ep;                     /* index in eps */
};


struct probe {
	const struct probe_opts *opts;
	CURLM *multi;
	ares_channel channel;
	bool channel_ok;
	struct poller *poller;         /* the loop's descriptors (events.c) */
	int64_t curl_timer_at;         /* libcurl's timer, monotonic ms, -1 none */
	int ntp_watched;               /* the SNTP socket in the set, -1 none */
	struct chain_memo *memo;       /* chains verified in this run (chain.c); NULL: verify each */
	struct endpoint *eps;
	size_t n, next, active, done;
	size_t side_active;            /* TLS 1.3 side handshakes under way */
	size_t parallel;               /* connections at once: --parallel, within the descriptors there are */
	size_t proxy_active;           /* of them, started through a proxy */
	size_t xfers;                  /* exchanges with a connection under way (transfer.c), at most parallel */
	struct endpoint *cq_head, *cq_tail;   /* endpoints waiting for a connection, oldest first */
	/* What c-ares' sockets saw (dnssock.c). */
	unsigned long dns_replies;     /* reads that returned data */
	unsigned long dns_unreachable; /* reads refused: ICMP port unreachable */
	unsigned long dns_sock_failures;   /* sockets this machine could not make */
	int dns_sock_errno;
	bool hosts_file;               /* the resolver reads /etc/hosts (its lookups include "f") */
	int hosts_errno;               /* why /etc/hosts could not be read when a lookup checked it */
	unsigned dns_window;           /* lookups out at once (lookup.c), fitted to our socket's buffer */
	/* Shared lookups (lookup.c). */
	struct lookup **lk_tab;
	size_t lk_cap;
	struct lookup *lk_qhead, *lk_qtail;
	unsigned lk_asking;
	bool lk_pumping;
	/* Deadlines, soonest first: a binary heap of (time, endpoint) with stale
	 * entries dropped when they surface. */
	struct timer *timers;
	size_t ntimers, captimers;
	int64_t progress_ms;
	bool progress_shown;
	bool sntp_judged;              /* only SNTP was left, and its grace was decided (probe.c) */
	struct evq evq;                /* endpoints with events posted by the stages (evq_post) */
};

/* Probes every endpoint in EPS (their conf set, the rest zeroed) and fills
 * each one's result. Returns 0, or -1 with a reason in ERR when the run
 * could not start (resources). */
int probe_run(struct endpoint *eps, size_t n, const struct probe_opts *opts, char *err, size_t errlen);

/* Frees what the run left in each endpoint. */
void probe_free(struct endpoint *eps, size_t n);

/* Internal, shared by the loop's files. */
/* Makes the run's channel; its sockets are reported to SOCK_STATE (the
 * loop's, events_sock_state) with P. */
int resolver_init(struct probe *p, ares_sock_state_cb sock_state, char *err, size_t errlen);
/* Resolves what ep's connection goes to (lookup.c): shared, paced, retried. */
void resolver_start(struct endpoint *ep);
/* True while ep's lookup waits in our queue: its deadline has not started. */
bool resolver_queued(const struct endpoint *ep);
/* ep stops waiting for its lookup (its deadline passed). */
void resolver_forget(struct endpoint *ep);
/* True when a DNS socket failed on this machine since EP's lookup was asked. */
bool resolver_local_failure(const struct endpoint *ep);
void lookups_free(struct probe *p);
void resolver_free(struct probe *p);
/* The loop's descriptors (events.c): libcurl's, c-ares', SNTP's. */
int events_init(struct probe *p);
void events_free(struct probe *p);
/* c-ares' ARES_OPT_SOCK_STATE_CB for the run's channel (DATA: the probe). */
void events_sock_state(void *data, ares_socket_t fd, int readable, int writable);
/* Waits up to WAIT_MS and hands what is ready to its owner. -1: the poller failed. */
int events_wait(struct probe *p, int wait_ms);
/* Runs libcurl's timer if it is due (after new transfers were added). */
void events_kick(struct probe *p);
int64_t events_curl_timer(const struct probe *p);
/* c-ares' socket functions, counting into P (dnssock.c). */
void dnssock_install(struct probe *p);
/* Counts a DNS socket this machine could not make or watch (ERR): the
 * lookups that fail after it are this machine's errors (lookup.c). */
void dns_socket_failed(struct probe *p, int err);
/* The exchange (transfer.c). Starts it for ep->cur, connecting to
 * ep->addrs_csv (empty for an IP literal); false when it could not start
 * (the verdict says why). */
bool transfer_start(struct endpoint *ep);
/* What the ended exchange means: a verdict in ep->res, a redirect to NEXT
 * (checked like WinHTTP), a certificate verdict that stands unless the
 * missing issuer can be fetched (XF_AIA: its URL in ep->x->aia_url), or the
 * next exchange of the same URL (the range GET after a head endpoint's
 * HEAD, or the proxy asked again to see the bytes it sends: ep->sniff). */
enum xfer_outcome { XF_VERDICT, XF_REDIRECT, XF_AIA, XF_AGAIN };
enum xfer_outcome transfer_judge(struct endpoint *ep, CURLcode rc, struct url *next);
/* Takes the exchange's handle out of the loop (before a redirect, at the end). */
void transfer_detach(struct endpoint *ep);
/* At the endpoint's end: frees its handle and whatever no report needs,
 * so memory follows what is in flight, not the length of the list. */
void transfer_release(struct endpoint *ep);
/* The AIA fetch of a missing intermediate (aia.c): true when one started,
 * and EV_AIA is posted once it ends. */
bool aia_start(struct endpoint *ep, const char *url, CURLcode rc);
void aia_done(struct endpoint *ep, CURLcode rc);
/* Gives up on an AIA host name still unresolved at the deadline. */
void aia_expire(struct endpoint *ep);
void aia_free(struct endpoint *ep);
void aia_release(struct endpoint *ep);
/* A certificate as an AIA URL serves it: DER, or PEM. NULL if it is neither. */
X509 *aia_parse_cert(const unsigned char *d, size_t n);
/* A CURLOPT_RESOLVE list that pins HOST:PORT to the addresses in CSV
 * ("a,[v6]", as resolver_addresses writes it): the connection goes exactly
 * where c-ares said. NULL when CSV is empty (or out of memory). */
struct curl_slist *route_resolve(const char *host, unsigned port, const char *csv);
/* Sets the route (a proxy, or direct) on a handle (route.c). */
int route_apply(CURL *e, const struct proxy_server *px, const struct probe_opts *o);   /* -1: libcurl could not take it */
/* Progress on stderr (progress.c). */
void progress_show(struct probe *p, int64_t now);
void progress_clear(struct probe *p);
/* The TLS 1.3 side handshake (tls13.c). */
void tls13_start(struct endpoint *ep);
void tls13_done(struct endpoint *ep, CURLcode rc);
void tls13_free(struct endpoint *ep);
/* The endpoint's life (endpoint.c): the loop starts it and hands it its
 * deadline; the stages report to it. */
#define PROXY_MAX_AT_ONCE 8
bool endpoint_may_start(const struct probe *p, const struct endpoint *ep);
void endpoint_start(struct probe *p, struct endpoint *ep);
void endpoint_connect_queued(struct probe *p);
void endpoint_resolved(struct endpoint *ep, int status);   /* a c-ares status, or VERDICT_*; ignored
							   * unless it is resolving */
void endpoint_transfer_done(struct endpoint *ep, CURLcode rc);
void endpoint_aia_done(struct endpoint *ep);
/* Its deadline passed at NOW: ends it, or returns when to look again (0: never). */
void endpoint_local_failure(struct endpoint *ep, int err);
int64_t endpoint_expire(struct endpoint *ep, int64_t now);
void endpoint_finish(struct endpoint *ep);

#endif
