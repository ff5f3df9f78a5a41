/* URL parsing for endpoint lines and redirect targets. */
#include "url.h"

#include <arpa/inet.h>
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

static int parse_port(const char *p, size_t n, unsigned *port)
{
	unsigned v = 0;

	if (n == 0 || n > 5)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(p[i] - '0');
	}
	if (v == 0 || v > 65535)
		return -1;
	*port = v;
	return 0;
}

int url_parse(const char *text, size_t len, struct url *out, char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	const char *auth, *auth_end, *host, *host_end;

	memset(out, 0, sizeof *out);
	if (len > URL_MAX_LEN)
		return fail(err, errlen, "URL longer than 2048 characters");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)text[i] <= 0x20 || (unsigned char)text[i] >= 0x7f)
			return fail(err, errlen, "URL contains a space, control or non-ASCII character");

	if (len >= 8 && strncasecmp(p, "https://", 8) == 0) {
		out->https = true;
		out->port = 443;
		p += 8;
	} else if (len >= 7 && strncasecmp(p, "http://", 7) == 0) {
		out->port = 80;
		p += 7;
	} else {
		return fail(err, errlen, "URL must start with http:// or https://");
	}

	auth = p;
	while (p < end && *p != '/' && *p != '?' && *p != '#')
		p++;
	auth_end = p;
	if (memchr(auth, '@', (size_t)(auth_end - auth)))
		return fail(err, errlen, "credentials in a URL are not allowed");

	host = auth;
	if (host < auth_end && *host == '[') {
		const char *close = memchr(host, ']', (size_t)(auth_end - host));
		if (!close)
			return fail(err, errlen, "IPv6 address without closing ']'");
		host_end = close + 1;
		out->host_ipv6 = true;
	} else {
		host_end = host;
		while (host_end < auth_end && *host_end != ':')
			host_end++;
	}
	if (host_end < auth_end) {
		if (*host_end != ':' || parse_port(host_end + 1, (size_t)(auth_end - host_end - 1), &out->port))
			return fail(err, errlen, "bad port (1-65535)");
	}

	if (out->host_ipv6) {
		size_t n = (size_t)(host_end - host) - 2;
		unsigned char a6[16];
		if (n == 0 || n >= sizeof out->host)
			return fail(err, errlen, "bad IPv6 address");
		memcpy(out->host, host + 1, n);
		out->host[n] = '\0';
		if (inet_pton(AF_INET6, out->host, a6) != 1)
			return fail(err, errlen, "bad IPv6 address");
		out->host_literal = true;
	} else {
		size_t n = (size_t)(host_end - host);
		unsigned char a4[4];
		if (n == 0)
			return fail(err, errlen, "URL has no host");
		if (n > URL_HOST_MAX)
			return fail(err, errlen, "host name longer than 253 characters");
		for (size_t i = 0; i < n; i++) {
			char c = host[i];
			out->host[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
		}
		out->host[n] = '\0';
		if (out->host[n - 1] == '.' && n > 1)
			out->host[n - 1] = '\0';   /* fully qualified form */
		if (inet_pton(AF_INET, out->host, a4) == 1)
			out->host_literal = true;
		else if (!valid_dns_name(out->host))
			return fail(err, errlen, "host is not a valid DNS name or IP address");
	}

	/* Path and query; the fragment never goes on the wire. */
	{
		const char *frag = memchr(p, '#', (size_t)(end - p));
		size_t n = (size_t)((frag ? frag : end) - p);
		if (n == 0 || *p != '/') {
			out->path[0] = '/';
			memcpy(out->path + 1, p, n);
			out->path[n + 1] = '\0';
		} else {
			memcpy(out->path, p, n);
			out->path[n] = '\0';
		}
	}
	return 0;
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

size_t url_hash(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}
