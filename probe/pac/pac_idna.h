/* The name DNS is asked when a PAC script passes an internationalized
 * name to dnsResolve and its kin (pac_idna.c). */
#ifndef WUPROBE_PAC_IDNA_H
#define WUPROBE_PAC_IDNA_H

#include <stddef.h>

#define PAC_IDNA_MAX 256       /* a DNS name's text, its NUL included */

/* HOST (a string from the engine) as DNS is asked for it: 0 when HOST is
 * ASCII (asked as it is, OUT untouched); 1 with its IDNA ASCII form
 * ("xn--bcher-kva.ch" for "Bücher.ch") in OUT (OUTLEN bytes); -1 when it
 * has none (a character IDNA refuses, a lone surrogate, too long: the name
 * resolves to nothing); -2 when out of memory. */
int pac_idna_ascii(const char *host, char *out, size_t outlen);

#endif
