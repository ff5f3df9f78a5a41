/* The PAC download's and the WPAD walk's decisions, without a network: what
 * a URL or path names, the content type or extension WinHTTP accepts, the
 * names the walk asks for, the suffix resolv.conf gives, local files. The
 * network half runs against the lab (tests/integration/test_pac_fetch.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pac_fetch.h"
#include "wpad.h"

static const struct pac_fetch_env ENV = { .timeout_s = 1 };

static void test_source_of(void **state)
{
	(void)state;
	assert_int_equal(pac_source_of("http://pac.example/p.pac"), PAC_SRC_URL);
	assert_int_equal(pac_source_of("HTTPS://pac.example/p.pac"), PAC_SRC_URL);
	/* WinHTTP supports only http: and https: PAC URLs */
	assert_int_equal(pac_source_of("ftp://pac.example/p.pac"), PAC_SRC_BAD_SCHEME);
	assert_int_equal(pac_source_of("file:///tmp/p.pac"), PAC_SRC_BAD_SCHEME);
	assert_int_equal(pac_source_of("file:/tmp/p.pac"), PAC_SRC_BAD_SCHEME);
	assert_int_equal(pac_source_of("svn+ssh://x/p.pac"), PAC_SRC_BAD_SCHEME);
	/* paths */
	assert_int_equal(pac_source_of("proxy.pac"), PAC_SRC_FILE);
	assert_int_equal(pac_source_of("/etc/proxy.pac"), PAC_SRC_FILE);
	assert_int_equal(pac_source_of("./http://x"), PAC_SRC_FILE);
	assert_int_equal(pac_source_of("C:/proxy.pac"), PAC_SRC_FILE);
	assert_int_equal(pac_source_of("httpx"), PAC_SRC_FILE);
	assert_int_equal(pac_source_of(""), PAC_SRC_FILE);
}

static void test_type_by_content_type(void **state)
{
	(void)state;
	assert_int_equal(pac_type_check("application/x-ns-proxy-autoconfig", "/proxy"), PAC_TYPE_OK);
	assert_int_equal(pac_type_check("Application/X-NS-Proxy-Autoconfig; charset=utf-8", "/"), PAC_TYPE_OK);
	assert_int_equal(pac_type_check("  application/x-ns-proxy-autoconfig ;x=1", "/"), PAC_TYPE_OK);
	/* Only that type: KB 4025058 names no other. */
	assert_int_equal(pac_type_check("application/x-javascript-config", "/proxy"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("application/x-ns-proxy-autoconfigx", "/proxy"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("application/x-ns-proxy", "/proxy"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", "/proxy"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check(NULL, "/proxy"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("", "/"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", NULL), PAC_TYPE_REJECTED);
}

static void test_type_by_extension(void **state)
{
	(void)state;
	/* .dat, .js, .pac, .jvs: accepted whatever the type */
	assert_int_equal(pac_type_check("text/html", "/proxy.pac"), PAC_TYPE_BY_EXTENSION);
	assert_int_equal(pac_type_check(NULL, "/wpad.dat"), PAC_TYPE_BY_EXTENSION);
	assert_int_equal(pac_type_check("text/plain", "/a/b/conf.JS"), PAC_TYPE_BY_EXTENSION);
	assert_int_equal(pac_type_check("application/octet-stream", "/x.jvs?v=2"), PAC_TYPE_BY_EXTENSION);
	assert_int_equal(pac_type_check("text/plain", "/x.Pac#top"), PAC_TYPE_BY_EXTENSION);
	/* the path's last segment only, before any query */
	assert_int_equal(pac_type_check("text/html", "/proxy?file=x.pac"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", "/conf.pac/proxy"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", "/proxy.pacx"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", "/proxy.html"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", "/pac"), PAC_TYPE_REJECTED);
	assert_int_equal(pac_type_check("text/html", "/"), PAC_TYPE_REJECTED);
}

static void test_walk_devolves_to_two_labels(void **state)
{
	struct wpad_report *r = malloc(sizeof *r);
	char err[256];

	(void)state;
	assert_int_equal(wpad_walk("branch.corp.lab.test", r, err, sizeof err), 0);
	assert_int_equal(r->ntries, 3);
	assert_string_equal(r->tries[0].name, "wpad.branch.corp.lab.test");
	assert_string_equal(r->tries[0].url, "http://wpad.branch.corp.lab.test/wpad.dat");
	assert_string_equal(r->tries[1].name, "wpad.corp.lab.test");
	assert_string_equal(r->tries[2].name, "wpad.lab.test");
	assert_string_equal(r->tries[2].url, "http://wpad.lab.test/wpad.dat");
	assert_string_equal(r->domain, "branch.corp.lab.test");
	assert_string_equal(r->found_url, "");
	/* two labels: only the suffix itself; case and the final dot dropped */
	assert_int_equal(wpad_walk("Contoso.COM.", r, err, sizeof err), 0);
	assert_int_equal(r->ntries, 1);
	assert_string_equal(r->tries[0].name, "wpad.contoso.com");
	assert_string_equal(r->domain, "contoso.com");
	/* a single-label suffix is asked as it is */
	assert_int_equal(wpad_walk("corp", r, err, sizeof err), 0);
	assert_int_equal(r->ntries, 1);
	assert_string_equal(r->tries[0].name, "wpad.corp");
	/* the advisory's example: down to co.us, which is two labels */
	assert_int_equal(wpad_walk("western.corp.contoso.co.us", r, err, sizeof err), 0);
	assert_int_equal(r->ntries, 4);
	assert_string_equal(r->tries[3].name, "wpad.co.us");
	free(r);
}

static void test_walk_refuses_bad_domains(void **state)
{
	struct wpad_report *r = malloc(sizeof *r);
	char err[256], name[400];

	(void)state;
	const char *bad[] = { "", ".", "a..b", ".a.b", "a b.c", "a/b.c", "corp.lab.test..", "ex\xc3\xa4mple.com" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		assert_int_equal(wpad_walk(bad[i], r, err, sizeof err), -1);
		assert_true(err[0] != '\0' && !strchr(err, '\n'));
		assert_int_equal(r->ntries, 0);
	}
	/* a label of 64 */
	memset(name, 'a', 64);
	strcpy(name + 64, ".example");
	assert_int_equal(wpad_walk(name, r, err, sizeof err), -1);
	memmove(name + 63, name + 64, strlen(name + 64) + 1);   /* a label of 63 */
	assert_int_equal(wpad_walk(name, r, err, sizeof err), 0);
	/* 17 labels walk 16 names; 18 would be more than the report holds */
	strcpy(name, "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q");
	assert_int_equal(wpad_walk(name, r, err, sizeof err), 0);
	assert_int_equal(r->ntries, WPAD_MAX_TRIES);
	assert_string_equal(r->tries[WPAD_MAX_TRIES - 1].name, "wpad.p.q");
	strcpy(name, "z.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q");
	assert_int_equal(wpad_walk(name, r, err, sizeof err), -1);
	/* longer than 248: wpad. and the suffix would pass DNS's 253 */
	memset(name, 0, sizeof name);
	for (int i = 0; i < 50; i++)
		strcat(name, "abcd.");
	strcat(name, "com");   /* 253 */
	assert_int_equal(wpad_walk(name, r, err, sizeof err), -1);
	free(r);
}

static void test_domain_from_resolv(void **state)
{
	char d[256];

	(void)state;
	assert_int_equal(wpad_domain_from_resolv("nameserver 10.0.0.1\nsearch corp.example other.example\n", d,
						 sizeof d), 0);
	assert_string_equal(d, "corp.example");
	assert_int_equal(wpad_domain_from_resolv("domain a.example\nsearch b.example\n", d, sizeof d), 0);
	assert_string_equal(d, "b.example");   /* the last of domain and search wins */
	assert_int_equal(wpad_domain_from_resolv("search b.example\ndomain a.example", d, sizeof d), 0);
	assert_string_equal(d, "a.example");
	assert_int_equal(wpad_domain_from_resolv("search\t. \tcorp.example\r\n", d, sizeof d), 0);
	assert_string_equal(d, "corp.example");
	assert_int_equal(wpad_domain_from_resolv("search x.example\nsearch\n", d, sizeof d), 0);
	assert_string_equal(d, "x.example");   /* an empty line gives nothing to win with */
	assert_int_equal(wpad_domain_from_resolv("# search no.example\n; domain no.example\nnameserver ::1\n", d,
						 sizeof d), -1);
	assert_int_equal(wpad_domain_from_resolv("searchx no.example\n  search no.example\n", d, sizeof d), -1);
	assert_int_equal(wpad_domain_from_resolv("", d, sizeof d), -1);
	assert_int_equal(wpad_domain_from_resolv("search averyveryverylongname.example\n", d, 8), -1);
}

static char *write_tmp(const char *data, size_t len)
{
	char *path = strdup("/tmp/test_pac_fetch.XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void test_load_file(void **state)
{
	const char body[] = "function FindProxyForURL(u, h) { return \"DIRECT\"; }\n";
	struct pac_script s;
	char err[600], *path = write_tmp(body, sizeof body - 1);

	(void)state;
	assert_int_equal(pac_load(path, &ENV, &s, err, sizeof err), 0);
	assert_int_equal(s.len, sizeof body - 1);
	assert_memory_equal(s.text, body, sizeof body);   /* and its NUL */
	assert_string_equal(s.name, path);
	assert_string_equal(s.note, "");
	pac_script_free(&s);
	assert_null(s.text);
	unlink(path);
	free(path);
}

/* WinHTTP's 1 MB: exactly 1 MiB loads, a byte more does not. */
static void test_load_file_size_cap(void **state)
{
	char *big = malloc(PAC_MAX_BYTES + 1), *path, err[600];
	struct pac_script s;

	(void)state;
	memset(big, ' ', PAC_MAX_BYTES + 1);
	path = write_tmp(big, PAC_MAX_BYTES);
	assert_int_equal(pac_load(path, &ENV, &s, err, sizeof err), 0);
	assert_int_equal(s.len, PAC_MAX_BYTES);
	pac_script_free(&s);
	unlink(path);
	free(path);
	path = write_tmp(big, PAC_MAX_BYTES + 1);
	assert_int_equal(pac_load(path, &ENV, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "larger than 1 MiB"));
	assert_true(strncmp(err, path, strlen(path)) == 0);
	assert_null(s.text);
	unlink(path);
	free(path);
	free(big);
}

static void test_load_errors_name_the_source(void **state)
{
	struct pac_script s;
	char err[600], dir[] = "/tmp/test_pac_fetch_dir.XXXXXX";

	(void)state;
	assert_int_equal(pac_load("/nonexistent/proxy.pac", &ENV, &s, err, sizeof err), -1);
	assert_string_equal(err, "/nonexistent/proxy.pac: No such file or directory");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(pac_load(dir, &ENV, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, ": not a regular file"));
	rmdir(dir);
	assert_int_equal(pac_load("file:///tmp/proxy.pac", &ENV, &s, err, sizeof err), -1);
	assert_string_equal(err, "file:///tmp/proxy.pac: WinHTTP takes only http:// and https:// PAC URLs "
				 "(give a local file as a path)");
	/* refused before any network: not a URL libcurl or WinHTTP would fetch */
	assert_int_equal(pac_load("http://user:pw@pac.example/p.pac", &ENV, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, ": not a usable URL: credentials in a URL are not allowed"));
	assert_int_equal(pac_load("http://pac.example/a b.pac", &ENV, &s, err, sizeof err), -1);
	assert_non_null(strstr(err, "not a usable URL"));
	/* one line, whatever the name holds */
	assert_int_equal(pac_load("/tmp/no\nsuch\r.pac", &ENV, &s, err, sizeof err), -1);
	assert_string_equal(err, "/tmp/no?such?.pac: No such file or directory");
	assert_null(s.text);
}

static void test_wpad_bad_domain_asks_nothing(void **state)
{
	struct wpad_report *r = malloc(sizeof *r);
	struct pac_script s;
	char err[600];

	(void)state;
	assert_int_equal(wpad_discover("bad..domain", &ENV, r, &s, err, sizeof err), -1);
	assert_true(strncmp(err, "domain bad..domain: not a DNS domain name", 41) == 0);
	assert_int_equal(r->ntries, 0);
	assert_string_equal(r->found_url, "");
	assert_null(s.text);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_of),
		cmocka_unit_test(test_type_by_content_type),
		cmocka_unit_test(test_type_by_extension),
		cmocka_unit_test(test_walk_devolves_to_two_labels),
		cmocka_unit_test(test_walk_refuses_bad_domains),
		cmocka_unit_test(test_domain_from_resolv),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_load_file_size_cap),
		cmocka_unit_test(test_load_errors_name_the_source),
		cmocka_unit_test(test_wpad_bad_domain_asks_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
