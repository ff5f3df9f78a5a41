/* A handle's route: where its connection goes (the addresses c-ares gave,
 * pinned with CURLOPT_RESOLVE) and through which proxy, with the run's
 * credentials. Every handle of an endpoint (the exchange, the TLS 1.3
 * handshake, an AIA fetch) takes its route this way. A leaf. */
#ifndef WUPROBE_ROUTE_H
#define WUPROBE_ROUTE_H

#include <curl/curl.h>

#include "proxy.h"

struct user_proxy;

/* What a handle answers a proxy's challenge with: the run's credentials
 * (NULL user: none), and the schemes a user's Internet Options leave it
 * (DisableProxyAuthenticationSchemes; NULL settings: all four). */
struct route_auth {
	const char *user;
	const char *password;
	const struct user_proxy *settings;
};

/* A CURLOPT_RESOLVE list that pins HOST:PORT to the addresses in CSV
 * ("a,[v6]", as resolver_addresses writes it): the connection goes exactly
 * where c-ares said. NULL when CSV is empty (or out of memory). */
struct curl_slist *route_resolve(const char *host, unsigned port, const char *csv);

/* Sets the route on a handle: the proxy PX with AUTH, or direct (NULL).
 * Returns 0, or -1 when libcurl could not take it. */
int route_apply(CURL *e, const struct proxy_server *px, const struct route_auth *auth);

#endif
