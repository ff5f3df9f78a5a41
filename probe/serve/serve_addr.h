/* The exporter's listening address (--serve ADDR). */
#ifndef WUPROBE_SERVE_ADDR_H
#define WUPROBE_SERVE_ADDR_H

#include <stddef.h>
#include <sys/socket.h>

/* ADDR is PORT (on 127.0.0.1: loopback unless told otherwise), IP:PORT, or
 * [IPv6]:PORT; PORT 1-65535. Writes it to SA. 0, or -1 with one line in
 * ERR. */
int serve_addr_parse(const char *addr, struct sockaddr_storage *sa, char *err, size_t errlen);

#endif
