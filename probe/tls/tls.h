/* TLS set-up for each HTTPS transfer: extra trusted roots, and a record of
 * what the handshake saw (version, cipher, certificate, verify error, alert). */
#ifndef WUPROBE_TLS_H
#define WUPROBE_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <openssl/x509.h>

#include "result.h"

/* The TLS 1.2 cipher suites Windows 10/11 Schannel offers, in its order,
 * as an OpenSSL cipher list. */
extern const char tls_windows_ciphers[];

/* What an HTTPS transfer hands to tls_ctx_callback: owned by the endpoint. */
struct tls_hook {
	struct tls_info *info;             /* filled during the handshake */
	STACK_OF(X509) *chain;             /* as the server sent it, leaf first; owned */
	bool incomplete;                   /* this machine could not record all of it (memory) */
};

/* Frees the recorded chain. */
void tls_hook_clear(struct tls_hook *h);

/* A CURLOPT_SSL_CTX_FUNCTION; its data (CURLOPT_SSL_CTX_DATA) is a struct tls_hook. */
int tls_ctx_callback(void *curl, void *ssl_ctx, void *hook);

/* Resets INFO before a new handshake. */
void tls_info_reset(struct tls_info *info);

#endif
