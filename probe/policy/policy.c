/* The Windows Update policy values (policy.h): the table of names, setting
 * one value, and the `reg query ... /s` export. Microsoft's documentation of
 * the values:
 *   https://learn.microsoft.com/windows/client-management/mdm/policy-csp-update
 *   https://learn.microsoft.com/windows-server/administration/windows-server-update-services/deploy/4-configure-group-policy-settings-for-automatic-updates
 * reg query prints a key's full name on a line of its own, then one line a
 * value: four spaces, NAME, four spaces, REG_TYPE, four spaces, DATA
 * (REG_DWORD as 0x hex).
 *
 * Intune/MDM: the Policy CSP - Update values land in
 * HKLM\SOFTWARE\Microsoft\PolicyManager\current\device\Update (one key, no
 * AU), under the CSP's names. UpdateServiceUrl is the GP's CorpWUURL_Name
 * (WUServer); a set URL means the device scans that WSUS server, so there is
 * no UseWUServer; the CSP has no status-server value:
 *   https://learn.microsoft.com/windows/client-management/mdm/policy-csp-update#updateserviceurl
 * Where Group Policy sets the same value, Group Policy's is kept: MDMWinsOverGP
 * does not apply to the Update Policy CSP, and Microsoft gives no winner for
 * a value set both ways (docs/policy.md, "Intune/MDM"):
 *   https://learn.microsoft.com/windows/client-management/mdm/policy-csp-controlpolicyconflict
 *   https://learn.microsoft.com/troubleshoot/mem/intune/device-configuration/troubleshoot-update-rings
 *   (this last address inferred from the page's title, not checked) */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "proxy_import.h"
#include "redact.h"
#include "url.h"

static const struct {
	const char *name;
	const char *key;     /* "" WindowsUpdate, "AU" WindowsUpdate\AU */
	const char *mdm;     /* the Policy CSP - Update name, NULL: none */
	const char *gp_source, *mdm_source;
} table[POL_COUNT] = {
#define SAME(n) n, "policy " n, "MDM " n
	[POL_WU_SERVER] = { "WUServer", "", "UpdateServiceUrl", "policy WUServer", "MDM UpdateServiceUrl" },
	[POL_WU_STATUS_SERVER] = { "WUStatusServer", "", NULL, "policy WUStatusServer", NULL },
	[POL_ALTERNATE] = { "UpdateServiceUrlAlternate", "", SAME("UpdateServiceUrlAlternate") },
	[POL_USE_WU_SERVER] = { "UseWUServer", "AU", NULL, "policy UseWUServer", "MDM UpdateServiceUrl" },
	[POL_DO_NOT_CONNECT] = { "DoNotConnectToWindowsUpdateInternetLocations", "",
				 SAME("DoNotConnectToWindowsUpdateInternetLocations") },
	[POL_PROXY_BEHAVIOR] = { "SetProxyBehaviorForUpdateDetection", "", SAME("SetProxyBehaviorForUpdateDetection") },
	[POL_FILL_EMPTY] = { "FillEmptyContentUrls", "", SAME("FillEmptyContentUrls") },
	[POL_SOURCE_FEATURE] = { "SetPolicyDrivenUpdateSourceForFeatureUpdates", "",
				 SAME("SetPolicyDrivenUpdateSourceForFeatureUpdates") },
	[POL_SOURCE_QUALITY] = { "SetPolicyDrivenUpdateSourceForQualityUpdates", "",
				 SAME("SetPolicyDrivenUpdateSourceForQualityUpdates") },
	[POL_SOURCE_DRIVER] = { "SetPolicyDrivenUpdateSourceForDriverUpdates", "",
				SAME("SetPolicyDrivenUpdateSourceForDriverUpdates") },
	[POL_SOURCE_OTHER] = { "SetPolicyDrivenUpdateSourceForOtherUpdates", "",
			       SAME("SetPolicyDrivenUpdateSourceForOtherUpdates") },
	[POL_USE_CLASS_SOURCE] = { "UseUpdateClassPolicySource", "AU", NULL, "policy UseUpdateClassPolicySource", NULL },
	[POL_DISABLE_DUAL_SCAN] = { "DisableDualScan", "", SAME("DisableDualScan") },
#undef SAME
};

const char *policy_name(enum policy_value v)
{
	return table[v].name;
}

const char *policy_key(enum policy_value v)
{
	return table[v].key;
}

const char *policy_mdm_name(enum policy_value v)
{
	return table[v].mdm;
}

const char *policy_source(const struct policy *p, enum policy_value v)
{
	return p->mdm[v] && table[v].mdm_source ? table[v].mdm_source : table[v].gp_source;
}

int policy_num(const struct policy *p, enum policy_value v)
{
	return p->set[v] && v >= POL_NSTRINGS ? p->num[v] : 0;
}

const char *policy_str(const struct policy *p, enum policy_value v)
{
	return p->set[v] && v < POL_NSTRINGS ? p->str[v] : "";
}

/* The value called NAME (NL bytes) in Group Policy's names, or in the
 * Policy CSP's with MDM. */
static int find(const char *name, size_t nl, bool mdm)
{
	for (int i = 0; i < POL_COUNT; i++) {
		const char *n = mdm ? table[i].mdm : table[i].name;
		if (n && strlen(n) == nl && strncasecmp(n, name, nl) == 0)
			return i;
	}
	return -1;
}

/* Sets value I; NAME is how errors call it (the GP or the CSP name). TYPE
 * and VALUE come from the file: an error echoes them through redact(). */
static int set_value(struct policy *p, int i, const char *name, const char *type, const char *value, size_t vl,
		     char *why, size_t whylen)
{
	char shown[REDACT_MAX];

	if (i < POL_NSTRINGS) {
		struct url u;
		char reason[128];
		if (type && strcmp(type, "REG_SZ") != 0 && strcmp(type, "REG_EXPAND_SZ") != 0) {
			snprintf(why, whylen, "%s is a string (REG_SZ), not %s", name,
				 redact(type, strlen(type), shown, sizeof shown));
			return -1;
		}
		if (vl == 0) {
			p->set[i] = false;   /* an empty string: not configured */
			return 1;
		}
		if (vl >= POLICY_URL_MAX || url_parse(value, vl, &u, reason, sizeof reason)) {
			snprintf(why, whylen, "%s must be an http:// or https:// URL: '%.80s'", name,
				 redact(value, vl, shown, sizeof shown));
			return -1;
		}
		memcpy(p->str[i], value, vl);
		p->str[i][vl] = '\0';
	} else {
		unsigned long n = 0;
		size_t k = 0;
		bool hex = vl > 2 && value[0] == '0' && (value[1] == 'x' || value[1] == 'X');
		if (type && strcmp(type, "REG_DWORD") != 0) {
			snprintf(why, whylen, "%s is a number (REG_DWORD), not %s", name,
				 redact(type, strlen(type), shown, sizeof shown));
			return -1;
		}
		for (k = hex ? 2 : 0; k < vl && k < 12; k++) {
			char c = value[k];
			int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
				: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (d < 0)
				break;
			n = n * (hex ? 16 : 10) + (unsigned long)d;
		}
		if (vl == 0 || k != vl || n > 1) {
			snprintf(why, whylen, "%s takes 0 or 1: '%.40s'", name,
				 redact(value, vl, shown, sizeof shown));
			return -1;
		}
		p->num[i] = (int)n;
	}
	p->set[i] = true;
	p->present = true;
	return 1;
}

int policy_set(struct policy *p, const char *name, size_t nl, const char *type, const char *value,
	       size_t vl, char *why, size_t whylen)
{
	int i = find(name, nl, false);

	return i < 0 ? 0 : set_value(p, i, table[i].name, type, value, vl, why, whylen);
}

static bool ends_with(const char *s, size_t n, const char *suffix)
{
	size_t l = strlen(suffix);
	return n >= l && strncasecmp(s + n - l, suffix, l) == 0;
}

enum key { KEY_NONE, KEY_ROOT, KEY_AU, KEY_MDM, KEY_OTHER };

/* One line of the export (trailing white space gone): Group Policy's values
 * into P, the MDM key's into MDM. */
static int reg_line(struct policy *p, struct policy *mdm, enum key *key, bool *seen, const char *s, size_t n,
		    char *why, size_t whylen)
{
	const char *t, *data;
	size_t nl;
	char type[32];
	int rc;

	if (n == 0)
		return 0;
	if (strncasecmp(s, "HKEY_", 5) == 0 || strncasecmp(s, "HKLM\\", 5) == 0) {
		*key = ends_with(s, n, "\\Microsoft\\Windows\\WindowsUpdate") ? KEY_ROOT
		       : ends_with(s, n, "\\Microsoft\\Windows\\WindowsUpdate\\AU") ? KEY_AU
		       : ends_with(s, n, "\\Microsoft\\PolicyManager\\current\\device\\Update") ? KEY_MDM : KEY_OTHER;
		*seen |= *key == KEY_ROOT || *key == KEY_AU || *key == KEY_MDM;
		return 0;
	}
	if (strncmp(s, "ERROR:", 6) == 0) {
		/* No such key: no policy of that kind on that machine. Two
		 * exports in one file: the second may be this. */
		*seen = true;
		*key = KEY_NONE;
		return 0;
	}
	if (strncmp(s, "End of search:", 14) == 0)
		return 0;
	if (*s != ' ' || *key == KEY_NONE) {
		snprintf(why, whylen, "not reg query output (a key name, then indented values, expected)");
		return -1;
	}
	while (n && *s == ' ') {
		s++;
		n--;
	}
	/* NAME    REG_TYPE    DATA; a name may hold single spaces. */
	for (t = s; t + 8 <= s + n && strncmp(t, "    REG_", 8) != 0; t++)
		;
	if (t + 8 > s + n) {
		snprintf(why, whylen, "a value line is NAME    REG_TYPE    DATA");
		return -1;
	}
	nl = (size_t)(t - s);
	t += 4;
	for (data = t; data < s + n && *data != ' '; data++)
		;
	if ((size_t)(data - t) >= sizeof type) {
		snprintf(why, whylen, "unknown value type");
		return -1;
	}
	memcpy(type, t, (size_t)(data - t));
	type[data - t] = '\0';
	while (data < s + n && *data == ' ')
		data++;
	if (*key == KEY_MDM) {
		int i = find(s, nl, true);
		if (i < 0)
			return 0;   /* not ours ("..._ProviderSet", "..._WinningProvider", ...) */
		return set_value(mdm, i, table[i].mdm, type, data, (size_t)(s + n - data), why, whylen) < 0 ? -1 : 0;
	}
	int i = find(s, nl, false);
	if (i < 0 || *key != (table[i].key[0] ? KEY_AU : KEY_ROOT))
		return 0;   /* not ours, or where the client does not read it */
	rc = set_value(p, i, table[i].name, type, data, (size_t)(s + n - data), why, whylen);
	return rc < 0 ? -1 : 0;
}

static bool same_value(const struct policy *a, const struct policy *b, int i)
{
	return i < POL_NSTRINGS ? strcmp(a->str[i], b->str[i]) == 0 : a->num[i] == b->num[i];
}

/* The MDM values into P where Group Policy did not set them; where it did
 * and they differ, Group Policy's stays and the CSP name is noted. */
static void merge_mdm(struct policy *p, struct policy *mdm)
{
	if (mdm->set[POL_WU_SERVER]) {   /* a set UpdateServiceUrl means WSUS: no UseWUServer in the CSP */
		mdm->set[POL_USE_WU_SERVER] = true;
		mdm->num[POL_USE_WU_SERVER] = 1;
	}
	for (int i = 0; i < POL_COUNT; i++) {
		if (!mdm->set[i])
			continue;
		if (!p->set[i]) {
			if (i < POL_NSTRINGS)
				memcpy(p->str[i], mdm->str[i], sizeof p->str[i]);
			p->num[i] = mdm->num[i];
			p->set[i] = p->mdm[i] = true;
		} else if (!same_value(p, mdm, i)) {
			const char *n = table[i].mdm ? table[i].mdm : "UpdateServiceUrl";
			size_t k = strlen(p->mdm_not_used);
			if (!strstr(p->mdm_not_used, n))
				snprintf(p->mdm_not_used + k, sizeof p->mdm_not_used - k, "%s%s", k ? ", " : "", n);
		}
	}
}

int policy_parse_reg(struct policy *p, const unsigned char *data, size_t len, const char *path, char *err,
		     size_t errlen)
{
	char *text = proxy_text_ascii(data, len), *line, name[REDACT_MAX], why[256];
	struct policy mdm;
	enum key key = KEY_NONE;
	bool seen = false;
	int lineno = 0, rc = -1;

	memset(p, 0, sizeof *p);
	memset(&mdm, 0, sizeof mdm);
	redact(path, strlen(path), name, sizeof name);
	if (!text) {
		snprintf(err, errlen, "%s: out of memory", name);
		return -1;
	}
	line = text;
	while (line) {
		char *nl = strchr(line, '\n');
		size_t n;
		if (nl)
			*nl = '\0';
		lineno++;
		n = strlen(line);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (reg_line(p, &mdm, &key, &seen, line, n, why, sizeof why)) {
			snprintf(err, errlen, "%s:%d: %s", name, lineno, why);
			goto done;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!seen) {
		snprintf(err, errlen, "%s:%d: no ...\\Policies\\Microsoft\\Windows\\WindowsUpdate key (nor "
			 "...\\PolicyManager\\current\\device\\Update): not the output of "
			 "reg query \"HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\" /s", name,
			 lineno ? lineno : 1);
		goto done;
	}
	merge_mdm(p, &mdm);
	p->present = true;
	snprintf(p->from, sizeof p->from, "--policy-from %.280s", name);
	rc = 0;
done:
	if (rc)
		memset(p, 0, sizeof *p);
	free(text);
	return rc;
}

int policy_load(struct policy *p, const char *path, char *err, size_t errlen)
{
	size_t n = 0;
	unsigned char *buf = proxy_export_read(path, &n, err, errlen);
	int rc;

	if (!buf) {
		if (strncmp(err, "--proxy-from ", 13) == 0) {   /* the reader names its first user */
			char tail[1024];
			snprintf(tail, sizeof tail, "%s", err + 13);
			snprintf(err, errlen, "--policy-from %s", tail);
		}
		return -1;
	}
	rc = policy_parse_reg(p, buf, n, path, err, errlen);
	free(buf);
	return rc;
}

void policy_format(const struct policy *p, char *out, size_t outlen)
{
	size_t k = 0;

	out[0] = '\0';
	for (int i = 0; i < POL_COUNT && k < outlen; i++) {
		if (!p->set[i] || (p->mdm[i] && !table[i].mdm))
			continue;   /* UseWUServer from an MDM UpdateServiceUrl: that one says it */
		const char *key = p->mdm[i] ? "MDM " : table[i].key, *sep = !p->mdm[i] && table[i].key[0] ? "\\" : "";
		const char *name = p->mdm[i] ? table[i].mdm : table[i].name;
		int w = i < POL_NSTRINGS
			? snprintf(out + k, outlen - k, "%s%s%s%s=%s", k ? ", " : "", key, sep, name, p->str[i])
			: snprintf(out + k, outlen - k, "%s%s%s%s=%d", k ? ", " : "", key, sep, name, p->num[i]);
		if (w < 0)
			break;
		k += (size_t)w;
	}
	if (p->mdm_not_used[0] && k < outlen)
		snprintf(out + k, outlen - k, "%sMDM %s not used: Group Policy sets %s", k ? "; " : "",
			 p->mdm_not_used, strchr(p->mdm_not_used, ',') ? "them" : "it");
	if (!out[0])
		snprintf(out, outlen, "none set");
}
