/* The response-header lines of one exchange, as libcurl hands them over
 * (status lines, headers and blank lines of every response, CONNECT replies
 * and interim 1xx responses included): what each line means for the probe.
 * Pure: no handles, no clock; unit-tested and fuzzed on its own. */
#ifndef WUPROBE_HEADER_H
#define WUPROBE_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#define HEADER_CAP       (64 * 1024)   /* WinHTTP's default limit, for all headers of an exchange */
#define HEADER_MAX_407   3             /* 407 answers in one exchange before we stop authenticating */
#define HEADER_CTYPE_MAX 64            /* the Content-Type kept: enough for "application/json; charset=utf-8" */

/* A Content-Range of a single byte range (RFC 9110 14.4): "bytes FIRST-LAST/TOTAL",
 * TOTAL "*" when the sender does not know it. */
#define CR_TOTAL_UNKNOWN (~0ULL)
struct content_range {
	unsigned long long first, last, total;
};

struct header_state {
	size_t bytes;              /* every header byte of the exchange, all responses */
	bool at_status;            /* the next line is a response's status line */
	long status;               /* the last status line's code, 0 none */
	int n407;                  /* 407 answers seen */
	unsigned offered;          /* PA_* in Proxy-Authenticate headers */
	bool proxy_page;           /* the current response is an error page the proxy made itself */
	bool has_date;             /* the first Date header of the endpoint (kept across exchanges) */
	double date_epoch;         /* its time, seconds since 1970, mid-second */
	/* Of the current response only (reset at each status line): */
	bool has_range;            /* a Content-Range header came */
	bool range_ok;             /* and it parsed (content_range_parse) into range */
	struct content_range range;
	bool has_length;           /* a Content-Length header that parsed, in length */
	unsigned long long length;
	char ctype[HEADER_CTYPE_MAX];   /* the Content-Type's start, "" none */
};

enum header_action {
	HDR_GO_ON,
	HDR_OVERFLOW,              /* over HEADER_CAP: WinHTTP would fail the request */
	HDR_AUTH_LOOP,             /* more than HEADER_MAX_407 challenges: the proxy never accepts */
};

/* Starts a new exchange: counts and flags reset, the Date kept. */
void header_begin(struct header_state *h);

/* One line of N bytes (CRLF included, as libcurl passes it). VIA_PROXY:
 * the exchange goes through a proxy, so its own error pages are recognised. */
enum header_action header_feed(struct header_state *h, const char *line, size_t n, bool via_proxy);

/* Parses a Content-Range value V (N bytes; trailing white space, CR and
 * LF ignored) into OUT. Returns 0, or -1 for anything that is not one
 * satisfied byte range: another unit, "*\/TOTAL", LAST before FIRST, LAST
 * at or past TOTAL, numbers past 2^63, stray characters. Pure. */
int content_range_parse(const char *v, size_t n, struct content_range *out);

#endif
