/* What one endpoint's probe found: the model every report is written from. */
#ifndef WUPROBE_RESULT_H
#define WUPROBE_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "chain.h"
#include "chainsum.h"

/* ST_ERROR: this machine could not probe the endpoint (descriptors, memory):
 * no claim about the network, no Windows code. */
enum v_status { ST_OK, ST_WARN, ST_FAIL, ST_ERROR };
enum v_stage { STAGE_DNS, STAGE_CONNECT, STAGE_TLS, STAGE_HTTP, STAGE_CONTENT };

#define RESULT_MAX_ADDRS 8
#define RESULT_ADDR_LEN  46        /* INET6_ADDRSTRLEN */
#define RESULT_MESSAGE_MAX 512     /* the longest message kept, with its NUL */

struct timings {                   /* milliseconds; -1 = phase not reached */
	int64_t dns, connect, tls, first_byte, total;
};

struct tls_info {
	bool handshake_started;    /* so TCP was connected */
	bool handshake_done;
	int64_t started_us, done_us;   /* monotonic, for the timings */
	char version[16];          /* "TLSv1.2" */
	char cipher[64];           /* OpenSSL name */
	int alert;                 /* first fatal TLS alert sent or received, -1 none */
	int tls13;                 /* the server also takes TLS 1.3: 1 yes, 0 no, -1 unknown */
	bool alert_received;       /* the peer sent it */
	bool server_spoke;         /* at least one TLS record came from the peer */
};

struct ep_conf;
struct pac_decision;
struct proxy_server;

/* How the endpoint's last URL was routed, as the reports show it: copied
 * from the endpoint at its end (endpoint.c). The pointers are borrowed:
 * the run's proxy settings, the PAC script's answers (autoproxy.h) or the
 * endpoint's own decision for a redirect target, all kept until
 * probe_free. */
struct result_route {
	const struct proxy_server *proxy;   /* NULL: direct */
	const struct pac_decision *pac;     /* the PAC script's routes for the URL, NULL: the static route */
	unsigned char pac_at;               /* the entry of pac in use */
	unsigned char source;               /* enum route_source (source.h): which settings routed it */
	const char *source_via;             /* how they resolved; NULL when its URL never got that far */
	const char *source_why;             /* the component's rule, NULL when none applied */
	char *pac_failed;                   /* entries that could not be reached: "PROXY a:3128 refused; ...",
					     * owned, NULL: none */
};

/* The first Date header of the endpoint's exchanges: one reading for the
 * clock's vote (clockv.h). */
struct date_reading {
	bool has;
	double skew;               /* this clock minus the server's, in seconds */
	char *host;                /* who sent it: the host, or "PROXY (proxy)"; owned, NULL: unnamed (no memory) */
};

struct result {
	/* The list entry it answers, set at the endpoint's end. The record
	 * points to it, rather than the reports being handed (entry, record)
	 * pairs: every format prints the two side by side and the wording of
	 * a verdict (verdict_optional) reads the entry, so one pointer goes
	 * wherever the record goes; the list outlives every record. */
	const struct ep_conf *conf;
	enum v_status status;
	uint32_t code;             /* 0 = none */
	uint32_t secondary;        /* the precise reason behind 0x80072F8F, 0 = none */
	const char *cause;         /* short machine word; NULL when ok */
	enum v_stage stage;        /* the last stage reached */
	char *message;             /* one line, owned (result_say); NULL: none (read with result_message) */
	long http_status;          /* 0 = none */
	char (*addrs)[RESULT_ADDR_LEN];   /* the addresses connected to, naddrs of them (at most
					   * RESULT_MAX_ADDRS), owned (result_set_addrs) */
	int naddrs;
	struct timings t;
	struct tls_info tls;
	struct chain_summary *chain;  /* the server's certificates as the reports show them (chainsum.h),
				       * from the last verification; NULL before */
	struct result_route route;    /* set at the endpoint's end, with conf and date */
	struct date_reading date;
};

const char *status_name(enum v_status s);   /* "ok" "warn" "fail" "error" */
const char *stage_name(enum v_stage s);      /* "dns" "connect" "tls" "http" "content" */
/* R's chain report, or an empty one when there is none. */
const struct chain_summary *result_chain(const struct result *r);
/* R's message, or "" when it has none. */
const char *result_message(const struct result *r);
/* Sets R's message (printf-style, at most RESULT_MESSAGE_MAX - 1 bytes
 * kept), or adds to its end. Out of memory, the message says so. */
void result_say(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void result_append(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets R's addresses to a copy of the N in ADDRS; -1 when out of memory
 * (R has none then). */
int result_set_addrs(struct result *r, char (*addrs)[RESULT_ADDR_LEN], int n);
/* Frees what R owns: its message, addresses, chain report, the names of
 * the PAC entries that failed over and who sent its Date header. */
void result_free(struct result *r);

#endif
