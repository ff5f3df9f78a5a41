/* The trust store: Microsoft Root Certificate Authority 2011 is in it, found
 * by fingerprint; --ca-bundle adds roots and rejects files without any. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "msroot.h"
#include "tls.h"

static void test_embedded_ecc_root(void **state)
{
	X509 *c = msroot_load(1);
	char cn[128] = "";

	(void)state;
	assert_int_equal(msroot_count(), 2);
	assert_non_null(c);
	X509_NAME_get_text_by_NID(X509_get_subject_name(c), NID_commonName, cn, sizeof cn);
	assert_string_equal(cn, "Microsoft ECC Product Root Certificate Authority 2018");
	assert_true(cert_sha256_is(c, msroot_ecc_sha256));
	assert_true(msroot_is_embedded(c));
	assert_null(msroot_load(2));
	X509_free(c);
}

static void test_embedded_root_matches_its_fingerprint(void **state)
{
	X509 *c = msroot_load(0);
	char cn[128] = "";

	(void)state;
	assert_non_null(c);
	X509_NAME_get_text_by_NID(X509_get_subject_name(c), NID_commonName, cn, sizeof cn);
	assert_string_equal(cn, "Microsoft Root Certificate Authority 2011");
	assert_true(cert_sha256_is(c, msroot_sha256));
	unsigned char other[32];
	memcpy(other, msroot_sha256, 32);
	other[31] ^= 1;
	assert_false(cert_sha256_is(c, other));
	assert_false(cert_sha256_is(NULL, msroot_sha256));
	X509_free(c);
}

static void test_store_holds_microsoft_root(void **state)
{
	char err[256];
	struct tls_trust *t = tls_trust_load("/nonexistent-bundle.pem", NULL, err, sizeof err);

	(void)state;
	assert_non_null(t);
	assert_true(tls_trust_has(t, msroot_sha256));
	assert_true(tls_trust_has(t, msroot_ecc_sha256));
	tls_trust_free(t);
}

static void test_extra_bundle_errors(void **state)
{
	char err[256] = "", path[] = "/tmp/wuprobe-test-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	(void)state;
	fputs("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", f);
	fclose(f);
	assert_null(tls_trust_load(NULL, path, err, sizeof err));
	assert_non_null(strstr(err, "no PEM certificate"));
	assert_null(tls_trust_load(NULL, "/nonexistent.pem", err, sizeof err));
	assert_non_null(strstr(err, "cannot open"));
	remove(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_root_matches_its_fingerprint),
		cmocka_unit_test(test_embedded_ecc_root),
		cmocka_unit_test(test_store_holds_microsoft_root),
		cmocka_unit_test(test_extra_bundle_errors),
	};
	return cmocka_run_group_tests_name("trust", tests, NULL, NULL);
}
