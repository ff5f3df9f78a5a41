/* WPAD discovery as WinHTTP's DNS auto-detection does it
 * (WINHTTP_AUTO_DETECT_TYPE_DNS_A: "a well-known location on the domain of
 * the local computer", https://learn.microsoft.com/en-us/windows/win32/api/winhttp/nf-winhttp-winhttpdetectautoproxyconfigurl):
 * http://wpad.<suffix>/wpad.dat for the primary DNS suffix, then for each
 * parent suffix, one label less at a time, down to two labels (DNS
 * devolution, https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2008-R2-and-2008/ee683928(v=ws.10),
 * and the organizational boundary of Security Advisory 971888,
 * https://learn.microsoft.com/en-us/security-updates/securityadvisories/2009/971888).
 * Detection only looks the names up: the first wpad name that resolves is
 * the PAC URL, and a failed download there is a failed download
 * (0x80072F87), not a reason to walk on. */
#ifndef WUPROBE_WPAD_H
#define WUPROBE_WPAD_H

#include <stddef.h>

#include "pac_fetch.h"

#define WPAD_MAX_TRIES 16

/* What the report says besides the names tried. DHCP before DNS: the
 * WinHttpDetectAutoProxyConfigUrl page above; the block list (isatap and
 * wpad by default):
 * https://learn.microsoft.com/en-us/powershell/module/dnsserver/set-dnsserverglobalqueryblocklist */
#define WPAD_NOTE                                                                                    \
	"DHCP option 252 is not checked from here (WinHTTP asks DHCP first, then DNS); Windows DNS " \
	"servers refuse the name wpad by default (global query block list), which makes discovery "  \
	"fail as if no wpad name existed"

struct wpad_try {
	char name[300];      /* wpad.corp.example.com */
	char url[320];       /* http://wpad.corp.example.com/wpad.dat */
	char outcome[200];   /* "no such name", "found (127.0.7.1; 412 bytes)",
			      * "resolves (127.0.2.7), download failed: connection refused" */
};
struct wpad_report {
	struct wpad_try tries[WPAD_MAX_TRIES];
	size_t ntries;       /* the names asked, in order, up to the one that resolved */
	char found_url[320]; /* the URL detection settled on, "" when no name resolved */
	char domain[256];    /* the suffix walked (given, or from /etc/resolv.conf) */
};

/* Walks DOMAIN (NULL: the first search domain, or the domain, of
 * /etc/resolv.conf; else the host name's domain) and downloads the PAC file
 * found; each lookup, and the download, within ENV->timeout_s. Returns 0
 * with OUT loaded and REP filled; or -1 with one line in ERR and REP filled
 * as far as it got: REP->found_url "" means no wpad name resolved
 * (0x80072F94, ERROR_WINHTTP_AUTODETECTION_FAILED); a URL there means its
 * download failed (0x80072F87). A bad or missing domain is -1 with
 * REP->ntries 0. */
int wpad_discover(const char *domain, const struct pac_fetch_env *env, struct wpad_report *rep,
		  struct pac_script *out, char *err, size_t errlen);

/* The walk alone: REP's names and URLs for DOMAIN (trailing dot and case
 * dropped, kept in REP->domain), REP->ntries set to how many there are.
 * Returns -1 with a reason in ERR for a name that is no DNS suffix. */
int wpad_walk(const char *domain, struct wpad_report *rep, char *err, size_t errlen);

/* The suffix resolv.conf TEXT gives: the first entry of the last "search"
 * or "domain" line (resolv.conf(5): the last of them wins). Returns 0 with
 * it in OUT, or -1 when there is none. */
int wpad_domain_from_resolv(const char *text, char *out, size_t outlen);

#endif
