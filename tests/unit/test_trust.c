/* The trust store: Microsoft Root Certificate Authority 2011 is in it, found
 * by fingerprint; --ca-bundle adds roots and rejects files without any. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "msroot.h"
#include "tls.h"
#include "trust.h"

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

/* A self-signed certificate named CN, written to a new temp file at PATH. */
static X509 *cert_file(const char *cn, char *path)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *c = X509_new();
	X509_NAME *name = X509_NAME_new();
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");

	assert_non_null(key);
	assert_non_null(f);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), 1);
	X509_gmtime_adj(X509_getm_notBefore(c), 0);
	X509_gmtime_adj(X509_getm_notAfter(c), 3600);
	X509_set_subject_name(c, name);
	X509_set_issuer_name(c, name);
	X509_set_pubkey(c, key);
	assert_true(X509_sign(c, key, EVP_sha256()) > 0);
	assert_int_equal(PEM_write_X509(f, c), 1);
	fclose(f);
	X509_NAME_free(name);
	EVP_PKEY_free(key);
	return c;
}

/* The system bundle is parsed on a thread; the roots read at start join it:
 * every one is in the store when it is first asked for, and only the
 * --ca-bundle one counts as the operator's. */
static void test_system_extra_and_microsoft_roots_meet(void **state)
{
	char err[256] = "", sys_path[] = "/tmp/wuprobe-sys-XXXXXX", extra_path[] = "/tmp/wuprobe-extra-XXXXXX";
	X509 *sys = cert_file("system root", sys_path), *extra = cert_file("site root", extra_path);
	unsigned char sys_sha[32], extra_sha[32];
	unsigned int len;
	struct tls_trust *t;

	(void)state;
	X509_digest(sys, EVP_sha256(), sys_sha, &len);
	X509_digest(extra, EVP_sha256(), extra_sha, &len);
	t = tls_trust_load(sys_path, extra_path, err, sizeof err);
	assert_non_null(t);
	assert_non_null(tls_trust_store(t));
	assert_true(tls_trust_has(t, sys_sha));
	assert_true(tls_trust_has(t, extra_sha));
	assert_true(tls_trust_has(t, msroot_sha256));
	assert_true(tls_trust_is_extra(t, extra));
	assert_false(tls_trust_is_extra(t, sys));
	tls_trust_free(t);

	/* Freed while the thread may still be parsing: it is joined, nothing leaks. */
	t = tls_trust_load(sys_path, extra_path, err, sizeof err);
	assert_non_null(t);
	tls_trust_free(t);
	X509_free(sys);
	X509_free(extra);
	remove(sys_path);
	remove(extra_path);
}

/* A fork (the PAC engine's child) while the bundle is being parsed: the
 * thread is joined before it, so the child starts with one thread and no
 * lock held (a sanitized child once hung on one until its budget). */
static void test_fork_joins_the_loading_thread(void **state)
{
	char err[256] = "", sys_path[] = "/tmp/wuprobe-sys-XXXXXX";
	X509 *sys = cert_file("system root", sys_path);
	struct tls_trust *t;
	pid_t pid;
	int st;

	(void)state;
	t = tls_trust_load(sys_path, NULL, err, sizeof err);
	assert_non_null(t);
	assert_true(tls_trust_loading(t));      /* joined only when needed */
	if ((pid = fork()) == 0)
		_exit(0);
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_false(tls_trust_loading(t));     /* joined by the fork */
	assert_non_null(tls_trust_store(t));
	tls_trust_free(t);
	X509_free(sys);
	remove(sys_path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_root_matches_its_fingerprint),
		cmocka_unit_test(test_embedded_ecc_root),
		cmocka_unit_test(test_store_holds_microsoft_root),
		cmocka_unit_test(test_extra_bundle_errors),
		cmocka_unit_test(test_system_extra_and_microsoft_roots_meet),
		cmocka_unit_test(test_fork_joins_the_loading_thread),
	};
	return cmocka_run_group_tests_name("trust", tests, NULL, NULL);
}
