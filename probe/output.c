#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int output_open(struct output *o, const char *path, char *err, size_t errlen)
{
	int fd;

	memset(o, 0, sizeof *o);
	if (!path) {
		o->f = stdout;
		return 0;
	}
	size_t n = strlen(path) + 16;
	if (!(o->path = strdup(path)) || !(o->tmp = malloc(n))) {
		snprintf(err, errlen, "--output %s: out of memory", path);
		return -1;
	}
	snprintf(o->tmp, n, "%s.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0 || !(o->f = fdopen(fd, "w"))) {
		snprintf(err, errlen, "--output %s: cannot write: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	fchmod(fd, 0644);
	return 0;
}

int output_commit(struct output *o, char *err, size_t errlen)
{
	int bad = fflush(o->f) != 0 || ferror(o->f);

	if (!o->path)
		return bad ? (snprintf(err, errlen, "cannot write the report: %s", strerror(errno)), -1) : 0;
	bad |= fclose(o->f) != 0;
	o->f = NULL;
	if (bad || rename(o->tmp, o->path) != 0) {
		snprintf(err, errlen, "--output %s: cannot write: %s", o->path, strerror(errno));
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	return 0;
}

void output_abort(struct output *o)
{
	if (o->path && o->f)
		fclose(o->f);
	if (o->tmp) {
		unlink(o->tmp);
		free(o->tmp);
	}
	free(o->path);
	memset(o, 0, sizeof *o);
}
