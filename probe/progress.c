/* Progress on stderr while endpoints are pending: done/total and the
 * endpoint that has been waiting longest, or, once they are all done, the
 * seconds SNTP still has. Only on a terminal, at most four times a second,
 * and erased when the run ends. */
#include "progress.h"

#include <stdio.h>

#include "clock.h"
#include "endpoint.h"
#include "loop.h"
#include "ntp.h"

#define PROGRESS_EVERY_MS 250

void progress_show(struct probe *p, int64_t now)
{
	const struct endpoint *slow = NULL;
	const struct ntp_client *ntp = p->sh.opts->ntp;

	if (!p->sh.opts->progress || now - p->progress_ms < PROGRESS_EVERY_MS)
		return;
	p->progress_ms = now;
	for (size_t i = 0; i < p->next; i++) {
		const struct endpoint *ep = &p->sh.eps[i];
		if (ep->state != EP_DONE && ep->state != EP_WAITING && (!slow || ep->started < slow->started))
			slow = ep;
	}
	fprintf(stderr, "\r\033[Kwuprobe: %zu/%zu done", p->sh.done, p->sh.n);
	if (slow)
		fprintf(stderr, ", waiting longest on %.60s (%.1f s)", slow->conf->url, (now - slow->started) / 1000.0);
	else if (ntp && ntp->state != NTP_DONE && ntp->state != NTP_IDLE)   /* only SNTP is left */
		fprintf(stderr, ", waiting for SNTP (%lld s left)",
			(long long)(ntp->deadline > now ? (ntp->deadline - now + 999) / 1000 : 0));
	fflush(stderr);
	p->progress_shown = true;
}

void progress_clear(struct probe *p)
{
	if (p->progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}
