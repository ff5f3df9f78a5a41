/* The child's JavaScript side: the helper functions (pac_funcs.c, the ones
 * written in JavaScript in pac_prelude.c), DNS (pac_dns.c) and what an
 * error says (pac_error.c). Only the forked child calls these. */
#ifndef WUPROBE_PAC_JS_H
#define WUPROBE_PAC_JS_H

#include <duktape.h>
#include <netinet/in.h>

#include "pac_child.h"

/* The file name the script is compiled under; messages show job->shown. */
#define PAC_JS_FILE "PAC"

/* The helper functions, as globals of CTX; -1 when the prelude fails. */
int pac_funcs_register(duk_context *ctx, const struct pac_job *job);

/* The JavaScript half of the helper functions. */
extern const char pac_prelude[];

/* Makes the resolver's channel for pac_dns_lookup, before the child cages
 * itself: a failure is kept for the first lookup. */
void pac_dns_prepare(const struct pac_job *job);

/* HOST's addresses of FAMILY (AF_INET, or AF_UNSPEC for both) as text, in
 * the order c-ares gives them, at most MAX; 0 when it does not resolve. The
 * resolver: job->env->dns_servers, else /etc/resolv.conf; bounded by the
 * job's deadline. A name beyond ASCII is asked in its IDNA form
 * (pac_idna.h); one without such a form does not resolve. */
int pac_dns_lookup(const struct pac_job *job, const char *host, int family, char (*addrs)[INET6_ADDRSTRLEN],
		   int max);

/* One line for the error at the top of CTX's stack (popped): "NAME:LINE:
 * TypeError: ..." with the script's innermost line, or "NAME: ..." when it
 * has none. */
void pac_error_describe(duk_context *ctx, const struct pac_job *job, char *msg, size_t len);

#endif
