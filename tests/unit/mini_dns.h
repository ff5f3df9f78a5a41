/* A small real DNS server for unit tests: a thread answering UDP queries on
 * 127.0.0.1 (a port of its own) from a table of A and AAAA records;
 * NXDOMAIN for names it does not have. Enough for c-ares. */
#ifndef WUPROBE_MINI_DNS_H
#define WUPROBE_MINI_DNS_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct mini_dns_record {
	const char *name;
	const char *addr;      /* IPv4 or IPv6 text */
};

struct mini_dns {
	const struct mini_dns_record *records;
	size_t nrecords;
	int fd, port;
	atomic_int stop, queries;
	pthread_t thread;
	char servers[32];      /* "127.0.0.1:PORT", for pac_env.dns_servers */
};

/* The query's name (dotted) from BUF at *AT; -1 when malformed. */
static int mini_dns_name(const unsigned char *buf, size_t len, size_t *at, char *name, size_t namelen)
{
	size_t used = 0;

	while (*at < len && buf[*at]) {
		size_t l = buf[*at];
		if (l > 63 || *at + 1 + l > len || used + l + 2 > namelen)
			return -1;
		if (used)
			name[used++] = '.';
		memcpy(name + used, buf + *at + 1, l);
		used += l;
		*at += 1 + l;
	}
	if (*at >= len)
		return -1;
	(*at)++;
	name[used] = '\0';
	return 0;
}

static size_t mini_dns_answer(struct mini_dns *d, unsigned char *buf, size_t len, size_t cap)
{
	char name[256];
	size_t at = 12, out;
	unsigned qtype, count = 0;
	int known = 0;

	if (len < 12 || mini_dns_name(buf, len, &at, name, sizeof name) || at + 4 > len)
		return 0;
	qtype = (unsigned)buf[at] << 8 | buf[at + 1];
	out = at + 4;                        /* the header and the question, as asked */
	for (size_t i = 0; i < d->nrecords; i++) {
		unsigned char bin[16];
		int v6 = strchr(d->records[i].addr, ':') != NULL;
		if (strcasecmp(d->records[i].name, name) != 0)
			continue;
		known = 1;
		if (qtype != (v6 ? 28u : 1u) || out + 12 + (v6 ? 16 : 4) > cap)
			continue;
		inet_pton(v6 ? AF_INET6 : AF_INET, d->records[i].addr, bin);
		unsigned char rr[12] = { 0xc0, 12, 0, (unsigned char)qtype, 0, 1, 0, 0, 0, 60, 0, v6 ? 16 : 4 };
		memcpy(buf + out, rr, sizeof rr);
		memcpy(buf + out + sizeof rr, bin, v6 ? 16 : 4);
		out += sizeof rr + (v6 ? 16 : 4);
		count++;
	}
	buf[2] = 0x81;                       /* a response, recursion desired */
	buf[3] = known ? 0x80 : 0x83;        /* recursion available; NXDOMAIN */
	buf[6] = 0, buf[7] = (unsigned char)count;
	buf[8] = buf[9] = buf[10] = buf[11] = 0;
	return out;
}

static void *mini_dns_serve(void *arg)
{
	struct mini_dns *d = arg;
	unsigned char buf[512];

	while (!atomic_load(&d->stop)) {
		struct pollfd p = { .fd = d->fd, .events = POLLIN };
		struct sockaddr_in from;
		socklen_t fromlen = sizeof from;
		if (poll(&p, 1, 50) <= 0)
			continue;
		ssize_t n = recvfrom(d->fd, buf, sizeof buf, 0, (struct sockaddr *)&from, &fromlen);
		if (n <= 0)
			continue;
		atomic_fetch_add(&d->queries, 1);
		size_t out = mini_dns_answer(d, buf, (size_t)n, sizeof buf);
		if (out)
			sendto(d->fd, buf, out, 0, (struct sockaddr *)&from, fromlen);
	}
	return NULL;
}

static int mini_dns_start(struct mini_dns *d)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t alen = sizeof a;

	if ((d->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(d->fd, (struct sockaddr *)&a, sizeof a) < 0 || getsockname(d->fd, (struct sockaddr *)&a, &alen) < 0)
		return -1;
	d->port = ntohs(a.sin_port);
	snprintf(d->servers, sizeof d->servers, "127.0.0.1:%d", d->port);
	atomic_store(&d->stop, 0);
	return pthread_create(&d->thread, NULL, mini_dns_serve, d) == 0 ? 0 : -1;
}

static void mini_dns_stop(struct mini_dns *d)
{
	atomic_store(&d->stop, 1);
	pthread_join(d->thread, NULL);
	close(d->fd);
}

#endif
