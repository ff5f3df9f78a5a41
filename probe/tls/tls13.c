/* Would the server also take TLS 1.3? A connect-only handshake, TLS 1.3 and
 * nothing else, through the same route as the endpoint's transfer. It is
 * information for the report, never part of the verdict. */
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "probe.h"

/* The handshake's CONNECT replies: a proxy that challenges without end is
 * cut off here too. */
static size_t on_side_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct endpoint *ep = arg;
	size_t n = size * nmemb;

	return header_feed(&ep->side_hdr, data, n, true) == HDR_GO_ON ? n : 0;
}

void tls13_start(struct endpoint *ep)
{
	struct probe *p = ep->probe;
	const struct probe_opts *o = p->opts;
	char url[URL_MAX_LEN + 300];
	int64_t left = ep->deadline - mono_ms();
	CURL *e;

	if (ep->side || ep->side_tried || left <= 0 || !(e = curl_easy_init()))
		return;                 /* once per endpoint: with --tls13, a failure does not ask again */
	ep->side = e;
	ep->side_tried = true;
	ep->side_resolve = route_resolve(endpoint_connect_host(ep), endpoint_connect_port(ep), ep->addrs_csv);
	url_format(ep->cur, url, sizeof url);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, ep);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_RESOLVE, ep->side_resolve);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, transfer_open_socket);
	header_begin(&ep->side_hdr);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_side_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, ep);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &ep->side_local_errno);   /* tls13 stays unknown */
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_3));
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);   /* only the version is asked */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	tls_info_reset(&ep->side_info);
	ep->side_hook.info = &ep->side_info;
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, tls_ctx_callback);   /* records the version */
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &ep->side_hook);
	route_apply(e, ep->proxy, o);
	curl_easy_setopt(e, CURLOPT_HTTPPROXYTUNNEL, 1L);   /* connect-only: ask for the CONNECT tunnel explicitly */
	if (curl_multi_add_handle(p->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		ep->side = NULL;
		return;
	}
	p->side_active++;
}

void tls13_done(struct endpoint *ep, CURLcode rc)
{
	if (rc == CURLE_OK && ep->side_info.handshake_done)
		ep->res.tls.tls13 = strcmp(ep->side_info.version, "TLSv1.3") == 0;
	else if (rc == CURLE_SSL_CONNECT_ERROR)
		ep->res.tls.tls13 = 0;     /* the handshake itself failed: no TLS 1.3 */
	else
		ep->res.tls.tls13 = -1;    /* never got that far: unknown */
	curl_multi_remove_handle(ep->probe->multi, ep->side);
	curl_easy_cleanup(ep->side);
	ep->side = NULL;
	tls_hook_clear(&ep->side_hook);
	ep->probe->side_active--;
}
