/* The descriptors the loop waits on, in the system's poller (poller.h):
 * libcurl's sockets (CURLMOPT_SOCKETFUNCTION), c-ares' (ARES_OPT_SOCK_STATE_CB)
 * and the SNTP socket, each tagged with its owner. A wake-up costs what is
 * ready, not what is open: libcurl's socket interface handles only the
 * sockets that have news (curl_multi_perform would walk every transfer
 * every time). The library callbacks here only record: the work they cause
 * runs after events_wait has returned (the loop's dispatch). */
#include "events.h"

#include <errno.h>

#include "clock.h"
#include "endpoint.h"
#include "fault.h"
#include "loop.h"
#include "ntp.h"
#include "poller.h"

#define EVENTS_BATCH 32            /* few per pass: an ended exchange frees its connection sooner */

enum { TAG_CURL = 1, TAG_DNS = 2, TAG_NTP = 3 };

static uint64_t tagged(int tag, int fd)
{
	return (uint64_t)tag << 32 | (uint32_t)fd;
}

/* Watches FD for IN and/or OUT, or stops watching it (neither). Returns 0,
 * or the errno when the socket cannot be watched (ENOMEM, or ENOSPC past
 * fs.epoll.max_user_watches): then nothing would ever wake it. */
static int watch(struct probe *p, int tag, int fd, bool in, bool out)
{
	int err;

	if (!in && !out) {
		poller_remove(p->poller, fd);
		return 0;
	}
	if ((err = poller_modify(p->poller, fd, tagged(tag, fd), in, out)) != ENOENT)
		return err;
	if (fault_at(tag == TAG_DNS ? "epoll_dns" : "epoll_add"))
		return ENOSPC;
	return poller_add(p->poller, fd, tagged(tag, fd), in, out);
}

/* An exchange's socket that cannot be watched would end as a time-out, a
 * claim about the network: it ends now, as this machine's error. */
static int on_curl_socket(CURL *e, curl_socket_t s, int what, void *userp, void *socketp)
{
	struct probe *p = userp;
	struct ev_slot *slot = NULL;   /* every handle's CURLOPT_PRIVATE: its endpoint's */
	int err;

	(void)socketp;
	err = watch(p, TAG_CURL, s, what == CURL_POLL_IN || what == CURL_POLL_INOUT,
		    what == CURL_POLL_OUT || what == CURL_POLL_INOUT);
	if (err && curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&slot) == CURLE_OK && slot)
		endpoint_local_failure(&p->sh.eps[slot->owner], e, err);
	return 0;
}

static int on_curl_timer(CURLM *m, long timeout_ms, void *userp)
{
	struct probe *p = userp;

	(void)m;
	p->curl_timer_at = timeout_ms < 0 ? -1 : mono_ms() + timeout_ms;
	return 0;
}

/* A DNS socket that cannot be watched counts as one this machine could not
 * make: the lookups it fails are this machine's errors (lookup.c). */
void events_sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct probe *p = data;
	int err = watch(p, TAG_DNS, fd, readable != 0, writable != 0);

	if (err)
		dnssock_failed(&p->dns.stats, err);
}

int events_init(struct probe *p)
{
	if (!(p->poller = poller_open()))
		return -1;
	p->curl_timer_at = -1;
	p->ntp_watched = -1;
	curl_multi_setopt(p->sh.stages.multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
	curl_multi_setopt(p->sh.stages.multi, CURLMOPT_SOCKETDATA, p);
	curl_multi_setopt(p->sh.stages.multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
	curl_multi_setopt(p->sh.stages.multi, CURLMOPT_TIMERDATA, p);
	return 0;
}

void events_free(struct probe *p)
{
	poller_close(p->poller);
	p->poller = NULL;
}

int64_t events_curl_timer(const struct probe *p)
{
	return p->curl_timer_at;
}

int events_wait(struct probe *p, int wait_ms)
{
	struct poller_event evs[EVENTS_BATCH];
	struct ntp_client *ntp = p->sh.opts->ntp;
	int nfd_ntp = ntp ? ntp_fd(ntp) : -1, n, running;
	bool ntp_readable = false;

	if (nfd_ntp != p->ntp_watched) {       /* the SNTP socket comes and goes with its exchange */
		if (p->ntp_watched >= 0)
			watch(p, TAG_NTP, p->ntp_watched, false, false);
		if (nfd_ntp >= 0)
			watch(p, TAG_NTP, nfd_ntp, true, false);
		p->ntp_watched = nfd_ntp;
	}
	if ((n = poller_wait(p->poller, evs, EVENTS_BATCH, wait_ms)) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		int tag = (int)(evs[i].tag >> 32), fd = (int)(uint32_t)evs[i].tag;
		if (tag == TAG_CURL)
			curl_multi_socket_action(p->sh.stages.multi, fd, (evs[i].in ? CURL_CSELECT_IN : 0) |
					(evs[i].out ? CURL_CSELECT_OUT : 0) | (evs[i].err ? CURL_CSELECT_ERR : 0), &running);
		else if (tag == TAG_DNS)
			ares_process_fd(p->dns.channel, evs[i].in ? fd : ARES_SOCKET_BAD, evs[i].out ? fd : ARES_SOCKET_BAD);
		else if (tag == TAG_NTP)
			ntp_readable = true;
	}
	if (ntp)
		ntp_process(ntp, ntp_readable, mono_ms());
	ares_process_fd(p->dns.channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);   /* c-ares' own time-outs */
	events_kick(p);
	return 0;
}

void events_kick(struct probe *p)
{
	int running;

	if (p->curl_timer_at >= 0 && mono_ms() >= p->curl_timer_at) {
		p->curl_timer_at = -1;
		curl_multi_socket_action(p->sh.stages.multi, CURL_SOCKET_TIMEOUT, 0, &running);
	}
}
