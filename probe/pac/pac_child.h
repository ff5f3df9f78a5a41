/* Inside the PAC engine: what pac_eval hands its forked child, and the
 * records the child writes back over the pipe. */
#ifndef WUPROBE_PAC_CHILD_H
#define WUPROBE_PAC_CHILD_H

#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "pac_cage.h"
#include "pac_eval.h"

struct pac_job {
	const char *script;
	size_t len;
	const char *shown;            /* the script's name as messages show it (redacted) */
	const char *const *urls, *const *hosts;
	size_t n;
	const struct pac_env *env;
	int64_t deadline_ms;          /* mono_ms() when the budget runs out */
	int fd;                       /* the pipe's write end */
	pid_t parent;                 /* the process that called pac_eval */
	struct pac_cage cage;         /* whom the child becomes (pac_cage_plan) */
};

/* A record: a type byte, the length as 4 bytes (host order: the same
 * machine), then the bytes. For each URL in order one LIST or ERROR, then
 * DONE; or FATAL, and the child ends; or LOCAL (an errno, in decimal): this
 * machine failed something the script asked for (a name lookup), so no
 * answer of the script can be trusted, and the child ends; or CAGE (an
 * errno): the child could not cage itself (pac_cage.h), and ends before
 * the script runs. */
enum pac_record {
	PAC_REC_LIST = 'L', PAC_REC_ERROR = 'E', PAC_REC_FATAL = 'F', PAC_REC_DONE = 'D', PAC_REC_LOCAL = 'M',
	PAC_REC_CAGE = 'C'
};
#define PAC_REC_HEAD 5
#define PAC_LIST_MAX 16384            /* longest list passed on */
#define PAC_MSG_MAX 400               /* longest message */

/* The child: limits and cages itself, runs the script, writes the
 * records, exits. */
noreturn void pac_child_run(const struct pac_job *job);

/* Ends the child with a LOCAL record: ERR (an errno) is this machine's
 * failure, not the script's nor the network's. */
noreturn void pac_child_end_local(const struct pac_job *job, int err);

/* Writes one record to FD; -1 when the pipe is gone. */
int pac_child_send(int fd, enum pac_record type, const char *data, size_t len);

#endif
