/* Our own verification of the chain a server sent. libcurl's is switched
 * off so that every failure is seen in full (the whole chain, every cause),
 * and so that the same chain can be judged against another clock. */
#include "chain.h"

#include <arpa/inet.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fault.h"
#include "msroot.h"
#include "tls.h"
#include "trust.h"

/* A certificate's one-line name (RFC 2253, UTF-8 kept), into BUF. */
static void chain_name(const X509_NAME *n, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	char *p;
	long k;

	buf[0] = '\0';
	if (!b)
		return;
	X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
	k = BIO_get_mem_data(b, &p);
	if (k > 0)
		snprintf(buf, len, "%.*s", (int)k, p);
	BIO_free(b);
}

static void cn_of(const X509_NAME *n, char *buf, size_t len)
{
	if (X509_NAME_get_text_by_NID((X509_NAME *)n, NID_commonName, buf, (int)len) < 0)
		chain_name(n, buf, len);
}

static void iso_time(const ASN1_TIME *t, char *buf, size_t len)
{
	struct tm tm;

	buf[0] = '\0';
	if (t && ASN1_TIME_to_tm(t, &tm) == 1)
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void describe(X509 *c, struct chain_cert *d)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	chain_name(X509_get_subject_name(c), d->subject, sizeof d->subject);
	chain_name(X509_get_issuer_name(c), d->issuer, sizeof d->issuer);
	iso_time(X509_get0_notBefore(c), d->not_before, sizeof d->not_before);
	iso_time(X509_get0_notAfter(c), d->not_after, sizeof d->not_after);
	d->sha256[0] = '\0';
	if (X509_digest(c, EVP_sha256(), md, &n) == 1)
		for (unsigned i = 0; i < n && i < 32; i++)
			snprintf(d->sha256 + 2 * i, 3, "%02x", md[i]);
}

/* The leaf's DNS and IP names into BUF, comma-separated; only whole names:
 * those that do not fit are counted in *OMITTED. A comma inside a name
 * (hostile, not a host name) is shown as '?'. */
static void sans_of(X509 *leaf, char *buf, size_t len, int *omitted)
{
	GENERAL_NAMES *names = X509_get_ext_d2i(leaf, NID_subject_alt_name, NULL, NULL);
	size_t used = 0;

	buf[0] = '\0';
	*omitted = 0;
	for (int i = 0; names && i < sk_GENERAL_NAME_num(names); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(names, i);
		char ip[INET6_ADDRSTRLEN] = "";
		const char *s = NULL;
		size_t n = 0;
		if (g->type == GEN_DNS) {
			s = (const char *)ASN1_STRING_get0_data(g->d.dNSName);
			n = (size_t)ASN1_STRING_length(g->d.dNSName);
		} else if (g->type == GEN_IPADD) {
			int l = ASN1_STRING_length(g->d.iPAddress);
			const unsigned char *a = ASN1_STRING_get0_data(g->d.iPAddress);
			if ((l == 4 && inet_ntop(AF_INET, a, ip, sizeof ip)) || (l == 16 && inet_ntop(AF_INET6, a, ip, sizeof ip))) {
				s = ip;
				n = strlen(ip);
			}
		}
		if (!s)
			continue;
		if (used + (used > 0) + n + 1 > len) {
			(*omitted)++;
			continue;
		}
		if (used)
			buf[used++] = ',';
		for (size_t k = 0; k < n; k++)
			buf[used++] = s[k] == ',' || s[k] == '\0' ? '?' : s[k];
		buf[used] = '\0';
	}
	GENERAL_NAMES_free(names);
}

/* Microsoft's own roots: the embedded ones (Root Certificate Authority 2011,
 * ECC Product Root Certificate Authority 2018) by fingerprint; the 2017 RSA
 * and ECC roots (in Debian's store) by their exact names. */
static bool microsoft_root(X509 *root)
{
	static const char *const names[] = {
		"Microsoft Root Certificate Authority 2011",
		"Microsoft RSA Root Certificate Authority 2017",
		"Microsoft ECC Root Certificate Authority 2017",
	};
	char cn[256] = "", o[256] = "";

	if (msroot_is_embedded(root))
		return true;
	X509_NAME_get_text_by_NID(X509_get_subject_name(root), NID_commonName, cn, sizeof cn);
	X509_NAME_get_text_by_NID(X509_get_subject_name(root), NID_organizationName, o, sizeof o);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(cn, names[i]) == 0 && strcmp(o, "Microsoft Corporation") == 0)
			return true;
	return false;
}

static const char *cause_of(int err)
{
	switch (err) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return "cert_expired";
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return "cert_not_yet_valid";
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		return "cert_name_mismatch";
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return "cert_chain_incomplete";   /* an issuer neither sent nor trusted */
	default:
		return "cert_untrusted";          /* self-signed, unknown root, bad signature, ... */
	}
}

/* The first http:// caIssuers URL in CERT's Authority Information Access. */
static void aia_of(X509 *cert, char *buf, size_t len)
{
	AUTHORITY_INFO_ACCESS *aia = X509_get_ext_d2i(cert, NID_info_access, NULL, NULL);

	buf[0] = '\0';
	for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia) && !buf[0]; i++) {
		ACCESS_DESCRIPTION *ad = sk_ACCESS_DESCRIPTION_value(aia, i);
		if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers || ad->location->type != GEN_URI)
			continue;
		const ASN1_IA5STRING *u = ad->location->d.uniformResourceIdentifier;
		int n = ASN1_STRING_length(u);
		const char *d = (const char *)ASN1_STRING_get0_data(u);
		if (n > 7 && (size_t)n < len && strncmp(d, "http://", 7) == 0)
			snprintf(buf, len, "%.*s", n, d);
	}
	AUTHORITY_INFO_ACCESS_free(aia);
}

/* The memo: a small table indexed by the first byte of the key, an entry
 * replaced when another chain lands on it. 64 entries of about 1.1 KiB. */
#define MEMO_SLOTS 64

struct memo_entry {
	bool used;
	unsigned char key[32];     /* SHA-256 of the certificates (sent, then fetched) and the second */
	const char *cause;         /* as in chain_report, before the pinning check */
	bool microsoft_or_extra;   /* the root it verified to passes a pinned endpoint */
	char root[256], root_cn[256];
	char aia_url[512];
	char detail[300];
};

struct chain_memo {
	struct memo_entry slot[MEMO_SLOTS];
	unsigned long hits;
};

struct chain_memo *chain_memo_new(void)
{
	return calloc(1, sizeof(struct chain_memo));
}

void chain_memo_free(struct chain_memo *m)
{
	free(m);
}

unsigned long chain_memo_hits(const struct chain_memo *m)
{
	return m ? m->hits : 0;
}

static int hash_certs(EVP_MD_CTX *md, STACK_OF(X509) *certs)
{
	for (int i = 0; i < sk_X509_num(certs); i++) {
		unsigned char *der = NULL;
		int n = i2d_X509(sk_X509_value(certs, i), &der);
		int ok = n > 0 && EVP_DigestUpdate(md, &n, sizeof n) && EVP_DigestUpdate(md, der, (size_t)n);
		OPENSSL_free(der);
		if (!ok)
			return -1;
	}
	return 0;
}

/* The key of SENT and FETCHED judged at second WHEN; -1 when it cannot be made. */
static int memo_key(STACK_OF(X509) *sent, STACK_OF(X509) *fetched, time_t when, unsigned char key[32])
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int count = sk_X509_num(sent), rc = -1;
	long long t = (long long)when;

	if (md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) && EVP_DigestUpdate(md, &t, sizeof t) &&
	    EVP_DigestUpdate(md, &count, sizeof count) && hash_certs(md, sent) == 0 &&
	    hash_certs(md, fetched) == 0 && EVP_DigestFinal_ex(md, key, NULL))
		rc = 0;
	EVP_MD_CTX_free(md);
	return rc;
}

static bool host_matches(X509 *leaf, const char *host, bool is_ip)
{
	/* What X509_verify_cert's check_id does with the parameters set below. */
	return is_ip ? X509_check_ip_asc(leaf, host, 0) == 1
		     : X509_check_host(leaf, host, 0, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, NULL) == 1;
}

/* The pinning check on a chain that verified to the root named ROOT_CN. */
static int pin_check(bool pinned, bool microsoft_or_extra, const char *root_cn, struct chain_report *out)
{
	if (!pinned || microsoft_or_extra)
		return 0;
	out->cause = "tls_intercepted";
	snprintf(out->detail, sizeof out->detail,
		 "the chain verifies only through '%.200s', not a Microsoft root: TLS inspection", root_cn);
	return -1;
}

int chain_verify(const struct tls_trust *trust, struct chain_memo *memo, STACK_OF(X509) *sent,
		 STACK_OF(X509) *fetched, const char *host, bool pinned, time_t when, struct chain_report *out)
{
	X509_STORE_CTX *ctx = NULL;
	STACK_OF(X509) *untrusted = NULL, *built = NULL;
	X509_STORE *store;
	X509 *leaf;
	struct memo_entry *slot = NULL;
	unsigned char key[32], addr[16];
	bool is_ip = inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
	char root_cn[256] = "";
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (!sent || sk_X509_num(sent) == 0) {
		out->cause = "tls_handshake";
		snprintf(out->detail, sizeof out->detail, "the server sent no certificate");
		return -1;
	}
	for (int i = 0; i < sk_X509_num(sent) && out->nsent < CHAIN_MAX_SHOWN; i++)
		describe(sk_X509_value(sent, i), &out->sent[out->nsent++]);
	leaf = sk_X509_value(sent, 0);
	sans_of(leaf, out->sans, sizeof out->sans, &out->sans_omitted);

	/* Judged at a whole second, the one the key names, so that a
	 * remembered outcome is exactly the one verification would give. */
	if (!when)
		when = time(NULL);
	/* Only a chain whose leaf names the host is remembered or recalled:
	 * then the host check in X509_verify_cert passes and changes nothing. */
	if (memo && host_matches(leaf, host, is_ip) && memo_key(sent, fetched, when, key) == 0) {
		slot = &memo->slot[key[0] % MEMO_SLOTS];
		if (slot->used && memcmp(slot->key, key, sizeof key) == 0) {
			memo->hits++;
			out->cause = slot->cause;
			snprintf(out->root, sizeof out->root, "%s", slot->root);
			snprintf(out->aia_url, sizeof out->aia_url, "%s", slot->aia_url);
			snprintf(out->detail, sizeof out->detail, "%s", slot->detail);
			if (out->cause)
				return -1;
			return pin_check(pinned, slot->microsoft_or_extra, slot->root_cn, out);
		}
	}

	if (!(ctx = X509_STORE_CTX_new()) || !(untrusted = sk_X509_dup(sent)))
		goto oom;
	(void)sk_X509_shift(untrusted);   /* the rest, as sent, may serve as intermediates */
	for (int i = 0; i < sk_X509_num(fetched); i++)
		if (!sk_X509_push(untrusted, sk_X509_value(fetched, i)))
			goto oom;
	if (!(store = tls_trust_store(trust)) || X509_STORE_CTX_init(ctx, store, leaf, untrusted) != 1)
		goto oom;   /* never a NULL store: no root at all would read as "untrusted" */
	X509_VERIFY_PARAM *param = X509_STORE_CTX_get0_param(ctx);
	/* Unchecked, a failed copy of the name would verify without a host check. */
	if ((is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host) : X509_VERIFY_PARAM_set1_host(param, host, 0)) != 1)
		goto oom;
	X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
	X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
	X509_VERIFY_PARAM_set_time(param, when);

	bool microsoft_or_extra = false;
	bool injected = fault_at("chain_verify");
	if (injected || X509_verify_cert(ctx) != 1) {
		int err = injected ? X509_V_ERR_OUT_OF_MEM : X509_STORE_CTX_get_error(ctx);
		if (err == X509_V_ERR_OUT_OF_MEM)
			goto oom;                 /* OpenSSL's own: not "untrusted" */
		X509 *at = X509_STORE_CTX_get_current_cert(ctx);
		char name[256] = "";
		out->cause = cause_of(err);
		if (strcmp(out->cause, "cert_chain_incomplete") == 0 && at) {
			aia_of(at, out->aia_url, sizeof out->aia_url);
			cn_of(X509_get_issuer_name(at), name, sizeof name);
			snprintf(out->detail, sizeof out->detail,
				 "the issuer '%.200s' was neither sent by the server nor trusted here", name);
		} else if (strcmp(out->cause, "cert_name_mismatch") == 0) {
			snprintf(out->detail, sizeof out->detail, "the certificate names %.200s, not %.60s",
				 out->sans[0] ? out->sans : out->sent[0].subject, host);
		} else {
			snprintf(out->detail, sizeof out->detail, "%s", X509_verify_cert_error_string(err));
		}
	} else {
		if (!(built = X509_STORE_CTX_get1_chain(ctx)) || sk_X509_num(built) < 1)
			goto oom;
		X509 *root = sk_X509_value(built, sk_X509_num(built) - 1);
		chain_name(X509_get_subject_name(root), out->root, sizeof out->root);
		cn_of(X509_get_subject_name(root), root_cn, sizeof root_cn);
		microsoft_or_extra = microsoft_root(root) || tls_trust_is_extra(trust, root);
	}
	if (slot) {
		slot->used = true;
		memcpy(slot->key, key, sizeof key);
		slot->cause = out->cause;
		slot->microsoft_or_extra = microsoft_or_extra;
		snprintf(slot->root, sizeof slot->root, "%s", out->root);
		snprintf(slot->root_cn, sizeof slot->root_cn, "%s", root_cn);
		snprintf(slot->aia_url, sizeof slot->aia_url, "%s", out->aia_url);
		snprintf(slot->detail, sizeof slot->detail, "%s", out->detail);
	}
	rc = out->cause ? -1 : pin_check(pinned, microsoft_or_extra, root_cn, out);
	goto done;
oom:                 /* this machine's failure, no claim about the certificates (nor memoized) */
	out->cause = CHAIN_LOCAL_MEMORY;
	snprintf(out->detail, sizeof out->detail, "out of memory verifying the chain");
done:
	sk_X509_pop_free(built, X509_free);
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	return rc;
}
