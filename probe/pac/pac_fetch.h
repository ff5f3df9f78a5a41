/* A PAC script loaded the way WinHTTP loads one: an http:// or https:// URL
 * fetched directly (never through a proxy), or a local file for trying a
 * script out. WinHTTP supports only http: and https: PAC URLs, not file: or
 * ftp: (https://learn.microsoft.com/en-us/windows/win32/winhttp/winhttp-autoproxy-support,
 * https://learn.microsoft.com/en-us/troubleshoot/developer/browsers/administration/cannot-read-pac-file). */
#ifndef WUPROBE_PAC_FETCH_H
#define WUPROBE_PAC_FETCH_H

#include <stddef.h>

/* WinHTTP rejects PAC files larger than 1 MB
 * (https://learn.microsoft.com/en-us/windows/win32/winhttp/autoproxy-issues-in-winhttp). */
#define PAC_MAX_BYTES ((size_t)1 << 20)
/* Redirects followed fetching the script: WinHTTP's default, never https to http
 * (ERROR_WINHTTP_REDIRECT_FAILED, https://learn.microsoft.com/en-us/windows/win32/winhttp/error-messages). */
#define PAC_MAX_REDIRECTS 5

/* A PAC script loaded from a URL or a file. */
struct pac_script {
	char *text;        /* LEN bytes and a NUL, malloc'd */
	size_t len;
	char name[512];    /* the URL or file, for messages */
	char note[256];    /* "" or one line: accepted, but not as a server should send it
			    * (the content type was not application/x-ns-proxy-autoconfig) */
};

enum pac_load_error { PAC_OK, PAC_DOWNLOAD_FAILED /* 0x80072F87 */, PAC_NOT_FOUND_WPAD /* 0x80072F94 */ };

struct pac_fetch_env {
	const char *dns_servers;       /* c-ares CSV form, or NULL: /etc/resolv.conf */
	double timeout_s;              /* the whole download: lookups, connection, every redirect */
	const char *ca_file_or_null;   /* trusted besides the system store, for https */
	int *local_err;                /* when not NULL: set to an errno when this machine failed a
					* step (a lookup's check of /etc/hosts), which is then no
					* claim about the network */
};

/* Loads URL_OR_PATH: an http(s) URL is downloaded (status 200, content type
 * or extension as WinHTTP wants them, at most PAC_MAX_BYTES); anything
 * without a scheme is a file. Returns 0 with OUT filled, or -1 (download
 * failed: 0x80072F87) with one line in ERR naming the URL or file and the
 * reason ("http://x/p.pac: HTTP 404", "...: connection refused",
 * "...: timed out after 3 s", "...: not a PAC file: content type text/html").
 * On -1 OUT holds nothing to free. */
int pac_load(const char *url_or_path, const struct pac_fetch_env *env, struct pac_script *out, char *err,
	     size_t errlen);
void pac_script_free(struct pac_script *s);

/* What URL_OR_PATH names. */
enum pac_source { PAC_SRC_FILE, PAC_SRC_URL, PAC_SRC_BAD_SCHEME };
enum pac_source pac_source_of(const char *url_or_path);

/* Whether WinHTTP takes a response as a PAC script: its content type is
 * application/x-ns-proxy-autoconfig, or else the URL's path ends in .dat,
 * .js, .pac or .jvs (KB 4025058, cannot-read-pac-file above). CONTENT_TYPE
 * may be NULL (no header); PATH is the URL's path, with or without a query. */
enum pac_type { PAC_TYPE_OK, PAC_TYPE_BY_EXTENSION, PAC_TYPE_REJECTED };
enum pac_type pac_type_check(const char *content_type, const char *path);

/* The download alone, for the WPAD walk: like pac_load for an http(s) URL,
 * with the bare reason in WHY ("HTTP 404"). */
int pac_fetch_url(const char *url, const struct pac_fetch_env *env, struct pac_script *out, char *why,
		  size_t whylen);

#endif
