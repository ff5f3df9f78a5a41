/* Causes: the run's failures grouped by the hop they share and how it
 * fails (the proxy, the resolver, a DNS filter, a TLS-inspecting CA, this
 * machine's clock, the PAC script, the network path), each with the
 * endpoints it explains and one fix for the owner of that hop. An endpoint
 * failing for its own reason is a cause of its own. Read from the result
 * records (result.h) and the run (report.h), never from an endpoint. */
#ifndef WUPROBE_CAUSES_H
#define WUPROBE_CAUSES_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

#define CAUSE_WHO_MAX   200
#define CAUSE_TEXT_MAX  600
#define CAUSE_CODES_MAX 4

struct cause {
	const char *hop;              /* a word of cause_hops[] (the Prometheus label) */
	const char *kind;             /* a word of the cause table (the Prometheus label) */
	char who[CAUSE_WHO_MAX];      /* the hop's identity: "127.0.0.1:9", "resolver 10.0.0.53", a CA's name; "" none */
	char text[CAUSE_TEXT_MAX];    /* one line: the hop, what it does, how many endpoints */
	const char *owner;            /* who fixes it: "the proxy's owners", ... */
	const char *fix;              /* one fix, addressed to the owner */
	enum v_status status;         /* the worst of its endpoints (warn for an auto-proxy that failed) */
	uint32_t codes[CAUSE_CODES_MAX];
	size_t ncodes;
	size_t *idx;                  /* the endpoints it explains: indexes into the run's records */
	size_t n;
	char key[CAUSE_WHO_MAX + 64]; /* what groups it: hop, kind, identity (and, for NXDOMAIN, the zone) */
};

struct causes {
	struct cause *c;              /* largest first */
	size_t n;
};

/* The run's causes into OUT, largest first; 0, or -1 out of memory (OUT empty). */
int causes_find(const struct run *r, struct causes *out);
void causes_free(struct causes *c);

/* The fix to print with CODE that never contradicts a cause: the code's own
 * fix when every cause with CODE keeps it, the cause's when one cause has
 * it all, else a pointer to the causes. Into BUF. */
const char *causes_code_fix(const struct causes *c, uint32_t code, char *buf, size_t len);

/* The cause that explains endpoint I (an endpoint's own or its hop's, before
 * the auto-proxy's that it may share), with its rank from 1 in *RANK; NULL: none. */
const struct cause *causes_of(const struct causes *c, size_t i, size_t *rank);

/* Endpoint indexes as "1-3, 7" (one-based: as people count). */
void causes_list(const struct cause *c, char *buf, size_t len);

/* The hops and their one line of meaning, for the documentation and the tests. */
extern const char *const cause_hops[];

#endif
