/* The download path's verdicts (docs/download.md).
 * Delivery Optimization and BITS fetch payloads in byte ranges: Microsoft
 * requires proxies to pass HTTP range requests (KB3175743, "Proxy
 * requirements for Windows Update"); BITS asks the file's size with HEAD and
 * needs Content-Range and Content-Length on its GETs ("HTTP Requirements for
 * BITS Downloads"). The codes are the ones each component reports:
 * deliveryoptimizationerrors.h, bitsmsg.h ("BITS Return Values"). */
#include "verdict_download.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "codes.h"

static void fail(struct result *r, uint32_t code, const char *cause, enum v_stage stage)
{
	r->status = ST_FAIL;
	r->code = code;
	r->cause = cause;
	r->stage = stage;
}

static bool is_bits(const struct ep_conf *c)
{
	return c->component == COMP_BITS;
}

bool verdict_head(const struct ep_conf *c, long status, bool has_length, struct result *r)
{
	char code[11];

	r->http_status = status;
	if (status >= 200 && status <= 299 && has_length)
		return false;
	if (status >= 200 && status <= 299) {
		fail(r, BG_MISSING_FILE_SIZE, "head_no_length", STAGE_HTTP);
		result_say(r, "HEAD answered HTTP %ld without a Content-Length: BITS cannot learn the file's size", status);
		return true;
	}
	fail(r, wu_code_for_http_status((int)status), "head_status", STAGE_HTTP);
	wu_code_format(r->code, code);
	result_say(r, "HEAD answered HTTP %ld (reported as %s)%s", status, code,
		 is_bits(c) ? ": BITS asks every file's size with HEAD" : "");
	return true;
}

void verdict_range(const struct ep_conf *c, const struct range_obs *o, struct result *r)
{
	const struct content_range *cr = &o->range;
	unsigned long long want_last = CONF_RANGE_LAST, got;
	uint32_t ignored = is_bits(c) ? BG_INSUFFICIENT_RANGE : DO_INSUFFICIENT_RANGE;
	uint32_t mismatch = is_bits(c) ? BG_INVALID_RESPONSE : DO_BLOCKSIZE_MISMATCH;

	r->http_status = o->status;
	if (o->status != 206) {
		fail(r, ignored, "range_ignored", STAGE_HTTP);
		result_say(r, "asked bytes 0-%d, got HTTP %ld with %s%zu bytes: the server or a proxy ignores Range",
			 CONF_RANGE_LAST, o->status, o->body_capped ? "more than " : "", o->body_len);
		return;
	}
	if (!o->has_range) {
		fail(r, ignored, "range_missing", STAGE_HTTP);
		result_say(r, "HTTP 206 without a Content-Range: a proxy strips it (or the server does not send it)");
		return;
	}
	if (!o->range_ok) {
		fail(r, mismatch, "range_mismatch", STAGE_CONTENT);
		result_say(r, "HTTP 206 with a Content-Range that is not one byte range");
		return;
	}
	if (cr->total != CR_TOTAL_UNKNOWN && cr->total - 1 < want_last)
		want_last = cr->total - 1;          /* a file shorter than the range: all of it */
	if (cr->first != 0 || cr->last != want_last) {
		fail(r, mismatch, "range_mismatch", STAGE_CONTENT);
		result_say(r, "asked bytes 0-%llu, the Content-Range says bytes %llu-%llu",
			 want_last, cr->first, cr->last);
		return;
	}
	if (o->head_length_known && cr->total != o->head_length) {
		fail(r, mismatch, "range_mismatch", STAGE_CONTENT);
		result_say(r, "HEAD gave the size as %llu bytes, the Content-Range as %s%llu", o->head_length,
			 cr->total == CR_TOTAL_UNKNOWN ? "unknown (*), not " : "", cr->total == CR_TOTAL_UNKNOWN ? o->head_length : cr->total);
		return;
	}
	got = o->body_len;
	if (o->body_capped || got != want_last + 1) {
		fail(r, mismatch, "range_length", STAGE_CONTENT);
		result_say(r, "asked bytes 0-%llu (%llu bytes), got %s%llu bytes of body",
			 want_last, want_last + 1, o->body_capped ? "more than " : "", got);
		return;
	}
	r->status = ST_OK;
	r->code = 0;
	r->cause = NULL;
	r->stage = STAGE_CONTENT;
	if (cr->total == CR_TOTAL_UNKNOWN)
		result_say(r, "HTTP 206, bytes 0-%llu/* (%llu bytes)%s", want_last, got,
			 o->head_length_known ? ", HEAD gave the size" : "");
	else
		result_say(r, "HTTP 206, bytes 0-%llu/%llu (%llu bytes)%s", want_last,
			 cr->total, got, o->head_length_known ? ", HEAD gave the size" : "");
}

void verdict_json(long status, const char *ctype, const unsigned char *body, size_t kept, size_t len,
		  struct result *r)
{
	size_t i = 0;
	bool json_type = strncasecmp(ctype, "application/json", 16) == 0 &&
			 (ctype[16] == '\0' || ctype[16] == ';' || ctype[16] == ' ');

	while (i < kept && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	if (json_type && i < kept && body[i] == '{') {
		r->stage = STAGE_CONTENT;
		result_say(r, "HTTP %ld, JSON", status);
		return;
	}
	fail(r, WU_VALIDATION_FAILED, "content_mismatch", STAGE_CONTENT);
	result_say(r, "HTTP %ld but not the service's JSON (%zu bytes, Content-Type %.60s%s): a captive portal or filter "
		 "answered", status, len, *ctype ? ctype : "none", i < kept && body[i] == '<' ? ", HTML" : "");
}
