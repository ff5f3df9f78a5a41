/* redact(), the one way a user's value reaches a message. The first byte
 * sizes the buffer (0: REDACT_MAX), the rest is the value. Whatever the
 * size, the message is a cut of the whole one; and that is the value when
 * it has no '@', else a prefix of it without '@', "***", and the value from
 * its last '@' on: nothing between shows. Control characters show as '?'. */
#include "fuzz.h"
#include "redact.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *shown, *full, *out;
	size_t buflen, len, flen, olen;
	const char *at;

	if (size < 1)
		return 0;
	buflen = data[0] ? data[0] : REDACT_MAX;
	if (!(s = fuzz_str(data + 1, size - 1)))
		return 0;
	len = strlen(s);
	if (!(shown = malloc(len + 1)))
		abort();
	for (size_t i = 0; i <= len; i++)
		shown[i] = (unsigned char)s[i] < 0x20 && s[i] ? '?' : s[i] == 0x7f ? '?' : s[i];
	if (!(full = malloc(len + 4)) || !(out = malloc(buflen)))
		abort();
	FUZZ_CHECK(redact(s, len, full, len + 4) == full);
	FUZZ_CHECK(redact(s, len, out, buflen) == out);
	flen = strlen(full);
	olen = strlen(out);
	FUZZ_CHECK(olen == (flen < buflen ? flen : buflen - 1) && strncmp(out, full, olen) == 0);
	if (!(at = strrchr(shown, '@'))) {
		FUZZ_CHECK(strcmp(full, shown) == 0);
	} else {
		size_t suffix = strlen(at), prefix = flen - suffix - 3;
		FUZZ_CHECK(flen >= suffix + 3 && strcmp(full + prefix + 3, at) == 0);
		FUZZ_CHECK(memcmp(full + prefix, "***", 3) == 0 && strncmp(full, shown, prefix) == 0);
		FUZZ_CHECK(prefix <= (size_t)(at - shown) && !memchr(full, '@', prefix));
	}
	free(shown);
	free(out);
	free(full);
	free(s);
	return 0;
}
