/* Response headers read like WinHTTP: one budget per exchange, statuses,
 * proxy challenges and error pages, the first Date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "header.h"
#include "verdict.h"

static enum header_action feed(struct header_state *h, const char *line, bool via_proxy)
{
	return header_feed(h, line, strlen(line), via_proxy);
}

static void test_statuses_and_blank_lines(void **state)
{
	struct header_state h = { 0 };

	(void)state;
	header_begin(&h);
	assert_int_equal(feed(&h, "HTTP/1.1 100 Continue\r\n", false), HDR_GO_ON);
	assert_int_equal(h.status, 100);
	assert_int_equal(feed(&h, "\r\n", false), HDR_GO_ON);
	assert_int_equal(feed(&h, "HTTP/1.1 302 Found\r\n", false), HDR_GO_ON);
	assert_int_equal(h.status, 302);
	/* A header that merely starts with HTTP/ is a header, not a new response. */
	assert_int_equal(feed(&h, "HTTP/1.1 200 OK-ish: x\r\n", false), HDR_GO_ON);
	assert_int_equal(h.status, 302);
	assert_int_equal(feed(&h, "\r\n", false), HDR_GO_ON);
	assert_int_equal(feed(&h, "garbage\r\n", false), HDR_GO_ON);
	assert_int_equal(h.status, 0);
}

/* The budget covers the whole exchange: neither an interim 100 nor a
 * header line starting with HTTP/ resets it. */
static void test_budget_is_per_exchange(void **state)
{
	struct header_state h = { 0 };
	char pad[1024];
	enum header_action a = HDR_GO_ON;
	int lines = 0;

	(void)state;
	memset(pad, 'x', sizeof pad);
	memcpy(pad, "X-Pad: ", 7);
	memcpy(pad + sizeof pad - 3, "\r\n", 3);
	header_begin(&h);
	while (a == HDR_GO_ON && lines < 5000) {
		a = feed(&h, "HTTP/1.1 100 Continue\r\n", false);
		if (a == HDR_GO_ON)
			a = feed(&h, "\r\n", false);
		lines++;
	}
	assert_int_equal(a, HDR_OVERFLOW);
	assert_true(lines < 5000 && (size_t)lines * 25 >= HEADER_CAP);

	header_begin(&h);
	a = feed(&h, "HTTP/1.1 200 OK\r\n", false);
	for (lines = 0; a == HDR_GO_ON && lines < 200; lines++)
		a = feed(&h, lines % 20 == 19 ? "HTTP/1.1-Pad: y\r\n" : pad, false);
	assert_int_equal(a, HDR_OVERFLOW);
	assert_true(h.bytes > HEADER_CAP);
	/* A new exchange starts a new budget. */
	header_begin(&h);
	assert_int_equal(h.bytes, 0);
	assert_int_equal(feed(&h, "HTTP/1.1 200 OK\r\n", false), HDR_GO_ON);
}

static void test_proxy_challenges(void **state)
{
	struct header_state h = { 0 };
	enum header_action a = HDR_GO_ON;
	int rounds = 0;

	(void)state;
	header_begin(&h);
	feed(&h, "HTTP/1.1 407 Proxy Authentication Required\r\n", true);
	feed(&h, "Proxy-Authenticate: NTLM\r\n", true);
	feed(&h, "Proxy-Authenticate: Basic realm=\"x\"\r\n", true);
	feed(&h, "\r\n", true);
	assert_int_equal(h.offered, PA_NTLM | PA_BASIC);
	assert_int_equal(h.n407, 1);
	/* A proxy that answers every response with a new challenge is cut off. */
	while (a == HDR_GO_ON && rounds < 100) {
		a = feed(&h, "HTTP/1.1 407 Proxy Authentication Required\r\n", true);
		if (a == HDR_GO_ON)
			a = feed(&h, "\r\n", true);
		rounds++;
	}
	assert_int_equal(a, HDR_AUTH_LOOP);
	assert_int_equal(h.n407, HEADER_MAX_407 + 1);
}

static void test_proxy_pages_and_date(void **state)
{
	struct header_state h = { 0 };

	(void)state;
	header_begin(&h);
	feed(&h, "HTTP/1.1 403 Forbidden\r\n", true);
	feed(&h, "X-Squid-Error: ERR_ACCESS_DENIED 0\r\n", true);
	feed(&h, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", true);
	assert_true(h.proxy_page);
	assert_false(h.has_date);             /* the proxy's own page: not the server's clock */
	feed(&h, "\r\n", true);
	feed(&h, "HTTP/1.1 200 OK\r\n", true);
	assert_false(h.proxy_page);
	feed(&h, "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", true);
	assert_true(h.has_date);
	assert_true(h.date_epoch == 784111777.5);
	feed(&h, "Date: Mon, 07 Nov 1994 08:49:37 GMT\r\n", true);
	assert_true(h.date_epoch == 784111777.5);   /* the first one counts */
	header_begin(&h);
	assert_true(h.has_date);                     /* kept across the endpoint's exchanges */
	/* Without a proxy, X-Squid-Error is just a header. */
	feed(&h, "HTTP/1.1 403 Forbidden\r\n", false);
	feed(&h, "X-Squid-Error: ERR_ACCESS_DENIED 0\r\n", false);
	assert_false(h.proxy_page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_statuses_and_blank_lines),
		cmocka_unit_test(test_budget_is_per_exchange),
		cmocka_unit_test(test_proxy_challenges),
		cmocka_unit_test(test_proxy_pages_and_date),
	};
	return cmocka_run_group_tests_name("header", tests, NULL, NULL);
}
