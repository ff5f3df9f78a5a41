/* The server's certificate chain: what was sent, and whether a Windows
 * machine would trust it (its roots, the host name, pinning). */
#ifndef WUPROBE_CHAIN_H
#define WUPROBE_CHAIN_H

#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct tls_trust;

#define CHAIN_MAX_SHOWN 6
#define CHAIN_SANS_LEN  2048

struct chain_cert {
	char subject[256];
	char issuer[256];
	char not_before[32], not_after[32];   /* ISO 8601 UTC */
	char sha256[65];
};

/* The cause when this machine ran out of memory verifying: not a verdict
 * on the certificates (transfer.c makes it a local_resources error). */
#define CHAIN_LOCAL_MEMORY "local_resources"

struct chain_report {
	struct chain_cert sent[CHAIN_MAX_SHOWN];   /* as the server sent them, leaf first */
	int nsent;
	char sans[CHAIN_SANS_LEN];           /* the leaf's DNS and IP names, comma-separated, whole names only */
	int sans_omitted;          /* names that did not fit in sans */
	char root[256];            /* the root it verified to, or "" */
	const char *cause;         /* NULL: trusted; else cert_* or tls_intercepted */
	char aia_url[512];         /* for cert_chain_incomplete: where the missing issuer is published */
	char detail[300];          /* names the missing issuer, the inspecting CA, ... */
};

/* Outcomes of chains already judged in this run, so that a certificate a
 * thousand endpoints share is verified once. */
struct chain_memo;
struct chain_memo *chain_memo_new(void);
void chain_memo_free(struct chain_memo *m);
unsigned long chain_memo_hits(const struct chain_memo *m);   /* outcomes recalled, not verified again */

/* Verifies SENT (leaf first) for HOST against TRUST at time WHEN (0: now),
 * like the update client: the host name must match, the chain must reach a
 * trusted root, and for a PINNED endpoint that root must be Microsoft's or
 * one from --ca-bundle. FETCHED (may be NULL) holds intermediates obtained
 * through AIA. Fills OUT; returns 0 when trusted, -1 otherwise
 * (cause and detail set). MEMO (may be NULL) remembers the outcome of
 * chains whose leaf names HOST: the same certificates judged at the same
 * second against the same store give the same outcome whatever the host,
 * once the host check has passed. */
int chain_verify(const struct tls_trust *trust, struct chain_memo *memo, STACK_OF(X509) *sent,
		 STACK_OF(X509) *fetched, const char *host, bool pinned, time_t when, struct chain_report *out);

#endif
