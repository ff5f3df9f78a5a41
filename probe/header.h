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

struct header_state {
	size_t bytes;              /* every header byte of the exchange, all responses */
	bool at_status;            /* the next line is a response's status line */
	long status;               /* the last status line's code, 0 none */
	int n407;                  /* 407 answers seen */
	unsigned offered;          /* PA_* in Proxy-Authenticate headers */
	bool proxy_page;           /* the current response is an error page the proxy made itself */
	bool has_date;             /* the first Date header of the endpoint (kept across exchanges) */
	double date_epoch;         /* its time, seconds since 1970, mid-second */
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

#endif
