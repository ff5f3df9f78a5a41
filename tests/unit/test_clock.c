/* The SNTP codec and the HTTP Date parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "httpdate.h"
#include "ntp.h"
#include "sntp.h"

static void put64(uint8_t *p, ntp_ts v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

static void reply(uint8_t *b, int li, int mode, int stratum, ntp_ts orig, ntp_ts t2, ntp_ts t3)
{
	memset(b, 0, SNTP_PACKET);
	b[0] = (uint8_t)(li << 6 | 4 << 3 | mode);
	b[1] = (uint8_t)stratum;
	put64(b + 24, orig);
	put64(b + 32, t2);
	put64(b + 40, t3);
}

static void test_request(void **state)
{
	uint8_t b[SNTP_PACKET];
	ntp_ts t1 = ntp_from_unix(1700000000.5);

	(void)state;
	sntp_request(b, t1);
	assert_int_equal(b[0], 0x23);
	assert_int_equal(b[1], 0);
	assert_int_equal((uint32_t)(t1 >> 32), 1700000000u + NTP_UNIX_DELTA);
	assert_int_equal(b[40], (uint8_t)((t1 >> 56) & 0xff));
	assert_int_equal(b[44], 0x80);       /* .5 s */
	assert_true(fabs(ntp_to_unix(t1) - 1700000000.5) < 1e-6);
}

static void test_reply_checks(void **state)
{
	uint8_t b[SNTP_PACKET];
	ntp_ts t1 = ntp_from_unix(1700000000.0), t2 = ntp_from_unix(1700000600.0), t3 = ntp_from_unix(1700000600.1);
	struct sntp_reply r;

	(void)state;
	reply(b, 0, 4, 2, t1, t2, t3);
	assert_int_equal(sntp_parse(b, sizeof b, t1, &r), SNTP_OK);
	assert_int_equal(r.stratum, 2);
	assert_true(r.t2 == t2 && r.t3 == t3);
	assert_int_equal(sntp_parse(b, 47, t1, &r), SNTP_SHORT);
	reply(b, 0, 3, 2, t1, t2, t3);
	assert_int_equal(sntp_parse(b, sizeof b, t1, &r), SNTP_NOT_SERVER);
	reply(b, 3, 4, 2, t1, t2, t3);
	assert_int_equal(sntp_parse(b, sizeof b, t1, &r), SNTP_UNSYNCED);
	reply(b, 0, 4, 0, t1, t2, t3);
	memcpy(b + 12, "RATE", 4);
	assert_int_equal(sntp_parse(b, sizeof b, t1, &r), SNTP_KISS);
	assert_string_equal(r.kiss, "RATE");
	reply(b, 0, 4, 2, t1 + 1, t2, t3);
	assert_int_equal(sntp_parse(b, sizeof b, t1, &r), SNTP_BAD_ORIGIN);
	reply(b, 0, 4, 2, t1, t2, 0);
	assert_int_equal(sntp_parse(b, sizeof b, t1, &r), SNTP_ZERO_TRANSMIT);
	assert_non_null(strstr(sntp_status_text(SNTP_KISS), "kiss"));
}

static void test_offset_and_delay(void **state)
{
	double off, delay;
	/* The server is 600 s ahead; 40 ms each way; 20 ms in the server. */
	ntp_ts t1 = ntp_from_unix(1000.0), t2 = ntp_from_unix(1600.040), t3 = ntp_from_unix(1600.060),
	       t4 = ntp_from_unix(1000.100);

	(void)state;
	sntp_offset(t1, t2, t3, t4, &off, &delay);
	assert_true(fabs(off - 600.0) < 1e-6);
	assert_true(fabs(delay - 0.080) < 1e-6);
	/* behind, across the 2036 era boundary of the 32-bit seconds */
	t1 = ntp_from_unix(2085978500.0);
	t2 = t3 = ntp_from_unix(2085978500.0 - 3600);
	sntp_offset(t1, t2, t3, t1, &off, &delay);
	assert_true(fabs(off + 3600.0) < 1e-6);
}

static void date_is(const char *s, long want)
{
	time_t t = 0;

	if (httpdate_parse(s, strlen(s), &t) != 0)
		fail_msg("'%s' did not parse", s);
	assert_int_equal((long)t, want);
}

static void date_bad(const char *s)
{
	time_t t;

	if (httpdate_parse(s, strlen(s), &t) == 0)
		fail_msg("'%s' parsed", s);
}

static void test_dates(void **state)
{
	(void)state;
	date_is("Sun, 06 Nov 1994 08:49:37 GMT", 784111777);          /* IMF-fixdate */
	date_is("Sunday, 06-Nov-94 08:49:37 GMT", 784111777);         /* RFC 850 */
	date_is("Sun Nov  6 08:49:37 1994", 784111777);               /* asctime */
	date_is("  Sun, 06 Nov 1994 08:49:37 GMT \r\n", 784111777);
	date_is("Thu, 01 Jan 1970 00:00:00 GMT", 0);
	date_is("Tue, 29 Feb 2028 23:59:59 GMT", 1835481599);
	date_is("Wednesday, 01-Jan-30 00:00:00 GMT", 1893456000);     /* 2-digit year: 2030 */
	date_is("Mon Jan 13 12:00:00 2025", 1736769600);
	date_bad("");
	date_bad("Sun, 06 Nov 1994 08:49:37 UTC");
	date_bad("Sun, 6 Nov 1994 08:49:37 GMT");
	date_bad("Sun, 31 Feb 1994 08:49:37 GMT");
	date_bad("Sun, 29 Feb 2027 08:49:37 GMT");
	date_bad("Sun, 06 Nov 1994 24:00:00 GMT");
	date_bad("Sun, 06 Nov 1994 08:49:37 GMT trailing");
	date_bad("Xyz, 06 Nov 1994 08:49:37 GMT");
	date_bad("Sun, 06 Foo 1994 08:49:37 GMT");
	date_bad("1994-11-06T08:49:37Z");
	date_bad("Sun Nov 6 08:49:37 1994");
	date_bad("\x01\x02\x03\xff");
}

static void test_ntp_server_spec(void **state)
{
	static const struct { const char *spec; int rc; const char *host; unsigned port; } rows[] = {
		{ "time.windows.com", 0, "time.windows.com", 123 },
		{ "Time.Example:5123", 0, "time.example", 5123 },
		{ "127.0.0.1:1", 0, "127.0.0.1", 1 },
		{ "[::1]", 0, "::1", 123 },
		{ "[::1]:124", 0, "::1", 124 },
		{ "bad host", -1, NULL, 0 },
		{ "h:0", -1, NULL, 0 },
		{ "::1", -1, NULL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct ntp_client c;
		int rc = ntp_client_init(&c, rows[i].spec);
		assert_int_equal(rc, rows[i].rc);
		if (rc == 0) {
			assert_string_equal(c.host, rows[i].host);
			assert_int_equal(c.port, rows[i].port);
		}
	}
}

/* One datagram judged against the request: the offset, or why not, naming the server. */
static void test_ntp_reply(void **state)
{
	ntp_ts t1 = ntp_from_unix(1000.0), t2 = ntp_from_unix(1600.040), t3 = ntp_from_unix(1600.060),
	       t4 = ntp_from_unix(1000.100);
	uint8_t b[SNTP_PACKET];
	double off = 0, delay = 0;
	char why[128] = "";

	(void)state;
	reply(b, 0, 4, 2, t1, t2, t3);
	assert_int_equal(ntp_reply("ntp.test", b, sizeof b, t1, t4, &off, &delay, why, sizeof why), SNTP_OK);
	assert_true(fabs(off - 600.0) < 1e-6 && fabs(delay - 0.080) < 1e-6);
	reply(b, 0, 4, 0, t1, t2, t3);
	memcpy(b + 12, "RATE", 4);
	assert_int_equal(ntp_reply("ntp.test", b, sizeof b, t1, t4, &off, &delay, why, sizeof why), SNTP_KISS);
	assert_string_equal(why, "ntp.test sent a kiss-o'-death (RATE)");
	reply(b, 0, 4, 2, t1 + 1, t2, t3);
	assert_int_equal(ntp_reply("ntp.test", b, sizeof b, t1, t4, &off, &delay, why, sizeof why), SNTP_BAD_ORIGIN);
	assert_string_equal(why, "ntp.test: a reply that does not echo our request (originate timestamp)");
	assert_int_equal(ntp_reply("ntp.test", b, 47, t1, t4, &off, &delay, why, sizeof why), SNTP_SHORT);
	assert_string_equal(why, "ntp.test: a reply shorter than 48 bytes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_reply_checks),
		cmocka_unit_test(test_offset_and_delay),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_ntp_server_spec),
		cmocka_unit_test(test_ntp_reply),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
