/* A strict hand-written parser: each form is matched field by field. */
#include "httpdate.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const long_days[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
					 "Saturday", "Sunday" };

struct cursor {
	const char *p, *end;
};

static bool lit(struct cursor *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool digits(struct cursor *c, int n, int *out)
{
	int v = 0;

	if (c->end - c->p < n)
		return false;
	for (int i = 0; i < n; i++) {
		if (c->p[i] < '0' || c->p[i] > '9')
			return false;
		v = v * 10 + (c->p[i] - '0');
	}
	c->p += n;
	*out = v;
	return true;
}

static int word(struct cursor *c, const char *const *table, int count)
{
	for (int i = 0; i < count; i++) {
		size_t n = strlen(table[i]);
		if ((size_t)(c->end - c->p) >= n && strncasecmp(c->p, table[i], n) == 0) {
			c->p += n;
			return i;
		}
	}
	return -1;
}

static bool clock_part(struct cursor *c, int *h, int *m, int *s)
{
	return digits(c, 2, h) && lit(c, ":") && digits(c, 2, m) && lit(c, ":") && digits(c, 2, s) && *h < 24 &&
	       *m < 60 && *s < 61;
}

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool valid_day(int y, int m, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d >= 1 && d <= mdays[m] + (m == 1 && leap);
}

int httpdate_parse(const char *s, size_t len, time_t *out)
{
	struct cursor c = { s, s + len };
	int y = 0, mon = -1, d = 0, h, mi, sec;

	while (c.p < c.end && (*c.p == ' ' || *c.p == '\t'))
		c.p++;
	while (c.end > c.p && (c.end[-1] == ' ' || c.end[-1] == '\t' || c.end[-1] == '\r' || c.end[-1] == '\n'))
		c.end--;

	struct cursor save = c;
	if (word(&c, long_days, 7) >= 0 && lit(&c, ", ")) {
		/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT (two-digit year: RFC 9110 says
		 * to take the most recent year with those digits, i.e. 1970-2069 here). */
		if (!digits(&c, 2, &d) || !lit(&c, "-") || (mon = word(&c, months, 12)) < 0 || !lit(&c, "-") ||
		    !digits(&c, 2, &y) || !lit(&c, " ") || !clock_part(&c, &h, &mi, &sec) || !lit(&c, " GMT"))
			return -1;
		y += y < 70 ? 2000 : 1900;
	} else {
		c = save;
		if (word(&c, days, 7) < 0)
			return -1;
		if (lit(&c, ", ")) {
			/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
			if (!digits(&c, 2, &d) || !lit(&c, " ") || (mon = word(&c, months, 12)) < 0 || !lit(&c, " ") ||
			    !digits(&c, 4, &y) || !lit(&c, " ") || !clock_part(&c, &h, &mi, &sec) || !lit(&c, " GMT"))
				return -1;
		} else if (lit(&c, " ")) {
			/* asctime: Sun Nov  6 08:49:37 1994 */
			if ((mon = word(&c, months, 12)) < 0 || !lit(&c, " "))
				return -1;
			if (lit(&c, " ")) {
				if (!digits(&c, 1, &d))
					return -1;
			} else if (!digits(&c, 2, &d)) {
				return -1;
			}
			if (!lit(&c, " ") || !clock_part(&c, &h, &mi, &sec) || !lit(&c, " ") || !digits(&c, 4, &y))
				return -1;
		} else {
			return -1;
		}
	}
	if (c.p != c.end || !valid_day(y, mon, d))
		return -1;
	*out = (time_t)(days_from_civil(y, mon + 1, d) * 86400L + h * 3600L + mi * 60L + sec);
	return 0;
}
