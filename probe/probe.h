/* The run: one event loop that drives c-ares and libcurl for every
 * endpoint (probe.c). The public entry, for main.c: the options, probe_run
 * and probe_free. The loop's own state (struct probe) is in loop.h, which
 * only the loop's files include. */
#ifndef WUPROBE_PROBE_H
#define WUPROBE_PROBE_H

#include <stdbool.h>
#include <stddef.h>

/* For the declarations below the public entry (see there). */
#include <ares.h>
#include <curl/curl.h>
#include "ares_util.h"
#include "clockv.h"
#include "endpoint.h"
#include "probe_shared.h"
#include "resolve.h"
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

/* Probes every endpoint in EPS (their conf set, the rest zeroed) and fills
 * each one's result. Returns 0, or -1 with a reason in ERR when the run
 * could not start (resources). */
int probe_run(struct endpoint *eps, size_t n, const struct probe_opts *opts, char *err, size_t errlen);

/* Frees what the run left in each endpoint. */
void probe_free(struct endpoint *eps, size_t n);

/* Until issue 21's next step gives each stage its own header and a small
 * context: the declarations of the stages that still take the endpoint
 * (transfer.c, aia.c, tls13.c, route.c), and the endpoint's own, which
 * the loop and those stages both use. They need the endpoint and what it
 * shares with the run (probe_shared.h); nothing here is the loop's, whose
 * state is in loop.h. */
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
/* The TLS 1.3 side handshake (tls13.c). */
void tls13_start(struct endpoint *ep);
void tls13_done(struct endpoint *ep, CURLcode rc);
void tls13_free(struct endpoint *ep);
/* The endpoint's life (endpoint.c): the loop starts it and hands it its
 * deadline; the stages report to it. */
#define PROXY_MAX_AT_ONCE 8
bool endpoint_may_start(const struct probe_shared *p, const struct endpoint *ep);
void endpoint_start(struct probe_shared *p, struct endpoint *ep);
void endpoint_connect_queued(struct probe_shared *p);
/* EV_SCHEDULE: the deadline for the loop to arm, moved first to where the
 * endpoint's lookup started its clock (its question left our queue). */
int64_t endpoint_deadline(struct endpoint *ep);
void endpoint_resolved(struct endpoint *ep, int status);   /* a c-ares status, or VERDICT_*; ignored
							   * unless it is resolving */
void endpoint_transfer_done(struct endpoint *ep, CURLcode rc);
void endpoint_aia_done(struct endpoint *ep);
/* Its deadline passed at NOW: ends it, or returns when to look again (0: never). */
void endpoint_local_failure(struct endpoint *ep, int err);
int64_t endpoint_expire(struct endpoint *ep, int64_t now);
void endpoint_finish(struct endpoint *ep);

#endif
