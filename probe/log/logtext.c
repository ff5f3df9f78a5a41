/* Bytes to lines: the encoding from the first bytes, UTF-16 to UTF-8, line
 * ends cut off. PowerShell 5.1's '>' writes UTF-16LE with a BOM; its
 * Out-File -Encoding UTF8 UTF-8 with one; Get-WindowsUpdateLog's own output
 * is UTF-8 or ASCII without (../shared/reference/update-logs.md). */
#include "logtext.h"

#include <string.h>

void logtext_init(struct logtext *t)
{
	memset(t, 0, sizeof *t);
}

static int flush_line(struct logtext *t, logtext_line_fn fn, void *arg)
{
	int rc;

	if (t->len && t->line[t->len - 1] == '\r')
		t->len--;
	t->line[t->len] = '\0';
	t->lines++;
	rc = fn(arg, t->line, t->len);
	t->len = 0;
	t->cut = 0;
	return rc;
}

/* One byte of UTF-8 text into the line. NUL (never in a text log) becomes
 * a space, so that the line stays one C string. */
static int put(struct logtext *t, unsigned char c, logtext_line_fn fn, void *arg)
{
	if (c == '\n')
		return flush_line(t, fn, arg);
	if (t->len >= LOGTEXT_LINE_MAX) {
		t->cut = 1;
		return 0;
	}
	t->line[t->len++] = c ? (char)c : ' ';
	return 0;
}

/* A code point from UTF-16 as UTF-8 (an unpaired surrogate as U+FFFD). */
static int put_cp(struct logtext *t, unsigned cp, logtext_line_fn fn, void *arg)
{
	unsigned char b[4];
	size_t n;
	int rc = 0;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	for (size_t i = 0; i < n && !rc; i++)
		rc = put(t, b[i], fn, arg);
	return rc;
}

static int put_unit(struct logtext *t, unsigned u, logtext_line_fn fn, void *arg)
{
	int rc = 0;

	if (t->hi) {
		unsigned hi = t->hi;
		t->hi = 0;
		if (u >= 0xDC00 && u <= 0xDFFF)
			return put_cp(t, 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00), fn, arg);
		rc = put_cp(t, 0xFFFD, fn, arg);
		if (rc)
			return rc;
	}
	if (u >= 0xD800 && u <= 0xDBFF) {
		t->hi = u;
		return 0;
	}
	return put_cp(t, u >= 0xDC00 && u <= 0xDFFF ? 0xFFFD : u, fn, arg);
}

/* The encoding of the first bytes: a BOM (skipped), or UTF-16 without one
 * when a zero byte stands beside text, else UTF-8. */
static size_t sniff(struct logtext *t)
{
	const unsigned char *h = t->head;

	if (t->nhead >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
		t->enc = LT_UTF8;
		return 3;
	}
	if (h[0] == 0xFF && h[1] == 0xFE) {
		t->enc = LT_UTF16LE;
		return 2;
	}
	if (h[0] == 0xFE && h[1] == 0xFF) {
		t->enc = LT_UTF16BE;
		return 2;
	}
	if (h[0] && !h[1] && h[2] && !h[3])
		t->enc = LT_UTF16LE;
	else if (!h[0] && h[1] && !h[2] && h[3])
		t->enc = LT_UTF16BE;
	else
		t->enc = LT_UTF8;
	return 0;
}

static int feed_known(struct logtext *t, const unsigned char *buf, size_t n, logtext_line_fn fn, void *arg)
{
	int rc = 0;

	if (t->enc == LT_UTF8) {
		for (size_t i = 0; i < n && !rc; i++)
			rc = put(t, buf[i], fn, arg);
		return rc;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		if (!t->has_odd) {
			t->odd = buf[i];
			t->has_odd = 1;
			continue;
		}
		t->has_odd = 0;
		rc = put_unit(t, t->enc == LT_UTF16LE ? (unsigned)(t->odd | buf[i] << 8) : (unsigned)(t->odd << 8 | buf[i]),
			      fn, arg);
	}
	return rc;
}

int logtext_feed(struct logtext *t, const unsigned char *buf, size_t n, logtext_line_fn fn, void *arg)
{
	if (t->enc == LT_UNKNOWN) {
		size_t take = n < sizeof t->head - t->nhead ? n : sizeof t->head - t->nhead;
		memcpy(t->head + t->nhead, buf, take);
		t->nhead += take;
		buf += take;
		n -= take;
		if (t->nhead < sizeof t->head)
			return 0;
		size_t skip = sniff(t);
		int rc = feed_known(t, t->head + skip, t->nhead - skip, fn, arg);
		if (rc)
			return rc;
	}
	return feed_known(t, buf, n, fn, arg);
}

int logtext_end(struct logtext *t, logtext_line_fn fn, void *arg)
{
	int rc = 0;

	if (t->enc == LT_UNKNOWN && t->nhead) {   /* fewer than 4 bytes in all */
		memset(t->head + t->nhead, 0x20, sizeof t->head - t->nhead);
		size_t skip = sniff(t);
		t->enc = LT_UTF8;
		if ((rc = feed_known(t, t->head + skip, t->nhead > skip ? t->nhead - skip : 0, fn, arg)))
			return rc;
	}
	if (t->hi && (rc = put_cp(t, 0xFFFD, fn, arg)))
		return rc;
	t->hi = 0;
	if (t->len || t->cut)
		rc = flush_line(t, fn, arg);
	return rc;
}
