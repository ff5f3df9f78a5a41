/* The exporter's HTTP side on libmicrohttpd (serve_http.h). libmicrohttpd
 * parses every request (its line, headers, query string) and enforces the
 * connection and size bounds; this file only routes. */
#include "serve_http.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve_probe.h"

/* Markers of a request's state between libmicrohttpd's calls. */
static char headers_seen, with_body;

static const char text_plain[] = "text/plain; charset=utf-8";
/* The Prometheus text format, version 0.0.4. */
static const char prom_text[] = "text/plain; version=0.0.4; charset=utf-8";

static enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *type, char *body, size_t len,
			      enum MHD_ResponseMemoryMode mode)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
	enum MHD_Result ok;

	if (!r) {
		if (mode == MHD_RESPMEM_MUST_FREE)
			free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	ok = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ok;
}

/* A short answer in plain text, from a format. */
__attribute__((format(printf, 4, 5)))
static enum MHD_Result message(struct serve_http *h, struct MHD_Connection *c, unsigned code, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	if (code >= 400 && code < 500)
		serve_stats_bad_request(h->stats);
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n > sizeof buf - 2)
		n = sizeof buf - 2;
	buf[n++] = '\n';
	return answer(c, code, text_plain, buf, (size_t)n, MHD_RESPMEM_MUST_COPY);
}

/* A query argument other than module counts in *(int *)CLS. */
static enum MHD_Result other_argument(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind, (void)value;
	if (!key || strcmp(key, "module") != 0)
		++*(int *)cls;
	return MHD_YES;
}

/* NAME as a message may show it: printable ASCII, cut at 64. */
static const char *shown(const char *name, char *buf, size_t len)
{
	size_t i = 0;

	for (; name[i] && i < len - 1 && i < 64; i++)
		buf[i] = name[i] >= 0x20 && name[i] < 0x7f ? name[i] : '?';
	buf[i] = '\0';
	return buf;
}

static enum MHD_Result probe(struct serve_http *h, struct MHD_Connection *c)
{
	const char *name = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "module");
	const struct serve_module *m;
	struct serve_probe p;
	int others = 0;
	char buf[80];

	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, other_argument, &others);
	if (others)
		return message(h, c, MHD_HTTP_BAD_REQUEST,
			       "only 'module' is taken: a module names what is probed (no target from the query)");
	if (!name || !*name)
		name = "default";
	if (!(m = serve_modules_find(h->ms, name)))
		return message(h, c, MHD_HTTP_BAD_REQUEST, "unknown module '%s'", shown(name, buf, sizeof buf));
	if (atomic_load(&h->stop))
		return message(h, c, MHD_HTTP_SERVICE_UNAVAILABLE, "the exporter is stopping");
	if (!serve_stats_enter(h->stats))
		return message(h, c, MHD_HTTP_SERVICE_UNAVAILABLE, "%d probes already running, the most at once",
			       SERVE_MAX_PROBES);
	double budget = serve_probe_budget(m, MHD_lookup_connection_value(c, MHD_HEADER_KIND,
									  "X-Prometheus-Scrape-Timeout-Seconds"));
	int rc = serve_probe_run(h->exe, m, budget, &h->stop, &p);
	serve_stats_leave(h->stats, m, rc == 0 && p.success, rc == 0 && p.killed, rc == 0 ? p.seconds : 0);
	if (rc)
		return message(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
	return answer(c, MHD_HTTP_OK, prom_text, p.text, p.len, MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			       const char *version, const char *upload, size_t *upload_size, void **state)
{
	struct serve_http *h = cls;

	(void)version, (void)upload;
	if (!*state) {                   /* the headers: wait for the body, if any */
		*state = &headers_seen;
		return MHD_YES;
	}
	if (*upload_size) {              /* a body: nothing here takes one */
		*upload_size = 0;
		*state = &with_body;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0)
		return message(h, c, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET");
	if (*state == &with_body)
		return message(h, c, MHD_HTTP_BAD_REQUEST, "a GET takes no body");
	if (strcmp(url, "/probe") == 0)
		return probe(h, c);
	if (strcmp(url, "/metrics") == 0) {
		size_t len;
		char *text = serve_stats_text(h->stats, &len);
		if (!text)
			return message(h, c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory");
		return answer(c, MHD_HTTP_OK, prom_text, text, len, MHD_RESPMEM_MUST_FREE);
	}
	if (strcmp(url, "/-/healthy") == 0)
		return message(h, c, MHD_HTTP_OK, "Healthy");
	if (strcmp(url, "/") == 0)
		return message(h, c, MHD_HTTP_OK, "wuprobe exporter: /probe?module=NAME, /metrics, /-/healthy");
	return message(h, c, MHD_HTTP_NOT_FOUND, "not found: /probe?module=NAME, /metrics, /-/healthy");
}

int serve_http_start(struct serve_http *h, const struct sockaddr *sa, char *err, size_t errlen)
{
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL_INTERNAL_THREAD;

	if (sa->sa_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	atomic_init(&h->stop, false);
	errno = 0;
	h->daemon = MHD_start_daemon(flags, 0, NULL, NULL, request, h,
				     MHD_OPTION_SOCK_ADDR, sa,
				     MHD_OPTION_CONNECTION_LIMIT, (unsigned)SERVE_MAX_CONNECTIONS,
				     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SERVE_REQUEST_MAX,
				     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_TIMEOUT_S,
				     MHD_OPTION_LISTENING_ADDRESS_REUSE, 1,
				     MHD_OPTION_END);
	if (!h->daemon) {
		snprintf(err, errlen, "--serve: cannot listen there%s%s", errno ? ": " : "",
			 errno ? strerror(errno) : "");
		return -1;
	}
	return 0;
}

void serve_http_stop(struct serve_http *h)
{
	atomic_store(&h->stop, true);
	if (h->daemon)
		MHD_stop_daemon(h->daemon);
	h->daemon = NULL;
}
