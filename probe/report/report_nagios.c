/* The monitoring-plugin convention: one status line, then performance data
 * after '|'; the exit code carries the state (0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN). */
#include "causes.h"
#include "codes.h"
#include "drift.h"
#include "logreport.h"
#include "report.h"

/* SECONDS with up to three decimals, trailing zeros dropped: "300", "1.5". */
static void put_seconds(FILE *f, double seconds)
{
	char buf[48];
	size_t n = (size_t)snprintf(buf, sizeof buf, "%.3f", seconds);

	while (n > 1 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 1 && buf[n - 1] == '.')
		buf[--n] = '\0';
	fputs(buf, f);
}

void report_nagios(FILE *f, const struct run *r)
{
	static const char *const state[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
	struct code_count codes[64];
	size_t nc = run_codes(r, codes, sizeof codes / sizeof codes[0]);

	fprintf(f, "WUPROBE %s - %zu of %zu endpoints ok", state[r->exit_code], r->nok, r->n);
	if (r->nfail)
		fprintf(f, ", %zu failed", r->nfail);
	if (r->nwarn)
		fprintf(f, ", %zu warn", r->nwarn);
	if (r->nerror)
		fprintf(f, ", %zu not probed from this machine", r->nerror);
	struct causes cs;
	if (causes_find(r, &cs) == 0 && cs.n) {   /* the top cause first, then how many more */
		fputs("; cause: ", f);
		for (const char *c = cs.c[0].text; *c; c++)
			fputc(*c == '|' ? '/' : (unsigned char)*c < 0x20 ? '?' : *c, f);
		if (cs.n > 1)
			fprintf(f, " (and %zu more cause%s)", cs.n - 1, cs.n == 2 ? "" : "s");
	}
	causes_free(&cs);
	if (r->drift) {   /* what changed; the state stays the present one's */
		fputs("; ", f);
		for (const char *c = r->drift->summary; *c; c++)
			fputc(*c == '|' ? '/' : (unsigned char)*c < 0x20 ? '?' : *c, f);
	}
	for (size_t i = 0; i < nc && i < 4; i++) {
		char hex[11];
		wu_code_format(codes[i].code, hex);
		if (codes[i].autoproxy)
			fprintf(f, "%s%s auto-proxy", i ? ", " : " (", hex);
		else
			fprintf(f, "%s%s x%d", i ? ", " : " (", hex, codes[i].count);
	}
	if (nc)
		fputs(nc > 4 ? ", ...)" : ")", f);
	if (r->clock && r->clock->known)
		fprintf(f, "; clock %s %+.1f s", clock_status_name(r->clock->status), r->clock->skew);
	if (r->clock && r->clock->nodd) {
		char odd[CLOCK_ODD_MAX * 340];
		clock_odd_text(r->clock, odd, sizeof odd);
		fputs(r->clock->known ? " (outvoted: " : "; clock unknown (the references disagree: ", f);
		for (const char *c = odd; *c; c++)
			fputc(*c == '|' ? '/' : *c, f);   /* '|' would start performance data */
		fputc(')', f);
	}
	if (r->from_log)
		log_report_nagios(f, r);
	fprintf(f, " | ok=%zu;;;0;%zu warn=%zu;;;0;%zu fail=%zu;;;0;%zu duration=%lld.%03llds;;;0", r->nok, r->n,
		r->nwarn, r->n, r->nfail, r->n, (long long)(r->duration_ms / 1000), (long long)(r->duration_ms % 1000));
	/* Thresholds in the plugin guidelines' range format, [@]start:end, which
	 * alerts when the value lies outside start..end, endpoints included
	 * (https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT):
	 * the skew warns outside -max:max, as the clock verdict does
	 * (|skew| > --max-skew). The critical field stays empty: the clock fails
	 * at no size of skew, but when it makes a valid certificate look expired
	 * or not yet valid (clock_skew_verdict), and those endpoints' failures make
	 * the state CRITICAL. */
	if (r->clock && r->clock->known) {
		fprintf(f, " clock_skew=%.3fs;-", r->clock->skew);
		put_seconds(f, r->clock->max_skew);
		fputc(':', f);
		put_seconds(f, r->clock->max_skew);
		fputs(";;", f);
	}
	fputc('\n', f);
}

void report_nagios_unknown(FILE *f, const char *why)
{
	fputs("WUPROBE UNKNOWN - ", f);
	for (; *why; why++)
		fputc(*why == '|' ? '/' : *why, f);   /* '|' would start performance data */
	fputc('\n', f);
}
