/* The result record's storage. A list may hold 10,000 endpoints and every
 * record lives until the reports are written, so the record keeps its
 * message and its addresses at their size, on the heap, not in fixed
 * arrays (512 and 368 bytes a record, most of them unused). */
#include "result.h"

#include "fault.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the record says when the message itself could not be stored. */
static char no_memory[] = "(this machine ran out of memory for this message)";

const char *status_name(enum v_status s)
{
	static const char *const names[] = { "ok", "warn", "fail", "error" };
	return names[s];
}

const char *stage_name(enum v_stage s)
{
	static const char *const names[] = { "dns", "connect", "tls", "http", "content" };
	return names[s];
}

const struct chain_summary *result_chain(const struct result *r)
{
	return r->chain ? r->chain : &chain_summary_none;
}

const char *result_message(const struct result *r)
{
	return r->message ? r->message : "";
}

static void drop_message(struct result *r)
{
	if (r->message != no_memory)
		free(r->message);
	r->message = NULL;
}

static void store(struct result *r, const char *text)
{
	char *m = text[0] && !fault_at("result_message") ? strdup(text) : NULL;

	drop_message(r);
	r->message = m || !text[0] ? m : no_memory;
}

void result_say(struct result *r, const char *fmt, ...)
{
	char buf[RESULT_MESSAGE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	store(r, buf);
}

void result_append(struct result *r, const char *fmt, ...)
{
	char buf[RESULT_MESSAGE_MAX];
	size_t l = (size_t)snprintf(buf, sizeof buf, "%s", result_message(r));
	va_list ap;

	if (l >= sizeof buf)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + l, sizeof buf - l, fmt, ap);
	va_end(ap);
	store(r, buf);
}

int result_set_addrs(struct result *r, char (*addrs)[RESULT_ADDR_LEN], int n)
{
	free(r->addrs);
	r->addrs = NULL;
	r->naddrs = 0;
	if (n <= 0)
		return 0;
	if (fault_at("result_addrs") || !(r->addrs = malloc((size_t)n * sizeof *r->addrs)))
		return -1;
	memcpy(r->addrs, addrs, (size_t)n * sizeof *r->addrs);
	r->naddrs = n;
	return 0;
}

void result_free(struct result *r)
{
	drop_message(r);
	free(r->addrs);
	r->addrs = NULL;
	r->naddrs = 0;
	free(r->chain);
	r->chain = NULL;
	free(r->route.pac_failed);
	r->route.pac_failed = NULL;
	free(r->date.host);
	r->date.host = NULL;
}
