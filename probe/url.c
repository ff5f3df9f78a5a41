/* URL parsing for endpoint lines and redirect targets. */
#include "url.h"

#include <arpa/inet.h>
#include <stddef.h>
#include <curl/curl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fail(char *err, size_t errlen, const char *msg)
{
	snprintf(err, errlen, "%s", msg);
	return -1;
}

static bool valid_dns_name(const char *h)
{
	size_t label = 0;

	if (*h == '\0' || *h == '.' || *h == '-')
		return false;
	for (const char *p = h; *p; p++) {
		char c = *p;
		if (c == '.') {
			if (label == 0)
				return false;   /* empty label */
			label = 0;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return false;
		if (++label > 63)
			return false;
	}
	return label > 0;   /* the one final dot allowed was taken off before: "a.." is not a name */
}

/* Characters RFC 3986 never allows unencoded in a URL (its "unwise" and
 * excluded set). libcurl 7.88 accepts some of them and sends them as they
 * are; WinHTTP would refuse or encode them, so the list must encode them. */
static int bad_char(const char *text, size_t len, char *err, size_t errlen)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c <= 0x20 || c >= 0x7f)
			return fail(err, errlen, "URL contains a space, control or non-ASCII character");
		if (strchr("\"<>\\^`{|}", c)) {
			snprintf(err, errlen, "URL contains '%c', which must be percent-encoded", c);
			return -1;
		}
	}
	return 0;
}

/* HOST (a DNS name, its final dot taken off) as libcurl reads it on its
 * own in a URL: an IPv4 number ("44440", "127.1", "0x7f.1") becomes its
 * dotted form in HOST (room for 16 bytes at least). libcurl 7.88 normalises
 * those forms in a URL only as written, not when a final dot or percent-
 * encoding hid them ("https://44440./", "http://%341.0/"), so without this
 * such a host would be kept as a name and written back as "44440" or
 * "41.0", which libcurl reads as an address: another URL. Returns 0, or -1
 * when out of memory. */
static int ipv4_form(char *host)
{
	char url[URL_HOST_MAX + 16], *got = NULL;
	unsigned char a4[4];
	CURLU *h = curl_url();
	int rc = -1;

	if (!h)
		return -1;
	snprintf(url, sizeof url, "http://%s/", host);
	if (curl_url_set(h, CURLUPART_URL, url, 0) == CURLUE_OK) {
		if (curl_url_get(h, CURLUPART_HOST, &got, 0) != CURLUE_OK)
			goto done;
		if (inet_pton(AF_INET, got, a4) == 1)   /* at most 15 characters */
			strcpy(host, got);
	}
	rc = 0;
done:
	curl_free(got);
	curl_url_cleanup(h);
	return rc;
}

/* The host part as libcurl parsed it, checked and kept the way the probe
 * uses it: lower case, no final dot, an IPv6 literal without brackets, an
 * IPv4 address in its dotted form. The final dot names the same host:
 * "example.com." is example.com, and "1.2.3.4." or "44440." the address
 * 1.2.3.4 or 0.0.173.152, as without the dot. */
static int take_host(CURLU *h, struct url *out, char *err, size_t errlen)
{
	char *host = NULL, *zone = NULL;
	size_t n;
	int rc = -1;

	if (curl_url_get(h, CURLUPART_HOST, &host, 0) != CURLUE_OK || !host || !*host) {
		rc = fail(err, errlen, "URL has no host");
		goto done;
	}
	if (curl_url_get(h, CURLUPART_ZONEID, &zone, 0) == CURLUE_OK && zone) {
		rc = fail(err, errlen, "IPv6 zone IDs are not allowed");
		goto done;
	}
	n = strlen(host);
	if (host[0] == '[') {
		unsigned char a6[16];
		if (n < 3 || n - 2 >= sizeof out->host || host[n - 1] != ']') {
			rc = fail(err, errlen, "bad IPv6 address");
			goto done;
		}
		memcpy(out->host, host + 1, n - 2);
		out->host[n - 2] = '\0';
		if (inet_pton(AF_INET6, out->host, a6) != 1) {
			rc = fail(err, errlen, "bad IPv6 address");
			goto done;
		}
		out->host_ipv6 = out->host_literal = true;
		rc = 0;
		goto done;
	}
	if (n > URL_HOST_MAX) {
		rc = fail(err, errlen, "host name longer than 253 characters");
		goto done;
	}
	for (size_t i = 0; i <= n; i++)
		out->host[i] = (host[i] >= 'A' && host[i] <= 'Z') ? (char)(host[i] - 'A' + 'a') : host[i];
	if (n > 1 && out->host[n - 1] == '.')
		out->host[n - 1] = '\0';   /* fully qualified form */
	unsigned char a4[4];
	if (inet_pton(AF_INET, out->host, a4) != 1) {
		if (!valid_dns_name(out->host)) {
			rc = fail(err, errlen, "host is not a valid DNS name or IP address");
			goto done;
		}
		if (ipv4_form(out->host)) {   /* a name's characters: "http://NAME/" has the same host */
			rc = fail(err, errlen, "out of memory");
			goto done;
		}
	}
	/* libcurl has made "127.1" and the like 127.0.0.1, ipv4_form "127.1." */
	out->host_literal = inet_pton(AF_INET, out->host, a4) == 1;
	rc = 0;
done:
	curl_free(host);
	curl_free(zone);
	return rc;
}

/* What libcurl does: the URL's structure (scheme, authority, port, path,
 * query, fragment), the same as it will be read when fetched, down to dot
 * segments removed from the path and numeric IPv4 forms normalised. What
 * libcurl does not: only http and https, no credentials, nothing that must
 * be encoded, hosts that are DNS names or IP literals, port 0 refused. */
int url_parse(const char *text, size_t len, struct url *out, char *err, size_t errlen)
{
	char buf[URL_MAX_LEN + 1], *port = NULL, *path = NULL, *query = NULL;
	const char *auth, *auth_end;
	CURLU *h = NULL;
	CURLUcode uc;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (len > URL_MAX_LEN)
		return fail(err, errlen, "URL longer than 2048 characters");
	if (bad_char(text, len, err, errlen))
		return -1;
	if (len >= 8 && strncasecmp(text, "https://", 8) == 0) {
		out->https = true;
		auth = text + 8;
	} else if (len >= 7 && strncasecmp(text, "http://", 7) == 0) {
		auth = text + 7;
	} else {
		return fail(err, errlen, "URL must start with http:// or https://");
	}
	auth_end = auth;   /* TEXT need not end in a NUL */
	while (auth_end < text + len && *auth_end != '/' && *auth_end != '?' && *auth_end != '#')
		auth_end++;
	if (memchr(auth, '@', (size_t)(auth_end - auth)))
		return fail(err, errlen, "credentials in a URL are not allowed");
	if (auth_end == auth)   /* libcurl would read "https:///x" as host x; WinHTTP refuses it */
		return fail(err, errlen, "URL has no host");
	memcpy(buf, text, len);
	buf[len] = '\0';

	if (!(h = curl_url()))
		return fail(err, errlen, "out of memory");
	if ((uc = curl_url_set(h, CURLUPART_URL, buf, 0)) != CURLUE_OK) {
		if (uc == CURLUE_BAD_PORT_NUMBER)
			rc = fail(err, errlen, "bad port (1-65535)");
		else if (uc == CURLUE_BAD_IPV6)
			rc = fail(err, errlen, "bad IPv6 address");
		else if (uc == CURLUE_NO_HOST || uc == CURLUE_BAD_HOSTNAME)
			rc = fail(err, errlen, uc == CURLUE_NO_HOST ? "URL has no host"
								    : "host is not a valid DNS name or IP address");
		else
			snprintf(err, errlen, "not a URL libcurl can fetch: %s", curl_url_strerror(uc));
		goto done;
	}
	if (take_host(h, out, err, errlen))
		goto done;
	if (curl_url_get(h, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK || !port ||
	    (out->port = (unsigned)strtoul(port, NULL, 10)) == 0 || out->port > 65535) {
		rc = fail(err, errlen, "bad port (1-65535)");
		goto done;
	}
	if (curl_url_get(h, CURLUPART_PATH, &path, 0) != CURLUE_OK || !path) {
		rc = fail(err, errlen, "out of memory");
		goto done;
	}
	(void)curl_url_get(h, CURLUPART_QUERY, &query, 0);   /* none: CURLUE_NO_QUERY */
	/* the fragment never goes on the wire */
	if ((size_t)snprintf(out->path, sizeof out->path, "%s%s%s", path[0] == '/' ? "" : "/", path,
			     query ? "?" : "") >= sizeof out->path ||
	    strlen(out->path) + (query ? strlen(query) : 0) >= sizeof out->path) {
		rc = fail(err, errlen, "URL longer than 2048 characters");
		goto done;
	}
	if (query)
		strcat(out->path, query);
	rc = 0;
done:
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(h);
	if (rc)
		memset(out, 0, sizeof *out);
	return rc;
}

void url_format(const struct url *u, char *buf, size_t buflen)
{
	bool default_port = u->port == (u->https ? 443u : 80u);
	char port[8] = "";

	if (!default_port)
		snprintf(port, sizeof port, ":%u", u->port);
	snprintf(buf, buflen, "%s://%s%s%s%s%s", u->https ? "https" : "http",
		 u->host_ipv6 ? "[" : "", u->host, u->host_ipv6 ? "]" : "", port, u->path);
}

const struct url *url_hold(const struct url *u)
{
	size_t head = offsetof(struct url, path), len = strlen(u->path) + 1;
	struct url *h = malloc(head + len);

	if (h) {
		memcpy(h, u, head);
		memcpy((char *)h + head, u->path, len);
	}
	return h;
}

size_t url_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}
