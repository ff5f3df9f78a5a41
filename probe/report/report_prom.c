/* Prometheus text exposition format, for node_exporter's textfile collector.
 * Gauges only; every endpoint labelled by url and group. */
#include <string.h>

#include "codes.h"
#include "report.h"
#include "version.h"

/* A label value: backslash, double quote and line feed escaped. */
void report_prom_label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
	}
	fputc('"', f);
}

static void head(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

static void ep_labels(FILE *f, const char *metric, const struct endpoint *ep)
{
	fputs(metric, f);
	fputs("{url=", f);
	report_prom_label(f, ep->conf->url);
	fputs(",group=", f);
	report_prom_label(f, ep->conf->group);
}

static void seconds(FILE *f, int64_t ms)
{
	fprintf(f, "%lld.%03lld\n", (long long)(ms / 1000), (long long)(ms % 1000));
}

void report_prometheus(FILE *f, const struct run *r)
{
	static const char *const phases[] = { "dns", "connect", "tls", "first_byte", "total" };

	head(f, "wuprobe_endpoint_up", "1 when the endpoint is ok, 0 when it warns or fails.");
	for (size_t i = 0; i < r->n; i++) {
		ep_labels(f, "wuprobe_endpoint_up", &r->eps[i]);
		fprintf(f, "} %d\n", r->eps[i].res.status == ST_OK);
	}
	head(f, "wuprobe_endpoint_status", "The verdict: 0 ok, 1 warn, 2 fail, 3 error (this machine could not probe it).");
	for (size_t i = 0; i < r->n; i++) {
		ep_labels(f, "wuprobe_endpoint_status", &r->eps[i]);
		fprintf(f, "} %d\n", (int)r->eps[i].res.status);
	}
	head(f, "wuprobe_endpoint_error_code",
	     "The Windows error code the update client would log, as a number (0 when ok).");
	for (size_t i = 0; i < r->n; i++) {
		const struct result *res = &r->eps[i].res;
		uint32_t code = res->status == ST_OK || res->status == ST_ERROR ? 0 : res->code;
		char hex[11] = "";
		if (code)
			wu_code_format(code, hex);
		ep_labels(f, "wuprobe_endpoint_error_code", &r->eps[i]);
		fputs(",code=", f);
		report_prom_label(f, hex);
		fputs(",cause=", f);
		report_prom_label(f, res->cause ? res->cause : "");
		fprintf(f, "} %u\n", (unsigned)code);
	}
	head(f, "wuprobe_endpoint_phase_seconds", "How long each phase took (absent when not reached).");
	for (size_t i = 0; i < r->n; i++) {
		const struct timings *t = &r->eps[i].res.t;
		const int64_t v[] = { t->dns, t->connect, t->tls, t->first_byte, t->total };
		for (size_t k = 0; k < 5; k++) {
			if (v[k] < 0)
				continue;
			ep_labels(f, "wuprobe_endpoint_phase_seconds", &r->eps[i]);
			fprintf(f, ",phase=\"%s\"} ", phases[k]);
			seconds(f, v[k]);
		}
	}
	head(f, "wuprobe_endpoint_tls_info", "The TLS version and cipher negotiated (always 1).");
	for (size_t i = 0; i < r->n; i++) {
		const struct tls_info *t = &r->eps[i].res.tls;
		if (!t->version[0])
			continue;
		ep_labels(f, "wuprobe_endpoint_tls_info", &r->eps[i]);
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
		head(f, "wuprobe_clock_status", "The clock verdict: 0 unknown, 1 ok, 2 warn, 3 fail.");
		fprintf(f, "wuprobe_clock_status %d\n", (int)r->clock->status);
	}
	head(f, "wuprobe_run_start_timestamp_seconds", "When the run started, in seconds since 1970.");
	fprintf(f, "wuprobe_run_start_timestamp_seconds %.3f\n", r->started_epoch);
	head(f, "wuprobe_run_duration_seconds", "How long the run took.");
	fputs("wuprobe_run_duration_seconds ", f);
	seconds(f, r->duration_ms);
	head(f, "wuprobe_run_exit_code", "The exit code: 0 ok, 1 warnings, 2 failures.");
	fprintf(f, "wuprobe_run_exit_code %d\n", r->exit_code);
	head(f, "wuprobe_build_info", "The probe's version (always 1).");
	fprintf(f, "wuprobe_build_info{version=\"%s\"} 1\n", WUPROBE_VERSION);
}
