/* Importers for the WinHTTP proxy of a Windows machine and for the Linux
 * proxy variables. Formats: see ../shared/reference/winhttp-proxy.md. */
#define _GNU_SOURCE   /* strcasestr */
#include "proxy_import.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "redact.h"

#define IMPORT_MAX_SIZE (256 * 1024)

char *proxy_text_ascii(const unsigned char *d, size_t n)
{
	char *out = malloc(n + 1);
	size_t k = 0;

	if (!out)
		return NULL;
	if (n >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
		bool le = d[0] == 0xFF;
		for (size_t i = 2; i + 1 < n; i += 2) {
			unsigned c = le ? (unsigned)(d[i] | d[i + 1] << 8) : (unsigned)(d[i] << 8 | d[i + 1]);
			out[k++] = c == 0 ? ' ' : c < 0x80 ? (char)c : '?';
		}
	} else {
		size_t i = (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
		for (; i < n; i++)
			out[k++] = d[i] == 0 ? ' ' : d[i] < 0x80 ? (char)d[i] : '?';
	}
	out[k] = '\0';
	return out;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

/* The value after LABEL's colon on a line that starts with LABEL, or NULL. */
static char *labelled(char *line, const char *label)
{
	size_t l = strlen(label);
	char *colon;

	if (strncasecmp(line, label, l) != 0 || !(colon = strchr(line + l, ':')))
		return NULL;
	for (char *p = line + l; p < colon; p++)
		if (*p != ' ' && *p != '\t')
			return NULL;
	return trim(colon + 1);
}

/* NAME: the file, redacted, for messages. */
static int import_netsh(struct proxy_model *m, char *text, const char *name, char *err, size_t errlen)
{
	char *servers = NULL, *bypass = NULL, *next;
	bool direct = false;
	char why[256];

	for (char *line = text; line; line = next) {
		if ((next = strchr(line, '\n')))
			*next++ = '\0';
		char *t = trim(line), *v;
		if (strncasecmp(t, "Direct access (no proxy server)", 31) == 0)
			direct = true;
		else if ((v = labelled(t, "Proxy Server(s)")))
			servers = v;
		else if ((v = labelled(t, "Bypass List")))
			bypass = v;
	}
	m->source = "netsh";
	if (direct && !servers)
		return 0;
	if (!servers) {
		snprintf(err, errlen, "%s: netsh output without 'Proxy Server(s)' or 'Direct access'", name);
		return -1;
	}
	if (proxy_parse_list(m, servers, why, sizeof why) ||
	    (bypass && strcasecmp(bypass, "(none)") != 0 && proxy_parse_bypass(m, bypass, why, sizeof why))) {
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	return 0;
}

uint32_t proxy_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int proxy_blob_string(const unsigned char *b, size_t n, size_t *pos, char *out, size_t outlen)
{
	uint32_t l;

	if (*pos + 4 > n)
		return -1;
	l = proxy_le32(b + *pos);
	*pos += 4;
	if (l > n - *pos || l >= outlen)
		return -1;
	for (uint32_t i = 0; i < l; i++)
		out[i] = b[*pos + i] >= 0x20 && b[*pos + i] < 0x7f ? (char)b[*pos + i] : '?';
	out[l] = '\0';
	*pos += l;
	return 0;
}

static int import_registry(struct proxy_model *m, const char *hex, const char *name, char *err, size_t errlen)
{
	unsigned char blob[4096];
	char list[2048], bypass[2048], why[256];
	size_t n = 0, pos = 12;
	uint32_t flags;

	for (const char *p = hex; *p && !isspace((unsigned char)*p); p += 2) {
		if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]) || n == sizeof blob) {
			snprintf(err, errlen, "%s: WinHttpSettings is not an even run of hex digits", name);
			return -1;
		}
		char byte[3] = { p[0], p[1], '\0' };
		blob[n++] = (unsigned char)strtoul(byte, NULL, 16);
	}
	m->source = "registry";
	if (n < 12) {
		snprintf(err, errlen, "%s: WinHttpSettings is shorter than its 12-byte header", name);
		return -1;
	}
	flags = proxy_le32(blob + 8);
	if (!(flags & 2))
		return 0;   /* direct access */
	if (proxy_blob_string(blob, n, &pos, list, sizeof list) || proxy_blob_string(blob, n, &pos, bypass, sizeof bypass)) {
		snprintf(err, errlen, "%s: WinHttpSettings is truncated or its lengths are wrong", name);
		return -1;
	}
	if (proxy_parse_list(m, list, why, sizeof why) || proxy_parse_bypass(m, bypass, why, sizeof why)) {
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	return 0;
}

int proxy_import_text(struct proxy_model *m, const unsigned char *data, size_t len, const char *path,
		      char *err, size_t errlen)
{
	char *text = proxy_text_ascii(data, len), *p, name[REDACT_MAX];
	int rc = -1;

	redact(path, strlen(path), name, sizeof name);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	snprintf(m->origin, sizeof m->origin, "%s", path);
	if ((p = strstr(text, "WinHttpSettings")) && (p = strstr(p, "REG_BINARY"))) {
		rc = import_registry(m, trim(p + 10), name, err, errlen);
	} else if (strcasestr(text, "Current WinHTTP proxy settings:")) {
		rc = import_netsh(m, text, name, err, errlen);
	} else if (strcasestr(text, "WinHTTP")) {
		snprintf(err, errlen, "%s: netsh output in a language other than English is not understood; "
				      "run 'netsh winhttp show proxy' in an English session or export the registry value", name);
	} else {
		snprintf(err, errlen, "%s: neither 'netsh winhttp show proxy' nor 'reg query ... /v WinHttpSettings' output",
			 name);
	}
	free(text);
	return rc;
}

unsigned char *proxy_export_read(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	char name[REDACT_MAX];
	size_t n;

	redact(path, strlen(path), name, sizeof name);
	if (!f) {
		snprintf(err, errlen, "--proxy-from %s: cannot open: %s", name, strerror(errno));
		return NULL;
	}
	if (!(buf = malloc(IMPORT_MAX_SIZE + 1))) {
		snprintf(err, errlen, "%s: out of memory", name);
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, IMPORT_MAX_SIZE + 1, f);
	if (ferror(f) || n > IMPORT_MAX_SIZE) {
		if (ferror(f))
			snprintf(err, errlen, "--proxy-from %s: cannot read", name);
		else
			snprintf(err, errlen, "%s: larger than 256 KiB; not a proxy export", name);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

int proxy_import_file(struct proxy_model *m, const char *path, char *err, size_t errlen)
{
	size_t n;
	unsigned char *buf = proxy_export_read(path, &n, err, errlen);
	int rc;

	if (!buf)
		return -1;
	rc = proxy_import_text(m, buf, n, path, err, errlen);
	free(buf);
	return rc;
}

static const char *env2(const char *lower, const char *upper, const char **name)
{
	const char *v = getenv(lower);

	*name = lower;
	if (!v || !*v) {
		v = getenv(upper);
		*name = upper;
	}
	return v && *v ? v : NULL;
}

/* Adds "SCHEME=host:port" from a proxy URL, taking its credentials aside. */
static int env_proxy(struct proxy_model *m, const char *scheme, const char *value, const char *name,
		     char *err, size_t errlen)
{
	const char *p = value, *at, *end;
	char entry[URL_MAX_LEN + 16], why[256];

	if (strncasecmp(p, "http://", 7) == 0)
		p += 7;
	end = p + strcspn(p, "/");
	at = memchr(p, '@', (size_t)(end - p));
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		size_t ul = (size_t)((colon ? colon : at) - p);
		if (!m->env_user) {
			m->env_user = strndup(p, ul);
			m->env_password = colon ? strndup(colon + 1, (size_t)(at - colon - 1)) : NULL;
		}
		p = at + 1;
	}
	snprintf(entry, sizeof entry, "%s=%.*s", scheme, (int)(end - p), p);
	if (proxy_parse_list(m, entry, why, sizeof why)) {
		snprintf(err, errlen, "%s: %s", name, why);
		return -1;
	}
	return 0;
}

int proxy_import_env(struct proxy_model *m, char *err, size_t errlen)
{
	const char *name, *v;
	char origin[64] = "";

	m->source = "environment";
	if ((v = env2("https_proxy", "HTTPS_PROXY", &name))) {
		if (env_proxy(m, "https", v, name, err, errlen))
			return -1;
		snprintf(origin, sizeof origin, "%s", name);
	}
	if ((v = env2("http_proxy", "HTTP_PROXY", &name))) {
		if (env_proxy(m, "http", v, name, err, errlen))
			return -1;
		snprintf(origin + strlen(origin), sizeof origin - strlen(origin), "%s%s", *origin ? "," : "", name);
	}
	if ((v = env2("no_proxy", "NO_PROXY", &name))) {
		/* no_proxy "example.com" covers the name and every name below it. */
		char why[256];
		for (const char *e = v; *e;) {
			size_t n = strcspn(e, ", ");
			const char *d = e;
			while (n && *d == '.') {
				d++;
				n--;
			}
			if (n) {
				char both[600];
				snprintf(both, sizeof both, (n == 1 && *d == '*') ? "*" : "%.*s;*.%.*s",
					 (int)(n > 290 ? 290 : n), d, (int)(n > 290 ? 290 : n), d);
				if (proxy_parse_bypass(m, both, why, sizeof why)) {
					snprintf(err, errlen, "%s: %s", name, why);
					return -1;
				}
			}
			e = d + n;
			e += strspn(e, ", ");
		}
	}
	snprintf(m->origin, sizeof m->origin, "%s", *origin ? origin : "no proxy variable set");
	return 0;
}
