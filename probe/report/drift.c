/* The comparison with an earlier report: endpoints matched by URL, causes
 * by hop, kind and identity (causes.c's key). */
#include "drift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "codes.h"

static const char *const names[DR_COUNT] = {
	"new_failure", "new_warning", "fixed", "better", "code_changed", "cause_changed", "route_changed", "slower",
	"added", "removed", "cause_new", "cause_gone",
};

const char *drift_change_name(enum drift_change c)
{
	return names[c];
}

static struct drift_item *add(struct drift *d, enum drift_change c, const char *url, long now)
{
	struct drift_item *grown = realloc(d->items, (d->n + 1) * sizeof *grown);

	if (!grown)
		return NULL;
	d->items = grown;
	memset(&d->items[d->n], 0, sizeof d->items[0]);
	d->items[d->n].change = c;
	d->items[d->n].url = url;
	d->items[d->n].now = now;
	d->count[c]++;
	return &d->items[d->n++];
}

/* Status as a rank: ok 0, warn 1, fail 2; error (not probed) and unknown: -1, no claim. */
static int rank(int status)
{
	return status == ST_OK ? 0 : status == ST_WARN ? 1 : status == ST_FAIL ? 2 : -1;
}

static void key_of(const struct cause *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s/%s", c->hop, c->kind, c->who);
}

static const struct earlier_ep *find_earlier(const struct earlier *e, const char *url)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->eps[i].url, url) == 0)
			return &e->eps[i];
	return NULL;
}

static void state_of(const struct result *res, char *buf, size_t len)
{
	char code[11] = "";
	if (res->code && res->status != ST_OK)
		wu_code_format(res->code, code);
	snprintf(buf, len, "%s%s%s%s%s", status_name(res->status), code[0] ? " " : "", code, res->cause ? " " : "",
		 res->cause ? res->cause : "");
}

static void earlier_state(const struct earlier_ep *p, char *buf, size_t len)
{
	static const char *const w[] = { "ok", "warn", "fail", "error" };
	snprintf(buf, len, "%s%s%s%s%.60s", p->status >= 0 ? w[p->status] : "?", p->code[0] ? " " : "", p->code,
		 p->cause ? " " : "", p->cause ? p->cause : "");
}

/* One endpoint present in both runs. */
static int endpoint(struct drift *d, const struct earlier *e, const struct earlier_ep *p, const struct run *r, size_t i,
		    const struct causes *cs)
{
	const struct result *res = r->res[i];
	int was = rank(p->status), is = rank(res->status);
	char route[URL_HOST_MAX + 16], code[11] = "", key[CAUSE_WHO_MAX + 64] = "", before[320], after[320];
	size_t crank = 0;
	const struct cause *c = causes_of(cs, i, &crank);
	struct drift_item *it;

	earlier_state(p, before, sizeof before);
	state_of(res, after, sizeof after);
	if (was >= 0 && is >= 0 && was != is) {
		enum drift_change ch = is > was ? (is == 2 ? DR_NEW_FAILURE : DR_NEW_WARNING) : (is == 0 ? DR_FIXED : DR_BETTER);
		if (!(it = add(d, ch, res->conf->url, (long)i)))
			return -1;
		snprintf(it->before, sizeof it->before, "%s", before);
		snprintf(it->after, sizeof it->after, "%s", after);
		if (is > was)
			d->worse = true;
	} else if (was > 0 && is > 0) {
		if (res->code)
			wu_code_format(res->code, code);
		if (strcmp(code, p->code) != 0) {
			if (!(it = add(d, DR_CODE, res->conf->url, (long)i)))
				return -1;
			snprintf(it->before, sizeof it->before, "%s", p->code);
			snprintf(it->after, sizeof it->after, "%s", code);
		}
		if (c)
			key_of(c, key, sizeof key);
		const char *was_key = p->cause_at >= 0 ? e->causes[p->cause_at].key : "";
		if (strcmp(p->cause ? p->cause : "", res->cause ? res->cause : "") != 0 || strcmp(was_key, key) != 0) {
			if (!(it = add(d, DR_CAUSE, res->conf->url, (long)i)))
				return -1;
			snprintf(it->before, sizeof it->before, "%.300s", p->cause_at >= 0 ? e->causes[p->cause_at].text :
				 p->cause ? p->cause : "");
			snprintf(it->after, sizeof it->after, "%.300s", c ? c->text : res->cause ? res->cause : "");
		}
	}
	run_route(res, route, sizeof route);
	if (strcmp(route, p->route) != 0) {
		if (!(it = add(d, DR_ROUTE, res->conf->url, (long)i)))
			return -1;
		snprintf(it->before, sizeof it->before, "%.300s", p->route);
		snprintf(it->after, sizeof it->after, "%.300s", route);
	}
	if (p->total_ms >= 0 && res->t.total >= 0 && (double)res->t.total > p->total_ms * DRIFT_SLOWER_RATIO &&
	    res->t.total - p->total_ms >= DRIFT_SLOWER_MIN_MS) {
		if (!(it = add(d, DR_SLOWER, res->conf->url, (long)i)))
			return -1;
		snprintf(it->before, sizeof it->before, "%lld ms", (long long)p->total_ms);
		snprintf(it->after, sizeof it->after, "%lld ms", (long long)res->t.total);
	}
	return 0;
}

static int causes_diff(struct drift *d, const struct earlier *e, const struct causes *cs)
{
	char key[CAUSE_WHO_MAX + 64];
	struct drift_item *it;
	size_t k;

	for (size_t i = 0; i < cs->n; i++) {
		key_of(&cs->c[i], key, sizeof key);
		for (k = 0; k < e->ncauses && strcmp(e->causes[k].key, key) != 0; k++)
			;
		if (k < e->ncauses)
			continue;
		if (!(it = add(d, DR_CAUSE_NEW, NULL, (long)i)))
			return -1;
		snprintf(it->after, sizeof it->after, "%.300s", cs->c[i].text);
		d->worse = true;
	}
	for (k = 0; k < e->ncauses; k++) {
		size_t i;
		for (i = 0; i < cs->n; i++) {
			key_of(&cs->c[i], key, sizeof key);
			if (strcmp(e->causes[k].key, key) == 0)
				break;
		}
		if (i < cs->n)
			continue;
		if (!(it = add(d, DR_CAUSE_GONE, NULL, -1)))
			return -1;
		snprintf(it->before, sizeof it->before, "%.300s", e->causes[k].text);
	}
	return 0;
}

static void age_text(double s, char *buf, size_t len)
{
	if (s < 0)
		snprintf(buf, len, "age unknown");
	else if (s < 2 * 3600)
		snprintf(buf, len, "%.0f min", s / 60);
	else if (s < 2 * 86400)
		snprintf(buf, len, "%.0f h", s / 3600);
	else
		snprintf(buf, len, "%.0f days", s / 86400);
}

static void summarize(struct drift *d)
{
	static const struct { enum drift_change c; const char *one, *many; } parts[] = {
		{ DR_NEW_FAILURE, "new failure", "new failures" }, { DR_NEW_WARNING, "new warning", "new warnings" },
		{ DR_FIXED, "fixed", "fixed" }, { DR_BETTER, "better", "better" },
		{ DR_CODE, "code changed", "codes changed" }, { DR_CAUSE, "cause changed", "causes changed" },
		{ DR_ROUTE, "route changed", "routes changed" }, { DR_SLOWER, "slower", "slower" },
		{ DR_ADDED, "endpoint added", "endpoints added" }, { DR_REMOVED, "endpoint removed", "endpoints removed" },
		{ DR_CAUSE_NEW, "new cause", "new causes" }, { DR_CAUSE_GONE, "cause gone", "causes gone" },
	};
	char age[32];
	size_t used, shown = 0;

	age_text(d->age_s, age, sizeof age);
	used = (size_t)snprintf(d->summary, sizeof d->summary, "since %s (%s):", d->since, age);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0] && used < sizeof d->summary; i++) {
		size_t n = d->count[parts[i].c];
		if (!n)
			continue;
		used += (size_t)snprintf(d->summary + used, sizeof d->summary - used, "%s %zu %s", shown++ ? "," : "", n,
					 n == 1 ? parts[i].one : parts[i].many);
	}
	if (!shown && used < sizeof d->summary)
		snprintf(d->summary + used, sizeof d->summary - used, " no change");
}

int drift_compute(const struct earlier *e, const char *file, const struct run *r, struct drift *d)
{
	struct causes cs;

	memset(d, 0, sizeof *d);
	d->file = file;
	snprintf(d->since, sizeof d->since, "%s", e->started_at);
	d->age_s = e->started_epoch > 0 && r->started_epoch >= e->started_epoch ? r->started_epoch - e->started_epoch : -1;
	if (causes_find(r, &cs))
		return -1;
	for (size_t i = 0; i < r->n; i++) {
		const struct earlier_ep *p = find_earlier(e, r->res[i]->conf->url);
		struct drift_item *it;
		if (p) {
			if (endpoint(d, e, p, r, i, &cs))
				goto oom;
			continue;
		}
		if (!(it = add(d, DR_ADDED, r->res[i]->conf->url, (long)i)))
			goto oom;
		state_of(r->res[i], it->after, sizeof it->after);
		if (r->res[i]->status == ST_WARN || r->res[i]->status == ST_FAIL)
			d->worse = true;
	}
	for (size_t k = 0; k < e->n; k++) {
		size_t i;
		struct drift_item *it;
		for (i = 0; i < r->n && strcmp(r->res[i]->conf->url, e->eps[k].url) != 0; i++)
			;
		if (i < r->n)
			continue;
		if (!(it = add(d, DR_REMOVED, e->eps[k].url, -1)))
			goto oom;
		earlier_state(&e->eps[k], it->before, sizeof it->before);
	}
	if (causes_diff(d, e, &cs))
		goto oom;
	summarize(d);
	causes_free(&cs);
	return 0;
oom:
	causes_free(&cs);
	drift_free(d);
	return -1;
}

void drift_first(const char *file, struct drift *d)
{
	memset(d, 0, sizeof *d);
	d->file = file;
	d->first = true;
	d->age_s = -1;
	snprintf(d->summary, sizeof d->summary, "no earlier report (%.300s): nothing to compare; the next run compares "
		 "with this one", file);
}

void drift_item_text(const struct drift_item *it, char *buf, size_t len)
{
	size_t used = (size_t)snprintf(buf, len, "%s %s%s", names[it->change], it->url ? it->url : "",
				       it->url && (it->before[0] || it->after[0]) ? ": " : "");
	if (used >= len)
		return;
	if (it->before[0] && it->after[0])
		snprintf(buf + used, len - used, "%s -> %s", it->before, it->after);
	else
		snprintf(buf + used, len - used, "%s", it->before[0] ? it->before : it->after);
}

void drift_free(struct drift *d)
{
	free(d->items);
	d->items = NULL;
	d->n = 0;
}
