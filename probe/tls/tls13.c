/* Would the server also take TLS 1.3? A connect-only handshake, TLS 1.3 and
 * nothing else, through the same route as the endpoint's transfer. It is
 * information for the report, never part of the verdict. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "probe.h"
#include "sockopen.h"

/* The handshake's CONNECT replies: a proxy that challenges without end is
 * cut off here too. */
static size_t on_side_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct tls13_side *sd = arg;
	size_t n = size * nmemb;

	return header_feed(&sd->hdr, data, n, true) == HDR_GO_ON ? n : 0;
}

void tls13_start(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;
	const struct probe_opts *o = p->opts;
	char url[URL_MAX_LEN + 300];
	int64_t left = ep->deadline - mono_ms();
	struct tls13_side *sd;
	CURL *e;

	if (ep->side || ep->side_tried || left <= 0)
		return;                 /* once per endpoint: with --tls13, a failure does not ask again */
	ep->side_tried = true;
	if (!(sd = calloc(1, sizeof *sd)))
		return;                 /* tls13 stays unknown */
	if (!(e = curl_easy_init())) {
		free(sd);
		return;
	}
	sd->easy = e;
	ep->side = sd;
	sd->resolve = route_resolve(endpoint_connect_host(ep), endpoint_connect_port(ep), ep->addrs_csv);
	url_format(ep->cur, url, sizeof url);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, ep);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_RESOLVE, sd->resolve);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, sockopen_socket);
	header_begin(&sd->hdr);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_side_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, sd);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &sd->local_errno);   /* tls13 stays unknown */
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_3));
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);   /* only the version is asked */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	tls_info_reset(&sd->info);
	sd->hook.info = &sd->info;
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, tls_ctx_callback);   /* records the version */
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &sd->hook);
	if (route_apply(e, ep->proxy, o) ||
	    curl_easy_setopt(e, CURLOPT_HTTPPROXYTUNNEL, 1L) != CURLE_OK ||   /* connect-only: ask for the CONNECT tunnel */
	    curl_multi_add_handle(p->multi, e) != CURLM_OK) {
		tls13_free(ep);
		return;
	}
	p->side_active++;
}

/* Its handle (out of the multi handle) and what it recorded; the endpoint
 * keeps only res.tls.tls13. */
void tls13_free(struct endpoint *ep)
{
	struct tls13_side *sd = ep->side;

	if (!sd)
		return;
	curl_multi_remove_handle(ep->probe->multi, sd->easy);   /* not added (tls13_start failed): a no-op */
	curl_easy_cleanup(sd->easy);
	curl_slist_free_all(sd->resolve);
	tls_hook_clear(&sd->hook);
	free(sd);
	ep->side = NULL;
}

void tls13_done(struct endpoint *ep, CURLcode rc)
{
	const struct tls13_side *sd = ep->side;

	if (rc == CURLE_OK && sd->info.handshake_done)
		ep->res.tls.tls13 = strcmp(sd->info.version, "TLSv1.3") == 0;
	else if (rc == CURLE_SSL_CONNECT_ERROR)
		ep->res.tls.tls13 = 0;     /* the handshake itself failed: no TLS 1.3 */
	else
		ep->res.tls.tls13 = -1;    /* never got that far: unknown */
	tls13_free(ep);
	ep->probe->side_active--;
}
