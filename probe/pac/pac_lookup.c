/* The blocking lookup driver (pac_lookup.h). */
#include "pac_lookup.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

#include "ares_plain.h"
#include "ares_util.h"
#include "clock.h"
#include "fault.h"

/* c-ares 1.18 folds a socket it could not make into ARES_ECONNREFUSED, as
 * a server that refused: R's sockets are made here to tell the two apart. */
static ares_socket_t own_socket(int family, int type, int protocol, void *arg)
{
	struct pac_resolver *r = arg;
	int fd = fault_at("pac_dns_socket") ? (errno = ENFILE, -1)
					   : socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);

	if (fd < 0) {
		if (local_resource_errno(errno))
			r->socket_errno = errno;
		return ARES_SOCKET_BAD;
	}
	if (type == SOCK_STREAM) {         /* as c-ares sets up its own */
		int on = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	}
	return fd;
}

static const struct ares_socket_functions own_functions = {
	own_socket, ares_plain_close, ares_plain_connect, ares_plain_recvfrom, ares_plain_sendv,
};

int pac_lookup_open(struct pac_resolver *r, const char *dns_servers, bool own_sockets, bool *servers_bad)
{
	struct ares_options o = { .timeout = 1000, .tries = 3 };   /* as the probe's own lookups */
	int rc;

	memset(r, 0, sizeof *r);
	*servers_bad = false;
	if ((rc = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS)
		return rc;
	rc = resolver_channel(&r->channel, &o, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES, &r->hosts_file);
	if (rc != ARES_SUCCESS) {
		ares_library_cleanup();
		return rc;
	}
	if (dns_servers && (rc = ares_set_servers_ports_csv(r->channel, dns_servers)) != ARES_SUCCESS) {
		*servers_bad = true;
		pac_lookup_close(r);
		return rc;
	}
	r->own_sockets = own_sockets;
	if (own_sockets)
		ares_set_socket_functions(r->channel, &own_functions, r);
	return ARES_SUCCESS;
}

void pac_lookup_close(struct pac_resolver *r)
{
	ares_destroy(r->channel);
	ares_library_cleanup();
}

struct answer {
	bool done;
	int status;
	struct addr_list *list;
};

static void on_answer(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct answer *a = arg;

	(void)timeouts;
	a->done = true;
	a->status = status;
	for (const struct ares_addrinfo_node *n = ai ? ai->nodes : NULL; n; n = n->ai_next)
		if (!addr_list_add(a->list, n->ai_family, ares_node_addr(n)))
			break;
	if (ai)
		ares_freeaddrinfo(ai);
}

/* Waits for the channel's sockets or its own time-outs until DEADLINE,
 * then cancels (the answer is then ARES_ECANCELLED). */
static void drive(ares_channel ch, const struct answer *a, int64_t deadline)
{
	while (!a->done) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		struct pollfd pfd[ARES_GETSOCK_MAXNUM];
		struct timeval tv, *t;
		/* The bits by hand: c-ares' ARES_GETSOCK_WRITABLE shifts a signed
		 * 1 into the sign bit for the last socket. */
		unsigned bits = (unsigned)ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
		int n = 0;
		int64_t left = deadline - mono_ms();

		if (left <= 0) {
			ares_cancel(ch);
			return;
		}
		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			short ev = (short)((bits & (1u << i) ? POLLIN : 0) |
					   (bits & (1u << (i + ARES_GETSOCK_MAXNUM)) ? POLLOUT : 0));
			if (ev)
				pfd[n++] = (struct pollfd){ .fd = socks[i], .events = ev };
		}
		/* c-ares' next time-out, rounded up so that poll does not wake
		 * before it, within the deadline */
		if ((t = ares_timeout(ch, NULL, &tv))) {
			int64_t ms = (int64_t)t->tv_sec * 1000 + t->tv_usec / 1000 + 1;
			if (ms < left)
				left = ms;
		}
		if (poll(pfd, (nfds_t)n, (int)left) <= 0) {
			ares_process_fd(ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);   /* its time-outs */
			continue;
		}
		for (int i = 0; i < n; i++) {
			if (!pfd[i].revents)
				continue;
			bool in = pfd[i].revents & (POLLIN | POLLERR | POLLHUP), out = pfd[i].revents & POLLOUT;
			ares_process_fd(ch, in ? pfd[i].fd : ARES_SOCKET_BAD, out ? pfd[i].fd : ARES_SOCKET_BAD);
		}
	}
}

int pac_lookup_run(struct pac_resolver *r, struct pac_lookup *q)
{
	struct ares_addrinfo_hints hints = { .ai_family = q->family, .ai_flags = q->sorted ? 0 : ARES_AI_NOSORT };
	/* addr_list keeps a sinkhole out of its RESOLVE list only: room for
	 * every address there, so ADDRS holds all of them */
	char csv[PAC_LOOKUP_MAX * (RESULT_ADDR_LEN + 3)];
	struct addr_list list = { .addrs = q->addrs, .max = q->max < PAC_LOOKUP_MAX ? q->max : PAC_LOOKUP_MAX,
				  .csv = csv, .csvlen = sizeof csv };
	struct answer a = { .list = &list };
	int rc;

	csv[0] = '\0';
	q->n = 0;
	q->local_err = 0;
	r->socket_errno = 0;
	ares_getaddrinfo(r->channel, q->host, NULL, &hints, on_answer, &a);
	drive(r->channel, &a, q->deadline);
	rc = a.done ? a.status : ARES_ETIMEOUT;
	if (rc == ARES_ECANCELLED)          /* the deadline, not an answer */
		rc = ARES_ETIMEOUT;
	if (rc == ARES_SUCCESS && list.n == 0)
		rc = ARES_ENODATA;
	if (rc == ARES_ECONNREFUSED && r->socket_errno)
		q->local_err = r->socket_errno;
	if ((rc == ARES_ENOTFOUND || rc == ARES_ENODATA) && r->hosts_file) {
		/* A file c-ares skipped (dns/lookup.c says why): the name it knows
		 * takes its addresses; one this machine could not read leaves the
		 * answer unknown. */
		int hrc = resolver_hosts_check(r->channel, q->host, q->family, &list, &q->local_err);
		if (hrc == ARES_SUCCESS || hrc == ARES_EFILE)
			rc = hrc;
	}
	q->n = list.n;
	return rc;
}
