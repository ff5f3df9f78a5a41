/* A Windows machine's exported proxy settings: netsh or reg query output
 * (proxy_import_text), and the lists written back for the report. */
#include "fuzz.h"
#include "proxy_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_model m = { 0 };
	char err[512], buf[4096];

	if (proxy_import_text(&m, data, size, "fuzz", err, sizeof err) == 0) {
		proxy_list_format(&m, buf, sizeof buf);
		proxy_bypass_format(&m, buf, sizeof buf);
	} else {
		FUZZ_CHECK(fuzz_one_line(err));
	}
	proxy_model_free(&m);
	return 0;
}
