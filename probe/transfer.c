/* One HTTP(S) exchange of an endpoint: the easy handle's options, its
 * callbacks, and what its completion means (a verdict or a redirect). */
#include <errno.h>
#include <stdio.h>
#include <sys/socket.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "clock.h"
#include "fault.h"
#include "probe.h"
#include "sockopen.h"
#include "verdict.h"
#include "verdict_download.h"
#include "version.h"

#define STR2(x) #x
#define STR(x)  STR2(x)
#define RANGE_LAST_TEXT STR(CONF_RANGE_LAST)

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct endpoint *ep = arg;
	size_t n = size * nmemb;

	if (ep->x->body_len < BODY_KEEP)
		memcpy(ep->x->body + ep->x->body_len, data, n < BODY_KEEP - ep->x->body_len ? n : BODY_KEEP - ep->x->body_len);
	ep->x->body_len += n;
	if (ep->x->body_len >= (ep->sniff == SNIFF_ASKING ? BODY_KEEP : BODY_CAP)) {
		ep->x->body_capped = true;   /* enough: stop reading, the response was good */
		return 0;
	}
	return size * nmemb;
}

/* Every header line of the exchange, CONNECT replies and 1xx included. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct endpoint *ep = arg;
	size_t n = size * nmemb;
	bool had_date = ep->x->hdr.has_date;

	ep->x->hdr_stop = header_feed(&ep->x->hdr, data, n, ep->proxy != NULL);
	if (!had_date && ep->x->hdr.has_date) {
		char who[URL_HOST_MAX + 16];
		ep->has_date = true;
		ep->date_skew = wall_now() - ep->x->hdr.date_epoch;
		snprintf(who, sizeof who, "%s%s", endpoint_connect_host(ep), ep->proxy ? " (proxy)" : "");
		ep->date_host = strdup(who);   /* NULL (no memory): counted with the other unnamed */
	}
	if (!ep->first_byte_us && ep->ready_us)
		ep->first_byte_us = mono_us();
	return ep->x->hdr_stop == HDR_GO_ON ? n : 0;
}

/* CURLOPT_PREREQFUNCTION: the connection is up (and TLS done), the request
 * not yet sent. The only reliable "connected" signal on a failed transfer. */
static int on_prereq(void *arg, char *conn_ip, char *local_ip, int conn_port, int local_port)
{
	(void)conn_ip;
	(void)local_ip;
	(void)conn_port;
	(void)local_port;
	struct endpoint *ep = arg;

	ep->connected = true;
	ep->ready_us = mono_us();       /* again after a 407: time the last request */
	ep->first_byte_us = 0;
	return CURL_PREREQFUNC_OK;
}

static int64_t remaining_ms(const struct endpoint *ep)
{
	int64_t left = ep->deadline - mono_ms();
	return left < 1 ? 1 : left;
}

/* The proxy asked again (SNIFF_ASKING): the same CONNECT, or the same
 * proxy request, sent to it as a plain request that takes any bytes back
 * (HTTP/0.9 allowed), without credentials, for at most SNIFF_MS. */
static bool sniff_options(struct endpoint *ep, CURL *e)
{
	char purl[URL_HOST_MAX + 32], target[URL_MAX_LEN + 300], host[URL_MAX_LEN + 310];
	const struct url *u = ep->cur;
	bool ok = true;
	int64_t left = remaining_ms(ep);

	proxy_server_format(ep->proxy, target, sizeof target);
	snprintf(purl, sizeof purl, "http://%.*s/", URL_HOST_MAX + 8, target);
	if (u->https)
		snprintf(target, sizeof target, strchr(u->host, ':') ? "[%s]:%u" : "%s:%u", u->host, u->port);
	else
		url_format(u, target, sizeof target);
	snprintf(host, sizeof host, "Host: %s", u->https ? target : u->host);
	curl_slist_free_all(ep->x->sniff_hdrs);
	if (!(ep->x->sniff_hdrs = curl_slist_append(NULL, host)))
		return false;
	ok &= curl_easy_setopt(e, CURLOPT_URL, purl) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROXY, "") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, u->https ? "CONNECT" : "GET") == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_REQUEST_TARGET, target) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTPHEADER, ep->x->sniff_hdrs) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HTTP09_ALLOWED, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(left < SNIFF_MS ? left : SNIFF_MS)) == CURLE_OK;
	return ok;
}

bool transfer_start(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;
	char url[URL_MAX_LEN + 300];
	bool ok = true;
	CURL *e = ep->easy;

	ep->state = EP_TRANSFER;
	if (!e && !(e = ep->easy = curl_easy_init()))
		goto oom;
	if (!ep->x && (fault_at("transfer") || !(ep->x = calloc(1, sizeof *ep->x))))   /* kept across hops: the first Date counts */
		goto oom;
	curl_easy_reset(e);
	curl_slist_free_all(ep->resolve);
	ep->resolve = NULL;
	/* Connect to exactly what c-ares returned: DNS is measured once, by us. */
	ep->resolve = route_resolve(endpoint_connect_host(ep), endpoint_connect_port(ep), ep->addrs_csv);
	if (ep->addrs_csv[0] && !ep->resolve)
		goto oom;
	ep->x->body_len = 0;
	ep->x->body_capped = false;
	header_begin(&ep->x->hdr);
	ep->x->hdr_stop = HDR_GO_ON;
	ep->connected = false;
	ep->xfer_us = mono_us();
	ep->ready_us = ep->first_byte_us = 0;
	ep->x->errbuf[0] = '\0';
	{
		int tls13 = ep->res.tls.tls13;   /* the side handshake's, kept across hops */
		tls_info_reset(&ep->res.tls);
		ep->res.tls.tls13 = tls13;
	}
	ep->hook.info = &ep->res.tls;    /* hook.chain: each handshake records its own */

	url_format(ep->cur, url, sizeof url);
	/* Every option is checked: one libcurl could not copy (out of memory)
	 * would change what is probed (no proxy, other ciphers, no range). */
	ok &= !fault_at("curl_option") && curl_easy_setopt(e, CURLOPT_URL, url) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PRIVATE, ep) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_ERRORBUFFER, ep->x->errbuf) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
	if (ep->sniff != SNIFF_ASKING)
		ok &= route_apply(e, ep->proxy, p->opts) == 0;
	ok &= curl_easy_setopt(e, CURLOPT_RESOLVE, ep->resolve) == CURLE_OK;
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
	ok &= curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)remaining_ms(ep)) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_WRITEDATA, ep) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_HEADERDATA, ep) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_PREREQDATA, ep) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, sockopen_socket) == CURLE_OK;
	ok &= curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &ep->local_errno) == CURLE_OK;
	/* The download path: BITS asks the size with HEAD first; Delivery
	 * Optimization and BITS then fetch ranges (verdict_download.c). */
	if (ep->sniff == SNIFF_ASKING)
		ok &= sniff_options(ep, e);
	else if (ep->conf->head && !ep->head_done)
		ok &= curl_easy_setopt(e, CURLOPT_NOBODY, 1L) == CURLE_OK;
	else if (ep->conf->range)
		ok &= curl_easy_setopt(e, CURLOPT_RANGE, "0-" RANGE_LAST_TEXT) == CURLE_OK;
	if (ep->cur->https && ep->sniff != SNIFF_ASKING) {
		/* TLS 1.2 with the Windows suites; the chain is verified by chain.c,
		 * after the handshake, so libcurl neither verifies nor loads CAs. */
		ok &= curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_2 | CURL_SSLVERSION_MAX_TLSv1_2)) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CIPHER_LIST, (const char *)tls_windows_ciphers) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_CAINFO, NULL) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_CAPATH, NULL) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, tls_ctx_callback) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &ep->hook) == CURLE_OK;
	}
	if (!ok)
		goto oom;
	if (curl_multi_add_handle(p->multi, e) != CURLM_OK)
		goto oom;
	ep->in_multi = true;
	p->xfers++;
	return true;
oom:
	verdict_local(ENOMEM, "the transfer", STAGE_CONNECT, &ep->res);
	return false;
}

void transfer_detach(struct endpoint *ep)
{
	if (ep->in_multi) {
		curl_multi_remove_handle(ep->probe->multi, ep->easy);
		ep->in_multi = false;
		ep->probe->xfers--;
	}
}

void transfer_release(struct endpoint *ep)
{
	const char *cause = ep->res.cause;

	transfer_detach(ep);
	if (ep->easy)
		curl_easy_cleanup(ep->easy);    /* its buffers, about 13 KiB */
	ep->easy = NULL;
	if (ep->x)
		curl_slist_free_all(ep->x->sniff_hdrs);
	free(ep->x);
	ep->x = NULL;
	curl_slist_free_all(ep->resolve);
	ep->resolve = NULL;
	for (int k = 0; k < ep->nhops; k++) {
		free(ep->hops[k]);
		ep->hops[k] = NULL;
	}
	/* The chain is judged again at the reference time only for these two
	 * causes (clockv.c); any other endpoint's certificates can go. */
	if (!cause || (strcmp(cause, "cert_expired") != 0 && strcmp(cause, "cert_not_yet_valid") != 0)) {
		tls_hook_clear(&ep->hook);
		sk_X509_pop_free(ep->aia_certs, X509_free);
		ep->aia_certs = NULL;
		free((void *)ep->cur_own);
		ep->cur_own = NULL;
		ep->cur = NULL;
	}
}

static int64_t span_ms(int64_t from_us, int64_t to_us)
{
	return from_us && to_us >= from_us ? (to_us - from_us) / 1000 : -1;
}

/* Phases of the last exchange, from our own monotonic stamps: libcurl 7.88's
 * multi interface reports CONNECT_TIME as 0. TCP is up when the TLS handshake
 * starts (HTTPS) or when the request is about to go (HTTP). */
static void record_timings(struct endpoint *ep)
{
	const struct tls_info *tls = &ep->res.tls;
	int64_t tcp_us = ep->cur->https ? (tls->handshake_started ? tls->started_us : 0) : ep->ready_us;

	ep->res.t.connect = span_ms(ep->xfer_us, tcp_us);
	ep->res.t.tls = ep->cur->https && tls->handshake_done ? span_ms(tls->started_us, tls->done_us) : -1;
	ep->res.t.first_byte = span_ms(ep->ready_us, ep->first_byte_us);
}

/* Checks a redirect like WinHTTP: at most 5, never from https to http,
 * never to a URL the client cannot use. True, with NEXT, when the endpoint
 * goes on; false with the verdict set. */
static bool follow(struct endpoint *ep, const char *location, struct url *next_out)
{
	struct url next;
	char why[160], canon[URL_MAX_LEN + 300];

	if (url_parse(location, strlen(location), &next, why, sizeof why)) {
		char msg[sizeof why + 80];
		size_t sl = strcspn(location, ":/?#");
		if (sl > 0 && sl <= 16 && strncmp(location + sl, "://", 3) == 0)   /* name the scheme, never the rest */
			snprintf(msg, sizeof msg, "redirect to an unusable %.*s:// URL (%s)", (int)sl, location, why);
		else
			snprintf(msg, sizeof msg, "redirect to an unusable URL (%s)", why);
		verdict_redirect(msg, &ep->res);
		return false;
	}
	url_format(&next, canon, sizeof canon);
	if (ep->cur->https && !next.https) {
		snprintf(why, sizeof why, "redirect from https to http (%.100s)", canon);
		verdict_redirect(why, &ep->res);
		return false;
	}
	for (int i = 0; i < ep->nhops; i++) {
		if (strcmp(ep->hops[i], canon) == 0) {
			snprintf(why, sizeof why, "redirect loop: back to %.100s after %d redirect%s", canon, ep->nhops,
				 ep->nhops == 1 ? "" : "s");
			verdict_redirect(why, &ep->res);
			return false;
		}
	}
	if (ep->nhops > MAX_REDIRECTS) {
		snprintf(why, sizeof why, "more than %d redirects (next to %.100s)", MAX_REDIRECTS, canon);
		verdict_redirect(why, &ep->res);
		return false;
	}
	if (fault_at("redirect") || !(ep->hops[ep->nhops] = strdup(canon))) {
		verdict_local(ENOMEM, "the redirect's record", STAGE_HTTP, &ep->res);
		return false;
	}
	ep->nhops++;
	*next_out = next;
	return true;
}

/* The certificates of a completed handshake, judged as the update client
 * judges them. True when that decides the exchange (OUT: a verdict, or,
 * for a chain whose issuer has an AIA URL, XF_AIA: the verdict stands
 * unless the endpoint fetches the issuer, ep->x->aia_url).
 * The working report (7 KiB) lives on the stack; the endpoint keeps its
 * summary for the reports. */
static bool judge_chain(struct endpoint *ep, enum xfer_outcome *out)
{
	struct chain_report c;

	if (ep->hook.incomplete) {
		*out = XF_VERDICT;
		verdict_local(ENOMEM, "the record of the server's certificates", STAGE_TLS, &ep->res);
		return true;
	}
	int bad = chain_verify(ep->probe->opts->trust, ep->probe->memo, ep->hook.chain, ep->aia_certs, ep->cur->host,
			       ep->conf->pinned, 0, &c);

	*out = XF_VERDICT;
	free(ep->res.chain);
	if (fault_at("cert_report") || !(ep->res.chain = chain_summarize(&c))) {
		verdict_local(ENOMEM, "the certificate report", STAGE_TLS, &ep->res);
		return true;
	}
	if (!bad)
		return false;
	if (strcmp(c.cause, CHAIN_LOCAL_MEMORY) == 0) {
		verdict_local(ENOMEM, "the certificate check", STAGE_TLS, &ep->res);
		return true;
	}
	verdict_cert(&c, &ep->res);            /* the update client would stop at the handshake */
	if (strcmp(c.cause, "cert_chain_incomplete") == 0 && c.aia_url[0]) {
		/* Unless the missing issuer can be fetched, as Windows fetches
		 * it: the endpoint decides (endpoint.c, XF_AIA). */
		snprintf(ep->x->aia_url, sizeof ep->x->aia_url, "%s", c.aia_url);
		*out = XF_AIA;
	}
	return true;
}

/* A range endpoint's 206, an expect=json endpoint's body: judged once the
 * status passed. */
static void judge_download(struct endpoint *ep, long status)
{
	if (ep->res.status != ST_OK)
		return;
	if (ep->conf->range) {
		struct range_obs o = {
			.status = status, .has_range = ep->x->hdr.has_range, .range_ok = ep->x->hdr.range_ok,
			.range = ep->x->hdr.range, .body_len = ep->x->body_len, .body_capped = ep->x->body_capped,
			.head_length_known = ep->head_done, .head_length = ep->head_length,
		};
		verdict_range(ep->conf, &o, &ep->res);
	}
	if (ep->conf->expect_json)
		verdict_json(status, ep->x->hdr.ctype, ep->x->body, ep->x->body_len < BODY_KEEP ? ep->x->body_len : BODY_KEEP,
			     ep->x->body_len, &ep->res);
}

/* What the proxy sent when asked again: bytes that are no HTTP status line
 * make the verdict 0x80072F78, with the bytes; anything else (nothing, a
 * status line this time, no connection) leaves the first exchange's
 * verdict, which stands in ep->res. */
static enum xfer_outcome judge_sniff(struct endpoint *ep)
{
	char pname[URL_HOST_MAX + 16];
	long status = 0;

	ep->sniff = SNIFF_DONE;
	curl_easy_getinfo(ep->easy, CURLINFO_RESPONSE_CODE, &status);
	if (status == 0 && ep->x->body_len > 0) {
		proxy_server_format(ep->proxy, pname, sizeof pname);
		verdict_proxy_not_http(pname, ep->cur->https, ep->x->body,
				       ep->x->body_len < BODY_KEEP ? ep->x->body_len : BODY_KEEP, ep->x->body_capped,
				       &ep->res);
	}
	return XF_VERDICT;
}

/* The proxy said nothing that reads as HTTP, or closed without a word: ask
 * again to see what it sends (judge_sniff), once, while there is time. */
static bool sniff_wanted(const struct endpoint *ep, long connect_code)
{
	const char *c = ep->res.cause;

	return ep->sniff == SNIFF_NONE && c && !connect_code && !ep->x->hdr.status && !ep->res.tls.handshake_started &&
	       (strcmp(c, "proxy_connection_closed") == 0 || strcmp(c, "proxy_invalid_response") == 0) &&
	       ep->deadline - mono_ms() > 100;
}

enum xfer_outcome transfer_judge(struct endpoint *ep, CURLcode rc, struct url *next)
{
	enum xfer_outcome out;
	struct transfer_obs o = { 0 };
	struct proxy_obs po = { 0 };
	char *ip = NULL, peer[URL_HOST_MAX + 80] = "", pname[URL_HOST_MAX + 16] = "";
	long port = 0, status = 0, oserr = 0, connect_code = 0;
	char *location = NULL;

	if (ep->sniff == SNIFF_ASKING)
		return ep->local_errno ? XF_VERDICT : judge_sniff(ep);   /* the first verdict stands */
	record_timings(ep);
	if (ep->local_errno) {   /* no socket: nothing was asked of the network */
		verdict_local(ep->local_errno, "a socket for the connection", STAGE_CONNECT, &ep->res);
		return XF_VERDICT;
	}
	curl_easy_getinfo(ep->easy, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(ep->easy, CURLINFO_PRIMARY_PORT, &port);
	curl_easy_getinfo(ep->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(ep->easy, CURLINFO_OS_ERRNO, &oserr);
	curl_easy_getinfo(ep->easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);
	if (ep->proxy) {
		char a[RESULT_ADDR_LEN + 10] = "";
		proxy_server_format(ep->proxy, pname, sizeof pname);
		if (ip && *ip)
			snprintf(a, sizeof a, strchr(ip, ':') ? " ([%s]:%ld)" : " (%s:%ld)", ip, port);
		snprintf(peer, sizeof peer, "the proxy %.200s%s", pname, a);
	} else if (ip && *ip)
		snprintf(peer, sizeof peer, strchr(ip, ':') ? "[%s]:%ld" : "%s:%ld", ip, port);
	else if (ep->res.naddrs)
		snprintf(peer, sizeof peer, strchr(ep->res.addrs[0], ':') ? "[%s]:%u" : "%s:%u", ep->res.addrs[0],
			 endpoint_connect_port(ep));

	o.https = ep->cur->https;
	o.curl_code = rc;
	o.os_errno = (int)oserr;
	o.connected = ep->connected || ep->res.tls.handshake_started;
	o.body_capped = ep->x->body_capped;
	o.header_overflow = ep->x->hdr_stop == HDR_OVERFLOW;
	o.http_status = status;
	o.tls = &ep->res.tls;
	o.curl_error = ep->x->errbuf;
	o.peer = peer;
	o.timeout_s = ep->probe->opts->timeout_s;
	if (verdict_local_transfer(&o, &ep->res))
		return XF_VERDICT;
	if (ep->proxy) {
		po.name = pname;
		po.connect_code = connect_code;
		po.offered = ep->x->hdr.offered;
		po.have_creds = ep->probe->opts->proxy_user != NULL;
		po.proxy_page = ep->x->hdr.proxy_page;
		po.last_status = ep->x->hdr.status;
		po.n407 = ep->x->hdr.n407;
		po.auth_loop = ep->x->hdr_stop == HDR_AUTH_LOOP;
		/* libcurl ends a CONNECT answered 407 to the end with CURLE_RECV_ERROR
		 * and "CONNECT tunnel failed, response 407"; a proxy that closes after
		 * a 407 gives the same code with "Proxy CONNECT aborted" (7.88). */
		po.final_407 = ep->cur->https
			? connect_code == 407 && rc == CURLE_RECV_ERROR && strstr(ep->x->errbuf, "response 407") != NULL
			: rc == CURLE_OK && status == 407;
		if (verdict_proxy(&po, &o, &ep->res)) {
			if (!sniff_wanted(ep, connect_code))
				return XF_VERDICT;
			ep->sniff = SNIFF_ASKING;
			return XF_AGAIN;
		}
	}
	if (ep->cur->https && ep->res.tls.handshake_done && judge_chain(ep, &out))
		return out;
	if (verdict_transfer(&o, &ep->res)) {
		ep->res.http_status = status;
		return XF_VERDICT;
	}
	/* A complete response that no origin server sends. The configured
	 * proxy answers a plain-HTTP request itself (its 407: verdict_proxy);
	 * through its tunnel, whatever answers is behind it. */
	bool proxy_answers = ep->proxy && !ep->cur->https;
	if ((status == 511 || !proxy_answers) &&
	    verdict_middlebox(status, ep->x->hdr.offered, ep->proxy && !proxy_answers, proxy_answers || !ep->proxy ? peer : pname,
			      &ep->res))
		return XF_VERDICT;
	curl_easy_getinfo(ep->easy, CURLINFO_REDIRECT_URL, &location);
	if (status >= 300 && status <= 399 && location) {
		if (follow(ep, location, next))
			return XF_REDIRECT;
		ep->res.http_status = status;
		return XF_VERDICT;
	}
	if (ep->conf->head && !ep->head_done) {
		if (!verdict_head(ep->conf, status, ep->x->hdr.has_length, &ep->res)) {
			ep->head_done = true;
			ep->head_length = ep->x->hdr.length;
			return XF_AGAIN;
		}
	} else {
		verdict_http(ep->conf, status, ep->x->body, ep->x->body_len, &ep->res);
		judge_download(ep, status);
	}
	if (ep->proxy)
		verdict_proxy_auth(&po, &ep->res);
	return XF_VERDICT;
}
