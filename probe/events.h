/* The loop's descriptors (events.c): libcurl's, c-ares' and SNTP's, in the
 * system's poller (poller.h). The loop's own: only probe.c includes it. */
#ifndef WUPROBE_EVENTS_H
#define WUPROBE_EVENTS_H

#include <ares.h>
#include <stdint.h>

struct probe;

/* Opens the poller and takes libcurl's socket and timer callbacks. -1: no poller. */
int events_init(struct probe *p);
void events_free(struct probe *p);
/* c-ares' ARES_OPT_SOCK_STATE_CB for the run's channel (DATA: the probe). */
void events_sock_state(void *data, ares_socket_t fd, int readable, int writable);
/* Waits up to WAIT_MS and hands what is ready to its library. -1: the poller failed. */
int events_wait(struct probe *p, int wait_ms);
/* Runs libcurl's timer if it is due (after new transfers were added). */
void events_kick(struct probe *p);
int64_t events_curl_timer(const struct probe *p);

#endif
