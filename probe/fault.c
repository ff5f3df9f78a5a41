/* Fault injection for the tests (fault.h). */
#include "fault.h"

#include <stdlib.h>
#include <string.h>

bool fault_at(const char *site)
{
#ifdef WUPROBE_FAULTS
	const char *want = getenv("WUPROBE_FAULT");

	return want && strcmp(want, site) == 0;
#else
	(void)site;
	return false;
#endif
}
