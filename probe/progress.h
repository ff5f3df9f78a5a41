/* Progress on stderr while the run goes on (progress.c): the loop's, as it
 * reads the loop's state. */
#ifndef WUPROBE_PROGRESS_H
#define WUPROBE_PROGRESS_H

#include <stdint.h>

struct probe;

void progress_show(struct probe *p, int64_t now);
/* Erases what progress_show wrote, if anything. */
void progress_clear(struct probe *p);

#endif
