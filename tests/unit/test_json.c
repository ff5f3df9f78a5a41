/* JSON escaping and the writer: valid JSON for any bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static char *escaped(const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	json_write_string(f, s);
	fclose(f);
	return buf;
}

static void check(const char *in, const char *want)
{
	char *got = escaped(in);
	assert_string_equal(got, want);
	free(got);
}

static void test_escapes(void **state)
{
	(void)state;
	check("plain", "\"plain\"");
	check("a\"b\\c", "\"a\\\"b\\\\c\"");
	check("line\nbreak\r\ttab", "\"line\\nbreak\\r\\ttab\"");
	check("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	check("CN=caf\xc3\xa9", "\"CN=caf\xc3\xa9\"");             /* valid UTF-8 passes */
	check("\xe2\x82\xac\xf0\x9f\x94\x92", "\"\xe2\x82\xac\xf0\x9f\x94\x92\"");
	check(NULL, "null");
}

static void test_invalid_utf8_is_replaced(void **state)
{
	(void)state;
	check("\xff", "\"\\ufffd\"");
	check("a\xc3", "\"a\\ufffd\"");                           /* truncated */
	check("\xc0\xaf", "\"\\ufffd\\ufffd\"");                  /* overlong */
	check("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");       /* surrogate */
	check("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");   /* > U+10FFFF */
}

static void test_all_bytes_make_valid_strings(void **state)
{
	char in[256];
	char *out;

	(void)state;
	for (int i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	out = escaped(in);
	for (char *p = out; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	free(out);
}

static void test_writer_shape(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct jw w;

	(void)state;
	jw_init(&w, f);
	jw_object(&w, NULL);
	jw_int(&w, "version", 1);
	jw_array(&w, "empty");
	jw_end(&w, ']');
	jw_array(&w, "list");
	jw_str(&w, NULL, "a");
	jw_null(&w, NULL);
	jw_end(&w, ']');
	jw_ms(&w, "ms", -1);
	jw_ms(&w, "ms2", 7);
	jw_end(&w, '}');
	fclose(f);
	assert_string_equal(buf, "{\n  \"version\": 1,\n  \"empty\": [],\n  \"list\": [\n    \"a\",\n    null\n  ],\n"
				 "  \"ms\": null,\n  \"ms2\": 7\n}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_invalid_utf8_is_replaced),
		cmocka_unit_test(test_all_bytes_make_valid_strings),
		cmocka_unit_test(test_writer_shape),
	};
	return cmocka_run_group_tests_name("json", tests, NULL, NULL);
}
