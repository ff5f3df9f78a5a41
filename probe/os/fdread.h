/* Reading a child's pipe with a deadline (fdread_posix.c: poll and read):
 * the PAC child's (pac_proc.c) and the exporter's probes' (serve_proc.c).
 * A Windows build replaces fdread_posix.c only. */
#ifndef WUPROBE_FDREAD_H
#define WUPROBE_FDREAD_H

#include <stddef.h>
#include <stdint.h>

/* Up to LEN bytes from FD into BUF, waiting until DEADLINE (mono_ms): how
 * many; 0 when the other end closed (or reading failed); -1 at the
 * deadline (or when waiting failed). */
long fd_read_until(int fd, char *buf, size_t len, int64_t deadline);

#endif
