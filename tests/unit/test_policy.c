/* The Windows Update policy: the reg query export, the [policy] section,
 * and what the policy makes the client contact (policy_derive). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "policy.h"

#define KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate"
#define MDM "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\PolicyManager\\current\\device\\Update"

static int parse(const char *text, struct policy *p, char *err)
{
	return policy_parse_reg(p, (const unsigned char *)text, strlen(text), "p.txt", err, 512);
}

/* An error line is printable ASCII: what it echoes from the file is escaped. */
static void assert_printable(const char *err)
{
	for (const char *c = err; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
			fail_msg("byte 0x%02x at %zu of '%s'", (unsigned char)*c, (size_t)(c - err), err);
}

static void expect_error(const char *text, const char *want)
{
	struct policy p;
	char err[512] = "";

	assert_int_equal(parse(text, &p, err), -1);
	if (!strstr(err, want))
		fail_msg("wanted '%s', got '%s'", want, err);
	assert_false(p.present);
	assert_printable(err);
}

/* TEXT (Latin-1) as reg query writes it to a file: UTF-16LE with a BOM (free it). */
static unsigned char *utf16(const char *text, size_t *len)
{
	size_t n = strlen(text);
	unsigned char *b = malloc(2 + 2 * n);

	assert_non_null(b);
	b[0] = 0xFF;
	b[1] = 0xFE;
	for (size_t i = 0; i < n; i++) {
		b[2 + 2 * i] = (unsigned char)text[i];
		b[3 + 2 * i] = 0;
	}
	*len = 2 + 2 * n;
	return b;
}

static void test_export_values_and_keys(void **state)
{
	const char *text = "\r\n" KEY "\r\n"
		"    WUServer    REG_SZ    https://wsus.corp:8531\r\n"
		"    WUStatusServer    REG_SZ    https://wsus.corp:8531\r\n"
		"    UseWUServer    REG_DWORD    0x1\r\n"          /* not read here: AU's */
		"    Some Value    REG_SZ    x y\r\n"
		"\r\n" KEY "\\AU\r\n"
		"    UseWUServer    REG_DWORD    0x1\r\n"
		"    WUServer    REG_SZ    https://elsewhere:1\r\n"   /* not read here */
		"    (Default)    REG_SZ\r\n"
		"\r\n" KEY "\\Other\r\n"
		"    DisableDualScan    REG_DWORD    0x1\r\n";
	struct policy p;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse(text, &p, err), 0);
	assert_true(p.present);
	assert_string_equal(policy_str(&p, POL_WU_SERVER), "https://wsus.corp:8531");
	assert_int_equal(policy_num(&p, POL_USE_WU_SERVER), 1);
	assert_false(p.set[POL_DISABLE_DUAL_SCAN]);
	assert_true(policy_wsus(&p));
	assert_string_equal(p.from, "--policy-from p.txt");
}

static void test_utf16_export(void **state)
{
	const char *text = KEY "\r\n    WUServer    REG_SZ    http://w:8530\r\n" KEY "\\AU\r\n"
			   "    UseWUServer    REG_DWORD    0x0\r\n";
	size_t n;
	unsigned char *b = utf16(text, &n);
	struct policy p;
	char err[512] = "";

	(void)state;
	assert_int_equal(policy_parse_reg(&p, b, n, "u.txt", err, sizeof err), 0);
	free(b);
	assert_string_equal(policy_str(&p, POL_WU_SERVER), "http://w:8530");
	assert_true(p.set[POL_USE_WU_SERVER]);
	assert_false(policy_wsus(&p));   /* UseWUServer 0: WUServer ignored */
	struct policy_ep eps[POLICY_MAX_EPS];
	assert_int_equal(policy_derive(&p, eps), 0);
}

static void test_export_errors(void **state)
{
	(void)state;
	expect_error(KEY "\n    UseWUServer    REG_DWORD    0x1\n" KEY "\\AU\n    UseWUServer    REG_SZ    1\n",
		     "p.txt:4: UseWUServer is a number (REG_DWORD), not REG_SZ");
	expect_error(KEY "\\AU\n    UseWUServer    REG_DWORD    0x2\n", "p.txt:2: UseWUServer takes 0 or 1: '0x2'");
	expect_error(KEY "\n    WUServer    REG_SZ    wsus.corp\n",
		     "p.txt:2: WUServer must be an http:// or https:// URL: 'wsus.corp'");
	expect_error(KEY "\n    WUServer    REG_DWORD    0x1\n", "p.txt:2: WUServer is a string (REG_SZ), not REG_DWORD");
	/* A damaged type: its CR, ESC and DEL are not echoed as they are. */
	expect_error(KEY "\n    WUServer    REG_SZ\r\x1b[2J\x7f    https://w\n",
		     "p.txt:2: WUServer is a string (REG_SZ), not REG_SZ??[2J?");
	expect_error(KEY "\\AU\n    UseWUServer    REG_DWORD\r\x1b    1\n",
		     "p.txt:2: UseWUServer is a number (REG_DWORD), not REG_DWORD??");
	expect_error("netsh winhttp show proxy\n", "p.txt:1: not reg query output");
	expect_error(KEY "\nWUServer REG_SZ x\n", "p.txt:2: not reg query output");
	expect_error(KEY "\n    WUServer REG_SZ x\n", "p.txt:2: a value line is NAME    REG_TYPE    DATA");
	expect_error("", "p.txt:1: no ...\\Policies\\Microsoft\\Windows\\WindowsUpdate key");
	expect_error("HKEY_LOCAL_MACHINE\\SOFTWARE\\Other\n", "no ...\\Policies\\Microsoft\\Windows\\WindowsUpdate key");
}

/* What fuzz_policy found: a UTF-16 export whose type field holds a CR and
 * a character beyond ASCII (tests/fuzz/seeds/policy/utf16-damaged-type). */
static void test_utf16_damaged_type(void **state)
{
	size_t n;
	unsigned char *b = utf16(KEY "\r\n    WUServer    REG_SZ\xE4\r\x01    https://w\r\n", &n);
	struct policy p;
	char err[512] = "";

	(void)state;
	assert_int_equal(policy_parse_reg(&p, b, n, "u.txt", err, sizeof err), -1);
	free(b);
	assert_string_equal(err, "u.txt:2: WUServer is a string (REG_SZ), not REG_SZ???");
	assert_false(p.present);
}

static void test_no_key_is_no_policy(void **state)
{
	struct policy p;
	char err[512] = "";

	(void)state;
	assert_int_equal(parse("ERROR: The system was unable to find the specified registry key or value.\r\n", &p, err),
			 0);
	assert_true(p.present);
	for (int i = 0; i < POL_COUNT; i++)
		assert_false(p.set[i]);
	assert_null(policy_public_unneeded(&p));
}

static struct policy wsus(const char *server)
{
	struct policy p = { 0 };
	char why[256];

	assert_int_equal(policy_set(&p, "WUServer", 8, NULL, server, strlen(server), why, sizeof why), 1);
	assert_int_equal(policy_set(&p, "usewuserver", 11, NULL, "1", 1, why, sizeof why), 1);   /* any case */
	return p;
}

static void set(struct policy *p, const char *name, const char *value)
{
	char why[256];
	assert_int_equal(policy_set(p, name, strlen(name), NULL, value, strlen(value), why, sizeof why), 1);
}

static void test_derive_https_wsus(void **state)
{
	struct policy p = wsus("https://wsus.corp:8531");
	struct policy_ep e[POLICY_MAX_EPS];
	size_t n;

	(void)state;
	set(&p, "WUStatusServer", "https://report.corp:8531/");
	set(&p, "UpdateServiceUrlAlternate", "http://dl.corp/files/");
	n = policy_derive(&p, e);
	assert_int_equal(n, 7);
	assert_string_equal(e[0].url, "https://wsus.corp:8531/selfupdate/wuident.cab");
	assert_true(e[0].expect_cab);
	assert_int_equal(e[0].nstatus, 0);
	assert_string_equal(e[1].url, "https://wsus.corp:8531/ClientWebService/wusserverversion.xml");
	assert_string_equal(e[2].url, "https://wsus.corp:8531/SimpleAuthWebService/SimpleAuth.asmx");
	assert_string_equal(e[3].url, "https://wsus.corp:8531/ClientWebService/client.asmx");
	for (int i = 0; i < 4; i++) {
		assert_string_equal(e[i].source, "policy WUServer");
		assert_string_equal(e[i].group, "wsus");
		assert_int_equal(e[i].component, COMP_WSUS_SCAN);
	}
	for (int i = 1; i < 4; i++) {
		assert_false(e[i].expect_cab);
		assert_int_equal(e[i].nstatus, 1);
		assert_int_equal(e[i].status[0], 200);
	}
	assert_string_equal(e[4].url, "https://report.corp:8531/ReportingWebService/ReportingWebService.asmx");
	assert_string_equal(e[4].source, "policy WUStatusServer");
	assert_int_equal(e[4].component, COMP_WU_OTHER);
	assert_string_equal(e[5].url, "http://wsus.corp:8530/Content/");
	assert_int_equal(e[5].component, COMP_DELIVERY_OPT);
	assert_int_equal(e[5].nstatus, 2);
	assert_string_equal(e[6].url, "http://dl.corp/files/");
	assert_string_equal(e[6].source, "policy UpdateServiceUrlAlternate");
	assert_null(policy_public_unneeded(&p));
}

static void test_derive_http_wsus_has_no_content_port(void **state)
{
	struct policy p = wsus("http://[fd00::5]:8530");
	struct policy_ep e[POLICY_MAX_EPS];

	(void)state;
	assert_int_equal(policy_derive(&p, e), 4);
	assert_string_equal(e[0].url, "http://[fd00::5]:8530/selfupdate/wuident.cab");
	p = wsus("https://wsus.corp");   /* 443: content on the same origin */
	assert_int_equal(policy_derive(&p, e), 4);
	assert_string_equal(e[3].url, "https://wsus.corp:443/ClientWebService/client.asmx");
}

static void test_public_unneeded(void **state)
{
	struct policy p = wsus("https://wsus.corp:8531"), q;

	(void)state;
	q = p;
	set(&q, "DoNotConnectToWindowsUpdateInternetLocations", "0x1");
	assert_string_equal(policy_public_unneeded(&q), "DoNotConnectToWindowsUpdateInternetLocations");
	set(&q, "UseWUServer", "0");   /* applies only with an intranet server */
	assert_null(policy_public_unneeded(&q));

	q = p;
	set(&q, "UseUpdateClassPolicySource", "1");
	set(&q, "SetPolicyDrivenUpdateSourceForFeatureUpdates", "1");
	set(&q, "SetPolicyDrivenUpdateSourceForQualityUpdates", "1");
	set(&q, "SetPolicyDrivenUpdateSourceForDriverUpdates", "1");
	assert_null(policy_public_unneeded(&q));   /* Other not set: Windows Update */
	set(&q, "SetPolicyDrivenUpdateSourceForOtherUpdates", "1");
	assert_string_equal(policy_public_unneeded(&q), "SetPolicyDrivenUpdateSourceFor*Updates");
	set(&q, "SetPolicyDrivenUpdateSourceForQualityUpdates", "0");
	set(&q, "DisableDualScan", "1");   /* a class from Windows Update still scans it */
	assert_null(policy_public_unneeded(&q));

	q = p;
	set(&q, "DisableDualScan", "1");
	assert_string_equal(policy_public_unneeded(&q), "DisableDualScan");
	assert_null(policy_public_unneeded(&p));
	assert_true(policy_group_public("windows-update"));
	assert_true(policy_group_public("downloads"));
	assert_false(policy_group_public("certificate-trust"));
	assert_false(policy_group_public("delivery-optimization"));
}

static void test_policy_section(void **state)
{
	const char *text = "[windows-update]\nhttps://fe2.update.microsoft.com/\n"
			   "[certificate-trust]\nhttp://ctldl.windowsupdate.com/x.cab\n"
			   "[policy]\nWUServer = http://wsus.corp:8530\nUseWUServer = 1\n"
			   "DoNotConnectToWindowsUpdateInternetLocations=1\n"
			   "[downloads]\nhttp://wsus.corp:8530/ClientWebService/client.asmx\n";
	struct config c;
	char err[512] = "";

	(void)state;
	assert_int_equal(config_parse("t.conf", text, strlen(text), &c, err, sizeof err), 0);
	assert_string_equal(c.policy.from, "t.conf [policy]");
	assert_int_equal(c.n, 3);
	assert_int_equal(config_apply_policy(&c, err, sizeof err), 0);
	/* client.asmx was listed: it stays as listed; three others join. */
	assert_int_equal(c.n, 6);
	assert_string_equal(c.eps[0].unneeded, "DoNotConnectToWindowsUpdateInternetLocations");
	assert_true(c.eps[0].optional);
	assert_null(c.eps[1].unneeded);     /* certificate-trust */
	assert_false(c.eps[1].optional);
	assert_null(c.eps[2].source);
	assert_null(c.eps[2].unneeded);     /* the WSUS, listed in a public group */
	assert_false(c.eps[2].optional);
	assert_string_equal(c.eps[3].url, "http://wsus.corp:8530/selfupdate/wuident.cab");
	assert_string_equal(c.eps[3].source, "policy WUServer");
	assert_string_equal(c.eps[3].group, "wsus");
	assert_true(c.eps[3].expect_cab);
	assert_null(c.eps[3].unneeded);
	assert_string_equal(c.eps[5].url, "http://wsus.corp:8530/SimpleAuthWebService/SimpleAuth.asmx");
	config_free(&c);
}

static void test_policy_section_errors(void **state)
{
	struct {
		const char *text, *want;
	} cases[] = {
		{ "https://a.example/\n[policy]\nWUServer\n", "t.conf:3: [policy] lines are 'NAME = VALUE'" },
		{ "https://a.example/\n[policy]\nUseWUServr = 1\n", "t.conf:3: unknown [policy] value 'UseWUServr'" },
		{ "https://a.example/\n[policy]\nUseWUServer = yes\n", "t.conf:3: UseWUServer takes 0 or 1: 'yes'" },
		{ "https://a.example/\n[policy]\n[policy]\n", "t.conf:3: a second [policy] section" },
		{ "https://a.example/\n[policy] component=bits\n", "t.conf:2: a [policy] line takes nothing after" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct config c;
		char err[512] = "";
		assert_int_equal(config_parse("t.conf", cases[i].text, strlen(cases[i].text), &c, err, sizeof err), -1);
		if (!strstr(err, cases[i].want))
			fail_msg("wanted '%s', got '%s'", cases[i].want, err);
		assert_int_equal(c.n, 0);
	}
}

static void test_format(void **state)
{
	struct policy p = wsus("https://wsus.corp:8531");
	char out[512];

	(void)state;
	policy_format(&p, out, sizeof out);
	assert_string_equal(out, "WUServer=https://wsus.corp:8531, AU\\UseWUServer=1");
	memset(&p, 0, sizeof p);
	policy_format(&p, out, sizeof out);
	assert_string_equal(out, "none set");
}

static void test_mdm_values(void **state)
{
	const char *text = MDM "\r\n"
		"    UpdateServiceUrl    REG_SZ    https://wsus.corp:8531\r\n"
		"    UpdateServiceUrl_ProviderSet    REG_DWORD    0x1\r\n"          /* not ours */
		"    UpdateServiceUrlAlternate    REG_SZ    http://dl.corp/\r\n"
		"    WUServer    REG_SZ    https://not-in-the-csp:1\r\n"            /* not a CSP name */
		"    UseUpdateClassPolicySource    REG_DWORD    0x1\r\n"          /* nor this */
		"    disabledualscan    REG_DWORD    0x1\r\n";
	struct policy p;
	struct policy_ep e[POLICY_MAX_EPS];
	char err[512] = "", out[512];

	(void)state;
	assert_int_equal(parse(text, &p, err), 0);
	assert_string_equal(policy_str(&p, POL_WU_SERVER), "https://wsus.corp:8531");
	assert_true(p.mdm[POL_WU_SERVER]);
	assert_int_equal(policy_num(&p, POL_USE_WU_SERVER), 1);   /* a set UpdateServiceUrl means WSUS */
	assert_true(policy_wsus(&p));
	assert_false(p.set[POL_USE_CLASS_SOURCE]);
	assert_false(p.set[POL_WU_STATUS_SERVER]);
	assert_string_equal(policy_public_unneeded(&p), "DisableDualScan");
	assert_string_equal(p.mdm_not_used, "");
	assert_int_equal(policy_derive(&p, e), 6);   /* 4 scan paths, /Content/ on 8530, the alternate; no reporting */
	assert_string_equal(e[0].source, "MDM UpdateServiceUrl");
	assert_string_equal(e[4].url, "http://wsus.corp:8530/Content/");
	assert_string_equal(e[4].source, "MDM UpdateServiceUrl");
	assert_string_equal(e[5].source, "MDM UpdateServiceUrlAlternate");
	assert_string_equal(policy_source(&p, POL_USE_WU_SERVER), "MDM UpdateServiceUrl");
	policy_format(&p, out, sizeof out);
	assert_string_equal(out, "MDM UpdateServiceUrl=https://wsus.corp:8531, MDM UpdateServiceUrlAlternate=http://dl.corp/, "
			    "MDM DisableDualScan=1");
	assert_string_equal(policy_mdm_name(POL_WU_SERVER), "UpdateServiceUrl");
	assert_null(policy_mdm_name(POL_USE_WU_SERVER));
}

/* Both exports in one file, either order: Group Policy's value stays where
 * both set one, the MDM name is noted; MDM fills what GP leaves unset. */
static void test_gp_and_mdm(void **state)
{
	const char *gp = KEY "\n    WUServer    REG_SZ    http://wsus.corp:8530\n"
			 "    DoNotConnectToWindowsUpdateInternetLocations    REG_DWORD    0x0\n"
			 KEY "\\AU\n    UseWUServer    REG_DWORD    0x1\n";
	const char *mdm = MDM "\n    UpdateServiceUrl    REG_SZ    https://other.corp:8531\n"
			  "    DoNotConnectToWindowsUpdateInternetLocations    REG_DWORD    0x1\n"
			  "    FillEmptyContentUrls    REG_DWORD    0x1\n";
	char text[2048], err[512] = "", out[1024];
	struct policy p;

	(void)state;
	for (int order = 0; order < 2; order++) {
		snprintf(text, sizeof text, "%s\n%s", order ? mdm : gp, order ? gp : mdm);
		assert_int_equal(parse(text, &p, err), 0);
		assert_string_equal(policy_str(&p, POL_WU_SERVER), "http://wsus.corp:8530");
		assert_false(p.mdm[POL_WU_SERVER]);
		assert_string_equal(policy_source(&p, POL_WU_SERVER), "policy WUServer");
		assert_int_equal(policy_num(&p, POL_DO_NOT_CONNECT), 0);
		assert_null(policy_public_unneeded(&p));
		assert_int_equal(policy_num(&p, POL_FILL_EMPTY), 1);
		assert_true(p.mdm[POL_FILL_EMPTY]);
		assert_string_equal(p.mdm_not_used, "UpdateServiceUrl, DoNotConnectToWindowsUpdateInternetLocations");
		policy_format(&p, out, sizeof out);
		assert_non_null(strstr(out, "; MDM UpdateServiceUrl, DoNotConnectToWindowsUpdateInternetLocations not used: "
					    "Group Policy sets them"));
	}
	/* Group Policy's UseWUServer 0 stays: the MDM server is not scanned. */
	assert_int_equal(parse(KEY "\\AU\n    UseWUServer    REG_DWORD    0x0\n" MDM
			       "\n    UpdateServiceUrl    REG_SZ    https://other.corp:8531\n", &p, err), 0);
	assert_false(policy_wsus(&p));
	assert_string_equal(p.mdm_not_used, "UpdateServiceUrl");
	/* Same value both ways: nothing to note. */
	assert_int_equal(parse(KEY "\n    DisableDualScan    REG_DWORD    0x1\n" MDM
			       "\n    DisableDualScan    REG_DWORD    0x1\n", &p, err), 0);
	assert_string_equal(p.mdm_not_used, "");
	assert_false(p.mdm[POL_DISABLE_DUAL_SCAN]);
	/* The MDM query found no key: its ERROR line follows the GP export. */
	assert_int_equal(parse(KEY "\n    WUServer    REG_SZ    http://w:8530\n\n"
			       "ERROR: The system was unable to find the specified registry key or value.\n", &p, err), 0);
	assert_string_equal(policy_str(&p, POL_WU_SERVER), "http://w:8530");
	/* Only an MDM key: that is an export too. */
	assert_int_equal(parse(MDM "\n", &p, err), 0);
	assert_true(p.present);
}

static void test_mdm_errors(void **state)
{
	(void)state;
	expect_error(MDM "\n    UpdateServiceUrl    REG_SZ    wsus.corp\n",
		     "p.txt:2: UpdateServiceUrl must be an http:// or https:// URL: 'wsus.corp'");
	expect_error(MDM "\n    UpdateServiceUrl    REG_DWORD    0x1\n",
		     "p.txt:2: UpdateServiceUrl is a string (REG_SZ), not REG_DWORD");
	expect_error(MDM "\n    DisableDualScan    REG_DWORD    0x2\n", "p.txt:2: DisableDualScan takes 0 or 1: '0x2'");
	expect_error("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\PolicyManager\\current\\device\\Other\n",
		     "nor ...\\PolicyManager\\current\\device\\Update");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_values_and_keys),
		cmocka_unit_test(test_utf16_export),
		cmocka_unit_test(test_export_errors),
		cmocka_unit_test(test_utf16_damaged_type),
		cmocka_unit_test(test_no_key_is_no_policy),
		cmocka_unit_test(test_derive_https_wsus),
		cmocka_unit_test(test_derive_http_wsus_has_no_content_port),
		cmocka_unit_test(test_public_unneeded),
		cmocka_unit_test(test_policy_section),
		cmocka_unit_test(test_policy_section_errors),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_mdm_values),
		cmocka_unit_test(test_gp_and_mdm),
		cmocka_unit_test(test_mdm_errors),
	};
	return cmocka_run_group_tests_name("policy", tests, NULL, NULL);
}
