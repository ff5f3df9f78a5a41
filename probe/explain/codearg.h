/* A code as people type it: 0x8024402F, 8024402f, -2145107921 (signed, as
 * Delivery Optimization's ErrorCode shows it), 2149859375, or the name. */
#ifndef WUPROBE_CODEARG_H
#define WUPROBE_CODEARG_H

#include <stdint.h>

/* Reads S into *CODE. A name is looked up in the --explain table (notes.h);
 * a number is taken whatever it is (the table decides whether it is known).
 * Returns 0, or -1 when S is no code form or no name of the table. Eight hex
 * digits without 0x are hex ("80070003" is 0x80070003, as logs write it). */
int code_arg_parse(const char *s, uint32_t *code);

#endif
