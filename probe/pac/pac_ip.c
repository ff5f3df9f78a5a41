/* Addresses for the PAC helper functions. isInNet compares under a dotted
 * mask, isInNetEx under a prefix length ("isInNetEx function",
 * https://learn.microsoft.com/en-us/windows/win32/winhttp/isinnetex: FALSE
 * for a malformed prefix or an address of the other family).
 *
 * sortIpAddressList ("sortIpAddressList function",
 * https://learn.microsoft.com/en-us/windows/win32/winhttp/sortipaddresslist)
 * puts the IPv6 addresses before the IPv4 ones, each sorted; its example
 * puts fe80::5efe:157.59.139.22 before 2001:4898:28:3:201:2ff:feea:fc14.
 * Windows sorts destinations by RFC 6724 with its own prefix policy table
 * (netsh interface ipv6 show prefixpolicies); of the rules, only those that
 * need no source address apply here: higher precedence first (rule 6), then
 * smaller scope (rule 8), then the order given. That reproduces the example:
 * both have precedence 40, the link-local one has the smaller scope. */
#include "pac_ip.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

bool pac_ip_parse(const char *text, size_t len, struct pac_ip *ip)
{
	char buf[64];
	const char *zone;

	if (len == 0 || len >= sizeof buf || memchr(text, '\0', len))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	if (strchr(buf, ':')) {
		if ((zone = strchr(buf, '%')) != NULL) {
			if (zone[1] == '\0')
				return false;
			buf[zone - buf] = '\0';
		}
		ip->family = AF_INET6;
		return inet_pton(AF_INET6, buf, ip->a) == 1;
	}
	ip->family = AF_INET;
	return inet_pton(AF_INET, buf, ip->a) == 1;
}

bool pac_ip_in_mask(const struct pac_ip *ip, const char *pattern, const char *mask)
{
	unsigned char p[4], m[4];

	if (ip->family != AF_INET || inet_pton(AF_INET, pattern, p) != 1 || inet_pton(AF_INET, mask, m) != 1)
		return false;
	for (int i = 0; i < 4; i++)
		if ((ip->a[i] & m[i]) != (p[i] & m[i]))
			return false;
	return true;
}

static bool prefix_match(const unsigned char *a, const unsigned char *b, unsigned bits)
{
	unsigned whole = bits / 8, rest = bits % 8;

	if (memcmp(a, b, whole) != 0)
		return false;
	return rest == 0 || ((a[whole] ^ b[whole]) & (0xFF00 >> rest) & 0xFF) == 0;
}

bool pac_ip_in_prefix(const struct pac_ip *ip, const char *prefix)
{
	const char *slash = strrchr(prefix, '/');
	struct pac_ip net;
	unsigned bits = 0;
	size_t ndigits;

	if (!slash || !pac_ip_parse(prefix, (size_t)(slash - prefix), &net) || net.family != ip->family)
		return false;
	ndigits = strlen(slash + 1);
	if (ndigits == 0 || ndigits > 3 || strspn(slash + 1, "0123456789") != ndigits)
		return false;
	bits = (unsigned)atoi(slash + 1);
	if (bits > (ip->family == AF_INET ? 32u : 128u))
		return false;
	return prefix_match(ip->a, net.a, bits);
}

/* Windows' default prefix policy table (Windows 8.1 and later, as RFC 6724
 * recommends): the longest matching prefix gives the precedence. IPv4
 * addresses count as ::ffff:0:0/96. */
static const struct {
	unsigned char prefix[16];
	unsigned bits, precedence;
} policy[] = {
	{ { [15] = 1 }, 128, 50 },                                  /* ::1/128 */
	{ { [10] = 0xff, [11] = 0xff }, 96, 35 },                   /* ::ffff:0:0/96 */
	{ { 0x20, 0x02 }, 16, 30 },                                 /* 2002::/16 */
	{ { 0x20, 0x01 }, 32, 5 },                                  /* 2001::/32 */
	{ { 0xfc }, 7, 3 },                                         /* fc00::/7 */
	{ { 0xfe, 0xc0 }, 10, 1 },                                  /* fec0::/10 */
	{ { 0x3f, 0xfe }, 16, 1 },                                  /* 3ffe::/16 */
	{ { 0 }, 96, 1 },                                           /* ::/96 */
	{ { 0 }, 0, 40 },                                           /* ::/0 */
};

static unsigned precedence(const struct pac_ip *ip)
{
	unsigned best_bits = 0, best = 40;

	if (ip->family == AF_INET)
		return 35;
	for (size_t i = 0; i < sizeof policy / sizeof policy[0]; i++)
		if (policy[i].bits >= best_bits && prefix_match(ip->a, policy[i].prefix, policy[i].bits)) {
			best_bits = policy[i].bits;
			best = policy[i].precedence;
		}
	return best;
}

/* RFC 6724 section 3.1 and 3.2: 2 link-local (and loopback), 5 site-local,
 * 14 global; multicast says its own. */
static unsigned scope(const struct pac_ip *ip)
{
	static const unsigned char loop6[16] = { [15] = 1 };

	if (ip->family == AF_INET)
		return ip->a[0] == 127 || (ip->a[0] == 169 && ip->a[1] == 254) ? 2 : 14;
	if (ip->a[0] == 0xff)
		return ip->a[1] & 0x0f;
	if (ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0x80)
		return 2;
	if (ip->a[0] == 0xfe && (ip->a[1] & 0xc0) == 0xc0)
		return 5;
	return memcmp(ip->a, loop6, 16) == 0 ? 2 : 14;
}

int pac_ip_order(const struct pac_ip *a, const struct pac_ip *b)
{
	unsigned pa, pb, sa, sb;

	if (a->family != b->family)
		return a->family == AF_INET6 ? -1 : 1;
	pa = precedence(a), pb = precedence(b);
	if (pa != pb)
		return pa > pb ? -1 : 1;
	sa = scope(a), sb = scope(b);
	return sa < sb ? -1 : sa > sb ? 1 : 0;
}

struct item {
	struct pac_ip ip;
	const char *text;
	size_t len, index;
};

static int by_order(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	int c = pac_ip_order(&a->ip, &b->ip);

	return c ? c : a->index < b->index ? -1 : 1;   /* stable: as given */
}

int pac_ip_sort(const char *list, char *out, size_t outlen)
{
	static const char space[] = " \t\r\n";
	size_t cap = 1, n = 0, used = 0;
	struct item *items;
	int rc = -1;

	if (outlen)
		out[0] = '\0';
	for (const char *p = list; *p; p++)
		cap += *p == ';';
	if (!(items = calloc(cap, sizeof *items)))
		return -1;
	for (const char *p = list;;) {
		size_t len = strcspn(p, ";");
		const char *t = p + strspn(p, space);
		size_t tlen = len - (size_t)(t - p);
		while (tlen && strchr(space, t[tlen - 1]))
			tlen--;
		if (tlen) {
			if (!pac_ip_parse(t, tlen, &items[n].ip))
				goto out;
			items[n].text = t, items[n].len = tlen, items[n].index = n;
			n++;
		}
		p += len;
		if (!*p)
			break;
		p++;
	}
	if (n == 0)
		goto out;
	qsort(items, n, sizeof *items, by_order);
	for (size_t i = 0; i < n; i++) {
		if (used + (i > 0) + items[i].len >= outlen)
			goto out;
		if (i)
			out[used++] = ';';
		memcpy(out + used, items[i].text, items[i].len);
		used += items[i].len;
	}
	out[used] = '\0';
	rc = 0;
out:
	if (rc && outlen)
		out[0] = '\0';
	free(items);
	return rc;
}
