/* Name lookups under load, like a stub resolver: endpoints that need the
 * same name share one lookup; at most a window of lookups (an A and an AAAA
 * query each) are out at once and the rest wait in order, so a long list
 * never floods the resolver or our socket (at 1,000 names at once, half the
 * loss was in dnsmasq's receive buffer and half in ours); a lookup c-ares
 * gives up on (ETIMEOUT) is asked again while a waiter's deadline allows.
 * A waiter's deadline starts when its lookup leaves, not while it waits in
 * the queue: our queue is no claim about the network. The stage records
 * when the question left and posts EV_SCHEDULE; the endpoint moves its
 * deadline. Answers and negative answers (NXDOMAIN, no data) are kept for
 * the run.
 *
 * c-ares' callback (on_lookup) only records: it hands the answer to the
 * waiters' requests, posts EV_RESOLVED and frees the window's place. It
 * never sends: the loop pumps the queue once c-ares has returned
 * (lookups_pump), and resolver_start pumps it when a question joins. So
 * nothing re-enters pump, not even an answer c-ares gives at once, inside
 * ares_getaddrinfo: pump's loop then sends the next itself. */
#include "lookup.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ares_util.h"
#include "clock.h"
#include "fault.h"
#include "resolve.h"
#include "url.h"
#include "verdict.h"

#define DNS_BYTES_PER_LOOKUP  4096     /* two answers, at the kernel's cost of a datagram */
#define DNS_WINDOW_MIN        16       /* also until the first socket says how much room it has */
#define DNS_WINDOW_MAX        100      /* 200 queries: within a resolver's default socket buffer too */

struct lookup {
	char *host;                /* lower case */
	struct lookup *hnext;      /* hash chain */
	struct lookup *qnext;      /* the queue */
	enum { LK_NEW, LK_QUEUED, LK_ASKING, LK_DONE } state;
	int status;                /* c-ares status, when done */
	int err;                   /* with a status of this machine's: the errno (/etc/hosts) */
	int naddrs;
	char (*addrs)[RESULT_ADDR_LEN];   /* naddrs of them, kept with the answer: set once, when it succeeds */
	char *csv;                 /* the same for CURLOPT_RESOLVE; NULL until then */
	int64_t first_sent, took;  /* ms: when it first left, how long the network took */
	unsigned long fail_mark;   /* the run's DNS socket failures when it left */
	struct lookup_req **waiters;
	size_t nwait, capwait;
	struct lookups *ls;
};

void lookups_init(struct lookups *ls, struct resolver *dns, struct evq *evq, size_t hint)
{
	*ls = (struct lookups){ .dns = dns, .evq = evq, .hint = hint };
}

/* Lookups out at once: as many as our socket's buffer holds answers for. */
static unsigned window(const struct lookups *ls)
{
	unsigned w = (unsigned)ls->dns->stats.rcvbuf / DNS_BYTES_PER_LOOKUP;

	return w < DNS_WINDOW_MIN ? DNS_WINDOW_MIN : w > DNS_WINDOW_MAX ? DNS_WINDOW_MAX : w;
}

static struct lookup *find_or_add(struct lookups *ls, const char *host)
{
	char key[URL_HOST_MAX + 1];
	size_t i, b;

	for (i = 0; host[i] && i < URL_HOST_MAX; i++)
		key[i] = (char)(host[i] >= 'A' && host[i] <= 'Z' ? host[i] + 32 : host[i]);
	key[i] = '\0';
	if (!ls->tab) {
		ls->cap = 64;
		while (ls->cap < ls->hint * 2 && ls->cap < ((size_t)1 << 20))
			ls->cap *= 2;
		if (!(ls->tab = calloc(ls->cap, sizeof *ls->tab)))
			return NULL;
	}
	b = url_hash(key) & (ls->cap - 1);
	for (struct lookup *l = ls->tab[b]; l; l = l->hnext)
		if (strcmp(l->host, key) == 0)
			return l;
	struct lookup *l = calloc(1, sizeof *l);
	if (!l || !(l->host = strdup(key))) {
		free(l);
		return NULL;
	}
	l->ls = ls;
	l->hnext = ls->tab[b];
	ls->tab[b] = l;
	return l;
}

/* Answers and negative answers hold for the run; anything else is asked again. */
static bool kept(const struct lookup *l)
{
	return l->state == LK_DONE &&
	       (l->status == ARES_SUCCESS || l->status == ARES_ENOTFOUND || l->status == ARES_ENODATA);
}

/* The answer for R, posted for the loop to hand over (endpoint_resolved):
 * a stage reports, it does not call up. */
static void post_resolved(struct lookups *ls, struct lookup_req *r, int status)
{
	r->slot->status = status;
	evq_post(ls->evq, r->slot, EV_RESOLVED);
}

static void deliver(struct lookup *l, struct lookup_req *r, int status)
{
	r->lk = NULL;
	r->took = (int32_t)l->took;
	r->addrs = l->addrs;
	r->naddrs = status == ARES_SUCCESS ? l->naddrs : 0;
	r->csv = l->csv ? l->csv : "";          /* the lookup lives as long as the run */
	r->err = status == VERDICT_LOCAL_DNS ? l->ls->dns->stats.sock_errno : status == VERDICT_LOCAL_HOSTS ? l->err : 0;
	if (status == ARES_SUCCESS && l->naddrs > 0 && !(l->csv && l->csv[0]))
		status = VERDICT_DNS_SINKHOLE;  /* every address a DNS filter's (addr_list_add) */
	post_resolved(l->ls, r, status);
}

static bool waiter_alive(const struct lookup *l, const struct lookup_req *r)
{
	return r->lk == l;
}

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
static int check_hosts(struct lookup *l, int status)
{
	char addrs[RESULT_MAX_ADDRS][RESULT_ADDR_LEN], csv[RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)] = "";
	struct addr_list list = { .addrs = addrs, .max = RESULT_MAX_ADDRS, .csv = csv, .csvlen = sizeof csv };
	int rc = resolver_hosts_check(l->ls->dns->channel, l->host, AF_UNSPEC, &list, &l->err);

	if (rc == ARES_EFILE)
		return VERDICT_LOCAL_HOSTS;
	if (rc != ARES_SUCCESS)
		return status;                  /* the file does not know it either */
	if (!keep_answer(l, addrs, list.n, csv))
		return VERDICT_LOCAL_MEMORY;
	l->status = ARES_SUCCESS;
	return ARES_SUCCESS;
}

/* c-ares' callback: records the answer for the waiters; sends nothing. */
static void on_lookup(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct lookup *l = arg;
	struct lookups *ls = l->ls;
	const struct dns_stats *st = &ls->dns->stats;
	int64_t now = mono_ms();
	bool retry = false;

	(void)timeouts;
	if (status == ARES_EDESTRUCTION) {     /* the run is over */
		ares_freeaddrinfo(ai);
		return;
	}
	ls->asking--;
	if (status == ARES_ETIMEOUT)
		for (size_t i = 0; i < l->nwait && !retry; i++)
			retry = waiter_alive(l, l->waiters[i]) && *l->waiters[i]->deadline - now > 100;
	if (retry) {                           /* c-ares gave up; the deadline has not */
		ares_freeaddrinfo(ai);
		l->state = LK_QUEUED;
		l->qnext = ls->qhead;          /* at the front: it has waited already */
		ls->qhead = l;
		if (!ls->qtail)
			ls->qtail = l;
		return;                        /* sent again by the next pump */
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
	} else if (status != ARES_SUCCESS && st->sock_failures > l->fail_mark) {
		status = VERDICT_LOCAL_DNS;    /* this machine could not make the socket */
		l->status = ARES_ECONNREFUSED; /* not kept */
	} else if ((status == ARES_ENOTFOUND || status == ARES_ENODATA) && ls->dns->hosts_file && !l->csv) {
		status = check_hosts(l, status);
		if (status == VERDICT_LOCAL_HOSTS || status == VERDICT_LOCAL_MEMORY)
			l->status = ARES_EFILE;    /* not kept */
	} else if (status == ARES_ECONNREFUSED && st->replies == 0 && st->unreachable > 0) {
		/* c-ares 1.18 reports SERVFAIL, REFUSED and a port where nothing
		 * listens alike: when no server ever said anything, it is the last. */
		status = VERDICT_DNS_NOTHING_LISTENS;
	}
	for (size_t i = 0; i < l->nwait; i++)
		if (waiter_alive(l, l->waiters[i]))
			deliver(l, l->waiters[i], status);
	free(l->waiters);                      /* a waiter that asks again joins a new list */
	l->waiters = NULL;
	l->nwait = l->capwait = 0;
}

void lookups_pump(struct lookups *ls)
{
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC };

	while (ls->qhead && ls->asking < window(ls)) {
		struct lookup *l = ls->qhead;
		int64_t now = mono_ms();
		if (!(ls->qhead = l->qnext))
			ls->qtail = NULL;
		l->qnext = NULL;
		l->state = LK_ASKING;
		if (!l->first_sent) {
			l->first_sent = now;
			/* The waiters' clocks start now that their question leaves. */
			for (size_t i = 0; i < l->nwait; i++) {
				struct lookup_req *r = l->waiters[i];
				if (waiter_alive(l, r)) {
					r->left = now;
					evq_post(ls->evq, r->slot, EV_SCHEDULE);
				}
			}
		}
		l->fail_mark = ls->dns->stats.sock_failures;
		ls->asking++;
		ares_getaddrinfo(ls->dns->channel, l->host, NULL, &hints, on_lookup, l);
	}
}

void resolver_start(struct lookups *ls, struct lookup_req *r, const char *host, struct ev_slot *slot,
		    const int64_t *deadline)
{
	struct lookup *l;

	*r = (struct lookup_req){ .slot = slot, .deadline = deadline, .started = mono_ms() };
	if (!(l = find_or_add(ls, host))) {
		post_resolved(ls, r, VERDICT_LOCAL_MEMORY);
		return;
	}
	r->lk = l;
	if (kept(l)) {
		deliver(l, r, l->status);
		return;
	}
	if (l->nwait == l->capwait) {
		size_t cap = l->capwait ? l->capwait * 2 : 4;
		struct lookup_req **g = realloc(l->waiters, cap * sizeof *g);
		if (!g) {
			r->lk = NULL;
			post_resolved(ls, r, VERDICT_LOCAL_MEMORY);
			return;
		}
		l->waiters = g;
		l->capwait = cap;
	}
	l->waiters[l->nwait++] = r;
	if (l->state == LK_NEW || l->state == LK_DONE) {
		l->state = LK_QUEUED;
		l->first_sent = 0;
		if (ls->qtail)
			ls->qtail->qnext = l;
		else
			ls->qhead = l;
		ls->qtail = l;
	}
	lookups_pump(ls);
}

bool resolver_queued(const struct lookup_req *r)
{
	return r->lk && r->lk->state == LK_QUEUED && !r->lk->first_sent;
}

bool resolver_local_failure(const struct lookup_req *r, int *err)
{
	const struct dns_stats *st;

	if (!r->lk)
		return false;
	st = &r->lk->ls->dns->stats;
	*err = st->sock_errno;
	return st->sock_failures > r->lk->fail_mark;
}

void resolver_forget(struct lookup_req *r)
{
	r->lk = NULL;           /* its lookup goes on for the others, or ends unheard */
}

void lookups_free(struct lookups *ls)
{
	for (size_t b = 0; ls->tab && b < ls->cap; b++) {
		struct lookup *l = ls->tab[b];
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
	free(ls->tab);
	ls->tab = NULL;
	ls->cap = 0;
	ls->qhead = ls->qtail = NULL;
}
