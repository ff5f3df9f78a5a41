/* A Windows machine's exported Windows Update policy: reg query output
 * (policy_parse_reg) of the Group Policy key, the MDM key or both, and
 * what it derives and prints. */
#include "fuzz.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;
	struct policy_ep eps[POLICY_MAX_EPS];
	char err[512], buf[4096];

	if (policy_parse_reg(&p, data, size, "fuzz", err, sizeof err) == 0) {
		size_t n = policy_derive(&p, eps);
		FUZZ_CHECK(n <= POLICY_MAX_EPS);
		for (size_t i = 0; i < n; i++)
			FUZZ_CHECK(memchr(eps[i].url, '\0', sizeof eps[i].url) != NULL && eps[i].source);
		FUZZ_CHECK(memchr(p.mdm_not_used, '\0', sizeof p.mdm_not_used) != NULL);
		FUZZ_CHECK(p.present);
		policy_format(&p, buf, sizeof buf);
		(void)policy_public_unneeded(&p);
	} else {
		FUZZ_CHECK(fuzz_printable(err));   /* the path, "fuzz", is too */
		FUZZ_CHECK(!p.present);
	}
	return 0;
}
