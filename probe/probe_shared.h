/* What a run's endpoints share, and all an endpoint (endpoint.c) sees of
 * the run: the options, the connection window and its queue, the event
 * queue it posts on, the lookups, the curl multi handle. The loop owns it,
 * inside its own struct probe (loop.h), which nothing below the loop sees:
 * an endpoint reaches it as ep->probe. */
#ifndef WUPROBE_PROBE_SHARED_H
#define WUPROBE_PROBE_SHARED_H

#include <curl/curl.h>
#include <stddef.h>

#include "evq.h"

struct chain_memo;
struct endpoint;
struct lookups;
struct probe_opts;
struct resolver;

struct probe_shared {
	const struct probe_opts *opts;
	struct endpoint *eps;          /* the list, n of them; an event's owner indexes it */
	size_t n;
	CURLM *multi;
	struct resolver *dns;          /* the run's channel and what its sockets saw (resolve.h) */
	struct lookups *lookups;       /* the endpoints' shared lookups (lookup.h) */
	struct chain_memo *memo;       /* chains verified in this run (chain.c); NULL: verify each */
	size_t active, done;           /* endpoints started and not done; done */
	size_t side_active;            /* TLS 1.3 side handshakes under way */
	size_t parallel;               /* connections at once: --parallel, within the descriptors there are */
	size_t proxy_active;           /* of them, started through a proxy */
	size_t xfers;                  /* exchanges with a connection under way (transfer.c), at most parallel */
	struct endpoint *cq_head, *cq_tail;   /* endpoints waiting for a connection, oldest first */
	struct evq evq;                /* endpoints with events posted by the stages (evq_post) */
};

#endif
