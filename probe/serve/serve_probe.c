/* One module's run in a child, and its answer (serve_probe.h). */
#define _GNU_SOURCE   /* open_memstream */
#include "serve_probe.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "serve_proc.h"

/* How often a waiting probe looks at the exporter's stop flag. */
#define STOP_POLL_MS 100

double serve_probe_budget(const struct serve_module *m, const char *scrape_timeout)
{
	double b = m->timeout_s;
	char *end;

	if (scrape_timeout) {
		double t = strtod(scrape_timeout, &end);
		if (end != scrape_timeout && !*end && isfinite(t) && t - SERVE_TIMEOUT_MARGIN_S < b)
			b = t - SERVE_TIMEOUT_MARGIN_S;
	}
	return b < 0.1 ? 0.1 : b;
}

/* The child's command line: the module's, then what the exporter sets.
 * Its endpoints' --timeout leaves a fifth of the budget (a second at most)
 * for the run's report before the kill. */
static char **child_argv(const struct serve_module *m, double budget_s, char *timeout, size_t tlen)
{
	char **a = calloc((size_t)m->argc + 4, sizeof *a);
	double t = budget_s - fmin(1.0, budget_s / 5);
	int n = 0;

	if (!a)
		return NULL;
	snprintf(timeout, tlen, "--timeout=%.3f", t < 0.1 ? 0.1 : t);
	for (int i = 0; i < m->argc; i++)
		a[n++] = m->argv[i];
	a[n++] = "--format=prometheus";
	a[n++] = "--quiet";
	a[n++] = timeout;
	a[n] = NULL;
	return a;
}

/* Reads the child's output into *BUF until it ends, the deadline, *STOP or
 * the bound: true when it ended by itself. */
static bool read_all(struct serve_child *c, char **buf, size_t *len, int64_t deadline, const atomic_bool *stop)
{
	size_t cap = 0;

	for (;;) {
		if (atomic_load(stop))
			return false;
		if (*len + 65536 > cap) {
			if (cap >= SERVE_PROBE_OUTPUT_MAX)
				return false;
			char *b = realloc(*buf, cap = cap ? cap * 2 : 65536);
			if (!b)
				return false;
			*buf = b;
		}
		int64_t now = mono_ms(), until = now + STOP_POLL_MS < deadline ? now + STOP_POLL_MS : deadline;
		long n = serve_proc_read(c, *buf + *len, cap - *len, until);
		if (n == 0)
			return true;
		if (n < 0 && until >= deadline)
			return false;
		if (n > 0)
			*len += (size_t)n;
	}
}

int serve_probe_run(const char *exe, const struct serve_module *m, double budget_s, const atomic_bool *stop,
		    struct serve_probe *p)
{
	struct serve_child c;
	struct serve_proc_end end = { 0 };
	char timeout[32], *out = NULL;
	size_t len = 0;
	int64_t t0 = mono_ms(), deadline = t0 + (int64_t)(budget_s * 1000);
	char **argv = child_argv(m, budget_s, timeout, sizeof timeout);
	bool whole = false;

	*p = (struct serve_probe){ 0 };
	if (!argv)
		return -1;
	if (serve_proc_start(&c, exe, argv) == 0) {
		whole = read_all(&c, &out, &len, deadline, stop);
		serve_proc_end(&c, deadline, !whole, &end);
	}
	free(argv);
	p->killed = end.killed;
	p->seconds = (double)(mono_ms() - t0) / 1000;
	/* Exit 0 (all ok) and 1 (warnings only) succeed; 2 (a failure), 3
	 * (could not run), a signal or a kill do not. A cut-off answer is not
	 * relayed: half a run's metrics would read as a whole one. */
	p->success = whole && !end.killed && !end.signal && end.status <= 1;
	if (!whole || end.killed || end.signal)
		len = 0;
	FILE *f = open_memstream(&p->text, &p->len);
	if (!f) {
		free(out);
		return -1;
	}
	if (len)
		fwrite(out, 1, len, f);
	free(out);
	fprintf(f, "# HELP probe_success Displays whether or not the probe was a success\n"
		   "# TYPE probe_success gauge\nprobe_success %d\n"
		   "# HELP probe_duration_seconds Returns how long the probe took to complete in seconds\n"
		   "# TYPE probe_duration_seconds gauge\nprobe_duration_seconds %.6f\n",
		p->success, p->seconds);
	if (fclose(f) != 0) {
		free(p->text);
		p->text = NULL;
		return -1;
	}
	return 0;
}
