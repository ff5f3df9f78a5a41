/* fd_read_until with poll and read (fdread.h). */
#include "fdread.h"

#include <errno.h>
#include <poll.h>
#include <unistd.h>

#include "clock.h"

long fd_read_until(int fd, char *buf, size_t len, int64_t deadline)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - mono_ms();
		ssize_t got;
		if (left <= 0)
			return -1;
		int rc = poll(&pfd, 1, left > 60000 ? 60000 : (int)left);
		if (rc < 0 && errno != EINTR)
			return -1;
		if (rc <= 0)
			continue;
		got = read(fd, buf, len);
		if (got < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		return got > 0 ? (long)got : 0;
	}
}
