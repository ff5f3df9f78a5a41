/* --explain's table (notes.c) and the forms of a code (codearg.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "codearg.h"
#include "codes.h"
#include "explain.h"
#include "notes.h"

/* Every code the report gives has a note, under the report's own name. */
static void test_report_codes_have_notes(void **state)
{
	unsigned n;
	const struct wu_code *t = wu_code_table(&n);

	(void)state;
	for (unsigned i = 0; i < n; i++) {
		const struct code_note *note = note_find(t[i].code);
		if (!note)
			fail_msg("0x%08X %s: no note", (unsigned)t[i].code, t[i].name);
		assert_string_equal(note->name, t[i].name);
	}
}

/* Each row: one code, a meaning, a mitigation, a source; network and
 * server rows say what tests them and what to run, machine rows do not. */
static void test_rows_are_whole(void **state)
{
	unsigned n;
	const struct code_note *t = note_table(&n);

	(void)state;
	assert_true(n >= 70);
	for (unsigned i = 0; i < n; i++) {
		assert_ptr_equal(note_find(t[i].code), &t[i]);
		assert_non_null(t[i].meaning);
		assert_non_null(t[i].mitigation);
		assert_non_null(t[i].source);
		if (t[i].kind == NOTE_MACHINE) {
			assert_null(t[i].checks);
			assert_null(t[i].run);
		} else {
			assert_non_null(t[i].checks);
			assert_true(strncmp(t[i].run, "wuprobe", 7) == 0);
		}
	}
}

static void test_forms(void **state)
{
	static const char *const same[] = {
		"0x8024402F", "0x8024402f", "0X8024402F", "8024402f", "8024402F",
		"-2145107921", "2149859375", "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS", "wu_e_pt_ecp_succeeded_with_errors",
	};
	uint32_t c;

	(void)state;
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
		c = 0;
		assert_int_equal(code_arg_parse(same[i], &c), 0);
		assert_int_equal(c, 0x8024402Fu);
	}
	assert_int_equal(code_arg_parse("WININET_E_DECODING_FAILED", &c), 0);
	assert_int_equal(c, 0x80072F8Fu);
	assert_int_equal(code_arg_parse("80070003", &c), 0);   /* eight digits: hex, as logs write it */
	assert_int_equal(c, 0x80070003u);
	assert_int_equal(code_arg_parse("-2133843966", &c), 0);   /* DO's ErrorCode for 0x80D02002 */
	assert_int_equal(c, 0x80D02002u);
	static const char *const bad[] = {
		"", "0x", "0x1FFFFFFFF", "0x8024402G", "8024402x", "4294967296", "-2147483649", "NOT_A_NAME", "0x8024402F ",
		"--", "-",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(code_arg_parse(bad[i], &c), -1);
}

static void test_bits_http_family(void **state)
{
	(void)state;
	assert_int_equal(note_family_status(0x80190194u), 404);
	assert_int_equal(note_family_status(0x80190000u), 0);
	assert_int_equal(note_family_status(0x80190258u), 0);   /* 600: no HTTP status */
	assert_non_null(note_find(0x80190194u));
	assert_null(note_find(0x80191000u));
}

static void test_unknown_writes_nothing(void **state)
{
	char buf[256] = "", err[200] = "";
	char *args[] = { "0x80072EFD", "0x12345678" };
	FILE *f = fmemopen(buf, sizeof buf, "w");

	(void)state;
	assert_int_equal(explain_codes(f, 2, args, false, err, sizeof err), -1);
	fclose(f);
	assert_string_equal(buf, "");
	assert_non_null(strstr(err, "'0x12345678' is not a code wuprobe knows"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_codes_have_notes),
		cmocka_unit_test(test_rows_are_whole),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_bits_http_family),
		cmocka_unit_test(test_unknown_writes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
