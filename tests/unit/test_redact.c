/* redact(): the one way user-supplied text reaches an error message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "redact.h"

static const struct {
	const char *in, *out;
} cases[] = {
	/* no '@': as it is */
	{ "https://host/", "https://host/" },
	{ "squid.example:3128", "squid.example:3128" },
	{ "/etc/wuprobe/endpoints.conf", "/etc/wuprobe/endpoints.conf" },
	{ "", "" },
	/* a URL or a proxy spec with credentials */
	{ "https://wu:PW@host:3128", "https://***@host:3128" },
	{ "http://u:pw@h:1/p", "http://***@h:1/p" },
	{ "wu:PW@host:3128", "***@host:3128" },
	{ "http=wu:PW@host:3128", "http=***@host:3128" },
	{ "https=https://wu:PW@host:3128", "https=https://***@host:3128" },
	{ "TOKEN@host", "***@host" },
	/* the password has '@', '/', ';' or a space: up to the LAST '@' */
	{ "http://a:b@c@host/", "http://***@host/" },
	{ "http://u:pa/ss@h/", "http://***@h/" },
	{ "u:pa;ss@h:1", "***@h:1" },
	{ "https://u:pa ss@h:1", "https://***@h:1" },
	{ "http://u:pw@h:1/p@x", "http://***@x" },
	/* several entries with credentials: all of them */
	{ "http=u:PW@a:1;https=v:PW2@b:2", "http=***@b:2" },
	{ " ;http://u:PW@a:1", " ;http://***@a:1" },
	/* an '@' where it is no credential: hidden all the same */
	{ "/home/a@b/x.conf", "***@b/x.conf" },
	{ "@host", "***@host" },
	/* control characters: '?', so that a message stays one line */
	{ "a\nb\rc\td\x1b[2Je\x7f", "a?b?c?d?[2Je?" },
	{ "http://u:p\nw@h:1\r\n", "http://***@h:1??" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" },
};

static void test_cases(void **state)
{
	char buf[REDACT_MAX];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = redact(cases[i].in, strlen(cases[i].in), buf, sizeof buf);
		assert_ptr_equal(got, buf);
		if (strcmp(buf, cases[i].out) != 0)
			fail_msg("redact('%s') = '%s', wanted '%s'", cases[i].in, buf, cases[i].out);
	}
}

/* LEN bytes, not the whole string; a short buffer cuts, never overflows. */
static void test_lengths(void **state)
{
	char buf[REDACT_MAX], small[8];

	(void)state;
	assert_string_equal(redact("u:PW@host trailing", 9, buf, sizeof buf), "***@host");
	assert_string_equal(redact("host:80 u:PW@x", 7, buf, sizeof buf), "host:80");
	assert_string_equal(redact("https://wu:PW@host", 18, small, sizeof small), "https:/");
	assert_string_equal(redact("wu:PW@host", 10, small, 4), "***");
	assert_string_equal(redact("wu:PW@host", 10, small, 1), "");
	assert_null(strstr(redact("https://wu:PW@host", 18, small, sizeof small), "PW"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_lengths),
	};
	return cmocka_run_group_tests_name("redact", tests, NULL, NULL);
}
