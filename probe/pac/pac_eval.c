/* pac_eval: the parent's side. A child process runs the script
 * (pac_child.c) and writes its records into a pipe (pac_proc.h); this side
 * reads them until the budget's monotonic deadline, then kills the child
 * if it is still there, and always reaps it. Whatever the script does, the
 * caller gets its answer by the deadline and keeps running. */
#include "pac_eval.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fault.h"
#include "pac_child.h"
#include "pac_proc.h"
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
static bool read_until(struct pac_proc *p, int64_t deadline, struct collect *c)
{
	while (!c->garbled) {
		long got = pac_proc_read(p, c->buf + c->used, sizeof c->buf - c->used, deadline);
		if (got <= 0)
			return got == 0;
		c->used += (size_t)got;
		take_records(c);
	}
	return false;
}

static void outcome(const struct collect *c, const char *shown, const struct pac_env *env,
		    const struct pac_proc_end *end, char *err, size_t errlen)
{
	if (c->fatal)
		snprintf(err, errlen, "%s", c->fatal_msg);
	else if ((end->killed && !c->done) || end->cpu_limit)
		snprintf(err, errlen, "%s: ran past its %g s budget", shown, env->budget_s);
	else if (c->garbled)
		snprintf(err, errlen, "%s: the PAC engine sent what it should not", shown);
	else if (end->signal)
		snprintf(err, errlen, "%s: the PAC engine died of SIG%s", shown, end->signal);
	else if (end->status != 0)
		snprintf(err, errlen, "%s: the PAC engine ended with status %d", shown, end->status);
	else
		snprintf(err, errlen, "%s: the PAC engine ended before it answered", shown);
}

/* The child's process runs the job (pac_proc_spawn's CHILD). */
static void run_child(void *job)
{
	pac_child_run(job);
}

int pac_eval(const char *script, size_t len, const char *name, const char *const *urls,
	     const char *const *hosts, size_t n, const struct pac_env *env,
	     struct pac_result *out, char *err, size_t errlen)
{
	char shown[REDACT_MAX];
	struct collect *c = NULL;
	struct pac_proc proc;
	struct pac_proc_end end;
	int rc = -1, local_err = 0;

	redact(name ? name : "PAC script", name ? strlen(name) : 10, shown, 200);
	if (n)
		memset(out, 0, n * sizeof *out);
	if (!script || !env || !(env->budget_s > 0) || env->mem_cap == 0 || (n && (!urls || !hosts || !out))) {
		snprintf(err, errlen, "%s: the PAC engine was called without a script, budget or cap", shown);
		return -1;
	}
	int e = fault_at("pac_engine") ? EMFILE : !(c = calloc(1, sizeof *c)) ? errno : pac_proc_pipe(&proc);
	if (e) {
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: %s", shown, strerror(e));
		free(c);
		errno = e;
		return PAC_EVAL_LOCAL;
	}
	struct pac_job job = { .script = script, .len = len, .shown = shown, .urls = urls, .hosts = hosts, .n = n,
			       .env = env, .fd = proc.wr, .proc = &proc };
	if ((local_err = pac_cage_plan(&job.cage))) {   /* its filter */
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: its sandbox could not be set up: "
			 "seccomp: %s", shown, strerror(local_err));
		rc = PAC_EVAL_LOCAL;
		goto out;
	}
	job.deadline_ms = mono_ms() + (int64_t)(env->budget_s * 1000.0 + 0.5);
	if ((local_err = pac_proc_spawn(&proc, run_child, &job))) {
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: %s", shown, strerror(local_err));
		rc = PAC_EVAL_LOCAL;
		goto out;
	}
	c->out = out, c->n = n;
	bool eof = read_until(&proc, job.deadline_ms, c);
	pac_proc_reap(&proc, job.deadline_ms, !eof, &end);
	if (c->cage_err) {                  /* the script did not run */
		local_err = c->cage_err;
		snprintf(err, errlen, "%s: this machine cannot start the PAC engine: its sandbox could not be set "
			 "up: %s", shown, strerror(local_err));
		rc = PAC_EVAL_LOCAL;
	} else if (c->local_err) {          /* the answers so far cannot be trusted either */
		local_err = c->local_err;
		snprintf(err, errlen, "%s: this machine failed a name lookup the script asked for: %s", shown,
			 strerror(local_err));
		rc = PAC_EVAL_LOCAL;
	} else if (c->done && !c->fatal && !c->garbled && c->next == n)
		rc = 0;
	else
		outcome(c, shown, env, &end, err, errlen);
out:
	if (rc)
		pac_results_free(out, n);
	pac_proc_close(&proc);
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
