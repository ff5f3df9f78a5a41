/* pac_list_parse: the list FindProxyForURL returns, as WinHTTP reads it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "pac_list.h"

/* The route as text: "DIRECT", "h:p", "[v6]:p", joined by ", ". */
static const char *show(const struct pac_route *r, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < r->n; i++) {
		const struct pac_entry *e = &r->e[i];
		if (e->direct)
			used += (size_t)snprintf(buf + used, len - used, "%sDIRECT", i ? ", " : "");
		else
			used += (size_t)snprintf(buf + used, len - used, e->host_ipv6 ? "%s[%s]:%u" : "%s%s:%u",
						 i ? ", " : "", e->host, e->port);
	}
	return buf;
}

static const struct {
	const char *list, *route;
} good[] = {
	{ "DIRECT", "DIRECT" },
	{ "", "DIRECT" },
	{ " ; ;", "DIRECT" },
	{ "PROXY a.example:8080", "a.example:8080" },
	{ "PROXY w3proxy.netscape.com:8080; PROXY mozilla.netscape.com:8081; DIRECT",
	  "w3proxy.netscape.com:8080, mozilla.netscape.com:8081, DIRECT" },
	{ "proxy A:3128;direct", "A:3128, DIRECT" },
	{ "  PROXY\tp:1 ;\n DIRECT  ", "p:1, DIRECT" },
	{ "PROXY p", "p:80" },
	{ "PROXY 10.0.0.1:65535;", "10.0.0.1:65535" },
	{ "PROXY [2001:db8::1]:3128", "[2001:db8::1]:3128" },
	{ "PROXY [::1]", "[::1]:80" },
	/* what WinHTTP cannot use is skipped */
	{ "SOCKS s:1080; PROXY p:8080", "p:8080" },
	{ "HTTPS h:443; PROXY p:8080; SOCKS5 s:1; DIRECT", "p:8080, DIRECT" },
	{ "PROXY p:0; PROXY p:99999; PROXY p:x; PROXY a:1 b:2; PROXY ::1:80; DIRECT", "DIRECT" },
	{ "PROXY bad/host:1; DIRECT x; DIRECT", "DIRECT" },
	/* up to PAC_MAX_ENTRIES, the rest ignored */
	{ "PROXY a:1;PROXY b:2;PROXY c:3;PROXY d:4;PROXY e:5;PROXY f:6;PROXY g:7;PROXY h:8;PROXY i:9;DIRECT",
	  "a:1, b:2, c:3, d:4, e:5, f:6, g:7, h:8" },
};

static const struct {
	const char *list, *err;
} bad[] = {
	{ "SOCKS s:1080", "no entry WinHTTP can use in the PAC result: entry 1 'SOCKS s:1080': "
			  "WinHTTP does not connect through SOCKS proxies" },
	{ "; HTTP h:80", "no entry WinHTTP can use in the PAC result: entry 1 'HTTP h:80': "
			 "not a keyword WinHTTP knows (DIRECT, PROXY, SOCKS)" },
	{ "PROXY", "no entry WinHTTP can use in the PAC result: entry 1 'PROXY': no host" },
	{ "PROXY :80", "no entry WinHTTP can use in the PAC result: entry 1 'PROXY :80': no host" },
	{ "PROXY p:70000; PROXY q:1 r", "no entry WinHTTP can use in the PAC result: entry 1 'PROXY p:70000': "
					"port out of range" },
	{ "PROXY [2001:db8::1:80", "no entry WinHTTP can use in the PAC result: entry 1 'PROXY [2001:db8::1:80': "
				   "no ']' after the IPv6 address" },
	{ "PROXY [fe80::zz]:80", "no entry WinHTTP can use in the PAC result: entry 1 'PROXY [fe80::zz]:80': "
				 "not an IPv6 address" },
	/* credentials have no place in a PAC result, and do not reach a message */
	{ "PROXY u:PW@p:80", "no entry WinHTTP can use in the PAC result: entry 1 '***@p:80': "
			     "an IPv6 address needs brackets" },
	{ "PROXY a\nb:1", "no entry WinHTTP can use in the PAC result: entry 1 'PROXY a?b:1': "
			  "more than one address" },
};

static void test_good(void **state)
{
	char buf[512], err[256];
	struct pac_route r;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		if (pac_list_parse(good[i].list, &r, err, sizeof err) != 0)
			fail_msg("'%s': %s", good[i].list, err);
		if (strcmp(show(&r, buf, sizeof buf), good[i].route) != 0)
			fail_msg("'%s' read as '%s', wanted '%s'", good[i].list, buf, good[i].route);
	}
}

static void test_bad(void **state)
{
	char err[256];
	struct pac_route r;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (pac_list_parse(bad[i].list, &r, err, sizeof err) != -1)
			fail_msg("'%s' accepted", bad[i].list);
		assert_int_equal(r.n, 0);
		if (strcmp(err, bad[i].err) != 0)
			fail_msg("'%s': '%s', wanted '%s'", bad[i].list, err, bad[i].err);
	}
}

static void test_long_host(void **state)
{
	char list[600], err[256];
	struct pac_route r;

	(void)state;
	snprintf(list, sizeof list, "PROXY %0253d:1", 0);
	assert_int_equal(pac_list_parse(list, &r, err, sizeof err), 0);
	assert_int_equal(strlen(r.e[0].host), 253);
	snprintf(list, sizeof list, "PROXY %0254d:1", 0);
	assert_int_equal(pac_list_parse(list, &r, err, sizeof err), -1);
	assert_non_null(strstr(err, "host name too long"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_long_host),
	};
	return cmocka_run_group_tests_name("pac_list", tests, NULL, NULL);
}
