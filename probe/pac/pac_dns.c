/* DNS for dnsResolve and its kin, inside the child: the probe's resolver
 * (c-ares, the same servers as --dns-server), one lookup at a time, the
 * child waiting on its sockets with poll() until the answer or the job's
 * deadline. The channel is made before the child cages itself (it reads
 * resolv.conf and the like, which the cage no longer could) and lives as
 * long as the child. A lookup this machine failed (no memory, no socket) is
 * not "no address": the script would take another branch (by-net.pac:
 * DIRECT instead of the proxy), so the child ends with a LOCAL record
 * instead. An internationalized name is asked in its ASCII form
 * (pac_idna.h). */
#include <arpa/inet.h>
#include <ares.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "ares_plain.h"
#include "ares_util.h"
#include "clock.h"
#include "fault.h"
#include "pac_idna.h"
#include "pac_js.h"

static ares_channel channel;
static int channel_state;          /* 0 not made, 1 ready, -1 failed, -ENOMEM out of memory */
static int socket_errno;           /* a socket this machine could not make, 0 none */
static bool hosts_file;            /* the channel's lookups read /etc/hosts */

struct lookup {
	bool done;
	int status;
	int n, max;
	char (*addrs)[INET6_ADDRSTRLEN];
};

/* c-ares 1.18 folds a socket it could not make into ARES_ECONNREFUSED, as
 * a server that refused: its sockets are made here to tell the two apart. */
static ares_socket_t child_socket(int family, int type, int protocol, void *arg)
{
	int fd = fault_at("pac_dns_socket") ? (errno = ENFILE, -1)
					   : socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);

	(void)arg;
	if (fd < 0) {
		if (local_resource_errno(errno))
			socket_errno = errno;
		return ARES_SOCKET_BAD;
	}
	if (type == SOCK_STREAM) {         /* as c-ares sets up its own */
		int on = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	}
	return fd;
}

static const struct ares_socket_functions child_functions = {
	child_socket, ares_plain_close, ares_plain_connect, ares_plain_recvfrom, ares_plain_sendv,
};

static void on_answer(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct lookup *l = arg;

	(void)timeouts;
	l->done = true;
	l->status = status;
	if (status != ARES_SUCCESS || !ai)
		goto out;
	for (struct ares_addrinfo_node *node = ai->nodes; node && l->n < l->max; node = node->ai_next) {
		bool dup = false;
		if (!inet_ntop(node->ai_family, ares_node_addr(node), l->addrs[l->n], INET6_ADDRSTRLEN))
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

void pac_dns_prepare(const struct pac_job *job)
{
	struct ares_options o = { 0 };

	/* As the probe's resolver (dns/resolve.c): 1 s for the first try,
	 * doubled per round, three rounds. */
	o.timeout = 1000;
	o.tries = 3;
	int rc = ares_library_init(ARES_LIB_INIT_ALL);
	if (rc == ARES_SUCCESS)
		rc = resolver_channel(&channel, &o, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES, &hosts_file);
	if (rc == ARES_SUCCESS && job->env->dns_servers) {
		rc = ares_set_servers_ports_csv(channel, job->env->dns_servers);
		if (rc != ARES_SUCCESS)
			ares_destroy(channel);
	}
	/* The parent made the same channel, so only this machine fails it now.
	 * (c-ares 1.18 does not fail for a resolv.conf it cannot read: it goes
	 * on with its defaults.) Out of memory ends the child at the first
	 * lookup, as when the channel was made there: a script that never
	 * looks a name up is not stopped by it. */
	if (rc != ARES_SUCCESS) {
		channel_state = rc == ARES_ENOMEM ? -ENOMEM : -1;
		return;
	}
	ares_set_socket_functions(channel, &child_functions, NULL);
	channel_state = 1;
}

int pac_dns_lookup(const struct pac_job *job, const char *host, int family, char (*addrs)[INET6_ADDRSTRLEN],
		   int max)
{
	struct ares_addrinfo_hints hints = { .ai_family = family, .ai_flags = ARES_AI_NOSORT };
	struct lookup l = { .max = max, .addrs = addrs };
	char idn[PAC_IDNA_MAX];

	if (!host[0])
		return 0;
	if (fault_at("pac_dns"))
		pac_child_end_local(job->fd, ENOMEM);
	switch (pac_idna_ascii(host, idn, sizeof idn)) {
	case 1:
		host = idn;
		break;
	case -1:
		return 0;
	case -2:
		pac_child_end_local(job->fd, ENOMEM);
	}
	if (channel_state == -ENOMEM)
		pac_child_end_local(job->fd, ENOMEM);
	if (channel_state != 1)
		return 0;
	socket_errno = 0;
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
	if (l.done && l.status == ARES_ENOMEM)
		pac_child_end_local(job->fd, ENOMEM);
	if (l.done && l.status == ARES_ECONNREFUSED && socket_errno)
		pac_child_end_local(job->fd, socket_errno);
	if (l.done && (l.status == ARES_ENOTFOUND || l.status == ARES_ENODATA) && hosts_file) {
		/* A file c-ares skipped (dns/lookup.c says why): the name it knows
		 * takes its addresses; one this machine could not read ends the job. */
		char csv[8 * (INET6_ADDRSTRLEN + 3)];
		struct addr_list list = { .addrs = addrs, .max = max < 8 ? max : 8, .csv = csv, .csvlen = sizeof csv };
		int err = 0;
		csv[0] = '\0';
		if (resolver_hosts_check(channel, host, family, &list, &err) == ARES_EFILE)
			pac_child_end_local(job->fd, err);
		l.n = list.n;
	}
	return l.n;
}
