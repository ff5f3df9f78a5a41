/* An earlier JSON report for --compare (earlier_parse): any bytes. Read
 * whole or refused with one printable line; every index it keeps points
 * inside what it read. */
#include "earlier.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct earlier e;
	char err[512] = "";

	if (earlier_parse((const char *)data, size, "--compare", "fuzz", &e, err, sizeof err) == 0) {
		for (size_t i = 0; i < e.n; i++) {
			FUZZ_CHECK(e.eps[i].url && e.eps[i].route);
			FUZZ_CHECK(e.eps[i].cause_at < (long)e.ncauses);
			FUZZ_CHECK(e.eps[i].status >= -1 && e.eps[i].status <= 3);
			FUZZ_CHECK(memchr(e.eps[i].code, '\0', sizeof e.eps[i].code) != NULL);
		}
		for (size_t k = 0; k < e.ncauses; k++)
			FUZZ_CHECK(e.causes[k].key && e.causes[k].text);
		FUZZ_CHECK(memchr(e.started_at, '\0', sizeof e.started_at) != NULL);
		earlier_free(&e);
	} else {
		FUZZ_CHECK(err[0] && !strchr(err, '\n'));
		FUZZ_CHECK(e.n == 0 && e.eps == NULL && e.causes == NULL);
	}
	return 0;
}
