/* pac_eval: a PAC script run in a forked child, with its errors, its
 * runaways and the caller left intact. The helper functions are in
 * test_pac_funcs.c, the returned list in test_pac_list.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "clock.h"
#include "pac_eval.h"

static const struct pac_env env = { .budget_s = 5, .mem_cap = 32u << 20 };
static const char *const urls[] = { "http://a.example/x", "https://b.example/", "http://bad.example/",
				    "http://c.example/" };
static const char *const hosts[] = { "a.example", "b.example", "bad.example", "c.example" };

static int eval(const char *script, const struct pac_env *e, size_t n, struct pac_result *out, char *err)
{
	return pac_eval(script, strlen(script), "test.pac", urls, hosts, n, e, out, err, 512);
}

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

/* The caller is as it was: no child left, no descriptor more. */
static void assert_intact(int fds_before)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	assert_int_equal(open_fds(), fds_before);
}

static const char good[] =
	"function FindProxyForURL(url, host) {\n"
	"  if (host == 'a.example') return 'PROXY p1:8080; DIRECT';\n"
	"  return url + '|' + host;\n"
	"}\n";

static void assert_good_run(void)
{
	struct pac_result out[2];
	char err[512] = "";

	assert_int_equal(eval(good, &env, 2, out, err), 0);
	assert_string_equal(out[0].list, "PROXY p1:8080; DIRECT");
	assert_null(out[0].error);
	assert_string_equal(out[1].list, "https://b.example/|b.example");
	pac_results_free(out, 2);
	assert_null(out[0].list);
}

static void test_calls_every_url(void **state)
{
	int fds = open_fds();

	(void)state;
	assert_good_run();
	assert_intact(fds);
}

static void test_ex_preferred(void **state)
{
	static const char script[] = "function FindProxyForURL(u, h) { return 'PROXY legacy:1'; }\n"
				     "function FindProxyForURLEx(u, h) { return 'PROXY ex:2; DIRECT'; }\n";
	struct pac_result out[1];
	char err[512];

	(void)state;
	assert_int_equal(eval(script, &env, 1, out, err), 0);
	assert_string_equal(out[0].list, "PROXY ex:2; DIRECT");
	pac_results_free(out, 1);
}

static void test_syntax_error_line(void **state)
{
	static const char script[] = "// a PAC file\nfunction FindProxyForURL(url, host) {\n  if (host == 'x' {\n"
				     "    return 'DIRECT';\n  }\n}\n";
	struct pac_result out[1];
	char err[512];

	(void)state;
	assert_int_equal(eval(script, &env, 1, out, err), -1);
	assert_string_equal(err, "test.pac:3: SyntaxError: parse error");
	assert_null(out[0].list);
}

static void test_no_function(void **state)
{
	struct pac_result out[1];
	char err[512];

	(void)state;
	assert_int_equal(eval("var FindProxyForURL = 'DIRECT';\n", &env, 1, out, err), -1);
	assert_string_equal(err, "test.pac: defines no function FindProxyForURL");
}

static void test_error_in_global_code(void **state)
{
	struct pac_result out[1];
	char err[512];

	(void)state;
	assert_int_equal(eval("var a = 1;\nvar b = a.c.d;\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }\n",
			      &env, 1, out, err), -1);
	assert_string_equal(err, "test.pac:2: TypeError: cannot read property 'd' of undefined");
}

/* A throw for one URL is that URL's error, with the line; the others go on.
 * An error inside a helper function blames the script's line calling it. */
static void test_runtime_error_one_url(void **state)
{
	static const char script[] = "function check(h) {\n"
				     "  if (h == 'bad.example') throw new Error('no proxy for ' + h);\n"
				     "}\n"
				     "function FindProxyForURL(url, host) {\n"
				     "  check(host);\n"
				     "  if (host == 'b.example') return isInNet(host, 1);\n"
				     "  if (host == 'c.example') return shExpMatch({ toString: function () { return {}; } }, '*');\n"
				     "  return 'DIRECT';\n"
				     "}\n";
	struct pac_result out[4];
	char err[512];

	(void)state;
	assert_int_equal(eval(script, &env, 4, out, err), 0);
	assert_string_equal(out[0].list, "DIRECT");
	assert_null(out[0].error);
	assert_null(out[1].list);
	assert_string_equal(out[1].error, "test.pac: FindProxyForURL returned a boolean, not a string");
	assert_null(out[2].list);
	assert_string_equal(out[2].error, "test.pac:2: Error: no proxy for bad.example");
	assert_string_equal(out[3].error, "test.pac:7: TypeError: coercion to primitive failed");
	pac_results_free(out, 4);
}

static void test_thrown_value_and_nul(void **state)
{
	static const char script[] = "function FindProxyForURL(url, host) {\n"
				     "  if (host == 'a.example') throw 'plain\\nstring';\n"
				     "  return 'DIRECT\\u0000x';\n"
				     "}\n";
	struct pac_result out[2];
	char err[512];

	(void)state;
	assert_int_equal(eval(script, &env, 2, out, err), 0);
	assert_string_equal(out[0].error, "test.pac: threw plain?string");
	assert_string_equal(out[1].error, "test.pac: FindProxyForURL returned a string with a NUL byte");
	pac_results_free(out, 2);
}

/* The name in messages has its credentials hidden. */
static void test_name_redacted(void **state)
{
	struct pac_result out[1];
	char err[512];

	(void)state;
	assert_int_equal(pac_eval("}", 1, "http://wu:PW@pac.example/proxy.pac", urls, hosts, 1, &env, out, err,
				  sizeof err), -1);
	assert_string_equal(err, "http://***@pac.example/proxy.pac:1: SyntaxError: parse error (end of input)");
}

/* A runaway ends by the budget (and a little), says so, and the caller
 * goes on: a good script runs after it in this same process. */
static void runaway(const char *script, const struct pac_env *e, const char *want)
{
	struct pac_result out[1];
	char err[512];
	int fds = open_fds();
	int64_t t0 = mono_ms();

	assert_int_equal(eval(script, e, 1, out, err), -1);
	int64_t took = mono_ms() - t0;
	print_message("    %s: %lld ms\n", want, (long long)took);
	assert_true(took <= (int64_t)(e->budget_s * 1000) + 500);
	assert_string_equal(err, want);
	assert_null(out[0].list);
	assert_intact(fds);
	assert_good_run();
}

/* The cap is the allocator's, not just the address-space backstop: 12 MiB
 * at most at once fits 32 MiB, not 8 MiB. */
static void test_cap(void **state)
{
	static const char script[] = "var s = 'x';\nfor (var i = 0; i < 23; i++) s += s;\n"
				     "function FindProxyForURL(u, h) { return 'PROXY p:' + s.length; }\n";
	struct pac_env e = env;
	struct pac_result out[1];
	char err[512];

	(void)state;
	assert_int_equal(eval(script, &e, 1, out, err), 0);
	assert_string_equal(out[0].list, "PROXY p:8388608");
	pac_results_free(out, 1);
	e.mem_cap = 8u << 20;
	assert_int_equal(eval(script, &e, 1, out, err), -1);
	assert_string_equal(err, "test.pac: allocated past its 8 MiB cap");
}

static void test_endless_loop(void **state)
{
	static const struct pac_env e = { .budget_s = 1, .mem_cap = 32u << 20 };

	(void)state;
	runaway("while (true) {}\nfunction FindProxyForURL(u, h) { return 'DIRECT'; }\n", &e,
		"test.pac: ran past its 1 s budget");
	runaway("function FindProxyForURL(u, h) { for (;;) {} }\n", &e, "test.pac: ran past its 1 s budget");
}

/* Allocation without end, at the top level and in a call, ends at the cap.
 * The example, a.push(new Array(1e6).join('x')), allocates nothing
 * new in duktape, which interns strings: every push is the same string. It
 * is an endless loop, ended by the budget. */
static void test_endless_allocation(void **state)
{
	static const struct pac_env e = { .budget_s = 2, .mem_cap = 16u << 20 };

	(void)state;
	runaway("var a = [];\nwhile (true) a.push({ n: a.length });\n", &e, "test.pac: allocated past its 16 MiB cap");
	runaway("function FindProxyForURL(u, h) {\n  var s = 'x';\n  while (true) s += s;\n}\n", &e,
		"test.pac: allocated past its 16 MiB cap");
	runaway("var a = [];\nwhile (true) a.push(new Array(1e6).join('x'));\n", &e, "test.pac: ran past its 2 s budget");
}

/* Kills every child of this process with SIGSEGV once one shows up. */
static void *segv_children(void *arg)
{
	(void)arg;
	for (int tries = 0; tries < 400; tries++) {
		DIR *d = opendir("/proc");
		struct dirent *e;
		int hit = 0;
		while (d && (e = readdir(d))) {
			char path[300], buf[512], *close_paren;
			FILE *f;
			int ppid = 0;
			snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
			if (!(f = fopen(path, "r")))
				continue;
			if (fgets(buf, sizeof buf, f) && (close_paren = strrchr(buf, ')')) &&
			    sscanf(close_paren + 2, "%*c %d", &ppid) == 1 && ppid == getpid())
				hit = kill(atoi(e->d_name), SIGSEGV) == 0;
			fclose(f);
		}
		if (d)
			closedir(d);
		if (hit)
			return NULL;
		usleep(5000);
	}
	return NULL;
}

/* A child that dies of a signal: the message names it, well before the
 * budget. */
static void test_child_dies(void **state)
{
	static const struct pac_env e = { .budget_s = 10, .mem_cap = 32u << 20 };
	struct pac_result out[1];
	pthread_t killer;
	char err[512];
	int fds = open_fds();
	int64_t t0 = mono_ms();

	(void)state;
	assert_int_equal(pthread_create(&killer, NULL, segv_children, NULL), 0);
	assert_int_equal(eval("while (true) {}\n", &e, 1, out, err), -1);
	pthread_join(killer, NULL);
	assert_string_equal(err, "test.pac: the PAC engine died of SIGSEGV");
	assert_true(mono_ms() - t0 < 5000);
	assert_intact(fds);
}

/* A signal that reaches the child before it set its handlers back to the
 * default (pac_child_slow holds it there) waits, blocked since the fork:
 * the child dies of it, never running the parent's handler (cmocka's would
 * have gone on running these tests in the child). Only the sanitized build
 * takes faults; the plain one runs it as test_child_dies. */
static void test_signal_before_the_childs_handlers(void **state)
{
	setenv("WUPROBE_FAULT", "pac_child_slow", 1);
	test_child_dies(state);
	unsetenv("WUPROBE_FAULT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calls_every_url),
		cmocka_unit_test(test_ex_preferred),
		cmocka_unit_test(test_syntax_error_line),
		cmocka_unit_test(test_no_function),
		cmocka_unit_test(test_error_in_global_code),
		cmocka_unit_test(test_runtime_error_one_url),
		cmocka_unit_test(test_thrown_value_and_nul),
		cmocka_unit_test(test_name_redacted),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_endless_loop),
		cmocka_unit_test(test_child_dies),
		cmocka_unit_test(test_signal_before_the_childs_handlers),
		cmocka_unit_test(test_endless_allocation),
	};
	return cmocka_run_group_tests_name("pac", tests, NULL, NULL);
}
