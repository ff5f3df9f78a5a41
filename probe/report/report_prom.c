/* Prometheus text exposition format, for node_exporter's textfile collector.
 * Gauges only; every endpoint labelled by url and group. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "autoproxy.h"
#include "causes.h"
#include "codes.h"
#include "drift.h"
#include "logreport.h"
#include "report.h"
#include "version.h"

static void head(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void ep_labels(FILE *f, const char *metric, const struct result *res)
{
	fputs(metric, f);
	fputs("{url=", f);
	report_prom_label(f, res->conf->url);
	fputs(",group=", f);
	report_prom_label(f, res->conf->group);
}

static void seconds(FILE *f, int64_t ms)
{
	fprintf(f, "%lld.%03lld\n", (long long)(ms / 1000), (long long)(ms % 1000));
}

/* One coding for every status gauge, endpoints and clock alike, looked up
 * by the status's name (the word JSON and CSV use): the endpoint verdicts
 * 0 ok, 1 warn, 2 fail, 3 error (this machine could not probe it), as the
 * exit code and the Nagios states count; 4 unknown (the clock had no
 * reference). */
static const char *const status_codes[] = { "ok", "warn", "fail", "error", "unknown" };
#define STATUS_HELP \
	"0 ok, 1 warn, 2 fail, 3 error (this machine could not probe the endpoint), 4 unknown (no clock reference answered)."

static int status_code(const char *name)
{
	for (size_t i = 0; i < sizeof status_codes / sizeof status_codes[0]; i++)
		if (strcmp(status_codes[i], name) == 0)
			return (int)i;
	return -1;
}

/* An ISO 8601 UTC time as written by the chain report ("2027-03-01T12:00:00Z")
 * into seconds since 1970, read as UTC whatever TZ says (timegm). 0 or -1. */
static int iso_utc_seconds(const char *iso, long long *out)
{
	struct tm tm = { 0 };
	int n = 0;

	if (!iso || sscanf(iso, "%d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min, &tm.tm_sec, &n) != 6 || n == 0 || iso[n] != '\0')
		return -1;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour < 0 || tm.tm_hour > 23 ||
	    tm.tm_min < 0 || tm.tm_min > 59 || tm.tm_sec < 0 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (long long)timegm(&tm);
	return 0;
}

/* One series per (hop, kind) of the causes, summed: both labels come from
 * fixed tables (causes.c), so the series stay bounded whatever the list,
 * the proxies or the names: no URL, address or CA name is a label. */
static void causes_prom(FILE *f, const struct run *r)
{
	struct causes cs;

	head(f, "wuprobe_cause_endpoints",
	     "How many endpoints a cause explains, by the hop it blames and how that hop fails (docs/formats.md, Causes).");
	if (causes_find(r, &cs))
		return;
	for (size_t i = 0; i < cs.n; i++) {
		size_t sum = 0, k;
		for (k = 0; k < i; k++)   /* printed with an earlier one of its (hop, kind) */
			if (strcmp(cs.c[k].hop, cs.c[i].hop) == 0 && strcmp(cs.c[k].kind, cs.c[i].kind) == 0)
				break;
		if (k < i)
			continue;
		for (k = i; k < cs.n; k++)
			if (strcmp(cs.c[k].hop, cs.c[i].hop) == 0 && strcmp(cs.c[k].kind, cs.c[i].kind) == 0)
				sum += cs.c[k].n;
		fputs("wuprobe_cause_endpoints{hop=", f);
		report_prom_label(f, cs.c[i].hop);
		fputs(",kind=", f);
		report_prom_label(f, cs.c[i].kind);
		fprintf(f, "} %zu\n", sum);
	}
	causes_free(&cs);
}

void report_prometheus(FILE *f, const struct run *r)
{
	static const char *const phases[] = { "dns", "connect", "tls", "first_byte", "total" };

	causes_prom(f, r);
	if (r->drift) {   /* one series per kind of change: bounded */
		head(f, "wuprobe_compare_first_run", "1 when --compare-last found no earlier report: nothing compared.");
		fprintf(f, "wuprobe_compare_first_run %d\n", r->drift->first);
		head(f, "wuprobe_compare_worse",
		     "1 when something got worse since the --compare report (a new failure or warning, a new cause).");
		fprintf(f, "wuprobe_compare_worse %d\n", r->drift->worse);
		head(f, "wuprobe_compare_changes", "How many changes of each kind since the --compare report.");
		for (int k = 0; k < DR_COUNT; k++)
			fprintf(f, "wuprobe_compare_changes{change=\"%s\"} %zu\n", drift_change_name((enum drift_change)k),
				r->drift->count[k]);
		if (r->drift->age_s >= 0) {
			head(f, "wuprobe_compare_earlier_start_timestamp_seconds", "When the --compare report's run started.");
			fprintf(f, "wuprobe_compare_earlier_start_timestamp_seconds %.3f\n", r->started_epoch - r->drift->age_s);
		}
	}

	head(f, "wuprobe_endpoint_up", "1 when the endpoint is ok, 0 when it warns or fails.");
	for (size_t i = 0; i < r->n; i++) {
		ep_labels(f, "wuprobe_endpoint_up", r->res[i]);
		fprintf(f, "} %d\n", r->res[i]->status == ST_OK);
	}
	head(f, "wuprobe_endpoint_status", "The endpoint's verdict: " STATUS_HELP);
	for (size_t i = 0; i < r->n; i++) {
		ep_labels(f, "wuprobe_endpoint_status", r->res[i]);
		fprintf(f, "} %d\n", status_code(status_name(r->res[i]->status)));
	}
	head(f, "wuprobe_endpoint_info",
	     "The verdict's details as labels (always 1): status; code, code_name and secondary_code, the Windows "
	     "error the update client would log (empty when ok or not probed); cause (empty when ok).");
	for (size_t i = 0; i < r->n; i++) {
		const struct result *res = r->res[i];
		bool coded = res->status == ST_WARN || res->status == ST_FAIL;
		const struct wu_code *c = coded ? wu_code_find(res->code) : NULL;
		char hex[11] = "", hex2[11] = "";
		if (coded && res->code)
			wu_code_format(res->code, hex);
		if (coded && res->secondary)
			wu_code_format(res->secondary, hex2);
		ep_labels(f, "wuprobe_endpoint_info", r->res[i]);
		fputs(",status=", f);
		report_prom_label(f, status_name(res->status));
		fputs(",code=", f);
		report_prom_label(f, hex);
		fputs(",code_name=", f);
		report_prom_label(f, c ? c->name : "");
		fputs(",secondary_code=", f);
		report_prom_label(f, hex2);
		fputs(",cause=", f);
		report_prom_label(f, res->cause ? res->cause : "");
		fputs("} 1\n", f);
	}
	head(f, "wuprobe_endpoint_cert_not_after_timestamp_seconds",
	     "When the server's leaf certificate expires, in seconds since 1970 (absent without one).");
	for (size_t i = 0; i < r->n; i++) {
		const struct chain_summary *ch = result_chain(r->res[i]);
		long long t;
		if (ch->nsent < 1 || iso_utc_seconds(ch->sent[0].not_after, &t) != 0)
			continue;
		ep_labels(f, "wuprobe_endpoint_cert_not_after_timestamp_seconds", r->res[i]);
		fprintf(f, "} %lld\n", t);
	}
	head(f, "wuprobe_endpoint_phase_seconds", "How long each phase took (absent when not reached).");
	for (size_t i = 0; i < r->n; i++) {
		const struct timings *t = &r->res[i]->t;
		const int64_t v[] = { t->dns, t->connect, t->tls, t->first_byte, t->total };
		for (size_t k = 0; k < 5; k++) {
			if (v[k] < 0)
				continue;
			ep_labels(f, "wuprobe_endpoint_phase_seconds", r->res[i]);
			fprintf(f, ",phase=\"%s\"} ", phases[k]);
			seconds(f, v[k]);
		}
	}
	head(f, "wuprobe_endpoint_tls_info", "The TLS version and cipher negotiated (always 1).");
	for (size_t i = 0; i < r->n; i++) {
		const struct tls_info *t = &r->res[i]->tls;
		if (!t->version[0])
			continue;
		ep_labels(f, "wuprobe_endpoint_tls_info", r->res[i]);
		fputs(",version=", f);
		report_prom_label(f, t->version);
		fputs(",cipher=", f);
		report_prom_label(f, t->cipher);
		fputs("} 1\n", f);
	}
	if (r->clock && r->clock->known) {
		head(f, "wuprobe_clock_skew_seconds", "This machine's clock minus the reference clock.");
		fprintf(f, "wuprobe_clock_skew_seconds %.3f\n", r->clock->skew);
	}
	if (r->clock) {
		head(f, "wuprobe_clock_status", "The clock verdict: " STATUS_HELP);
		fprintf(f, "wuprobe_clock_status %d\n", status_code(clock_status_name(r->clock->status)));
	}
	/* The run's automatic proxy (--pac, --wpad), as JSON's autoproxy.status
	 * and .code: what an alert on the auto-proxy reads. */
	if (r->autoproxy && r->autoproxy->on) {
		const struct autoproxy *ap = r->autoproxy;
		head(f, "wuprobe_autoproxy_status", "The automatic proxy's verdict: " STATUS_HELP);
		fprintf(f, "wuprobe_autoproxy_status{mode=\"%s\",code=\"", ap->wpad ? "wpad" : "pac");
		if (ap->code)
			fprintf(f, "0x%08" PRIX32, ap->code);
		fprintf(f, "\"} %d\n", ap->code ? 2 : ap->url_errors ? 1 : 0);
	}
	head(f, "wuprobe_run_start_timestamp_seconds", "When the run started, in seconds since 1970.");
	fprintf(f, "wuprobe_run_start_timestamp_seconds %.3f\n", r->started_epoch);
	head(f, "wuprobe_run_duration_seconds", "How long the run took.");
	fputs("wuprobe_run_duration_seconds ", f);
	seconds(f, r->duration_ms);
	head(f, "wuprobe_run_exit_code", "The exit code: 0 ok, 1 warnings, 2 failures, 3 could not run.");
	fprintf(f, "wuprobe_run_exit_code %d\n", r->exit_code);
	head(f, "wuprobe_build_info", "The probe's version (always 1).");
	fprintf(f, "wuprobe_build_info{version=\"%s\"} 1\n", WUPROBE_VERSION);
	if (r->from_log)
		log_report_prom(f, r);
}
