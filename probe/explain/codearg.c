/* The forms of a code on --explain's command line. */
#include "codearg.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "notes.h"

static int all_of(const char *s, const char *set)
{
	return *s && strspn(s, set) == strlen(s);
}

int code_arg_parse(const char *s, uint32_t *code)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	char *end;
	const struct code_note *n;

	errno = 0;
	if ((s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && strlen(s) <= 10 && all_of(s + 2, hex)) ||
	    (strlen(s) == 8 && all_of(s, hex))) {
		unsigned long v = strtoul(s, &end, 16);
		if (errno || *end || v > 0xFFFFFFFFul)
			return -1;
		*code = (uint32_t)v;
		return 0;
	}
	if ((s[0] == '-' && all_of(s + 1, "0123456789")) || all_of(s, "0123456789")) {
		long long v = strtoll(s, &end, 10);
		if (errno || *end || v < -2147483648LL || v > 4294967295LL)
			return -1;
		*code = (uint32_t)(v < 0 ? (uint32_t)(v + 4294967296LL) : (uint32_t)v);
		return 0;
	}
	if ((n = note_find_name(s))) {
		*code = n->code;
		return 0;
	}
	return -1;
}
