/* The descriptors this process may open, as the system says
 * (fdlimit_posix.c): the descriptor budget (fdbudget.c) plans within it. A
 * Windows build replaces fdlimit_posix.c only. */
#ifndef WUPROBE_FDLIMIT_H
#define WUPROBE_FDLIMIT_H

/* Raises the soft descriptor limit to the hard one where it may, and
 * returns the soft limit then (1024 when the system will not say; at most
 * 2^30, for "unlimited"). */
long fd_limit_raise(void);

/* Descriptors open now, beyond the one that counts them. */
long fd_count_open(void);

#endif
