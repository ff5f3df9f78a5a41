/* JUnit XML: one test case per endpoint (classname wuprobe.endpoints.GROUP,
 * name the URL), a failure for each failing endpoint carrying its code and
 * message, warnings as system-out; the clock as one more test case
 * (classname wuprobe.clock, name clock), skipped when no reference answered.
 * Consumers key a test case by classname and name (GitLab keeps only the
 * first of two alike; Jenkins splits the classname at its last dot into
 * package and class), so the clock's classname is one no group can make. */
#include <string.h>

#include "causes.h"
#include "codes.h"
#include "drift.h"
#include "logreport.h"
#include "report.h"

static void secs(FILE *f, int64_t ms)
{
	fprintf(f, "%lld.%03lld", (long long)(ms < 0 ? 0 : ms / 1000), (long long)(ms < 0 ? 0 : ms % 1000));
}

/* The clock's test case: passed, a failure when it breaks certificate
 * checks, system-out when it warns, skipped when nothing could judge it. */
/* The clock as one test case: passed when ok with nothing outvoted,
 * skipped when no reference answered (or nothing broke a tie), a failure
 * when it breaks certificate checks, system-out when it warns or when a
 * reference was outvoted (vote.c). */
static void clock_case(FILE *f, const struct clock_verdict *k)
{
	char odd[CLOCK_ODD_MAX * 340];

	clock_odd_text(k, odd, sizeof odd);
	fputs("    <testcase classname=\"wuprobe.clock\" name=\"clock\" time=\"0.000\"", f);
	if (k->status == CK_OK && !k->nodd) {
		fputs("/>\n", f);
		return;
	}
	fputs(">\n      ", f);
	if (k->status == CK_UNKNOWN) {
		if (k->nodd) {
			fputs("<skipped message=\"the references disagree: ", f);
			report_xml_text(f, odd);
		} else {
			fputs("<skipped message=\"no clock reference answered (SNTP: ", f);
			report_xml_text(f, !k->ntp ? "off" : k->ntp->error[0] ? k->ntp->error : "no answer");
			fputs("; no HTTP response carried a Date header)", f);
		}
		fputs("\"/>\n", f);
	} else {
		fprintf(f, "%sskew %.3f s against ",
			k->status == CK_FAIL ? "<failure message=\"clock " : k->status == CK_WARN ? "<system-out>WARN clock "
											  : "<system-out>clock ",
			k->skew);
		report_xml_text(f, k->reference);
		if (k->nodd) {
			fputs("; outvoted: ", f);
			report_xml_text(f, odd);
		}
		fputs(k->status == CK_FAIL ? "\" type=\"clock_skew\">the clock breaks certificate checks</failure>\n"
					   : "</system-out>\n", f);
	}
	fputs("    </testcase>\n", f);
}

void report_junit(FILE *f, const struct run *r)
{
	size_t failures = r->nfail + (r->clock && r->clock->status == CK_FAIL);
	size_t tests = r->n + (r->clock != NULL), errors = r->nerror;
	size_t skipped = r->clock && r->clock->status == CK_UNKNOWN;
	size_t ltests = 0, lfailures = 0;   /* --from-log's suite */

	if (r->from_log)
		log_report_junit_counts(r, &ltests, &lfailures);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"wuprobe\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" time=\"", tests + ltests,
		failures + lfailures, errors);
	secs(f, r->duration_ms);
	fprintf(f, "\">\n  <testsuite name=\"wuprobe\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" "
		   "timestamp=\"%.19s\" time=\"", tests, failures, errors, skipped, r->started_at);
	secs(f, r->duration_ms);
	fputs("\">\n", f);
	struct causes cs;
	if (causes_find(r, &cs))
		cs.n = 0;   /* out of memory: the cases without their causes */
	if (cs.n || r->drift) {   /* the causes first, then the changes, as properties CI shows with the suite */
		fputs("    <properties>\n", f);
		for (size_t i = 0; i < cs.n; i++) {
			fprintf(f, "      <property name=\"cause.%zu\" value=\"", i + 1);
			report_xml_text(f, cs.c[i].text);
			fputs("\"/>\n", f);
		}
		if (r->drift) {
			char line[1200];
			fputs("      <property name=\"compare\" value=\"", f);
			report_xml_text(f, r->drift->summary);
			fputs("\"/>\n", f);
			for (size_t i = 0; i < r->drift->n; i++) {
				drift_item_text(&r->drift->items[i], line, sizeof line);
				fprintf(f, "      <property name=\"compare.%zu\" value=\"", i + 1);
				report_xml_text(f, line);
				fputs("\"/>\n", f);
			}
		}
		fputs("    </properties>\n", f);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct result *res = r->res[i];
		size_t rank = 0;
		const struct cause *k = causes_of(&cs, i, &rank);
		const struct wu_code *c = wu_code_find(res->code);
		char code[11] = "";
		if (res->code)
			wu_code_format(res->code, code);
		fputs("    <testcase classname=\"wuprobe.endpoints.", f);
		report_xml_text(f, res->conf->group);
		fputs("\" name=\"", f);
		report_xml_text(f, res->conf->url);
		fputs("\" time=\"", f);
		secs(f, res->t.total);
		if (res->status == ST_OK) {
			fputs("\"/>\n", f);
			continue;
		}
		fputs("\">\n      ", f);
		if (res->status == ST_ERROR) {       /* JUnit's error: the test could not run */
			fputs("<error message=\"", f);
			report_xml_text(f, result_message(res));
			fputs("\" type=\"", f);
			report_xml_text(f, res->cause ? res->cause : "error");
			fputs("\"/>\n    </testcase>\n", f);
			continue;
		}
		fputs(res->status == ST_FAIL ? "<failure message=\"" : "<system-out>WARN ", f);
		fprintf(f, "%s %s: ", code, c ? c->name : "");
		report_xml_text(f, result_message(res));
		if (res->status == ST_FAIL) {
			fputs("\" type=\"", f);
			report_xml_text(f, res->cause ? res->cause : "failure");
			fputs("\">", f);
			fprintf(f, "stage %s; ", stage_name(res->stage));
			if (k) {
				fprintf(f, "cause %zu: ", rank);
				report_xml_text(f, k->text);
				fputs("; ", f);
			}
			fputs("fix: ", f);
			report_xml_text(f, k && k->fix ? k->fix : c ? c->fix : "");
			fputs("</failure>\n", f);
		} else {
			fputs("</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	if (r->clock)
		clock_case(f, r->clock);
	fputs("  </testsuite>\n", f);
	if (r->from_log)
		log_report_junit(f, r);
	fputs("</testsuites>\n", f);
	causes_free(&cs);
}
