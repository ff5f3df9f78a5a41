/* The event loop. curl_multi_poll waits on libcurl's sockets and, as extra
 * descriptors, on c-ares'; its timeout is the nearest of libcurl's, c-ares'
 * and the endpoints' deadlines. Endpoints start up to --parallel at once. */
#include "probe.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fdbudget.h"
#include "verdict.h"

/* A transfer still running this long after its deadline is ended by us;
 * libcurl's own timeout normally ends it first. */
#define DEADLINE_GRACE_MS 1000

const char *endpoint_connect_host(const struct endpoint *ep)
{
	return ep->proxy ? ep->proxy->host : ep->cur.host;
}

unsigned endpoint_connect_port(const struct endpoint *ep)
{
	return ep->proxy ? ep->proxy->port : ep->cur.port;
}

/* Routes ep->cur (WinHTTP: the proxy resolves the endpoint's name, the
 * client only the proxy's), then resolves what the connection goes to. */
void endpoint_begin_target(struct endpoint *ep)
{
	ep->proxy = proxy_for(ep->probe->opts->proxy, &ep->cur);
	if (ep->proxy ? ep->proxy->host_literal : ep->cur.host_literal) {
		snprintf(ep->res.addrs[0], sizeof ep->res.addrs[0], "%.45s", endpoint_connect_host(ep));
		ep->res.naddrs = 1;
		ep->addrs_csv[0] = '\0';
		transfer_start(ep);
	} else {
		resolver_start(ep);
	}
}

void endpoint_finish(struct endpoint *ep)
{
	struct probe *p = ep->probe;

	if (ep->state == EP_DONE)
		return;
	if (ep->in_multi) {
		curl_multi_remove_handle(p->multi, ep->easy);
		ep->in_multi = false;
	}
	ep->res.t.total = mono_ms() - ep->started;
	verdict_optional(ep->conf, &ep->res);
	ep->state = EP_DONE;
	p->active--;
	p->done++;
}

static void start_endpoint(struct probe *p, struct endpoint *ep)
{
	char canon[URL_MAX_LEN + 300];

	ep->probe = p;
	ep->cur = ep->conf->u;
	ep->started = mono_ms();
	ep->deadline = ep->started + (int64_t)(p->opts->timeout_s * 1000.0);
	ep->res.t = (struct timings){ -1, -1, -1, -1, -1 };
	ep->res.tls.alert = -1;
	ep->res.tls.tls13 = -1;
	url_format(&ep->cur, canon, sizeof canon);
	ep->hops[0] = strdup(canon);   /* only used to name loops */
	ep->nhops = ep->hops[0] ? 1 : 0;
	p->active++;
	endpoint_begin_target(ep);
}

static void expire(struct probe *p, int64_t now)
{
	for (size_t i = 0; i < p->next; i++) {
		struct endpoint *ep = &p->eps[i];
		if (ep->state == EP_RESOLVING && now >= ep->deadline) {
			ep->res.t.dns = now - ep->dns_started;
			verdict_dns(-1, endpoint_connect_host(ep), ep->proxy != NULL, &ep->res);
			endpoint_finish(ep);
		} else if (ep->state == EP_TRANSFER && ep->aia_resolving && now >= ep->deadline + DEADLINE_GRACE_MS) {
			aia_expire(ep);
		} else if (ep->state == EP_TRANSFER && !ep->aia && now >= ep->deadline + DEADLINE_GRACE_MS) {
			transfer_done(ep, CURLE_OPERATION_TIMEDOUT);
		}
	}
}

static int next_wait_ms(struct probe *p, int64_t now)
{
	long curl_ms = -1;
	int wait = 1000;
	int64_t ntp_ms = p->opts->ntp ? ntp_wait_ms(p->opts->ntp, now) : -1;

	if (ntp_ms >= 0 && ntp_ms < wait)
		wait = (int)ntp_ms;
	struct timeval tv, *t;

	curl_multi_timeout(p->multi, &curl_ms);
	if (curl_ms >= 0 && curl_ms < wait)
		wait = (int)curl_ms;
	t = ares_timeout(p->channel, NULL, &tv);
	if (t) {
		long ms = t->tv_sec * 1000 + t->tv_usec / 1000;
		if (ms < wait)
			wait = (int)ms;
	}
	for (size_t i = 0; i < p->next; i++) {
		const struct endpoint *ep = &p->eps[i];
		int64_t left = ep->state == EP_RESOLVING ? ep->deadline - now
			     : ep->state == EP_TRANSFER ? ep->deadline + DEADLINE_GRACE_MS - now : wait;
		if (left < wait)
			wait = left < 0 ? 0 : (int)left;
	}
	return wait;
}

static void drain_curl(struct probe *p)
{
	CURLMsg *m;
	int left, running;

	curl_multi_perform(p->multi, &running);
	while ((m = curl_multi_info_read(p->multi, &left)) != NULL) {
		struct endpoint *ep = NULL;
		if (m->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&ep);
		if (ep && m->easy_handle == ep->side)
			tls13_done(ep, m->data.result);
		else if (ep && m->easy_handle == ep->aia)
			aia_done(ep, m->data.result);
		else if (ep && ep->state == EP_TRANSFER)
			transfer_done(ep, m->data.result);
	}
}

/* Endpoints, TLS 1.3 side handshakes or the SNTP exchange still under way. */
static bool still_running(const struct probe *p)
{
	const struct ntp_client *ntp = p->opts->ntp;

	return p->done < p->n || p->side_active || (ntp && ntp->state != NTP_DONE);
}

static int loop(struct probe *p, char *err, size_t errlen)
{
	struct curl_waitfd *wfd = NULL;
	size_t cap = 0;
	int rc = -1;

	struct ntp_client *ntp = p->opts->ntp;

	if (ntp)
		ntp_start(ntp, p->channel, mono_ms() + (int64_t)(p->opts->timeout_s * 1000.0));
	for (;;) {
		while (p->next < p->n && p->active < p->parallel)
			start_endpoint(p, &p->eps[p->next++]);
		drain_curl(p);   /* a start, or the last round, may have finished endpoints */
		if (!still_running(p))
			break;

		int64_t now = mono_ms();
		int wait = next_wait_ms(p, now);
		if (p->opts->progress && wait > 250)
			wait = 250;
		int nfd_ntp = ntp ? ntp_fd(ntp) : -1;
		size_t ndns = p->nsocks, nfd = ndns + (nfd_ntp >= 0);
		if (nfd > cap) {
			struct curl_waitfd *g = realloc(wfd, nfd * sizeof *g);
			if (!g) {
				snprintf(err, errlen, "out of memory");
				goto done;
			}
			wfd = g;
			cap = nfd;
		}
		for (size_t i = 0; i < ndns; i++)
			wfd[i] = (struct curl_waitfd){ .fd = p->socks[i].fd,
				.events = (short)((p->socks[i].read ? CURL_WAIT_POLLIN : 0) |
						  (p->socks[i].write ? CURL_WAIT_POLLOUT : 0)) };
		if (nfd_ntp >= 0)
			wfd[ndns] = (struct curl_waitfd){ .fd = nfd_ntp, .events = CURL_WAIT_POLLIN };
		if (curl_multi_poll(p->multi, wfd, (unsigned)nfd, wait, NULL) != CURLM_OK) {
			snprintf(err, errlen, "the event loop failed (curl_multi_poll)");
			goto done;
		}
		if (ntp)
			ntp_process(ntp, nfd_ntp >= 0 && (wfd[ndns].revents & CURL_WAIT_POLLIN), mono_ms());
		/* Only the descriptors polled: c-ares may open sockets while it
		 * processes (TCP after a truncated answer, the next server), which
		 * grows p->socks beyond what wfd holds. */
		for (size_t i = 0; i < ndns; i++) {
			if (!wfd[i].revents)
				continue;
			ares_process_fd(p->channel,
					(wfd[i].revents & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI)) ? wfd[i].fd : ARES_SOCKET_BAD,
					(wfd[i].revents & CURL_WAIT_POLLOUT) ? wfd[i].fd : ARES_SOCKET_BAD);
		}
		ares_process_fd(p->channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);   /* c-ares' own time-outs */
		drain_curl(p);
		expire(p, mono_ms());
		progress_show(p, mono_ms());
	}
	progress_clear(p);
	rc = 0;
done:
	free(wfd);
	return rc;
}

int probe_run(struct endpoint *eps, size_t n, const struct probe_opts *opts, char *err, size_t errlen)
{
	struct probe p = { .opts = opts, .eps = eps, .n = n };
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
	p.parallel = budget.parallel;
	if (p.parallel < (size_t)opts->parallel && opts->notices)
		fprintf(stderr, "wuprobe: %ld file descriptors (ulimit -n) allow %zu endpoints at once, not %d: the "
			"others wait their turn\n", budget.limit, p.parallel, opts->parallel);
	if (!(p.multi = curl_multi_init())) {
		snprintf(err, errlen, "cannot initialise libcurl's multi interface");
		goto done;
	}
	/* Idle connections are kept for redirects, within the budget. */
	curl_multi_setopt(p.multi, CURLMOPT_MAXCONNECTS, (long)p.parallel);
	if (resolver_init(&p, err, errlen))
		goto done;
	rc = loop(&p, err, errlen);
	if (rc == 0 && opts->clock) {
		clock_judge(opts->clock, opts->ntp, eps, n, opts->max_skew);
		clock_recheck(opts->clock, eps, n, opts->trust);
	}
done:
	if (opts->ntp)
		ntp_close(opts->ntp);
	/* Handles leave the multi before it is destroyed; endpoints keep theirs
	 * until probe_free so their results stay readable. */
	for (size_t i = 0; i < n; i++) {
		if (eps[i].in_multi) {
			curl_multi_remove_handle(p.multi, eps[i].easy);
			eps[i].in_multi = false;
		}
		aia_free(&eps[i]);
		if (eps[i].side) {
			curl_multi_remove_handle(p.multi, eps[i].side);
			curl_easy_cleanup(eps[i].side);
			eps[i].side = NULL;
		}
	}
	resolver_free(&p);
	if (p.multi)
		curl_multi_cleanup(p.multi);
	return rc;
}

void probe_free(struct endpoint *eps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct endpoint *ep = &eps[i];
		if (ep->easy)
			curl_easy_cleanup(ep->easy);
		curl_slist_free_all(ep->resolve);
		curl_slist_free_all(ep->side_resolve);
		tls_hook_clear(&ep->hook);
		tls_hook_clear(&ep->side_hook);
		sk_X509_pop_free(ep->aia_certs, X509_free);
		curl_slist_free_all(ep->aia_resolve);
		free(ep->aia_buf);
		free(ep->body);
		for (int k = 0; k < ep->nhops; k++)
			free(ep->hops[k]);
		memset(ep, 0, sizeof *ep);
	}
	curl_global_cleanup();
}
