/* Which proxy settings each update component uses: a table, first matching
 * row wins. The sources are Microsoft's (see docs/proxies.md, "The user's
 * settings and the proxy per component"):
 *   KB   How the Windows Update client determines which proxy server to use
 *   S20  Changes to improve security for Windows devices scanning WSUS (2020-09)
 *   J21  Scan changes and certificates add security for Windows devices using
 *        WSUS for updates (2021-01)
 *   CSP  Policy CSP Update/SetProxyBehaviorForUpdateDetection
 *   DO   Using a proxy with Delivery Optimization
 *   BITS BG_JOB_PROXY_USAGE; Service accounts and BITS */
#include "component.h"

#include <string.h>

#include "user_settings.h"

#define DOC_KB   "https://learn.microsoft.com/troubleshoot/windows-server/installing-updates-features-roles/" \
		 "windows-update-client-determines-proxy-server-connect"
#define DOC_S20  "https://techcommunity.microsoft.com/t5/windows-it-pro-blog/" \
		 "changes-to-improve-security-for-windows-devices-scanning-wsus/ba-p/1645547"
#define DOC_J21  "https://techcommunity.microsoft.com/t5/windows-it-pro-blog/" \
		 "scan-changes-and-certificates-add-security-for-windows-devices/ba-p/2053668"
#define DOC_CSP  "https://learn.microsoft.com/windows/client-management/mdm/policy-csp-update" \
		 "#setproxybehaviorforupdatedetection"
#define DOC_DO   "https://learn.microsoft.com/windows/deployment/do/delivery-optimization-proxy"
#define DOC_BITS "https://learn.microsoft.com/windows/win32/api/bits/ne-bits-bg_job_proxy_usage"
#define DOC_BSVC "https://learn.microsoft.com/windows/win32/bits/service-accounts-and-bits"

static const char *const names[COMP_COUNT] = {
	[COMP_UNSET] = "",
	[COMP_WU_SCAN] = "wu-scan",
	[COMP_WSUS_SCAN] = "wsus-scan",
	[COMP_WU_OTHER] = "wu-other",
	[COMP_DELIVERY_OPT] = "delivery-optimization",
	[COMP_BITS] = "bits",
};

#define C(x)  (1u << (x))
#define SCANS (C(COMP_WU_SCAN) | C(COMP_WSUS_SCAN))
#define ANY   (-1)

struct rule {
	unsigned comps;                 /* C(component) bits */
	signed char user, machine_proxy, http, allow_user_proxy;   /* 0, 1, or ANY */
	enum proxy_source_kind first, fallback;
	const char *why;
	const char *doc;
};

static const struct rule rules[] = {
	{ C(COMP_UNSET), ANY, ANY, ANY, ANY, PSK_MACHINE, PSK_NONE,
	  "no component named: the run's proxy settings", "" },
	{ SCANS, 0, ANY, ANY, ANY, PSK_MACHINE, PSK_NONE,
	  "no user signed in: the update agent runs as LocalSystem and finds a proxy only in the WinHTTP "
	  "settings, the netsh proxy or WPAD", DOC_KB },
	{ SCANS, 1, ANY, 1, 0, PSK_MACHINE, PSK_NONE,
	  "http:// update server: since the September 2020 cumulative update the scan uses the system proxy "
	  "only; the user proxy is no fallback unless SetProxyBehaviorForUpdateDetection is 1", DOC_S20 },
	{ SCANS, 1, ANY, 1, 1, PSK_MACHINE, PSK_USER,
	  "http:// update server with SetProxyBehaviorForUpdateDetection 1: the system proxy, then the user "
	  "proxy as a fallback if detection through the system proxy fails", DOC_CSP },
	{ C(COMP_WSUS_SCAN), 1, ANY, 0, 0, PSK_MACHINE, PSK_NONE,
	  "https:// WSUS server: since the January 2021 cumulative update the scan uses the system proxy "
	  "only; the user proxy is no fallback unless SetProxyBehaviorForUpdateDetection is 1", DOC_J21 },
	{ C(COMP_WSUS_SCAN), 1, ANY, 0, 1, PSK_MACHINE, PSK_USER,
	  "https:// WSUS server with SetProxyBehaviorForUpdateDetection 1: the system proxy, then the user "
	  "proxy as a fallback if detection through the system proxy fails", DOC_J21 },
	{ C(COMP_WU_SCAN), 1, ANY, 0, ANY, PSK_MACHINE, PSK_USER,
	  "Microsoft Update scan: the system (WinHTTP) proxy first; after certain proxy, service or "
	  "authentication errors, the signed-in user's proxy", DOC_KB },
	{ C(COMP_WU_OTHER), 0, ANY, ANY, ANY, PSK_MACHINE, PSK_NONE,
	  "no user signed in: the agent's calls other than the scan have only the system proxy", DOC_KB },
	{ C(COMP_WU_OTHER), 1, ANY, ANY, ANY, PSK_USER, PSK_MACHINE,
	  "Windows Update URLs not used for detection (reporting): the user proxy first; after certain proxy, "
	  "service or authentication errors, the system proxy", DOC_KB },
	{ C(COMP_DELIVERY_OPT), 1, ANY, ANY, ANY, PSK_USER, PSK_NONE,
	  "Delivery Optimization gives WinHTTP's automatic proxy the signed-in user's token: the user's "
	  "Internet Options decide and the netsh proxy is ignored", DOC_DO },
	{ C(COMP_DELIVERY_OPT), 0, 1, ANY, ANY, PSK_MACHINE, PSK_NONE,
	  "no user token: Delivery Optimization runs as NetworkService, and the netsh proxy takes precedence "
	  "over Internet Options", DOC_DO },
	{ C(COMP_DELIVERY_OPT), 0, 0, ANY, ANY, PSK_MACHINE, PSK_NONE,
	  "no user token and no netsh proxy: Delivery Optimization runs as NetworkService on WinHTTP's "
	  "automatic proxy, which finds one by WPAD or goes direct", DOC_DO },
	{ C(COMP_BITS), 1, ANY, ANY, ANY, PSK_USER, PSK_NONE,
	  "a BITS job uses its owner's Internet Options (BG_JOB_PROXY_USAGE_PRECONFIG, the default); the "
	  "owner is the user whose settings were given", DOC_BITS },
	{ C(COMP_BITS), 0, ANY, ANY, ANY, PSK_DIRECT, PSK_NONE,
	  "a job owned by a system account: Internet Options are per user and not set for system accounts "
	  "(bitsadmin /util /setieproxy sets them), and BITS does not read the netsh proxy", DOC_BSVC },
};

#define NRULES (sizeof rules / sizeof rules[0])

const char *component_name(enum component c)
{
	return (unsigned)c < COMP_COUNT ? names[c] : "";
}

int component_parse(const char *s, size_t n, enum component *out)
{
	for (int c = COMP_UNSET + 1; c < COMP_COUNT; c++)
		if (strlen(names[c]) == n && memcmp(s, names[c], n) == 0) {
			*out = (enum component)c;
			return 0;
		}
	return -1;
}

const char *component_known(void)
{
	return "wu-scan, wsus-scan, wu-other, delivery-optimization, bits";
}

const char *proxy_source_kind_name(enum proxy_source_kind k)
{
	static const char *const kinds[] = { "none", "direct", "machine", "user" };

	return (unsigned)k < sizeof kinds / sizeof kinds[0] ? kinds[k] : "none";
}

static bool fits(signed char want, bool have)
{
	return want == ANY || (want == 1) == have;
}

enum proxy_source_kind component_route(enum component c, const struct route_inputs *in,
				       struct route_decision *d)
{
	for (size_t i = 0; i < NRULES; i++) {
		const struct rule *r = &rules[i];
		if ((unsigned)c < COMP_COUNT && (r->comps & C(c)) && fits(r->user, in->user_present) &&
		    fits(r->machine_proxy, in->machine_proxy) && fits(r->http, in->http) &&
		    fits(r->allow_user_proxy, in->allow_user_proxy)) {
			*d = (struct route_decision){ r->first, r->fallback, r->why, r->doc, i + 1 };
			return d->first;
		}
	}
	/* Not reached for a known component: each has a row for any input. */
	*d = (struct route_decision){ PSK_MACHINE, PSK_NONE, rules[0].why, rules[0].doc, 1 };
	return d->first;
}

size_t component_rule_count(void)
{
	return NRULES;
}

size_t proxy_source_steps(enum proxy_source_kind k, bool machine_proxy, const struct user_proxy *u,
			  bool disable_wpad, enum proxy_step steps[PROXY_MAX_STEPS])
{
	size_t n = 0;

	switch (k) {
	case PSK_NONE:
		return 0;
	case PSK_DIRECT:
		break;
	case PSK_MACHINE:
		/* The static proxy when there is one (whether the agent also tries
		 * WPAD first is not documented); else WinHTTP's auto-detection. */
		if (machine_proxy) {
			steps[n++] = STEP_STATIC;
			return n;
		}
		if (!disable_wpad)
			steps[n++] = STEP_WPAD;
		break;
	case PSK_USER:
		/* WinINet's order: auto-detect, then the setup script, then the
		 * manual proxy, each when the one before found no script. */
		if (!u || !u->present)
			break;
		if (u->autodetect && !disable_wpad)
			steps[n++] = STEP_WPAD;
		if (u->autoconfig)
			steps[n++] = STEP_PAC_URL;
		if (u->manual) {
			steps[n++] = STEP_MANUAL;
			return n;
		}
		break;
	}
	steps[n++] = STEP_DIRECT;
	return n;
}

const char *proxy_step_name(enum proxy_step s)
{
	static const char *const steps[] = { "static", "wpad", "pac-url", "manual", "direct" };

	return (unsigned)s < sizeof steps / sizeof steps[0] ? steps[s] : "direct";
}
