/* endpoints.conf (config_parse), and each endpoint's pattern against its host. */
#include "config.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char err[512];

	if (config_parse("fuzz.conf", (const char *)data, size, &c, err, sizeof err) != 0) {
		FUZZ_CHECK(strncmp(err, "fuzz.conf:", 10) == 0 && fuzz_one_line(err));
		return 0;
	}
	for (size_t i = 0; i < c.n; i++) {
		struct url u;
		/* What was read parses again when the endpoint starts, the same. */
		FUZZ_CHECK(ep_conf_url(&c.eps[i], &u) == 0 && u.https == c.eps[i].https);
		if (c.eps[i].pattern)
			FUZZ_CHECK(config_pattern_covers(c.eps[i].pattern, u.host));
	}
	config_free(&c);
	return 0;
}
