#include "proxy_setup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy_import.h"

#define PASSWORD_MAX 1024

static void wipe(char *s)
{
	if (s) {
		volatile char *p = s;
		while (*p)
			*p++ = '\0';
		free(s);
	}
}

/* The first line of PATH, without its line end. */
char *proxy_password_read(const char *path, char *err, size_t errlen)
{
	char buf[PASSWORD_MAX + 2];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f) {
		snprintf(err, errlen, "--proxy-password-file %s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (!fgets(buf, sizeof buf, f))
		buf[0] = '\0';
	fclose(f);
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	if (n == 0 || n > PASSWORD_MAX) {
		snprintf(err, errlen, "--proxy-password-file %s: the first line must hold the password (1-%d bytes)",
			 path, PASSWORD_MAX);
		memset(buf, 0, sizeof buf);
		return NULL;
	}
	char *p = strdup(buf);
	memset(buf, 0, sizeof buf);
	if (!p)
		snprintf(err, errlen, "out of memory");
	return p;
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
	if (o->proxy_from)
		return proxy_import_file(m, o->proxy_from, err, errlen);
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
	memset(ps, 0, sizeof *ps);
}
