/* The exporter's modules: what GET /probe?module=NAME may run. Module
 * "default" is the command line the exporter was started with (its
 * --serve and --modules left out); a modules file (--modules, format in
 * wuprobe.1, MODULES FILE) names more, each a list of wuprobe's own
 * options. Nothing else runs: the query string only chooses among them.
 * Every module is checked at start (its options as options_parse takes
 * them, its endpoint list as config_load reads it), so a scrape meets no
 * configuration error. */
#ifndef WUPROBE_SERVE_MODULES_H
#define WUPROBE_SERVE_MODULES_H

#include <stddef.h>

#include "options.h"

#define SERVE_MODULE_NAME_MAX 64
#define SERVE_MODULES_MAX 256     /* modules in a file */
#define SERVE_MODULE_ARGS_MAX 64  /* options in a module */

struct serve_module {
	char name[SERVE_MODULE_NAME_MAX + 1];
	char **argv;              /* "wuprobe" and its options, NULL-ended */
	int argc;
	double timeout_s;         /* its --timeout: no probe of it runs longer */
};

struct serve_modules {
	struct serve_module *m;   /* m[0] is "default" */
	size_t n;
};

/* The default module from ARGV (O: how options_parse read it), and the
 * modules of O->modules if given. 0, or -1 with one line in ERR naming the
 * file and line, or the module and option. */
int serve_modules_load(struct serve_modules *ms, int argc, char **argv, const struct options *o,
		       char *err, size_t errlen);

/* The module called NAME, NULL if none. */
const struct serve_module *serve_modules_find(const struct serve_modules *ms, const char *name);

void serve_modules_free(struct serve_modules *ms);

#endif
