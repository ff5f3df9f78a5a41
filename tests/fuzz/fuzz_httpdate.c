/* HTTP Date header values (httpdate_parse). */
#include <time.h>

#include "fuzz.h"
#include "httpdate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	time_t t;
	struct tm tm;

	/* A date that parses is one that gmtime can show. */
	if (httpdate_parse((const char *)data, size, &t) == 0)
		FUZZ_CHECK(gmtime_r(&t, &tm) != NULL);
	return 0;
}
