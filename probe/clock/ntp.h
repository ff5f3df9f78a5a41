/* The SNTP exchange with the time server, inside the probe's event loop. */
#ifndef WUPROBE_NTP_H
#define WUPROBE_NTP_H

#include <ares.h>
#include <stdbool.h>
#include <stdint.h>

#include "result.h"
#include "sntp.h"
#include "url.h"

#define NTP_TRIES 3

enum ntp_state { NTP_IDLE, NTP_RESOLVING, NTP_WAITING, NTP_DONE };

struct ntp_client {
	char host[URL_HOST_MAX + 1];
	unsigned port;
	enum ntp_state state;
	int fd;
	int tries;
	ntp_ts t1;                     /* the transmit time of the request in flight */
	int64_t sent_ms, deadline;     /* monotonic */
	/* result */
	bool ok;
	double offset, delay;          /* seconds: the reference minus this clock; round trip */
	char address[RESULT_ADDR_LEN];
	char error[400];
	char cut[200];                 /* why the deadline was brought forward (ntp_shorten), "" if not */
};

/* Parses HOST[:PORT] (port 123 by default) into C. Returns 0 or -1. */
int ntp_client_init(struct ntp_client *c, const char *spec);

/* Starts: resolves the name on CHANNEL, then sends. Ends by DEADLINE. */
void ntp_start(struct ntp_client *c, ares_channel channel, int64_t deadline);

/* The socket to wait on (readable), or -1. */
int ntp_fd(const struct ntp_client *c);
/* Milliseconds until it needs attention (a resend, its deadline), or -1. */
int64_t ntp_wait_ms(const struct ntp_client *c, int64_t now);
/* Judges one datagram BUF (LEN bytes), received at T4, as the reply to the
 * request sent at T1 by HOST's client: SNTP_OK with *OFFSET and *DELAY set
 * (seconds); SNTP_KISS (the server says stop) or any other status (ignored:
 * keep waiting) with a one-line reason naming HOST in WHY. */
enum sntp_status ntp_reply(const char *host, const uint8_t *buf, size_t len, ntp_ts t1, ntp_ts t4, double *offset,
			   double *delay, char *why, size_t whylen);
/* Brings the deadline forward to DEADLINE (never back), for reason WHY,
 * which the error names if no reply comes by then. */
void ntp_shorten(struct ntp_client *c, int64_t deadline, const char *why);
/* Reads a reply if READABLE, resends or gives up as time requires. */
void ntp_process(struct ntp_client *c, bool readable, int64_t now);
void ntp_close(struct ntp_client *c);

#endif
