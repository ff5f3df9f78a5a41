/* The exporter's start and end (serve.h). */
#include "serve.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "serve_addr.h"
#include "serve_http.h"
#include "serve_modules.h"
#include "serve_proc.h"
#include "serve_stats.h"

int serve_main(int argc, char **argv, const struct options *o, char *err, size_t errlen)
{
	struct sockaddr_storage sa;
	struct serve_modules ms = { 0 };
	struct serve_stats stats = { 0 };
	struct serve_http h = { 0 };
	static char exe[PATH_MAX];
	int rc = 3;

	if (serve_addr_parse(o->serve, &sa, err, errlen) || serve_modules_load(&ms, argc, argv, o, err, errlen))
		goto done;
	if (serve_proc_self(exe, sizeof exe)) {
		snprintf(err, errlen, "--serve: cannot find the running binary (/proc/self/exe)");
		goto done;
	}
	if (serve_stats_init(&stats, &ms, SERVE_MAX_PROBES)) {
		snprintf(err, errlen, "out of memory");
		goto done;
	}
	/* Before the server's threads start, so that they inherit it: only
	 * this thread takes the signals that end the exporter. */
	serve_proc_block_signals();
	h = (struct serve_http){ .ms = &ms, .stats = &stats, .exe = exe };
	if (serve_http_start(&h, (const struct sockaddr *)&sa, err, errlen))
		goto done;
	fprintf(stderr, "wuprobe: serving on %s, %zu module%s\n", o->serve, ms.n, ms.n == 1 ? "" : "s");
	int sig = serve_proc_wait_signal();
	fprintf(stderr, "wuprobe: signal %d, ending the probes under way and stopping\n", sig);
	serve_http_stop(&h);
	rc = 0;
done:
	serve_stats_free(&stats);
	serve_modules_free(&ms);
	return rc;
}
