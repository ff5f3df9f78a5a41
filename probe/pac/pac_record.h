/* The records the PAC child writes back to pac_eval over its pipe: the
 * format, and the child's ways to send one and to end with one. A leaf:
 * the child's parts (the engine, its helpers, its DNS) write through it. */
#ifndef WUPROBE_PAC_RECORD_H
#define WUPROBE_PAC_RECORD_H

#include <stddef.h>
#include <stdnoreturn.h>

/* A record: a type byte, the length as 4 bytes (host order: the same
 * machine), then the bytes. For each URL in order one LIST or ERROR, then
 * DONE; or FATAL, and the child ends; or LOCAL (an errno, in decimal): this
 * machine failed something the script asked for (a name lookup), so no
 * answer of the script can be trusted, and the child ends; or CAGE (an
 * errno): the child could not cage itself (pac_cage.h), and ends before
 * the script runs. */
enum pac_record {
	PAC_REC_LIST = 'L', PAC_REC_ERROR = 'E', PAC_REC_FATAL = 'F', PAC_REC_DONE = 'D', PAC_REC_LOCAL = 'M',
	PAC_REC_CAGE = 'C'
};
#define PAC_REC_HEAD 5
#define PAC_LIST_MAX 16384            /* longest list passed on */
#define PAC_MSG_MAX 400               /* longest message */

/* Writes one record to FD; -1 when the pipe is gone. */
int pac_child_send(int fd, enum pac_record type, const char *data, size_t len);

/* Writes a record of TYPE with MSG to FD and ends the child. */
noreturn void pac_child_end(int fd, enum pac_record type, const char *msg);

/* Ends the child with a LOCAL record: ERR (an errno) is this machine's
 * failure, not the script's nor the network's. */
noreturn void pac_child_end_local(int fd, int err);

#endif
