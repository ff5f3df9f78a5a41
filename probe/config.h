/* endpoints.conf: the list of endpoints to probe. */
#ifndef WUPROBE_CONFIG_H
#define WUPROBE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "component.h"
#include "policy.h"
#include "proxy.h"
#include "url.h"

#define CONF_MAX_STATUS   16
#define CONF_MAX_LINE     4096
#define CONF_RANGE_LAST   1023   /* a range endpoint asks bytes 0-1023: 1 KiB */
#define CONF_MAX_SIZE     (64 * 1024 * 1024)   /* about a million endpoints */

struct ep_conf {
	char *url;                  /* as written in the file (parsed when the endpoint starts:
				     * a parsed URL is 2.3 KiB, and a list may hold 10,000) */
	bool https;
	char *group;
	char *pattern;              /* the documented wildcard, or NULL */
	int status[CONF_MAX_STATUS];/* acceptable HTTP statuses; none = any complete response */
	size_t nstatus;
	bool expect_cab;            /* the body must start with "MSCF" */
	bool expect_json;           /* the body is JSON (an object), served as application/json */
	bool range;                 /* GET with Range: bytes=0-RANGE_LAST, 206 and exactly those bytes
				     * (given, or implied: a file of a delivery-optimization or bits endpoint) */
	bool head;                  /* a HEAD first, which must give a Content-Length (given, or implied
				     * by range on a bits endpoint: BITS asks the size that way) */
	bool optional;              /* failure only warns */
	bool pinned;                /* TLS must end in a Microsoft root (or a --ca-bundle one) */
	enum component component;   /* who makes the connection: component= on the line, else
				     * on its group's line, else COMP_UNSET */
	int line;                   /* 0: added from the policy */
	const char *source;         /* "policy WUServer", ...; NULL: the list (static strings) */
	const char *unneeded;       /* the policy value that makes it unnecessary, or NULL */
};

struct config {
	struct ep_conf *eps;
	size_t n;
	/* From a [proxy] section: "proxy = LIST" and "bypass = LIST". */
	bool has_proxy;
	struct proxy_model proxy;
	/* From a [time] section: "ntp = HOST[:PORT]". */
	char ntp[URL_HOST_MAX + 16];
	/* From a [policy] section: "NAME = VALUE", Windows Update policy values. */
	struct policy policy;
};

/* Parses TEXT (LEN bytes) read from PATH. Returns 0, or -1 with
 * "PATH:LINE: message" in ERR and OUT left empty. */
int config_parse(const char *path, const char *text, size_t len, struct config *out,
		 char *err, size_t errlen);

/* Reads and parses PATH; errors as config_parse (with LINE 0 for I/O). */
int config_load(const char *path, struct config *out, char *err, size_t errlen);

/* C's URL, parsed into OUT (it parsed when the list was read: only a
 * changed url_parse could make this fail). */
int ep_conf_url(const struct ep_conf *c, struct url *out);

void config_free(struct config *c);

/* Applies C->policy to the list: appends the endpoints it makes the client
 * contact (policy_derive; a URL already listed stays as listed), and marks
 * the public groups it makes unnecessary (policy_group_public): those stay
 * in the run but only warn (optional) and say why. Returns 0, or -1 with a
 * reason in ERR (out of memory). */
int config_apply_policy(struct config *c, char *err, size_t errlen);

/* Appends URL (to group GROUP, SOURCE as JSON's endpoints[].source, the
 * NSTATUS acceptable STATUS, none: any complete response) unless it is
 * listed already. Returns 0 added or listed, 1 when URL is no URL wuprobe
 * can probe (left out), -1 out of memory (ERR says so). */
int config_add_url(struct config *c, const char *url, const char *group, const char *source, const int *status,
		   size_t nstatus, char *err, size_t errlen);

/* True when HOST is covered by PATTERN: "*.example.com" covers names below
 * example.com (not example.com itself); anything else must match exactly. */
bool config_pattern_covers(const char *pattern, const char *host);

#endif
