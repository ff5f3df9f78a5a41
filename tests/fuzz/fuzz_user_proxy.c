/* A user's Internet Options as reg query prints them (proxy_export_kind,
 * proxy_import_user), and the steps the result resolves into. */
#include "component.h"
#include "fuzz.h"
#include "user_settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct user_proxy u;
	char err[512], buf[4096];
	enum proxy_step steps[PROXY_MAX_STEPS];
	int kind = proxy_export_kind(data, size);

	FUZZ_CHECK(kind >= 0 && kind <= (PROXY_EXPORT_MACHINE | PROXY_EXPORT_USER));
	if (proxy_import_user(&u, data, size, "fuzz", err, sizeof err) != 0) {
		FUZZ_CHECK(strncmp(err, "fuzz", 4) == 0 && fuzz_one_line(err));
		FUZZ_CHECK(!u.present && !u.manual && u.manual_model.nservers == 0);
		return 0;
	}
	/* What was read is what the rest of the run can use. */
	FUZZ_CHECK(kind & PROXY_EXPORT_USER);
	FUZZ_CHECK(!u.manual || u.manual_model.nservers > 0);
	FUZZ_CHECK(u.autoconfig == (u.autoconfig_url[0] != '\0'));
	FUZZ_CHECK(u.present || (!u.manual && !u.autoconfig && !u.autodetect));
	FUZZ_CHECK(fuzz_one_line(u.note));
	size_t n = proxy_source_steps(PSK_USER, false, &u, u.disable_wpad, steps);
	FUZZ_CHECK(n >= 1 && n <= PROXY_MAX_STEPS);
	FUZZ_CHECK(steps[n - 1] == STEP_MANUAL || steps[n - 1] == STEP_DIRECT);
	proxy_list_format(&u.manual_model, buf, sizeof buf);
	proxy_bypass_format(&u.manual_model, buf, sizeof buf);
	user_proxy_free(&u);
	return 0;
}
