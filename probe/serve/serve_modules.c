/* The exporter's modules: the command line's and a modules file's, each
 * checked at start (serve_modules.h). */
#include "serve_modules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/* The options a module may not set: the exporter chooses the report's
 * format and destination, and what the run prints. */
static const char *const exporter_owns[] = {
	"format", "output", "json-file", "serve", "modules", "quiet", "verbose", "help", "version", NULL,
};

static int add_arg(struct serve_module *m, const char *arg)
{
	char **a;

	if (m->argc >= SERVE_MODULE_ARGS_MAX)
		return -1;
	if (!(a = realloc(m->argv, (size_t)(m->argc + 2) * sizeof *a)) || !(a[m->argc] = strdup(arg))) {
		if (a)
			m->argv = a;
		return -1;
	}
	m->argv = a;
	a[++m->argc] = NULL;
	return 0;
}

static void module_free(struct serve_module *m)
{
	for (int i = 0; i < m->argc; i++)
		free(m->argv[i]);
	free(m->argv);
	m->argv = NULL;
	m->argc = 0;
}

/* Checks module M as a run would meet it: its options, then its endpoint
 * list. WHERE names it in a message. */
static int check_module(struct serve_module *m, const char *where, char *err, size_t errlen)
{
	struct options o;
	struct config conf = { 0 };
	char why[512];
	const char *path;

	if (options_parse(m->argc, m->argv, &o, why, sizeof why) != OPT_RUN) {
		snprintf(err, errlen, "%s: %s", where, why[0] ? why : "--help and --version do not go in a module");
		return -1;
	}
	path = o.config ? o.config : access("endpoints.conf", F_OK) == 0 ? "endpoints.conf"
								    : "/etc/wuprobe/endpoints.conf";
	if (strcmp(path, "-") == 0) {
		snprintf(err, errlen, "%s: the endpoint list cannot be standard input (-c -)", where);
		return -1;
	}
	if (config_load(path, &conf, why, sizeof why)) {
		config_free(&conf);
		snprintf(err, errlen, "%s: %s", where, why);
		return -1;
	}
	config_free(&conf);
	m->timeout_s = o.timeout_s;
	return 0;
}

static int default_module(struct serve_module *m, int argc, char **argv, const struct options *o,
			  char *err, size_t errlen)
{
	snprintf(m->name, sizeof m->name, "default");
	if (add_arg(m, "wuprobe")) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (int i = 1; i < argc; i++) {
		if ((i >= o->serve_at && i < o->serve_end) || (i >= o->modules_at && i < o->modules_end))
			continue;
		if (add_arg(m, argv[i])) {
			snprintf(err, errlen, "--serve: more than %d options", SERVE_MODULE_ARGS_MAX);
			return -1;
		}
	}
	return check_module(m, "--serve: module 'default' (the command line)", err, errlen);
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int valid_name(const char *s, size_t n)
{
	if (n == 0 || n > SERVE_MODULE_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* One "key" or "key = value" line of the module M: its option. */
static int module_line(struct serve_module *m, char *line, char *err, size_t errlen)
{
	char *eq = strchr(line, '='), arg[4096 + 8];
	char *key = line, *value = NULL;

	if (eq) {
		*eq = '\0';
		value = trim(eq + 1);
	}
	key = trim(key);
	if (!valid_name(key, strlen(key)) || key[0] == '-') {
		snprintf(err, errlen, "not 'option' or 'option = value'");
		return -1;
	}
	for (int k = 0; exporter_owns[k]; k++)
		if (strcmp(key, exporter_owns[k]) == 0) {
			snprintf(err, errlen, "'%s': the exporter sets it, not a module", key);
			return -1;
		}
	if (value)
		snprintf(arg, sizeof arg, "--%s=%s", key, value);
	else
		snprintf(arg, sizeof arg, "--%s", key);
	if (add_arg(m, arg)) {
		snprintf(err, errlen, "more than %d options in module '%s'", SERVE_MODULE_ARGS_MAX, m->name);
		return -1;
	}
	return 0;
}

/* Reads the file's modules into MS after the default one. */
static int read_file(struct serve_modules *ms, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[4096], why[256] = "";
	int lineno = 0, rc = -1;
	struct serve_module *cur = NULL;

	if (!f) {
		snprintf(err, errlen, "--modules: cannot read %.200s", path);
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = trim(line);
		if (strlen(line) == sizeof line - 1 && line[sizeof line - 2] != '\n') {
			snprintf(why, sizeof why, "line longer than %zu bytes", sizeof line - 2);
			goto bad;
		}
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			size_t n = strlen(s);
			if (s[n - 1] != ']' || !valid_name(s + 1, n - 2)) {
				snprintf(why, sizeof why, "a module is [NAME], NAME of letters, digits, '-', '_', '.' (64 at most)");
				goto bad;
			}
			s[n - 1] = '\0';
			if (serve_modules_find(ms, s + 1)) {
				snprintf(why, sizeof why, "module '%s' %s", s + 1,
					 strcmp(s + 1, "default") == 0 ? "is the command line's" : "is named twice");
				goto bad;
			}
			if (ms->n >= SERVE_MODULES_MAX + 1) {
				snprintf(why, sizeof why, "more than %d modules", SERVE_MODULES_MAX);
				goto bad;
			}
			cur = &ms->m[ms->n++];
			snprintf(cur->name, sizeof cur->name, "%s", s + 1);
			if (add_arg(cur, "wuprobe")) {
				snprintf(why, sizeof why, "out of memory");
				goto bad;
			}
			continue;
		}
		if (!cur) {
			snprintf(why, sizeof why, "an option before the first [module]");
			goto bad;
		}
		if (module_line(cur, s, why, sizeof why))
			goto bad;
	}
	rc = 0;
	for (size_t i = 1; i < ms->n && rc == 0; i++) {
		char where[4300];
		snprintf(where, sizeof where, "%.4000s: module '%s'", path, ms->m[i].name);
		rc = check_module(&ms->m[i], where, err, errlen);
	}
	fclose(f);
	return rc;
bad:
	snprintf(err, errlen, "%.200s:%d: %s", path, lineno, why);
	fclose(f);
	return -1;
}

int serve_modules_load(struct serve_modules *ms, int argc, char **argv, const struct options *o,
		       char *err, size_t errlen)
{
	*ms = (struct serve_modules){ 0 };
	if (!(ms->m = calloc(SERVE_MODULES_MAX + 1, sizeof *ms->m))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ms->n = 1;
	if (default_module(&ms->m[0], argc, argv, o, err, errlen))
		return -1;
	if (o->modules && read_file(ms, o->modules, err, errlen))
		return -1;
	return 0;
}

const struct serve_module *serve_modules_find(const struct serve_modules *ms, const char *name)
{
	for (size_t i = 0; i < ms->n; i++)
		if (strcmp(ms->m[i].name, name) == 0)
			return &ms->m[i];
	return NULL;
}

void serve_modules_free(struct serve_modules *ms)
{
	for (size_t i = 0; ms->m && i < ms->n; i++)
		module_free(&ms->m[i]);
	free(ms->m);
	*ms = (struct serve_modules){ 0 };
}
