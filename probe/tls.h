/* TLS set-up for each HTTPS transfer: extra trusted roots, and a record of
 * what the handshake saw (version, cipher, certificate, verify error, alert). */
#ifndef WUPROBE_TLS_H
#define WUPROBE_TLS_H

#include <stdbool.h>
#include <stddef.h>

#include "result.h"

/* The trusted roots, loaded once for the whole run: the system store,
 * Microsoft Root Certificate Authority 2011 (as on Windows), and --ca-bundle. One store shared by every connection, because parsing the
 * system bundle per handshake costs ~20 ms of CPU each. */
struct tls_trust;

/* Loads SYSTEM_FILE (a PEM bundle; NULL or missing: OpenSSL's default paths)
 * and every certificate in EXTRA_PATH (may be NULL). Returns NULL with a
 * one-line reason in ERR when EXTRA_PATH cannot be read or holds no certificate. */
struct tls_trust *tls_trust_load(const char *system_file, const char *extra_path, char *err, size_t errlen);
void tls_trust_free(struct tls_trust *t);

/* True when the store holds the certificate with this SHA-256 fingerprint. */
bool tls_trust_has(const struct tls_trust *t, const unsigned char sha256[32]);

/* What an HTTPS transfer hands to tls_ctx_callback: owned by the endpoint. */
struct tls_hook {
	const struct tls_trust *trust;
	struct tls_info *info;             /* filled during the handshake */
};

/* A CURLOPT_SSL_CTX_FUNCTION; its data (CURLOPT_SSL_CTX_DATA) is a struct tls_hook. */
int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook);

/* Resets INFO before a new handshake. */
void tls_info_reset(struct tls_info *info);

#endif
