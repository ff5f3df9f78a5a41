/* A Windows user's Internet Options (the WinINet proxy settings), as
 * `reg query "HKCU\Software\Microsoft\Windows\CurrentVersion\Internet
 * Settings" /s` prints them, and the machine-wide WinHTTP switches
 * DisableWpad and DisableProxyAuthenticationSchemes. */
#ifndef WUPROBE_USER_SETTINGS_H
#define WUPROBE_USER_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "proxy.h"

#define USER_URL_MAX 2048

/* Bits of DisableProxyAuthenticationSchemes (Windows 11, Server 2022). */
#define AUTH_OFF_BASIC     0x01u
#define AUTH_OFF_DIGEST    0x02u
#define AUTH_OFF_NTLM      0x04u
#define AUTH_OFF_KERBEROS  0x08u
#define AUTH_OFF_NEGOTIATE 0x10u
#define AUTH_OFF_LOOPBACK  0x100u

struct user_proxy {
	bool present;                    /* the user's Internet Options were in the file */
	bool from_blob;                  /* decided by DefaultConnectionSettings (else the plain values) */
	bool manual;                     /* "Use a proxy server": flag 0x2, or ProxyEnable 0x1 */
	struct proxy_model manual_model; /* its ProxyServer and ProxyOverride (source "user") */
	bool autoconfig;                 /* "Use setup script": flag 0x4, or AutoConfigURL set */
	char autoconfig_url[USER_URL_MAX + 1];
	bool autodetect;                 /* "Automatically detect settings": flag 0x8 */
	bool disable_wpad;               /* ...\Internet Settings\WinHttp DisableWpad = 1 */
	bool has_disable_auth;           /* DisableProxyAuthenticationSchemes was given */
	unsigned disable_auth_schemes;   /* its AUTH_OFF_* bits */
	char origin[256];                /* the file, for the report */
	char note[256];                  /* "", or what the file left open or contradicted */
};

/* What a proxy export holds: bits, both may be set (an HKLM export with /s
 * holds the WinHttpSettings value and the machine's Internet Options). */
#define PROXY_EXPORT_MACHINE 1     /* netsh winhttp show proxy, or the WinHttpSettings value */
#define PROXY_EXPORT_USER    2     /* Internet Options values (or DisableWpad, ...DisableProxy...) */

/* The kinds of export in LEN bytes of DATA (UTF-8, UTF-16 with BOM): 0 when
 * neither. Looks at content only, never at the file name. */
int proxy_export_kind(const unsigned char *data, size_t len);

/* Reads the Internet Options in DATA (LEN bytes) into U (zeroed first).
 * PATH names the file in messages and in U->origin. Returns 0, or -1 with
 * "PATH:LINE: reason" (or "PATH: reason") in ERR, one line, credentials
 * redacted; U is left empty on error. */
int proxy_import_user(struct user_proxy *u, const unsigned char *data, size_t len, const char *path,
		      char *err, size_t errlen);

/* The same for a file (at most 256 KiB). */
int proxy_import_user_file(struct user_proxy *u, const char *path, char *err, size_t errlen);

void user_proxy_free(struct user_proxy *u);

#endif
