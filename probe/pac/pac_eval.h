/* The PAC engine: a proxy auto-config script run the way WinHTTP runs it,
 * in a forked child with a memory cap and a time budget (pac_eval.c, the
 * child in pac_child.c). The list it returns is read by pac_list.h. */
#ifndef WUPROBE_PAC_EVAL_H
#define WUPROBE_PAC_EVAL_H

#include <stddef.h>

struct pac_env {
	const char *dns_servers;   /* c-ares CSV form ("127.0.0.1,127.0.0.2:5353") or NULL: /etc/resolv.conf */
	const char *client_ip;     /* what myIpAddress()/myIpAddressEx() return (the caller decides) */
	double budget_s;           /* wall time for the whole evaluation (compile + every call) */
	size_t mem_cap;            /* bytes the child may allocate (RLIMIT_AS / duktape alloc hook) */
};

struct pac_result {
	char *list;                /* what FindProxyForURL(Ex) returned, malloc'd, NULL on error */
	char *error;               /* NULL, or one line: a run-time error for this URL (with the PAC line) */
};

/* Runs SCRIPT (LEN bytes, NAME for messages: the URL or file) in a forked
 * child with a memory cap and a time budget; calls FindProxyForURLEx (when
 * the script defines it) else FindProxyForURL for each (URLS[i], HOSTS[i]).
 * Returns 0 with OUT[0..N-1] filled, PAC_EVAL_LOCAL (with ERR) when this
 * machine could not start it or failed a name lookup the script made, or
 * -1 with a one-line reason in ERR when the script as a whole is bad: a syntax error ("NAME:LINE: SyntaxError:
 * ..."), no FindProxyForURL, the budget or memory cap exceeded ("NAME: ran
 * past its N s budget", "NAME: allocated past its N MiB cap"), the child
 * crashed (one the cage killed for a forbidden system call: "NAME: the PAC
 * engine died of SIGSYS"). Never hangs past budget_s (+ a small margin to reap the child);
 * never harms the caller (the child is killed and reaped). Every message
 * starts with NAME, credentials in it hidden (redact.h). */
/* pac_eval's return when this machine could not run the engine (no memory,
 * descriptor or process for it, or a child that could not cage itself:
 * pac_cage.h), or failed a lookup for dnsResolve and its
 * kin (whose "no address" would have sent the script down another branch);
 * errno says which: no claim about the script. */
#define PAC_EVAL_LOCAL (-2)
int pac_eval(const char *script, size_t len, const char *name, const char *const *urls,
	     const char *const *hosts, size_t n, const struct pac_env *env,
	     struct pac_result *out, char *err, size_t errlen);
void pac_results_free(struct pac_result *r, size_t n);

#endif
