/* The lookup stage (lookup.c) alone: c-ares' ares_getaddrinfo replaced by
 * the stub below, which records each question and answers when the test
 * says (at once, inside the call, when asked to). No endpoint and no loop:
 * the waiters are bare requests with event slots, as the endpoint embeds
 * them. Each test checks what was posted on the slots and what was asked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ares.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>

#include "clock.h"
#include "dnssock.h"
#include "lookup.h"
#include "resolve.h"
#include "verdict.h"

#define MAX_ASKED 64

/* What c-ares was asked, and how the stub answers. */
static struct {
	int n;
	char host[MAX_ASKED][64];
	ares_addrinfo_callback cb[MAX_ASKED];
	void *arg[MAX_ASKED];
	int at_once;                    /* nonzero: answer inside the call with this status */
	int depth, max_depth;           /* calls inside calls: a callback that asked again */
} asked;

void ares_getaddrinfo(ares_channel channel, const char *node, const char *service,
		      const struct ares_addrinfo_hints *hints, ares_addrinfo_callback cb, void *arg)
{
	(void)channel;
	(void)service;
	(void)hints;
	assert_true(asked.n < MAX_ASKED);
	snprintf(asked.host[asked.n], sizeof asked.host[0], "%s", node);
	asked.cb[asked.n] = cb;
	asked.arg[asked.n] = arg;
	asked.n++;
	if (++asked.depth > asked.max_depth)
		asked.max_depth = asked.depth;
	if (asked.at_once)
		cb(arg, asked.at_once, 0, NULL);
	asked.depth--;
}

void ares_freeaddrinfo(struct ares_addrinfo *ai)
{
	(void)ai;                       /* the test's own, on its stack */
}

/* Question I answered with STATUS, and 127.0.1.1 when it succeeds. */
static void answer(int i, int status)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct ares_addrinfo_node node = { .ai_family = AF_INET, .ai_addr = (struct sockaddr *)&sin,
					   .ai_addrlen = sizeof sin };
	struct ares_addrinfo ai = { .nodes = &node };

	inet_pton(AF_INET, "127.0.1.1", &sin.sin_addr);
	asked.cb[i](asked.arg[i], status, 0, status == ARES_SUCCESS ? &ai : NULL);
}

/* A run's lookups with N waiters, each with its slot and its deadline. */
struct world {
	struct resolver dns;
	struct lookups ls;
	struct evq q;
	struct ev_slot slot[24];
	struct lookup_req req[24];
	int64_t deadline[24];
};

static void setup(struct world *w)
{
	memset(&asked, 0, sizeof asked);
	memset(w, 0, sizeof *w);
	lookups_init(&w->ls, &w->dns, &w->q, 24);
	for (size_t i = 0; i < 24; i++) {
		w->slot[i].owner = i;
		w->deadline[i] = mono_ms() + 3000;
	}
}

static void ask(struct world *w, int i, const char *host)
{
	resolver_start(&w->ls, &w->req[i], host, &w->slot[i], &w->deadline[i]);
}

/* What was posted on slot I since the last look (the loop's evq_take). */
static unsigned taken(struct world *w, int i)
{
	unsigned events = w->slot[i].events;

	w->q = (struct evq){ 0 };
	for (size_t k = 0; k < 24; k++)
		w->slot[k].events = 0;
	return events;
}

/* Two endpoints wait for one name; the deadline ends the first before the
 * answer comes. The answer goes to the second only: the first's request
 * and slot stay as they were. Alone, a forgotten waiter's answer posts
 * nothing at all. */
static void test_an_answer_after_the_deadline(void **state)
{
	struct world w;

	(void)state;
	setup(&w);
	ask(&w, 0, "Good.Lab.Test");
	ask(&w, 1, "good.lab.test");
	assert_int_equal(asked.n, 1);              /* one question for both */
	assert_string_equal(asked.host[0], "good.lab.test");
	assert_non_null(w.req[0].lk);
	assert_int_equal(taken(&w, 0), EV_SCHEDULE);   /* it left at once: the clock runs */
	resolver_forget(&w.req[0]);                /* its deadline passed */
	answer(0, ARES_SUCCESS);
	assert_int_equal(w.slot[0].events, 0);
	assert_null(w.req[0].csv);                 /* no answer */
	assert_int_equal(w.slot[1].events, EV_RESOLVED);
	assert_int_equal(w.slot[1].status, ARES_SUCCESS);
	assert_null(w.req[1].lk);
	assert_int_equal(w.req[1].naddrs, 1);
	assert_string_equal(w.req[1].addrs[0], "127.0.1.1");
	assert_string_equal(w.req[1].csv, "127.0.1.1");
	assert_ptr_equal(w.q.head, &w.slot[1]);
	assert_ptr_equal(w.q.tail, &w.slot[1]);
	taken(&w, 1);

	ask(&w, 2, "gone.lab.test");
	taken(&w, 2);
	resolver_forget(&w.req[2]);
	answer(1, ARES_ENOTFOUND);
	assert_null(w.q.head);                     /* nobody listens: nothing posted */
	/* The answer is kept for the run: the next to ask has it at once. */
	ask(&w, 3, "gone.lab.test");
	assert_int_equal(asked.n, 2);
	assert_int_equal(w.slot[3].events, EV_RESOLVED);
	assert_int_equal(w.slot[3].status, ARES_ENOTFOUND);
	assert_int_equal(w.req[3].naddrs, 0);
	assert_string_equal(w.req[3].csv, "");
	lookups_free(&w.ls);
}

/* The window full, a lookup waits in our queue: its waiter's deadline has
 * not started (resolver_queued). An answer makes room, but c-ares'
 * callback sends nothing: the loop's next pump does, and the question that
 * leaves records when (req.left) and posts EV_SCHEDULE for its waiter,
 * whose endpoint starts the clock then. */
static void test_a_queued_lookup_leaves(void **state)
{
	struct world w;
	char host[32];

	(void)state;
	setup(&w);
	w.dns.stats.rcvbuf = 17 * 4096;           /* room for 17 lookups' answers: the window */
	for (int i = 0; i < 18; i++) {
		snprintf(host, sizeof host, "n%d.lab.test", i);
		ask(&w, i, host);
	}
	assert_int_equal(asked.n, 17);
	assert_false(resolver_queued(&w.req[0]));
	/* It left at once: within the same pass (two readings of the clock, a
	 * millisecond may tick between them on a loaded machine). */
	assert_true(w.req[0].left >= w.req[0].started && w.req[0].left - w.req[0].started < 100);
	assert_int_equal(w.slot[0].events, EV_SCHEDULE);
	assert_true(resolver_queued(&w.req[17]));
	assert_int_equal(w.req[17].left, 0);
	assert_int_equal(w.slot[17].events, 0);
	taken(&w, 0);

	answer(3, ARES_ENOTFOUND);
	assert_int_equal(w.slot[3].events, EV_RESOLVED);
	assert_int_equal(asked.n, 17);             /* the callback sent nothing */
	assert_true(resolver_queued(&w.req[17]));
	lookups_pump(&w.ls);
	assert_int_equal(asked.n, 18);
	assert_string_equal(asked.host[17], "n17.lab.test");
	assert_false(resolver_queued(&w.req[17]));
	assert_true(w.req[17].left >= w.req[17].started);
	assert_int_equal(w.slot[17].events, EV_SCHEDULE);
	lookups_pump(&w.ls);                       /* nothing waits: nothing more */
	assert_int_equal(asked.n, 18);
	lookups_free(&w.ls);
}

/* c-ares gives up (ETIMEOUT) while the waiter's deadline allows: asked
 * again, first in the queue, by the next pump; once the deadline is near,
 * the time-out is the answer. */
static void test_a_timed_out_question_is_asked_again(void **state)
{
	struct world w;

	(void)state;
	setup(&w);
	ask(&w, 0, "slow.lab.test");
	taken(&w, 0);
	answer(0, ARES_ETIMEOUT);
	assert_null(w.q.head);
	assert_int_equal(asked.n, 1);
	assert_false(resolver_queued(&w.req[0]));  /* its clock runs: it left before */
	lookups_pump(&w.ls);
	assert_int_equal(asked.n, 2);
	assert_null(w.q.head);                     /* its deadline does not move again */
	w.deadline[0] = mono_ms() + 50;
	answer(1, ARES_ETIMEOUT);
	assert_int_equal(w.slot[0].events, EV_RESOLVED);
	assert_int_equal(w.slot[0].status, ARES_ETIMEOUT);
	lookups_free(&w.ls);
}

/* A DNS socket this machine could not make or watch after the question
 * left: the failure that follows is this machine's (VERDICT_LOCAL_DNS, with
 * the socket's errno), not the network's, and is not kept; at the
 * deadline, resolver_local_failure says so too. */
static void test_a_local_dns_socket_failure(void **state)
{
	struct world w;

	(void)state;
	setup(&w);
	ask(&w, 0, "good.lab.test");
	ask(&w, 1, "other.lab.test");
	int err = 0;
	assert_false(resolver_local_failure(&w.req[0], &err));
	dnssock_failed(&w.dns.stats, EMFILE);      /* as events.c or dnssock.c count it */
	assert_true(resolver_local_failure(&w.req[0], &err));
	assert_int_equal(err, EMFILE);
	taken(&w, 0);
	answer(0, ARES_ECONNREFUSED);
	assert_int_equal(w.slot[0].events, EV_RESOLVED);
	assert_int_equal(w.slot[0].status, VERDICT_LOCAL_DNS);
	assert_int_equal(w.req[0].err, EMFILE);
	/* Not kept: the next endpoint asks the network again. */
	ask(&w, 2, "good.lab.test");
	assert_int_equal(asked.n, 3);
	assert_false(resolver_local_failure(&w.req[2], &err));   /* it left after the failure */
	/* One whose deadline passed first ends as this machine's error too. */
	assert_true(resolver_local_failure(&w.req[1], &err));
	resolver_forget(&w.req[1]);
	assert_false(resolver_local_failure(&w.req[1], &err));
	lookups_free(&w.ls);
}

/* c-ares may answer inside ares_getaddrinfo (a name /etc/hosts knows, no
 * memory): the pump that asked goes on with the next question itself, and
 * never runs inside its own callback. */
static void test_an_answer_at_once_does_not_re_enter(void **state)
{
	struct world w;
	char host[32];

	(void)state;
	setup(&w);
	asked.at_once = ARES_ENOTFOUND;
	for (int i = 0; i < 20; i++) {
		snprintf(host, sizeof host, "h%d.lab.test", i);
		ask(&w, i, host);
		assert_int_equal(w.slot[i].events, EV_SCHEDULE | EV_RESOLVED);
		assert_int_equal(w.slot[i].status, ARES_ENOTFOUND);
	}
	assert_int_equal(asked.n, 20);
	assert_int_equal(asked.max_depth, 1);
	assert_int_equal(w.ls.asking, 0);
	/* No memory for the lookup c-ares answered: this machine's error. */
	asked.at_once = ARES_ENOMEM;
	ask(&w, 20, "nomem.lab.test");
	assert_int_equal(w.slot[20].status, VERDICT_LOCAL_MEMORY);
	lookups_free(&w.ls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_answer_after_the_deadline),
		cmocka_unit_test(test_a_queued_lookup_leaves),
		cmocka_unit_test(test_a_timed_out_question_is_asked_again),
		cmocka_unit_test(test_a_local_dns_socket_failure),
		cmocka_unit_test(test_an_answer_at_once_does_not_re_enter),
	};
	return cmocka_run_group_tests_name("lookup", tests, NULL, NULL);
}
