/* The Microsoft roots Windows trusts for Windows Update and Debian does not. */
#ifndef WUPROBE_MSROOT_H
#define WUPROBE_MSROOT_H

#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>

/* Microsoft Root Certificate Authority 2011; ECC Product Root CA 2018. */
extern const unsigned char msroot_sha256[32];
extern const unsigned char msroot_ecc_sha256[32];

/* True when the SHA-256 of CERT's DER encoding is WANT. */
bool cert_sha256_is(const X509 *cert, const unsigned char want[32]);

/* How many roots are embedded; the I-th, or NULL if the embedded copy does
 * not match its fingerprint. The caller frees it. */
size_t msroot_count(void);
X509 *msroot_load(size_t i);

/* True when CERT is one of the embedded roots. */
bool msroot_is_embedded(const X509 *cert);

#endif
