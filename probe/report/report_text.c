/* The text report: one aligned row per endpoint, then each code once with
 * its name, how many endpoints, and the fix. Colour only when asked. */
#include <string.h>

#include "autoproxy.h"
#include "causes.h"
#include "codes.h"
#include "drift.h"
#include "source.h"
#include "policy.h"
#include "logreport.h"
#include "report.h"
#include "version.h"

#define RED    "\033[31m"
#define YELLOW "\033[33m"
#define GREEN  "\033[32m"
#define BOLD   "\033[1m"
#define RESET  "\033[0m"

/* The URL column's width: a longer URL keeps its start (scheme, host) and its
 * end (the file), joined by "..."; -v and JSON have it whole. ASCII dots, so
 * the column is as wide in bytes as on screen in any locale. */
#define URL_COL   70
#define URL_TAIL  28

/* Text from servers and libraries may hold control characters: never let
 * them reach a terminal. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s, f);
}

static void put_ms(FILE *f, int64_t ms, int width)
{
	if (ms < 0)
		fprintf(f, " %*s", width, "-");
	else
		fprintf(f, " %*lld", width, (long long)ms);
}

/* URL as the table shows it: whole when it fits, else shortened. True when shortened. */
static bool url_cell(const char *url, char out[URL_COL + 1])
{
	size_t n = strlen(url);

	if (n <= URL_COL) {
		memcpy(out, url, n + 1);
		return false;
	}
	memcpy(out, url, URL_COL - 3 - URL_TAIL);
	memcpy(out + URL_COL - 3 - URL_TAIL, "...", 3);
	memcpy(out + URL_COL - URL_TAIL, url + n - URL_TAIL, URL_TAIL + 1);
	return true;
}

static const char *status_word(enum v_status s)
{
	static const char *const w[] = { "ok", "WARN", "FAIL", "ERR" };
	return w[s];
}

static const char *status_color(enum v_status s)
{
	static const char *const c[] = { GREEN, YELLOW, RED, BOLD };
	return c[s];
}

static void row(FILE *f, const struct result *r, int urlw, int routew, const struct text_style *st)
{
	const struct result_route *rt = &r->route;
	char code[11] = "-", route[URL_HOST_MAX + 16], url[URL_COL + 1];
	bool shortened = url_cell(r->conf->url, url);

	if (r->code && r->status != ST_OK)
		wu_code_format(r->code, code);
	run_route(r, route, sizeof route);
	fprintf(f, "%s%-4s%s  %-10s  %-*s  %-*s", st->color ? status_color(r->status) : "",
		status_word(r->status), st->color ? RESET : "", code, urlw, url, routew, route);
	put_ms(f, r->t.dns, 5);
	put_ms(f, r->t.connect, 5);
	put_ms(f, r->t.tls, 5);
	put_ms(f, r->t.first_byte, 5);
	put_ms(f, r->t.total, 6);
	fputs("  ", f);
	put_clean(f, result_message(r));
	fputc('\n', f);
	if (st->verbose) {
		if (shortened)
			fprintf(f, "      url %s\n", r->conf->url);
		fprintf(f, "      group %s", r->conf->group);
		if (r->conf->pattern)
			fprintf(f, ", pattern %s", r->conf->pattern);
		fprintf(f, ", stage %s", stage_name(r->stage));
		fprintf(f, ", source %s", r->conf->source ? r->conf->source : "default list");
		if (r->conf->unneeded)
			fprintf(f, ", not needed under this policy (%s)", r->conf->unneeded);
		if (r->cause)
			fprintf(f, ", cause %s", r->cause);
		fputc('\n', f);
		if (rt->source_via) {
			fprintf(f, "      settings %s", route_source_name((enum route_source)rt->source));
			if (component_name(r->conf->component)[0])
				fprintf(f, " for %s", component_name(r->conf->component));
			fprintf(f, " (%s)", rt->source_via);
			if (rt->source_why)
				fprintf(f, ": %s", rt->source_why);
			fputc('\n', f);
		}
		if (rt->pac) {
			char used[URL_HOST_MAX + 24] = "the static route";
			if (rt->pac->n)
				autoproxy_entry_format(rt->pac, rt->pac_at, used, sizeof used);
			fputs("      pac ", f);
			put_clean(f, rt->pac->list ? rt->pac->list : rt->pac->error ? rt->pac->error : "-");
			fputs(" -> ", f);
			put_clean(f, used);
			if (rt->pac_failed) {
				fputs(" (after ", f);
				put_clean(f, rt->pac_failed);
				fputc(')', f);
			}
			fputc('\n', f);
		}
		if (r->naddrs) {
			fputs("      addresses", f);
			for (int i = 0; i < r->naddrs; i++)
				fprintf(f, " %s", r->addrs[i]);
			fputc('\n', f);
		}
		if (r->secondary) {
			const struct wu_code *c2 = wu_code_find(r->secondary);
			char sc[11];
			wu_code_format(r->secondary, sc);
			fprintf(f, "      reason %s %s\n", sc, c2 ? c2->name : "");
		}
		if (r->tls.version[0])
			fprintf(f, "      tls %s %s\n", r->tls.version, r->tls.cipher);
		if (r->tls.tls13 >= 0)
			fprintf(f, "      tls 1.3 %s (information only)\n", r->tls.tls13 ? "accepted" : "refused");
		for (int i = 0; i < result_chain(r)->nsent; i++) {
			const struct chain_summary_cert *c = &result_chain(r)->sent[i];
			fputs(i ? "      then " : "      certificate ", f);
			put_clean(f, c->subject);
			fputs(", issued by ", f);
			put_clean(f, c->issuer);
			fprintf(f, ", valid %s to %s\n", c->not_before, c->not_after);
		}
		if (result_chain(r)->sans[0]) {
			fputs("      names ", f);
			put_clean(f, result_chain(r)->sans);
			if (result_chain(r)->sans_omitted)
				fprintf(f, " (and %d more)", result_chain(r)->sans_omitted);
			fputc('\n', f);
		}
		if (result_chain(r)->root[0]) {
			fputs("      root ", f);
			put_clean(f, result_chain(r)->root);
			fputc('\n', f);
		}
	}
}

/* The automatic proxy, one line: where the script came from and how it
 * went; for WPAD, every name tried. */
static void autoproxy_line(FILE *f, const struct autoproxy *ap)
{
	if (!ap || !ap->on)
		return;
	if (ap->code) {
		char code[11];
		wu_code_format(ap->code, code);
		fprintf(f, "auto-proxy FAIL %s (%s): ", code, ap->cause);
		put_clean(f, ap->message);
		fputs("; the clients go the static way\n", f);
	} else {
		fprintf(f, "auto-proxy %s: ", ap->url_errors ? "WARN" : "ok");
		put_clean(f, ap->pac_name);
		fprintf(f, " (myIpAddress %s", ap->client_ip);
		if (ap->url_errors)
			fprintf(f, "; FindProxyForURL failed for %zu URL%s, which went the static way", ap->url_errors,
				ap->url_errors == 1 ? "" : "s");
		fputs(")\n", f);
	}
	for (size_t i = 0; ap->wpad && i < ap->wpad_rep.ntries; i++) {
		fputs("  wpad ", f);
		put_clean(f, ap->wpad_rep.tries[i].url);
		fputs(": ", f);
		put_clean(f, ap->wpad_rep.tries[i].outcome);
		fputc('\n', f);
	}
	if (ap->wpad)
		fputs("  note: " WPAD_NOTE "\n", f);
}

/* Per component, which settings routed it and the rule that says so (only
 * when a rule decided: components named and a user's settings, or an
 * automatic proxy, in play). */
static void components_lines(FILE *f, const struct run *r)
{
	bool seen[COMP_COUNT] = { false };

	for (size_t i = 0; i < r->n; i++) {
		const struct result_route *rt = &r->res[i]->route;
		enum component c = r->res[i]->conf->component;
		if (c == COMP_UNSET || seen[c] || !rt->source_why)
			continue;
		seen[c] = true;
		fprintf(f, "%s: %s settings (%s): ", component_name(c), route_source_name((enum route_source)rt->source),
			rt->source_via);
		put_clean(f, rt->source_why);
		fputc('\n', f);
	}
}

static void clock_line(FILE *f, const struct clock_verdict *c, const struct text_style *st)
{
	static const enum v_status as_status[] = { ST_WARN, ST_OK, ST_WARN, ST_FAIL };
	/* "unknown" as JSON says it; the others as the endpoints' words. */
	const char *word = c->status == CK_UNKNOWN ? clock_status_name(c->status) : status_word(as_status[c->status]);
	/* Half an SNTP round trip can come out a hair below zero (the server's
	 * own time stamps span more than the round trip): never "+/- -0.00". */
	double uncertainty = c->uncertainty > 0 ? c->uncertainty : 0.0;

	char odd[CLOCK_ODD_MAX * 340];

	clock_odd_text(c, odd, sizeof odd);
	fprintf(f, "clock %s%s%s: ", st->color ? status_color(as_status[c->status]) : "", word, st->color ? RESET : "");
	if (!c->known) {
		fputs(c->nodd ? "the references disagree and none outvotes the others: " : "no reference answered", f);
		put_clean(f, odd);
		if (c->ntp && c->ntp->error[0]) {
			fputs(c->nodd ? "; SNTP failed: " : " (", f);
			put_clean(f, c->ntp->error);
			fputs(c->nodd ? "" : ")", f);
		}
		fputc('\n', f);
		return;
	}
	char human[40];
	clock_human(c->skew, human, sizeof human);
	fprintf(f, "this machine is %s %s ", human, c->skew >= 0 ? "ahead of" : "behind");
	put_clean(f, c->reference);
	fprintf(f, " (+/- %.2f s; %d of %d sources agree; warns beyond %.0f s)", uncertainty, c->sources,
		c->nsources, c->max_skew);
	if (c->nodd) {
		fputs("; outvoted: ", f);
		put_clean(f, odd);
	}
	if (c->sntp_off && c->ntp) {
		clock_human(-c->ntp->offset - c->skew, human, sizeof human);
		fprintf(f, "; a clock set from that SNTP server would be %s off, beyond %.0f s", human, c->max_skew);
	}
	if (c->broken)
		fprintf(f, "; it breaks %d certificate check%s", c->broken, c->broken == 1 ? "" : "s");
	if (c->ntp && !c->ntp->ok && c->ntp->error[0]) {
		fputs("; SNTP failed: ", f);
		put_clean(f, c->ntp->error);
	}
	fputc('\n', f);
}

/* The causes, largest first: the hop and what it does, the endpoints it
 * explains (their rows' numbers), the codes, and the one fix for its owner. */
static void causes_lines(FILE *f, const struct run *r, const struct causes *cs, const struct text_style *st)
{
	if (!cs->n)
		return;
	fprintf(f, "\nCauses (largest first):\n");
	for (size_t i = 0; i < cs->n; i++) {
		const struct cause *c = &cs->c[i];
		char list[512], code[11];
		causes_list(c, list, sizeof list);
		fprintf(f, "  %zu. %s%s%s  ", i + 1, st->color ? status_color(c->status) : "", status_word(c->status),
			st->color ? RESET : "");
		if (strcmp(c->hop, "endpoint") == 0) {   /* its URL as the table shows it */
			char url[URL_COL + 1];
			url_cell(r->res[c->idx[0]]->conf->url, url);
			fprintf(f, "%s: ", url);
			put_clean(f, result_message(r->res[c->idx[0]]));
		} else {
			put_clean(f, c->text);
		}
		fprintf(f, "\n     hop %s, kind %s, code%s", c->hop, c->kind, c->ncodes == 1 ? "" : "s");
		for (size_t k = 0; k < c->ncodes; k++) {
			wu_code_format(c->codes[k], code);
			fprintf(f, "%s%s", k ? ", " : " ", code);
		}
		fprintf(f, ", endpoint%s %s\n", c->n == 1 ? "" : "s", list);
		if (c->fix) {
			fputs("     fix", f);
			if (c->owner)
				fprintf(f, " (%s)", c->owner);
			fputs(": ", f);
			put_clean(f, c->fix);
			fputc('\n', f);
		}
	}
}

/* What changed since --compare's report: the summary, then each change. */
static void drift_lines(FILE *f, const struct drift *d)
{
	char line[1200];

	if (!d)
		return;
	fprintf(f, "\nChanges %s\n", d->summary);
	for (size_t i = 0; i < d->n; i++) {
		drift_item_text(&d->items[i], line, sizeof line);
		fputs("  ", f);
		put_clean(f, line);
		fputc('\n', f);
	}
}

void report_text(FILE *f, const struct run *r, const struct text_style *st)
{
	struct causes cs;
	struct code_count codes[64];
	size_t nc = run_codes(r, codes, sizeof codes / sizeof codes[0]);
	int urlw = 3, routew = 6;
	size_t shown = 0;

	for (size_t i = 0; i < r->n; i++) {
		char route[URL_HOST_MAX + 16];
		int l = (int)strlen(r->res[i]->conf->url);
		if (l > urlw)
			urlw = l;
		run_route(r->res[i], route, sizeof route);
		if ((int)strlen(route) > routew)
			routew = (int)strlen(route);
		if (!st->quiet || r->res[i]->status != ST_OK)
			shown++;
	}
	if (urlw > URL_COL)
		urlw = URL_COL;
	if (causes_find(r, &cs))
		fputs("wuprobe: out of memory: no causes\n", f);

	if (!st->quiet || r->status != ST_OK) {
		fprintf(f, "wuprobe %s: %zu endpoints from %s, %lld ms, started %s\n", WUPROBE_VERSION, r->n,
			r->config_path, (long long)r->duration_ms, r->started_at);
		if (r->proxy && r->proxy->nservers) {
			char list[1024], bypass[2048];
			proxy_list_format(r->proxy, list, sizeof list);
			proxy_bypass_format(r->proxy, bypass, sizeof bypass);
			fprintf(f, "proxy %s, bypass %s (from %s%s%s)\n", list, bypass, r->proxy->source,
				r->proxy->origin[0] ? " " : "", r->proxy->origin);
		} else if (r->proxy && r->proxy->source && strcmp(r->proxy->source, "none") != 0) {
			fprintf(f, "direct access, no proxy (from %s%s%s)\n", r->proxy->source,
				r->proxy->origin[0] ? " " : "", r->proxy->origin);
		}
		autoproxy_line(f, r->autoproxy);
		if (r->policy) {
			char vals[2048];
			const char *why = policy_public_unneeded(r->policy);
			policy_format(r->policy, vals, sizeof vals);
			fprintf(f, "policy from %s: %s\n", r->policy->from, policy_wsus(r->policy) ? "WSUS" : "no WSUS");
			if (st->verbose) {
				fputs("      ", f);
				put_clean(f, vals);
				fputc('\n', f);
			}
			if (why)
				fprintf(f, "public Windows Update endpoints not needed under this policy (%s): they only warn\n",
					why);
		}
		components_lines(f, r);
		if (r->clock)
			clock_line(f, r->clock, st);
		causes_lines(f, r, &cs, st);
		drift_lines(f, r->drift);
		/* -q with only the clock to report: no table, not even its header. */
		if (shown)
			fprintf(f, "\n%-4s  %-10s  %-*s  %-*s %5s %5s %5s %5s %6s  %s\n", "", "CODE", urlw, "URL",
				routew, "ROUTE", "DNS", "CONN", "TLS", "TTFB", "TOTAL", "DETAIL (times in ms)");
		for (size_t i = 0; i < r->n; i++)
			if (!st->quiet || r->res[i]->status != ST_OK)
				row(f, r->res[i], urlw, routew, st);
	}
	if (nc) {
		fputs("\nCodes:\n", f);
		for (size_t i = 0; i < nc; i++) {
			const struct wu_code *c = wu_code_find(codes[i].code);
			char code[11];
			wu_code_format(codes[i].code, code);
			char count[32];
			if (codes[i].autoproxy)
				snprintf(count, sizeof count, "the auto-proxy");
			else
				snprintf(count, sizeof count, "%d endpoint%s", codes[i].count, codes[i].count == 1 ? "" : "s");
			char why[256];
			fprintf(f, "  %s%s%s  %s  (%s)\n              %s\n", st->color ? BOLD : "", code,
				st->color ? RESET : "", c ? c->name : "?", count,
				causes_code_fix(&cs, codes[i].code, why, sizeof why));
		}
	}
	if (r->from_log)
		log_report_text(f, r);
	if (!st->quiet || r->status != ST_OK) {
		fprintf(f, "\nResult: %s%s%s: %zu ok, %zu warnings, %zu failed",
			st->color ? status_color(r->status) : "", r->status == ST_OK ? "OK" : status_word(r->status),
			st->color ? RESET : "", r->nok, r->nwarn, r->nfail);
		if (r->nerror)
			fprintf(f, ", %zu not probed from this machine (their details say why)", r->nerror);
		fprintf(f, " (exit %d)\n", r->exit_code);
	}
	causes_free(&cs);
}
