/* Name resolution with c-ares. The channel's sockets are reported through
 * ARES_OPT_SOCK_STATE_CB into the loop's epoll set (events.c). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "probe.h"
#include "verdict.h"

static void sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	events_dns_socket(data, fd, readable != 0, writable != 0);
}

int resolver_init(struct probe *p, char *err, size_t errlen)
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
		rc = ares_init_options(&p->channel, &o, ARES_OPT_SOCK_STATE_CB | ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
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

int resolver_addresses(const struct ares_addrinfo *ai, char addrs[][RESULT_ADDR_LEN], int max, char *csv,
		       size_t csvlen)
{
	size_t used = 0;
	int n = 0;

	csv[0] = '\0';
	for (const struct ares_addrinfo_node *node = ai ? ai->nodes : NULL; node && n < max; node = node->ai_next) {
		char a[RESULT_ADDR_LEN];
		const void *src = node->ai_family == AF_INET6
			? (const void *)&((struct sockaddr_in6 *)(void *)node->ai_addr)->sin6_addr
			: (const void *)&((struct sockaddr_in *)(void *)node->ai_addr)->sin_addr;
		bool dup = false;
		if (!inet_ntop(node->ai_family, src, a, sizeof a))
			continue;
		for (int k = 0; k < n; k++)
			dup = dup || strcmp(addrs[k], a) == 0;
		if (dup)
			continue;
		int w = snprintf(csv + used, csvlen - used, "%s%s%s%s", used ? "," : "",
				 node->ai_family == AF_INET6 ? "[" : "", a, node->ai_family == AF_INET6 ? "]" : "");
		if (w < 0 || (size_t)w >= csvlen - used) {
			csv[used] = '\0';    /* no room: the lists end with the last whole address */
			break;
		}
		used += (size_t)w;
		memcpy(addrs[n++], a, sizeof a);
	}
	return n;
}
