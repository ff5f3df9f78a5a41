/* Time: the monotonic clock for deadlines and durations, the wall clock only
 * for timestamps in reports. */
#ifndef WUPROBE_CLOCK_H
#define WUPROBE_CLOCK_H

#include <stddef.h>
#include <stdint.h>

int64_t mono_ms(void);
int64_t mono_us(void);
/* The wall clock in seconds since 1970, for comparison with other clocks only. */
double wall_now(void);
/* The wall clock now as ISO 8601 UTC with milliseconds, into BUF (>= 32 bytes). */
void wall_iso8601(char *buf, size_t len);

#endif
