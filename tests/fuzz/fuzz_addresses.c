/* c-ares' answer turned into the address list and libcurl's RESOLVE list
 * (resolver_addresses), which leaves sinkholes out of the CSV. The input: how many addresses to keep (1-16) and
 * the CSV buffer's size (1-256), then nodes: a byte (odd: IPv6) and 4 or 16
 * address bytes. The CSV buffer has exactly that size, so ASan sees any
 * write past it. */
#include <arpa/inet.h>
#include <netinet/in.h>

#include "fuzz.h"
#include "ares_util.h"
#include "sinkhole.h"

#define MAX_NODES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ares_addrinfo ai = { 0 };
	struct ares_addrinfo_node nodes[MAX_NODES], **tail = &ai.nodes;
	char (*addrs)[RESULT_ADDR_LEN], *csv;
	size_t at = 2, k = 0, max, csvlen;
	int n;

	if (size < 2)
		return 0;
	max = (size_t)(data[0] % 16) + 1;
	csvlen = (size_t)data[1] + 1;
	memset(nodes, 0, sizeof nodes);
	while (k < MAX_NODES && at < size) {
		struct ares_addrinfo_node *node = &nodes[k];
		bool v6 = data[at] & 1;
		size_t alen = v6 ? 16 : 4;
		if (at + 1 + alen > size)
			break;
		if (v6) {
			struct sockaddr_in6 *sa = calloc(1, sizeof *sa);
			if (!sa)
				abort();
			sa->sin6_family = AF_INET6;
			memcpy(&sa->sin6_addr, data + at + 1, 16);
			node->ai_addr = (struct sockaddr *)sa;
			node->ai_addrlen = sizeof *sa;
		} else {
			struct sockaddr_in *sa = calloc(1, sizeof *sa);
			if (!sa)
				abort();
			sa->sin_family = AF_INET;
			memcpy(&sa->sin_addr, data + at + 1, 4);
			node->ai_addr = (struct sockaddr *)sa;
			node->ai_addrlen = sizeof *sa;
		}
		node->ai_family = v6 ? AF_INET6 : AF_INET;
		*tail = node;
		tail = &node->ai_next;
		at += 1 + alen;
		k++;
	}
	if (!(addrs = malloc(max * sizeof *addrs)) || !(csv = malloc(csvlen)))
		abort();
	n = resolver_addresses(&ai, addrs, (int)max, csv, csvlen);
	FUZZ_CHECK(n >= 0 && (size_t)n <= max && (size_t)n <= k && strlen(csv) < csvlen);
	/* Each address is valid and distinct, and the CSV lists exactly them,
	 * in order, but for DNS filters' sinkholes (never connected to). */
	const char *p = csv;
	bool first = true;
	for (int i = 0; i < n; i++) {
		unsigned char bin[16];
		size_t len = strlen(addrs[i]);
		bool v6 = strchr(addrs[i], ':') != NULL;
		FUZZ_CHECK(inet_pton(v6 ? AF_INET6 : AF_INET, addrs[i], bin) == 1);
		for (int j = 0; j < i; j++)
			FUZZ_CHECK(strcmp(addrs[i], addrs[j]) != 0);
		if (sinkhole_text(addrs[i]))
			continue;
		if (!first)
			FUZZ_CHECK(*p++ == ',');
		first = false;
		if (v6)
			FUZZ_CHECK(*p++ == '[');
		FUZZ_CHECK(strncmp(p, addrs[i], len) == 0);
		p += len;
		if (v6)
			FUZZ_CHECK(*p++ == ']');
	}
	FUZZ_CHECK(*p == '\0');
	free(addrs);
	free(csv);
	for (size_t i = 0; i < k; i++)
		free(nodes[i].ai_addr);
	return 0;
}
