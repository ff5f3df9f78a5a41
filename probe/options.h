/* The command line. */
#ifndef WUPROBE_OPTIONS_H
#define WUPROBE_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum out_format { FMT_TEXT, FMT_JSON, FMT_PROMETHEUS, FMT_JUNIT, FMT_NAGIOS, FMT_CSV };

/* The name of each format, as --format takes it. */
extern const char *const out_format_names[];

struct options {
	const char *config;        /* NULL: ./endpoints.conf, then /etc/wuprobe/endpoints.conf */
	enum out_format format;
	const char *output;        /* NULL: stdout */
	const char *json_file;     /* also write the JSON report here */
	const char *compare;       /* --compare or --compare-last: an earlier JSON report */
	bool compare_last;         /* --compare-last: a missing file is a first run, not an error */
	double timeout_s;
	int parallel;              /* 0: every endpoint at once (within the descriptors) */
	char dns_servers[512];     /* c-ares CSV form; empty: /etc/resolv.conf */
	const char *ca_bundle;
	bool quiet;
	bool tls13;                /* --tls13: the TLS 1.3 handshake on every HTTPS endpoint */
	int verbose;
	/* Proxy: at most one source (--proxy, --proxy-from, --proxy-env). */
	const char *proxy_list;
	const char *bypass_list;
	const char *proxy_from[2];     /* a machine export and a user export, either order */
	int nproxy_from;
	bool proxy_env;
	const char *policy_from;       /* reg query output of the WindowsUpdate policy key */
	const char *proxy_user;
	const char *proxy_password_file;
	/* Automatic proxy: a PAC script given, or found by WPAD. */
	const char *pac;           /* URL or file */
	bool wpad;
	const char *domain;        /* --domain: the suffix WPAD starts from */
	const char *client_ip;     /* myIpAddress() */
	/* Clock */
	const char *ntp;           /* NULL: the [time] section, else time.windows.com */
	bool no_ntp;
	double max_skew;
	/* The exporter (serve.h): --serve ADDR, --modules FILE, and where they
	 * stand in argv ([at, end)), which module "default" leaves out. */
	const char *serve;
	const char *modules;
	int serve_at, serve_end, modules_at, modules_end;
	/* --explain CODE...: the codes, everything after --explain (offline). */
	bool explain;
	char *const *codes;
	int ncodes;
	const char *from_log;      /* --from-log: a client's update log, its failed URLs probed */
};

enum { OPT_RUN = 0, OPT_EXIT_OK = 1, OPT_ERROR = -1 };

/* Parses ARGV. OPT_RUN: go on; OPT_EXIT_OK: --help or --version was printed;
 * OPT_ERROR: a one-line reason is in ERR. */
int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen);

/* After OPT_ERROR: the --format, --output and --json-file that ARGV names,
 * wherever they stand and whatever else is wrong with it, so that a run that
 * cannot run still tells the tools reading its reports (report_fail.h).
 * Leaves what is not given, or not valid, as it is in O. */
void options_salvage(int argc, char **argv, struct options *o);

/* Checks one --dns-server list (IP[:PORT][,...], IPv6 in brackets when a port
 * follows) and writes c-ares' CSV form into OUT. Returns 0 or -1. */
int options_dns_servers(const char *arg, char *out, size_t outlen);

#endif
