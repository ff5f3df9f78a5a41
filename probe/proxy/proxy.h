/* The WinHTTP proxy model: one per run. A per-scheme proxy list and a bypass
 * list with WinHTTP's grammar; each URL gets a route, direct or a proxy. */
#ifndef WUPROBE_PROXY_H
#define WUPROBE_PROXY_H

#include <stdbool.h>
#include <stddef.h>

#include "url.h"

#define PROXY_MAX_SERVERS 8
#define PROXY_MAX_BYPASS  64

enum proxy_scheme { PS_ANY, PS_HTTP, PS_HTTPS };

struct proxy_server {
	enum proxy_scheme scheme;      /* which URLs it serves */
	char host[URL_HOST_MAX + 1];   /* lower case; IPv6 without brackets */
	bool host_ipv6, host_literal;
	unsigned port;
};

struct proxy_model {
	struct proxy_server servers[PROXY_MAX_SERVERS];
	size_t nservers;
	char *bypass[PROXY_MAX_BYPASS];   /* lower-case entries; "<local>" kept as is */
	size_t nbypass;
	const char *source;            /* none, command-line, config, netsh, registry, environment */
	char origin[256];              /* the file or variable it came from, for the report */
	/* Credentials embedded in an environment proxy URL (never printed). */
	char *env_user, *env_password;
};

/* Parses a WinHTTP proxy list ("host:port", "http=p1:8080;https=p2:3128",
 * optional http://, separated by ';' or white space) into M. Entries for
 * other schemes (ftp=, socks=) are ignored as WinHTTP ignores them.
 * Returns 0 or -1 with a one-line reason (never echoing credentials). */
int proxy_parse_list(struct proxy_model *m, const char *list, char *err, size_t errlen);

/* Parses a bypass list ("<local>;*.contoso.com;10.*", ';' or white space). */
int proxy_parse_bypass(struct proxy_model *m, const char *list, char *err, size_t errlen);

/* True when HOST is bypassed: <local> (no dot), '*' wildcards, exact names
 * or addresses, all case-insensitive. */
bool proxy_bypassed(const struct proxy_model *m, const char *host);

/* The proxy for U, or NULL for direct: the first server for U's scheme,
 * else the first for any scheme, unless U's host is bypassed. */
const struct proxy_server *proxy_for(const struct proxy_model *m, const struct url *u);

/* "host:port" ([v6]:port) into BUF. */
void proxy_server_format(const struct proxy_server *s, char *buf, size_t len);

/* True for a proxy on the loopback of the machine whose settings name it:
 * 127.0.0.1, ::1 or localhost, where Px or cntlm listen. */
bool proxy_server_loopback(const struct proxy_server *s);

/* The lists back in WinHTTP form, for the report ("(none)" when empty). */
void proxy_list_format(const struct proxy_model *m, char *buf, size_t len);
void proxy_bypass_format(const struct proxy_model *m, char *buf, size_t len);

void proxy_model_free(struct proxy_model *m);

#endif
