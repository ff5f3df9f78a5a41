/* What a run that cannot run (exit 3: bad options, a missing or broken
 * list, a report that cannot be written) leaves for the tools that read its
 * reports, so that none of them shows the last good run as current. */
#ifndef WUPROBE_REPORT_FAIL_H
#define WUPROBE_REPORT_FAIL_H

#include <stdbool.h>

#include "options.h"

struct fail_where {
	enum out_format format;
	const char *output;        /* -o FILE, NULL or "-": standard output */
	const char *json_file;     /* --json-file FILE, or NULL */
	bool output_written;       /* already holds this run's report: leave it */
	bool json_written;
};

/* Writes the failure WHY (one line, already redacted) where the run's
 * reports would have gone: for Nagios, a WUPROBE UNKNOWN line on standard
 * output (the plugin convention), whatever the -o; to the -o FILE the
 * format's own way of saying "could not run" (Prometheus: the exit code 3
 * and the time; JSON: status "error", exit code 3, the reason; JUnit: an
 * errored test case; text: the reason); to the --json-file the JSON one.
 * CSV, and standard output for the other formats, get nothing (the reason
 * is on standard error). Errors writing these are not reported: the run has
 * already failed, and said why. */
void report_cannot_run(const struct fail_where *w, const char *why, double epoch);

#endif
