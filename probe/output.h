/* Where the report goes: standard output, or a file replaced atomically
 * (written to a temporary file beside it, then renamed). */
#ifndef WUPROBE_OUTPUT_H
#define WUPROBE_OUTPUT_H

#include <stdio.h>

struct output {
	FILE *f;
	char *path;      /* NULL for stdout */
	char *tmp;
};

int output_open(struct output *o, const char *path, char *err, size_t errlen);
/* Flushes, and for a file renames it into place. */
int output_commit(struct output *o, char *err, size_t errlen);
/* Removes an uncommitted temporary file; safe to call after commit. */
void output_abort(struct output *o);

#endif
