/* A transfer's route on a libcurl handle: a proxy (with the run's
 * credentials) or none. Every handle of an endpoint (the exchange, the
 * TLS 1.3 handshake, an AIA fetch) takes the same route this way. */
#include <stdio.h>

#include "route.h"
#include "result.h"
#include "user_settings.h"

struct curl_slist *route_resolve(const char *host, unsigned port, const char *csv)
{
	char entry[URL_HOST_MAX + 16 + RESULT_MAX_ADDRS * (RESULT_ADDR_LEN + 3)];

	if (!csv || !*csv)
		return NULL;
	snprintf(entry, sizeof entry, "%s:%u:%s", host, port, csv);
	return curl_slist_append(NULL, entry);
}

/* The schemes WinHTTP may answer a proxy's challenge with: all four, less
 * those DisableProxyAuthenticationSchemes turns off (Kerberos goes with
 * Negotiate, which carries it). */
static unsigned long auth_schemes(const struct user_proxy *u)
{
	unsigned long m = CURLAUTH_BASIC | CURLAUTH_DIGEST | CURLAUTH_NTLM | CURLAUTH_NEGOTIATE;

	if (!u || !u->has_disable_auth)
		return m;
	if (u->disable_auth_schemes & AUTH_OFF_BASIC)
		m &= ~CURLAUTH_BASIC;
	if (u->disable_auth_schemes & AUTH_OFF_DIGEST)
		m &= ~CURLAUTH_DIGEST;
	if (u->disable_auth_schemes & AUTH_OFF_NTLM)
		m &= ~CURLAUTH_NTLM;
	if (u->disable_auth_schemes & (AUTH_OFF_NEGOTIATE | AUTH_OFF_KERBEROS))
		m &= ~CURLAUTH_NEGOTIATE;
	return m ? m : CURLAUTH_ONLY;   /* none left: answer no challenge */
}

int route_apply(CURL *e, const struct proxy_server *px, const struct route_auth *auth)
{
	char hostport[URL_HOST_MAX + 16], purl[URL_HOST_MAX + 32];
	bool ok = true;

	if (!px)   /* direct: ignore the *_proxy variables */
		return curl_easy_setopt(e, CURLOPT_PROXY, "") == CURLE_OK ? 0 : -1;
	proxy_server_format(px, hostport, sizeof hostport);
	snprintf(purl, sizeof purl, "http://%s", hostport);
	ok &= curl_easy_setopt(e, CURLOPT_PROXY, purl) == CURLE_OK;   /* HTTPS through CONNECT, HTTP as a proxy request */
	ok &= curl_easy_setopt(e, CURLOPT_PROXYTYPE, (long)CURLPROXY_HTTP) == CURLE_OK;
	if (auth->user) {
		ok &= curl_easy_setopt(e, CURLOPT_PROXYUSERNAME, auth->user) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_PROXYPASSWORD, auth->password) == CURLE_OK;
		ok &= curl_easy_setopt(e, CURLOPT_PROXYAUTH, (long)auth_schemes(auth->settings)) == CURLE_OK;
	}
	return ok ? 0 : -1;
}
