/* URLs (url_parse, url_format): what parses is written back in
 * a form that parses to the same URL. */
#include "fuzz.h"
#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct url u, again;
	char err[512], out[URL_MAX_LEN + 300], out2[URL_MAX_LEN + 300];

	if (url_parse((const char *)data, size, &u, err, sizeof err) != 0) {
		FUZZ_CHECK(fuzz_printable(err));
		return 0;
	}
	url_format(&u, out, sizeof out);
	FUZZ_CHECK(url_parse(out, strlen(out), &again, err, sizeof err) == 0);
	url_format(&again, out2, sizeof out2);
	FUZZ_CHECK(strcmp(out, out2) == 0);
	FUZZ_CHECK(u.https == again.https && u.port == again.port && strcmp(u.host, again.host) == 0 &&
		   strcmp(u.path, again.path) == 0);
	return 0;
}
