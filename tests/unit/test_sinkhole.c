/* DNS filters' block answers: which addresses are sinkholes, that a lookup's
 * address list keeps them for the record and out of the connection list,
 * and the verdict an all-sinkhole answer gets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <string.h>

#include "codes.h"
#include "ares_util.h"
#include "sinkhole.h"
#include "verdict.h"

static void test_which_addresses(void **state)
{
	static const struct { const char *addr; bool sinkhole; } rows[] = {
		{ "0.0.0.0", true }, { "0.1.2.3", true }, { "127.0.0.1", true },
		{ "::", true }, { "::1", true }, { "::ffff:0.0.0.0", true }, { "::ffff:127.0.0.1", true },
		/* Other loopback addresses, private ranges, the rest: ordinary. */
		{ "127.0.0.2", false }, { "127.0.1.1", false }, { "127.1.0.1", false }, { "10.0.0.1", false },
		{ "192.168.1.1", false }, { "1.0.0.0", false }, { "::2", false }, { "::ffff:127.0.0.2", false },
		{ "fe80::1", false }, { "2001:db8::", false }, { "::127.0.0.1", false },
		/* Not numeric: no claim. */
		{ "localhost", false }, { "", false }, { "0.0.0.0.0", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		unsigned char b[16];
		if (sinkhole_text(rows[i].addr) != rows[i].sinkhole)
			fail_msg("%s: expected %s", rows[i].addr, rows[i].sinkhole ? "a sinkhole" : "ordinary");
		int family = strchr(rows[i].addr, ':') ? AF_INET6 : AF_INET;
		if (inet_pton(family, rows[i].addr, b) == 1)
			assert_true(sinkhole_addr(family, b) == rows[i].sinkhole);
	}
	assert_false(sinkhole_addr(AF_UNIX, "\0\0\0\0"));
	assert_non_null(strstr(sinkhole_meaning("0.0.0.0"), "cannot connect"));
	assert_non_null(strstr(sinkhole_meaning("::"), "cannot connect"));
	assert_non_null(strstr(sinkhole_meaning("127.0.0.1"), "only itself"));
	assert_non_null(strstr(sinkhole_meaning("::1"), "only itself"));
	assert_non_null(strstr(sinkhole_meaning("::ffff:127.0.0.1"), "only itself"));
}

static void add(struct addr_list *l, const char *addr)
{
	unsigned char b[16];
	int family = strchr(addr, ':') ? AF_INET6 : AF_INET;

	assert_int_equal(inet_pton(family, addr, b), 1);
	assert_true(addr_list_add(l, family, b));
}

static void test_the_list_keeps_them_out_of_the_route(void **state)
{
	char addrs[RESULT_MAX_ADDRS][RESULT_ADDR_LEN], csv[RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)] = "";
	struct addr_list l = { .addrs = addrs, .max = RESULT_MAX_ADDRS, .csv = csv, .csvlen = sizeof csv };

	(void)state;
	add(&l, "0.0.0.0");
	add(&l, "127.0.1.1");
	add(&l, "::");
	add(&l, "2001:db8::1");
	add(&l, "0.0.0.0");                     /* a duplicate: once */
	assert_int_equal(l.n, 4);               /* the record: all of them */
	assert_string_equal(addrs[0], "0.0.0.0");
	assert_string_equal(addrs[2], "::");
	assert_string_equal(csv, "127.0.1.1,[2001:db8::1]");   /* the route: none of them */

	struct addr_list only = { .addrs = addrs, .max = RESULT_MAX_ADDRS, .csv = csv, .csvlen = sizeof csv };
	csv[0] = '\0';
	add(&only, "127.0.0.1");
	add(&only, "::1");
	assert_int_equal(only.n, 2);
	assert_string_equal(csv, "");           /* every address a sinkhole */
}

static void test_the_verdict(void **state)
{
	struct result r = { 0 };

	(void)state;
	verdict_sinkhole("fe2.update.microsoft.com", "0.0.0.0", false, &r);
	assert_int_equal(r.status, ST_FAIL);
	assert_int_equal(r.code, WU_CANNOT_CONNECT);
	assert_string_equal(r.cause, "dns_sinkhole");
	assert_int_equal(r.stage, STAGE_DNS);
	assert_string_equal(r.message, "DNS answers fe2.update.microsoft.com with 0.0.0.0, a DNS filter's answer for "
				       "a name it blocks (a Windows client cannot connect there): whoever runs the DNS "
				       "filter must let the update hosts resolve");
	verdict_sinkhole("proxy.corp", "127.0.0.1", true, &r);
	assert_string_equal(r.cause, "proxy_dns_sinkhole");
	assert_non_null(strstr(r.message, "DNS answers the proxy proxy.corp with 127.0.0.1"));
	assert_non_null(strstr(r.message, "reaches only itself there"));
	assert_non_null(strstr(r.message, "let the proxy's name resolve"));
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_which_addresses),
		cmocka_unit_test(test_the_list_keeps_them_out_of_the_route),
		cmocka_unit_test(test_the_verdict),
	};
	return cmocka_run_group_tests_name("sinkhole", tests, NULL, NULL);
}
