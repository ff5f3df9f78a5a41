/* The trust store, loaded beside the probe's start. Parsing Debian's CA
 * bundle takes ~35 ms of CPU (OpenSSL 3 decoders, 140 PEM certificates): on
 * the critical path that is 14% of a 5-round-trip probe at 50 ms. A thread
 * parses it into the store, which nothing else touches until the first
 * verification joins the thread; the roots read at start (Microsoft's,
 * --ca-bundle's) wait in a stack and are added after the join, so the store
 * has one writer at a time. */
#include "trust.h"

#include "fault.h"
#include "msroot.h"
#include "tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct loading {
	pthread_t thread;
	bool running;              /* joined not yet */
	bool failed;               /* out of memory adding the roots read at start, or loading the bundle */
	const char *system_file;   /* the caller's, alive while running */
	STACK_OF(X509) *pending;   /* added to the store after the join */
};

struct tls_trust {
	X509_STORE *store;         /* the thread's until joined */
	STACK_OF(X509) *extra;     /* the --ca-bundle certificates */
	struct loading *load;      /* mutable behind a const trust: joining is not a change of meaning */
};

static void *load_system(void *arg)
{
	struct tls_trust *t = arg;

	/* A bundle that cannot be read leaves OpenSSL's default paths; one
	 * that memory ran out loading would leave roots out, every chain then
	 * "untrusted": the store is refused instead (chain.c: this machine's). */
	bool injected = fault_at("system_bundle");
	if (injected || !t->load->system_file || X509_STORE_load_file(t->store, t->load->system_file) != 1) {
		if (injected || ERR_GET_REASON(ERR_peek_last_error()) == ERR_R_MALLOC_FAILURE)
			t->load->failed = true;
		X509_STORE_set_default_paths(t->store);
	}
	ERR_clear_error();     /* OpenSSL's error queue is per thread */
	OPENSSL_thread_stop();
	return NULL;
}

/* The store whose thread may still be running: joined before any fork
 * (the PAC engine's child), so that the child is never born while the
 * thread holds a lock in malloc, OpenSSL or the sanitizers' allocator (it
 * then hung until its budget: a false 0x80072F86). */
static const struct tls_trust *loading_now;

static void settle(const struct tls_trust *t);

static void join_before_fork(void)
{
	if (loading_now)
		settle(loading_now);
}

static int atfork_registered = -1;

static void register_atfork(void)
{
	atfork_registered = pthread_atfork(join_before_fork, NULL, NULL);
}

/* Joins the loading thread once, then adds the roots read at start. */
static void settle(const struct tls_trust *t)
{
	struct loading *l = t->load;

	if (!l->running)
		return;
	pthread_join(l->thread, NULL);
	l->running = false;
	if (loading_now == t)
		loading_now = NULL;
	for (int i = 0; i < sk_X509_num(l->pending); i++)
		if (X509_STORE_add_cert(t->store, sk_X509_value(l->pending, i)) != 1 &&
		    ERR_GET_REASON(ERR_peek_last_error()) != X509_R_CERT_ALREADY_IN_HASH_TABLE)
			l->failed = true;
	ERR_clear_error();
	sk_X509_pop_free(l->pending, X509_free);
	l->pending = NULL;
}

static int push(STACK_OF(X509) *sk, X509 *c)
{
	if (sk_X509_push(sk, c))
		return 0;
	X509_free(c);
	return -1;
}

/* Reads the --ca-bundle file into EXTRA and PENDING; -1 with ERR when it
 * cannot be read or holds no certificate. */
static int read_bundle(struct tls_trust *t, const char *path, char *err, size_t errlen)
{
	BIO *bio = BIO_new_file(path, "r");
	X509 *c;
	int n = 0, rc = -1;

	if (!bio) {
		snprintf(err, errlen, "--ca-bundle %s: cannot open", path);
		return -1;
	}
	while ((c = PEM_read_bio_X509(bio, NULL, NULL, NULL)) != NULL) {
		if (push(t->load->pending, c) || !X509_up_ref(c) || push(t->extra, c)) {
			snprintf(err, errlen, "--ca-bundle %s: out of memory at certificate %d", path, n + 1);
			goto done;
		}
		n++;
	}
	if (n == 0) {
		snprintf(err, errlen, "--ca-bundle %s: no PEM certificate in the file", path);
		goto done;
	}
	rc = 0;
done:
	ERR_clear_error();    /* reading ends on "no start line" */
	BIO_free(bio);
	return rc;
}

struct tls_trust *tls_trust_load(const char *system_file, const char *extra_path, char *err, size_t errlen)
{
	struct tls_trust *t = calloc(1, sizeof *t);

	if (!t || !(t->load = calloc(1, sizeof *t->load)) || !(t->store = X509_STORE_new()) ||
	    !(t->extra = sk_X509_new_null()) || !(t->load->pending = sk_X509_new_null())) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < msroot_count(); i++) {
		X509 *ms = msroot_load(i);
		if (!ms || push(t->load->pending, ms)) {
			snprintf(err, errlen, "cannot load the embedded Microsoft root %zu", i + 1);
			goto fail;
		}
	}
	if (extra_path && read_bundle(t, extra_path, err, errlen))
		goto fail;
	t->load->system_file = system_file;
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	(void)pthread_once(&once, register_atfork);
	/* One loading thread at a time, and only where a fork can join it. */
	if (atfork_registered == 0 && !loading_now && pthread_create(&t->load->thread, NULL, load_system, t) == 0) {
		t->load->running = true;
		loading_now = t;
	} else {
		load_system(t);     /* load it here */
	}
	return t;
fail:
	tls_trust_free(t);
	return NULL;
}

X509_STORE *tls_trust_store(const struct tls_trust *t)
{
	settle(t);
	return t->load->failed ? NULL : t->store;
}

bool tls_trust_has(const struct tls_trust *t, const unsigned char sha256[32])
{
	STACK_OF(X509_OBJECT) *objs;

	settle(t);
	objs = X509_STORE_get0_objects(t->store);
	for (int i = 0; i < sk_X509_OBJECT_num(objs); i++) {
		X509 *c = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
		if (c && cert_sha256_is(c, sha256))
			return true;
	}
	return false;
}

bool tls_trust_is_extra(const struct tls_trust *t, X509 *cert)
{
	for (int i = 0; i < sk_X509_num(t->extra); i++)
		if (X509_cmp(sk_X509_value(t->extra, i), cert) == 0)
			return true;
	return false;
}

bool tls_trust_loading(const struct tls_trust *t)
{
	return t->load && t->load->running;
}

void tls_trust_free(struct tls_trust *t)
{
	if (!t)
		return;
	if (t->load) {
		if (t->load->running)
			settle(t);
		sk_X509_pop_free(t->load->pending, X509_free);
		free(t->load);
	}
	X509_STORE_free(t->store);
	sk_X509_pop_free(t->extra, X509_free);
	free(t);
}
