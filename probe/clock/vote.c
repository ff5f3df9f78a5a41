/* The vote among the clock's references.
 *
 * One reference that disagrees with all the others is a falseticker, not the
 * truth: NTP's selection algorithm (RFC 5905 §11.2.1, after Marzullo) takes
 * the largest set of sources whose correctness intervals (offset +/- root
 * distance) share a common point as the truechimers, and casts the others
 * out. The Windows Time service applies the NTP algorithms to its samples
 * and selects the best one from them ("How the Windows Time Service Works",
 * learn.microsoft.com/windows-server/networking/windows-time-service/
 * how-the-windows-time-service-works; "Time Provider", Windows Server 2008 R2
 * docs: "the clock discipline subcomponent applies all NTP algorithms and
 * selects the best time sample"), so it does not follow a lone outlier either.
 *
 * Here the intervals are skew +/- (uncertainty + VOTE_MARGIN / 2), the
 * largest group whose intervals share a point wins, and a tie goes to the
 * group with the most precise source (SNTP's half round trip beats a Date
 * header's second), or to nobody. */
#include "vote.h"

#include <stdlib.h>

#define VOTE_DIRECT_MAX 16         /* sources counted without sorting: n * n steps */

static double low(const struct vote_source *s)
{
	return s->skew - s->uncertainty - VOTE_MARGIN / 2;
}

static double high(const struct vote_source *s)
{
	return s->skew + s->uncertainty + VOTE_MARGIN / 2;
}

bool vote_agree(double a_skew, double a_unc, double b_skew, double b_unc)
{
	double d = a_skew - b_skew;

	return (d < 0 ? -d : d) <= a_unc + b_unc + VOTE_MARGIN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The most precise source whose interval holds X. */
static size_t best_at(const struct vote_source *s, size_t n, double x)
{
	size_t best = n;

	for (size_t i = 0; i < n; i++)
		if (low(&s[i]) <= x && x <= high(&s[i]) && (best == n || s[i].uncertainty < s[best].uncertainty))
			best = i;
	return best;
}

/* How many intervals hold X: the direct way. */
static size_t depth_at(const struct vote_source *s, size_t n, double x)
{
	size_t d = 0;

	for (size_t i = 0; i < n; i++)
		d += low(&s[i]) <= x && x <= high(&s[i]);
	return d;
}

/* The candidate points: each distinct interval start (the deepest point of
 * intervals on a line is always some interval's start), with its depth. */
struct sweep {
	const struct vote_source *s;
	size_t n;
	double *lows, *highs;          /* sorted, or NULL: directly */
};

/* The next candidate into *X, with its depth; 0 when there is none left. */
static size_t sweep_next(const struct sweep *w, size_t *i, size_t *j, double *x)
{
	if (!w->lows) {                /* directly: each start once, at its first source */
		for (; *i < w->n; ++*i) {
			size_t k = 0;
			*x = low(&w->s[*i]);
			while (k < *i && low(&w->s[k]) != *x)
				k++;
			if (k == *i) {
				++*i;
				return depth_at(w->s, w->n, *x);
			}
		}
		return 0;
	}
	if (*i >= w->n)
		return 0;
	while (*i + 1 < w->n && w->lows[*i + 1] == w->lows[*i])
		++*i;
	*x = w->lows[(*i)++];
	while (*j < w->n && w->highs[*j] < *x)
		++*j;
	return *i - *j;                /* started at or before x, minus ended before it */
}

size_t vote(struct vote_source *s, size_t n, struct vote_result *out)
{
	struct sweep w = { s, n, NULL, NULL };
	size_t i, j, d, max = 0, tied = 0, win = n;
	double x, win_x = 0;
	bool shared = false;

	*out = (struct vote_result){ .best = n };
	for (i = 0; i < n; i++)
		s[i].agrees = false;
	if (!n)
		return 0;
	/* A few sources are counted directly; more are sorted (the direct way
	 * is what is left without memory). */
	if (n > VOTE_DIRECT_MAX && (w.lows = malloc(2 * n * sizeof *w.lows)) != NULL) {
		w.highs = w.lows + n;
		for (i = 0; i < n; i++) {
			w.lows[i] = low(&s[i]);
			w.highs[i] = high(&s[i]);
		}
		qsort(w.lows, n, sizeof *w.lows, cmp_double);
		qsort(w.highs, n, sizeof *w.highs, cmp_double);
	}
	for (i = j = 0; (d = sweep_next(&w, &i, &j, &x)) != 0;)
		if (d > max)
			max = d;
	/* Each deepest point is a distinct group: a later one holds an interval
	 * that starts after the earlier one. */
	for (i = j = 0; (d = sweep_next(&w, &i, &j, &x)) != 0;) {
		if (d != max)
			continue;
		tied++;
		size_t b = best_at(s, n, x);
		if (win == n || s[b].uncertainty < s[win].uncertainty) {
			win = b;
			win_x = x;
			shared = false;
		} else if (s[b].uncertainty == s[win].uncertainty) {
			shared = true;
		}
	}
	free(w.lows);
	out->tied = tied;
	if (win == n || shared)
		return 0;
	out->best = win;
	for (i = 0; i < n; i++)
		if ((s[i].agrees = low(&s[i]) <= win_x && win_x <= high(&s[i])))
			out->size++;
	return out->size;
}
