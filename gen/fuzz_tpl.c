/* fuzz_tpl.c - libFuzzer entry point for the Mustache engine (make fuzz-tpl).
 *
 * The input is a template. If its first line parses as JSON (an object or a
 * list), that line is the data and the rest the template; otherwise the
 * data is a fixed context with every kind of value. The template is
 * compiled in spec mode and in strict mode (with and without ' escaping),
 * next to a few fixed partials and to a copy of itself named "self" (so
 * recursion and the depth limit are reached), then linked and rendered with
 * limits: a template may legitimately ask for exponential work ({{#l}}
 * nested 40 deep over a list of 2), which is not what we look for.
 *
 * Checked besides crashes, leaks and undefined behaviour: every failure
 * fills the error with a "...: error: ..." message. */
#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "tpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char S_context[] =
	"{\"name\":\"<b>O'Neil</b> & co\",\"n\":1.5,\"i\":42,\"t\":true,\"f\":false,\"z\":null,\"e\":\"\","
	"\"list\":[1,\"two\",{\"name\":\"inner\",\"list\":[]},[3,4]],\"empty\":[],"
	"\"obj\":{\"a\":{\"b\":\"deep\"},\"p\":\"p\"},\"dyn\":\"p\",\"parent\":\"base\",\"me\":\"self\"}";

static const char *const S_partials[][2] = {
	{ "p", "<{{name}}>\n  {{#list}}{{.}}{{/list}}\n" },
	{ "base", "[{{$a}}A{{/a}}|{{$b}}\n  B {{i}}\n{{/b}}]\n" },
	{ "mid", "{{<base}}\n{{$a}}mid{{/a}}\n{{/base}}\n" },
	{ "ind", "  {{>p}}\n{{=<% %>=}}<%name%>\n  <%$b%>\n  x\n  <%/b%>\n" },
};

/* Traps unless a failed call left a well-formed message. */
static void S_check_error(int rc, const tpl_error *err)
{
	if (rc != 0 && (!memchr(err->message, '\0', sizeof(err->message)) || !strstr(err->message, ": error: ")))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	size_t len = size;
	cJSON *ctx = NULL;
	const char *nl = len ? memchr(src, '\n', len) : NULL;
	if (nl && (src[0] == '{' || src[0] == '[')) {
		ctx = cJSON_ParseWithLength(src, (size_t)(nl - src));
		if (ctx) {
			len -= (size_t)(nl - src) + 1;
			src = nl + 1;
		}
	}
	if (!ctx)
		ctx = cJSON_Parse(S_context);

	static const unsigned modes[] = { 0, TPL_STRICT, TPL_STRICT | TPL_ESCAPE_APOS };
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		tpl_set *set = tpl_set_new(modes[m]);
		tpl_error err;
		for (size_t i = 0; i < sizeof(S_partials) / sizeof(S_partials[0]); i++)
			if (tpl_set_add(set, S_partials[i][0], S_partials[i][1], strlen(S_partials[i][1]), "fixed", &err) != 0)
				__builtin_trap();
		int rc = tpl_set_add(set, "main", src, len, "fuzz.mustache", &err);
		S_check_error(rc, &err);
		if (rc == 0) {
			if (tpl_set_add(set, "self", src, len, "self.mustache", &err) != 0)
				__builtin_trap(); /* the same text compiled once already */
			rc = tpl_set_link(set, &err);
			S_check_error(rc, &err);
		}
		if (rc == 0) {
			buf out = BUF_INIT;
			tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
			rc = tpl_render_limited(tpl_set_get(set, "main"), &tpl_json_provider, m ? &cur : NULL, ctx, &out,
			                        20000, 1u << 18, &err);
			S_check_error(rc, &err);
			buf_release(&out);
		}
		tpl_set_free(set);
	}
	buf esc = BUF_INIT;
	tpl_escape_html(&esc, src, len, 1);
	buf_release(&esc);
	cJSON_Delete(ctx);
	return 0;
}
