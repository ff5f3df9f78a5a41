/* The SNTP codec, the HTTP Date parser, the vote among the references and
 * the clock verdict. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clockv.h"
#include "httpdate.h"
#include "ntp.h"
#include "sntp.h"
#include "vote.h"

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

/* The largest group of agreeing references wins: one outlier is outvoted. */
static void test_vote_outlier(void **state)
{
	struct vote_source s[20];
	struct vote_result r;

	(void)state;
	s[0] = (struct vote_source){ .skew = -600.0, .uncertainty = 0.001 };   /* SNTP, 600 s off */
	for (int i = 1; i < 20; i++)
		s[i] = (struct vote_source){ .skew = 0.1 * (i % 5), .uncertainty = 1.0 };
	assert_int_equal(vote(s, 20, &r), 19);
	assert_int_equal(r.size, 19);
	assert_int_equal(r.tied, 1);
	assert_false(s[0].agrees);
	for (int i = 1; i < 20; i++)
		assert_true(s[i].agrees);
	assert_true(r.best >= 1 && r.best < 20);
	/* the same, counted directly (few sources): two Date servers outvote SNTP */
	assert_int_equal(vote(s, 3, &r), 2);
	assert_false(s[0].agrees);
	assert_true(s[1].agrees && s[2].agrees);
}

/* Three camps: the largest wins, whatever its precision. */
static void test_vote_camps(void **state)
{
	struct vote_source s[] = {
		{ .skew = 0.0, .uncertainty = 0.01 }, { .skew = 0.5, .uncertainty = 1.0 },
		{ .skew = 600.0, .uncertainty = 1.0 }, { .skew = 600.5, .uncertainty = 1.0 },
		{ .skew = 601.0, .uncertainty = 1.0 }, { .skew = -50.0, .uncertainty = 1.0 },
	};
	struct vote_result r;

	(void)state;
	assert_int_equal(vote(s, 6, &r), 3);
	assert_true(s[2].agrees && s[3].agrees && s[4].agrees);
	assert_false(s[0].agrees || s[1].agrees || s[5].agrees);
	assert_int_equal(r.tied, 1);
}

/* Ties: the group with the more precise source wins; equal precision, nobody. */
static void test_vote_ties(void **state)
{
	struct vote_source s[] = { { .skew = -600.0, .uncertainty = 0.002 }, { .skew = 0.2, .uncertainty = 1.0 } };
	struct vote_source d[] = { { .skew = 0.2, .uncertainty = 1.0 }, { .skew = 3600.0, .uncertainty = 1.0 } };
	struct vote_result r;

	(void)state;
	assert_int_equal(vote(s, 2, &r), 1);
	assert_int_equal(r.tied, 2);
	assert_int_equal(r.best, 0);
	assert_true(s[0].agrees);
	assert_false(s[1].agrees);
	assert_int_equal(vote(d, 2, &r), 0);
	assert_int_equal(r.tied, 2);
	assert_false(d[0].agrees || d[1].agrees);
	assert_int_equal(vote(d, 0, &r), 0);
}

/* Two readings agree within the sum of their uncertainties plus VOTE_MARGIN. */
static void test_vote_agree(void **state)
{
	struct vote_source s[2];
	struct vote_result r;

	(void)state;
	assert_true(vote_agree(0.0, 1.0, 2.9, 1.0));
	assert_false(vote_agree(0.0, 1.0, 3.1, 1.0));
	assert_true(vote_agree(0.0, 0.0, -2.0, 1.0));
	assert_false(vote_agree(0.0, 0.0, -2.1, 1.0));
	/* the vote uses the same bound */
	s[0] = (struct vote_source){ .skew = 0.0, .uncertainty = 1.0 };
	s[1] = (struct vote_source){ .skew = 2.9, .uncertainty = 1.0 };
	assert_int_equal(vote(s, 2, &r), 2);
	s[1].skew = 3.1;
	assert_int_equal(vote(s, 2, &r), 0);
}

/* Counted directly (up to 16 sources) or sorted (more): the same groups as
 * a brute force over every interval start. */
static void test_vote_sorted_and_direct(void **state)
{
	struct vote_source s[40];
	struct vote_result r;

	(void)state;
	srand(7);
	for (int round = 0; round < 300; round++) {
		size_t n = 1 + (size_t)(rand() % 40);
		for (size_t i = 0; i < n; i++)
			s[i] = (struct vote_source){ .skew = (rand() % 40) / 4.0, .uncertainty = (rand() % 4) / 2.0 };
		size_t max = 0;
		for (size_t i = 0; i < n; i++) {
			double x = s[i].skew - s[i].uncertainty - VOTE_MARGIN / 2;
			size_t d = 0;
			for (size_t j = 0; j < n; j++)
				d += s[j].skew - s[j].uncertainty - VOTE_MARGIN / 2 <= x &&
				     x <= s[j].skew + s[j].uncertainty + VOTE_MARGIN / 2;
			if (d > max)
				max = d;
		}
		size_t won = vote(s, n, &r);
		assert_true(won == 0 || won == max);
		assert_true(won == max || r.tied > 1);
		for (size_t i = 0; i < n; i++)        /* every winner agrees with every other */
			for (size_t j = 0; j < n; j++)
				if (s[i].agrees && s[j].agrees)
					assert_true(vote_agree(s[i].skew, s[i].uncertainty, s[j].skew, s[j].uncertainty));
	}
}

static struct endpoint eps[24];

static void dates(size_t n, const char *const *hosts, const double *skews)
{
	for (size_t i = 0; i < sizeof eps / sizeof eps[0]; i++) {
		free(eps[i].xfer.date_host);
		memset(&eps[i], 0, sizeof eps[i]);
	}
	for (size_t i = 0; i < n; i++) {
		eps[i].xfer.has_date = hosts[i] != NULL;
		eps[i].xfer.date_host = hosts[i] ? strdup(hosts[i]) : NULL;
		eps[i].xfer.date_skew = skews[i];
	}
}

static void sntp_says(struct ntp_client *c, const char *host, double offset)
{
	memset(c, 0, sizeof *c);
	snprintf(c->host, sizeof c->host, "%s", host);
	snprintf(c->address, sizeof c->address, "127.0.5.2");
	c->state = NTP_DONE;
	c->ok = true;
	c->offset = offset;
	c->delay = 0.004;
}

/* The case: SNTP 600 s off, 19 Date headers that agree with this machine. */
static void test_judge_sntp_outvoted(void **state)
{
	static const char *const h[19] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
					   "k", "l", "m", "n", "o", "p", "q", "r", "s" };
	double sk[19];
	struct ntp_client ntp;
	struct clock_verdict v;
	char odd[512];

	(void)state;
	for (int i = 0; i < 19; i++)
		sk[i] = 0.1 + 0.05 * (i % 3);
	dates(19, h, sk);
	sntp_says(&ntp, "ntp-ahead.test", 600.0);     /* the reference is ahead: this clock 600 s behind */
	clock_judge(&v, &ntp, eps, 19, 300);
	assert_true(v.known);
	assert_true(fabs(v.skew - 0.15) < 0.01);
	assert_true(v.uncertainty == 1.0);
	assert_string_equal(v.reference, "the Date headers of 19 HTTP responses from 19 servers");
	assert_int_equal(v.sources, 19);
	assert_int_equal(v.nsources, 20);
	assert_int_equal(v.nodd, 1);
	assert_true(v.odd[0].sntp);
	assert_string_equal(v.odd[0].server, "ntp-ahead.test");
	assert_true(fabs(v.odd[0].skew + 600.0) < 1e-9);
	/* a clock set from that server would be 600 s off: a warning */
	assert_true(v.sntp_off);
	assert_int_equal(v.status, CK_WARN);
	clock_odd_text(&v, odd, sizeof odd);
	assert_string_equal(odd, "SNTP ntp-ahead.test (127.0.5.2) says 600 s behind");
	/* within --max-skew, the outvoted server is only named */
	clock_judge(&v, &ntp, eps, 19, 900);
	assert_int_equal(v.status, CK_OK);
	assert_false(v.sntp_off);
	assert_int_equal(v.nodd, 1);
}

/* The reverse: SNTP right, a minority of Date headers wrong. Each server's
 * Date headers count once. */
static void test_judge_date_minority(void **state)
{
	static const char *const h[] = { "good", "good", "chained", "other", "skew", "skew", NULL };
	static const double sk[] = { 0.2, 0.3, 0.1, 0.4, 3600.2, 3600.4, 0 };
	struct ntp_client ntp;
	struct clock_verdict v;
	char odd[512];

	(void)state;
	dates(7, h, sk);
	sntp_says(&ntp, "time.test", -0.01);
	clock_judge(&v, &ntp, eps, 7, 300);
	assert_true(v.known);
	assert_int_equal(v.status, CK_OK);
	assert_true(fabs(v.skew - 0.01) < 1e-9);
	assert_string_equal(v.reference, "SNTP time.test (127.0.5.2)");
	assert_int_equal(v.nsources, 5);              /* SNTP, good, chained, other, skew */
	assert_int_equal(v.sources, 4);
	assert_int_equal(v.nodd, 1);
	assert_false(v.odd[0].sntp);
	assert_string_equal(v.odd[0].server, "skew");
	assert_int_equal(v.odd[0].responses, 2);
	assert_true(fabs(v.odd[0].skew - 3600.3) < 1e-9);   /* the median of its two */
	assert_false(v.sntp_off);
	clock_odd_text(&v, odd, sizeof odd);
	assert_string_equal(odd, "Date of skew says 3600 s ahead");
	/* without SNTP, the median of the winning servers' Date headers */
	clock_judge(&v, NULL, eps, 7, 300);
	assert_string_equal(v.reference, "the Date headers of 4 HTTP responses from 3 servers");
	assert_true(fabs(v.skew - 0.25) < 1e-9);      /* chained 0.1, good 0.25, other 0.4 */
	assert_int_equal(v.sources, 3);
	assert_int_equal(v.nodd, 1);
}

/* One server (19 endpoints) against SNTP: a tie, broken by SNTP's precision;
 * two servers that disagree, with nothing to break the tie: unknown. */
static void test_judge_ties(void **state)
{
	const char *h[19];
	double sk[19];
	struct ntp_client ntp;
	struct clock_verdict v;
	char odd[512];

	(void)state;
	for (int i = 0; i < 19; i++) {
		h[i] = "wsus";
		sk[i] = 0.2;
	}
	dates(19, h, sk);
	sntp_says(&ntp, "time.test", 600.0);
	clock_judge(&v, &ntp, eps, 19, 300);
	assert_true(v.known && v.tie);
	assert_int_equal(v.nsources, 2);
	assert_true(fabs(v.skew + 600.0) < 1e-9);
	assert_int_equal(v.status, CK_WARN);
	assert_int_equal(v.nodd, 1);
	assert_string_equal(v.odd[0].server, "wsus");
	assert_int_equal(v.odd[0].responses, 19);

	static const char *const two[] = { "good", "skew" };
	static const double tsk[] = { 0.2, 3600.0 };
	dates(2, two, tsk);
	clock_judge(&v, NULL, eps, 2, 300);
	assert_false(v.known);
	assert_true(v.tie);
	assert_int_equal(v.status, CK_UNKNOWN);
	assert_int_equal(v.nodd, 2);
	clock_odd_text(&v, odd, sizeof odd);
	assert_string_equal(odd, "Date of good says 0.2 s ahead, Date of skew says 3600 s ahead");
}

/* At most CLOCK_ODD_MAX are named, the rest counted. */
static void test_judge_many_odd(void **state)
{
	static const char *const h[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n",
					 "o", "p", "q", "r", "s", "t", "u", "v" };
	double sk[22];
	struct clock_verdict v;
	char odd[4096];

	(void)state;
	for (int i = 0; i < 22; i++)
		sk[i] = i < 12 ? 0.0 : 100.0 * i;        /* 12 agree, 10 each on their own */
	dates(22, h, sk);
	clock_judge(&v, NULL, eps, 22, 300);
	assert_int_equal(v.sources, 12);
	assert_int_equal(v.nodd, 10);
	clock_odd_text(&v, odd, sizeof odd);
	assert_non_null(strstr(odd, "Date of m says 1200 s ahead"));
	assert_non_null(strstr(odd, ", and 2 more"));
	assert_null(strstr(odd, "Date of u"));
}

/* When the Date headers alone settle the verdict (SNTP gets a short grace). */
static void test_dates_settle(void **state)
{
	static const char *const h[] = { "good", "good", "chained", "skew" };
	static const double right[] = { 0.2, 0.3, -0.4, 0.1 }, off[] = { 600.2, 600.3, 600.1, 600.4 };
	static const double split[] = { 0.2, 0.3, -0.4, 3600.0 };
	int nservers = -1;

	(void)state;
	dates(4, h, right);
	assert_true(clock_dates_settle(eps, 4, &nservers));
	assert_int_equal(nservers, 3);
	dates(2, h, right);                            /* one server: SNTP could still outvote it */
	assert_false(clock_dates_settle(eps, 2, &nservers));
	assert_int_equal(nservers, 1);
	dates(4, h, off);                              /* they agree, but not with this clock */
	assert_false(clock_dates_settle(eps, 4, &nservers));
	dates(4, h, split);                            /* they disagree */
	assert_false(clock_dates_settle(eps, 4, &nservers));
	dates(0, h, right);
	assert_false(clock_dates_settle(eps, 0, &nservers));
	assert_int_equal(nservers, 0);
	dates(0, h, right);
}

/* A shortened deadline: never later than the first, and named in the error. */
static void test_ntp_shorten(void **state)
{
	struct ntp_client c;

	(void)state;
	assert_int_equal(ntp_client_init(&c, "ntp-silent.test"), 0);
	c.state = NTP_WAITING;
	c.tries = NTP_TRIES;
	c.deadline = 10000;
	snprintf(c.address, sizeof c.address, "127.0.5.6");
	ntp_shorten(&c, 20000, "later");
	assert_int_equal(c.deadline, 10000);
	assert_string_equal(c.cut, "");
	ntp_shorten(&c, 2500, "the Date headers agree");
	assert_int_equal(c.deadline, 2500);
	assert_int_equal(ntp_wait_ms(&c, 2000), 500);
	ntp_process(&c, false, 2499);
	assert_int_equal(c.state, NTP_WAITING);
	ntp_process(&c, false, 2500);
	assert_int_equal(c.state, NTP_DONE);
	assert_false(c.ok);
	assert_string_equal(c.error, "no SNTP reply from ntp-silent.test (127.0.5.6) in time (the Date headers agree)");
	ntp_shorten(&c, 100, "done already");          /* an ended exchange keeps its deadline */
	assert_int_equal(c.deadline, 2500);
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
		cmocka_unit_test(test_vote_outlier),
		cmocka_unit_test(test_vote_camps),
		cmocka_unit_test(test_vote_ties),
		cmocka_unit_test(test_vote_agree),
		cmocka_unit_test(test_vote_sorted_and_direct),
		cmocka_unit_test(test_judge_sntp_outvoted),
		cmocka_unit_test(test_judge_date_minority),
		cmocka_unit_test(test_judge_ties),
		cmocka_unit_test(test_judge_many_odd),
		cmocka_unit_test(test_dates_settle),
		cmocka_unit_test(test_ntp_shorten),
	};
	return cmocka_run_group_tests_name("clock", tests, NULL, NULL);
}
