/* Fault injection, for the tests of what this machine's own failures
 * become. Only the sanitized build (-DWUPROBE_FAULTS, build/san/) reads
 * WUPROBE_FAULT, the name of the one allocation that is to fail; in every
 * other build fault_at is false and nothing is read. */
#ifndef WUPROBE_FAULT_H
#define WUPROBE_FAULT_H

#include <stdbool.h>

/* True when the allocation named SITE is to fail: "endpoint_url",
 * "first_hop", "lookup_answer", "ares_nomem" (c-ares out of memory),
 * "transfer", "curl_option" (libcurl refusing an option), "record_chain",
 * "chain_verify" (OpenSSL's verification out of memory), "cert_report",
 * "redirect", "aia_fetch", "result_addrs", "result_message", "pac_engine"
 * (the PAC engine cannot start: EMFILE), "pac_redirect" (the same, for a
 * redirect target only), "pac_decision" (the copy of the script's answer
 * for a URL), "system_bundle" (the system CA bundle out of
 * memory); and
 * "epoll_add" / "epoll_dns": an exchange's or a DNS socket that cannot be
 * watched (ENOSPC). */
bool fault_at(const char *site);

#endif
