/* The run's causes: a table from each verdict's cause word to the hop it
 * blames, how that hop fails and how the hop is named; grouping by
 * (hop, kind, identity); the largest first. See docs/formats.md "Causes". */
#include "causes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoproxy.h"
#include "codes.h"
#include "url.h"

const char *const cause_hops[] = {
	"proxy",          /* the proxy the endpoint was routed through, by host:port */
	"resolver",       /* the DNS servers asked, by address */
	"dns_filter",     /* a DNS filter's sinkhole answers, by the resolver that gives them */
	"tls_inspection", /* a CA that is not Microsoft's on hosts the client pins, by its name */
	"clock",          /* this machine's clock, by the reference it was read against */
	"pac",            /* the auto-proxy script, by its URL */
	"network_path",   /* firewalls and middleboxes between here and the hosts (two or more endpoints alike) */
	"endpoint",       /* one endpoint's own failure */
	NULL,
};

/* How a hop is named. */
enum ident { ID_PROXY, ID_RESOLVER, ID_CA, ID_CLOCK, ID_PATH, ID_OWN };

/* One row: the verdict's cause word, the hop and how it fails; DOES takes
 * the hop's identity; FIX NULL: the code's own fix is the right one. SHARED:
 * only two or more endpoints alike make it the hop's; one alone is its own. */
static const struct rule {
	const char *word, *hop, *kind;
	enum ident id;
	const char *does, *owner, *fix;
	int shared;
} rules[] = {
#define PX_OWNER "the proxy's owners"
	{ "proxy_refused", "proxy", "refuses", ID_PROXY, "proxy %s refuses connections", PX_OWNER,
	  "Start the proxy at that address, or point the clients' WinHTTP proxy at one that runs (netsh winhttp set proxy).", 0 },
	{ "proxy_unreachable", "proxy", "unreachable", ID_PROXY, "proxy %s is unreachable", PX_OWNER,
	  "Make the proxy reachable from the clients' network, or point their WinHTTP proxy at one that is.", 0 },
	{ "proxy_timeout", "proxy", "silent", ID_PROXY, "proxy %s does not answer", PX_OWNER,
	  "Find why the proxy accepts but does not answer (overload, an authentication helper, a filter that drops).", 0 },
	{ "proxy_connection_closed", "proxy", "closes", ID_PROXY, "proxy %s closes the connections", PX_OWNER,
	  "Find why the proxy closes the connections to the update hosts (its policy, its upstream route).", 0 },
	{ "proxy_status", "proxy", "http_error", ID_PROXY, "proxy %s answers with an HTTP error", PX_OWNER,
	  "Allow the update hosts in the proxy's policy and check its own route to them.", 0 },
	{ "proxy_invalid_response", "proxy", "not_http", ID_PROXY, "proxy %s answers with something other than HTTP",
	  PX_OWNER, "Check what answers on the proxy's port: a wrong service or a broken proxy.", 0 },
	{ "proxy_auth_required", "proxy", "demands_auth", ID_PROXY,
	  "proxy %s demands authentication the update client cannot give", PX_OWNER,
	  "Let the update hosts through the proxy without authentication.", 0 },
	{ "proxy_auth_rejected", "proxy", "rejects_auth", ID_PROXY, "proxy %s rejects the credentials", PX_OWNER,
	  "Let the update hosts through the proxy without authentication.", 0 },
	{ "proxy_auth_basic_only", "proxy", "basic_only", ID_PROXY,
	  "proxy %s offers only Basic authentication, which the update client cannot answer", PX_OWNER,
	  "Let the update hosts through the proxy without authentication.", 0 },
#define PX_DNS(w) { w, "proxy", "unresolved", ID_PROXY, "the proxy's name %s does not resolve", \
		    "the DNS and proxy owners", "Publish the proxy's name in DNS, or set the WinHTTP proxy by a name that resolves.", 0 }
	PX_DNS("proxy_name_not_found"), PX_DNS("proxy_dns_no_data"), PX_DNS("proxy_dns_servfail"),
	PX_DNS("proxy_dns_refused"), PX_DNS("proxy_dns_server_failed"), PX_DNS("proxy_dns_no_answer"),
	PX_DNS("proxy_dns_error"),
#define DNS_OWNER "the DNS owners"
	{ "name_not_found", "resolver", "nxdomain", ID_RESOLVER, "resolver %s answers NXDOMAIN", DNS_OWNER,
	  "Make the resolvers answer these names (a split-horizon zone or a forwarder that shadows them).", 0 },
	{ "dns_no_data", "resolver", "no_address", ID_RESOLVER, "resolver %s has no address for the names", DNS_OWNER,
	  "Make the resolvers give A (or AAAA) records for these names.", 0 },
	{ "dns_servfail", "resolver", "servfail", ID_RESOLVER, "resolver %s fails the queries (SERVFAIL)", DNS_OWNER,
	  "Repair the resolvers' recursion or forwarders for these names.", 0 },
	{ "dns_refused", "resolver", "refuses", ID_RESOLVER, "resolver %s refuses the queries", DNS_OWNER,
	  "Let the clients' resolvers recurse for these names.", 0 },
	{ "dns_server_failed", "resolver", "fails", ID_RESOLVER, "resolver %s refuses or fails the queries", DNS_OWNER,
	  "Repair the resolvers' recursion or forwarders for these names.", 0 },
	{ "dns_no_answer", "resolver", "silent", ID_RESOLVER, "resolver %s does not answer", DNS_OWNER,
	  "Make the resolvers the clients use answer (running, reachable on port 53).", 0 },
	{ "dns_error", "resolver", "error", ID_RESOLVER, "resolver %s fails", DNS_OWNER, NULL, 0 },
	{ "dns_sinkhole", "dns_filter", "sinkhole", ID_RESOLVER, "a DNS filter behind resolver %s sinkholes the names",
	  "the DNS filter's owners", "Let the update hosts resolve in the DNS filter's policy.", 0 },
	{ "proxy_dns_sinkhole", "dns_filter", "sinkhole_proxy", ID_RESOLVER,
	  "a DNS filter behind resolver %s sinkholes the proxy's name",
	  "the DNS filter's owners", "Let the proxy's name resolve in the DNS filter's policy.", 0 },
	{ "tls_intercepted", "tls_inspection", "inspects", ID_CA,
	  "TLS inspection by %s on endpoints the update client pins", "the TLS inspection appliance's owners",
	  "Exempt the update hosts from TLS inspection: the update client accepts only Microsoft's certificates there.", 0 },
	{ "clock_skew", "clock", "skew", ID_CLOCK, "this machine's clock (%s) makes valid certificates look expired or not yet valid",
	  "this machine's administrators", "Set this machine's clock right (w32tm /resync, or its NTP source).", 0 },
#define NET_OWNER "the network's owners"
	{ "connection_refused", "network_path", "refuses", ID_PATH, "the path (%s) refuses connections", NET_OWNER, NULL, 1 },
	{ "unreachable", "network_path", "unreachable", ID_PATH, "the path (%s) cannot reach the hosts", NET_OWNER, NULL, 1 },
	{ "timeout", "network_path", "drops", ID_PATH, "the path (%s) drops the traffic silently", NET_OWNER, NULL, 1 },
	{ "connection_reset", "network_path", "resets", ID_PATH, "the path (%s) resets the connections", NET_OWNER, NULL, 1 },
	{ "connection_closed", "network_path", "resets", ID_PATH, "the path (%s) closes the connections", NET_OWNER, NULL, 1 },
	{ "captive_portal", "network_path", "captive_portal", ID_PATH, "a captive portal on the path (%s) holds the requests",
	  NET_OWNER, "Exempt these machines from the captive portal.", 1 },
};

static const struct rule *rule_of(const char *word)
{
	for (size_t i = 0; word && i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].word, word) == 0)
			return &rules[i];
	return NULL;
}

/* The zone of HOST: all but its first label ("" for a name of one label). */
static const char *zone_of(const char *host)
{
	const char *dot = strchr(host, '.');
	return dot && strchr(dot + 1, '.') ? dot + 1 : "";
}

static void host_of(const struct result *res, char *buf, size_t len)
{
	struct url u;
	snprintf(buf, len, "%s", ep_conf_url(res->conf, &u) == 0 ? u.host : res->conf->url);
}

/* The CA a tls_intercepted chain verified through: the root's name, or
 * the top certificate's issuer. */
static const char *ca_of(const struct result *res)
{
	const struct chain_summary *c = result_chain(res);
	if (c->root && *c->root)
		return c->root;
	return c->nsent ? c->sent[c->nsent - 1].issuer : NULL;
}

static void identity(const struct run *r, const struct result *res, const struct rule *ru, char *who, size_t len)
{
	char route[URL_HOST_MAX + 16];

	switch (ru->id) {
	case ID_PROXY:
	case ID_PATH:
		run_route(res, route, sizeof route);
		snprintf(who, len, "%.*s", (int)len - 1, ru->id == ID_PATH && !res->route.proxy ? "direct" : route);
		break;
	case ID_RESOLVER:
		snprintf(who, len, "%s", r->resolvers && *r->resolvers ? r->resolvers : "of this machine");
		break;
	case ID_CA:
		if (ca_of(res))
			snprintf(who, len, "'%.*s'", (int)len - 3, ca_of(res));
		else
			snprintf(who, len, "a CA that is not Microsoft's");
		break;
	case ID_CLOCK:
		if (r->clock && r->clock->known) {
			char human[40];
			clock_human(r->clock->skew, human, sizeof human);
			snprintf(who, len, "%s %s %.*s", human, r->clock->skew >= 0 ? "ahead of" : "behind",
				 (int)len / 2, r->clock->reference);
		} else {
			snprintf(who, len, "no reference");
		}
		break;
	case ID_OWN:
		snprintf(who, len, "%s", res->conf->url);
		break;
	}
}

static int add_index(struct cause *c, size_t i, const struct result *res)
{
	size_t *grown = realloc(c->idx, (c->n + 1) * sizeof *grown);

	if (!grown)
		return -1;
	c->idx = grown;
	c->idx[c->n++] = i;
	if (res && res->status > c->status && res->status != ST_ERROR)
		c->status = res->status;
	for (size_t k = 0; res && res->code; k++) {
		if (k == c->ncodes) {
			if (k < CAUSE_CODES_MAX)
				c->codes[c->ncodes++] = res->code;
			break;
		}
		if (c->codes[k] == res->code)
			break;
	}
	return 0;
}

static struct cause *cause_new(struct causes *out, const char *key)
{
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->c[i].key, key) == 0)
			return &out->c[i];
	struct cause *grown = realloc(out->c, (out->n + 1) * sizeof *grown);
	if (!grown)
		return NULL;
	out->c = grown;
	memset(&out->c[out->n], 0, sizeof out->c[0]);
	snprintf(out->c[out->n].key, sizeof out->c[0].key, "%s", key);
	return &out->c[out->n++];
}

/* An endpoint's cause under RULE (NULL: its own). */
static int group(struct causes *out, const struct run *r, size_t i, const struct rule *ru)
{
	const struct result *res = r->res[i];
	char who[CAUSE_WHO_MAX], key[sizeof out->c[0].key], host[URL_HOST_MAX + 1];
	struct cause *c;

	host_of(res, host, sizeof host);
	if (ru) {
		identity(r, res, ru, who, sizeof who);
		snprintf(key, sizeof key, "%s/%s/%s/%s", ru->hop, ru->kind, who,
			 strcmp(ru->kind, "nxdomain") == 0 ? zone_of(host) : "");
	} else {
		snprintf(who, sizeof who, "%s", res->conf->url);
		snprintf(key, sizeof key, "endpoint/%zu", i);
	}
	if (!(c = cause_new(out, key)))
		return -1;
	if (!c->hop) {
		c->hop = ru ? ru->hop : "endpoint";
		c->kind = ru ? ru->kind : res->cause ? res->cause : "unknown";
		c->owner = ru ? ru->owner : NULL;
		c->fix = ru ? ru->fix : NULL;
		snprintf(c->who, sizeof c->who, "%s", who);
	}
	return add_index(c, i, res);
}

/* The run's auto-proxy as a cause: the script failed for every URL (each
 * endpoint went its static way), or for some. */
static int pac_cause(struct causes *out, const struct run *r)
{
	const struct autoproxy *ap = r->autoproxy;
	struct cause *c;

	if (!ap || !ap->on || (!ap->code && !ap->url_errors))
		return 0;
	if (!(c = cause_new(out, "pac")))
		return -1;
	c->hop = "pac";
	c->kind = !ap->code ? "script_fails" : strcmp(ap->cause ? ap->cause : "", "pac_script_error") == 0 ? "script_fails"
		: strcmp(ap->cause ? ap->cause : "", "wpad_not_found") == 0 ? "not_found" : "not_fetched";
	c->owner = "the auto-proxy script's owners";
	snprintf(c->who, sizeof c->who, "%.*s", (int)sizeof c->who - 1, ap->pac_name[0] ? ap->pac_name : "WPAD");
	c->status = ST_WARN;
	c->codes[c->ncodes++] = ap->code ? ap->code : 0x80072F86u;
	/* The script's answer for each endpoint of the list (autoproxy.h): one
	 * it failed for went the static way, so its record has no PAC route. */
	for (size_t i = 0; i < r->n; i++) {
		const struct pac_decision *d = ap->dec && i < ap->n ? &ap->dec[i] : r->res[i]->route.pac;
		if ((ap->code || (d && d->error)) && add_index(c, i, NULL))
			return -1;
	}
	return 0;
}

static void describe(struct cause *c, const struct run *r)
{
	const struct rule *ru = NULL;
	size_t used;

	for (size_t i = 0; i < sizeof rules / sizeof rules[0] && !ru; i++)
		if (strcmp(rules[i].hop, c->hop) == 0 && strcmp(rules[i].kind, c->kind) == 0)
			ru = &rules[i];
	if (strcmp(c->hop, "pac") == 0) {
		used = (size_t)snprintf(c->text, sizeof c->text, "the auto-proxy script %s %s", c->who,
					strcmp(c->kind, "script_fails") == 0 ? "fails" :
					strcmp(c->kind, "not_found") == 0 ? "is not found" : "cannot be fetched");
		snprintf(c->text + used, sizeof c->text - used, ": %zu endpoint%s go%s the static route", c->n,
			 c->n == 1 ? "" : "s", c->n == 1 ? "es" : "");
		c->fix = wu_code_find(c->codes[0]) ? wu_code_find(c->codes[0])->fix : NULL;
		return;
	}
	if (strcmp(c->hop, "endpoint") == 0 || !ru) {
		const struct result *res = r->res[c->idx[0]];
		snprintf(c->text, sizeof c->text, "%s: %s", res->conf->url, result_message(res));
		return;
	}
	const char *at = strstr(ru->does, "%s");   /* the table's one place for the identity */
	used = (size_t)snprintf(c->text, sizeof c->text, "%.*s%.*s%s", (int)(at - ru->does), ru->does,
				(int)sizeof c->who, c->who, at + 2);
	if (used < sizeof c->text && strcmp(c->kind, "nxdomain") == 0) {
		char host[URL_HOST_MAX + 1];
		host_of(r->res[c->idx[0]], host, sizeof host);
		if (c->n > 1 && *zone_of(host))
			used += (size_t)snprintf(c->text + used, sizeof c->text - used, " for *.%s", zone_of(host));
		else
			used += (size_t)snprintf(c->text + used, sizeof c->text - used, " for %s", host);
	}
	if (used < sizeof c->text)
		snprintf(c->text + used, sizeof c->text - used, ": %zu of %zu endpoints", c->n, r->n);
}

static int larger_first(const void *a, const void *b)
{
	const struct cause *x = a, *y = b;
	/* The auto-proxy's cause may explain none of the list (its URL errors
	 * were a redirect target's): it sorts last of its size. */
	size_t xi = x->n ? x->idx[0] : SIZE_MAX, yi = y->n ? y->idx[0] : SIZE_MAX;
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	if (x->status != y->status)
		return x->status > y->status ? -1 : 1;
	return xi < yi ? -1 : xi > yi;
}

int causes_find(const struct run *r, struct causes *out)
{
	out->c = NULL;
	out->n = 0;
	if (pac_cause(out, r))
		goto oom;
	for (size_t i = 0; i < r->n; i++) {
		const struct result *res = r->res[i];
		if ((res->status != ST_FAIL && res->status != ST_WARN) || !res->code)
			continue;
		if (group(out, r, i, rule_of(res->cause)))
			goto oom;
	}
	/* A shared row with one endpoint alone: its own cause after all. */
	for (size_t k = 0; k < out->n; k++) {
		struct cause *c = &out->c[k];
		const struct rule *ru = c->n == 1 && strcmp(c->hop, "pac") != 0 ? rule_of(r->res[c->idx[0]]->cause) : NULL;
		if (ru && ru->shared) {
			c->hop = "endpoint";
			c->kind = ru->word;
			snprintf(c->who, sizeof c->who, "%.*s", (int)sizeof c->who - 1, r->res[c->idx[0]]->conf->url);
		}
	}
	for (size_t k = 0; k < out->n; k++) {
		describe(&out->c[k], r);
		if (!out->c[k].fix && out->c[k].ncodes) {
			const struct wu_code *w = wu_code_find(out->c[k].codes[0]);
			out->c[k].fix = w ? w->fix : NULL;
			out->c[k].owner = strcmp(out->c[k].hop, "endpoint") == 0 ? NULL : out->c[k].owner;
		}
	}
	if (out->n > 1)
		qsort(out->c, out->n, sizeof out->c[0], larger_first);
	return 0;
oom:
	causes_free(out);
	return -1;
}

void causes_free(struct causes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->c[i].idx);
	free(c->c);
	c->c = NULL;
	c->n = 0;
}

const char *causes_code_fix(const struct causes *cs, uint32_t code, char *buf, size_t len)
{
	const struct wu_code *w = wu_code_find(code);
	const char *own = w ? w->fix : "";
	const struct cause *one = NULL;
	size_t ncauses = 0, used = 0;
	bool all_own = true;

	for (size_t i = 0; i < cs->n; i++)
		for (size_t k = 0; k < cs->c[i].ncodes; k++)
			if (cs->c[i].codes[k] == code) {
				ncauses++;
				one = &cs->c[i];
				all_own &= !cs->c[i].fix || strcmp(cs->c[i].fix, own) == 0;
			}
	if (!ncauses || all_own)
		return own;
	if (ncauses == 1)
		return one->fix;
	used = (size_t)snprintf(buf, len, "Depends on the cause: see causes");
	for (size_t i = 0; i < cs->n && used < len; i++)
		for (size_t k = 0; k < cs->c[i].ncodes && used < len; k++)
			if (cs->c[i].codes[k] == code)
				used += (size_t)snprintf(buf + used, len - used, " %zu", i + 1);
	if (used < len)
		snprintf(buf + used, len - used, " above.");
	return buf;
}

void causes_list(const struct cause *c, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < c->n && used < len; i++) {
		size_t j = i;
		while (j + 1 < c->n && c->idx[j + 1] == c->idx[j] + 1)
			j++;
		if (j > i)
			used += (size_t)snprintf(buf + used, len - used, "%s%zu-%zu", i ? ", " : "", c->idx[i] + 1, c->idx[j] + 1);
		else
			used += (size_t)snprintf(buf + used, len - used, "%s%zu", i ? ", " : "", c->idx[i] + 1);
		i = j;
	}
}

const struct cause *causes_of(const struct causes *cs, size_t i, size_t *rank)
{
	const struct cause *pac = NULL;

	for (size_t k = 0; k < cs->n; k++)
		for (size_t j = 0; j < cs->c[k].n; j++) {
			if (cs->c[k].idx[j] != i)
				continue;
			if (strcmp(cs->c[k].hop, "pac") != 0) {
				*rank = k + 1;
				return &cs->c[k];
			}
			if (!pac) {
				pac = &cs->c[k];
				*rank = k + 1;
			}
		}
	return pac;
}
