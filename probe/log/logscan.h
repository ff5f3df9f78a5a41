/* A client's update log, read once: every failed request, grouped by URL
 * (the query dropped) and code, with when it was first and last logged, how
 * often, the component and the proxy list the client said it used. */
#ifndef WUPROBE_LOGSCAN_H
#define WUPROBE_LOGSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "logtext.h"

#define LOG_FAIL_MAX   1000   /* distinct (URL, code) failures kept; more are counted */
#define LOG_PROXY_MAX  256
#define LOG_WHEN_MAX   32

struct log_failure {
	uint32_t code;
	char *url;                 /* scheme://host[:port]/path, the query and fragment dropped;
				    * "" when the log names no URL for it */
	bool placeholder;          /* the host is a placeholder (<wsusserver>, %ServerName%): not probed */
	char component[48];
	char first[LOG_WHEN_MAX], last[LOG_WHEN_MAX];
	unsigned long count;
	unsigned long line;        /* the line of its first report */
	bool has_proxy;
	char proxy[LOG_PROXY_MAX]; /* the proxy list the client logged; "" direct */
};

/* A failure without a URL on its line waits this many lines for one. */
struct log_pending {
	bool on;
	uint32_t code;
	char when[LOG_WHEN_MAX];
	char component[48];
	bool has_proxy;
	bool proxy_ctx;            /* the proxy list came from a line before: one after it wins */
	char proxy[LOG_PROXY_MAX];
	unsigned long line;
};

struct log_scan {
	struct logtext text;
	/* Delivery Optimization saved with Export-Csv: the columns found in its header. */
	bool csv;
	int csv_time, csv_msg, csv_code, csv_cols;
	/* What the lines before said: the last URL, the last proxy list. */
	char ctx_url[2048];
	unsigned long ctx_line;
	char ctx_proxy[LOG_PROXY_MAX];
	bool ctx_has_proxy;
	unsigned long ctx_proxy_line;
	long last_fail;            /* index of the last failure, -1 */
	unsigned long last_fail_line;
	bool last_told_by_context;  /* the last failure took its URL from a line before it */
	struct log_pending pend;
	struct log_failure *fail;
	size_t nfail, cap;
	unsigned long not_kept;    /* failures beyond LOG_FAIL_MAX distinct ones */
	unsigned long log_lines, failures, successes;   /* the lines: text.lines */
	bool oom;
};

void log_scan_init(struct log_scan *s);

/* Feeds N bytes of the log. Returns 0, or -1 out of memory. */
int log_scan_feed(struct log_scan *s, const unsigned char *buf, size_t n);

/* Ends the log (its last line). Returns 0, or -1 out of memory. */
int log_scan_finish(struct log_scan *s);

/* Reads PATH in one pass. Returns 0; or -1 with one line in ERR naming
 * the file: it cannot be read, or no line of it is an update log's. */
int log_scan_file(const char *path, struct log_scan *s, char *err, size_t errlen);

void log_scan_free(struct log_scan *s);

#endif
