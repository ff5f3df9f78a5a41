/* Addresses for the PAC helper functions: parsing, subnets, and the order
 * Windows sorts them in (pac_ip.c). Pure functions, no DNS. */
#ifndef WUPROBE_PAC_IP_H
#define WUPROBE_PAC_IP_H

#include <stdbool.h>
#include <stddef.h>

struct pac_ip {
	int family;                /* AF_INET or AF_INET6 */
	unsigned char a[16];       /* 4 or 16 bytes, network order */
};

/* TEXT (LEN bytes): a dotted quad, or an IPv6 address with an optional
 * "%zone" (ignored). False for anything else. */
bool pac_ip_parse(const char *text, size_t len, struct pac_ip *ip);

/* isInNet: IP (IPv4) matches PATTERN under MASK, both dotted quads. False
 * when either is malformed or IP is IPv6. */
bool pac_ip_in_mask(const struct pac_ip *ip, const char *pattern, const char *mask);

/* isInNetEx: IP lies in PREFIX ("198.95.0.0/16", "3ffe:8311:ffff::/48").
 * False when the prefix is malformed or of the other family. */
bool pac_ip_in_prefix(const struct pac_ip *ip, const char *prefix);

/* sortIpAddressList: the ';'-separated addresses of LIST (spaces around
 * them allowed) into OUT, ';'-separated, in Windows' order. -1 (OUT empty)
 * when LIST is empty, an entry is no address, or OUT is too small. */
int pac_ip_sort(const char *list, char *out, size_t outlen);

/* The comparison pac_ip_sort uses: < 0 when A comes before B. */
int pac_ip_order(const struct pac_ip *a, const struct pac_ip *b);

#endif
