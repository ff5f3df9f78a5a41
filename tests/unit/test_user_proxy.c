/* A user's Internet Options as reg query prints them: the samples (as a
 * Windows machine writes them), the blob against the plain values, the kind
 * of an export, and every refusal with its file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy_import.h"
#include "user_settings.h"

static const char *self;   /* argv[0] */

#define HK "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings"

static unsigned char *slurp(const char *file, size_t *n)
{
	char path[256], err[256];
	unsigned char *buf;

	snprintf(path, sizeof path, "tests/samples/proxy/%s", file);
	buf = proxy_export_read(path, n, err, sizeof err);
	if (!buf)
		fail_msg("%s", err);
	return buf;
}

static int import_sample(struct user_proxy *u, const char *file, char *err, size_t errlen)
{
	char path[256];

	snprintf(path, sizeof path, "tests/samples/proxy/%s", file);
	return proxy_import_user_file(u, path, err, errlen);
}

static int import_text(struct user_proxy *u, const char *text, char *err)
{
	return proxy_import_user(u, (const unsigned char *)text, strlen(text), "x.txt", err, 512);
}

static const char *list(const struct proxy_model *m)
{
	static char buf[512];
	proxy_list_format(m, buf, sizeof buf);
	return buf;
}

static const char *bypass(const struct proxy_model *m)
{
	static char buf[512];
	proxy_bypass_format(m, buf, sizeof buf);
	return buf;
}

/* reg query /s of a user with a manual proxy: blob and plain values agree;
 * a ProxyEnable under a Zones subkey is not the user's. */
static void test_manual_proxy(void **state)
{
	struct user_proxy u;
	char err[512] = "";

	(void)state;
	assert_int_equal(import_sample(&u, "user-manual.txt", err, sizeof err), 0);
	assert_true(u.present && u.from_blob && u.manual);
	assert_false(u.autoconfig || u.autodetect || u.disable_wpad || u.has_disable_auth);
	assert_string_equal(list(&u.manual_model), "squid-open.lab.test:3128");
	assert_string_equal(bypass(&u.manual_model), "<local>;*.bypass.lab.test");
	assert_string_equal(u.manual_model.source, "user");
	assert_string_equal(u.origin, "tests/samples/proxy/user-manual.txt");
	assert_string_equal(u.note, "");
	user_proxy_free(&u);
}

/* UTF-16 from PowerShell: auto-detect and a setup script on, the stale
 * manual proxy left in the blob with its flag off. */
static void test_autoconfig_utf16(void **state)
{
	struct user_proxy u;
	char err[512] = "";

	(void)state;
	assert_int_equal(import_sample(&u, "user-pac-utf16.txt", err, sizeof err), 0);
	assert_true(u.present && u.from_blob && u.autodetect && u.autoconfig);
	assert_false(u.manual);
	assert_int_equal(u.manual_model.nservers, 0);
	assert_string_equal(u.autoconfig_url, "http://pac.lab.test/proxy.pac");
	assert_string_equal(u.note, "");
	user_proxy_free(&u);
}

/* No /s: the plain values decide, auto-detect is Windows' default, and
 * WinINet's <-loopback> entry is dropped from the bypass list. */
static void test_plain_values_only(void **state)
{
	struct user_proxy u;
	char err[512] = "";

	(void)state;
	assert_int_equal(import_sample(&u, "user-plain.txt", err, sizeof err), 0);
	assert_true(u.present && u.manual && u.autodetect);
	assert_false(u.from_blob || u.autoconfig);
	assert_string_equal(list(&u.manual_model), "http=tinyproxy.lab.test:8888;https=squid-open.lab.test:3128");
	assert_string_equal(bypass(&u.manual_model), "<local>;*.bypass.lab.test");
	assert_string_equal(u.note, "no DefaultConnectionSettings (export with /s to include the Connections key): "
				    "'Automatically detect settings' taken as on, Windows' default");
	user_proxy_free(&u);

	/* with the Connections key but no blob in it */
	assert_int_equal(import_text(&u, HK "\r\n    ProxyEnable    REG_DWORD    0x0\r\n\r\n" HK "\\Connections\r\n", err), 0);
	assert_true(u.present && u.autodetect);
	assert_false(u.manual);
	assert_string_equal(u.note, "no DefaultConnectionSettings under Connections: 'Automatically detect settings' "
				    "taken as on, Windows' default");
	user_proxy_free(&u);

	/* ProxyEnable on with an empty ProxyServer: no manual proxy */
	assert_int_equal(import_text(&u, HK "\n    ProxyEnable    REG_DWORD    0x1\n    ProxyServer    REG_SZ    \n", err), 0);
	assert_false(u.manual);
	user_proxy_free(&u);
}

/* The blob says direct, the plain values a proxy and a script: the blob
 * wins, and the note names the values that disagree. */
static void test_blob_wins(void **state)
{
	struct user_proxy u;
	char err[512] = "";

	(void)state;
	assert_int_equal(import_sample(&u, "user-disagree.txt", err, sizeof err), 0);
	assert_true(u.present && u.from_blob);
	assert_false(u.manual || u.autoconfig || u.autodetect);
	assert_int_equal(u.manual_model.nservers, 0);
	assert_string_equal(u.note, "ProxyEnable, AutoConfigURL disagree with DefaultConnectionSettings; the blob "
				    "wins, as WinINet reads it");
	user_proxy_free(&u);

	/* one value: "disagrees" */
	assert_int_equal(import_text(&u, HK "\n    ProxyServer    REG_SZ    other:1\n\n" HK "\\Connections\n"
					     "    DefaultConnectionSettings    REG_BINARY    "
					     "46000000010000000300000003000000613A3100000000" "\n", err), 0);
	assert_true(u.manual);
	assert_string_equal(list(&u.manual_model), "a:1");
	assert_string_equal(u.note, "ProxyServer disagrees with DefaultConnectionSettings; the blob wins, as WinINet reads it");
	user_proxy_free(&u);

	/* the proxy flag with no server in the blob */
	assert_int_equal(import_text(&u, HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    "
					  "460000000100000003000000000000000000000000000000\n", err), 0);
	assert_false(u.manual);
	assert_string_equal(u.note, "DefaultConnectionSettings turns the proxy server on but names none: no manual proxy");
	user_proxy_free(&u);
}

/* An HKLM export with /s: the machine's per-machine Internet Options and the
 * WinHTTP switches; the same file is also a machine export. */
static void test_machine_switches(void **state)
{
	struct user_proxy u;
	struct proxy_model m = { 0 };
	char err[512] = "";
	size_t n;
	unsigned char *data = slurp("hklm-both.txt", &n);

	(void)state;
	assert_int_equal(proxy_export_kind(data, n), PROXY_EXPORT_MACHINE | PROXY_EXPORT_USER);
	assert_int_equal(proxy_import_user(&u, data, n, "hklm.txt", err, sizeof err), 0);
	assert_true(u.present && u.from_blob && u.autodetect && u.disable_wpad && u.has_disable_auth);
	assert_false(u.manual || u.autoconfig);
	assert_int_equal(u.disable_auth_schemes, AUTH_OFF_BASIC | AUTH_OFF_LOOPBACK);
	user_proxy_free(&u);
	assert_int_equal(proxy_import_text(&m, data, n, "hklm.txt", err, sizeof err), 0);
	assert_string_equal(list(&m), "squid-open.lab.test:3128");
	proxy_model_free(&m);
	free(data);

	/* only the switches: no Internet Options, and that is no error */
	assert_int_equal(import_text(&u, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Internet "
					  "Settings\\WinHttp\n    DisableWpad    REG_DWORD    0x0\n", err), 0);
	assert_false(u.present || u.disable_wpad || u.has_disable_auth);
	user_proxy_free(&u);
}

static void test_export_kinds(void **state)
{
	static const struct {
		const char *file;
		int kind;
	} rows[] = {
		{ "netsh-direct.txt", PROXY_EXPORT_MACHINE },
		{ "netsh-proxy-utf16.txt", PROXY_EXPORT_MACHINE },
		{ "netsh-japanese-utf16.txt", PROXY_EXPORT_MACHINE },   /* the machine importer names the language */
		{ "reg-proxy.txt", PROXY_EXPORT_MACHINE },
		{ "user-manual.txt", PROXY_EXPORT_USER },
		{ "user-pac-utf16.txt", PROXY_EXPORT_USER },
		{ "user-plain.txt", PROXY_EXPORT_USER },
		{ "hklm-both.txt", PROXY_EXPORT_MACHINE | PROXY_EXPORT_USER },
		{ "not-a-proxy-export.txt", 0 },
		{ "user-reg-error.txt", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		size_t n;
		unsigned char *data = slurp(rows[i].file, &n);
		int kind = proxy_export_kind(data, n);
		if (kind != rows[i].kind)
			fail_msg("%s: kind %d, wanted %d", rows[i].file, kind, rows[i].kind);
		free(data);
	}
	assert_int_equal(proxy_export_kind((const unsigned char *)"", 0), 0);
}

/* Each refusal: one line, the file and (where there is one) the line. */
static void test_refusals(void **state)
{
	static const struct {
		const char *text, *msg;
	} rows[] = {
		{ HK "\n    ProxyEnable    REG_SZ    1\n", "x.txt:2: ProxyEnable is REG_SZ; Windows stores it as REG_DWORD" },
		{ HK "\n    ProxyServer    REG_SZ    a:1\n    proxyserver    REG_SZ    b:1\n",
		  "x.txt:3: ProxyServer given twice (first on line 2)" },
		{ HK "\n    ProxyEnable    REG_DWORD    1\n", "x.txt:2: ProxyEnable: '1' is not a REG_DWORD" },
		{ HK "\n    ProxyEnable    REG_DWORD    0x123456789\n", "x.txt:2: ProxyEnable: '0x123456789' is not" },
		{ HK "\n    ProxyEnable    REG_DWORD    0x1\n    ProxyServer    REG_SZ    p:99999\n",
		  "x.txt:3: ProxyServer: proxy 'p:99999'" },
		{ HK "\n    ProxyEnable    REG_DWORD    0x1\n    ProxyServer    REG_SZ    p:1\n"
		     "    ProxyOverride    REG_SZ    <intranet>\n",
		  "x.txt:4: ProxyOverride: bypass entry '<intranet>'" },
		{ HK "\n    AutoConfigURL    REG_SZ    file://C:/proxy.pac\n",
		  "x.txt:2: AutoConfigURL 'file://C:/proxy.pac': URL must start with http:// or https://; WinHTTP loads "
		  "a setup script only from an http:// or https:// URL" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    4600000",
		  "x.txt:2: DefaultConnectionSettings is not an even run of hex digits" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    46000000XX",
		  "x.txt:2: DefaultConnectionSettings is not an even run of hex digits" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    4600000001000000",
		  "x.txt:2: DefaultConnectionSettings is shorter than its 12-byte header" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    180000000100000001000000",
		  "x.txt:2: DefaultConnectionSettings has version 0x18; known: 0x3C (IE6), 0x46 (IE7 and later)" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    460000000100000003000000FF000000",
		  "x.txt:2: DefaultConnectionSettings is truncated" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    460000000100000003000000",
		  "x.txt:2: DefaultConnectionSettings is truncated" },
		{ HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    3C000000010000000500000000000000"
		     "0000000005000000613A2F2F78",
		  "x.txt:2: AutoConfigURL 'a://x': URL must start with" },
		{ HK "\n    DisableProxyAuthenticationSchemes    REG_DWORD    0x200\n",
		  "x.txt:2: DisableProxyAuthenticationSchemes 0x200 sets bits Windows does not define" },
		{ "ERROR: The system was unable to find the specified registry key or value.\r\n",
		  "x.txt:1: reg query reported an error: The system was unable to find" },
		{ "Current WinHTTP proxy settings:\n    Direct access (no proxy server).\n",
		  "x.txt: no Internet Options in it: wanted the output of reg query" },
		{ "", "x.txt: no Internet Options in it" },
	};
	struct user_proxy u;

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char err[512] = "";
		if (import_text(&u, rows[i].text, err) != -1 || !strstr(err, rows[i].msg) || strchr(err, '\n'))
			fail_msg("row %zu: wanted '%s', got '%s'", i, rows[i].msg, err);
		assert_false(u.present || u.manual || u.autoconfig);   /* left empty */
		assert_int_equal(u.manual_model.nservers, 0);
	}
}

/* Credentials in a proxy or a script URL are refused and never echoed;
 * nor is a password in the file's name. */
static void test_credentials_never_echoed(void **state)
{
	static const char *const texts[] = {
		HK "\n    ProxyEnable    REG_DWORD    0x1\n    ProxyServer    REG_SZ    http://wu:hunter2@p:3128\n",
		HK "\n    AutoConfigURL    REG_SZ    http://wu:hunter2@pac.example/x.pac\n",
		/* the same proxy inside the blob */
		HK "\\Connections\n    DefaultConnectionSettings    REG_BINARY    46000000010000000300000018000000"
		"687474703A2F2F77753A68756E7465723240703A333132380000000000000000\n",
	};
	struct user_proxy u;
	char err[512];

	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		assert_int_equal(import_text(&u, texts[i], err), -1);
		if (strstr(err, "hunter2") || strstr(err, "hun") || !strstr(err, "***"))
			fail_msg("text %zu: '%s'", i, err);
	}
	assert_int_equal(proxy_import_user(&u, (const unsigned char *)"", 0, "/tmp/u:hunter2@x/f", err, sizeof err), -1);
	assert_null(strstr(err, "hunter2"));
	assert_int_equal(proxy_import_user_file(&u, "/nonexistent/u:hunter2@x", err, sizeof err), -1);
	assert_null(strstr(err, "hunter2"));
	assert_non_null(strstr(err, "cannot open"));
}

/* reg query failed on Windows; binary data; a file over 256 KiB. */
static void test_hostile_files(void **state)
{
	struct user_proxy u;
	char err[512] = "", path[] = "/tmp/wuprobe-user-XXXXXX";
	size_t n;
	unsigned char *bin;
	int fd;
	FILE *f;

	(void)state;
	assert_int_equal(import_sample(&u, "user-reg-error.txt", err, sizeof err), -1);
	assert_non_null(strstr(err, "tests/samples/proxy/user-reg-error.txt:1: reg query reported an error"));
	assert_non_null(f = fopen(self, "rb"));   /* a binary file: this test's own */
	assert_non_null(bin = malloc(65536));
	n = fread(bin, 1, 65536, f);
	fclose(f);
	assert_int_equal(proxy_import_user(&u, bin, n, "bin", err, sizeof err), -1);
	assert_null(strchr(err, '\n'));
	free(bin);
	assert_true((fd = mkstemp(path)) >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fprintf(f, HK "\n");
	for (int i = 0; i < 20000; i++)
		fprintf(f, "    V%05d    REG_SZ    x\n", i);
	fclose(f);
	assert_int_equal(proxy_import_user_file(&u, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than 256 KiB"));
	remove(path);
}

int main(int argc, char **argv)
{
	self = argc > 0 ? argv[0] : "/proc/self/exe";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_manual_proxy),
		cmocka_unit_test(test_autoconfig_utf16),
		cmocka_unit_test(test_plain_values_only),
		cmocka_unit_test(test_blob_wins),
		cmocka_unit_test(test_machine_switches),
		cmocka_unit_test(test_export_kinds),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_credentials_never_echoed),
		cmocka_unit_test(test_hostile_files),
	};
	return cmocka_run_group_tests_name("user_proxy", tests, NULL, NULL);
}
