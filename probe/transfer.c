/* One HTTP(S) exchange of an endpoint (transfer.h): the easy handle's
 * options, its callbacks, and what its completion means. The callbacks
 * only record, into the exchange's own state. */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "transfer.h"

#include "chain.h"
#include "clock.h"
#include "fault.h"
#include "route.h"
#include "sockopen.h"
#include "verdict.h"
#include "verdict_download.h"
#include "version.h"

#define STR2(x) #x
#define STR(x)  STR2(x)
#define RANGE_LAST_TEXT STR(CONF_RANGE_LAST)

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct xfer *xf = arg;
	struct xfer_buf *x = xf->x;
	size_t n = size * nmemb;

	if (x->body_len < BODY_KEEP)
		memcpy(x->body + x->body_len, data, n < BODY_KEEP - x->body_len ? n : BODY_KEEP - x->body_len);
	x->body_len += n;
	if (x->body_len >= (xf->sniff == SNIFF_ASKING ? BODY_KEEP : BODY_CAP)) {
		x->body_capped = true;   /* enough: stop reading, the response was good */
		return 0;
	}
	return size * nmemb;
}

/* Every header line of the exchange, CONNECT replies and 1xx included. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct xfer *xf = arg;
	struct xfer_buf *x = xf->x;
	size_t n = size * nmemb;
	bool had_date = x->hdr.has_date;

	x->hdr_stop = header_feed(&x->hdr, data, n, x->via_proxy);
	if (!had_date && x->hdr.has_date) {
		char who[URL_HOST_MAX + 16];
		xf->has_date = true;
		xf->date_skew = wall_now() - x->hdr.date_epoch;
		snprintf(who, sizeof who, "%s%s", x->host, x->via_proxy ? " (proxy)" : "");
		xf->date_host = strdup(who);   /* NULL (no memory): counted with the other unnamed */
	}
	if (!xf->first_byte_us && xf->ready_us)
		xf->first_byte_us = mono_us();
	return x->hdr_stop == HDR_GO_ON ? n : 0;
}

/* CURLOPT_PREREQFUNCTION: the connection is up (and TLS done), the request
 * not yet sent. The only reliable "connected" signal on a failed transfer. */
static int on_prereq(void *arg, char *conn_ip, char *local_ip, int conn_port, int local_port)
{
	(void)conn_ip;
	(void)local_ip;
	(void)conn_port;
	(void)local_port;
	struct xfer *xf = arg;

	xf->connected = true;
	xf->ready_us = mono_us();       /* again after a 407: time the last request */
	xf->first_byte_us = 0;
	return CURL_PREREQFUNC_OK;
}

static int64_t remaining_ms(const struct xfer_target *t)
{
	int64_t left = t->deadline - mono_ms();
	return left < 1 ? 1 : left;
}

/* The proxy asked again (SNIFF_ASKING): the same CONNECT, or the same
 * proxy request, sent to it as a plain request that takes any bytes back
 * (HTTP/0.9 allowed), without credentials, for at most SNIFF_MS. */
static bool sniff_options(struct xfer *xf, const struct xfer_target *t, CURL *e)
{
	char purl[URL_HOST_MAX + 32], target[URL_MAX_LEN + 300], host[URL_MAX_LEN + 310];
	const struct url *u = t->url;
	bool ok = true;
	int64_t left = remaining_ms(t);

	proxy_server_format(t->proxy, target, sizeof target);
	snprintf(purl, sizeof purl, "http://%.*s/", URL_HOST_MAX + 8, target);
	if (u->https)
		snprintf(target, sizeof target, strchr(u->host, ':') ? "[%s]:%u" : "%s:%u", u->host, u->port);
	else
		url_format(u, target, sizeof target);
	snprintf(host, sizeof host, "Host: %s", u->https ? target : u->host);
	curl_slist_free_all(xf->x->sniff_hdrs);
	if (!(xf->x->sniff_hdrs = curl_slist_append(NULL, host)))
		return false;
	ok &= curl_easy_setopt(e, CURLOPT_URL, purl) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROXY, "") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, u->https ? "CONNECT" : "GET") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_REQUEST_TARGET, target) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTPHEADER, xf->x->sniff_hdrs) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTP09_ALLOWED, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(left < SNIFF_MS ? left : SNIFF_MS)) == CURLE_OK;
	return ok;
}

bool transfer_start(struct xfer *xf, struct stage_ctx *ctx, const struct xfer_target *t)
{
	const char *host = t->proxy ? t->proxy->host : t->url->host;
	unsigned port = t->proxy ? t->proxy->port : t->url->port;
	char url[URL_MAX_LEN + 300];
	bool ok = true;
	CURL *e = xf->easy;

	if (!e && !(e = xf->easy = curl_easy_init()))
		goto oom;
	if (!xf->x && (fault_at("transfer") || !(xf->x = calloc(1, sizeof *xf->x))))   /* kept across hops: the first Date counts */
		goto oom;
	curl_easy_reset(e);
	curl_slist_free_all(xf->resolve);
	xf->resolve = NULL;
	/* Connect to exactly what c-ares returned: DNS is measured once, by us. */
	xf->resolve = route_resolve(host, port, t->addrs_csv);
	if (t->addrs_csv[0] && !xf->resolve)
		goto oom;
	xf->x->body_len = 0;
	xf->x->body_capped = false;
	xf->x->via_proxy = t->proxy != NULL;
	xf->x->host = host;
	header_begin(&xf->x->hdr);
	xf->x->hdr_stop = HDR_GO_ON;
	xf->connected = false;
	xf->xfer_us = mono_us();
	xf->ready_us = xf->first_byte_us = 0;
	xf->x->errbuf[0] = '\0';
	{
		int tls13 = t->res->tls.tls13;   /* the side handshake's, kept across hops */
		tls_info_reset(&t->res->tls);
		t->res->tls.tls13 = tls13;
	}
	xf->hook.info = &t->res->tls;    /* hook.chain: each handshake records its own */

	url_format(t->url, url, sizeof url);
	/* Every option is checked: one libcurl could not copy (out of memory)
	 * would change what is probed (no proxy, other ciphers, no range). */
	ok &= !fault_at("curl_option") && curl_easy_setopt(e, CURLOPT_URL, url) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PRIVATE, t->slot) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, xf->x->errbuf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
	if (xf->sniff != SNIFF_ASKING)
		ok &= route_apply(e, t->proxy, &ctx->auth) == 0;
	ok &= curl_easy_setopt(e, CURLOPT_RESOLVE, xf->resolve) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1) == CURLE_OK;
	/* libcurl reads into this buffer (allocated when the connection starts);
	 * the smallest it takes, 1 KiB: a probe reads a status line, headers and
	 * at most BODY_CAP of body, and 7 KiB more on every connection in flight
	 * is 5 MB at 700 handshakes. */
	ok &= curl_easy_setopt(e, CURLOPT_BUFFERSIZE, 1024L) == CURLE_OK;
	/* libcurl 7.88 copies every request it sends over TLS into the upload
	 * buffer, allocated at its full size (64 KiB by default) and kept until
	 * the handle is freed; a probe's request is a few hundred bytes, so the
	 * smallest size libcurl takes (16 KiB). Massif, 1,000 HTTPS endpoints:
	 * 12 MB of the 49 MB heap peak was these buffers. */
	ok &= curl_easy_setopt(e, CURLOPT_UPLOAD_BUFFERSIZE, 16384L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_USERAGENT, "wuprobe/" WUPROBE_VERSION) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;  /* followed by us, as WinHTTP would */
	/* Each hop on a new connection of its own, closed when it ends: an idle
	 * connection in libcurl's cache makes every later one scan the whole
	 * cache for the oldest (quadratic: 10,000 endpoints cost 5.4 s of CPU
	 * instead of 3.7 s), and would hold a descriptor and TLS state. So no
	 * hop reuses a connection, and each has its own handshake. */
	ok &= curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)remaining_ms(t)) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, xf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERDATA, xf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PREREQDATA, xf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, sockopen_socket) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t->local_errno) == CURLE_OK;
	/* The download path: BITS asks the size with HEAD first; Delivery
	 * Optimization and BITS then fetch ranges (verdict_download.c). */
	if (xf->sniff == SNIFF_ASKING)
		ok &= sniff_options(xf, t, e);
	else if (t->conf->head && !xf->head_done)
		ok &= curl_easy_setopt(e, CURLOPT_NOBODY, 1L) == CURLE_OK;
	else if (t->conf->range)
		ok &= curl_easy_setopt(e, CURLOPT_RANGE, "0-" RANGE_LAST_TEXT) == CURLE_OK;
	if (t->url->https && xf->sniff != SNIFF_ASKING) {
		/* TLS 1.2 with the Windows suites; the chain is verified by chain.c,
		 * after the handshake, so libcurl neither verifies nor loads CAs. */
		ok &= curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2)) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CIPHER_LIST, (const char *)tls_windows_ciphers) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_CAINFO, NULL) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_CAPATH, NULL) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, tls_ctx_callback) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &xf->hook) == CURLE_OK;
	}
	if (!ok)
		goto oom;
	if (curl_multi_add_handle(ctx->multi, e) != CURLM_OK)
		goto oom;
	xf->in_multi = true;
	ctx->xfers++;
	return true;
oom:
	verdict_local(ENOMEM, "the transfer", STAGE_CONNECT, t->res);
	return false;
}

void transfer_detach(struct xfer *xf, struct stage_ctx *ctx)
{
	if (xf->in_multi) {
		curl_multi_remove_handle(ctx->multi, xf->easy);
		xf->in_multi = false;
		ctx->xfers--;
	}
}

/* The handle and the exchange's buffers. */
static void drop(struct xfer *xf)
{
	if (xf->easy)
		curl_easy_cleanup(xf->easy);    /* its buffers, about 13 KiB */
	xf->easy = NULL;
	if (xf->x)
		curl_slist_free_all(xf->x->sniff_hdrs);
	free(xf->x);
	xf->x = NULL;
	curl_slist_free_all(xf->resolve);
	xf->resolve = NULL;
}

void transfer_release(struct xfer *xf, struct stage_ctx *ctx, bool keep_chain)
{
	transfer_detach(xf, ctx);
	drop(xf);
	if (!keep_chain)
		tls_hook_clear(&xf->hook);
}

void transfer_free(struct xfer *xf)
{
	drop(xf);
	tls_hook_clear(&xf->hook);
	free(xf->date_host);
	xf->date_host = NULL;
}

static int64_t span_ms(int64_t from_us, int64_t to_us)
{
	return from_us && to_us >= from_us ? (to_us - from_us) / 1000 : -1;
}

/* Phases of the last exchange, from our own monotonic stamps: libcurl 7.88's
 * multi interface reports CONNECT_TIME as 0. TCP is up when the TLS handshake
 * starts (HTTPS) or when the request is about to go (HTTP). */
static void record_timings(const struct xfer *xf, const struct xfer_target *t)
{
	const struct tls_info *tls = &t->res->tls;
	int64_t tcp_us = t->url->https ? (tls->handshake_started ? tls->started_us : 0) : xf->ready_us;

	t->res->t.connect = span_ms(xf->xfer_us, tcp_us);
	t->res->t.tls = t->url->https && tls->handshake_done ? span_ms(tls->started_us, tls->done_us) : -1;
	t->res->t.first_byte = span_ms(xf->ready_us, xf->first_byte_us);
}

/* Where a redirect sends the client: NEXT, or false with the verdict set
 * when the client could not use that URL. Whether it is followed is the
 * endpoint's to decide (WinHTTP's checks, the limit). */
static bool redirect_target(const char *location, struct url *next, struct result *res)
{
	char why[160];

	if (url_parse(location, strlen(location), next, why, sizeof why)) {
		char msg[sizeof why + 80];
		size_t sl = strcspn(location, ":/?#");
		if (sl > 0 && sl <= 16 && strncmp(location + sl, "://", 3) == 0)   /* name the scheme, never the rest */
			snprintf(msg, sizeof msg, "redirect to an unusable %.*s:// URL (%s)", (int)sl, location, why);
		else
			snprintf(msg, sizeof msg, "redirect to an unusable URL (%s)", why);
		verdict_redirect(msg, res);
		return false;
	}
	return true;
}

/* The certificates of a completed handshake, judged as the update client
 * judges them. True when that decides the exchange (OUT: a verdict, or,
 * for a chain whose issuer has an AIA URL, XF_AIA: the verdict stands
 * unless the endpoint fetches the issuer, NEXT->aia_url).
 * The working report (7 KiB) lives on the stack; the endpoint keeps its
 * summary for the reports. */
static bool judge_chain(const struct xfer *xf, const struct stage_ctx *ctx, const struct xfer_target *t,
			enum xfer_outcome *out, struct xfer_next *next)
{
	struct result *res = t->res;
	struct chain_report c;

	if (xf->hook.incomplete) {
		*out = XF_VERDICT;
		verdict_local(ENOMEM, "the record of the server's certificates", STAGE_TLS, res);
		return true;
	}
	int bad = chain_verify(ctx->trust, ctx->memo, xf->hook.chain, t->fetched, t->url->host, t->conf->pinned, 0, &c);

	*out = XF_VERDICT;
	free(res->chain);
	if (fault_at("cert_report") || !(res->chain = chain_summarize(&c))) {
		verdict_local(ENOMEM, "the certificate report", STAGE_TLS, res);
		return true;
	}
	if (!bad)
		return false;
	if (strcmp(c.cause, CHAIN_LOCAL_MEMORY) == 0) {
		verdict_local(ENOMEM, "the certificate check", STAGE_TLS, res);
		return true;
	}
	verdict_cert(&c, res);                 /* the update client would stop at the handshake */
	if (strcmp(c.cause, "cert_chain_incomplete") == 0 && c.aia_url[0]) {
		/* Unless the missing issuer can be fetched, as Windows fetches
		 * it: the endpoint decides (endpoint.c, XF_AIA). */
		snprintf(next->aia_url, sizeof next->aia_url, "%s", c.aia_url);
		*out = XF_AIA;
	}
	return true;
}

/* A range endpoint's 206, an expect=json endpoint's body: judged once the
 * status passed. */
static void judge_download(const struct xfer *xf, const struct xfer_target *t, long status)
{
	const struct xfer_buf *x = xf->x;

	if (t->res->status != ST_OK)
		return;
	if (t->conf->range) {
		struct range_obs o = {
			.status = status, .has_range = x->hdr.has_range, .range_ok = x->hdr.range_ok,
			.range = x->hdr.range, .body_len = x->body_len, .body_capped = x->body_capped,
			.head_length_known = xf->head_done, .head_length = xf->head_length,
		};
		verdict_range(t->conf, &o, t->res);
	}
	if (t->conf->expect_json)
		verdict_json(status, x->hdr.ctype, x->body, x->body_len < BODY_KEEP ? x->body_len : BODY_KEEP, x->body_len,
			     t->res);
}

/* What the proxy sent when asked again: bytes that are no HTTP status line
 * make the verdict 0x80072F78, with the bytes; anything else (nothing, a
 * status line this time, no connection) leaves the first exchange's
 * verdict, which stands in the result. */
static enum xfer_outcome judge_sniff(struct xfer *xf, const struct xfer_target *t)
{
	const struct xfer_buf *x = xf->x;
	char pname[URL_HOST_MAX + 16];
	long status = 0;

	xf->sniff = SNIFF_DONE;
	curl_easy_getinfo(xf->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status == 0 && x->body_len > 0) {
		proxy_server_format(t->proxy, pname, sizeof pname);
		verdict_proxy_not_http(pname, t->url->https, x->body, x->body_len < BODY_KEEP ? x->body_len : BODY_KEEP,
				       x->body_capped, t->res);
	}
	return XF_VERDICT;
}

/* The proxy said nothing that reads as HTTP, or closed without a word: ask
 * again to see what it sends (judge_sniff), once, while there is time. */
static bool sniff_wanted(const struct xfer *xf, const struct xfer_target *t, long connect_code)
{
	const char *c = t->res->cause;

	return xf->sniff == SNIFF_NONE && c && !connect_code && !xf->x->hdr.status && !t->res->tls.handshake_started &&
	       (strcmp(c, "proxy_connection_closed") == 0 || strcmp(c, "proxy_invalid_response") == 0) &&
	       t->deadline - mono_ms() > 100;
}

enum xfer_outcome transfer_judge(struct xfer *xf, const struct stage_ctx *ctx, const struct xfer_target *t,
				 CURLcode rc, struct xfer_next *next)
{
	const struct xfer_buf *x = xf->x;
	struct result *res = t->res;
	enum xfer_outcome out;
	struct transfer_obs o = { 0 };
	struct proxy_obs po = { 0 };
	char *ip = NULL, peer[URL_HOST_MAX + 80] = "", pname[URL_HOST_MAX + 16] = "";
	long port = 0, status = 0, oserr = 0, connect_code = 0;
	char *location = NULL;

	if (xf->sniff == SNIFF_ASKING)
		return *t->local_errno ? XF_VERDICT : judge_sniff(xf, t);   /* the first verdict stands */
	record_timings(xf, t);
	if (*t->local_errno) {   /* no socket: nothing was asked of the network */
		verdict_local(*t->local_errno, "a socket for the connection", STAGE_CONNECT, res);
		return XF_VERDICT;
	}
	curl_easy_getinfo(xf->easy, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(xf->easy, CURLINFO_PRIMARY_PORT, &port);
	curl_easy_getinfo(xf->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(xf->easy, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_getinfo(xf->easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);
	if (t->proxy) {
		char a[RESULT_ADDR_LEN + 10] = "";
		proxy_server_format(t->proxy, pname, sizeof pname);
		if (ip && *ip)
			snprintf(a, sizeof a, strchr(ip, ':') ? " ([%s]:%ld)" : " (%s:%ld)", ip, port);
		snprintf(peer, sizeof peer, "the proxy %.200s%s", pname, a);
	} else if (ip && *ip)
		snprintf(peer, sizeof peer, strchr(ip, ':') ? "[%s]:%ld" : "%s:%ld", ip, port);
	else if (res->naddrs)
		snprintf(peer, sizeof peer, strchr(res->addrs[0], ':') ? "[%s]:%u" : "%s:%u", res->addrs[0],
			 t->url->port);

	o.https = t->url->https;
	o.curl_code = rc;
	o.os_errno = (int)oserr;
	o.connected = xf->connected || res->tls.handshake_started;
	o.body_capped = x->body_capped;
	o.header_overflow = x->hdr_stop == HDR_OVERFLOW;
	o.http_status = status;
	o.tls = &res->tls;
	o.curl_error = x->errbuf;
	o.peer = peer;
	o.timeout_s = ctx->timeout_s;
	if (verdict_local_transfer(&o, res))
		return XF_VERDICT;
	if (t->proxy) {
		po.name = pname;
		po.connect_code = connect_code;
		po.offered = x->hdr.offered;
		po.have_creds = ctx->auth.user != NULL;
		po.proxy_page = x->hdr.proxy_page;
		po.last_status = x->hdr.status;
		po.n407 = x->hdr.n407;
		po.auth_loop = x->hdr_stop == HDR_AUTH_LOOP;
		/* libcurl ends a CONNECT answered 407 to the end with CURLE_RECV_ERROR
		 * and "CONNECT tunnel failed, response 407"; a proxy that closes after
		 * a 407 gives the same code with "Proxy CONNECT aborted" (7.88). */
		po.final_407 = t->url->https
			? connect_code == 407 && rc == CURLE_RECV_ERROR && strstr(x->errbuf, "response 407") != NULL
			: rc == CURLE_OK && status == 407;
		if (verdict_proxy(&po, &o, res)) {
			if (!sniff_wanted(xf, t, connect_code))
				return XF_VERDICT;
			xf->sniff = SNIFF_ASKING;
			return XF_AGAIN;
		}
	}
	if (t->url->https && res->tls.handshake_done && judge_chain(xf, ctx, t, &out, next))
		return out;
	if (verdict_transfer(&o, res)) {
		res->http_status = status;
		return XF_VERDICT;
	}
	/* A complete response that no origin server sends. The configured
	 * proxy answers a plain-HTTP request itself (its 407: verdict_proxy);
	 * through its tunnel, whatever answers is behind it. */
	bool proxy_answers = t->proxy && !t->url->https;
	if ((status == 511 || !proxy_answers) &&
	    verdict_middlebox(status, x->hdr.offered, t->proxy && !proxy_answers, proxy_answers || !t->proxy ? peer : pname,
			      res))
		return XF_VERDICT;
	curl_easy_getinfo(xf->easy, CURLINFO_REDIRECT_URL, &location);
	if (status >= 300 && status <= 399 && location) {
		next->status = status;
		if (redirect_target(location, &next->url, res))
			return XF_REDIRECT;
		res->http_status = status;
		return XF_VERDICT;
	}
	if (t->conf->head && !xf->head_done) {
		if (!verdict_head(t->conf, status, x->hdr.has_length, res)) {
			xf->head_done = true;
			xf->head_length = x->hdr.length;
			return XF_AGAIN;
		}
	} else {
		verdict_http(t->conf, status, x->body, x->body_len, res);
		judge_download(xf, t, status);
	}
	if (t->proxy)
		verdict_proxy_auth(&po, res);
	return XF_VERDICT;
}
