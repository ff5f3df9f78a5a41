/* The shapes of a log line, and the codes, URLs and proxy lists in its
 * message, as ../shared/reference/update-logs.md lists them. */
#include "logline.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool digits(const char *p, const char *end, size_t n)
{
	if ((size_t)(end - p) < n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Skips blanks, then one field; returns where the field starts, *N its length. */
static const char *field(const char **p, const char *end, size_t *n)
{
	const char *s;

	while (*p < end && is_space(**p))
		(*p)++;
	s = *p;
	while (*p < end && !is_space(**p))
		(*p)++;
	*n = (size_t)(*p - s);
	return s;
}

/* "yyyy?MM?dd" with SEP among SEPS; then blanks or 'T'; then "HH:mm:ss". */
static bool stamp(const char *p, const char *end, const char *seps, char *when)
{
	if (!digits(p, end, 4) || end - p < 19 || !strchr(seps, p[4]) || p[7] != p[4] || !digits(p + 5, end, 2) ||
	    !digits(p + 8, end, 2))
		return false;
	const char *t = p + 10;
	if (t < end && *t == 'T')
		t++;
	else
		while (t < end && is_space(*t))
			t++;
	if (!digits(t, end, 2) || end - t < 8 || t[2] != ':' || !digits(t + 3, end, 2) || t[5] != ':' ||
	    !digits(t + 6, end, 2))
		return false;
	snprintf(when, 24, "%.4s-%.2s-%.2s %.8s", p, p + 5, p + 8, t);
	return true;
}

static void set_component(struct log_line *out, const char *s, size_t n)
{
	if (n >= sizeof out->component)
		n = sizeof out->component - 1;
	memcpy(out->component, s, n);
	out->component[n] = '\0';
}

/* The header of each shape; returns where the message starts. */
static const char *header(const char *line, const char *end, struct log_line *out)
{
	const char *p = line, *f;
	size_t n;

	while (p < end && is_space(*p))
		p++;
	if (!stamp(p, end, "/.-", out->when))
		return line;
	const char *t = p + 10;
	while (t < end && (*t == 'T' || is_space(*t)))
		t++;
	t += 8;   /* HH:mm:ss */
	if (t < end && *t == '.') {   /* Windows 10, or Delivery Optimization with 'Z' */
		t++;
		while (t < end && *t >= '0' && *t <= '9')
			t++;
		if (t < end && *t == 'Z') {
			out->shape = LS_DO;
			strcat(out->when, "Z");
			p = t + 1;
			field(&p, end, &n);                 /* PID (hex) */
			field(&p, end, &n);                 /* TID */
			field(&p, end, &n);                 /* level */
			f = field(&p, end, &n);             /* {Function} */
			if (n > 2 && f[0] == '{' && f[n - 1] == '}')
				set_component(out, f + 1, n - 2);
			else
				p = f;
			return p;
		}
		out->shape = LS_WIN10;
	} else if (t < end && *t == ':' && digits(t + 1, end, 3)) {
		out->shape = LS_LEGACY;
		t += 4;
	} else {
		return line;
	}
	p = t;
	field(&p, end, &n);   /* PID */
	field(&p, end, &n);   /* TID */
	f = field(&p, end, &n);
	set_component(out, f, n);
	return p;
}

/* A number after a keyword: blanks, '=' or ':' , blanks, 0x, hex digits
 * that end the word. Returns the digits' count, 0 when none. */
static size_t number_after(const char *p, const char *end, uint32_t *v)
{
	const char *d;
	uint64_t x = 0;

	while (p < end && is_space(*p))
		p++;
	if (p < end && (*p == '=' || *p == ':'))
		p++;
	while (p < end && is_space(*p))
		p++;
	if (end - p >= 2 && p[0] == '0' && (p[1] | 0x20) == 'x')
		p += 2;
	for (d = p; p < end && hexval(*p) >= 0 && p - d < 9; p++)
		x = x << 4 | (uint64_t)hexval(*p);
	if (p == d || p - d > 8 || (p < end && is_alnum(*p)))
		return 0;
	*v = (uint32_t)x;
	return (size_t)(p - d);
}

static const char *const keywords[] = {
	"hr", "error", "error code", "errorcode", "reason", "status code is", "status code was", "failed with",
	"exit code",
};

/* The first failure code of the message, else its first success code. */
static void find_code(const char *p, const char *end, struct log_line *out)
{
	bool success = false;

	for (const char *s = p; s < end; s++) {
		uint32_t v;
		if (*s == '[' && end - s >= 10 && s[9] == ']') {
			size_t k = 1;
			for (v = 0; k <= 8 && hexval(s[k]) >= 0; k++)
				v = v << 4 | (uint32_t)hexval(s[k]);
			if (k == 9) {
				if (v & 0x80000000u)
					goto found;
				success = true;
			}
			continue;
		}
		if ((s > p && is_alnum(s[-1])) || !strchr("hersfHERSF", *s))
			continue;
		for (size_t k = 0; k < sizeof keywords / sizeof keywords[0]; k++) {
			size_t n = strlen(keywords[k]);
			if ((size_t)(end - s) > n && strncasecmp(s, keywords[k], n) == 0 && !is_alnum(s[n]) &&
			    number_after(s + n, end, &v)) {
				if (v & 0x80000000u)
					goto found;
				success = success || v == 0 || v >> 16 == 0x24;   /* hr = 0, Exit code = 0x240001 */
			}
		}
		continue;
found:
		out->has_code = true;
		out->code = v;
		return;
	}
	if (success) {
		out->has_code = true;
		out->code = 0;
	}
}

/* Where a URL ends: blanks, quotes (straight and curly), '>', ',', ')',
 * ']', '|', or ':' before a blank or the end ("url: error"). */
static bool url_end(const char *p, const char *end)
{
	unsigned char c = (unsigned char)*p;

	if (c <= ' ' || c == '>' || c == '\'' || c == '"' || c == ',' || c == ')' || c == ']' || c == '|' || c == '<')
		return true;
	if (c == ':' && (p + 1 == end || is_space(p[1])))
		return true;
	return c == 0xE2 && end - p >= 3 && (unsigned char)p[1] == 0x80 &&
	       ((unsigned char)p[2] == 0x98 || (unsigned char)p[2] == 0x99 || (unsigned char)p[2] == 0x9C ||
		(unsigned char)p[2] == 0x9D);
}

static void find_url(const char *p, const char *end, struct log_line *out)
{
	for (const char *s = p; s < end; s++) {
		size_t n;
		if ((size_t)(end - s) > 8 && strncasecmp(s, "https://", 8) == 0)
			n = 8;
		else if ((size_t)(end - s) > 7 && strncasecmp(s, "http://", 7) == 0)
			n = 7;
		else
			continue;
		if (s > p && is_alnum(s[-1]))
			continue;
		const char *e = s + n;
		if (e < end && *e == '<') {   /* a placeholder host: http://<wsusserver>:8530/ */
			const char *gt = memchr(e, '>', (size_t)(end - e));
			e = gt ? gt + 1 : end;
		}
		while (e < end && !url_end(e, end))
			e++;
		while (e > s + n && (e[-1] == '.' || e[-1] == ';'))
			e--;
		out->url = s;
		out->url_len = (size_t)(e - s);
		return;
	}
}

static void find_proxy(const char *p, const char *end, struct log_line *out)
{
	static const char key[] = "proxy list";

	for (const char *s = p; s + sizeof key - 1 < end; s++) {
		if (strncasecmp(s, key, sizeof key - 1) != 0)
			continue;
		const char *v = s + sizeof key - 1, *e;
		if (end - v >= 5 && strncasecmp(v, " used", 5) == 0)
			v += 5;
		while (v < end && (is_space(*v) || *v == ':' || *v == '='))
			v++;
		if (v < end && (*v == '<' || *v == '\'')) {
			char close = *v == '<' ? '>' : '\'';
			v++;
			e = memchr(v, close, (size_t)(end - v));
			if (!e)
				e = end;
		} else {
			for (e = v; e < end && !is_space(*e); e++)
				;
		}
		while (v < e && is_space(*v))
			v++;
		while (e > v && is_space(e[-1]))
			e--;
		if (e - v == 6 && strncasecmp(v, "(null)", 6) == 0)
			e = v;
		out->has_proxy = true;
		out->proxy = v;
		out->proxy_len = (size_t)(e - v);
		return;
	}
}

void log_line_message(const char *msg, size_t len, struct log_line *out)
{
	const char *end = msg + len;

	find_code(msg, end, out);
	find_url(msg, end, out);
	find_proxy(msg, end, out);
}

void log_line_parse(const char *line, size_t len, struct log_line *out)
{
	const char *end = line + len, *msg;

	memset(out, 0, sizeof *out);
	msg = header(line, end, out);
	if (out->shape == LS_NONE && (strstr(line, "BITS stopped transferring") || strstr(line, "BITS has stopped transferring"))) {
		out->shape = LS_BITS;
		set_component(out, "BITS", 4);
	}
	log_line_message(msg, (size_t)(end - msg), out);
}

size_t log_line_next_stamp(const char *line, size_t len)
{
	const char *end = line + len;
	char when[24];

	for (const char *p = line + 20; p + 19 < end; p++)
		if (is_space(p[-1]) && *p >= '0' && *p <= '9' && stamp(p, end, "/.-", when) &&
		    (p[10] == 'T' || is_space(p[10])))
			return (size_t)(p - line);
	return len;
}
