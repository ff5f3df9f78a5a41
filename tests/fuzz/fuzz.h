/* Shared by the fuzz targets (tests/fuzz/fuzz_*.c): each defines
 * LLVMFuzzerTestOneInput, run by libFuzzer (make fuzz) or over its seeds by
 * replay.c (make sanitize). */
#ifndef WUPROBE_FUZZ_H
#define WUPROBE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property of the code under test: a violation is a finding, like a crash. */
#define FUZZ_CHECK(cond)                                                                      \
	do {                                                                                  \
		if (!(cond)) {                                                                \
			fprintf(stderr, "%s:%d: property violated: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                              \
		}                                                                             \
	} while (0)

/* The input as a C string (it stops at the first NUL byte, as a C caller's
 * would); NULL when out of memory. */
static inline char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

/* Splits S (SIZE bytes and a terminating NUL, as fuzz_str makes it) at NUL
 * bytes into at most MAX strings; returns how many. */
static inline size_t fuzz_split(char *s, size_t size, char **parts, size_t max)
{
	size_t n = 0;

	for (size_t at = 0; n < max && at <= size; at += strlen(s + at) + 1)
		parts[n++] = s + at;
	return n;
}

/* True when S is one line: errors are one line, whatever the input. */
static inline int fuzz_one_line(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

/* True when S is printable ASCII: an error echoes what it read from the
 * input escaped (no control byte, CR, ESC or byte beyond ASCII). */
static inline int fuzz_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

#endif
