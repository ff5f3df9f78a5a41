/* The exporter's HTTP side, on libmicrohttpd (a thread per connection,
 * bounded): GET /probe?module=NAME, GET /metrics, GET /-/healthy, and
 * the answers to everything else. */
#ifndef WUPROBE_SERVE_HTTP_H
#define WUPROBE_SERVE_HTTP_H

#include <stdatomic.h>
#include <sys/socket.h>

#include "serve_modules.h"
#include "serve_stats.h"

/* The bounds (wuprobe.1, THE EXPORTER). */
#define SERVE_MAX_PROBES 4            /* probes at once; beyond: 503 */
#define SERVE_MAX_CONNECTIONS 64      /* connections at once; beyond: closed at once */
#define SERVE_REQUEST_MAX 8192        /* a request's line and headers; beyond: 431 or 414 */
#define SERVE_IDLE_TIMEOUT_S 30       /* a connection that sends nothing for this long is closed */

struct serve_http {
	const struct serve_modules *ms;
	struct serve_stats *stats;
	const char *exe;                  /* the running binary, which each probe runs */
	atomic_bool stop;                 /* the exporter is ending: probes are killed */
	struct MHD_Daemon *daemon;
};

/* Listens on SA and serves from the server's threads. 0, or -1 with one
 * line in ERR. */
int serve_http_start(struct serve_http *h, const struct sockaddr *sa, char *err, size_t errlen);

/* Ends the server: kills the probes under way, waits for the connections'
 * threads (and so their children). */
void serve_http_stop(struct serve_http *h);

#endif
