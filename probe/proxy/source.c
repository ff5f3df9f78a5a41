/* Route sources (source.h). */
#include "source.h"

#include <string.h>

#include "autoproxy.h"
#include "user_settings.h"

const char *route_source_name(enum route_source s)
{
	static const char *const names[] = { "static", "pac", "user", "direct" };
	return names[s];
}

const char *route_source_imported(enum route_source s, const struct proxy_model *machine)
{
	switch (s) {
	case RS_PAC:         return "the PAC script's answer";
	case RS_USER_MANUAL: return "a user's Internet Options";
	case RS_STATIC:
		if (machine && machine->source && strcmp(machine->source, "netsh") == 0)
			return "its netsh export";
		if (machine && machine->source && strcmp(machine->source, "registry") == 0)
			return "its registry export";
		return NULL;
	default:             return NULL;
	}
}

/* The machine's settings, as LocalSystem finds a proxy: the netsh proxy,
 * else WPAD (a script found by discovery; never a user's setup script). */
static void machine(const struct proxy_model *m, const struct user_proxy *user, const struct autoproxy *ap,
		    bool have_pac, struct source_choice *out)
{
	bool no_wpad = user && user->disable_wpad;   /* WinHttp\DisableWpad: WinHTTP's own detection is off */

	if (m->nservers || no_wpad || !ap || !ap->script_from_wpad || !have_pac) {
		out->source = RS_STATIC;
		out->via = m->nservers ? "netsh proxy" : "no netsh proxy, no WPAD script: direct";
	} else {
		out->source = RS_PAC;
		out->via = "WPAD script";
	}
}

/* A user's Internet Options, in WinINet's order: automatic detection,
 * the setup script, the manual proxy; direct when none is set. */
static void user_settings(const struct user_proxy *u, const struct autoproxy *ap, bool have_pac,
			  struct source_choice *out)
{
	if (ap && ap->on && !ap->code && have_pac) {
		out->source = RS_PAC;
		out->via = ap->script_from_wpad ? "WPAD script" : "setup script";
	} else if (u->manual) {
		out->source = RS_USER_MANUAL;
		out->via = "manual proxy";
	} else {
		out->source = RS_DIRECT;
		out->via = "no proxy set: direct";
	}
}

void source_choose(enum component c, const struct url *u, const struct proxy_model *m,
		   const struct user_proxy *user, const struct autoproxy *ap, bool allow_user_proxy, bool have_pac,
		   struct source_choice *out)
{
	bool user_known = user && user->present;
	struct route_inputs in = { .machine_proxy = m && m->nservers > 0, .user_present = user_known,
				   .http = !u->https, .allow_user_proxy = allow_user_proxy };

	memset(out, 0, sizeof *out);
	if (!user_known && (c == COMP_UNSET || (ap && ap->explicit_script))) {
		/* No user's settings: --pac/--wpad route every endpoint, else the
		 * run's one static source does, as before components. */
		out->source = ap && ap->explicit_script && have_pac ? RS_PAC : RS_STATIC;
		out->via = out->source == RS_PAC ? "the script given" : "the run's proxy";
		return;
	}
	switch (component_route(c, &in, &out->rule)) {
	case PSK_USER:
		user_settings(user, ap, have_pac, out);
		break;
	case PSK_DIRECT:
		out->source = RS_DIRECT;
		out->via = "direct";
		break;
	case PSK_MACHINE:
		machine(m, user, ap, have_pac, out);
		break;
	case PSK_NONE:
	default:
		out->source = ap && ap->explicit_script && have_pac ? RS_PAC : RS_STATIC;
		out->via = out->source == RS_PAC ? "the script given" : "the run's proxy";
		break;
	}
}
