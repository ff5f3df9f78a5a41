/* A blocking c-ares lookup: one channel for one name, driven by poll() until
 * the answer or the deadline. */
#include "pac_fetch_dns.h"

#include <ares.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "ares_util.h"
#include "clock.h"
#include "sinkhole.h"

struct ask {
	bool done;
	int status;
	struct pac_addrs *out;
	char sinkhole[46];      /* the first sinkhole the answer held, "" none */
};

/* The N distinct addresses of an answer (resolver_addresses, or the
 * /etc/hosts check) into Q's OUT, but for sinkholes: the first of those
 * noted in Q's SINKHOLE. */
static void keep(struct ask *q, char addrs[][RESULT_ADDR_LEN], int n)
{
	for (int i = 0; i < n; i++) {
		if (!sinkhole_text(addrs[i])) {
			snprintf(q->out->a[q->out->n], sizeof q->out->a[0], "%s", addrs[i]);
			q->out->v6[q->out->n++] = strchr(addrs[i], ':') != NULL;
		} else if (!q->sinkhole[0]) {
			snprintf(q->sinkhole, sizeof q->sinkhole, "%s", addrs[i]);
		}
	}
}

static void on_addr(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	char addrs[PAC_DNS_MAX_ADDRS][RESULT_ADDR_LEN], csv[PAC_DNS_MAX_ADDRS * (RESULT_ADDR_LEN + 3)];
	struct ask *q = arg;

	(void)timeouts;
	q->done = true;
	q->status = status;
	keep(q, addrs, resolver_addresses(ai, addrs, PAC_DNS_MAX_ADDRS, csv, sizeof csv));
	if (status == ARES_SUCCESS && q->out->n == 0)
		q->status = q->sinkhole[0] ? PAC_DNS_SINKHOLE : ARES_ENODATA;
	if (ai)
		ares_freeaddrinfo(ai);
}

/* Waits for the channel's sockets or its own time-outs, within DEADLINE. */
static void drive(ares_channel ch, struct ask *q, int64_t deadline)
{
	while (!q->done) {
		ares_socket_t socks[ARES_GETSOCK_MAXNUM];
		struct pollfd pfd[ARES_GETSOCK_MAXNUM];
		struct timeval tv, *t;
		/* c-ares' ARES_GETSOCK_WRITABLE shifts a signed 1 into bit 31 */
		unsigned bits = (unsigned)ares_getsock(ch, socks, ARES_GETSOCK_MAXNUM);
		int n = 0;
		int64_t left = deadline - mono_ms();

		if (left <= 0) {
			ares_cancel(ch);   /* calls on_addr with ARES_ECANCELLED */
			return;
		}
		for (int i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
			short ev = (short)((bits & (1u << i) ? POLLIN : 0) |
					   (bits & (1u << (i + ARES_GETSOCK_MAXNUM)) ? POLLOUT : 0));
			if (ev)
				pfd[n++] = (struct pollfd){ .fd = socks[i], .events = ev };
		}
		t = ares_timeout(ch, NULL, &tv);
		if (t) {
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
			bool in = pfd[i].revents & (POLLIN | POLLERR | POLLHUP);
			bool outw = pfd[i].revents & POLLOUT;
			ares_process_fd(ch, in ? pfd[i].fd : ARES_SOCKET_BAD, outw ? pfd[i].fd : ARES_SOCKET_BAD);
		}
	}
}

/* A negative answer against /etc/hosts: ARES_SUCCESS with OUT filled,
 * ARES_EFILE (this machine could not open it), or STATUS. */
static int check_hosts(ares_channel ch, const char *host, struct ask *q, int status, int *err)
{
	char addrs[PAC_DNS_MAX_ADDRS][RESULT_ADDR_LEN], csv[PAC_DNS_MAX_ADDRS * (RESULT_ADDR_LEN + 3)] = "";
	struct addr_list list = { .addrs = addrs, .max = PAC_DNS_MAX_ADDRS, .csv = csv, .csvlen = sizeof csv };
	int rc = resolver_hosts_check(ch, host, AF_UNSPEC, &list, err);

	if (rc != ARES_SUCCESS)
		return rc == ARES_EFILE ? rc : status;
	keep(q, addrs, list.n);
	return q->out->n ? ARES_SUCCESS : PAC_DNS_SINKHOLE;
}

int pac_dns_resolve(const char *host, const char *dns_servers, int64_t deadline, struct pac_addrs *out,
		    char *why, size_t whylen, int *local_err)
{
	struct ares_options o = { .timeout = 1000, .tries = 3 };   /* as the probe's own lookups */
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC };
	struct ask q = { .out = out };
	ares_channel ch;
	bool started = mono_ms() < deadline;
	int rc;
	double secs = 0;

	memset(out, 0, sizeof *out);
	if ((rc = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS) {
		snprintf(why, whylen, "cannot start the resolver: %s", ares_strerror(rc));
		return rc;
	}
	bool hosts_file;
	int err = 0;
	if ((rc = resolver_channel(&ch, &o, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES, &hosts_file)) != ARES_SUCCESS) {
		snprintf(why, whylen, "cannot start the resolver: %s", ares_strerror(rc));
		ares_library_cleanup();
		return rc;
	}
	if (dns_servers && (rc = ares_set_servers_ports_csv(ch, dns_servers)) != ARES_SUCCESS) {
		snprintf(why, whylen, "DNS servers %s: %s", dns_servers, ares_strerror(rc));
		goto done;
	}
	secs = (double)((deadline - mono_ms() + 50) / 100) / 10.0;   /* what was left, to a tenth */
	ares_getaddrinfo(ch, host, NULL, &hints, on_addr, &q);
	if (started)
		drive(ch, &q, deadline);
	else
		ares_cancel(ch);
	rc = q.done ? q.status : ARES_ETIMEOUT;
	if ((rc == ARES_ENOTFOUND || rc == ARES_ENODATA) && hosts_file)
		rc = check_hosts(ch, host, &q, rc, &err);
	switch (rc) {
	case PAC_DNS_SINKHOLE:
		snprintf(why, whylen, "DNS answers it only with %s, a DNS filter's answer for a name it blocks (%s)",
			 q.sinkhole, sinkhole_meaning(q.sinkhole));
		break;
	case ARES_EFILE:
		snprintf(why, whylen, "this machine could not open /etc/hosts to check the name: %s", strerror(err));
		if (local_err)
			*local_err = err;
		break;
	case ARES_SUCCESS:
		break;
	case ARES_ENOTFOUND:
		snprintf(why, whylen, "no such name");
		break;
	case ARES_ENODATA:
		snprintf(why, whylen, "the name has no address");
		break;
	case ARES_ETIMEOUT:
	case ARES_ECANCELLED:
		rc = ARES_ETIMEOUT;
		snprintf(why, whylen, "DNS did not answer in %g s", secs > 0 ? secs : 0.0);
		break;
	case ARES_ECONNREFUSED:   /* c-ares 1.18 folds these three into one (dns/dnssock.c) */
		snprintf(why, whylen, "the DNS server failed or refused (SERVFAIL, REFUSED, or none listening)");
		break;
	case ARES_ESERVFAIL:
		snprintf(why, whylen, "DNS server failure (SERVFAIL)");
		break;
	case ARES_EREFUSED:
		snprintf(why, whylen, "the DNS server refused the query");
		break;
	default:
		snprintf(why, whylen, "DNS: %s", ares_strerror(rc));
		break;
	}
done:
	ares_destroy(ch);
	ares_library_cleanup();
	return rc;
}
