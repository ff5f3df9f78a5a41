/* json_write_string: a valid JSON string literal, valid UTF-8, for any bytes;
 * printable ASCII comes back unchanged. */
#include "escape.h"
#include "json.h"

/* Length of the strictly valid UTF-8 sequence at P (END bounds it), or 0. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	static const struct { unsigned char lo, hi; size_t n; unsigned char lo2, hi2; } lead[] = {
		{ 0xC2, 0xDF, 2, 0x80, 0xBF }, { 0xE0, 0xE0, 3, 0xA0, 0xBF }, { 0xE1, 0xEC, 3, 0x80, 0xBF },
		{ 0xED, 0xED, 3, 0x80, 0x9F }, { 0xEE, 0xEF, 3, 0x80, 0xBF }, { 0xF0, 0xF0, 4, 0x90, 0xBF },
		{ 0xF1, 0xF3, 4, 0x80, 0xBF }, { 0xF4, 0xF4, 4, 0x80, 0x8F },
	};

	if (*p < 0x80)
		return 1;
	for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
		if (*p < lead[i].lo || *p > lead[i].hi)
			continue;
		if ((size_t)(end - p) < lead[i].n || p[1] < lead[i].lo2 || p[1] > lead[i].hi2)
			return 0;
		for (size_t k = 2; k < lead[i].n; k++)
			if ((p[k] & 0xC0) != 0x80)
				return 0;
		return lead[i].n;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *out;
	const unsigned char *p, *end;
	bool printable = true;
	size_t len, i = 0;

	if (!s)
		return 0;
	for (const char *c = s; *c; c++)
		printable = printable && *c >= 0x20 && *c < 0x7F;
	out = escape_output(json_write_string, s, &len);
	FUZZ_CHECK(len >= 2 && out[0] == '"' && out[len - 1] == '"');
	p = (const unsigned char *)out + 1;
	end = (const unsigned char *)out + len - 1;
	while (p < end) {
		size_t n = utf8_seq(p, end);
		FUZZ_CHECK(n > 0);                       /* valid UTF-8 */
		FUZZ_CHECK(*p >= 0x20 && *p != '"');     /* no raw control character, no early end */
		if (*p == '\\') {
			FUZZ_CHECK(p + 1 < end && p[1] && strchr("\"\\/bfnrtu", p[1]));
			if (p[1] == 'u') {
				FUZZ_CHECK(end - p >= 6);
				for (int k = 2; k < 6; k++)
					FUZZ_CHECK(strchr("0123456789abcdefABCDEF", p[k]) && p[k]);
				p += 6;
			} else {
				if (printable)
					FUZZ_CHECK(s[i++] == (p[1] == '"' || p[1] == '\\' ? (char)p[1] : 0));
				p += 2;
			}
			continue;
		}
		if (printable)
			FUZZ_CHECK(s[i++] == (char)*p);
		p += n;
	}
	if (printable)
		FUZZ_CHECK(s[i] == '\0');
	free(out);
	free(s);
	return 0;
}
