/* SNTP client: one UDP socket, up to three requests a second apart, the
 * reply checks of RFC 4330 §5 (sntp.c). The wall clock is read only to
 * stamp T1 and T4; the schedule runs on the monotonic clock. */
#include "ntp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "ares_util.h"
#include "clock.h"
#include "fault.h"
#include "sinkhole.h"

#define NTP_RETRY_MS 1000

int ntp_client_init(struct ntp_client *c, const char *spec)
{
	char buf[URL_HOST_MAX + 32], why[128];
	struct url u;

	memset(c, 0, sizeof *c);
	c->fd = -1;
	if (snprintf(buf, sizeof buf, "http://%s/", spec) >= (int)sizeof buf ||
	    url_parse(buf, strlen(buf), &u, why, sizeof why))
		return -1;
	snprintf(c->host, sizeof c->host, "%s", u.host);
	/* A port was given when a ':' follows the host ("[v6]:p" or "name:p"). */
	const char *close = strrchr(spec, ']');
	c->port = strchr(close ? close : spec, ':') ? u.port : 123;
	return 0;
}

static void finish(struct ntp_client *c, const char *error)
{
	if (error)
		snprintf(c->error, sizeof c->error, "%s", error);
	c->state = NTP_DONE;
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

static void send_request(struct ntp_client *c, int64_t now)
{
	uint8_t pkt[SNTP_PACKET];

	c->t1 = ntp_from_unix(wall_now());
	sntp_request(pkt, c->t1);
	c->tries++;
	c->sent_ms = now;
	if (send(c->fd, pkt, sizeof pkt, 0) < 0 && errno != EAGAIN)
		snprintf(c->error, sizeof c->error, "cannot send to %s: %s", c->address, strerror(errno));
}

static void on_addr(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	struct ntp_client *c = arg;
	char msg[400];

	(void)timeouts;
	if (c->state != NTP_RESOLVING) {
		ares_freeaddrinfo(ai);
		return;
	}
	if (status != ARES_SUCCESS || !ai || !ai->nodes) {
		snprintf(msg, sizeof msg, "%s does not resolve (%s)", c->host, ares_strerror(status));
		ares_freeaddrinfo(ai);
		finish(c, msg);
		return;
	}
	/* The first address a client would reach: not a DNS filter's sinkhole,
	 * whose "time" would be this machine's own or nobody's. */
	struct ares_addrinfo_node *n = ai->nodes;
	while (n && sinkhole_addr(n->ai_family, ares_node_addr(n)))
		n = n->ai_next;
	if (!n) {
		char first[46] = "";
		inet_ntop(ai->nodes->ai_family, ares_node_addr(ai->nodes), first, sizeof first);
		snprintf(msg, sizeof msg, "DNS answers %s only with %s, a DNS filter's answer for a name it blocks",
			 c->host, first);
		ares_freeaddrinfo(ai);
		finish(c, msg);
		return;
	}
	union {
		struct sockaddr sa;
		struct sockaddr_in in;
		struct sockaddr_in6 in6;
	} a;
	socklen_t alen = (socklen_t)n->ai_addrlen;
	memcpy(&a, n->ai_addr, alen <= sizeof a ? alen : sizeof a);
	if (n->ai_family == AF_INET6) {
		a.in6.sin6_port = htons((uint16_t)c->port);
		inet_ntop(AF_INET6, &a.in6.sin6_addr, c->address, sizeof c->address);
	} else {
		a.in.sin_port = htons((uint16_t)c->port);
		inet_ntop(AF_INET, &a.in.sin_addr, c->address, sizeof c->address);
	}
	c->fd = fault_at("sntp_socket") ? (errno = EMFILE, -1)
					 : socket(n->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int err = errno;
	ares_freeaddrinfo(ai);
	if (c->fd < 0) {                /* this machine's, not the server's nor the path's */
		snprintf(msg, sizeof msg, "this machine could not make a socket to ask %s: %s", c->address,
			 strerror(err));
		finish(c, msg);
		return;
	}
	if (connect(c->fd, &a.sa, alen) < 0) {
		snprintf(msg, sizeof msg, "cannot reach %s: %s", c->address, strerror(errno));
		finish(c, msg);
		return;
	}
	c->state = NTP_WAITING;
	send_request(c, mono_ms());
}

void ntp_start(struct ntp_client *c, ares_channel channel, int64_t deadline)
{
	struct ares_addrinfo_hints hints = { .ai_family = AF_UNSPEC };

	c->deadline = deadline;
	c->state = NTP_RESOLVING;
	ares_getaddrinfo(channel, c->host, NULL, &hints, on_addr, c);
}

/* The error says why the run did not wait longer. */
static void cut_note(struct ntp_client *c)
{
	size_t l = strlen(c->error);

	if (c->cut[0] && l + 3 < sizeof c->error)
		snprintf(c->error + l, sizeof c->error - l, " (%.*s)", (int)(sizeof c->error - l - 3), c->cut);
}

void ntp_shorten(struct ntp_client *c, int64_t deadline, const char *why)
{
	if ((c->state == NTP_RESOLVING || c->state == NTP_WAITING) && deadline < c->deadline) {
		c->deadline = deadline;
		snprintf(c->cut, sizeof c->cut, "%s", why);
	}
}

int ntp_fd(const struct ntp_client *c)
{
	return c->state == NTP_WAITING ? c->fd : -1;
}

int64_t ntp_wait_ms(const struct ntp_client *c, int64_t now)
{
	int64_t next;

	if (c->state == NTP_DONE || c->state == NTP_IDLE)
		return -1;
	next = c->deadline;
	if (c->state == NTP_WAITING && c->tries < NTP_TRIES && c->sent_ms + NTP_RETRY_MS < next)
		next = c->sent_ms + NTP_RETRY_MS;
	return next > now ? next - now : 0;
}

enum sntp_status ntp_reply(const char *host, const uint8_t *buf, size_t len, ntp_ts t1, ntp_ts t4, double *offset,
			   double *delay, char *why, size_t whylen)
{
	struct sntp_reply r;
	enum sntp_status st = sntp_parse(buf, len, t1, &r);

	if (st == SNTP_OK)
		sntp_offset(t1, r.t2, r.t3, t4, offset, delay);
	else if (st == SNTP_KISS)
		snprintf(why, whylen, "%s sent a kiss-o'-death (%s)", host, r.kiss);
	else
		snprintf(why, whylen, "%s: %s", host, sntp_status_text(st));
	return st;
}

void ntp_process(struct ntp_client *c, bool readable, int64_t now)
{
	uint8_t buf[512];
	char msg[400];
	ssize_t n;

	if (c->state == NTP_DONE || c->state == NTP_IDLE)
		return;
	while (readable && c->state == NTP_WAITING && (n = recv(c->fd, buf, sizeof buf, 0)) >= 0) {
		double offset, delay;
		enum sntp_status st = ntp_reply(c->host, buf, (size_t)n, c->t1, ntp_from_unix(wall_now()), &offset,
						&delay, msg, sizeof msg);
		if (st == SNTP_OK) {
			c->offset = offset;
			c->delay = delay;
			c->ok = true;
			c->error[0] = '\0';
			finish(c, NULL);
			return;
		}
		if (st == SNTP_KISS) {    /* the server tells us to stop asking */
			finish(c, msg);
			return;
		}
		snprintf(c->error, sizeof c->error, "%s", msg);   /* keep waiting */
	}
	if (c->state == NTP_RESOLVING && now >= c->deadline) {
		snprintf(c->error, sizeof c->error, "%s: no DNS answer in time", c->host);
		cut_note(c);
		finish(c, NULL);
		return;
	}
	if (c->state != NTP_WAITING)
		return;
	if (now >= c->deadline) {
		if (!c->error[0])
			snprintf(c->error, sizeof c->error, "no SNTP reply from %s (%s) in time", c->host, c->address);
		cut_note(c);
		finish(c, NULL);
	} else if (c->tries < NTP_TRIES && now >= c->sent_ms + NTP_RETRY_MS) {
		send_request(c, now);
	}
}

void ntp_close(struct ntp_client *c)
{
	if (c->state != NTP_DONE && c->state != NTP_IDLE)
		finish(c, "the run ended first");
}
