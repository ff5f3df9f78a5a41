/* The machine's Windows Update policy: the values under
 * HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate (and its AU key),
 * or their Intune/MDM equivalents (Policy CSP - Update) under
 * HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Update, that
 * change which servers the update client contacts. They come from
 * `reg query ... /s` output (--policy-from) or a [policy] section in
 * endpoints.conf. What each value does, with Microsoft's documentation:
 * docs/policy.md. */
#ifndef WUPROBE_POLICY_H
#define WUPROBE_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "component.h"

#define POLICY_URL_MAX 512

/* The values read, in the table's order (policy.c). The first three are
 * strings (REG_SZ), the rest 0/1 switches (REG_DWORD). */
enum policy_value {
	POL_WU_SERVER,             /* WUServer */
	POL_WU_STATUS_SERVER,      /* WUStatusServer */
	POL_ALTERNATE,             /* UpdateServiceUrlAlternate */
	POL_USE_WU_SERVER,         /* AU\UseWUServer */
	POL_DO_NOT_CONNECT,        /* DoNotConnectToWindowsUpdateInternetLocations */
	POL_PROXY_BEHAVIOR,        /* SetProxyBehaviorForUpdateDetection */
	POL_FILL_EMPTY,            /* FillEmptyContentUrls */
	POL_SOURCE_FEATURE,        /* SetPolicyDrivenUpdateSourceForFeatureUpdates */
	POL_SOURCE_QUALITY,        /* ...ForQualityUpdates */
	POL_SOURCE_DRIVER,         /* ...ForDriverUpdates */
	POL_SOURCE_OTHER,          /* ...ForOtherUpdates */
	POL_USE_CLASS_SOURCE,      /* AU\UseUpdateClassPolicySource */
	POL_DISABLE_DUAL_SCAN,     /* DisableDualScan */
	POL_COUNT
};
#define POL_NSTRINGS 3

struct policy {
	bool present;                       /* a file or a [policy] section gave one */
	char from[300];                     /* "--policy-from PATH" or "PATH [policy]" */
	bool set[POL_COUNT];
	char str[POL_NSTRINGS][POLICY_URL_MAX];
	int num[POL_COUNT];                 /* 0 or 1 for the switches */
	bool mdm[POL_COUNT];                /* the value came from the MDM key (Policy CSP) */
	char mdm_not_used[256];             /* MDM values that differ from Group Policy's: "UpdateServiceUrl, ..." */
};

/* The value's registry name ("WUServer"); its key ("" or "AU"). */
const char *policy_name(enum policy_value v);
const char *policy_key(enum policy_value v);

/* The Policy CSP - Update name of the value ("UpdateServiceUrl" for
 * WUServer), or NULL when the CSP has none (WUStatusServer, UseWUServer,
 * UseUpdateClassPolicySource). */
const char *policy_mdm_name(enum policy_value v);

/* Where the value came from, for the report: "policy WUServer" or
 * "MDM UpdateServiceUrl" (a static string). */
const char *policy_source(const struct policy *p, enum policy_value v);

/* Sets the value called NAME (NL bytes; case-insensitive, as the registry)
 * from VALUE (VL bytes): a http(s) URL for the strings, 0 or 1 (decimal or
 * 0x hex) for the switches. TYPE is "REG_SZ", "REG_DWORD" or NULL (any).
 * Returns 1 when set, 0 when NAME is none of ours (ignored), -1 with a
 * reason in WHY. An empty string leaves the value unset (not configured). */
int policy_set(struct policy *p, const char *name, size_t nl, const char *type, const char *value,
	       size_t vl, char *why, size_t whylen);

/* Parses `reg query "HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate" /s`
 * output (LEN bytes: UTF-8 or UTF-16 with BOM, CRLF or LF), and/or
 * `reg query "HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Update" /s`
 * (the MDM values), in either order. Values under other keys, and names not
 * ours, are ignored. An MDM UpdateServiceUrl also sets UseWUServer (the CSP
 * has no such switch). Where both set a value, Group Policy's is kept and
 * the MDM name goes into mdm_not_used (docs/policy.md, "Intune/MDM"). Returns 0, or
 * -1 with "PATH:LINE: reason" in ERR. */
int policy_parse_reg(struct policy *p, const unsigned char *data, size_t len, const char *path, char *err,
		     size_t errlen);

/* Reads PATH and parses it (policy_parse_reg); "--policy-from PATH: reason"
 * when it cannot be read. */
int policy_load(struct policy *p, const char *path, char *err, size_t errlen);

/* The value as set, or 0 / "" when not. */
int policy_num(const struct policy *p, enum policy_value v);
const char *policy_str(const struct policy *p, enum policy_value v);

/* "WUServer=https://wsus:8531, AU\UseWUServer=1, ..." (only what is set;
 * an MDM value under its CSP name: "MDM UpdateServiceUrl=..."). */
void policy_format(const struct policy *p, char *out, size_t outlen);

/* --- What the policy makes the client contact (policy_derive.c) --- */

#define POLICY_MAX_EPS 8

struct policy_ep {
	char url[POLICY_URL_MAX + 64];
	const char *group;             /* "wsus", "wsus-reporting", "wsus-content" */
	const char *source;            /* "policy WUServer", "MDM UpdateServiceUrl", ... */
	enum component component;
	bool expect_cab;
	int status[2];                 /* accepted HTTP statuses */
	size_t nstatus;
};

/* True when the client scans a WSUS server: AU\UseWUServer = 1 and WUServer set. */
bool policy_wsus(const struct policy *p);

/* The endpoints the policy adds, in the client's order, into OUT (at most
 * POLICY_MAX_EPS). Returns how many (0 without WSUS). */
size_t policy_derive(const struct policy *p, struct policy_ep *out);

/* The policy value that makes the public Windows Update endpoints
 * unnecessary ("DoNotConnectToWindowsUpdateInternetLocations", ...), or
 * NULL when the client may still contact them. */
const char *policy_public_unneeded(const struct policy *p);

/* True when the default list's group GROUP holds public endpoints the
 * update client would not contact under such a policy. */
bool policy_group_public(const char *group);

#endif
