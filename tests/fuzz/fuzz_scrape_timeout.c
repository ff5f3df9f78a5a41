/* The scraper's X-Prometheus-Scrape-Timeout-Seconds (serve_probe_budget):
 * whatever it says, the probe's budget is a finite number from 0.1 s to the
 * module's --timeout. */
#include <math.h>

#include "fuzz.h"
#include "serve_probe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);
	struct serve_module m = { .timeout_s = 15 };

	if (!s)
		return 0;
	double b = serve_probe_budget(&m, s);
	FUZZ_CHECK(isfinite(b) && b >= 0.1 && b <= 15);
	free(s);
	return 0;
}
