/* pac_eval: the parent's side. A forked child runs the script (pac_child.c)
 * and writes its records into a pipe; this side reads them with poll()
 * until the budget's monotonic deadline, then kills the child (SIGKILL) if
 * it is still there, and always reaps it. Whatever the script does, the
 * caller gets its answer by the deadline and keeps running. */
#define _GNU_SOURCE   /* sigabbrev_np */
#include "pac_eval.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fault.h"
#include "pac_child.h"
#include "redact.h"

struct collect {
	char buf[PAC_REC_HEAD + PAC_LIST_MAX];
	size_t used, next, n;
	struct pac_result *out;
	bool done, fatal, garbled;
	int local_err;                 /* a LOCAL record's errno, 0 none */
	int cage_err;                  /* a CAGE record's errno, 0 none */
	char fatal_msg[PAC_MSG_MAX + 1];
};

/* Takes the complete records off the front of C->buf. */
static void take_records(struct collect *c)
{
	while (c->used >= PAC_REC_HEAD && !c->garbled) {
		uint32_t len;
		char type = c->buf[0], *copy = NULL;
		memcpy(&len, c->buf + 1, sizeof len);
		if (len > PAC_LIST_MAX || (type != PAC_REC_LIST && type != PAC_REC_ERROR && type != PAC_REC_FATAL &&
					   type != PAC_REC_DONE && type != PAC_REC_LOCAL && type != PAC_REC_CAGE)) {
			c->garbled = true;
			return;
		}
		if (c->used < PAC_REC_HEAD + len)
			return;
		const char *data = c->buf + PAC_REC_HEAD;
		if (type == PAC_REC_DONE) {
			c->done = true;
		} else if (type == PAC_REC_LOCAL || type == PAC_REC_CAGE) {
			char num[16];
			snprintf(num, sizeof num, "%.*s", (int)(len < 15 ? len : 15), data);
			long e = strtol(num, NULL, 10);
			*(type == PAC_REC_LOCAL ? &c->local_err : &c->cage_err) = e > 0 && e < 4096 ? (int)e : ENOMEM;
		} else if (type == PAC_REC_FATAL) {
			snprintf(c->fatal_msg, sizeof c->fatal_msg, "%.*s", (int)len, data);
			c->fatal = true;
		} else if (c->next >= c->n || !(copy = strndup(data, len))) {
			c->garbled = true;
			return;
		} else {
			*(type == PAC_REC_LIST ? &c->out[c->next].list : &c->out[c->next].error) = copy;
			c->next++;
		}
		c->used -= PAC_REC_HEAD + len;
		memmove(c->buf, c->buf + PAC_REC_HEAD + len, c->used);
	}
}

/* Reads until the child closes the pipe (true) or the deadline (false). */
static bool read_until(int fd, int64_t deadline, struct collect *c)
{
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - mono_ms();
		ssize_t got;
		if (left <= 0 || c->garbled)
			return false;
		int rc = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (rc < 0 && errno != EINTR)
			return false;
		if (rc <= 0)
			continue;
		got = read(fd, c->buf + c->used, sizeof c->buf - c->used);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (got <= 0)
			return true;
		c->used += (size_t)got;
		take_records(c);
	}
}

/* Waits for PID until DEADLINE, then kills it; returns its wait status. */
static int reap(pid_t pid, int64_t deadline, bool kill_now, bool *killed)
{
	int st = 0;

	*killed = false;
	while (!kill_now && mono_ms() < deadline) {
		pid_t w = waitpid(pid, &st, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			return st;
		struct timespec ms = { 0, 1000000 };
		nanosleep(&ms, NULL);
	}
	kill(pid, SIGKILL);
	*killed = true;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return st;
}

static void outcome(const struct collect *c, const char *shown, const struct pac_env *env, int st, bool killed,
		    char *err, size_t errlen)
{
	if (c->fatal)
		snprintf(err, errlen, "%s", c->fatal_msg);
	else if (killed || (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU))
		snprintf(err, errlen, "%s: ran past its %g s budget", shown, env->budget_s);
	else if (c->garbled)
		snprintf(err, errlen, "%s: the PAC engine sent what it should not", shown);
	else if (WIFSIGNALED(st))
		snprintf(err, errlen, "%s: the PAC engine died of SIG%s", shown,
			 sigabbrev_np(WTERMSIG(st)) ? sigabbrev_np(WTERMSIG(st)) : "?");
	else if (WIFEXITED(st) && WEXITSTATUS(st) != 0)
		snprintf(err, errlen, "%s: the PAC engine ended with status %d", shown, WEXITSTATUS(st));
	else
		snprintf(err, errlen, "%s: the PAC engine ended before it answered", shown);
}

int pac_eval(const char *script, size_t len, const char *name, const char *const *urls,
	     const char *const *hosts, size_t n, const struct pac_env *env,
	     struct pac_result *out, char *err, size_t errlen)
{
	char shown[REDACT_MAX];
	struct collect *c = NULL;
	int fds[2] = { -1, -1 }, st, rc = -1, local_err = 0;
	bool eof, killed;
	pid_t pid;

	redact(name ? name : "PAC script", name ? strlen(name) : 10, shown, 200);
	if (n)
		memset(out, 0, n * sizeof *out);
	if (!script || !env || !(env->budget_s > 0) || env->mem_cap == 0 || (n && (!urls || !hosts || !out))) {
		snprintf(err, errlen, "%s: the PAC engine was called without a script, budget or cap", shown);
		return -1;
	}
	if (fault_at("pac_engine") ? (errno = EMFILE, true) : !(c = calloc(1, sizeof *c)) || pipe2(fds, O_CLOEXEC) < 0) {
		int e = errno;
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: %s", shown, strerror(e));
		free(c);
		errno = e;
		return PAC_EVAL_LOCAL;
	}
	struct pac_job job = { .script = script, .len = len, .shown = shown, .urls = urls, .hosts = hosts, .n = n,
			       .env = env, .fd = fds[1], .parent = getpid() };
	if ((local_err = pac_cage_plan(&job.cage))) {
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: its cage failed: %s", shown,
			 strerror(local_err));
		rc = PAC_EVAL_LOCAL;
		goto out;
	}
	job.deadline_ms = mono_ms() + (int64_t)(env->budget_s * 1000.0 + 0.5);
	/* Every signal blocked across the fork: one that reached the child
	 * before it set its handlers back to the default (limit_self) would run
	 * the parent's handler in the child (a test runner's SIGSEGV handler
	 * went on running the tests there). The child unblocks them once its
	 * handlers are the default ones. */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		pac_child_run(&job);
	}
	int fork_err = errno;
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (pid < 0) {
		local_err = fork_err;
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: %s", shown, strerror(local_err));
		rc = PAC_EVAL_LOCAL;
		goto out;
	}
	close(fds[1]);
	fds[1] = -1;
	c->out = out, c->n = n;
	eof = read_until(fds[0], job.deadline_ms, c);
	st = reap(pid, job.deadline_ms, !eof, &killed);
	if (c->cage_err) {                  /* the script did not run */
		local_err = c->cage_err;
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: its cage failed: %s", shown,
			 strerror(local_err));
		rc = PAC_EVAL_LOCAL;
	} else if (c->local_err) {          /* the answers so far cannot be trusted either */
		local_err = c->local_err;
		snprintf(err, errlen, "%s: this machine failed a name lookup the script asked for: %s", shown,
			 strerror(local_err));
		rc = PAC_EVAL_LOCAL;
	} else if (c->done && !c->fatal && !c->garbled && c->next == n)
		rc = 0;
	else
		outcome(c, shown, env, st, killed && !c->done, err, errlen);
out:
	if (rc)
		pac_results_free(out, n);
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	free(c);
	if (rc == PAC_EVAL_LOCAL)
		errno = local_err;      /* for the caller's verdict */
	return rc;
}

void pac_results_free(struct pac_result *r, size_t n)
{
	for (size_t i = 0; r && i < n; i++) {
		free(r[i].list);
		free(r[i].error);
		r[i].list = r[i].error = NULL;
	}
}
