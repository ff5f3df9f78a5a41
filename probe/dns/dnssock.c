/* c-ares' sockets, made by us (ares_set_socket_functions) so the run can
 * tell what c-ares 1.18 folds into one ARES_ECONNREFUSED: a server that
 * answered SERVFAIL or REFUSED, a port where nothing listens (ICMP port
 * unreachable), and a socket this machine could not make (descriptors,
 * memory). The sockets are set up as c-ares sets up its own: non-blocking,
 * close-on-exec, TCP_NODELAY. The functions only count what they see
 * (struct dns_stats, dnssock.h), for the lookups to read. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "ares_plain.h"
#include "ares_util.h"
#include "dnssock.h"

#define DNS_RCVBUF            (1 << 20)

void dnssock_failed(struct dns_stats *s, int err)
{
	s->sock_failures++;
	s->sock_errno = err;
}

static ares_socket_t dns_socket(int family, int type, int protocol, void *arg)
{
	struct dns_stats *s = arg;
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);

	if (fd < 0) {
		if (local_resource_errno(errno))
			dnssock_failed(s, errno);
		return ARES_SOCKET_BAD;
	}
	if (type == SOCK_STREAM) {
		int on = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
	} else {
		/* Room for every answer of the lookups' window at once (as
		 * root beyond rmem_max); the room we got sets the window
		 * (lookup.c). */
		int want = DNS_RCVBUF, got = 0;
		socklen_t len = sizeof got;
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &want, sizeof want) != 0)
			setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &want, sizeof want);
		if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &got, &len) == 0)
			s->rcvbuf = got;
	}
	return fd;
}

static ares_ssize_t dns_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags, struct sockaddr *from,
				 ares_socklen_t *fromlen, void *arg)
{
	struct dns_stats *s = arg;
	ares_ssize_t n = ares_plain_recvfrom(fd, buf, len, flags, from, fromlen, NULL);

	if (n > 0)
		s->replies++;          /* a server said something, whatever it was */
	else if (n < 0 && errno == ECONNREFUSED)
		s->unreachable++;      /* nothing listens there */
	return n;
}

static const struct ares_socket_functions dns_functions = {
	dns_socket, ares_plain_close, ares_plain_connect, dns_recvfrom, ares_plain_sendv,
};

void dnssock_install(ares_channel channel, struct dns_stats *stats)
{
	ares_set_socket_functions(channel, &dns_functions, stats);
}
