/* The command line (options_parse): argv is the input split at NUL bytes.
 * --help and --version print to stdout and return; make fuzz closes stdout.
 * Each call stands alone: the same argv parsed twice gives the same result,
 * whatever came before. Errors are one line, and a password on the command
 * line ("--proxy-pass...=VALUE") never reaches them. */
#include "fuzz.h"
#include "options.h"

#define MAX_ARGS 64

struct parsed {
	char *copy, *argv[MAX_ARGS + 2];
	int argc, rc;
	struct options o;
	char err[512];
};

static void parse(struct parsed *p, const uint8_t *data, size_t size)
{
	if (!(p->copy = fuzz_str(data, size)))
		abort();
	p->argv[0] = "wuprobe";
	p->argc = 1 + (int)fuzz_split(p->copy, size, p->argv + 1, MAX_ARGS);
	p->argv[p->argc] = NULL;
	p->err[0] = '\0';
	p->rc = options_parse(p->argc, p->argv, &p->o, p->err, sizeof p->err);
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same(const struct parsed *a, const struct parsed *b)
{
	const struct options *x = &a->o, *y = &b->o;

	if (a->rc != b->rc || strcmp(a->err, b->err) != 0)
		return false;
	return a->rc != OPT_RUN ||
	       (same_str(x->config, y->config) && x->format == y->format && same_str(x->output, y->output) &&
		same_str(x->json_file, y->json_file) && x->timeout_s == y->timeout_s && x->parallel == y->parallel &&
		strcmp(x->dns_servers, y->dns_servers) == 0 && same_str(x->ca_bundle, y->ca_bundle) &&
		x->quiet == y->quiet && x->verbose == y->verbose && same_str(x->proxy_list, y->proxy_list) &&
		same_str(x->bypass_list, y->bypass_list) && x->nproxy_from == y->nproxy_from &&
		same_str(x->proxy_from[0], y->proxy_from[0]) && same_str(x->proxy_from[1], y->proxy_from[1]) &&
		same_str(x->pac, y->pac) && x->wpad == y->wpad && same_str(x->domain, y->domain) &&
		same_str(x->client_ip, y->client_ip) &&
		x->proxy_env == y->proxy_env && same_str(x->proxy_user, y->proxy_user) &&
		same_str(x->proxy_password_file, y->proxy_password_file) && same_str(x->ntp, y->ntp) &&
		x->no_ntp == y->no_ntp && x->max_skew == y->max_skew);
}

/* True when S is also part of an argument other than the I-th: a message
 * may show it from there. */
static bool elsewhere(const struct parsed *p, int i, const char *s)
{
	for (int k = 1; k < p->argc; k++)
		if (k != i && strstr(p->argv[k], s))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parsed *a = calloc(1, sizeof *a), *b = calloc(1, sizeof *b);

	if (!a || !b)
		abort();
	parse(a, data, size);
	parse(b, data, size);
	FUZZ_CHECK(same(a, b));
	FUZZ_CHECK(a->rc == OPT_RUN || a->rc == OPT_EXIT_OK || a->rc == OPT_ERROR);
	if (a->rc == OPT_ERROR) {
		FUZZ_CHECK(a->err[0] != '\0' && fuzz_one_line(a->err));
		for (int i = 1; i < a->argc && strcmp(a->argv[i], "--") != 0; i++) {
			const char *eq = strchr(a->argv[i], '=');
			if (strncmp(a->argv[i], "--proxy-pass", 12) == 0 && eq && eq[1] && !elsewhere(a, i, eq) &&
			    strncmp(a->argv[i], "--proxy-password-file=", 22) != 0)
				FUZZ_CHECK(strstr(a->err, eq) == NULL);
		}
	}
	free(a->copy);
	free(b->copy);
	free(a);
	free(b);
	return 0;
}
