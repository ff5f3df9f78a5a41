/* The command line: values are checked, errors are one line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "options.h"

static int parse(struct options *o, char *err, int argc, char **argv)
{
	return options_parse(argc, argv, o, err, 256);
}

static void test_defaults_and_values(void **state)
{
	struct options o;
	char err[256];
	char *argv[] = { "wuprobe", "-c", "x.conf", "-f", "json", "--timeout", "2.5", "--parallel", "3",
			 "--dns-server", "127.0.0.1:5353,::1,[::1]:53", "-q", "-v", "-v", NULL };

	(void)state;
	assert_int_equal(parse(&o, err, 1, argv), OPT_RUN);
	assert_true(o.timeout_s == 15);
	assert_int_equal(o.parallel, 64);
	assert_int_equal(o.format, FMT_TEXT);
	assert_int_equal(parse(&o, err, 14, argv), OPT_RUN);
	assert_string_equal(o.config, "x.conf");
	assert_int_equal(o.format, FMT_JSON);
	assert_true(o.timeout_s == 2.5);
	assert_int_equal(o.parallel, 3);
	assert_string_equal(o.dns_servers, "127.0.0.1:5353,::1,[::1]:53");
	assert_true(o.quiet);
	assert_int_equal(o.verbose, 2);
}

static void expect_error(const char *want, char *a1, char *a2)
{
	struct options o;
	char err[256] = "";
	char *argv[] = { "wuprobe", a1, a2, NULL };

	assert_int_equal(parse(&o, err, a2 ? 3 : 2, argv), OPT_ERROR);
	if (!strstr(err, want))
		fail_msg("wanted '%s', got '%s'", want, err);
	assert_null(strchr(err, '\n'));
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_error("--timeout", "--timeout", "0");
	expect_error("--timeout", "--timeout", "abc");
	expect_error("--timeout", "--timeout", "nan");
	expect_error("--timeout", "--timeout", "1e9");
	expect_error("--parallel", "--parallel", "0");
	expect_error("--parallel", "--parallel", "12x");
	expect_error("--format", "-f", "xml");
	expect_error("--dns-server", "--dns-server", "resolver.example");
	expect_error("--dns-server", "--dns-server", "1.2.3.4:99999");
	expect_error("--dns-server", "--dns-server", "1.2.3.4,");
	expect_error("--dns-server", "--dns-server", "[::1");
	expect_error("unknown option '--bogus'", "--bogus", NULL);
	expect_error("unknown option '-Z'", "-Z", NULL);
	expect_error("needs a value", "--config", NULL);
	expect_error("unexpected argument", "-q", "extra");
	expect_error("give one", "--proxy-env", "--proxy=p:3128");
	expect_error("--bypass goes with --proxy", "--bypass", "<local>");
	expect_error("--proxy-password-file goes with --proxy-user", "--proxy-password-file", "/x");
}

static void test_no_value_is_echoed(void **state)
{
	struct options o;
	char err[256] = "";
	char *argv[] = { "wuprobe", "--proxy-password=hunter2", NULL };
	char *argv2[] = { "wuprobe", "--proxy-user", "u", "hunter2", NULL };
	char *argv3[] = { "wuprobe", "--proxy-user", "u", "--proxy-passw=hunter2", NULL };
	char *argv4[] = { "wuprobe", "--proxy-user", "u", "--proxy-password-file=/tmp/pw", NULL };

	(void)state;
	assert_int_equal(parse(&o, err, 2, argv), OPT_ERROR);
	assert_non_null(strstr(err, "--proxy-password"));
	assert_null(strstr(err, "hunter2"));
	assert_int_equal(parse(&o, err, 4, argv2), OPT_ERROR);
	assert_null(strstr(err, "hunter2"));
	assert_int_equal(parse(&o, err, 4, argv3), OPT_ERROR);   /* no abbreviation of -file */
	assert_null(strstr(err, "hunter2"));
	assert_non_null(strstr(err, "never go on the command line"));
	assert_int_equal(parse(&o, err, 4, argv4), OPT_RUN);
	assert_string_equal(o.proxy_password_file, "/tmp/pw");
}

/* Each call starts afresh, even after one that stopped inside "-hq". */
static void test_calls_are_independent(void **state)
{
	struct options o;
	char err[256];
	char *first[] = { "wuprobe", "-hq", NULL };
	char *second[] = { "wuprobe", NULL };

	(void)state;
	assert_int_equal(parse(&o, err, 2, first), OPT_EXIT_OK);
	assert_int_equal(parse(&o, err, 1, second), OPT_RUN);
	assert_false(o.quiet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_no_value_is_echoed),
		cmocka_unit_test(test_calls_are_independent),
	};
	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
