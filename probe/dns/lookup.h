/* Name lookups under load (lookup.c): shared by the endpoints that need the
 * same name, paced, asked again after a c-ares time-out. The stage reports
 * through the waiter's event slot (evq.h) and knows neither the endpoint
 * nor the loop: a waiter is a struct lookup_req, which the endpoint embeds. */
#ifndef WUPROBE_LOOKUP_H
#define WUPROBE_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "evq.h"
#include "result.h"

struct lookup;
struct resolver;

/* The run's lookups: owned by the loop, one for every endpoint. */
struct lookups {
	struct resolver *dns;          /* the channel, and what its sockets saw */
	struct evq *evq;               /* where the answers are posted */
	size_t hint;                   /* names to expect, to size the table */
	struct lookup **tab;           /* by name, kept for the run */
	size_t cap;
	struct lookup *qhead, *qtail;  /* waiting for room in the window, oldest first */
	unsigned asking;               /* out at once, at most the window */
};

/* One waiter's lookup: the endpoint embeds it. resolver_start sets the
 * first part, lookup.c writes the rest; the endpoint reads the answer once
 * EV_RESOLVED is posted on its slot (with the status: a c-ares status, or
 * VERDICT_*). */
struct lookup_req {
	struct ev_slot *slot;          /* where the lookup posts (EV_RESOLVED, EV_SCHEDULE) */
	const int64_t *deadline;       /* the waiter's, read only: a question c-ares gave up on is asked
					* again while it allows */
	struct lookup *lk;             /* the shared lookup it waits for, NULL none */
	int64_t started;               /* monotonic ms: when it was asked */
	int64_t left;                  /* when its question left our queue, 0 not yet (or it joined one
					* already out): its deadline starts then, EV_SCHEDULE says so */
	/* The answer, with EV_RESOLVED; csv NULL when it failed before a
	 * lookup could answer (no memory). Addresses and CSV are the lookup's,
	 * kept for the run. */
	char (*addrs)[RESULT_ADDR_LEN];    /* naddrs of them */
	const char *csv;               /* for CURLOPT_RESOLVE: "" when none */
	int32_t took;                  /* ms the network took */
	int naddrs;
	int err;                       /* with VERDICT_LOCAL_DNS or VERDICT_LOCAL_HOSTS: the errno */
};

/* Lookups through DNS's channel, posting on EVQ; HINT names to expect. */
void lookups_init(struct lookups *ls, struct resolver *dns, struct evq *evq, size_t hint);
/* Sends what waits while the window has room. The loop calls it after
 * c-ares has run (an answer makes room); resolver_start calls it too. */
void lookups_pump(struct lookups *ls);
/* After the channel is destroyed (its callbacks still read the lookups). */
void lookups_free(struct lookups *ls);

/* Asks HOST for R, which waits on SLOT until DEADLINE (both the waiter's):
 * the answer is posted as EV_RESOLVED, also when it is known already. */
void resolver_start(struct lookups *ls, struct lookup_req *r, const char *host, struct ev_slot *slot,
		    const int64_t *deadline);
/* True while R's lookup waits in our queue: its deadline has not started. */
bool resolver_queued(const struct lookup_req *r);
/* True when a DNS socket failed on this machine since R's lookup was
 * asked; *ERR: the errno. */
bool resolver_local_failure(const struct lookup_req *r, int *err);
/* R stops waiting (its deadline passed): its lookup goes on for the
 * others, or ends unheard. */
void resolver_forget(struct lookup_req *r);

#endif
