/* Which settings route an endpoint, and how they resolve here: the rules
 * of component.c (the machine's WinHTTP settings, a user's Internet
 * Options, or direct) met with what the run knows (--proxy-from exports,
 * the automatic proxy script). */
#ifndef WUPROBE_SOURCE_H
#define WUPROBE_SOURCE_H

#include <stdbool.h>

#include "component.h"
#include "proxy.h"
#include "url.h"

struct autoproxy;
struct user_proxy;

enum route_source {
	RS_STATIC,             /* the machine's (or the run's one) static route: proxy_for() */
	RS_PAC,                /* the script's list for the URL (autoproxy.h) */
	RS_USER_MANUAL,        /* the user's manual proxy and its exceptions */
	RS_DIRECT,             /* no proxy */
};

struct source_choice {
	enum route_source source;
	struct route_decision rule;    /* rule.why NULL: no component rule applied */
	const char *via;               /* how the settings resolved: "netsh proxy", "WPAD script", ... */
};

/* The route source for URL U of an endpoint of component C. HAVE_PAC: the
 * script gave a usable list for U. */
void source_choose(enum component c, const struct url *u, const struct proxy_model *machine,
		   const struct user_proxy *user, const struct autoproxy *ap, bool allow_user_proxy, bool have_pac,
		   struct source_choice *out);

/* Where S's settings come from when that is a Windows machine ("its netsh
 * export", "a user's Internet Options", "the PAC script's answer"), NULL
 * when they come from this one or the command line: a loopback proxy named
 * there is that machine's own. MACHINE: the run's static settings. */
const char *route_source_imported(enum route_source s, const struct proxy_model *machine);

/* "static", "pac", "user", "direct". */
const char *route_source_name(enum route_source s);

#endif
