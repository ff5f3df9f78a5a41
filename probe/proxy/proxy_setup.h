/* The run's proxy: which source wins, and the credentials. */
#ifndef WUPROBE_PROXY_SETUP_H
#define WUPROBE_PROXY_SETUP_H

#include "config.h"
#include "options.h"
#include "proxy.h"
#include "user_settings.h"

struct proxy_setup {
	struct proxy_model model;      /* the machine's WinHTTP settings (or the run's one source) */
	struct user_proxy settings;    /* a user's Internet Options (--proxy-from), user.present else */
	char *user;        /* NULL: no proxy authentication */
	char *password;    /* never printed; wiped on free */
};

/* One source per run: --proxy, --proxy-from or --proxy-env; else the
 * [proxy] section of CONF (moved out of it); else none (direct, as WinHTTP
 * by default). The password comes from WUPROBE_PROXY_PASSWORD or
 * --proxy-password-file, or from an environment proxy URL. Returns 0, or -1
 * with a one-line reason that never contains the password. */
int proxy_setup(struct proxy_setup *ps, const struct options *o, struct config *conf, char *err, size_t errlen);
void proxy_setup_free(struct proxy_setup *ps);

/* The password in PATH (--proxy-password-file): its first line, without the
 * line end, 1-1024 bytes. Returns it (malloc'd; wipe it before freeing), or
 * NULL with a one-line reason in ERR that never contains it. */
char *proxy_password_read(const char *path, char *err, size_t errlen);

#endif
