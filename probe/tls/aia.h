/* Fetching a missing intermediate through the certificate's AIA caIssuers
 * URL, as Windows' chain engine does (aia.c). The endpoint starts a fetch
 * when its exchange's judge answers XF_AIA; the fetch posts EV_AIA on the
 * endpoint's slot when it ends, with what it got added to the endpoint's
 * fetched issuers, or why not in its record. */
#ifndef WUPROBE_AIA_H
#define WUPROBE_AIA_H

#include <curl/curl.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdint.h>

#include "evq.h"
#include "stage.h"

/* One endpoint's fetches: made by its first, which few endpoints need. */
struct aia_fetch {
	struct stage_ctx *ctx;
	struct ev_slot *slot;          /* the endpoint's: posted on, and every handle's CURLOPT_PRIVATE */
	STACK_OF(X509) **fetched;      /* the endpoint's fetched issuers, where a certificate goes */
	int *local_errno;              /* the endpoint's: a socket this machine could not make */
	CURL *easy;
	bool resolving;                /* its host's name is with c-ares */
	struct curl_slist *resolve;
	int tries;
	int64_t deadline;              /* the endpoint's, monotonic ms */
	CURLcode saved_rc;             /* the exchange's result, judged again afterwards */
	unsigned char *buf;
	size_t len;
	bool too_big;                  /* the answer passed AIA_MAX_SIZE */
	char error[160];               /* why the last fetch failed, for the message */
	int local_err;                 /* this machine failed it (ENOMEM, a DNS socket's errno), 0 none:
					* then the verdict is this machine's, not cert_chain_incomplete */
	unsigned long dns_fail_mark;   /* the DNS socket failures when its lookup started */
	char last[512];                /* the last URL fetched: never the same one twice */
};

/* The record of an endpoint's fetches, NULL out of memory. */
struct aia_fetch *aia_new(struct stage_ctx *ctx, struct ev_slot *slot, STACK_OF(X509) **fetched, int *local_errno);
/* Fetches URL (the issuer missing from the exchange that ended with RC)
 * before DEADLINE: true when it started, and EV_AIA is posted once it ends
 * (a synchronous answer may have posted it already). False when it could
 * not: a fetch under way, too many levels, the same URL again, no time
 * left, or this machine's failure (local_err). */
bool aia_start(struct aia_fetch *a, const char *url, CURLcode rc, int64_t deadline);
/* Its handle ended with RC (the endpoint hands it over): EV_AIA follows. */
void aia_done(struct aia_fetch *a, CURLcode rc);
/* Gives up on an AIA host name still unresolved at the deadline. */
void aia_expire(struct aia_fetch *a);
/* The run ends: a fetch under way stops and its lookup goes unheard; the
 * record stays for c-ares' last callbacks, until aia_free. */
void aia_stop(struct aia_fetch *a);
void aia_free(struct aia_fetch *a);
/* A certificate as an AIA URL serves it: DER, or PEM. NULL if it is neither. */
X509 *aia_parse_cert(const unsigned char *d, size_t n);

#endif
