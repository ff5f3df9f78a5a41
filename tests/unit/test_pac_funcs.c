/* The PAC helper functions with known answers: the examples of Netscape's
 * format and of Microsoft's pages, through a real engine, and the
 * resolving ones against a real DNS server (mini_dns.h) given as the
 * engine's dns_servers. The time functions are in test_pac_time.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "mini_dns.h"
#include "pac_harness.h"
#include "pac_idna.h"
#include "pac_ip.h"

static const struct pac_env env = { .budget_s = 10, .mem_cap = 32u << 20, .client_ip = "192.0.2.7" };

static void test_names(void **state)
{
	struct knowns t = { .n = 0 };

	(void)state;
	known(&t, "true", "isPlainHostName('www')");
	known(&t, "false", "isPlainHostName('www.netscape.com')");
	known(&t, "true", "dnsDomainIs('www.netscape.com', '.netscape.com')");
	known(&t, "false", "dnsDomainIs('www', '.netscape.com')");
	known(&t, "false", "dnsDomainIs('www.mcom.com', '.netscape.com')");
	known(&t, "true", "dnsDomainIs('WWW.Netscape.COM', '.netscape.com')");
	known(&t, "true", "localHostOrDomainIs('www.netscape.com', 'www.netscape.com')");
	known(&t, "true", "localHostOrDomainIs('www', 'www.netscape.com')");
	known(&t, "false", "localHostOrDomainIs('www.mcom.com', 'www.netscape.com')");
	known(&t, "false", "localHostOrDomainIs('home.netscape.com', 'www.netscape.com')");
	known(&t, "false", "localHostOrDomainIs('home', 'www.netscape.com')");
	known(&t, "0", "dnsDomainLevels('www')");
	known(&t, "2", "dnsDomainLevels('www.netscape.com')");
	known(&t, "true", "shExpMatch('http://home.netscape.com/people/ari/index.html', '*/ari/*')");
	known(&t, "false", "shExpMatch('http://home.netscape.com/people/montulli/index.html', '*/ari/*')");
	known(&t, "true", "shExpMatch('x.windowsupdate.com', '*.windowsupdate.com')");
	known(&t, "false", "shExpMatch('windowsupdate.com', '*.windowsupdate.com')");
	known(&t, "true", "shExpMatch('a.b', 'a?b')");
	known(&t, "false", "shExpMatch('ab', 'a?b')");
	known(&t, "false", "shExpMatch('a.b', 'a.c')");
	known(&t, "false", "shExpMatch('ABC', 'abc')");
	known(&t, "true", "shExpMatch('a+b(c)', 'a+b(c)')");
	known(&t, "false", "shExpMatch('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '*a*a*a*a*a*a*a*a*a*a*b')");
	known(&t, "1.0", "getClientVersion()");
	known(&t, "undefined", "alert('shown nowhere')");
	/* A script's own definition wins, and the helpers keep theirs. */
	known(&t, "true", "dnsResolve = function () { return null; }, isResolvable('10.0.0.1')");
	check_knowns(&t, &env);
}

/* Arguments of the wrong type, as Firefox's and Chromium's helpers take
 * them (pac_prelude.c): "TypeError" where those throw one (the script
 * fails for that URL), else the answer. */
static const struct {
	const char *call, *want;
} typed[] = {
	{ "isPlainHostName()", "TypeError" },
	{ "isPlainHostName(null)", "TypeError" },
	{ "isPlainHostName(5)", "TypeError" },
	{ "isPlainHostName(true)", "TypeError" },
	{ "isPlainHostName(function () {})", "TypeError" },
	{ "isPlainHostName(new String('a.b'))", "false" },
	{ "dnsDomainIs()", "TypeError" },
	{ "dnsDomainIs('a.b')", "TypeError" },
	{ "dnsDomainIs(null, '.b')", "TypeError" },
	{ "dnsDomainIs('a.b', null)", "TypeError" },
	{ "dnsDomainIs(5, '.b')", "false" },
	{ "dnsDomainIs('a.b', 5)", "false" },
	{ "dnsDomainIs(new String('A.B'), '.b')", "true" },
	{ "localHostOrDomainIs()", "true" },
	{ "localHostOrDomainIs(null, undefined)", "true" },
	{ "localHostOrDomainIs(5, '5')", "true" },
	{ "localHostOrDomainIs('www')", "TypeError" },
	{ "localHostOrDomainIs('www', null)", "TypeError" },
	{ "localHostOrDomainIs('www', 5)", "TypeError" },
	{ "localHostOrDomainIs(null, 'null.example')", "true" },
	{ "dnsDomainLevels()", "TypeError" },
	{ "dnsDomainLevels(null)", "TypeError" },
	{ "dnsDomainLevels(5.5)", "TypeError" },
	{ "dnsDomainLevels(new String('a.b'))", "1" },
	{ "shExpMatch(undefined, '*')", "true" },
	{ "shExpMatch(null, 'null')", "true" },
	{ "shExpMatch(55, '5?')", "true" },
	{ "shExpMatch('a')", "TypeError" },
	{ "shExpMatch('a', null)", "TypeError" },
	{ "shExpMatch('5', 5)", "TypeError" },
	{ "dnsResolve()", "null" },
	{ "dnsResolve(null)", "null" },
	{ "dnsResolve(5)", "null" },
	{ "dnsResolveEx(null)", "" },
	{ "isResolvable()", "false" },
	{ "isResolvable(null)", "false" },
	{ "isResolvableEx(5)", "false" },
	{ "isInNet()", "false" },
	{ "isInNet('10.0.0.1', null, '255.0.0.0')", "false" },
	{ "isInNet(null, '0.0.0.0', '0.0.0.0')", "false" },
	{ "isInNetEx()", "false" },
	{ "isInNetEx('10.0.0.1', 5)", "false" },
	{ "sortIpAddressList()", "" },
	{ "sortIpAddressList(null)", "" },
	{ "myIpAddress(null, 5)", "192.0.2.7" },
	{ "myIpAddressEx(null)", "192.0.2.7" },
	{ "weekdayRange()", "false" },
	{ "weekdayRange(null)", "false" },
	{ "dateRange()", "false" },
	{ "dateRange(null, undefined)", "false" },
	{ "timeRange()", "false" },
	{ "timeRange(null)", "false" },
	{ "getClientVersion(null)", "1.0" },
	{ "alert()", "undefined" },
};

static void test_argument_types(void **state)
{
	struct knowns t = { .n = 0 };

	(void)state;
	for (size_t i = 0; i < sizeof typed / sizeof typed[0]; i++)
		known(&t, typed[i].want, "(function () { try { return %s; } catch (e) { return e.name; } })()",
		      typed[i].call);
	check_knowns(&t, &env);
	/* Thrown, the error fails the URL and names the helper. */
	t.n = 0;
	known(&t, "harness.pac:1: TypeError: isPlainHostName(): null is not a string", "isPlainHostName(null)");
	check_knowns(&t, &env);
}

static void test_addresses(void **state)
{
	struct knowns t = { .n = 0 };

	(void)state;
	known(&t, "true", "isInNet('198.95.249.79', '198.95.249.79', '255.255.255.255')");
	known(&t, "true", "isInNet('198.95.1.2', '198.95.0.0', '255.255.0.0')");
	known(&t, "false", "isInNet('198.96.1.2', '198.95.0.0', '255.255.0.0')");
	known(&t, "false", "isInNet('198.95.1.2', '198.95.0.0', 'x')");
	known(&t, "false", "isInNet('::1', '0.0.0.0', '0.0.0.0')");
	known(&t, "true", "isInNetEx('198.95.249.79', '198.95.249.79/32')");
	known(&t, "true", "isInNetEx('198.95.3.4', '198.95.0.0/16')");
	known(&t, "true", "isInNetEx('3ffe:8311:ffff:1::1', '3ffe:8311:ffff::/48')");
	known(&t, "false", "isInNetEx('3ffe:8311:fffe::1', '3ffe:8311:ffff::/48')");
	known(&t, "false", "isInNetEx('198.95.3.4', '3ffe::/16')");
	known(&t, "false", "isInNetEx('198.95.3.4', '198.95.0.0/33')");
	known(&t, "false", "isInNetEx('198.95.3.4', '198.95.0.0')");
	known(&t, "true", "isInNetEx('10.0.0.1;2001:db8::1', '2001:db8::/32')");
	/* Microsoft's example, and the precedence and scope rules. */
	known(&t, "fe80::5efe:157.59.139.22;2001:4898:28:3:201:2ff:feea:fc14;157.59.139.22",
	      "sortIpAddressList('2001:4898:28:3:201:2ff:feea:fc14;\\n 157.59.139.22;\\n fe80::5efe:157.59.139.22')");
	known(&t, "::1;2002::1;2001::1;fc00::1;169.254.1.1;10.0.0.1;10.0.0.2",
	      "sortIpAddressList('10.0.0.1;fc00::1;169.254.1.1;2001::1;10.0.0.2;2002::1;::1')");
	known(&t, "fe80::1%15;2001:db8::1", "sortIpAddressList('2001:db8::1;fe80::1%%15')");
	known(&t, "", "sortIpAddressList('10.0.0.1;www')");
	known(&t, "", "sortIpAddressList('')");
	known(&t, "192.0.2.7", "myIpAddress()");
	known(&t, "192.0.2.7", "myIpAddressEx()");
	check_knowns(&t, &env);
}

/* myIpAddress is IPv4 only: an IPv6 client shows in myIpAddressEx. */
static void test_client_ip(void **state)
{
	struct pac_env e = env;
	struct knowns t = { .n = 0 };

	(void)state;
	e.client_ip = "2001:db8::7";
	known(&t, "127.0.0.1", "myIpAddress()");
	known(&t, "2001:db8::7", "myIpAddressEx()");
	check_knowns(&t, &e);
	e.client_ip = NULL;
	t.n = 0;
	known(&t, "127.0.0.1", "myIpAddress()");
	known(&t, "", "myIpAddressEx()");
	check_knowns(&t, &e);
}

static const struct mini_dns_record zone[] = {
	{ "host.pac.test", "192.0.2.10" },
	{ "host.pac.test", "2001:db8::10" },
	{ "v4only.pac.test", "192.0.2.20" },
	{ "v4only.pac.test", "192.0.2.21" },
	{ "v6only.pac.test", "2001:db8::30" },
	{ "mixed.pac.test", "192.0.2.40" },
	{ "mixed.pac.test", "fe80::40" },
	{ "mixed.pac.test", "2001:db8::40" },
	{ "xn--bcher-kva.ch", "192.0.2.50" },
	{ "xn--bcher-kva.ch", "2001:db8::50" },
	{ "xn--j50i.pac.test", "192.0.2.51" },
};

static void test_dns(void **state)
{
	struct mini_dns dns = { .records = zone, .nrecords = sizeof zone / sizeof zone[0] };
	struct pac_env e = env;
	struct knowns t = { .n = 0 };

	(void)state;
	assert_int_equal(mini_dns_start(&dns), 0);
	e.dns_servers = dns.servers;
	known(&t, "192.0.2.10", "dnsResolve('host.pac.test')");
	known(&t, "null", "dnsResolve('v6only.pac.test')");
	known(&t, "null", "dnsResolve('nx.pac.test')");
	known(&t, "10.1.2.3", "dnsResolve('10.1.2.3')");
	known(&t, "2001:db8::10;192.0.2.10", "dnsResolveEx('host.pac.test')");
	known(&t, "192.0.2.20;192.0.2.21", "dnsResolveEx('v4only.pac.test')");
	known(&t, "fe80::40;2001:db8::40;192.0.2.40", "dnsResolveEx('mixed.pac.test')");
	known(&t, "", "dnsResolveEx('nx.pac.test')");
	known(&t, "true", "isResolvable('host.pac.test')");
	known(&t, "false", "isResolvable('nx.pac.test')");
	known(&t, "false", "isResolvable('v6only.pac.test')");
	known(&t, "true", "isResolvableEx('v6only.pac.test')");
	known(&t, "false", "isResolvableEx('nx.pac.test')");
	known(&t, "true", "isInNet('host.pac.test', '192.0.2.0', '255.255.255.0')");
	known(&t, "false", "isInNet('host.pac.test', '192.0.3.0', '255.255.255.0')");
	known(&t, "false", "isInNet('nx.pac.test', '0.0.0.0', '0.0.0.0')");
	known(&t, "true", "isInNetEx('host.pac.test', '2001:db8::/32')");
	known(&t, "true", "isInNetEx('v4only.pac.test', '192.0.2.21/32')");
	known(&t, "false", "isInNetEx('nx.pac.test', '0.0.0.0/0')");
	/* An internationalized name is asked in its IDNA form, as Windows asks. */
	known(&t, "192.0.2.50", "dnsResolve('B\\u00fccher.ch')");
	known(&t, "192.0.2.50", "dnsResolve('B\xc3\xbc" "cher.ch')");
	known(&t, "2001:db8::50;192.0.2.50", "dnsResolveEx('B\\u00dcCHER.ch')");
	known(&t, "true", "isResolvable('b\\u00fccher.ch')");
	known(&t, "true", "isResolvableEx('b\\u00fccher.ch')");
	known(&t, "true", "isInNet('b\\u00fccher.ch', '192.0.2.50', '255.255.255.255')");
	known(&t, "true", "isInNetEx('b\\u00fccher.ch', '2001:db8::50/128')");
	known(&t, "192.0.2.51", "dnsResolve('\\ud840\\udc00.pac.test')");
	known(&t, "null", "dnsResolve('\\ud840.pac.test')");
	known(&t, "false", "isResolvable('\\ufffd.ch')");
	check_knowns(&t, &e);
	assert_true(atomic_load(&dns.queries) > 0);
	mini_dns_stop(&dns);
}

/* The IDNA form itself, without DNS: ASCII as it is, the rest by UTS #46
 * (mapped, non-transitional), surrogate pairs as duktape keeps them. */
static void test_idna(void **state)
{
	static const struct {
		const char *host;
		int rc;
		const char *ascii;
	} cases[] = {
		{ "www.example", 0, NULL },
		{ "WWW_x.Example", 0, NULL },
		{ "B\xc3\xbc" "cher.ch", 1, "xn--bcher-kva.ch" },
		{ "B\xc3\x9c" "CHER.CH", 1, "xn--bcher-kva.ch" },
		{ "b\xc3\xbc" "cher.ch.", 1, "xn--bcher-kva.ch." },
		{ "fa\xc3\x9f" ".de", 1, "xn--fa-hia.de" },                      /* non-transitional */
		{ "\xed\xa1\x80\xed\xb0\x80.pac.test", 1, "xn--j50i.pac.test" }, /* U+20000, CESU-8 */
		{ "\xf0\xa0\x80\x80.pac.test", 1, "xn--j50i.pac.test" },     /* the same, UTF-8 */
		{ "\xed\xa1\x80.pac.test", -1, NULL },                        /* a lone surrogate */
		{ "\xef\xbf\xbd.ch", -1, NULL },                              /* U+FFFD: disallowed */
		{ "\xc3\xbc\xc3", -1, NULL },                                 /* not UTF-8 */
		{ "\xc3\xbc"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ch", -1, NULL },
	};
	char out[PAC_IDNA_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc;
		strcpy(out, "untouched");
		rc = pac_idna_ascii(cases[i].host, out, sizeof out);
		if (rc != cases[i].rc || strcmp(out, cases[i].ascii ? cases[i].ascii : "untouched") != 0)
			fail_msg("%s: %d %s", cases[i].host, rc, out);
	}
	assert_int_equal(pac_idna_ascii("b\xc3\xbc" "cher.ch", out, 10), -1);   /* no room */
}

/* The order itself, without an engine: IPv6 first, then by precedence,
 * then by scope, then as given. */
static void test_ip_order(void **state)
{
	struct pac_ip a, b;
	char out[64];

	(void)state;
	assert_true(pac_ip_parse("::1", 3, &a) && pac_ip_parse("2002::1", 7, &b));
	assert_true(pac_ip_order(&a, &b) < 0);
	assert_true(pac_ip_parse("fe80::1", 7, &a) && pac_ip_parse("2001:db8::1", 11, &b));
	assert_true(pac_ip_order(&a, &b) < 0);
	assert_true(pac_ip_parse("3ffe::1", 7, &a) && pac_ip_parse("10.0.0.1", 8, &b));
	assert_true(pac_ip_order(&a, &b) < 0);
	assert_false(pac_ip_parse("10.0.0.256", 10, &a));
	assert_false(pac_ip_parse("fe80::1%", 8, &a));
	assert_int_equal(pac_ip_sort("10.0.0.1;10.0.0.2", out, 10), -1);
	assert_string_equal(out, "");
	assert_int_equal(pac_ip_sort(" 10.0.0.2 ; 10.0.0.1 ;", out, sizeof out), 0);
	assert_string_equal(out, "10.0.0.2;10.0.0.1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_argument_types),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_client_ip),
		cmocka_unit_test(test_dns),
		cmocka_unit_test(test_idna),
		cmocka_unit_test(test_ip_order),
	};
	return cmocka_run_group_tests_name("pac_funcs", tests, NULL, NULL);
}
