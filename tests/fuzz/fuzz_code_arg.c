/* --explain's arguments: any text as a code (codearg.c), and what the
 * table says of the number it gives. */
#include "fuzz.h"
#include "codearg.h"
#include "explain.h"
#include "notes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64], name[64];
	uint32_t code;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (code_arg_parse(s, &code) == 0) {
		const struct code_note *n = note_find(code);
		explain_name(code, name, sizeof name);
		FUZZ_CHECK(n ? strcmp(name, "unknown code") != 0 : strcmp(name, "unknown code") == 0);
	}
	return 0;
}
