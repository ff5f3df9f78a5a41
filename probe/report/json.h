/* A small streaming JSON writer: valid output for any input bytes. */
#ifndef WUPROBE_JSON_H
#define WUPROBE_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct jw {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];
};

/* Writes S as a JSON string literal: quotes, backslashes and control
 * characters escaped, invalid UTF-8 replaced by U+FFFD. NULL writes null. */
void json_write_string(FILE *f, const char *s);

void jw_init(struct jw *w, FILE *f);
/* KEY is NULL for array elements and the top-level value. */
void jw_object(struct jw *w, const char *key);
void jw_array(struct jw *w, const char *key);
void jw_end(struct jw *w, char close);     /* '}' or ']' */
void jw_str(struct jw *w, const char *key, const char *val);   /* NULL → null */
void jw_int(struct jw *w, const char *key, int64_t val);
void jw_null(struct jw *w, const char *key);
void jw_bool(struct jw *w, const char *key, bool val);
/* A number already formatted (e.g. "%.3f"). */
void jw_raw(struct jw *w, const char *key, const char *number);
/* An integer, or null when VAL is negative (not measured). */
void jw_ms(struct jw *w, const char *key, int64_t val);

#endif
