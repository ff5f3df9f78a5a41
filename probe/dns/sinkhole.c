/* DNS filters' block answers (sinkhole.h). */
#include "sinkhole.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

static bool sinkhole_v4(const unsigned char b[4])
{
	static const unsigned char loopback_one[4] = { 127, 0, 0, 1 };

	return b[0] == 0 || memcmp(b, loopback_one, 4) == 0;    /* 0.0.0.0/8, 127.0.0.1 */
}

bool sinkhole_addr(int family, const void *addr)
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	static const unsigned char zero[15] = { 0 };

	if (family == AF_INET)
		return sinkhole_v4(addr);
	if (family != AF_INET6)
		return false;
	const unsigned char *b = addr;
	if (memcmp(b, zero, 15) == 0)
		return b[15] == 0 || b[15] == 1;                 /* ::, ::1 */
	return memcmp(b, mapped, 12) == 0 && sinkhole_v4(b + 12);
}

bool sinkhole_text(const char *addr)
{
	unsigned char b[16];

	if (inet_pton(AF_INET, addr, b) == 1)
		return sinkhole_addr(AF_INET, b);
	if (inet_pton(AF_INET6, addr, b) == 1)
		return sinkhole_addr(AF_INET6, b);
	return false;
}

const char *sinkhole_meaning(const char *addr)
{
	unsigned char b[16];
	bool v4 = inet_pton(AF_INET, addr, b) == 1;

	if (!v4 && inet_pton(AF_INET6, addr, b) == 1 && memcmp(b, (const unsigned char[10]){ 0 }, 10) == 0 &&
	    b[10] == 0xff && b[11] == 0xff) {
		memmove(b, b + 12, 4);     /* IPv4-mapped: as the IPv4 address */
		v4 = true;
	}
	if (v4 ? b[0] == 127 : memcmp(b, (const unsigned char[16]){ [15] = 1 }, 16) == 0)
		return "a Windows client reaches only itself there";
	return "a Windows client cannot connect there";
}
