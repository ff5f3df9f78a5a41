#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "redact.h"
#include "tempfile.h"

#define MAX_LINKS 40   /* as the kernel's ELOOP limit */

static int fail(const struct output *o, int e, char *err, size_t errlen)
{
	char shown[REDACT_MAX];

	snprintf(err, errlen, "%s %s: cannot write: %s", o->opt,
		 redact(o->path, strlen(o->path), shown, sizeof shown), strerror(e));
	return -1;
}

/* PATH with every symbolic link along the chain at its end followed (links
 * in the directories are the kernel's business). *ST is the final lstat, or
 * *MISSING says there is nothing there yet. NULL with errno on error. */
static char *resolve_links(const char *path, struct stat *st, int *missing)
{
	char *cur = strdup(path), link[PATH_MAX];

	*missing = 0;
	for (int hops = 0; cur; hops++) {
		const char *slash;
		char *next;
		ssize_t n;

		if (lstat(cur, st) != 0) {
			if (errno == ENOENT) {
				*missing = 1;
				return cur;
			}
			break;
		}
		if (!S_ISLNK(st->st_mode))
			return cur;
		if (hops == MAX_LINKS) {
			errno = ELOOP;
			break;
		}
		if ((n = readlink(cur, link, sizeof link)) < 0)
			break;
		if ((size_t)n == sizeof link) {
			errno = ENAMETOOLONG;
			break;
		}
		slash = strrchr(cur, '/');
		if (link[0] == '/' || !slash) {
			next = strndup(link, (size_t)n);
		} else {   /* relative to the link's own directory */
			size_t dl = (size_t)(slash + 1 - cur);
			if ((next = malloc(dl + (size_t)n + 1))) {
				memcpy(next, cur, dl);
				memcpy(next + dl, link, (size_t)n);
				next[dl + (size_t)n] = '\0';
			}
		}
		free(cur);
		cur = next;
	}
	free(cur);
	return NULL;
}

static mode_t current_umask(void)
{
	mode_t u = umask(022);

	umask(u);
	return u;
}

static int open_direct(struct output *o, enum output_kind kind)
{
	int fd = open(o->target, O_WRONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (!(o->f = fdopen(fd, "w"))) {
		close(fd);
		return -1;
	}
	o->kind = kind;
	return 0;
}

/* A temporary file beside the target, with the mode and owner of ST (the
 * existing file), or those a new file would get. */
static int open_atomic(struct output *o, const struct stat *st)
{
	int fd = tempfile_create(o->target, &o->slot), e;

	if (fd < 0)
		return st ? open_direct(o, OUTPUT_IN_PLACE) : -1;
	if (st && fchown(fd, st->st_uid, st->st_gid) != 0) {
		close(fd);
		tempfile_remove(o->slot);
		return open_direct(o, OUTPUT_IN_PLACE);
	}
	if (fchmod(fd, st ? st->st_mode & 07777 : 0666 & ~current_umask()) != 0 || !(o->f = fdopen(fd, "w"))) {
		e = errno;
		close(fd);
		tempfile_remove(o->slot);
		errno = e;
		return -1;
	}
	o->kind = OUTPUT_ATOMIC;
	return 0;
}

int output_open(struct output *o, const char *opt, const char *path, char *err, size_t errlen)
{
	struct stat st;
	int missing, rc = -1;

	memset(o, 0, sizeof *o);
	o->opt = opt;
	o->path = path;
	if (!path || strcmp(path, "-") == 0) {
		o->f = stdout;
		o->kind = OUTPUT_STDOUT;
		return 0;
	}
	if (!(o->target = resolve_links(path, &st, &missing)))
		return fail(o, errno, err, errlen);
	if (missing || S_ISREG(st.st_mode)) {
		rc = open_atomic(o, missing ? NULL : &st);
	} else if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		rc = open_direct(o, OUTPUT_DIRECT);
	} else if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
	} else {
		char shown[REDACT_MAX];
		snprintf(err, errlen, "%s %s: not a regular file, FIFO or character device", opt,
			 redact(path, strlen(path), shown, sizeof shown));
		free(o->target);
		o->target = NULL;
		return -1;
	}
	if (rc) {
		fail(o, errno, err, errlen);
		free(o->target);
		o->target = NULL;
	}
	return rc;
}

int output_commit(struct output *o, char *err, size_t errlen)
{
	int e = 0;

	if (fflush(o->f) != 0)
		e = errno;
	else if (ferror(o->f))
		e = EIO;
	if (o->kind == OUTPUT_STDOUT) {
		if (!e)
			return 0;
		if (o->path)
			return fail(o, e, err, errlen);
		snprintf(err, errlen, "cannot write the report: %s", strerror(e));
		return -1;
	}
	if (!e && o->kind == OUTPUT_IN_PLACE && ftruncate(fileno(o->f), ftello(o->f)) != 0)
		e = errno;
	if (fclose(o->f) != 0 && !e)
		e = errno;
	o->f = NULL;
	if (!e && o->kind == OUTPUT_ATOMIC && tempfile_rename(o->slot, o->target) != 0)
		e = errno;
	if (e)
		return fail(o, e, err, errlen);   /* output_abort removes the temporary file */
	free(o->target);
	o->target = NULL;                         /* done: nothing for output_abort */
	return 0;
}

void output_abort(struct output *o)
{
	if (o->f && o->kind != OUTPUT_STDOUT)
		fclose(o->f);
	if (o->target && o->kind == OUTPUT_ATOMIC)
		tempfile_remove(o->slot);
	free(o->target);
	memset(o, 0, sizeof *o);
}
