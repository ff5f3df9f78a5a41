/* An earlier JSON report of this tool (--compare): read with jansson, kept
 * as the few facts the comparison needs. The file is untrusted input. */
#ifndef WUPROBE_EARLIER_H
#define WUPROBE_EARLIER_H

#include <stddef.h>
#include <stdint.h>

#define EARLIER_MAX_BYTES (64u << 20)   /* larger is not one of our reports */

struct earlier_ep {
	char *url;
	int status;                /* enum v_status; -1 when the word is unknown */
	char code[11];             /* "0x80072EFD", "" none */
	char *cause;               /* the endpoint's cause word, NULL none */
	char *route;               /* "direct" or the proxy's host:port */
	int64_t total_ms;          /* -1 not reached */
	long cause_at;             /* its index in causes, -1 none */
};

struct earlier_cause {
	char *key;                 /* "hop/kind/who", as causes.c names a cause */
	char *text;
};

struct earlier {
	char started_at[32];
	double started_epoch;      /* 0 when started_at cannot be read */
	struct earlier_ep *eps;
	size_t n;
	struct earlier_cause *causes;
	size_t ncauses;
};

/* Reads PATH into E. 0; -1 with one line naming the option (--compare, or
 * --compare-last when MISSING_OK) and PATH (and the line, for
 * JSON that does not parse) in ERR; 1 (E empty, ERR empty) when PATH does
 * not exist and MISSING_OK. */
int earlier_load(const char *path, int missing_ok, struct earlier *e, char *err, size_t errlen);

/* The same from LEN bytes at BUF, the option OPT and NAME in the messages
 * (the fuzz target's entry). */
int earlier_parse(const char *buf, size_t len, const char *opt, const char *name, struct earlier *e, char *err,
		  size_t errlen);

void earlier_free(struct earlier *e);

#endif
