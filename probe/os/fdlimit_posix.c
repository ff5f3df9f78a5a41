/* The descriptor limit on a POSIX system: RLIMIT_NOFILE, and what is open
 * counted in /proc/self/fd (Linux). */
#include "fdlimit.h"

#include <dirent.h>
#include <sys/resource.h>

long fd_limit_raise(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		struct rlimit up = { rl.rlim_max, rl.rlim_max };
		if (setrlimit(RLIMIT_NOFILE, &up) == 0)
			rl.rlim_cur = rl.rlim_max;
	}
	return rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > (rlim_t)1 << 30 ? 1L << 30 : (long)rl.rlim_cur;
}

long fd_count_open(void)
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
