/* One endpoint's probe: everything it owns from start to verdict. */
#ifndef WUPROBE_ENDPOINT_H
#define WUPROBE_ENDPOINT_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "evq.h"
#include "header.h"
#include "lookup.h"
#include "result.h"
#include "proxy.h"
#include "tls.h"
#include "url.h"

struct pac_decision;

#define BODY_CAP       (64 * 1024)   /* read this much of a body at most, then stop: enough */
#define BODY_KEEP      64            /* and keep only its start: the content checks look at that */
#define MAX_REDIRECTS  5

enum ep_state { EP_PENDING, EP_RESOLVING, EP_WAITING, EP_TRANSFER, EP_DONE };

struct probe_shared;

/* What one exchange reads, held only while it runs (transfer.c). */
struct xfer_state {
	char errbuf[CURL_ERROR_SIZE];
	unsigned char body[BODY_KEEP]; /* the body's first bytes */
	size_t body_len;               /* bytes of body read (at most about BODY_CAP) */
	bool body_capped;
	struct header_state hdr;       /* the exchange's response headers (header.c) */
	enum header_action hdr_stop;   /* why on_header stopped the exchange, HDR_GO_ON if it did not */
	struct curl_slist *sniff_hdrs; /* the proxy asked again: its Host header (transfer.c) */
	char aia_url[512];             /* with XF_AIA: the missing issuer's caIssuers URL */
};

/* A proxy whose reply was no HTTP, or who closed without one, is asked the
 * same again on a plain connection that takes any bytes (transfer.c), so
 * the report can show what it sent: at most once an endpoint. */
enum sniff_state { SNIFF_NONE, SNIFF_ASKING, SNIFF_DONE };
#define SNIFF_MS 2000                  /* the time it has, within the deadline */

struct tls13_side {
	CURL *easy;
	struct curl_slist *resolve;
	struct tls_hook hook;
	struct tls_info info;
	struct header_state hdr;       /* its CONNECT replies, to bound proxy challenges */
	int local_errno;               /* a socket this machine could not make: only leaves tls13 unknown */
};

struct aia_fetch {
	CURL *easy;
	bool resolving;                /* its host's name is with c-ares */
	struct curl_slist *resolve;
	int tries;
	CURLcode saved_rc;             /* the transfer's result, resumed afterwards */
	unsigned char *buf;
	size_t len;
	bool too_big;                  /* the answer passed AIA_MAX_SIZE */
	char error[160];               /* why the last fetch failed, for the message */
	int local_err;                 /* this machine failed it (ENOMEM, a DNS socket's errno), 0 none:
					* then the verdict is this machine's, not cert_chain_incomplete */
	unsigned long dns_fail_mark;   /* the DNS socket failures when its lookup started */
	char last[512];                /* the last URL fetched: never the same one twice */
};

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
	char *pac_failed;                   /* entries that could not be reached: "PROXY a:3128 refused; ..." */
	bool proxy_slot;               /* started through a proxy: counts in probe->proxy_active */
	char *hops[MAX_REDIRECTS + 1]; /* URLs fetched so far, to name loops */
	int nhops;

	int64_t started, deadline;     /* monotonic ms */
	struct lookup_req lk;          /* its lookup: what it waits for, and the answer (lookup.h) */
	struct endpoint *cq_next;      /* EP_WAITING: the next in the connection queue (probe.c) */
	int64_t cq_since;              /* EP_WAITING: when it joined, monotonic ms */
	int local_errno;               /* a socket this machine could not make (EMFILE, ...), 0 none */

	CURL *easy;
	bool in_multi;
	bool connected;                /* libcurl had a connection ready for the request */
	int64_t xfer_us, ready_us, first_byte_us;   /* monotonic stamps of this exchange */
	struct curl_slist *resolve;
	const char *addrs_csv;         /* for CURLOPT_RESOLVE: the lookup's (lookup.c, kept for the run), or "" */
	struct xfer_state *x;          /* the exchange's buffers: from transfer_start to transfer_release */
	struct tls_hook hook;
	unsigned char sniff;           /* enum sniff_state */
	bool head_done;                /* the HEAD of a head endpoint passed: the range GET is next */
	unsigned long long head_length;    /* its Content-Length */

	/* A second handshake, TLS 1.3 only, through the same route: information
	 * (tls13.c). Allocated while it runs, which is where TLS 1.2 failed or
	 * with --tls13. */
	struct tls13_side *side;
	bool side_tried;               /* it was started (at most once) */

	/* A missing intermediate fetched through its AIA URL, as Windows does:
	 * allocated by the first fetch, which few endpoints need (aia.c). */
	struct aia_fetch *aia;
	STACK_OF(X509) *aia_certs;     /* what was fetched, for verification */

	/* The first Date header of its exchanges: this clock minus the server's, in seconds. */
	bool has_date;
	double date_skew;
	char *date_host;               /* who sent it, for the clock's vote: the host, or "PROXY (proxy)" */

	struct result res;

	struct ev_slot ev;             /* what the stages posted for the loop to hand over (evq.h) */
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

#endif
