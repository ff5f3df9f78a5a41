/* The one way a user-supplied string (an option value, a file name, a URL,
 * a proxy list) reaches an error message: with any credentials hidden. */
#ifndef WUPROBE_REDACT_H
#define WUPROBE_REDACT_H

#include <stddef.h>

/* Room for what the messages show of a value (they cut it to 80-200 bytes). */
#define REDACT_MAX 512

/* Copies the LEN bytes of TEXT into BUF (always terminated, cut to BUFLEN),
 * hiding credentials. When TEXT has an '@', everything from where the first
 * entry's user information starts (after leading separators, a "name=" and a
 * "scheme:" followed by two slashes) up to its LAST '@' becomes three stars:
 *   https://wu:PW@p:3128            ->  https://[stars]@p:3128
 *   http=u:PW@a:1;https=v:PW2@b:2   ->  http=[stars]@b:2
 * so a password with '@', '/', ';' or a space in it is hidden whole. A value
 * with an '@' that is not a credential loses that part too: safe rather than
 * exact. Control characters (CR, LF, ESC, ...) become '?': a message stays
 * one line. Returns BUF. */
const char *redact(const char *text, size_t len, char *buf, size_t buflen);

#endif
