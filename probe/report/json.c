/* JSON writer. Indents two spaces a level; one value per line. */
#include "json.h"

#include <inttypes.h>

/* Length of the valid UTF-8 sequence at S (1-4), or 0 if it is not valid. */
static int utf8_len(const unsigned char *s)
{
	unsigned c = s[0];
	int n;
	uint32_t cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		cp = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* Printable ASCII that JSON takes as it is: written in runs, not a
 * character at a time (a 10,000-endpoint report is megabytes). */
static bool plain(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
}

void json_write_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	while (*p) {
		const unsigned char *run = p;
		while (plain(*p))
			p++;
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		if (!*p)
			break;
		int n = utf8_len(p);
		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
			continue;
		}
		if (n > 1) {
			fwrite(p, 1, (size_t)n, f);
			p += n;
			continue;
		}
		switch (*p) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:   fprintf(f, "\\u%04x", *p);   /* the other controls and DEL */
		}
		p++;
	}
	fputc('"', f);
}

void jw_init(struct jw *w, FILE *f)
{
	w->f = f;
	w->depth = 0;
	w->first[0] = true;
}

static void prefix(struct jw *w, const char *key)
{
	if (w->depth > 0) {
		static const char indent[] = "                                ";
		_Static_assert(sizeof indent - 1 >= 2 * JSON_MAX_DEPTH, "indent covers every depth");
		fputs(w->first[w->depth] ? "\n" : ",\n", w->f);
		fwrite(indent, 1, 2 * (size_t)w->depth, w->f);
	}
	w->first[w->depth] = false;
	if (key) {
		json_write_string(w->f, key);
		fputs(": ", w->f);
	}
}

static void open_(struct jw *w, const char *key, char c)
{
	prefix(w, key);
	fputc(c, w->f);
	if (w->depth + 1 < JSON_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

void jw_object(struct jw *w, const char *key) { open_(w, key, '{'); }
void jw_array(struct jw *w, const char *key) { open_(w, key, '['); }

void jw_end(struct jw *w, char close)
{
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty) {
		fputc('\n', w->f);
		for (int i = 0; i < w->depth; i++)
			fputs("  ", w->f);
	}
	fputc(close, w->f);
	if (w->depth == 0)
		fputc('\n', w->f);
}

void jw_str(struct jw *w, const char *key, const char *val)
{
	prefix(w, key);
	json_write_string(w->f, val);
}

void jw_int(struct jw *w, const char *key, int64_t val)
{
	prefix(w, key);
	fprintf(w->f, "%" PRId64, val);
}

void jw_null(struct jw *w, const char *key)
{
	prefix(w, key);
	fputs("null", w->f);
}

void jw_bool(struct jw *w, const char *key, bool val)
{
	prefix(w, key);
	fputs(val ? "true" : "false", w->f);
}

void jw_raw(struct jw *w, const char *key, const char *number)
{
	prefix(w, key);
	fputs(number, w->f);
}

void jw_ms(struct jw *w, const char *key, int64_t val)
{
	if (val < 0)
		jw_null(w, key);
	else
		jw_int(w, key, val);
}
