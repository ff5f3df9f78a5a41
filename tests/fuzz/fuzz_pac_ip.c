/* What sortIpAddressList and isInNetEx read from a script (pac_ip.c): a
 * sorted list is the same addresses in an order pac_ip_order agrees with,
 * and fits its buffer, whose size the first byte gives. The rest of the
 * input, split at its first NUL, is a prefix to test each address against. */
#include "fuzz.h"
#include "pac_ip.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *part[2] = { "", "" }, *out;
	size_t outlen;

	if (size < 1 || !(s = fuzz_str(data + 1, size - 1)))
		return 0;
	outlen = (size_t)data[0] * 4 + 1;
	fuzz_split(s, size - 1, part, 2);
	if (!(out = malloc(outlen)))
		abort();
	if (pac_ip_sort(part[0], out, outlen) == 0) {
		struct pac_ip prev, ip;
		size_t n_in = 0, n_out = 0;
		FUZZ_CHECK(strlen(out) < outlen && out[0]);
		for (const char *p = out;; p++) {
			size_t len = strcspn(p, ";");
			FUZZ_CHECK(pac_ip_parse(p, len, &ip));
			FUZZ_CHECK(n_out == 0 || pac_ip_order(&prev, &ip) <= 0);
			pac_ip_in_prefix(&ip, part[1]);
			prev = ip, n_out++;
			p += len;
			if (!*p)
				break;
		}
		for (const char *p = part[0]; *p; p++)
			n_in += *p == ';';
		FUZZ_CHECK(n_out <= n_in + 1);
	} else {
		FUZZ_CHECK(outlen == 0 || out[0] == '\0');
	}
	free(out);
	free(s);
	return 0;
}
