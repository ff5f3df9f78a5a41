/* Temporary files that SIGINT, SIGTERM and SIGHUP do not leave behind: their
 * names live in static storage, the handler unlinks them, then dies of the
 * signal with its default action (as sort(1) does), so the exit status still
 * says which signal it was. */
#ifndef WUPROBE_TEMPFILE_H
#define WUPROBE_TEMPFILE_H

#define TEMPFILE_MAX 4   /* at once: the report and the JSON file need two */

/* Installs the handler for the three signals, except one that is ignored
 * (nohup), as the shell left it. Call once, before tempfile_create. */
void tempfile_catch_signals(void);

/* Creates "PREFIX.XXXXXX" (mkstemp, mode 0600, close-on-exec) and registers
 * it. Returns its descriptor and its slot in *SLOT, or -1 with errno set. */
int tempfile_create(const char *prefix, int *slot);

/* The name of the file in SLOT. */
const char *tempfile_path(int slot);

/* Renames the file in SLOT to TARGET and forgets it. Returns 0, or -1 with
 * errno set (the file stays registered: tempfile_remove it). */
int tempfile_rename(int slot, const char *target);

/* Unlinks the file in SLOT, if still registered, and frees the slot. */
void tempfile_remove(int slot);

#endif
