/* The PAC child's cage: a script from the network (whoever answers
 * wpad.<domain>) runs in a child that, once set up, can do only what an
 * evaluation needs. Run as root, it first becomes an unprivileged user;
 * then a seccomp filter allows its pipe, its DNS sockets, memory, the clock
 * and exit, and kills it (SIGSYS) on any other system call. */
#ifndef WUPROBE_PAC_CAGE_H
#define WUPROBE_PAC_CAGE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <sys/types.h>

struct pac_cage {
	bool drop;                 /* running as root: become uid/gid first */
	uid_t uid;
	gid_t gid;
	struct sock_fprog filter;  /* the compiled allow-list (pac_cage.c's, for the process' life) */
};

/* In the parent, before the fork (a child of a process with threads must
 * not look a user up, and the filter is compiled once, not per child):
 * when the effective user is root, the child becomes "nobody" (its ids
 * from the user database, else 65534). 0, or an errno when the filter
 * cannot be made (ENOSYS: this system's seccomp cannot kill a process, as
 * under valgrind): the engine must not start. */
int pac_cage_plan(struct pac_cage *c);

/* In the child, after its setup and before the script: drops to C's user
 * (no supplementary groups), re-arms PR_SET_PDEATHSIG (which a change of
 * credentials clears), sets NO_NEW_PRIVS and loads the filter. 0, or an
 * errno when any step failed: the child must then not run the script. */
int pac_cage_enter(const struct pac_cage *c);

/* The tests (fault pac_forbidden): what an escaped script would try first,
 * running a program; the cage ends the child for it (SIGSYS). Uncaged, the
 * program replaces the child. */
void pac_cage_breach(void);

#endif
