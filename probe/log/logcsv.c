/* CSV as Export-Csv writes it: every cell quoted, quotes doubled, commas
 * between; unquoted cells are taken too. */
#include "logcsv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int log_csv_split(char *line, size_t len, struct csv_cells *out)
{
	char *r = line, *w = line, *end = line + len;

	out->n = 0;
	while (r <= end && out->n < CSV_MAX_CELLS) {
		out->cell[out->n++] = w;
		if (r < end && *r == '"') {
			r++;
			while (r < end) {
				if (*r == '"' && r + 1 < end && r[1] == '"') {
					*w++ = '"';
					r += 2;
				} else if (*r == '"') {
					r++;
					break;
				} else {
					*w++ = *r++;
				}
			}
			while (r < end && *r != ',')   /* anything after the closing quote */
				r++;
		} else {
			while (r < end && *r != ',')
				*w++ = *r++;
		}
		*w++ = '\0';   /* never past the line: each cell lost at least its comma, or is the last */
		if (r >= end)
			break;
		r++;   /* the comma */
	}
	return out->n;
}

int log_csv_header(const char *line, size_t len, int *time, int *msg, int *code, int *need)
{
	char buf[1024];
	struct csv_cells c;
	int t = -1, m = -1, k = -1;

	if (len >= sizeof buf || !memchr(line, ',', len))
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	log_csv_split(buf, len, &c);
	for (int i = 0; i < c.n; i++) {
		if (strcmp(c.cell[i], "TimeCreated") == 0)
			t = i;
		else if (strcmp(c.cell[i], "Message") == 0)
			m = i;
		else if (strcmp(c.cell[i], "ErrorCode") == 0)
			k = i;
	}
	if (t < 0 || m < 0 || k < 0)
		return -1;
	*time = t;
	*msg = m;
	*code = k;
	*need = 1 + (t > m ? (t > k ? t : k) : (m > k ? m : k));
	return 0;
}

int log_csv_int(const char *cell, long long *v)
{
	char *end;

	if (!*cell)
		return -1;
	errno = 0;
	*v = strtoll(cell, &end, 10);
	if (errno || *end || *v < -2147483648LL || *v > 4294967295LL)
		return -1;
	return 0;
}
