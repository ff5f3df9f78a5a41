/* A PAC script's bytes as the engine should read them: well-formed UTF-8
 * (pac_utf8.c). Pure functions. */
#ifndef WUPROBE_PAC_UTF8_H
#define WUPROBE_PAC_UTF8_H

#include <stddef.h>

/* The length of the longest prefix of IN (LEN bytes) that is well-formed
 * UTF-8 (Unicode 15, section 3.9, table 3-7): LEN when all of it is. */
size_t pac_utf8_valid(const char *in, size_t len);

/* IN (LEN bytes) with each maximal subpart of an ill-formed sequence
 * replaced by U+FFFD (EF BF BD), into OUT; the well-formed rest as it is.
 * Returns the length of the result; OUT NULL only counts it. (The result
 * is at most 3 * LEN bytes.) */
size_t pac_utf8_repair(const char *in, size_t len, char *out);

#endif
