/* OpenSSL hooks installed through libcurl's SSL_CTX callback. libcurl (7.88,
 * OpenSSL backend) makes one SSL_CTX per connection and calls us after it has
 * set its verify mode; it loads no CA file itself (CAINFO and CAPATH are unset
 * by the transfer), we hand it the run's one store, and wrap, not replace,
 * verification. */
#include "tls.h"

#include "clock.h"
#include "msroot.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tls_trust {
	X509_STORE *store;
};

static int add_bundle(X509_STORE *store, const char *path, char *err, size_t errlen)
{
	BIO *bio = BIO_new_file(path, "r");
	X509 *c;
	int n = 0, rc = -1;

	if (!bio) {
		snprintf(err, errlen, "--ca-bundle %s: cannot open", path);
		return -1;
	}
	while ((c = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		int ok = X509_STORE_add_cert(store, c);
		X509_free(c);
		if (!ok && ERR_GET_REASON(ERR_peek_last_error()) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
			snprintf(err, errlen, "--ca-bundle %s: cannot add certificate %d", path, n + 1);
			goto done;
		}
		n++;
	}
	if (n == 0) {
		snprintf(err, errlen, "--ca-bundle %s: no PEM certificate in the file", path);
		goto done;
	}
	rc = 0;
done:
	ERR_clear_error();    /* reading ends on "no start line" */
	BIO_free(bio);
	return rc;
}

struct tls_trust *tls_trust_load(const char *system_file, const char *extra_path, char *err, size_t errlen)
{
	struct tls_trust *t = calloc(1, sizeof *t);

	if (!t || !(t->store = X509_STORE_new())) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (!system_file || X509_STORE_load_file(t->store, system_file) != 1)
		X509_STORE_set_default_paths(t->store);
	ERR_clear_error();
	{
		X509 *ms = msroot_load();
		int ok = ms && X509_STORE_add_cert(t->store, ms);
		X509_free(ms);
		if (!ok && ERR_GET_REASON(ERR_peek_last_error()) != X509_R_CERT_ALREADY_IN_HASH_TABLE) {
			snprintf(err, errlen, "cannot load Microsoft Root Certificate Authority 2011");
			goto fail;
		}
		ERR_clear_error();
	}
	if (extra_path && add_bundle(t->store, extra_path, err, errlen))
		goto fail;
	return t;
fail:
	tls_trust_free(t);
	return NULL;
}

bool tls_trust_has(const struct tls_trust *t, const unsigned char sha256[32])
{
	STACK_OF(X509_OBJECT) *objs = X509_STORE_get0_objects(t->store);

	for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		X509 *c = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
		if (c && cert_sha256_is(c, sha256))
			return true;
	}
	return false;
}

void tls_trust_free(struct tls_trust *t)
{
	if (!t)
		return;
	X509_STORE_free(t->store);
	free(t);
}

void tls_info_reset(struct tls_info *info)
{
	memset(info, 0, sizeof *info);
	info->alert = -1;
}

static void name_to(const X509_NAME *n, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long k;

	buf[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	k = BIO_get_mem_data(b, &p);
	if (k > 0) {
		size_t m = (size_t)k < len - 1 ? (size_t)k : len - 1;
		memcpy(buf, p, m);
		buf[m] = '\0';
	}
	BIO_free(b);
}

static void record_cert(struct tls_info *info, X509 *cert)
{
	struct tm tm;

	if (!cert || info->subject[0])
		return;
	name_to(X509_get_subject_name(cert), info->subject, sizeof info->subject);
	name_to(X509_get_issuer_name(cert), info->issuer, sizeof info->issuer);
	if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1)
		strftime(info->not_after, sizeof info->not_after, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static struct tls_hook *hook_of(const SSL *ssl)
{
	return ssl ? SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)) : NULL;
}

static int verify_cb(int ok, X509_STORE_CTX *store)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx());
	struct tls_hook *h = hook_of(ssl);

	if (h) {
		record_cert(h->info, X509_STORE_CTX_get0_cert(store));
		if (!ok && !h->info->verify_error) {
			h->info->verify_error = X509_STORE_CTX_get_error(store);
			h->info->verify_depth = X509_STORE_CTX_get_error_depth(store);
		}
	}
	return ok;
}

static void info_cb(const SSL *ssl, int where, int ret)
{
	struct tls_hook *h = hook_of(ssl);

	if (!h)
		return;
	if ((where & SSL_CB_ALERT) && (ret >> 8) == SSL3_AL_FATAL && h->info->alert < 0) {
		h->info->alert = ret & 0xff;
		h->info->alert_received = (where & SSL_CB_READ) != 0;
	}
	if ((where & SSL_CB_HANDSHAKE_START) && !h->info->handshake_started) {
		h->info->handshake_started = true;
		h->info->started_us = mono_us();
	}
	if (where & SSL_CB_HANDSHAKE_DONE) {
		h->info->handshake_done = true;
		h->info->done_us = mono_us();
		snprintf(h->info->version, sizeof h->info->version, "%s", SSL_get_version(ssl));
		snprintf(h->info->cipher, sizeof h->info->cipher, "%s", SSL_get_cipher_name(ssl));
	}
}

int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook)
{
	SSL_CTX *ctx = ssl_ctx;
	struct tls_hook *h = hook;

	(void)curl;
	if (h->trust)
		SSL_CTX_set1_cert_store(ctx, h->trust->store);   /* takes a reference */
	SSL_CTX_set_app_data(ctx, h);
	SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), verify_cb);
	SSL_CTX_set_info_callback(ctx, info_cb);
	return CURLE_OK;
}
