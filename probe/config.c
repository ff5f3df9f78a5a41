/* The endpoints.conf parser. Grammar (one construct a line):
 *   # comment            (also after white space at the end of a line)
 *   [group] [component=NAME]   starts a group (its endpoints' component)
 *   URL [key=value | flag] ...
 * Keys: pattern=, status=N[,N...], expect=cab|json, component=NAME (overrides
 * the group's); flags: optional, pinned, range, norange, head. A
 * delivery-optimization or bits endpoint whose URL names a file (its path does
 * not end in '/') is a range endpoint unless it says norange; a bits range
 * endpoint asks HEAD first, as BITS does.
 * The [proxy] section holds "proxy = LIST" and "bypass = LIST" instead; the
 * [policy] section "NAME = VALUE" lines with Windows Update policy values
 * (policy.h), for a machine whose policy is known but not exported. */
#include "config.h"

#include "ntp.h"
#include "redact.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct parser {
	char name[REDACT_MAX];      /* the file's name, redacted, for messages */
	char shown[REDACT_MAX];     /* the value a message echoes, redacted */
	int line;
	char *err;
	size_t errlen;
	char *group;                /* owned; copied into each endpoint */
	enum component component;   /* the group's component= */
	bool ep_component;          /* the endpoint line being read gave component= */
	bool ep_range_given;        /* ... gave range or norange */
	bool in_proxy;              /* inside [proxy] */
	bool in_time;               /* inside [time] */
	bool in_policy;             /* inside [policy] */
	int bypass_line;
	struct config *out;
	size_t cap;
	size_t *seen;               /* open addressing: index + 1 into out->eps, 0 free */
	size_t seencap;
};

/* The URLs so far, hashed, so a long list is checked for duplicates in
 * linear time. Returns the index of the same URL seen before, -1 when new
 * (and added as IDX), -2 out of memory. */
static long seen_add(struct parser *ps, const char *url, size_t idx)
{
	size_t mask;

	if ((idx + 1) * 2 > ps->seencap) {
		size_t cap = ps->seencap ? ps->seencap * 2 : 64;
		size_t *g = calloc(cap, sizeof *g);
		if (!g)
			return -2;
		for (size_t i = 0; i < ps->seencap; i++) {
			size_t k = ps->seen[i], b;
			if (!k)
				continue;
			for (b = url_hash(ps->out->eps[k - 1].url) & (cap - 1); g[b]; b = (b + 1) & (cap - 1))
				;
			g[b] = k;
		}
		free(ps->seen);
		ps->seen = g;
		ps->seencap = cap;
	}
	mask = ps->seencap - 1;
	for (size_t b = url_hash(url) & mask;; b = (b + 1) & mask) {
		if (!ps->seen[b]) {
			ps->seen[b] = idx + 1;
			return -1;
		}
		if (strcmp(ps->out->eps[ps->seen[b] - 1].url, url) == 0)
			return (long)(ps->seen[b] - 1);
	}
}

static int perr(struct parser *ps, const char *fmt, ...)
{
	int n = snprintf(ps->err, ps->errlen, "%s:%d: ", ps->name, ps->line);
	va_list ap;

	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* S (N bytes) as an error message may echo it: through redact(). */
static const char *shown(struct parser *ps, const char *s, size_t n)
{
	return redact(s, n, ps->shown, sizeof ps->shown);
}

static char *dupn(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

bool config_pattern_covers(const char *pattern, const char *host)
{
	if (strncmp(pattern, "*.", 2) == 0) {
		size_t pl = strlen(pattern + 1), hl = strlen(host);   /* ".suffix" */
		return hl > pl && strcasecmp(host + hl - pl, pattern + 1) == 0;
	}
	return strcasecmp(pattern, host) == 0;
}

static bool valid_pattern(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  c == '-' || c == '.' || c == '_' || (c == '*' && i == 0);
		if (!ok)
			return false;
	}
	return n > 0 && (p[0] != '*' || (n > 2 && p[1] == '.'));
}

static int parse_status(struct parser *ps, struct ep_conf *ep, const char *v, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return perr(ps, "status= needs a comma-separated list of HTTP statuses");
	while (i < n) {
		int s = 0;
		size_t digits = 0;
		while (i < n && v[i] >= '0' && v[i] <= '9' && digits < 4) {
			s = s * 10 + (v[i] - '0');
			i++;
			digits++;
		}
		if (digits != 3 || s < 100 || s > 599 || (i < n && v[i] != ','))
			return perr(ps, "status= takes HTTP statuses 100-599 separated by commas: '%.80s'",
				    shown(ps, v, n));
		if (ep->nstatus == CONF_MAX_STATUS)
			return perr(ps, "status= lists more than %d statuses", CONF_MAX_STATUS);
		ep->status[ep->nstatus++] = s;
		if (i < n && ++i == n)
			return perr(ps, "status= ends with a comma");
	}
	return 0;
}

static int parse_component(struct parser *ps, const char *v, size_t n, enum component *out)
{
	if (component_parse(v, n, out))
		return perr(ps, "unknown component '%.64s' (known: %s)", shown(ps, v, n), component_known());
	return 0;
}

static int parse_option(struct parser *ps, struct ep_conf *ep, const struct url *u, const char *t, size_t n)
{
	const char *eq = memchr(t, '=', n);

	if (!eq) {
		if (n == 8 && memcmp(t, "optional", 8) == 0) {
			if (ep->optional)
				return perr(ps, "'optional' given twice");
			ep->optional = true;
			return 0;
		}
		if (n == 6 && memcmp(t, "pinned", 6) == 0) {
			if (ep->pinned)
				return perr(ps, "'pinned' given twice");
			if (!u->https)
				return perr(ps, "'pinned' needs an https:// URL");
			ep->pinned = true;
			return 0;
		}
		if ((n == 5 && memcmp(t, "range", 5) == 0) || (n == 7 && memcmp(t, "norange", 7) == 0)) {
			if (ps->ep_range_given)
				return perr(ps, "range or norange given twice");
			ps->ep_range_given = true;
			ep->range = n == 5;
			return 0;
		}
		if (n == 4 && memcmp(t, "head", 4) == 0) {
			if (ep->head)
				return perr(ps, "'head' given twice");
			ep->head = true;
			return 0;
		}
		return perr(ps, "unknown flag '%.64s' (known: optional, pinned, range, norange, head, pattern=, "
			    "status=, expect=, component=)",
			    shown(ps, t, n));
	}

	size_t kl = (size_t)(eq - t), vl = n - kl - 1;
	const char *v = eq + 1;

	if (kl == 7 && memcmp(t, "pattern", 7) == 0) {
		if (ep->pattern)
			return perr(ps, "pattern= given twice");
		if (!valid_pattern(v, vl))
			return perr(ps, "pattern= must be a host name or *.suffix: '%.64s'", shown(ps, v, vl));
		if (!(ep->pattern = dupn(v, vl)))
			return perr(ps, "out of memory");
		if (!config_pattern_covers(ep->pattern, u->host))
			return perr(ps, "host %s is not covered by pattern %s", u->host, ep->pattern);
		return 0;
	}
	if (kl == 6 && memcmp(t, "status", 6) == 0) {
		if (ep->nstatus)
			return perr(ps, "status= given twice");
		return parse_status(ps, ep, v, vl);
	}
	if (kl == 6 && memcmp(t, "expect", 6) == 0) {
		bool cab = vl == 3 && memcmp(v, "cab", 3) == 0, json = vl == 4 && memcmp(v, "json", 4) == 0;
		if (!cab && !json)
			return perr(ps, "expect= knows 'cab' and 'json'");
		if (ep->expect_cab || ep->expect_json)
			return perr(ps, "expect= given twice");
		ep->expect_cab = cab;
		ep->expect_json = json;
		return 0;
	}
	if (kl == 9 && memcmp(t, "component", 9) == 0) {
		if (ps->ep_component)
			return perr(ps, "component= given twice");
		ps->ep_component = true;
		return parse_component(ps, v, vl, &ep->component);
	}
	return perr(ps, "unknown key '%.64s' (known: pattern, status, expect, component)", shown(ps, t, kl));
}

/* The download-path defaults (a file of a delivery-optimization or bits
 * endpoint is range-probed, a bits range endpoint asks HEAD first), then
 * what does not mix with them. */
static int download_flags(struct parser *ps, struct ep_conf *ep, const struct url *u)
{
	size_t pl = strcspn(u->path, "?");
	bool file = pl > 0 && u->path[pl - 1] != '/';
	bool downloader = ep->component == COMP_DELIVERY_OPT || ep->component == COMP_BITS;

	if (!ps->ep_range_given && downloader && file && !ep->expect_json)
		ep->range = true;
	if (ep->range && ep->component == COMP_BITS)
		ep->head = true;
	if (ep->range && ep->nstatus)
		return perr(ps, "status= and range do not mix: a range endpoint must answer 206%s",
			    ps->ep_range_given ? "" : " (range is implied for a file of this component: add norange)");
	if (ep->range && ep->expect_json)
		return perr(ps, "expect=json and range do not mix: the service answers JSON, files answer ranges");
	return 0;
}

static void ep_free(struct ep_conf *ep)
{
	free(ep->url);
	free(ep->group);
	free(ep->pattern);
	memset(ep, 0, sizeof *ep);
}

static int add_endpoint(struct parser *ps, const char *s, size_t n)
{
	struct ep_conf ep = { 0 };
	struct url u;
	char why[128];
	size_t i = 0;

	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	if (url_parse(s, i, &u, why, sizeof why))
		return perr(ps, "%s: '%.80s'", why, shown(ps, s, i));
	ep.https = u.https;
	ep.line = ps->line;
	ep.component = ps->component;
	ps->ep_component = ps->ep_range_given = false;
	if (!(ep.url = dupn(s, i)) || !(ep.group = strdup(ps->group))) {
		ep_free(&ep);
		return perr(ps, "out of memory");
	}
	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		size_t start = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		if (i > start && parse_option(ps, &ep, &u, s + start, i - start)) {
			ep_free(&ep);
			return -1;
		}
	}
	if (download_flags(ps, &ep, &u)) {
		ep_free(&ep);
		return -1;
	}
	long other = seen_add(ps, ep.url, ps->out->n);
	if (other != -1) {
		ep_free(&ep);
		return other == -2 ? perr(ps, "out of memory")
				   : perr(ps, "duplicate endpoint (first on line %d)", ps->out->eps[other].line);
	}
	if (ps->out->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 32;
		struct ep_conf *g = realloc(ps->out->eps, cap * sizeof *g);
		if (!g) {
			ep_free(&ep);
			return perr(ps, "out of memory");
		}
		ps->out->eps = g;
		ps->cap = cap;
	}
	ps->out->eps[ps->out->n++] = ep;
	return 0;
}

/* "[name]", optionally followed by "component=NAME". */
static int set_group(struct parser *ps, const char *s, size_t n)
{
	const char *close = memchr(s, ']', n), *end = s + n, *rest;
	enum component comp = COMP_UNSET;
	size_t rn;

	if (!close || close - s < 2 || (close + 1 < s + n && close[1] != ' ' && close[1] != '\t'))
		return perr(ps, "a group line is [name] [component=NAME]");
	for (rest = close + 1, rn = (size_t)(end - rest); rn && (*rest == ' ' || *rest == '\t'); rn--)
		rest++;
	n = (size_t)(close - s) - 1;
	s++;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.'))
			return perr(ps, "group names use letters, digits, '-', '_' and '.'");
	}
	if (n > 64)
		return perr(ps, "group name longer than 64 characters");
	ps->in_proxy = n == 5 && memcmp(s, "proxy", 5) == 0;
	ps->in_time = n == 4 && memcmp(s, "time", 4) == 0;
	ps->in_policy = n == 6 && memcmp(s, "policy", 6) == 0;
	if (rn && (ps->in_proxy || ps->in_time || ps->in_policy))
		return perr(ps, "a [%s] line takes nothing after the ']'",
			    ps->in_proxy ? "proxy" : ps->in_time ? "time" : "policy");
	if (rn) {
		size_t tl = 0;
		while (tl < rn && rest[tl] != ' ' && rest[tl] != '\t')
			tl++;
		if (tl < 10 || memcmp(rest, "component=", 10) != 0)
			return perr(ps, "after a group's name only component=NAME may follow: '%.64s'",
				    shown(ps, rest, tl));
		if (tl != rn) {
			const char *extra = rest + tl;
			while (*extra == ' ' || *extra == '\t')
				extra++;   /* the line ends in neither: it was trimmed */
			return perr(ps, "a group line is [name] [component=NAME], and '%.64s' follows",
				    shown(ps, extra, (size_t)(end - extra)));
		}
		if (parse_component(ps, rest + 10, tl - 10, &comp))
			return -1;
	}
	if (ps->in_time)
		return ps->out->ntp[0] ? perr(ps, "a second [time] section") : 0;
	if (ps->in_policy)
		return ps->out->policy.from[0] ? perr(ps, "a second [policy] section")
		       : (snprintf(ps->out->policy.from, sizeof ps->out->policy.from, "%.280s [policy]", ps->name), 0);
	if (ps->in_proxy) {
		if (ps->out->has_proxy || ps->bypass_line)
			return perr(ps, "a second [proxy] section");
		return 0;
	}
	char *g = dupn(s, n);
	if (!g)
		return perr(ps, "out of memory");
	free(ps->group);
	ps->group = g;
	ps->component = comp;
	return 0;
}

/* "proxy = LIST" or "bypass = LIST" inside [proxy]. */
static int parse_proxy_line(struct parser *ps, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n);
	size_t kl;
	char value[CONF_MAX_LINE + 1], why[256];

	if (!eq)
		return perr(ps, "[proxy] lines are 'proxy = LIST' or 'bypass = LIST'");
	kl = (size_t)(eq - s);
	while (kl && (s[kl - 1] == ' ' || s[kl - 1] == '\t'))
		kl--;
	snprintf(value, sizeof value, "%.*s", (int)(n - (size_t)(eq + 1 - s)), eq + 1);
	if (kl == 5 && memcmp(s, "proxy", 5) == 0) {
		if (ps->out->has_proxy)
			return perr(ps, "proxy = given twice");
		if (proxy_parse_list(&ps->out->proxy, value, why, sizeof why))
			return perr(ps, "%s", why);
		ps->out->has_proxy = true;
		return 0;
	}
	if (kl == 6 && memcmp(s, "bypass", 6) == 0) {
		if (ps->bypass_line)
			return perr(ps, "bypass = given twice");
		if (proxy_parse_bypass(&ps->out->proxy, value, why, sizeof why))
			return perr(ps, "%s", why);
		ps->bypass_line = ps->line;
		return 0;
	}
	return perr(ps, "unknown [proxy] key '%.64s' (known: proxy, bypass)", shown(ps, s, kl));
}

/* "ntp = HOST[:PORT]" inside [time]. */
static int parse_time_line(struct parser *ps, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n), *v;
	size_t kl, vl;
	struct ntp_client probe;
	char host[URL_HOST_MAX + 16];

	if (!eq)
		return perr(ps, "[time] lines are 'ntp = HOST[:PORT]'");
	for (kl = (size_t)(eq - s); kl && (s[kl - 1] == ' ' || s[kl - 1] == '\t'); kl--)
		;
	if (kl != 3 || memcmp(s, "ntp", 3) != 0)
		return perr(ps, "unknown [time] key '%.64s' (known: ntp)", shown(ps, s, kl));
	for (v = eq + 1; v < s + n && (*v == ' ' || *v == '\t'); v++)
		;
	vl = (size_t)(s + n - v);
	if (ps->out->ntp[0])
		return perr(ps, "ntp = given twice");
	if (vl == 0 || vl >= sizeof host)
		return perr(ps, "ntp = needs a host name or address");
	snprintf(host, sizeof host, "%.*s", (int)vl, v);
	if (ntp_client_init(&probe, host))
		return perr(ps, "ntp = '%.60s' is not HOST[:PORT]", shown(ps, host, strlen(host)));
	memcpy(ps->out->ntp, host, sizeof host);
	return 0;
}

/* "NAME = VALUE" inside [policy]: a value policy_set knows. */
static int parse_policy_line(struct parser *ps, const char *s, size_t n)
{
	const char *eq = memchr(s, '=', n), *v;
	size_t kl;
	char why[256];
	int rc;

	if (!eq)
		return perr(ps, "[policy] lines are 'NAME = VALUE'");
	for (kl = (size_t)(eq - s); kl && (s[kl - 1] == ' ' || s[kl - 1] == '\t'); kl--)
		;
	for (v = eq + 1; v < s + n && (*v == ' ' || *v == '\t'); v++)
		;
	rc = policy_set(&ps->out->policy, s, kl, NULL, v, (size_t)(s + n - v), why, sizeof why);
	if (rc < 0)
		return perr(ps, "%s", why);
	if (rc == 0)
		return perr(ps, "unknown [policy] value '%.64s' (known: WUServer, WUStatusServer, "
			    "UpdateServiceUrlAlternate, UseWUServer, DoNotConnectToWindowsUpdateInternetLocations, "
			    "SetProxyBehaviorForUpdateDetection, FillEmptyContentUrls, "
			    "SetPolicyDrivenUpdateSourceFor{Feature,Quality,Driver,Other}Updates, "
			    "UseUpdateClassPolicySource, DisableDualScan)", shown(ps, s, kl));
	return 0;
}

static int parse_line(struct parser *ps, const char *s, size_t n)
{
	/* Trim, then cut a comment that starts the line or follows white space. */
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) {
			n = i;
			while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
				n--;
			break;
		}
	}
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
			return perr(ps, "control character 0x%02X", (unsigned char)s[i]);
	if (*s == '[')
		return set_group(ps, s, n);
	if (ps->in_proxy)
		return parse_proxy_line(ps, s, n);
	if (ps->in_time)
		return parse_time_line(ps, s, n);
	if (ps->in_policy)
		return parse_policy_line(ps, s, n);
	return add_endpoint(ps, s, n);
}

void config_free(struct config *c)
{
	for (size_t i = 0; i < c->n; i++)
		ep_free(&c->eps[i]);
	free(c->eps);
	c->eps = NULL;
	c->n = 0;
	proxy_model_free(&c->proxy);
	c->has_proxy = false;
	memset(&c->policy, 0, sizeof c->policy);
}

int config_parse(const char *path, const char *text, size_t len, struct config *out,
		 char *err, size_t errlen)
{
	struct parser ps = { .err = err, .errlen = errlen, .out = out };
	size_t pos = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	redact(path, strlen(path), ps.name, sizeof ps.name);
	if (!(ps.group = strdup("default"))) {
		perr(&ps, "out of memory");
		goto done;
	}
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;   /* UTF-8 byte-order mark */
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = (nl ? (size_t)(nl - text) : len) - pos;
		ps.line++;
		if (memchr(text + pos, '\0', n)) {
			perr(&ps, "binary data (NUL byte); is this an endpoint list?");
			goto done;
		}
		if (n > CONF_MAX_LINE) {
			perr(&ps, "line longer than %d bytes", CONF_MAX_LINE);
			goto done;
		}
		if (parse_line(&ps, text + pos, n))
			goto done;
		pos += n + 1;
	}
	if (ps.bypass_line && !out->has_proxy) {
		ps.line = ps.bypass_line;
		perr(&ps, "bypass = without proxy =");
		goto done;
	}
	if (out->n == 0) {
		ps.line = ps.line ? ps.line : 1;
		perr(&ps, "no endpoints in the file");
		goto done;
	}
	rc = 0;
done:
	free(ps.group);
	free(ps.seen);
	if (rc)
		config_free(out);
	return rc;
}

/* Reads F whole into *BUF (LEN bytes), growing as it goes: a list of 10
 * endpoints costs a few KiB, one of 100,000 a few MB. */
static int read_all(FILE *f, const char *name, char **buf, size_t *len, char *err, size_t errlen)
{
	size_t cap = 0;

	*buf = NULL;
	*len = 0;
	for (;;) {
		if (*len == cap) {
			size_t ncap = cap ? cap * 2 : 64 * 1024;
			char *g;
			if (cap > CONF_MAX_SIZE) {
				snprintf(err, errlen, "%s: larger than %d MiB; is this an endpoint list?", name,
					 CONF_MAX_SIZE / (1024 * 1024));
				return -1;
			}
			if (!(g = realloc(*buf, ncap + 1))) {
				snprintf(err, errlen, "%s: out of memory", name);
				return -1;
			}
			*buf = g;
			cap = ncap;
		}
		size_t n = fread(*buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0) {
			if (ferror(f)) {
				snprintf(err, errlen, "%s: cannot read: %s", name, strerror(errno));
				return -1;
			}
			break;
		}
	}
	if (*len > CONF_MAX_SIZE) {
		snprintf(err, errlen, "%s: larger than %d MiB; is this an endpoint list?", name,
			 CONF_MAX_SIZE / (1024 * 1024));
		return -1;
	}
	return 0;
}

int config_load(const char *path, struct config *out, char *err, size_t errlen)
{
	bool from_stdin = strcmp(path, "-") == 0;
	FILE *f = from_stdin ? stdin : fopen(path, "rb");
	const char *where = from_stdin ? "stdin" : path;   /* the name in every message */
	char *buf = NULL, name[REDACT_MAX];
	size_t len = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	redact(where, strlen(where), name, sizeof name);
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", name, strerror(errno));
		return -1;
	}
	if (read_all(f, name, &buf, &len, err, errlen) == 0)
		rc = config_parse(where, buf, len, out, err, errlen);
	free(buf);
	if (!from_stdin)
		fclose(f);
	return rc;
}

int ep_conf_url(const struct ep_conf *c, struct url *out)
{
	char why[128];

	return url_parse(c->url, strlen(c->url), out, why, sizeof why);
}

/* Appends E unless its URL is listed already. */
static int append_policy_ep(struct config *c, const struct policy_ep *e, char *err, size_t errlen)
{
	struct ep_conf ep = { 0 }, *g;

	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->eps[i].url, e->url) == 0)
			return 0;
	ep.https = strncmp(e->url, "https:", 6) == 0;
	ep.expect_cab = e->expect_cab;
	ep.component = e->component;
	ep.source = e->source;
	memcpy(ep.status, e->status, e->nstatus * sizeof ep.status[0]);
	ep.nstatus = e->nstatus;
	if (!(g = realloc(c->eps, (c->n + 1) * sizeof *g)) || !(ep.url = strdup(e->url)) ||
	    !(ep.group = strdup(e->group))) {
		if (g)
			c->eps = g;
		ep_free(&ep);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	c->eps = g;
	c->eps[c->n++] = ep;
	return 0;
}

int config_add_url(struct config *c, const char *url, const char *group, const char *source, const int *status,
		   size_t nstatus, char *err, size_t errlen)
{
	struct policy_ep e = { .group = group, .source = source };
	struct url u;
	char why[128];

	if (strlen(url) >= sizeof e.url || url_parse(url, strlen(url), &u, why, sizeof why))
		return 1;
	snprintf(e.url, sizeof e.url, "%s", url);
	size_t before = c->n;
	if (append_policy_ep(c, &e, err, errlen))
		return -1;
	if (c->n > before) {
		c->eps[before].nstatus = nstatus < CONF_MAX_STATUS ? nstatus : CONF_MAX_STATUS;
		memcpy(c->eps[before].status, status, c->eps[before].nstatus * sizeof *status);
	}
	return 0;
}

int config_apply_policy(struct config *c, char *err, size_t errlen)
{
	struct policy_ep eps[POLICY_MAX_EPS];
	size_t n = policy_derive(&c->policy, eps);
	const char *why = policy_public_unneeded(&c->policy);

	for (size_t i = 0; i < c->n && why; i++) {
		bool derived = false;   /* a policy server the list names itself stays needed */
		for (size_t k = 0; k < n && !derived; k++)
			derived = strcmp(c->eps[i].url, eps[k].url) == 0;
		if (!c->eps[i].source && !derived && policy_group_public(c->eps[i].group)) {
			c->eps[i].unneeded = why;
			c->eps[i].optional = true;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (append_policy_ep(c, &eps[i], err, errlen))
			return -1;
	return 0;
}
