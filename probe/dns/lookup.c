/* Name lookups under load, like a stub resolver: endpoints that need the
 * same name share one lookup; at most DNS_WINDOW lookups (an A and an AAAA
 * query each) are out at once and the rest wait in order, so a long list
 * never floods the resolver or our socket (at 1,000 names at once, half the
 * loss was in dnsmasq's receive buffer and half in ours); a lookup c-ares
 * gives up on (ETIMEOUT) is asked again while a waiter's deadline allows.
 * An endpoint's deadline starts when its lookup leaves, not while it waits
 * in the queue: our queue is no claim about the network. Answers and
 * negative answers (NXDOMAIN, no data) are kept for the run. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fault.h"
#include "probe.h"
#include "verdict.h"

struct lookup {
	char *host;                /* lower case */
	struct lookup *hnext;      /* hash chain */
	struct lookup *qnext;      /* the queue */
	enum { LK_NEW, LK_QUEUED, LK_ASKING, LK_DONE } state;
	int status;                /* c-ares status, when done */
	int naddrs;
	char (*addrs)[RESULT_ADDR_LEN];   /* naddrs of them, kept with the answer: set once, when it succeeds */
	char *csv;                 /* the same for CURLOPT_RESOLVE; NULL until then */
	int64_t first_sent, took;  /* ms: when it first left, how long the network took */
	unsigned long fail_mark;   /* the run's DNS socket failures when it left */
	struct endpoint **waiters;
	size_t nwait, capwait;
	struct probe *p;
};

static struct lookup *find_or_add(struct probe *p, const char *host)
{
	char key[URL_HOST_MAX + 1];
	size_t i, b;

	for (i = 0; host[i] && i < URL_HOST_MAX; i++)
		key[i] = (char)(host[i] >= 'A' && host[i] <= 'Z' ? host[i] + 32 : host[i]);
	key[i] = '\0';
	if (!p->lk_tab) {
		p->lk_cap = 64;
		while (p->lk_cap < p->n * 2 && p->lk_cap < ((size_t)1 << 20))
			p->lk_cap *= 2;
		if (!(p->lk_tab = calloc(p->lk_cap, sizeof *p->lk_tab)))
			return NULL;
	}
	b = url_hash(key) & (p->lk_cap - 1);
	for (struct lookup *l = p->lk_tab[b]; l; l = l->hnext)
		if (strcmp(l->host, key) == 0)
			return l;
	struct lookup *l = calloc(1, sizeof *l);
	if (!l || !(l->host = strdup(key))) {
		free(l);
		return NULL;
	}
	l->p = p;
	l->hnext = p->lk_tab[b];
	p->lk_tab[b] = l;
	return l;
}

/* Answers and negative answers hold for the run; anything else is asked again. */
static bool kept(const struct lookup *l)
{
	return l->state == LK_DONE &&
	       (l->status == ARES_SUCCESS || l->status == ARES_ENOTFOUND || l->status == ARES_ENODATA);
}

/* The answer for EP, posted for the loop to hand over (endpoint_resolved):
 * a stage reports, it does not call up. */
static void post_resolved(struct endpoint *ep, int status)
{
	ep->ev.status = status;
	evq_post(&ep->probe->evq, &ep->ev, EV_RESOLVED);
}

static void deliver(struct lookup *l, struct endpoint *ep, int status)
{
	ep->lookup = NULL;
	ep->res.t.dns = (ep->res.t.dns < 0 ? 0 : ep->res.t.dns) + l->took;
	/* The record's copy of the addresses: without it the endpoint would
	 * look as if its name had none, so running out of memory here is this
	 * machine's problem, said as such. */
	if (result_set_addrs(&ep->res, l->addrs, status == ARES_SUCCESS ? l->naddrs : 0))
		status = VERDICT_LOCAL_MEMORY;
	else if (status == ARES_SUCCESS && l->naddrs > 0 && !(l->csv && l->csv[0]))
		status = VERDICT_DNS_SINKHOLE;  /* every address a DNS filter's (addr_list_add) */
	ep->addrs_csv = l->csv ? l->csv : "";   /* the lookup lives as long as the run */
	post_resolved(ep, status);
}

static bool waiter_alive(const struct lookup *l, const struct endpoint *ep)
{
	return ep->state == EP_RESOLVING && ep->lookup == l;
}

static void pump(struct probe *p);

/* Keeps N addresses as the lookup's answer; false out of memory. */
static bool keep_answer(struct lookup *l, char addrs[][RESULT_ADDR_LEN], int n, const char *csv)
{
	if (fault_at("lookup_answer") || !(l->addrs = malloc((size_t)n * sizeof addrs[0])) || !(l->csv = strdup(csv))) {
		free(l->addrs);
		l->addrs = NULL;
		return false;
	}
	memcpy(l->addrs, addrs, (size_t)n * sizeof addrs[0]);
	l->naddrs = n;
	return true;
}

/* A negative answer checked against /etc/hosts (resolver_hosts_check): a
 * name the file knows takes its addresses, and a file this machine could
 * not read leaves the answer unknown, this machine's problem. */
static int check_hosts(struct probe *p, struct lookup *l, int status)
{
	char addrs[RESULT_MAX_ADDRS][RESULT_ADDR_LEN], csv[RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)] = "";
	struct addr_list list = { .addrs = addrs, .max = RESULT_MAX_ADDRS, .csv = csv, .csvlen = sizeof csv };
	int rc = resolver_hosts_check(p->channel, l->host, AF_UNSPEC, &list, &p->hosts_errno);

	if (rc == ARES_EFILE)
		return VERDICT_LOCAL_HOSTS;
	if (rc != ARES_SUCCESS)
		return status;                  /* the file does not know it either */
	if (!keep_answer(l, addrs, list.n, csv))
		return VERDICT_LOCAL_MEMORY;
	l->status = ARES_SUCCESS;
	return ARES_SUCCESS;
}

static void on_lookup(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct lookup *l = arg;
	struct probe *p = l->p;
	int64_t now = mono_ms();
	bool retry = false;

	(void)timeouts;
	if (status == ARES_EDESTRUCTION) {     /* the run is over */
		ares_freeaddrinfo(ai);
		return;
	}
	p->lk_asking--;
	if (status == ARES_ETIMEOUT)
		for (size_t i = 0; i < l->nwait && !retry; i++)
			retry = waiter_alive(l, l->waiters[i]) && l->waiters[i]->deadline - now > 100;
	if (retry) {                           /* c-ares gave up; the deadline has not */
		ares_freeaddrinfo(ai);
		l->state = LK_QUEUED;
		l->qnext = p->lk_qhead;        /* at the front: it has waited already */
		p->lk_qhead = l;
		if (!p->lk_qtail)
			p->lk_qtail = l;
		pump(p);
		return;
	}
	l->took = now - l->first_sent;
	l->status = status;
	if (status == ARES_SUCCESS && !l->csv) {   /* an answer is kept: it comes once */
		char addrs[RESULT_MAX_ADDRS][RESULT_ADDR_LEN], csv[RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)];
		int n = resolver_addresses(ai, addrs, RESULT_MAX_ADDRS, csv, sizeof csv);
		if (n > 0 && !keep_answer(l, addrs, n, csv)) {
			status = VERDICT_LOCAL_MEMORY;
			l->status = ARES_ENOMEM;   /* not kept */
		}
	}
	ares_freeaddrinfo(ai);
	l->state = LK_DONE;
	if (fault_at("ares_nomem"))
		status = ARES_ENOMEM;           /* as c-ares says it */
	if (status == ARES_ENOMEM) {
		status = VERDICT_LOCAL_MEMORY; /* c-ares could not allocate: no claim about DNS */
		l->status = ARES_ENOMEM;       /* not kept */
	} else if (status != ARES_SUCCESS && p->dns_sock_failures > l->fail_mark) {
		status = VERDICT_LOCAL_DNS;    /* this machine could not make the socket */
		l->status = ARES_ECONNREFUSED; /* not kept */
	} else if ((status == ARES_ENOTFOUND || status == ARES_ENODATA) && p->hosts_file && !l->csv) {
		status = check_hosts(p, l, status);
		if (status == VERDICT_LOCAL_HOSTS || status == VERDICT_LOCAL_MEMORY)
			l->status = ARES_EFILE;    /* not kept */
	} else if (status == ARES_ECONNREFUSED && p->dns_replies == 0 && p->dns_unreachable > 0) {
		/* c-ares 1.18 reports SERVFAIL, REFUSED and a port where nothing
		 * listens alike: when no server ever said anything, it is the last. */
		status = VERDICT_DNS_NOTHING_LISTENS;
	}
	/* Delivering can start transfers and end endpoints: take the list first. */
	struct endpoint **w = l->waiters;
	size_t nw = l->nwait;
	l->waiters = NULL;
	l->nwait = l->capwait = 0;
	for (size_t i = 0; i < nw; i++)
		if (waiter_alive(l, w[i]))
			deliver(l, w[i], status);
	free(w);
	pump(p);
}

static void pump(struct probe *p)
{
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC };

	if (p->lk_pumping)
		return;
	p->lk_pumping = true;
	while (p->lk_qhead && p->lk_asking < p->dns_window) {
		struct lookup *l = p->lk_qhead;
		int64_t now = mono_ms();
		if (!(p->lk_qhead = l->qnext))
			p->lk_qtail = NULL;
		l->qnext = NULL;
		l->state = LK_ASKING;
		if (!l->first_sent) {
			l->first_sent = now;
			/* The waiters' clocks start now that their question leaves. */
			for (size_t i = 0; i < l->nwait; i++) {
				struct endpoint *ep = l->waiters[i];
				int64_t d = now + (int64_t)(p->opts->timeout_s * 1000.0);
				if (waiter_alive(l, ep) && d > ep->deadline) {
					ep->deadline = d;
					evq_post(&p->evq, &ep->ev, EV_SCHEDULE);
				}
			}
		}
		l->fail_mark = p->dns_sock_failures;
		p->lk_asking++;
		ares_getaddrinfo(p->channel, l->host, NULL, &hints, on_lookup, l);
	}
	p->lk_pumping = false;
}

void resolver_start(struct endpoint *ep)
{
	struct probe *p = ep->probe;
	struct lookup *l = find_or_add(p, endpoint_connect_host(ep));

	if (!l) {
		post_resolved(ep, VERDICT_LOCAL_MEMORY);
		return;
	}
	ep->lookup = l;
	if (kept(l)) {
		deliver(l, ep, l->status);
		return;
	}
	if (l->nwait == l->capwait) {
		size_t cap = l->capwait ? l->capwait * 2 : 4;
		struct endpoint **g = realloc(l->waiters, cap * sizeof *g);
		if (!g) {
			ep->lookup = NULL;
			post_resolved(ep, VERDICT_LOCAL_MEMORY);
			return;
		}
		l->waiters = g;
		l->capwait = cap;
	}
	l->waiters[l->nwait++] = ep;
	if (l->state == LK_NEW || l->state == LK_DONE) {
		l->state = LK_QUEUED;
		l->first_sent = 0;
		if (p->lk_qtail)
			p->lk_qtail->qnext = l;
		else
			p->lk_qhead = l;
		p->lk_qtail = l;
	}
	pump(p);
}

bool resolver_queued(const struct endpoint *ep)
{
	return ep->lookup && ep->lookup->state == LK_QUEUED && !ep->lookup->first_sent;
}

bool resolver_local_failure(const struct endpoint *ep)
{
	return ep->lookup && ep->probe->dns_sock_failures > ep->lookup->fail_mark;
}

void resolver_forget(struct endpoint *ep)
{
	ep->lookup = NULL;      /* its lookup goes on for the others, or ends unheard */
}

void lookups_free(struct probe *p)
{
	for (size_t b = 0; p->lk_tab && b < p->lk_cap; b++) {
		struct lookup *l = p->lk_tab[b];
		while (l) {
			struct lookup *next = l->hnext;
			free(l->waiters);
			free(l->host);
			free(l->addrs);
			free(l->csv);
			free(l);
			l = next;
		}
	}
	free(p->lk_tab);
	p->lk_tab = NULL;
	p->lk_cap = 0;
	p->lk_qhead = p->lk_qtail = NULL;
}
