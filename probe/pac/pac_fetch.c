/* Loading a PAC script: a URL or a file, and the checks WinHTTP makes on
 * what it downloaded (pac_download.c fetches). */
#include "pac_fetch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "redact.h"
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static bool scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
	       c == '-' || c == '.';
}

/* "http://", "https://": a URL. Another scheme of two or more letters before
 * ":/" (file:, ftp:): a URL WinHTTP cannot use. The rest, "C:/x" included, is
 * a path. */
enum pac_source pac_source_of(const char *s)
{
	const char *p = s;

	if (strncasecmp(s, "http://", 7) == 0 || strncasecmp(s, "https://", 8) == 0)
		return PAC_SRC_URL;
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return PAC_SRC_FILE;
	while (scheme_char(*p))
		p++;
	return p - s >= 2 && p[0] == ':' && p[1] == '/' ? PAC_SRC_BAD_SCHEME : PAC_SRC_FILE;
}

/* A local script, under the same size cap as a download. */
static int load_file(const char *path, struct pac_script *out, char *why, size_t whylen)
{
	struct stat st;
	size_t cap = 16384;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK), rc = -1;

	if (fd < 0) {
		snprintf(why, whylen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "not a regular file");
		goto done;
	}
	if (!(out->text = malloc(cap))) {
		snprintf(why, whylen, "out of memory");
		goto done;
	}
	while ((r = read(fd, out->text + out->len, cap - out->len - 1)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			snprintf(why, whylen, "%s", strerror(errno));
			goto done;
		}
		out->len += (size_t)r;
		if (out->len > PAC_MAX_BYTES) {
			snprintf(why, whylen, "larger than 1 MiB (WinHTTP rejects PAC files over 1 MB)");
			goto done;
		}
		if (cap - out->len - 1 == 0) {
			char *more = realloc(out->text, cap * 2);
			if (!more) {
				snprintf(why, whylen, "out of memory");
				goto done;
			}
			out->text = more;
			cap *= 2;
		}
	}
	out->text[out->len] = '\0';
	rc = 0;
done:
	close(fd);
	return rc;
}

int pac_load(const char *src, const struct pac_fetch_env *env, struct pac_script *out, char *err, size_t errlen)
{
	char why[400] = "", shown[512];
	int rc = -1;

	memset(out, 0, sizeof *out);
	switch (pac_source_of(src)) {
	case PAC_SRC_BAD_SCHEME:
		snprintf(why, sizeof why, "WinHTTP takes only http:// and https:// PAC URLs (give a local file as a path)");
		break;
	case PAC_SRC_URL:
		rc = pac_fetch_url(src, env, out, why, sizeof why);
		break;
	case PAC_SRC_FILE:
		rc = load_file(src, out, why, sizeof why);
		break;
	}
	if (rc == 0) {
		snprintf(out->name, sizeof out->name, "%s", src);
		return 0;
	}
	pac_script_free(out);
	redact(src, strlen(src), shown, sizeof shown);
	snprintf(err, errlen, "%s: %s", shown, why);
	return -1;
}

void pac_script_free(struct pac_script *s)
{
	free(s->text);
	memset(s, 0, sizeof *s);
}
