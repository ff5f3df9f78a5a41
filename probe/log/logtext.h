/* An update log's bytes as UTF-8 lines, in one pass: a byte order mark
 * (UTF-8, UTF-16LE, UTF-16BE) or, without one, UTF-16 told by its zero
 * bytes, else UTF-8; CRLF or LF. Nothing is held but the current line. */
#ifndef WUPROBE_LOGTEXT_H
#define WUPROBE_LOGTEXT_H

#include <stddef.h>

#define LOGTEXT_LINE_MAX 16384   /* longer lines are cut there (the rest is dropped) */

enum logtext_enc { LT_UNKNOWN, LT_UTF8, LT_UTF16LE, LT_UTF16BE };

/* Called with each line, without its end of line, NUL-terminated; a
 * non-zero return stops the feed and is returned. */
typedef int (*logtext_line_fn)(void *arg, char *line, size_t len);

struct logtext {
	enum logtext_enc enc;
	unsigned char head[4];     /* the first bytes, until the encoding is known */
	size_t nhead;
	unsigned char odd;         /* UTF-16: a byte waiting for its pair */
	int has_odd;
	unsigned hi;               /* UTF-16: a high surrogate waiting for its low one */
	char line[LOGTEXT_LINE_MAX + 8];
	size_t len;
	int cut;                   /* the current line was cut */
	unsigned long lines;
};

void logtext_init(struct logtext *t);

/* Feeds N bytes. Returns 0, or what FN returned to stop. */
int logtext_feed(struct logtext *t, const unsigned char *buf, size_t n, logtext_line_fn fn, void *arg);

/* The last line, if it has no end of line. */
int logtext_end(struct logtext *t, logtext_line_fn fn, void *arg);

#endif
