/* The update component that makes an endpoint's connection, and which proxy
 * settings that component uses: the machine's WinHTTP settings, the signed-in
 * user's Internet Options, or none. The rules are a table (component.c), each
 * row with the sentence and the Microsoft document it comes from. */
#ifndef WUPROBE_COMPONENT_H
#define WUPROBE_COMPONENT_H

#include <stdbool.h>
#include <stddef.h>

struct user_proxy;

enum component {
	COMP_UNSET = 0,        /* no component named: the run's one proxy source, as before */
	COMP_WU_SCAN,          /* "wu-scan": the update agent's scan of Microsoft Update (LocalSystem) */
	COMP_WSUS_SCAN,        /* "wsus-scan": the same agent scanning an intranet WSUS server */
	COMP_WU_OTHER,         /* "wu-other": Windows Update URLs not used for detection (reporting) */
	COMP_DELIVERY_OPT,     /* "delivery-optimization": DoSvc, the payload downloads and its service */
	COMP_BITS,             /* "bits": a BITS job, with its owner's settings */
	COMP_COUNT
};

/* "wu-scan", ...; "" for COMP_UNSET. */
const char *component_name(enum component c);

/* The component named by the N bytes at S (exactly, case-sensitive), into
 * *OUT. Returns 0, or -1 when S names none ("" and "unset" included). */
int component_parse(const char *s, size_t n, enum component *out);

/* "wu-scan, wsus-scan, wu-other, delivery-optimization, bits": for messages. */
const char *component_known(void);

/* Where a component's proxy comes from. */
enum proxy_source_kind {
	PSK_NONE = 0,          /* nothing: only as "no fallback" */
	PSK_DIRECT,            /* no proxy */
	PSK_MACHINE,           /* the machine's WinHTTP settings: the netsh proxy, else WPAD */
	PSK_USER,              /* the user's Internet Options: auto-detect, PAC URL, manual proxy */
};

/* "none", "direct", "machine", "user": for reports. */
const char *proxy_source_kind_name(enum proxy_source_kind k);

/* What the rules look at. */
struct route_inputs {
	bool machine_proxy;    /* the machine's WinHTTP settings name a static (netsh) proxy */
	bool user_present;     /* a user is signed in and their Internet Options are known */
	bool http;             /* the endpoint's URL is http:// (else https://) */
	bool allow_user_proxy; /* policy SetProxyBehaviorForUpdateDetection = 1 (default 0) */
};

struct route_decision {
	enum proxy_source_kind first;     /* the settings tried first */
	enum proxy_source_kind fallback;  /* tried after certain proxy, service or authentication
					   * errors with FIRST; PSK_NONE when there is none */
	const char *why;                  /* one sentence, for the report */
	const char *doc;                  /* the Microsoft document it rests on (a URL) */
	size_t rule;                      /* the row of the table that decided (from 1) */
};

/* Routes C by the first row of the rules table that matches IN; fills D and
 * returns D->first. Every component has a row that matches any input. */
enum proxy_source_kind component_route(enum component c, const struct route_inputs *in,
				       struct route_decision *d);

/* How many rows the rules table has (for tests and docs/proxies.md's table). */
size_t component_rule_count(void);

/* One step of resolving a source into a proxy, in the order WinHTTP tries
 * them. */
enum proxy_step {
	STEP_STATIC,           /* the machine's netsh proxy (and its bypass list) */
	STEP_WPAD,             /* WPAD: DHCP option 252, then DNS wpad.<suffix> */
	STEP_PAC_URL,          /* the user's AutoConfigURL */
	STEP_MANUAL,           /* the user's ProxyServer (and ProxyOverride) */
	STEP_DIRECT,           /* no proxy */
};

#define PROXY_MAX_STEPS 4

/* The steps of source K, in order, into STEPS (at most PROXY_MAX_STEPS);
 * returns how many. STEP_WPAD and STEP_PAC_URL pass to the next step when
 * they find no script; STEP_STATIC, STEP_MANUAL and STEP_DIRECT always
 * decide, so the list ends with one of them. MACHINE_PROXY: the machine has
 * a netsh proxy. U: the user's settings (for PSK_USER; NULL: none, direct).
 * DISABLE_WPAD: HKLM ...\WinHttp DisableWpad = 1, which ends WinHTTP's
 * auto-detection for every caller. PSK_NONE gives no steps. */
size_t proxy_source_steps(enum proxy_source_kind k, bool machine_proxy, const struct user_proxy *u,
			  bool disable_wpad, enum proxy_step steps[PROXY_MAX_STEPS]);

/* "static", "wpad", "pac-url", "manual", "direct". */
const char *proxy_step_name(enum proxy_step s);

#endif
