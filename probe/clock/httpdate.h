/* HTTP Date header values (RFC 9110 §5.6.7). */
#ifndef WUPROBE_HTTPDATE_H
#define WUPROBE_HTTPDATE_H

#include <stddef.h>
#include <time.h>

/* Parses IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") and the obsolete
 * forms a recipient must accept: RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT")
 * and asctime ("Sun Nov  6 08:49:37 1994"). Returns 0 with *OUT in seconds
 * since 1970 (UTC), or -1. */
int httpdate_parse(const char *s, size_t len, time_t *out);

#endif
