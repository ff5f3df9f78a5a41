/* The error-code table. Numbers and names follow the Windows SDK headers
 * (winhttp.h, wuerror.h, bitsmsg.h); the fixes are ours. */
#include "codes.h"

#include <stddef.h>
#include <stdio.h>

static const struct wu_code table[] = {
	{ 0x80072EE2u, "ERROR_WINHTTP_TIMEOUT",
	  "A firewall or proxy drops the traffic silently: allow outbound TCP 80/443 to the update hosts, or route them through the proxy." },
	{ 0x80072EE7u, "ERROR_WINHTTP_NAME_NOT_RESOLVED",
	  "DNS does not answer this name: check the resolvers the machines use, DNS filtering and split-horizon zones." },
	{ 0x80072EEFu, "ERROR_WINHTTP_LOGIN_FAILURE",
	  "The proxy rejected the credentials: let the update hosts through without authentication." },
	{ 0x80072EFDu, "ERROR_WINHTTP_CANNOT_CONNECT",
	  "The connection is refused or unreachable: open outbound TCP to the host and port, or set the WinHTTP proxy (netsh winhttp set proxy)." },
	{ 0x80072EFEu, "ERROR_WINHTTP_CONNECTION_ERROR",
	  "Something on the path closes or resets the connection (IPS, firewall, proxy): exempt the update hosts from that inspection." },
	{ 0x80072F78u, "ERROR_WINHTTP_INVALID_SERVER_RESPONSE",
	  "The reply is not HTTP: a middlebox or a wrong service answers on this port; find what answers and route around it." },
	{ 0x80072F7Cu, "ERROR_WINHTTP_REDIRECT_FAILED",
	  "Redirects loop, exceed 5, or go from https to http: fix the proxy or captive portal that rewrites these requests." },
	{ 0x80072F96u, "ERROR_WINHTTP_HEADER_SIZE_OVERFLOW",
	  "The response headers are larger than WinHTTP accepts (64 KiB): find the proxy or server that inflates them." },
	{ 0x80072F86u, "ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT",
	  "The PAC script fails (syntax, run-time error, runaway): fix it; until then the clients go the static way (direct or the WinHTTP proxy)." },
	{ 0x80072F87u, "ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT",
	  "The PAC file cannot be fetched: serve it over http(s) with status 200 from where the clients reach it directly." },
	{ 0x80072F94u, "ERROR_WINHTTP_AUTODETECTION_FAILED",
	  "WPAD found no PAC: publish wpad.<suffix>/wpad.dat (and remove wpad from the DNS server's global query block list), or set the PAC URL by policy." },
	{ 0x80072F8Fu, "ERROR_WINHTTP_SECURE_FAILURE",
	  "The TLS 1.2 handshake or the certificate check fails: allow TLS 1.2, exempt the update hosts from TLS inspection, check the clock." },
	/* Secondary codes: the precise reason behind 0x80072F8F. */
	{ 0x80090331u, "SEC_E_ALGORITHM_MISMATCH",
	  "No TLS version or cipher suite in common: enable TLS 1.2 with the Windows suites on the server or middlebox." },
	{ 0x80090326u, "SEC_E_ILLEGAL_MESSAGE",
	  "The handshake was broken off or garbled: find the device on the path that answers or resets TLS." },
	{ 0x800B0101u, "CERT_E_EXPIRED",
	  "The certificate is outside its validity: renew it, or correct this machine's clock." },
	{ 0x800B010Fu, "CERT_E_CN_NO_MATCH",
	  "The certificate does not name the host: something else answers for this name (a proxy, a portal, a wrong DNS answer)." },
	{ 0x800B0109u, "CERT_E_UNTRUSTEDROOT",
	  "The chain ends in a root Windows does not trust, or in an inspection CA: exempt the update hosts from TLS inspection." },
	{ 0x800B010Au, "CERT_E_CHAINING",
	  "An intermediate certificate is missing and cannot be fetched: install the full chain on the server or allow its AIA URL." },
	{ 0x80244016u, "WU_E_PT_HTTP_STATUS_BAD_REQUEST",
	  "The server or a proxy rejects the request as malformed: check proxies that rewrite requests." },
	{ 0x80244017u, "WU_E_PT_HTTP_STATUS_DENIED",
	  "Authentication is demanded: the update hosts must be reachable without credentials." },
	{ 0x80244018u, "WU_E_PT_HTTP_STATUS_FORBIDDEN",
	  "Access is forbidden: allow the update hosts in the proxy's or filter's policy." },
	{ 0x80244019u, "WU_E_PT_HTTP_STATUS_NOT_FOUND",
	  "The path does not exist here: check the URL, a WSUS server's virtual directories, or a proxy that rewrites it." },
	{ 0x8024401Au, "WU_E_PT_HTTP_STATUS_BAD_METHOD",
	  "The method is refused: a proxy or filter blocks GET to this host." },
	{ 0x8024401Bu, "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ",
	  "The proxy demands authentication the update agent cannot give: let the update hosts through without proxy authentication." },
	{ 0x8024401Cu, "WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT",
	  "The server timed the request out: check the path's latency and any proxy in between." },
	{ 0x8024401Du, "WU_E_PT_HTTP_STATUS_CONFLICT",
	  "The server reports a conflict: retry later; if it persists, check the server." },
	{ 0x8024401Eu, "WU_E_PT_HTTP_STATUS_GONE",
	  "The resource is gone: update the endpoint list." },
	{ 0x8024401Fu, "WU_E_PT_HTTP_STATUS_SERVER_ERROR",
	  "The server failed (500): check the server, or the proxy that produced the error page." },
	{ 0x80244020u, "WU_E_PT_HTTP_STATUS_NOT_SUPPORTED",
	  "The server does not support the request (501): check proxies in between." },
	{ 0x80244021u, "WU_E_PT_HTTP_STATUS_BAD_GATEWAY",
	  "A gateway got no valid answer upstream (502): check the proxy's own route to the update hosts." },
	{ 0x80244022u, "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL",
	  "The service is unavailable (503): the server or a proxy is overloaded or refusing; check it, then retry." },
	{ 0x80244023u, "WU_E_PT_HTTP_STATUS_GATEWAY_TIMEOUT",
	  "A gateway timed out upstream (504): check the proxy's own route to the update hosts." },
	{ 0x80244024u, "WU_E_PT_HTTP_STATUS_VERSION_NOT_SUP",
	  "The HTTP version is refused (505): check proxies in between." },
	{ 0x8024402Bu, "WU_E_PT_HTTP_STATUS_NOT_MAPPED",
	  "An HTTP status the agent treats as failure: see the status and what produced it." },
	{ 0x80200053u, "BG_E_VALIDATION_FAILED",
	  "A filter replaced the download with something else (a block page): allow the download hosts in the web filter." },
	/* The download path: deliveryoptimizationerrors.h and bitsmsg.h. */
	{ 0x80D05011u, "DO_E_INSUFFICIENT_RANGE_SUPPORT",
	  "The proxy or server ignores Range and sends whole files: let HTTP range requests through to the download hosts (KB3175743), or set DODownloadMode 100 (bypass) to use BITS." },
	{ 0x80D05001u, "DO_E_HTTP_BLOCKSIZE_MISMATCH",
	  "A proxy answers a range with other bytes than asked: let HTTP range requests through unchanged (KB3175743), or bypass its cache for the download hosts." },
	{ 0x80200013u, "BG_E_INSUFFICIENT_RANGE_SUPPORT",
	  "The server or a proxy ignores Range, or strips Content-Range or Content-Length: let range requests through to the download hosts." },
	{ 0x80200011u, "BG_E_MISSING_FILE_SIZE",
	  "HEAD gives no Content-Length: BITS needs the file's size; find the proxy or server that drops it or refuses HEAD." },
	{ 0x8020001Bu, "BG_E_INVALID_SERVER_RESPONSE",
	  "A proxy answers a range with other bytes than asked: let range requests through unchanged, or bypass its cache for the download hosts." },
};

static const struct { int status; uint32_t code; } http_map[] = {
	{ 400, 0x80244016u }, { 401, 0x80244017u }, { 403, 0x80244018u },
	{ 404, 0x80244019u }, { 405, 0x8024401Au }, { 407, 0x8024401Bu },
	{ 408, 0x8024401Cu }, { 409, 0x8024401Du }, { 410, 0x8024401Eu },
	{ 500, 0x8024401Fu }, { 501, 0x80244020u }, { 502, 0x80244021u },
	{ 503, 0x80244022u }, { 504, 0x80244023u }, { 505, 0x80244024u },
};

const struct wu_code *wu_code_find(uint32_t code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return &table[i];
	return NULL;
}

uint32_t wu_code_for_http_status(int status)
{
	for (size_t i = 0; i < sizeof http_map / sizeof http_map[0]; i++)
		if (http_map[i].status == status)
			return http_map[i].code;
	return WU_HTTP_NOT_MAPPED;
}

const struct wu_code *wu_code_table(unsigned *count)
{
	*count = (unsigned)(sizeof table / sizeof table[0]);
	return table;
}

void wu_code_format(uint32_t code, char buf[11])
{
	snprintf(buf, 11, "0x%08X", (unsigned)code);
}
