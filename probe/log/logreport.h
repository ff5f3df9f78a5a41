/* --from-log in the reports: per logged failure, the logged side (code,
 * first and last, how often, URL, the proxy list the client used) beside
 * what the probe finds now. */
#ifndef WUPROBE_LOGREPORT_H
#define WUPROBE_LOGREPORT_H

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

/* Text: the log's failures, each with "now: ...", then each logged code
 * explained once (--explain's text). */
void log_report_text(FILE *f, const struct run *r);

/* JSON: "from_log": {...} into the document W has open. */
void log_report_json(struct jw *w, const struct run *r);

#endif
