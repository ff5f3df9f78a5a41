/* The operating system's part of the PAC engine's child: the process, the
 * pipe it answers through, its limits, its end. The rest of pac/ (the
 * evaluation, the records, the decisions) reaches the system only through
 * this interface and the cage's (pac_cage.h), so that a port replaces
 * pac_proc.c and pac_cage.c, not the engine. This one is POSIX and Linux:
 * a pipe, fork with every signal blocked across it, prctl and rlimits in
 * the child, waitpid and SIGKILL in the parent. A system without fork
 * would start a process and hand it the job over the pipe; the parent's
 * side of this interface and the child's limits stay what they are.
 *
 * The parent: pac_proc_pipe, pac_proc_spawn, pac_proc_read until the child
 * closes its end or the deadline, pac_proc_reap, pac_proc_close. The
 * child: pac_proc_confine first, pac_proc_check_parent once caged, and it
 * writes with pac_proc_write and ends with pac_proc_exit. */
#ifndef WUPROBE_PAC_PROC_H
#define WUPROBE_PAC_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdnoreturn.h>
#include <sys/types.h>

/* The child's end of the pipe once pac_proc_confine has moved it there
 * (the cage allows writes to it and to stderr only). */
#define PAC_PROC_FD 3

struct pac_proc {
	int rd;                   /* the parent's end of the pipe, -1 none */
	int wr;                   /* the child's end; -1 in the parent once the child has it */
	pid_t pid;                /* the child (in the parent), 0 none */
	pid_t parent;             /* the process that made the pipe, for pac_proc_check_parent */
};

/* The pipe (both ends close-on-exec), before the child. 0, or an errno:
 * this machine's want of descriptors. P can be given to pac_proc_close
 * either way. */
int pac_proc_pipe(struct pac_proc *p);

/* Starts the child, which runs CHILD(ARG) (a function that ends the child
 * and does not return) and writes to P->wr. Every signal is blocked across
 * the start: one that reached the child before it set its handlers back to
 * the default (pac_proc_confine) would run the parent's handler in the
 * child (a test runner's SIGSEGV handler went on running the tests there).
 * 0, or an errno (no process for it). */
int pac_proc_spawn(struct pac_proc *p, void (*child)(void *arg), void *arg);

/* Up to LEN bytes of what the child wrote, into BUF, waiting until
 * DEADLINE (mono_ms): how many; 0 when the child closed its end (or
 * reading failed); -1 at the deadline (or when waiting failed). */
long pac_proc_read(struct pac_proc *p, char *buf, size_t len, int64_t deadline);

/* How the child ended. */
struct pac_proc_end {
	bool killed;              /* still there at the deadline (or KILL_NOW): killed */
	bool cpu_limit;           /* ended by its CPU limit (pac_proc_confine) */
	const char *signal;       /* the signal that ended it, without "SIG" ("SYS", "?"), NULL: it exited */
	int status;               /* its exit status, when it exited */
};

/* Waits for the child until DEADLINE, or not at all with KILL_NOW; kills it
 * if it is still there, and always reaps it. */
void pac_proc_reap(struct pac_proc *p, int64_t deadline, bool kill_now, struct pac_proc_end *end);

/* Closes the pipe's ends still open. */
void pac_proc_close(struct pac_proc *p);

/* In the child, before it reads a byte of the script: no core dump, death
 * with the parent, default signal handling (not the parent's) and none
 * blocked, the pipe's end (P->wr) moved to PAC_PROC_FD, /dev/null on 0 and
 * 1, stderr kept (for a sanitizer's report), every other descriptor closed;
 * a CPU limit a little past BUDGET_S (the parent's deadline comes first),
 * and an address-space limit as a backstop to MEM_CAP. Returns
 * PAC_PROC_FD; ends the child (status 71) when the pipe cannot be moved. */
int pac_proc_confine(const struct pac_proc *p, double budget_s, size_t mem_cap);

/* In the child, once caged (pac_cage_enter arms the death signal last):
 * ends it (status 72) when the parent was gone before that held. */
void pac_proc_check_parent(const struct pac_proc *p);

/* In the child: writes all of DATA (LEN bytes) to FD; -1 when the pipe is
 * gone. */
int pac_proc_write(int fd, const char *data, size_t len);

/* In the child: ends it with STATUS, at once (no exit handlers: they are
 * the parent's). */
noreturn void pac_proc_exit(int status);

#endif
