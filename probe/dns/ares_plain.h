/* The plain system calls behind c-ares' socket functions
 * (ares_set_socket_functions), for the two channels that make their own
 * sockets to tell a socket this machine could not make from a server's
 * refusal: the probe's (dnssock.c) and the PAC child's (pac/pac_lookup.c). */
#ifndef WUPROBE_ARES_PLAIN_H
#define WUPROBE_ARES_PLAIN_H

#include <ares.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static inline int ares_plain_close(ares_socket_t fd, void *arg)
{
	(void)arg;
	return close(fd);
}

static inline int ares_plain_connect(ares_socket_t fd, const struct sockaddr *sa, ares_socklen_t len, void *arg)
{
	(void)arg;
	return connect(fd, sa, len);
}

static inline ares_ssize_t ares_plain_recvfrom(ares_socket_t fd, void *buf, size_t len, int flags,
					       struct sockaddr *from, ares_socklen_t *fromlen, void *arg)
{
	(void)arg;
	return from ? recvfrom(fd, buf, len, flags, from, fromlen) : recv(fd, buf, len, flags);
}

static inline ares_ssize_t ares_plain_sendv(ares_socket_t fd, const struct iovec *vec, int n, void *arg)
{
	(void)arg;
	return writev(fd, vec, n);
}

#endif
