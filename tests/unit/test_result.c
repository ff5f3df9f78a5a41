/* The result record's storage: messages and addresses kept at their size,
 * and a record small enough that a list of 10,000 stays cheap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "endpoint.h"
#include "result.h"

static void test_message_kept_at_its_size(void **state)
{
	struct result r = { 0 };

	(void)state;
	assert_string_equal(result_message(&r), "");      /* none yet */
	assert_null(r.message);
	result_say(&r, "HTTP %d", 200);
	assert_string_equal(r.message, "HTTP 200");
	result_say(&r, "no answer from %s", "192.0.2.7:80");   /* replaces, frees the old one */
	assert_string_equal(result_message(&r), "no answer from 192.0.2.7:80");
	result_append(&r, "; %s", "its AIA URL failed");
	assert_string_equal(r.message, "no answer from 192.0.2.7:80; its AIA URL failed");
	result_say(&r, "%s", "");                          /* an empty message is none */
	assert_null(r.message);
	assert_string_equal(result_message(&r), "");
	result_append(&r, "after %s", "nothing");
	assert_string_equal(r.message, "after nothing");
	result_free(&r);
	assert_null(r.message);
	result_free(&r);                                   /* twice is harmless */
}

static void test_long_messages_cut_at_the_limit(void **state)
{
	char big[RESULT_MESSAGE_MAX * 2];
	struct result r = { 0 };

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	result_say(&r, "%s", big);
	assert_int_equal(strlen(r.message), RESULT_MESSAGE_MAX - 1);
	result_append(&r, "%s", "more");                   /* full already: unchanged */
	assert_int_equal(strlen(r.message), RESULT_MESSAGE_MAX - 1);
	result_say(&r, "start %.494s", big);               /* 500 characters */
	result_append(&r, "; end%s", big);                 /* the end is cut, the start kept */
	assert_int_equal(strlen(r.message), RESULT_MESSAGE_MAX - 1);
	assert_memory_equal(r.message, "start xxx", 9);
	assert_memory_equal(r.message + 500, "; end", 5);
	result_free(&r);
}

static void test_addresses_copied(void **state)
{
	char addrs[2][RESULT_ADDR_LEN] = { "192.0.2.7", "2001:db8::7" };
	struct result r = { 0 };

	(void)state;
	assert_int_equal(result_set_addrs(&r, addrs, 2), 0);
	strcpy(addrs[0], "changed");                       /* the record holds its own copy */
	assert_int_equal(r.naddrs, 2);
	assert_string_equal(r.addrs[0], "192.0.2.7");
	assert_string_equal(r.addrs[1], "2001:db8::7");
	assert_int_equal(result_set_addrs(&r, addrs, 1), 0);   /* replaced */
	assert_int_equal(r.naddrs, 1);
	assert_string_equal(r.addrs[0], "changed");
	assert_int_equal(result_set_addrs(&r, addrs, 0), 0);   /* none: a failed lookup */
	assert_int_equal(r.naddrs, 0);
	assert_null(r.addrs);
	result_free(&r);
}

/* Every endpoint of the list keeps its record until the reports: 10,000
 * of them at 1,464 bytes were 15 MB. The fixed parts of a record stay
 * small; what varies (message, addresses, certificate summary) is on the
 * heap at its size. The record also carries what the reports and the clock
 * read (its entry, route, Date reading: 80 bytes, result.h), which the
 * endpoint still keeps too while it runs; the endpoint holds its lookup's
 * request and answer (lookup.h, 72 bytes) and its stages' state (transfer.h).
 * Before issue 21: 232 and 632 bytes. */
static void test_record_stays_small(void **state)
{
	(void)state;
	assert_true(sizeof(struct result) <= 320);
	assert_true(sizeof(struct endpoint) <= 760);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_message_kept_at_its_size),
		cmocka_unit_test(test_long_messages_cut_at_the_limit),
		cmocka_unit_test(test_addresses_copied),
		cmocka_unit_test(test_record_stays_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
