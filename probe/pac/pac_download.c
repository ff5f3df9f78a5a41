/* Downloading a PAC script as WinHTTP does: directly, never through a proxy
 * (WinHttpGetProxyForUrl fetches the script itself before any proxy is
 * known, https://learn.microsoft.com/en-us/windows/win32/winhttp/winhttp-autoproxy-api);
 * names resolved by c-ares against the probe's DNS servers; status 200; the
 * content type or extension WinHTTP accepts; at most 1 MiB; redirects as
 * WinHTTP follows them; https verified against the system store and the
 * operator's CA file. One deadline for the whole download. */
#include "pac_fetch.h"

#include <ares.h>
#include <curl/curl.h>
#include <errno.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "pac_fetch_dns.h"
#include "url.h"
#include "version.h"

struct dl {
	char *buf;
	size_t len, cap;
	bool too_big, no_memory;
};

struct reply {
	long status;
	char ctype[128];               /* "" when none */
	char location[URL_MAX_LEN + 1];
};

/* The media type (before any ";" parameter, without spaces) compared
 * case-insensitively; else the extension of the path's last segment. */
enum pac_type pac_type_check(const char *ct, const char *path)
{
	static const char want[] = "application/x-ns-proxy-autoconfig";
	static const char *const exts[] = { "dat", "js", "pac", "jvs" };
	const char *end, *seg, *dot = NULL;

	if (ct) {
		while (*ct == ' ' || *ct == '\t')
			ct++;
		end = ct;
		while (*end && *end != ';' && *end != ' ' && *end != '\t')
			end++;
		if ((size_t)(end - ct) == sizeof want - 1 && strncasecmp(ct, want, sizeof want - 1) == 0)
			return PAC_TYPE_OK;
	}
	if (!path)
		return PAC_TYPE_REJECTED;
	end = path + strcspn(path, "?#");
	seg = path;
	for (const char *p = path; p < end; p++) {
		if (*p == '/')
			seg = p + 1, dot = NULL;
		else if (*p == '.')
			dot = p;
	}
	if (!dot || dot < seg)
		return PAC_TYPE_REJECTED;
	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
		if ((size_t)(end - dot - 1) == strlen(exts[i]) && strncasecmp(dot + 1, exts[i], strlen(exts[i])) == 0)
			return PAC_TYPE_BY_EXTENSION;
	return PAC_TYPE_REJECTED;
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	struct dl *d = arg;
	size_t n = size * nmemb;

	if (n > PAC_MAX_BYTES - d->len) {
		d->too_big = true;
		return 0;
	}
	if (d->len + n + 1 > d->cap) {
		size_t cap = d->cap ? d->cap : 16384;
		char *more;
		while (cap < d->len + n + 1)
			cap *= 2;
		if (!(more = realloc(d->buf, cap))) {
			d->no_memory = true;
			return 0;
		}
		d->buf = more;
		d->cap = cap;
	}
	memcpy(d->buf + d->len, data, n);
	d->len += n;
	d->buf[d->len] = '\0';
	return n;
}

/* Runs after libcurl has set up the context (and the system store, with the
 * CA cache off): the operator's CA file joins it. */
static CURLcode add_ca_file(CURL *curl, void *ssl_ctx, void *file)
{
	X509_STORE *st = SSL_CTX_get_cert_store(ssl_ctx);

	(void)curl;
	return st && X509_STORE_load_file(st, file) == 1 ? CURLE_OK : CURLE_SSL_CACERT_BADFILE;
}

/* A server's text for a message: printable ASCII, at most N-1 bytes. */
static void printable(char *dst, size_t n, const char *src)
{
	size_t i = 0;

	for (; src && src[i] && i + 1 < n; i++)
		dst[i] = src[i] > 0x20 && src[i] < 0x7f ? src[i] : (src[i] == ' ' ? ' ' : '?');
	dst[i] = '\0';
}

/* Why a transfer failed, in WinHTTP's terms where they exist. */
static void failure(CURLcode rc, CURL *e, const struct dl *d, const struct pac_fetch_env *env, const char *errbuf,
		    char *why, size_t whylen)
{
	long os_errno = 0;

	curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &os_errno);
	if (d->too_big)
		snprintf(why, whylen, "larger than 1 MiB (WinHTTP rejects PAC files over 1 MB)");
	else if (d->no_memory)
		snprintf(why, whylen, "out of memory");
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		snprintf(why, whylen, "timed out after %g s", env->timeout_s);
	else if (rc == CURLE_COULDNT_CONNECT && os_errno == ECONNREFUSED)
		snprintf(why, whylen, "connection refused");
	else if (rc == CURLE_COULDNT_CONNECT && (os_errno == EHOSTUNREACH || os_errno == ENETUNREACH))
		snprintf(why, whylen, "no route to host");
	else if (rc == CURLE_PEER_FAILED_VERIFICATION)
		snprintf(why, whylen, "server certificate not trusted or not for this name (%s)", errbuf);
	else if (rc == CURLE_SSL_CACERT_BADFILE)
		snprintf(why, whylen, "cannot read the CA file %s", env->ca_file_or_null ? env->ca_file_or_null : "");
	else if (rc == CURLE_SSL_CONNECT_ERROR)
		snprintf(why, whylen, "TLS handshake failed (%s)", errbuf);
	else if (rc == CURLE_GOT_NOTHING)
		snprintf(why, whylen, "the server closed the connection without answering");
	else if (rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR)
		snprintf(why, whylen, "connection reset (%s)", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else
		snprintf(why, whylen, "%s%s%s%s", curl_easy_strerror(rc), errbuf[0] ? " (" : "", errbuf,
			 errbuf[0] ? ")" : "");
}

/* CURLOPT_RESOLVE's "host:port:addr,[addr6]" for U's host. */
static int pin_addresses(const struct url *u, const struct pac_fetch_env *env, int64_t deadline,
			 struct curl_slist **out, char *why, size_t whylen)
{
	char entry[URL_HOST_MAX + 16 + PAC_DNS_MAX_ADDRS * 50], dns_why[200];
	struct pac_addrs a;
	size_t used;

	if (u->host_literal)
		return 0;
	if (pac_dns_resolve(u->host, env->dns_servers, deadline, &a, dns_why, sizeof dns_why, env->local_err) !=
	    ARES_SUCCESS) {
		snprintf(why, whylen, "cannot resolve %s: %s", u->host, dns_why);
		return -1;
	}
	used = (size_t)snprintf(entry, sizeof entry, "%s:%u:", u->host, u->port);
	for (size_t i = 0; i < a.n; i++)
		used += (size_t)snprintf(entry + used, sizeof entry - used, "%s%s%s%s", i ? "," : "",
					 a.v6[i] ? "[" : "", a.a[i], a.v6[i] ? "]" : "");
	if (!(*out = curl_slist_append(NULL, entry))) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

/* One GET of U, its body in D (emptied first), its status, type and any
 * redirect target in R. Returns 0 when a response arrived. */
static int fetch_once(const struct url *u, const struct pac_fetch_env *env, int64_t deadline, struct dl *d,
		      struct reply *r, char *why, size_t whylen)
{
	char canon[URL_MAX_LEN + URL_HOST_MAX + 32], errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *pins = NULL;
	char *ct = NULL, *loc = NULL;
	CURL *e = NULL;
	int64_t left;
	CURLcode rc;
	int ret = -1;

	d->len = 0;
	d->too_big = d->no_memory = false;
	memset(r, 0, sizeof *r);
	if (pin_addresses(u, env, deadline, &pins, why, whylen))
		goto done;
	if ((left = deadline - mono_ms()) <= 0) {
		snprintf(why, whylen, "timed out after %g s", env->timeout_s);
		goto done;
	}
	if (!(e = curl_easy_init())) {
		snprintf(why, whylen, "out of memory");
		goto done;
	}
	url_format(u, canon, sizeof canon);
	curl_easy_setopt(e, CURLOPT_URL, canon);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_PROXY, "");       /* directly, whatever the environment says */
	curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(e, CURLOPT_RESOLVE, pins);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);   /* followed by us, as WinHTTP would */
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "wuprobe/" WUPROBE_VERSION);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, d);
	curl_easy_setopt(e, CURLOPT_CA_CACHE_TIMEOUT, 0L);   /* a store of its own, to add to */
	if (env->ca_file_or_null) {
		curl_easy_setopt(e, CURLOPT_SSL_CTX_FUNCTION, add_ca_file);
		curl_easy_setopt(e, CURLOPT_SSL_CTX_DATA, (void *)env->ca_file_or_null);
	}
	rc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r->status);
	/* A page that is not the script answers with its status, however big. */
	if (rc != CURLE_OK && !(d->too_big && r->status != 200)) {
		failure(rc, e, d, env, errbuf, why, whylen);
		goto done;
	}
	ret = 0;
	if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
		printable(r->ctype, sizeof r->ctype, ct);
	if (curl_easy_getinfo(e, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		snprintf(r->location, sizeof r->location, "%s", loc);
done:
	curl_easy_cleanup(e);
	curl_slist_free_all(pins);
	return ret;
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

int pac_fetch_url(const char *url, const struct pac_fetch_env *env, struct pac_script *out, char *why,
		  size_t whylen)
{
	int64_t deadline = mono_ms() + (int64_t)(env->timeout_s * 1000.0);
	struct url *u = malloc(sizeof *u), *next = malloc(sizeof *next);
	struct reply *r = malloc(sizeof *r);
	struct dl d = { 0 };
	char e[200], shown[160];
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (!u || !next || !r) {
		snprintf(why, whylen, "out of memory");
		goto done;
	}
	if (url_parse(url, strlen(url), u, e, sizeof e)) {
		snprintf(why, whylen, "not a usable URL: %s", e);
		goto done;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);   /* counted: the probe's own init and cleanup stay paired */
	for (int hops = 0;; hops++) {
		if (fetch_once(u, env, deadline, &d, r, why, whylen))
			break;
		if (is_redirect(r->status) && r->location[0]) {
			printable(shown, sizeof shown, r->location);
			if (hops == PAC_MAX_REDIRECTS) {
				snprintf(why, whylen, "more than %d redirects (next to %s)", PAC_MAX_REDIRECTS, shown);
				break;
			}
			if (url_parse(r->location, strlen(r->location), next, e, sizeof e)) {
				snprintf(why, whylen, "redirect to an unusable URL %s (%s)", shown, e);
				break;
			}
			if (u->https && !next->https) {
				snprintf(why, whylen, "redirect from https to http (%s)", shown);
				break;
			}
			memcpy(u, next, sizeof *u);
			continue;
		}
		if (r->status != 200) {
			snprintf(why, whylen, "HTTP %ld", r->status);
			break;
		}
		switch (pac_type_check(r->ctype[0] ? r->ctype : NULL, u->path)) {
		case PAC_TYPE_REJECTED:
			snprintf(why, whylen, "not a PAC file: %s%s (WinHTTP wants application/x-ns-proxy-autoconfig "
				 "or a path ending in .pac, .dat, .js or .jvs)",
				 r->ctype[0] ? "content type " : "no content type", r->ctype);
			goto fetched;
		case PAC_TYPE_BY_EXTENSION:
			snprintf(out->note, sizeof out->note, "served as %s, not application/x-ns-proxy-autoconfig: "
				 "WinHTTP takes it for the extension of its path",
				 r->ctype[0] ? r->ctype : "(no content type)");
			break;
		case PAC_TYPE_OK:
			break;
		}
		if (!d.buf && !(d.buf = calloc(1, 1))) {   /* an empty script: the engine says what is wrong */
			snprintf(why, whylen, "out of memory");
			break;
		}
		out->text = d.buf;
		out->len = d.len;
		d.buf = NULL;
		snprintf(out->name, sizeof out->name, "%s", url);
		rc = 0;
		break;
	}
fetched:
	curl_global_cleanup();
done:
	free(d.buf);
	free(u);
	free(next);
	free(r);
	if (rc)
		out->note[0] = '\0';
	return rc;
}
