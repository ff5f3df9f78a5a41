/* One probe for the exporter: a module's run in a child process (the
 * running binary, its module's options, -f prometheus), ended by a
 * deadline, and its answer: the run's metrics followed by probe_success
 * and probe_duration_seconds as blackbox_exporter defines them
 * (https://github.com/prometheus/blackbox_exporter, README: "The
 * probe_success metric indicates if the probe succeeded"; prober.go:
 * probe_duration_seconds, "how long the probe took to complete in
 * seconds"). */
#ifndef WUPROBE_SERVE_PROBE_H
#define WUPROBE_SERVE_PROBE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "serve_modules.h"

/* A run's output beyond this is cut off: the child is killed and the probe
 * failed (a list of 10,000 endpoints writes about 3 MB). */
#define SERVE_PROBE_OUTPUT_MAX (16u << 20)

/* blackbox_exporter's --timeout-offset: the margin left of Prometheus'
 * X-Prometheus-Scrape-Timeout-Seconds for the answer to travel. */
#define SERVE_TIMEOUT_MARGIN_S 0.5

struct serve_probe {
	char *text;               /* the answer (Prometheus text), malloc'd */
	size_t len;
	bool success;             /* probe_success */
	bool killed;              /* at the deadline, or the exporter ending */
	double seconds;           /* probe_duration_seconds */
};

/* The probe's budget in seconds: the scrape's timeout (SCRAPE_TIMEOUT,
 * the header's text, NULL when absent) less the margin, capped by the
 * module's --timeout. */
double serve_probe_budget(const struct serve_module *m, const char *scrape_timeout);

/* Runs module M with EXE (the running binary) within BUDGET_S seconds, or
 * until *STOP; the answer in P. 0, or -1 when no answer could be made
 * (out of memory). */
int serve_probe_run(const char *exe, const struct serve_module *m, double budget_s, const atomic_bool *stop,
		    struct serve_probe *p);

#endif
