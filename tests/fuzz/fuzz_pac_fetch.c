/* The PAC download's decisions on what others hand it: a Content-Type from
 * the PAC server with the URL's path (pac_type_check), a PAC source
 * (pac_source_of), a DNS suffix for the WPAD walk (wpad_walk), resolv.conf
 * text (wpad_domain_from_resolv). The input is split at NUL bytes into those
 * four. The walk asks wpad.<suffix> names within DNS's limits, each parent of
 * the one before, ending at two labels; errors are one line. */
#include "fuzz.h"
#include "pac_fetch.h"
#include "wpad.h"

#include <strings.h>

/* S's suffix is "." and SUFFIX. */
static int parent_of(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && s[n - k - 1] == '.' && strcmp(s + n - k, suffix) == 0;
}

static size_t dots(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '.';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), *part[4] = { "", "", "", "" }, err[256], dom[256];
	struct wpad_report *r = malloc(sizeof *r);
	enum pac_type t;

	if (!s || !r) {
		free(s);
		free(r);
		return 0;
	}
	fuzz_split(s, size, part, 4);

	t = pac_type_check(part[0], part[1]);
	FUZZ_CHECK(t == PAC_TYPE_OK || t == PAC_TYPE_BY_EXTENSION || t == PAC_TYPE_REJECTED);
	if (t == PAC_TYPE_OK)
		FUZZ_CHECK(strlen(part[0]) >= 33);
	FUZZ_CHECK(pac_type_check(part[0], NULL) != PAC_TYPE_BY_EXTENSION);

	enum pac_source src = pac_source_of(part[1]);
	FUZZ_CHECK(src == PAC_SRC_FILE || src == PAC_SRC_URL || src == PAC_SRC_BAD_SCHEME);
	if (src == PAC_SRC_URL)
		FUZZ_CHECK(strncasecmp(part[1], "http", 4) == 0);

	if (wpad_walk(part[2], r, err, sizeof err) == 0) {
		FUZZ_CHECK(r->ntries >= 1 && r->ntries <= WPAD_MAX_TRIES);
		for (size_t i = 0; i < r->ntries; i++) {
			char url[400];
			FUZZ_CHECK(strncmp(r->tries[i].name, "wpad.", 5) == 0 && strlen(r->tries[i].name) <= 253);
			snprintf(url, sizeof url, "http://%s/wpad.dat", r->tries[i].name);
			FUZZ_CHECK(strcmp(url, r->tries[i].url) == 0);
			FUZZ_CHECK(r->tries[i].outcome[0] == '\0');
			if (i > 0)   /* each the parent of the one before */
				FUZZ_CHECK(dots(r->tries[i].name) + 1 == dots(r->tries[i - 1].name) &&
					   parent_of(r->tries[i - 1].name + 5, r->tries[i].name + 5));
		}
		FUZZ_CHECK(dots(r->tries[r->ntries - 1].name) <= 2);
		FUZZ_CHECK(r->ntries == 1 || dots(r->tries[r->ntries - 1].name) == 2);
		for (const char *p = r->domain; *p; p++)
			FUZZ_CHECK(!(*p >= 'A' && *p <= 'Z'));
	} else {
		FUZZ_CHECK(fuzz_one_line(err) && err[0] && r->ntries == 0);
	}

	if (wpad_domain_from_resolv(part[3], dom, sizeof dom) == 0)
		FUZZ_CHECK(dom[0] && !strpbrk(dom, " \t\r\n") && strcmp(dom, ".") != 0);
	free(r);
	free(s);
	return 0;
}
