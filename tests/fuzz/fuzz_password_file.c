/* --proxy-password-file (proxy_password_read): the input is the file, in
 * a memfd. The password is the first line, 1-1024 bytes, no line end. */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "proxy_setup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	char err[512], *pw;

	if (fd < 0) {
		if ((fd = memfd_create("fuzz-password", 0)) < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) || (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
	if ((pw = proxy_password_read(path, err, sizeof err))) {
		size_t n = strlen(pw);
		FUZZ_CHECK(n >= 1 && n <= 1024 && !strpbrk(pw, "\r\n"));
		FUZZ_CHECK(memcmp(pw, data, n) == 0);
		free(pw);
	} else {
		FUZZ_CHECK(fuzz_one_line(err));
	}
	return 0;
}
