/* The poller on Linux: one epoll set. A wake-up costs what is ready, not
 * what is open. */
#include "poller.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <unistd.h>

#define POLLER_BATCH 32

struct poller {
	int fd;
};

struct poller *poller_open(void)
{
	struct poller *pl = malloc(sizeof *pl);

	if (pl && (pl->fd = epoll_create1(EPOLL_CLOEXEC)) < 0) {
		free(pl);
		pl = NULL;
	}
	return pl;
}

void poller_close(struct poller *pl)
{
	if (pl) {
		close(pl->fd);
		free(pl);
	}
}

static int ctl(struct poller *pl, int op, int fd, uint64_t tag, bool in, bool out)
{
	struct epoll_event ev = { .events = (in ? EPOLLIN : 0u) | (out ? EPOLLOUT : 0u), .data.u64 = tag };

	return epoll_ctl(pl->fd, op, fd, &ev) == 0 ? 0 : errno;
}

int poller_add(struct poller *pl, int fd, uint64_t tag, bool in, bool out)
{
	return ctl(pl, EPOLL_CTL_ADD, fd, tag, in, out);
}

int poller_modify(struct poller *pl, int fd, uint64_t tag, bool in, bool out)
{
	return ctl(pl, EPOLL_CTL_MOD, fd, tag, in, out);
}

void poller_remove(struct poller *pl, int fd)
{
	epoll_ctl(pl->fd, EPOLL_CTL_DEL, fd, NULL);
}

int poller_wait(struct poller *pl, struct poller_event *evs, int max, int wait_ms)
{
	struct epoll_event ev[POLLER_BATCH];
	int n = epoll_wait(pl->fd, ev, max < POLLER_BATCH ? max : POLLER_BATCH, wait_ms);

	if (n < 0)
		return errno == EINTR ? 0 : -1;
	for (int i = 0; i < n; i++)
		evs[i] = (struct poller_event){
			.tag = ev[i].data.u64,
			.in = ev[i].events & (EPOLLIN | EPOLLPRI | EPOLLERR | EPOLLHUP),
			.out = ev[i].events & EPOLLOUT,
			.err = ev[i].events & EPOLLERR,
		};
	return n;
}
