/* Fetching a missing intermediate through the certificate's AIA caIssuers
 * URL, as Windows' chain engine does (aia.h), through the run's static
 * route. The exchange's verdict waits; the endpoint verifies again with
 * what was fetched once EV_AIA is posted. The AIA host is resolved by
 * c-ares, like every name of the run. */
#include "aia.h"

#include <errno.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ares_util.h"
#include "clock.h"
#include "fault.h"
#include "result.h"
#include "route.h"
#include "sockopen.h"
#include "url.h"

#define AIA_MAX_TRIES 3           /* levels of missing intermediates, each fetched once */
#define AIA_MAX_SIZE  (64 * 1024)

static size_t on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct aia_fetch *a = arg;
	size_t n = size * nmemb;

	if (a->len + n > AIA_MAX_SIZE) {
		a->too_big = true;
		return 0;
	}
	unsigned char *g = fault_at("aia_fetch") ? NULL : realloc(a->buf, a->len + n);
	if (!g) {
		a->local_err = ENOMEM;
		return 0;
	}
	a->buf = g;
	memcpy(a->buf + a->len, data, n);
	a->len += n;
	return n;
}

/* Starts the fetch of a->last; RESOLVE (owned from here on) pins the
 * addresses to use, NULL through a proxy or for an IP literal. Returns false
 * if it could not. */
static bool fetch(struct aia_fetch *a, const struct proxy_server *px, struct curl_slist *resolve)
{
	int64_t left = a->deadline - mono_ms();
	CURL *e;

	curl_slist_free_all(a->resolve);
	a->resolve = resolve;
	if (left <= 0)
		return false;
	if (!(e = curl_easy_init())) {
		a->local_err = ENOMEM;
		return false;
	}
	a->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, a->last);
	curl_easy_setopt(e, CURLOPT_PRIVATE, a->slot);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(e, CURLOPT_RESOLVE, a->resolve);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, sockopen_socket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, a->local_errno);   /* the chain's verdict would be false */
	if (route_apply(e, px, &a->ctx->auth) || curl_multi_add_handle(a->ctx->multi, e) != CURLM_OK) {
		a->local_err = ENOMEM;
		curl_easy_cleanup(e);
		a->easy = NULL;
		return false;
	}
	return true;
}

/* The AIA host's addresses, from c-ares like every other name of the run. */
static void on_addr(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct aia_fetch *a = arg;
	char addrs[RESULT_MAX_ADDRS][RESULT_ADDR_LEN], csv[RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)];
	struct url u;
	char why[128];
	int n = 0;

	(void)timeouts;
	if (!a->resolving) {                    /* given up at the deadline meanwhile */
		ares_freeaddrinfo(ai);
		return;
	}
	a->resolving = false;
	if (status == ARES_SUCCESS)
		n = resolver_addresses(ai, addrs, RESULT_MAX_ADDRS, csv, sizeof csv);
	ares_freeaddrinfo(ai);
	url_parse(a->last, strlen(a->last), &u, why, sizeof why);
	if (n == 0 && (status == ARES_ENOMEM || *a->ctx->dns_failures > a->dns_fail_mark))
		a->local_err = status == ARES_ENOMEM ? ENOMEM : *a->ctx->dns_errno;
	if (n == 0)
		snprintf(a->error, sizeof a->error, "its host does not resolve (%s)",
			 status == ARES_SUCCESS ? "no address" : ares_strerror(status));
	else if (!csv[0])                       /* every address a sinkhole (addr_list_add) */
		snprintf(a->error, sizeof a->error,
			 "DNS answers its host only with %s, a DNS filter's answer for a name it blocks", addrs[0]);
	else if (!fetch(a, NULL, route_resolve(u.host, u.port, csv)))
		snprintf(a->error, sizeof a->error, "the fetch could not start");
	if (!a->easy)
		evq_post(a->ctx->evq, a->slot, EV_AIA);   /* verify again without it: the message says why */
}

struct aia_fetch *aia_new(struct stage_ctx *ctx, struct ev_slot *slot, STACK_OF(X509) **fetched, int *local_errno)
{
	struct aia_fetch *a = calloc(1, sizeof *a);

	if (a)
		*a = (struct aia_fetch){ .ctx = ctx, .slot = slot, .fetched = fetched, .local_errno = local_errno };
	return a;
}

bool aia_start(struct aia_fetch *a, const char *url, CURLcode rc, int64_t deadline)
{
	const struct proxy_server *px;
	struct url u;
	char why[128];

	if (a->easy || a->resolving || a->tries >= AIA_MAX_TRIES || deadline <= mono_ms() || strcmp(url, a->last) == 0 ||
	    url_parse(url, strlen(url), &u, why, sizeof why))
		return false;
	snprintf(a->last, sizeof a->last, "%s", url);
	a->tries++;
	a->deadline = deadline;
	a->saved_rc = rc;
	a->len = 0;
	a->too_big = false;
	a->error[0] = '\0';
	a->local_err = 0;
	px = proxy_for(a->ctx->proxy, &u);
	if (px || u.host_literal)
		return fetch(a, px, NULL);       /* the proxy resolves it, or nobody needs to */
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC };
	a->resolving = true;
	a->dns_fail_mark = *a->ctx->dns_failures;
	ares_getaddrinfo(a->ctx->channel, u.host, NULL, &hints, on_addr, a);
	return true;                         /* a synchronous answer has already moved on */
}

void aia_expire(struct aia_fetch *a)
{
	if (!a->resolving)
		return;
	a->resolving = false;
	snprintf(a->error, sizeof a->error, "its host got no DNS answer in time");
	evq_post(a->ctx->evq, a->slot, EV_AIA);
}

/* A DER certificate, as caIssuers URLs serve them, or PEM. */
X509 *aia_parse_cert(const unsigned char *d, size_t n)
{
	const unsigned char *p = d;
	X509 *c = d2i_X509(NULL, &p, (long)n);

	if (!c) {
		BIO *b = BIO_new_mem_buf(d, (int)n);
		c = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
		BIO_free(b);
	}
	return c;
}

void aia_done(struct aia_fetch *a, CURLcode rc)
{
	STACK_OF(X509) **fetched = a->fetched;
	X509 *c = NULL;

	if (a->too_big)
		snprintf(a->error, sizeof a->error, "it answered more than %d KiB, which is no certificate",
			 AIA_MAX_SIZE / 1024);
	else if (rc != CURLE_OK)
		snprintf(a->error, sizeof a->error, "%s", curl_easy_strerror(rc));
	else if (!(c = aia_parse_cert(a->buf, a->len)))
		snprintf(a->error, sizeof a->error, "the URL did not serve a certificate");
	else if ((!*fetched && !(*fetched = sk_X509_new_null())) || !sk_X509_push(*fetched, c)) {
		X509_free(c);
		snprintf(a->error, sizeof a->error, "out of memory");
		a->local_err = ENOMEM;
	}
	curl_multi_remove_handle(a->ctx->multi, a->easy);
	curl_easy_cleanup(a->easy);
	a->easy = NULL;
	evq_post(a->ctx->evq, a->slot, EV_AIA);
}

void aia_stop(struct aia_fetch *a)
{
	if (a->easy) {
		curl_multi_remove_handle(a->ctx->multi, a->easy);
		curl_easy_cleanup(a->easy);
		a->easy = NULL;
	}
	a->resolving = false;
	free(a->buf);
	a->buf = NULL;
	curl_slist_free_all(a->resolve);
	a->resolve = NULL;
}

/* After the run, whose end stopped the fetch and closed c-ares (on_addr can
 * no longer see it). */
void aia_free(struct aia_fetch *a)
{
	if (!a)
		return;
	if (a->easy)
		curl_easy_cleanup(a->easy);
	free(a->buf);
	curl_slist_free_all(a->resolve);
	free(a);
}
