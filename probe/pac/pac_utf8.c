/* A PAC script that is not valid UTF-8 (a Windows-1252 file saved by
 * Notepad: "caf\xE9") is read as the WHATWG Encoding standard's UTF-8
 * decoder and Unicode's "U+FFFD substitution of maximal subparts" (Unicode
 * 15, section 3.9) read it: each maximal subpart of an ill-formed sequence
 * becomes one U+FFFD. So C0 80 (an overlong NUL) is two U+FFFD, ED A0 80
 * (a surrogate) three, F0 9F 98 before an 'x' one.
 *
 * Duktape 2.7's own decoder does otherwise: it takes overlong forms and
 * encoded surrogates as characters (C0 80 is one U+0000) and fails the
 * whole script ("SyntaxError: source decode failed") on a lone
 * continuation byte or a byte such as E9. It takes well-formed UTF-8,
 * four-byte sequences included (a character past U+FFFF becomes a
 * surrogate pair, as in any ECMAScript engine), so the repaired text is
 * handed to it as it is. */
#include "pac_utf8.h"

#include <stdbool.h>

static const char replacement[] = "\xEF\xBF\xBD";

/* The sequence at S (LEFT bytes, at least 1): true with its length in *N
 * when well-formed; else false with the length of its maximal subpart
 * (1-3) in *N. */
static bool sequence(const unsigned char *s, size_t left, size_t *n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t need, got = 1;

	*n = 1;
	if (c < 0x80)
		return true;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
		need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return false;                  /* 80-C1, F5-FF: never a lead byte */
	/* The first continuation byte has the lead's own bounds (no overlong
	 * form, no surrogate, nothing past U+10FFFF), the others 80-BF. */
	while (got <= need && got < left && s[got] >= lo && s[got] <= hi) {
		got++;
		lo = 0x80, hi = 0xBF;
	}
	*n = got;
	return got == need + 1;
}

size_t pac_utf8_valid(const char *in, size_t len)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t at = 0, n;

	while (at < len && sequence(s + at, len - at, &n))
		at += n;
	return at;
}

size_t pac_utf8_repair(const char *in, size_t len, char *out)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t at = 0, used = 0, n;

	while (at < len) {
		bool ok = sequence(s + at, len - at, &n);
		const char *from = ok ? in + at : replacement;
		size_t k = ok ? n : sizeof replacement - 1;
		if (out)
			for (size_t i = 0; i < k; i++)
				out[used + i] = from[i];
		used += k;
		at += n;
	}
	return used;
}
