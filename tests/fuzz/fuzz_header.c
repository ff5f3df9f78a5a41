/* The response-header lines of an exchange (header_begin, header_feed), as
 * libcurl hands them over: the input after its first byte (1: through a
 * proxy) split into lines after each LF, each line in a buffer of its own
 * size; a line "\xff\n" starts the next exchange (a redirect, a retry after
 * a 407). Feeding stops at an action other than HDR_GO_ON, as the transfer
 * does. The byte count is every byte of the exchange, the 407 count stays
 * bounded, the first Date found is kept for good, a Content-Range kept
 * as parsed is a satisfied range, and the Content-Type kept is a string. */
#include <math.h>

#include "fuzz.h"
#include "header.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct header_state h = { 0 };
	const uint8_t *p, *end = data + size;
	size_t bytes = 0;
	bool via_proxy, stopped = false, had_date = false;
	double date = 0;

	if (size < 1)
		return 0;
	via_proxy = data[0] & 1;
	header_begin(&h);
	for (p = data + 1; p < end;) {
		const uint8_t *lf = memchr(p, '\n', (size_t)(end - p));
		size_t n = lf ? (size_t)(lf - p) + 1 : (size_t)(end - p);
		if (n == 2 && p[0] == 0xff) {
			header_begin(&h);
			FUZZ_CHECK(h.bytes == 0 && h.n407 == 0 && h.at_status && h.offered == 0);
			bytes = 0;
			stopped = false;
		} else if (!stopped) {
			char *line = malloc(n ? n : 1);
			if (!line)
				abort();
			memcpy(line, p, n);
			enum header_action a = header_feed(&h, line, n, via_proxy);
			free(line);
			bytes += n;
			FUZZ_CHECK(h.bytes == bytes);
			FUZZ_CHECK(a == HDR_GO_ON || a == HDR_OVERFLOW || a == HDR_AUTH_LOOP);
			FUZZ_CHECK(a != HDR_OVERFLOW || bytes > HEADER_CAP);
			FUZZ_CHECK(h.n407 <= HEADER_MAX_407 + 1 && (a != HDR_AUTH_LOOP || h.n407 > HEADER_MAX_407));
			FUZZ_CHECK((h.offered & ~(unsigned)(PA_BASIC | PA_DIGEST | PA_NTLM | PA_NEGOTIATE)) == 0);
			FUZZ_CHECK(h.status >= 0 && h.status <= 999);
			FUZZ_CHECK(!h.range_ok || (h.has_range && h.range.first <= h.range.last));
			FUZZ_CHECK(memchr(h.ctype, '\0', sizeof h.ctype) != NULL);
			stopped = a != HDR_GO_ON;
		}
		if (had_date)
			FUZZ_CHECK(h.has_date && h.date_epoch == date);
		else if (h.has_date)
			FUZZ_CHECK(isfinite(h.date_epoch));
		had_date = h.has_date;
		date = h.date_epoch;
		p += n;
	}
	return 0;
}
