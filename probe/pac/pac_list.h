/* The list a PAC script returns, read the way WinHTTP reads it (pac_list.c
 * says which keywords count and why). */
#ifndef WUPROBE_PAC_LIST_H
#define WUPROBE_PAC_LIST_H

#include <stdbool.h>
#include <stddef.h>

/* "PROXY a:8080; PROXY b:8080; DIRECT": the entries in order, at most
 * PAC_MAX_ENTRIES (the rest are ignored). */
#define PAC_MAX_ENTRIES 8
struct pac_entry { bool direct; char host[254]; bool host_ipv6; unsigned port; };
struct pac_route { struct pac_entry e[PAC_MAX_ENTRIES]; size_t n; };

/* 0 with OUT filled (at least one entry), or -1 with a one-line reason in
 * ERR: a malformed entry, or no entry WinHTTP can use. */
int pac_list_parse(const char *list, struct pac_route *out, char *err, size_t errlen);

#endif
