/* test_util.c - buffers, escaping for each output context, page-context JSON,
 * number formatting, the writer's path rule, and the JSON syntax explainer. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ctx.h"
#include "escape.h"
#include "fmt.h"
#include "jsonsyntax.h"
#include "writer.h"

START_TEST(buf_basics)
{
	buf b = BUF_INIT;
	ck_assert_str_eq(b.ptr, "");
	buf_adds(&b, "abc");
	buf_printf(&b, "-%d-", 42);
	buf_addc(&b, 'z');
	ck_assert_str_eq(b.ptr, "abc-42-z");
	ck_assert_uint_eq(b.len, 8);
	buf_truncate(&b, 3);
	ck_assert_str_eq(b.ptr, "abc");
	size_t len;
	char *s = buf_detach(&b, &len);
	ck_assert_str_eq(s, "abc");
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(b.ptr, "");
	free(s);
	for (int i = 0; i < 100000; i++)
		buf_addc(&b, 'x');
	ck_assert_uint_eq(b.len, 100000);
	buf_release(&b);
}
END_TEST

typedef struct esc_case { const char *in; const char *json; const char *xml; const char *url; } esc_case;

static const esc_case S_esc[] = {
	{ "plain", "\"plain\"", "plain", "plain" },
	{ "</script><!--", "\"\\u003c/script\\u003e\\u003c!--\"", "&lt;/script&gt;&lt;!--", "%3C%2Fscript%3E%3C%21--" },
	{ "a\"b'c&d", "\"a\\\"b'c\\u0026d\"", "a&quot;b&apos;c&amp;d", "a%22b%27c%26d" },
	{ "line\u2028sep\u2029", "\"line\\u2028sep\\u2029\"", "line\u2028sep\u2029", "line%E2%80%A8sep%E2%80%A9" },
	{ "tab\tnl\n\x01", "\"tab\\tnl\\n\\u0001\"", "tab\tnl\n\x01", "tab%09nl%0A%01" },
	{ "caf\xc3\xa9 \xff", "\"caf\xc3\xa9 \\ufffd\"", "caf\xc3\xa9 \xff", "caf%C3%A9%20%FF" },
	{ "javascript:alert(1)", "\"javascript:alert(1)\"", "javascript:alert(1)", "javascript%3Aalert%281%29" },
};

START_TEST(escaping)
{
	const esc_case *c = &S_esc[_i];
	buf b = BUF_INIT;
	esc_json_string(&b, c->in, strlen(c->in));
	ck_assert_str_eq(b.ptr, c->json);
	buf_reset(&b);
	esc_xml(&b, c->in, strlen(c->in));
	ck_assert_str_eq(b.ptr, c->xml);
	buf_reset(&b);
	esc_url_segment(&b, c->in, strlen(c->in));
	ck_assert_str_eq(b.ptr, c->url);
	buf_release(&b);
}
END_TEST

START_TEST(ctx_json)
{
	arena a;
	arena_init(&a);
	cval *o = ctx_obj(&a);
	ctx_set_str(&a, o, "name", "</script>");
	ctx_set_num(&a, o, "n", 3);
	ctx_set_num(&a, o, "x", 0.5);
	ctx_set_bool(&a, o, "ok", true);
	ctx_set_lit(&a, o, "none", NULL);
	cval *l = ctx_set_list(&a, o, "list");
	for (int i = 0; i < 20; i++)
		ctx_push(&a, l, ctx_num(&a, i));
	buf b = BUF_INIT;
	ctx_to_json(o, &b, false);
	ck_assert_str_eq(b.ptr, "{\"name\":\"\\u003c/script\\u003e\",\"n\":3,\"x\":0.5,\"ok\":true,\"none\":null,"
	                        "\"list\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]}");
	ck_assert_ptr_eq(ctx_get(o, "n"), ctx_get(o, "n"));
	ck_assert_ptr_null(ctx_get(o, "missing"));
	/* A value bigger than an arena block still works. */
	char *big = malloc(200000);
	memset(big, 'q', 199999);
	big[199999] = '\0';
	cval *v = ctx_set_str(&a, o, "big", big);
	ck_assert_uint_eq(v->len, 199999);
	free(big);
	arena_reset(&a);
	cval *o2 = ctx_obj(&a);
	ck_assert_ptr_nonnull(o2);
	buf_release(&b);
	arena_release(&a);
}
END_TEST

START_TEST(formatting)
{
	char t[FMT_LEN];
	const double gib = 1024.0 * 1024.0 * 1024.0;
	ck_assert_str_eq(fmt_gib(t, 4.9 * gib), "4.9 GiB");
	ck_assert_str_eq(fmt_gib(t, 243.4 * gib), "243 GiB");
	ck_assert_str_eq(fmt_gib(t, 0.25 * gib), "0.25 GiB");
	ck_assert_str_eq(fmt_tok_s(t, 41.3), "41 tok/s");
	ck_assert_str_eq(fmt_tok_s(t, 3.25), "3.2 tok/s");
	ck_assert_str_eq(fmt_tok_s(t, 0), "—");
	ck_assert_str_eq(fmt_ms(t, 180), "180 ms");
	ck_assert_str_eq(fmt_ms(t, 2400), "2.4 s");
	ck_assert_str_eq(fmt_ms(t, 186000), "3.1 min");
	ck_assert_str_eq(fmt_tokens(t, 8192), "8K");
	ck_assert_str_eq(fmt_tokens(t, 131072), "128K");
	ck_assert_str_eq(fmt_tokens(t, 1048576), "1M");
	ck_assert_str_eq(fmt_tokens(t, 32000), "32K");
	ck_assert_str_eq(fmt_tokens(t, 500), "500");
	ck_assert_str_eq(fmt_params(t, 8.03), "8.03B");
	ck_assert_str_eq(fmt_params(t, 405), "405B");
	ck_assert_str_eq(fmt_params(t, 0.135), "135M");
	ck_assert_str_eq(fmt_params(t, 1026), "1T");
	ck_assert_str_eq(fmt_pct(t, 0.372), "37%");
}
END_TEST

START_TEST(safe_paths)
{
	ck_assert(writer_path_is_safe("index.html"));
	ck_assert(writer_path_is_safe("llama-3.1-8b/on/rtx-4090/index.html"));
	ck_assert(!writer_path_is_safe(""));
	ck_assert(!writer_path_is_safe("/etc/passwd"));
	ck_assert(!writer_path_is_safe("../x"));
	ck_assert(!writer_path_is_safe("a/../../x"));
	ck_assert(!writer_path_is_safe("a//b"));
	ck_assert(!writer_path_is_safe("a/./b"));
	ck_assert(!writer_path_is_safe("a/b/"));
	ck_assert(!writer_path_is_safe("a\\b"));
}
END_TEST

typedef struct syn_case { const char *text; int line, col; const char *msg; } syn_case;

static const syn_case S_syn[] = {
	{ "{\"a\": 1}", 0, 0, "" },
	{ "{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'" },
	{ "{\n  \"a\": [1, 2,]\n}", 2, 14, "trailing comma before ']'" },
	{ "{\"a\" 1}", 1, 6, "expected ':' after the key" },
	{ "{a: 1}", 1, 2, "expected a string key in double quotes" },
	{ "{\"a\": tru}", 1, 7, "unexpected character: expected a value" },
	{ "{\"a\": \"x}", 1, 10, "unterminated string, found end of file" },
	{ "{\"a\": 01}", 1, 8, "invalid number: no leading zeros (write 22, not 022)" },
	{ "{\"a\": 1.}", 1, 9, "invalid number: expected digits after '.'" },
	{ "{\"a\": \"\\q\"}", 1, 9, "invalid escape in string" },
	{ "{} x", 1, 4, "unexpected content after the JSON value" },
	{ "", 1, 1, "expected a value, found end of file" },
	/* found by fuzz_load: cJSON rejects unpaired UTF-16 surrogates */
	{ "[\"\\ud83d\\ude00\"]", 0, 0, "" },
	{ "[\"\\ud800\"]", 1, 4, "invalid \\u escape: high surrogate not followed by a \\u low surrogate" },
	{ "[\"\\ud800\\u0041\"]", 1, 4, "invalid \\u escape: high surrogate not followed by a \\u low surrogate" },
	{ "[\"a\\uDC00\"]", 1, 5, "invalid \\u escape: low surrogate without a high surrogate before it" },
	{ "\xEF\xBB\xBF{}", 1, 1, "byte order mark at the start: save the file as UTF-8 without BOM" },
};

START_TEST(json_syntax)
{
	const syn_case *c = &S_syn[_i];
	json_syntax_error e;
	int rc = json_syntax_check(c->text, strlen(c->text), &e);
	ck_assert_int_eq(rc, c->line ? -1 : 0);
	ck_assert_int_eq(e.line, c->line);
	ck_assert_int_eq(e.col, c->col);
	ck_assert_str_eq(e.message, c->msg);
}
END_TEST

/* Objects past CTX_INDEX_AT members are looked up through a hash index:
 * every member is still found (by ctx_get, the provider's get and its
 * hashed get), the first of two equal keys wins, ctx_put replaces in place,
 * and absent names stay absent. */
START_TEST(ctx_index)
{
	static const char *const keys[] = { "a", "b", "name", "root", "v", "title", "quant", "decode",
	                                    "ttft", "context", "fit", "grade", "headline", "x1", "x2",
	                                    "x3", "x4", "x5", "x6", "x7", "x8", "x9", "y1", "y2", "y3",
	                                    "y4", "y5", "y6", "y7", "y8", "y9", "z1", "z2", "z3", "z4" };
	arena a;
	arena_init(&a);
	for (size_t n = 1; n <= sizeof(keys) / sizeof(keys[0]); n++) {
		cval *o = ctx_obj(&a);
		for (size_t i = 0; i < n; i++)
			ctx_set_num(&a, o, keys[i], (double)i);
		ck_assert_int_eq(o->index != NULL, n >= CTX_INDEX_AT);
		for (size_t i = 0; i < n; i++) {
			const cval *got = ctx_get(o, keys[i]);
			ck_assert_ptr_nonnull(got);
			ck_assert_double_eq(got->num, (double)i);
			size_t len = strlen(keys[i]);
			ck_assert_ptr_eq(ctx_provider.get(NULL, o, keys[i], len), got);
			ck_assert_ptr_eq(ctx_provider.get_hashed(NULL, o, keys[i], len, tpl_name_hash(keys[i], len)), got);
		}
		ck_assert_ptr_null(ctx_get(o, "absent"));
		ck_assert_ptr_null(ctx_provider.get_hashed(NULL, o, "nam", 3, tpl_name_hash("nam", 3)));
		/* a second "a": the first stays the one found */
		ctx_set_num(&a, o, "a", 99);
		ck_assert_double_eq(ctx_get(o, "a")->num, 0);
		ctx_put(&a, o, "a", ctx_num(&a, 7));
		ck_assert_double_eq(ctx_get(o, "a")->num, 7);
	}
	arena_release(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");
	tcase_add_test(tc, buf_basics);
	tcase_add_loop_test(tc, escaping, 0, (int)(sizeof(S_esc) / sizeof(S_esc[0])));
	tcase_add_test(tc, ctx_json);
	tcase_add_test(tc, ctx_index);
	tcase_add_test(tc, formatting);
	tcase_add_test(tc, safe_paths);
	tcase_add_loop_test(tc, json_syntax, 0, (int)(sizeof(S_syn) / sizeof(S_syn[0])));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
