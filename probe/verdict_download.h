/* The download path as Delivery Optimization and BITS use it: byte ranges,
 * BITS' HEAD, and the Delivery Optimization service's JSON. Pure functions
 * over what the exchange saw, like verdict.h. */
#ifndef WUPROBE_VERDICT_DOWNLOAD_H
#define WUPROBE_VERDICT_DOWNLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "header.h"
#include "result.h"

/* What a range GET (Range: bytes=0-CONF_RANGE_LAST) got back. */
struct range_obs {
	long status;
	bool has_range;                /* a Content-Range came */
	bool range_ok;                 /* and parsed into range */
	struct content_range range;
	size_t body_len;               /* body bytes read */
	bool body_capped;              /* reading stopped at BODY_CAP: more came */
	bool head_length_known;        /* a HEAD before gave the size */
	unsigned long long head_length;
};

/* After a HEAD (C->head): fills R and returns true when it fails (no
 * Content-Length on a 2xx; a failing status as verdict_http maps it);
 * false when the range GET may follow. */
bool verdict_head(const struct ep_conf *c, long status, bool has_length, struct result *r);

/* After the range GET of a range endpoint whose status verdict_http did not
 * fail: fills R (ok, or the component's range code). */
void verdict_range(const struct ep_conf *c, const struct range_obs *o, struct result *r);

/* After an expect=json endpoint's response that verdict_http let pass: the
 * body (BODY, LEN bytes read, of which BODY holds the first KEPT) must be a
 * JSON object served as application/json (CTYPE, "" none), not a portal's
 * HTML page. Fills R: its stage and message when it is, the failure when not. */
void verdict_json(long status, const char *ctype, const unsigned char *body, size_t kept, size_t len,
		  struct result *r);

#endif
