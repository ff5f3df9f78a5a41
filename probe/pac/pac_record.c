/* The PAC child's records (pac_record.h). */
#include "pac_record.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pac_proc.h"

int pac_child_send(int fd, enum pac_record type, const char *data, size_t len)
{
	char head[PAC_REC_HEAD];
	uint32_t n = (uint32_t)len;

	head[0] = (char)type;
	memcpy(head + 1, &n, sizeof n);
	return pac_proc_write(fd, head, sizeof head) < 0 || pac_proc_write(fd, data, len) < 0 ? -1 : 0;
}

noreturn void pac_child_end(int fd, enum pac_record type, const char *msg)
{
	pac_child_send(fd, type, msg, strlen(msg));
	pac_proc_exit(0);
}

noreturn void pac_child_end_local(int fd, int err)
{
	char msg[16];

	snprintf(msg, sizeof msg, "%d", err > 0 ? err : ENOMEM);
	pac_child_end(fd, PAC_REC_LOCAL, msg);
}
