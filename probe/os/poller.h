/* The operating system's readiness poller, the only part of the loop's
 * waiting that is the system's (poller_epoll.c: Linux's epoll). The loop
 * (events.c) tags each descriptor with a number of its own and gets the tag
 * back with what is ready; a Windows build replaces poller_epoll.c only. */
#ifndef WUPROBE_POLLER_H
#define WUPROBE_POLLER_H

#include <stdbool.h>
#include <stdint.h>

struct poller;

/* What one descriptor is ready for: IN also when it hung up or failed (a
 * read says why), ERR when it failed. */
struct poller_event {
	uint64_t tag;
	bool in, out, err;
};

/* A new poller, NULL when the system would not give one. */
struct poller *poller_open(void);
void poller_close(struct poller *pl);
/* Watches FD for IN and/or OUT, with TAG. Each returns 0 or the errno:
 * poller_modify ENOENT when FD is not watched yet, poller_add ENOMEM or
 * ENOSPC when the system will watch no more. */
int poller_add(struct poller *pl, int fd, uint64_t tag, bool in, bool out);
int poller_modify(struct poller *pl, int fd, uint64_t tag, bool in, bool out);
void poller_remove(struct poller *pl, int fd);
/* Waits up to WAIT_MS for at most MAX events into EVS: how many, 0 when a
 * signal came first, -1 when the poller failed. */
int poller_wait(struct poller *pl, struct poller_event *evs, int max, int wait_ms);

#endif
