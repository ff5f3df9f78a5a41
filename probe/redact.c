#include "redact.h"

#include <stdio.h>
#include <string.h>

static int is_sep(char c)
{
	return c == ' ' || c == '\t' || c == ';' || c == ',' || c == '\'' || c == '"';
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Past "name=" (letters only: http=, https=), if TEXT starts with one. */
static size_t skip_key(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n && is_alpha(t[i]))
		i++;
	return i > 0 && i < n && t[i] == '=' ? i + 1 : 0;
}

/* Past "scheme://" (RFC 3986 scheme), if TEXT starts with one. */
static size_t skip_scheme(const char *t, size_t n)
{
	size_t i = 0;

	if (n == 0 || !is_alpha(t[0]))
		return 0;
	while (i < n && (is_alpha(t[i]) || (t[i] >= '0' && t[i] <= '9') || t[i] == '+' || t[i] == '-' ||
			 t[i] == '.'))
		i++;
	return i + 3 <= n && memcmp(t + i, "://", 3) == 0 ? i + 3 : 0;
}

/* At most BUFLEN: snprintf cuts there anyway, and the precision is an int. */
static int shown(size_t n, size_t buflen)
{
	return (int)(n < buflen ? n : buflen);
}

/* Messages are one line: no control character of the value reaches the
 * terminal or the log (a CR or an escape sequence would rewrite what shows). */
static const char *one_line(char *buf)
{
	for (char *p = buf; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	return buf;
}

const char *redact(const char *text, size_t len, char *buf, size_t buflen)
{
	size_t at = len, start = 0;

	if (buflen == 0)
		return buf;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '@')
			at = i;
	if (at == len) {
		snprintf(buf, buflen, "%.*s", shown(len, buflen), text);
		return one_line(buf);
	}
	while (start < at && is_sep(text[start]))
		start++;
	start += skip_key(text + start, at - start);
	start += skip_scheme(text + start, at - start);
	snprintf(buf, buflen, "%.*s***%.*s", shown(start, buflen), text, shown(len - at, buflen), text + at);
	return one_line(buf);
}
