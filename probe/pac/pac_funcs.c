/* The helper functions written in C: those that resolve names or read
 * addresses, and the clock the time functions of pac_prelude.c read. Each
 * as Microsoft documents it:
 *   - the Netscape set: "JavaScript and JScript Auto-proxy Example Files"
 *     (https://learn.microsoft.com/en-us/previous-versions/windows/
 *     internet-explorer/ie-it-pro/internet-explorer-9/gg598604(v=technet.10))
 *     and AutoProxyHelperVtbl (https://learn.microsoft.com/en-us/windows/
 *     win32/api/wininet/ns-wininet-autoproxyhelpervtbl): dnsResolve and
 *     myIpAddress give one IPv4 address, isInNet resolves a host name first;
 *   - the IPv6 set: "IPv6-Aware Proxy Helper API Definitions" and its pages
 *     (https://learn.microsoft.com/en-us/windows/win32/winhttp/
 *     ipv6-aware-proxy-helper-api-definitions): dnsResolveEx and
 *     myIpAddressEx give every address, ';'-separated, IPv6 first, "" when
 *     there is none; isInNetEx takes a prefix length.
 * myIpAddress is not this machine's address but the Windows machine's:
 * env->client_ip, which the caller chooses. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "pac_ip.h"
#include "pac_js.h"

#define MAX_ADDRS 32
#define LIST_LEN (MAX_ADDRS * INET6_ADDRSTRLEN)

static const struct pac_job *job;

/* Argument I as a C string, or NULL when it is none (or has a NUL). */
static const char *arg(duk_context *ctx, int i)
{
	duk_size_t len;
	const char *s = duk_is_string(ctx, i) ? duk_get_lstring(ctx, i, &len) : NULL;

	return s && strlen(s) == len ? s : NULL;
}

/* HOST's addresses (AF_INET or AF_UNSPEC), ';'-separated in Windows'
 * order, into OUT; false when it has none. An address is its own answer. */
static bool addresses(const char *host, int family, char *out, size_t outlen)
{
	char addrs[MAX_ADDRS][INET6_ADDRSTRLEN], joined[LIST_LEN + MAX_ADDRS];
	size_t used = 0;
	int n;

	out[0] = '\0';
	if (!host || !(n = pac_dns_lookup(job, host, family, addrs, MAX_ADDRS)))
		return false;
	for (int i = 0; i < n; i++)
		used += (size_t)snprintf(joined + used, sizeof joined - used, "%s%s", i ? ";" : "", addrs[i]);
	return pac_ip_sort(joined, out, outlen) == 0;
}

static duk_ret_t js_dns_resolve(duk_context *ctx)
{
	char list[LIST_LEN];

	if (!addresses(arg(ctx, 0), AF_INET, list, sizeof list))
		duk_push_null(ctx);
	else
		duk_push_lstring(ctx, list, strcspn(list, ";"));
	return 1;
}

static duk_ret_t js_dns_resolve_ex(duk_context *ctx)
{
	char list[LIST_LEN];

	addresses(arg(ctx, 0), AF_UNSPEC, list, sizeof list);
	duk_push_string(ctx, list);
	return 1;
}

static duk_ret_t js_my_ip(duk_context *ctx)
{
	struct pac_ip ip;
	const char *mine = job->env->client_ip;

	duk_push_string(ctx, mine && pac_ip_parse(mine, strlen(mine), &ip) && ip.family == AF_INET ? mine
												     : "127.0.0.1");
	return 1;
}

static duk_ret_t js_my_ip_ex(duk_context *ctx)
{
	duk_push_string(ctx, job->env->client_ip ? job->env->client_ip : "");
	return 1;
}

static duk_ret_t js_is_in_net(duk_context *ctx)
{
	const char *host = arg(ctx, 0), *pattern = arg(ctx, 1), *mask = arg(ctx, 2);
	char list[LIST_LEN];
	struct pac_ip ip;
	bool in = false;

	if (host && pattern && mask &&
	    (pac_ip_parse(host, strlen(host), &ip) ||
	     (addresses(host, AF_INET, list, sizeof list) && pac_ip_parse(list, strcspn(list, ";"), &ip))))
		in = pac_ip_in_mask(&ip, pattern, mask);
	duk_push_boolean(ctx, in);
	return 1;
}

/* Any address of LIST (';'-separated) in PREFIX; -1 when LIST is not a list
 * of addresses. */
static int any_in(const char *list, const char *prefix)
{
	bool in = false;
	struct pac_ip ip;

	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ";");
		if (!pac_ip_parse(p, len, &ip))
			return -1;
		in = in || pac_ip_in_prefix(&ip, prefix);
		p += len;
		if (!*p)
			return in;
	}
}

static duk_ret_t js_is_in_net_ex(duk_context *ctx)
{
	const char *host = arg(ctx, 0), *prefix = arg(ctx, 1);
	char list[LIST_LEN];
	int in = 0;

	if (host && prefix && (in = any_in(host, prefix)) < 0)
		in = addresses(host, AF_UNSPEC, list, sizeof list) && any_in(list, prefix) > 0;
	duk_push_boolean(ctx, in > 0);
	return 1;
}

static duk_ret_t js_sort_list(duk_context *ctx)
{
	const char *list = arg(ctx, 0);
	char out[LIST_LEN];
	size_t len = list ? strlen(list) + 1 : 0;

	if (len > sizeof out) {          /* a long list: its own buffer */
		char *big = duk_push_fixed_buffer(ctx, len);
		duk_push_string(ctx, pac_ip_sort(list, big, len) == 0 ? big : "");
		return 1;
	}
	duk_push_string(ctx, list && pac_ip_sort(list, out, sizeof out) == 0 ? out : "");
	return 1;
}

/* [year, month 0-11, day 1-31, weekday 0-6 (Sunday 0), hour, minute,
 * second]: this machine's local time, or GMT when the argument is true. */
static duk_ret_t js_now(duk_context *ctx)
{
	time_t t = time(NULL);
	struct tm tm;
	const int *fields[] = { &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_wday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec };

	if (duk_to_boolean(ctx, 0) ? !gmtime_r(&t, &tm) : !localtime_r(&t, &tm))
		memset(&tm, 0, sizeof tm);
	duk_push_array(ctx);
	for (int i = 0; i < 7; i++) {
		duk_push_int(ctx, *fields[i] + (i == 0 ? 1900 : 0));
		duk_put_prop_index(ctx, -2, (duk_uarridx_t)i);
	}
	return 1;
}

static const duk_function_list_entry natives[] = {
	{ "dnsResolve", js_dns_resolve, 1 },
	{ "dnsResolveEx", js_dns_resolve_ex, 1 },
	{ "myIpAddress", js_my_ip, 0 },
	{ "myIpAddressEx", js_my_ip_ex, 0 },
	{ "isInNet", js_is_in_net, 3 },
	{ "isInNetEx", js_is_in_net_ex, 2 },
	{ "sortIpAddressList", js_sort_list, 1 },
	{ "__pacNow", js_now, 1 },
	{ NULL, NULL, 0 },
};

int pac_funcs_register(duk_context *ctx, const struct pac_job *the_job)
{
	job = the_job;
	tzset();
	duk_push_global_object(ctx);
	duk_put_function_list(ctx, -1, natives);
	duk_pop(ctx);
	duk_push_string(ctx, "pac-helpers");
	if (duk_pcompile_string_filename(ctx, 0, pac_prelude) != 0 || duk_pcall(ctx, 0) != DUK_EXEC_SUCCESS)
		return -1;
	duk_pop(ctx);
	return 0;
}
