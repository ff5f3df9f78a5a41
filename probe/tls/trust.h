/* The trusted roots, loaded once for the whole run: the system store,
 * Microsoft's Windows-only roots (msroot.c) and --ca-bundle. One store shared
 * by every verification. */
#ifndef WUPROBE_TRUST_H
#define WUPROBE_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/x509.h>

struct tls_trust;

/* Starts loading SYSTEM_FILE (a PEM bundle; NULL or missing: OpenSSL's
 * default paths) on a thread of its own, and reads Microsoft's roots and
 * every certificate in EXTRA_PATH (may be NULL) at once. Returns NULL with a
 * one-line reason in ERR when EXTRA_PATH cannot be read or holds no
 * certificate: bad input is found before anything is probed. The system
 * bundle (140 certificates, ~35 ms of CPU) is parsed while the first
 * lookups and handshakes are under way; the first call that needs the
 * store waits for it. */
struct tls_trust *tls_trust_load(const char *system_file, const char *extra_path, char *err, size_t errlen);
void tls_trust_free(struct tls_trust *t);

/* True when the store holds the certificate with this SHA-256 fingerprint. */
bool tls_trust_has(const struct tls_trust *t, const unsigned char sha256[32]);

/* The whole store, for verification (waits for the loading thread; NULL only
 * when memory ran out adding the roots read at start); and whether CERT came
 * from --ca-bundle (a root the operator vouches for: genuine even for pinned
 * endpoints). */
X509_STORE *tls_trust_store(const struct tls_trust *t);
bool tls_trust_is_extra(const struct tls_trust *t, X509 *cert);

/* True while the system bundle's thread has not been joined. Any fork()
 * joins it first (a pthread_atfork handler): a child of the PAC engine is
 * never born while that thread holds a lock. */
bool tls_trust_loading(const struct tls_trust *t);

#endif
