/* Every report format, byte for byte, from one fixed result model: the
 * golden files in tests/golden/. UPDATE_GOLDEN=1 rewrites them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static struct ep_conf confs[3];
static struct endpoint eps[3];
static struct proxy_model proxy = { .source = "netsh" };
static struct clock_verdict clk = { .status = CK_WARN, .known = true, .skew = -612.25, .uncertainty = 0.004,
				      .reference = "SNTP time.windows.com (127.0.5.1)", .sources = 2, .nsources = 3,
				      .nodd = 1, .odd = { { .server = "download.windowsupdate.com", .responses = 1,
							    .skew = 3.4 } },
				      .max_skew = 300 };
static struct run run;

static void set_conf(struct ep_conf *c, const char *url, const char *group, const char *pattern)
{
	struct url u;
	c->url = (char *)url;
	c->group = (char *)group;
	c->pattern = (char *)pattern;
	assert_int_equal(ep_conf_url(c, &u), 0);
	c->https = u.https;
}

static int setup(void **state)
{
	(void)state;
	memset(eps, 0, sizeof eps);
	set_conf(&confs[0], "https://fe2.update.microsoft.com/", "windows-update", "*.update.microsoft.com");
	set_conf(&confs[1], "https://fe3.delivery.mp.microsoft.com/ClientWebService/client.asmx", "windows-update",
		 "*.delivery.mp.microsoft.com");
	set_conf(&confs[2], "http://download.windowsupdate.com/", "downloads", NULL);
	confs[2].optional = true;
	snprintf(proxy.origin, sizeof proxy.origin, "proxy.txt");
	char err[128];
	assert_int_equal(proxy_parse_list(&proxy, "proxy.contoso.com:8080", err, sizeof err), 0);

	for (int i = 0; i < 3; i++) {
		eps[i].conf = &confs[i];
		eps[i].res.tls.tls13 = -1;
		eps[i].res.t = (struct timings){ 3, 12, -1, 40, 80 };
	}
	eps[0].res = (struct result){ .status = ST_OK, .stage = STAGE_HTTP, .message = "HTTP 200", .http_status = 200,
				      .naddrs = 1, .addrs = { "13.107.4.50" }, .t = { 3, 12, 25, 40, 80 } };
	snprintf(eps[0].res.tls.version, sizeof eps[0].res.tls.version, "TLSv1.2");
	snprintf(eps[0].res.tls.cipher, sizeof eps[0].res.tls.cipher, "ECDHE-RSA-AES256-GCM-SHA384");
	eps[0].res.tls.tls13 = 1;
	eps[1].proxy = &proxy.servers[0];
	eps[1].res = (struct result){ .status = ST_FAIL, .code = 0x80072F8Fu, .secondary = 0x800B0109u,
				      .cause = "tls_intercepted", .stage = STAGE_TLS,
				      .message = "a pinned update host is not served with a Microsoft certificate: the chain "
						 "verifies only through 'Contoso \"Inspect\" <CA>, Inc', not a Microsoft root",
				      .naddrs = 1, .addrs = { "10.0.0.8" }, .t = { 1, 30, 15, -1, 47 } };
	eps[1].res.tls.tls13 = -1;
	eps[2].res = (struct result){ .status = ST_WARN, .code = 0x80072EE2u, .cause = "timeout", .stage = STAGE_HTTP,
				      .message = "no answer from 192.0.2.7:80 within 15 s (waiting for the HTTP response)",
				      .naddrs = 2, .addrs = { "192.0.2.7", "2001:db8::7" }, .t = { 2, 5, -1, -1, 15001 } };
	eps[2].res.tls.tls13 = -1;

	run = (struct run){ .eps = eps, .n = 3, .config_path = "endpoints.conf", .proxy = &proxy, .clock = &clk,
			    .started_at = "2026-11-22T04:00:00.000Z", .started_epoch = 1795320000.0,
			    .duration_ms = 15003 };
	run_summarize(&run);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	proxy_model_free(&proxy);
	return 0;
}

static void golden(const char *name, void (*render)(FILE *, const struct run *))
{
	char path[256], *got = NULL, *want;
	size_t gotlen = 0, wantlen;
	FILE *f = open_memstream(&got, &gotlen);

	assert_non_null(f);
	render(f, &run);
	fclose(f);
	snprintf(path, sizeof path, "tests/golden/%s", name);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *w = fopen(path, "wb");
		assert_non_null(w);
		fwrite(got, 1, gotlen, w);
		fclose(w);
	}
	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s is missing (UPDATE_GOLDEN=1 writes it)", path);
	want = malloc(1 << 16);
	wantlen = fread(want, 1, 1 << 16, f);
	fclose(f);
	if (wantlen != gotlen || memcmp(want, got, gotlen) != 0)
		fail_msg("%s differs from the output:\n%.*s", path, (int)gotlen, got);
	free(want);
	free(got);
}

static void text_plain(FILE *f, const struct run *r)
{
	struct text_style st = { .verbose = 1 };
	report_text(f, r, &st);
}

static void test_summary(void **state)
{
	(void)state;
	assert_int_equal(run.nok, 1);
	assert_int_equal(run.nfail, 1);
	assert_int_equal(run.nwarn, 1);
	assert_int_equal(run.exit_code, 2);
}

static void test_json(void **state) { (void)state; golden("report.json", report_json); }
static void test_text(void **state) { (void)state; golden("report.txt", text_plain); }
static void test_prometheus(void **state) { (void)state; golden("report.prom", report_prometheus); }
static void test_junit(void **state) { (void)state; golden("report.xml", report_junit); }
static void test_nagios(void **state) { (void)state; golden("report.nagios", report_nagios); }
static void test_csv(void **state) { (void)state; golden("report.csv", report_csv); }

static void test_nagios_unknown(void **state)
{
	char *got = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&got, &n);

	(void)state;
	report_nagios_unknown(f, "endpoints.conf:3: unknown key 'a|b'");
	fclose(f);
	assert_string_equal(got, "WUPROBE UNKNOWN - endpoints.conf:3: unknown key 'a/b'\n");
	free(got);
}

static char *render(void (*fn)(FILE *, const struct run *), const struct run *r)
{
	char *got = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&got, &n);

	fn(f, r);
	fclose(f);
	return got;
}

static void text_plain_run(FILE *f, const struct run *r)
{
	struct text_style st = { 0 };
	report_text(f, r, &st);
}

/* An endpoint this machine could not probe: every format says so, none
 * gives it a Windows code, and the run exits 3. */
static void test_error_endpoint(void **state)
{
	struct endpoint e[2];
	struct run r;
	char *out;

	(void)state;
	memset(e, 0, sizeof e);
	e[0] = eps[0];
	e[1].conf = &confs[2];
	e[1].res = (struct result){ .status = ST_ERROR, .cause = "local_resources", .stage = STAGE_CONNECT,
				    .message = "not probed: this machine could not make a socket", .t = { -1, -1, -1, -1, 2 } };
	e[1].res.tls.tls13 = -1;
	r = (struct run){ .eps = e, .n = 2, .config_path = "endpoints.conf", .started_at = "2026-11-22T04:00:00.000Z" };
	run_summarize(&r);
	assert_int_equal(r.nerror, 1);
	assert_int_equal(r.status, ST_ERROR);
	assert_int_equal(r.exit_code, 3);

	out = render(report_json, &r);
	assert_non_null(strstr(out, "\"status\": \"error\""));
	assert_non_null(strstr(out, "\"exit_code\": 3"));
	free(out);
	out = render(report_junit, &r);
	assert_non_null(strstr(out, "errors=\"1\""));
	assert_non_null(strstr(out, "<error message=\"not probed"));
	assert_null(strstr(out, "<failure"));
	free(out);
	out = render(report_nagios, &r);
	assert_true(strncmp(out, "WUPROBE UNKNOWN - ", 18) == 0);
	assert_non_null(strstr(out, "1 not probed"));
	free(out);
	out = render(report_prometheus, &r);
	assert_non_null(strstr(out, "cause=\"local_resources\"} 0"));
	free(out);
	out = render(text_plain_run, &r);
	assert_non_null(strstr(out, "ERR "));
	assert_non_null(strstr(out, "1 not probed"));
	assert_non_null(strstr(out, "(exit 3)"));
	free(out);
	out = render(report_csv, &r);
	assert_non_null(strstr(out, ",error,"));
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_prometheus),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_nagios),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_nagios_unknown),
		cmocka_unit_test(test_error_endpoint),
	};
	return cmocka_run_group_tests_name("formats", tests, setup, teardown);
}
