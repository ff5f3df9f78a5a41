/* The run: one event loop that drives c-ares and libcurl for every
 * endpoint (probe.c). The public entry, for main.c: the options, probe_run
 * and probe_free. The loop's own state (struct probe) is in loop.h, which
 * only the loop's files include; the endpoint's functions are in
 * endpoint.h, each stage's in its own header. */
#ifndef WUPROBE_PROBE_H
#define WUPROBE_PROBE_H

#include <stdbool.h>
#include <stddef.h>

struct autoproxy;
struct clock_verdict;
struct endpoint;
struct ntp_client;
struct proxy_model;
struct result;
struct tls_trust;
struct user_proxy;

/* Connections at once unless --parallel says otherwise. A TLS connection
 * in flight costs about 60 KB here (libcurl 7.88's handle and SSL_CTX,
 * OpenSSL 3.0's handshake buffer) and about 1 ms of our one CPU; past about
 * 250 at once the loop is busy all the time and more at once only add
 * memory and queueing (docs/internals/benchmark.md). */
#define PARALLEL_DEFAULT 256

struct probe_opts {
	double timeout_s;              /* per endpoint */
	int parallel;                  /* connections under way at once (0: PARALLEL_DEFAULT) */
	const char *dns_servers;       /* c-ares CSV form, or NULL for /etc/resolv.conf */
	const struct tls_trust *trust; /* system store + --ca-bundle */
	const struct proxy_model *proxy;   /* the run's proxy settings */
	const struct autoproxy *autoproxy; /* --pac/--wpad (autoproxy.h), NULL or off: none */
	const struct user_proxy *user;     /* a user's Internet Options (--proxy-from), NULL or !present: none */
	bool allow_user_proxy;             /* policy SetProxyBehaviorForUpdateDetection = 1 */
	const char *proxy_user;        /* NULL: no proxy authentication */
	const char *proxy_password;
	struct ntp_client *ntp;        /* NULL: --no-ntp */
	double max_skew;
	struct clock_verdict *clock;   /* filled at the end of the run */
	const struct result *const *records;   /* eps[i].res, each endpoint's record: what the clock
						* reads (clockv.h), not the endpoints */
	bool progress;                 /* show progress on stderr (a terminal, not -q) */
	bool notices;                  /* say on stderr when the descriptors cap --parallel (not -q) */
	bool tls13_always;             /* the TLS 1.3 handshake on every HTTPS endpoint (--tls13, -v),
					* not only where TLS 1.2 failed */
};

/* Probes every endpoint in EPS (their conf set, the rest zeroed) and fills
 * each one's result. Returns 0, or -1 with a reason in ERR when the run
 * could not start (resources). */
int probe_run(struct endpoint *eps, size_t n, const struct probe_opts *opts, char *err, size_t errlen);

/* Frees what the run left in each endpoint. */
void probe_free(struct endpoint *eps, size_t n);

#endif
