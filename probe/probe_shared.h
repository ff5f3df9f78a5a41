/* What a run's endpoints share, and all an endpoint (endpoint.c) sees of
 * the run: the options, the connection window and its queue, the event
 * queue it posts on, the lookups, and what its stages share (stage.h). The loop owns it,
 * inside its own struct probe (loop.h), which nothing below the loop sees:
 * an endpoint reaches it as ep->probe. */
#ifndef WUPROBE_PROBE_SHARED_H
#define WUPROBE_PROBE_SHARED_H

#include <curl/curl.h>
#include <stddef.h>

#include "evq.h"
#include "stage.h"

struct endpoint;
struct lookups;
struct probe_opts;
struct resolver;

struct probe_shared {
	const struct probe_opts *opts;
	struct endpoint *eps;          /* the list, n of them; an event's owner indexes it */
	size_t n;
	struct resolver *dns;          /* the run's channel and what its sockets saw (resolve.h) */
	struct lookups *lookups;       /* the endpoints' shared lookups (lookup.h) */
	size_t active, done;           /* endpoints started and not done; done */
	size_t parallel;               /* connections at once: --parallel, within the descriptors there are */
	size_t proxy_active;           /* of them, started through a proxy */
	struct endpoint *cq_head, *cq_tail;   /* endpoints waiting for a connection, oldest first */
	struct evq evq;                /* endpoints with events posted by the stages (evq_post) */
	struct stage_ctx stages;       /* what the endpoints' stages share (stage.h): the multi
					* handle, the chain memo, the exchanges and TLS 1.3
					* handshakes under way */
};

#endif
