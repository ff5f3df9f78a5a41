/* c-ares' sockets, made by us (dnssock.c), and what they saw. */
#ifndef WUPROBE_DNSSOCK_H
#define WUPROBE_DNSSOCK_H

#include <ares.h>

/* What the run's DNS sockets saw: the socket functions only count here,
 * the lookups (lookup.c) read it when they judge an answer. */
struct dns_stats {
	unsigned long replies;         /* reads that returned data */
	unsigned long unreachable;     /* reads refused: ICMP port unreachable */
	unsigned long sock_failures;   /* sockets this machine could not make or watch */
	int sock_errno;                /* why the last one failed */
	int rcvbuf;                    /* the last UDP socket's receive buffer, bytes (0: none yet) */
};

/* Makes CHANNEL's sockets ours, counting into STATS. */
void dnssock_install(ares_channel channel, struct dns_stats *stats);

/* Counts a DNS socket this machine could not make or watch (ERR): the
 * lookups that fail after it are this machine's errors (lookup.c). */
void dnssock_failed(struct dns_stats *stats, int err);

#endif
