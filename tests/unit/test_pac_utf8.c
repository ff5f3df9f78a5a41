/* A PAC script that is not valid UTF-8: each maximal subpart of an
 * ill-formed sequence is one U+FFFD (pac_utf8.h), and the script sees
 * exactly those characters. Table-driven: the bytes of a string literal,
 * and the char codes JavaScript reads from it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "pac_eval.h"
#include "pac_utf8.h"

static const struct {
	const char *what, *bytes, *codes;      /* CODES: the literal's char codes, hex, ','-separated */
} cases[] = {
	{ "ASCII", "ab", "61,62" },
	{ "two bytes", "\xC3\xA9", "e9" },
	{ "four bytes: a surrogate pair", "\xF0\x9F\x98\x80", "d83d,de00" },
	{ "an overlong NUL", "\xC0\x80", "fffd,fffd" },
	{ "an overlong three-byte NUL", "\xE0\x80\x80", "fffd,fffd,fffd" },
	{ "a lone continuation byte", "a\x80z", "61,fffd,7a" },
	{ "two continuation bytes", "\x80\xBF", "fffd,fffd" },
	{ "a truncated two-byte sequence", "\xC3z", "fffd,7a" },
	{ "a truncated three-byte sequence", "\xE2\x82z", "fffd,7a" },
	{ "a truncated four-byte sequence", "\xF0\x9F\x98z", "fffd,7a" },
	{ "a truncated sequence, then another", "\xE2\x82\xF0\x9F", "fffd,fffd" },
	{ "a surrogate", "\xED\xA0\x80", "fffd,fffd,fffd" },
	{ "a CESU-8 surrogate pair", "\xED\xA0\xBD\xED\xB8\x80", "fffd,fffd,fffd,fffd,fffd,fffd" },
	{ "past U+10FFFF", "\xF4\x90\x80\x80", "fffd,fffd,fffd,fffd" },
	{ "never a lead byte", "\xF5\xFF\xFE", "fffd,fffd,fffd" },
	{ "Windows-1252: caf\\xE9", "caf\xE9", "63,61,66,fffd" },
	{ "Windows-1252 before a quote", "\xE9", "fffd" },
};
#define NCASES (sizeof cases / sizeof cases[0])

/* The repair on its own: the expected text from CODES. */
static void test_repair(void **state)
{
	(void)state;
	assert_int_equal(pac_utf8_valid("ab\xC3\xA9", 4), 4);
	assert_int_equal(pac_utf8_valid("ab\xC0\x80", 4), 2);
	assert_int_equal(pac_utf8_valid("\xF0\x9F\x98", 3), 0);
	for (size_t i = 0; i < NCASES; i++) {
		char out[64];
		size_t len = strlen(cases[i].bytes), n = pac_utf8_repair(cases[i].bytes, len, NULL);
		assert_true(n <= 3 * len && n <= sizeof out);
		assert_int_equal(pac_utf8_repair(cases[i].bytes, len, out), n);
		assert_int_equal(pac_utf8_valid(out, n), n);
	}
}

/* What the script reads: one script, one string literal per case. */
static void test_script_reads(void **state)
{
	static const struct pac_env env = { .budget_s = 10, .mem_cap = 32u << 20 };
	const char *urls[NCASES], *hosts[NCASES];
	char script[4096], idx[NCASES][8], why[512];
	struct pac_result out[NCASES];
	size_t used;

	(void)state;
	used = (size_t)snprintf(script, sizeof script, "// caf\xE9 in a comment\nvar s = [\n");
	for (size_t i = 0; i < NCASES; i++)
		used += (size_t)snprintf(script + used, sizeof script - used, "  '%s',\n", cases[i].bytes);
	snprintf(script + used, sizeof script - used,
		 "];\nfunction FindProxyForURL(url, host) {\n"
		 "  var t = s[Number(url)], c = [];\n"
		 "  for (var i = 0; i < t.length; i++) c.push(t.charCodeAt(i).toString(16));\n"
		 "  return c.join();\n"
		 "}\n");
	for (size_t i = 0; i < NCASES; i++) {
		snprintf(idx[i], sizeof idx[i], "%zu", i);
		urls[i] = idx[i], hosts[i] = "h";
	}
	assert_int_equal(pac_eval(script, strlen(script), "w1252.pac", urls, hosts, NCASES, &env, out, why,
				  sizeof why), 0);
	for (size_t i = 0; i < NCASES; i++) {
		if (!out[i].list || strcmp(out[i].list, cases[i].codes) != 0)
			fail_msg("%s: %s, wanted %s", cases[i].what, out[i].list ? out[i].list : out[i].error,
				 cases[i].codes);
	}
	pac_results_free(out, NCASES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_repair),
		cmocka_unit_test(test_script_reads),
	};
	return cmocka_run_group_tests_name("pac_utf8", tests, NULL, NULL);
}
