/* https_proxy, http_proxy, no_proxy and their upper-case forms
 * (proxy_import_env): the input split at NUL bytes sets them in that order;
 * the variables beyond the input's parts are unset. */
#include "fuzz.h"
#include "proxy_import.h"

static const char *const vars[] = { "https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "no_proxy", "NO_PROXY" };
#define NVARS (sizeof vars / sizeof vars[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_model m = { 0 };
	char *s = fuzz_str(data, size), *part[NVARS];
	char err[512], buf[4096];
	size_t n;

	if (!s)
		return 0;
	n = fuzz_split(s, size, part, NVARS);
	for (size_t i = 0; i < NVARS; i++) {
		if (i < n)
			setenv(vars[i], part[i], 1);
		else
			unsetenv(vars[i]);
	}
	if (proxy_import_env(&m, err, sizeof err) == 0) {
		proxy_list_format(&m, buf, sizeof buf);
		proxy_bypass_format(&m, buf, sizeof buf);
	} else {
		FUZZ_CHECK(fuzz_one_line(err));
	}
	proxy_model_free(&m);
	free(s);
	return 0;
}
