/* --from-log in the reports: per logged failure, the logged side (code,
 * first and last, how often, URL, the proxy list the client used) beside
 * what the probe finds now. */
#ifndef WUPROBE_LOGREPORT_H
#define WUPROBE_LOGREPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "logscan.h"

struct run;
struct jw;

struct log_view {
	const char *path;             /* as given (shown redacted) */
	const struct log_scan *scan;
	long read_ms;                 /* the time the one pass took */
};

/* Appends to C, as group "from-log", every failed URL of S that can be
 * probed (not a placeholder, not already listed). Returns 0, or -1 with
 * ERR (out of memory). */
struct config;
int log_add_endpoints(struct config *c, const struct log_scan *s, char *err, size_t errlen);

struct result;

/* The record of the endpoint that probed X's URL now; NULL when X was not
 * probed (no URL, a placeholder, a machine code). */
const struct result *log_now(const struct run *r, const struct log_failure *x);

/* True when ROUTE ("direct" or "host:port", run_route) is what the proxy
 * list LOGGED ("" for direct) names: "h:p", "http=h:p", "http://h:p". */
bool log_route_matches(const char *logged, const char *route);

/* The other formats: CSV (one row per logged failure, instead of one per
 * endpoint), a JUnit test suite, Nagios' summary, Prometheus' metric. */
void log_report_csv(FILE *f, const struct run *r);
void log_report_junit(FILE *f, const struct run *r);
void log_report_junit_counts(const struct run *r, size_t *tests, size_t *failures);
void log_report_nagios(FILE *f, const struct run *r);
void log_report_prom(FILE *f, const struct run *r);

/* Text: the log's failures, each with "now: ...", then each logged code
 * explained once (--explain's text). */
void log_report_text(FILE *f, const struct run *r);

/* JSON: "from_log": {...} into the document W has open. */
void log_report_json(struct jw *w, const struct run *r);

#endif
