/* The run's automatic proxy (autoproxy.h). */
#include "autoproxy.h"

#include "fault.h"

#include "redact.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PAC_MEM_CAP     (64u << 20)   /* a PAC file is a few KiB of script: 64 MiB is runaway */
#define PAC_BUDGET_MIN  5.0           /* seconds for the whole list, at least */
#define PAC_REDIRECT_BUDGET 1.0       /* seconds for one redirect target, during the run */

static void fail(struct autoproxy *ap, uint32_t code, const char *cause, const char *msg)
{
	ap->code = code;
	ap->cause = cause;
	snprintf(ap->message, sizeof ap->message, "%s", msg);
}

static int connect_udp(const struct sockaddr *sa, socklen_t len)
{
	int fd = socket(sa->sa_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd >= 0 && connect(fd, sa, len) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* The first server's address of a c-ares CSV list ("1.2.3.4", "1.2.3.4:53",
 * "::1", "[::1]:53"), or of /etc/resolv.conf's nameserver lines. */
static void first_dns_server(const char *csv, char *buf, size_t len)
{
	buf[0] = '\0';
	if (csv && *csv) {
		size_t n = strcspn(csv, ",");
		const char *p = csv, *colon;
		if (*p == '[') {
			p++;
			n = strcspn(p, "]");
		} else if ((colon = memchr(p, ':', n)) && !memchr(colon + 1, ':', (size_t)(p + n - colon - 1))) {
			n = (size_t)(colon - p);   /* IPv4:port */
		}
		snprintf(buf, len, "%.*s", (int)n, p);
		return;
	}
	FILE *f = fopen("/etc/resolv.conf", "r");
	char line[256], addr[64];
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "nameserver %63s", addr) == 1) {
			snprintf(buf, len, "%s", addr);
			break;
		}
	if (f)
		fclose(f);
}

/* The local address of the route towards the first DNS server (a UDP
 * connect sends nothing), else 127.0.0.1: what myIpAddress() says when
 * --client-ip does not name one. The PAC server is usually reached the
 * same way; a Windows machine answers with the address of its own
 * interface, which is why --client-ip exists. */
static void route_address(const char *dns_servers, char *buf, size_t len)
{
	char first[64];
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(53) };
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(53) };
	struct sockaddr_storage ss = { 0 };
	socklen_t sl = sizeof ss;
	int fd = -1;

	snprintf(buf, len, "127.0.0.1");
	first_dns_server(dns_servers, first, sizeof first);
	if (inet_pton(AF_INET, first, &a4.sin_addr) == 1)
		fd = connect_udp((struct sockaddr *)&a4, sizeof a4);
	else if (inet_pton(AF_INET6, first, &a6.sin6_addr) == 1)
		fd = connect_udp((struct sockaddr *)&a6, sizeof a6);
	if (fd >= 0 && getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		const void *at = ss.ss_family == AF_INET ? (const void *)&((struct sockaddr_in *)&ss)->sin_addr
							 : (const void *)&((struct sockaddr_in6 *)&ss)->sin6_addr;
		inet_ntop(ss.ss_family, at, buf, (socklen_t)len);
	}
	if (fd >= 0)
		close(fd);
}

/* D from the script's answer LIST for one URL (or its ERROR). */
static void decide(struct pac_decision *d, const char *list, const char *error)
{
	struct pac_route r;
	char why[200];

	memset(d, 0, sizeof *d);
	/* A copy that fails would hide the script's failure (an error not
	 * counted) or its answer: this machine's, said per endpoint. */
	bool nomem = fault_at("pac_decision");
	if (error || !list) {
		nomem |= !(d->error = strdup(error ? error : "FindProxyForURL returned nothing"));
		d->local_err = nomem ? ENOMEM : 0;
		return;
	}
	nomem |= !(d->list = strdup(list));
	if (!nomem && pac_list_parse(list, &r, why, sizeof why))
		nomem |= !(d->error = strdup(why));
	if (nomem || d->error) {
		d->local_err = nomem ? ENOMEM : 0;
		return;
	}
	for (size_t k = 0; k < r.n && k < PAC_MAX_ENTRIES; k++) {
		unsigned char a[16];
		struct proxy_server *s = &d->servers[k];
		d->is_proxy[k] = !r.e[k].direct;
		if (r.e[k].direct)
			continue;
		snprintf(s->host, sizeof s->host, "%s", r.e[k].host);
		s->host_ipv6 = r.e[k].host_ipv6;
		s->host_literal = inet_pton(AF_INET, s->host, a) == 1 || inet_pton(AF_INET6, s->host, a) == 1;
		s->port = r.e[k].port;
		s->scheme = PS_ANY;
	}
	d->n = r.n < PAC_MAX_ENTRIES ? r.n : PAC_MAX_ENTRIES;
}

/* The script from URL_OR_FILE (--pac, or the user's setup script). */
static int load_pac(struct autoproxy *ap, const char *url_or_file, const struct pac_fetch_env *fe)
{
	char why[600];

	redact(url_or_file, strlen(url_or_file), ap->pac_name, sizeof ap->pac_name);   /* it reaches every report */
	if (pac_load(url_or_file, fe, &ap->script, why, sizeof why)) {
		fail(ap, 0x80072F87u, "pac_download_failed", why);
		return -1;
	}
	return 0;
}

/* Gets the script. 0, or -1 with the failure recorded in AP (the run goes
 * on and every endpoint carries it), or LOAD_LOCAL with the reason in
 * AP->message: this machine failed a step (a lookup's check of /etc/hosts),
 * so neither 0x80072F94 nor 0x80072F87 would be true. */
#define LOAD_LOCAL (-2)
static int load_script(struct autoproxy *ap, const struct options *o, const struct user_proxy *user,
		       struct pac_fetch_env *fe);

static int load(struct autoproxy *ap, const struct options *o, const struct user_proxy *user)
{
	int local_err = 0;
	struct pac_fetch_env fe = { .dns_servers = ap->env.dns_servers, .timeout_s = o->timeout_s,
				    .ca_file_or_null = o->ca_bundle, .local_err = &local_err };
	int rc = load_script(ap, o, user, &fe);

	return rc && local_err ? LOAD_LOCAL : rc;
}

static int load_script(struct autoproxy *ap, const struct options *o, const struct user_proxy *user,
		       struct pac_fetch_env *fe)
{
	char why[600];

	if (!o->pac && !o->wpad) {
		/* The user's settings, in WinINet's order: detect, then the setup script. */
		bool detect = user->autodetect && !user->disable_wpad;
		if (detect && wpad_discover(NULL, fe, &ap->wpad_rep, &ap->script, why, sizeof why) == 0) {
			ap->script_from_wpad = true;
			snprintf(ap->pac_name, sizeof ap->pac_name, "%s", ap->wpad_rep.found_url);
			return 0;
		}
		if (*fe->local_err) {           /* detection could not say: not on to the setup script */
			snprintf(ap->message, sizeof ap->message, "%s", why);
			return -1;
		}
		if (user->autoconfig)
			return load_pac(ap, user->autoconfig_url, fe);
		fail(ap, ap->wpad_rep.found_url[0] ? 0x80072F87u : 0x80072F94u,
		     ap->wpad_rep.found_url[0] ? "pac_download_failed" : "wpad_not_found", why);
		return -1;
	}
	if (ap->wpad) {
		if (wpad_discover(o->domain, fe, &ap->wpad_rep, &ap->script, why, sizeof why)) {
			if (ap->wpad_rep.found_url[0]) {   /* a wpad name answered; its script did not come */
				snprintf(ap->pac_name, sizeof ap->pac_name, "%s", ap->wpad_rep.found_url);
				fail(ap, 0x80072F87u, "pac_download_failed", why);
			} else {
				fail(ap, 0x80072F94u, "wpad_not_found", why);
			}
			return -1;
		}
		ap->script_from_wpad = true;
		snprintf(ap->pac_name, sizeof ap->pac_name, "%s", ap->wpad_rep.found_url);
		return 0;
	}
	return load_pac(ap, o->pac, fe);
}

int autoproxy_run(struct autoproxy *ap, const struct options *o, const struct user_proxy *user,
		  const struct config *conf, char *err, size_t errlen)
{
	char **urls = NULL, **hosts = NULL, why[600];
	struct pac_result *res = NULL;
	int rc = -1;

	memset(ap, 0, sizeof *ap);
	bool from_user = user && user->present && ((user->autodetect && !user->disable_wpad) || user->autoconfig);
	if (!o->pac && !o->wpad && !from_user)
		return 0;
	ap->on = true;
	ap->explicit_script = o->pac || o->wpad;
	ap->wpad = o->wpad || (!o->pac && from_user && user->autodetect && !user->disable_wpad);
	snprintf(ap->dns_servers, sizeof ap->dns_servers, "%s", o->dns_servers);
	ap->env.dns_servers = ap->dns_servers[0] ? ap->dns_servers : NULL;
	ap->env.budget_s = o->timeout_s > PAC_BUDGET_MIN ? o->timeout_s : PAC_BUDGET_MIN;
	ap->env.mem_cap = PAC_MEM_CAP;
	int lr = load(ap, o, user);
	if (lr == LOAD_LOCAL) {           /* this machine's: the run stops, exit 3 */
		snprintf(err, errlen, "%s", ap->message);
		return -1;
	}
	if (lr) {
		if (ap->wpad && ap->wpad_rep.ntries == 0) {   /* nothing to walk: bad input, not the network */
			snprintf(err, errlen, "--wpad: %s (give --domain)", ap->message);
			return -1;
		}
		return 0;                       /* recorded in AP: the run goes on */
	}
	if (o->client_ip)
		snprintf(ap->client_ip, sizeof ap->client_ip, "%s", o->client_ip);
	else
		route_address(ap->env.dns_servers, ap->client_ip, sizeof ap->client_ip);
	ap->env.client_ip = ap->client_ip;

	ap->n = conf->n;
	if (!(urls = calloc(conf->n, sizeof *urls)) || !(hosts = calloc(conf->n, sizeof *hosts)) ||
	    !(res = calloc(conf->n, sizeof *res)) || !(ap->dec = calloc(conf->n, sizeof *ap->dec)))
		goto oom;
	for (size_t i = 0; i < conf->n; i++) {
		struct url u;
		char canon[URL_MAX_LEN + 300];
		if (ep_conf_url(&conf->eps[i], &u))
			goto oom;               /* it parsed when the list was read */
		url_format(&u, canon, sizeof canon);
		if (!(urls[i] = strdup(canon)) || !(hosts[i] = strdup(u.host)))
			goto oom;
	}
	int ev = pac_eval(ap->script.text, ap->script.len, ap->pac_name, (const char *const *)urls,
			  (const char *const *)hosts, conf->n, &ap->env, res, why, sizeof why);
	if (ev == PAC_EVAL_LOCAL) {       /* this machine's: the run stops, exit 3 */
		snprintf(err, errlen, "%s", why);
		goto done;
	} else if (ev) {
		fail(ap, 0x80072F86u, "pac_script_error", why);
		free(ap->dec);
		ap->dec = NULL;
	} else {
		for (size_t i = 0; i < conf->n; i++) {
			decide(&ap->dec[i], res[i].list, res[i].error);
			ap->url_errors += ap->dec[i].error != NULL;
		}
	}
	pac_results_free(res, conf->n);   /* the strings; the array below */
	rc = 0;
	goto done;
oom:
	snprintf(err, errlen, "out of memory evaluating the PAC script");
done:
	free(res);
	for (size_t i = 0; urls && i < conf->n; i++)
		free(urls[i]);
	for (size_t i = 0; hosts && i < conf->n; i++)
		free(hosts[i]);
	free(urls);
	free(hosts);
	return rc;
}

struct pac_decision *autoproxy_decide(const struct autoproxy *ap, const struct url *u)
{
	char canon[URL_MAX_LEN + 300], why[600];
	const char *url = canon, *host = u->host;
	struct pac_result res = { 0 };
	struct pac_decision *d;

	if (!ap->on || !ap->dec || !(d = calloc(1, sizeof *d)))
		return NULL;
	url_format(u, canon, sizeof canon);
	/* The loop waits for this one evaluation (the script already ran for
	 * every URL of the list): a short budget bounds the wait. */
	struct pac_env env = ap->env;
	if (env.budget_s > PAC_REDIRECT_BUDGET)
		env.budget_s = PAC_REDIRECT_BUDGET;
	int ev = fault_at("pac_redirect") ? (errno = EMFILE, PAC_EVAL_LOCAL)
		 : pac_eval(ap->script.text, ap->script.len, ap->pac_name, &url, &host, 1, &env, &res, why, sizeof why);
	if (ev == PAC_EVAL_LOCAL)
		d->local_err = errno ? errno : ENOMEM;
	else if (ev)
		decide(d, NULL, why);
	else
		decide(d, res.list, res.error);
	pac_results_free(&res, 1);
	return d;
}

void autoproxy_decision_free(struct pac_decision *d)
{
	if (!d)
		return;
	free(d->list);
	free(d->error);
	free(d);
}

void autoproxy_entry_format(const struct pac_decision *d, size_t k, char *buf, size_t len)
{
	char hp[URL_HOST_MAX + 16];

	if (k >= d->n || !d->is_proxy[k]) {
		snprintf(buf, len, "DIRECT");
		return;
	}
	proxy_server_format(&d->servers[k], hp, sizeof hp);
	snprintf(buf, len, "PROXY %s", hp);
}

void autoproxy_free(struct autoproxy *ap)
{
	for (size_t i = 0; ap->dec && i < ap->n; i++) {
		free(ap->dec[i].list);
		free(ap->dec[i].error);
	}
	free(ap->dec);
	pac_script_free(&ap->script);
	memset(ap, 0, sizeof *ap);
}
