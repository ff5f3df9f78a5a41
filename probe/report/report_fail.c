/* Reports of a run that could not run (report_fail.h). */
#include "report_fail.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "json.h"
#include "output.h"
#include "report.h"

static void fail_prometheus(FILE *f, const char *why, double epoch)
{
	(void)why;   /* a reason per run would be a new series each time; it is on stderr */
	fputs("# HELP wuprobe_run_start_timestamp_seconds When the run started, in seconds since 1970.\n"
	      "# TYPE wuprobe_run_start_timestamp_seconds gauge\n", f);
	fprintf(f, "wuprobe_run_start_timestamp_seconds %.3f\n", epoch);
	fputs("# HELP wuprobe_run_exit_code The exit code: 0 ok, 1 warnings, 2 failures, 3 could not run.\n"
	      "# TYPE wuprobe_run_exit_code gauge\n"
	      "wuprobe_run_exit_code 3\n", f);
}

static void fail_json(FILE *f, const char *why)
{
	struct jw w;
	char started[40];

	wall_iso8601(started, sizeof started);
	report_json_head(&w, f, started);
	jw_str(&w, "status", "error");
	jw_int(&w, "exit_code", 3);
	jw_str(&w, "error", why);
	jw_array(&w, "endpoints");
	jw_end(&w, ']');
	jw_end(&w, '}');
}

static void fail_junit(FILE *f, const char *why)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	      "<testsuites name=\"wuprobe\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
	      "  <testsuite name=\"wuprobe.run\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
	      "    <testcase classname=\"wuprobe.run\" name=\"run\">\n"
	      "      <error type=\"cannot_run\" message=\"", f);
	report_xml_text(f, why);
	fputs("\"/>\n    </testcase>\n  </testsuite>\n</testsuites>\n", f);
}

static void write_to(const char *opt, const char *path, enum out_format format, const char *why, double epoch)
{
	struct output out = { 0 };
	char err[256];

	if (!path || strcmp(path, "-") == 0 || output_open(&out, opt, path, err, sizeof err))
		return;
	switch (format) {
	case FMT_PROMETHEUS: fail_prometheus(out.f, why, epoch); break;
	case FMT_JSON:       fail_json(out.f, why); break;
	case FMT_JUNIT:      fail_junit(out.f, why); break;
	case FMT_TEXT:       fprintf(out.f, "wuprobe could not run: %s\n", why); break;
	default:             output_abort(&out); return;   /* CSV has no row for it; Nagios: stdout */
	}
	if (output_commit(&out, err, sizeof err))
		output_abort(&out);
}

void report_cannot_run(const struct fail_where *w, const char *why, double epoch)
{
	if (w->format == FMT_NAGIOS)
		report_nagios_unknown(stdout, why);   /* the plugin convention wants it on stdout */
	if (!w->output_written)
		write_to("--output", w->output, w->format, why, epoch);
	if (w->json_file && !w->json_written)
		write_to("--json-file", w->json_file, FMT_JSON, why, epoch);
}
