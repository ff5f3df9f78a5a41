/* report_csv_cell: read back as one RFC 4180 field, the cell is the input,
 * with a ' before a start a spreadsheet would run as a formula. The first
 * byte's low bit: the last cell of the row (CRLF after it, not a comma),
 * e.g. '0' or '1'. */
#include "escape.h"
#include "report.h"

static void cell(FILE *f, const char *s)
{
	report_csv_cell(f, s + 1, s[0] & 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *out, *want, *got, *p;
	size_t len, g = 0;
	bool last;

	if (!s || !s[0]) {
		free(s);
		return 0;
	}
	last = s[0] & 1;
	if (!(want = malloc(strlen(s) + 2)) || !(got = malloc(2 * size + 2)))
		abort();
	snprintf(want, strlen(s) + 2, "%s%s", strchr("=+-@\t\r", s[1]) && s[1] ? "'" : "", s + 1);
	out = escape_output(cell, s, &len);
	FUZZ_CHECK(strlen(out) == len);
	p = out;
	if (*p == '"') {
		for (p++;; p++) {
			FUZZ_CHECK(*p);                  /* the closing quote comes */
			if (*p == '"' && p[1] != '"')
				break;
			if (*p == '"')
				p++;
			got[g++] = *p;
		}
		p++;
	} else {
		for (; *p && *p != ',' && !(*p == '\r' && p[1] == '\n'); p++) {
			FUZZ_CHECK(*p != '"' && *p != '\r' && *p != '\n');
			got[g++] = *p;
		}
	}
	got[g] = '\0';
	FUZZ_CHECK(strcmp(got, want) == 0);
	FUZZ_CHECK(strcmp(p, last ? "\r\n" : ",") == 0);
	free(out);
	free(got);
	free(want);
	free(s);
	return 0;
}
