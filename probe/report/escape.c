/* The escaping each format needs for text from outside (URLs, messages,
 * names), one function a format; the report writers and --from-log's
 * (logformats.c) share them. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

/* A CSV cell (RFC 4180): quoted when it holds a comma, quote or line end;
 * a cell that a spreadsheet would run as a formula prefixed with '. */
void report_csv_cell(FILE *f, const char *s, bool last)
{
	bool quote = s && strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', f);
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r'))
		fputc('\'', f);
	for (; s && *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
	fputs(last ? "\r\n" : ",", f);
}

/* Text for XML: markup characters escaped, control characters and invalid
 * UTF-8 dropped (XML 1.0 cannot carry them). */
void report_xml_text(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		switch (*p) {
		case '<':  fputs("&lt;", f); break;
		case '>':  fputs("&gt;", f); break;
		case '&':  fputs("&amp;", f); break;
		case '"':  fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if (*p >= 0x20 || *p == '\t' || *p == '\n')
				fputc(*p < 0x80 ? *p : '?', f);
		}
	}
}

/* A label value: backslash, double quote and line feed escaped. */
void report_prom_label(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n') {
			fputs("\\n", f);
			continue;
		}
		fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
	}
	fputc('"', f);
}
