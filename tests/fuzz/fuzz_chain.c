/* The server's chain, judged as the update client would (chain_verify):
 * the SAN and name checks, the issuer search, AIA and pinning. The input:
 * flags (1 pinned, 2 the last certificate came through AIA), the time to
 * judge at (u32 BE, seconds since 1970), the host name, a NUL, then DER
 * certificates, leaf first (d2i_X509 until it fails). The trust is the
 * system store, Microsoft's roots and the root of gen_cert_seeds.py. */
#include <openssl/err.h>
#include <openssl/pem.h>

#include "chain.h"
#include "fuzz.h"
#include "tls.h"
#include "trust.h"

#define MAX_CERTS 8

static const char fuzz_root[] =
	"-----BEGIN CERTIFICATE-----\n"
	"MIIBezCCASGgAwIBAgIUEbrHJ/6829zCaBhdvNP7n1NBeAYwCgYIKoZIzj0EAwIw\n"
	"MzEVMBMGA1UECgwMd3Vwcm9iZSBmdXp6MRowGAYDVQQDDBF3dXByb2JlIGZ1enog\n"
	"cm9vdDAeFw0yNDAxMDEwMDAwMDBaFw00NDAxMDEwMDAwMDBaMDMxFTATBgNVBAoM\n"
	"DHd1cHJvYmUgZnV6ejEaMBgGA1UEAwwRd3Vwcm9iZSBmdXp6IHJvb3QwWTATBgcq\n"
	"hkjOPQIBBggqhkjOPQMBBwNCAAR835+edUSHiklAMsKpCgB6X1HvfKZFHjypJTcj\n"
	"9zixKQ9gGjeRq2taX2qUmLFCw58+fPNjoodxYx5z3GQ7fXwsoxMwETAPBgNVHRMB\n"
	"Af8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIQCa/ZTgdo4jtgikkz7634gjq9F0\n"
	"vCULjn8uwdagUdokjgIgVcYB9jZ+USqYz1XIsv1tNL+3QjE6TRYxYPPpvGP4pmI=\n"
	"-----END CERTIFICATE-----\n";

static const struct tls_trust *trust(void)
{
	static struct tls_trust *t;
	char err[256];

	if (!t) {
		BIO *b = BIO_new_mem_buf(fuzz_root, -1);
		X509 *root = b ? PEM_read_bio_X509(b, NULL, NULL, NULL) : NULL;
		if (!(t = tls_trust_load(NULL, NULL, err, sizeof err)) || !root ||
		    X509_STORE_add_cert(tls_trust_store(t), root) != 1)
			abort();
		X509_free(root);
		BIO_free(b);
	}
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	STACK_OF(X509) *sent = NULL, *fetched = NULL;
	struct chain_report rep;
	const uint8_t *nul, *p;
	char host[256];
	time_t when;
	X509 *c;
	int rc;

	if (size < 6 || !(nul = memchr(data + 5, '\0', size - 5)) || (size_t)(nul - data - 5) >= sizeof host)
		return 0;
	memcpy(host, data + 5, (size_t)(nul - data - 5));
	host[nul - data - 5] = '\0';
	when = (time_t)((uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 8 | data[4]);
	if (!when)
		when = 1;    /* 0 would mean now: keep every run reproducible */
	if (!(sent = sk_X509_new_null()) || !(fetched = sk_X509_new_null()))
		abort();
	p = nul + 1;
	while (p < data + size && sk_X509_num(sent) < MAX_CERTS && (c = d2i_X509(NULL, &p, (long)(data + size - p))))
		if (!sk_X509_push(sent, c))
			abort();
	if ((data[0] & 2) && sk_X509_num(sent) > 1 && !sk_X509_push(fetched, sk_X509_pop(sent)))
		abort();
	rc = chain_verify(trust(), NULL, sent, fetched, host, data[0] & 1, when, &rep);
	FUZZ_CHECK(rc == 0 ? rep.cause == NULL : rep.cause != NULL && rep.detail[0]);
	FUZZ_CHECK(rep.nsent == (sk_X509_num(sent) < CHAIN_MAX_SHOWN ? sk_X509_num(sent) : CHAIN_MAX_SHOWN));
	FUZZ_CHECK(!rep.aia_url[0] || strncmp(rep.aia_url, "http://", 7) == 0);
	sk_X509_pop_free(sent, X509_free);
	sk_X509_pop_free(fetched, X509_free);
	ERR_clear_error();
	return 0;
}
