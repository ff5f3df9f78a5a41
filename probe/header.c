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
	} else if (via_proxy && (header_is(line, n, "X-Squid-Error", &v) || header_is(line, n, "Proxy-Status", &v))) {
		h->proxy_page = true;
	}
	return HDR_GO_ON;
}
