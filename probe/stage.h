/* What the run shares with an endpoint's stages (the exchange, the AIA
 * fetch, the TLS 1.3 handshake): the loop fills it once, the endpoint hands
 * it to each stage beside the stage's own state and what the endpoint
 * decided (the URL, the route, the deadline, the result to fill). A stage
 * needs this header and its own: never the endpoint's or the loop's.
 * Every handle a stage makes has its endpoint's slot (evq.h) as its
 * CURLOPT_PRIVATE: the loop finds the owner by it and hands the endpoint
 * the handle that ended, which tells it the stage. */
#ifndef WUPROBE_STAGE_H
#define WUPROBE_STAGE_H

#include <ares.h>
#include <curl/curl.h>
#include <stddef.h>

#include "evq.h"
#include "route.h"

struct chain_memo;
struct proxy_model;
struct tls_trust;

struct stage_ctx {
	CURLM *multi;                  /* the run's: every handle goes into it */
	ares_channel channel;          /* an AIA host's lookup */
	struct evq *evq;               /* where a stage posts what ended (evq_post) */
	struct chain_memo *memo;       /* chains verified in this run (chain.c); NULL: verify each */
	const struct tls_trust *trust; /* system store + --ca-bundle */
	const struct proxy_model *proxy;   /* the run's static settings: an AIA URL's route */
	struct route_auth auth;        /* what every handle answers a proxy's challenge with */
	double timeout_s;              /* --timeout, for the time-out's message */
	const unsigned long *dns_failures; /* the run's DNS sockets this machine could not make (dnssock.c) */
	const int *dns_errno;          /* the last one's errno */
	/* Counted by the stages, read by the loop and the endpoint. */
	size_t xfers;                  /* exchanges with a connection under way, at most --parallel */
	size_t side_active;            /* TLS 1.3 handshakes under way */
};

#endif
