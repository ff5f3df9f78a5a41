/* Descriptors: how many endpoints this machine can probe at once without
 * running out, so that no verdict ever stems from our own limit. */
#ifndef WUPROBE_FDBUDGET_H
#define WUPROBE_FDBUDGET_H

#include <stddef.h>

/* What one endpoint can hold at once: the exchange's connection, the TLS 1.3
 * handshake's, an AIA fetch's, and that fetch's idle connection in
 * libcurl's cache (exchanges keep none: CURLOPT_FORBID_REUSE;
 * CURLMOPT_MAXCONNECTS is the concurrency). */
#define FD_PER_ENDPOINT 4
/* The rest of the run: stdio, report files, c-ares' UDP and TCP sockets
 * for up to three servers and the AIA lookups, SNTP, libcurl's wakeup pair,
 * the trust store and password files. */
#define FD_RESERVE      24

struct fd_budget {
	long limit;                /* the soft RLIMIT_NOFILE after raising it */
	long open;                 /* descriptors open at the start */
	size_t parallel;           /* endpoints at once that fit, at least 0 */
};

/* Raises the soft descriptor limit to the hard one, counts what is open,
 * and fits REQUESTED endpoints at once into what is left. */
void fd_budget_init(struct fd_budget *b, size_t requested);

/* The pure part: endpoints at once for LIMIT descriptors of which OPEN are
 * taken, at most REQUESTED. */
size_t fd_budget_fit(long limit, long open, size_t requested);

#endif
