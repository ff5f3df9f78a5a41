/* The JSON report: one document, version 1, stable for scripts (README). */
#include "codes.h"
#include "json.h"
#include "report.h"
#include "version.h"

static void endpoint_json(struct jw *w, const struct endpoint *ep)
{
	const struct result *r = &ep->res;
	char code[11];

	jw_object(w, NULL);
	jw_str(w, "url", ep->conf->url);
	jw_str(w, "group", ep->conf->group);
	jw_str(w, "pattern", ep->conf->pattern);
	jw_str(w, "status", status_name(r->status));
	if (r->code) {
		const struct wu_code *c = wu_code_find(r->code);
		wu_code_format(r->code, code);
		jw_str(w, "code", code);
		jw_str(w, "code_name", c ? c->name : NULL);
	} else {
		jw_null(w, "code");
		jw_null(w, "code_name");
	}
	jw_str(w, "cause", r->cause);
	jw_str(w, "stage", stage_name(r->stage));
	jw_str(w, "message", r->message);
	char route[URL_HOST_MAX + 16];
	run_route(ep, route, sizeof route);
	jw_str(w, "route", ep->proxy ? "proxy" : "direct");
	jw_str(w, "proxy", ep->proxy ? route : NULL);
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
	if (ep->conf->u.https || r->tls.subject[0] || r->tls.version[0]) {
		jw_object(w, "tls");
		jw_str(w, "version", r->tls.version[0] ? r->tls.version : NULL);
		jw_str(w, "cipher", r->tls.cipher[0] ? r->tls.cipher : NULL);
		jw_str(w, "subject", r->tls.subject[0] ? r->tls.subject : NULL);
		jw_str(w, "issuer", r->tls.issuer[0] ? r->tls.issuer : NULL);
		jw_str(w, "not_after", r->tls.not_after[0] ? r->tls.not_after : NULL);
		jw_end(w, '}');
	} else {
		jw_null(w, "tls");
	}
	jw_end(w, '}');
}

void report_json(FILE *f, const struct run *r)
{
	struct code_count codes[64];
	size_t nc = run_codes(r, codes, sizeof codes / sizeof codes[0]);
	struct jw w;
	char code[11];

	jw_init(&w, f);
	jw_object(&w, NULL);
	jw_int(&w, "version", 1);
	jw_object(&w, "tool");
	jw_str(&w, "name", "wuprobe");
	jw_str(&w, "version", WUPROBE_VERSION);
	jw_end(&w, '}');
	jw_str(&w, "started_at", r->started_at);
	jw_int(&w, "duration_ms", r->duration_ms);
	jw_str(&w, "status", status_name(r->status));
	jw_int(&w, "exit_code", r->exit_code);
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
	jw_array(&w, "endpoints");
	for (size_t i = 0; i < r->n; i++)
		endpoint_json(&w, &r->eps[i]);
	jw_end(&w, ']');
	jw_array(&w, "codes");
	for (size_t i = 0; i < nc; i++) {
		const struct wu_code *c = wu_code_find(codes[i].code);
		wu_code_format(codes[i].code, code);
		jw_object(&w, NULL);
		jw_str(&w, "code", code);
		jw_str(&w, "name", c ? c->name : NULL);
		jw_int(&w, "count", codes[i].count);
		jw_str(&w, "fix", c ? c->fix : NULL);
		jw_end(&w, '}');
	}
	jw_end(&w, ']');
	jw_end(&w, '}');
}
