/* The list FindProxyForURL returns, read as WinHTTP reads it.
 *
 * The format is Netscape's ("Navigator Proxy Auto-Config File Format",
 * which Microsoft's PAC documentation refers to): entries separated by ';',
 * spaces around them allowed, each "DIRECT", "PROXY host:port" or "SOCKS
 * host:port"; an empty string means no proxy. WinHTTP reports what a script
 * returned as WINHTTP_PROXY_RESULT_ENTRY structures (proxy or not, a scheme,
 * a host, a port); its SOCKS scheme "is only supported for use in
 * WINHTTP_PROXY_RESULT_ENTRY" (INTERNET_SCHEME,
 * https://learn.microsoft.com/en-us/windows/win32/winhttp/internet-scheme):
 * WinHTTP reports a SOCKS entry but cannot connect through it. So:
 *   - keywords are case-insensitive; "PROXY h:p" is an HTTP proxy, port 80
 *     when none is given (WinHTTP's default for a proxy without a port);
 *   - SOCKS entries, keywords outside Netscape's set (the HTTP, HTTPS,
 *     SOCKS4, SOCKS5 some browsers add) and malformed entries are skipped,
 *     as a client that cannot use an entry goes on to the next;
 *   - a list left with nothing usable is an error naming the first entry
 *     skipped and why; an empty list is DIRECT;
 *   - beyond PAC_MAX_ENTRIES the rest is ignored. */
#include "pac_list.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redact.h"

static const char space[] = " \t\r\n";

/* "host", "host:port", "[v6]" or "[v6]:port" (LEN bytes) into E; NULL, or
 * why not. */
static const char *parse_address(const char *s, size_t len, struct pac_entry *e)
{
	const char *host = s, *port = NULL;
	size_t hlen;

	if (len && s[0] == '[') {
		const char *close = memchr(s, ']', len);
		if (!close)
			return "no ']' after the IPv6 address";
		host = s + 1, hlen = (size_t)(close - host);
		if (close + 1 < s + len) {
			if (close[1] != ':')
				return "junk after the IPv6 address";
			port = close + 2;
		}
		e->host_ipv6 = true;
	} else {
		const char *colon = memchr(s, ':', len);
		hlen = colon ? (size_t)(colon - s) : len;
		if (colon && memchr(colon + 1, ':', len - hlen - 1))
			return "an IPv6 address needs brackets";
		port = colon ? colon + 1 : NULL;
	}
	if (hlen == 0 || hlen >= sizeof e->host)
		return hlen ? "host name too long" : "no host";
	memcpy(e->host, host, hlen);
	e->host[hlen] = '\0';
	if (e->host_ipv6) {
		unsigned char bin[16];
		if (inet_pton(AF_INET6, e->host, bin) != 1)
			return "not an IPv6 address";
	} else {
		for (size_t i = 0; i < hlen; i++)
			if (!isalnum((unsigned char)host[i]) && !strchr("-._", host[i]))
				return "not a host name";
	}
	e->port = 80;
	if (port) {
		size_t plen = (size_t)(s + len - port);
		unsigned long v = 0;
		if (plen == 0 || plen > 5)
			return "bad port";
		for (size_t i = 0; i < plen; i++) {
			if (!isdigit((unsigned char)port[i]))
				return "bad port";
			v = v * 10 + (unsigned long)(port[i] - '0');
		}
		if (v == 0 || v > 65535)
			return "port out of range";
		e->port = (unsigned)v;
	}
	return NULL;
}

/* One entry (LEN bytes, trimmed, not empty) into E: 1 usable, 0 skipped
 * with the reason in *WHY. */
static int parse_entry(const char *s, size_t len, struct pac_entry *e, const char **why)
{
	size_t klen = 0, at;

	while (klen < len && !strchr(space, s[klen]))
		klen++;
	at = klen;
	while (at < len && strchr(space, s[at]))
		at++;
	memset(e, 0, sizeof *e);
	if (klen == 6 && strncasecmp(s, "DIRECT", 6) == 0) {
		if (at < len) {
			*why = "DIRECT takes no address";
			return 0;
		}
		e->direct = true;
		return 1;
	}
	if (klen == 5 && strncasecmp(s, "PROXY", 5) == 0) {
		if (at == len) {
			*why = "no host";
			return 0;
		}
		for (size_t i = at; i < len; i++)
			if (strchr(space, s[i])) {
				*why = "more than one address";
				return 0;
			}
		*why = parse_address(s + at, len - at, e);
		return *why == NULL;
	}
	if (klen == 5 && strncasecmp(s, "SOCKS", 5) == 0)
		*why = "WinHTTP does not connect through SOCKS proxies";
	else
		*why = "not a keyword WinHTTP knows (DIRECT, PROXY, SOCKS)";
	return 0;
}

int pac_list_parse(const char *list, struct pac_route *out, char *err, size_t errlen)
{
	const char *first = NULL, *first_why = NULL;
	size_t first_len = 0, entries = 0, first_no = 0;

	memset(out, 0, sizeof *out);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, ";");
		const char *t = p + strspn(p, space), *why = NULL;
		size_t tlen = len - (size_t)(t - p);
		while (tlen && strchr(space, t[tlen - 1]))
			tlen--;
		if (tlen) {
			entries++;
			if (parse_entry(t, tlen, &out->e[out->n], &why)) {
				if (++out->n == PAC_MAX_ENTRIES)
					break;
			} else if (!first) {
				first = t, first_len = tlen, first_why = why, first_no = entries;
			}
		}
		p += len + (p[len] == ';');
	}
	memset(&out->e[out->n], 0, sizeof out->e[0] * (PAC_MAX_ENTRIES - out->n));
	if (out->n)
		return 0;
	if (!entries) {
		out->e[0].direct = true;    /* an empty list: no proxy */
		out->n = 1;
		return 0;
	}
	char shown[REDACT_MAX];
	snprintf(err, errlen, "no entry WinHTTP can use in the PAC result: entry %zu '%.120s': %s", first_no,
		 redact(first, first_len, shown, sizeof shown), first_why);
	return -1;
}
