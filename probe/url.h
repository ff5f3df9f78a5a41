/* Endpoint URLs: the small subset of RFC 3986 that update endpoints use. */
#ifndef WUPROBE_URL_H
#define WUPROBE_URL_H

#include <stdbool.h>
#include <stddef.h>

#define URL_MAX_LEN  2048
#define URL_HOST_MAX 253

struct url {
	bool https;
	char host[URL_HOST_MAX + 1];   /* lower case; an IPv6 literal without brackets */
	bool host_ipv6;                /* host is an IPv6 literal */
	bool host_literal;             /* host is an IPv4 or IPv6 literal: no DNS */
	unsigned port;                 /* explicit or the scheme's default */
	char path[URL_MAX_LEN + 1];    /* path and query, at least "/"; no fragment */
};

/* Parses TEXT (LEN bytes, not necessarily NUL-terminated) into OUT.
 * Returns 0, or -1 with a one-line reason in ERR. Accepts only http and https,
 * no user:password@, printable ASCII, hosts that are DNS names or IP literals. */
int url_parse(const char *text, size_t len, struct url *out, char *err, size_t errlen);

/* A hash of a URL or a host name (djb2), for the run's tables: the list's
 * duplicate check and the shared lookups. */
size_t url_hash(const char *s);

/* A copy of U held for long (an endpoint's URL while it runs): allocated at
 * its size, the path array cut after its terminator (~300 bytes for most
 * URLs, not 2,320). Read it only through a const pointer and never copy it by
 * value; free it with free(). NULL when memory runs out. */
const struct url *url_hold(const struct url *u);

/* Writes the canonical form (scheme://host[:port]/path) into BUF. */
void url_format(const struct url *u, char *buf, size_t buflen);

#endif
