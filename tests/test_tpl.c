/* test_tpl.c - the Mustache engine beyond the spec: every error message with
 * its position, limits (deep nesting, a 10 MB template), delimiters and
 * indentation across partials, strict mode, the cJSON provider, the loader,
 * rendering many times and from two threads, and `fitgen render`.
 *
 * Templates are compiled from string literals: the main one is called "main"
 * (file "main.mustache"), partials "NAME" (file "NAME.mustache"). */
#include <check.h>
#include <cJSON.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cmd_render.h"
#include "tpl.h"
#include "util.h"

#define MAX_PARTIALS 4

typedef struct partial {
	const char *name, *src;
} partial;

/* Returns a linked set holding main and the partials, or NULL with err. */
static tpl_set *S_set(unsigned flags, const char *main_src, const partial *partials, tpl_error *err)
{
	tpl_set *set = tpl_set_new(flags);
	buf file = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; rc == 0 && partials && i < MAX_PARTIALS && partials[i].name; i++) {
		buf_reset(&file);
		buf_printf(&file, "%s.mustache", partials[i].name);
		rc = tpl_set_add(set, partials[i].name, partials[i].src, strlen(partials[i].src), file.ptr, err);
	}
	buf_release(&file);
	if (rc == 0)
		rc = tpl_set_add(set, "main", main_src, strlen(main_src), "main.mustache", err);
	if (rc == 0)
		rc = tpl_set_link(set, err);
	if (rc != 0) {
		tpl_set_free(set);
		return NULL;
	}
	return set;
}

/* Compiles and renders main with the JSON text as data. Returns 0, or -1
 * with err filled (compile, link or render error). */
static int S_render(unsigned flags, const char *main_src, const partial *partials, const char *json,
                    buf *out, tpl_error *err)
{
	tpl_set *set = S_set(flags, main_src, partials, err);
	if (!set)
		return -1;
	cJSON *data = cJSON_Parse(json ? json : "{}");
	ck_assert_msg(data != NULL, "bad test JSON: %s", json);
	tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
	int rc = tpl_render(tpl_set_get(set, "main"), &tpl_json_provider, &cur, data, out, err);
	cJSON_Delete(data);
	tpl_set_free(set);
	return rc;
}

/* ---- rendering ------------------------------------------------------------- */

typedef struct render_case {
	const char *what;
	unsigned flags;
	const char *tpl;
	partial partials[MAX_PARTIALS];
	const char *json;
	const char *expected;
} render_case;

static const render_case S_renders[] = {
	{ "escaping in spec mode", 0, "{{s}}|{{{s}}}|{{&s}}", { { 0 } }, "{\"s\":\"<a href=\\\"x\\\">'&'</a>\"}",
	  "&lt;a href=&quot;x&quot;&gt;'&amp;'&lt;/a&gt;|<a href=\"x\">'&'</a>|<a href=\"x\">'&'</a>" },
	{ "escaping with TPL_ESCAPE_APOS", TPL_ESCAPE_APOS, "{{s}}|{{{s}}}", { { 0 } }, "{\"s\":\"O'Neil & co\"}",
	  "O&#39;Neil &amp; co|O'Neil & co" },
	{ "numbers", 0, "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}", { { 0 } },
	  "{\"a\":1.21,\"b\":85.0,\"c\":1e20,\"d\":-3,\"e\":0.1,\"f\":123456789012}",
	  "1.21 85 1e+20 -3 0.1 123456789012" },
	{ "scalars", 0, "{{t}} {{f}} [{{n}}] [{{l}}] [{{o}}] [{{missing}}]", { { 0 } },
	  "{\"t\":true,\"f\":false,\"n\":null,\"l\":[1],\"o\":{}}", "true false [] [] [] []" },
	{ "truthiness", 0, "{{#s}}s{{/s}}{{#z}}z{{/z}}{{#n}}n{{/n}}{{#f}}f{{/f}}{{#e}}e{{/e}}{{^e}}!e{{/e}}{{^m}}!m{{/m}}",
	  { { 0 } }, "{\"s\":\"\",\"z\":0,\"n\":null,\"f\":false,\"e\":[]}", "sz!e!m" },
	{ "implicit iterator over nested lists", 0, "{{#l}}{{#.}}{{.}}{{/.}};{{/l}}", { { 0 } },
	  "{\"l\":[[1,2],[3],[]]}", "12;3;;" },
	{ "dotted names", 0, "{{a.b.c}}|{{#a}}{{b.c}}{{/a}}|{{#x}}{{b.c}}{{/x}}", { { 0 } },
	  "{\"a\":{\"b\":{\"c\":\"deep\"}},\"x\":{\"b\":{}},\"b\":{\"c\":\"outer\"}}", "deep|deep|" },
	{ "lookup walks out, dotted rest does not", 0, "{{#a}}{{x}}{{/a}}|{{#a}}{{y.z}}{{/a}}", { { 0 } },
	  "{\"a\":{\"y\":1},\"x\":\"outer\",\"y\":{\"z\":\"no\"}}", "outer|" },
	{ "partial delimiters do not leak to the caller", 0, "{{>p}}|{{x}}",
	  { { "p", "{{=<% %>=}}<%x%>" } }, "{\"x\":\"X\"}", "X|X" },
	{ "caller delimiters do not reach the partial", 0, "{{=<% %>=}}<%>p%>|<%x%>",
	  { { "p", "{{x}}" } }, "{\"x\":\"X\"}", "X|X" },
	{ "nested standalone partials add up", 0, "a\n  {{>p}}\nb\n",
	  { { "p", "x\n  {{>q}}\ny\n" }, { "q", "1\n2\n" } }, NULL, "a\n  x\n    1\n    2\n  y\nb\n" },
	{ "indentation skips blank lines and data", 0, "  {{>p}}\n", { { "p", "a\n\n{{v}}\n" } },
	  "{\"v\":\"1\\n2\"}", "  a\n\n  1\n2\n" },
	{ "inline partial inside an indented one is indented too", 0, "  {{>p}}\n",
	  { { "p", "<{{>q}}>\n" }, { "q", "1\n2" } }, NULL, "  <1\n  2>\n" },
	{ "standalone partial in a section", 0, "{{#l}}\n  {{>p}}\n{{/l}}\n", { { "p", "<{{.}}>\n" } },
	  "{\"l\":[1,2]}", "  <1>\n  <2>\n" },
	{ "inheritance with standalone tags", 0,
	  "{{<base}}\n{{$t}}Page{{/t}}\n{{$c}}\n<p>x</p>\n{{/c}}\n{{/base}}\n",
	  { { "base", "<h>{{$t}}T{{/t}}</h>\n{{$c}}\n  C\n{{/c}}\n" } }, NULL, "<h>Page</h>\n  <p>x</p>\n" },
	{ "block defaults without a parent", 0, "[{{$a}}A{{/a}}]", { { 0 } }, NULL, "[A]" },
	{ "missing parent renders empty in spec mode", 0, "x{{<nope}}{{$a}}A{{/a}}{{/nope}}y", { { 0 } }, NULL, "xy" },
	{ "outermost override wins", 0, "{{<mid}}{{$a}}top{{/a}}{{/mid}}",
	  { { "mid", "{{<base}}{{$a}}mid{{/a}}{{$b}}mid-b{{/b}}{{/base}}" }, { "base", "{{$a}}base{{/a}},{{$b}}base-b{{/b}}" } },
	  NULL, "top,mid-b" },
	{ "dynamic partials", 0, "{{#items}}{{>*kind}}{{/items}}", { { "a", "A{{v}};" }, { "b", "B{{v}};" } },
	  "{\"items\":[{\"kind\":\"a\",\"v\":1},{\"kind\":\"b\",\"v\":2},{\"kind\":\"c\"}]}", "A1;B2;" },
	{ "dynamic parent", 0, "{{<*layout}}{{$x}}X{{/x}}{{/*layout}}", { { "l1", "[{{$x}}d{{/x}}]" } },
	  "{\"layout\":\"l1\"}", "[X]" },
	{ "text inside a parent is ignored", 0, "{{<p}}junk {{x}} {{#s}}{{$a}}no{{/a}}{{/s}}{{$a}}A{{/a}}{{/p}}",
	  { { "p", "({{$a}}d{{/a}})" } }, "{\"x\":1,\"s\":true}", "(A)" },
	{ "comments and CRLF standalone lines", 0, "a\r\n{{! c }}\r\n{{#t}}\r\nb\r\n{{/t}}\r\n", { { 0 } },
	  "{\"t\":true}", "a\r\nb\r\n" },
	{ "null is defined in strict mode", TPL_STRICT, "[{{n}}]{{#missing}}x{{/missing}}{{^missing}}ok{{/missing}}",
	  { { 0 } }, "{\"n\":null}", "[]ok" },
	{ "triple mustache with other delimiters", 0, "{{=<% %>=}}<%{s}%>|<%s%>", { { 0 } }, "{\"s\":\"<\"}", "<|&lt;" },
	{ "utf-8 passes through", 0, "héllo {{s}} ✓", { { 0 } }, "{\"s\":\"wörld\"}", "héllo wörld ✓" },
};

START_TEST(renders)
{
	const render_case *c = &S_renders[_i];
	buf out = BUF_INIT;
	tpl_error err;
	int rc = S_render(c->flags, c->tpl, c->partials, c->json, &out, &err);
	ck_assert_msg(rc == 0, "%s: %s", c->what, err.message);
	ck_assert_msg(strcmp(out.ptr, c->expected) == 0, "%s: expected \"%s\" got \"%s\"", c->what, c->expected, out.ptr);
	buf_release(&out);
}
END_TEST

/* ---- errors ------------------------------------------------------------------ */

typedef struct error_case {
	unsigned flags;
	const char *tpl;
	partial partials[MAX_PARTIALS];
	const char *json;
	const char *expected;   /* the whole message */
} error_case;

static const error_case S_errors[] = {
	/* tpl_set_add */
	{ 0, "a\n  {{#items}}\nx", { { 0 } }, NULL, "main.mustache:2:3: error: unclosed section 'items'" },
	{ 0, "{{^a}}", { { 0 } }, NULL, "main.mustache:1:1: error: unclosed section 'a'" },
	{ 0, "{{#a}}{{#b}}{{/b}}", { { 0 } }, NULL, "main.mustache:1:1: error: unclosed section 'a'" },
	{ 0, "x{{$b}}", { { 0 } }, NULL, "main.mustache:1:2: error: unclosed block 'b'" },
	{ 0, "{{<p}}", { { 0 } }, NULL, "main.mustache:1:1: error: unclosed parent 'p'" },
	{ 0, "{{<*p}}", { { 0 } }, NULL, "main.mustache:1:1: error: unclosed parent '*p'" },
	{ 0, "{{#a}}\n{{/b}}", { { 0 } }, NULL, "main.mustache:2:1: error: section 'a' closed by 'b'" },
	{ 0, "{{$a}}{{/b}}", { { 0 } }, NULL, "main.mustache:1:7: error: block 'a' closed by 'b'" },
	{ 0, "{{<a}}{{/*a}}", { { 0 } }, NULL, "main.mustache:1:7: error: parent 'a' closed by '*a'" },
	{ 0, "x {{/a}}", { { 0 } }, NULL, "main.mustache:1:3: error: closing tag 'a' without an open section" },
	{ 0, "\t{{/x}}", { { 0 } }, NULL, "main.mustache:1:2: error: closing tag 'x' without an open section" },
	{ 0, "é{{#a}}", { { 0 } }, NULL, "main.mustache:1:2: error: unclosed section 'a'" },
	{ 0, "{{!\n\n}}{{/x}}", { { 0 } }, NULL, "main.mustache:3:3: error: closing tag 'x' without an open section" },
	{ 0, "{{=<% %>}}", { { 0 } }, NULL, "main.mustache:1:1: error: set-delimiter tag must end with '='" },
	{ 0, "{{=<%%>=}}", { { 0 } }, NULL,
	  "main.mustache:1:1: error: set-delimiter tag needs two delimiters separated by white space" },
	{ 0, "{{=<% | %>=}}", { { 0 } }, NULL,
	  "main.mustache:1:1: error: set-delimiter tag needs two delimiters separated by white space" },
	{ 0, "{{= =}}", { { 0 } }, NULL,
	  "main.mustache:1:1: error: set-delimiter tag needs two delimiters separated by white space" },
	{ 0, "x\n{{=<%= %>=}}", { { 0 } }, NULL, "main.mustache:2:1: error: delimiter '<%=' contains '='" },
	{ 0, "ab {{name", { { 0 } }, NULL, "main.mustache:1:4: error: unterminated tag: no closing '}}'" },
	{ 0, "{{{name}}", { { 0 } }, NULL, "main.mustache:1:1: error: unterminated tag: no closing '}}}'" },
	{ 0, "{{=<% %>=}}\n<%name", { { 0 } }, NULL, "main.mustache:2:1: error: unterminated tag: no closing '%>'" },
	{ 0, "{{=<% %>=}}\n<%#a%>", { { 0 } }, NULL, "main.mustache:2:1: error: unclosed section 'a'" },
	{ 0, "{{}}", { { 0 } }, NULL, "main.mustache:1:1: error: empty tag name" },
	{ 0, "x {{ }}", { { 0 } }, NULL, "main.mustache:1:3: error: empty tag name" },
	{ 0, "{{#}}{{/}}", { { 0 } }, NULL, "main.mustache:1:1: error: empty tag name" },
	{ 0, "{{>}}", { { 0 } }, NULL, "main.mustache:1:1: error: empty tag name" },
	{ 0, "{{& }}", { { 0 } }, NULL, "main.mustache:1:1: error: empty tag name" },
	{ 0, "{{{}}}", { { 0 } }, NULL, "main.mustache:1:1: error: empty tag name" },
	{ 0, "{{>* }}", { { 0 } }, NULL, "main.mustache:1:1: error: empty tag name" },
	{ 0, "{{a b}}", { { 0 } }, NULL, "main.mustache:1:1: error: invalid tag name 'a b'" },
	{ 0, "{{>my partial}}", { { 0 } }, NULL, "main.mustache:1:1: error: invalid tag name 'my partial'" },
	{ 0, "{{a..b}}", { { 0 } }, NULL, "main.mustache:1:1: error: invalid dotted name 'a..b'" },
	{ 0, "{{#.a}}{{/.a}}", { { 0 } }, NULL, "main.mustache:1:1: error: invalid dotted name '.a'" },
	{ 0, "{{a.}}", { { 0 } }, NULL, "main.mustache:1:1: error: invalid dotted name 'a.'" },
	{ 0, "{{>*x..y}}", { { 0 } }, NULL, "main.mustache:1:1: error: invalid dotted name '*x..y'" },
	{ 0, "ok", { { "p", "\n\n  {{#x}}" } }, NULL, "p.mustache:3:3: error: unclosed section 'x'" },
	/* tpl_set_link, strict */
	{ TPL_STRICT, "x\n {{>nope}}", { { 0 } }, NULL, "main.mustache:2:2: error: partial 'nope' not found" },
	{ TPL_STRICT, "{{<nope}}{{/nope}}", { { 0 } }, NULL, "main.mustache:1:1: error: parent 'nope' not found" },
	{ TPL_STRICT, "ok", { { "p", "{{>q}}" } }, NULL, "p.mustache:1:1: error: partial 'q' not found" },
	/* tpl_render, strict */
	{ TPL_STRICT, "a\n {{user.name}}", { { 0 } }, "{\"user\":{}}",
	  "main.mustache:2:2: error: undefined name 'user.name'" },
	{ TPL_STRICT, "{{{x}}}", { { 0 } }, NULL, "main.mustache:1:1: error: undefined name 'x'" },
	{ TPL_STRICT, "{{#a}}{{&x}}{{/a}}", { { 0 } }, "{\"a\":[1]}", "main.mustache:1:7: error: undefined name 'x'" },
	{ TPL_STRICT, "{{>p}}", { { "p", "x{{y}}" } }, NULL, "p.mustache:1:2: error: undefined name 'y'" },
	{ TPL_STRICT, "{{<p}}{{$b}}{{z}}{{/b}}{{/p}}", { { "p", "{{$b}}{{/b}}" } }, NULL,
	  "main.mustache:1:13: error: undefined name 'z'" },
	{ TPL_STRICT, "{{>*k}}", { { 0 } }, NULL, "main.mustache:1:1: error: undefined name 'k'" },
	{ TPL_STRICT, "{{>*k}}", { { 0 } }, "{\"k\":\"zz\"}",
	  "main.mustache:1:1: error: partial 'zz' not found (dynamic name '*k')" },
	{ TPL_STRICT, "{{<*k}}{{/*k}}", { { 0 } }, "{\"k\":\"zz\"}",
	  "main.mustache:1:1: error: parent 'zz' not found (dynamic name '*k')" },
	{ TPL_STRICT, "{{>*k}}", { { 0 } }, "{\"k\":true}",
	  "main.mustache:1:1: error: dynamic name 'k' is not a string or number" },
	/* tpl_render, any mode */
	{ 0, "{{>main}}", { { 0 } }, NULL,
	  "main.mustache:1:1: error: nested deeper than 4096 levels at render (recursive partial?)" },
	{ 0, "x\n{{#l}}{{>p}}{{/l}}", { { "p", "{{>main}}" } }, "{\"l\":[1]}",
	  "main.mustache:2:7: error: nested deeper than 4096 levels at render (recursive partial?)" },
};

START_TEST(errors)
{
	const error_case *c = &S_errors[_i];
	buf out = BUF_INIT;
	tpl_error err;
	memset(&err, 0, sizeof(err));
	int rc = S_render(c->flags, c->tpl, c->partials, c->json, &out, &err);
	ck_assert_msg(rc == -1, "\"%s\" should fail with \"%s\"", c->tpl, c->expected);
	ck_assert_str_eq(err.message, c->expected);
	buf_release(&out);
}
END_TEST

START_TEST(add_errors)
{
	tpl_set *set = tpl_set_new(0);
	tpl_error err;
	ck_assert_int_eq(tpl_set_add(set, "a", "{{#x}}", 6, "bad.mustache", &err), -1);
	ck_assert_str_eq(err.message, "bad.mustache:1:1: error: unclosed section 'x'");
	/* a failed add leaves the set unchanged: the name is still free */
	ck_assert_int_eq(tpl_set_add(set, "a", "A", 1, "a.mustache", &err), 0);
	ck_assert_int_eq(tpl_set_add(set, "a", "B", 1, "second.mustache", &err), -1);
	ck_assert_str_eq(err.message, "second.mustache:1:1: error: template 'a' is already in the set");
	ck_assert_int_eq(tpl_set_link(set, &err), 0);
	ck_assert_int_eq(tpl_set_add(set, "late", "L", 1, "late.mustache", &err), -1);
	ck_assert_str_eq(err.message, "late.mustache:1:1: error: cannot add template 'late' after tpl_set_link");
	ck_assert_ptr_null(tpl_set_get(set, "late"));
	tpl_set_free(set);
	tpl_set_free(NULL);

	set = tpl_set_new(0);
	ck_assert_int_eq(tpl_set_add(set, "a", "A", 1, "a.mustache", &err), 0);
	buf out = BUF_INIT;
	ck_assert_int_eq(tpl_render(tpl_set_get(set, "a"), &tpl_json_provider, NULL, NULL, &out, &err), -1);
	ck_assert_str_eq(err.message, "a.mustache:1:1: error: template set is not linked");
	buf_release(&out);
	tpl_set_free(set);
}
END_TEST

/* ---- limits ------------------------------------------------------------------- */

/* n sections "{{#a}}<" ... ">{{/a}}" around {{v}}. */
static void S_nested(buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_adds(b, "{{#a}}<");
	buf_adds(b, "{{v}}");
	for (int i = 0; i < n; i++)
		buf_adds(b, ">{{/a}}");
}

START_TEST(thousand_nested_sections)
{
	buf src = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	S_nested(&src, 1000);
	for (int i = 0; i < 1000; i++)
		buf_addc(&want, '<');
	buf_adds(&want, "deep");
	for (int i = 0; i < 1000; i++)
		buf_addc(&want, '>');
	tpl_error err;
	ck_assert_msg(S_render(TPL_STRICT, src.ptr, NULL, "{\"a\":true,\"v\":\"deep\"}", &out, &err) == 0, "%s",
	              err.message);
	ck_assert_str_eq(out.ptr, want.ptr);
	/* and at the limit itself */
	buf_reset(&src);
	buf_reset(&out);
	S_nested(&src, TPL_MAX_DEPTH);
	ck_assert_msg(S_render(0, src.ptr, NULL, "{\"a\":true,\"v\":\"x\"}", &out, &err) == 0, "%s", err.message);
	ck_assert_uint_eq(out.len, 2 * TPL_MAX_DEPTH + 1);
	buf_release(&src);
	buf_release(&out);
	buf_release(&want);
}
END_TEST

START_TEST(too_deep)
{
	buf src = BUF_INIT, out = BUF_INIT, want = BUF_INIT;
	tpl_error err;
	S_nested(&src, TPL_MAX_DEPTH + 1);
	ck_assert_int_eq(S_render(0, src.ptr, NULL, NULL, &out, &err), -1);
	/* each "{{#a}}<" is 7 characters: the failing tag starts after 4096 of them */
	buf_printf(&want, "main.mustache:1:%d: error: sections nested deeper than %d levels", 7 * TPL_MAX_DEPTH + 1,
	           TPL_MAX_DEPTH);
	ck_assert_str_eq(err.message, want.ptr);

	/* at render: two templates nested 3000 deep each, one calling the other */
	buf p = BUF_INIT;
	buf_reset(&src);
	for (int i = 0; i < 3000; i++)
		buf_adds(&src, "{{#a}}");
	buf_adds(&src, "{{>p}}");
	for (int i = 0; i < 3000; i++)
		buf_adds(&src, "{{/a}}");
	buf_adds(&p, src.ptr);
	partial partials[MAX_PARTIALS] = { { "p", p.ptr } };
	ck_assert_int_eq(S_render(0, src.ptr, partials, "{\"a\":true}", &out, &err), -1);
	/* 3000 section frames in main, 1 for the call, the rest in p: the 1096th section of p fails */
	ck_assert_str_eq(err.message, "p.mustache:1:6571: error: nested deeper than 4096 levels at render (recursive partial?)");
	buf_release(&p);
	buf_release(&src);
	buf_release(&out);
	buf_release(&want);
}
END_TEST

START_TEST(ten_megabytes)
{
	static const char line[] = "<li class=\"{{cls}}\">{{name}} {{#flag}}yes{{/flag}}{{^flag}}no{{/flag}} {{{raw}}}</li>\n";
	static const char rendered[] = "<li class=\"c\">A&amp;B yes <r></li>\n";
	buf src = BUF_INIT, want = BUF_INIT, out = BUF_INIT;
	size_t lines = 0;
	while (src.len < 10u * 1024 * 1024) {
		buf_adds(&src, line);
		buf_adds(&want, rendered);
		lines++;
	}
	tpl_set *set = tpl_set_new(TPL_STRICT);
	tpl_error err;
	char *copy = xstrdup(src.ptr);
	ck_assert_msg(tpl_set_add(set, "big", copy, src.len, "big.mustache", &err) == 0, "%s", err.message);
	free(copy); /* the set keeps its own copy of the source */
	ck_assert_int_eq(tpl_set_link(set, &err), 0);
	cJSON *data = cJSON_Parse("{\"cls\":\"c\",\"name\":\"A&B\",\"flag\":true,\"raw\":\"<r>\"}");
	ck_assert_int_eq(tpl_render(tpl_set_get(set, "big"), &tpl_json_provider, NULL, data, &out, &err), 0);
	ck_assert_uint_eq(out.len, want.len);
	ck_assert(memcmp(out.ptr, want.ptr, out.len) == 0);
	ck_assert_uint_gt(lines, 100000);
	cJSON_Delete(data);
	tpl_set_free(set);
	buf_release(&src);
	buf_release(&want);
	buf_release(&out);
}
END_TEST

START_TEST(render_limits)
{
	buf src = BUF_INIT, out = BUF_INIT;
	for (int i = 0; i < 40; i++)
		buf_adds(&src, "{{#l}}");
	buf_adds(&src, "x");
	for (int i = 0; i < 40; i++)
		buf_adds(&src, "{{/l}}");
	tpl_error err;
	tpl_set *set = S_set(0, src.ptr, NULL, &err);
	cJSON *data = cJSON_Parse("{\"l\":[1,2]}");
	const tpl *t = tpl_set_get(set, "main");
	/* 2^40 iterations: only the limits stop it */
	ck_assert_int_eq(tpl_render_limited(t, &tpl_json_provider, NULL, data, &out, 100000, 0, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, ": error: render limit exceeded"));
	buf_reset(&out);
	ck_assert_int_eq(tpl_render_limited(t, &tpl_json_provider, NULL, data, &out, 0, 1000, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.message, ": error: render limit exceeded"));
	ck_assert_uint_le(out.len, 1001);
	cJSON_Delete(data);
	tpl_set_free(set);
	buf_release(&src);
	buf_release(&out);
}
END_TEST

/* ---- compile once, render many ------------------------------------------------- */

static const char S_page[] = "{{<layout}}{{$body}}\n{{#items}}\n  {{>item}}\n{{/items}}\n{{/body}}{{/layout}}\n";
static const partial S_page_partials[MAX_PARTIALS] = {
	{ "layout", "<main>\n  {{$body}}\n  {{/body}}\n</main>\n" },
	{ "item", "<li>{{name}}{{#tags}} #{{.}}{{/tags}}</li>\n" },
};
static const char S_page_json[] =
	"{\"items\":[{\"name\":\"a&b\",\"tags\":[\"x\",\"y\"]},{\"name\":\"c\",\"tags\":[]},{\"name\":\"d\"}]}";
static const char S_page_out[] =
	"<main>\n    <li>a&amp;b #x #y</li>\n    <li>c</li>\n    <li>d</li>\n</main>\n";

START_TEST(render_many_times)
{
	tpl_error err;
	tpl_set *set = S_set(TPL_STRICT | TPL_ESCAPE_APOS, S_page, S_page_partials, &err);
	ck_assert_msg(set != NULL, "%s", err.message);
	const tpl *t = tpl_set_get(set, "main");
	cJSON *data = cJSON_Parse(S_page_json);
	buf out = BUF_INIT;
	for (int i = 0; i < 1000; i++) {
		buf_reset(&out);
		tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
		ck_assert_int_eq(tpl_render(t, &tpl_json_provider, &cur, data, &out, &err), 0);
		ck_assert_str_eq(out.ptr, S_page_out);
	}
	/* appends: the buffer is the caller's */
	ck_assert_int_eq(tpl_render(t, &tpl_json_provider, NULL, data, &out, &err), 0);
	ck_assert_uint_eq(out.len, 2 * strlen(S_page_out));
	cJSON_Delete(data);
	tpl_set_free(set);
	buf_release(&out);
}
END_TEST

typedef struct worker {
	const tpl *t;
	const cJSON *data;
	int ok;
} worker;

static void *S_worker(void *arg)
{
	worker *w = arg;
	buf out = BUF_INIT;
	tpl_error err;
	w->ok = 1;
	for (int i = 0; i < 2000 && w->ok; i++) {
		buf_reset(&out);
		tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
		w->ok = tpl_render(w->t, &tpl_json_provider, &cur, w->data, &out, &err) == 0 &&
		        strcmp(out.ptr, S_page_out) == 0;
	}
	buf_release(&out);
	return NULL;
}

START_TEST(two_threads)
{
	tpl_error err;
	tpl_set *set = S_set(TPL_STRICT | TPL_ESCAPE_APOS, S_page, S_page_partials, &err);
	ck_assert_ptr_nonnull(set);
	cJSON *data = cJSON_Parse(S_page_json);
	worker w[2] = { { tpl_set_get(set, "main"), data, 0 }, { tpl_set_get(set, "main"), data, 0 } };
	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&th[i], NULL, S_worker, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	ck_assert(w[0].ok && w[1].ok);
	cJSON_Delete(data);
	tpl_set_free(set);
}
END_TEST

/* ---- the cJSON provider and escaping ------------------------------------------------ */

START_TEST(json_provider)
{
	const tpl_provider *p = &tpl_json_provider;
	cJSON *v = cJSON_Parse("{\"ab\":1,\"a\":2,\"a\":3,\"n\":null,\"t\":true,\"f\":false,\"s\":\"x\","
	                       "\"l\":[],\"o\":{}}");
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "n")), TPL_NULL);
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "t")), TPL_TRUE);
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "f")), TPL_FALSE);
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "ab")), TPL_NUMBER);
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "s")), TPL_STRING);
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "l")), TPL_LIST);
	ck_assert_int_eq(p->kind(NULL, cJSON_GetObjectItem(v, "o")), TPL_OBJECT);
	ck_assert_int_eq(p->kind(NULL, NULL), TPL_NULL);
	/* keys by length, first match wins, no prefix matches */
	const cJSON *a = p->get(NULL, v, "abc", 1);
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq((int)((const cJSON *)a)->valuedouble, 2);
	ck_assert_ptr_null(p->get(NULL, v, "a\0b", 3));
	ck_assert_ptr_null(p->get(NULL, v, "zz", 2));
	ck_assert_ptr_null(p->get(NULL, cJSON_GetObjectItem(v, "l"), "a", 1));
	ck_assert_uint_eq(p->count(NULL, cJSON_GetObjectItem(v, "l")), 0);
	cJSON_Delete(v);

	/* item() with and without a cursor, in any order, over more lists than slots */
	cJSON *lists[TPL_JSON_CURSOR_SLOTS + 3];
	for (size_t l = 0; l < ARRAY_LEN(lists); l++) {
		lists[l] = cJSON_CreateArray();
		for (int i = 0; i < 50; i++)
			cJSON_AddItemToArray(lists[l], cJSON_CreateNumber((double)(l * 100 + (size_t)i)));
	}
	tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
	unsigned seed = 1;
	for (int k = 0; k < 5000; k++) {
		seed = seed * 1103515245u + 12345u;
		size_t l = (seed >> 8) % ARRAY_LEN(lists);
		size_t i = k % 3 ? (size_t)(k / 3) % 50 : (seed >> 16) % 50; /* mostly sequential */
		const cJSON *x = p->item(&cur, lists[l], i);
		ck_assert_ptr_eq(x, p->item(NULL, lists[l], i));
		ck_assert_int_eq((int)x->valuedouble, (int)(l * 100 + i));
	}
	for (size_t l = 0; l < ARRAY_LEN(lists); l++)
		cJSON_Delete(lists[l]);
}
END_TEST

START_TEST(escape_html)
{
	buf b = BUF_INIT;
	tpl_escape_html(&b, "a<b>&\"'z", 8, 0);
	ck_assert_str_eq(b.ptr, "a&lt;b&gt;&amp;&quot;'z");
	buf_reset(&b);
	tpl_escape_html(&b, "'x'", 3, 1);
	ck_assert_str_eq(b.ptr, "&#39;x&#39;");
	buf_reset(&b);
	tpl_escape_html(&b, "", 0, 1);
	ck_assert_str_eq(b.ptr, "");
	buf_release(&b);
}
END_TEST

/* ---- files: the loader and `fitgen render` --------------------------------------------- */

static char S_tmp[64];

static void S_mktmp(void)
{
	snprintf(S_tmp, sizeof(S_tmp), "/tmp/fitgen-tpl-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(S_tmp));
}

static void S_rmtmp(void)
{
	buf cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf %s", S_tmp);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&cmd);
}

/* Writes text to S_tmp/rel; returns the path (caller frees). */
static char *S_write(const char *rel, const char *text)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", S_tmp, rel);
	FILE *f = fopen(p.ptr, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(text, 1, strlen(text), f);
	fclose(f);
	return buf_detach(&p, NULL);
}

START_TEST(load_dir)
{
	S_mktmp();
	free(S_write("a.mustache", "{{>b}}!"));
	free(S_write("b.mustache", "B{{x}}"));
	free(S_write(".hidden.mustache", "{{#broken"));
	free(S_write("c.txt", "{{#broken"));
	buf sub = BUF_INIT;
	buf_printf(&sub, "%s/d.mustache", S_tmp);
	ck_assert_int_eq(mkdir(sub.ptr, 0700), 0);

	tpl_set *set = tpl_set_new(TPL_STRICT);
	tpl_error err;
	ck_assert_int_eq(tpl_set_load_dir(set, S_tmp, &err), 2);
	ck_assert_int_eq(tpl_set_link(set, &err), 0);
	cJSON *data = cJSON_Parse("{\"x\":1}");
	buf out = BUF_INIT;
	ck_assert_int_eq(tpl_render(tpl_set_get(set, "a"), &tpl_json_provider, NULL, data, &out, &err), 0);
	ck_assert_str_eq(out.ptr, "B1!");
	cJSON_Delete(data);
	tpl_set_free(set);

	/* an error names the file */
	free(S_write("bad.mustache", "x\n{{#x}}"));
	set = tpl_set_new(0);
	buf want = BUF_INIT;
	ck_assert_int_eq(tpl_set_load_dir(set, S_tmp, &err), -1);
	buf_printf(&want, "%s/bad.mustache:2:1: error: unclosed section 'x'", S_tmp);
	ck_assert_str_eq(err.message, want.ptr);
	tpl_set_free(set);

	set = tpl_set_new(0);
	buf_reset(&want);
	buf_printf(&want, "%s/none", S_tmp);
	ck_assert_int_eq(tpl_set_load_dir(set, want.ptr, &err), -1);
	buf_adds(&want, ": error: cannot open folder: No such file or directory");
	ck_assert_str_eq(err.message, want.ptr);
	tpl_set_free(set);

	buf_release(&out);
	buf_release(&want);
	buf_release(&sub);
	S_rmtmp();
}
END_TEST

/* Runs cmd_render with stdout and stderr captured into *out and *err. */
static int S_cli(buf *out, buf *err, const char *a1, const char *a2, const char *a3, const char *a4, const char *a5)
{
	char *argv[7] = { xstrdup("render") };
	int argc = 1;
	const char *args[] = { a1, a2, a3, a4, a5 };
	for (int i = 0; i < 5 && args[i]; i++)
		argv[argc++] = xstrdup(args[i]);
	buf po = BUF_INIT, pe = BUF_INIT;
	buf_printf(&po, "%s/stdout", S_tmp);
	buf_printf(&pe, "%s/stderr", S_tmp);
	fflush(stdout);
	fflush(stderr);
	int so = dup(1), se = dup(2);
	int fo = open(po.ptr, O_WRONLY | O_CREAT | O_TRUNC, 0600), fe = open(pe.ptr, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(fo, 1);
	dup2(fe, 2);
	int rc = cmd_render(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	close(fo);
	close(fe);
	size_t n;
	char *text = read_file(po.ptr, &n);
	buf_reset(out);
	buf_add(out, text, n);
	free(text);
	text = read_file(pe.ptr, &n);
	buf_reset(err);
	buf_add(err, text, n);
	free(text);
	buf_release(&po);
	buf_release(&pe);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}

START_TEST(cli)
{
	S_mktmp();
	char *page = S_write("page.mustache", "{{<layout}}{{$b}}Hi {{name}}{{/b}}{{/layout}}");
	free(S_write("layout.mustache", "[{{$b}}{{/b}}]\n"));
	char *data = S_write("d.json", "{\"name\":\"O'Neil <b>\"}");
	char *bad = S_write("bad.json", "{\"a\":\n  tru}");
	char *trailing = S_write("trailing.json", "{} x");
	char *undef = S_write("undef.mustache", "x\n{{nope}}");
	buf out = BUF_INIT, err = BUF_INIT, want = BUF_INIT;

	ck_assert_int_eq(S_cli(&out, &err, page, data, NULL, NULL, NULL), 0);
	ck_assert_str_eq(out.ptr, "[Hi O'Neil &lt;b&gt;]\n");
	ck_assert_str_eq(err.ptr, "");
	ck_assert_int_eq(S_cli(&out, &err, "--escape-apos", page, data, "--strict", NULL), 0);
	ck_assert_str_eq(out.ptr, "[Hi O&#39;Neil &lt;b&gt;]\n");

	ck_assert_int_eq(S_cli(&out, &err, page, bad, NULL, NULL, NULL), 1);
	buf_printf(&want, "%s:2:3: error: invalid JSON\n", bad);
	ck_assert_str_eq(err.ptr, want.ptr);
	ck_assert_str_eq(out.ptr, "");
	ck_assert_int_eq(S_cli(&out, &err, page, trailing, NULL, NULL, NULL), 1);
	buf_reset(&want);
	buf_printf(&want, "%s:1:4: error: invalid JSON\n", trailing);
	ck_assert_str_eq(err.ptr, want.ptr);

	ck_assert_int_eq(S_cli(&out, &err, undef, data, NULL, NULL, NULL), 0);
	ck_assert_str_eq(out.ptr, "x\n");
	ck_assert_int_eq(S_cli(&out, &err, undef, data, "--strict", NULL, NULL), 1);
	buf_reset(&want);
	buf_printf(&want, "%s:2:1: error: undefined name 'nope'\n", undef);
	ck_assert_str_eq(err.ptr, want.ptr);

	/* --partials: the layout comes from elsewhere */
	buf other = BUF_INIT;
	buf_printf(&other, "%s/other", S_tmp);
	ck_assert_int_eq(mkdir(other.ptr, 0700), 0);
	free(S_write("other/layout.mustache", "<{{$b}}{{/b}}>"));
	ck_assert_int_eq(S_cli(&out, &err, page, data, "--partials", other.ptr, NULL), 0);
	ck_assert_str_eq(out.ptr, "<Hi O'Neil &lt;b&gt;>");

	ck_assert_int_eq(S_cli(&out, &err, "--help", NULL, NULL, NULL, NULL), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "usage: fitgen render TEMPLATE DATA.json"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "--escape-apos"));
	ck_assert_int_eq(S_cli(&out, &err, page, NULL, NULL, NULL, NULL), 2);
	ck_assert_ptr_nonnull(strstr(err.ptr, "usage:"));
	ck_assert_int_eq(S_cli(&out, &err, page, data, "--bogus", NULL, NULL), 2);
	ck_assert_int_eq(S_cli(&out, &err, page, data, "x", NULL, NULL), 2);
	ck_assert_int_eq(S_cli(&out, &err, page, data, "--partials", NULL, NULL), 2);

	free(page);
	free(data);
	free(bad);
	free(trailing);
	free(undef);
	buf_release(&other);
	buf_release(&out);
	buf_release(&err);
	buf_release(&want);
	S_rmtmp();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tpl");
	TCase *tc = tcase_create("render");
	tcase_add_loop_test(tc, renders, 0, (int)ARRAY_LEN(S_renders));
	tcase_add_test(tc, render_many_times);
	tcase_add_test(tc, two_threads);
	tcase_add_test(tc, json_provider);
	tcase_add_test(tc, escape_html);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, errors, 0, (int)ARRAY_LEN(S_errors));
	tcase_add_test(tc, add_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_set_timeout(tc, 120); /* the 10 MB template under valgrind */
	tcase_add_test(tc, thousand_nested_sections);
	tcase_add_test(tc, too_deep);
	tcase_add_test(tc, ten_megabytes);
	tcase_add_test(tc, render_limits);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_test(tc, load_dir);
	tcase_add_test(tc, cli);
	suite_add_tcase(s, tc);

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
