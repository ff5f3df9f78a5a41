/* The causes (causes.c): grouping by hop, kind and identity; a shared kind
 * alone is the endpoint's own; the fix printed with a code never
 * contradicts the cause that has it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "causes.h"
#include "codes.h"

#define N 5
static struct ep_conf confs[N];
static struct result res[N];
static const struct result *recs[N];
static struct proxy_model px;
static struct run run;

static int setup(void **state)
{
	static const char *const urls[N] = { "https://a.example.com/", "https://b.example.com/", "http://c.example.com/",
					     "http://d.example.com/", "https://e.x.example.com/" };
	char err[128];

	(void)state;
	memset(&px, 0, sizeof px);
	assert_int_equal(proxy_parse_list(&px, "10.1.1.1:8080", err, sizeof err), 0);
	for (int i = 0; i < N; i++) {
		confs[i].url = (char *)urls[i];
		confs[i].group = "g";
		res[i] = (struct result){ .conf = &confs[i], .status = ST_OK };
		recs[i] = &res[i];
	}
	run = (struct run){ .res = recs, .n = N, .resolvers = "10.0.0.53" };
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	proxy_model_free(&px);
	return 0;
}

static void set_failing(int i, uint32_t code, const char *cause, bool proxied)
{
	res[i].status = ST_FAIL;
	res[i].code = code;
	res[i].cause = cause;
	res[i].route.proxy = proxied ? &px.servers[0] : NULL;
}

static void test_dead_proxy_gets_its_fix_not_the_firewalls(void **state)
{
	struct causes cs;
	char buf[256];

	(void)state;
	for (int i = 0; i < 4; i++)
		set_failing(i, WU_CANNOT_CONNECT, "proxy_refused", true);
	set_failing(4, WU_CANNOT_CONNECT, "connection_refused", false);   /* one refusal, direct: its own */
	assert_int_equal(causes_find(&run, &cs), 0);
	assert_int_equal(cs.n, 2);
	assert_string_equal(cs.c[0].hop, "proxy");
	assert_string_equal(cs.c[0].who, "10.1.1.1:8080");
	assert_int_equal(cs.c[0].n, 4);
	assert_string_equal(cs.c[0].text, "proxy 10.1.1.1:8080 refuses connections: 4 of 5 endpoints");
	assert_string_equal(cs.c[1].hop, "endpoint");
	assert_string_equal(cs.c[1].kind, "connection_refused");
	assert_string_equal(cs.c[1].fix, wu_code_find(WU_CANNOT_CONNECT)->fix);
	/* two causes share 0x80072EFD, with different fixes: the code points at them */
	assert_string_equal(causes_code_fix(&cs, WU_CANNOT_CONNECT, buf, sizeof buf),
			    "Depends on the cause: see causes 1 2 above.");
	causes_list(&cs.c[0], buf, sizeof buf);
	assert_string_equal(buf, "1-4");
	causes_free(&cs);

	set_failing(4, WU_CANNOT_CONNECT, "proxy_refused", true);          /* now all five: the proxy's fix alone */
	assert_int_equal(causes_find(&run, &cs), 0);
	assert_int_equal(cs.n, 1);
	assert_null(strstr(causes_code_fix(&cs, WU_CANNOT_CONNECT, buf, sizeof buf), "outbound TCP"));
	causes_free(&cs);
}

static void test_nxdomain_grouped_by_zone(void **state)
{
	struct causes cs;
	size_t rank = 0;

	(void)state;
	set_failing(0, WU_NAME_NOT_RESOLVED, "name_not_found", false);
	set_failing(1, WU_NAME_NOT_RESOLVED, "name_not_found", false);
	set_failing(4, WU_NAME_NOT_RESOLVED, "name_not_found", false);    /* another zone: x.example.com */
	assert_int_equal(causes_find(&run, &cs), 0);
	assert_int_equal(cs.n, 2);
	assert_string_equal(cs.c[0].text, "resolver 10.0.0.53 answers NXDOMAIN for *.example.com: 2 of 5 endpoints");
	assert_string_equal(cs.c[1].text, "resolver 10.0.0.53 answers NXDOMAIN for e.x.example.com: 1 of 5 endpoints");
	assert_ptr_equal(causes_of(&cs, 4, &rank), &cs.c[1]);
	assert_int_equal(rank, 2);
	assert_null(causes_of(&cs, 2, &rank));                     /* ok: no cause */
	causes_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dead_proxy_gets_its_fix_not_the_firewalls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nxdomain_grouped_by_zone, setup, teardown),
	};
	return cmocka_run_group_tests_name("causes", tests, NULL, NULL);
}
