/* The TLS 1.3 side handshake (tls13.h): a connect-only handshake, TLS 1.3
 * and nothing else, through the same route as the endpoint's exchange. */
#include "tls13.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "route.h"
#include "sockopen.h"

/* The handshake's CONNECT replies: a proxy that challenges without end is
 * cut off here too. */
static size_t on_side_header(char *data, size_t size, size_t nmemb, void *arg)
{
	struct tls13_side *sd = arg;
	size_t n = size * nmemb;

	return header_feed(&sd->hdr, data, n, true) == HDR_GO_ON ? n : 0;
}

struct tls13_side *tls13_start(struct stage_ctx *ctx, struct ev_slot *slot, const struct url *u,
			       const struct proxy_server *px, const char *csv, int64_t left_ms)
{
	char url[URL_MAX_LEN + 300];
	struct tls13_side *sd;
	CURL *e;

	if (!(sd = calloc(1, sizeof *sd)))
		return NULL;            /* tls13 stays unknown */
	if (!(e = curl_easy_init())) {
		free(sd);
		return NULL;
	}
	sd->easy = e;
	sd->resolve = route_resolve(px ? px->host : u->host, px ? px->port : u->port, csv);
	url_format(u, url, sizeof url);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, slot);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_RESOLVE, sd->resolve);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, sockopen_socket);
	header_begin(&sd->hdr);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_side_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, sd);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &sd->local_errno);   /* tls13 stays unknown */
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left_ms);
	curl_easy_setopt(e, CURLOPT_SSLVERSION, (long)(CURL_SSLVERSION_TLSv1_3 | CURL_SSLVERSION_MAX_TLSv1_3));
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);   /* only the version is asked */
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	curl_easy_setopt(e, CURLOPT_CAINFO, NULL);
	curl_easy_setopt(e, CURLOPT_CAPATH, NULL);
	tls_info_reset(&sd->info);
	sd->hook.info = &sd->info;
	curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, tls_ctx_callback);   /* records the version */
	curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, &sd->hook);
	if (route_apply(e, px, &ctx->auth) ||
	    curl_easy_setopt(e, CURLOPT_HTTPPROXYTUNNEL, 1L) != CURLE_OK ||   /* connect-only: ask for the CONNECT tunnel */
	    curl_multi_add_handle(ctx->multi, e) != CURLM_OK) {
		tls13_free(sd, ctx);
		return NULL;
	}
	ctx->side_active++;
	return sd;
}

/* Its handle (out of the multi handle) and what it recorded; the endpoint
 * keeps only res.tls.tls13. */
void tls13_free(struct tls13_side *sd, struct stage_ctx *ctx)
{
	if (!sd)
		return;
	curl_multi_remove_handle(ctx->multi, sd->easy);   /* not added (tls13_start failed): a no-op */
	curl_easy_cleanup(sd->easy);
	curl_slist_free_all(sd->resolve);
	tls_hook_clear(&sd->hook);
	free(sd);
}

int tls13_done(struct tls13_side *sd, struct stage_ctx *ctx, CURLcode rc)
{
	ctx->side_active--;
	if (rc == CURLE_OK && sd->info.handshake_done)
		return strcmp(sd->info.version, "TLSv1.3") == 0;
	if (rc == CURLE_SSL_CONNECT_ERROR)
		return 0;                  /* the handshake itself failed: no TLS 1.3 */
	return -1;                         /* never got that far: unknown */
}
