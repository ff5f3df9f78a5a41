/* The table --explain reads: every code of Microsoft's "Windows Update
 * common errors and mitigation" page [COMMON], and the WinHTTP, Windows
 * Update, BITS and Delivery Optimization codes of the SDK headers. Numbers
 * and names follow the headers (winhttp.h, wuerror.h, bitsmsg.h,
 * deliveryoptimizationerrors.h, winerror.h); the words are ours. The source
 * tags are listed in docs/explain.md. A code codes.c also has keeps codes.c's
 * name (a unit test checks), and --explain prints codes.c's fix beside it. */
#include "notes.h"

#include <stddef.h>
#include <strings.h>

#define NET NOTE_NETWORK
#define SRV NOTE_SERVER
#define MAC NOTE_MACHINE

#define RUN         "wuprobe --proxy-from proxy.txt"
#define RUN_PLAIN   "wuprobe -c endpoints.conf"
#define RUN_WSUS    "wuprobe --policy-from policy.txt"
#define CK_CONNECT  "the TCP connect of every endpoint, direct or through the proxy the route names"
#define CK_TLS      "the TLS 1.2 handshake with Windows' cipher suites and the chain checked as Windows checks it (roots, pinning, AIA), with this machine's clock checked against SNTP"
#define CK_HTTP     "the HTTP status of every endpoint's request, and of the proxy's own answer"
#define CK_CAB      "the body of every cab and JSON endpoint, checked to be what it should be (not a block page)"
#define CK_RANGE    "the download path: HEAD and Range requests as Delivery Optimization and BITS send them"
#define DISM        "Repair the component store: DISM /Online /Cleanup-Image /ScanHealth, then /CheckHealth, then /RestoreHealth, then sfc /scannow, and restart."
#define CBS_SLOW    "The servicing stack's watchdog gave up on a slow operation: give the machine more CPU and memory (a virtual machine more vCPUs and memory), and install KB4493473 or later."

static const struct code_note table[] = {
	/* WinHTTP (facility 7: 0x80070000 + the ERROR_WINHTTP_* number). */
	{ 0x80072EE2u, "ERROR_WINHTTP_TIMEOUT", "WININET_E_TIMEOUT", NET,
	  "No answer in time: no SYN-ACK, no TLS answer, or no HTTP response.",
	  "Check that the machine reaches its update source (WSUS, Configuration Manager, or Microsoft's endpoints: windowsupdate.microsoft.com, *.update.microsoft.com, *.windowsupdate.com, download.microsoft.com, ...).",
	  "COMMON", "the connect, TLS handshake and first byte of every endpoint against --timeout", RUN },
	{ 0x80072EE7u, "ERROR_WINHTTP_NAME_NOT_RESOLVED", NULL, NET,
	  "A name does not resolve (the host's or the proxy's): no such name, no data, SERVFAIL, or no DNS server.",
	  "Check the DNS servers the machine uses, DNS filtering and split-horizon zones.",
	  "WINHTTP", "the DNS lookup of every host and of the proxy", "wuprobe --dns-server IP   (the machine's DNS server)" },
	{ 0x80072EEFu, "ERROR_WINHTTP_LOGIN_FAILURE", NULL, NET,
	  "The proxy or the server rejected the credentials supplied.",
	  "Let the update hosts through the proxy without authentication.",
	  "WINHTTP", "the proxy's answer to a request with credentials", RUN " --proxy-user DOMAIN\\user" },
	{ 0x80072EFDu, "ERROR_WINHTTP_CANNOT_CONNECT", NULL, NET,
	  "The TCP connection to the host or to the proxy is refused or unreachable.",
	  "No firewall rule or proxy may block Microsoft's download URLs; a network trace shows where the connection stops.",
	  "COMMON", CK_CONNECT, RUN },
	{ 0x80072EFEu, "ERROR_WINHTTP_CONNECTION_ERROR", "WININET_E_CONNECTION_ABORTED", NET,
	  "The connection was reset or closed before a whole response came.",
	  "Find the failing URL (BITSADMIN /LIST /ALLUSERS /VERBOSE), fetch it through the organisation's proxy, and have the proxy and network teams allow it.",
	  "COMMON", "the TLS handshake and HTTP exchange of every endpoint, for resets and early closes", RUN },
	{ 0x80072F05u, "ERROR_WINHTTP_SECURE_CERT_DATE_INVALID", NULL, NET,
	  "A certificate is outside its validity, or the client's clock is wrong.",
	  "Renew the certificate, or correct the clock.",
	  "WINHTTP", CK_TLS, RUN_PLAIN },
	{ 0x80072F06u, "ERROR_WINHTTP_SECURE_CERT_CN_INVALID", NULL, NET,
	  "The certificate does not name the host.",
	  "Find what answers for the name instead (a proxy, a portal, a wrong DNS answer).",
	  "WINHTTP", CK_TLS, RUN_PLAIN },
	{ 0x80072F0Du, "ERROR_WINHTTP_SECURE_INVALID_CA", NULL, NET,
	  "The chain ends in a root the client does not trust, often a TLS inspection CA.",
	  "Exempt the update hosts from TLS inspection.",
	  "WINHTTP", CK_TLS, RUN_PLAIN },
	{ 0x80072F19u, "ERROR_WINHTTP_SECURE_CERT_REV_FAILED", NULL, NET,
	  "The certificate's revocation could not be checked: its CRL or OCSP server is unreachable.",
	  "Allow the CRL and OCSP URLs the certificates name.",
	  "WINHTTP", "none directly (wuprobe does not fetch CRLs): list the CRL hosts in an endpoint list to test their reach", RUN_PLAIN },
	{ 0x80072F78u, "ERROR_WINHTTP_INVALID_SERVER_RESPONSE", NULL, NET,
	  "The reply is not HTTP.",
	  "Find the middlebox or wrong service that answers on the port.",
	  "WINHTTP", CK_HTTP, RUN },
	{ 0x80072F7Cu, "ERROR_WINHTTP_REDIRECT_FAILED", NULL, NET,
	  "A redirect loops, exceeds 5, or goes from https to http.",
	  "Fix the proxy or captive portal that redirects the requests.",
	  "WINHTTP", "redirects, followed as WinHTTP follows them", RUN },
	{ 0x80072F7Du, "ERROR_WINHTTP_SECURE_CHANNEL_ERROR", NULL, NET,
	  "The secure channel (Schannel) failed.",
	  "Enable TLS 1.2 on the client and find what intercepts TLS on the path.",
	  "WINHTTP", CK_TLS, RUN " --tls13" },
	{ 0x80072F86u, "ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT", NULL, NET,
	  "The automatic proxy script (PAC) fails.",
	  "Fix the script; until then the clients go the static way.",
	  "WINHTTP", "the PAC script, run caged for every URL", "wuprobe --pac URL" },
	{ 0x80072F87u, "ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT", NULL, NET,
	  "The PAC file cannot be downloaded.",
	  "Serve the PAC over http(s) with status 200 where the clients reach it directly.",
	  "WINHTTP", "the PAC fetch, as WinHTTP fetches it", "wuprobe --pac URL" },
	{ 0x80072F8Fu, "ERROR_WINHTTP_SECURE_FAILURE", "WININET_E_DECODING_FAILED", NET,
	  "A TLS or certificate failure, as the WinHTTP API reports every one of them.",
	  "Install and enable TLS 1.2 on the client (KB3140245).",
	  "COMMON", CK_TLS, RUN " -v" },
	{ 0x80072F94u, "ERROR_WINHTTP_AUTODETECTION_FAILED", NULL, NET,
	  "Automatic proxy discovery (WPAD) found no PAC.",
	  "Publish wpad.<suffix>/wpad.dat, or set the PAC URL by policy.",
	  "WINHTTP", "WPAD discovery, the suffix shortened as WinHTTP does", "wuprobe --wpad --domain corp.example" },
	{ 0x80072F96u, "ERROR_WINHTTP_HEADER_SIZE_OVERFLOW", NULL, NET,
	  "The response headers are larger than WinHTTP accepts.",
	  "Find the proxy or server that inflates them.",
	  "WINHTTP", "the size of every response's headers", RUN },
	{ 0x80072F9Cu, "ERROR_WINHTTP_SECURE_FAILURE_PROXY", NULL, NET,
	  "The certificate of an HTTPS proxy fails the check.",
	  "Fix the proxy's certificate.",
	  "WINHTTP", "none: wuprobe speaks to proxies over plain HTTP, as the update agent's proxy list does", RUN },
	/* Windows Update protocol (facility 0x24, wuerror.h). */
	{ 0x80244016u, "WU_E_PT_HTTP_STATUS_BAD_REQUEST", NULL, NET, "HTTP 400 from the server or a proxy.",
	  "Check the proxies that rewrite requests.", "WUA", CK_HTTP, RUN },
	{ 0x80244017u, "WU_E_PT_HTTP_STATUS_DENIED", NULL, NET, "HTTP 401: the server demands authentication.",
	  "Make the update hosts reachable without credentials.", "WUA", CK_HTTP, RUN },
	{ 0x80244018u, "WU_E_PT_HTTP_STATUS_FORBIDDEN", NULL, NET, "HTTP 403 from the server or a proxy.",
	  "Allow the update hosts in the proxy's or filter's policy.", "WUA", CK_HTTP, RUN },
	{ 0x80244019u, "WU_E_PT_HTTP_STATUS_NOT_FOUND", NULL, NET, "HTTP 404: the path does not exist there.",
	  "Check the URL, a WSUS server's virtual directories, or a proxy that rewrites it.", "WUA", CK_HTTP, RUN },
	{ 0x8024401Au, "WU_E_PT_HTTP_STATUS_BAD_METHOD", NULL, NET, "HTTP 405: the method is refused.",
	  "Find the proxy or filter that blocks the method.", "WUA", CK_HTTP, RUN },
	{ 0x8024401Bu, "WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ", NULL, NET,
	  "HTTP 407: the proxy demands authentication the update agent cannot give.",
	  "Check the WinHTTP and WinINet proxy settings of the client, and have the proxy let the machine reach WSUS or the internet without user authentication.",
	  "COMMON", "the proxy's answer (407 and the schemes it offers) on every request through it", RUN },
	{ 0x8024401Cu, "WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT", NULL, NET, "HTTP 408: the server timed the request out.",
	  "Check the path's latency and the proxies in between.", "WUA", CK_HTTP, RUN },
	{ 0x8024401Du, "WU_E_PT_HTTP_STATUS_CONFLICT", NULL, NET, "HTTP 409.",
	  "Retry later; if it persists, check the server.", "WUA", CK_HTTP, RUN },
	{ 0x8024401Eu, "WU_E_PT_HTTP_STATUS_GONE", NULL, NET, "HTTP 410: the resource is gone.",
	  "Update the URL the client uses.", "WUA", CK_HTTP, RUN },
	{ 0x8024401Fu, "WU_E_PT_HTTP_STATUS_SERVER_ERROR", NULL, NET, "HTTP 500 from the server or a proxy.",
	  "Check the server, or the proxy that made the error page.", "WUA", CK_HTTP, RUN },
	{ 0x80244020u, "WU_E_PT_HTTP_STATUS_NOT_SUPPORTED", NULL, NET, "HTTP 501.",
	  "Check the proxies in between.", "WUA", CK_HTTP, RUN },
	{ 0x80244021u, "WU_E_PT_HTTP_STATUS_BAD_GATEWAY", NULL, NET, "HTTP 502: a gateway got no valid answer upstream.",
	  "Check the proxy's own route to the update hosts.", "WUA", CK_HTTP, RUN },
	{ 0x80244022u, "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL", "WU_E_PT_HTTP_STATUS_SERVICE_UNAVAILABLE", NET,
	  "HTTP 503: the server or a proxy is overloaded or refusing.",
	  "Troubleshoot the connection to the update source with the network and proxy teams.",
	  "COMMON", CK_HTTP, RUN },
	{ 0x80244023u, "WU_E_PT_HTTP_STATUS_GATEWAY_TIMEOUT", NULL, NET, "HTTP 504: a gateway timed out upstream.",
	  "Check the proxy's own route to the update hosts.", "WUA", CK_HTTP, RUN },
	{ 0x80244024u, "WU_E_PT_HTTP_STATUS_VERSION_NOT_SUP", NULL, NET, "HTTP 505.",
	  "Check the proxies in between.", "WUA", CK_HTTP, RUN },
	{ 0x8024402Bu, "WU_E_PT_HTTP_STATUS_NOT_MAPPED", NULL, NET, "An HTTP status the agent has no code of its own for.",
	  "See the status and what produced it.", "WUA", CK_HTTP, RUN },
	{ 0x8024402Cu, "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED", NULL, NET,
	  "The agent's own code for a name that does not resolve (WinHTTP 12007).",
	  "Check the DNS servers the machine uses, and the proxy's name.",
	  "WUERR", "the DNS lookup of every host and of the proxy", RUN },
	{ 0x8024402Fu, "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS", NULL, NET,
	  "External cab processing finished with errors: a web filter altered a cab.",
	  "Put the update clients on the web filter's exception list (Microsoft names Lightspeed Rocket).",
	  "COMMON", CK_CAB, RUN },
	{ 0x80244007u, "WU_E_PT_SOAPCLIENT_SOAPFAULT", NULL, SRV,
	  "The server answered with a SOAP fault: with WSUS, Windows could not renew its update cookie.",
	  "See KB2883975 (the WSUS server and the client's cookie).",
	  "COMMON", "the WSUS server's web services reached as the client scans them (not the SOAP answer itself)", RUN_WSUS },
	{ 0x8024043Cu, "WU_E_PT_PROXY_AUTH_SCHEME_NOT_SUPPORTED", NULL, NET,
	  "The proxy offers no authentication scheme the agent can use.",
	  "Let the update hosts through without authentication, or offer Negotiate or NTLM.",
	  "WUERR", "the proxy's 407 and the schemes it offers", RUN },
	{ 0x80240438u, "WU_E_PT_ENDPOINT_UNREACHABLE", NULL, NET,
	  "No route to the endpoint.",
	  "Check the route and the firewall to the update hosts.",
	  "WUERR", CK_CONNECT, RUN },
	{ 0x8024001Fu, "WU_E_NO_CONNECTION", NULL, NET,
	  "The machine has no network connection.",
	  "Connect the machine, then check its route to the update hosts.",
	  "WUERR", "every endpoint, from a host on the machine's network", RUN },
	/* Downloads: BITS (bitsmsg.h) and Delivery Optimization. */
	{ 0x80200053u, "BG_E_VALIDATION_FAILED", NULL, NET,
	  "A download's content was not what was asked: a filtering firewall or proxy replaced it.",
	  "Make sure no firewall filters the downloads; if it persists, reset the update components.",
	  "COMMON", CK_CAB, RUN },
	{ 0x80200013u, "BG_E_INSUFFICIENT_RANGE_SUPPORT", NULL, NET,
	  "The server or a proxy ignores Range, or strips Content-Range or Content-Length.",
	  "Let range requests through to the download hosts.", "BITS", CK_RANGE, RUN },
	{ 0x80200011u, "BG_E_MISSING_FILE_SIZE", NULL, NET,
	  "HEAD gives no Content-Length, and BITS needs the size.",
	  "Find the proxy or server that drops it or refuses HEAD.", "BITS", CK_RANGE, RUN },
	{ 0x8020001Bu, "BG_E_INVALID_SERVER_RESPONSE", NULL, NET,
	  "A proxy answered a range with other bytes than asked.",
	  "Let range requests through unchanged, or bypass the proxy's cache.", "BITSH", CK_RANGE, RUN },
	{ 0x80190000u, "BG_E_HTTP_ERROR_nnn", NULL, NET,
	  "BITS got an HTTP status it treats as failure (the code is 0x80190000 + the status).",
	  "See the status and what produced it (the server, or a proxy).", "BITS", CK_HTTP, RUN },
	{ 0x80D02002u, "DO_E_DOWNLOAD_NO_PROGRESS", NULL, NET,
	  "Delivery Optimization made no progress on a download: Microsoft counts it with 0x80072EFD and 0x80072EFE as time-outs.",
	  "No firewall rule or proxy may block Microsoft's download URLs; a network trace shows where the connection stops.",
	  "COMMON", CK_CONNECT "; " CK_RANGE, RUN },
	{ 0x80D05001u, "DO_E_HTTP_BLOCKSIZE_MISMATCH", NULL, NET,
	  "A proxy answered a range with another size than asked.",
	  "Let range requests through unchanged (KB3175743), or bypass the proxy's cache.", "DO", CK_RANGE, RUN },
	{ 0x80D05010u, "DO_E_INVALID_RANGE", NULL, NET,
	  "A range request was not honoured.",
	  "Let range requests through unchanged to the download hosts.", "DO", CK_RANGE, RUN },
	{ 0x80D05011u, "DO_E_INSUFFICIENT_RANGE_SUPPORT", NULL, NET,
	  "The proxy or server ignores Range and sends whole files.",
	  "Let range requests through (KB3175743), or set DODownloadMode 100 to use BITS.", "DO", CK_RANGE, RUN },
	/* The reasons behind 0x80072F8F. */
	{ 0x80090331u, "SEC_E_ALGORITHM_MISMATCH", NULL, NET, "No TLS version or cipher suite in common.",
	  "Enable TLS 1.2 with the Windows suites on the server or middlebox.", "SEC", CK_TLS, RUN " --tls13" },
	{ 0x80090326u, "SEC_E_ILLEGAL_MESSAGE", NULL, NET, "The handshake was broken off or garbled.",
	  "Find the device on the path that answers or resets TLS.", "SEC", CK_TLS, RUN },
	{ 0x800B0101u, "CERT_E_EXPIRED", NULL, NET, "A certificate is outside its validity (or the clock is wrong).",
	  "Renew it, or correct the clock.", "SEC", CK_TLS, RUN_PLAIN },
	{ 0x800B010Fu, "CERT_E_CN_NO_MATCH", NULL, NET, "The certificate does not name the host.",
	  "Find what answers for the name instead.", "SEC", CK_TLS, RUN_PLAIN },
	{ 0x800B0109u, "CERT_E_UNTRUSTEDROOT", NULL, NET, "The chain ends in a root Windows does not trust.",
	  "Exempt the update hosts from TLS inspection.", "SEC", CK_TLS, RUN_PLAIN },
	{ 0x800B010Au, "CERT_E_CHAINING", NULL, NET, "An intermediate certificate is missing and cannot be fetched.",
	  "Install the full chain, or allow the AIA URL.", "SEC", CK_TLS, RUN_PLAIN },
	{ 0x800B0110u, "CERT_E_WRONG_USAGE", NULL, NET, "The certificate is not for server authentication.",
	  "Find what presents this certificate (often an inspection device).", "SEC", CK_TLS, RUN_PLAIN },
	{ 0x80092010u, "CRYPT_E_REVOKED", NULL, NET, "The certificate is revoked.",
	  "Find what presents a revoked certificate for the update host.", "SEC", CK_TLS, RUN_PLAIN },
	{ 0x80092013u, "CRYPT_E_REVOCATION_OFFLINE", NULL, NET, "The revocation server is offline or unreachable.",
	  "Allow the CRL and OCSP URLs the certificates name.", "SEC",
	  "none directly (wuprobe does not fetch CRLs): list the CRL hosts in an endpoint list to test their reach", RUN_PLAIN },
	/* The machine's own faults: the rest of the common-errors page. */
	{ 0x80242006u, "WU_E_UH_INVALIDMETADATA", NULL, MAC,
	  "An update handler could not finish: the update's metadata is invalid.",
	  "Rename SoftwareDistribution\\DataStore, SoftwareDistribution\\Download and system32\\catroot2 to *.bak, then download again.",
	  "COMMON", NULL, NULL },
	{ 0x80070BC9u, "ERROR_FAIL_REBOOT_REQUIRED", NULL, MAC,
	  "The operation failed; a restart is needed to roll its changes back.",
	  "Remove any policy that sets how the Windows Modules Installer service starts: the system manages it.",
	  "COMMON", NULL, NULL },
	{ 0x8007000Du, "ERROR_INVALID_DATA", NULL, MAC,
	  "The downloaded data is invalid or corrupt on the machine.",
	  "Download the update again and install it.", "COMMON", NULL, NULL },
	{ 0x8024A10Au, "USO_E_SERVICE_SHUTTING_DOWN", NULL, MAC,
	  "The update service is shutting down after a long idle time.",
	  "Keep the machine active and connected until the upgrade completes.", "COMMON", NULL, NULL },
	{ 0x80240020u, "WU_E_NO_INTERACTIVE_USER", NULL, MAC,
	  "No user is signed in, and the operation needs one.",
	  "Sign in, so that the installation starts and the machine can restart.", "COMMON", NULL, NULL },
	{ 0x80242014u, "WU_E_UH_POSTREBOOTSTILLPENDING", NULL, MAC,
	  "The update's step after the restart is still pending.",
	  "Restart the machine to finish the installation.", "COMMON", NULL, NULL },
	{ 0x80246017u, "WU_E_DM_UNAUTHORIZED_LOCAL_USER", NULL, MAC,
	  "The local user may not download the content.",
	  "Install updates as a local administrator.", "COMMON", NULL, NULL },
	{ 0x8024000Bu, "WU_E_CALL_CANCELLED", NULL, MAC,
	  "The operation was cancelled, by the user or the service (on WSUS, also when the results could not be filtered).",
	  "On WSUS, decline the superseded updates (Microsoft's cleanup script) so that filtering completes.",
	  "COMMON", NULL, NULL },
	{ 0x8024000Eu, "WU_E_XML_INVALID", NULL, MAC,
	  "The update's XML data is invalid (some drivers' metadata).",
	  "Install the latest Windows Update Agent.", "COMMON", NULL, NULL },
	{ 0x8024D009u, "WU_E_SETUP_SKIP_UPDATE", NULL, SRV,
	  "A self-update of the agent was skipped by a directive of wuident.cab: WSUS does not send the self-update.",
	  "See KB920659 (the WSUS self-update virtual directory).",
	  "COMMON", "the WSUS server as the policy names it; its /selfupdate/wuident.cab when listed with -c", RUN_WSUS },
	{ 0x80070422u, "ERROR_SERVICE_DISABLED", NULL, MAC,
	  "The Windows Update service is disabled or not running.",
	  "Start the Windows Update service, and let it start.", "COMMON", NULL, NULL },
	{ 0x800F0821u, "CBS_E_ABORT", NULL, MAC,
	  "The servicing (CBS) transaction timed out.", CBS_SLOW, "COMMON", NULL, NULL },
	{ 0x800F0825u, "CBS_E_CANNOT_UNINSTALL", NULL, MAC,
	  "A package cannot be uninstalled: a component is partly installed.", DISM, "COMMON", NULL, NULL },
	{ 0x800F0920u, "CBS_E_HANG_DETECTED", NULL, MAC,
	  "A hang was detected while servicing (it follows 0x800F0821).", CBS_SLOW, "COMMON", NULL, NULL },
	{ 0x800F081Fu, "CBS_E_SOURCE_MISSING", NULL, MAC,
	  "The source of a package or file is missing: the component store is corrupt.", DISM, "COMMON", NULL, NULL },
	{ 0x800F0831u, "CBS_E_STORE_CORRUPTION", NULL, MAC,
	  "The component store (CBS) is corrupt.", DISM, "COMMON", NULL, NULL },
	{ 0x80070005u, "E_ACCESSDENIED", NULL, MAC,
	  "Access denied: file or registry permissions changed under the servicing stack.",
	  "Find the ', error' line at that time in %windir%\\Logs\\CBS\\CBS.log, and restore the permissions of the object it names.",
	  "COMMON", NULL, NULL },
	{ 0x80070570u, "ERROR_FILE_CORRUPT", NULL, MAC,
	  "A file or directory is corrupt and unreadable: the component store is corrupt.", DISM, "COMMON", NULL, NULL },
	{ 0x80070003u, "ERROR_PATH_NOT_FOUND", NULL, MAC,
	  "A path on the machine is missing (the servicing stack cannot find it): not the network; a wrong system clock is the one outside cause to rule out.",
	  "Find the ', error' line at that time in %windir%\\Logs\\CBS\\CBS.log; repair with sfc /scannow and DISM, or reset the update components.",
	  "COMMON", NULL, NULL },
	{ 0x80070020u, "ERROR_SHARING_VIOLATION", NULL, MAC,
	  "Another process holds a file the installation needs (often an antivirus filter driver).",
	  "Retry after a clean boot; Process Monitor during the installation shows which process holds the file CBS.log names.",
	  "COMMON", NULL, NULL },
	{ 0x80073701u, "ERROR_SXS_ASSEMBLY_MISSING", NULL, MAC,
	  "A referenced assembly is missing: a component is partly installed.", DISM, "COMMON", NULL, NULL },
	{ 0x8007371Bu, "ERROR_SXS_TRANSACTION_CLOSURE_INCOMPLETE", NULL, MAC,
	  "Members of a servicing transaction are missing: the component store is corrupt.", DISM, "COMMON", NULL, NULL },
	{ 0x80240022u, "WU_E_ALL_UPDATES_FAILED", NULL, MAC,
	  "Every update of the operation failed.",
	  "Most often antivirus blocks a folder such as SoftwareDistribution: CBS.log names what is protected.",
	  "COMMON", NULL, NULL },
};

const struct code_note *note_find(uint32_t code)
{
	if (note_family_status(code))
		code = 0x80190000u;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return &table[i];
	return NULL;
}

const struct code_note *note_find_name(const char *name)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcasecmp(table[i].name, name) == 0 || (table[i].alias && strcasecmp(table[i].alias, name) == 0))
			return &table[i];
	return NULL;
}

int note_family_status(uint32_t code)
{
	uint32_t s = code - 0x80190000u;

	return code >= 0x80190000u && s >= 100 && s <= 599 ? (int)s : 0;
}

const struct code_note *note_table(unsigned *count)
{
	*count = (unsigned)(sizeof table / sizeof table[0]);
	return table;
}

const char *note_kind_name(enum note_kind k)
{
	return k == NOTE_NETWORK ? "network" : k == NOTE_SERVER ? "server" : "machine";
}
