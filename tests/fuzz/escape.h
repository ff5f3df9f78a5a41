/* For the escaper fuzz targets: an escaper's output for S, in memory. */
#ifndef WUPROBE_FUZZ_ESCAPE_H
#define WUPROBE_FUZZ_ESCAPE_H

#include "fuzz.h"

/* Runs WRITE(f, S) into a memory stream; returns its output (free it), *LEN its length. */
static inline char *escape_output(void (*write)(FILE *, const char *), const char *s, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);

	if (!f)
		abort();
	write(f, s);
	if (fclose(f) || !out)
		abort();
	return out;
}

#endif
