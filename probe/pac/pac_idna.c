/* Windows asks DNS for an internationalized name in its ASCII form: the
 * resolver converts it (IdnToAscii) before it asks, so dnsResolve("Bücher.ch")
 * finds xn--bcher-kva.ch there. Chromium's PAC engine does the same before
 * its dnsResolve (GetHostnameArgument: IDNToASCII), and a name that has no
 * ASCII form is not resolvable there: dnsResolve null, isResolvable false.
 * Here the same, through libidn2 (Debian's libcurl already links it).
 *
 * UTS #46 processing: the name is mapped first (case folded, NFC, full-width
 * dots), as Windows' IdnToAscii does since Windows 8, which takes "Bücher"
 * with its capital. Transitional or not decides only ß, ς, ZWJ and ZWNJ
 * (transitional maps "faß.de" to fass.de, non-transitional keeps the ß:
 * xn--fa-hia.de). Non-transitional: IDNA2008 and today's browsers, and, by
 * its comment, what .NET's ICU glue (pal_idna.c) chose to behave as .NET on
 * Windows does, which calls IdnToAscii. We have not seen a Windows machine
 * resolve such a name: this choice is the one uncertain case.
 * STD3 rules off (IdnToAscii without IDN_USE_STD3_ASCII_RULES): an
 * underscore passes.
 *
 * A name of ASCII alone is asked as it is, as Windows and Chromium do: no
 * mapping, so nothing a DNS name may hold is refused. */
#include "pac_idna.h"

#include <idn2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "pac_utf8.h"

/* Duktape keeps a character past U+FFFF as its surrogate pair, each half
 * three bytes (ED A0-AF xx, ED B0-BF xx): joined here into the four bytes
 * of UTF-8, in place. A half without its pair stays, and fails the check
 * for well-formed UTF-8 after. */
static size_t join_pairs(unsigned char *s, size_t len)
{
	size_t in = 0, out = 0;

	while (in < len) {
		if (len - in >= 6 && s[in] == 0xED && (s[in + 1] & 0xF0) == 0xA0 && s[in + 3] == 0xED &&
		    (s[in + 4] & 0xF0) == 0xB0) {
			unsigned long hi = ((s[in + 1] & 0x0Ful) << 6) | (s[in + 2] & 0x3Ful);
			unsigned long lo = ((s[in + 4] & 0x0Ful) << 6) | (s[in + 5] & 0x3Ful);
			unsigned long cp = 0x10000 + (hi << 10) + lo;
			s[out++] = (unsigned char)(0xF0 | (cp >> 18));
			s[out++] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
			s[out++] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
			s[out++] = (unsigned char)(0x80 | (cp & 0x3F));
			in += 6;
		} else {
			s[out++] = s[in++];
		}
	}
	s[out] = '\0';
	return out;
}

int pac_idna_ascii(const char *host, char *out, size_t outlen)
{
	size_t len = strlen(host);
	unsigned char *utf8 = NULL;
	uint8_t *ascii = NULL;
	bool plain = true;
	int rc = -1;

	for (size_t i = 0; i < len && plain; i++)
		plain = (unsigned char)host[i] < 0x80;
	if (plain)
		return 0;
	if (fault_at("pac_idna") || !(utf8 = malloc(len + 1))) {
		rc = -2;
		goto done;
	}
	memcpy(utf8, host, len + 1);
	len = join_pairs(utf8, len);
	if (pac_utf8_valid((const char *)utf8, len) != len)
		goto done;
	switch (idn2_lookup_u8(utf8, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL)) {
	case IDN2_OK:
		break;
	case IDN2_MALLOC:
		rc = -2;
		goto done;
	default:
		goto done;
	}
	if (strlen((const char *)ascii) >= outlen)
		goto done;
	memcpy(out, ascii, strlen((const char *)ascii) + 1);
	rc = 1;
done:
	idn2_free(ascii);
	free(utf8);
	return rc;
}
