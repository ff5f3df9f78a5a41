/* The addresses DNS filters answer for a name they block ("sinkholes").
 * Pi-hole, AdGuard, Windows' own hosts-file blockers and most filtering
 * resolvers answer a blocked name with 0.0.0.0 (or ::), some with 127.0.0.1
 * (or ::1). A Windows client cannot connect to 0.0.0.0 (connect fails with
 * WSAEADDRNOTAVAIL, which WinHTTP reports as ERROR_WINHTTP_CANNOT_CONNECT,
 * 0x80072EFD), and at 127.0.0.1 it reaches only itself. This machine must
 * not connect there either: on Linux 0.0.0.0 lands on its own loopback, so
 * a server of the probing machine would answer for the update host.
 * Other loopback addresses are ordinary (no filter answers with them, and
 * the lab simulates the network on them), and so are private ranges (split
 * DNS to an internal cache is legitimate). Only names from DNS or a hosts
 * file are checked: an address the user writes is what the user means. */
#ifndef WUPROBE_SINKHOLE_H
#define WUPROBE_SINKHOLE_H

#include <stdbool.h>

/* True when ADDR (a struct in_addr for AF_INET, in6_addr for AF_INET6) is
 * a sinkhole: 0.0.0.0/8 or 127.0.0.1, :: or ::1, or an IPv4-mapped form of
 * those (::ffff:0.0.0.0/104, ::ffff:127.0.0.1). */
bool sinkhole_addr(int family, const void *addr);

/* The same for a numeric address as text ("0.0.0.0", "::1", no brackets);
 * false for anything that is not a numeric address. */
bool sinkhole_text(const char *addr);

/* What a Windows client meets at the sinkhole ADDR, for a verdict's detail:
 * "cannot connect to it" or "reaches only itself there". */
const char *sinkhole_meaning(const char *addr);

#endif
