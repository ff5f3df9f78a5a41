/* TLS set-up for each HTTPS transfer: extra trusted roots, and a record of
 * what the handshake saw (version, cipher, certificate, verify error, alert). */
#ifndef WUPROBE_TLS_H
#define WUPROBE_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/x509.h>

#include "result.h"

/* The trusted roots, loaded once for the whole run: the system store,
 * Microsoft's Windows-only roots (msroot.c), and --ca-bundle. One store shared by every connection, because parsing the
 * system bundle per handshake costs ~20 ms of CPU each. */
struct tls_trust;

/* Loads SYSTEM_FILE (a PEM bundle; NULL or missing: OpenSSL's default paths)
 * and every certificate in EXTRA_PATH (may be NULL). Returns NULL with a
 * one-line reason in ERR when EXTRA_PATH cannot be read or holds no certificate. */
struct tls_trust *tls_trust_load(const char *system_file, const char *extra_path, char *err, size_t errlen);
void tls_trust_free(struct tls_trust *t);

/* True when the store holds the certificate with this SHA-256 fingerprint. */
bool tls_trust_has(const struct tls_trust *t, const unsigned char sha256[32]);

/* The store, for verification; and whether CERT came from --ca-bundle
 * (a root the operator vouches for: genuine even for pinned endpoints). */
X509_STORE *tls_trust_store(const struct tls_trust *t);
bool tls_trust_is_extra(const struct tls_trust *t, X509 *cert);

/* The TLS 1.2 cipher suites Windows 10/11 Schannel offers, in its order,
 * as an OpenSSL cipher list. */
extern const char tls_windows_ciphers[];

/* What an HTTPS transfer hands to tls_ctx_callback: owned by the endpoint. */
struct tls_hook {
	struct tls_info *info;             /* filled during the handshake */
	STACK_OF(X509) *chain;             /* as the server sent it, leaf first; owned */
};

/* Frees the recorded chain. */
void tls_hook_clear(struct tls_hook *h);

/* A CURLOPT_SSL_CTX_FUNCTION; its data (CURLOPT_SSL_CTX_DATA) is a struct tls_hook. */
int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook);

/* Resets INFO before a new handshake. */
void tls_info_reset(struct tls_info *info);

#endif
