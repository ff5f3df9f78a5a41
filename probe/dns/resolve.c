/* Name resolution with c-ares: the run's channel. Its sockets are reported
 * through ARES_OPT_SOCK_STATE_CB to the callback the loop gives
 * (events_sock_state, into its poller), and made by dnssock.c, which counts
 * what they see. */
#include "resolve.h"

#include <stdio.h>

#include "ares_util.h"

int resolver_init(struct resolver *r, const char *servers, ares_sock_state_cb sock_state, void *data, char *err,
		  size_t errlen)
{
	struct ares_options o = { 0 };
	int rc;

	o.sock_state_cb = sock_state;
	o.sock_state_cb_data = data;
	/* One second for the first try, as the Windows DNS client waits before
	 * asking again (c-ares doubles it per round); the endpoint's deadline
	 * bounds the whole. */
	o.timeout = 1000;
	o.tries = 3;
	rc = ares_library_init(ARES_LIB_INIT_ALL);
	if (rc == ARES_SUCCESS)
		rc = resolver_channel(&r->channel, &o, ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES,
				      &r->hosts_file);
	if (rc != ARES_SUCCESS) {
		snprintf(err, errlen, "cannot start the resolver: %s", ares_strerror(rc));
		return -1;
	}
	r->ok = true;
	dnssock_install(r->channel, &r->stats);
	if (servers) {
		rc = ares_set_servers_ports_csv(r->channel, servers);
		if (rc != ARES_SUCCESS) {
			snprintf(err, errlen, "--dns-server %s: %s", servers, ares_strerror(rc));
			return -1;
		}
	}
	return 0;
}

void resolver_free(struct resolver *r)
{
	if (r->ok)
		ares_destroy(r->channel);   /* pending callbacks see ARES_EDESTRUCTION */
	r->ok = false;
	ares_library_cleanup();
}
