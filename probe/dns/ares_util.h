/* The pure c-ares helpers that the probe's loop (dns/) and the PAC child
 * and its blocking lookups (pac/) share: a channel and whether it reads
 * /etc/hosts, the check of a negative answer against that file, and an
 * answer turned into an address list. A leaf: nothing here knows the loop,
 * an endpoint or the child. */
#ifndef WUPROBE_ARES_UTIL_H
#define WUPROBE_ARES_UTIL_H

#include <ares.h>
#include <stdbool.h>
#include <stddef.h>

#include "result.h"

/* EMFILE, ENFILE, ENOBUFS, ENOMEM: this machine's limits, not the network's. */
bool local_resource_errno(int err);

/* The in_addr or in6_addr of an answer's node (by its ai_family). */
const void *ares_node_addr(const struct ares_addrinfo_node *n);

/* Distinct addresses as text (ADDRS, at most MAX) and as libcurl's RESOLVE
 * list ("a,[v6]", CSV of CSVLEN bytes, USED of them written). A DNS
 * filter's sinkhole (sinkhole.h) goes into ADDRS, for the record, and never
 * into CSV: addresses but an empty CSV mean every address was one. */
struct addr_list {
	char (*addrs)[RESULT_ADDR_LEN];
	int n, max;
	char *csv;
	size_t csvlen, used;
};
bool addr_list_add(struct addr_list *l, int family, const void *src);
/* ares_init_options, and whether the channel's lookups read /etc/hosts
 * (*HOSTS_FILE: then negative answers go through resolver_hosts_check). */
int resolver_channel(ares_channel *channel, struct ares_options *o, int optmask, bool *hosts_file);
/* c-ares 1.18 skips /etc/hosts without a word when it cannot open it
 * (EMFILE, ENFILE, ENOMEM: file_lookup in ares_getaddrinfo.c), and a name
 * only the file knows then looks unknown: a false 0x80072EE7. So a negative
 * answer (NXDOMAIN or no data: a DNS failure or time-out is not checked, and
 * stays what it is) from a channel whose lookups read the file is checked
 * against it again, with c-ares' own reader, for FAMILY (AF_INET, AF_INET6 or
 * AF_UNSPEC: both, IPv4 first). ARES_SUCCESS: the file names HOST, its
 * addresses added to LIST (the first line naming it per family: that reader
 * stops there, where c-ares' getaddrinfo takes every line). ARES_EFILE: the
 * file could not be read for want of this machine's resources (*ERR: the
 * errno), so the answer is unknown. ARES_ENOTFOUND: the file does not name
 * it, or cannot be read for a reason that held for the resolver too
 * (EACCES). One family's pass failing so makes the whole ARES_EFILE, even
 * when the other found it. Each check reads the file again (twice for
 * AF_UNSPEC): negative answers are few. */
int resolver_hosts_check(ares_channel channel, const char *host, int family, struct addr_list *list, int *err);
/* The distinct addresses in AI (at most MAX) into ADDRS, and as libcurl's
 * RESOLVE list ("a,[v6]") into CSV, which leaves out sinkholes (addr_list).
 * Returns how many went into ADDRS. */
int resolver_addresses(const struct ares_addrinfo *ai, char addrs[][RESULT_ADDR_LEN], int max, char *csv,
		       size_t csvlen);

#endif
