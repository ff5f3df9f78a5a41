/* The WinHTTP proxy model: grammar, bypass rules, per-scheme selection, and
 * the netsh, registry and environment importers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"
#include "proxy_import.h"
#include "source.h"

static struct url U(const char *s)
{
	struct url u;
	char err[128];

	assert_int_equal(url_parse(s, strlen(s), &u, err, sizeof err), 0);
	return u;
}

static const char *route(const struct proxy_model *m, const char *url)
{
	static char buf[300];
	struct url u = U(url);
	const struct proxy_server *s = proxy_for(m, &u);

	if (!s)
		return "direct";
	proxy_server_format(s, buf, sizeof buf);
	return buf;
}

static void test_single_proxy_and_default_port(void **state)
{
	struct proxy_model m = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(proxy_parse_list(&m, "Proxy.Contoso.com", err, sizeof err), 0);
	assert_string_equal(route(&m, "https://fe2.update.microsoft.com/"), "proxy.contoso.com:80");
	assert_string_equal(route(&m, "http://download.windowsupdate.com/"), "proxy.contoso.com:80");
	proxy_model_free(&m);
}

static void test_per_scheme(void **state)
{
	struct proxy_model m = { 0 };
	char err[256], buf[512];

	(void)state;
	assert_int_equal(proxy_parse_list(&m, "http=myproxy;https=sproxy:88", err, sizeof err), 0);
	assert_string_equal(route(&m, "https://a.example/"), "sproxy:88");
	assert_string_equal(route(&m, "http://a.example/"), "myproxy:80");
	proxy_list_format(&m, buf, sizeof buf);
	assert_string_equal(buf, "http=myproxy:80;https=sproxy:88");
	proxy_model_free(&m);

	/* only http= : https goes direct */
	assert_int_equal(proxy_parse_list(&m, " http=http://p1:8080/  ftp=f:21 socks=s:1080", err, sizeof err), 0);
	assert_string_equal(route(&m, "https://a.example/"), "direct");
	assert_string_equal(route(&m, "http://a.example/"), "p1:8080");
	proxy_model_free(&m);

	/* a scheme-specific entry wins over a general one, in any order */
	assert_int_equal(proxy_parse_list(&m, "general:3128 https=[::1]:3129", err, sizeof err), 0);
	assert_string_equal(route(&m, "https://a.example/"), "[::1]:3129");
	assert_string_equal(route(&m, "http://a.example/"), "general:3128");
	proxy_model_free(&m);
}

static void test_bad_lists(void **state)
{
	struct proxy_model m = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(proxy_parse_list(&m, "http://user:hunter2@p:8080", err, sizeof err), -1);
	assert_non_null(strstr(err, "credentials"));
	assert_null(strstr(err, "hunter2"));
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_list(&m, "p:99999", err, sizeof err), -1);
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_list(&m, "https://p:443", err, sizeof err), -1);
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_list(&m, ";;  ", err, sizeof err), -1);
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_list(&m, "socks=s:1080", err, sizeof err), -1);
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_list(&m, "bad host:80", err, sizeof err), 0);   /* two entries */
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_list(&m, "ba^d:80", err, sizeof err), -1);
	proxy_model_free(&m);
	assert_int_equal(proxy_parse_bypass(&m, "<loopback>", err, sizeof err), -1);
	proxy_model_free(&m);
}

/* A list with credentials is refused whole, before any entry is echoed: a
 * password with ';' or a space spans entries, and an https:// proxy with
 * credentials names the HTTPS problem without the password. */
static void test_credentials_never_echoed(void **state)
{
	static const struct {
		const char *list, *msg;
	} rows[] = {
		{ "https://wu:hunter2@p:3128", "proxy 'https://***@p:3128': HTTPS proxies are not supported" },
		{ "https=https://wu:hunter2@p:3128", "proxy 'https=https://***@p:3128': HTTPS proxies" },
		{ "https://wu:hun;ter2@p:3128", "proxy 'https://***@p:3128': HTTPS proxies" },
		{ "wu:hun;ter2@p:3128", "proxy '***@p:3128': a proxy entry contains credentials" },
		{ "wu:hun ter2@p:3128", "proxy '***@p:3128': a proxy entry contains credentials" },
		{ "http=u:hunter2@a:1;https=v:hunter2@b:2", "proxy 'http=***@b:2': a proxy entry" },
		{ "  http://u:hunter2@a:1", "proxy 'http://***@a:1': a proxy entry" },
	};
	struct proxy_model m = { 0 };
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(proxy_parse_list(&m, rows[i].list, err, sizeof err), -1);
		if (!strstr(err, rows[i].msg) || strstr(err, "hun") || strstr(err, "ter2"))
			fail_msg("'%s': got '%s'", rows[i].list, err);
		proxy_model_free(&m);
	}
	assert_int_equal(proxy_parse_list(&m, "https://p:443", err, sizeof err), -1);
	assert_string_equal(err, "proxy 'https://p:443': HTTPS proxies are not supported by the WinHTTP static proxy");
	proxy_model_free(&m);
}

/* --proxy-from: a netsh export with an https:// proxy and credentials. */
static void test_import_credentials_never_echoed(void **state)
{
	static const char netsh[] = "Current WinHTTP proxy settings:\r\n\r\n"
				    "    Proxy Server(s) :  https://wu:hunter2@p:3128\r\n"
				    "    Bypass List     :  (none)\r\n";
	struct proxy_model m = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(proxy_import_text(&m, (const unsigned char *)netsh, sizeof netsh - 1, "x.txt", err,
					   sizeof err), -1);
	assert_string_equal(err, "x.txt: proxy 'https://***@p:3128': HTTPS proxies are not supported by the "
				 "WinHTTP static proxy");
	proxy_model_free(&m);
	assert_int_equal(proxy_import_text(&m, (const unsigned char *)netsh, sizeof netsh - 1, "u:hunter2@x", err,
					   sizeof err), -1);
	assert_null(strstr(err, "hunter2"));
	proxy_model_free(&m);
}

static void test_bypass_rules(void **state)
{
	struct proxy_model m = { 0 };
	char err[256];

	(void)state;
	assert_int_equal(proxy_parse_list(&m, "p:3128", err, sizeof err), 0);
	assert_int_equal(proxy_parse_bypass(&m, "<local>;*.Contoso.com  exact.example;10.*;ms*;*int*", err, sizeof err), 0);
	assert_string_equal(route(&m, "http://wsus/"), "direct");                        /* <local> */
	assert_string_equal(route(&m, "http://wsus.contoso.com/"), "direct");
	assert_string_equal(route(&m, "http://contoso.com/"), "p:3128");                /* not the suffix itself */
	assert_string_equal(route(&m, "http://EXACT.example/"), "direct");
	assert_string_equal(route(&m, "http://sub.exact.example/"), "p:3128");
	assert_string_equal(route(&m, "http://10.1.2.3/"), "direct");
	assert_string_equal(route(&m, "http://msedge.example/"), "direct");
	assert_string_equal(route(&m, "http://printer.internal.example/"), "direct");
	assert_string_equal(route(&m, "https://fe2.update.microsoft.com/"), "p:3128");
	assert_string_equal(route(&m, "http://[::1]/"), "p:3128");                      /* an address is not <local> */
	proxy_model_free(&m);

	assert_int_equal(proxy_parse_list(&m, "p:3128", err, sizeof err), 0);
	assert_int_equal(proxy_parse_bypass(&m, "*", err, sizeof err), 0);
	assert_string_equal(route(&m, "https://fe2.update.microsoft.com/"), "direct");
	proxy_model_free(&m);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(65536);

	assert_non_null(f);
	assert_non_null(buf);
	*n = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

static void import(const char *file, int want_rc, const char *source, const char *list, const char *bypass,
		   const char *errpart)
{
	struct proxy_model m = { 0 };
	char path[256], err[512] = "", buf[512];

	snprintf(path, sizeof path, "tests/samples/proxy/%s", file);
	int rc = proxy_import_file(&m, path, err, sizeof err);
	if (rc != want_rc)
		fail_msg("%s: rc %d, err '%s'", file, rc, err);
	if (rc == 0) {
		assert_string_equal(m.source, source);
		proxy_list_format(&m, buf, sizeof buf);
		assert_string_equal(buf, list);
		proxy_bypass_format(&m, buf, sizeof buf);
		assert_string_equal(buf, bypass);
	} else {
		if (!strstr(err, errpart))
			fail_msg("%s: wanted '%s' in '%s'", file, errpart, err);
		assert_non_null(strstr(err, path));
		assert_null(strchr(err, '\n'));
	}
	proxy_model_free(&m);
}

static void test_import_samples(void **state)
{
	(void)state;
	import("netsh-direct.txt", 0, "netsh", "(none)", "(none)", NULL);
	import("netsh-proxy.txt", 0, "netsh", "squid-open.lab.test:3128", "<local>;*.bypass.lab.test", NULL);
	import("netsh-proxy-utf16.txt", 0, "netsh", "squid-open.lab.test:3128", "<local>;*.bypass.lab.test", NULL);
	import("netsh-per-scheme.txt", 0, "netsh", "http=tinyproxy.lab.test:8888;https=squid-open.lab.test:3128",
	       "(none)", NULL);
	import("reg-direct.txt", 0, "registry", "(none)", "(none)", NULL);
	import("reg-proxy.txt", 0, "registry", "squid-open.lab.test:3128", "<local>;*.bypass.lab.test", NULL);
	import("reg-truncated.txt", -1, NULL, NULL, NULL, "truncated");
	import("netsh-japanese-utf16.txt", -1, NULL, NULL, NULL, "language other than English");
	import("not-a-proxy-export.txt", -1, NULL, NULL, NULL, "neither");
	import("missing.txt", -1, NULL, NULL, NULL, "cannot open");
}

static void test_import_lf_and_hostile_bytes(void **state)
{
	static const char lf[] = "Current WinHTTP proxy settings:\n    Proxy Server(s) :  p:8080\n    Bypass List     :  (none)\n";
	static const char bad_hex[] = "    WinHttpSettings    REG_BINARY    18000Z";
	struct proxy_model m = { 0 };
	char err[256], buf[256];
	size_t n;
	char *bin;

	(void)state;
	assert_int_equal(proxy_import_text(&m, (const unsigned char *)lf, sizeof lf - 1, "x", err, sizeof err), 0);
	proxy_list_format(&m, buf, sizeof buf);
	assert_string_equal(buf, "p:8080");
	proxy_model_free(&m);
	assert_int_equal(proxy_import_text(&m, (const unsigned char *)bad_hex, sizeof bad_hex - 1, "x", err, sizeof err), -1);
	proxy_model_free(&m);
	bin = slurp("/proc/self/exe", &n);     /* a binary file: this test program */
	assert_int_equal(proxy_import_text(&m, (unsigned char *)bin, n, "bin", err, sizeof err), -1);
	free(bin);
	proxy_model_free(&m);
}

static void test_environment(void **state)
{
	struct proxy_model m = { 0 };
	char err[256], buf[256];

	(void)state;
	setenv("https_proxy", "http://wu:s3cret@squid-auth.lab.test:3128/", 1);
	setenv("http_proxy", "tinyproxy.lab.test:8888", 1);
	setenv("no_proxy", ".corp.example, localhost", 1);
	assert_int_equal(proxy_import_env(&m, err, sizeof err), 0);
	proxy_list_format(&m, buf, sizeof buf);
	assert_string_equal(buf, "https=squid-auth.lab.test:3128;http=tinyproxy.lab.test:8888");
	proxy_bypass_format(&m, buf, sizeof buf);
	assert_string_equal(buf, "corp.example;*.corp.example;localhost;*.localhost");
	assert_string_equal(m.env_user, "wu");
	assert_string_equal(m.env_password, "s3cret");
	assert_string_equal(route(&m, "https://a.corp.example/"), "direct");
	assert_null(strstr(m.origin, "s3cret"));
	proxy_model_free(&m);
	unsetenv("https_proxy");
	unsetenv("http_proxy");
	unsetenv("no_proxy");
}

/* A Windows machine's local proxy (Px, cntlm) is named by its loopback:
 * 127.0.0.1, ::1 or localhost; other loopback and private addresses are
 * ordinary proxies. Only imported settings make it that machine's. */
static void test_machine_local_proxy(void **state)
{
	static const struct { const char *list; bool loopback; } rows[] = {
		{ "127.0.0.1:3128", true }, { "[::1]:3128", true }, { "LocalHost:3128", true },
		{ "localhost.:8080", true }, { "127.0.0.2:3128", false }, { "127.0.4.1:3128", false },
		{ "10.0.0.1:8080", false }, { "localhost.corp:3128", false }, { "proxy.corp:8080", false },
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct proxy_model m = { 0 };
		assert_int_equal(proxy_parse_list(&m, rows[i].list, err, sizeof err), 0);
		if (proxy_server_loopback(&m.servers[0]) != rows[i].loopback)
			fail_msg("%s: expected %s", rows[i].list, rows[i].loopback ? "loopback" : "not loopback");
		proxy_model_free(&m);
	}
	struct proxy_model netsh = { .source = "netsh" }, reg = { .source = "registry" }, cli = { .source = "command-line" },
			   conf = { .source = "config" }, env = { .source = "environment" };
	assert_string_equal(route_source_imported(RS_STATIC, &netsh), "its netsh export");
	assert_string_equal(route_source_imported(RS_STATIC, &reg), "its registry export");
	assert_null(route_source_imported(RS_STATIC, &cli));
	assert_null(route_source_imported(RS_STATIC, &conf));
	assert_null(route_source_imported(RS_STATIC, &env));
	assert_null(route_source_imported(RS_STATIC, NULL));
	assert_null(route_source_imported(RS_DIRECT, &netsh));
	assert_string_equal(route_source_imported(RS_PAC, &cli), "the PAC script's answer");
	assert_string_equal(route_source_imported(RS_USER_MANUAL, &cli), "a user's Internet Options");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_single_proxy_and_default_port),
		cmocka_unit_test(test_per_scheme),
		cmocka_unit_test(test_bad_lists),
		cmocka_unit_test(test_credentials_never_echoed),
		cmocka_unit_test(test_import_credentials_never_echoed),
		cmocka_unit_test(test_bypass_rules),
		cmocka_unit_test(test_import_samples),
		cmocka_unit_test(test_import_lf_and_hostile_bytes),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_machine_local_proxy),
	};
	return cmocka_run_group_tests_name("proxy", tests, NULL, NULL);
}
