/* DNS for dnsResolve and its kin, inside the child: the probe's resolver
 * (c-ares, the same servers as --dns-server), one lookup at a time, the
 * child waiting on its sockets with poll() until the answer or the job's
 * deadline. The channel is made on the first lookup and lives as long as
 * the child. */
#include <arpa/inet.h>
#include <ares.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>

#include "clock.h"
#include "pac_js.h"

static ares_channel channel;
static int channel_state;          /* 0 not yet, 1 ready, -1 failed */

struct lookup {
	bool done;
	int n, max;
	char (*addrs)[INET6_ADDRSTRLEN];
};

static void on_answer(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct lookup *l = arg;

	(void)timeouts;
	l->done = true;
	if (status != ARES_SUCCESS || !ai)
		goto out;
	for (struct ares_addrinfo_node *node = ai->nodes; node && l->n < l->max; node = node->ai_next) {
		const void *src = node->ai_family == AF_INET6
			? (const void *)&((struct sockaddr_in6 *)(void *)node->ai_addr)->sin6_addr
			: (const void *)&((struct sockaddr_in *)(void *)node->ai_addr)->sin_addr;
		bool dup = false;
		if (!inet_ntop(node->ai_family, src, l->addrs[l->n], INET6_ADDRSTRLEN))
			continue;
		for (int k = 0; k < l->n; k++)
			dup = dup || strcmp(l->addrs[k], l->addrs[l->n]) == 0;
		if (!dup)
			l->n++;
	}
out:
	if (ai)
		ares_freeaddrinfo(ai);
}

static int open_channel(const struct pac_job *job)
{
	struct ares_options o = { 0 };

	if (channel_state)
		return channel_state;
	channel_state = -1;
	/* As the probe's resolver (dns/resolve.c): 1 s for the first try,
	 * doubled per round, three rounds. */
	o.timeout = 1000;
	o.tries = 3;
	if (ares_library_init(ARES_LIB_INIT_ALL) != ARES_SUCCESS ||
	    ares_init_options(&channel, &o, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES) != ARES_SUCCESS)
		return -1;
	if (job->env->dns_servers && ares_set_servers_ports_csv(channel, job->env->dns_servers) != ARES_SUCCESS) {
		ares_destroy(channel);
		return -1;
	}
	return channel_state = 1;
}

int pac_dns_lookup(const struct pac_job *job, const char *host, int family, char (*addrs)[INET6_ADDRSTRLEN],
		   int max)
{
	struct ares_addrinfo_hints hints = { .ai_family = family, .ai_flags = ARES_AI_NOSORT };
	struct lookup l = { .max = max, .addrs = addrs };

	if (!host[0] || open_channel(job) < 0)
		return 0;
	ares_getaddrinfo(channel, host, NULL, &hints, on_answer, &l);
	while (!l.done) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		struct pollfd p[ARES_GETSOCK_MAXNUM];
		struct timeval cap, tv, *wait;
		int64_t left = job->deadline_ms - mono_ms();
		/* The bits by hand: c-ares' ARES_GETSOCK_WRITABLE shifts a signed
		 * 1 into the sign bit for the last socket. */
		unsigned bits = (unsigned)ares_getsock(channel, socks, ARES_GETSOCK_MAXNUM);
		int np = 0;

		if (left <= 0) {
			ares_cancel(channel);          /* the parent ends the child now anyway */
			break;
		}
		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			bool rd = bits & (1u << i), wr = bits & (1u << (i + ARES_GETSOCK_MAXNUM));
			if (rd || wr)
				p[np++] = (struct pollfd){ .fd = socks[i],
							   .events = (short)((rd ? POLLIN : 0) | (wr ? POLLOUT : 0)) };
		}
		cap.tv_sec = left / 1000, cap.tv_usec = (left % 1000) * 1000;
		wait = ares_timeout(channel, &cap, &tv);
		int rc = poll(p, (nfds_t)np, (int)(wait->tv_sec * 1000 + wait->tv_usec / 1000));
		if (rc <= 0) {
			ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
			continue;
		}
		for (int i = 0; i < np; i++)
			ares_process_fd(channel, p[i].revents & (POLLIN | POLLERR | POLLHUP) ? p[i].fd : ARES_SOCKET_BAD,
					p[i].revents & POLLOUT ? p[i].fd : ARES_SOCKET_BAD);
	}
	return l.n;
}
