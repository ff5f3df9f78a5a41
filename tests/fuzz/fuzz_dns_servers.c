/* --dns-server lists (options_dns_servers): what is accepted is written in
 * a form that is accepted again, unchanged. */
#include "fuzz.h"
#include "options.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	char out[512], again[512];

	if (!s)
		return 0;
	if (options_dns_servers(s, out, sizeof out) == 0) {
		FUZZ_CHECK(options_dns_servers(out, again, sizeof again) == 0);
		FUZZ_CHECK(strcmp(out, again) == 0);
	}
	free(s);
	return 0;
}
