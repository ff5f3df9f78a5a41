/* The descriptor budget: endpoints at once for what the limit leaves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sys/resource.h>

#include "fdbudget.h"

static void test_fit(void **state)
{
	(void)state;
	assert_int_equal(fd_budget_fit(1024, 10, 64), 64);
	assert_int_equal(fd_budget_fit(1024, 10, 1024), (1024 - 10 - FD_RESERVE) / FD_PER_ENDPOINT);
	assert_int_equal(fd_budget_fit(64, 6, 300), (64 - 6 - FD_RESERVE) / FD_PER_ENDPOINT);
	assert_int_equal(fd_budget_fit(20, 6, 300), 0);
	assert_int_equal(fd_budget_fit(0, 0, 1), 0);
}

/* The soft limit goes up to the hard one before anything is counted. */
static void test_raises_soft_limit(void **state)
{
	struct rlimit rl, now;
	struct fd_budget b;

	(void)state;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_max < 256 || rl.rlim_max == RLIM_INFINITY)
		skip();
	rl.rlim_cur = 128;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	fd_budget_init(&b, 100000);
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &now), 0);
	assert_true(now.rlim_cur == rl.rlim_max);
	assert_int_equal(b.limit, (long)rl.rlim_max);
	assert_true(b.open >= 0 && b.open < 64);
	assert_int_equal(b.parallel, fd_budget_fit(b.limit, b.open, 100000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_raises_soft_limit),
	};
	return cmocka_run_group_tests_name("fdbudget", tests, NULL, NULL);
}
