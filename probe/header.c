/* Reading response headers like WinHTTP: one byte budget for the whole
 * exchange (a status line, an interim 100 or a header that starts with
 * "HTTP/" never resets it), the status of each response, the proxy's
 * authentication schemes and error pages, the first Date. */
#include "header.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "httpdate.h"
#include "verdict.h"

/* True when LINE (N bytes) is NAME: ..., with *VALUE after the colon. */
static bool header_is(const char *line, size_t n, const char *name, const char **value)
{
	size_t l = strlen(name);

	if (n <= l || line[l] != ':' || strncasecmp(line, name, l) != 0)
		return false;
	*value = line + l + 1;
	while (*value < line + n && (**value == ' ' || **value == '\t'))
		(*value)++;
	return true;
}

static unsigned auth_scheme(const char *v, const char *end)
{
	static const struct { const char *name; unsigned bit; } schemes[] = {
		{ "basic", PA_BASIC }, { "digest", PA_DIGEST }, { "ntlm", PA_NTLM }, { "negotiate", PA_NEGOTIATE },
	};
	size_t n = 0;

	while (v + n < end && v[n] != ' ' && v[n] != '\t' && v[n] != '\r' && v[n] != '\n' && v[n] != ',')
		n++;
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strlen(schemes[i].name) == n && strncasecmp(v, schemes[i].name, n) == 0)
			return schemes[i].bit;
	return 0;
}

/* "HTTP/1.1 407 ..." -> 407; 0 when the line is not a status line. */
static long status_of(const char *line, size_t n)
{
	size_t i = 5;
	long code = 0;

	if (n < 12 || memcmp(line, "HTTP/", 5) != 0)
		return 0;
	while (i < n && line[i] != ' ')
		i++;
	if (i + 4 > n)
		return 0;
	for (size_t k = i + 1; k < i + 4; k++) {
		if (line[k] < '0' || line[k] > '9')
			return 0;
		code = code * 10 + (line[k] - '0');
	}
	return code;
}

/* Decimal digits at *I of V (up to N): at most 18, so no overflow. */
static int number(const char *v, size_t n, size_t *i, unsigned long long *out)
{
	size_t start = *i;

	*out = 0;
	while (*i < n && v[*i] >= '0' && v[*i] <= '9') {
		if (*i - start == 18)
			return -1;
		*out = *out * 10 + (unsigned long long)(v[*i] - '0');
		(*i)++;
	}
	return *i > start ? 0 : -1;
}

int content_range_parse(const char *v, size_t n, struct content_range *out)
{
	size_t i = 0;
	struct content_range r;

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	while (i < n && (v[i] == ' ' || v[i] == '\t'))
		i++;
	if (n - i < 6 || strncasecmp(v + i, "bytes", 5) != 0 || v[i + 5] != ' ')
		return -1;
	i += 6;
	while (i < n && v[i] == ' ')
		i++;
	if (number(v, n, &i, &r.first) || i >= n || v[i++] != '-' || number(v, n, &i, &r.last) || i >= n ||
	    v[i++] != '/')
		return -1;
	if (i + 1 == n && v[i] == '*') {
		r.total = CR_TOTAL_UNKNOWN;
		i++;
	} else if (number(v, n, &i, &r.total) || r.last >= r.total) {
		return -1;
	}
	if (i != n || r.last < r.first)
		return -1;
	*out = r;
	return 0;
}

/* The Content-Length value V..END: digits only (a list or a sign is not one length). */
static bool length_of(const char *v, const char *end, unsigned long long *out)
{
	size_t i = 0, n = (size_t)(end - v);

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return number(v, n, &i, out) == 0 && i == n;
}

void header_begin(struct header_state *h)
{
	bool has_date = h->has_date;
	double date = h->date_epoch;

	memset(h, 0, sizeof *h);
	h->at_status = true;
	h->has_date = has_date;
	h->date_epoch = date;
}

enum header_action header_feed(struct header_state *h, const char *line, size_t n, bool via_proxy)
{
	const char *v;

	h->bytes += n;
	if (h->bytes > HEADER_CAP)
		return HDR_OVERFLOW;
	if (h->at_status) {
		h->at_status = false;
		h->status = status_of(line, n);
		h->proxy_page = false;
		h->has_range = h->range_ok = h->has_length = false;
		h->ctype[0] = '\0';
		if (h->status == 407 && ++h->n407 > HEADER_MAX_407)
			return HDR_AUTH_LOOP;
		return HDR_GO_ON;
	}
	if (n == 0 || line[0] == '\r' || line[0] == '\n') {
		h->at_status = true;         /* the end of this response's headers */
		return HDR_GO_ON;
	}
	if (!h->has_date && !h->proxy_page && header_is(line, n, "Date", &v)) {
		time_t date;
		if (httpdate_parse(v, (size_t)(line + n - v), &date) == 0) {
			h->date_epoch = (double)date + 0.5;   /* truncated to the second: mid-second on average */
			h->has_date = true;
		}
	} else if (header_is(line, n, "Proxy-Authenticate", &v)) {
		h->offered |= auth_scheme(v, line + n);
	} else if (header_is(line, n, "Content-Range", &v)) {
		h->has_range = true;
		h->range_ok = content_range_parse(v, (size_t)(line + n - v), &h->range) == 0;
	} else if (header_is(line, n, "Content-Length", &v)) {
		h->has_length = length_of(v, line + n, &h->length);
	} else if (header_is(line, n, "Content-Type", &v)) {
		size_t l = 0;
		while (v + l < line + n && l + 1 < sizeof h->ctype && v[l] != '\r' && v[l] != '\n')
			l++;
		memcpy(h->ctype, v, l);
		h->ctype[l] = '\0';
	} else if (via_proxy && (header_is(line, n, "X-Squid-Error", &v) || header_is(line, n, "Proxy-Status", &v))) {
		h->proxy_page = true;
	}
	return HDR_GO_ON;
}
