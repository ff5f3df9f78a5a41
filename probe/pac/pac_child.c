/* The child that runs a PAC script. Before it reads a byte of the script
 * it limits itself (pac_proc_confine: no core dump, a CPU limit, an
 * address-space limit as a backstop, every descriptor closed but the pipe,
 * default signal handling, death with the parent); then it makes its
 * resolver's channel, loads the time zone, and cages itself (pac_cage.h):
 * a child that cannot is this machine's failure, and the script does not
 * run uncaged. Duktape allocates
 * through a counting allocator that refuses past env->mem_cap: an
 * allocation that fails past the cap ends the whole evaluation ("allocated
 * past its N MiB cap"). The parent's deadline ends a script that runs too
 * long (Debian's duktape has no execution timeout check built in). */
#include "pac_child.h"

#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fault.h"
#include "pac_js.h"
#include "pac_utf8.h"

#define HEAD alignof(max_align_t)   /* each block starts with its size */

static struct {
	size_t used, cap;
	bool refused;
} heap_acct;
static const struct pac_job *job_now;

static void *acct_alloc(void *ud, duk_size_t size)
{
	size_t *p;

	(void)ud;
	if (size > heap_acct.cap - heap_acct.used) {
		heap_acct.refused = true;
		return NULL;
	}
	if (!(p = malloc(HEAD + size))) {
		heap_acct.refused = true;
		return NULL;
	}
	*p = size;
	heap_acct.used += size;
	return (char *)p + HEAD;
}

static void acct_free(void *ud, void *ptr)
{
	(void)ud;
	if (ptr) {
		size_t *p = (size_t *)(void *)((char *)ptr - HEAD);
		heap_acct.used -= *p;
		free(p);
	}
}

static void *acct_realloc(void *ud, void *ptr, duk_size_t size)
{
	size_t *p, old;

	if (!ptr)
		return acct_alloc(ud, size);
	if (size == 0) {
		acct_free(ud, ptr);
		return NULL;
	}
	p = (size_t *)(void *)((char *)ptr - HEAD);
	old = *p;
	if (size > old && size - old > heap_acct.cap - heap_acct.used) {
		heap_acct.refused = true;
		return NULL;
	}
	if (!(p = realloc(p, HEAD + size))) {
		heap_acct.refused = true;
		return NULL;
	}
	heap_acct.used = heap_acct.used - old + size;
	*p = size;
	return (char *)p + HEAD;
}

static noreturn void end_capped(const struct pac_job *job)
{
	char msg[PAC_MSG_MAX];

	snprintf(msg, sizeof msg, "%s: allocated past its %g MiB cap", job->shown,
		 (double)job->env->mem_cap / (1024.0 * 1024.0));
	pac_child_end(job->fd, PAC_REC_FATAL, msg);
}

static void on_duk_fatal(void *ud, const char *what)
{
	char msg[PAC_MSG_MAX];

	(void)ud;
	if (heap_acct.refused)
		end_capped(job_now);
	snprintf(msg, sizeof msg, "%s: the PAC engine failed: %.200s", job_now->shown, what ? what : "?");
	pac_child_end(job_now->fd, PAC_REC_FATAL, msg);
}

/* What the script may need from files, read now; then the cage. */
static void cage_self(const struct pac_job *job)
{
	char msg[16];
	int err;

	pac_dns_prepare(job);
	tzset();                             /* /etc/localtime, for localtime_r */
	if ((err = pac_cage_enter(&job->cage))) {
		snprintf(msg, sizeof msg, "%d", err);
		pac_child_end(job->fd, PAC_REC_CAGE, msg);
	}
	pac_proc_check_parent(job->proc);
}

/* The script as well-formed UTF-8 (pac_utf8.h), into *LEN: its own bytes
 * when they are; else a repaired copy, a buffer pushed on CTX's stack and
 * counted against the memory cap like anything the script makes (past it,
 * duktape's fatal handler ends the child). */
static const char *source(duk_context *ctx, const struct pac_job *job, size_t *len, bool *pushed)
{
	char *fixed;

	*len = job->len;
	*pushed = pac_utf8_valid(job->script, job->len) < job->len;
	if (!*pushed)
		return job->script;
	fixed = duk_push_fixed_buffer(ctx, pac_utf8_repair(job->script, job->len, NULL));
	*len = pac_utf8_repair(job->script, job->len, fixed);
	return fixed;
}

/* Calls FN (on the stack, consumed) for URL i; sends its record. */
static void call_one(duk_context *ctx, const struct pac_job *job, size_t i, const char *fn)
{
	char msg[PAC_MSG_MAX];
	duk_size_t len;
	const char *s;

	heap_acct.refused = false;
	/* The tests: an escaped script's first try, which the cage ends (SIGSYS). */
	if (fault_at("pac_forbidden"))
		pac_cage_breach();
	duk_push_string(ctx, job->urls[i]);
	duk_push_string(ctx, job->hosts[i]);
	if (duk_pcall(ctx, 2) != DUK_EXEC_SUCCESS) {
		if (heap_acct.refused)
			end_capped(job);
		pac_error_describe(ctx, job, msg, sizeof msg);
		pac_child_send(job->fd, PAC_REC_ERROR, msg, strlen(msg));
		return;
	}
	if (!duk_is_string(ctx, -1)) {
		static const char *const types[] = { "nothing", "undefined", "null", "a boolean", "a number",
						     "a string", "an object", "a buffer", "a pointer", "a function" };
		int t = duk_get_type(ctx, -1);
		snprintf(msg, sizeof msg, "%s: %s returned %s, not a string", job->shown, fn,
			 t >= 0 && t < (int)(sizeof types / sizeof types[0]) ? types[t] : "something else");
		pac_child_send(job->fd, PAC_REC_ERROR, msg, strlen(msg));
	} else {
		s = duk_get_lstring(ctx, -1, &len);
		if (len <= PAC_LIST_MAX && !memchr(s, '\0', len)) {
			pac_child_send(job->fd, PAC_REC_LIST, s, len);
		} else {
			snprintf(msg, sizeof msg, "%s: %s returned %s", job->shown, fn,
				 len > PAC_LIST_MAX ? "a string longer than 16384 bytes" : "a string with a NUL byte");
			pac_child_send(job->fd, PAC_REC_ERROR, msg, strlen(msg));
		}
	}
	duk_pop(ctx);
}

noreturn void pac_child_run(const struct pac_job *given)
{
	struct pac_job job = *given;
	char msg[PAC_MSG_MAX];
	const char *fn = "FindProxyForURLEx", *src;
	duk_context *ctx;
	size_t srclen;
	bool pushed;

	job.fd = pac_proc_confine(job.proc, job.env->budget_s, job.env->mem_cap);
	cage_self(&job);
	job_now = &job;
	heap_acct.cap = job.env->mem_cap;
	if (!(ctx = duk_create_heap(acct_alloc, acct_realloc, acct_free, NULL, on_duk_fatal)))
		end_capped(&job);
	if (pac_funcs_register(ctx, &job) < 0) {
		if (heap_acct.refused)
			end_capped(&job);
		pac_error_describe(ctx, &job, msg, sizeof msg);
		pac_child_end(job.fd, PAC_REC_FATAL, msg);
	}
	src = source(ctx, &job, &srclen, &pushed);
	duk_push_string(ctx, PAC_JS_FILE);
	if (duk_pcompile_lstring_filename(ctx, 0, src, srclen) != 0 || duk_pcall(ctx, 0) != DUK_EXEC_SUCCESS) {
		if (heap_acct.refused)
			end_capped(&job);
		pac_error_describe(ctx, &job, msg, sizeof msg);
		pac_child_end(job.fd, PAC_REC_FATAL, msg);
	}
	duk_pop_n(ctx, pushed ? 2 : 1);      /* the result, the repaired copy */
	/* "FindProxyForURLEx (url, host) ... will replace the legacy
	 * FindProxyForUrl" when the script defines it (IPv6-Aware Proxy Helper
	 * API Definitions, https://learn.microsoft.com/en-us/windows/win32/
	 * winhttp/ipv6-aware-proxy-helper-api-definitions). */
	if (!duk_get_global_string(ctx, fn) || !duk_is_function(ctx, -1)) {
		duk_pop(ctx);
		fn = "FindProxyForURL";
		if (!duk_get_global_string(ctx, fn) || !duk_is_function(ctx, -1)) {
			snprintf(msg, sizeof msg, "%s: defines no function FindProxyForURL", job.shown);
			pac_child_end(job.fd, PAC_REC_FATAL, msg);
		}
	}
	for (size_t i = 0; i < job.n; i++) {
		duk_dup(ctx, -1);
		call_one(ctx, &job, i, fn);
	}
	pac_child_end(job.fd, PAC_REC_DONE, "");
}
