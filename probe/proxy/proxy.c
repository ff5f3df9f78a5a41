/* WinHTTP proxy and bypass grammar (netsh winhttp set proxy). */
#include "proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redact.h"

static bool is_sep(char c)
{
	return c == ';' || c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The next entry of a ';' or white-space separated list: its start, and
 * its length in *N (0 at the end). */
static const char *next_entry(const char **p, size_t *n)
{
	const char *start;

	while (**p && is_sep(**p))
		(*p)++;
	start = *p;
	while (**p && !is_sep(**p))
		(*p)++;
	*n = (size_t)(*p - start);
	return start;
}

#define HTTPS_REFUSED "HTTPS proxies are not supported by the WinHTTP static proxy"

/* An entry that names an https:// proxy, after any "http=" or "https=". */
static bool is_https(const char *e, size_t n)
{
	size_t k = 0;

	while (k < n && ((e[k] >= 'a' && e[k] <= 'z') || (e[k] >= 'A' && e[k] <= 'Z')))
		k++;
	if (k && k < n && e[k] == '=') {
		e += k + 1;
		n -= k + 1;
	}
	return n >= 8 && strncasecmp(e, "https://", 8) == 0;
}

static int add_server(struct proxy_model *m, const char *e, size_t n, char *err, size_t errlen)
{
	struct proxy_server s = { .scheme = PS_ANY, .port = 80 };
	const char *eq = memchr(e, '=', n);
	char why[128], buf[URL_MAX_LEN + 16], shown[REDACT_MAX];
	struct url u;

	if (eq) {
		size_t kl = (size_t)(eq - e);
		if (kl == 4 && strncasecmp(e, "http", 4) == 0)
			s.scheme = PS_HTTP;
		else if (kl == 5 && strncasecmp(e, "https", 5) == 0)
			s.scheme = PS_HTTPS;
		else
			return 0;   /* ftp=, socks=: not used by WinHTTP for update traffic */
		n -= kl + 1;
		e = eq + 1;
	}
	if (is_https(e, n)) {
		snprintf(err, errlen, "proxy '%.80s': " HTTPS_REFUSED, redact(e, n, shown, sizeof shown));
		return -1;
	}
	if (n >= 7 && strncasecmp(e, "http://", 7) == 0) {
		e += 7;
		n -= 7;
	}
	while (n && e[n - 1] == '/')
		n--;
	if (n == 0 || n + 8 >= sizeof buf) {
		snprintf(err, errlen, "empty or overlong proxy entry");
		return -1;
	}
	snprintf(buf, sizeof buf, "http://%.*s/", (int)n, e);
	if (url_parse(buf, strlen(buf), &u, why, sizeof why)) {
		snprintf(err, errlen, "proxy '%.80s': %s", redact(e, n, shown, sizeof shown), why);
		return -1;
	}
	if (m->nservers == PROXY_MAX_SERVERS) {
		snprintf(err, errlen, "more than %d proxies in the list", PROXY_MAX_SERVERS);
		return -1;
	}
	memcpy(s.host, u.host, sizeof s.host);
	s.host_ipv6 = u.host_ipv6;
	s.host_literal = u.host_literal;
	s.port = u.port;
	m->servers[m->nservers++] = s;
	return 0;
}

int proxy_parse_list(struct proxy_model *m, const char *list, char *err, size_t errlen)
{
	const char *p = list, *start;
	char shown[REDACT_MAX];
	size_t n;

	/* Credentials are refused, and looked for in the whole list first: a
	 * password with ';' or a space in it spans entries, and no part of it may
	 * be echoed as an entry of its own. */
	if (strchr(list, '@')) {
		bool https = false;
		while (!https && ((start = next_entry(&p, &n)), n))
			https = is_https(start, n);
		list += strspn(list, " \t\r\n;");
		redact(list, strlen(list), shown, sizeof shown);
		if (https)
			snprintf(err, errlen, "proxy '%.80s': " HTTPS_REFUSED, shown);
		else
			snprintf(err, errlen, "proxy '%.80s': a proxy entry contains credentials: give them with "
					      "--proxy-user and the password file or variable instead", shown);
		return -1;
	}
	while ((start = next_entry(&p, &n)), n)
		if (add_server(m, start, n, err, errlen))
			return -1;
	if (m->nservers == 0) {
		snprintf(err, errlen, "the proxy list names no HTTP proxy");
		return -1;
	}
	return 0;
}

int proxy_parse_bypass(struct proxy_model *m, const char *list, char *err, size_t errlen)
{
	const char *p = list, *start;
	size_t n;

	while ((start = next_entry(&p, &n)), n) {
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)start[i];
			if (c < 0x21 || c > 0x7e) {
				snprintf(err, errlen, "bypass entry with a control or non-ASCII character");
				return -1;
			}
		}
		if (m->nbypass == PROXY_MAX_BYPASS) {
			snprintf(err, errlen, "more than %d bypass entries", PROXY_MAX_BYPASS);
			return -1;
		}
		char *e = malloc(n + 1);
		if (!e) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		for (size_t i = 0; i < n; i++)
			e[i] = (start[i] >= 'A' && start[i] <= 'Z') ? (char)(start[i] - 'A' + 'a') : start[i];
		e[n] = '\0';
		if (strcmp(e, "<local>") != 0 && strchr(e, '<')) {
			char shown[REDACT_MAX];
			snprintf(err, errlen, "bypass entry '%.60s': the only <...> entry is <local>",
				 redact(e, n, shown, sizeof shown));
			free(e);
			return -1;
		}
		m->bypass[m->nbypass++] = e;
	}
	return 0;
}

/* '*' matches any run of characters, everything else itself (case-folded). */
static bool glob(const char *pat, const char *s)
{
	const char *star = NULL, *resume = NULL;

	while (*s) {
		if (*pat == '*') {
			star = pat++;
			resume = s;
		} else if (*pat && (*pat == *s || ((*s >= 'A' && *s <= 'Z') && *pat == *s - 'A' + 'a'))) {
			pat++;
			s++;
		} else if (star) {
			pat = star + 1;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (*pat == '*')
		pat++;
	return *pat == '\0';
}

bool proxy_bypassed(const struct proxy_model *m, const char *host)
{
	for (size_t i = 0; i < m->nbypass; i++) {
		const char *e = m->bypass[i];
		if (strcmp(e, "<local>") == 0) {
			if (!strchr(host, '.') && !strchr(host, ':'))
				return true;
		} else if (glob(e, host)) {
			return true;
		}
	}
	return false;
}

const struct proxy_server *proxy_for(const struct proxy_model *m, const struct url *u)
{
	enum proxy_scheme want = u->https ? PS_HTTPS : PS_HTTP;
	const struct proxy_server *any = NULL;

	if (m->nservers == 0 || proxy_bypassed(m, u->host))
		return NULL;
	for (size_t i = 0; i < m->nservers; i++) {
		if (m->servers[i].scheme == want)
			return &m->servers[i];
		if (m->servers[i].scheme == PS_ANY && !any)
			any = &m->servers[i];
	}
	return any;
}

void proxy_server_format(const struct proxy_server *s, char *buf, size_t len)
{
	snprintf(buf, len, s->host_ipv6 ? "[%s]:%u" : "%s:%u", s->host, s->port);
}

bool proxy_server_loopback(const struct proxy_server *s)
{
	return strcmp(s->host, "127.0.0.1") == 0 || strcmp(s->host, "::1") == 0 || strcmp(s->host, "localhost") == 0 ||
	       strcmp(s->host, "localhost.") == 0;     /* host is lower case */
}

void proxy_list_format(const struct proxy_model *m, char *buf, size_t len)
{
	static const char *const prefix[] = { "", "http=", "https=" };
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < m->nservers && used < len; i++) {
		char s[URL_HOST_MAX + 16];
		proxy_server_format(&m->servers[i], s, sizeof s);
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s", i ? ";" : "",
					 prefix[m->servers[i].scheme], s);
	}
	if (!m->nservers)
		snprintf(buf, len, "(none)");
}

void proxy_bypass_format(const struct proxy_model *m, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < m->nbypass && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? ";" : "", m->bypass[i]);
	if (!m->nbypass)
		snprintf(buf, len, "(none)");
}

void proxy_model_free(struct proxy_model *m)
{
	for (size_t i = 0; i < m->nbypass; i++)
		free(m->bypass[i]);
	free(m->env_user);
	if (m->env_password) {
		explicit_bzero(m->env_password, strlen(m->env_password));
		free(m->env_password);
	}
	memset(m, 0, sizeof *m);
}
