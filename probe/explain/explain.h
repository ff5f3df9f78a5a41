/* --explain: what a code means, whether it is the network's, what to do,
 * and which of wuprobe's checks test it. Offline: no probe runs. */
#ifndef WUPROBE_EXPLAIN_H
#define WUPROBE_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct jw;

/* Explains the N codes of ARGS (any form code_arg_parse takes) on OUT, as
 * text or as one JSON document. Every code is read before anything is
 * written: returns -1 with a one-line reason in ERR at the first that is no
 * code, or no code of the table, and writes nothing. */
int explain_codes(FILE *out, int n, char *const *args, bool json, char *err, size_t errlen);

/* One code's lines of text, each line starting with INDENT; false when the
 * table has no row for CODE (nothing written). */
bool explain_text(FILE *out, uint32_t code, const char *indent);

/* CODE's name as --explain prints it (BG_E_HTTP_ERROR_404 for 0x80190194),
 * "unknown code" when the table has none. */
void explain_name(uint32_t code, char *buf, size_t len);

/* CODE's kind ("network", "server", "machine"), "" when unknown. */
void explain_kind(uint32_t code, char *buf, size_t len);

/* One code's fields into the JSON object W has open (name, kind, network,
 * meaning, mitigation, source, fix, checks, run); all null when unknown. */
void explain_json_fields(struct jw *w, uint32_t code);

#endif
