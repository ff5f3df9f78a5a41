/* The c-ares helpers shared by the loop and the PAC child (ares_util.h). */
#include "ares_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "fault.h"
#include "sinkhole.h"

bool local_resource_errno(int err)
{
	return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
}

int resolver_channel(ares_channel *channel, struct ares_options *o, int optmask, bool *hosts_file)
{
	int rc = ares_init_options(channel, o, optmask);

	*hosts_file = false;
	if (rc != ARES_SUCCESS)
		return rc;
	/* Whether lookups read /etc/hosts: nsswitch.conf, host.conf or
	 * resolv.conf say ("fb" by default). */
	struct ares_options saved;
	int mask;
	if (ares_save_options(*channel, &saved, &mask) == ARES_SUCCESS) {
		*hosts_file = saved.lookups && strchr(saved.lookups, 'f');
		ares_destroy_options(&saved);
	} else {
		*hosts_file = true;             /* out of memory: c-ares' default order reads the file */
	}
	if (fault_at("hosts_skipped")) {        /* the tests: as c-ares does when fopen fails */
		ares_destroy(*channel);
		o->lookups = (char *)"b";
		rc = ares_init_options(channel, o, optmask | ARES_OPT_LOOKUPS);
		o->lookups = NULL;
	}
	return rc;
}

/* Adds SRC (an in_addr or in6_addr of FAMILY) unless it is there already;
 * false when the lists are full. */
bool addr_list_add(struct addr_list *l, int family, const void *src)
{
	char a[RESULT_ADDR_LEN];

	if (l->n >= l->max)
		return false;
	if (!inet_ntop(family, src, a, sizeof a))
		return true;
	for (int k = 0; k < l->n; k++)
		if (strcmp(l->addrs[k], a) == 0)
			return true;
	if (sinkhole_addr(family, src)) {       /* kept for the record, never connected to */
		memcpy(l->addrs[l->n++], a, sizeof a);
		return true;
	}
	int w = snprintf(l->csv + l->used, l->csvlen - l->used, "%s%s%s%s", l->used ? "," : "",
			 family == AF_INET6 ? "[" : "", a, family == AF_INET6 ? "]" : "");
	if (w < 0 || (size_t)w >= l->csvlen - l->used) {
		l->csv[l->used] = '\0';    /* no room: the lists end with the last whole address */
		l->max = l->n;
		return false;
	}
	l->used += (size_t)w;
	memcpy(l->addrs[l->n++], a, sizeof a);
	return true;
}

int resolver_hosts_check(ares_channel channel, const char *host, int family, struct addr_list *list, int *err)
{
	static const int families[] = { AF_INET, AF_INET6 };

	for (size_t f = 0; f < sizeof families / sizeof families[0]; f++) {
		struct hostent *he = NULL;
		if (family != AF_UNSPEC && family != families[f])
			continue;
		errno = 0;
		int rc = fault_at("hosts_unreadable") ? (errno = ENFILE, ARES_EFILE)
						      : ares_gethostbyname_file(channel, host, families[f], &he);
		if (rc == ARES_ENOMEM || (rc == ARES_EFILE && local_resource_errno(errno))) {
			*err = rc == ARES_ENOMEM ? ENOMEM : errno;
			return ARES_EFILE;
		}
		if (rc != ARES_SUCCESS || !he)  /* not there, or unreadable as it was for the resolver */
			continue;
		for (char **a = he->h_addr_list; *a; a++)
			addr_list_add(list, he->h_addrtype, *a);
		ares_free_hostent(he);
	}
	return list->n > 0 ? ARES_SUCCESS : ARES_ENOTFOUND;
}

const void *ares_node_addr(const struct ares_addrinfo_node *n)
{
	return n->ai_family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)(void *)n->ai_addr)->sin6_addr
					: (const void *)&((struct sockaddr_in *)(void *)n->ai_addr)->sin_addr;
}

int resolver_addresses(const struct ares_addrinfo *ai, char addrs[][RESULT_ADDR_LEN], int max, char *csv,
		       size_t csvlen)
{
	struct addr_list l = { .addrs = addrs, .max = max, .csv = csv, .csvlen = csvlen };

	csv[0] = '\0';
	for (const struct ares_addrinfo_node *node = ai ? ai->nodes : NULL; node; node = node->ai_next)
		if (!addr_list_add(&l, node->ai_family, ares_node_addr(node)))
			break;
	return l.n;
}
