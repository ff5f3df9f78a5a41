/* Get-DeliveryOptimizationLog | Export-Csv: the header's columns, a row's
 * cells, and the ErrorCode (a signed 32-bit integer). */
#ifndef WUPROBE_LOGCSV_H
#define WUPROBE_LOGCSV_H

#include <stddef.h>

#define CSV_MAX_CELLS 24

struct csv_cells {
	char *cell[CSV_MAX_CELLS];
	int n;
};

/* Splits LINE in place (quotes removed, "" made "); returns the count of cells
 * (at most CSV_MAX_CELLS; the rest of the line is left out). */
int log_csv_split(char *line, size_t len, struct csv_cells *out);

/* When LINE is a header naming TimeCreated, Message and ErrorCode: their
 * columns, and the count of columns a row must have to hold them all.
 * Returns 0, or -1 when it is no such header (LINE unchanged). */
int log_csv_header(const char *line, size_t len, int *time, int *msg, int *code, int *need);

/* A decimal integer cell, signed, within 32 bits: 0 or -1. */
int log_csv_int(const char *cell, long long *v);

#endif
