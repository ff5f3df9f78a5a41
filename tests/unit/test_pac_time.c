/* weekdayRange, dateRange and timeRange with known answers: the answers
 * are worked out here from this moment's clock, in the local time of two
 * time zones 26 hours apart (so that local time and GMT differ on one of
 * them whatever the hour) and in GMT. A table whose hour, day or month
 * turned while it ran is run again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

#include "pac_harness.h"

static const struct pac_env env = { .budget_s = 10, .mem_cap = 32u << 20 };
static const char *const days[] = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
static const char *const months[] = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
				      "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };

static const char *tf(bool v)
{
	return v ? "true" : "false";
}

/* The questions for the time TM, with SUFFIX (", 'GMT'" or "") last. */
static void questions(struct knowns *t, const struct tm *tm, const char *suffix)
{
	int wd = tm->tm_wday, d = tm->tm_mday, m = tm->tm_mon, y = tm->tm_year + 1900, h = tm->tm_hour;
	int mi = tm->tm_min, s = tm->tm_sec;
	int other = d == 1 ? 2 : 1;

	known(t, "true", "weekdayRange('%s'%s)", days[wd], suffix);
	known(t, "false", "weekdayRange('%s'%s)", days[(wd + 1) % 7], suffix);
	known(t, "true", "weekdayRange('%s', '%s'%s)", days[(wd + 6) % 7], days[(wd + 1) % 7], suffix);
	known(t, "false", "weekdayRange('%s', '%s'%s)", days[(wd + 1) % 7], days[(wd + 6) % 7], suffix);
	known(t, tf(wd >= 5 || wd <= 1), "weekdayRange('FRI', 'MON'%s)", suffix);
	known(t, tf(wd >= 1 && wd <= 5), "weekdayRange('MON', 'FRI'%s)", suffix);
	known(t, "false", "weekdayRange('XYZ'%s)", suffix);
	/* ranges that wrap (the first unless today is the last day, the
	 * second unless it is the first) */
	known(t, "true", "weekdayRange('%s', '%s'%s)", days[(wd + 1) % 7], days[wd], suffix);
	known(t, "true", "weekdayRange('%s', '%s'%s)", days[wd], days[(wd + 6) % 7], suffix);
	known(t, "true", "dateRange('%s', '%s'%s)", months[(m + 1) % 12], months[m], suffix);
	known(t, "true", "dateRange('%s', '%s'%s)", months[m], months[(m + 11) % 12], suffix);
	known(t, "true", "dateRange(%d, %d%s)", d == 31 ? 1 : d + 1, d, suffix);
	known(t, "true", "dateRange(%d, %d%s)", d, d == 1 ? 31 : d - 1, suffix);
	known(t, "true", "timeRange(%d, %d%s)", h, (h + 23) % 24, suffix);
	known(t, "true", "timeRange(%d, %d%s)", (h + 12) % 24, (h + 1) % 24, suffix);

	known(t, "true", "dateRange(%d%s)", d, suffix);
	known(t, "false", "dateRange(%d%s)", other, suffix);
	known(t, "true", "dateRange('%s'%s)", months[m], suffix);
	known(t, "false", "dateRange('%s'%s)", months[(m + 1) % 12], suffix);
	known(t, "true", "dateRange(%d%s)", y, suffix);
	known(t, "false", "dateRange(%d%s)", y + 1, suffix);
	known(t, "true", "dateRange(%d, %d%s)", y - 1, y + 1, suffix);
	known(t, "false", "dateRange(%d, %d%s)", y + 1, y + 2, suffix);
	known(t, "true", "dateRange(%d, 31%s)", d, suffix);
	known(t, "true", "dateRange(%d, '%s'%s)", d, months[m], suffix);
	known(t, "false", "dateRange(%d, '%s'%s)", d, months[(m + 1) % 12], suffix);
	known(t, "true", "dateRange(%d, '%s', %d%s)", d, months[m], y, suffix);
	known(t, "false", "dateRange(%d, '%s', %d%s)", d, months[m], y + 1, suffix);
	known(t, "true", "dateRange('%s', '%s'%s)", months[(m + 11) % 12], months[(m + 1) % 12], suffix);
	known(t, "false", "dateRange('%s', '%s'%s)", months[(m + 1) % 12], months[(m + 11) % 12], suffix);
	known(t, tf(m == 11 || m == 0), "dateRange('DEC', 'JAN'%s)", suffix);
	known(t, "true", "dateRange(%d, '%s', %d, '%s'%s)", d, months[m], d, months[m], suffix);
	known(t, "true", "dateRange('%s', %d, '%s', %d%s)", months[m], y, months[m], y, suffix);
	known(t, "false", "dateRange('%s', %d, '%s', %d%s)", months[m], y + 1, months[m], y + 2, suffix);
	known(t, "true", "dateRange(1, 'JAN', %d, 31, 'DEC', %d%s)", y, y, suffix);
	known(t, "false", "dateRange(1, 'JAN', %d, 31, 'DEC', %d%s)", y + 1, y + 1, suffix);
	known(t, "false", "dateRange('FOO'%s)", suffix);

	known(t, "true", "timeRange(%d%s)", h, suffix);
	known(t, "false", "timeRange(%d%s)", (h + 1) % 24, suffix);
	known(t, "true", "timeRange(%d, %d%s)", h, (h + 1) % 24, suffix);
	known(t, "false", "timeRange(%d, %d%s)", (h + 1) % 24, h, suffix);
	known(t, "true", "timeRange(%d, 0, %d, 0%s)", h, (h + 1) % 24, suffix);
	known(t, "true", "timeRange(%d, 0, 0, %d, 0, 0%s)", h, (h + 1) % 24, suffix);
	known(t, "false", "timeRange(0, 0, 0, 0, 0, 0%s)", suffix);
	known(t, "true", "timeRange(%d, 0, 0, %d, 0, 0%s)", (h + 23) % 24, (h + 1) % 24, suffix);
	/* from this second on, and up to (not including) this second: true
	 * and false, whether or not the clock ticked since */
	known(t, "true", "timeRange(%d, %d, %d, %d, %d, %d%s)", h, mi, s, (h + 1) % 24, mi, s, suffix);
	known(t, "false", "timeRange(%d, %d, %d, %d, %d, %d%s)", (h + 23) % 24, mi, s, h, mi, s, suffix);
}

static bool same_hour(const struct tm *a, const struct tm *b)
{
	return a->tm_hour == b->tm_hour && a->tm_mday == b->tm_mday && a->tm_mon == b->tm_mon &&
	       a->tm_year == b->tm_year;
}

static void run_in(const char *tz)
{
	setenv("TZ", tz, 1);
	tzset();
	for (int attempt = 0; attempt < 3; attempt++) {
		struct knowns t = { .n = 0 };
		struct tm local, gmt, local2, gmt2;
		time_t now = time(NULL);
		char why[600];
		int rc;

		localtime_r(&now, &local);
		gmtime_r(&now, &gmt);
		questions(&t, &local, "");
		questions(&t, &gmt, ", 'GMT'");
		rc = run_knowns(&t, &env, why, sizeof why);
		now = time(NULL);
		localtime_r(&now, &local2);
		gmtime_r(&now, &gmt2);
		if (same_hour(&local, &local2) && same_hour(&gmt, &gmt2)) {
			if (rc)
				fail_msg("TZ=%s: %s", tz, why);
			return;
		}
	}
	fail_msg("the hour kept turning");
}

static void test_east(void **state)
{
	(void)state;
	run_in("<+14>-14");
}

static void test_west(void **state)
{
	(void)state;
	run_in("<-12>+12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_east),
		cmocka_unit_test(test_west),
	};
	return cmocka_run_group_tests_name("pac_time", tests, NULL, NULL);
}
