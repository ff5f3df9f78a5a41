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
	assert_int_equal(o.parallel, 0);       /* every endpoint at once */
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
	assert_null(strstr(err, "hunter2"));
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
	/* whatever joins the value to the name, only the name is shown */
	{
		char *a5[] = { "wuprobe", "--proxy-password:hunter2", NULL };
		char *a6[] = { "wuprobe", "--nosuch:hunter2", NULL };
		char *a7[] = { "wuprobe", "--quiet:hunter2", NULL };
		assert_int_equal(parse(&o, err, 2, a5), OPT_ERROR);
		assert_non_null(strstr(err, "'--proxy-password'"));
		assert_null(strstr(err, "hunter2"));
		assert_int_equal(parse(&o, err, 2, a6), OPT_ERROR);
		assert_non_null(strstr(err, "'--nosuch'"));
		assert_null(strstr(err, "hunter2"));
		assert_int_equal(parse(&o, err, 2, a7), OPT_ERROR);
		assert_null(strstr(err, "hunter2"));
	}
}

/* Long options only by their exact names: getopt_long alone would take
 * "--proxy-pa=PW" for --proxy-password-file and echo PW as a file name. */
static void test_no_abbreviations(void **state)
{
	struct options o;
	char err[256] = "";
	char *pa[] = { "wuprobe", "--proxy-user", "u", "--proxy-pa=hunter2", NULL };
	char *pas[] = { "wuprobe", "--proxy-user", "u", "--proxy-pas", "hunter2", NULL };
	char *pas_last[] = { "wuprobe", "--proxy-user", "u", "--proxy-pas", NULL };
	char *conf[] = { "wuprobe", "--conf", "x.conf", NULL };
	char *time[] = { "wuprobe", "--time=5", NULL };
	char *exact[] = { "wuprobe", "--config=x.conf", "--timeout", "5", "--proxy-env", NULL };

	(void)state;
	assert_int_equal(parse(&o, err, 4, pa), OPT_ERROR);
	assert_string_equal(err, "unknown option '--proxy-pa' (see --help)");
	assert_int_equal(parse(&o, err, 5, pas), OPT_ERROR);
	assert_string_equal(err, "unknown option '--proxy-pas' (see --help)");
	assert_int_equal(parse(&o, err, 4, pas_last), OPT_ERROR);
	assert_string_equal(err, "unknown option '--proxy-pas' (see --help)");
	assert_int_equal(parse(&o, err, 3, conf), OPT_ERROR);
	assert_string_equal(err, "unknown option '--conf' (see --help)");
	assert_int_equal(parse(&o, err, 2, time), OPT_ERROR);
	assert_string_equal(err, "unknown option '--time' (see --help)");
	assert_int_equal(parse(&o, err, 5, exact), OPT_RUN);
	assert_string_equal(o.config, "x.conf");
	assert_true(o.timeout_s == 5 && o.proxy_env);
	expect_error("option '--help' takes no value", "--help=x", NULL);
	/* the long option's own name, not its short letter (issue 11) */
	expect_error("option '--quiet' takes no value", "--quiet=1", NULL);
	expect_error("option '--proxy-env' takes no value", "--proxy-env=1", NULL);
}

/* Every value a message echoes goes through redact(). */
static void test_echoed_values_are_redacted(void **state)
{
	(void)state;
	expect_error("--timeout: '***@x' is not", "--timeout", "u:hunter2@x");
	expect_error("--parallel: '***@x' is not", "--parallel", "u:hunter2@x");
	expect_error("--max-skew: '***@x' is not", "--max-skew", "u:hunter2@x");
	expect_error("--format: '***@x' is not", "--format", "u:hunter2@x");
	expect_error("--dns-server: 'http://***@x' is not", "--dns-server", "http://u:hunter2@x");
	expect_error("unknown option '--u' (see", "--u:hunter2@x", NULL);
	expect_error("unknown option '--proxy-pass': passwords never", "--proxy-pass:hunter2@x", NULL);
	expect_error("unknown option '--proxy-passw': passwords never", "--proxy-passw\nx=1", NULL);
}

/* A parse that stopped inside "-qZ" leaves nothing behind for the next. */
static void test_parses_are_independent(void **state)
{
	struct options o;
	char err[256] = "";
	char *bad[] = { "wuprobe", "-Zq", NULL };
	char *good[] = { "wuprobe", "-v", NULL };

	(void)state;
	assert_int_equal(parse(&o, err, 2, bad), OPT_ERROR);
	assert_int_equal(parse(&o, err, 2, good), OPT_RUN);
	assert_int_equal(o.verbose, 1);
	assert_false(o.quiet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_values),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_no_value_is_echoed),
		cmocka_unit_test(test_no_abbreviations),
		cmocka_unit_test(test_echoed_values_are_redacted),
		cmocka_unit_test(test_parses_are_independent),
	};
	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
