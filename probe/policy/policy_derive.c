/* What a Windows Update policy makes the client contact (policy.h). A pure
 * function of the policy: no I/O.
 *
 * WSUS: with AU\UseWUServer = 1 the client scans the server WUServer names
 * ("Specify intranet Microsoft update service location"; without UseWUServer
 * the value is ignored):
 *   https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/4-configure-group-policy-settings-for-automatic-updates
 * Its order: the self-update check (selfupdate/wuident.cab, a cab), the
 * server version, the authorization cookie (SimpleAuthWebService), then the
 * scan itself (ClientWebService/client.asmx); the status reports go to
 * WUStatusServer's ReportingWebService. A server on HTTPS 8531 still hands
 * out content URLs on its HTTP port 8530 (/Content/):
 *   https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/2-configure-wsus#bkmk_2.5
 * UpdateServiceUrlAlternate: where the client downloads content instead of
 * the WSUS server (Policy CSP Update/UpdateServiceUrlAlternate):
 *   https://learn.microsoft.com/windows/client-management/mdm/policy-csp-update#updateserviceurlalternate
 * Which public endpoints become unnecessary: DoNotConnectToWindowsUpdateInternetLocations
 * (applies only with an intranet server), every class from WSUS
 * (SetPolicyDrivenUpdateSourceFor*Updates with AU\UseUpdateClassPolicySource),
 * or DisableDualScan (no scan against Windows Update beside WSUS):
 *   https://learn.microsoft.com/windows/client-management/mdm/policy-csp-update#donotconnecttowindowsupdateinternetlocations
 *   https://learn.microsoft.com/windows/deployment/update/wufb-wsus */
#include "policy.h"

#include <stdio.h>
#include <string.h>

#include "url.h"

bool policy_wsus(const struct policy *p)
{
	return policy_num(p, POL_USE_WU_SERVER) == 1 && policy_str(p, POL_WU_SERVER)[0];
}

static const struct {
	const char *path;
	bool cab;
} scan_paths[] = {
	{ "/selfupdate/wuident.cab", true },
	{ "/ClientWebService/wusserverversion.xml", false },
	{ "/SimpleAuthWebService/SimpleAuth.asmx", false },
	{ "/ClientWebService/client.asmx", false },
};

/* "scheme://host[:port]" of URL. */
static bool origin(const char *url, char *out, size_t outlen, struct url *u)
{
	char why[128];

	if (url_parse(url, strlen(url), u, why, sizeof why))
		return false;
	snprintf(out, outlen, "%s://%s%s%s:%u", u->https ? "https" : "http", u->host_ipv6 ? "[" : "", u->host,
		 u->host_ipv6 ? "]" : "", u->port);
	return true;
}

static struct policy_ep *add(struct policy_ep *e, const char *group, const char *source, enum component c)
{
	memset(e, 0, sizeof *e);
	e->group = group;
	e->source = source;
	e->component = c;
	return e;
}

size_t policy_derive(const struct policy *p, struct policy_ep *out)
{
	char base[POLICY_URL_MAX];
	struct url u;
	size_t n = 0;
	struct policy_ep *e;

	if (!policy_wsus(p) || !origin(policy_str(p, POL_WU_SERVER), base, sizeof base, &u))
		return 0;
	for (size_t i = 0; i < sizeof scan_paths / sizeof scan_paths[0]; i++) {
		e = add(&out[n++], "wsus", policy_source(p, POL_WU_SERVER), COMP_WSUS_SCAN);
		snprintf(e->url, sizeof e->url, "%s%s", base, scan_paths[i].path);
		e->expect_cab = scan_paths[i].cab;
		if (!e->expect_cab) {
			e->status[0] = 200;
			e->nstatus = 1;
		}
	}
	if (policy_str(p, POL_WU_STATUS_SERVER)[0]) {
		char rbase[POLICY_URL_MAX];
		struct url ru;
		if (origin(policy_str(p, POL_WU_STATUS_SERVER), rbase, sizeof rbase, &ru)) {
			e = add(&out[n++], "wsus-reporting", policy_source(p, POL_WU_STATUS_SERVER), COMP_WU_OTHER);
			snprintf(e->url, sizeof e->url, "%s/ReportingWebService/ReportingWebService.asmx", rbase);
			e->status[0] = 200;
			e->nstatus = 1;
		}
	}
	if (u.https && u.port == 8531) {
		e = add(&out[n++], "wsus-content", policy_source(p, POL_WU_SERVER), COMP_DELIVERY_OPT);
		snprintf(e->url, sizeof e->url, "http://%s%s%s:8530/Content/", u.host_ipv6 ? "[" : "", u.host,
			 u.host_ipv6 ? "]" : "");
		e->status[0] = 200;   /* IIS answers a folder without a listing with 403: it is there */
		e->status[1] = 403;
		e->nstatus = 2;
	}
	if (policy_str(p, POL_ALTERNATE)[0]) {
		e = add(&out[n++], "wsus-content", policy_source(p, POL_ALTERNATE), COMP_DELIVERY_OPT);
		snprintf(e->url, sizeof e->url, "%s", policy_str(p, POL_ALTERNATE));
	}
	return n;
}

const char *policy_public_unneeded(const struct policy *p)
{
	if (!policy_wsus(p))
		return NULL;
	if (policy_num(p, POL_DO_NOT_CONNECT) == 1)
		return "DoNotConnectToWindowsUpdateInternetLocations";
	if (policy_num(p, POL_USE_CLASS_SOURCE) == 1) {
		/* A class not set comes from Windows Update (0). */
		for (int v = POL_SOURCE_FEATURE; v <= POL_SOURCE_OTHER; v++)
			if (policy_num(p, (enum policy_value)v) != 1)
				return NULL;
		return "SetPolicyDrivenUpdateSourceFor*Updates";
	}
	if (policy_num(p, POL_DISABLE_DUAL_SCAN) == 1)
		return "DisableDualScan";
	return NULL;
}

bool policy_group_public(const char *group)
{
	/* The shipped list's Windows Update scan, payload and other update
	 * hosts. Not delivery-optimization (DoSvc's own service, also used for
	 * WSUS content) nor certificate-trust (the root list, not the update
	 * client's). */
	static const char *const groups[] = { "windows-update", "downloads", "other" };

	for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(group, groups[i]) == 0)
			return true;
	return false;
}
