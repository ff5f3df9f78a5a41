/* The proxy rule per update component: every row of the table, inputs that
 * must not change a decision, and how each source resolves into steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "component.h"
#include "user_settings.h"

static unsigned long rows_hit;   /* bit N: row N decided some case */

/* Routes C with the inputs given; checks the decision, its row, and that
 * the sentence and the document say what the row is about. */
static void expect(enum component c, bool user, bool machine, bool http, bool allow, enum proxy_source_kind first,
		   enum proxy_source_kind fallback, size_t rule, const char *why_part, const char *doc_part)
{
	struct route_inputs in = { .machine_proxy = machine, .user_present = user, .http = http,
				   .allow_user_proxy = allow };
	struct route_decision d;

	if (component_route(c, &in, &d) != first || d.first != first || d.fallback != fallback || d.rule != rule)
		fail_msg("%s user=%d machine=%d http=%d allow=%d: %s/%s by row %zu, wanted %s/%s by row %zu",
			 component_name(c), user, machine, http, allow, proxy_source_kind_name(d.first),
			 proxy_source_kind_name(d.fallback), d.rule, proxy_source_kind_name(first),
			 proxy_source_kind_name(fallback), rule);
	if (!strstr(d.why, why_part) || !strstr(d.doc, doc_part))
		fail_msg("row %zu: why '%s', doc '%s'", rule, d.why, d.doc);
	rows_hit |= 1ul << rule;
}

#define KB  "windows-update-client-determines-proxy-server-connect"
#define S20 "changes-to-improve-security-for-windows-devices-scanning-wsus"
#define J21 "scan-changes-and-certificates-add-security-for-windows-devices"
#define CSP "policy-csp-update#setproxybehaviorforupdatedetection"
#define DO  "delivery-optimization-proxy"

static void test_unset_keeps_the_runs_proxy(void **state)
{
	(void)state;
	for (int i = 0; i < 16; i++)
		expect(COMP_UNSET, i & 1, i & 2, i & 4, i & 8, PSK_MACHINE, PSK_NONE, 1, "the run's proxy settings", "");
}

static void test_scans(void **state)
{
	(void)state;
	/* no user: the system proxy, whatever the policy or scheme */
	expect(COMP_WU_SCAN, false, false, false, true, PSK_MACHINE, PSK_NONE, 2, "LocalSystem", KB);
	expect(COMP_WSUS_SCAN, false, true, true, true, PSK_MACHINE, PSK_NONE, 2, "netsh proxy or WPAD", KB);
	/* http:// update server: September 2020 */
	expect(COMP_WSUS_SCAN, true, false, true, false, PSK_MACHINE, PSK_NONE, 3, "September 2020", S20);
	expect(COMP_WU_SCAN, true, true, true, false, PSK_MACHINE, PSK_NONE, 3, "no fallback", S20);
	expect(COMP_WSUS_SCAN, true, false, true, true, PSK_MACHINE, PSK_USER, 4, "SetProxyBehaviorForUpdateDetection 1",
	       CSP);
	expect(COMP_WU_SCAN, true, false, true, true, PSK_MACHINE, PSK_USER, 4, "as a fallback", CSP);
	/* https:// WSUS: January 2021 */
	expect(COMP_WSUS_SCAN, true, false, false, false, PSK_MACHINE, PSK_NONE, 5, "January 2021", J21);
	expect(COMP_WSUS_SCAN, true, true, false, true, PSK_MACHINE, PSK_USER, 6, "https:// WSUS server with", J21);
	/* Microsoft Update over https: system, then user; the intranet policy
	 * does not change it */
	expect(COMP_WU_SCAN, true, false, false, false, PSK_MACHINE, PSK_USER, 7, "Microsoft Update scan", KB);
	expect(COMP_WU_SCAN, true, true, false, true, PSK_MACHINE, PSK_USER, 7, "signed-in user's proxy", KB);
}

static void test_other_agent_calls(void **state)
{
	(void)state;
	expect(COMP_WU_OTHER, false, true, false, false, PSK_MACHINE, PSK_NONE, 8, "only the system proxy", KB);
	expect(COMP_WU_OTHER, true, false, true, false, PSK_USER, PSK_MACHINE, 9, "the user proxy first", KB);
	expect(COMP_WU_OTHER, true, true, false, true, PSK_USER, PSK_MACHINE, 9, "reporting", KB);
}

static void test_delivery_optimization(void **state)
{
	(void)state;
	/* a signed-in user: the user's settings, the netsh proxy ignored */
	expect(COMP_DELIVERY_OPT, true, true, false, false, PSK_USER, PSK_NONE, 10, "netsh proxy is ignored", DO);
	expect(COMP_DELIVERY_OPT, true, false, true, true, PSK_USER, PSK_NONE, 10, "user's token", DO);
	/* NetworkService */
	expect(COMP_DELIVERY_OPT, false, true, false, false, PSK_MACHINE, PSK_NONE, 11, "takes precedence", DO);
	expect(COMP_DELIVERY_OPT, false, false, true, false, PSK_MACHINE, PSK_NONE, 12, "by WPAD or goes direct", DO);
}

static void test_bits(void **state)
{
	(void)state;
	expect(COMP_BITS, true, true, true, false, PSK_USER, PSK_NONE, 13, "owner's Internet Options",
	       "bg_job_proxy_usage");
	expect(COMP_BITS, false, true, false, false, PSK_DIRECT, PSK_NONE, 14, "does not read the netsh proxy",
	       "service-accounts-and-bits");
}

/* Runs last: every row of the table decided a case above. */
static void test_every_row_is_tested(void **state)
{
	(void)state;
	assert_int_equal(component_rule_count(), 14);
	for (size_t r = 1; r <= component_rule_count(); r++)
		if (!(rows_hit & (1ul << r)))
			fail_msg("row %zu of the rules table has no test", r);
}

static void test_names(void **state)
{
	enum component c;

	(void)state;
	for (int i = COMP_UNSET + 1; i < COMP_COUNT; i++) {
		const char *n = component_name((enum component)i);
		assert_int_equal(component_parse(n, strlen(n), &c), 0);
		assert_int_equal(c, i);
		assert_non_null(strstr(component_known(), n));
	}
	assert_string_equal(component_name(COMP_WU_SCAN), "wu-scan");
	assert_string_equal(component_name(COMP_DELIVERY_OPT), "delivery-optimization");
	assert_string_equal(component_name(COMP_UNSET), "");
	assert_string_equal(component_name(COMP_COUNT), "");
	assert_int_equal(component_parse("", 0, &c), -1);
	assert_int_equal(component_parse("WU-SCAN", 7, &c), -1);
	assert_int_equal(component_parse("wu-scan", 6, &c), -1);   /* a prefix is not the name */
	assert_int_equal(component_parse("bitsy", 5, &c), -1);
	assert_string_equal(proxy_source_kind_name(PSK_USER), "user");
	assert_string_equal(proxy_source_kind_name(PSK_MACHINE), "machine");
	assert_string_equal(proxy_source_kind_name(PSK_DIRECT), "direct");
	assert_string_equal(proxy_source_kind_name(PSK_NONE), "none");
}

static const char *steps_of(enum proxy_source_kind k, bool machine, const struct user_proxy *u, bool no_wpad)
{
	static char buf[128];
	enum proxy_step s[PROXY_MAX_STEPS];
	size_t n = proxy_source_steps(k, machine, u, no_wpad, s), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++)
		used += (size_t)snprintf(buf + used, sizeof buf - used, "%s%s", i ? " " : "", proxy_step_name(s[i]));
	return buf;
}

static void test_steps(void **state)
{
	struct user_proxy u = { .present = true };

	(void)state;
	assert_string_equal(steps_of(PSK_NONE, true, NULL, false), "");
	assert_string_equal(steps_of(PSK_DIRECT, true, &u, false), "direct");
	/* the machine: its netsh proxy, else WPAD (unless DisableWpad), else direct */
	assert_string_equal(steps_of(PSK_MACHINE, true, NULL, false), "static");
	assert_string_equal(steps_of(PSK_MACHINE, false, NULL, false), "wpad direct");
	assert_string_equal(steps_of(PSK_MACHINE, false, NULL, true), "direct");
	/* the user: auto-detect, setup script, manual proxy */
	u.autodetect = u.autoconfig = u.manual = true;
	assert_string_equal(steps_of(PSK_USER, true, &u, false), "wpad pac-url manual");
	assert_string_equal(steps_of(PSK_USER, true, &u, true), "pac-url manual");
	u.manual = false;
	assert_string_equal(steps_of(PSK_USER, false, &u, false), "wpad pac-url direct");
	u.autoconfig = false;
	assert_string_equal(steps_of(PSK_USER, false, &u, false), "wpad direct");
	u.autodetect = false;
	assert_string_equal(steps_of(PSK_USER, true, &u, false), "direct");   /* the netsh proxy plays no part */
	u.manual = true;
	assert_string_equal(steps_of(PSK_USER, false, &u, false), "manual");
	u.present = false;
	assert_string_equal(steps_of(PSK_USER, false, &u, false), "direct");
	assert_string_equal(steps_of(PSK_USER, false, NULL, false), "direct");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unset_keeps_the_runs_proxy),
		cmocka_unit_test(test_scans),
		cmocka_unit_test(test_other_agent_calls),
		cmocka_unit_test(test_delivery_optimization),
		cmocka_unit_test(test_bits),
		cmocka_unit_test(test_every_row_is_tested),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_steps),
	};
	return cmocka_run_group_tests_name("component", tests, NULL, NULL);
}
