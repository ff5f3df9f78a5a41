/* DNS for dnsResolve and its kin, inside the child: the probe's resolver
 * (c-ares, the same servers as --dns-server), one lookup at a time through
 * the blocking driver (pac_lookup.h), bounded by the job's deadline. The
 * channel is made before the child cages itself (it reads resolv.conf and
 * the like, which the cage no longer could) and lives as long as the child.
 * A lookup this machine failed (no memory, no socket, an /etc/hosts it
 * could not read) is not "no address": the script would take another
 * branch (by-net.pac: DIRECT instead of the proxy), so the child ends with
 * a LOCAL record instead. An internationalized name is asked in its ASCII
 * form (pac_idna.h). */
#include <ares.h>
#include <errno.h>

#include "fault.h"
#include "pac_idna.h"
#include "pac_js.h"
#include "pac_lookup.h"

static struct pac_resolver resolver;
static int resolver_state;         /* 0 not made, 1 ready, -1 failed, -ENOMEM out of memory */

void pac_dns_prepare(const struct pac_job *job)
{
	bool servers_bad;
	int rc = pac_lookup_open(&resolver, job->env->dns_servers, true, &servers_bad);

	/* The parent made the same channel, so only this machine fails it now.
	 * (c-ares 1.18 does not fail for a resolv.conf it cannot read: it goes
	 * on with its defaults.) Out of memory ends the child at the first
	 * lookup, as when the channel was made there: a script that never
	 * looks a name up is not stopped by it. */
	if (rc != ARES_SUCCESS)
		resolver_state = rc == ARES_ENOMEM ? -ENOMEM : -1;
	else
		resolver_state = 1;
}

int pac_dns_lookup(const struct pac_job *job, const char *host, int family, char (*addrs)[INET6_ADDRSTRLEN],
		   int max)
{
	struct pac_lookup q = { .family = family, .deadline = job->deadline_ms, .addrs = addrs, .max = max };
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
	if (resolver_state == -ENOMEM)
		pac_child_end_local(job->fd, ENOMEM);
	if (resolver_state != 1)
		return 0;
	q.host = host;
	int rc = pac_lookup_run(&resolver, &q);
	if (rc == ARES_ENOMEM)
		pac_child_end_local(job->fd, ENOMEM);
	if (q.local_err)
		pac_child_end_local(job->fd, q.local_err);
	return rc == ARES_SUCCESS ? q.n : 0;
}
