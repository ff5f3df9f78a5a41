/* The logged side beside the probe's verdict: the record of the endpoint
 * with the failure's URL (probed as group from-log, or listed by -c). */
#include "logreport.h"

#include <string.h>
#include <strings.h>

#include "codes.h"
#include "config.h"
#include "explain.h"
#include "json.h"
#include "notes.h"
#include "redact.h"
#include "report.h"

static const struct result *record_of(const struct run *r, const char *url);

/* A URL the client failed on is ok now only with a success: a 404 or a
 * block page's 403 is a failure now too (with its own code), never "gone". */
static const int success[] = { 200, 201, 202, 203, 204, 205, 206 };

int log_add_endpoints(struct config *c, const struct log_scan *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < s->nfail; i++) {
		const struct log_failure *f = &s->fail[i];
		const struct code_note *n = note_find(f->code);
		if (n && n->kind == NOTE_MACHINE)
			continue;
		if (f->url[0] && !f->placeholder && config_add_url(c, f->url, "from-log", "from-log", success,
									 sizeof success / sizeof success[0], err, errlen) < 0)
			return -1;
	}
	return 0;
}

const struct result *log_now(const struct run *r, const struct log_failure *x)
{
	const struct code_note *n = note_find(x->code);

	return x->placeholder || (n && n->kind == NOTE_MACHINE) ? NULL : record_of(r, x->url);
}

static const struct result *record_of(const struct run *r, const char *url)
{
	if (!url[0])
		return NULL;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->res[i]->conf->url, url) == 0)
			return r->res[i];
	return NULL;
}

/* Does the route this run took match the proxy list the client logged?
 * "" logged (the client went direct) matches "direct"; a proxy matches
 * when its host:port is in the list (as "h:p", "http=h:p", "http://h:p"). */
bool log_route_matches(const char *logged, const char *route)
{
	if (!logged[0] || strcasecmp(logged, "direct") == 0)
		return strcmp(route, "direct") == 0;
	if (strcmp(route, "direct") == 0)
		return false;
	size_t n = strlen(route);
	for (const char *p = logged; *p; p++) {
		if (strncasecmp(p, route, n) != 0)
			continue;
		char before = p == logged ? ' ' : p[-1], after = p[n];
		if ((before == ' ' || before == '=' || before == ';' || before == '/' || before == '<') &&
		    (after == '\0' || after == ' ' || after == ';' || after == '/' || after == '>'))
			return true;
	}
	return false;
}


static void text_one(FILE *f, const struct run *r, const struct log_failure *x)
{
	char hex[11], route[300], name[64];
	const struct code_note *n = note_find(x->code);
	const struct result *now = n && n->kind == NOTE_MACHINE ? NULL : record_of(r, x->url);

	wu_code_format(x->code, hex);
	explain_name(x->code, name, sizeof name);
	fprintf(f, "  logged %s %s at %s", hex, name, x->first[0] ? x->first : "(no time)");
	if (x->count > 1)
		fprintf(f, " (%lu times, last %s)", x->count, x->last[0] ? x->last : "-");
	if (x->component[0])
		fprintf(f, " by %s", x->component);
	fprintf(f, "\n    for %s\n", x->url[0] ? x->url : "(no URL logged with it)");
	if (x->has_proxy)
		fprintf(f, "    the client used: %s\n", x->proxy[0] ? x->proxy : "no proxy (direct)");
	if (n && n->kind == NOTE_MACHINE) {
		fprintf(f, "    not the network: a fault on the Windows machine, nothing to probe\n");
		return;
	}
	if (!x->url[0])
		return;
	if (x->placeholder) {
		fprintf(f, "    not probed: the host is a placeholder, not a name (a hand-edited copy?)\n");
		return;
	}
	if (!now) {
		fprintf(f, "    not probed: not a URL wuprobe can probe\n");
		return;
	}
	run_route(now, route, sizeof route);
	if (now->status == ST_OK) {
		fprintf(f, "    now: ok (%s): gone, or intermittent\n", route);
	} else {
		wu_code_format(now->code, hex);
		fprintf(f, "    now: %s %s (%s): %s\n", now->status == ST_WARN ? "WARN" : now->status == ST_FAIL ? "FAIL" : "ERROR",
			now->code ? hex : "-", route, result_message(now));
	}
	if (x->has_proxy && !log_route_matches(x->proxy, route))
		fprintf(f, "    the route differs: the client logged %s, this run went %s\n",
			x->proxy[0] ? x->proxy : "direct", route);
}

void log_report_text(FILE *f, const struct run *r)
{
	const struct log_view *v = r->from_log;
	const struct log_scan *s = v->scan;
	char name[REDACT_MAX];

	redact(v->path, strlen(v->path), name, sizeof name);
	fprintf(f, "\nFrom the log %s: %lu lines read in %ld ms, %lu failed requests logged (%zu distinct)%s\n", name,
		s->text.lines, v->read_ms, s->failures, s->nfail, s->nfail ? ":" : "; nothing to compare");
	if (s->not_kept)
		fprintf(f, "  (%lu more failures beyond %d distinct ones were counted, not kept)\n", s->not_kept,
			LOG_FAIL_MAX);
	for (size_t i = 0; i < s->nfail; i++)
		text_one(f, r, &s->fail[i]);
	if (!s->nfail)
		return;
	fprintf(f, "\nLogged codes:\n");
	for (size_t i = 0; i < s->nfail; i++) {
		size_t k = 0;
		while (k < i && s->fail[k].code != s->fail[i].code)
			k++;
		if (k < i)
			continue;
		if (!explain_text(f, s->fail[i].code, "  ")) {
			char hex[11];
			wu_code_format(s->fail[i].code, hex);
			fprintf(f, "  %s  not a code wuprobe knows\n", hex);
		}
	}
}

void log_report_json(struct jw *w, const struct run *r)
{
	const struct log_view *v = r->from_log;
	const struct log_scan *s = v->scan;
	char name[REDACT_MAX], hex[11], route[300];

	redact(v->path, strlen(v->path), name, sizeof name);
	jw_object(w, "from_log");
	jw_str(w, "file", name);
	jw_int(w, "lines", (int64_t)s->text.lines);
	jw_int(w, "read_ms", v->read_ms);
	jw_int(w, "failures", (int64_t)s->failures);
	jw_int(w, "not_kept", (int64_t)s->not_kept);
	jw_array(w, "logged");
	for (size_t i = 0; i < s->nfail; i++) {
		const struct log_failure *x = &s->fail[i];
		const struct code_note *n = note_find(x->code);
		const struct result *now =
			x->placeholder || (n && n->kind == NOTE_MACHINE) ? NULL : record_of(r, x->url);
		jw_object(w, NULL);
		wu_code_format(x->code, hex);
		jw_str(w, "code", hex);
		explain_json_fields(w, x->code);
		jw_str(w, "first", x->first[0] ? x->first : NULL);
		jw_str(w, "last", x->last[0] ? x->last : NULL);
		jw_int(w, "count", (int64_t)x->count);
		jw_int(w, "line", (int64_t)x->line);
		jw_str(w, "component", x->component[0] ? x->component : NULL);
		jw_str(w, "url", x->url[0] ? x->url : NULL);
		jw_bool(w, "placeholder", x->placeholder);
		jw_str(w, "proxy_logged", x->has_proxy ? x->proxy : NULL);
		if (now) {
			run_route(now, route, sizeof route);
			jw_str(w, "now_status", status_name(now->status));
			wu_code_format(now->code, hex);
			jw_str(w, "now_code", now->code ? hex : NULL);
			jw_str(w, "now_message", result_message(now));
			jw_str(w, "now_route", route);
			if (x->has_proxy)
				jw_bool(w, "route_differs", !log_route_matches(x->proxy, route));
			else
				jw_null(w, "route_differs");
		} else {
			jw_null(w, "now_status");
			jw_null(w, "now_code");
			jw_null(w, "now_message");
			jw_null(w, "now_route");
			jw_null(w, "route_differs");
		}
		jw_end(w, '}');
	}
	jw_end(w, ']');
	jw_end(w, '}');
}
