/* report_xml_text: XML 1.0 text and attribute values. No markup character
 * unescaped, no character XML cannot carry; read back, it is the input with
 * control characters (but tab and LF) dropped and non-ASCII bytes as '?'. */
#include "escape.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { const char *ref; char c; } refs[] = {
		{ "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' },
	};
	char *s = fuzz_str(data, size), *out, *want;
	size_t len, w = 0;

	if (!s)
		return 0;
	if (!(want = malloc(size + 1)))
		abort();
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x20 || *p == '\t' || *p == '\n')
			want[w++] = *p < 0x80 ? (char)*p : '?';
	want[w] = '\0';
	out = escape_output(report_xml_text, s, &len);
	FUZZ_CHECK(strlen(out) == len);
	w = 0;
	for (const char *p = out; *p;) {
		unsigned char c = (unsigned char)*p;
		FUZZ_CHECK(c < 0x80 && (c >= 0x20 || c == '\t' || c == '\n') && !strchr("<>\"'", c));
		if (c == '&') {
			size_t k = 0;
			while (k < sizeof refs / sizeof refs[0] && strncmp(p, refs[k].ref, strlen(refs[k].ref)) != 0)
				k++;
			FUZZ_CHECK(k < sizeof refs / sizeof refs[0]);
			FUZZ_CHECK(want[w++] == refs[k].c);
			p += strlen(refs[k].ref);
			continue;
		}
		FUZZ_CHECK(want[w++] == (char)c);
		p++;
	}
	FUZZ_CHECK(want[w] == '\0');
	free(out);
	free(want);
	free(s);
	return 0;
}
