/* The PAC child's records (pac_record.h). */
#include "pac_record.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int pac_child_send(int fd, enum pac_record type, const char *data, size_t len)
{
	char head[PAC_REC_HEAD];
	uint32_t n = (uint32_t)len;
	const char *parts[2] = { head, data };
	size_t lens[2] = { sizeof head, len };

	head[0] = (char)type;
	memcpy(head + 1, &n, sizeof n);
	for (int i = 0; i < 2; i++)
		for (size_t done = 0; done < lens[i];) {
			ssize_t w = write(fd, parts[i] + done, lens[i] - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			done += (size_t)w;
		}
	return 0;
}

noreturn void pac_child_end(int fd, enum pac_record type, const char *msg)
{
	pac_child_send(fd, type, msg, strlen(msg));
	_exit(0);
}

noreturn void pac_child_end_local(int fd, int err)
{
	char msg[16];

	snprintf(msg, sizeof msg, "%d", err > 0 ? err : ENOMEM);
	pac_child_end(fd, PAC_REC_LOCAL, msg);
}
