/* The descriptor budget. A run that needs more descriptors than the process
 * may open would see EMFILE on sockets and, without this, report refused
 * connections and unanswered lookups that are not there. */
#include "fdbudget.h"

#include <dirent.h>
#include <sys/resource.h>

size_t fd_budget_fit(long limit, long open, size_t requested)
{
	long room = limit - open - FD_RESERVE;
	size_t fit = room > 0 ? (size_t)(room / FD_PER_ENDPOINT) : 0;

	return fit < requested ? fit : requested;
}

static long count_open(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = 0;

	if (!d)
		return 16;                 /* no /proc: assume a few beyond stdio */
	while (readdir(d))
		n++;
	closedir(d);
	return n > 3 ? n - 3 : 0;          /* ".", ".." and the directory's own descriptor */
}

void fd_budget_init(struct fd_budget *b, size_t requested)
{
	struct rlimit rl;

	b->limit = 1024;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		if (rl.rlim_cur < rl.rlim_max) {
			struct rlimit up = { rl.rlim_max, rl.rlim_max };
			if (setrlimit(RLIMIT_NOFILE, &up) == 0)
				rl.rlim_cur = rl.rlim_max;
		}
		b->limit = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (rlim_t)1 << 30 ? 1L << 30 : (long)rl.rlim_cur;
	}
	b->open = count_open();
	b->parallel = fd_budget_fit(b->limit, b->open, requested);
}
