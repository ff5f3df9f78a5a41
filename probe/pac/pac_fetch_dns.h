/* One blocking name lookup with c-ares, for the PAC download and the WPAD
 * walk, which run before the probe's event loop starts: the same resolver
 * and servers as the probe (--dns-server), not the C library's. */
#ifndef WUPROBE_PAC_FETCH_DNS_H
#define WUPROBE_PAC_FETCH_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAC_DNS_MAX_ADDRS 8

struct pac_addrs {
	char a[PAC_DNS_MAX_ADDRS][46];  /* numeric, without brackets */
	bool v6[PAC_DNS_MAX_ADDRS];
	size_t n;
};

/* Looks up HOST's A and AAAA records with DNS_SERVERS (c-ares CSV form; NULL:
 * /etc/resolv.conf) until DEADLINE (mono_ms). Returns ARES_SUCCESS with OUT
 * filled (at least one address), or the c-ares status (ARES_ENOTFOUND: no
 * such name, ARES_ENODATA: the name has no address, ARES_ETIMEOUT, ...) with a
 * short reason in WHY ("no such name", "DNS did not answer in 3 s").
 * A negative answer is checked against /etc/hosts, which c-ares skips when
 * it cannot open it (resolver_hosts_check): a name the file knows takes its
 * addresses; a file this machine could not open then either returns
 * ARES_EFILE, with WHY saying so and *LOCAL_ERR (when not NULL) the errno:
 * no claim about the network. A DNS filter's sinkhole (sinkhole.h) is never
 * in OUT: when every address was one, PAC_DNS_SINKHOLE, with WHY naming it. */
#define PAC_DNS_SINKHOLE (-1)
int pac_dns_resolve(const char *host, const char *dns_servers, int64_t deadline, struct pac_addrs *out,
		    char *why, size_t whylen, int *local_err);

#endif
