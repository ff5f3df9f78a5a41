/* content_range_parse over any bytes: a range it accepts is one satisfied
 * byte range (first <= last < total, or total unknown), and its canonical
 * form parses back to the same numbers. */
#include "fuzz.h"
#include "header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct content_range r, again;
	char canon[96];

	if (content_range_parse((const char *)data, size, &r) != 0)
		return 0;
	FUZZ_CHECK(r.first <= r.last);
	FUZZ_CHECK(r.total == CR_TOTAL_UNKNOWN || r.last < r.total);
	if (r.total == CR_TOTAL_UNKNOWN)
		snprintf(canon, sizeof canon, "bytes %llu-%llu/*", r.first, r.last);
	else
		snprintf(canon, sizeof canon, "bytes %llu-%llu/%llu", r.first, r.last, r.total);
	FUZZ_CHECK(content_range_parse(canon, strlen(canon), &again) == 0);
	FUZZ_CHECK(again.first == r.first && again.last == r.last && again.total == r.total);
	return 0;
}
