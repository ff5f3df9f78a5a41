/* Inside the PAC engine: what pac_eval hands its child, and the
 * records the child writes back over the pipe. */
#ifndef WUPROBE_PAC_CHILD_H
#define WUPROBE_PAC_CHILD_H

#include <stdint.h>
#include <stdnoreturn.h>

#include "pac_cage.h"
#include "pac_eval.h"
#include "pac_proc.h"
#include "pac_record.h"

struct pac_job {
	const char *script;
	size_t len;
	const char *shown;            /* the script's name as messages show it (redacted) */
	const char *const *urls, *const *hosts;
	size_t n;
	const struct pac_env *env;
	int64_t deadline_ms;          /* mono_ms() when the budget runs out */
	int fd;                       /* the pipe's write end */
	const struct pac_proc *proc;  /* the child's process and pipe, as pac_eval made them */
	struct pac_cage cage;         /* whom the child becomes (pac_cage_plan) */
};

/* The child: limits and cages itself, runs the script, writes the
 * records, exits. */
noreturn void pac_child_run(const struct pac_job *job);

#endif
