/* Reading an earlier report: jansson parses (strict RFC 8259, duplicate
 * keys refused, nesting bounded), this file only picks the fields out and
 * checks their types. */
#include "earlier.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "result.h"

static char *dup_str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? strdup(s) : NULL;
}

static int status_of(const char *w)
{
	static const char *const words[] = { "ok", "warn", "fail", "error" };
	for (int i = 0; w && i < 4; i++)
		if (strcmp(words[i], w) == 0)
			return i;
	return -1;
}

/* "2026-11-22T04:00:00.000Z" into seconds since 1970; 0 when it is not that. */
static double epoch_of(const char *iso)
{
	struct tm tm = { 0 };
	int ms = 0, n = 0;

	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min, &tm.tm_sec, &ms, &n) != 7 || iso[n] != '\0' || tm.tm_mon < 1 || tm.tm_mon > 12 ||
	    tm.tm_year < 1970 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60 ||
	    ms < 0)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (double)timegm(&tm) + ms / 1000.0;
}

static int endpoint_of(json_t *j, struct earlier_ep *ep)
{
	json_t *code = json_object_get(j, "code"), *t = json_object_get(json_object_get(j, "timings_ms"), "total");
	const char *proxy = json_string_value(json_object_get(j, "proxy"));

	if (!json_is_object(j) || !json_is_string(json_object_get(j, "url")))
		return -1;
	ep->url = dup_str(j, "url");
	ep->status = status_of(json_string_value(json_object_get(j, "status")));
	snprintf(ep->code, sizeof ep->code, "%.10s", json_is_string(code) ? json_string_value(code) : "");
	ep->cause = dup_str(j, "cause");
	ep->route = strdup(proxy ? proxy : "direct");
	ep->total_ms = json_is_integer(t) ? (int64_t)json_integer_value(t) : -1;
	ep->cause_at = -1;
	return ep->url && ep->route ? 0 : -2;
}

static int cause_of(json_t *j, struct earlier *e, size_t k)
{
	const char *hop = json_string_value(json_object_get(j, "hop")), *kind = json_string_value(json_object_get(j, "kind"));
	const char *who = json_string_value(json_object_get(j, "who")), *text = json_string_value(json_object_get(j, "text"));
	json_t *idx = json_object_get(j, "endpoints"), *v;
	size_t i, len;

	if (!hop || !kind || !text || !json_is_array(idx))
		return -1;
	len = strlen(hop) + strlen(kind) + (who ? strlen(who) : 0) + 3;
	if (!(e->causes[k].key = malloc(len)) || !(e->causes[k].text = strdup(text)))
		return -2;
	snprintf(e->causes[k].key, len, "%s/%s/%s", hop, kind, who ? who : "");
	json_array_foreach(idx, i, v) {
		json_int_t at = json_integer_value(v);
		if (!json_is_integer(v) || at < 0 || (size_t)at >= e->n)
			return -1;
		if (e->eps[at].cause_at < 0 || strcmp(hop, "pac") != 0)   /* its own or its hop's before the PAC's */
			e->eps[at].cause_at = (long)k;
	}
	return 0;
}

/* One line whatever the file held: jansson quotes the text near an error. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

static int parse(const char *buf, size_t len, const char *opt, const char *name, struct earlier *e, char *err,
		 size_t errlen);

int earlier_parse(const char *buf, size_t len, const char *opt, const char *name, struct earlier *e, char *err,
		  size_t errlen)
{
	int rc = parse(buf, len, opt, name, e, err, errlen);
	if (rc)
		one_line(err);
	return rc;
}

static int parse(const char *buf, size_t len, const char *opt, const char *name, struct earlier *e, char *err,
		 size_t errlen)
{
	json_error_t je;
	json_t *doc, *eps, *causes, *tool, *v;
	size_t i;
	int rc = -1;

	memset(e, 0, sizeof *e);
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		snprintf(err, errlen, "%s: %.300s:%d: not JSON: %.120s", opt, name, je.line, je.text);
		return -1;
	}
	tool = json_object_get(doc, "tool");
	eps = json_object_get(doc, "endpoints");
	causes = json_object_get(doc, "causes");
	if (!json_is_object(doc) || json_integer_value(json_object_get(doc, "version")) != 1 ||
	    !json_is_integer(json_object_get(doc, "version")) ||
	    !json_is_string(json_object_get(tool, "name")) || strcmp(json_string_value(json_object_get(tool, "name")), "wuprobe") ||
	    !json_is_string(json_object_get(doc, "started_at")) || !json_is_array(eps) ||
	    (causes && !json_is_array(causes))) {
		snprintf(err, errlen, "%s: %.300s: not a JSON report of wuprobe (format version 1)", opt, name);
		goto out;
	}
	snprintf(e->started_at, sizeof e->started_at, "%.31s", json_string_value(json_object_get(doc, "started_at")));
	e->started_epoch = epoch_of(e->started_at);
	if (json_array_size(eps) && !(e->eps = calloc(json_array_size(eps), sizeof *e->eps)))
		goto oom;
	json_array_foreach(eps, i, v) {
		int r = endpoint_of(v, &e->eps[e->n++]);
		if (r == -2)
			goto oom;
		if (r) {
			snprintf(err, errlen, "%s: %.300s: endpoint %zu has no url: not a report of wuprobe", opt, name, i);
			goto out;
		}
	}
	if (json_array_size(causes) && !(e->causes = calloc(json_array_size(causes), sizeof *e->causes)))
		goto oom;
	json_array_foreach(causes, i, v) {
		int r = cause_of(v, e, e->ncauses++);
		if (r == -2)
			goto oom;
		if (r) {
			snprintf(err, errlen, "%s: %.300s: cause %zu is not one of wuprobe's", opt, name, i);
			goto out;
		}
	}
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "%s: %.300s: out of memory", opt, name);
out:
	json_decref(doc);
	if (rc)
		earlier_free(e);
	return rc;
}

int earlier_load(const char *path, int missing_ok, struct earlier *e, char *err, size_t errlen)
{
	const char *opt = missing_ok ? "--compare-last" : "--compare";
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	memset(e, 0, sizeof *e);
	if (!f && errno == ENOENT && missing_ok)
		return 1;
	if (!f) {
		snprintf(err, errlen, "%s: %.300s: %s", opt, path, strerror(errno));
		one_line(err);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			char *grown = cap >= EARLIER_MAX_BYTES ? NULL : realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!grown) {
				snprintf(err, errlen, "%s: %.300s: %s", opt, path,
					 cap >= EARLIER_MAX_BYTES ? "larger than any report of wuprobe" : "out of memory");
				free(buf);
				fclose(f);
				return -1;
			}
			buf = grown;
		}
		size_t got = fread(buf + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %.300s: %s", opt, path, strerror(errno));
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = earlier_parse(buf, len, opt, path, e, err, errlen);
	free(buf);
	return rc;
}

void earlier_free(struct earlier *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->eps[i].url);
		free(e->eps[i].cause);
		free(e->eps[i].route);
	}
	for (size_t i = 0; i < e->ncauses; i++) {
		free(e->causes[i].key);
		free(e->causes[i].text);
	}
	free(e->eps);
	free(e->causes);
	memset(e, 0, sizeof *e);
}
