#define _GNU_SOURCE   /* mkostemp */
#include "tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const int caught[] = { SIGHUP, SIGINT, SIGTERM };

/* Written only with the caught signals blocked; read by the handler. */
static char names[TEMPFILE_MAX][PATH_MAX];
static volatile sig_atomic_t live[TEMPFILE_MAX];

/* Only async-signal-safe calls: unlink, signal, raise. The signal is blocked
 * while the handler runs, so raise() leaves it pending until the handler
 * returns; then the default action ends the process. */
static void on_signal(int sig)
{
	int saved = errno;

	for (int i = 0; i < TEMPFILE_MAX; i++)
		if (live[i])
			unlink(names[i]);
	signal(sig, SIG_DFL);
	raise(sig);
	errno = saved;
}

static void block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaddset(&set, caught[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void tempfile_catch_signals(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		sigaddset(&sa.sa_mask, caught[i]);
	for (size_t i = 0; i < sizeof caught / sizeof caught[0]; i++)
		if (sigaction(caught[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(caught[i], &sa, NULL);
}

int tempfile_create(const char *prefix, int *slot)
{
	sigset_t old;
	int fd = -1, i = 0;

	if (strlen(prefix) + sizeof ".XXXXXX" > PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	block(&old);
	while (i < TEMPFILE_MAX && (live[i] || names[i][0]))
		i++;
	if (i == TEMPFILE_MAX) {
		errno = EMFILE;
	} else {
		snprintf(names[i], PATH_MAX, "%s.XXXXXX", prefix);
		if ((fd = mkostemp(names[i], O_CLOEXEC)) >= 0) {
			live[i] = 1;
			*slot = i;
		} else {
			names[i][0] = '\0';
		}
	}
	unblock(&old);
	return fd;
}

const char *tempfile_path(int slot)
{
	return names[slot];
}

int tempfile_rename(int slot, const char *target)
{
	sigset_t old;
	int rc;

	block(&old);
	if ((rc = rename(names[slot], target)) == 0) {
		live[slot] = 0;
		names[slot][0] = '\0';
	}
	unblock(&old);
	return rc;
}

void tempfile_remove(int slot)
{
	sigset_t old;
	int saved = errno;

	block(&old);
	if (live[slot])
		unlink(names[slot]);
	live[slot] = 0;
	names[slot][0] = '\0';
	unblock(&old);
	errno = saved;
}
