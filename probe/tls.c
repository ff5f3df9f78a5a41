/* OpenSSL hooks installed through libcurl's SSL_CTX callback. libcurl (7.88,
 * OpenSSL backend) makes one SSL_CTX per connection and calls us after it has
 * loaded the system store and set its verify mode, so we add roots to that
 * store and wrap, not replace, verification. */
#include "tls.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct tls_extra {
	STACK_OF(X509) *certs;
};

struct tls_extra *tls_extra_load(const char *path, char *err, size_t errlen)
{
	struct tls_extra *x = NULL;
	BIO *bio = BIO_new_file(path, "r");
	X509 *c;

	if (!bio) {
		snprintf(err, errlen, "--ca-bundle %s: cannot open", path);
		goto fail;
	}
	if (!(x = calloc(1, sizeof *x)) || !(x->certs = sk_X509_new_null())) {
		snprintf(err, errlen, "--ca-bundle %s: out of memory", path);
		goto fail;
	}
	while ((c = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (!sk_X509_push(x->certs, c)) {
			X509_free(c);
			snprintf(err, errlen, "--ca-bundle %s: out of memory", path);
			goto fail;
		}
	}
	ERR_clear_error();    /* the loop ends on "no start line" */
	if (sk_X509_num(x->certs) == 0) {
		snprintf(err, errlen, "--ca-bundle %s: no PEM certificate in the file", path);
		goto fail;
	}
	BIO_free(bio);
	return x;
fail:
	BIO_free(bio);
	tls_extra_free(x);
	return NULL;
}

void tls_extra_free(struct tls_extra *x)
{
	if (!x)
		return;
	if (x->certs)
		sk_X509_pop_free(x->certs, X509_free);
	free(x);
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
	if (where & SSL_CB_HANDSHAKE_DONE) {
		h->info->handshake_done = true;
		snprintf(h->info->version, sizeof h->info->version, "%s", SSL_get_version(ssl));
		snprintf(h->info->cipher, sizeof h->info->cipher, "%s", SSL_get_cipher_name(ssl));
	}
}

int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook)
{
	SSL_CTX *ctx = ssl_ctx;
	struct tls_hook *h = hook;
	X509_STORE *store = SSL_CTX_get_cert_store(ctx);

	(void)curl;
	if (h->extra) {
		for (int i = 0; i < sk_X509_num(h->extra->certs); i++) {
			if (!X509_STORE_add_cert(store, sk_X509_value(h->extra->certs, i))) {
				unsigned long e = ERR_peek_last_error();
				if (ERR_GET_REASON(e) != X509_R_CERT_ALREADY_IN_HASH_TABLE)
					return CURLE_SSL_CERTPROBLEM;
				ERR_clear_error();
			}
		}
	}
	SSL_CTX_set_app_data(ctx, h);
	SSL_CTX_set_verify(ctx, SSL_CTX_get_verify_mode(ctx), verify_cb);
	SSL_CTX_set_info_callback(ctx, info_cb);
	return CURLE_OK;
}
