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
#include "probe.h"
#include "source.h"
#include "verdict.h"

/* What the stubs saw, and what they answer. */
static struct {
	int resolver_start, transfer_start, transfer_detach, transfer_release, tls13_start, aia_expire, judged;
	int aia_start;
	bool aia_started;               /* aia_start's answer */
	bool aia_record;                /* aia_start makes the fetch's record (else: no memory for it) */
	char aia_url[512];              /* the URL it was given */
	bool queued;                    /* resolver_queued's answer */
	int local_err;                  /* resolver_local_failure's: a DNS socket's errno, 0 none */
	const char *host;               /* the name resolver_start was asked */
	CURLcode judged_rc;             /* the last rc transfer_judge got */
	int judged_local_errno;
	enum xfer_outcome outcome;      /* transfer_judge's answer */
	const char *verdict;            /* with XF_VERDICT: "ok", "tls_version", "timeout" */
	const char *next;               /* with XF_REDIRECT */
} st;

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
void tls13_start(struct endpoint *ep) { (void)ep; st.tls13_start++; }
void aia_expire(struct endpoint *ep) { (void)ep; st.aia_expire++; }

bool aia_start(struct endpoint *ep, const char *url, CURLcode rc)
{
	st.aia_start++;
	snprintf(st.aia_url, sizeof st.aia_url, "%s", url);
	if (st.aia_record && !ep->aia)
		assert_non_null(ep->aia = calloc(1, sizeof *ep->aia));
	if (ep->aia)
		ep->aia->saved_rc = rc;
	return st.aia_started;
}

bool transfer_start(struct endpoint *ep)
{
	st.transfer_start++;
	if (!ep->x)
		assert_non_null(ep->x = calloc(1, sizeof *ep->x));
	ep->state = EP_TRANSFER;        /* as transfer.c does */
	ep->in_multi = true;
	ep->probe->xfers++;
	return true;
}

void transfer_detach(struct endpoint *ep)
{
	st.transfer_detach++;
	if (ep->in_multi)
		ep->probe->xfers--;
	ep->in_multi = false;
}

void transfer_release(struct endpoint *ep)
{
	st.transfer_release++;
	if (ep->in_multi)
		ep->probe->xfers--;
	ep->in_multi = false;
	free(ep->x);
	ep->x = NULL;
}

enum xfer_outcome transfer_judge(struct endpoint *ep, CURLcode rc, struct url *next)
{
	char why[128];
	struct tls_info tls = { .alert = 70 };
	struct transfer_obs o = { .https = true, .curl_code = CURLE_SSL_CONNECT_ERROR, .tls = &tls, .peer = "p",
				  .timeout_s = 3 };

	st.judged++;
	st.judged_rc = rc;
	st.judged_local_errno = ep->local_errno;
	if (st.outcome == XF_REDIRECT) {
		assert_int_equal(url_parse(st.next, strlen(st.next), next, why, sizeof why), 0);
		return XF_REDIRECT;
	}
	if (st.outcome == XF_AIA) {             /* as judge_chain: the verdict, and the issuer's URL */
		struct chain_report c = { .cause = "cert_chain_incomplete", .detail = "no issuer" };
		verdict_cert(&c, &ep->res);
		snprintf(ep->x->aia_url, sizeof ep->x->aia_url, "http://aia.example/ca.der");
		return XF_AIA;
	}
	if (st.outcome != XF_VERDICT)
		return st.outcome;
	if (strcmp(st.verdict, "proxy_refused") == 0) {
		struct proxy_obs po = { .name = "p:3128" };
		o.curl_code = CURLE_COULDNT_CONNECT;
		assert_true(verdict_proxy(&po, &o, &ep->res));
	} else if (strcmp(st.verdict, "tls_version") == 0) {
		assert_true(verdict_transfer(&o, &ep->res));
	} else if (strcmp(st.verdict, "timeout") == 0) {
		o.curl_code = CURLE_OPERATION_TIMEDOUT;
		o.connected = true;
		o.https = false;
		assert_true(verdict_transfer(&o, &ep->res));
	} else {
		verdict_http(ep->conf, 200, (const unsigned char *)"hello", 5, &ep->res);
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
}

static void teardown(struct world *w)
{
	struct endpoint *ep = &w->ep[0];

	for (int k = 0; k < ep->nhops; k++)
		free(ep->hops[k]);
	free((void *)ep->cur_own);
	free(ep->pac_failed);
	free(ep->aia);
	free(ep->x);
	result_free(&ep->res);
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
	endpoint_transfer_done(ep, CURLE_OK);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_OK);
	assert_int_equal(st.transfer_release, 1);
	assert_int_equal(w.p.done, 1);
	assert_int_equal(w.p.active, 0);
	assert_int_equal(w.p.xfers, 0);
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
	endpoint_local_failure(ep, ENOSPC);
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
	w.p.xfers = 1;                            /* the one connection is someone else's */
	endpoint_start(&w.p, ep);
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	assert_int_equal(ep->state, EP_WAITING);
	assert_int_equal(st.transfer_start, 0);
	int64_t deadline = ep->deadline, started = ep->started;
	ep->cq_since -= 500;                      /* it waited half a second */
	w.p.xfers = 0;
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
	endpoint_transfer_done(ep, CURLE_OK);
	assert_int_equal(st.transfer_detach, 1);
	assert_int_equal(st.resolver_start, 1);    /* a new name, looked up */
	assert_int_equal(ep->state, EP_RESOLVING);
	assert_string_equal(ep->cur->host, "good.lab.test");
	st.outcome = XF_VERDICT;
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	endpoint_transfer_done(ep, CURLE_OK);
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
	endpoint_transfer_done(ep, CURLE_OK);
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
	endpoint_transfer_done(ep, CURLE_SSL_CONNECT_ERROR);
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
	endpoint_transfer_done(ep, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(st.aia_start, 1);
	assert_string_equal(st.aia_url, "http://aia.example/ca.der");
	assert_int_equal(ep->state, EP_TRANSFER);  /* waits for the fetch */
	st.outcome = XF_VERDICT;
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
	assert_non_null(ep->aia = calloc(1, sizeof *ep->aia));
	snprintf(ep->aia->error, sizeof ep->aia->error, "HTTP 404");
	endpoint_transfer_done(ep, CURLE_PEER_FAILED_VERIFICATION);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.code, WU_SECURE_FAILURE);
	assert_string_equal(ep->res.cause, "cert_chain_incomplete");
	assert_non_null(strstr(ep->res.message, "; its AIA URL http://aia.example/ca.der failed: HTTP 404"));
	teardown(&w);

	setup(&w, "https://127.0.1.1/", NULL, "none");
	endpoint_start(&w.p, ep);
	st.outcome = XF_AIA;                        /* st.aia_record false: no record could be made */
	endpoint_transfer_done(ep, CURLE_PEER_FAILED_VERIFICATION);
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
	endpoint_transfer_done(ep, CURLE_COULDNT_CONNECT);
	assert_int_equal(ep->pac_at, 2);           /* DIRECT: the endpoint's own name */
	assert_null(ep->proxy);
	assert_int_equal(st.resolver_start, 2);
	assert_int_equal(ep->state, EP_RESOLVING);
	assert_non_null(strstr(ep->pac_failed, "gone.lab.test:3128 proxy_name_not_found"));
	assert_non_null(strstr(ep->pac_failed, "127.0.4.3:3128 proxy_refused"));
	st.verdict = "ok";
	resolved(ep, "127.0.1.1", ARES_SUCCESS);
	endpoint_transfer_done(ep, CURLE_OK);
	assert_int_equal(ep->state, EP_DONE);
	assert_int_equal(ep->res.status, ST_OK);
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
	teardown(&w);

	setup(&w, "https://good.lab.test/", "127.0.0.1:3128", "command-line");
	endpoint_start(&w.p, ep);
	assert_int_equal(st.transfer_start, 1);   /* a literal proxy: no lookup */
	assert_string_equal(endpoint_connect_host(ep), "127.0.0.1");
	assert_int_equal(endpoint_connect_port(ep), 3128);
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
	};
	return cmocka_run_group_tests_name("endpoint", tests, NULL, NULL);
}
