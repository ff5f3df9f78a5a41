/* A PAC script's bytes made well-formed UTF-8 before the engine reads them
 * (pac_utf8.c). Properties: the repair is well-formed and no longer than
 * 3 * LEN; counting and writing agree; a well-formed input comes back as it
 * is; the well-formed prefix is kept byte for byte; each replacement is
 * U+FFFD; repairing twice changes nothing. */
#include "fuzz.h"
#include "pac_utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	size_t ok = pac_utf8_valid(in, size), n = pac_utf8_repair(in, size, NULL);
	char *out = malloc(3 * size + 1), *again = malloc(3 * size + 1);

	if (!out || !again)
		abort();
	FUZZ_CHECK(ok <= size && n <= 3 * size);
	FUZZ_CHECK(pac_utf8_repair(in, size, out) == n);
	FUZZ_CHECK(pac_utf8_valid(out, n) == n);
	FUZZ_CHECK(n >= ok && memcmp(out, in, ok) == 0);
	if (ok == size)
		FUZZ_CHECK(n == size && memcmp(out, in, size) == 0);
	else
		FUZZ_CHECK(n >= ok + 3 && memcmp(out + ok, "\xEF\xBF\xBD", 3) == 0);
	FUZZ_CHECK(pac_utf8_repair(out, n, again) == n && memcmp(again, out, n) == 0);
	free(out);
	free(again);
	return 0;
}
