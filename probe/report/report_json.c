/* The JSON report: one document, version 1, stable for scripts (README). */
#include <string.h>

#include "autoproxy.h"
#include "causes.h"
#include "codes.h"
#include "drift.h"
#include "logreport.h"
#include "source.h"
#include "json.h"
#include "policy.h"
#include "report.h"
#include "version.h"

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

/* A Windows code and its name under KEY and NAME_KEY, both null for none. */
static void code_json(struct jw *w, const char *key, const char *name_key, uint32_t code)
{
	char hex[11];
	const struct wu_code *c = code ? wu_code_find(code) : NULL;

	if (!code) {
		jw_null(w, key);
		jw_null(w, name_key);
		return;
	}
	wu_code_format(code, hex);
	jw_str(w, key, hex);
	jw_str(w, name_key, c ? c->name : NULL);
}

/* The PAC script's decision for the endpoint's URL (the last one, after
 * redirects): its answer, the entry used, the entries that failed over. */
static void pac_json(struct jw *w, const struct result_route *rt)
{
	const struct pac_decision *d = rt->pac;
	char used[URL_HOST_MAX + 24];

	if (!d) {
		jw_null(w, "pac");
		return;
	}
	jw_object(w, "pac");
	jw_str(w, "list", d->list);
	jw_str(w, "error", d->error);
	if (d->n) {
		autoproxy_entry_format(d, rt->pac_at, used, sizeof used);
		jw_str(w, "used", used);
	} else {
		jw_null(w, "used");   /* no usable entry: the static route */
	}
	jw_str(w, "failed_over", rt->pac_failed);
	jw_end(w, '}');
}

/* The run's automatic proxy: where the script came from and how it went. */
static void autoproxy_json(struct jw *w, const struct autoproxy *ap)
{
	if (!ap || !ap->on) {
		jw_null(w, "autoproxy");
		return;
	}
	jw_object(w, "autoproxy");
	jw_str(w, "mode", ap->wpad ? "wpad" : "pac");
	jw_str(w, "script", ap->pac_name[0] ? ap->pac_name : NULL);
	jw_str(w, "status", ap->code ? "fail" : ap->url_errors ? "warn" : "ok");
	code_json(w, "code", "code_name", ap->code);
	jw_str(w, "cause", ap->cause);
	jw_str(w, "message", ap->message[0] ? ap->message : NULL);
	jw_int(w, "url_errors", (int64_t)ap->url_errors);
	jw_str(w, "client_ip", ap->client_ip[0] ? ap->client_ip : NULL);
	if (ap->wpad) {
		jw_array(w, "wpad_tried");
		for (size_t i = 0; i < ap->wpad_rep.ntries; i++) {
			jw_object(w, NULL);
			jw_str(w, "name", ap->wpad_rep.tries[i].name);
			jw_str(w, "url", ap->wpad_rep.tries[i].url);
			jw_str(w, "outcome", ap->wpad_rep.tries[i].outcome);
			jw_end(w, '}');
		}
		jw_end(w, ']');
		jw_bool(w, "dhcp_checked", false);   /* option 252 cannot be asked from here */
	}
	jw_end(w, '}');
}

static void tls_json(struct jw *w, const struct result *r)
{
	const struct chain_summary *c = result_chain(r);
	const struct chain_summary_cert *leaf = c->nsent ? &c->sent[0] : NULL;

	jw_object(w, "tls");
	jw_str(w, "version", nz(r->tls.version));
	jw_str(w, "cipher", nz(r->tls.cipher));
	if (r->tls.tls13 < 0)
		jw_null(w, "tls13");
	else
		jw_bool(w, "tls13", r->tls.tls13 == 1);
	jw_str(w, "subject", leaf ? nz(leaf->subject) : NULL);
	jw_str(w, "issuer", leaf ? nz(leaf->issuer) : NULL);
	jw_str(w, "not_before", leaf ? nz(leaf->not_before) : NULL);
	jw_str(w, "not_after", leaf ? nz(leaf->not_after) : NULL);
	jw_array(w, "sans");
	for (const char *p = c->sans; *p;) {
		size_t n = strcspn(p, ",");
		char name[CHAIN_SANS_LEN];
		snprintf(name, sizeof name, "%.*s", (int)n, p);
		jw_str(w, NULL, name);
		p += n + (p[n] == ',');
	}
	jw_end(w, ']');
	jw_int(w, "sans_omitted", c->sans_omitted);
	jw_str(w, "root", nz(c->root));
	jw_array(w, "chain");
	for (int i = 0; i < c->nsent; i++) {
		jw_object(w, NULL);
		jw_str(w, "subject", c->sent[i].subject);
		jw_str(w, "issuer", c->sent[i].issuer);
		jw_str(w, "not_before", nz(c->sent[i].not_before));
		jw_str(w, "not_after", nz(c->sent[i].not_after));
		jw_str(w, "sha256", nz(c->sent[i].sha256));
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_end(w, '}');
}

/* The Windows Update policy read (--policy-from or [policy]), or null. */
static void policy_json(struct jw *w, const struct policy *p)
{
	if (!p) {
		jw_null(w, "policy");
		return;
	}
	jw_object(w, "policy");
	jw_str(w, "from", p->from);
	jw_object(w, "values");
	for (int i = 0; i < POL_COUNT; i++) {
		if (!p->set[i])
			continue;
		if (i < POL_NSTRINGS)
			jw_str(w, policy_name((enum policy_value)i), policy_str(p, (enum policy_value)i));
		else
			jw_int(w, policy_name((enum policy_value)i), p->num[i]);
	}
	jw_end(w, '}');
	jw_str(w, "public_not_needed", policy_public_unneeded(p));
	jw_str(w, "mdm_not_used", p->mdm_not_used[0] ? p->mdm_not_used : NULL);
	jw_end(w, '}');
}

static void endpoint_json(struct jw *w, const struct result *r)
{

	jw_object(w, NULL);
	jw_str(w, "url", r->conf->url);
	jw_str(w, "group", r->conf->group);
	jw_str(w, "source", r->conf->source ? r->conf->source : "default list");
	jw_str(w, "not_needed", r->conf->unneeded);   /* the policy value, or null */
	jw_str(w, "pattern", r->conf->pattern);
	jw_str(w, "status", status_name(r->status));
	code_json(w, "code", "code_name", r->code);
	code_json(w, "secondary_code", "secondary_name", r->secondary);
	jw_str(w, "cause", r->cause);
	jw_str(w, "stage", stage_name(r->stage));
	jw_str(w, "message", result_message(r));
	char route[URL_HOST_MAX + 16];
	run_route(r, route, sizeof route);
	jw_str(w, "route", r->route.proxy ? "proxy" : "direct");
	jw_str(w, "proxy", r->route.proxy ? route : NULL);
	pac_json(w, &r->route);
	jw_object(w, "settings");
	jw_str(w, "component", component_name(r->conf->component)[0] ? component_name(r->conf->component) : NULL);
	jw_str(w, "source", route_source_name((enum route_source)r->route.source));
	jw_str(w, "via", r->route.source_via);
	jw_str(w, "rule", r->route.source_why);
	jw_end(w, '}');
	jw_array(w, "addresses");
	for (int i = 0; i < r->naddrs; i++)
		jw_str(w, NULL, r->addrs[i]);
	jw_end(w, ']');
	if (r->http_status)
		jw_int(w, "http_status", r->http_status);
	else
		jw_null(w, "http_status");
	jw_object(w, "timings_ms");
	jw_ms(w, "dns", r->t.dns);
	jw_ms(w, "connect", r->t.connect);
	jw_ms(w, "tls", r->t.tls);
	jw_ms(w, "first_byte", r->t.first_byte);
	jw_ms(w, "total", r->t.total);
	jw_end(w, '}');
	if (r->conf->https || result_chain(r)->nsent || r->tls.version[0])
		tls_json(w, r);
	else
		jw_null(w, "tls");
	jw_end(w, '}');
}

void report_json_head(struct jw *w, FILE *f, const char *started_at)
{
	jw_init(w, f);
	jw_object(w, NULL);
	jw_int(w, "version", 1);
	jw_object(w, "tool");
	jw_str(w, "name", "wuprobe");
	jw_str(w, "version", WUPROBE_VERSION);
	jw_end(w, '}');
	jw_str(w, "started_at", started_at);
}

/* The causes, largest first, each with its endpoints' indexes into endpoints[]. */
static void causes_json(struct jw *w, const struct causes *cs)
{
	char code[11];

	jw_array(w, "causes");
	for (size_t i = 0; i < cs->n; i++) {
		const struct cause *c = &cs->c[i];
		jw_object(w, NULL);
		jw_str(w, "hop", c->hop);
		jw_str(w, "kind", c->kind);
		jw_str(w, "who", c->who[0] ? c->who : NULL);
		jw_str(w, "status", status_name(c->status));
		jw_str(w, "text", c->text);
		jw_int(w, "count", (int64_t)c->n);
		jw_array(w, "endpoints");
		for (size_t k = 0; k < c->n; k++)
			jw_int(w, NULL, (int64_t)c->idx[k]);
		jw_end(w, ']');
		jw_array(w, "codes");
		for (size_t k = 0; k < c->ncodes; k++) {
			wu_code_format(c->codes[k], code);
			jw_str(w, NULL, code);
		}
		jw_end(w, ']');
		jw_str(w, "owner", c->owner);
		jw_str(w, "fix", c->fix);
		jw_end(w, '}');
	}
	jw_end(w, ']');
}

/* What changed since --compare's report, or null. */
static void drift_json(struct jw *w, const struct drift *d)
{
	if (!d) {
		jw_null(w, "compare");
		return;
	}
	jw_object(w, "compare");
	jw_str(w, "file", d->file);
	jw_bool(w, "first_run", d->first);
	jw_str(w, "earlier_started_at", d->first ? NULL : d->since);
	if (d->age_s >= 0)
		jw_int(w, "age_s", (int64_t)d->age_s);
	else
		jw_null(w, "age_s");
	jw_bool(w, "worse", d->worse);
	jw_str(w, "summary", d->summary);
	jw_array(w, "changes");
	for (size_t i = 0; i < d->n; i++) {
		const struct drift_item *it = &d->items[i];
		jw_object(w, NULL);
		jw_str(w, "change", drift_change_name(it->change));
		jw_str(w, "url", it->url);
		if (it->now >= 0)
			jw_int(w, "index", it->now);
		else
			jw_null(w, "index");
		jw_str(w, "before", it->before[0] ? it->before : NULL);
		jw_str(w, "after", it->after[0] ? it->after : NULL);
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_end(w, '}');
}

void report_json(FILE *f, const struct run *r)
{
	struct causes cs;
	struct code_count codes[64];
	size_t nc = run_codes(r, codes, sizeof codes / sizeof codes[0]);
	struct jw w;
	char code[11];

	report_json_head(&w, f, r->started_at);
	jw_int(&w, "duration_ms", r->duration_ms);
	jw_str(&w, "status", status_name(r->status));
	jw_int(&w, "exit_code", r->exit_code);
	if (causes_find(r, &cs))
		cs.n = 0;   /* out of memory: no causes rather than no report */
	causes_json(&w, &cs);
	drift_json(&w, r->drift);
	if (r->proxy) {
		char list[1024], bypass[2048];
		proxy_list_format(r->proxy, list, sizeof list);
		proxy_bypass_format(r->proxy, bypass, sizeof bypass);
		jw_object(&w, "proxy");
		jw_str(&w, "source", r->proxy->source ? r->proxy->source : "none");
		jw_str(&w, "origin", r->proxy->origin[0] ? r->proxy->origin : NULL);
		jw_str(&w, "servers", r->proxy->nservers ? list : NULL);
		jw_str(&w, "bypass", r->proxy->nbypass ? bypass : NULL);
		jw_end(&w, '}');
	}
	autoproxy_json(&w, r->autoproxy);
	policy_json(&w, r->policy);
	if (r->clock) {
		const struct clock_verdict *c = r->clock;
		char num[32];
		jw_object(&w, "clock");
		jw_str(&w, "status", clock_status_name(c->status));
		if (c->known) {
			snprintf(num, sizeof num, "%.3f", c->skew);
			jw_raw(&w, "skew_s", num);
			snprintf(num, sizeof num, "%.3f", c->uncertainty);
			jw_raw(&w, "uncertainty_s", num);
			jw_str(&w, "reference", c->reference);
		} else {
			jw_null(&w, "skew_s");
			jw_null(&w, "uncertainty_s");
			jw_null(&w, "reference");
		}
		jw_int(&w, "sources", c->sources);
		jw_int(&w, "sources_answered", c->nsources);
		jw_int(&w, "sources_disagreeing", c->nodd);
		jw_array(&w, "disagreeing");
		for (int i = 0; i < c->nodd && i < CLOCK_ODD_MAX; i++) {
			const struct clock_odd *o = &c->odd[i];
			jw_object(&w, NULL);
			jw_str(&w, "source", o->sntp ? "sntp" : "date");
			jw_str(&w, "server", o->server);
			if (o->sntp)
				jw_str(&w, "address", o->address);
			else
				jw_int(&w, "responses", o->responses);
			snprintf(num, sizeof num, "%.3f", o->skew);
			jw_raw(&w, "skew_s", num);
			jw_end(&w, '}');
		}
		jw_end(&w, ']');
		jw_bool(&w, "tie", c->tie);
		jw_int(&w, "max_skew_s", (int64_t)c->max_skew);
		jw_int(&w, "certificates_broken", c->broken);
		if (c->ntp) {
			jw_object(&w, "ntp");
			jw_str(&w, "server", c->ntp->host);
			jw_str(&w, "address", c->ntp->address[0] ? c->ntp->address : NULL);
			jw_str(&w, "error", c->ntp->ok ? NULL : c->ntp->error);
			jw_bool(&w, "outvoted", c->ntp->ok && c->known && c->nodd && c->odd[0].sntp);
			jw_end(&w, '}');
		} else {
			jw_null(&w, "ntp");
		}
		jw_end(&w, '}');
	}
	jw_array(&w, "endpoints");
	for (size_t i = 0; i < r->n; i++)
		endpoint_json(&w, r->res[i]);
	jw_end(&w, ']');
	jw_array(&w, "codes");
	for (size_t i = 0; i < nc; i++) {
		const struct wu_code *c = wu_code_find(codes[i].code);
		wu_code_format(codes[i].code, code);
		jw_object(&w, NULL);
		jw_str(&w, "code", code);
		jw_str(&w, "name", c ? c->name : NULL);
		jw_int(&w, "count", codes[i].count);
		jw_bool(&w, "autoproxy", codes[i].autoproxy);
		char why[256];
		jw_str(&w, "fix", causes_code_fix(&cs, codes[i].code, why, sizeof why));
		jw_end(&w, '}');
	}
	jw_end(&w, ']');
	if (r->from_log)
		log_report_json(&w, r);
	jw_end(&w, '}');
	causes_free(&cs);
}
