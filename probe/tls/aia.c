/* Fetching a missing intermediate through the certificate's AIA caIssuers
 * URL, as Windows' chain engine does, through the endpoint's own route. The
 * transfer's verdict waits; verification runs again with what was fetched.
 * The AIA host is resolved by c-ares, like every name of the run. */
#include <errno.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fault.h"
#include "probe.h"
#include "sockopen.h"

#define AIA_MAX_TRIES 3           /* levels of missing intermediates, each fetched once */
#define AIA_MAX_SIZE  (64 * 1024)

static size_t on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct endpoint *ep = arg;
	size_t n = size * nmemb;

	if (ep->aia->len + n > AIA_MAX_SIZE) {
		ep->aia->too_big = true;
		return 0;
	}
	unsigned char *g = fault_at("aia_fetch") ? NULL : realloc(ep->aia->buf, ep->aia->len + n);
	if (!g) {
		ep->aia->local_err = ENOMEM;
		return 0;
	}
	ep->aia->buf = g;
	memcpy(ep->aia->buf + ep->aia->len, data, n);
	ep->aia->len += n;
	return n;
}

/* Starts the fetch of ep->aia->last; RESOLVE (owned from here on) pins the
 * addresses to use, NULL through a proxy or for an IP literal. Returns false
 * if it could not. */
static bool fetch(struct endpoint *ep, const struct proxy_server *px, struct curl_slist *resolve)
{
	const struct probe_opts *o = ep->probe->opts;
	int64_t left = ep->deadline - mono_ms();
	CURL *e;

	curl_slist_free_all(ep->aia->resolve);
	ep->aia->resolve = resolve;
	if (left <= 0)
		return false;
	if (!(e = curl_easy_init())) {
		ep->aia->local_err = ENOMEM;
		return false;
	}
	ep->aia->easy = e;
	curl_easy_setopt(e, CURLOPT_URL, ep->aia->last);
	curl_easy_setopt(e, CURLOPT_PRIVATE, ep);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(e, CURLOPT_FAILONERROR, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, ep);
	curl_easy_setopt(e, CURLOPT_RESOLVE, ep->aia->resolve);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, sockopen_socket);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &ep->local_errno);   /* the chain's verdict would be false */
	if (route_apply(e, px, o) || curl_multi_add_handle(ep->probe->multi, e) != CURLM_OK) {
		ep->aia->local_err = ENOMEM;
		curl_easy_cleanup(e);
		ep->aia->easy = NULL;
		return false;
	}
	return true;
}

/* The AIA host's addresses, from c-ares like every other name of the run. */
static void on_addr(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct endpoint *ep = arg;
	char addrs[RESULT_MAX_ADDRS][RESULT_ADDR_LEN], csv[RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)];
	struct url u;
	char why[128];
	int n = 0;

	(void)timeouts;
	if (!ep->aia || !ep->aia->resolving) {          /* given up at the deadline meanwhile */
		ares_freeaddrinfo(ai);
		return;
	}
	ep->aia->resolving = false;
	if (status == ARES_SUCCESS)
		n = resolver_addresses(ai, addrs, RESULT_MAX_ADDRS, csv, sizeof csv);
	ares_freeaddrinfo(ai);
	url_parse(ep->aia->last, strlen(ep->aia->last), &u, why, sizeof why);
	if (n == 0 && (status == ARES_ENOMEM || ep->probe->dns->stats.sock_failures > ep->aia->dns_fail_mark))
		ep->aia->local_err = status == ARES_ENOMEM ? ENOMEM : ep->probe->dns->stats.sock_errno;
	if (n == 0)
		snprintf(ep->aia->error, sizeof ep->aia->error, "its host does not resolve (%s)",
			 status == ARES_SUCCESS ? "no address" : ares_strerror(status));
	else if (!csv[0])                       /* every address a sinkhole (addr_list_add) */
		snprintf(ep->aia->error, sizeof ep->aia->error,
			 "DNS answers its host only with %s, a DNS filter's answer for a name it blocks", addrs[0]);
	else if (!fetch(ep, NULL, route_resolve(u.host, u.port, csv)))
		snprintf(ep->aia->error, sizeof ep->aia->error, "the fetch could not start");
	if (!ep->aia->easy)
		evq_post(&ep->probe->evq, &ep->ev, EV_AIA);   /* verify again without it: the message says why */
}

bool aia_start(struct endpoint *ep, const char *url, CURLcode rc)
{
	const struct proxy_server *px;
	struct url u;
	char why[128];

	if (!ep->aia && !(ep->aia = calloc(1, sizeof *ep->aia)))
		return false;
	if (ep->aia->easy || ep->aia->resolving || ep->aia->tries >= AIA_MAX_TRIES || ep->deadline <= mono_ms() ||
	    strcmp(url, ep->aia->last) == 0 || url_parse(url, strlen(url), &u, why, sizeof why))
		return false;
	snprintf(ep->aia->last, sizeof ep->aia->last, "%s", url);
	ep->aia->tries++;
	ep->aia->saved_rc = rc;
	ep->aia->len = 0;
	ep->aia->too_big = false;
	ep->aia->error[0] = '\0';
	ep->aia->local_err = 0;
	px = proxy_for(ep->probe->opts->proxy, &u);
	if (px || u.host_literal)
		return fetch(ep, px, NULL);      /* the proxy resolves it, or nobody needs to */
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC };
	ep->aia->resolving = true;
	ep->aia->dns_fail_mark = ep->probe->dns->stats.sock_failures;
	ares_getaddrinfo(ep->probe->dns->channel, u.host, NULL, &hints, on_addr, ep);
	return true;                         /* a synchronous answer has already moved on */
}

void aia_expire(struct endpoint *ep)
{
	if (!ep->aia || !ep->aia->resolving)
		return;
	ep->aia->resolving = false;
	snprintf(ep->aia->error, sizeof ep->aia->error, "its host got no DNS answer in time");
	evq_post(&ep->probe->evq, &ep->ev, EV_AIA);
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

void aia_done(struct endpoint *ep, CURLcode rc)
{
	X509 *c = NULL;

	if (ep->aia->too_big)
		snprintf(ep->aia->error, sizeof ep->aia->error, "it answered more than %d KiB, which is no certificate",
			 AIA_MAX_SIZE / 1024);
	else if (rc != CURLE_OK)
		snprintf(ep->aia->error, sizeof ep->aia->error, "%s", curl_easy_strerror(rc));
	else if (!(c = aia_parse_cert(ep->aia->buf, ep->aia->len)))
		snprintf(ep->aia->error, sizeof ep->aia->error, "the URL did not serve a certificate");
	else if ((!ep->aia_certs && !(ep->aia_certs = sk_X509_new_null())) || !sk_X509_push(ep->aia_certs, c)) {
		X509_free(c);
		snprintf(ep->aia->error, sizeof ep->aia->error, "out of memory");
		ep->aia->local_err = ENOMEM;
	}
	curl_multi_remove_handle(ep->probe->multi, ep->aia->easy);
	curl_easy_cleanup(ep->aia->easy);
	ep->aia->easy = NULL;
	evq_post(&ep->probe->evq, &ep->ev, EV_AIA);
}

/* Ends a fetch under way; the fetch's record stays until aia_release. */
void aia_free(struct endpoint *ep)
{
	sk_X509_pop_free(ep->aia_certs, X509_free);
	ep->aia_certs = NULL;
	if (!ep->aia)
		return;
	if (ep->aia->easy) {
		curl_multi_remove_handle(ep->probe->multi, ep->aia->easy);
		curl_easy_cleanup(ep->aia->easy);
		ep->aia->easy = NULL;
	}
	ep->aia->resolving = false;
	free(ep->aia->buf);
	ep->aia->buf = NULL;
	curl_slist_free_all(ep->aia->resolve);
	ep->aia->resolve = NULL;
}

/* After the run, whose end has called aia_free (the fetch is over) and
 * closed c-ares (on_addr can no longer see the endpoint): the record. */
void aia_release(struct endpoint *ep)
{
	free(ep->aia);
	ep->aia = NULL;
}
