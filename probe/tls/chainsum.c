/* A chain report packed for keeping (chainsum.h). */
#include "chainsum.h"

#include <stdlib.h>
#include <string.h>

const struct chain_summary chain_summary_none = { .sans = "", .root = "" };

/* Copies S to *AT and returns where it went; *AT moves past it. */
static const char *put(char **at, const char *s)
{
	size_t n = strlen(s) + 1;
	char *where = *at;

	memcpy(where, s, n);
	*at += n;
	return where;
}

struct chain_summary *chain_summarize(const struct chain_report *c)
{
	size_t size = sizeof(struct chain_summary) + (size_t)c->nsent * sizeof(struct chain_summary_cert) +
		      strlen(c->sans) + 1 + strlen(c->root) + 1;
	struct chain_summary *s;
	char *at;

	for (int i = 0; i < c->nsent; i++) {
		const struct chain_cert *k = &c->sent[i];
		size += strlen(k->subject) + strlen(k->issuer) + strlen(k->not_before) + strlen(k->not_after) +
			strlen(k->sha256) + 5;
	}
	if (!(s = malloc(size)))
		return NULL;
	s->nsent = c->nsent;
	s->sans_omitted = c->sans_omitted;
	at = (char *)&s->sent[c->nsent];
	s->sans = put(&at, c->sans);
	s->root = put(&at, c->root);
	for (int i = 0; i < c->nsent; i++) {
		const struct chain_cert *k = &c->sent[i];
		s->sent[i] = (struct chain_summary_cert){
			.subject = put(&at, k->subject), .issuer = put(&at, k->issuer),
			.not_before = put(&at, k->not_before), .not_after = put(&at, k->not_after),
			.sha256 = put(&at, k->sha256),
		};
	}
	return s;
}
