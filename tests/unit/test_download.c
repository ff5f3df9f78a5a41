/* The download path: Content-Range parsing, the headers kept for it, the
 * range/HEAD/JSON verdicts, and which endpoints are range-probed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "config.h"
#include "header.h"
#include "verdict_download.h"

static int cr(const char *s, struct content_range *out)
{
	return content_range_parse(s, strlen(s), out);
}

static void test_content_range_parse(void **state)
{
	static const struct { const char *in; int rc; unsigned long long first, last, total; } rows[] = {
		{ "bytes 0-1023/307200", 0, 0, 1023, 307200 },
		{ "bytes 0-1023/307200\r\n", 0, 0, 1023, 307200 },
		{ "  Bytes 5-9/10 ", 0, 5, 9, 10 },
		{ "bytes 0-1023/*", 0, 0, 1023, CR_TOTAL_UNKNOWN },
		{ "bytes 0-0/1", 0, 0, 0, 1 },
		{ "bytes */307200", -1, 0, 0, 0 },          /* the unsatisfied form: no range */
		{ "bytes 9-5/10", -1, 0, 0, 0 },            /* last before first */
		{ "bytes 0-10/10", -1, 0, 0, 0 },           /* last at the total */
		{ "items 0-1/2", -1, 0, 0, 0 },
		{ "bytes 0-1023", -1, 0, 0, 0 },
		{ "bytes 0-1023/1024x", -1, 0, 0, 0 },
		{ "bytes -1-5/9", -1, 0, 0, 0 },
		{ "bytes 0-1023/+2048", -1, 0, 0, 0 },
		{ "bytes 0-9999999999999999999/1", -1, 0, 0, 0 },   /* 19 digits: refused, never wrapped */
		{ "bytes", -1, 0, 0, 0 },
		{ "", -1, 0, 0, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct content_range r = { 7, 7, 7 };
		int rc = cr(rows[i].in, &r);
		if (rc != rows[i].rc)
			fail_msg("'%s': rc %d, wanted %d", rows[i].in, rc, rows[i].rc);
		if (rc == 0 && (r.first != rows[i].first || r.last != rows[i].last || r.total != rows[i].total))
			fail_msg("'%s': %llu-%llu/%llu", rows[i].in, r.first, r.last, r.total);
		if (rc != 0)
			assert_true(r.first == 7 && r.last == 7 && r.total == 7);   /* untouched */
	}
}

static void feed(struct header_state *h, const char *line)
{
	assert_int_equal(header_feed(h, line, strlen(line), false), HDR_GO_ON);
}

static void test_headers_kept_per_response(void **state)
{
	struct header_state h = { 0 };

	(void)state;
	header_begin(&h);
	feed(&h, "HTTP/1.1 206 Partial Content\r\n");
	feed(&h, "content-range: bytes 0-1023/307200\r\n");
	feed(&h, "Content-Length: 1024\r\n");
	feed(&h, "Content-Type: application/json; charset=utf-8\r\n");
	assert_true(h.has_range && h.range_ok && h.has_length);
	assert_true(h.range.last == 1023 && h.range.total == 307200 && h.length == 1024);
	assert_string_equal(h.ctype, "application/json; charset=utf-8");
	feed(&h, "\r\n");
	/* a later response (after a 407, a redirect) starts empty */
	feed(&h, "HTTP/1.1 200 OK\r\n");
	assert_false(h.has_range || h.range_ok || h.has_length);
	assert_string_equal(h.ctype, "");
	feed(&h, "Content-Range: bytes */100\r\n");
	feed(&h, "Content-Length: 12, 12\r\n");
	assert_true(h.has_range && !h.range_ok && !h.has_length);
	/* a long Content-Type is cut, never overrun */
	char longtype[200];
	memset(longtype, 'a', sizeof longtype);
	memcpy(longtype, "Content-Type: ", 14);
	memcpy(longtype + sizeof longtype - 3, "\r\n", 3);
	feed(&h, longtype);
	assert_int_equal(strlen(h.ctype), HEADER_CTYPE_MAX - 1);
}

static struct range_obs good206(void)
{
	return (struct range_obs){ .status = 206, .has_range = true, .range_ok = true,
				   .range = { 0, CONF_RANGE_LAST, 307200 }, .body_len = CONF_RANGE_LAST + 1 };
}

static void range_row(enum component comp, struct range_obs o, enum v_status st, uint32_t code, const char *cause)
{
	struct ep_conf c = { .range = true, .component = comp };
	struct result r = { 0 };

	verdict_range(&c, &o, &r);
	assert_int_equal(r.status, st);
	assert_int_equal(r.code, code);
	if (cause)
		assert_string_equal(r.cause, cause);
	else
		assert_null(r.cause);
	assert_int_equal(r.http_status, o.status);
	assert_true(code == 0 || wu_code_find(code) != NULL);   /* every code has its row */
	result_free(&r);
}

static void test_range_rows(void **state)
{
	struct range_obs o;

	(void)state;
	range_row(COMP_DELIVERY_OPT, good206(), ST_OK, 0, NULL);
	range_row(COMP_BITS, good206(), ST_OK, 0, NULL);
	o = good206();
	o.range.total = CR_TOTAL_UNKNOWN;
	range_row(COMP_DELIVERY_OPT, o, ST_OK, 0, NULL);
	/* a file shorter than the range: all of it */
	o = good206();
	o.range = (struct content_range){ 0, 20, 21 };
	o.body_len = 21;
	range_row(COMP_DELIVERY_OPT, o, ST_OK, 0, NULL);
	/* the range ignored: 200 with the whole file */
	o = (struct range_obs){ .status = 200, .body_len = 65536, .body_capped = true };
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05011u, "range_ignored");
	range_row(COMP_BITS, o, ST_FAIL, 0x80200013u, "range_ignored");
	range_row(COMP_UNSET, o, ST_FAIL, 0x80D05011u, "range_ignored");
	/* 206 without Content-Range: stripped */
	o = good206();
	o.has_range = o.range_ok = false;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05011u, "range_missing");
	range_row(COMP_BITS, o, ST_FAIL, 0x80200013u, "range_missing");
	/* a Content-Range that does not parse, or names other bytes */
	o = good206();
	o.range_ok = false;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05001u, "range_mismatch");
	o = good206();
	o.range.last = 511;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05001u, "range_mismatch");
	range_row(COMP_BITS, o, ST_FAIL, 0x8020001Bu, "range_mismatch");
	o = good206();
	o.range.first = 1;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05001u, "range_mismatch");
	/* the size HEAD gave differs from the Content-Range's */
	o = good206();
	o.head_length_known = true;
	o.head_length = 307200;
	range_row(COMP_BITS, o, ST_OK, 0, NULL);
	o.head_length = 1000000;
	range_row(COMP_BITS, o, ST_FAIL, 0x8020001Bu, "range_mismatch");
	/* the right header, the wrong number of bytes */
	o = good206();
	o.body_len = 512;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05001u, "range_length");
	range_row(COMP_BITS, o, ST_FAIL, 0x8020001Bu, "range_length");
	o.body_len = CONF_RANGE_LAST + 2;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05001u, "range_length");
	o.body_len = CONF_RANGE_LAST + 1;
	o.body_capped = true;
	range_row(COMP_DELIVERY_OPT, o, ST_FAIL, 0x80D05001u, "range_length");
}

static void test_head_rows(void **state)
{
	struct ep_conf c = { .head = true, .range = true, .component = COMP_BITS };
	struct result r = { 0 };

	(void)state;
	assert_false(verdict_head(&c, 200, true, &r));
	assert_int_equal(r.status, ST_OK);
	assert_true(verdict_head(&c, 200, false, &r));
	assert_int_equal(r.code, 0x80200011u);
	assert_string_equal(r.cause, "head_no_length");
	result_free(&r);
	memset(&r, 0, sizeof r);
	assert_true(verdict_head(&c, 405, true, &r));
	assert_int_equal(r.code, 0x8024401Au);
	assert_string_equal(r.cause, "head_status");
	assert_int_equal(r.http_status, 405);
	result_free(&r);
}

static void json_row(const char *ctype, const char *body, enum v_status st)
{
	struct result r = { 0 };
	size_t n = strlen(body);

	verdict_json(200, ctype, (const unsigned char *)body, n, n, &r);
	assert_int_equal(r.status, st);
	assert_int_equal(r.stage, STAGE_CONTENT);
	if (st == ST_FAIL) {
		assert_int_equal(r.code, 0x80200053u);
		assert_string_equal(r.cause, "content_mismatch");
	}
	result_free(&r);
}

static void test_json_rows(void **state)
{
	(void)state;
	json_row("application/json", "{\"ExternalIpAddress\":\"192.0.2.1\"}", ST_OK);
	json_row("Application/JSON; charset=utf-8", " \r\n\t{}", ST_OK);
	json_row("application/json", "<html>portal</html>", ST_FAIL);
	json_row("text/html", "{\"a\":1}", ST_FAIL);
	json_row("application/jsonx", "{}", ST_FAIL);
	json_row("", "{}", ST_FAIL);
	json_row("application/json", "", ST_FAIL);
	json_row("application/json", "   ", ST_FAIL);
}

static struct ep_conf *one(const char *text, struct config *c)
{
	char err[512] = "";

	if (config_parse("t.conf", text, strlen(text), c, err, sizeof err))
		fail_msg("%s", err);
	assert_int_equal(c->n, 1);
	return &c->eps[0];
}

static void conf_error(const char *text, const char *want)
{
	struct config c;
	char err[512] = "";

	assert_int_equal(config_parse("t.conf", text, strlen(text), &c, err, sizeof err), -1);
	if (!strstr(err, want))
		fail_msg("wanted '%s', got '%s'", want, err);
	assert_int_equal(c.n, 0);
}

static void test_which_endpoints_range(void **state)
{
	static const struct { const char *text; bool range, head, json; } rows[] = {
		{ "[d] component=delivery-optimization\nhttp://a.example/f.cab\n", true, false, false },
		{ "[d] component=delivery-optimization\nhttp://a.example/f.cab?x=1/\n", true, false, false },
		{ "[d] component=bits\nhttp://a.example/f.cab\n", true, true, false },
		{ "[d] component=delivery-optimization\nhttp://a.example/\n", false, false, false },
		{ "[d] component=delivery-optimization\nhttp://a.example/Content/\n", false, false, false },
		{ "[d] component=delivery-optimization\nhttps://a.example/geo expect=json\n", false, false, true },
		{ "[d] component=delivery-optimization\nhttp://a.example/f.cab norange\n", false, false, false },
		{ "[d] component=bits\nhttp://a.example/f.cab norange\n", false, false, false },
		{ "[d] component=wu-scan\nhttp://a.example/f.cab\n", false, false, false },
		{ "[d]\nhttp://a.example/f.cab\n", false, false, false },
		{ "[d]\nhttp://a.example/ range\n", true, false, false },
		{ "[d]\nhttp://a.example/f head\n", false, true, false },
		{ "[d] component=wu-scan\nhttp://a.example/f.cab component=bits\n", true, true, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct config c;
		struct ep_conf *e = one(rows[i].text, &c);
		if (e->range != rows[i].range || e->head != rows[i].head || e->expect_json != rows[i].json)
			fail_msg("row %zu: range %d head %d json %d", i, e->range, e->head, e->expect_json);
		config_free(&c);
	}
	conf_error("[d] component=delivery-optimization\nhttp://a.example/f.cab status=200\n",
		   "t.conf:2: status= and range do not mix: a range endpoint must answer 206 (range is implied");
	conf_error("http://a.example/ range status=200\n", "t.conf:1: status= and range do not mix");
	conf_error("http://a.example/ range norange\n", "t.conf:1: range or norange given twice");
	conf_error("http://a.example/ head head\n", "t.conf:1: 'head' given twice");
	conf_error("http://a.example/ range expect=json\n", "t.conf:1: expect=json and range do not mix");
	conf_error("http://a.example/ expect=json expect=cab\n", "t.conf:1: expect= given twice");
	conf_error("http://a.example/ expect=xml\n", "t.conf:1: expect= knows 'cab' and 'json'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_range_parse),
		cmocka_unit_test(test_headers_kept_per_response),
		cmocka_unit_test(test_range_rows),
		cmocka_unit_test(test_head_rows),
		cmocka_unit_test(test_json_rows),
		cmocka_unit_test(test_which_endpoints_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
