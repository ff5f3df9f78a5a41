/* Reports: the run's summary, and each format written from the same results. */
#ifndef WUPROBE_REPORT_H
#define WUPROBE_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "clockv.h"
#include "config.h"
#include "proxy.h"
#include "result.h"

struct log_view;

/* What the reports are written from: the endpoints' records (result.h:
 * each with its list entry and route), never the endpoints themselves. */
struct run {
	const struct result *const *res;   /* the records, in the list's order */
	size_t n;
	const char *config_path;
	const struct proxy_model *proxy;   /* the run's proxy settings and their source */
	const struct autoproxy *autoproxy; /* --pac/--wpad, NULL or off: none */
	const struct clock_verdict *clock; /* may be NULL */
	const struct policy *policy;       /* the Windows Update policy read, NULL: none */
	const char *resolvers;             /* the DNS servers asked (--dns-server), NULL: this machine's */
	const struct drift *drift;         /* what changed since --compare's report, NULL: not asked */
	const struct log_view *from_log;   /* --from-log (logreport.h), NULL: none */
	char started_at[32];
	double started_epoch;          /* the same, in seconds since 1970 */
	int64_t duration_ms;
	size_t nok, nwarn, nfail, nerror;
	enum v_status status;
	int exit_code;                 /* 0 ok, 1 warnings only, 2 failures, 3 endpoints this machine could not probe */
};

struct drift;

struct code_count {
	uint32_t code;
	int count;                 /* endpoints with the code; 0 for the run's auto-proxy */
	bool autoproxy;            /* the auto-proxy's code, not an endpoint's */
};

/* Counts verdicts and sets status and exit code. */
void run_summarize(struct run *r);

/* The distinct codes of the run in order of first appearance; returns how many. */
size_t run_codes(const struct run *r, struct code_count *out, size_t max);

struct text_style {
	bool color;
	bool quiet;
	int verbose;
};

void report_text(FILE *f, const struct run *r, const struct text_style *st);

/* An endpoint's route for the reports: "direct" or the proxy's "host:port". */
void run_route(const struct result *r, char *buf, size_t len);
void report_json(FILE *f, const struct run *r);

/* Opens a JSON report on F with what every one starts with: its version,
 * the tool, and STARTED_AT (the run's report, and a run that could not run). */
struct jw;
void report_json_head(struct jw *w, FILE *f, const char *started_at);
void report_prometheus(FILE *f, const struct run *r);
void report_junit(FILE *f, const struct run *r);
void report_csv(FILE *f, const struct run *r);
void report_nagios(FILE *f, const struct run *r);
/* For --format nagios when the probe cannot run: the UNKNOWN line. */
void report_nagios_unknown(FILE *f, const char *why);

/* The escapers of the formats, for any bytes S (NULL: empty). A CSV cell
 * (RFC 4180 quoting, a formula-like start defused with ') and its separator,
 * CRLF when LAST; a Prometheus label value, quoted; XML text and attribute
 * values (markup escaped, control characters dropped, non-ASCII as '?'). */
void report_csv_cell(FILE *f, const char *s, bool last);
void report_prom_label(FILE *f, const char *s);
void report_xml_text(FILE *f, const char *s);

#endif
