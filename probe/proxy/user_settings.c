/* The Internet Options importer: `reg query` output of a user's
 * ...\CurrentVersion\Internet Settings key (with /s, its Connections and
 * WinHttp subkeys too). Value lines look like
 *     ProxyServer    REG_SZ    proxy.contoso.com:8080
 * under a line naming their key (HKEY_CURRENT_USER\...\Internet Settings).
 *
 * Which settings win: WinINet keeps the LAN settings in the
 * DefaultConnectionSettings blob under Connections, and writes ProxyEnable,
 * ProxyServer, ProxyOverride and AutoConfigURL beside it for older programs;
 * WinHttpGetIEProxyConfigForCurrentUser, which Delivery Optimization's
 * automatic proxy relies on, reads the blob alone (Wine's winhttp does the
 * same). So when the blob is there it decides and a disagreeing plain value
 * only earns a note; without it the plain values are read, and
 * "Automatically detect settings", which has no plain value, is taken as on,
 * Windows' default. Blob layout (little-endian; Stack Overflow 1674119,
 * Wine dlls/winhttp/session.c): DWORD version 0x3C (IE6) or 0x46 (IE7 and
 * later), DWORD change counter, DWORD flags (1 direct, 2 proxy, 4 setup
 * script, 8 auto-detect), then DWORD length + bytes of the proxy server, the
 * bypass list and the setup script URL; more fields follow. */
#include "user_settings.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxy_import.h"
#include "redact.h"
#include "url.h"

#define LIST_MAX  4096
#define BLOB_MAX  (64 * 1024)

/* The values read, by where they live. */
enum value_id { V_PROXY_ENABLE, V_PROXY_SERVER, V_PROXY_OVERRIDE, V_AUTOCONFIG_URL, V_DISABLE_AUTH,
		V_CONNECTION_SETTINGS, V_DISABLE_WPAD, V_COUNT };

enum key_kind { KEY_NONE, KEY_SETTINGS, KEY_CONNECTIONS, KEY_WINHTTP, KEY_OTHER };

static const struct {
	const char *name;
	const char *type;
	enum key_kind key;       /* where it lives */
} values[V_COUNT] = {
	[V_PROXY_ENABLE] = { "ProxyEnable", "REG_DWORD", KEY_SETTINGS },
	[V_PROXY_SERVER] = { "ProxyServer", "REG_SZ", KEY_SETTINGS },
	[V_PROXY_OVERRIDE] = { "ProxyOverride", "REG_SZ", KEY_SETTINGS },
	[V_AUTOCONFIG_URL] = { "AutoConfigURL", "REG_SZ", KEY_SETTINGS },
	[V_DISABLE_AUTH] = { "DisableProxyAuthenticationSchemes", "REG_DWORD", KEY_SETTINGS },
	[V_CONNECTION_SETTINGS] = { "DefaultConnectionSettings", "REG_BINARY", KEY_CONNECTIONS },
	[V_DISABLE_WPAD] = { "DisableWpad", "REG_DWORD", KEY_WINHTTP },
};

static const char *const reg_types[] = { "REG_SZ", "REG_EXPAND_SZ", "REG_MULTI_SZ", "REG_DWORD",
					 "REG_QWORD", "REG_BINARY", "REG_NONE" };

/* One value line, split. */
struct value_line {
	const char *name, *type, *data;
	size_t name_len, type_len;
};

struct found {
	const char *data;   /* into the text; NUL-terminated line */
	int line;
};

struct reader {
	char name[REDACT_MAX];       /* the file, redacted */
	char *err;
	size_t errlen;
	struct found v[V_COUNT];
	bool saw_connections_key;
};

static int rerr(struct reader *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int rerr(struct reader *r, int line, const char *fmt, ...)
{
	int n = line ? snprintf(r->err, r->errlen, "%s:%d: ", r->name, line)
		     : snprintf(r->err, r->errlen, "%s: ", r->name);
	va_list ap;

	if (n < 0 || (size_t)n >= r->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && strncasecmp(s + n - l, suffix, l) == 0;
}

static enum key_kind key_of(const char *line)
{
	size_t n = strlen(line);

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	if (ends_with(line, n, "\\Internet Settings"))
		return KEY_SETTINGS;
	if (ends_with(line, n, "\\Internet Settings\\Connections"))
		return KEY_CONNECTIONS;
	if (ends_with(line, n, "\\Internet Settings\\WinHttp"))
		return KEY_WINHTTP;
	return KEY_OTHER;
}

/* Splits LINE ("    NAME    TYPE    DATA", DATA optional) at its type, a
 * known REG_ name between runs of four spaces. */
static bool split_value(const char *line, struct value_line *v)
{
	const char *p = line;

	while (*p == ' ' || *p == '\t')
		p++;
	for (const char *t = strstr(p, "    REG_"); t; t = strstr(t + 1, "    REG_")) {
		const char *type = t + 4;
		for (size_t i = 0; i < sizeof reg_types / sizeof reg_types[0]; i++) {
			size_t tl = strlen(reg_types[i]);
			if (strncmp(type, reg_types[i], tl) != 0 || (type[tl] && strncmp(type + tl, "    ", 4) != 0))
				continue;
			v->name = p;
			v->name_len = (size_t)(t - p);
			v->type = type;
			v->type_len = tl;
			v->data = type[tl] ? type + tl + 4 : type + tl;
			return v->name_len > 0;
		}
	}
	return false;
}

/* The value LINE names, when it is one this importer reads under KEY. */
static int value_id(const struct value_line *v, enum key_kind key)
{
	for (int i = 0; i < V_COUNT; i++)
		if (strlen(values[i].name) == v->name_len && strncasecmp(v->name, values[i].name, v->name_len) == 0)
			return key == KEY_NONE || key == values[i].key ? i : -1;
	return -1;
}

static char *trim_end(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* Walks TEXT (modified: lines cut), recording the values this importer
 * reads; with R NULL only classifies (returns the PROXY_EXPORT_* bits). */
static int scan(char *text, struct reader *r)
{
	enum key_kind key = KEY_NONE;
	int kind = 0, line = 0;
	char *next;

	for (char *s = text; s; s = next) {
		struct value_line v;
		if ((next = strchr(s, '\n')))
			*next++ = '\0';
		trim_end(s);
		line++;
		if (strncmp(s, "HKEY_", 5) == 0) {
			key = key_of(s);
			if (r && key == KEY_CONNECTIONS)
				r->saw_connections_key = true;
			continue;
		}
		if (strstr(s, "WinHTTP"))
			kind |= PROXY_EXPORT_MACHINE;   /* netsh winhttp show proxy's header, any language */
		if (r && strncmp(s, "ERROR:", 6) == 0) {
			char shown[REDACT_MAX];
			const char *what = s + 6 + strspn(s + 6, " ");
			return rerr(r, line, "reg query reported an error: %.160s",
				    redact(what, strlen(what), shown, sizeof shown));
		}
		if (!split_value(s, &v))
			continue;
		if (v.name_len == 15 && strncasecmp(v.name, "WinHttpSettings", 15) == 0 &&
		    v.type_len == 10 && strncmp(v.type, "REG_BINARY", 10) == 0) {
			kind |= PROXY_EXPORT_MACHINE;
			continue;
		}
		int id = value_id(&v, key);
		if (id < 0)
			continue;
		kind |= PROXY_EXPORT_USER;
		if (!r)
			continue;
		if (r->v[id].data)
			return rerr(r, line, "%s given twice (first on line %d)", values[id].name, r->v[id].line);
		if (strlen(values[id].type) != v.type_len || strncmp(v.type, values[id].type, v.type_len) != 0)
			return rerr(r, line, "%s is %.*s; Windows stores it as %s", values[id].name, (int)v.type_len,
				    v.type, values[id].type);
		r->v[id].data = v.data;
		r->v[id].line = line;
	}
	return kind;
}

int proxy_export_kind(const unsigned char *data, size_t len)
{
	char *text = proxy_text_ascii(data, len);
	int kind;

	if (!text)
		return 0;
	kind = scan(text, NULL);
	free(text);
	return kind;
}

/* "0x1" as reg query prints a REG_DWORD. */
static int dword(struct reader *r, enum value_id id, unsigned *out)
{
	const char *s = r->v[id].data;
	char shown[REDACT_MAX];

	size_t digits = strncmp(s, "0x", 2) == 0 ? strlen(s + 2) : 0;

	if (digits == 0 || digits > 8 || strspn(s + 2, "0123456789abcdefABCDEF") != digits)
		return rerr(r, r->v[id].line, "%s: '%.20s' is not a REG_DWORD as reg query prints it (0x1)",
			    values[id].name, redact(s, strlen(s), shown, sizeof shown));
	*out = (unsigned)strtoul(s + 2, NULL, 16);
	return 0;
}


/* The settings decoded from DefaultConnectionSettings. */
struct blob {
	uint32_t flags;
	char proxy[LIST_MAX + 1], bypass[LIST_MAX + 1], url[USER_URL_MAX + 1];
};

/* A length-prefixed string at *POS: 1 read, 0 absent (the blob ends), -1 bad. */
static int blob_string(const unsigned char *b, size_t n, size_t *pos, char *out, size_t outlen)
{
	out[0] = '\0';
	if (*pos == n)
		return 0;
	return proxy_blob_string(b, n, pos, out, outlen) == 0 ? 1 : -1;
}

static int decode_blob(struct reader *r, struct blob *bl)
{
	const char *hex = r->v[V_CONNECTION_SETTINGS].data;
	int line = r->v[V_CONNECTION_SETTINGS].line;
	size_t hl = strlen(hex), n = 0, pos = 12;
	unsigned char *b;
	uint32_t version;
	int rc = -1;

	if (hl % 2 || strspn(hex, "0123456789abcdefABCDEF") != hl)
		return rerr(r, line, "DefaultConnectionSettings is not an even run of hex digits");
	if (hl / 2 > BLOB_MAX)
		return rerr(r, line, "DefaultConnectionSettings is larger than %d KiB", BLOB_MAX / 1024);
	if (!(b = malloc(hl / 2 + 1)))
		return rerr(r, line, "out of memory");
	for (size_t i = 0; i < hl; i += 2) {
		char byte[3] = { hex[i], hex[i + 1], '\0' };
		b[n++] = (unsigned char)strtoul(byte, NULL, 16);
	}
	if (n < 12) {
		rerr(r, line, "DefaultConnectionSettings is shorter than its 12-byte header");
		goto done;
	}
	version = proxy_le32(b);
	if (version != 0x3C && version != 0x46) {
		rerr(r, line, "DefaultConnectionSettings has version 0x%X; known: 0x3C (IE6), 0x46 (IE7 and later)",
		     (unsigned)version);
		goto done;
	}
	bl->flags = proxy_le32(b + 8);
	if (blob_string(b, n, &pos, bl->proxy, sizeof bl->proxy) < 1 ||
	    blob_string(b, n, &pos, bl->bypass, sizeof bl->bypass) < 1 ||
	    blob_string(b, n, &pos, bl->url, sizeof bl->url) < 0) {
		rerr(r, line, "DefaultConnectionSettings is truncated, or a length in it is wrong or over %d bytes",
		     LIST_MAX);
		goto done;
	}
	rc = 0;
done:
	free(b);
	return rc;
}

/* ProxyServer and ProxyOverride into the manual model. WinINet's own entry
 * <-loopback> (do not bypass loopback names) has no WinHTTP meaning: dropped. */
static int set_manual(struct reader *r, struct user_proxy *u, const char *list, const char *bypass, int line,
		      int bypass_line)
{
	char why[256], rest[LIST_MAX + 1];
	size_t k = 0;

	u->manual_model.source = "user";
	snprintf(u->manual_model.origin, sizeof u->manual_model.origin, "%s", u->origin);
	if (proxy_parse_list(&u->manual_model, list, why, sizeof why))
		return rerr(r, line, "ProxyServer: %s", why);
	for (const char *p = bypass; *p;) {
		size_t n = strcspn(p, "; \t");
		if (n && !(n == 11 && strncasecmp(p, "<-loopback>", 11) == 0)) {
			if (k + n + 2 > sizeof rest)
				return rerr(r, bypass_line, "ProxyOverride is longer than %d bytes", LIST_MAX);
			if (k)
				rest[k++] = ';';
			memcpy(rest + k, p, n);
			k += n;
		}
		p += n;
		p += strspn(p, "; \t");
	}
	rest[k] = '\0';
	if (proxy_parse_bypass(&u->manual_model, rest, why, sizeof why))
		return rerr(r, bypass_line, "ProxyOverride: %s", why);
	return 0;
}

static int set_url(struct reader *r, struct user_proxy *u, const char *s, int line)
{
	struct url parsed;
	char why[128], shown[REDACT_MAX];

	if (strlen(s) > USER_URL_MAX || url_parse(s, strlen(s), &parsed, why, sizeof why))
		return rerr(r, line, "AutoConfigURL '%.120s': %s; WinHTTP loads a setup script only from an "
				     "http:// or https:// URL", redact(s, strlen(s), shown, sizeof shown),
			    strlen(s) > USER_URL_MAX ? "too long" : why);
	snprintf(u->autoconfig_url, sizeof u->autoconfig_url, "%s", s);
	return 0;
}

/* Appends NAME to the list of plain values that disagree with the blob. */
static void disagree(char *list, size_t len, const char *name)
{
	size_t used = strlen(list);
	snprintf(list + used, len - used, "%s%s", used ? ", " : "", name);
}

static int decide(struct reader *r, struct user_proxy *u)
{
	const struct found *v = r->v;
	unsigned enable = 0;

	if (v[V_PROXY_ENABLE].data && dword(r, V_PROXY_ENABLE, &enable))
		return -1;
	if (v[V_CONNECTION_SETTINGS].data) {
		struct blob *bl = calloc(1, sizeof *bl);
		char differ[128] = "";
		int line = v[V_CONNECTION_SETTINGS].line, rc = -1;
		if (!bl)
			return rerr(r, line, "out of memory");
		if (decode_blob(r, bl))
			goto out;
		u->from_blob = true;
		u->manual = (bl->flags & 2) && bl->proxy[0];
		u->autoconfig = (bl->flags & 4) && bl->url[0];
		u->autodetect = (bl->flags & 8) != 0;
		if (v[V_PROXY_ENABLE].data && (enable != 0) != ((bl->flags & 2) != 0))
			disagree(differ, sizeof differ, "ProxyEnable");
		if (u->manual && v[V_PROXY_SERVER].data && strcmp(v[V_PROXY_SERVER].data, bl->proxy) != 0)
			disagree(differ, sizeof differ, "ProxyServer");
		if (u->manual && v[V_PROXY_OVERRIDE].data && strcmp(v[V_PROXY_OVERRIDE].data, bl->bypass) != 0)
			disagree(differ, sizeof differ, "ProxyOverride");
		if (v[V_AUTOCONFIG_URL].data && v[V_AUTOCONFIG_URL].data[0] &&
		    (!u->autoconfig || strcmp(v[V_AUTOCONFIG_URL].data, bl->url) != 0))
			disagree(differ, sizeof differ, "AutoConfigURL");
		if (differ[0])
			snprintf(u->note, sizeof u->note, "%s disagree%s with DefaultConnectionSettings; the blob wins, "
				 "as WinINet reads it", differ, strchr(differ, ',') ? "" : "s");
		else if ((bl->flags & 2) && !bl->proxy[0])
			snprintf(u->note, sizeof u->note, "DefaultConnectionSettings turns the proxy server on "
							  "but names none: no manual proxy");
		if ((u->manual && set_manual(r, u, bl->proxy, bl->bypass, line, line)) ||
		    (u->autoconfig && set_url(r, u, bl->url, line)))
			goto out;
		rc = 0;
out:
		free(bl);
		return rc;
	}
	u->manual = enable != 0 && v[V_PROXY_SERVER].data && v[V_PROXY_SERVER].data[0];
	u->autoconfig = v[V_AUTOCONFIG_URL].data && v[V_AUTOCONFIG_URL].data[0];
	u->autodetect = true;
	snprintf(u->note, sizeof u->note, "no DefaultConnectionSettings%s: 'Automatically detect settings' "
		 "taken as on, Windows' default", r->saw_connections_key ? " under Connections"
					      : " (export with /s to include the Connections key)");
	if (u->manual && set_manual(r, u, v[V_PROXY_SERVER].data,
				    v[V_PROXY_OVERRIDE].data ? v[V_PROXY_OVERRIDE].data : "",
				    v[V_PROXY_SERVER].line, v[V_PROXY_OVERRIDE].line))
		return -1;
	if (u->autoconfig && set_url(r, u, v[V_AUTOCONFIG_URL].data, v[V_AUTOCONFIG_URL].line))
		return -1;
	return 0;
}

static int machine_switches(struct reader *r, struct user_proxy *u)
{
	unsigned x;

	if (r->v[V_DISABLE_WPAD].data) {
		if (dword(r, V_DISABLE_WPAD, &x))
			return -1;
		u->disable_wpad = x != 0;
	}
	if (r->v[V_DISABLE_AUTH].data) {
		if (dword(r, V_DISABLE_AUTH, &x))
			return -1;
		if (x & ~(AUTH_OFF_BASIC | AUTH_OFF_DIGEST | AUTH_OFF_NTLM | AUTH_OFF_KERBEROS |
			  AUTH_OFF_NEGOTIATE | AUTH_OFF_LOOPBACK))
			return rerr(r, r->v[V_DISABLE_AUTH].line, "DisableProxyAuthenticationSchemes 0x%X sets bits "
				    "Windows does not define (0x1 Basic, 0x2 Digest, 0x4 NTLM, 0x8 Kerberos, "
				    "0x10 Negotiate, 0x100 loopback)", x);
		u->has_disable_auth = true;
		u->disable_auth_schemes = x;
	}
	return 0;
}

int proxy_import_user(struct user_proxy *u, const unsigned char *data, size_t len, const char *path,
		      char *err, size_t errlen)
{
	struct reader r = { .err = err, .errlen = errlen };
	char *text = proxy_text_ascii(data, len);
	int rc = -1, kind;

	memset(u, 0, sizeof *u);
	redact(path, strlen(path), r.name, sizeof r.name);
	snprintf(u->origin, sizeof u->origin, "%s", path);
	if (!text) {
		rerr(&r, 0, "out of memory");
		goto done;
	}
	if ((kind = scan(text, &r)) < 0)
		goto done;
	if (!(kind & PROXY_EXPORT_USER)) {
		rerr(&r, 0, "no Internet Options in it: wanted the output of reg query "
			    "\"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings\" /s");
		goto done;
	}
	for (int i = 0; i < V_DISABLE_AUTH; i++)
		u->present |= r.v[i].data != NULL;
	u->present |= r.v[V_CONNECTION_SETTINGS].data != NULL;
	if ((u->present && decide(&r, u)) || machine_switches(&r, u))
		goto done;
	rc = 0;
done:
	free(text);
	if (rc)
		user_proxy_free(u);
	return rc;
}

int proxy_import_user_file(struct user_proxy *u, const char *path, char *err, size_t errlen)
{
	size_t n;
	unsigned char *buf = proxy_export_read(path, &n, err, errlen);
	int rc;

	memset(u, 0, sizeof *u);
	if (!buf)
		return -1;
	rc = proxy_import_user(u, buf, n, path, err, errlen);
	free(buf);
	return rc;
}

void user_proxy_free(struct user_proxy *u)
{
	proxy_model_free(&u->manual_model);
	memset(u, 0, sizeof *u);
}
