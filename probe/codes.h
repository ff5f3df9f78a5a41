/* The Windows error codes wuprobe reports: one table, one lookup. */
#ifndef WUPROBE_CODES_H
#define WUPROBE_CODES_H

#include <stdint.h>

#define WU_TIMEOUT             0x80072EE2u
#define WU_NAME_NOT_RESOLVED   0x80072EE7u
#define WU_CANNOT_CONNECT      0x80072EFDu
#define WU_CONNECTION_ERROR    0x80072EFEu
#define WU_INVALID_RESPONSE    0x80072F78u
#define WU_REDIRECT_FAILED     0x80072F7Cu
#define WU_SECURE_FAILURE      0x80072F8Fu
#define WU_HEADER_OVERFLOW     0x80072F96u
#define WU_HTTP_NOT_MAPPED     0x8024402Bu
#define WU_VALIDATION_FAILED   0x80200053u
/* The download path (verdict_download.c). */
#define DO_INSUFFICIENT_RANGE  0x80D05011u
#define DO_BLOCKSIZE_MISMATCH  0x80D05001u
#define BG_INSUFFICIENT_RANGE  0x80200013u
#define BG_MISSING_FILE_SIZE   0x80200011u
#define BG_INVALID_RESPONSE    0x8020001Bu

struct wu_code {
	uint32_t code;
	const char *name;
	const char *fix;     /* one line: what to change so the update client gets through */
};

/* The row for CODE, or NULL when the table has none. */
const struct wu_code *wu_code_find(uint32_t code);

/* The WU_E_PT_HTTP_STATUS_* code the update agent logs for an HTTP status;
 * 0x8024402B (not mapped) for a status the agent has no code of its own for. */
uint32_t wu_code_for_http_status(int status);

/* Every row, for tests and documentation. */
const struct wu_code *wu_code_table(unsigned *count);

/* Formats CODE as "0x80072EE2" into BUF (at least 11 bytes). */
void wu_code_format(uint32_t code, char buf[11]);

#endif
