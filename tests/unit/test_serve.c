/* The exporter's parts that need no server: --serve's address, the
 * probe's budget from the scrape's timeout, the modules (the command
 * line's, less --serve and --modules; a file's, each checked), and the
 * exporter's own metrics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "serve_addr.h"
#include "serve_modules.h"
#include "serve_probe.h"
#include "serve_stats.h"

static void test_addresses(void **state)
{
	struct sockaddr_storage sa;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&sa;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&sa;
	char err[256];

	(void)state;
	assert_int_equal(serve_addr_parse("9734", &sa, err, sizeof err), 0);   /* loopback unless told */
	assert_int_equal(v4->sin_family, AF_INET);
	assert_int_equal(ntohl(v4->sin_addr.s_addr), INADDR_LOOPBACK);
	assert_int_equal(ntohs(v4->sin_port), 9734);
	assert_int_equal(serve_addr_parse("0.0.0.0:80", &sa, err, sizeof err), 0);
	assert_int_equal(v4->sin_addr.s_addr, 0);
	assert_int_equal(serve_addr_parse("[::1]:65535", &sa, err, sizeof err), 0);
	assert_int_equal(v6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(v6->sin6_port), 65535);
	const char *bad[] = { "", "0", "65536", "-1", "+80", "80x", "localhost:80", "::1:80", "[::1]", "[::1]:",
			      "1.2.3.4:", ":80", "[1.2.3.4]:80", "1.2.3.4.5:80", "99999999999999999999", NULL };
	for (int i = 0; bad[i]; i++) {
		err[0] = '\0';
		assert_int_equal(serve_addr_parse(bad[i], &sa, err, sizeof err), -1);
		assert_non_null(strstr(err, "--serve: '"));
	}
}

static void test_budget(void **state)
{
	struct serve_module m = { .timeout_s = 15 };

	(void)state;
	assert_true(serve_probe_budget(&m, NULL) == 15);            /* no header: the module's --timeout */
	assert_true(serve_probe_budget(&m, "10") == 9.5);           /* the header less 0.5 s */
	assert_true(serve_probe_budget(&m, "60") == 15);            /* capped by --timeout */
	assert_true(serve_probe_budget(&m, "0.2") == 0.1);          /* never below 0.1 */
	assert_true(serve_probe_budget(&m, "x") == 15);             /* not a number: ignored */
	assert_true(serve_probe_budget(&m, "nan") == 15);
	assert_true(serve_probe_budget(&m, "10s") == 15);
}

static char *write_file(const char *text)
{
	static char path[] = "/tmp/wuprobe-test-serve-XXXXXX";
	char *p = strdup(path);
	int fd = mkstemp(p);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return p;
}

static void test_modules(void **state)
{
	struct serve_modules ms;
	struct options o;
	char err[512];
	char *list = write_file("https://good.example/\n");
	char mtext[1024];
	snprintf(mtext, sizeof mtext, "# modules\n[a]\nconfig = %s\nno-ntp\n\n; b\n[b.2]\nconfig=%s\ntimeout = 4\n",
		 list, list);
	char *mods = write_file(mtext);
	char *argv[] = { "wuprobe", "-c", list, "--serve", "9734", "--timeout", "7", "--modules", mods, "-q", NULL };

	(void)state;
	assert_int_equal(options_parse(10, argv, &o, err, sizeof err), OPT_RUN);
	assert_int_equal(serve_modules_load(&ms, 10, argv, &o, err, sizeof err), 0);
	assert_int_equal(ms.n, 3);
	assert_string_equal(ms.m[0].name, "default");
	assert_int_equal(ms.m[0].argc, 6);     /* wuprobe -c LIST --timeout 7 -q: no --serve, no --modules */
	assert_string_equal(ms.m[0].argv[3], "--timeout");
	assert_string_equal(ms.m[0].argv[5], "-q");
	assert_null(ms.m[0].argv[6]);
	assert_true(ms.m[0].timeout_s == 7);
	const struct serve_module *a = serve_modules_find(&ms, "a"), *b = serve_modules_find(&ms, "b.2");
	assert_non_null(a);
	assert_int_equal(a->argc, 3);
	assert_string_equal(a->argv[2], "--no-ntp");
	assert_true(a->timeout_s == 15);
	assert_non_null(b);
	assert_true(b->timeout_s == 4);
	assert_null(serve_modules_find(&ms, "c"));
	serve_modules_free(&ms);

	/* The exporter's metrics: a counter per module, the bounds. */
	struct serve_stats st;
	size_t len;
	assert_int_equal(serve_modules_load(&ms, 10, argv, &o, err, sizeof err), 0);
	assert_int_equal(serve_stats_init(&st, &ms, 1), 0);
	assert_true(serve_stats_enter(&st));
	assert_false(serve_stats_enter(&st));
	serve_stats_leave(&st, &ms.m[1], false, true, 1.5);
	char *text = serve_stats_text(&st, &len);
	assert_non_null(text);
	static const char *const lines[] = {
		"wuprobe_exporter_probes_total{module=\"a\"} 1\n",
		"wuprobe_exporter_probe_deadline_kills_total{module=\"a\"} 1\n",
		"wuprobe_exporter_probe_seconds_total{module=\"a\"} 1.500\n",
		"wuprobe_exporter_probes_total{module=\"default\"} 0\n",
		"wuprobe_exporter_probes_refused_total 1\n",
		"wuprobe_exporter_probes_running 0\n",
	};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		if (!strstr(text, lines[i]))
			fail_msg("no '%s' in:\n%s", lines[i], text);
	free(text);
	serve_stats_free(&st);
	serve_modules_free(&ms);
	unlink(mods);
	unlink(list);
	free(mods);
	free(list);
}

/* Each bad file is one line naming the file and line, or the module. */
static void test_bad_modules(void **state)
{
	static const struct { const char *text, *want; } cases[] = {
		{ "[a]\nformat = json\n", ":2: 'format': the exporter sets it" },
		{ "[a]\n--timeout = 3\n", ":2: not 'option'" },
		{ "x = 1\n", ":1: an option before the first [module]" },
		{ "[a\n", ":1: a module is [NAME]" },
		{ "[]\n", ":1: a module is [NAME]" },
		{ "[default]\n", ":1: module 'default' is the command line's" },
		{ "[a]\nno-ntp = yes\n", "module 'a': option '--no-ntp' takes no value" },
		{ "[a]\ntimeout = 0\n", "module 'a': --timeout: '0' is not" },
		{ "[a]\nhelp\n", ":2: 'help': the exporter sets it" },
		{ "[a]\nconfig = -\n", "module 'a': the endpoint list cannot be standard input" },
	};
	char *list = write_file("https://good.example/\n");

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char text[256], err[512] = "";
		struct serve_modules ms;
		struct options o;
		snprintf(text, sizeof text, "%s", cases[i].text);
		char *mods = write_file(text);
		char *argv[] = { "wuprobe", "-c", list, "--serve", "1", "--modules", mods, NULL };
		assert_int_equal(options_parse(7, argv, &o, err, sizeof err), OPT_RUN);
		assert_int_equal(serve_modules_load(&ms, 7, argv, &o, err, sizeof err), -1);
		if (!strstr(err, cases[i].want) || !strstr(err, mods) || strchr(err, '\n'))
			fail_msg("%s: got '%s'", cases[i].text, err);
		serve_modules_free(&ms);
		unlink(mods);
		free(mods);
	}
	unlink(list);
	free(list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_modules),
		cmocka_unit_test(test_bad_modules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
