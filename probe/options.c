/* Command-line parsing: one table of options, getopt_long, strict values. */
#include "options.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include "version.h"

static const char usage[] =
"Usage: wuprobe [options]\n"
"Probe every Windows Update endpoint at once and report, per endpoint, the error\n"
"code the Windows Update client would log.\n"
"\n"
"  -c, --config FILE       endpoint list, '-' for standard input (default\n"
"                          ./endpoints.conf, then /etc/wuprobe/endpoints.conf)\n"
"  -f, --format FMT        text (default), json, prometheus, junit, nagios, csv\n"
"  -o, --output FILE       write the report to FILE instead of stdout ('-'); a\n"
"                          regular file is replaced atomically\n"
"      --json-file FILE    also write the JSON report to FILE\n"
"      --compare FILE      say what changed since FILE, an earlier JSON report\n"
"      --compare-last FILE\n"
"                          the same, when FILE is there (a first run says so);\n"
"                          with --json-file FILE, each run compares with the\n"
"                          last\n"
"      --timeout SECONDS   deadline for each endpoint (default 15; 0.1-3600)\n"
"      --parallel N        at most N connections under way at once (default\n"
"                          256); the others' lookups run ahead and they wait\n"
"                          without spending their --timeout; always within what\n"
"                          the descriptor limit allows\n"
"      --dns-server IP[:PORT][,...]\n"
"                          resolve with these servers, not /etc/resolv.conf\n"
"      --ca-bundle FILE    extra trusted root certificates (PEM)\n"
"      --proxy LIST        WinHTTP proxy list: host:port, or\n"
"                          http=p1:8080;https=p2:3128\n"
"      --bypass LIST       WinHTTP bypass list, with --proxy:\n"
"                          <local>;*.contoso.com\n"
"      --proxy-from FILE   the proxy of a Windows machine: the output of\n"
"                          'netsh winhttp show proxy' or of\n"
"                          'reg query ...\\Connections /v WinHttpSettings'\n"
"      --proxy-env         https_proxy, http_proxy and no_proxy from the\n"
"                          environment\n"
"      --policy-from FILE  a machine's Windows Update policy (WSUS, Windows\n"
"                          Update for Business): the output of 'reg query\n"
"                          ...\\Policies\\Microsoft\\Windows\\WindowsUpdate /s',\n"
"                          and/or of ...\\PolicyManager\\current\\device\\Update\n"
"                          (Intune/MDM); the servers it names are probed too\n"
"      --pac SCRIPT        an automatic proxy script (PAC), a URL fetched as\n"
"                          WinHTTP fetches it, or a file; FindProxyForURL\n"
"                          routes each endpoint\n"
"      --wpad              discover the PAC as WinHTTP's auto-detection does:\n"
"                          http://wpad.DOMAIN/wpad.dat, DOMAIN shortened to\n"
"                          two labels\n"
"      --domain NAME       the primary DNS suffix for --wpad (default: the\n"
"                          search domain of /etc/resolv.conf)\n"
"      --client-ip IP      what myIpAddress() returns in the PAC (default: the\n"
"                          local address of the route to the first DNS server)\n"
"      --proxy-user USER   authenticate to the proxy (DOMAIN\\user for NTLM); the\n"
"                          password comes from --proxy-password-file or\n"
"                          WUPROBE_PROXY_PASSWORD, never from the command line\n"
"      --proxy-password-file FILE\n"
"                          read the proxy password from the first line of FILE\n"
"      --ntp HOST[:PORT]   time server to measure the clock against\n"
"                          (default time.windows.com)\n"
"      --no-ntp            no SNTP; the HTTP Date headers are the only reference\n"
"      --max-skew SECONDS  clock skew that warns (default 300)\n"
"      --tls13             also try a TLS 1.3-only handshake on every HTTPS\n"
"                          endpoint (information; by default only where\n"
"                          TLS 1.2 fails, or with -v)\n"
"      --serve ADDR        run as a Prometheus exporter on ADDR (PORT, IP:PORT,\n"
"                          [IPv6]:PORT; PORT alone binds 127.0.0.1): GET\n"
"                          /probe?module=NAME runs a probe (see wuprobe(1))\n"
"      --modules FILE      with --serve: more modules than 'default' (the\n"
"                          command line), each a list of these options\n"
"      --explain CODE...   explain update error codes (0x8024402F, 8024402f,\n"
"                          -2145107921 or the name), offline; the last option:\n"
"                          every argument after it is a code\n"
"      --from-log FILE     read a client's update log (Get-WindowsUpdateLog,\n"
"                          WindowsUpdate.log, Delivery Optimization, BITS),\n"
"                          explain the codes it logged and probe the URLs that\n"
"                          failed\n"
"  -q, --quiet             text: show only endpoints that warn or fail\n"
"  -v, --verbose           text: add addresses, TLS details and causes\n"
"  -h, --help              this help\n"
"  -V, --version           the version, and the libcurl, OpenSSL and c-ares it\n"
"                          runs with\n"
"\n"
"Exit codes: 0 all ok, 1 warnings only, 2 at least one failure,\n"
"3 the probe could not run (usage, configuration, resources), or this machine\n"
"could not probe some endpoints (status error).\n"
"See wuprobe(1), endpoints.conf(5) and docs/ for the rest.\n";

static const struct option longopts[] = {
	{ "config",     required_argument, NULL, 'c' },
	{ "format",     required_argument, NULL, 'f' },
	{ "output",     required_argument, NULL, 'o' },
	{ "timeout",    required_argument, NULL, 't' },
	{ "parallel",   required_argument, NULL, 'p' },
	{ "dns-server", required_argument, NULL, 'd' },
	{ "ca-bundle",  required_argument, NULL, 'a' },
	{ "proxy",      required_argument, NULL, 'P' },
	{ "bypass",     required_argument, NULL, 'B' },
	{ "proxy-from", required_argument, NULL, 'F' },
	{ "proxy-env",  no_argument,       NULL, 'E' },
	{ "policy-from", required_argument, NULL, 'G' },
	{ "proxy-user", required_argument, NULL, 'U' },
	{ "proxy-password-file", required_argument, NULL, 'W' },
	{ "json-file",  required_argument, NULL, 'J' },
	{ "compare",    required_argument, NULL, 'K' },
	{ "compare-last", required_argument, NULL, 'L' },
	{ "pac",        required_argument, NULL, 'A' },
	{ "wpad",       no_argument,       NULL, 'w' },
	{ "domain",     required_argument, NULL, 'D' },
	{ "client-ip",  required_argument, NULL, 'I' },
	{ "ntp",        required_argument, NULL, 'N' },
	{ "no-ntp",     no_argument,       NULL, 'n' },
	{ "max-skew",   required_argument, NULL, 'S' },
	{ "serve",      required_argument, NULL, 's' },
	{ "modules",    required_argument, NULL, 'm' },
	{ "quiet",      no_argument,       NULL, 'q' },
	{ "tls13",      no_argument,       NULL, '3' },
	{ "verbose",    no_argument,       NULL, 'v' },
	{ "help",       no_argument,       NULL, 'h' },
	{ "version",    no_argument,       NULL, 'V' },
	{ "explain",    no_argument,       NULL, 'X' },
	{ "from-log",   required_argument, NULL, 'R' },
	{ NULL, 0, NULL, 0 },
};

const char *const out_format_names[] = { "text", "json", "prometheus", "junit", "nagios", "csv", NULL };

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* One server: "1.2.3.4", "1.2.3.4:53", "::1", "[::1]", "[::1]:53". */
static int one_server(const char *s, size_t n, char *out, size_t outlen)
{
	char host[64], norm[80];
	unsigned char a[16];
	const char *port = NULL;
	size_t hl = n;
	int family, pv = 0;

	if (n == 0 || n >= sizeof host)
		return -1;
	if (s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (!close)
			return -1;
		hl = (size_t)(close - s - 1);
		memcpy(host, s + 1, hl);
		if (close + 1 < s + n) {
			if (close[1] != ':')
				return -1;
			port = close + 2;
		}
		family = AF_INET6;
	} else {
		const char *colon = memchr(s, ':', n);
		if (colon && memchr(colon + 1, ':', (size_t)(s + n - colon - 1))) {
			family = AF_INET6;           /* a bare IPv6 address */
		} else {
			family = AF_INET;
			if (colon) {
				hl = (size_t)(colon - s);
				port = colon + 1;
			}
		}
		memcpy(host, s, hl);
	}
	host[hl] = '\0';
	if (inet_pton(family, host, a) != 1)
		return -1;
	if (port) {
		char pbuf[8];
		size_t pl = (size_t)(s + n - port);
		if (pl == 0 || pl >= sizeof pbuf)
			return -1;
		memcpy(pbuf, port, pl);
		pbuf[pl] = '\0';
		if (parse_int(pbuf, 1, 65535, &pv))
			return -1;
	}
	if (family == AF_INET6)
		snprintf(norm, sizeof norm, pv ? "[%s]:%d" : "%s", host, pv);
	else
		snprintf(norm, sizeof norm, pv ? "%s:%d" : "%s", host, pv);
	if (strlen(out) + strlen(norm) + 2 > outlen)
		return -1;
	if (*out)
		strcat(out, ",");
	strcat(out, norm);
	return 0;
}

int options_dns_servers(const char *arg, char *out, size_t outlen)
{
	const char *p = arg;

	out[0] = '\0';
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		if (one_server(p, n, out, outlen))
			return -1;
		if (!comma)
			return 0;
		p = comma + 1;
	}
}

/* A DNS suffix for WPAD: letters, digits, '-' and '_' in labels of 1-63, at
 * least two labels (WPAD never goes below two), 253 at most. */
static bool valid_domain(const char *s)
{
	size_t label = 0, labels = 1, n = strlen(s);

	if (n == 0 || n > 253 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return false;
			label = 0;
			labels++;
		} else if (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			   *p == '_') {
			if (++label > 63)
				return false;
		} else {
			return false;
		}
	}
	return labels >= 2;
}

/* True when ARG ("--name" or "--name=value") names a long option exactly.
 * getopt_long would also take any unambiguous abbreviation ("--proxy-pa" for
 * --proxy-password-file), and a password typed after it would become a file
 * name echoed in an error; wuprobe, like curl, takes only exact names. */
static bool exact_long_option(const char *arg)
{
	size_t n = strcspn(arg + 2, "=");

	for (const struct option *lo = longopts; lo->name; lo++)
		if (strlen(lo->name) == n && strncmp(lo->name, arg + 2, n) == 0)
			return true;
	return false;
}

/* How much of ARG may be shown as an option's name: the dashes, then
 * letters, digits and '-'. Never what follows, whatever joins it: "=", ":"
 * or anything else ("--proxy-password:secret" shows as "--proxy-password"). */
static size_t option_name_len(const char *arg)
{
	size_t n = 0;

	while (n < 2 && arg[n] == '-')
		n++;
	while ((arg[n] >= 'a' && arg[n] <= 'z') || (arg[n] >= 'A' && arg[n] <= 'Z') || (arg[n] >= '0' && arg[n] <= '9') ||
	       arg[n] == '-')
		n++;
	return n;
}

/* The option ARG names, never its value. */
static int unknown_option(const char *arg, char *err, size_t errlen)
{
	char shown[REDACT_MAX];
	size_t n = option_name_len(arg);

	snprintf(err, errlen, "unknown option '%.40s' (see --help)", redact(arg, n, shown, sizeof shown));
	return OPT_ERROR;
}

/* "--timeout: 'x' is not ...": OPT's value, as the message may show it. */
static int bad_value(const char *opt, const char *value, const char *want, char *err, size_t errlen)
{
	char shown[REDACT_MAX];

	snprintf(err, errlen, "%s: '%.80s' is not %s", opt, redact(value, strlen(value), shown, sizeof shown), want);
	return OPT_ERROR;
}

/* The value of option SHORT/LONG at ARGV[*I] ("-fX", "-f X", "--format X",
 * "--format=X"), or NULL when ARGV[*I] is not that option; *I moves past
 * a value taken from the next element. */
static const char *value_of(int argc, char **argv, int *i, char short_name, const char *long_name)
{
	const char *a = argv[*i];
	size_t n = strlen(long_name);

	if (short_name && a[0] == '-' && a[1] == short_name)
		return a[2] ? a + 2 : *i + 1 < argc ? argv[++*i] : NULL;
	if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, long_name, n) == 0) {
		if (a[2 + n] == '=')
			return a + 3 + n;
		if (a[2 + n] == '\0')
			return *i + 1 < argc ? argv[++*i] : NULL;
	}
	return NULL;
}

void options_salvage(int argc, char **argv, struct options *o)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *v;
		if ((v = value_of(argc, argv, &i, 'f', "format"))) {
			for (int k = 0; out_format_names[k]; k++)
				if (strcmp(v, out_format_names[k]) == 0)
					o->format = (enum out_format)k;
		} else if ((v = value_of(argc, argv, &i, 'o', "output"))) {
			o->output = v;
		} else if ((v = value_of(argc, argv, &i, 0, "json-file"))) {
			o->json_file = v;
		}
	}
}

int options_parse(int argc, char **argv, struct options *o, char *err, size_t errlen)
{
	int c, at;

	*o = (struct options){ .format = FMT_TEXT, .timeout_s = 15, .parallel = 0, .max_skew = 300 };
	/* --explain takes every argument after it as a code, "-2145107921"
	 * included: the options before it are parsed, the rest is not. */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--explain") == 0) {
			o->codes = argv + i + 1;
			o->ncodes = argc - i - 1;
			argc = i + 1;
			break;
		}
	/* Passwords never go on the command line: "--proxy-password=x" and the
	 * like are refused with a message that says where they go instead. */
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];
		size_t n = strcspn(a, "=");
		if (n >= 12 && strncmp(a, "--proxy-pass", 12) == 0 &&
		    !(n == 21 && strncmp(a, "--proxy-password-file", 21) == 0)) {
			char shown[REDACT_MAX];
			snprintf(err, errlen, "unknown option '%.40s': passwords never go on the command line; "
					      "use WUPROBE_PROXY_PASSWORD or --proxy-password-file",
				 redact(a, option_name_len(a), shown, sizeof shown));
			return OPT_ERROR;
		}
	}
	opterr = 0;
	optind = 0;   /* glibc: a full reset, so a second parse starts clean */
	/* '+': no permutation, so argv[at] is the element getopt_long reads
	 * (a non-option stops the loop and is refused below). */
	for (at = 1; (c = getopt_long(argc, argv, "+:c:f:o:qvhV", longopts, NULL)) != -1; at = optind) {
		if (strncmp(argv[at], "--", 2) == 0 && !exact_long_option(argv[at]))
			return unknown_option(argv[at], err, errlen);
		switch (c) {
		case 'c': o->config = optarg; break;
		case 'o': o->output = optarg; break;
		case 'a': o->ca_bundle = optarg; break;
		case 'P': o->proxy_list = optarg; break;
		case 'B': o->bypass_list = optarg; break;
		case 'F':
			if (o->nproxy_from == 2) {
				snprintf(err, errlen, "--proxy-from: at most twice (the machine's export and a user's)");
				return OPT_ERROR;
			}
			o->proxy_from[o->nproxy_from++] = optarg;
			break;
		case 'E': o->proxy_env = true; break;
		case 'G':
			if (o->policy_from) {
				snprintf(err, errlen, "--policy-from: given twice");
				return OPT_ERROR;
			}
			o->policy_from = optarg;
			break;
		case 'U': o->proxy_user = optarg; break;
		case 'W': o->proxy_password_file = optarg; break;
		case 'N': o->ntp = optarg; break;
		case 'A': o->pac = optarg; break;
		case 'w': o->wpad = true; break;
		case 'D':
			if (!valid_domain(optarg))
				return bad_value("--domain", optarg, "a DNS name of two labels or more", err, errlen);
			o->domain = optarg;
			break;
		case 'I': {
			unsigned char a[16];
			if (inet_pton(AF_INET, optarg, a) != 1 && inet_pton(AF_INET6, optarg, a) != 1)
				return bad_value("--client-ip", optarg, "an IPv4 or IPv6 address", err, errlen);
			o->client_ip = optarg;
			break;
		}
		case 'n': o->no_ntp = true; break;
		case 'S':
			if (parse_double(optarg, 1, 1e9, &o->max_skew))
				return bad_value("--max-skew", optarg, "a number of seconds from 1 up", err, errlen);
			break;
		case 's': o->serve = optarg, o->serve_at = at, o->serve_end = optind; break;
		case 'm': o->modules = optarg, o->modules_at = at, o->modules_end = optind; break;
		case 'q': o->quiet = true; break;
		case '3': o->tls13 = true; break;
		case 'v': o->verbose++; break;
		case 'f': {
			int k = 0;
			while (out_format_names[k] && strcmp(optarg, out_format_names[k]) != 0)
				k++;
			if (!out_format_names[k])
				return bad_value("--format", optarg, "a format (text, json, prometheus, junit, nagios, csv)",
						 err, errlen);
			o->format = (enum out_format)k;
			break;
		}
		case 'J': o->json_file = optarg; break;
		case 'K':
		case 'L':
			if (o->compare) {
				snprintf(err, errlen, "--compare and --compare-last: give one, once");
				return OPT_ERROR;
			}
			o->compare = optarg;
			o->compare_last = c == 'L';
			break;
		case 'X': o->explain = true; break;
		case 'R':
			if (o->from_log) {
				snprintf(err, errlen, "--from-log: given twice");
				return OPT_ERROR;
			}
			o->from_log = optarg;
			break;
		case 't':
			if (parse_double(optarg, 0.1, 3600, &o->timeout_s))
				return bad_value("--timeout", optarg, "a number of seconds from 0.1 to 3600", err, errlen);
			break;
		case 'p':
			if (parse_int(optarg, 1, 1000000, &o->parallel))
				return bad_value("--parallel", optarg, "a whole number from 1 to 1000000", err, errlen);
			break;
		case 'd':
			if (options_dns_servers(optarg, o->dns_servers, sizeof o->dns_servers))
				return bad_value("--dns-server", optarg, "IP[:PORT][,IP[:PORT]...]", err, errlen);
			break;
		case 'h':
			fputs(usage, stdout);
			return OPT_EXIT_OK;
		case 'V':
			version_print(stdout);
			return OPT_EXIT_OK;
		case ':': {
			char shown[REDACT_MAX];
			snprintf(err, errlen, "option '%.40s' needs a value",
				 redact(argv[at], strlen(argv[at]), shown, sizeof shown));
			return OPT_ERROR;
		}
		default:
			if (strncmp(argv[at], "--", 2) == 0 && exact_long_option(argv[at])) {
				snprintf(err, errlen, "option '%.*s' takes no value", (int)option_name_len(argv[at]), argv[at]);
				return OPT_ERROR;
			}
			if (strncmp(argv[at], "--", 2) == 0)
				return unknown_option(argv[at], err, errlen);
			if (optopt >= 0x21 && optopt < 0x7f)
				snprintf(err, errlen, "unknown option '-%c' (see --help)", optopt);
			else
				snprintf(err, errlen, "unknown option (see --help)");
			return OPT_ERROR;
		}
	}
	if (o->explain && o->ncodes == 0) {
		snprintf(err, errlen, "--explain: give one code or more (0x8024402F, 8024402f, -2145107921 or a name)");
		return OPT_ERROR;
	}
	if (o->explain && o->from_log) {
		snprintf(err, errlen, "--explain runs offline and --from-log probes: give one");
		return OPT_ERROR;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument (see --help)");
		return OPT_ERROR;
	}
	if ((o->proxy_list != NULL) + (o->nproxy_from > 0) + o->proxy_env > 1) {
		snprintf(err, errlen, "--proxy, --proxy-from and --proxy-env are different sources: give one");
		return OPT_ERROR;
	}
	if (o->ntp && o->no_ntp) {
		snprintf(err, errlen, "--ntp and --no-ntp contradict each other");
		return OPT_ERROR;
	}
	if (o->bypass_list && !o->proxy_list) {
		snprintf(err, errlen, "--bypass goes with --proxy");
		return OPT_ERROR;
	}
	if (o->pac && o->wpad) {
		snprintf(err, errlen, "--pac and --wpad are two ways to the same script: give one");
		return OPT_ERROR;
	}
	if (o->domain && !o->wpad) {
		snprintf(err, errlen, "--domain goes with --wpad");
		return OPT_ERROR;
	}
	if (o->client_ip && !o->pac && !o->wpad) {
		snprintf(err, errlen, "--client-ip goes with --pac or --wpad");
		return OPT_ERROR;
	}
	if (o->modules && !o->serve) {
		snprintf(err, errlen, "--modules goes with --serve");
		return OPT_ERROR;
	}
	if (o->serve && (o->output || o->json_file)) {
		snprintf(err, errlen, "--serve answers each scrape: --output and --json-file do not go with it");
		return OPT_ERROR;
	}
	if (o->proxy_password_file && !o->proxy_user) {
		snprintf(err, errlen, "--proxy-password-file goes with --proxy-user");
		return OPT_ERROR;
	}
	return OPT_RUN;
}
