/* From what a probe observed to what the update client would report.
 * Pure functions over plain data, so every row is unit-tested. */
#ifndef WUPROBE_VERDICT_H
#define WUPROBE_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "result.h"

/* What the transfer layer saw, independent of libcurl's handles. */
struct transfer_obs {
	bool https;
	int curl_code;             /* CURLcode */
	int os_errno;              /* CURLINFO_OS_ERRNO */
	bool connected;            /* connection ready for the request (HTTP: TCP; HTTPS: TLS) */
	bool body_capped;          /* we stopped reading after enough of the body */
	bool header_overflow;      /* the response headers exceeded the limit */
	long http_status;
	const struct tls_info *tls;
	const char *curl_error;    /* libcurl's message, may be empty */
	const char *peer;          /* "addr:port" we connected to, may be empty */
	double timeout_s;
};

/* Fills R for a failed name resolution (a c-ares status, -1 for our own
 * deadline, or VERDICT_DNS_NOTHING_LISTENS). PROXY: HOST is the proxy's
 * name, and causes say so. */
#define VERDICT_DNS_NOTHING_LISTENS (-2)
#define VERDICT_LOCAL_DNS           (-3)   /* not a verdict: this machine could not make the socket */
#define VERDICT_LOCAL_MEMORY        (-4)   /* nor this: no memory for the lookup */
#define VERDICT_LOCAL_HOSTS         (-5)   /* nor this: /etc/hosts could not be read */
void verdict_dns(int ares_status, const char *host, bool proxy, struct result *r);

/* Every address DNS gave HOST is a DNS filter's sinkhole (sinkhole.h), the
 * first of them ADDR: R fails with 0x80072EFD, as the client's connect
 * would. PROXY: HOST is the proxy's name. */
#define VERDICT_DNS_SINKHOLE        (-6)
void verdict_sinkhole(const char *host, const char *addr, bool proxy, struct result *r);

/* Proxy authentication schemes seen in Proxy-Authenticate headers. */
enum { PA_BASIC = 1, PA_DIGEST = 2, PA_NTLM = 4, PA_NEGOTIATE = 8 };

/* What an exchange through a proxy saw of the proxy itself. */
struct proxy_obs {
	const char *name;          /* "host:port" */
	long connect_code;         /* the CONNECT reply's status, 0 if none */
	unsigned offered;          /* PA_* seen in any 407 */
	bool have_creds;
	bool proxy_page;           /* the response carried X-Squid-Error or Proxy-Status */
	long last_status;          /* the status of the last response read, 0 none */
	int n407;                  /* 407 answers in the exchange */
	bool auth_loop;            /* we stopped: the proxy kept challenging */
	bool final_407;            /* the proxy's last word was a complete 407 (not a close after one) */
};

/* Fills R when the proxy itself decided the outcome (refused, silent, 407,
 * endless challenges, a denied CONNECT, an error page of its own, a reply
 * that is not HTTP, a tunnel closed before the server spoke). Returns false
 * otherwise. */
bool verdict_proxy(const struct proxy_obs *po, const struct transfer_obs *o, struct result *r);

/* The proxy PROXY ("host:port"), asked again, answered the CONNECT (HTTPS)
 * or the request with bytes that are no HTTP status line, the first N in B
 * (MORE: it sent more): 0x80072F78, the bytes escaped in the message, and
 * what a SOCKS reply would mean when they look like one. */
void verdict_proxy_not_http(const char *proxy, bool https, const unsigned char *b, size_t n, bool more,
			    struct result *r);

/* What BYTES (N of them) look like when they answer an HTTP request: a
 * SOCKS4 or SOCKS5 reply's description, or NULL. */
const char *verdict_socks_reply(const unsigned char *b, size_t n);

/* After an ok endpoint: credentials accepted, but the proxy offered neither
 * NTLM nor Negotiate, which is all the update client can answer: warn. */
void verdict_proxy_auth(const struct proxy_obs *po, struct result *r);

/* "Basic, NTLM" for a PA_* mask, into BUF. */
void verdict_auth_names(unsigned offered, char *buf, size_t len);

/* Fills R for a transfer that did not end in a complete HTTP response.
 * Returns false (R untouched) when it did, so verdict_http applies. */
/* This machine's failures behind a transfer's end (libcurl out of memory,
 * no local port or buffer for connect()): R gets verdict_local's error and
 * true; false when the network is to be judged. Asked before any network
 * verdict, the proxy's included. */
bool verdict_local_transfer(const struct transfer_obs *o, struct result *r);
bool verdict_transfer(const struct transfer_obs *o, struct result *r);

/* Fills R for a complete HTTP response with STATUS and a body of LEN bytes,
 * of which BODY holds the first (at least 5, or all of a shorter body). */
void verdict_http(const struct ep_conf *c, long status, const unsigned char *body, size_t len,
		  struct result *r);

/* Statuses that only a middlebox sends, never an origin server: 407 on the
 * direct route or from behind the configured proxy (BEHIND_PROXY: PEER is
 * that proxy, and the 407 came through its tunnel), an intercepting proxy
 * that demands authentication (OFFERED: its PA_* schemes), 0x8024401B; and
 * 511 (RFC 6585: origin servers must not send it), a captive portal,
 * 0x8024402B. Fills R and returns true for those; false otherwise. A 407
 * from the configured proxy itself is verdict_proxy's. */
bool verdict_middlebox(long status, unsigned offered, bool behind_proxy, const char *peer, struct result *r);

/* A redirect the update client would not follow. */
void verdict_redirect(const char *why, struct result *r);

/* This machine could not probe (ERR: EMFILE, ENOMEM, ...) while making WHAT
 * ("a DNS socket", "the connection"): status error, no Windows code. */
void verdict_local(int err, const char *what, enum v_stage stage, struct result *r);

/* The route goes through PROXY ("host:port"), the loopback of the Windows
 * machine whose settings (VIA: "its netsh export", ...) name it:
 * its own local proxy (Px, cntlm), which this machine cannot reach. Status
 * error, no code, cause machine_local_proxy: nothing is claimed about the
 * network. */
void verdict_machine_local_proxy(const char *proxy, const char *via, struct result *r);

/* Clears R's verdict (status, codes, cause, message, HTTP status) before the
 * same URL is tried again through another route. */
void result_reset_verdict(struct result *r);

/* An optional endpoint's failure only warns. */
void verdict_optional(const struct ep_conf *c, struct result *r);

/* Fills R for a certificate chain that a Windows machine would not accept
 * (C->cause set by chain_verify). */
void verdict_cert(const struct chain_report *c, struct result *r);

/* The secondary code of a TLS cause (0x800B0101 for cert_expired, ...). */
uint32_t verdict_secondary(const char *cause);

#endif
