/* The vote among the clock's references: which of them agree, and which
 * group of them this machine's clock is judged by. Pure: no I/O, no clock. */
#ifndef WUPROBE_VOTE_H
#define WUPROBE_VOTE_H

#include <stdbool.h>
#include <stddef.h>

/* Two readings agree when they differ by at most the sum of their
 * uncertainties and this margin: the seconds that pass between readings
 * taken at different moments of a run, and the truncation of a Date header
 * to its second. */
#define VOTE_MARGIN 1.0

struct vote_source {
	double skew;               /* this clock minus the source's, in seconds */
	double uncertainty;        /* seconds, >= 0 */
	bool agrees;               /* out: in the winning group */
};

struct vote_result {
	size_t size;               /* sources in the winning group, 0 when none won */
	size_t best;               /* the winning group's most precise source */
	size_t tied;               /* groups as large as the largest: 1 is no tie */
};

/* True when readings A and B agree (see VOTE_MARGIN). */
bool vote_agree(double a_skew, double a_unc, double b_skew, double b_unc);

/* Groups the N sources: a group is a largest set whose intervals
 * [skew - r, skew + r], r = uncertainty + VOTE_MARGIN / 2, share a point,
 * so that any two of its members agree. The largest group wins; of groups
 * tied for the largest, the one holding the most precise source, and none
 * when that precision is shared (a tie nothing breaks). Sets each source's
 * agrees, and OUT. Returns OUT->size. */
size_t vote(struct vote_source *s, size_t n, struct vote_result *out);

#endif
