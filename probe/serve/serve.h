/* wuprobe --serve ADDR: a Prometheus exporter in the style of
 * blackbox_exporter. A layer above the run: it never links into the
 * probe's loop; each scrape of /probe runs the binary itself in a child
 * (serve_probe.h) with a module's options (serve_modules.h). */
#ifndef WUPROBE_SERVE_H
#define WUPROBE_SERVE_H

#include "options.h"

/* Serves until SIGTERM, SIGINT or SIGHUP. Returns the exit code: 0 after
 * a signal, 3 (with one line in ERR) when it cannot start. */
int serve_main(int argc, char **argv, const struct options *o, char *err, size_t errlen);

#endif
