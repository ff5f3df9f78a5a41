/* Fault injection, for the tests of what this machine's own failures
 * become. Only the sanitized build (-DWUPROBE_FAULTS, build/san/) reads
 * WUPROBE_FAULT, the name of the one allocation that is to fail; in every
 * other build fault_at is false and nothing is read. */
#ifndef WUPROBE_FAULT_H
#define WUPROBE_FAULT_H

#include <stdbool.h>

/* True when the allocation named SITE is to fail; "SITE@N" fails only the
 * Nth time SITE is asked. Sites: "endpoint_url", "first_hop",
 * "lookup_answer", "ares_nomem" (c-ares out of memory), "transfer",
 * "curl_option" (libcurl refusing an option), "record_chain",
 * "chain_verify" (OpenSSL's verification out of memory), "cert_report",
 * "redirect", "redirect_url" (the held copy of a redirect target's URL),
 * "aia_fetch", "result_addrs", "result_message", "pac_engine" (the PAC
 * engine cannot start: EMFILE), "pac_redirect" (the same, for a redirect
 * target only), "pac_decision" (the copy of the script's answer for a
 * URL), "pac_dns" / "pac_dns_socket" (a name lookup the script asked for:
 * no memory, no socket), "pac_idna" (the IDNA form of a name the script
 * asked for: no memory), "pac_cage" (the PAC child cannot cage itself:
 * EPERM), "pac_seccomp" (this system's seccomp cannot kill a process, as
 * under valgrind: ENOSYS), "pac_forbidden" (not a failure: the caged PAC child tries to run
 * a program, as an escaped script would, and the cage kills it),
 * "pac_child_slow" (not a failure: the PAC child waits 0.3 s before it
 * sets its signal handlers, so a signal reaches it there first),
 * "system_bundle" (the system CA bundle out of
 * memory), "sntp_socket", "hosts_skipped" (c-ares told not to read
 * /etc/hosts, as when it cannot open it), "hosts_unreadable" (the check of
 * /etc/hosts after a negative answer: ENFILE); and "epoll_add" /
 * "epoll_dns": an exchange's or a DNS socket that cannot be watched
 * (ENOSPC). */
bool fault_at(const char *site);

#endif
