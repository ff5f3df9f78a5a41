/* A small driver for the PAC download and the WPAD walk, run against the lab
 * by tests/integration/test_pac_fetch.py (built with the sanitizers).
 *   pacfetch_try [-d DNS_SERVERS] [-t SECONDS] [-c CA_FILE] load URL|PATH
 *   pacfetch_try [-d DNS_SERVERS] [-t SECONDS] [-c CA_FILE] wpad [DOMAIN]
 * Prints "name:", "note:", "bytes:" and the script after "--", or "error:";
 * for wpad first one "try:" line per name and "found:". Exit 0 loaded,
 * 1 not, 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pac_fetch.h"
#include "wpad.h"

static void print_script(const struct pac_script *s)
{
	printf("name: %s\n", s->name);
	if (s->note[0])
		printf("note: %s\n", s->note);
	printf("bytes: %zu\n--\n", s->len);
	fwrite(s->text, 1, s->len, stdout);
}

int main(int argc, char **argv)
{
	struct pac_fetch_env env = { .timeout_s = 3 };
	struct pac_script s;
	char err[1024];
	int opt, rc;

	while ((opt = getopt(argc, argv, "d:t:c:")) != -1) {
		if (opt == 'd')
			env.dns_servers = optarg;
		else if (opt == 't')
			env.timeout_s = atof(optarg);
		else if (opt == 'c')
			env.ca_file_or_null = optarg;
		else
			return 2;
	}
	if (optind + 2 == argc && strcmp(argv[optind], "load") == 0) {
		rc = pac_load(argv[optind + 1], &env, &s, err, sizeof err);
	} else if ((optind + 1 == argc || optind + 2 == argc) && strcmp(argv[optind], "wpad") == 0) {
		struct wpad_report *rep = malloc(sizeof *rep);
		if (!rep)
			return 2;
		rc = wpad_discover(optind + 2 == argc ? argv[optind + 1] : NULL, &env, rep, &s, err, sizeof err);
		printf("domain: %s\n", rep->domain);
		for (size_t i = 0; i < rep->ntries; i++)
			printf("try: %s %s -> %s\n", rep->tries[i].name, rep->tries[i].url, rep->tries[i].outcome);
		printf("found: %s\n", rep->found_url);
		printf("limits: %s\n", WPAD_NOTE);
		free(rep);
	} else {
		fprintf(stderr, "usage: pacfetch_try [-d DNS] [-t S] [-c CA] load URL|PATH | wpad [DOMAIN]\n");
		return 2;
	}
	if (rc) {
		printf("error: %s\n", err);
		return 1;
	}
	print_script(&s);
	pac_script_free(&s);
	return 0;
}
