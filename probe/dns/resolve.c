/* Name resolution with c-ares: the run's channel. Its sockets are reported
 * through ARES_OPT_SOCK_STATE_CB to the callback the loop gives
 * (events_sock_state, into its epoll set). */
#include <stdio.h>

#include "probe.h"

int resolver_init(struct probe *p, ares_sock_state_cb sock_state, char *err, size_t errlen)
{
	struct ares_options o = { 0 };
	int rc;

	o.sock_state_cb = sock_state;
	o.sock_state_cb_data = p;
	/* One second for the first try, as the Windows DNS client waits before
	 * asking again (c-ares doubles it per round); the endpoint's deadline
	 * bounds the whole. */
	o.timeout = 1000;
	o.tries = 3;
	rc = ares_library_init(ARES_LIB_INIT_ALL);
	if (rc == ARES_SUCCESS)
		rc = resolver_channel(&p->channel, &o, ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES,
				      &p->hosts_file);
	if (rc != ARES_SUCCESS) {
		snprintf(err, errlen, "cannot start the resolver: %s", ares_strerror(rc));
		return -1;
	}
	p->channel_ok = true;
	p->dns_window = 16;                 /* until the first socket says how much room it has */
	dnssock_install(p);
	if (p->opts->dns_servers) {
		rc = ares_set_servers_ports_csv(p->channel, p->opts->dns_servers);
		if (rc != ARES_SUCCESS) {
			snprintf(err, errlen, "--dns-server %s: %s", p->opts->dns_servers, ares_strerror(rc));
			return -1;
		}
	}
	return 0;
}

void resolver_free(struct probe *p)
{
	if (p->channel_ok)
		ares_destroy(p->channel);   /* pending callbacks see ARES_EDESTRUCTION */
	p->channel_ok = false;
	lookups_free(p);                    /* after: those callbacks still read them */
	ares_library_cleanup();
}
