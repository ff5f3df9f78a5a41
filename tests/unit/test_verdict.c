/* The error-code table and the verdict rules, row by row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ares.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "verdict.h"

static void test_code_table_is_consistent(void **state)
{
	unsigned n;
	const struct wu_code *t = wu_code_table(&n);

	(void)state;
	assert_true(n >= 20);
	for (unsigned i = 0; i < n; i++) {
		assert_non_null(t[i].name);
		assert_true(strlen(t[i].fix) > 20);
		for (unsigned j = i + 1; j < n; j++)
			assert_int_not_equal(t[i].code, t[j].code);
		assert_ptr_equal(wu_code_find(t[i].code), &t[i]);
	}
	assert_null(wu_code_find(0x12345678u));
}

static void test_http_status_codes(void **state)
{
	static const struct { int status; uint32_t code; const char *name; } rows[] = {
		{ 400, 0x80244016u, "WU_E_PT_HTTP_STATUS_BAD_REQUEST" },
		{ 403, 0x80244018u, "WU_E_PT_HTTP_STATUS_FORBIDDEN" },
		{ 404, 0x80244019u, "WU_E_PT_HTTP_STATUS_NOT_FOUND" },
		{ 407, 0x8024401Bu, "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ" },
		{ 500, 0x8024401Fu, "WU_E_PT_HTTP_STATUS_SERVER_ERROR" },
		{ 502, 0x80244021u, "WU_E_PT_HTTP_STATUS_BAD_GATEWAY" },
		{ 503, 0x80244022u, "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL" },
		{ 504, 0x80244023u, "WU_E_PT_HTTP_STATUS_GATEWAY_TIMEOUT" },
		{ 505, 0x80244024u, "WU_E_PT_HTTP_STATUS_VERSION_NOT_SUP" },
		{ 418, 0x8024402Bu, "WU_E_PT_HTTP_STATUS_NOT_MAPPED" },
		{ 599, 0x8024402Bu, "WU_E_PT_HTTP_STATUS_NOT_MAPPED" },
	};
	char buf[11];

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(wu_code_for_http_status(rows[i].status), rows[i].code);
		assert_string_equal(wu_code_find(rows[i].code)->name, rows[i].name);
	}
	wu_code_format(0x80072EE2u, buf);
	assert_string_equal(buf, "0x80072EE2");
}

static void test_dns_rows(void **state)
{
	static const struct { int st; const char *cause; } rows[] = {
		{ ARES_ENOTFOUND, "name_not_found" }, { ARES_ENODATA, "dns_no_data" },
		{ ARES_ESERVFAIL, "dns_servfail" }, { ARES_EREFUSED, "dns_refused" },
		{ ARES_ECONNREFUSED, "dns_server_failed" }, { ARES_ETIMEOUT, "dns_no_answer" },
		{ -1, "dns_no_answer" }, { ARES_EBADNAME, "dns_error" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct result r = { 0 };
		verdict_dns(rows[i].st, "fe2.update.microsoft.com", false, &r);
		assert_int_equal(r.status, ST_FAIL);
		assert_int_equal(r.code, WU_NAME_NOT_RESOLVED);
		assert_string_equal(r.cause, rows[i].cause);
		assert_int_equal(r.stage, STAGE_DNS);
		assert_non_null(strstr(r.message, "fe2.update.microsoft.com"));
		result_free(&r);
	}
}

static void test_proxy_rows(void **state)
{
	struct tls_info none = { .alert = -1 };
	struct transfer_obs o = { .https = true, .tls = &none, .peer = "127.0.4.1:3128", .timeout_s = 3 };
	struct proxy_obs po = { .name = "p.example:3128" };
	struct result r = { 0 };

	(void)state;
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_dns(ARES_ENOTFOUND, "p.example", true, &r);
	assert_string_equal(r.cause, "proxy_name_not_found");
	assert_int_equal(r.code, WU_NAME_NOT_RESOLVED);

	o.curl_code = CURLE_COULDNT_CONNECT;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, WU_CANNOT_CONNECT);
	assert_string_equal(r.cause, "proxy_refused");

	o.curl_code = CURLE_OPERATION_TIMEDOUT;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_string_equal(r.cause, "proxy_timeout");
	assert_int_equal(r.code, WU_TIMEOUT);

	po.connect_code = 200;     /* tunnel up, origin silent: not the proxy's doing */
	assert_false(verdict_proxy(&po, &o, &r));

	o.curl_code = CURLE_RECV_ERROR;
	po.connect_code = 407;
	po.offered = PA_BASIC;
	/* a 407, then a close instead of an answer to the credentials */
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, WU_CONNECTION_ERROR);
	assert_string_equal(r.cause, "proxy_connection_closed");
	po.final_407 = true;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, 0x8024401Bu);
	assert_string_equal(r.cause, "proxy_auth_required");
	assert_non_null(strstr(r.message, "offers Basic"));
	po.have_creds = true;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_string_equal(r.cause, "proxy_auth_rejected");

	/* silent after credentials: a time-out, not a rejection */
	o.curl_code = CURLE_OPERATION_TIMEDOUT;
	po.final_407 = false;
	po.n407 = 2;
	po.offered = PA_NTLM;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, WU_TIMEOUT);
	assert_string_equal(r.cause, "proxy_timeout");
	assert_non_null(strstr(r.message, "authenticated CONNECT"));
	/* challenges without end */
	o.curl_code = CURLE_WRITE_ERROR;
	po.auth_loop = true;
	po.n407 = 4;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, 0x8024401Bu);
	assert_string_equal(r.cause, "proxy_auth_rejected");
	assert_non_null(strstr(r.message, "4 authentication rounds"));
	po.auth_loop = false;
	/* garbage to CONNECT, and a tunnel closed before the server spoke */
	po.connect_code = 0;
	o.curl_code = CURLE_BAD_FUNCTION_ARGUMENT;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, WU_INVALID_RESPONSE);
	assert_string_equal(r.cause, "proxy_invalid_response");
	o.curl_code = CURLE_GOT_NOTHING;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, WU_CONNECTION_ERROR);
	assert_string_equal(r.cause, "proxy_connection_closed");
	{
		struct tls_info started = { .alert = -1, .handshake_started = true };
		o.tls = &started;
		po.connect_code = 200;
		o.curl_code = CURLE_SSL_CONNECT_ERROR;
		assert_true(verdict_proxy(&po, &o, &r));
		assert_string_equal(r.cause, "proxy_connection_closed");
		started.server_spoke = true;             /* the server answered: TLS's business */
		assert_false(verdict_proxy(&po, &o, &r));
		o.tls = &none;
	}
	o.curl_code = CURLE_RECV_ERROR;

	po.connect_code = 403;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, 0x80244018u);
	assert_string_equal(r.cause, "proxy_status");
	po.connect_code = 502;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, 0x80244021u);

	/* plain HTTP: a 403 page is the proxy's only when it says so */
	o.https = false;
	o.curl_code = CURLE_OK;
	o.connected = true;
	po.connect_code = 0;
	o.http_status = 403;
	assert_false(verdict_proxy(&po, &o, &r));
	po.proxy_page = true;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, 0x80244018u);
	o.http_status = 407;
	po.final_407 = true;
	assert_true(verdict_proxy(&po, &o, &r));
	assert_int_equal(r.code, 0x8024401Bu);
	result_free(&r);
}

static void test_proxy_auth_schemes(void **state)
{
	struct proxy_obs po = { .name = "p:1", .have_creds = true, .offered = PA_BASIC };
	struct result r = { .status = ST_OK };
	char buf[64];

	(void)state;
	verdict_proxy_auth(&po, &r);
	assert_int_equal(r.status, ST_WARN);
	assert_int_equal(r.code, 0x8024401Bu);
	assert_string_equal(r.cause, "proxy_auth_basic_only");

	result_free(&r);
	r = (struct result){ .status = ST_OK };
	po.offered = PA_BASIC | PA_NTLM;
	verdict_proxy_auth(&po, &r);
	assert_int_equal(r.status, ST_OK);
	result_free(&r);
	r = (struct result){ .status = ST_OK };
	po.offered = PA_NEGOTIATE;
	verdict_proxy_auth(&po, &r);
	assert_int_equal(r.status, ST_OK);
	result_free(&r);
	r = (struct result){ .status = ST_FAIL, .code = 0x80244022u };
	po.offered = PA_BASIC;
	verdict_proxy_auth(&po, &r);
	assert_int_equal(r.code, 0x80244022u);      /* a failure stays that failure */

	verdict_auth_names(PA_BASIC | PA_NEGOTIATE, buf, sizeof buf);
	assert_string_equal(buf, "Basic, Negotiate");
	result_free(&r);
}

static struct result transfer(int curl_code, bool https, bool connected, const struct tls_info *tls)
{
	struct tls_info none;
	struct transfer_obs o = { .https = https, .curl_code = curl_code, .connected = connected,
				  .tls = tls, .curl_error = "", .peer = "127.0.0.1:443", .timeout_s = 15 };
	struct result r = { 0 };

	if (!tls) {
		memset(&none, 0, sizeof none);
		none.alert = -1;
		o.tls = &none;
		assert_true(verdict_transfer(&o, &r));
	} else {
		assert_true(verdict_transfer(&o, &r));
	}
	result_free(&r);           /* the rows look at the verdict, not its words */
	return r;
}

static void test_transfer_rows(void **state)
{
	struct tls_info done = { .handshake_started = true, .handshake_done = true, .alert = -1 };
	struct result r = { 0 };

	(void)state;
	r = transfer(CURLE_COULDNT_CONNECT, true, false, NULL);
	assert_int_equal(r.code, WU_CANNOT_CONNECT);
	assert_string_equal(r.cause, "connection_refused");

	r = transfer(CURLE_OPERATION_TIMEDOUT, true, false, NULL);
	assert_int_equal(r.code, WU_TIMEOUT);
	assert_int_equal(r.stage, STAGE_CONNECT);
	r = transfer(CURLE_OPERATION_TIMEDOUT, true, true, NULL);
	assert_int_equal(r.stage, STAGE_TLS);
	r = transfer(CURLE_OPERATION_TIMEDOUT, true, true, &done);
	assert_int_equal(r.stage, STAGE_HTTP);
	r = transfer(CURLE_OPERATION_TIMEDOUT, false, true, NULL);
	assert_int_equal(r.stage, STAGE_HTTP);

	r = transfer(CURLE_GOT_NOTHING, false, true, NULL);
	assert_int_equal(r.code, WU_CONNECTION_ERROR);
	assert_string_equal(r.cause, "connection_closed");
	r = transfer(CURLE_RECV_ERROR, true, true, &done);
	assert_string_equal(r.cause, "connection_reset");
	r = transfer(CURLE_RECV_ERROR, true, true, NULL);      /* reset inside the handshake */
	assert_int_equal(r.code, WU_SECURE_FAILURE);
	assert_string_equal(r.cause, "tls_handshake");

	r = transfer(CURLE_UNSUPPORTED_PROTOCOL, false, true, NULL);
	assert_int_equal(r.code, WU_INVALID_RESPONSE);
	r = transfer(CURLE_WEIRD_SERVER_REPLY, false, true, NULL);
	assert_int_equal(r.code, WU_INVALID_RESPONSE);
}

static void test_ok_and_capped_are_not_failures(void **state)
{
	struct tls_info none = { .alert = -1 };
	struct transfer_obs o = { .curl_code = CURLE_OK, .tls = &none };
	struct result r = { 0 };

	(void)state;
	assert_false(verdict_transfer(&o, &r));
	o.curl_code = CURLE_WRITE_ERROR;
	o.body_capped = true;
	assert_false(verdict_transfer(&o, &r));
	o.body_capped = false;
	o.header_overflow = true;
	assert_true(verdict_transfer(&o, &r));
	assert_int_equal(r.code, WU_HEADER_OVERFLOW);
	result_free(&r);
}

static void test_tls_causes(void **state)
{
	static const struct { int alert; int curl; const char *cause; uint32_t secondary; } rows[] = {
		{ 70, CURLE_SSL_CONNECT_ERROR, "tls_version", 0x80090331u },   /* protocol_version */
		{ 40, CURLE_SSL_CONNECT_ERROR, "tls_cipher", 0x80090331u },    /* handshake_failure */
		{ 71, CURLE_SSL_CONNECT_ERROR, "tls_cipher", 0x80090331u },    /* insufficient_security */
		{ -1, CURLE_SSL_CONNECT_ERROR, "tls_handshake", 0x80090326u },
		{ 80, CURLE_SSL_CONNECT_ERROR, "tls_handshake", 0x80090326u },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct tls_info t = { .handshake_started = true, .alert = rows[i].alert };
		struct result r = transfer(rows[i].curl, true, true, &t);
		assert_int_equal(r.code, WU_SECURE_FAILURE);
		assert_int_equal(r.stage, STAGE_TLS);
		assert_string_equal(r.cause, rows[i].cause);
		assert_int_equal(r.secondary, rows[i].secondary);
		assert_non_null(wu_code_find(r.secondary));
	}
}

static void test_certificate_causes(void **state)
{
	static const struct { const char *cause; uint32_t secondary; const char *name; } rows[] = {
		{ "cert_expired", 0x800B0101u, "CERT_E_EXPIRED" },
		{ "cert_not_yet_valid", 0x800B0101u, "CERT_E_EXPIRED" },
		{ "cert_name_mismatch", 0x800B010Fu, "CERT_E_CN_NO_MATCH" },
		{ "cert_untrusted", 0x800B0109u, "CERT_E_UNTRUSTEDROOT" },
		{ "cert_chain_incomplete", 0x800B010Au, "CERT_E_CHAINING" },
		{ "tls_intercepted", 0x800B0109u, "CERT_E_UNTRUSTEDROOT" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct chain_report c = { .cause = rows[i].cause };
		struct result r = { 0 };
		snprintf(c.detail, sizeof c.detail, "detail %zu", i);
		verdict_cert(&c, &r);
		assert_int_equal(r.status, ST_FAIL);
		assert_int_equal(r.code, WU_SECURE_FAILURE);
		assert_string_equal(r.cause, rows[i].cause);
		assert_int_equal(r.secondary, rows[i].secondary);
		assert_string_equal(wu_code_find(r.secondary)->name, rows[i].name);
		assert_non_null(strstr(r.message, c.detail));
		result_free(&r);
	}
	assert_int_equal(verdict_secondary("timeout"), 0);
	assert_int_equal(verdict_secondary(NULL), 0);
}

static void test_http_rows(void **state)
{
	struct ep_conf plain = { 0 }, strict = { .status = { 200, 204 }, .nstatus = 2 },
		       cab = { .expect_cab = true }, opt = { .optional = true };
	struct result r = { 0 };

	(void)state;
	for (long s = 100; s < 500; s += 7) {
		result_free(&r);
		memset(&r, 0, sizeof r);
		verdict_http(&plain, s, NULL, 0, &r);
		assert_int_equal(r.status, ST_OK);
		assert_int_equal(r.code, 0);
	}
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&plain, 503, NULL, 0, &r);
	assert_int_equal(r.code, 0x80244022u);
	assert_string_equal(r.cause, "http_status");
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&strict, 404, NULL, 0, &r);
	assert_int_equal(r.code, 0x80244019u);
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&strict, 204, NULL, 0, &r);
	assert_int_equal(r.status, ST_OK);

	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&cab, 200, (const unsigned char *)"<html>blocked</html>", 20, &r);
	assert_int_equal(r.code, WU_VALIDATION_FAILED);
	assert_int_equal(r.stage, STAGE_CONTENT);
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&cab, 200, (const unsigned char *)"MSC", 3, &r);
	assert_int_equal(r.code, WU_VALIDATION_FAILED);
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&cab, 200, (const unsigned char *)"MSCF\0\0", 6, &r);
	assert_int_equal(r.status, ST_OK);
	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&cab, 404, NULL, 0, &r);
	assert_int_equal(r.code, 0x80244019u);

	result_free(&r);
	memset(&r, 0, sizeof r);
	verdict_http(&opt, 503, NULL, 0, &r);
	verdict_optional(&opt, &r);
	assert_int_equal(r.status, ST_WARN);
	assert_int_equal(r.code, 0x80244022u);
	result_free(&r);
}

static void test_redirect_row(void **state)
{
	struct result r = { 0 };

	(void)state;
	verdict_redirect("redirect from https to http (http://x/)", &r);
	assert_int_equal(r.code, WU_REDIRECT_FAILED);
	assert_int_equal(r.status, ST_FAIL);
	result_free(&r);
}

static void test_local_resources(void **state)
{
	struct result r = { 0 };

	(void)state;
	verdict_local(EMFILE, "a DNS socket", STAGE_DNS, &r);
	assert_int_equal(r.status, ST_ERROR);
	assert_int_equal(r.code, 0);
	assert_string_equal(r.cause, "local_resources");
	assert_string_equal(status_name(r.status), "error");
	assert_non_null(strstr(r.message, "this machine"));
	assert_non_null(strstr(r.message, "Too many open files"));
	assert_non_null(strstr(r.message, "ulimit -n"));
	verdict_local(ENOMEM, "a DNS lookup", STAGE_DNS, &r);    /* memory: not the descriptors' advice */
	assert_string_equal(r.cause, "local_resources");
	assert_non_null(strstr(r.message, "free memory"));
	assert_null(strstr(r.message, "ulimit"));
	/* libcurl out of memory, and connect() without a local port or buffer:
	 * this machine's, before any network verdict; a refusal stays the network's. */
	struct tls_info none = { .alert = -1 };
	struct transfer_obs o = { .https = true, .curl_code = CURLE_OUT_OF_MEMORY, .tls = &none, .peer = "192.0.2.7:443" };
	assert_true(verdict_local_transfer(&o, &r));
	assert_int_equal(r.status, ST_ERROR);
	assert_string_equal(r.cause, "local_resources");
	assert_int_equal(r.code, 0);
	o.curl_code = CURLE_COULDNT_CONNECT;
	o.os_errno = EADDRNOTAVAIL;
	assert_true(verdict_local_transfer(&o, &r));
	assert_string_equal(r.cause, "local_resources");
	assert_non_null(strstr(r.message, "local ports"));
	o.os_errno = ENOBUFS;
	assert_true(verdict_local_transfer(&o, &r));
	assert_non_null(strstr(r.message, "free memory"));
	o.os_errno = ECONNREFUSED;
	assert_false(verdict_local_transfer(&o, &r));
	assert_true(verdict_transfer(&o, &r));
	assert_string_equal(r.cause, "connection_refused");
	o.os_errno = ENETUNREACH;
	assert_false(verdict_local_transfer(&o, &r));
	verdict_dns(VERDICT_DNS_NOTHING_LISTENS, "h.example", false, &r);
	assert_string_equal(r.cause, "dns_no_answer");
	assert_int_equal(r.code, WU_NAME_NOT_RESOLVED);
	assert_non_null(strstr(r.message, "no DNS server answered"));
	result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_code_table_is_consistent),
		cmocka_unit_test(test_http_status_codes),
		cmocka_unit_test(test_dns_rows),
		cmocka_unit_test(test_transfer_rows),
		cmocka_unit_test(test_ok_and_capped_are_not_failures),
		cmocka_unit_test(test_tls_causes),
		cmocka_unit_test(test_certificate_causes),
		cmocka_unit_test(test_http_rows),
		cmocka_unit_test(test_redirect_row),
		cmocka_unit_test(test_proxy_rows),
		cmocka_unit_test(test_proxy_auth_schemes),
		cmocka_unit_test(test_local_resources),
	};
	return cmocka_run_group_tests_name("verdict", tests, NULL, NULL);
}
