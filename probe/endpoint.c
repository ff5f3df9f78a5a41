/* One endpoint's life, from its start to its verdict: a state machine in
 * the manner of libcurl's multi_runsingle. What the loop calls (endpoint.h)
 * each hands step() one event; step() switches on (state x event), and
 * this file is the only writer of the endpoint's state (set_state) and
 * deadline (set_deadline) and the one place that decides fail-over,
 * redirects, AIA, the TLS 1.3 diagnosis and the verdict. The stages
 * (lookup.c, transfer.c, aia.c, tls13.c) get what they need and report
 * back by returning or by posting an event; none of them starts another or
 * ends the endpoint. Read top to bottom, it is the endpoint's path:
 *
 *   start -> route -> (lookup ->) exchange -> verdict -> finish
 *                 ^                    |
 *                 +---- redirect ------+    (AIA fetches wait inside the exchange's verdict)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoproxy.h"
#include "clock.h"
#include "endpoint.h"
#include "fault.h"
#include "source.h"
#include "user_settings.h"
#include "probe.h"
#include "probe_shared.h"
#include "verdict.h"

/* A transfer still running this long after its deadline is ended here;
 * libcurl's own timeout normally ends it first. */
#define DEADLINE_GRACE_MS 1000

/* What the loop hands over, one at a time. */
enum ep_event {
	E_START,         /* within the start window */
	E_RESOLVED,      /* its lookup answered (status) */
	E_SLOT,          /* a connection slot is free (now) */
	E_EASY_DONE,     /* one of its handles ended (easy, rc) */
	E_AIA,           /* its AIA fetch ended */
	E_DEADLINE,      /* its deadline passed (now) */
	E_LOCAL_FAILURE, /* a socket of a handle (easy) could not be watched (status: errno) */
};

struct event {
	enum ep_event kind;
	int status;
	CURL *easy;
	CURLcode rc;
	int64_t now;
};

static struct stage_ctx *ctx_of(const struct endpoint *ep)
{
	return &ep->probe->stages;
}

static void set_state(struct endpoint *ep, enum ep_state s)
{
	ep->state = s;
}

/* A new deadline: the loop's timer heap takes it when the event is handed over. */
static void set_deadline(struct endpoint *ep, int64_t at)
{
	ep->deadline = at;
	evq_post(&ep->probe->evq, &ep->ev, EV_SCHEDULE);
}

/* The route for U: the PAC script's entry in use when it gave this
 * endpoint a list, else the static WinHTTP route (a proxy or direct). */
static const struct proxy_server *route_for(const struct endpoint *ep, const struct url *u)
{
	const struct pac_decision *d = ep->pac;

	switch (ep->source) {
	case RS_PAC:
		if (d && d->n && ep->pac_at < d->n)
			return d->is_proxy[ep->pac_at] ? &d->servers[ep->pac_at] : NULL;
		break;
	case RS_USER_MANUAL:
		return proxy_for(&ep->probe->opts->user->manual_model, u);
	case RS_DIRECT:
		return NULL;
	default:
		break;
	}
	return proxy_for(ep->probe->opts->proxy, u);
}

/* Which settings route cur (component.c's rules, source.c), with D the
 * script's decision for it (NULL: none). */
static void choose(struct endpoint *ep, const struct pac_decision *d)
{
	const struct probe_opts *o = ep->probe->opts;
	struct source_choice sc;

	source_choose(ep->conf->component, ep->cur, o->proxy, o->user, o->autoproxy, o->allow_user_proxy,
		      d && d->n, &sc);
	ep->source = (unsigned char)sc.source;
	ep->source_via = sc.via;
	ep->source_why = sc.rule.why;
	ep->pac = sc.source == RS_PAC ? d : NULL;
	ep->pac_at = 0;
}

/* The decision the script made for endpoint I of the list, NULL if none. */
static const struct pac_decision *list_decision(const struct probe_shared *p, size_t i)
{
	const struct autoproxy *ap = p->opts->autoproxy;

	return ap && ap->dec && i < ap->n ? &ap->dec[i] : NULL;
}

/* WinHTTP moves to the next entry of the script's list when it cannot
 * reach a proxy: refused, unreachable, or its name not resolved. A proxy
 * that accepts and then stays silent is a timeout, not a fail-over. */
static bool fail_over(struct endpoint *ep)
{
	static const char *const causes[] = { "proxy_refused", "proxy_unreachable", "proxy_name_not_found",
					      "proxy_dns_no_data", "proxy_dns_servfail", "proxy_dns_refused",
					      "proxy_dns_server_failed", "proxy_dns_no_answer", "proxy_dns_error",
					      "proxy_dns_sinkhole" };
	const struct pac_decision *d = ep->pac;
	char entry[URL_HOST_MAX + 24];
	bool match = false;

	if (!d || ep->pac_at + 1u >= d->n || !ep->res.cause)
		return false;
	for (size_t i = 0; i < sizeof causes / sizeof causes[0]; i++)
		match |= strcmp(ep->res.cause, causes[i]) == 0;
	if (!match)
		return false;
	autoproxy_entry_format(d, ep->pac_at, entry, sizeof entry);
	size_t old = ep->pac_failed ? strlen(ep->pac_failed) : 0, add = strlen(entry) + strlen(ep->res.cause) + 4;
	char *grown = realloc(ep->pac_failed, old + add);
	if (grown) {
		snprintf(grown + old, add, "%s%s %s", old ? "; " : "", entry, ep->res.cause);
		ep->pac_failed = grown;
	}
	ep->pac_at++;
	result_reset_verdict(&ep->res);
	return true;
}

/* The record takes what the reports and the clock read (result.h): its
 * list entry, the last URL's route and the settings that chose it, the PAC
 * entries that failed over and the Date reading. The endpoint's strings
 * move into it; nothing writes them after its end. */
static void fill_record(struct endpoint *ep)
{
	struct result *r = &ep->res;

	r->conf = ep->conf;
	r->route = (struct result_route){ .proxy = ep->proxy, .pac = ep->pac, .pac_at = ep->pac_at,
					  .source = ep->source, .source_via = ep->source_via,
					  .source_why = ep->source_why, .pac_failed = ep->pac_failed };
	r->date = (struct date_reading){ .has = ep->xfer.has_date, .skew = ep->xfer.date_skew,
					   .host = ep->xfer.date_host };
	ep->pac_failed = NULL;
	ep->xfer.date_host = NULL;
}

/* At its end, what no report needs goes, so memory follows what is in
 * flight, not the length of the list. The chain is judged again at the
 * reference time only for these two causes (clockv.c); any other
 * endpoint's certificates, and its URL, can go. */
static void release(struct endpoint *ep)
{
	bool keep = clock_may_explain(&ep->res);

	transfer_release(&ep->xfer, ctx_of(ep), keep);
	for (int k = 0; k < ep->nhops; k++) {
		free(ep->hops[k]);
		ep->hops[k] = NULL;
	}
	if (!keep) {
		sk_X509_pop_free(ep->aia_certs, X509_free);
		ep->aia_certs = NULL;
		free((void *)ep->cur_own);
		ep->cur_own = NULL;
		ep->cur = NULL;
	}
}

static void endpoint_finish(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;

	if (ep->state == EP_DONE)
		return;
	fill_record(ep);
	ep->res.t.total = mono_ms() - ep->started;
	verdict_optional(ep->conf, &ep->res);
	release(ep);
	set_state(ep, EP_DONE);
	p->active--;
	if (ep->proxy_slot)
		p->proxy_active--;
	p->done++;
}

/* What the exchange of cur is, as this endpoint decided it. */
static void target(struct endpoint *ep, struct xfer_target *t)
{
	*t = (struct xfer_target){
		.conf = ep->conf, .url = ep->cur, .proxy = ep->proxy, .addrs_csv = ep->addrs_csv,
		.deadline = ep->deadline, .fetched = ep->aia_certs, .local_errno = &ep->local_errno,
		.slot = &ep->ev, .res = &ep->res,
	};
}

/* Would TLS 1.3 have worked? The side handshake, once an endpoint: with
 * --tls13, a failure does not ask again. One that cannot start (this
 * machine's resources) leaves tls13 unknown. */
static void side_start(struct endpoint *ep)
{
	int64_t left = ep->deadline - mono_ms();

	if (ep->side || ep->side_tried || left <= 0)
		return;
	ep->side_tried = true;
	ep->side = tls13_start(ctx_of(ep), &ep->ev, ep->cur, ep->proxy, ep->addrs_csv, left);
}

static void side_done(struct endpoint *ep, CURLcode rc)
{
	ep->res.tls.tls13 = tls13_done(ep->side, ctx_of(ep), rc);
	tls13_free(ep->side, ctx_of(ep));
	ep->side = NULL;
}

static void exchange(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;
	struct xfer_target t;

	if (ctx_of(ep)->xfers >= p->parallel) {   /* waits for a connection: endpoint_connect_queued */
		set_state(ep, EP_WAITING);
		ep->cq_since = mono_ms();
		ep->cq_next = NULL;
		if (p->cq_tail)
			p->cq_tail->cq_next = ep;
		else
			p->cq_head = ep;
		p->cq_tail = ep;
		return;
	}
	set_state(ep, EP_TRANSFER);
	target(ep, &t);
	if (!transfer_start(&ep->xfer, ctx_of(ep), &t)) {
		endpoint_finish(ep);            /* its verdict says why (this machine's resources) */
		return;
	}
	/* With --tls13 (or -v), the TLS 1.3 handshake alongside the first
	 * hop, as information. */
	if (ep->cur->https && ep->nhops <= 1 && p->opts->tls13_always && ep->xfer.sniff == SNIFF_NONE)
		side_start(ep);
}

/* Routes cur (WinHTTP: the proxy resolves the endpoint's name, the client
 * only the proxy's), then resolves what the connection goes to. */
static void route(struct endpoint *ep)
{
	const char *from;

	ep->proxy = route_for(ep, ep->cur);
	if (ep->proxy && proxy_server_loopback(ep->proxy) &&
	    (from = route_source_imported((enum route_source)ep->source, ep->probe->opts->proxy))) {
		char name[URL_HOST_MAX + 16];
		proxy_server_format(ep->proxy, name, sizeof name);
		verdict_machine_local_proxy(name, from, &ep->res);   /* not our loopback's */
		endpoint_finish(ep);
		return;
	}
	if (ep->proxy ? ep->proxy->host_literal : ep->cur->host_literal) {
		char lit[1][RESULT_ADDR_LEN];
		snprintf(lit[0], sizeof lit[0], "%.45s", endpoint_connect_host(ep));
		(void)result_set_addrs(&ep->res, lit, 1);   /* for the record only */
		ep->addrs_csv = "";
		exchange(ep);
	} else {
		ep->addrs_csv = "";             /* until the lookup delivers */
		set_state(ep, EP_RESOLVING);
		resolver_start(ep->probe->lookups, &ep->lk, endpoint_connect_host(ep), &ep->ev,
			       &ep->deadline);  /* answers with EV_RESOLVED; reads the deadline only */
	}
}

/* PENDING, started: its deadline, its URL, its settings, its route. */
static void start(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;
	char canon[URL_MAX_LEN + 300];

	ep->started = mono_ms();
	ep->res.t = (struct timings){ -1, -1, -1, -1, -1 };
	ep->res.tls.alert = -1;
	ep->res.tls.tls13 = -1;
	p->active++;
	set_deadline(ep, ep->started + (int64_t)(p->opts->timeout_s * 1000.0));
	/* The URL is parsed now, into memory the endpoint holds while it runs. */
	struct url u;
	if (fault_at("endpoint_url") || ep_conf_url(ep->conf, &u) || !(ep->cur_own = url_hold(&u))) {
		verdict_local(ENOMEM, "the endpoint's URL", STAGE_DNS, &ep->res);
		endpoint_finish(ep);
		return;
	}
	ep->cur = ep->cur_own;
	const struct pac_decision *d = list_decision(p, ep->ev.owner);
	if (d && d->local_err) {                /* the script's answer could not be kept */
		verdict_local(d->local_err, "the record of the PAC script's answer", STAGE_DNS, &ep->res);
		endpoint_finish(ep);
		return;
	}
	choose(ep, d);
	url_format(ep->cur, canon, sizeof canon);
	if (fault_at("first_hop") || !(ep->hops[0] = strdup(canon))) {   /* it counts the redirects */
		verdict_local(ENOMEM, "the endpoint's URL", STAGE_DNS, &ep->res);
		endpoint_finish(ep);
		return;
	}
	ep->nhops = 1;
	if ((ep->proxy_slot = route_for(ep, ep->cur) != NULL))
		p->proxy_active++;
	route(ep);
}

/* The time the network took and the addresses, from the lookup's answer
 * (ep->lk) into the record. The record's copy of the addresses: without it
 * the endpoint would look as if its name had none, so running out of
 * memory here is this machine's problem, said as such. */
static int take_answer(struct endpoint *ep, int status)
{
	const struct lookup_req *a = &ep->lk;

	if (!a->csv)
		return status;                  /* failed before a lookup could answer */
	ep->res.t.dns = (ep->res.t.dns < 0 ? 0 : ep->res.t.dns) + a->took;
	ep->addrs_csv = a->csv;
	return result_set_addrs(&ep->res, a->addrs, a->naddrs) ? VERDICT_LOCAL_MEMORY : status;
}

/* RESOLVING, answered: the exchange, or a verdict at DNS (and the script's
 * next entry when the proxy's name failed). */
static void resolved(struct endpoint *ep, int status)
{
	status = take_answer(ep, status);
	if (status == VERDICT_LOCAL_DNS) {
		verdict_local(ep->lk.err, "a DNS socket", STAGE_DNS, &ep->res);
	} else if (status == VERDICT_LOCAL_MEMORY) {
		verdict_local(ENOMEM, "a DNS lookup", STAGE_DNS, &ep->res);
	} else if (status == VERDICT_LOCAL_HOSTS) {
		verdict_local(ep->lk.err, "its check of /etc/hosts for a name DNS does not know", STAGE_DNS,
			      &ep->res);
	} else if (status != ARES_SUCCESS || ep->res.naddrs == 0) {
		if (status == VERDICT_DNS_SINKHOLE)
			verdict_sinkhole(endpoint_connect_host(ep), ep->res.naddrs ? ep->res.addrs[0] : "0.0.0.0",
					 ep->proxy != NULL, &ep->res);
		else
			verdict_dns(status == ARES_SUCCESS ? ARES_ENODATA : status, endpoint_connect_host(ep),
				    ep->proxy != NULL, &ep->res);
		if (fail_over(ep)) {
			route(ep);              /* the script's next entry */
			return;
		}
	} else {
		exchange(ep);
		return;
	}
	endpoint_finish(ep);
}

/* Checks a redirect to NEXT like WinHTTP: never from https to http, never
 * back to a URL already fetched, at most MAX_REDIRECTS. True when the
 * endpoint follows it (the hop recorded); false with the verdict set. */
static bool follow(struct endpoint *ep, const struct url *next)
{
	char why[160], canon[URL_MAX_LEN + 300];

	url_format(next, canon, sizeof canon);
	if (ep->cur->https && !next->https) {
		snprintf(why, sizeof why, "redirect from https to http (%.100s)", canon);
		verdict_redirect(why, &ep->res);
		return false;
	}
	for (int i = 0; i < ep->nhops; i++) {
		if (strcmp(ep->hops[i], canon) == 0) {
			snprintf(why, sizeof why, "redirect loop: back to %.100s after %d redirect%s", canon, ep->nhops,
				 ep->nhops == 1 ? "" : "s");
			verdict_redirect(why, &ep->res);
			return false;
		}
	}
	if (ep->nhops > MAX_REDIRECTS) {
		snprintf(why, sizeof why, "more than %d redirects (next to %.100s)", MAX_REDIRECTS, canon);
		verdict_redirect(why, &ep->res);
		return false;
	}
	if (fault_at("redirect") || !(ep->hops[ep->nhops] = strdup(canon))) {
		verdict_local(ENOMEM, "the redirect's record", STAGE_HTTP, &ep->res);
		return false;
	}
	ep->nhops++;
	return true;
}

/* A redirect followed: the new URL, asked of the script again (WinHTTP
 * asks it for every URL), routed anew. */
static void redirect(struct endpoint *ep, const struct url *next)
{
	transfer_detach(&ep->xfer, ctx_of(ep));
	const struct url *held = fault_at("redirect_url") ? NULL : url_hold(next);
	if (!held) {
		verdict_local(ENOMEM, "the redirect target's URL", STAGE_HTTP, &ep->res);
		endpoint_finish(ep);
		return;
	}
	free((void *)ep->cur_own);
	ep->cur = ep->cur_own = held;
	if (ep->pac) {
		struct pac_decision *d = autoproxy_decide(ep->probe->opts->autoproxy, ep->cur);
		if (!d || d->local_err) {       /* no route known: not the static one */
			verdict_local(d ? d->local_err : ENOMEM, "the PAC engine for the redirect target", STAGE_HTTP,
				      &ep->res);
			autoproxy_decision_free(d);
			endpoint_finish(ep);    /* the report shows the last hop's route, still held */
			return;
		}
		/* The last hop's decision goes only now: ep->pac and ep->proxy
		 * point into it until choose() below. */
		autoproxy_decision_free(ep->pac_own);
		ep->pac_own = d;
	}
	choose(ep, ep->pac_own);                /* the rules look at the scheme too */
	route(ep);                              /* a new route and a new name, each measured */
}

/* Windows fetches a missing issuer through its AIA URL: so do we, once per
 * URL and level, and verify again when the fetch ends (EV_AIA). When it
 * cannot start, the certificate verdict stands, with why the last fetch
 * failed; or, when this machine could not try, it is this machine's error. */
static void fetch_issuer(struct endpoint *ep, const char *url, CURLcode rc)
{
	if (!ep->aia)
		ep->aia = aia_new(ctx_of(ep), &ep->ev, &ep->aia_certs, &ep->local_errno);
	if (ep->aia && aia_start(ep->aia, url, rc, ep->deadline)) {
		result_reset_verdict(&ep->res);     /* judged again when it ends */
		return;
	}
	if (!ep->aia || ep->aia->local_err)
		verdict_local(ep->aia ? ep->aia->local_err : ENOMEM, "the fetch of the missing issuer (AIA)", STAGE_TLS,
			      &ep->res);
	else if (ep->aia->error[0])
		result_append(&ep->res, "; its AIA URL %.150s failed: %.100s", url, ep->aia->error);
	endpoint_finish(ep);
}

/* A verdict: the script's next entry when the proxy could not be reached,
 * else the end, with the TLS 1.3 diagnosis where it explains a failure. */
static void verdict(struct endpoint *ep)
{
	if (fail_over(ep)) {
		transfer_detach(&ep->xfer, ctx_of(ep));
		route(ep);                      /* the same URL through the script's next entry */
		return;
	}
	if (ep->res.stage == STAGE_TLS && ep->res.cause && strncmp(ep->res.cause, "tls_", 4) == 0)
		side_start(ep);
	endpoint_finish(ep);
}

/* TRANSFER, the exchange ended with RC (or its AIA fetch did, and RC is
 * the exchange's): what it means, and what follows. */
static void judge(struct endpoint *ep, CURLcode rc)
{
	struct xfer_target t;
	struct xfer_next next;

	target(ep, &t);
	switch (transfer_judge(&ep->xfer, ctx_of(ep), &t, rc, &next)) {
	case XF_AIA:
		fetch_issuer(ep, next.aia_url, rc);
		return;
	case XF_REDIRECT:
		if (follow(ep, &next.url)) {
			redirect(ep, &next.url);
			return;
		}
		ep->res.http_status = next.status;
		break;
	case XF_AGAIN:                          /* the range GET after the HEAD, or the proxy asked again: same route */
		transfer_detach(&ep->xfer, ctx_of(ep));
		exchange(ep);
		return;
	case XF_VERDICT:
		break;
	}
	verdict(ep);
}

/* RESOLVING, its deadline passed: no answer in time, unless its lookup
 * still waits in our own queue (its clock starts when it leaves). */
static void resolving_expired(struct endpoint *ep, int64_t now)
{
	int err = 0;

	if (resolver_queued(&ep->lk))
		return;                         /* its clock starts when the lookup leaves */
	bool local = resolver_local_failure(&ep->lk, &err);
	resolver_forget(&ep->lk);
	ep->res.t.dns = now - ep->lk.started;
	if (local)   /* its answer may have come to a socket this machine lost */
		verdict_local(err, "a DNS socket", STAGE_DNS, &ep->res);
	else
		verdict_dns(-1, endpoint_connect_host(ep), ep->proxy != NULL, &ep->res);
	endpoint_finish(ep);
}

/* TRANSFER, its deadline passed: libcurl's own timeout first (a grace
 * second), an AIA fetch its own; then the exchange ends as a time-out.
 * Returns when to look again, 0 never. */
static int64_t transfer_expired(struct endpoint *ep, int64_t now)
{
	if (now < ep->deadline + DEADLINE_GRACE_MS)
		return ep->deadline + DEADLINE_GRACE_MS;
	if (ep->aia && ep->aia->resolving)
		aia_expire(ep->aia);            /* EV_AIA follows */
	else if (ep->aia && ep->aia->easy)
		return now + DEADLINE_GRACE_MS;
	else
		judge(ep, CURLE_OPERATION_TIMEDOUT);
	return 0;
}

/* The state machine: EV in the endpoint's state. Returns, for E_DEADLINE,
 * when to look again (0: never). The TLS 1.3 handshake and an AIA fetch end
 * on their own time, in any state (the handshake often after the verdict). */
static int64_t step(struct endpoint *ep, const struct event *ev)
{
	if (ev->kind == E_EASY_DONE && ep->side && ev->easy == ep->side->easy) {
		side_done(ep, ev->rc);
		return 0;
	}
	if (ev->kind == E_EASY_DONE && ep->aia && ev->easy == ep->aia->easy) {
		aia_done(ep->aia, ev->rc);      /* EV_AIA follows */
		return 0;
	}
	switch (ep->state) {
	case EP_PENDING:
		if (ev->kind == E_START)
			start(ep);
		break;
	case EP_RESOLVING:
		if (ev->kind == E_RESOLVED)
			resolved(ep, ev->status);
		else if (ev->kind == E_DEADLINE)
			resolving_expired(ep, ev->now);
		break;
	case EP_WAITING:
		/* Its deadline waits too: the wait was this machine's doing, no
		 * claim about the network, so the deadline and the start (its
		 * total time) move by it. */
		if (ev->kind == E_SLOT) {
			int64_t waited = ev->now - ep->cq_since;
			ep->started += waited;
			set_deadline(ep, ep->deadline + waited);
			exchange(ep);
		}
		break;
	case EP_TRANSFER:
		if (ev->kind == E_EASY_DONE && ev->easy == ep->xfer.easy)
			judge(ep, ev->rc);
		else if (ev->kind == E_AIA && ep->aia)
			judge(ep, ep->aia->saved_rc);   /* verify again, then the rest of the verdict */
		else if (ev->kind == E_DEADLINE)
			return transfer_expired(ep, ev->now);
		else if (ev->kind == E_LOCAL_FAILURE && ev->easy == ep->xfer.easy && !ep->local_errno) {
			/* Its socket cannot be watched: it ends at the loop's next
			 * expiry pass, and the judge names this machine's error. */
			ep->local_errno = ev->status;
			set_deadline(ep, mono_ms() - DEADLINE_GRACE_MS);
		}
		break;
	case EP_DONE:
		break;                          /* late: its verdict stands */
	}
	return 0;
}

/* Through a proxy, PROXY_MAX_AT_ONCE endpoints at once: a Windows machine
 * keeps a handful of connections to its proxy, and hundreds of CONNECTs and
 * NTLM handshakes in one burst would overload the proxy's authentication
 * helpers, so that its slowness, reported as 0x80072EE2, would be our
 * doing. Endpoints start in list order; one that waits holds the rest. */
bool endpoint_may_start(const struct probe_shared *p, const struct endpoint *ep)
{
	const struct pac_decision *d = list_decision(p, (size_t)(ep - p->eps));
	struct source_choice sc;
	struct url u;

	if (p->proxy_active < PROXY_MAX_AT_ONCE)
		return true;
	if (ep_conf_url(ep->conf, &u))
		return true;
	source_choose(ep->conf->component, &u, p->opts->proxy, p->opts->user, p->opts->autoproxy,
		      p->opts->allow_user_proxy, d && d->n, &sc);
	switch (sc.source) {
	case RS_PAC:         return !d->is_proxy[0];
	case RS_USER_MANUAL: return !proxy_for(&p->opts->user->manual_model, &u);
	case RS_DIRECT:      return true;
	default:             return !proxy_for(p->opts->proxy, &u);
	}
}

void endpoint_start(struct probe_shared *p, struct endpoint *ep)
{
	ep->probe = p;
	ep->ev.owner = (size_t)(ep - p->eps);
	step(ep, &(struct event){ .kind = E_START });
}

/* Starts the exchanges that waited for a connection, oldest first, while
 * the window has room. */
void endpoint_connect_queued(struct probe_shared *p)
{
	int64_t now = mono_ms();

	while (p->cq_head && p->stages.xfers < p->parallel) {
		struct endpoint *ep = p->cq_head;
		if (!(p->cq_head = ep->cq_next))
			p->cq_tail = NULL;
		ep->cq_next = NULL;
		step(ep, &(struct event){ .kind = E_SLOT, .now = now });
	}
}

void endpoint_resolved(struct endpoint *ep, int status)
{
	step(ep, &(struct event){ .kind = E_RESOLVED, .status = status });
}

void endpoint_easy_done(struct endpoint *ep, CURL *easy, CURLcode rc)
{
	step(ep, &(struct event){ .kind = E_EASY_DONE, .easy = easy, .rc = rc });
}

void endpoint_aia_done(struct endpoint *ep)
{
	step(ep, &(struct event){ .kind = E_AIA });
}

void endpoint_local_failure(struct endpoint *ep, CURL *easy, int err)
{
	step(ep, &(struct event){ .kind = E_LOCAL_FAILURE, .easy = easy, .status = err });
}

/* A lookup records when its question left our queue and posts
 * EV_SCHEDULE: the clock starts then, and the deadline moves there (the
 * loop arms what this returns, so no second EV_SCHEDULE). */
int64_t endpoint_deadline(struct endpoint *ep)
{
	if (ep->state == EP_RESOLVING && ep->lk.left) {
		int64_t d = ep->lk.left + (int64_t)(ep->probe->opts->timeout_s * 1000.0);
		if (d > ep->deadline)
			ep->deadline = d;
	}
	return ep->deadline;
}

int64_t endpoint_expire(struct endpoint *ep, int64_t now)
{
	return step(ep, &(struct event){ .kind = E_DEADLINE, .now = now });
}

void endpoint_stop(struct endpoint *ep)
{
	if (!ep->probe)
		return;                         /* never started */
	transfer_detach(&ep->xfer, ctx_of(ep));
	if (ep->aia)
		aia_stop(ep->aia);
	sk_X509_pop_free(ep->aia_certs, X509_free);
	ep->aia_certs = NULL;
	tls13_free(ep->side, ctx_of(ep));
	ep->side = NULL;
}

void endpoint_free(struct endpoint *ep)
{
	transfer_free(&ep->xfer);
	aia_free(ep->aia);
	sk_X509_pop_free(ep->aia_certs, X509_free);
	result_free(&ep->res);
	free((void *)ep->cur_own);
	autoproxy_decision_free(ep->pac_own);
	free(ep->pac_failed);
	for (int k = 0; k < ep->nhops; k++)
		free(ep->hops[k]);
	memset(ep, 0, sizeof *ep);
}

/* A certificate that failed as expired or not yet valid by this clock,
 * judged again at AT, the references' time (clockv.h): valid then, the
 * failure is the clock's; bad then too, the verdict says what it is at the
 * right time (a wrong clock can make an expired certificate look not yet
 * valid). Out of memory, nothing was learnt: the first verdict stays. */
void endpoint_recheck_clock(struct endpoint *ep, const struct tls_trust *trust, struct clock_verdict *v, time_t at)
{
	struct chain_report again;

	if (!clock_may_explain(&ep->res))
		return;
	if (chain_verify(trust, NULL, ep->xfer.hook.chain, ep->aia_certs, ep->cur->host, ep->conf->pinned, at, &again) == 0) {
		clock_skew_verdict(v, &ep->res);
	} else if (strcmp(again.cause, ep->res.cause) != 0 && strcmp(again.cause, CHAIN_LOCAL_MEMORY) != 0) {
		verdict_cert(&again, &ep->res);
		clock_judged_again(v, &ep->res);
	} else {
		return;
	}
	verdict_optional(ep->conf, &ep->res);
}
