/* The loop's own state (probe.c, events.c, progress.c), which nothing
 * below the loop sees: the endpoints reach only what they share
 * (probe_shared.h), the stages only what they are given. scripts/layers
 * fails when a file outside the loop includes this header. */
#ifndef WUPROBE_LOOP_H
#define WUPROBE_LOOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lookup.h"
#include "probe.h"
#include "probe_shared.h"
#include "resolve.h"

struct poller;

struct timer {
	int64_t at;                    /* monotonic ms */
	size_t ep;                     /* index in eps */
};

struct probe {
	struct probe_shared sh;        /* what the endpoints see: their ep->probe */
	struct resolver dns;           /* the run's channel (resolve.c) */
	struct lookups lookups;        /* the endpoints' lookups on it (lookup.c) */
	size_t next;                   /* the next endpoint of the list to start */
	struct poller *poller;         /* the loop's descriptors (events.c) */
	int64_t curl_timer_at;         /* libcurl's timer, monotonic ms, -1 none */
	int ntp_watched;               /* the SNTP socket in the set, -1 none */
	/* Deadlines, soonest first: a binary heap of (time, endpoint) with stale
	 * entries dropped when they surface. */
	struct timer *timers;
	size_t ntimers, captimers;
	int64_t progress_ms;           /* progress.c */
	bool progress_shown;
	bool sntp_judged;              /* only SNTP was left, and its grace was decided (probe.c) */
};

#endif
