/* --serve ADDR (serve_addr.h). */
#include "serve_addr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int port_of(const char *s, unsigned short *port)
{
	char *end;
	long v;

	if (!*s || strspn(s, "0123456789") != strlen(s))
		return -1;
	v = strtol(s, &end, 10);
	if (*end || v < 1 || v > 65535)
		return -1;
	*port = htons((unsigned short)v);
	return 0;
}

int serve_addr_parse(const char *addr, struct sockaddr_storage *sa, char *err, size_t errlen)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)sa;
	char host[64];
	const char *colon = strrchr(addr, ':');
	size_t n;

	memset(sa, 0, sizeof *sa);
	if (!colon) {
		v4->sin_family = AF_INET;
		v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (port_of(addr, &v4->sin_port) == 0)
			return 0;
		goto bad;
	}
	n = (size_t)(colon - addr);
	if (n >= sizeof host)
		goto bad;
	memcpy(host, addr, n);
	host[n] = '\0';
	if (host[0] == '[' && n > 2 && host[n - 1] == ']') {
		host[n - 1] = '\0';
		v6->sin6_family = AF_INET6;
		if (inet_pton(AF_INET6, host + 1, &v6->sin6_addr) == 1 && port_of(colon + 1, &v6->sin6_port) == 0)
			return 0;
	} else {
		v4->sin_family = AF_INET;
		if (inet_pton(AF_INET, host, &v4->sin_addr) == 1 && port_of(colon + 1, &v4->sin_port) == 0)
			return 0;
	}
bad:
	snprintf(err, errlen, "--serve: '%.80s' is not PORT, IP:PORT or [IPv6]:PORT", addr);
	return -1;
}
