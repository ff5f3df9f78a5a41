/* The descriptor budget. A run that needs more descriptors than the process
 * may open would see EMFILE on sockets and, without this, report refused
 * connections and unanswered lookups that are not there. What the system
 * allows comes from fdlimit.h (the system's part). */
#include "fdbudget.h"

#include "fdlimit.h"

size_t fd_budget_fit(long limit, long open, size_t requested)
{
	long room = limit - open - FD_RESERVE;
	size_t fit = room > 0 ? (size_t)(room / FD_PER_ENDPOINT) : 0;

	return fit < requested ? fit : requested;
}

void fd_budget_init(struct fd_budget *b, size_t requested)
{
	b->limit = fd_limit_raise();
	b->open = fd_count_open();
	b->parallel = fd_budget_fit(b->limit, b->open, requested);
}
