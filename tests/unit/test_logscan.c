/* The update log reader: lines (logtext.c), a line's code, URL and proxy
 * (logline.c), the CSV of Delivery Optimization (logcsv.c), the failures
 * grouped (logscan.c). The shapes are those of update-logs.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "logline.h"
#include "logscan.h"

static const struct {
	const char *line;
	enum log_shape shape;
	const char *when, *component;
	int has_code;
	uint32_t code;
	const char *url;      /* NULL: none */
	const char *proxy;    /* NULL: none */
} lines[] = {
	{ "2023/03/21 22:19:01.8143657 19924 14968 Misc            *FAILED* [80072F8F] WinHttp: SendRequestToServerForFileInformation (retrying with default proxy)",
	  LS_WIN10, "2023-03-21 22:19:01", "Misc", 1, 0x80072F8Fu, NULL, NULL },
	{ "2018.10.21 01:02:03.1234567 1 2 Misc FAILED [80072EFE] Send request", LS_WIN10, "2018-10-21 01:02:03", "Misc", 1,
	  0x80072EFEu, NULL, NULL },
	{ "2023/03/21 22:19:01.1 1 2 SLS Complete the request URL HTTPS://slscr.update.microsoft.com/SLS/x/0?CH=584&MK=LENOVO with [00000000] and http status code[200] and send SLS events.",
	  LS_WIN10, "2023-03-21 22:19:01", "SLS", 1, 0, "HTTPS://slscr.update.microsoft.com/SLS/x/0?CH=584&MK=LENOVO", NULL },
	{ "2023/03/21 22:19:01.1 1 2 WebServices Web service call failed with hr = 8024401c.", LS_WIN10, "2023-03-21 22:19:01",
	  "WebServices", 1, 0x8024401Cu, NULL, NULL },
	{ "2023/03/21 22:19:01.1 1 2 DownloadManager BITS job {G} failed, updateId = G.200, hr = 0x80190194. File URL = http://wsus.example:8530/Content/43/x.cab, local path = C:\\x",
	  LS_WIN10, "2023-03-21 22:19:01", "DownloadManager", 1, 0x80190194u, "http://wsus.example:8530/Content/43/x.cab", NULL },
	{ "2023/03/21 22:19:01.1 1 2 Misc WinHttp: SendRequestToServerForFileInformation failed with 0x80072f8f; retrying",
	  LS_WIN10, "2023-03-21 22:19:01", "Misc", 1, 0x80072F8Fu, NULL, NULL },
	/* a success code: has_code, code 0 */
	{ "2023/03/21 22:19:01.1 1 2 Agent * END * Exit code = 0x240001", LS_WIN10, "2023-03-21 22:19:01", "Agent", 1, 0,
	  NULL, NULL },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tMisc\tWARNING: SendRequest failed with hr = 80072efe. Proxy List used: <proxy:80 > Bypass List used : <(null)> Auth Schemes used : <>",
	  LS_LEGACY, "2014-05-26 10:23:15", "Misc", 1, 0x80072EFEu, NULL, "proxy:80" },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tMisc\tWARNING: SendRequest failed with hr = 80072efe. Proxy List used: <(null)> Bypass",
	  LS_LEGACY, "2014-05-26 10:23:15", "Misc", 1, 0x80072EFEu, NULL, "" },
	{ "2014-05-26 10:23:15:126 1000 15a8 Misc WARNING: WinHttp: SendRequestUsingProxy failed for <https://www.update.microsoft.com/v11/3/legacy/windowsupdate/selfupdate/wuident.cab>. error 0x80072efe",
	  LS_LEGACY, "2014-05-26 10:23:15", "Misc", 1, 0x80072EFEu,
	  "https://www.update.microsoft.com/v11/3/legacy/windowsupdate/selfupdate/wuident.cab", NULL },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tMisc\tWARNING: DownloadFileInternal failed for http://wsus.example/selfupdate/wuident.cab: error 0x8024402c",
	  LS_LEGACY, "2014-05-26 10:23:15", "Misc", 1, 0x8024402Cu, "http://wsus.example/selfupdate/wuident.cab", NULL },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tPT\tWARNING: SyncUpdates failure, error = 0x8024401B, soap client error = 10, soap error code = 0, HTTP status code = 407",
	  LS_LEGACY, "2014-05-26 10:23:15", "PT", 1, 0x8024401Bu, NULL, NULL },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tWS\tService URL='https://wsus.example/SimpleAuthWebService/SimpleAuth.asmx'.",
	  LS_LEGACY, "2014-05-26 10:23:15", "WS", 0, 0, "https://wsus.example/SimpleAuthWebService/SimpleAuth.asmx", NULL },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tWS\tProxy List: 'p1:8080', Bypass List: '(null)'.", LS_LEGACY,
	  "2014-05-26 10:23:15", "WS", 0, 0, NULL, "p1:8080" },
	{ "2014-05-26\t10:23:15:126\t1000\t15a8\tWS\tFATAL: OnCallFailure failed with hr= 0X80244007", LS_LEGACY,
	  "2014-05-26 10:23:15", "WS", 1, 0x80244007u, NULL, NULL },
	{ "2022-02-05T00:03:16.9641605Z  AC8 4618     Info {CBackgroundCopyJob::_InternalCreateDownload} New download: jobId = G, Uri = https://host/path, LocalFile = [none]",
	  LS_DO, "2022-02-05 00:03:16Z", "CBackgroundCopyJob::_InternalCreateDownload", 0, 0, "https://host/path", NULL },
	{ "2022-02-05T00:03:16.9641605Z AC8 4618 Warning {X::y} failed, reason = 80d0401b", LS_DO, "2022-02-05 00:03:16Z", "X::y", 1,
	  0x80D0401Bu, NULL, NULL },
	{ "BITS stopped transferring the J transfer job that is associated with the http://host/ URL. The status code is 0x80072EE7.",
	  LS_BITS, "", "BITS", 1, 0x80072EE7u, "http://host/", NULL },
	/* not a log line; a SOAP value is no HRESULT; curly quotes end a URL */
	{ "Dear team, it fails", LS_NONE, "", "", 0, 0, NULL, NULL },
	{ "x soap error code = 400 SOAP Fault: 0x000190", LS_NONE, "", "", 0, 0, NULL, NULL },
	{ "see \xe2\x80\x9chttps://a.example/b\xe2\x80\x9d now", LS_NONE, "", "", 0, 0, "https://a.example/b", NULL },
	{ "errorCode=0x803d0013 at http://<wsusserver>:8530/x.asmx", LS_NONE, "", "", 1, 0x803D0013u,
	  "http://<wsusserver>:8530/x.asmx", NULL },
};

static void test_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		struct log_line l;
		log_line_parse(lines[i].line, strlen(lines[i].line), &l);
		if (l.shape != lines[i].shape || strcmp(l.when, lines[i].when) || strcmp(l.component, lines[i].component) ||
		    l.has_code != (lines[i].has_code != 0) || l.code != lines[i].code)
			fail_msg("line %zu: shape %d when '%s' component '%s' code %d %08X", i, l.shape, l.when, l.component,
				 l.has_code, (unsigned)l.code);
		if (lines[i].url) {
			assert_non_null(l.url);
			if (l.url_len != strlen(lines[i].url) || strncmp(l.url, lines[i].url, l.url_len))
				fail_msg("line %zu: url '%.*s'", i, (int)l.url_len, l.url);
		} else if (l.url) {
			fail_msg("line %zu: url '%.*s', none expected", i, (int)l.url_len, l.url);
		}
		assert_int_equal(l.has_proxy, lines[i].proxy != NULL);
		if (lines[i].proxy && (l.proxy_len != strlen(lines[i].proxy) || strncmp(l.proxy, lines[i].proxy, l.proxy_len)))
			fail_msg("line %zu: proxy '%.*s'", i, (int)l.proxy_len, l.proxy);
	}
}

static void scan(struct log_scan *s, const unsigned char *data, size_t n, size_t step)
{
	log_scan_init(s);
	for (size_t i = 0; i < n; i += step)
		assert_int_equal(log_scan_feed(s, data + i, n - i < step ? n - i : step), 0);
	assert_int_equal(log_scan_finish(s), 0);
}

/* UTF-16LE and BE with a BOM, UTF-8 with one, fed a byte at a time and
 * whole: the same failure, the query dropped, {GUID} percent-encoded. */
static void test_encodings(void **state)
{
	static const char text[] = "2023/03/21 22:19:01.1 1 2 SLS Complete the request URL HTTPS://Slscr.example/SLS/{G}/0?MK=LENOVO&MD=X with [80072EFD] and http status code[0] and send SLS events.\r\n";
	unsigned char buf[1024];
	size_t n = strlen(text);

	(void)state;
	for (int enc = 0; enc < 3; enc++) {
		size_t k = 0;
		if (enc == 0) {
			memcpy(buf, "\xef\xbb\xbf", 3);
			memcpy(buf + 3, text, n);
			k = n + 3;
		} else {
			buf[k++] = enc == 1 ? 0xFF : 0xFE;
			buf[k++] = enc == 1 ? 0xFE : 0xFF;
			for (size_t i = 0; i < n; i++) {
				buf[k++] = enc == 1 ? (unsigned char)text[i] : 0;
				buf[k++] = enc == 1 ? 0 : (unsigned char)text[i];
			}
		}
		for (size_t step = 1; step <= k; step += k - 1) {
			struct log_scan s;
			scan(&s, buf, k, step);
			assert_int_equal(s.nfail, 1);
			assert_string_equal(s.fail[0].url, "https://slscr.example/SLS/%7BG%7D/0");
			assert_int_equal(s.fail[0].code, 0x80072EFDu);
			assert_string_equal(s.fail[0].first, "2023-03-21 22:19:01");
			assert_int_equal(s.log_lines, 1);
			log_scan_free(&s);
		}
	}
}

/* The legacy block: the URL after the failure, the proxy list after it;
 * the same code told again is one failure; a placeholder host is marked. */
static void test_context(void **state)
{
	static const char log[] =
		"2014-05-26\t10:23:15:125\t1000\t15a8\tMisc\tWARNING: WinHttp: SendRequestUsingProxy failed for <https://h.example/a.cab>. error 0x80072efe\n"
		"2014-05-26\t10:23:15:126\t1000\t15a8\tMisc\tWARNING: SendRequest failed with hr = 80072efe. Proxy List used: <p:80 > Bypass\n"
		"2014-05-26\t10:23:17:000\t1000\t15a8\tPT\t+ Last proxy send request failed with hr = 0x80072EE2, HTTP status code = 0\n"
		"2014-05-26\t10:23:17:001\t1000\t15a8\tPT\t+ Proxy list used = q:3128\n"
		"2014-05-26\t10:23:17:002\t1000\t15a8\tPT\t+ ServiceId = {G}, Server URL = https://u.example/v6/ClientWebService/client.asmx\n"
		"2014-05-26\t10:23:18:000\t1000\t15a8\tMisc\tWARNING: DownloadFileInternal failed for http://<wsusserver>/x.cab: error 0x8024402c\n"
		"2014-05-26\t10:23:19:000\t1000\t15a8\tAgent\tWARNING: Exit code = 0x80070003\n";
	struct log_scan s;

	(void)state;
	scan(&s, (const unsigned char *)log, strlen(log), 4096);
	assert_int_equal(s.nfail, 4);
	assert_string_equal(s.fail[0].url, "https://h.example/a.cab");
	assert_int_equal(s.fail[0].count, 1);
	assert_string_equal(s.fail[0].proxy, "p:80");
	assert_string_equal(s.fail[1].url, "https://u.example/v6/ClientWebService/client.asmx");
	assert_int_equal(s.fail[1].code, 0x80072EE2u);
	assert_string_equal(s.fail[1].proxy, "q:3128");
	assert_true(s.fail[2].placeholder);
	assert_string_equal(s.fail[3].url, "");   /* a machine code takes no URL from around it */
	assert_int_equal(s.fail[3].code, 0x80070003u);
	log_scan_free(&s);
}

static void test_do_csv(void **state)
{
	static const char log[] =
		"#TYPE Microsoft.Windows.DeliveryOptimization.LogLine\r\n"
		"\"TimeCreated\",\"ProcessId\",\"Message\",\"Function\",\"ErrorCode\"\r\n"
		"\"2/5/2022 12:05:16 AM\",\"2760\",\"Download failed, Uri = http://d.example/f/abc?P1=1\",\"F\",\"-2133843966\"\r\n"
		"\"2/5/2022 12:06:16 AM\",\"2760\",\"Download complete \"\"ok\"\"\",\"F\",\"0\"\r\n";
	struct log_scan s;

	(void)state;
	scan(&s, (const unsigned char *)log, strlen(log), 7);
	assert_int_equal(s.nfail, 1);
	assert_int_equal(s.fail[0].code, 0x80D02002u);
	assert_string_equal(s.fail[0].url, "http://d.example/f/abc");
	assert_string_equal(s.fail[0].first, "2/5/2022 12:05:16 AM");
	assert_int_equal(s.successes, 1);
	log_scan_free(&s);
}

/* Events joined into one line (a pasted copy): each read apart. */
static void test_joined(void **state)
{
	static const char log[] =
		"2023/03/21 22:19:01.1 1 2 Misc DownloadFileInternal failed for http://a.example/x: error 0x80072efd "
		"2023/03/21 22:19:02.1 1 2 Misc DownloadFileInternal failed for http://b.example/y: error 0x80072ee2 "
		"2023.03.21 22:19:03.1 1 2 Agent Exit code = 0x240001\n";
	struct log_scan s;

	(void)state;
	scan(&s, (const unsigned char *)log, strlen(log), 4096);
	assert_int_equal(s.nfail, 2);
	assert_string_equal(s.fail[1].url, "http://b.example/y");
	assert_string_equal(s.fail[1].first, "2023-03-21 22:19:02");
	assert_int_equal(s.log_lines, 3);
	assert_int_equal(s.successes, 1);
	log_scan_free(&s);
}

static void test_not_a_log(void **state)
{
	static const char text[] = "Dear team,\nWindows Update fails with error 0x8024402F on the Munich site.\n";
	struct log_scan s;

	(void)state;
	scan(&s, (const unsigned char *)text, strlen(text), 5);
	assert_int_equal(s.log_lines, 0);
	log_scan_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_do_csv),
		cmocka_unit_test(test_joined),
		cmocka_unit_test(test_not_a_log),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
