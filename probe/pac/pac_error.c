/* What a script's error says, in one line with the script's line: the
 * innermost frame in the script (an error raised inside a helper function
 * blames the script's line that called it). Reading an error runs the
 * script's code (getters, toString), so it happens in a protected call. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pac_js.h"

struct described {
	long line;
	char text[PAC_MSG_MAX];
	int is_error;
};

/* "... (line 12)" or "... (line 12, end of input)" at the end of TEXT:
 * the line number taken out (into *LINE), the rest kept. */
static void take_line_suffix(char *text, long *line)
{
	char *at = strstr(text, " (line "), *end;
	long v;

	while (at && strstr(at + 1, " (line "))
		at = strstr(at + 1, " (line ");
	if (!at)
		return;
	v = strtol(at + 7, &end, 10);
	if (end == at + 7 || end[strcspn(end, ")")] != ')' || end[strcspn(end, ")") + 1] != '\0')
		return;
	if (*line < 0)
		*line = v;
	if (*end == ')')
		*at = '\0';
	else if (strncmp(end, ", ", 2) == 0)
		memmove(at + 2, end + 2, strlen(end + 2) + 1);
}

/* The innermost "(PAC:N)" frame in a traceback. */
static long line_from_stack(const char *stack)
{
	static const char mark[] = "(" PAC_JS_FILE ":";
	const char *at = strchr(stack, '\n');

	while (at && (at = strstr(at, mark)) != NULL) {
		char *end;
		long v = strtol(at + sizeof mark - 1, &end, 10);
		if (end != at + sizeof mark - 1 && *end == ')')
			return v;
		at++;
	}
	return -1;
}

static duk_ret_t read_error(duk_context *ctx, void *udata)
{
	struct described *d = udata;

	d->is_error = duk_is_error(ctx, -1);
	if (d->is_error) {
		duk_get_prop_string(ctx, -1, "fileName");
		int ours = duk_is_string(ctx, -1) && strcmp(duk_get_string(ctx, -1), PAC_JS_FILE) == 0;
		duk_pop(ctx);
		duk_get_prop_string(ctx, -1, "lineNumber");
		if (ours && duk_is_number(ctx, -1))
			d->line = (long)duk_get_number(ctx, -1);
		duk_pop(ctx);
		duk_get_prop_string(ctx, -1, "stack");
		if (d->line < 0 && duk_is_string(ctx, -1))
			d->line = line_from_stack(duk_get_string(ctx, -1));
		duk_pop(ctx);
	}
	snprintf(d->text, sizeof d->text, "%s", duk_safe_to_string(ctx, -1));
	return 0;
}

void pac_error_describe(duk_context *ctx, const struct pac_job *job, char *msg, size_t len)
{
	struct described d = { .line = -1 };

	if (duk_safe_call(ctx, read_error, &d, 1, 1) != DUK_EXEC_SUCCESS) {
		d.is_error = 0;
		snprintf(d.text, sizeof d.text, "an exception that cannot be shown");
	}
	duk_pop(ctx);
	take_line_suffix(d.text, &d.line);
	for (char *p = d.text; *p; p++)
		if (iscntrl((unsigned char)*p))
			*p = '?';
	if (d.line > 0)
		snprintf(msg, len, "%s:%ld: %s%s", job->shown, d.line, d.is_error ? "" : "threw ", d.text);
	else
		snprintf(msg, len, "%s: %s%s", job->shown, d.is_error ? "" : "threw ", d.text);
}
