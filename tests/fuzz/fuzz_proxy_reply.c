/* What a proxy sent that is no HTTP, as the verdict shows it
 * (verdict_proxy_not_http, verdict_socks_reply). The first byte's low bits
 * say HTTPS (CONNECT) and whether more came; the rest, at most BODY_KEEP
 * bytes, is what the proxy sent. Properties: 0x80072F78 and its cause; the
 * message is printable ASCII (every byte escaped, the quote too), names the
 * proxy, and shows the bytes' start between quotes; a SOCKS reply is named only for the shapes a
 * SOCKS server sends (version 0 or 5), never when more came. */
#include "codes.h"
#include "transfer.h"
#include "fuzz.h"
#include "verdict.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result r = { 0 };
	bool https, more;
	const unsigned char *b = data + 1;
	size_t n;

	if (size < 2)
		return 0;
	https = data[0] & 1;
	more = data[0] & 2;
	n = size - 1 < BODY_KEEP ? size - 1 : BODY_KEEP;
	verdict_proxy_not_http("proxy.example:3128", https, b, n, more, &r);
	FUZZ_CHECK(r.status == ST_FAIL && r.code == WU_INVALID_RESPONSE);
	FUZZ_CHECK(strcmp(r.cause, "proxy_invalid_response") == 0);
	FUZZ_CHECK(r.message && fuzz_printable(r.message));
	FUZZ_CHECK(strstr(r.message, "the proxy proxy.example:3128 answered the ") == r.message);
	FUZZ_CHECK(strstr(r.message, https ? " CONNECT " : " request ") != NULL);
	const char *socks = verdict_socks_reply(b, n);
	if (socks)
		FUZZ_CHECK(b[0] == 0x00 || b[0] == 0x05);
	/* The bytes shown between quotes hold no quote (escaped): what follows
	 * the second one is the verdict's own words. */
	const char *open = strchr(r.message, '"'), *close = open ? strchr(open + 1, '"') : NULL;
	FUZZ_CHECK(open && close);
	FUZZ_CHECK((strstr(close, "which look like a SOCKS") != NULL) == (socks && !more));
	if (b[0] >= 0x20 && b[0] < 0x7f && b[0] != '\\' && b[0] != '"')
		FUZZ_CHECK(open[1] == (char)b[0]);
	result_free(&r);
	return 0;
}
