/* One endpoint's life, from its start to its verdict. This is the only file
 * that moves an endpoint from stage to stage; the stages (lookup.c,
 * transfer.c, aia.c, tls13.c) do their part and report back here, and none
 * of them starts another or ends the endpoint. Read top to bottom, it is the
 * endpoint's path:
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
#include "fault.h"
#include "source.h"
#include "user_settings.h"
#include "probe.h"
#include "verdict.h"

/* A transfer still running this long after its deadline is ended here;
 * libcurl's own timeout normally ends it first. */
#define DEADLINE_GRACE_MS 1000

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

void endpoint_finish(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;

	if (ep->state == EP_DONE)
		return;
	ep->res.t.total = mono_ms() - ep->started;
	verdict_optional(ep->conf, &ep->res);
	transfer_release(ep);
	ep->state = EP_DONE;
	p->active--;
	if (ep->proxy_slot)
		p->proxy_active--;
	p->done++;
}

static void exchange(struct endpoint *ep)
{
	struct probe_shared *p = ep->probe;

	if (p->xfers >= p->parallel) {          /* waits for a connection: endpoint_connect_queued */
		ep->state = EP_WAITING;
		ep->cq_since = mono_ms();
		ep->cq_next = NULL;
		if (p->cq_tail)
			p->cq_tail->cq_next = ep;
		else
			p->cq_head = ep;
		p->cq_tail = ep;
		return;
	}
	if (!transfer_start(ep)) {
		endpoint_finish(ep);            /* its verdict says why (this machine's resources) */
		return;
	}
	/* With --tls13 (or -v), the TLS 1.3 handshake alongside the first
	 * hop, as information (once: tls13_start keeps to that). */
	if (ep->cur->https && ep->nhops <= 1 && p->opts->tls13_always && ep->sniff == SNIFF_NONE)
		tls13_start(ep);
}

/* Starts the exchanges that waited for a connection, oldest first, while
 * the window has room. The wait was this machine's doing, no claim about
 * the network: the endpoint's deadline and its start (its total time) move
 * by it. */
void endpoint_connect_queued(struct probe_shared *p)
{
	int64_t now = mono_ms();

	while (p->cq_head && p->xfers < p->parallel) {
		struct endpoint *ep = p->cq_head;
		if (!(p->cq_head = ep->cq_next))
			p->cq_tail = NULL;
		int64_t waited = now - ep->cq_since;
		ep->cq_next = NULL;
		ep->deadline += waited;
		ep->started += waited;
		evq_post(&ep->probe->evq, &ep->ev, EV_SCHEDULE);
		exchange(ep);
	}
}

/* Routes ep->cur (WinHTTP: the proxy resolves the endpoint's name, the
 * client only the proxy's), then resolves what the connection goes to. */
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
		ep->state = EP_RESOLVING;
		resolver_start(ep->probe->lookups, &ep->lk, endpoint_connect_host(ep), &ep->ev,
			       &ep->deadline);  /* answers through endpoint_resolved */
	}
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
	char canon[URL_MAX_LEN + 300];

	ep->probe = p;
	ep->ev.owner = (size_t)(ep - p->eps);
	ep->started = mono_ms();
	ep->deadline = ep->started + (int64_t)(p->opts->timeout_s * 1000.0);
	ep->res.t = (struct timings){ -1, -1, -1, -1, -1 };
	ep->res.tls.alert = -1;
	ep->res.tls.tls13 = -1;
	p->active++;
	evq_post(&ep->probe->evq, &ep->ev, EV_SCHEDULE);
	/* The URL is parsed now, into memory the endpoint holds while it runs. */
	struct url u;
	if (fault_at("endpoint_url") || ep_conf_url(ep->conf, &u) || !(ep->cur_own = url_hold(&u))) {
		verdict_local(ENOMEM, "the endpoint's URL", STAGE_DNS, &ep->res);
		endpoint_finish(ep);
		return;
	}
	ep->cur = ep->cur_own;
	const struct pac_decision *d = list_decision(p, (size_t)(ep - p->eps));
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

void endpoint_resolved(struct endpoint *ep, int status)
{
	if (ep->state != EP_RESOLVING)
		return;                         /* late: its deadline ended it meanwhile */
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

void endpoint_transfer_done(struct endpoint *ep, CURLcode rc)
{
	struct url next;

	switch (transfer_judge(ep, rc, &next)) {
	case XF_AIA:
		/* Windows fetches a missing issuer through its AIA URL: so do
		 * we, once per URL and level, and verify again when it ends
		 * (EV_AIA, endpoint_aia_done). */
		if (aia_start(ep, ep->x->aia_url, rc)) {
			result_reset_verdict(&ep->res);   /* judged again when it ends */
			return;
		}
		if (!ep->aia || ep->aia->local_err) {   /* this machine could not try: no claim */
			verdict_local(ep->aia ? ep->aia->local_err : ENOMEM, "the fetch of the missing issuer (AIA)",
				      STAGE_TLS, &ep->res);
		} else if (ep->aia->error[0]) {
			result_append(&ep->res, "; its AIA URL %.150s failed: %.100s", ep->x->aia_url,
				      ep->aia->error);
		}
		endpoint_finish(ep);
		return;
	case XF_REDIRECT:
		transfer_detach(ep);
		const struct url *held = fault_at("redirect_url") ? NULL : url_hold(&next);
		if (!held) {
			verdict_local(ENOMEM, "the redirect target's URL", STAGE_HTTP, &ep->res);
			endpoint_finish(ep);
			return;
		}
		free((void *)ep->cur_own);
		ep->cur = ep->cur_own = held;
		if (ep->pac) {                  /* WinHTTP asks the script again for every URL */
			struct pac_decision *d = autoproxy_decide(ep->probe->opts->autoproxy, ep->cur);
			if (!d || d->local_err) {   /* no route known: not the static one */
				verdict_local(d ? d->local_err : ENOMEM, "the PAC engine for the redirect target",
					      STAGE_HTTP, &ep->res);
				autoproxy_decision_free(d);
				endpoint_finish(ep);   /* the report shows the last hop's route, still held */
				return;
			}
			/* The last hop's decision goes only now: ep->pac and ep->proxy
			 * point into it until choose() below. */
			autoproxy_decision_free(ep->pac_own);
			ep->pac_own = d;
		}
		choose(ep, ep->pac_own);        /* the rules look at the scheme too */
		route(ep);                      /* a new route and a new name, each measured */
		return;
	case XF_AGAIN:                          /* the range GET after the HEAD, or the proxy asked again: same route */
		transfer_detach(ep);
		exchange(ep);
		return;
	case XF_VERDICT:
		if (fail_over(ep)) {
			transfer_detach(ep);
			route(ep);              /* the same URL through the script's next entry */
			return;
		}
		/* Would TLS 1.3 have worked? Asked only where it explains the failure. */
		if (ep->res.stage == STAGE_TLS && ep->res.cause && strncmp(ep->res.cause, "tls_", 4) == 0)
			tls13_start(ep);
		endpoint_finish(ep);
		return;
	}
}

void endpoint_aia_done(struct endpoint *ep)
{
	if (ep->state == EP_DONE)
		return;                         /* its verdict stands; its handle is gone */
	endpoint_transfer_done(ep, ep->aia->saved_rc);   /* verify again, then the rest of the verdict */
}

/* This machine failed the exchange (ERR, e.g. its socket could not be
 * watched): it ends at the loop's next expiry pass, and transfer_judge
 * names it as this machine's error. */
void endpoint_local_failure(struct endpoint *ep, int err)
{
	ep->local_errno = err;
	ep->deadline = mono_ms() - DEADLINE_GRACE_MS;
	evq_post(&ep->probe->evq, &ep->ev, EV_SCHEDULE);
}

/* A lookup records when its question left our queue and posts
 * EV_SCHEDULE: the clock starts then, and the deadline moves there. */
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
	if (ep->state == EP_WAITING)
		return 0;                               /* its deadline moves when it leaves the queue */
	if (ep->state == EP_RESOLVING) {
		int err = 0;
		if (resolver_queued(&ep->lk))
			return 0;                       /* its clock starts when the lookup leaves */
		bool local = resolver_local_failure(&ep->lk, &err);
		resolver_forget(&ep->lk);
		ep->res.t.dns = now - ep->lk.started;
		if (local)   /* its answer may have come to a socket this machine lost */
			verdict_local(err, "a DNS socket", STAGE_DNS, &ep->res);
		else
			verdict_dns(-1, endpoint_connect_host(ep), ep->proxy != NULL, &ep->res);
		endpoint_finish(ep);
	} else if (now < ep->deadline + DEADLINE_GRACE_MS) {
		return ep->deadline + DEADLINE_GRACE_MS;        /* libcurl's timeout first */
	} else if (ep->aia && ep->aia->resolving) {
		aia_expire(ep);
	} else if (ep->aia && ep->aia->easy) {
		return now + DEADLINE_GRACE_MS;                 /* the fetch has its own timeout */
	} else {
		endpoint_transfer_done(ep, CURLE_OPERATION_TIMEDOUT);
	}
	return 0;
}
