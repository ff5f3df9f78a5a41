/* SNTP reply packets (sntp_parse) and the offset arithmetic (sntp_offset). */
#include "fuzz.h"
#include "sntp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sntp_reply r;
	double off, delay;
	enum sntp_status st = sntp_parse(data, size, 0, &r);

	FUZZ_CHECK(sntp_status_text(st) != NULL);
	if (st == SNTP_OK)
		sntp_offset(0, r.t2, r.t3, 0, &off, &delay);
	if (st == SNTP_KISS)
		FUZZ_CHECK(strlen(r.kiss) == 4);
	return 0;
}
