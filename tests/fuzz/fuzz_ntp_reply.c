/* One SNTP datagram judged as the reply to our request (ntp_reply): the
 * request's transmit time T1 and the receive time T4 (8 bytes each), then
 * the datagram. */
#include "fuzz.h"
#include "ntp.h"

static ntp_ts get64(const uint8_t *p)
{
	ntp_ts v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	double offset = 0, delay = 0;
	char why[400] = "";
	enum sntp_status st;

	if (size < 16)
		return 0;
	st = ntp_reply("time.fuzz.test", data + 16, size - 16, get64(data), get64(data + 8), &offset, &delay, why,
		       sizeof why);
	if (st != SNTP_OK)
		FUZZ_CHECK(strncmp(why, "time.fuzz.test", 14) == 0 && fuzz_one_line(why));
	return 0;
}
