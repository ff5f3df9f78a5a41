/* TLS set-up for each HTTPS transfer: extra trusted roots, and a record of
 * what the handshake saw (version, cipher, certificate, verify error, alert). */
#ifndef WUPROBE_TLS_H
#define WUPROBE_TLS_H

#include <stddef.h>

#include "result.h"

struct tls_extra;                  /* certificates from --ca-bundle, loaded once */

/* Loads every PEM certificate in PATH. Returns NULL with a one-line reason in ERR
 * when the file cannot be read or holds no certificate. */
struct tls_extra *tls_extra_load(const char *path, char *err, size_t errlen);
void tls_extra_free(struct tls_extra *x);

/* What an HTTPS transfer hands to tls_ctx_callback: owned by the endpoint. */
struct tls_hook {
	const struct tls_extra *extra;     /* may be NULL */
	struct tls_info *info;             /* filled during the handshake */
};

/* A CURLOPT_SSL_CTX_FUNCTION; its data (CURLOPT_SSL_CTX_DATA) is a struct tls_hook. */
int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook);

/* Resets INFO before a new handshake. */
void tls_info_reset(struct tls_info *info);

#endif
