/* A client's update log (--from-log): the bytes to lines (BOM, UTF-16,
 * CRLF), each line's shape, code, URL and proxy list, the CSV of Delivery
 * Optimization, and the failures grouped. Fed in two pieces, so that a
 * line, a UTF-16 unit or a surrogate pair split between reads is read too. */
#include "fuzz.h"
#include "logscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct log_scan s;
	size_t cut = size ? data[0] % (size + 1) : 0;

	log_scan_init(&s);
	if (log_scan_feed(&s, data, cut) == 0 && log_scan_feed(&s, data + cut, size - cut) == 0 &&
	    log_scan_finish(&s) == 0) {
		FUZZ_CHECK(s.nfail <= LOG_FAIL_MAX);
		for (size_t i = 0; i < s.nfail; i++) {
			const struct log_failure *f = &s.fail[i];
			FUZZ_CHECK(f->count >= 1 && f->url != NULL);
			FUZZ_CHECK(!strchr(f->url, '?') && !strchr(f->url, '#'));   /* the query never kept */
			FUZZ_CHECK(f->code & 0x80000000u);
			FUZZ_CHECK(memchr(f->proxy, '\0', sizeof f->proxy) && memchr(f->first, '\0', sizeof f->first));
			FUZZ_CHECK(!f->url[0] || strncmp(f->url, "http", 4) == 0);
		}
		FUZZ_CHECK(s.failures >= s.nfail);
	}
	log_scan_free(&s);
	return 0;
}
