/* The event loop: it starts endpoints (their connections up to --parallel
 * and what the descriptors allow, a few at a time through a proxy), waits
 * in events.c for the nearest of libcurl's, c-ares', SNTP's and the
 * endpoints' deadlines, hands ended transfers to their endpoints and ends
 * what is past its deadline. */
#include "probe.h"

#include <stdio.h>
#include <stdlib.h>

#include "chain.h"
#include "clock.h"
#include "clockv.h"
#include "endpoint.h"
#include "events.h"
#include "fdbudget.h"
#include "loop.h"
#include "ntp.h"
#include "progress.h"
#include "verdict.h"

/* The timers: a binary min-heap on time. */
static void timer_push(struct probe *p, int64_t at, size_t idx)
{
	size_t i;

	if (p->ntimers == p->captimers) {
		size_t cap = p->captimers ? p->captimers * 2 : 64;
		struct timer *g = realloc(p->timers, cap * sizeof *g);
		if (!g)
			return;            /* libcurl's own timeout still ends the transfer */
		p->timers = g;
		p->captimers = cap;
	}
	i = p->ntimers++;
	while (i > 0 && p->timers[(i - 1) / 2].at > at) {
		p->timers[i] = p->timers[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	p->timers[i] = (struct timer){ at, idx };
}

static struct timer timer_pop(struct probe *p)
{
	struct timer top = p->timers[0], last = p->timers[--p->ntimers];
	size_t i = 0, n = p->ntimers;

	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && p->timers[c + 1].at < p->timers[c].at)
			c++;
		if (p->timers[c].at >= last.at)
			break;
		p->timers[i] = p->timers[c];
		i = c;
	}
	if (n)
		p->timers[i] = last;
	return top;
}

/* Hands every posted event to its endpoint, oldest first; what the
 * endpoint posts meanwhile joins the queue. The endpoint drops what no
 * longer fits its state (an answer after its deadline ended it). With
 * EV_SCHEDULE the endpoint says its deadline (it is the only one that
 * moves it), and the loop arms a timer there. */
static void dispatch(struct probe *p)
{
	struct ev_slot *s;
	unsigned ev;

	while ((s = evq_take(&p->sh.evq, &ev)) != NULL) {
		struct endpoint *ep = &p->sh.eps[s->owner];
		if (ev & EV_SCHEDULE)
			timer_push(p, endpoint_deadline(ep), s->owner);
		if (ev & EV_RESOLVED)
			endpoint_resolved(ep, s->status);
		if (ev & EV_AIA)
			endpoint_aia_done(ep);
	}
}

/* An entry older than its endpoint's deadline was superseded (the deadline
 * moved when a queued lookup left), or its endpoint is done. */
static bool timer_stale(const struct probe *p, const struct timer *t)
{
	const struct endpoint *ep = &p->sh.eps[t->ep];

	return ep->state == EP_DONE || ep->state == EP_PENDING || t->at < ep->deadline;
}

/* Ends what is past its deadline. Costs log(n) per timer, not n per wake-up. */
static void expire(struct probe *p, int64_t now)
{
	while (p->ntimers && p->timers[0].at <= now) {
		struct timer t = timer_pop(p);
		struct endpoint *ep = &p->sh.eps[t.ep];
		if (timer_stale(p, &t))
			continue;
		int64_t again = endpoint_expire(ep, now);
		if (again)
			timer_push(p, again, t.ep);
		dispatch(p);
	}
}

static int next_wait_ms(struct probe *p, int64_t now)
{
	int wait = 1000;
	int64_t ntp_ms = p->sh.opts->ntp ? ntp_wait_ms(p->sh.opts->ntp, now) : -1, curl_at = events_curl_timer(p);
	struct timeval tv, *t;

	if (ntp_ms >= 0 && ntp_ms < wait)
		wait = (int)ntp_ms;
	if (curl_at >= 0 && curl_at - now < wait)
		wait = curl_at <= now ? 0 : (int)(curl_at - now);
	t = ares_timeout(p->dns.channel, NULL, &tv);
	if (t) {
		long ms = t->tv_sec * 1000 + t->tv_usec / 1000;
		if (ms < wait)
			wait = (int)ms;
	}
	while (p->ntimers && timer_stale(p, &p->timers[0]))
		timer_pop(p);
	if (p->ntimers && p->timers[0].at - now < wait)
		wait = p->timers[0].at <= now ? 0 : (int)(p->timers[0].at - now);
	return wait;
}

/* Hands every ended handle to its endpoint (CURLOPT_PRIVATE: the
 * endpoint's slot), which knows which of its stages it was. */
static void drain_curl(struct probe *p)
{
	CURLMsg *m;
	int left;

	events_kick(p);
	while ((m = curl_multi_info_read(p->sh.stages.multi, &left)) != NULL) {
		struct ev_slot *s = NULL;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&s);
		if (s)
			endpoint_easy_done(&p->sh.eps[s->owner], m->easy_handle, m->data.result);
		dispatch(p);
	}
}

/* Endpoints, TLS 1.3 side handshakes or the SNTP exchange still under way. */
static bool still_running(const struct probe *p)
{
	const struct ntp_client *ntp = p->sh.opts->ntp;

	return p->sh.done < p->sh.n || p->sh.stages.side_active || (ntp && ntp->state != NTP_DONE);
}

/* Once only SNTP is left: when the Date headers already settle the clock's
 * verdict, SNTP gets a short grace (CLOCK_SNTP_GRACE_MS), not the rest of
 * --timeout. Without Date headers, or with ones that disagree, SNTP is the
 * reference that counts: it has until its deadline. */
static void sntp_grace(struct probe *p, int64_t now)
{
	struct ntp_client *ntp = p->sh.opts->ntp;
	char why[200];
	int nservers;

	if (!ntp || ntp->state == NTP_DONE || p->sh.done < p->sh.n || p->sh.stages.side_active || p->sntp_judged)
		return;
	p->sntp_judged = true;
	if (!clock_dates_settle(p->sh.opts->records, p->sh.n, &nservers))   /* every endpoint has ended: its record is whole */
		return;
	snprintf(why, sizeof why, "the run waited %.1f s after its last endpoint, not the full --timeout: the Date "
		 "headers of %d servers agree with this clock", CLOCK_SNTP_GRACE_MS / 1000.0, nservers);
	ntp_shorten(ntp, now + CLOCK_SNTP_GRACE_MS, why);
}

static int loop(struct probe *p, char *err, size_t errlen)
{
	struct ntp_client *ntp = p->sh.opts->ntp;

	if (ntp)
		ntp_start(ntp, p->dns.channel, mono_ms() + (int64_t)(p->sh.opts->timeout_s * 1000.0));
	for (;;) {
		endpoint_connect_queued(&p->sh);
		dispatch(p);
		/* Lookups run ahead of the connections, by one window at most. */
		while (p->next < p->sh.n && p->sh.active < 2 * p->sh.parallel &&
		       endpoint_may_start(&p->sh, &p->sh.eps[p->next])) {
			endpoint_start(&p->sh, &p->sh.eps[p->next++]);
			dispatch(p);
		}
		drain_curl(p);   /* a start, or the last round, may have finished endpoints */
		sntp_grace(p, mono_ms());
		if (!still_running(p))
			break;
		int wait = next_wait_ms(p, mono_ms());
		if (p->sh.opts->progress && wait > 250)
			wait = 250;
		if (events_wait(p, wait)) {
			snprintf(err, errlen, "the event loop failed (epoll_wait)");
			return -1;
		}
		lookups_pump(&p->lookups);   /* what c-ares answered made room in the window */
		dispatch(p);
		drain_curl(p);
		expire(p, mono_ms());
		progress_show(p, mono_ms());
	}
	progress_clear(p);
	return 0;
}

int probe_run(struct endpoint *eps, size_t n, const struct probe_opts *opts, char *err, size_t errlen)
{
	struct probe p = { .sh = { .opts = opts, .eps = eps, .n = n } };
	struct fd_budget budget;
	int rc = -1;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(err, errlen, "cannot initialise libcurl");
		return -1;
	}
	fd_budget_init(&budget, (size_t)opts->parallel);
	if (budget.parallel == 0) {
		snprintf(err, errlen, "only %ld file descriptors may be open (ulimit -n), %ld already are: a probe needs "
			 "at least %d", budget.limit, budget.open, FD_RESERVE + FD_PER_ENDPOINT + (int)budget.open);
		goto done;
	}
	p.sh.parallel = budget.parallel;
	if (p.sh.parallel < (size_t)opts->parallel && p.sh.parallel < n && opts->notices)
		fprintf(stderr, "wuprobe: %ld file descriptors (ulimit -n) allow %zu connections at once, not %d: the "
			"others wait their turn\n", budget.limit, p.sh.parallel, opts->parallel);
	if (!(p.sh.stages.multi = curl_multi_init()) || events_init(&p)) {
		snprintf(err, errlen, "cannot initialise libcurl's multi interface or the event set");
		goto done;
	}
	/* Connections are not kept after their exchange (CURLOPT_FORBID_REUSE,
	 * transfer.c); the TLS 1.3 and AIA handles' are, within this bound. */
	curl_multi_setopt(p.sh.stages.multi, CURLMOPT_MAXCONNECTS, (long)p.sh.parallel);
	p.sh.stages = (struct stage_ctx){
		.multi = p.sh.stages.multi, .evq = &p.sh.evq, .trust = opts->trust, .proxy = opts->proxy,
		.auth = { opts->proxy_user, opts->proxy_password, opts->user }, .timeout_s = opts->timeout_s,
		.dns_failures = &p.dns.stats.sock_failures, .dns_errno = &p.dns.stats.sock_errno,
		.memo = chain_memo_new(),   /* without it (no memory), each chain is verified on its own */
	};
	if (resolver_init(&p.dns, opts->dns_servers, events_sock_state, &p, err, errlen))
		goto done;
	p.sh.stages.channel = p.dns.channel;
	lookups_init(&p.lookups, &p.dns, &p.sh.evq, n);
	p.sh.dns = &p.dns;
	p.sh.lookups = &p.lookups;
	rc = loop(&p, err, errlen);
	if (rc == 0 && opts->clock) {
		time_t at;
		clock_judge(opts->clock, opts->ntp, opts->records, n, opts->max_skew);
		if (clock_reference_time(opts->clock, &at))
			for (size_t i = 0; i < n; i++)
				endpoint_recheck_clock(&eps[i], opts->trust, opts->clock, at);
	}
done:
	if (opts->ntp)
		ntp_close(opts->ntp);
	/* Handles leave the multi before it is destroyed; endpoints keep their
	 * records until probe_free so their results stay readable. */
	for (size_t i = 0; i < n; i++)
		endpoint_stop(&eps[i]);
	resolver_free(&p.dns);
	lookups_free(&p.lookups);           /* after: the channel's last callbacks still read them */
	chain_memo_free(p.sh.stages.memo);
	free(p.timers);
	if (p.sh.stages.multi)
		curl_multi_cleanup(p.sh.stages.multi);
	events_free(&p);
	return rc;
}

void probe_free(struct endpoint *eps, size_t n)
{
	for (size_t i = 0; i < n; i++)
		endpoint_free(&eps[i]);
	curl_global_cleanup();
}
