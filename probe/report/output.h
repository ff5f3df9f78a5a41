/* Where a report goes, with respect for what is at the path:
 * - NULL or "-": standard output;
 * - a symbolic link is followed (a chain of them, dangling or not) and the
 *   rules apply to its final target; the link stays a link;
 * - a regular file, or no file yet: written to a temporary file beside it,
 *   then renamed over it, so a reader never sees half a report. An existing
 *   file keeps its mode and owner; a new one gets 0666 less the umask. When
 *   the owner cannot be kept (not root) or the directory takes no temporary
 *   file, an existing file is rewritten in place instead;
 * - a FIFO or a character device (/dev/stdout, /dev/full): written directly;
 * - anything else (a directory, a socket, a block device) is refused.
 * Errors name the option (--output, --json-file) and the path as given. */
#ifndef WUPROBE_OUTPUT_H
#define WUPROBE_OUTPUT_H

#include <stdio.h>

enum output_kind { OUTPUT_STDOUT, OUTPUT_DIRECT, OUTPUT_IN_PLACE, OUTPUT_ATOMIC };

struct output {
	FILE *f;
	enum output_kind kind;
	const char *opt;     /* "--output" or "--json-file" */
	const char *path;    /* as given (NULL: stdout) */
	char *target;        /* PATH with its symbolic links resolved */
	int slot;            /* OUTPUT_ATOMIC: the temporary file (tempfile.h) */
};

/* Opens PATH for option OPT. Returns 0, or -1 with a one-line reason. */
int output_open(struct output *o, const char *opt, const char *path, char *err, size_t errlen);
/* Flushes; renames a temporary file into place, or cuts a file rewritten in
 * place to its new length. */
int output_commit(struct output *o, char *err, size_t errlen);
/* Removes an uncommitted temporary file; safe after commit, or on a zeroed
 * struct output that was never opened. */
void output_abort(struct output *o);

#endif
