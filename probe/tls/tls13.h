/* Would the server also take TLS 1.3? A connect-only handshake, TLS 1.3
 * and nothing else, through the same route as the endpoint's exchange
 * (tls13.c): information for the report, never part of the verdict. The
 * endpoint starts it (with --tls13, or where TLS 1.2 failed) and hands it
 * its handle's end. */
#ifndef WUPROBE_TLS13_H
#define WUPROBE_TLS13_H

#include <curl/curl.h>
#include <stdint.h>

#include "evq.h"
#include "header.h"
#include "proxy.h"
#include "stage.h"
#include "tls.h"
#include "url.h"

struct tls13_side {
	CURL *easy;
	struct curl_slist *resolve;
	struct tls_hook hook;
	struct tls_info info;
	struct header_state hdr;       /* its CONNECT replies, to bound proxy challenges */
	int local_errno;               /* a socket this machine could not make: only leaves tls13 unknown */
};

/* Starts the handshake with U's server, through PX (NULL direct) to the
 * addresses in CSV ("" for a literal), for at most LEFT_MS. NULL when it
 * could not start (tls13 stays unknown). */
struct tls13_side *tls13_start(struct stage_ctx *ctx, struct ev_slot *slot, const struct url *u,
			       const struct proxy_server *px, const char *csv, int64_t left_ms);
/* Its handle ended with RC: 1 TLS 1.3 was taken, 0 refused, -1 unknown
 * (res.tls.tls13). tls13_free then takes its handle out and frees it. */
int tls13_done(struct tls13_side *sd, struct stage_ctx *ctx, CURLcode rc);
void tls13_free(struct tls13_side *sd, struct stage_ctx *ctx);

#endif
