/* OpenSSL hooks installed through libcurl's SSL_CTX callback. libcurl (7.88,
 * OpenSSL backend) makes one SSL_CTX per connection and calls us after it has
 * set its options. Verification is ours (chain.c): libcurl's is off and it
 * loads no CA file; the handshake only records what the server sent. */
#include "tls.h"

#include "clock.h"
#include "fault.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char tls_windows_ciphers[] =
	"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
	"ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
	"DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:"
	"ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:"
	"ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:"
	"ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA:"
	"AES256-GCM-SHA384:AES128-GCM-SHA256:AES256-SHA256:AES128-SHA256:AES256-SHA:AES128-SHA:"
	"DES-CBC3-SHA";

void tls_info_reset(struct tls_info *info)
{
	memset(info, 0, sizeof *info);
	info->alert = -1;
	info->tls13 = -1;
}

static struct tls_hook *hook_of(const SSL *ssl)
{
	return ssl ? SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)) : NULL;
}

void tls_hook_clear(struct tls_hook *h)
{
	sk_X509_pop_free(h->chain, X509_free);
	h->chain = NULL;
}

/* Keeps the chain as sent, leaf first, beyond the connection's life. */
static void record_chain(struct tls_hook *h, const SSL *ssl)
{
	STACK_OF(X509) *peer = SSL_get_peer_cert_chain(ssl);   /* client side: leaf included */
	X509 *leaf = SSL_get0_peer_certificate(ssl);

	tls_hook_clear(h);
	/* A certificate left out would change the verdict (no leaf: a name
	 * mismatch; no intermediate: an incomplete chain): say it instead. */
	h->incomplete = false;
	if (fault_at("record_chain") || !(h->chain = sk_X509_new_null())) {
		h->incomplete = true;
		return;
	}
	if (leaf && X509_up_ref(leaf) && !sk_X509_push(h->chain, leaf)) {
		X509_free(leaf);
		h->incomplete = true;
	}
	for (int i = 0; i < sk_X509_num(peer); i++) {
		X509 *c = sk_X509_value(peer, i);
		if (leaf && X509_cmp(c, leaf) == 0)
			continue;
		if (X509_up_ref(c) && !sk_X509_push(h->chain, c)) {
			X509_free(c);
			h->incomplete = true;
		}
	}
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
		tls_hook_clear(h);
	}
	if (where & SSL_CB_HANDSHAKE_DONE) {
		h->info->handshake_done = true;
		h->info->done_us = mono_us();
		record_chain(h, ssl);
		snprintf(h->info->version, sizeof h->info->version, "%s", SSL_get_version(ssl));
		snprintf(h->info->cipher, sizeof h->info->cipher, "%s", SSL_get_cipher_name(ssl));
	}
}

/* Any record from the peer: a tunnel that closes before the server says
 * anything is the proxy's doing, not a TLS failure. */
static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len, SSL *ssl, void *arg)
{
	struct tls_hook *h = hook_of(ssl);

	(void)version;
	(void)content_type;
	(void)buf;
	(void)len;
	(void)arg;
	if (h && !write_p)
		h->info->server_spoke = true;
}

int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook)
{
	SSL_CTX *ctx = ssl_ctx;
	struct tls_hook *h = hook;

	(void)curl;
	SSL_CTX_set_app_data(ctx, h);
	SSL_CTX_set_info_callback(ctx, info_cb);
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);   /* no idle 34 KiB buffers per connection */
	SSL_CTX_set_msg_callback(ctx, msg_cb);
	return CURLE_OK;
}
