/* The WinHTTP proxy model: a proxy list, a bypass list and a URL, split at
 * NUL bytes (proxy_parse_list, proxy_parse_bypass, proxy_for, the formats). */
#include "fuzz.h"
#include "proxy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct proxy_model m = { 0 };
	struct url u;
	char *s = fuzz_str(data, size), *part[3] = { "", "", "" };
	char err[512], buf[4096];

	if (!s)
		return 0;
	fuzz_split(s, size, part, 3);
	if (proxy_parse_list(&m, part[0], err, sizeof err) != 0)
		FUZZ_CHECK(fuzz_one_line(err));
	if (proxy_parse_bypass(&m, part[1], err, sizeof err) != 0)
		FUZZ_CHECK(fuzz_one_line(err));
	if (url_parse(part[2], strlen(part[2]), &u, err, sizeof err) == 0) {
		const struct proxy_server *px = proxy_for(&m, &u);
		if (px)
			proxy_server_format(px, buf, sizeof buf);
	}
	proxy_bypassed(&m, part[2]);
	proxy_list_format(&m, buf, sizeof buf);
	proxy_bypass_format(&m, buf, sizeof buf);
	proxy_model_free(&m);
	free(s);
	return 0;
}
