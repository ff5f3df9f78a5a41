/* report_prom_label: a quoted label value of the Prometheus text format;
 * read back, it is the input with control characters other than LF as '?'. */
#include "escape.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *out;
	size_t len, i = 0;

	if (!s)
		return 0;
	out = escape_output(report_prom_label, s, &len);
	FUZZ_CHECK(len >= 2 && out[0] == '"' && out[len - 1] == '"' && strlen(out) == len);
	for (const char *p = out + 1; p < out + len - 1; p++) {
		char c = *p;
		FUZZ_CHECK(c != '"' && (unsigned char)c >= 0x20);
		if (c == '\\') {
			p++;
			FUZZ_CHECK(p < out + len - 1 && (*p == '\\' || *p == '"' || *p == 'n'));
			c = *p == 'n' ? '\n' : *p;
		}
		FUZZ_CHECK(s[i] == c || ((unsigned char)s[i] < 0x20 && s[i] != '\n' && c == '?'));
		i++;
	}
	FUZZ_CHECK(s[i] == '\0');
	free(out);
	free(s);
	return 0;
}
