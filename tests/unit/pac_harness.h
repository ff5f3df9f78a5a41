/* Runs JavaScript expressions through pac_eval, as a PAC script would call
 * them: FindProxyForURL gets each expression as its URL and returns what it
 * evaluates to, as a string. One child for a whole table. */
#ifndef WUPROBE_PAC_HARNESS_H
#define WUPROBE_PAC_HARNESS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pac_eval.h"

struct known {
	char expr[200];
	char want[120];
};

struct knowns {
	struct known k[128];
	size_t n;
};

/* Adds: the expression (printf FMT) should give WANT. */
__attribute__((format(printf, 3, 4))) static inline void known(struct knowns *t, const char *want, const char *fmt, ...)
{
	va_list ap;

	if (t->n == sizeof t->k / sizeof t->k[0])
		abort();
	va_start(ap, fmt);
	vsnprintf(t->k[t->n].expr, sizeof t->k[t->n].expr, fmt, ap);
	va_end(ap);
	snprintf(t->k[t->n].want, sizeof t->k[t->n].want, "%s", want);
	t->n++;
}

/* Evaluates every expression of T under ENV: 0, or -1 with the first that
 * gives something else (or the engine's error) in WHY. */
static inline int run_knowns(const struct knowns *t, const struct pac_env *env, char *why, size_t whylen)
{
	static const char harness[] = "function FindProxyForURL(url, host) { return String(eval(url)); }\n";
	const char *exprs[128], *hosts[128];
	struct pac_result out[128];
	int rc = 0;

	for (size_t i = 0; i < t->n; i++)
		exprs[i] = t->k[i].expr, hosts[i] = "host";
	if (pac_eval(harness, strlen(harness), "harness.pac", exprs, hosts, t->n, env, out, why, whylen))
		return -1;
	for (size_t i = 0; i < t->n && !rc; i++) {
		const char *got = out[i].list ? out[i].list : out[i].error;
		if (strcmp(got, t->k[i].want) != 0) {
			snprintf(why, whylen, "%s = %s, wanted %s", t->k[i].expr, got, t->k[i].want);
			rc = -1;
		}
	}
	pac_results_free(out, t->n);
	return rc;
}

/* The same, failing the test on the first wrong answer. */
static inline void check_knowns(const struct knowns *t, const struct pac_env *env)
{
	char why[600];

	if (run_knowns(t, env, why, sizeof why))
		fail_msg("%s", why);
}

#endif
