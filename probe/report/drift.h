/* What changed since an earlier report (--compare): per endpoint, matched
 * by URL, and per cause; a summary; whether anything got worse. The exit
 * code stays the present state's: a change alone never changes it. */
#ifndef WUPROBE_DRIFT_H
#define WUPROBE_DRIFT_H

#include <stdbool.h>
#include <stddef.h>

#include "earlier.h"
#include "report.h"

/* Slower: the total time grew by half and by at least a second. */
#define DRIFT_SLOWER_RATIO 1.5
#define DRIFT_SLOWER_MIN_MS 1000

enum drift_change {
	DR_NEW_FAILURE, DR_NEW_WARNING, DR_FIXED, DR_BETTER, DR_CODE, DR_CAUSE, DR_ROUTE, DR_SLOWER,
	DR_ADDED, DR_REMOVED, DR_CAUSE_NEW, DR_CAUSE_GONE, DR_COUNT
};

struct drift_item {
	enum drift_change change;
	const char *url;           /* the endpoint's, NULL for a cause */
	long now;                  /* its index in this run's endpoints (or causes), -1: none */
	char before[320], after[320];
};

struct drift {
	const char *file;          /* the earlier report */
	bool first;                /* --compare-last and no file: nothing to compare */
	char since[32];            /* the earlier run's started_at */
	double age_s;              /* how long before this run it started; < 0 unknown */
	struct drift_item *items;
	size_t n;
	size_t count[DR_COUNT];
	bool worse;                /* a new failure or warning, an endpoint worse than before,
				    * an added endpoint that is not ok, or a new cause */
	char summary[400];         /* "since 2026-11-30T10:00:00.000Z (7 days): 2 new failures, 1 fixed" */
};

/* The word of CHANGE ("new_failure", ...): the JSON value and the Prometheus label. */
const char *drift_change_name(enum drift_change c);

/* Compares R (its causes) with E into D. 0, or -1 out of memory. */
int drift_compute(const struct earlier *e, const char *file, const struct run *r, struct drift *d);

/* A first run under --compare-last: D says so, once, in its summary. */
void drift_first(const char *file, struct drift *d);

/* One line for IT: "new_failure https://x/: ok -> fail 0x80072EFD proxy_refused". */
void drift_item_text(const struct drift_item *it, char *buf, size_t len);

void drift_free(struct drift *d);

#endif
