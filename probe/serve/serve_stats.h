/* The exporter's own state and metrics (GET /metrics): probes per module,
 * their failures, deadline kills and seconds, the probes running now and
 * the scrapes refused beyond the bound. Shared by the connections'
 * threads, under one lock. */
#ifndef WUPROBE_SERVE_STATS_H
#define WUPROBE_SERVE_STATS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "serve_modules.h"

struct serve_module_stats {
	unsigned long long probes, failures, deadline_kills;
	double seconds;
};

struct serve_stats {
	pthread_mutex_t lock;
	const struct serve_modules *ms;
	struct serve_module_stats *per;   /* one per module, in ms's order */
	int running;                      /* probes (children) under way */
	int max_running;
	unsigned long long refused, bad_requests;
	double started;                   /* wall clock, for start_time_seconds */
};

int serve_stats_init(struct serve_stats *s, const struct serve_modules *ms, int max_running);
void serve_stats_free(struct serve_stats *s);

/* A probe may start: true and counted as running, or false (MAX_RUNNING
 * are under way) and counted as refused. */
bool serve_stats_enter(struct serve_stats *s);

/* The probe of module M (an element of ms->m) ended after SECONDS. */
void serve_stats_leave(struct serve_stats *s, const struct serve_module *m, bool success, bool killed,
		       double seconds);

void serve_stats_bad_request(struct serve_stats *s);

/* The metrics' text (Prometheus text format), malloc'd; NULL out of
 * memory. */
char *serve_stats_text(struct serve_stats *s, size_t *len);

#endif
