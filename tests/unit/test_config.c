/* endpoints.conf parser and URL handling, including hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "url.h"

static int parse(const char *text, size_t len, struct config *c, char *err)
{
	return config_parse("t.conf", text, len, c, err, 512);
}

static void expect_error(const char *text, size_t len, const char *want)
{
	struct config c;
	char err[512] = "";

	assert_int_equal(parse(text, len, &c, err), -1);
	if (!strstr(err, want))
		fail_msg("wanted '%s', got '%s'", want, err);
	assert_int_equal(c.n, 0);
	assert_null(c.eps);
	assert_null(strchr(err, '\n'));
}

static void test_full_grammar(void **state)
{
	const char *text =
		"\xEF\xBB\xBF# comment\r\n"
		"https://fe2.update.microsoft.com/  # first\n"
		"[windows-update]\n"
		"  https://SLS.update.microsoft.com:443/a?b#frag pattern=*.update.microsoft.com status=200,404 optional\r\n"
		"\n"
		"[downloads]\n"
		"http://ctldl.windowsupdate.com/x.cab\texpect=cab\n"
		"https://[::1]:8531/ClientWebService/client.asmx\n"
		"http://127.0.0.1:8530";
	struct config c;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse(text, strlen(text), &c, err), 0);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.eps[0].group, "default");
	assert_int_equal(c.eps[0].line, 2);
	assert_string_equal(c.eps[1].group, "windows-update");
	struct url u[5];
	for (int i = 0; i < 5; i++)
		assert_int_equal(ep_conf_url(&c.eps[i], &u[i]), 0);
	assert_string_equal(u[1].host, "sls.update.microsoft.com");
	assert_string_equal(u[1].path, "/a?b");
	assert_true(c.eps[1].https);
	assert_string_equal(c.eps[1].pattern, "*.update.microsoft.com");
	assert_int_equal(c.eps[1].nstatus, 2);
	assert_int_equal(c.eps[1].status[1], 404);
	assert_true(c.eps[1].optional);
	assert_true(c.eps[2].expect_cab);
	assert_false(u[2].https);
	assert_false(c.eps[2].https);
	assert_int_equal(u[2].port, 80);
	assert_true(u[3].host_ipv6);
	assert_string_equal(u[3].host, "::1");
	assert_int_equal(u[3].port, 8531);
	assert_true(u[4].host_literal);
	assert_string_equal(u[4].path, "/");
	config_free(&c);
}

static void test_errors_name_file_and_line(void **state)
{
	(void)state;
	expect_error("https://a.example/ colour=red\n", strlen("https://a.example/ colour=red\n"), "t.conf:1: unknown key 'colour'");
	expect_error("# x\n\nhttps://a.example/ fast\n", strlen("# x\n\nhttps://a.example/ fast\n"), "t.conf:3: unknown flag 'fast'");
	expect_error("ftp://a.example/\n", strlen("ftp://a.example/\n"), "t.conf:1: URL must start with http:// or https://");
	expect_error("https://user:pw@a.example/\n", strlen("https://user:pw@a.example/\n"), "credentials in a URL are not allowed");
	expect_error("https://a.example:0/\n", strlen("https://a.example:0/\n"), "bad port");
	expect_error("https://a.example:65536/\n", strlen("https://a.example:65536/\n"), "bad port");
	expect_error("https://a..example/\n", strlen("https://a..example/\n"), "not a valid DNS name");
	expect_error("https://a.example/ status=99\n", strlen("https://a.example/ status=99\n"), "status= takes HTTP statuses");
	expect_error("https://a.example/ status=200,\n", strlen("https://a.example/ status=200,\n"), "status=");
	expect_error("https://a.example/ status=\n", strlen("https://a.example/ status=\n"), "status= needs");
	expect_error("https://a.example/ expect=zip\n", strlen("https://a.example/ expect=zip\n"), "expect= knows 'cab' and 'json'");
	expect_error("http://a.example/ pinned\n", strlen("http://a.example/ pinned\n"), "'pinned' needs an https:// URL");
	expect_error("https://a.example/ optional optional\n", strlen("https://a.example/ optional optional\n"), "given twice");
	expect_error("https://a.example/ pattern=*.other.com\n", strlen("https://a.example/ pattern=*.other.com\n"), "not covered by pattern");
	expect_error("https://a.example/ pattern=a*b\n", strlen("https://a.example/ pattern=a*b\n"), "pattern= must be");
	expect_error("pattern=*.a.example status=200\n", strlen("pattern=*.a.example status=200\n"),
		     "t.conf:1: URL must start with http:// or https://");
	expect_error("[]\n", 3, "t.conf:1: a group line is [name]");
	expect_error("[bad group]\n", strlen("[bad group]\n"), "t.conf:1: group names");
	expect_error("[unclosed\n", strlen("[unclosed\n"), "a group line is [name]");
	expect_error("# only comments\n\n", strlen("# only comments\n\n"), "no endpoints");
	expect_error("", strlen(""), "t.conf:1: no endpoints");
	expect_error("https://a.example/\nhttps://a.example/\n", strlen("https://a.example/\nhttps://a.example/\n"), "t.conf:2: duplicate endpoint (first on line 1)");
	expect_error("https://a.example/\x01\n", strlen("https://a.example/\x01\n"), "control character");
}

static void test_proxy_section(void **state)
{
	const char *text = "[proxy]\nproxy = http=p1.example:8080;https=p2.example:3128\n"
			   "bypass = <local>;*.contoso.com\n[wu]\nhttps://a.example/\n";
	struct config c;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse(text, strlen(text), &c, err), 0);
	assert_true(c.has_proxy);
	assert_int_equal(c.proxy.nservers, 2);
	assert_int_equal(c.proxy.nbypass, 2);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.eps[0].group, "wu");
	config_free(&c);

	expect_error("[proxy]\nproxy = p:99999\nhttps://a.example/\n", strlen("[proxy]\nproxy = p:99999\nhttps://a.example/\n"), "t.conf:2: proxy 'p:99999'");
	expect_error("[proxy]\nport = 8080\n", strlen("[proxy]\nport = 8080\n"), "t.conf:2: unknown [proxy] key 'port'");
	expect_error("[proxy]\nbypass = <local>\n[g]\nhttps://a.example/\n", strlen("[proxy]\nbypass = <local>\n[g]\nhttps://a.example/\n"), "t.conf:2: bypass = without proxy =");
	expect_error("[proxy]\nproxy = a:1\nproxy = b:2\n", strlen("[proxy]\nproxy = a:1\nproxy = b:2\n"), "t.conf:3: proxy = given twice");
	expect_error("[proxy]\nhttps://a.example/\n", strlen("[proxy]\nhttps://a.example/\n"), "t.conf:2: [proxy] lines are");
	expect_error("[proxy]\nproxy=http://u:pw@p:1\n", strlen("[proxy]\nproxy=http://u:pw@p:1\n"), "credentials");
}

static void test_geo_prod_is_not_under_prod(void **state)
{
	(void)state;
	assert_false(config_pattern_covers("*.prod.do.dsp.mp.microsoft.com", "geo-prod.do.dsp.mp.microsoft.com"));
	assert_true(config_pattern_covers("*.prod.do.dsp.mp.microsoft.com", "kv801.prod.do.dsp.mp.microsoft.com"));
	assert_false(config_pattern_covers("*.update.microsoft.com", "update.microsoft.com"));
	assert_true(config_pattern_covers("adl.windows.com", "ADL.windows.com"));
}

static void test_binary_input(void **state)
{
	static const char bin[] = "https://a.example/\n\x7f" "ELF\x02\x01\x01\x00\x00\x00garbage";

	(void)state;
	expect_error(bin, sizeof bin - 1, "t.conf:2: binary data");
}

static void test_long_line(void **state)
{
	size_t n = 100 * 1024;
	char *big = malloc(n + 2);

	(void)state;
	assert_non_null(big);
	memcpy(big, "https://a.example/", 18);
	memset(big + 18, 'a', n - 18);
	big[n] = '\n';
	expect_error(big, n + 1, "t.conf:1: line longer than 4096 bytes");
	free(big);
}

static void test_missing_file(void **state)
{
	struct config c;
	char err[512];

	(void)state;
	assert_int_equal(config_load("/nonexistent/endpoints.conf", &c, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/endpoints.conf: cannot open"));
}

/* The held copy keeps every field and the path, in far less than a struct url
 * (AddressSanitizer checks that nothing reads past its end). */
static void test_url_held_at_its_size(void **state)
{
	struct url u;
	char err[128], a[URL_MAX_LEN + 300], b[URL_MAX_LEN + 300];

	(void)state;
	assert_int_equal(url_parse("https://[2001:db8::1]:8531/c/d?e=f", 34, &u, err, sizeof err), 0);
	const struct url *h = url_hold(&u);
	assert_non_null(h);
	assert_true(h->https && h->host_ipv6 && h->host_literal);
	assert_int_equal(h->port, 8531);
	assert_string_equal(h->host, "2001:db8::1");
	assert_string_equal(h->path, "/c/d?e=f");
	url_format(&u, a, sizeof a);
	url_format(h, b, sizeof b);
	assert_string_equal(a, b);
	assert_true(malloc_usable_size((void *)h) < sizeof u / 4);
	free((void *)h);
}

static void test_url_forms(void **state)
{
	struct url u;
	char err[128], out[URL_MAX_LEN + 300];

	(void)state;
	assert_int_equal(url_parse("HTTPS://Fe3.Delivery.MP.microsoft.com.", 38, &u, err, sizeof err), 0);
	assert_string_equal(u.host, "fe3.delivery.mp.microsoft.com");
	url_format(&u, out, sizeof out);
	assert_string_equal(out, "https://fe3.delivery.mp.microsoft.com/");
	assert_int_equal(url_parse("http://h.example:8530?x=1", 25, &u, err, sizeof err), 0);
	url_format(&u, out, sizeof out);
	assert_string_equal(out, "http://h.example:8530/?x=1");
	assert_int_equal(url_parse("https://[::1/", 13, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https://[zz::1]/", 16, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https:///x", 10, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https://a b/", 12, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https://caf\xc3\xa9.example/", 20, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https://-a.example/", 19, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https://a.example../", 20, &u, err, sizeof err), -1);
	assert_int_equal(url_parse("https://1.2.3.4../", 18, &u, err, sizeof err), -1);
	/* Read as libcurl reads it when it fetches: dot segments removed,
	 * numeric IPv4 forms normalised, the fragment dropped. */
	assert_int_equal(url_parse("http://a.example/b/../c?x#f", 27, &u, err, sizeof err), 0);
	assert_string_equal(u.path, "/c?x");
	assert_int_equal(url_parse("http://127.1/", 13, &u, err, sizeof err), 0);
	assert_string_equal(u.host, "127.0.0.1");
	assert_true(u.host_literal);
	/* The final dot names the same host, an IPv4 number too, and so does
	 * its percent-encoded form; what fuzz_url found: "44440." and "%341.0"
	 * were kept as names and written back as "44440" and "41.0", which
	 * libcurl reads as 0.0.173.152 and 41.0.0.0. */
	static const char *const dotted[][2] = {
		{ "https://44440.", "0.0.173.152" }, { "http://127.1./", "127.0.0.1" },
		{ "http://0x7F.1./", "127.0.0.1" },  { "https://1.2.3.4./", "1.2.3.4" },
		{ "http://%341.0", "41.0.0.0" },     { "http://%341.0./", "41.0.0.0" },
	};
	for (size_t i = 0; i < sizeof dotted / sizeof dotted[0]; i++) {
		struct url again;
		assert_int_equal(url_parse(dotted[i][0], strlen(dotted[i][0]), &u, err, sizeof err), 0);
		assert_string_equal(u.host, dotted[i][1]);
		assert_true(u.host_literal);
		url_format(&u, out, sizeof out);
		assert_int_equal(url_parse(out, strlen(out), &again, err, sizeof err), 0);
		assert_string_equal(again.host, dotted[i][1]);
	}
	assert_int_equal(url_parse("https://4294967296./", 20, &u, err, sizeof err), 0);   /* too big: a name */
	assert_string_equal(u.host, "4294967296");
	assert_false(u.host_literal);
	/* What libcurl would take and the list must not hold. */
	static const char *const refused[][2] = {
		{ "https://a.example/\"x", "'\"'" }, { "https://a.example/<x>", "'<'" },
		{ "https://a.example/a\\b", "'\\'" }, { "https://a.example/{x}", "'{'" },
		{ "https:///x", "no host" }, { "http://[fe80::1%25eth0]/", "zone" },
	};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
		err[0] = '\0';
		assert_int_equal(url_parse(refused[i][0], strlen(refused[i][0]), &u, err, sizeof err), -1);
		if (!strstr(err, refused[i][1]))
			fail_msg("%s: %s", refused[i][0], err);
	}
}

static void test_redaction(void **state)
{
	struct config c;
	char err[512];
	static const char line[] = "https://admin:Hunter2@wsus.example:8531/x\n";

	(void)state;
	assert_int_equal(config_parse("t.conf", line, sizeof line - 1, &c, err, sizeof err), -1);
	assert_null(strstr(err, "Hunter2"));
	assert_non_null(strstr(err, "https://***@wsus.example:8531/x"));
	/* everything a message echoes goes through redact(): values and the file name */
	static const char *const leaky[] = {
		"[proxy]\nproxy = https://u:Hunter2@p:1\n",
		"[proxy]\nu:Hunter2@x = p:1\n",
		"[time]\nntp = u:Hunter2@x:99999\n",
		"[time]\nu:Hunter2@x = t\n",
		"https://a.example/ u:Hunter2@x\n",
		"https://a.example/ u:Hunter2@x=1\n",
		"https://a.example/ status=u:Hunter2@x\n",
		"https://a.example/ pattern=u:Hunter2@x\n",
	};
	for (size_t i = 0; i < sizeof leaky / sizeof leaky[0]; i++) {
		assert_int_equal(config_parse("t.conf", leaky[i], strlen(leaky[i]), &c, err, sizeof err), -1);
		if (strstr(err, "Hunter2") || !strstr(err, "***@"))
			fail_msg("'%s': got '%s'", leaky[i], err);
	}
	assert_int_equal(config_parse("t.conf", leaky[0], strlen(leaky[0]), &c, err, sizeof err), -1);
	assert_string_equal(err, "t.conf:2: proxy 'https://***@p:1': HTTPS proxies are not supported by the WinHTTP "
				 "static proxy");
	assert_int_equal(config_parse("u:Hunter2@x.conf", "# none\n", 7, &c, err, sizeof err), -1);
	assert_string_equal(err, "***@x.conf:1: no endpoints in the file");
}

/* The 1 MiB limit capped a list at about 25,000 endpoints; a file grows
 * its buffer as it is read, up to 64 MiB. */
static void test_large_list_loads(void **state)
{
	char path[] = "/tmp/wuprobe-big-XXXXXX", err[512] = "";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct config c;

	(void)state;
	assert_non_null(f);
	for (int i = 0; i < 60000; i++)
		fprintf(f, "https://n%05d.example/some/path\n", i);
	fclose(f);
	assert_int_equal(config_load(path, &c, err, sizeof err), 0);
	assert_int_equal(c.n, 60000);
	assert_string_equal(c.eps[59999].url, "https://n59999.example/some/path");
	config_free(&c);
	remove(path);
}

static void test_url_length_limits(void **state)
{
	char buf[URL_MAX_LEN + 64], err[128];
	struct url u;
	size_t n;

	(void)state;
	n = (size_t)snprintf(buf, sizeof buf, "https://a.example/");
	memset(buf + n, 'p', URL_MAX_LEN - n);
	assert_int_equal(url_parse(buf, URL_MAX_LEN, &u, err, sizeof err), 0);
	buf[URL_MAX_LEN] = 'p';
	assert_int_equal(url_parse(buf, URL_MAX_LEN + 1, &u, err, sizeof err), -1);
	/* a 64-character label */
	n = (size_t)snprintf(buf, sizeof buf, "https://");
	memset(buf + n, 'l', 64);
	memcpy(buf + n + 64, ".example/", 9);
	assert_int_equal(url_parse(buf, n + 73, &u, err, sizeof err), -1);
}

/* No cap on the list; duplicates are found among thousands, with the first line named. */
static void test_long_lists(void **state)
{
	size_t n = 20000, cap = n * 48 + 64, used = 0;
	char *text = malloc(cap), err[256];
	struct config c;

	(void)state;
	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(text + used, cap - used, "https://h%zu.example.com/p?%zu\n", i % 977, i);
	assert_int_equal(config_parse("big.conf", text, used, &c, err, sizeof err), 0);
	assert_int_equal(c.n, n);
	assert_string_equal(c.eps[n - 1].url, "https://h459.example.com/p?19999");
	config_free(&c);
	used += (size_t)snprintf(text + used, cap - used, "https://h16.example.com/p?16\n");
	assert_int_equal(config_parse("big.conf", text, used, &c, err, sizeof err), -1);
	assert_string_equal(err, "big.conf:20001: duplicate endpoint (first on line 17)");
	free(text);
}

/* component=: on a group line for its endpoints, on an endpoint line for
 * that one; a new group starts without; the shipped list sets them. */
static void test_components(void **state)
{
	const char *text =
		"https://a.example/\n"
		"[windows-update]\tcomponent=wu-scan   # the scan\n"
		"https://b.example/\n"
		"http://c.example/ optional component=wu-other\n"
		"[proxy]\nproxy = p:1\n"
		"[time]\nntp = n.example\n"
		"[windows-update2]\n"
		"https://d.example/ component=bits\n"
		"https://e.example/\n";
	struct config c;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse(text, strlen(text), &c, err), 0);
	assert_int_equal(c.n, 5);
	assert_int_equal(c.eps[0].component, COMP_UNSET);
	assert_string_equal(c.eps[1].group, "windows-update");
	assert_int_equal(c.eps[1].component, COMP_WU_SCAN);
	assert_int_equal(c.eps[2].component, COMP_WU_OTHER);
	assert_true(c.eps[2].optional);
	assert_int_equal(c.eps[3].component, COMP_BITS);
	assert_int_equal(c.eps[4].component, COMP_UNSET);
	config_free(&c);

	assert_int_equal(config_load("endpoints.conf", &c, err, sizeof err), 0);
	for (size_t i = 0; i < c.n; i++) {
		const char *g = c.eps[i].group;
		enum component want = strcmp(g, "windows-update") == 0 ? COMP_WU_SCAN
				      : strcmp(g, "delivery-optimization") == 0 || strcmp(g, "downloads") == 0
					      ? COMP_DELIVERY_OPT
				      : strcmp(g, "other") == 0 ? COMP_WU_OTHER
								: COMP_UNSET;
		if (strstr(c.eps[i].url, "windowsupdate.microsoft.com/") && !strstr(c.eps[i].url, "download"))
			want = COMP_WU_OTHER;   /* the old web site, no scan URL */
		if (c.eps[i].component != want)
			fail_msg("%s [%s]: component '%s'", c.eps[i].url, g, component_name(c.eps[i].component));
	}
	config_free(&c);

	expect_error("[g] component=wu-scan\nhttps://a.example/ component=bits component=bits\n",
		     strlen("[g] component=wu-scan\nhttps://a.example/ component=bits component=bits\n"),
		     "t.conf:2: component= given twice");
	expect_error("https://a.example/ component=wu-scan component=wu-scan\n",
		     strlen("https://a.example/ component=wu-scan component=wu-scan\n"), "t.conf:1: component= given twice");
	expect_error("https://a.example/ component=WU-SCAN\n", strlen("https://a.example/ component=WU-SCAN\n"),
		     "t.conf:1: unknown component 'WU-SCAN' (known: wu-scan, wsus-scan, wu-other, "
		     "delivery-optimization, bits)");
	expect_error("https://a.example/ component=\n", strlen("https://a.example/ component=\n"),
		     "t.conf:1: unknown component ''");
	expect_error("[g] component=dosvc\nhttps://a.example/\n", strlen("[g] component=dosvc\nhttps://a.example/\n"),
		     "t.conf:1: unknown component 'dosvc'");
	expect_error("[g]component=bits\nhttps://a.example/\n", strlen("[g]component=bits\nhttps://a.example/\n"),
		     "t.conf:1: a group line is [name] [component=NAME]");
	expect_error("[g] optional\nhttps://a.example/\n", strlen("[g] optional\nhttps://a.example/\n"),
		     "t.conf:1: after a group's name only component=NAME may follow: 'optional'");
	expect_error("[g] component=bits pinned\nhttps://a.example/\n",
		     strlen("[g] component=bits pinned\nhttps://a.example/\n"),
		     "t.conf:1: a group line is [name] [component=NAME], and 'pinned' follows");
	expect_error("[proxy] component=bits\nproxy = p:1\n", strlen("[proxy] component=bits\nproxy = p:1\n"),
		     "t.conf:1: a [proxy] line takes nothing after the ']'");
	expect_error("[time] component=bits\n", strlen("[time] component=bits\n"),
		     "t.conf:1: a [time] line takes nothing after the ']'");
	expect_error("https://a.example/ components=bits\n", strlen("https://a.example/ components=bits\n"),
		     "t.conf:1: unknown key 'components' (known: pattern, status, expect, component)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_grammar),
		cmocka_unit_test(test_errors_name_file_and_line),
		cmocka_unit_test(test_proxy_section),
		cmocka_unit_test(test_geo_prod_is_not_under_prod),
		cmocka_unit_test(test_binary_input),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_url_forms),
		cmocka_unit_test(test_url_length_limits),
		cmocka_unit_test(test_large_list_loads),
		cmocka_unit_test(test_redaction),
		cmocka_unit_test(test_long_lists),
		cmocka_unit_test(test_url_held_at_its_size),
		cmocka_unit_test(test_components),
	};
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
