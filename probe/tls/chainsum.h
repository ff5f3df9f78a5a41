/* What a report shows of a server's certificates, kept compact: every
 * endpoint's summary lives until the report is written, so it holds only
 * the strings the chain had, in one allocation (about 0.6 KiB for two
 * certificates, where the working chain_report is 7 KiB). */
#ifndef WUPROBE_CHAINSUM_H
#define WUPROBE_CHAINSUM_H

#include "chain.h"

struct chain_summary_cert {
	const char *subject, *issuer, *not_before, *not_after, *sha256;
};

struct chain_summary {
	int nsent;                 /* certificates shown, leaf first */
	int sans_omitted;          /* names that did not fit in sans */
	const char *sans;          /* the leaf's names, comma-separated; "" none */
	const char *root;          /* the root it verified to; "" none */
	struct chain_summary_cert sent[];
};

/* A new summary of C (one allocation: free() it), or NULL without memory. */
struct chain_summary *chain_summarize(const struct chain_report *c);

/* The summary with no certificate, for endpoints that have none. */
extern const struct chain_summary chain_summary_none;

#endif
