/* The list a PAC script returns (pac_list_parse): what is accepted is one
 * to PAC_MAX_ENTRIES valid entries, and written back in the plain form it
 * reads as the same route; what is refused has a one-line reason. */
#include <arpa/inet.h>
#include <ctype.h>

#include "fuzz.h"
#include "pac_list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pac_route r, again;
	char *s = fuzz_str(data, size), err[512], plain[PAC_MAX_ENTRIES * 300];
	size_t used = 0;

	if (!s)
		return 0;
	if (pac_list_parse(s, &r, err, sizeof err) != 0) {
		FUZZ_CHECK(r.n == 0 && err[0] && fuzz_one_line(err));
		free(s);
		return 0;
	}
	FUZZ_CHECK(r.n >= 1 && r.n <= PAC_MAX_ENTRIES);
	for (size_t i = 0; i < r.n; i++) {
		const struct pac_entry *e = &r.e[i];
		unsigned char bin[16];
		if (e->direct) {
			FUZZ_CHECK(e->host[0] == '\0');
			used += (size_t)snprintf(plain + used, sizeof plain - used, "DIRECT;");
			continue;
		}
		size_t len = strnlen(e->host, sizeof e->host);
		FUZZ_CHECK(len > 0 && len < sizeof e->host && e->port >= 1 && e->port <= 65535);
		if (e->host_ipv6)
			FUZZ_CHECK(inet_pton(AF_INET6, e->host, bin) == 1);
		else
			for (size_t k = 0; k < len; k++)
				FUZZ_CHECK(isalnum((unsigned char)e->host[k]) || strchr("-._", e->host[k]));
		used += (size_t)snprintf(plain + used, sizeof plain - used, e->host_ipv6 ? "PROXY [%s]:%u;" : "PROXY %s:%u;",
					 e->host, e->port);
	}
	FUZZ_CHECK(pac_list_parse(plain, &again, err, sizeof err) == 0);
	FUZZ_CHECK(memcmp(&r, &again, sizeof r) == 0);
	free(s);
	return 0;
}
