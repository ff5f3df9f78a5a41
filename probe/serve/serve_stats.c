/* The exporter's own metrics (serve_stats.h). */
#define _GNU_SOURCE   /* open_memstream */
#include "serve_stats.h"

#include <stdio.h>
#include <stdlib.h>

#include "clock.h"

int serve_stats_init(struct serve_stats *s, const struct serve_modules *ms, int max_running)
{
	*s = (struct serve_stats){ .ms = ms, .max_running = max_running, .started = wall_now() };
	if (!(s->per = calloc(ms->n, sizeof *s->per)))
		return -1;
	pthread_mutex_init(&s->lock, NULL);
	return 0;
}

void serve_stats_free(struct serve_stats *s)
{
	if (s->per)
		pthread_mutex_destroy(&s->lock);
	free(s->per);
	s->per = NULL;
}

bool serve_stats_enter(struct serve_stats *s)
{
	bool ok;

	pthread_mutex_lock(&s->lock);
	ok = s->running < s->max_running;
	if (ok)
		s->running++;
	else
		s->refused++;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

void serve_stats_leave(struct serve_stats *s, const struct serve_module *m, bool success, bool killed,
		       double seconds)
{
	struct serve_module_stats *p = &s->per[m - s->ms->m];

	pthread_mutex_lock(&s->lock);
	s->running--;
	p->probes++;
	p->failures += !success;
	p->deadline_kills += killed;
	p->seconds += seconds;
	pthread_mutex_unlock(&s->lock);
}

void serve_stats_bad_request(struct serve_stats *s)
{
	pthread_mutex_lock(&s->lock);
	s->bad_requests++;
	pthread_mutex_unlock(&s->lock);
}

/* One counter per module: NAME's HELP and TYPE, then a line per module. */
static void per_module(FILE *f, const struct serve_stats *s, const char *name, const char *help, int which)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s counter\n", name, help, name);
	for (size_t i = 0; i < s->ms->n; i++) {
		const struct serve_module_stats *p = &s->per[i];
		fprintf(f, "%s{module=\"%s\"} ", name, s->ms->m[i].name);   /* names: [A-Za-z0-9._-] */
		if (which == 3)
			fprintf(f, "%.3f\n", p->seconds);
		else
			fprintf(f, "%llu\n", which == 0 ? p->probes : which == 1 ? p->failures : p->deadline_kills);
	}
}

/* One metric without labels. */
static void one(FILE *f, const char *name, const char *type, const char *help, double value)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n%s %.17g\n", name, help, name, type, name, value);
}

char *serve_stats_text(struct serve_stats *s, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	pthread_mutex_lock(&s->lock);
	per_module(f, s, "wuprobe_exporter_probes_total", "Probes run (GET /probe), by module.", 0);
	per_module(f, s, "wuprobe_exporter_probe_failures_total", "Probes whose probe_success was 0, by module.", 1);
	per_module(f, s, "wuprobe_exporter_probe_deadline_kills_total",
		   "Probes killed at the scrape's deadline, by module.", 2);
	per_module(f, s, "wuprobe_exporter_probe_seconds_total", "Seconds spent in probes, by module.", 3);
	one(f, "wuprobe_exporter_probes_running", "gauge", "Probes (child processes) under way now.", s->running);
	one(f, "wuprobe_exporter_probes_max", "gauge", "Probes that may run at once.", s->max_running);
	one(f, "wuprobe_exporter_probes_refused_total", "counter",
	    "Scrapes answered 503: the probes at once were at their bound.", (double)s->refused);
	one(f, "wuprobe_exporter_bad_requests_total", "counter", "Requests answered 4xx.", (double)s->bad_requests);
	one(f, "wuprobe_exporter_start_time_seconds", "gauge", "When the exporter started (Unix time).", s->started);
	pthread_mutex_unlock(&s->lock);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}
