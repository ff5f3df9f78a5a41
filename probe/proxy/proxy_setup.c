/* The run's proxy and its credentials. The password is kept out of core
 * dumps and wiped from every buffer it passed through. */
#include "proxy_setup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "proxy_import.h"
#include "redact.h"

#define PASSWORD_MAX 1024

static void wipe(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

/* Before a password is in memory: no core file, and not dumpable (no core
 * through a pipe handler, no ptrace or /proc/PID/mem by the same user). */
static int no_core_dumps(char *err, size_t errlen)
{
	const struct rlimit zero = { 0, 0 };

	if (setrlimit(RLIMIT_CORE, &zero) != 0 || prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
		snprintf(err, errlen, "cannot turn core dumps off before loading the proxy password: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* The first line of PATH, without its line end. read(2) into a buffer of
 * our own, not stdio, whose buffer would keep a copy after fclose. */
char *proxy_password_read(const char *path, char *err, size_t errlen)
{
	char buf[PASSWORD_MAX + 2], name[REDACT_MAX], *p = NULL;
	size_t n = 0, len;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e = 0;

	redact(path, strlen(path), name, sizeof name);
	if (fd < 0) {
		snprintf(err, errlen, "--proxy-password-file %s: cannot open: %s", name, strerror(errno));
		return NULL;
	}
	while (n < sizeof buf - 1 && !memchr(buf, '\n', n)) {
		ssize_t r = read(fd, buf + n, sizeof buf - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			e = r < 0 ? errno : 0;
			break;
		}
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	len = strcspn(buf, "\r\n");
	if (e)
		snprintf(err, errlen, "--proxy-password-file %s: cannot read: %s", name, strerror(e));
	else if (len == 0 || len > PASSWORD_MAX)
		snprintf(err, errlen, "--proxy-password-file %s: the first line must hold the password (1-%d bytes)",
			 name, PASSWORD_MAX);
	else if (!(p = strndup(buf, len)))
		snprintf(err, errlen, "out of memory");
	explicit_bzero(buf, sizeof buf);
	return p;
}

/* Each --proxy-from file by what it holds: the machine's WinHTTP settings
 * (netsh, WinHttpSettings), a user's Internet Options, or both (an HKLM
 * export with /s). Each kind at most once. */
static int import_exports(struct proxy_setup *ps, const struct options *o, char *err, size_t errlen)
{
	bool machine = false;

	for (int i = 0; i < o->nproxy_from; i++) {
		const char *path = o->proxy_from[i];
		size_t len;
		unsigned char *data = proxy_export_read(path, &len, err, errlen);
		int kind, rc = 0;
		if (!data)
			return -1;
		kind = proxy_export_kind(data, len);
		if (((kind & PROXY_EXPORT_MACHINE) && machine) || ((kind & PROXY_EXPORT_USER) && ps->settings.present)) {
			char name[REDACT_MAX];
			snprintf(err, errlen, "--proxy-from %s: a second export of the same kind (one machine's, one "
					      "user's)", redact(path, strlen(path), name, sizeof name));
			rc = -1;
		} else if (kind & PROXY_EXPORT_USER) {
			rc = proxy_import_user(&ps->settings, data, len, path, err, errlen);
		}
		if (rc == 0 && (kind & PROXY_EXPORT_MACHINE || !(kind & PROXY_EXPORT_USER))) {
			rc = proxy_import_text(&ps->model, data, len, path, err, errlen);   /* names the file's faults */
			machine = true;
		}
		free(data);
		if (rc)
			return -1;
	}
	if (!machine)
		ps->model.source = "none";   /* only a user's settings: WinHTTP's own are direct */
	return 0;
}

static int choose_source(struct proxy_setup *ps, const struct options *o, struct config *conf, char *err,
			 size_t errlen)
{
	struct proxy_model *m = &ps->model;
	char why[256];

	m->source = "none";
	if (o->proxy_list) {
		m->source = "command-line";
		if (proxy_parse_list(m, o->proxy_list, why, sizeof why) ||
		    (o->bypass_list && proxy_parse_bypass(m, o->bypass_list, why, sizeof why))) {
			snprintf(err, errlen, "--proxy/--bypass: %s", why);
			return -1;
		}
		return 0;
	}
	if (o->nproxy_from)
		return import_exports(ps, o, err, errlen);
	if (o->proxy_env)
		return proxy_import_env(m, err, errlen);
	if (conf->has_proxy) {
		*m = conf->proxy;                 /* moved: the config no longer owns it */
		memset(&conf->proxy, 0, sizeof conf->proxy);
		conf->has_proxy = false;
		m->source = "config";
	}
	return 0;
}

int proxy_setup(struct proxy_setup *ps, const struct options *o, struct config *conf, char *err, size_t errlen)
{
	memset(ps, 0, sizeof *ps);
	if (choose_source(ps, o, conf, err, errlen))
		return -1;
	if (o->proxy_user) {
		const char *env = getenv("WUPROBE_PROXY_PASSWORD");
		if (ps->model.nservers == 0) {
			snprintf(err, errlen, "--proxy-user: the run has no proxy to authenticate to (source: %s)",
				 ps->model.source);
			return -1;
		}
		if (no_core_dumps(err, errlen))
			return -1;
		if (o->proxy_password_file)
			ps->password = proxy_password_read(o->proxy_password_file, err, errlen);
		else if (env && *env)
			ps->password = strdup(env);
		else
			snprintf(err, errlen, "--proxy-user needs a password: set WUPROBE_PROXY_PASSWORD or give "
					      "--proxy-password-file");
		if (!ps->password)
			return -1;
		if (!(ps->user = strdup(o->proxy_user))) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	} else if (ps->model.env_user) {
		if (no_core_dumps(err, errlen))
			return -1;
		ps->user = ps->model.env_user;
		ps->password = ps->model.env_password ? ps->model.env_password : strdup("");
		ps->model.env_user = ps->model.env_password = NULL;
		if (!ps->password) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	return 0;
}

void proxy_setup_free(struct proxy_setup *ps)
{
	free(ps->user);
	wipe(ps->password);
	proxy_model_free(&ps->model);
	user_proxy_free(&ps->settings);
	memset(ps, 0, sizeof *ps);
}
