/* One blocking name lookup at a time with c-ares, for what runs outside the
 * probe's event loop: the PAC child's dnsResolve and its kin (pac_dns.c),
 * and the WPAD walk's and the PAC download's names (pac_fetch_dns.c). The
 * channel is the probe's own kind (the same servers, /etc/hosts in the
 * system's order, 1 s for the first try, doubled per round, three rounds:
 * dns/resolve.c), driven with poll() until the answer or the caller's
 * deadline. Built on the leaf ares_util.h; what each caller makes of an
 * answer (a record, a message) stays with the caller. */
#ifndef WUPROBE_PAC_LOOKUP_H
#define WUPROBE_PAC_LOOKUP_H

#include <ares.h>
#include <stdbool.h>
#include <stdint.h>

#include "result.h"

#define PAC_LOOKUP_MAX 32     /* addresses kept of one answer */

struct pac_resolver {
	ares_channel channel;
	bool hosts_file;          /* its lookups read /etc/hosts (resolver_hosts_check) */
	bool own_sockets;         /* its sockets are made here (pac_lookup_open) */
	int socket_errno;         /* a socket this machine could not make in this lookup, 0 none */
};

/* Starts c-ares and makes R's channel, with DNS_SERVERS (c-ares CSV form;
 * NULL: /etc/resolv.conf). OWN_SOCKETS: the channel's sockets are made
 * here, so that one this machine could not make (descriptors, memory) is
 * told apart from a server that refused, which c-ares 1.18 folds into one
 * ARES_ECONNREFUSED (the PAC child's lookups need the difference; the
 * download's keep c-ares' own sockets and its folding). Returns
 * ARES_SUCCESS, or the status of the step that failed, with *SERVERS_BAD
 * telling whether it was DNS_SERVERS; then nothing is left to close. */
int pac_lookup_open(struct pac_resolver *r, const char *dns_servers, bool own_sockets, bool *servers_bad);
void pac_lookup_close(struct pac_resolver *r);

/* One lookup: what the caller asks (the first part) and what it gets. */
struct pac_lookup {
	const char *host;
	int family;               /* AF_INET, AF_INET6 or AF_UNSPEC (both) */
	/* Whether c-ares orders the answer (RFC 6724) or gives it as it came.
	 * The download lets it sort, the order libcurl then tries; the PAC
	 * child does not: its helpers sort as Windows does (pac_ip_sort), and
	 * c-ares' sort asks the kernel for a source address per answer
	 * (getsockname), which the child's cage forbids. */
	bool sorted;
	int64_t deadline;         /* mono_ms() when the caller stops waiting */
	char (*addrs)[RESULT_ADDR_LEN];
	int max;                  /* room in ADDRS, at most PAC_LOOKUP_MAX */
	int n;                    /* distinct addresses put in ADDRS */
	int local_err;            /* an errno when this machine failed the lookup, 0 none */
};

/* Asks Q's host and waits for the answer until Q's deadline. Returns
 * c-ares' status: ARES_SUCCESS with Q->n addresses (a DNS filter's
 * sinkhole among them: addr_list; the caller decides what it means);
 * ARES_ETIMEOUT when the deadline came first; ARES_ENOTFOUND or
 * ARES_ENODATA (an answer with no address is no data too) once
 * /etc/hosts, which c-ares skips when it cannot open it, was checked too
 * (resolver_hosts_check: a name the file knows is ARES_SUCCESS with its
 * addresses); any other failure as c-ares gave it (ARES_ENOMEM included,
 * for the caller to judge). Two statuses come with Q->local_err set, this
 * machine's failure and no claim about the name: ARES_EFILE, /etc/hosts
 * could not be read for want of resources; ARES_ECONNREFUSED, a socket R
 * could not make (own_sockets only). */
int pac_lookup_run(struct pac_resolver *r, struct pac_lookup *q);

#endif
