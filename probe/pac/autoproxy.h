/* The run's automatic proxy, as WinHTTP's auto-proxy works: a PAC script
 * (given with --pac, or found by WPAD with --wpad) evaluated for every
 * endpoint's URL before the probe starts, and for redirect targets when
 * they come. Its failures carry WinHTTP's codes and are the run's, not an
 * endpoint's: each endpoint then goes the way the client goes when
 * auto-proxy fails (the static WinHTTP route: a proxy from --proxy or
 * --proxy-from, else direct).
 * Why the static route: WinHTTP's auto-proxy is not part of its HTTP stack;
 * the application calls WinHttpGetProxyForUrl and, when it succeeds, sets
 * the result on the request, which otherwise keeps the session's own proxy
 * configuration ("WinHTTP AutoProxy Functions",
 * https://learn.microsoft.com/windows/win32/winhttp/winhttp-autoproxy-api).
 * Why fail-over: with several proxies returned, "client applications should
 * test each proxy" ("Autoproxy Cache",
 * https://learn.microsoft.com/windows/win32/winhttp/autoproxy-cache). */
#ifndef WUPROBE_AUTOPROXY_H
#define WUPROBE_AUTOPROXY_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "options.h"
#include "pac_eval.h"
#include "pac_fetch.h"
#include "pac_list.h"
#include "proxy.h"
#include "user_settings.h"
#include "wpad.h"

/* What FindProxyForURL said for one URL, and the entries as routes. */
struct pac_decision {
	char *list;                    /* the script's answer, NULL when it failed */
	char *error;                   /* why it failed for this URL, NULL when it did not */
	struct proxy_server servers[PAC_MAX_ENTRIES];
	bool is_proxy[PAC_MAX_ENTRIES];   /* entry k: servers[k], or DIRECT */
	size_t n;                      /* 0: no usable entry (then the static route) */
	int local_err;                 /* this machine could not run the script for it (errno): no route known */
};

struct autoproxy {
	bool on;                       /* --pac or --wpad */
	bool wpad;                     /* WPAD was (or was to be) asked */
	bool script_from_wpad;         /* the script came from WPAD (LocalSystem finds only that one) */
	bool explicit_script;          /* --pac or --wpad: the script routes every endpoint */
	uint32_t code;                 /* 0, or 0x80072F87 / 0x80072F86 / 0x80072F94 */
	const char *cause;             /* pac_download_failed, pac_script_error, wpad_not_found, NULL */
	char message[700];
	char pac_name[512];            /* the script's URL or file ("" before one is known) */
	char client_ip[64];            /* what myIpAddress() returned */
	size_t url_errors;             /* URLs whose FindProxyForURL failed (each went the static way) */
	struct wpad_report wpad_rep;
	struct pac_script script;      /* kept for redirect targets */
	struct pac_env env;
	char dns_servers[512];
	struct pac_decision *dec;      /* one per endpoint of the list, NULL when code != 0 */
	size_t n;
};

/* Loads (or discovers) the script and evaluates it for every endpoint of
 * CONF: --pac, --wpad, else the USER's settings (may be NULL) in WinINet's
 * order, automatic detection (WPAD, unless DisableWpad) then the setup
 * script. A script that cannot be had or run is recorded in AP (code, cause,
 * message), not returned: the run goes on. Returns -1 only when this
 * machine fails (memory), with a one-line reason in ERR. */
int autoproxy_run(struct autoproxy *ap, const struct options *o, const struct user_proxy *user,
		  const struct config *conf, char *err, size_t errlen);

/* A decision for one more URL (a redirect target), from the script kept.
 * Returns a new decision (free with autoproxy_decision_free), or NULL when
 * the run has no working script or memory ran out. */
/* The script's routes for a redirect target U; NULL only when out of
 * memory. local_err set: this machine could not run the script (the endpoint
 * is this machine's error, not the static route). */
struct pac_decision *autoproxy_decide(const struct autoproxy *ap, const struct url *u);
void autoproxy_decision_free(struct pac_decision *d);

/* "PROXY host:port" or "DIRECT" for entry K of D, into BUF. */
void autoproxy_entry_format(const struct pac_decision *d, size_t k, char *buf, size_t len);

void autoproxy_free(struct autoproxy *ap);

#endif
