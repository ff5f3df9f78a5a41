/* SNTP (RFC 4330) packets: the request, the reply checks, the arithmetic. */
#ifndef WUPROBE_SNTP_H
#define WUPROBE_SNTP_H

#include <stddef.h>
#include <stdint.h>

#define SNTP_PACKET 48
#define NTP_UNIX_DELTA 2208988800u    /* seconds from 1900-01-01 to 1970-01-01 */

/* A 64-bit NTP timestamp: seconds since 1900 and a binary fraction. */
typedef uint64_t ntp_ts;

ntp_ts ntp_from_unix(double unix_seconds);
double ntp_to_unix(ntp_ts t);

/* Writes a client request (LI 0, VN 4, mode 3) with transmit time T1. */
void sntp_request(uint8_t out[SNTP_PACKET], ntp_ts t1);

enum sntp_status { SNTP_OK, SNTP_SHORT, SNTP_NOT_SERVER, SNTP_UNSYNCED, SNTP_KISS, SNTP_BAD_ORIGIN, SNTP_ZERO_TRANSMIT };

struct sntp_reply {
	ntp_ts t2, t3;                 /* the server's receive and transmit times */
	int stratum;
	char kiss[5];                  /* kiss-o'-death code (stratum 0), e.g. "RATE" */
};

/* Checks a reply to a request sent with transmit time T1 (RFC 4330 §5):
 * mode 4, LI not 3, stratum not 0, originate echoing T1, transmit non-zero. */
enum sntp_status sntp_parse(const uint8_t *buf, size_t len, ntp_ts t1, struct sntp_reply *out);
const char *sntp_status_text(enum sntp_status s);

/* offset = ((T2 - T1) + (T3 - T4)) / 2 (the reference minus this clock),
 * delay = (T4 - T1) - (T3 - T2), in seconds. */
void sntp_offset(ntp_ts t1, ntp_ts t2, ntp_ts t3, ntp_ts t4, double *offset, double *delay);

#endif
