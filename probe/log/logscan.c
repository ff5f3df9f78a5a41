/* Lines to failures. A failure's URL is on its line, or on a line shortly
 * before it (WebServices' "endpoint at 'URL'" before "Web service call
 * failed with hr = ..."), or shortly after it (the legacy PT block's
 * "Server URL =" after "send request failed"). The same code told again on
 * the next lines without a URL (the legacy log's "SendRequest failed with hr
 * = ..." after "SendRequestUsingProxy failed for <URL>") is the same
 * failure: it adds the proxy list, not a count. */
#include "logscan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logcsv.h"
#include "logline.h"
#include "notes.h"
#include "redact.h"

#define BEFORE 3   /* lines a URL or proxy list before a failure still names it */
#define AFTER  3   /* lines a failure without a URL waits for one */
#define AGAIN  10  /* lines within which the same code again is the same failure */

void log_scan_init(struct log_scan *s)
{
	memset(s, 0, sizeof *s);
	logtext_init(&s->text);
	s->last_fail = -1;
}

static void copy(char *dst, size_t cap, const char *src, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The URL as probed: the query (it carries the device's make and model)
 * and the fragment dropped; a placeholder host noted. */
static void probe_url(const char *u, size_t n, char *out, size_t cap, bool *placeholder)
{
	size_t k = 0, w = 0;

	while (k < n && u[k] != '?' && u[k] != '#')
		k++;
	/* The path's characters a URL may not hold as they are ("{GUID}" in
	 * SLS URLs), percent-encoded as the client sends them. */
	const char *path = memchr(u, '/', k);
	path = path && path + 1 < u + k && path[1] == '/' ? memchr(path + 2, '/', (size_t)(u + k - path - 2)) : NULL;
	for (size_t i = 0; i < k && w + 4 < cap; i++) {
		unsigned char c = (unsigned char)u[i];
		if (path && u + i >= path && (c <= 0x20 || c >= 0x7f || strchr("\"<>\\^`{|}", c))) {
			w += (size_t)snprintf(out + w, cap - w, "%%%02X", c);
			continue;
		}
		out[w++] = (char)c;
	}
	out[w] = '\0';
	char *host = strstr(out, "://");
	host = host ? host + 3 : out;
	size_t hl = strcspn(host, "/");
	for (char *p = out; p < host + hl; p++)   /* HTTPS://Host: scheme and host as url_parse takes them */
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	*placeholder = memchr(host, '<', hl) || memchr(host, '>', hl) || memchr(host, '%', hl) ||
		       memchr(host, '{', hl) || memchr(host, '*', hl) || hl == 0;
}

static long find(struct log_scan *s, const char *url, uint32_t code)
{
	for (size_t i = s->nfail; i-- > 0;)
		if (s->fail[i].code == code && strcmp(s->fail[i].url, url) == 0)
			return (long)i;
	return -1;
}

static void when_range(struct log_failure *f, const char *when)
{
	if (!when[0])
		return;
	if (!f->first[0] || strcmp(when, f->first) < 0)
		copy(f->first, sizeof f->first, when, strlen(when));
	if (!f->last[0] || strcmp(when, f->last) > 0)
		copy(f->last, sizeof f->last, when, strlen(when));
}

static int record(struct log_scan *s, const struct log_pending *e, const char *url)
{
	char u[2048];
	bool ph = false;
	long i;

	u[0] = '\0';
	if (url)
		probe_url(url, strlen(url), u, sizeof u, &ph);
	s->failures++;
	if ((i = find(s, u, e->code)) < 0) {
		if (s->nfail == LOG_FAIL_MAX) {
			s->not_kept++;
			return 0;
		}
		if (s->nfail == s->cap) {
			size_t cap = s->cap ? s->cap * 2 : 16;
			struct log_failure *g = realloc(s->fail, cap * sizeof *g);
			if (!g)
				return -1;
			s->fail = g;
			s->cap = cap;
		}
		struct log_failure *f = &s->fail[s->nfail];
		memset(f, 0, sizeof *f);
		if (!(f->url = strdup(u)))
			return -1;
		f->code = e->code;
		f->placeholder = u[0] && ph;
		f->line = e->line;
		copy(f->component, sizeof f->component, e->component, strlen(e->component));
		i = (long)s->nfail++;
	}
	struct log_failure *f = &s->fail[i];
	f->count++;
	when_range(f, e->when);
	if (e->has_proxy) {
		f->has_proxy = true;
		copy(f->proxy, sizeof f->proxy, e->proxy, strlen(e->proxy));
	}
	s->last_fail = i;
	s->last_fail_line = e->line;
	s->last_told_by_context = false;
	return 0;
}

/* The pending failure, with URL or without. */
static int settle(struct log_scan *s, const char *url)
{
	if (!s->pend.on)
		return 0;
	s->pend.on = false;
	return record(s, &s->pend, url);
}

static int take(struct log_scan *s, const struct log_line *l)
{
	unsigned long now = s->text.lines;
	bool failure = l->has_code && (l->code & 0x80000000u);
	char url[2048];

	if (l->shape != LS_NONE)
		s->log_lines++;
	if (l->has_code && !failure)
		s->successes++;
	if (l->url)
		copy(url, sizeof url, l->url, l->url_len);
	if (l->has_proxy) {
		copy(s->ctx_proxy, sizeof s->ctx_proxy, l->proxy, l->proxy_len);
		s->ctx_has_proxy = true;
		s->ctx_proxy_line = now;
		/* "Proxy list used = ..." after the failure it belongs to */
		if (!failure && s->last_fail >= 0 && now - s->last_fail_line <= AFTER &&
		    !s->fail[s->last_fail].has_proxy) {
			s->fail[s->last_fail].has_proxy = true;
			copy(s->fail[s->last_fail].proxy, LOG_PROXY_MAX, l->proxy, l->proxy_len);
		}
		if (!failure && s->pend.on && (!s->pend.has_proxy || s->pend.proxy_ctx)) {
			s->pend.has_proxy = true;
			s->pend.proxy_ctx = false;
			copy(s->pend.proxy, sizeof s->pend.proxy, l->proxy, l->proxy_len);
		}
	}
	if (s->pend.on && (failure || l->url || now - s->pend.line > AFTER))
		if (settle(s, !failure && l->url ? url : NULL))
			return -1;
	if (!failure) {
		if (l->url && !l->has_code) {
			copy(s->ctx_url, sizeof s->ctx_url, url, strlen(url));
			s->ctx_line = now;
		}
		return 0;
	}
	struct log_pending e = { .on = true, .code = l->code, .line = now };
	copy(e.when, sizeof e.when, l->when, strlen(l->when));
	copy(e.component, sizeof e.component, l->component, strlen(l->component));
	if (l->has_proxy) {
		e.has_proxy = true;
		copy(e.proxy, sizeof e.proxy, l->proxy, l->proxy_len);
	} else if (s->ctx_has_proxy && now - s->ctx_proxy_line <= BEFORE) {
		e.has_proxy = true;
		e.proxy_ctx = true;
		copy(e.proxy, sizeof e.proxy, s->ctx_proxy, strlen(s->ctx_proxy));
	}
	if (l->url) {
		char u[2048];
		bool ph;
		probe_url(url, strlen(url), u, sizeof u, &ph);
		if (s->last_fail >= 0 && now - s->last_fail_line <= AGAIN && s->fail[s->last_fail].code == l->code &&
		    strcmp(s->fail[s->last_fail].url, u) == 0 && s->last_told_by_context) {
			s->last_told_by_context = false;   /* SLS's "Complete the request URL" after the *FAILED* line */
			s->last_fail_line = now;
			return 0;
		}
		return record(s, &e, url);
	}
	if (s->last_fail >= 0 && now - s->last_fail_line <= AGAIN && s->fail[s->last_fail].code == l->code &&
	    s->fail[s->last_fail].url[0]) {
		struct log_failure *f = &s->fail[s->last_fail];   /* told again: the same failure */
		if (e.has_proxy && l->has_proxy) {
			f->has_proxy = true;
			copy(f->proxy, sizeof f->proxy, e.proxy, strlen(e.proxy));
		}
		s->last_fail_line = now;
		return 0;
	}
	const struct code_note *note = note_find(l->code);
	if (note && note->kind == NOTE_MACHINE)   /* the machine's own fault: no URL is its */
		return record(s, &e, NULL);
	if (s->ctx_url[0] && now - s->ctx_line <= BEFORE) {
		if (record(s, &e, s->ctx_url))
			return -1;
		s->last_told_by_context = true;
		return 0;
	}
	s->pend = e;
	return 0;
}

static int csv_row(struct log_scan *s, char *line, size_t len)
{
	struct csv_cells c;
	struct log_line l;

	if (log_csv_split(line, len, &c) < s->csv_cols)
		return take(s, &(struct log_line){ 0 });
	memset(&l, 0, sizeof l);
	l.shape = LS_DO;
	copy(l.when, sizeof l.when, c.cell[s->csv_time], strlen(c.cell[s->csv_time]));
	copy(l.component, sizeof l.component, "DeliveryOptimization", 20);
	log_line_message(c.cell[s->csv_msg], strlen(c.cell[s->csv_msg]), &l);
	long long v;
	if (log_csv_int(c.cell[s->csv_code], &v) == 0) {   /* ErrorCode: signed 32-bit */
		l.has_code = true;
		l.code = (uint32_t)v;
	}
	return take(s, &l);
}

static int on_line(void *arg, char *line, size_t len)
{
	struct log_scan *s = arg;
	struct log_line l;

	if (s->csv)
		return csv_row(s, line, len) ? -1 : 0;
	if (log_csv_header(line, len, &s->csv_time, &s->csv_msg, &s->csv_code, &s->csv_cols) == 0) {
		s->csv = true;
		s->log_lines++;
		return 0;
	}
	for (;;) {   /* each event of a line that joins several */
		size_t n = log_line_next_stamp(line, len);
		char keep = line[n];
		line[n] = '\0';
		log_line_parse(line, n, &l);
		int rc = take(s, &l);
		line[n] = keep;
		if (rc)
			return -1;
		if (n == len)
			return 0;
		line += n;
		len -= n;
	}
}

int log_scan_feed(struct log_scan *s, const unsigned char *buf, size_t n)
{
	if (logtext_feed(&s->text, buf, n, on_line, s))
		s->oom = true;
	return s->oom ? -1 : 0;
}

int log_scan_finish(struct log_scan *s)
{
	if (logtext_end(&s->text, on_line, s) || settle(s, NULL))
		s->oom = true;
	return s->oom ? -1 : 0;
}

int log_scan_file(const char *path, struct log_scan *s, char *err, size_t errlen)
{
	static unsigned char buf[1 << 16];
	char name[REDACT_MAX];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = 0;

	redact(path, strlen(path), name, sizeof name);
	log_scan_init(s);
	if (!f) {
		snprintf(err, errlen, "--from-log: %s: cannot open: %s", name, strerror(errno));
		return -1;
	}
	while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
		rc = log_scan_feed(s, buf, n);
	if (!rc && ferror(f)) {
		snprintf(err, errlen, "--from-log: %s: cannot read: %s", name, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	if (rc || log_scan_finish(s)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (s->log_lines == 0) {
		snprintf(err, errlen,
			 "--from-log: %s: not an update log (no line of Get-WindowsUpdateLog, WindowsUpdate.log, "
			 "Delivery Optimization or BITS)", name);
		return -1;
	}
	return 0;
}

void log_scan_free(struct log_scan *s)
{
	for (size_t i = 0; i < s->nfail; i++)
		free(s->fail[i].url);
	free(s->fail);
	s->fail = NULL;
	s->nfail = s->cap = 0;
}
