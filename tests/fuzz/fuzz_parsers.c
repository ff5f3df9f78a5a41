/* libFuzzer target for every parser of untrusted input: the first byte picks
 * the parser, the rest is its input. Build and run with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "httpdate.h"
#include "options.h"
#include "proxy.h"
#include "proxy_import.h"
#include "redact.h"
#include "sntp.h"
#include "url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *s;
	const uint8_t *d = data + 1;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	if (!(s = malloc(n + 1)))
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';

	switch (data[0] % 7) {
	case 0: {
		struct config c;
		if (config_parse("fuzz.conf", (const char *)d, n, &c, err, sizeof err) == 0)
			config_free(&c);
		break;
	}
	case 1: {
		struct proxy_model m = { 0 };
		proxy_import_text(&m, d, n, "fuzz", err, sizeof err);
		proxy_model_free(&m);
		break;
	}
	case 2: {
		time_t t;
		httpdate_parse((const char *)d, n, &t);
		break;
	}
	case 3: {
		struct sntp_reply r;
		double off, delay;
		if (sntp_parse(d, n, 0, &r) == SNTP_OK)
			sntp_offset(0, r.t2, r.t3, 0, &off, &delay);
		break;
	}
	case 4: {
		struct url u;
		char out[URL_MAX_LEN + 300];
		if (url_parse((const char *)d, n, &u, err, sizeof err) == 0)
			url_format(&u, out, sizeof out);
		redact((const char *)d, n, out, sizeof out);
		break;
	}
	case 5: {
		struct proxy_model m = { 0 };
		struct url u;
		if (proxy_parse_list(&m, s, err, sizeof err) == 0 && proxy_parse_bypass(&m, s, err, sizeof err) == 0 &&
		    url_parse("https://a.example/", 18, &u, err, sizeof err) == 0)
			proxy_for(&m, &u);
		proxy_bypassed(&m, s);
		proxy_model_free(&m);
		break;
	}
	case 6: {
		char out[512];
		options_dns_servers(s, out, sizeof out);
		break;
	}
	}
	free(s);
	return 0;
}
