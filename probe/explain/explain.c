/* --explain's text and JSON: the note (notes.c), codes.c's fix where the
 * report has one, and for BITS's HTTP family the status it carries. */
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#include "codearg.h"
#include "codes.h"
#include "json.h"
#include "notes.h"
#include "redact.h"

static void name_of(const struct code_note *n, uint32_t code, char *buf, size_t len);

void explain_kind(uint32_t code, char *buf, size_t len)
{
	const struct code_note *n = note_find(code);

	snprintf(buf, len, "%s", n ? note_kind_name(n->kind) : "");
}

void explain_name(uint32_t code, char *buf, size_t len)
{
	const struct code_note *n = note_find(code);

	if (!n)
		snprintf(buf, len, "unknown code");
	else
		name_of(n, code, buf, len);
}

/* The name as printed: BG_E_HTTP_ERROR_404 for the family's row. */
static void name_of(const struct code_note *n, uint32_t code, char *buf, size_t len)
{
	int status = note_family_status(code);

	if (status)
		snprintf(buf, len, "BG_E_HTTP_ERROR_%d", status);
	else
		snprintf(buf, len, "%s", n->name);
}

bool explain_text(FILE *out, uint32_t code, const char *indent)
{
	const struct code_note *n = note_find(code);
	const struct wu_code *c = wu_code_find(code);
	char hex[11], name[64];

	if (!n)
		return false;
	wu_code_format(code, hex);
	name_of(n, code, name, sizeof name);
	fprintf(out, "%s%s  %s%s%s%s  (%s)\n", indent, hex, name, n->alias ? " (" : "", n->alias ? n->alias : "",
		n->alias ? ")" : "",
		n->kind == NOTE_NETWORK ? "a network condition"
		: n->kind == NOTE_SERVER ? "the update server's side" : "not the network: this Windows machine");
	fprintf(out, "%s  what:      %s\n", indent, n->meaning);
	fprintf(out, "%s  Microsoft: %s [%s]\n", indent, n->mitigation, n->source);
	if (c)
		fprintf(out, "%s  fix:       %s\n", indent, c->fix);
	if (n->kind == NOTE_MACHINE) {
		fprintf(out, "%s  network:   no; a fault on the machine, which no network check can find: do not chase "
			     "the proxy or the firewall for it\n", indent);
	} else {
		fprintf(out, "%s  tested by: %s\n", indent, n->checks);
		fprintf(out, "%s  run:       %s\n", indent, n->run);
		if (strstr(n->run, "proxy.txt"))
			fprintf(out, "%s             (proxy.txt: 'netsh winhttp show proxy' on the machine)\n", indent);
		if (strstr(n->run, "policy.txt"))
			fprintf(out, "%s             (policy.txt: 'reg query HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate /s')\n",
				indent);
	}
	return true;
}

void explain_json_fields(struct jw *w, uint32_t code)
{
	const struct code_note *n = note_find(code);
	const struct wu_code *c = wu_code_find(code);
	char name[64];

	if (n)
		name_of(n, code, name, sizeof name);
	jw_str(w, "name", n ? name : NULL);
	jw_str(w, "alias", n ? n->alias : NULL);
	jw_str(w, "kind", n ? note_kind_name(n->kind) : NULL);
	if (n)
		jw_bool(w, "network", n->kind != NOTE_MACHINE);
	else
		jw_null(w, "network");
	jw_str(w, "meaning", n ? n->meaning : NULL);
	jw_str(w, "mitigation", n ? n->mitigation : NULL);
	jw_str(w, "source", n ? n->source : NULL);
	jw_str(w, "fix", c ? c->fix : NULL);
	jw_str(w, "checks", n ? n->checks : NULL);
	jw_str(w, "run", n ? n->run : NULL);
}

int explain_codes(FILE *out, int n, char *const *args, bool json, char *err, size_t errlen)
{
	uint32_t *codes = calloc(n ? (size_t)n : 1, sizeof *codes);

	if (!codes) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (n == 0) {
		snprintf(err, errlen, "--explain: give one code or more (0x8024402F, 8024402f, -2145107921 or a name)");
		free(codes);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		if (code_arg_parse(args[i], &codes[i]) || !note_find(codes[i])) {
			char shown[REDACT_MAX];
			snprintf(err, errlen, "--explain: '%.60s' is not a code wuprobe knows (see docs/explain.md)",
				 redact(args[i], strlen(args[i]), shown, sizeof shown));
			free(codes);
			return -1;
		}
	}
	if (json) {
		struct jw w;
		char hex[11];
		jw_init(&w, out);
		jw_object(&w, NULL);
		jw_array(&w, "explain");
		for (int i = 0; i < n; i++) {
			jw_object(&w, NULL);
			wu_code_format(codes[i], hex);
			jw_str(&w, "code", hex);
			explain_json_fields(&w, codes[i]);
			jw_end(&w, '}');
		}
		jw_end(&w, ']');
		jw_end(&w, '}');
		fputc('\n', out);
	} else {
		for (int i = 0; i < n; i++) {
			if (i)
				fputc('\n', out);
			explain_text(out, codes[i], "");
		}
	}
	free(codes);
	return 0;
}
