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

#include "drift.h"
#include "earlier.h"
#include "report.h"

static struct ep_conf confs[3];
static struct result results[3];      /* the endpoints' records, each with its entry and route */
static const struct result *const recs[3] = { &results[0], &results[1], &results[2] };
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
	memset(results, 0, sizeof results);
	set_conf(&confs[0], "https://fe2.update.microsoft.com/", "windows-update", "*.update.microsoft.com");
	set_conf(&confs[1], "https://fe3.delivery.mp.microsoft.com/ClientWebService/client.asmx", "windows-update",
		 "*.delivery.mp.microsoft.com");
	set_conf(&confs[2], "http://download.windowsupdate.com/", "downloads", NULL);
	confs[2].optional = true;
	snprintf(proxy.origin, sizeof proxy.origin, "proxy.txt");
	char err[128];
	assert_int_equal(proxy_parse_list(&proxy, "proxy.contoso.com:8080", err, sizeof err), 0);

	static char addrs0[][RESULT_ADDR_LEN] = { "13.107.4.50" }, addrs1[][RESULT_ADDR_LEN] = { "10.0.0.8" },
		    addrs2[][RESULT_ADDR_LEN] = { "192.0.2.7", "2001:db8::7" };
	results[0] = (struct result){ .conf = &confs[0], .status = ST_OK, .stage = STAGE_HTTP, .message = "HTTP 200",
				      .http_status = 200, .naddrs = 1, .addrs = addrs0, .t = { 3, 12, 25, 40, 80 } };
	snprintf(results[0].tls.version, sizeof results[0].tls.version, "TLSv1.2");
	snprintf(results[0].tls.cipher, sizeof results[0].tls.cipher, "ECDHE-RSA-AES256-GCM-SHA384");
	results[0].tls.tls13 = 1;
	results[1] = (struct result){ .conf = &confs[1], .route.proxy = &proxy.servers[0], .status = ST_FAIL,
				      .code = 0x80072F8Fu, .secondary = 0x800B0109u, .cause = "tls_intercepted",
				      .stage = STAGE_TLS,
				      .message = "a pinned update host is not served with a Microsoft certificate: the chain "
						 "verifies only through 'Contoso \"Inspect\" <CA>, Inc', not a Microsoft root",
				      .naddrs = 1, .addrs = addrs1, .t = { 1, 30, 15, -1, 47 } };
	results[1].tls.tls13 = -1;
	/* The inspecting CA the chain verified through: the cause names it. */
	static struct chain_summary *inspected;
	free(inspected);
	inspected = calloc(1, sizeof *inspected);
	assert_non_null(inspected);
	inspected->sans = "";
	inspected->root = "Contoso \"Inspect\" <CA>, Inc";
	results[1].chain = inspected;
	results[2] = (struct result){ .conf = &confs[2], .status = ST_WARN, .code = 0x80072EE2u, .cause = "timeout",
				      .stage = STAGE_HTTP,
				      .message = "no answer from 192.0.2.7:80 within 15 s (waiting for the HTTP response)",
				      .naddrs = 2, .addrs = addrs2, .t = { 2, 5, -1, -1, 15001 } };
	results[2].tls.tls13 = -1;

	run = (struct run){ .res = recs, .n = 3, .config_path = "endpoints.conf", .proxy = &proxy, .clock = &clk,
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

/* The same run compared with an earlier report (read by the real reader):
 * fe3 was ok (a new failure), download was failing refused (now better),
 * an endpoint since removed, a cause gone. */
static const char earlier_doc[] =
	"{\"version\": 1, \"tool\": {\"name\": \"wuprobe\", \"version\": \"0.1.0\"},"
	" \"started_at\": \"2026-11-15T04:00:00.000Z\","
	" \"causes\": [{\"hop\": \"network_path\", \"kind\": \"refuses\", \"who\": \"direct\","
	"   \"text\": \"the path (direct) refuses connections: 2 of 4 endpoints\", \"endpoints\": [2, 3]}],"
	" \"endpoints\": ["
	"  {\"url\": \"https://fe2.update.microsoft.com/\", \"status\": \"ok\", \"code\": null, \"cause\": null,"
	"   \"proxy\": null, \"timings_ms\": {\"total\": 70}},"
	"  {\"url\": \"https://fe3.delivery.mp.microsoft.com/ClientWebService/client.asmx\", \"status\": \"ok\","
	"   \"code\": null, \"cause\": null, \"proxy\": \"proxy.contoso.com:8080\", \"timings_ms\": {\"total\": 40}},"
	"  {\"url\": \"http://download.windowsupdate.com/\", \"status\": \"fail\", \"code\": \"0x80072EFD\","
	"   \"cause\": \"connection_refused\", \"proxy\": null, \"timings_ms\": {\"total\": 3000}},"
	"  {\"url\": \"http://old.example.com/\", \"status\": \"fail\", \"code\": \"0x80072EFD\","
	"   \"cause\": \"connection_refused\", \"proxy\": null, \"timings_ms\": {\"total\": 1}}]}";

static void compared(const char *name, void (*render)(FILE *, const struct run *))
{
	struct earlier e;
	struct drift d;
	char err[256];

	assert_int_equal(earlier_parse(earlier_doc, sizeof earlier_doc - 1, "--compare", "earlier.json", &e, err, sizeof err), 0);
	assert_int_equal(drift_compute(&e, "earlier.json", &run, &d), 0);
	run.drift = &d;
	golden(name, render);
	run.drift = NULL;
	drift_free(&d);
	earlier_free(&e);
}

static void test_compare_json(void **state) { (void)state; compared("compare.json", report_json); }
static void test_compare_text(void **state) { (void)state; compared("compare.txt", text_plain); }
static void test_compare_prometheus(void **state) { (void)state; compared("compare.prom", report_prometheus); }
static void test_compare_junit(void **state) { (void)state; compared("compare.xml", report_junit); }
static void test_compare_nagios(void **state) { (void)state; compared("compare.nagios", report_nagios); }
static void test_compare_csv(void **state) { (void)state; compared("compare.csv", report_csv); }

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
	struct result e[2];
	const struct result *const er[2] = { &e[0], &e[1] };
	struct run r;
	char *out;

	(void)state;
	e[0] = results[0];
	e[1] = (struct result){ .conf = &confs[2], .status = ST_ERROR, .cause = "local_resources",
				.stage = STAGE_CONNECT, .message = "not probed: this machine could not make a socket",
				.t = { -1, -1, -1, -1, 2 } };
	e[1].tls.tls13 = -1;
	r = (struct run){ .res = er, .n = 2, .config_path = "endpoints.conf", .started_at = "2026-11-22T04:00:00.000Z" };
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
	assert_non_null(strstr(out, "wuprobe_endpoint_status{url=\"http://download.windowsupdate.com/\",group=\"downloads\"} 3\n"));
	assert_non_null(strstr(out, "wuprobe_endpoint_info{url=\"http://download.windowsupdate.com/\",group=\"downloads\","
				    "status=\"error\",code=\"\",code_name=\"\",secondary_code=\"\",cause=\"local_resources\"} 1\n"));
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

static char *render_text(const struct run *r, bool quiet, int verbose)
{
	struct text_style st = { .quiet = quiet, .verbose = verbose };
	char *got = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&got, &n);

	report_text(f, r, &st);
	fclose(f);
	return got;
}

/* The line of OUT that starts with PREFIX, as a new string (NULL: none). */
static char *line_starting(const char *out, const char *prefix)
{
	for (const char *p = out; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return strndup(p, strcspn(p, "\n"));
	return NULL;
}

/* Half an SNTP round trip a hair below zero: "+/- 0.00 s", never "-0.00". */
static void test_text_no_negative_zero(void **state)
{
	struct clock_verdict c = clk;
	struct run r = run;
	char *out;

	(void)state;
	for (int i = 0; i < 2; i++) {
		c.uncertainty = i ? -0.0 : -0.0004;
		r.clock = &c;
		out = render_text(&r, false, 0);
		assert_non_null(strstr(out, "(+/- 0.00 s;"));
		assert_null(strstr(out, "-0.00"));
		free(out);
	}
}

/* No reference answered: the text says "unknown", the word JSON uses. */
static void test_text_clock_unknown_as_json(void **state)
{
	struct clock_verdict c = { .status = CK_UNKNOWN, .max_skew = 300 };
	struct run r = run;
	char *out, *line;

	(void)state;
	r.clock = &c;
	out = render(report_json, &r);
	assert_non_null(strstr(out, "\"clock\": {\n    \"status\": \"unknown\","));
	free(out);
	out = render_text(&r, false, 0);
	line = line_starting(out, "clock ");
	assert_non_null(line);
	assert_string_equal(line, "clock unknown: no reference answered");
	free(line);
	free(out);
}

/* -q when every endpoint is ok and only the clock warns: the heading, the
 * clock and the result, but no table, not even its header. */
static void test_text_quiet_no_empty_table(void **state)
{
	const struct result *const e[1] = { &results[0] };
	struct run r;
	char *out;

	(void)state;
	r = (struct run){ .res = e, .n = 1, .config_path = "endpoints.conf", .clock = &clk,
			  .started_at = "2026-11-22T04:00:00.000Z" };
	run_summarize(&r);
	assert_int_equal(r.status, ST_WARN);
	out = render_text(&r, true, 0);
	assert_non_null(strstr(out, "clock WARN: "));
	assert_non_null(strstr(out, "\nResult: WARN: 1 ok, 0 warnings, 0 failed (exit 1)\n"));
	assert_null(strstr(out, "CODE"));
	assert_null(strstr(out, "URL"));
	assert_null(strstr(out, "\n\n\n"));
	free(out);
	/* Without -q, or with an endpoint to show, the table keeps its header. */
	out = render_text(&r, false, 0);
	assert_non_null(strstr(out, "CODE"));
	free(out);
	out = render_text(&run, true, 0);
	assert_non_null(strstr(out, "CODE"));
	free(out);
}

/* A URL longer than the column is shortened in the middle with "...", so
 * every row keeps its columns; -v and JSON have it whole. */
static void test_text_long_url(void **state)
{
	static const char longurl[] = "http://ctldl.windowsupdate.com/msdownload/update/v3/static/trustedr/en/"
				      "authrootstl.cab?with=a-long-query-string";
	struct ep_conf lc = confs[2];
	struct result e[3];
	const struct result *const er[3] = { &e[0], &e[1], &e[2] };
	struct run r;
	char *out, *line, *hdr;
	const char *route_col;
	size_t at = 0;

	(void)state;
	lc.url = (char *)longurl;
	memcpy(e, results, sizeof e);
	e[2].conf = &lc;
	r = run;
	r.res = er;
	out = render_text(&r, false, 0);
	hdr = line_starting(out, "      CODE");
	assert_non_null(hdr);
	route_col = strstr(hdr, "ROUTE");
	assert_non_null(route_col);
	at = (size_t)(route_col - hdr);
	line = line_starting(out, "WARN  0x80072EE2  ");
	assert_non_null(line);
	assert_true(strlen(line) > at);
	assert_string_equal(line + at - 2, "  direct                     2     5     -     -  15001  "
					    "no answer from 192.0.2.7:80 within 15 s (waiting for the HTTP response)");
	assert_non_null(strstr(line, "http://ctldl.windowsupdate.com/msdownlo...cab?with=a-long-query-string  "));
	assert_int_equal(at - 18 - 2, 70);     /* the URL column: 70 wide */
	free(line);
	line = line_starting(out, "FAIL  0x80072F8F  ");
	assert_non_null(line);
	assert_memory_equal(line + at, "proxy.contoso.com:8080", 22);
	free(line);
	assert_null(strstr(out, longurl));
	free(hdr);
	free(out);

	out = render_text(&r, false, 1);
	line = line_starting(out, "      url ");
	assert_non_null(line);
	assert_string_equal(line + 10, longurl);
	free(line);
	free(out);
	out = render(report_json, &r);
	assert_non_null(strstr(out, longurl));
	free(out);
	/* A URL that fits shows no url line under -v (the golden file). */
	out = render_text(&run, false, 1);
	assert_null(strstr(out, "      url "));
	free(out);
}

static char *line_of(const char *out, const char *start)
{
	const char *p = strstr(out, start), *end;
	char *line;

	if (!p)
		fail_msg("no line starting %s in:\n%s", start, out);
	end = strchr(p, '\n');
	line = strndup(p, (size_t)(end - p));
	return line;
}

/* Nagios: the skew warns outside -max:max (the plugin guidelines' range),
 * not outside 0..max; no critical range. */
static void test_nagios_skew_range(void **state)
{
	struct clock_verdict k = clk;
	struct run r = run;
	char *out, *line;

	(void)state;
	r.clock = &k;
	k.skew = -5;
	k.status = CK_OK;
	out = render(report_nagios, &r);
	line = line_of(out, "clock_skew=");
	assert_string_equal(line, "clock_skew=-5.000s;-300:300;;");
	free(line);
	free(out);
	k.max_skew = 1.5;
	k.skew = 2;
	k.status = CK_WARN;
	out = render(report_nagios, &r);
	line = line_of(out, "clock_skew=");
	assert_string_equal(line, "clock_skew=2.000s;-1.5:1.5;;");
	free(line);
	free(out);
	k.known = false;
	k.status = CK_UNKNOWN;
	out = render(report_nagios, &r);
	assert_null(strstr(out, "clock_skew"));
	free(out);
}

/* JUnit: a clock nothing could judge is skipped, with the reason; the clock
 * case's classname is one no endpoint group can take. */
static void test_junit_clock_skipped(void **state)
{
	struct clock_verdict k = { .status = CK_UNKNOWN, .max_skew = 300 };
	struct ep_conf c = confs[0];
	struct result e = results[0];
	const struct result *const er[1] = { &e };
	struct run r;
	char *out;

	(void)state;
	c.group = "clock";
	e.conf = &c;
	r = (struct run){ .res = er, .n = 1, .clock = &k, .started_at = "2026-11-22T04:00:00.000Z" };
	run_summarize(&r);
	out = render(report_junit, &r);
	assert_non_null(strstr(out, "tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"1\""));
	assert_non_null(strstr(out, "<testcase classname=\"wuprobe.endpoints.clock\" name=\"https://fe2.update.microsoft.com/\""));
	assert_non_null(strstr(out, "<testcase classname=\"wuprobe.clock\" name=\"clock\" time=\"0.000\">\n"
				    "      <skipped message=\"no clock reference answered (SNTP: off; no HTTP response "
				    "carried a Date header)\"/>\n    </testcase>\n"));
	free(out);
	k.status = CK_OK;
	k.known = true;
	out = render(report_junit, &r);
	assert_non_null(strstr(out, "skipped=\"0\""));
	assert_non_null(strstr(out, "<testcase classname=\"wuprobe.clock\" name=\"clock\" time=\"0.000\"/>\n"));
	assert_null(strstr(out, "<skipped"));
	free(out);
}

/* Prometheus: one status coding for endpoints and clock (0 ok, 1 warn,
 * 2 fail, 3 error, 4 unknown). */
static void test_prom_status_coding(void **state)
{
	static const struct { enum clock_status st; const char *want; } cases[] = {
		{ CK_OK, "wuprobe_clock_status 0\n" },
		{ CK_WARN, "wuprobe_clock_status 1\n" },
		{ CK_FAIL, "wuprobe_clock_status 2\n" },
		{ CK_UNKNOWN, "wuprobe_clock_status 4\n" },
	};
	struct clock_verdict k = clk;
	struct run r = run;

	(void)state;
	r.clock = &k;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		k.status = cases[i].st;
		char *out = render(report_prometheus, &r);
		assert_non_null(strstr(out, cases[i].want));
		assert_non_null(strstr(out, "# HELP wuprobe_clock_status The clock verdict: 0 ok, 1 warn, 2 fail, 3 error"));
		assert_non_null(strstr(out, "# HELP wuprobe_endpoint_status The endpoint's verdict: 0 ok, 1 warn, 2 fail, 3 error"));
		free(out);
	}
}

/* Prometheus: the leaf certificate's not_after in Unix seconds, read as UTC
 * whatever the time zone. */
static void test_prom_cert_not_after(void **state)
{
	static const char *const zones[] = { "UTC0", "NPT-5:45", "XST+11" };
	struct chain_summary *ch = calloc(1, sizeof *ch + 2 * sizeof ch->sent[0]);
	struct result e[2];
	const struct result *const er[2] = { &e[0], &e[1] };
	struct run r;
	const char *old = getenv("TZ");
	char *saved = old ? strdup(old) : NULL;

	(void)state;
	assert_non_null(ch);
	ch->nsent = 2;
	ch->sans = ch->root = "";
	ch->sent[0] = (struct chain_summary_cert){ .subject = "CN=fe2.update.microsoft.com", .issuer = "CN=ca",
						   .not_before = "2026-03-01T12:00:00Z", .not_after = "2027-03-01T12:00:00Z",
						   .sha256 = "" };
	ch->sent[1] = (struct chain_summary_cert){ .subject = "CN=ca", .issuer = "CN=root",
						   .not_before = "2020-01-01T00:00:00Z", .not_after = "2049-12-31T23:59:59Z",
						   .sha256 = "" };
	e[0] = results[0];
	e[0].chain = ch;
	e[1] = results[2];          /* plain HTTP: no certificate, no line */
	r = (struct run){ .res = er, .n = 2, .started_at = "2026-11-22T04:00:00.000Z" };
	run_summarize(&r);
	for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		setenv("TZ", zones[i], 1);
		tzset();
		char *out = render(report_prometheus, &r);
		assert_non_null(strstr(out, "\nwuprobe_endpoint_cert_not_after_timestamp_seconds{url=\"https://fe2.update"
					    ".microsoft.com/\",group=\"windows-update\"} 1803902400\n"));
		assert_null(strstr(out, "wuprobe_endpoint_cert_not_after_timestamp_seconds{url=\"http://download"));
		free(out);
	}
	if (saved)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
	free(ch);
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
		cmocka_unit_test(test_compare_json),
		cmocka_unit_test(test_compare_text),
		cmocka_unit_test(test_compare_prometheus),
		cmocka_unit_test(test_compare_junit),
		cmocka_unit_test(test_compare_nagios),
		cmocka_unit_test(test_compare_csv),
		cmocka_unit_test(test_nagios_unknown),
		cmocka_unit_test(test_error_endpoint),
		cmocka_unit_test(test_nagios_skew_range),
		cmocka_unit_test(test_junit_clock_skipped),
		cmocka_unit_test(test_prom_status_coding),
		cmocka_unit_test(test_prom_cert_not_after),
		cmocka_unit_test(test_text_no_negative_zero),
		cmocka_unit_test(test_text_clock_unknown_as_json),
		cmocka_unit_test(test_text_quiet_no_empty_table),
		cmocka_unit_test(test_text_long_url),
	};
	return cmocka_run_group_tests_name("formats", tests, setup, teardown);
}
