/* The run's c-ares channel (resolve.c): the endpoints' lookups (lookup.c),
 * the AIA fetches' and SNTP's go through it. */
#ifndef WUPROBE_RESOLVE_H
#define WUPROBE_RESOLVE_H

#include <ares.h>
#include <stdbool.h>
#include <stddef.h>

#include "dnssock.h"

struct resolver {
	ares_channel channel;
	bool ok;                       /* the channel was made */
	bool hosts_file;               /* its lookups read /etc/hosts (their order includes "f") */
	struct dns_stats stats;        /* what its sockets saw (dnssock.c) */
};

/* Makes R's channel, asking SERVERS (c-ares' CSV form, NULL: the system's);
 * its sockets are reported to SOCK_STATE (the loop's) with DATA. Returns
 * 0, or -1 with the reason in ERR. */
int resolver_init(struct resolver *r, const char *servers, ares_sock_state_cb sock_state, void *data, char *err,
		  size_t errlen);

/* Destroys the channel: its pending callbacks see ARES_EDESTRUCTION. */
void resolver_free(struct resolver *r);

#endif
