/* One line of an update log: its time and component, the HRESULT it logs,
 * the URL and the proxy list it names (../shared/reference/update-logs.md). */
#ifndef WUPROBE_LOGLINE_H
#define WUPROBE_LOGLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum log_shape {
	LS_NONE,      /* no update log's line */
	LS_WIN10,     /* Get-WindowsUpdateLog: yyyy/MM/dd HH:mm:ss.fffffff PID TID COMPONENT */
	LS_LEGACY,    /* WindowsUpdate.log: yyyy-MM-dd HH:mm:ss:mmm PID TID COMPONENT */
	LS_DO,        /* Get-DeliveryOptimizationLog: yyyy-MM-ddTHH:mm:ss.fffffffZ PID TID LEVEL {Function} */
	LS_BITS,      /* BITS event 61's text */
};

struct log_line {
	enum log_shape shape;
	char when[24];           /* "yyyy-MM-dd HH:mm:ss" (local time as logged; DO's in UTC, with 'Z'), or "" */
	char component[48];
	bool has_code;
	uint32_t code;           /* failure when bit 31 is set; 0 and other success codes are not */
	const char *url;         /* into the line, or NULL; as logged (query included) */
	size_t url_len;
	bool has_proxy;
	const char *proxy;       /* the proxy list it names, into the line; "" for (null): direct */
	size_t proxy_len;
};

/* Reads LINE (NUL-terminated, LEN bytes) into OUT; the pointers of OUT point
 * into LINE. The message is searched whatever the shape, so that a line of
 * a hand-edited copy still gives its code and URL. */
void log_line_parse(const char *line, size_t len, struct log_line *out);

/* Where the next event of a line starts: a copy pasted from a web page can
 * join events into one line, each beginning with its time stamp after a
 * blank. LEN when none does (beyond the line's own first 20 bytes). */
size_t log_line_next_stamp(const char *line, size_t len);

/* The code and URL of a message alone (a DO CSV row's Message cell). */
void log_line_message(const char *msg, size_t len, struct log_line *out);

#endif
