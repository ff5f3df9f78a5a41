/* --from-log in CSV, JUnit, Nagios and Prometheus: the same logged side
 * and "now" as text and JSON (logreport.c), each format's own way. */
#include <string.h>

#include "codes.h"
#include "explain.h"
#include "logreport.h"
#include "report.h"

static void hex_of(uint32_t code, char hex[11])
{
	hex[0] = '\0';
	if (code)
		wu_code_format(code, hex);
}

void log_report_csv(FILE *f, const struct run *r)
{
	const struct log_scan *s = r->from_log->scan;

	fputs("logged_code,logged_name,kind,first,last,count,component,url,placeholder,proxy_logged,"
	      "now_status,now_code,now_route,route_differs,now_message\r\n", f);
	for (size_t i = 0; i < s->nfail; i++) {
		const struct log_failure *x = &s->fail[i];
		const struct result *now = log_now(r, x);
		char hex[11], name[64], route[300] = "", count[24];
		hex_of(x->code, hex);
		explain_name(x->code, name, sizeof name);
		snprintf(count, sizeof count, "%lu", x->count);
		if (now)
			run_route(now, route, sizeof route);
		report_csv_cell(f, hex, false);
		report_csv_cell(f, name, false);
		explain_kind(x->code, name, sizeof name);
		report_csv_cell(f, name, false);
		report_csv_cell(f, x->first, false);
		report_csv_cell(f, x->last, false);
		report_csv_cell(f, count, false);
		report_csv_cell(f, x->component, false);
		report_csv_cell(f, x->url, false);
		report_csv_cell(f, x->placeholder ? "yes" : "no", false);
		report_csv_cell(f, x->has_proxy ? (x->proxy[0] ? x->proxy : "direct") : "", false);
		report_csv_cell(f, now ? status_name(now->status) : "", false);
		hex_of(now ? now->code : 0, hex);
		report_csv_cell(f, hex, false);
		report_csv_cell(f, route, false);
		report_csv_cell(f, now && x->has_proxy ? (log_route_matches(x->proxy, route) ? "no" : "yes") : "", false);
		report_csv_cell(f, now ? result_message(now) : "", true);
	}
}

void log_report_junit_counts(const struct run *r, size_t *tests, size_t *failures)
{
	const struct log_scan *s = r->from_log->scan;

	*tests = s->nfail;
	*failures = 0;
	for (size_t i = 0; i < s->nfail; i++) {
		const struct result *now = log_now(r, &s->fail[i]);
		*failures += now && now->status == ST_FAIL;
	}
}

/* One test case per logged failure: passes when its URL is ok now, fails
 * when it fails now, skipped when nothing was probed for it. */
void log_report_junit(FILE *f, const struct run *r)
{
	const struct log_scan *s = r->from_log->scan;
	size_t tests, failures, skipped = 0;

	log_report_junit_counts(r, &tests, &failures);
	for (size_t i = 0; i < s->nfail; i++)
		skipped += !log_now(r, &s->fail[i]);
	fprintf(f, "  <testsuite name=\"wuprobe.from-log\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"%zu\">\n",
		tests, failures, skipped);
	for (size_t i = 0; i < s->nfail; i++) {
		const struct log_failure *x = &s->fail[i];
		const struct result *now = log_now(r, x);
		char hex[11], name[64];
		hex_of(x->code, hex);
		explain_name(x->code, name, sizeof name);
		fprintf(f, "    <testcase classname=\"wuprobe.from-log.%s\" name=\"", hex);
		report_xml_text(f, x->url[0] ? x->url : "(no URL)");
		fprintf(f, "\">\n      <system-out>logged %s %s at %s, %lu times", hex, name, x->first, x->count);
		if (x->has_proxy) {
			fputs(", proxy ", f);
			report_xml_text(f, x->proxy[0] ? x->proxy : "direct");
		}
		fputs("</system-out>\n", f);
		if (!now) {
			fputs("      <skipped message=\"not probed\"/>\n", f);
		} else if (now->status == ST_FAIL) {
			hex_of(now->code, hex);
			fprintf(f, "      <failure message=\"now %s: ", hex);
			report_xml_text(f, result_message(now));
			fputs("\" type=\"", f);
			report_xml_text(f, now->cause ? now->cause : "failure");
			fputs("\"/>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n", f);
}

/* "; log: 5 failures logged, 3 fail now" before the performance data. */
void log_report_nagios(FILE *f, const struct run *r)
{
	const struct log_scan *s = r->from_log->scan;
	size_t tests, failing;

	log_report_junit_counts(r, &tests, &failing);
	fprintf(f, "; log: %lu failures logged (%zu distinct), %zu fail now", s->failures, tests, failing);
}

void log_report_prom(FILE *f, const struct run *r)
{
	const struct log_scan *s = r->from_log->scan;

	fputs("# HELP wuprobe_log_failures How many times the client's log (--from-log) reports this failure; "
	      "now_status: the URL's verdict now (empty: not probed).\n# TYPE wuprobe_log_failures gauge\n", f);
	for (size_t i = 0; i < s->nfail; i++) {
		const struct log_failure *x = &s->fail[i];
		const struct result *now = log_now(r, x);
		char hex[11];
		hex_of(x->code, hex);
		fputs("wuprobe_log_failures{url=", f);
		report_prom_label(f, x->url);
		fputs(",code=", f);
		report_prom_label(f, hex);
		fputs(",now_status=", f);
		report_prom_label(f, now ? status_name(now->status) : "");
		fprintf(f, "} %lu\n", x->count);
	}
}
