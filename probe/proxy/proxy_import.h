/* Where a run's proxy settings come from, besides the command line and
 * endpoints.conf: a Windows machine's exported settings, or the environment. */
#ifndef WUPROBE_PROXY_IMPORT_H
#define WUPROBE_PROXY_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "proxy.h"

/* Reads PATH: the output of `netsh winhttp show proxy` (English; UTF-8,
 * UTF-16 with BOM, CRLF or LF) or of `reg query ...\Connections /v
 * WinHttpSettings`. Fills M and its source ("netsh" or "registry").
 * Returns 0, or -1 with "PATH: reason" in ERR. */
int proxy_import_file(struct proxy_model *m, const char *path, char *err, size_t errlen);

/* The same for LEN bytes already read; PATH only names them in errors. */
int proxy_import_text(struct proxy_model *m, const unsigned char *data, size_t len, const char *path,
		      char *err, size_t errlen);

/* PATH's bytes (at most 256 KiB; malloc'd, *LEN set), or NULL with
 * "--proxy-from PATH: reason" (or "PATH: reason") in ERR. */
unsigned char *proxy_export_read(const char *path, size_t *len, char *err, size_t errlen);

/* Decodes UTF-16 (by its BOM) or UTF-8 (BOM optional) into ASCII text, one
 * character for one: NUL becomes ' ', anything beyond ASCII '?', which is
 * enough to find the English labels, value names and host names. Line ends
 * stay where they were. Returns a malloc'd string, or NULL out of memory. */
char *proxy_text_ascii(const unsigned char *data, size_t len);

/* https_proxy, http_proxy and no_proxy (or upper case). Credentials in the
 * URLs go to m->env_user / m->env_password, never to any output. */
int proxy_import_env(struct proxy_model *m, char *err, size_t errlen);

/* The registry blobs (WinHttpSettings, DefaultConnectionSettings): a
 * little-endian 32-bit number at P; a length-prefixed string at *POS of the
 * N bytes at B into OUT (non-printable bytes as '?'), *POS moved past it.
 * Returns 0, or -1 when it does not fit. */
uint32_t proxy_le32(const unsigned char *p);
int proxy_blob_string(const unsigned char *b, size_t n, size_t *pos, char *out, size_t outlen);

#endif
