/* Events a stage posts instead of calling up into the endpoint or the loop:
 * the loop's dispatch (probe.c) takes them off the queue and hands them to
 * the endpoint that owns the slot. A stage needs only this header: the slot
 * it posts on, and the queue, come in its context. */
#ifndef WUPROBE_EVQ_H
#define WUPROBE_EVQ_H

#include <stddef.h>

/* EV_SCHEDULE, the endpoint's deadline moved; EV_RESOLVED, its lookup
 * answered (status); EV_AIA, its AIA fetch ended. */
enum { EV_SCHEDULE = 1, EV_RESOLVED = 2, EV_AIA = 4 };

/* One endpoint's place in the queue: what it collected since the loop last
 * looked. */
struct ev_slot {
	struct ev_slot *next;
	size_t owner;              /* the endpoint's index in the run's list */
	unsigned events;           /* EV_*: nonzero while it waits in the queue */
	int status;                /* with EV_RESOLVED: a c-ares status, or VERDICT_* */
};

struct evq {
	struct ev_slot *head, *tail;
};

/* Posts EV on S: S joins Q once, whatever it collects. */
static inline void evq_post(struct evq *q, struct ev_slot *s, unsigned ev)
{
	if (!s->events) {
		s->next = NULL;
		if (q->tail)
			q->tail->next = s;
		else
			q->head = s;
		q->tail = s;
	}
	s->events |= ev;
}

/* Takes the oldest slot off Q with what it collected (cleared), NULL when
 * Q is empty. */
static inline struct ev_slot *evq_take(struct evq *q, unsigned *events)
{
	struct ev_slot *s = q->head;
	if (!s)
		return NULL;
	if (!(q->head = s->next))
		q->tail = NULL;
	s->next = NULL;
	*events = s->events;
	s->events = 0;
	return s;
}

#endif
