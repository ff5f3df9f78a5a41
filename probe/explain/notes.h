/* What --explain says about a code: one table (notes.c), one lookup. */
#ifndef WUPROBE_NOTES_H
#define WUPROBE_NOTES_H

#include <stdint.h>

enum note_kind {
	NOTE_NETWORK,   /* a network condition: wuprobe tests it */
	NOTE_SERVER,    /* the update server's side (WSUS): wuprobe reaches it, the fault is in it */
	NOTE_MACHINE,   /* the Windows machine itself: not the network, wuprobe cannot test it */
};

struct code_note {
	uint32_t code;
	const char *name;        /* the SDK header's name; codes.c's where it has the code */
	const char *alias;       /* another name Microsoft uses for it (the common-errors page), or NULL */
	enum note_kind kind;
	const char *meaning;     /* one line */
	const char *mitigation;  /* Microsoft's mitigation, in our words */
	const char *source;      /* a tag of docs/explain.md's sources: "COMMON", "WINHTTP", ... */
	const char *checks;      /* NOTE_NETWORK/NOTE_SERVER: which of wuprobe's checks test it */
	const char *run;         /* NOTE_NETWORK/NOTE_SERVER: the command line to run */
};

/* The row for CODE, or NULL. BITS's HTTP family (0x8019xxxx, 0x80190000 +
 * the status) is one row, code 0x80190000: use note_family_status. */
const struct code_note *note_find(uint32_t code);

/* The row whose name or alias is NAME (ASCII case ignored), or NULL. */
const struct code_note *note_find_name(const char *name);

/* The HTTP status of a BG_E_HTTP_ERROR_nnn code (0x801900nn-0x801901FF),
 * or 0 when CODE is not one. */
int note_family_status(uint32_t code);

/* Every row, for tests and documentation. */
const struct code_note *note_table(unsigned *count);

/* The kind as a word: "network", "server", "machine". */
const char *note_kind_name(enum note_kind k);

#endif
