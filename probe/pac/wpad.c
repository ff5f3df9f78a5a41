/* The WPAD walk over DNS: the names, their lookups, the download of the one
 * found. */
#include "wpad.h"

#include <ares.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "pac_fetch_dns.h"

static bool label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int wpad_walk(const char *domain, struct wpad_report *rep, char *err, size_t errlen)
{
	char d[256];
	size_t n = strlen(domain), label = 0, labels = 1;
	const char *suffix;

	memset(rep, 0, sizeof *rep);
	if (n > 0 && domain[n - 1] == '.')
		n--;   /* the fully qualified form */
	if (n == 0 || n > 248) {   /* "wpad." and the suffix within DNS's 253 */
		snprintf(err, errlen, "%s", n ? "domain longer than 248 characters" : "empty domain");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		char c = (char)(domain[i] >= 'A' && domain[i] <= 'Z' ? domain[i] + 32 : domain[i]);
		if (c == '.') {
			if (label == 0)
				break;
			labels++;
			label = 0;
		} else if (!label_char(c) || ++label > 63) {
			label = 0;
			break;
		}
		d[i] = c;
	}
	if (label == 0) {
		snprintf(err, errlen, "not a DNS domain name (letters, digits, '-' and '_' in dot-separated labels "
			 "of 1 to 63)");
		return -1;
	}
	d[n] = '\0';
	/* The suffix itself, then its parents while they keep two labels. */
	if ((labels > 2 ? labels - 1 : 1) > WPAD_MAX_TRIES) {
		snprintf(err, errlen, "domain of %zu labels: at most %d are walked", labels, WPAD_MAX_TRIES + 1);
		return -1;
	}
	memcpy(rep->domain, d, n + 1);
	for (suffix = d;; suffix = strchr(suffix, '.') + 1, labels--) {
		struct wpad_try *t = &rep->tries[rep->ntries++];
		snprintf(t->name, sizeof t->name, "wpad.%s", suffix);
		snprintf(t->url, sizeof t->url, "http://wpad.%s/wpad.dat", suffix);
		if (labels <= 2)
			break;
	}
	return 0;
}

int wpad_domain_from_resolv(const char *text, char *out, size_t outlen)
{
	bool found = false;

	for (const char *line = text; line && *line;) {
		const char *next = strchr(line, '\n');
		size_t kw = strcspn(line, " \t\r\n");   /* keywords start a line; "#" or ";" there: a comment */
		if (kw == 6 && (strncmp(line, "search", 6) == 0 || strncmp(line, "domain", 6) == 0)) {
			const char *v, *end = line + kw;
			do {   /* the first entry that is not "." (the root, no suffix) */
				v = end + strspn(end, " \t");
				end = v + strcspn(v, " \t\r\n");
			} while (end - v == 1 && *v == '.');
			if (end > v && (size_t)(end - v) < outlen) {
				memcpy(out, v, (size_t)(end - v));
				out[end - v] = '\0';
				found = true;   /* and a later line wins */
			}
		}
		line = next ? next + 1 : NULL;
	}
	return found ? 0 : -1;
}

/* The primary DNS suffix as this machine knows it: resolv.conf, else the host
 * name's domain (resolv.conf(5): "the local domain name is taken to be
 * everything after the first '.'"). */
static int default_domain(char *out, size_t outlen, char *err, size_t errlen)
{
	char text[8192], host[256];
	FILE *f = fopen("/etc/resolv.conf", "re");
	size_t n = 0;
	const char *dot;

	if (f) {
		n = fread(text, 1, sizeof text - 1, f);
		fclose(f);
	}
	text[n] = '\0';
	if (wpad_domain_from_resolv(text, out, outlen) == 0)
		return 0;
	host[sizeof host - 1] = '\0';
	if (gethostname(host, sizeof host - 1) == 0 && (dot = strchr(host, '.')) && dot[1] &&
	    strlen(dot + 1) < outlen) {
		snprintf(out, outlen, "%s", dot + 1);
		return 0;
	}
	snprintf(err, errlen, "no DNS suffix to walk: /etc/resolv.conf has no search or domain line and the host "
		 "name no domain");
	return -1;
}

int wpad_discover(const char *domain, const struct pac_fetch_env *env, struct wpad_report *rep,
		  struct pac_script *out, char *err, size_t errlen)
{
	char own[256], why[200];

	memset(out, 0, sizeof *out);
	memset(rep, 0, sizeof *rep);
	if (!domain) {
		if (default_domain(own, sizeof own, err, errlen))
			return -1;
		domain = own;
	}
	if (wpad_walk(domain, rep, why, sizeof why)) {
		snprintf(err, errlen, "domain %s: %s", domain, why);
		return -1;
	}
	size_t walk = rep->ntries;
	for (rep->ntries = 0; rep->ntries < walk;) {
		struct wpad_try *t = &rep->tries[rep->ntries++];
		struct pac_addrs a;
		int64_t deadline = mono_ms() + (int64_t)(env->timeout_s * 1000.0);

		int rc = pac_dns_resolve(t->name, env->dns_servers, deadline, &a, why, sizeof why, env->local_err);
		if (rc == ARES_EFILE) {         /* this machine's: the walk cannot say what is there */
			snprintf(t->outcome, sizeof t->outcome, "%s", why);
			snprintf(err, errlen, "%s: %s", t->name, why);
			return -1;
		}
		if (rc == PAC_DNS_SINKHOLE) {   /* the name resolves: the client's download cannot connect */
			snprintf(rep->found_url, sizeof rep->found_url, "%s", t->url);
			snprintf(t->outcome, sizeof t->outcome, "resolves, download failed: %.150s", why);
			snprintf(err, errlen, "%s: %s", t->url, why);
			return -1;
		}
		if (rc != ARES_SUCCESS) {
			snprintf(t->outcome, sizeof t->outcome, "%s", why);
			continue;
		}
		/* Detection is done: this is the URL, whatever its download says. */
		snprintf(rep->found_url, sizeof rep->found_url, "%s", t->url);
		if (pac_fetch_url(t->url, env, out, why, sizeof why) == 0) {
			snprintf(t->outcome, sizeof t->outcome, "found (%.46s%s; %zu bytes)", a.a[0], a.n > 1 ? ", ..." : "",
				 out->len);
			return 0;
		}
		snprintf(t->outcome, sizeof t->outcome, "resolves (%.46s%s), download failed: %.110s", a.a[0],
			 a.n > 1 ? ", ..." : "", why);
		snprintf(err, errlen, "%s: %s", t->url, why);
		return -1;
	}
	snprintf(err, errlen, "no wpad name under %s resolves (%zu tried)", rep->domain, rep->ntries);
	return -1;
}
