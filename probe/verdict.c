/* The verdict table of docs/verdicts.md, as code over plain observations. */
#include "verdict.h"

#include <ares.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "codes.h"
#include "sinkhole.h"

static void set(struct result *r, uint32_t code, const char *cause, enum v_stage stage)
{
	r->status = ST_FAIL;
	r->code = code;
	r->cause = cause;
	r->stage = stage;
}

void verdict_dns(int ares_status, const char *host, bool proxy, struct result *r)
{
	static const char *const proxy_causes[][2] = {
		{ "name_not_found", "proxy_name_not_found" }, { "dns_no_data", "proxy_dns_no_data" },
		{ "dns_servfail", "proxy_dns_servfail" }, { "dns_refused", "proxy_dns_refused" },
		{ "dns_server_failed", "proxy_dns_server_failed" }, { "dns_no_answer", "proxy_dns_no_answer" },
		{ "dns_error", "proxy_dns_error" },
	};
	const char *cause, *what;

	switch (ares_status) {
	case ARES_ENOTFOUND:   cause = "name_not_found"; what = "does not exist (NXDOMAIN)"; break;
	case ARES_ENODATA:     cause = "dns_no_data";    what = "has no A or AAAA record"; break;
	case ARES_ESERVFAIL:   cause = "dns_servfail";   what = "could not be resolved: the DNS server failed (SERVFAIL)"; break;
	case ARES_EREFUSED:    cause = "dns_refused";    what = "could not be resolved: the DNS server refused the query"; break;
	case ARES_ECONNREFUSED:
		/* c-ares 1.18 retries SERVFAIL and REFUSED answers, then reports them
		 * like a refused port: all we know is that no server gave an answer. */
		cause = "dns_server_failed";
		what = "could not be resolved: the DNS server refused or failed the query";
		break;
	case ARES_ETIMEOUT:
	case -1:               cause = "dns_no_answer";  what = "could not be resolved: no DNS server answered"; break;
	case VERDICT_DNS_NOTHING_LISTENS:
		cause = "dns_no_answer";
		what = "could not be resolved: no DNS server answered (nothing listens on port 53 of the servers asked)";
		break;
	default:               cause = "dns_error";      what = ares_strerror(ares_status); break;
	}
	if (proxy)
		for (size_t i = 0; i < sizeof proxy_causes / sizeof proxy_causes[0]; i++)
			if (strcmp(cause, proxy_causes[i][0]) == 0)
				cause = proxy_causes[i][1];
	set(r, WU_NAME_NOT_RESOLVED, cause, STAGE_DNS);
	result_say(r, "%s%s %s", proxy ? "the proxy " : "", host, what);
}

void verdict_sinkhole(const char *host, const char *addr, bool proxy, struct result *r)
{
	set(r, WU_CANNOT_CONNECT, proxy ? "proxy_dns_sinkhole" : "dns_sinkhole", STAGE_DNS);
	result_say(r, "DNS answers %s%s with %s, a DNS filter's answer for a name it blocks (%s): whoever runs the "
		   "DNS filter must let %s resolve",
		   proxy ? "the proxy " : "", host, addr, sinkhole_meaning(addr), proxy ? "the proxy's name" : "the update hosts");
}

void verdict_auth_names(unsigned offered, char *buf, size_t len)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ PA_BASIC, "Basic" }, { PA_DIGEST, "Digest" }, { PA_NTLM, "NTLM" }, { PA_NEGOTIATE, "Negotiate" },
	};
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof names / sizeof names[0] && used < len; i++)
		if (offered & names[i].bit)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", names[i].name);
	if (!offered)
		snprintf(buf, len, "no scheme");
}

static bool closed_early(int curl_code)
{
	return curl_code == CURLE_GOT_NOTHING || curl_code == CURLE_RECV_ERROR || curl_code == CURLE_SEND_ERROR;
}

bool verdict_proxy(const struct proxy_obs *po, const struct transfer_obs *o, struct result *r)
{
	char schemes[64], code[11];
	long status = o->https ? po->connect_code : o->http_status;
	const char *err = o->curl_error && *o->curl_error ? o->curl_error : curl_easy_strerror((CURLcode)o->curl_code);
	/* Through a tunnel the proxy answers the CONNECT; for plain HTTP, the request itself. */
	enum v_stage stage = o->https ? STAGE_CONNECT : STAGE_HTTP;
	const char *asked = o->https ? "CONNECT" : "request";

	verdict_auth_names(po->offered, schemes, sizeof schemes);
	if (po->auth_loop) {
		set(r, 0x8024401Bu, "proxy_auth_rejected", stage);
		result_say(r, "the proxy %s answered %d authentication rounds in a row with a new challenge (it offers %s) "
			 "and never accepted the credentials; stopped there", po->name, po->n407, schemes);
		return true;
	}
	if (o->curl_code == CURLE_COULDNT_CONNECT && !po->connect_code) {
		bool unreach = o->os_errno == ENETUNREACH || o->os_errno == EHOSTUNREACH;
		set(r, WU_CANNOT_CONNECT, unreach ? "proxy_unreachable" : "proxy_refused", STAGE_CONNECT);
		result_say(r, "%s %s", o->peer, unreach ? "is unreachable" : "refused the connection");
		return true;
	}
	/* Silent: no answer to CONNECT, to the connection, or to a request
	 * carrying credentials after a 407. Not a rejection: nothing said no. */
	if (o->curl_code == CURLE_OPERATION_TIMEDOUT &&
	    (o->https ? po->connect_code == 0 || po->connect_code == 407 : !o->connected || po->last_status == 407)) {
		set(r, WU_TIMEOUT, "proxy_timeout", STAGE_CONNECT);
		if (po->n407)
			result_say(r, "the proxy %s did not answer the authenticated %s within %g s (after %d challenge%s "
				 "offering %s): an overloaded authentication helper or a proxy that drops the request",
				 po->name, asked, o->timeout_s, po->n407, po->n407 == 1 ? "" : "s", schemes);
		else
			result_say(r, "the proxy %s did not answer within %g s%s", po->name,
				 o->timeout_s, o->https ? " (no reply to CONNECT)" : "");
		return true;
	}
	if (po->final_407) {
		set(r, 0x8024401Bu, po->have_creds ? "proxy_auth_rejected" : "proxy_auth_required", stage);
		result_say(r, po->have_creds ? "the proxy %s rejected the credentials (it offers %s)"
					: "the proxy %s demands authentication (it offers %s); the update client answers "
					  "only NTLM or Negotiate with the machine account: let the update hosts through "
					  "without authentication",
			 po->name, schemes);
		return true;
	}
	if (status == 407 && closed_early(o->curl_code)) {
		set(r, WU_CONNECTION_ERROR, "proxy_connection_closed", stage);
		result_say(r, "the proxy %s challenged (407, offering %s), then closed the connection instead of answering "
			 "the next %s", po->name, schemes, asked);
		return true;
	}
	if ((o->https && po->connect_code >= 300) || (!o->https && po->proxy_page && o->http_status >= 400)) {
		set(r, wu_code_for_http_status((int)status), "proxy_status", stage);
		r->http_status = status;
		wu_code_format(r->code, code);
		result_say(r, "the proxy %s answered HTTP %ld itself%s (reported as %s): allow the update hosts in its policy",
			 po->name, status, o->https ? " to CONNECT" : "", code);
		return true;
	}
	/* WinHTTP reads the proxy's reply as HTTP: a close is a connection
	 * error, anything unreadable an invalid response, never TLS. */
	bool no_connect_reply = o->https && !po->connect_code && !o->tls->handshake_started;
	bool not_http = o->curl_code == CURLE_WEIRD_SERVER_REPLY || o->curl_code == CURLE_UNSUPPORTED_PROTOCOL;
	if ((no_connect_reply && !closed_early(o->curl_code) && o->curl_code != CURLE_OK) || (!o->https && not_http)) {
		set(r, WU_INVALID_RESPONSE, "proxy_invalid_response", stage);
		/* libcurl's own words here ("bad argument", "HTTP/0.9") would mislead */
		result_say(r, "the proxy %s answered the %s with something that is not HTTP",
			 po->name, asked);
		return true;
	}
	if ((no_connect_reply || (!o->https && !po->last_status)) && closed_early(o->curl_code)) {
		set(r, WU_CONNECTION_ERROR, "proxy_connection_closed", stage);
		result_say(r, "the proxy %s closed the connection without answering the %s (%s)",
			 po->name, asked, err);
		return true;
	}
	if (o->https && po->connect_code == 200 && o->tls->handshake_started && !o->tls->server_spoke &&
	    (closed_early(o->curl_code) || o->curl_code == CURLE_SSL_CONNECT_ERROR)) {
		set(r, WU_CONNECTION_ERROR, "proxy_connection_closed", STAGE_CONNECT);
		result_say(r, "the proxy %s answered 200 to CONNECT, then the tunnel closed before the server sent any TLS (%s)",
			 po->name, err);
		return true;
	}
	return false;
}

const char *verdict_socks_reply(const unsigned char *b, size_t n)
{
	/* SOCKS4 (and 4a): 8 bytes, version 0, then 0x5A granted, 0x5B
	 * rejected, 0x5C and 0x5D identd failures. */
	if (n == 8 && b[0] == 0x00 && b[1] >= 0x5A && b[1] <= 0x5D)
		return "a SOCKS4 reply";
	/* SOCKS5 (RFC 1928): the method selection, 05 then a method (0xFF:
	 * none acceptable), or a reply, 05 REP 00 ATYP ... */
	if (n == 2 && b[0] == 0x05 && (b[1] <= 0x03 || b[1] == 0xFF))
		return "a SOCKS5 method selection";
	if (n >= 4 && n <= 22 && b[0] == 0x05 && b[1] <= 0x08 && b[2] == 0x00 && (b[3] == 1 || b[3] == 3 || b[3] == 4))
		return "a SOCKS5 reply";
	return NULL;
}

/* B's N bytes as text: printable ASCII as it is, the rest (and the
 * backslash and quote) as \xNN. */
static void escape_bytes(const unsigned char *b, size_t n, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used + 5 < len; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\' && b[i] != '"')
			out[used++] = (char)b[i];
		else
			used += (size_t)snprintf(out + used, len - used, "\\x%02x", b[i]);
	}
	out[used] = '\0';
}

void verdict_proxy_not_http(const char *proxy, bool https, const unsigned char *b, size_t n, bool more,
			    struct result *r)
{
	char shown[4 * 32 + 1];
	const char *socks = more ? NULL : verdict_socks_reply(b, n);

	escape_bytes(b, n < 32 ? n : 32, shown, sizeof shown);
	set(r, WU_INVALID_RESPONSE, "proxy_invalid_response", https ? STAGE_CONNECT : STAGE_HTTP);
	result_say(r, "the proxy %s answered the %s with bytes that are not HTTP: \"%s\"%s", proxy,
		   https ? "CONNECT" : "request", shown, n > 32 || more ? "..." : "");
	if (socks)
		result_append(r, " (%zu bytes), which look like %s: the WinHTTP proxy points at a SOCKS port, and "
			      "WinHTTP speaks only HTTP to its proxy; set the proxy's HTTP port", n, socks);
	else
		result_append(r, ": the WinHTTP proxy points at something that is not an HTTP proxy");
}

void verdict_proxy_auth(const struct proxy_obs *po, struct result *r)
{
	char schemes[64];

	if (!po->have_creds || !po->offered || (po->offered & (PA_NTLM | PA_NEGOTIATE)) || r->status != ST_OK)
		return;
	verdict_auth_names(po->offered, schemes, sizeof schemes);
	r->status = ST_WARN;
	r->code = 0x8024401Bu;
	r->cause = "proxy_auth_basic_only";
	result_say(r, "reached through %s with the credentials given, but the proxy offers only %s, which the update "
		 "client cannot answer: it would fail with 0x8024401B; let the update hosts through without "
		 "authentication", po->name, schemes);
}

/* The TLS failure cause for a handshake that failed, from its alerts. */
static const char *verdict_tls_cause(const struct tls_info *tls)
{
	if (tls->alert == 70)                       /* protocol_version */
		return "tls_version";
	if (tls->alert == 40 || tls->alert == 71)   /* handshake_failure, insufficient_security */
		return "tls_cipher";
	return "tls_handshake";
}

static const struct { const char *cause; uint32_t secondary; const char *text; } tls_causes[] = {
	{ "tls_version", 0x80090331u, "no TLS 1.2: the server or a middlebox refused the version" },
	{ "tls_cipher", 0x80090331u, "TLS 1.2 refused: none of the Windows cipher suites is accepted" },
	{ "tls_handshake", 0x80090326u, "the TLS handshake failed" },
	{ "cert_expired", 0x800B0101u, "the server's certificate has expired (by this machine's clock)" },
	{ "cert_not_yet_valid", 0x800B0101u, "the server's certificate is not yet valid (by this machine's clock)" },
	{ "cert_name_mismatch", 0x800B010Fu, "the certificate does not name this host" },
	{ "cert_untrusted", 0x800B0109u, "the certificate chains to a root this machine does not trust" },
	{ "cert_chain_incomplete", 0x800B010Au, "the certificate chain is incomplete" },
	{ "tls_intercepted", 0x800B0109u, "a pinned update host is not served with a Microsoft certificate" },
};

uint32_t verdict_secondary(const char *cause)
{
	for (size_t i = 0; cause && i < sizeof tls_causes / sizeof tls_causes[0]; i++)
		if (strcmp(tls_causes[i].cause, cause) == 0)
			return tls_causes[i].secondary;
	return 0;
}

static const char *tls_reason(const char *cause)
{
	for (size_t i = 0; i < sizeof tls_causes / sizeof tls_causes[0]; i++)
		if (strcmp(tls_causes[i].cause, cause) == 0)
			return tls_causes[i].text;
	return "TLS failed";
}

void verdict_cert(const struct chain_report *c, struct result *r)
{
	set(r, WU_SECURE_FAILURE, c->cause, STAGE_TLS);
	r->secondary = verdict_secondary(c->cause);
	result_say(r, "%s: %s", tls_reason(c->cause), c->detail);
}

/* connect() errors that say this machine has no room for the connection
 * (no free local port, no buffer, no memory), not that anything refused it. */
static bool local_connect_errno(int e)
{
	return e == EADDRNOTAVAIL || e == EAGAIN || e == ENOBUFS || e == ENOMEM;
}

bool verdict_local_transfer(const struct transfer_obs *o, struct result *r)
{
	if (o->curl_code == CURLE_OUT_OF_MEMORY) {
		verdict_local(ENOMEM, "the transfer", o->connected ? STAGE_HTTP : STAGE_CONNECT, r);
		return true;
	}
	if (o->curl_code == CURLE_COULDNT_CONNECT && local_connect_errno(o->os_errno)) {
		verdict_local(o->os_errno, "a connection", STAGE_CONNECT, r);
		return true;
	}
	return false;
}

bool verdict_transfer(const struct transfer_obs *o, struct result *r)
{
	const char *err = o->curl_error && *o->curl_error ? o->curl_error : curl_easy_strerror((CURLcode)o->curl_code);
	const char *peer = o->peer && *o->peer ? o->peer : "the server";
	bool in_tls = o->https && !o->tls->handshake_done;

	if (o->curl_code == CURLE_OK || (o->curl_code == CURLE_WRITE_ERROR && o->body_capped))
		return false;

	if (o->header_overflow) {
		set(r, WU_HEADER_OVERFLOW, "header_overflow", STAGE_HTTP);
		result_say(r, "%s sent response headers too large to accept", peer);
		return true;
	}

	switch (o->curl_code) {
	case CURLE_COULDNT_CONNECT:
		if (o->os_errno == ENETUNREACH || o->os_errno == EHOSTUNREACH) {
			set(r, WU_CANNOT_CONNECT, "unreachable", STAGE_CONNECT);
			result_say(r, "%s is unreachable (%s)", peer, strerror(o->os_errno));
		} else {
			set(r, WU_CANNOT_CONNECT, "connection_refused", STAGE_CONNECT);
			result_say(r, "%s refused the connection", peer);
		}
		return true;

	case CURLE_OPERATION_TIMEDOUT: {
		enum v_stage st = !o->connected ? STAGE_CONNECT : in_tls ? STAGE_TLS : STAGE_HTTP;
		static const char *const waiting[] = { "", "for the TCP connection", "for the TLS handshake",
						       "for the HTTP response" };
		set(r, WU_TIMEOUT, "timeout", st);
		result_say(r, "no answer from %s within %g s (waiting %s)", peer,
			 o->timeout_s, waiting[st]);
		return true;
	}

	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_ISSUER_ERROR:
		set(r, WU_SECURE_FAILURE, verdict_tls_cause(o->tls), STAGE_TLS);
		r->secondary = verdict_secondary(r->cause);
		result_say(r, "%s (%s)", tls_reason(r->cause), err);
		return true;

	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_UNSUPPORTED_PROTOCOL:   /* an HTTP/0.9-style reply: not HTTP at all */
	case CURLE_BAD_CONTENT_ENCODING:
		set(r, WU_INVALID_RESPONSE, "invalid_response", STAGE_HTTP);
		result_say(r, "%s answered with something that is not HTTP (%s)", peer, err);
		return true;

	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
		if (in_tls) {
			set(r, WU_SECURE_FAILURE, "tls_handshake", STAGE_TLS);
			r->secondary = verdict_secondary("tls_handshake");
			result_say(r, "the connection was closed during the TLS handshake (%s)", err);
		} else {
			set(r, WU_CONNECTION_ERROR,
			    o->curl_code == CURLE_GOT_NOTHING ? "connection_closed" : "connection_reset", STAGE_HTTP);
			result_say(r, "%s closed the connection before a complete response (%s)",
				 peer, err);
		}
		return true;

	default:
		set(r, WU_CONNECTION_ERROR, "transfer_error",
		    !o->connected ? STAGE_CONNECT : in_tls ? STAGE_TLS : STAGE_HTTP);
		result_say(r, "transfer failed: %s", err);
		return true;
	}
}

static bool status_listed(const struct ep_conf *c, long status)
{
	for (size_t i = 0; i < c->nstatus; i++)
		if (c->status[i] == status)
			return true;
	return false;
}

void verdict_http(const struct ep_conf *c, long status, const unsigned char *body, size_t len,
		  struct result *r)
{
	char code[11];
	bool bad;

	r->http_status = status;
	if (c->nstatus)
		bad = !status_listed(c, status);
	else if (c->expect_cab || c->expect_json || c->range)
		bad = status < 200 || status > 299;   /* a cab, JSON, a range come only with a success */
	else
		bad = status >= 500;
	if (bad) {
		set(r, wu_code_for_http_status((int)status), "http_status", STAGE_HTTP);
		wu_code_format(r->code, code);
		result_say(r, "HTTP %ld, which the update client reports as %s%s", status,
			 code, c->nstatus ? " (not in status=)" : "");
		return;
	}
	if (c->expect_cab && (len < 4 || memcmp(body, "MSCF", 4) != 0)) {
		set(r, WU_VALIDATION_FAILED, "content_mismatch", STAGE_CONTENT);
		result_say(r, "HTTP %ld but the body is not a cab (%zu bytes%s): a filter replaced the download", status, len,
			 len >= 5 && memcmp(body, "<", 1) == 0 ? ", HTML" : "");
		return;
	}
	r->status = ST_OK;
	r->code = 0;
	r->cause = NULL;
	r->stage = c->expect_cab ? STAGE_CONTENT : STAGE_HTTP;
	result_say(r, "HTTP %ld%s", status, c->expect_cab ? ", cab" : "");
}

bool verdict_middlebox(long status, unsigned offered, bool behind_proxy, const char *peer, struct result *r)
{
	char schemes[64];

	if (status == 407) {
		verdict_auth_names(offered, schemes, sizeof schemes);
		set(r, 0x8024401Bu, "intercepting_proxy_auth", STAGE_HTTP);
		r->http_status = status;
		result_say(r, "HTTP 407 from %s%s: %s demands proxy authentication (it offers %s), which no web "
			   "server asks; the update client fails with 0x8024401B: exempt the update hosts from that "
			   "proxy's authentication, or set the WinHTTP proxy to it explicitly (netsh winhttp set proxy)",
			   behind_proxy ? "behind " : "", peer,
			   behind_proxy ? "a second proxy behind it" : "an intercepting (transparent) proxy on the path",
			   schemes);
		return true;
	}
	if (status == 511) {
		set(r, wu_code_for_http_status(511), "captive_portal", STAGE_HTTP);
		r->http_status = status;
		result_say(r, "HTTP 511 Network Authentication Required from %s%s: a captive portal on the path wants a "
			   "sign-in before it lets this machine out (RFC 6585; no web server sends it); the update "
			   "client fails with 0x8024402B: exempt the machines or the update hosts from the portal",
			   behind_proxy ? "behind " : "", peer);
		return true;
	}
	return false;
}

void verdict_redirect(const char *why, struct result *r)
{
	set(r, WU_REDIRECT_FAILED, "redirect_failed", STAGE_HTTP);
	result_say(r, "%s", why);
}

/* Not a verdict: this machine could not probe (status error, no code). */
static void not_probed(struct result *r, const char *cause, enum v_stage stage)
{
	r->status = ST_ERROR;
	r->code = 0;
	r->secondary = 0;
	r->cause = cause;
	r->stage = stage;
}

void verdict_local(int err, const char *what, enum v_stage stage, struct result *r)
{
	not_probed(r, "local_resources", stage);
	result_say(r, "not probed: this machine could not make %s (%s); nothing is known about the network here: %s "
		 "or lower --parallel", what, strerror(err),
		 err == ENOMEM || err == ENOBUFS ? "free memory"
		 : err == EADDRNOTAVAIL || err == EAGAIN ? "free local ports (net.ipv4.ip_local_port_range)"
		 : err == ENOSPC ? "raise fs.epoll.max_user_watches"
		 : "raise the descriptor limit (ulimit -n)");
}

void verdict_machine_local_proxy(const char *proxy, const char *via, struct result *r)
{
	not_probed(r, "machine_local_proxy", STAGE_CONNECT);
	result_say(r, "not probed: the route goes through %s (from %s), a proxy on the Windows machine's own loopback, likely "
		   "an authenticating helper such as Px or cntlm that forwards to the real proxy; this machine's "
		   "loopback is not that machine's, so nothing is known about the network here: run wuprobe on that "
		   "machine, or give the upstream proxy with --proxy", proxy, via);
}

void verdict_optional(const struct ep_conf *c, struct result *r)
{
	if (c->optional && r->status == ST_FAIL)
		r->status = ST_WARN;
}

void result_reset_verdict(struct result *r)
{
	r->status = ST_OK;
	r->code = r->secondary = 0;
	r->cause = NULL;
	result_say(r, "%s", "");
	r->http_status = 0;
}
