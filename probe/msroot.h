/* The one root Windows trusts for Windows Update that Debian does not. */
#ifndef WUPROBE_MSROOT_H
#define WUPROBE_MSROOT_H

#include <openssl/x509.h>
#include <stdbool.h>

extern const unsigned char msroot_sha256[32];

/* True when the SHA-256 of CERT's DER encoding is WANT. */
bool cert_sha256_is(const X509 *cert, const unsigned char want[32]);

/* Microsoft Root Certificate Authority 2011, or NULL if the embedded copy
 * does not match its fingerprint. The caller frees it. */
X509 *msroot_load(void);

#endif
