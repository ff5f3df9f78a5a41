/* The operating system's part of the exporter (serve.h): the probe's child
 * process, the pipe it answers through, its end, and the signals that end
 * the exporter. The rest of serve/ reaches the system only through this
 * interface, as the PAC engine reaches it through pac_proc.h, so that a
 * port replaces serve_proc.c alone. This one is POSIX and Linux: fork and
 * exec of the running binary, a pipe on the child's standard output, its
 * own process group (a PAC child of its own goes with it), death with the
 * thread that started it, waitpid and SIGKILL. A system without fork
 * would start the process with the same arguments (CreateProcess) and read
 * the same pipe. */
#ifndef WUPROBE_SERVE_PROC_H
#define WUPROBE_SERVE_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct serve_child {
	pid_t pid;                /* 0: none */
	int rd;                   /* the parent's end of the child's stdout, -1 none */
};

/* The running binary's path, for serve_proc_start; 0 or -1. */
int serve_proc_self(char *path, size_t len);

/* Starts EXE with ARGV (NULL-ended), its standard output a pipe read with
 * serve_proc_read, standard input /dev/null, standard error the
 * exporter's. 0, or an errno (no pipe or no process). */
int serve_proc_start(struct serve_child *c, const char *exe, char *const argv[]);

/* Up to LEN bytes of the child's output into BUF, waiting until DEADLINE
 * (mono_ms): how many; 0 when the child closed its end; -1 at the deadline
 * (or when reading failed). */
long serve_proc_read(struct serve_child *c, char *buf, size_t len, int64_t deadline);

struct serve_proc_end {
	bool killed;              /* still there at the deadline (or kill_now): killed */
	int signal;               /* the signal that ended it, 0: it exited */
	int status;               /* its exit status, when it exited */
};

/* Waits for the child until DEADLINE, or not at all with KILL_NOW; kills
 * its process group if it is still there, always reaps it and closes the
 * pipe. */
void serve_proc_end(struct serve_child *c, int64_t deadline, bool kill_now, struct serve_proc_end *end);

/* Blocks the signals that end the exporter (SIGTERM, SIGINT, SIGHUP) in
 * this thread and the threads it starts after, and ignores SIGPIPE (a
 * scraper that hung up). Call before the HTTP server's threads start. */
void serve_proc_block_signals(void);

/* Waits for one of those signals; returns it. */
int serve_proc_wait_signal(void);

#endif
