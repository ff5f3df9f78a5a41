#include "sntp.h"

#include <string.h>

ntp_ts ntp_from_unix(double unix_seconds)
{
	double s = unix_seconds + NTP_UNIX_DELTA;
	uint64_t whole = (uint64_t)s;

	return (whole << 32) | (uint64_t)((s - (double)whole) * 4294967296.0);
}

double ntp_to_unix(ntp_ts t)
{
	return (double)(t >> 32) - NTP_UNIX_DELTA + (double)(t & 0xffffffffu) / 4294967296.0;
}

static void put64(uint8_t *p, ntp_ts v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
}

static ntp_ts get64(const uint8_t *p)
{
	ntp_ts v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

void sntp_request(uint8_t out[SNTP_PACKET], ntp_ts t1)
{
	memset(out, 0, SNTP_PACKET);
	out[0] = 0x23;                 /* LI 0, VN 4, mode 3 (client) */
	put64(out + 40, t1);
}

enum sntp_status sntp_parse(const uint8_t *buf, size_t len, ntp_ts t1, struct sntp_reply *out)
{
	memset(out, 0, sizeof *out);
	if (len < SNTP_PACKET)
		return SNTP_SHORT;
	if ((buf[0] & 0x07) != 4)
		return SNTP_NOT_SERVER;
	out->stratum = buf[1];
	if (out->stratum == 0) {
		for (int i = 0; i < 4; i++)
			out->kiss[i] = (buf[12 + i] >= 0x20 && buf[12 + i] < 0x7f) ? (char)buf[12 + i] : '?';
		return SNTP_KISS;
	}
	if ((buf[0] >> 6) == 3)
		return SNTP_UNSYNCED;
	if (get64(buf + 24) != t1)
		return SNTP_BAD_ORIGIN;
	out->t2 = get64(buf + 32);
	out->t3 = get64(buf + 40);
	if (out->t3 == 0)
		return SNTP_ZERO_TRANSMIT;
	return SNTP_OK;
}

const char *sntp_status_text(enum sntp_status s)
{
	static const char *const text[] = {
		"ok", "a reply shorter than 48 bytes", "a reply that is not from a server (mode)",
		"the server says its clock is not synchronised (LI 3)", "kiss-o'-death (stratum 0)",
		"a reply that does not echo our request (originate timestamp)", "a reply without a transmit time",
	};
	return text[s];
}

void sntp_offset(ntp_ts t1, ntp_ts t2, ntp_ts t3, ntp_ts t4, double *offset, double *delay)
{
	/* Differences of 64-bit timestamps as signed values keep full precision
	 * (RFC 4330 §5) and survive the 2036 era rollover. */
	double d21 = (double)(int64_t)(t2 - t1) / 4294967296.0;
	double d34 = (double)(int64_t)(t3 - t4) / 4294967296.0;
	double d41 = (double)(int64_t)(t4 - t1) / 4294967296.0;
	double d32 = (double)(int64_t)(t3 - t2) / 4294967296.0;

	*offset = (d21 + d34) / 2;
	*delay = d41 - d32;
}
