/* Fault injection for the tests (fault.h). */
#include "fault.h"

#include <stdlib.h>
#include <string.h>

bool fault_at(const char *site)
{
#ifdef WUPROBE_FAULTS
	static unsigned asked;             /* times the named site was asked, for "SITE@N" */
	const char *want = getenv("WUPROBE_FAULT"), *at;
	size_t len;

	if (!want)
		return false;
	at = strchr(want, '@');
	len = at ? (size_t)(at - want) : strlen(want);
	if (strlen(site) != len || strncmp(want, site, len) != 0)
		return false;
	return !at || ++asked == strtoul(at + 1, NULL, 10);
#else
	(void)site;
	return false;
#endif
}
