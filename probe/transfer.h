/* One HTTP(S) exchange of an endpoint (transfer.c): the easy handle and
 * what it reads, and what the end of it means. The endpoint decides what is
 * fetched, through which route, until when; the exchange reports an
 * outcome (enum xfer_outcome) and the endpoint decides what follows. */
#ifndef WUPROBE_TRANSFER_H
#define WUPROBE_TRANSFER_H

#include <curl/curl.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "evq.h"
#include "header.h"
#include "proxy.h"
#include "result.h"
#include "stage.h"
#include "tls.h"
#include "url.h"

#define BODY_CAP       (64 * 1024)   /* read this much of a body at most, then stop: enough */
#define BODY_KEEP      64            /* and keep only its start: the content checks look at that */

/* A proxy whose reply was no HTTP, or who closed without one, is asked the
 * same again on a plain connection that takes any bytes, so the report can
 * show what it sent: at most once an endpoint. */
enum sniff_state { SNIFF_NONE, SNIFF_ASKING, SNIFF_DONE };
#define SNIFF_MS 2000                  /* the time it has, within the deadline */

/* What one exchange reads, held only while the endpoint runs (from the
 * first transfer_start to transfer_release). */
struct xfer_buf {
	char errbuf[CURL_ERROR_SIZE];
	unsigned char body[BODY_KEEP]; /* the body's first bytes */
	size_t body_len;               /* bytes of body read (at most about BODY_CAP) */
	bool body_capped;
	bool via_proxy;                /* the exchange goes through a proxy */
	const char *host;              /* where its connection goes (the proxy's or the URL's host) */
	struct header_state hdr;       /* the exchange's response headers (header.c) */
	enum header_action hdr_stop;   /* why on_header stopped the exchange, HDR_GO_ON if it did not */
	struct curl_slist *sniff_hdrs; /* the proxy asked again: its Host header */
};

/* The exchange's state, in the endpoint from start to free. */
struct xfer {
	CURL *easy;
	struct xfer_buf *x;            /* from transfer_start to transfer_release */
	struct curl_slist *resolve;
	int64_t xfer_us, ready_us, first_byte_us;   /* monotonic stamps of this exchange */
	struct tls_hook hook;          /* the handshake's record: the chain the server sent */
	unsigned long long head_length;    /* the Content-Length of a head endpoint's HEAD */
	bool in_multi;
	bool connected;                /* libcurl had a connection ready for the request */
	bool head_done;                /* the HEAD of a head endpoint passed: the range GET is next */
	unsigned char sniff;           /* enum sniff_state */
	/* The first Date header of its exchanges: this clock minus the server's,
	 * in seconds, and who sent it, for the clock's vote: the host, or
	 * "PROXY (proxy)". */
	bool has_date;
	double date_skew;
	char *date_host;
};

/* What the endpoint decided for an exchange. */
struct xfer_target {
	const struct ep_conf *conf;
	const struct url *url;         /* what is fetched */
	const struct proxy_server *proxy;  /* its route, NULL direct */
	const char *addrs_csv;         /* where the connection goes (route_resolve), "" for an IP literal */
	int64_t deadline;              /* monotonic ms */
	STACK_OF(X509) *fetched;       /* issuers fetched through AIA, for verification; NULL none */
	int *local_errno;              /* gets a socket this machine could not make (sockopen.h); judged */
	struct ev_slot *slot;          /* the endpoint's: the handle's CURLOPT_PRIVATE */
	struct result *res;            /* filled: timings, TLS, addresses' peer, the verdict */
};

/* What the ended exchange means: a verdict in res, a redirect (the
 * endpoint checks it like WinHTTP and follows it or not), a certificate
 * verdict that stands unless the missing issuer can be fetched (XF_AIA),
 * or the next exchange of the same URL (the range GET after a head
 * endpoint's HEAD, or the proxy asked again to see the bytes it sends). */
enum xfer_outcome { XF_VERDICT, XF_REDIRECT, XF_AIA, XF_AGAIN };

struct xfer_next {
	long status;                   /* XF_REDIRECT: the response's status */
	struct url url;                /* XF_REDIRECT: where it sends the client */
	char aia_url[512];             /* XF_AIA: the missing issuer's caIssuers URL */
};

/* Starts an exchange of T into CTX's multi handle. False when it could
 * not (this machine's resources): the verdict in T->res says why. */
bool transfer_start(struct xfer *xf, struct stage_ctx *ctx, const struct xfer_target *t);
/* What the exchange that ended with RC means; NEXT is filled for
 * XF_REDIRECT and XF_AIA. */
enum xfer_outcome transfer_judge(struct xfer *xf, const struct stage_ctx *ctx, const struct xfer_target *t,
				 CURLcode rc, struct xfer_next *next);
/* Takes the handle out of the multi handle (before a redirect, at the end). */
void transfer_detach(struct xfer *xf, struct stage_ctx *ctx);
/* At the endpoint's end: its handle and buffers go, so memory follows what
 * is in flight, not the length of the list; the chain stays only with
 * KEEP_CHAIN (the clock judges it again). */
void transfer_release(struct xfer *xf, struct stage_ctx *ctx, bool keep_chain);
/* Everything it holds (after the run: its handle is out of the multi). */
void transfer_free(struct xfer *xf);

#endif
