/* The endpoint's state machine (endpoint.c) driven by scripted events, no
 * network: its stages (the lookup, the exchange, AIA, TLS 1.3) are replaced
 * by the stubs below, which record what the endpoint asked of them and
 * answer what each test scripts. Linked without the loop and the real
 * stages (Makefile: EP_STAGE_OBJS). Each test checks the state, the
 * verdict and the calls the endpoint made. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ares.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "autoproxy.h"
#include "chain.h"
#include "clock.h"
#include "codes.h"
#include "endpoint.h"
#include "probe.h"
#include "probe_shared.h"
#include "source.h"
#include "verdict.h"

/* What the stubs saw, and what they answer. */
static struct {
	int resolver_start, transfer_start, transfer_detach, transfer_release, tls13_start, tls13_done, aia_expire, judged;
	int aia_start, aia_done;
	bool aia_started;               /* aia_start's answer */
	bool aia_record;                /* aia_new makes the fetch's record (else: no memory for it) */
	int aia_local_err;              /* aia_start fails as this machine's (EMFILE, ...) */
	char aia_url[512];              /* the URL it was given */
	bool queued;                    /* resolver_queued's answer */
	int local_err;                  /* resolver_local_failure's: a DNS socket's errno, 0 none */
	const char *host;               /* the name resolver_start was asked */
	int start_errno;                /* transfer_start fails for want of it (ENOMEM) */
	int socket_errno;               /* the exchange's socket could not be made (EMFILE), as sockopen records it */
	bool tls13_starts;              /* tls13_start's answer: a handshake under way, else NULL */
	int tls13;                      /* tls13_done's answer */
	bool keep_chain;                /* transfer_release's */
	CURLcode judged_rc;             /* the last rc transfer_judge got */
	int judged_local_errno;
	enum xfer_outcome outcome;      /* transfer_judge's answer */
	const char *verdict;            /* with XF_VERDICT: "ok", "tls_version", "timeout" */
	const char *next;               /* with XF_REDIRECT */
} st;

/* The handles the stubs hand out: only their addresses matter. */
static char xfer_handle, aia_handle, side_handle;

void resolver_start(struct lookups *ls, struct lookup_req *r, const char *host, struct ev_slot *slot,
		    const int64_t *deadline)
{
	(void)ls;
	st.resolver_start++;
	st.host = host;
	*r = (struct lookup_req){ .slot = slot, .deadline = deadline, .started = mono_ms() };   /* as lookup.c */
}

bool resolver_queued(const struct lookup_req *r) { (void)r; return st.queued; }

bool resolver_local_failure(const struct lookup_req *r, int *err)
{
	(void)r;
	*err = st.local_err;
	return st.local_err != 0;
}

void resolver_forget(struct lookup_req *r) { r->lk = NULL; }

struct tls13_side *tls13_start(struct stage_ctx *ctx, struct ev_slot *slot, const struct url *u,
			       const struct proxy_server *px, const char *csv, int64_t left_ms)
{
	struct tls13_side *sd;

	(void)slot, (void)u, (void)px, (void)csv;
	assert_true(left_ms > 0);
	st.tls13_start++;
	if (!st.tls13_starts)
		return NULL;                    /* as when this machine could not make it */
	assert_non_null(sd = calloc(1, sizeof *sd));
	sd->easy = &side_handle;
	ctx->side_active++;
	return sd;
}

int tls13_done(struct tls13_side *sd, struct stage_ctx *ctx, CURLcode rc)
{
	(void)sd, (void)rc;
	st.tls13_done++;
	ctx->side_active--;
	return st.tls13;
}

void tls13_free(struct tls13_side *sd, struct stage_ctx *ctx)
{
	(void)ctx;
	free(sd);
}

struct aia_fetch *aia_new(struct stage_ctx *ctx, struct ev_slot *slot, STACK_OF(X509) **fetched, int *local_errno)
{
	struct aia_fetch *a;

	if (!st.aia_record)
		return NULL;
	assert_non_null(a = calloc(1, sizeof *a));
	*a = (struct aia_fetch){ .ctx = ctx, .slot = slot, .fetched = fetched, .local_errno = local_errno };
	return a;
}

bool aia_start(struct aia_fetch *a, const char *url, CURLcode rc, int64_t deadline)
{
	(void)deadline;
	st.aia_start++;
	snprintf(st.aia_url, sizeof st.aia_url, "%s", url);
	a->saved_rc = rc;
	a->local_err = st.aia_local_err;
	if (st.aia_started)
		a->easy = &aia_handle;
	return st.aia_started;
}

void aia_done(struct aia_fetch *a, CURLcode rc)
{
	(void)rc;
	st.aia_done++;
	a->easy = NULL;
	evq_post(a->ctx->evq, a->slot, EV_AIA);   /* as aia.c: the endpoint hears it through the loop */
}

void aia_expire(struct aia_fetch *a) { (void)a; st.aia_expire++; }
void aia_stop(struct aia_fetch *a) { a->easy = NULL; }
void aia_free(struct aia_fetch *a) { free(a); }

bool transfer_start(struct xfer *xf, struct stage_ctx *ctx, const struct xfer_target *t)
{
	st.transfer_start++;
	if (st.start_errno) {                   /* as transfer.c: the verdict says why */
		verdict_local(st.start_errno, "the transfer", STAGE_CONNECT, t->res);
		return false;
	}
	if (!xf->x)
		assert_non_null(xf->x = calloc(1, sizeof *xf->x));
	xf->easy = &xfer_handle;
	xf->in_multi = true;
	ctx->xfers++;
	if (st.socket_errno)
		*t->local_errno = st.socket_errno;
	return true;
}

void transfer_detach(struct xfer *xf, struct stage_ctx *ctx)
{
	st.transfer_detach++;
	if (xf->in_multi)
		ctx->xfers--;
	xf->in_multi = false;
}

void transfer_release(struct xfer *xf, struct stage_ctx *ctx, bool keep_chain)
{
	st.transfer_release++;
	st.keep_chain = keep_chain;
	if (xf->in_multi)
		ctx->xfers--;
	xf->in_multi = false;
	xf->easy = NULL;
	free(xf->x);
	xf->x = NULL;
}

void transfer_free(struct xfer *xf)
{
	free(xf->x);
	xf->x = NULL;
}

enum xfer_outcome transfer_judge(struct xfer *xf, const struct stage_ctx *ctx, const struct xfer_target *t,
				 CURLcode rc, struct xfer_next *next)
{
	char why[128];
	struct tls_info tls = { .alert = 70 };
	struct transfer_obs o = { .https = true, .curl_code = CURLE_SSL_CONNECT_ERROR, .tls = &tls, .peer = "p",
				  .timeout_s = 3 };

	(void)xf, (void)ctx;
	st.judged++;
	st.judged_rc = rc;
	st.judged_local_errno = *t->local_errno;
	if (*t->local_errno) {                  /* as transfer.c: nothing was asked of the network */
		verdict_local(*t->local_errno, "a socket for the connection", STAGE_CONNECT, t->res);
		return XF_VERDICT;
	}
	if (st.outcome == XF_REDIRECT) {
		assert_int_equal(url_parse(st.next, strlen(st.next), &next->url, why, sizeof why), 0);
		next->status = 302;
		return XF_REDIRECT;
	}
	if (st.outcome == XF_AIA) {             /* as judge_chain: the verdict, and the issuer's URL */
		struct chain_report c = { .cause = "cert_chain_incomplete", .detail = "no issuer" };
		verdict_cert(&c, t->res);
		snprintf(next->aia_url, sizeof next->aia_url, "http://aia.example/ca.der");
		return XF_AIA;
	}
	if (st.outcome != XF_VERDICT)
		return st.outcome;
	if (strcmp(st.verdict, "proxy_refused") == 0) {
		struct proxy_obs po = { .name = "p:3128" };
		o.curl_code = CURLE_COULDNT_CONNECT;
		assert_true(verdict_proxy(&po, &o, t->res));
	} else if (strcmp(st.verdict, "tls_version") == 0) {
		assert_true(verdict_transfer(&o, t->res));
	} else if (strcmp(st.verdict, "timeout") == 0) {
		o.curl_code = CURLE_OPERATION_TIMEDOUT;
		o.connected = true;
		o.https = false;
		assert_true(verdict_transfer(&o, t->res));
	} else {
		verdict_http(t->conf, 200, (const unsigned char *)"hello", 5, t->res);
	}
	return XF_VERDICT;
}

/* One endpoint in a run of its own. */
struct world {
	struct probe_shared p;
	struct probe_opts opts;
	struct proxy_model proxy;
	struct ep_conf conf;
	struct endpoint ep[1];
};

static void setup(struct world *w, const char *url, const char *proxy_list, const char *proxy_source)
{
	char err[200];

	memset(&st, 0, sizeof st);
	st.outcome = XF_VERDICT;
	st.verdict = "ok";
	memset(w, 0, sizeof *w);
	w->proxy.source = proxy_source;
	if (proxy_list)
		assert_int_equal(proxy_parse_list(&w->proxy, proxy_list, err, sizeof err), 0);
	w->opts = (struct probe_opts){ .timeout_s = 3, .parallel = 4, .proxy = &w->proxy };
	w->conf.url = strdup(url);
	w->conf.https = strncmp(url, "https:", 6) == 0;
	w->ep[0].conf = &w->conf;
	w->p = (struct probe_shared){ .opts = &w->opts, .eps = w->ep, .n = 1, .parallel = 4 };
	w->p.stages.evq = &w->p.evq;
}

/* As the run's end and probe_free: what is under way stops, then
 * everything the endpoint holds goes (leaks show under the sanitizers). */
static void teardown(struct world *w)
{
	endpoint_stop(&w->ep[0]);
	endpoint_free(&w->ep[0]);
	free(w->conf.url);
	proxy_model_free(&w->proxy);
}

/* The name answered with ADDR ("": none), as lookup.c hands it over: the
 * answer in the endpoint's request, the status with EV_RESOLVED; ERR with
 * a status of this machine's. */
static void resolved_err(struct endpoint *ep, const char *addr, int status, int err)
{
	static char a[1][RESULT_ADDR_LEN];      /* the lookup's: kept for the run */

	snprintf(a[0], sizeof a[0], "%s", addr);
	ep->lk.lk = NULL;
	ep->lk.took = 7;
	ep->lk.addrs = a;
	ep->lk.naddrs = addr[0] && (status == ARES_SUCCESS || status == VERDICT_DNS_SINKHOLE);
	ep->lk.csv = status == ARES_SUCCESS ? addr : "";
	ep->lk.err = err;
	endpoint_resolved(ep, status);
}

static void resolved(struct endpoint *ep, const char *addr, int status)
{
	resolved_err(ep, addr, status, 0);
}

/* The exchange's handle ended with RC, as the loop hands it over. */
static void exchanged(struct endpoint *ep, CURLcode rc)
{
	endpoint_easy_done(ep, &xfer_handle, rc);
}

static void test_a_literal_goes_straight_to_its_exchange(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	assert_int_equal(st.resolver_start, 0);
	assert_int_equal(st.transfer_start, 1);
	assert_int_equal(ep->state, EP_TRANSFER);
	assert_true(ep->ev.events & EV_SCHEDULE);          /* its deadline is the loop's to arm */
	assert_ptr_equal(w.p.evq.head, &ep->ev);
	assert_int_equal(ep->nhops, 1);
	ep->xfer.has_date = true;                          /* a Date header, as transfer.c reads it */
	ep->xfer.date_skew = 1.5;
	assert_non_null(ep->xfer.date_host = strdup("127.0.1.1"));
	exchanged(ep, CURLE_OK);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_OK);
	assert_int_equal(st.transfer_release, 1);
	assert_int_equal(w.p.done, 1);
	assert_int_equal(w.p.active, 0);
	assert_int_equal(w.p.stages.xfers, 0);
	/* The record has what the reports and the clock read; the reading's name moves into it. */
	assert_ptr_equal(ep->res.conf, &w.conf);
	assert_null(ep->res.route.proxy);
	assert_null(ep->res.route.pac);
	assert_true(ep->res.date.has);
	assert_true(ep->res.date.skew == 1.5);
	assert_string_equal(ep->res.date.host, "127.0.1.1");
	assert_null(ep->xfer.date_host);
	teardown(&w);
}

static void test_a_name_is_looked_up_then_exchanged(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://good.lab.test/", NULL, "none");
	endpoint_start(&w.p, ep);
	assert_int_equal(st.resolver_start, 1);
	assert_int_equal(ep->state, EP_RESOLVING);
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	assert_int_equal(st.transfer_start, 1);
	assert_int_equal(ep->state, EP_TRANSFER);
	teardown(&w);
}

/* Each answer a lookup can give that ends the endpoint at DNS. */
static void test_lookup_outcomes(void **state)
{
	static const struct {
		int status;
		const char *addr;
		enum v_status vs;
		uint32_t code;
		const char *cause;
	} rows[] = {
		{ ARES_ENOTFOUND, "", ST_FAIL, WU_NAME_NOT_RESOLVED, "name_not_found" },
		{ ARES_ENODATA, "", ST_FAIL, WU_NAME_NOT_RESOLVED, "dns_no_data" },
		{ ARES_SUCCESS, "", ST_FAIL, WU_NAME_NOT_RESOLVED, "dns_no_data" },        /* no address at all */
		{ VERDICT_DNS_SINKHOLE, "0.0.0.0", ST_FAIL, WU_CANNOT_CONNECT, "dns_sinkhole" },
		{ VERDICT_DNS_NOTHING_LISTENS, "", ST_FAIL, WU_NAME_NOT_RESOLVED, "dns_no_answer" },
		{ VERDICT_LOCAL_MEMORY, "", ST_ERROR, 0, "local_resources" },
		{ VERDICT_LOCAL_DNS, "", ST_ERROR, 0, "local_resources" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct world w;
		struct endpoint *ep = &w.ep[0];
		setup(&w, "https://good.lab.test/", NULL, "none");
		endpoint_start(&w.p, ep);
		resolved_err(ep, rows[i].addr, rows[i].status, EMFILE);
		assert_int_equal(ep->state, EP_DONE);
		assert_int_equal(ep->res.status, rows[i].vs);
		assert_int_equal(ep->res.code, rows[i].code);
		if (strcmp(ep->res.cause, rows[i].cause) != 0)
			fail_msg("row %zu: %s, expected %s", i, ep->res.cause, rows[i].cause);
		assert_int_equal(st.transfer_start, 0);
		if (rows[i].status == VERDICT_LOCAL_DNS)   /* the socket's errno, from the answer */
			assert_non_null(strstr(ep->res.message, "a DNS socket (Too many open files)"));
		else if (rows[i].status == ARES_ENOTFOUND)
			assert_int_equal(ep->res.t.dns, 7);        /* the time the lookup measured */
		teardown(&w);
	}
}

static void test_deadline_while_resolving(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://good.lab.test/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.queued = true;                         /* still in our own queue: its clock has not started */
	assert_int_equal(endpoint_expire(ep, ep->deadline), 0);
	assert_int_equal(ep->state, EP_RESOLVING);
	st.queued = false;
	assert_int_equal(endpoint_expire(ep, ep->deadline), 0);
	assert_int_equal(ep->state, EP_DONE);
	assert_string_equal(ep->res.cause, "dns_no_answer");
	int64_t dns_ms = ep->res.t.dns;
	/* An answer that comes after the deadline changes nothing: not its
	 * verdict, not its record's addresses or DNS time. */
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	assert_int_equal(st.transfer_start, 0);
	assert_string_equal(ep->res.cause, "dns_no_answer");
	assert_int_equal(ep->res.naddrs, 0);
	assert_int_equal(ep->res.t.dns, dns_ms);
	teardown(&w);
}

/* A lookup that waited in our own queue: lookup.c records when its question
 * left and posts EV_SCHEDULE; the endpoint's deadline starts then (the
 * endpoint moves it, nobody else), never earlier than it was. */
static void test_a_queued_lookup_starts_the_clock_when_it_leaves(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://good.lab.test/", NULL, "none");
	endpoint_start(&w.p, ep);
	assert_string_equal(st.host, "good.lab.test");
	assert_ptr_equal(ep->lk.slot, &ep->ev);                /* it answers on the endpoint's slot */
	assert_ptr_equal(ep->lk.deadline, &ep->deadline);
	int64_t deadline = ep->deadline;
	assert_int_equal(endpoint_deadline(ep), deadline);     /* not left yet: the first deadline */
	ep->lk.left = ep->started + 700;                        /* as lookup.c, when it leaves */
	assert_int_equal(endpoint_deadline(ep), ep->started + 700 + 3000);
	assert_int_equal(ep->deadline, deadline + 700);
	ep->lk.left = ep->started - 5000;                       /* never backwards */
	assert_int_equal(endpoint_deadline(ep), deadline + 700);
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	assert_int_equal(ep->state, EP_TRANSFER);
	ep->lk.left = ep->started + 2000;                       /* a stale mark: only a lookup under way counts */
	assert_int_equal(endpoint_deadline(ep), deadline + 700);
	teardown(&w);
}

/* The deadline passes while a DNS socket this machine lost may have held
 * the answer: this machine's error, with the socket's errno, not
 * dns_no_answer. */
static void test_deadline_after_a_lost_dns_socket(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://good.lab.test/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.local_err = EMFILE;
	ep->lk.started -= 250;
	assert_int_equal(endpoint_expire(ep, ep->deadline), 0);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_ERROR);
	assert_string_equal(ep->res.cause, "local_resources");
	assert_non_null(strstr(ep->res.message, "a DNS socket (Too many open files)"));
	assert_true(ep->res.t.dns >= 250);                      /* from when it was asked */
	teardown(&w);
}

static void test_deadline_during_the_exchange(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	/* libcurl's own time-out first: a grace second. */
	assert_int_equal(endpoint_expire(ep, ep->deadline), ep->deadline + 1000);
	assert_int_equal(st.judged, 0);
	st.verdict = "timeout";
	assert_int_equal(endpoint_expire(ep, ep->deadline + 1000), 0);
	assert_int_equal(st.judged_rc, CURLE_OPERATION_TIMEDOUT);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.code, WU_TIMEOUT);
	teardown(&w);
}

static void test_a_local_failure_ends_it_at_the_next_expiry(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	w.p.evq = (struct evq){ 0 };
	ep->ev.events = 0;
	endpoint_local_failure(ep, ep->xfer.easy, ENOSPC);
	assert_true(ep->ev.events & EV_SCHEDULE);
	assert_true(ep->deadline + 1000 <= mono_ms());
	assert_int_equal(endpoint_expire(ep, mono_ms()), 0);
	assert_int_equal(st.judged_local_errno, ENOSPC);   /* the exchange's judge sees it was this machine */
	assert_int_equal(ep->state, EP_DONE);
	teardown(&w);
}

static void test_waiting_for_a_connection_moves_the_deadline(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://good.lab.test/", NULL, "none");
	w.p.parallel = 1;
	w.p.stages.xfers = 1;                            /* the one connection is someone else's */
	endpoint_start(&w.p, ep);
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	assert_int_equal(ep->state, EP_WAITING);
	assert_int_equal(st.transfer_start, 0);
	int64_t deadline = ep->deadline, started = ep->started;
	ep->cq_since -= 500;                      /* it waited half a second */
	w.p.stages.xfers = 0;
	endpoint_connect_queued(&w.p);
	assert_int_equal(st.transfer_start, 1);
	assert_int_equal(ep->state, EP_TRANSFER);
	assert_true(ep->deadline >= deadline + 500 && ep->started >= started + 500);
	teardown(&w);
}

static void test_a_redirect_routes_again(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_REDIRECT;
	st.next = "https://good.lab.test/next";
	exchanged(ep, CURLE_OK);
	assert_int_equal(st.transfer_detach, 1);
	assert_int_equal(st.resolver_start, 1);    /* a new name, looked up */
	assert_int_equal(ep->state, EP_RESOLVING);
	assert_string_equal(ep->cur->host, "good.lab.test");
	st.outcome = XF_VERDICT;
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	exchanged(ep, CURLE_OK);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_OK);
	teardown(&w);
}

static void test_again_is_the_same_route(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/x.cab", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_AGAIN;                    /* the range GET after BITS' HEAD, or the proxy asked again */
	exchanged(ep, CURLE_OK);
	assert_int_equal(st.transfer_detach, 1);
	assert_int_equal(st.transfer_start, 2);
	assert_int_equal(st.resolver_start, 0);
	assert_int_equal(ep->state, EP_TRANSFER);
	teardown(&w);
}

static void test_a_tls_failure_asks_tls13(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.verdict = "tls_version";
	exchanged(ep, CURLE_SSL_CONNECT_ERROR);
	assert_int_equal(ep->state, EP_DONE);
	assert_string_equal(ep->res.cause, "tls_version");
	assert_int_equal(st.tls13_start, 1);
	teardown(&w);
}

/* A chain whose issuer has an AIA URL: the endpoint fetches it, as Windows
 * does, and verifies again when the fetch ends. */
static void test_an_aia_fetch_resumes_the_verdict(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_AIA;
	st.aia_started = st.aia_record = true;
	exchanged(ep, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(st.aia_start, 1);
	assert_string_equal(st.aia_url, "http://aia.example/ca.der");
	assert_int_equal(ep->state, EP_TRANSFER);  /* waits for the fetch */
	st.outcome = XF_VERDICT;
	w.p.evq = (struct evq){ 0 };
	ep->ev.events = 0;
	endpoint_easy_done(ep, &aia_handle, CURLE_OK);   /* the fetch's handle ended: aia.c's to read */
	assert_int_equal(st.aia_done, 1);
	assert_int_equal(st.judged, 1);
	assert_true(ep->ev.events & EV_AIA);       /* the endpoint hears it as the loop hands it over */
	endpoint_aia_done(ep);
	assert_int_equal(st.judged, 2);
	assert_int_equal(st.judged_rc, CURLE_PEER_FAILED_VERIFICATION);   /* the exchange's result, resumed */
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_OK);
	assert_int_equal(ep->res.secondary, 0);    /* nothing left of the verdict before the fetch */
	assert_null(ep->res.cause);
	endpoint_aia_done(ep);                     /* late: nothing */
	assert_int_equal(st.judged, 2);
	teardown(&w);
}

/* The fetch does not start: the certificate verdict stands, with why the
 * last fetch failed; without a record of it (no memory), this machine's
 * error, no claim that the update client fails. */
static void test_an_aia_fetch_that_cannot_start(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_AIA;
	st.aia_record = true;
	assert_non_null(ep->aia = aia_new(&w.p.stages, &ep->ev, &ep->aia_certs, &ep->local_errno));
	snprintf(ep->aia->error, sizeof ep->aia->error, "HTTP 404");
	exchanged(ep, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.code, WU_SECURE_FAILURE);
	assert_string_equal(ep->res.cause, "cert_chain_incomplete");
	assert_non_null(strstr(ep->res.message, "; its AIA URL http://aia.example/ca.der failed: HTTP 404"));
	teardown(&w);

	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_AIA;                        /* st.aia_record false: no record could be made */
	exchanged(ep, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_ERROR);
	assert_string_equal(ep->res.cause, "local_resources");
	teardown(&w);
}

/* The PAC script's list, as WinHTTP walks it: a proxy whose name does not
 * resolve, then one that refuses, then DIRECT; each failure named. */
static void test_pac_fail_over(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];
	struct pac_decision d = { .n = 3, .is_proxy = { true, true, false } };
	struct autoproxy ap = { .on = true, .explicit_script = true, .dec = &d, .n = 1 };

	(void)state;
	setup(&w, "https://good.lab.test/", NULL, "none");
	d.servers[0] = (struct proxy_server){ .host = "gone.lab.test", .port = 3128 };
	d.servers[1] = (struct proxy_server){ .host = "127.0.4.3", .port = 3128, .host_literal = true };
	w.opts.autoproxy = &ap;
	endpoint_start(&w.p, ep);
	assert_int_equal(ep->source, RS_PAC);
	assert_string_equal(endpoint_connect_host(ep), "gone.lab.test");
	assert_int_equal(st.resolver_start, 1);
	resolved(ep, "", ARES_ENOTFOUND);          /* proxy_name_not_found: the next entry */
	assert_int_equal(ep->pac_at, 1);
	assert_int_equal(st.transfer_start, 1);    /* a literal proxy: no lookup */
	assert_string_equal(endpoint_connect_host(ep), "127.0.4.3");
	st.verdict = "proxy_refused";
	exchanged(ep, CURLE_COULDNT_CONNECT);
	assert_int_equal(ep->pac_at, 2);           /* DIRECT: the endpoint's own name */
	assert_null(ep->proxy);
	assert_int_equal(st.resolver_start, 2);
	assert_int_equal(ep->state, EP_RESOLVING);
	assert_non_null(strstr(ep->pac_failed, "gone.lab.test:3128 proxy_name_not_found"));
	assert_non_null(strstr(ep->pac_failed, "127.0.4.3:3128 proxy_refused"));
	st.verdict = "ok";
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	exchanged(ep, CURLE_OK);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_OK);
	/* The record carries the route the reports show; the failures move into it. */
	assert_ptr_equal(ep->res.conf, &w.conf);
	assert_null(ep->res.route.proxy);
	assert_ptr_equal(ep->res.route.pac, &d);
	assert_int_equal(ep->res.route.pac_at, 2);
	assert_int_equal(ep->res.route.source, RS_PAC);
	assert_non_null(ep->res.route.source_via);
	assert_null(ep->pac_failed);
	assert_string_equal(ep->res.route.pac_failed,
			    "PROXY gone.lab.test:3128 proxy_name_not_found; PROXY 127.0.4.3:3128 proxy_refused");
	teardown(&w);
}

/* A loopback proxy named by a Windows machine's settings is that machine's:
 * not connected to, this machine's inability to probe. From the command
 * line it is this machine's own proxy, and probed. */
static void test_a_machines_own_loopback_proxy(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://good.lab.test/", "127.0.0.1:3128", "netsh");
	endpoint_start(&w.p, ep);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_ERROR);
	assert_string_equal(ep->res.cause, "machine_local_proxy");
	assert_int_equal(st.resolver_start + st.transfer_start, 0);
	assert_ptr_equal(ep->res.route.proxy, &w.proxy.servers[0]);   /* the route it was refused */
	assert_ptr_equal(ep->res.conf, &w.conf);
	teardown(&w);

	setup(&w, "https://good.lab.test/", "127.0.0.1:3128", "command-line");
	endpoint_start(&w.p, ep);
	assert_int_equal(st.transfer_start, 1);   /* a literal proxy: no lookup */
	assert_string_equal(endpoint_connect_host(ep), "127.0.0.1");
	assert_int_equal(endpoint_connect_port(ep), 3128);
	teardown(&w);
}

/* A redirect to URL, judged from the exchange that ended. */
static void redirected_to(struct endpoint *ep, const char *url)
{
	st.outcome = XF_REDIRECT;
	st.next = url;
	exchanged(ep, CURLE_OK);
}

/* The redirect limit is the endpoint's: five are followed, the sixth ends
 * it, as WinHTTP stops, with the response's status. */
static void test_the_redirect_limit(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];
	char next[64];

	(void)state;
	setup(&w, "http://127.0.1.1/0", NULL, "none");
	endpoint_start(&w.p, ep);
	for (int i = 1; i <= 5; i++) {
		snprintf(next, sizeof next, "http://127.0.1.1/%d", i);
		redirected_to(ep, next);
		assert_int_equal(ep->state, EP_TRANSFER);
		assert_int_equal(ep->nhops, i + 1);
		assert_string_equal(ep->cur->path, next + strlen("http://127.0.1.1"));
	}
	assert_int_equal(st.transfer_start, 6);
	redirected_to(ep, "http://127.0.1.1/6");
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(st.transfer_start, 6);
	assert_int_equal(ep->res.code, WU_REDIRECT_FAILED);
	assert_string_equal(ep->res.cause, "redirect_failed");
	assert_string_equal(ep->res.message, "more than 5 redirects (next to http://127.0.1.1/6)");
	assert_int_equal(ep->res.http_status, 302);
	assert_int_equal(w.p.stages.xfers, 0);
	teardown(&w);
}

/* Back to a URL already fetched: a loop, named with its length; from
 * https to http: never. */
static void test_a_redirect_loop_and_a_downgrade(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/a", NULL, "none");
	endpoint_start(&w.p, ep);
	redirected_to(ep, "http://127.0.1.1/b");
	assert_int_equal(ep->state, EP_TRANSFER);
	redirected_to(ep, "http://127.0.1.1/a");
	assert_int_equal(ep->state, EP_DONE);
	assert_string_equal(ep->res.message, "redirect loop: back to http://127.0.1.1/a after 2 redirects");
	assert_int_equal(st.transfer_start, 2);
	teardown(&w);

	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	redirected_to(ep, "http://127.0.1.1/");
	assert_int_equal(ep->state, EP_DONE);
	assert_string_equal(ep->res.message, "redirect from https to http (http://127.0.1.1/)");
	assert_int_equal(ep->res.http_status, 302);
	teardown(&w);
}

/* The deadline ended it: a handle that ends afterwards changes nothing,
 * but the TLS 1.3 handshake, information, is still recorded when it ends
 * after the verdict. */
static void test_a_handle_that_ends_after_the_deadline(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://127.0.1.1/", NULL, "none");
	w.opts.tls13_always = true;
	st.tls13_starts = true;
	endpoint_start(&w.p, ep);
	assert_int_equal(st.tls13_start, 1);
	assert_int_equal(w.p.stages.side_active, 1);
	st.verdict = "timeout";
	assert_int_equal(endpoint_expire(ep, ep->deadline + 1000), 0);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(st.judged, 1);
	assert_int_equal(ep->res.code, WU_TIMEOUT);
	st.verdict = "ok";
	exchanged(ep, CURLE_OK);                   /* late: its verdict stands */
	assert_int_equal(st.judged, 1);
	assert_int_equal(ep->res.code, WU_TIMEOUT);
	assert_int_equal(ep->res.tls.tls13, -1);
	st.tls13 = 1;
	endpoint_easy_done(ep, &side_handle, CURLE_OK);
	assert_int_equal(st.tls13_done, 1);
	assert_int_equal(ep->res.tls.tls13, 1);
	assert_null(ep->side);
	assert_int_equal(w.p.stages.side_active, 0);
	assert_int_equal(ep->res.code, WU_TIMEOUT);
	teardown(&w);
}

/* This machine fails the exchange: it could not start it (memory), or
 * could not make its socket (descriptors). Either is this machine's
 * error, no claim about the network. */
static void test_a_local_failure_at_the_exchange(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "http://127.0.1.1/", NULL, "none");
	st.start_errno = ENOMEM;
	endpoint_start(&w.p, ep);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_ERROR);
	assert_string_equal(ep->res.cause, "local_resources");
	assert_non_null(strstr(ep->res.message, "could not make the transfer"));
	assert_int_equal(w.p.stages.xfers, 0);
	assert_int_equal(w.p.done, 1);
	teardown(&w);

	setup(&w, "http://127.0.1.1/", NULL, "none");
	st.socket_errno = EMFILE;
	endpoint_start(&w.p, ep);
	assert_int_equal(ep->state, EP_TRANSFER);
	exchanged(ep, CURLE_COULDNT_CONNECT);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(st.judged_local_errno, EMFILE);
	assert_int_equal(ep->res.status, ST_ERROR);
	assert_non_null(strstr(ep->res.message, "a socket for the connection"));
	assert_non_null(strstr(ep->res.message, "ulimit -n"));
	teardown(&w);
}

/* The TLS 1.3 handshake cannot start (this machine's resources): the
 * verdict is the exchange's alone, tls13 stays unknown, and it is not
 * asked again. */
static void test_a_local_failure_at_tls13(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://127.0.1.1/", NULL, "none");
	w.opts.tls13_always = true;
	endpoint_start(&w.p, ep);
	assert_int_equal(st.tls13_start, 1);
	assert_null(ep->side);
	assert_int_equal(w.p.stages.side_active, 0);
	st.verdict = "tls_version";
	exchanged(ep, CURLE_SSL_CONNECT_ERROR);
	assert_int_equal(ep->state, EP_DONE);
	assert_string_equal(ep->res.cause, "tls_version");
	assert_int_equal(st.tls13_start, 1);       /* once an endpoint */
	assert_int_equal(ep->res.tls.tls13, -1);
	teardown(&w);
}

/* The AIA fetch cannot start because this machine could not (a socket,
 * its descriptors): this machine's error, not the chain's. */
static void test_a_local_failure_at_aia(void **state)
{
	struct world w;
	struct endpoint *ep = &w.ep[0];

	(void)state;
	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_AIA;
	st.aia_record = true;
	st.aia_local_err = EMFILE;
	exchanged(ep, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(st.aia_start, 1);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_ERROR);
	assert_string_equal(ep->res.cause, "local_resources");
	assert_non_null(strstr(ep->res.message, "the fetch of the missing issuer (AIA)"));
	assert_non_null(strstr(ep->res.message, strerror(EMFILE)));
	teardown(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_literal_goes_straight_to_its_exchange),
		cmocka_unit_test(test_a_name_is_looked_up_then_exchanged),
		cmocka_unit_test(test_lookup_outcomes),
		cmocka_unit_test(test_deadline_while_resolving),
		cmocka_unit_test(test_a_queued_lookup_starts_the_clock_when_it_leaves),
		cmocka_unit_test(test_deadline_after_a_lost_dns_socket),
		cmocka_unit_test(test_deadline_during_the_exchange),
		cmocka_unit_test(test_a_local_failure_ends_it_at_the_next_expiry),
		cmocka_unit_test(test_waiting_for_a_connection_moves_the_deadline),
		cmocka_unit_test(test_a_redirect_routes_again),
		cmocka_unit_test(test_again_is_the_same_route),
		cmocka_unit_test(test_a_tls_failure_asks_tls13),
		cmocka_unit_test(test_an_aia_fetch_resumes_the_verdict),
		cmocka_unit_test(test_an_aia_fetch_that_cannot_start),
		cmocka_unit_test(test_pac_fail_over),
		cmocka_unit_test(test_a_machines_own_loopback_proxy),
		cmocka_unit_test(test_the_redirect_limit),
		cmocka_unit_test(test_a_redirect_loop_and_a_downgrade),
		cmocka_unit_test(test_a_handle_that_ends_after_the_deadline),
		cmocka_unit_test(test_a_local_failure_at_the_exchange),
		cmocka_unit_test(test_a_local_failure_at_tls13),
		cmocka_unit_test(test_a_local_failure_at_aia),
	};
	return cmocka_run_group_tests_name("endpoint", tests, NULL, NULL);
}
