/* chain_verify with and without the memo: a remembered outcome is exactly
 * the one a fresh verification gives, for every host, pinning and time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "chainsum.h"
#include "trust.h"

static EVP_PKEY *ca_key;
static X509 *ca, *leaf;

static X509 *make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key, const char *san, long days)
{
	X509 *c = X509_new();
	X509_NAME *name = X509_NAME_new();
	X509V3_CTX v3;

	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), issuer ? 2 : 1);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), days * 86400);
	X509_set_subject_name(c, name);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : name);
	X509_set_pubkey(c, key);
	X509V3_set_ctx(&v3, issuer ? issuer : c, c, NULL, NULL, 0);
	X509_EXTENSION *ext = issuer
		? X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, san)
		: X509V3_EXT_conf_nid(NULL, &v3, NID_basic_constraints, "critical,CA:TRUE");
	X509_add_ext(c, ext, -1);
	X509_EXTENSION_free(ext);
	assert_true(X509_sign(c, issuer_key ? issuer_key : key, EVP_sha256()) > 0);
	X509_NAME_free(name);
	return c;
}

/* The root goes in a "system" bundle: trusted, but not Microsoft's and not
 * from --ca-bundle, so a pinned endpoint calls it inspection. */
static struct tls_trust *lab_trust(char *path)
{
	char err[256];
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	struct tls_trust *t;

	assert_non_null(f);
	PEM_write_X509(f, ca);
	fclose(f);
	t = tls_trust_load(path, NULL, err, sizeof err);
	assert_non_null(t);
	return t;
}

static void same_report(const struct chain_report *a, const struct chain_report *b)
{
	assert_true((a->cause == NULL) == (b->cause == NULL));
	if (a->cause)
		assert_string_equal(a->cause, b->cause);
	assert_string_equal(a->detail, b->detail);
	assert_string_equal(a->root, b->root);
	assert_string_equal(a->aia_url, b->aia_url);
	assert_string_equal(a->sans, b->sans);
	assert_int_equal(a->nsent, b->nsent);
}

static void test_memo_gives_what_verification_gives(void **state)
{
	static const struct { const char *host; bool pinned; long when_days; const char *cause; } cases[] = {
		{ "a.lab.test", false, 0, NULL },
		{ "b.lab.test", false, 0, NULL },               /* another host, same chain: recalled */
		{ "c.lab.test", true, 0, "tls_intercepted" },   /* pinned: the same chain, judged by its root */
		{ "d.lab.test", false, 0, NULL },
		{ "other.test", false, 0, "cert_name_mismatch" },   /* never recalled */
		{ "e.lab.test", false, 40, "cert_expired" },    /* another second: another key */
		{ "f.lab.test", false, 40, "cert_expired" },
		{ "127.0.0.1", false, 0, "cert_name_mismatch" },
	};
	char path[] = "/tmp/wuprobe-chain-XXXXXX";
	struct tls_trust *t = lab_trust(path);
	struct chain_memo *memo = chain_memo_new();
	STACK_OF(X509) *sent = sk_X509_new_null();
	time_t now = time(NULL);

	(void)state;
	assert_non_null(memo);
	sk_X509_push(sent, leaf);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct chain_report with, without;
		time_t when = cases[i].when_days ? now + cases[i].when_days * 86400 : 0;
		int rc1 = chain_verify(t, memo, sent, NULL, cases[i].host, cases[i].pinned, when, &with);
		int rc2 = chain_verify(t, NULL, sent, NULL, cases[i].host, cases[i].pinned, when, &without);
		assert_int_equal(rc1, rc2);
		assert_int_equal(rc1, cases[i].cause ? -1 : 0);
		if (cases[i].cause)
			assert_string_equal(with.cause, cases[i].cause);
		same_report(&with, &without);
	}
	/* b, c, d and f were recalled (a and e verified first); the mismatches never are. */
	assert_true(chain_memo_hits(memo) >= 4);
	sk_X509_free(sent);
	chain_memo_free(memo);
	tls_trust_free(t);
	remove(path);
}

/* The summary the reports read holds the same strings as the working report. */
static void test_summary_keeps_what_reports_show(void **state)
{
	char path[] = "/tmp/wuprobe-chain-XXXXXX";
	struct tls_trust *t = lab_trust(path);
	STACK_OF(X509) *sent = sk_X509_new_null();
	struct chain_report c;
	struct chain_summary *s;

	(void)state;
	sk_X509_push(sent, leaf);
	sk_X509_push(sent, ca);
	assert_int_equal(chain_verify(t, NULL, sent, NULL, "x.lab.test", false, 0, &c), 0);
	s = chain_summarize(&c);
	assert_non_null(s);
	assert_int_equal(s->nsent, 2);
	assert_int_equal(s->sans_omitted, c.sans_omitted);
	assert_string_equal(s->sans, "*.lab.test");
	assert_string_equal(s->root, c.root);
	assert_true(s->root[0] != '\0');
	for (int i = 0; i < 2; i++) {
		assert_string_equal(s->sent[i].subject, c.sent[i].subject);
		assert_string_equal(s->sent[i].issuer, c.sent[i].issuer);
		assert_string_equal(s->sent[i].not_before, c.sent[i].not_before);
		assert_string_equal(s->sent[i].not_after, c.sent[i].not_after);
		assert_string_equal(s->sent[i].sha256, c.sent[i].sha256);
	}
	free(s);
	assert_int_equal(chain_summary_none.nsent, 0);
	assert_string_equal(chain_summary_none.sans, "");
	sk_X509_free(sent);
	tls_trust_free(t);
	remove(path);
}

static int setup(void **state)
{
	EVP_PKEY *leaf_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");

	(void)state;
	ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	ca = make_cert("memo lab root", ca_key, NULL, NULL, NULL, 365);
	leaf = make_cert("*.lab.test", leaf_key, ca, ca_key, "DNS:*.lab.test", 30);
	EVP_PKEY_free(leaf_key);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	X509_free(leaf);
	X509_free(ca);
	EVP_PKEY_free(ca_key);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memo_gives_what_verification_gives),
		cmocka_unit_test(test_summary_keeps_what_reports_show),
	};
	return cmocka_run_group_tests_name("chain", tests, setup, teardown);
}
