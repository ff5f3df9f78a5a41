/* wuprobe: options, endpoint list, the run, the report, the exit code.
 * Exit codes (Nagios): 0 ok, 1 warnings, 2 failures, 3 could not run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "autoproxy.h"
#include "clock.h"
#include "config.h"
#include "drift.h"
#include "earlier.h"
#include "endpoint.h"
#include "explain.h"
#include "logreport.h"
#include "options.h"
#include "output.h"
#include "probe.h"
#include "proxy_setup.h"
#include "redact.h"
#include "report.h"
#include "report_fail.h"
#include "serve.h"
#include "tempfile.h"
#include "tls.h"
#include "trust.h"

#define EXIT_CANNOT_RUN 3

/* The report writers, by --format (text has its own style and is apart). */
static void (*const writers[])(FILE *, const struct run *) = {
	[FMT_JSON] = report_json,
	[FMT_PROMETHEUS] = report_prometheus,
	[FMT_JUNIT] = report_junit,
	[FMT_NAGIOS] = report_nagios,
	[FMT_CSV] = report_csv,
};

static const char *default_config(void)
{
	return access("endpoints.conf", F_OK) == 0 ? "endpoints.conf" : "/etc/wuprobe/endpoints.conf";
}

/* The CA bundle this libcurl would use by default (Debian:
 * /etc/ssl/certs/ca-certificates.crt), so trust matches a plain curl. */
static const char *system_ca_file(void)
{
	static char path[4096];
	char *p = NULL;
	CURL *e = curl_easy_init();

	path[0] = '\0';
	if (e && curl_easy_getinfo(e, CURLINFO_CAINFO, &p) == CURLE_OK && p)
		snprintf(path, sizeof path, "%s", p);
	if (e)
		curl_easy_cleanup(e);
	return path[0] ? path : NULL;
}

int main(int argc, char **argv)
{
	struct options o;
	struct config conf = { 0 };
	struct tls_trust *trust = NULL;
	struct endpoint *eps = NULL;
	const struct result **res = NULL;   /* each endpoint's record, what the reports read */
	struct output out = { 0 }, json_out = { 0 };
	struct run run = { 0 };
	struct proxy_setup px = { 0 };
	struct ntp_client ntp;
	struct clock_verdict clock = { 0 };
	struct autoproxy ap = { 0 };
	struct earlier before = { 0 };   /* --compare's earlier report */
	struct drift drift = { 0 };
	int have_before = 0;             /* 0: a report read; 1: --compare-last and none yet */
	struct log_scan logscan = { 0 };
	struct log_view logview = { 0 };
	char err[1024] = "";
	int rc = EXIT_CANNOT_RUN, prc;
	bool out_written = false, json_written = false;   /* this run's reports are in place */
	int64_t t0;

	prc = options_parse(argc, argv, &o, err, sizeof err);
	if (prc == OPT_EXIT_OK)
		return 0;
	if (prc == OPT_ERROR)
		goto done;
	if (o.serve) {   /* the exporter: each scrape runs this binary again, without --serve */
		rc = serve_main(argc, argv, &o, err, sizeof err);
		goto done;
	}
	if (o.explain) {   /* offline: the table, no run */
		if (o.format != FMT_TEXT && o.format != FMT_JSON) {
			snprintf(err, sizeof err, "--explain writes text or json, not %s", out_format_names[o.format]);
			goto done;
		}
		if (explain_codes(stdout, o.ncodes, o.codes, o.format == FMT_JSON, err, sizeof err))
			goto done;
		return fflush(stdout) == 0 ? 0 : EXIT_CANNOT_RUN;
	}
	/* --from-log: the log read first (a file that is no update log stops
	 * here); its failed URLs join -c's list, or are the list without -c. */
	if (o.from_log) {
		int64_t r0 = mono_ms();
		if (log_scan_file(o.from_log, &logscan, err, sizeof err))
			goto done;
		logview = (struct log_view){ .path = o.from_log, .scan = &logscan, .read_ms = (long)(mono_ms() - r0) };
		run.from_log = &logview;
	}
	if (o.from_log && !o.config) {
		run.config_path = "--from-log";
	} else {
		const char *path = o.config ? o.config : default_config();
		run.config_path = strcmp(path, "-") == 0 ? "stdin" : path;   /* -c -: the list on standard input */
		if (config_load(path, &conf, err, sizeof err))
			goto done;
	}
	if (o.from_log && log_add_endpoints(&conf, &logscan, err, sizeof err))
		goto done;
	/* The earlier report, read before anything is probed: a wrong one is
	 * bad input, one line and exit 3. */
	if (o.compare && (have_before = earlier_load(o.compare, o.compare_last, &before, err, sizeof err)) < 0)
		goto done;
	/* The Windows Update policy (--policy-from, else the list's [policy]):
	 * its servers join the list before anything looks at it. */
	if (o.policy_from && policy_load(&conf.policy, o.policy_from, err, sizeof err))
		goto done;
	if (config_apply_policy(&conf, err, sizeof err))
		goto done;
	if (proxy_setup(&px, &o, &conf, err, sizeof err))
		goto done;
	if (!o.no_ntp) {
		const char *spec = o.ntp ? o.ntp : conf.ntp[0] ? conf.ntp : "time.windows.com";
		if (ntp_client_init(&ntp, spec)) {
			char shown[REDACT_MAX];
			snprintf(err, sizeof err, "--ntp: '%.200s' is not HOST[:PORT]",
				 redact(spec, strlen(spec), shown, sizeof shown));
			goto done;
		}
	}
	if (!(trust = tls_trust_load(system_ca_file(), o.ca_bundle, err, sizeof err)))
		goto done;
	/* Before the probe: the PAC script is fetched (or discovered) and run
	 * for every endpoint; what fails there is the run's auto-proxy verdict. */
	if (autoproxy_run(&ap, &o, &px.settings, &conf, err, sizeof err))
		goto done;
	tempfile_catch_signals();   /* no NAME.XXXXXX left behind by ^C, kill or a hang-up */
	if (output_open(&out, "--output", o.output, err, sizeof err))
		goto done;
	if (o.json_file && output_open(&json_out, "--json-file", o.json_file, err, sizeof err))
		goto done;
	if (!(eps = calloc(conf.n, sizeof *eps)) || !(res = malloc((conf.n ? conf.n : 1) * sizeof *res))) {
		snprintf(err, sizeof err, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < conf.n; i++) {
		eps[i].conf = &conf.eps[i];
		res[i] = &eps[i].res;
	}

	struct probe_opts po = {
		.timeout_s = o.timeout_s,
		.parallel = o.parallel ? o.parallel : PARALLEL_DEFAULT,
		.dns_servers = o.dns_servers[0] ? o.dns_servers : NULL,
		.trust = trust,
		.proxy = &px.model,
		.autoproxy = &ap,
		.user = &px.settings,
		.allow_user_proxy = policy_num(&conf.policy, POL_PROXY_BEHAVIOR) == 1,
		.proxy_user = px.user,
		.proxy_password = px.password,
		.ntp = o.no_ntp ? NULL : &ntp,
		.max_skew = o.max_skew,
		.clock = &clock,
		.records = res,
		.progress = isatty(STDERR_FILENO) && !o.quiet,
		.notices = !o.quiet,
		.tls13_always = o.tls13 || o.verbose,
	};
	wall_iso8601(run.started_at, sizeof run.started_at);
	run.started_epoch = wall_now();
	t0 = mono_ms();
	if (probe_run(eps, conf.n, &po, err, sizeof err))
		goto done;
	run.duration_ms = mono_ms() - t0;
	run.res = res;   /* every endpoint has ended (endpoint_finish): its record is whole */
	run.proxy = &px.model;
	run.autoproxy = &ap;
	run.clock = &clock;
	run.policy = conf.policy.present ? &conf.policy : NULL;
	run.n = conf.n;
	run.resolvers = po.dns_servers;
	run_summarize(&run);
	if (o.compare) {
		if (have_before == 1)
			drift_first(o.compare, &drift);
		else if (drift_compute(&before, o.compare, &run, &drift)) {
			snprintf(err, sizeof err, "out of memory");
			goto done;
		}
		run.drift = &drift;   /* a change alone never changes the exit code */
	}

	if (o.format == FMT_TEXT) {
		const char *nc = getenv("NO_COLOR");
		struct text_style st = {
			.color = out.kind == OUTPUT_STDOUT && isatty(fileno(out.f)) && !(nc && *nc),
			.quiet = o.quiet,
			.verbose = o.verbose,
		};
		report_text(out.f, &run, &st);
	} else {
		writers[o.format](out.f, &run);
	}
	if (output_commit(&out, err, sizeof err))
		goto done;
	out_written = true;
	if (o.json_file) {
		report_json(json_out.f, &run);
		if (output_commit(&json_out, err, sizeof err))
			goto done;
		json_written = true;
	}
	rc = run.exit_code;
done:
	if (rc == EXIT_CANNOT_RUN && err[0]) {
		fprintf(stderr, "wuprobe: %s\n", err);
		if (prc == OPT_ERROR)
			options_salvage(argc, argv, &o);
		struct fail_where fw = {
			.format = o.format, .output = o.output, .json_file = o.json_file,
			.output_written = out_written, .json_written = json_written,
		};
		report_cannot_run(&fw, err, wall_now());
	}
	output_abort(&out);
	output_abort(&json_out);
	if (eps)
		probe_free(eps, conf.n);
	free(eps);
	free(res);
	tls_trust_free(trust);
	autoproxy_free(&ap);
	proxy_setup_free(&px);
	config_free(&conf);
	drift_free(&drift);
	earlier_free(&before);
	log_scan_free(&logscan);
	return rc;
}
