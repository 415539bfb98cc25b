/* test_load.c - the loader: a valid fixture loads with the right values, and
 * every validation rule reports the file, the JSON path and the problem.
 *
 * Each bad case copies tests/fixtures/catalog to a temporary folder, replaces
 * or patches one file, loads it, and asserts that the exact message (with the
 * temporary folder's prefix removed) is among the diagnostics. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "load.h"
#include "util.h"

#define FIXTURE "tests/fixtures/catalog"

static char S_tmp[256];

static void S_copy_fixture(void)
{
	snprintf(S_tmp, sizeof(S_tmp), "/tmp/fitgen-load-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(S_tmp));
	buf cmd = BUF_INIT;
	buf_printf(&cmd, "cp -r %s/. %s/", FIXTURE, S_tmp);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&cmd);
}

static void S_remove_tmp(void)
{
	buf cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf %s", S_tmp);
	ck_assert_int_eq(system(cmd.ptr), 0);
	buf_release(&cmd);
}

static void S_write(const char *rel, const char *text)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", S_tmp, rel);
	FILE *f = fopen(p.ptr, "wb");
	ck_assert_ptr_nonnull(f);
	fwrite(text, 1, strlen(text), f);
	fclose(f);
	buf_release(&p);
}

/* Replaces the first occurrence of `from` with `to` in file rel. */
static void S_patch(const char *rel, const char *from, const char *to)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/%s", S_tmp, rel);
	size_t len;
	char *text = read_file(p.ptr, &len);
	ck_assert_ptr_nonnull(text);
	char *at = strstr(text, from);
	ck_assert_msg(at != NULL, "patch target '%s' not in %s", from, rel);
	buf out = BUF_INIT;
	buf_add(&out, text, (size_t)(at - text));
	buf_adds(&out, to);
	buf_adds(&out, at + strlen(from));
	S_write(rel, out.ptr);
	buf_release(&out);
	buf_release(&p);
	free(text);
}

START_TEST(loads_fixture)
{
	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, FIXTURE, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.items[i]);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(diag_count(&d), 0);
	ck_assert_uint_eq(cat.n_models, 6);
	ck_assert_uint_eq(cat.n_hardware, 5);
	ck_assert_uint_eq(cat.n_hosts, 3);
	long mi = catalog_find_model(&cat, "tinyllama-1.1b");
	ck_assert_int_ge(mi, 0);
	const model *m = &cat.models[mi];
	ck_assert_str_eq(m->slug, "tinyllama-1.1b");
	ck_assert_int_eq(m->layers, 22);
	ck_assert_int_eq(m->kv_heads, 4);
	ck_assert_int_eq(m->head_dim_k, 64); /* 2048 / 32, derived */
	ck_assert_int_eq(m->head_dim_v, 64);
	ck_assert_int_eq(m->kv_layers, 22);
	ck_assert(m->active_params_b == m->params_b);
	ck_assert_ptr_nonnull(strstr(m->description_html, "<strong>Strengths:</strong>"));
	/* Sorted by slug, so the order is the same on every machine. */
	for (size_t i = 1; i < cat.n_models; i++)
		ck_assert(strcmp(cat.models[i - 1].slug, cat.models[i].slug) < 0);
	for (size_t i = 1; i < cat.n_hardware; i++)
		ck_assert(strcmp(cat.hardware[i - 1].slug, cat.hardware[i].slug) < 0);
	ck_assert_str_eq(cat.hardware[0].slug, "apple-m1-8gb");
	ck_assert_int_eq(cat.hardware[0].host, -1); /* unified: no offload host */
	const hardware *xtx = &cat.hardware[catalog_find_hardware(&cat, "radeon-rx-7900-xtx")];
	ck_assert_str_eq(cat.hosts[xtx->host].slug, "desktop");
	ck_assert_str_eq(cat.hosts[cat.hardware[catalog_find_hardware(&cat, "h100-sxm")].host].slug, "server");
	const quant *q4 = &cat.quants[catalog_find_quant(&cat, "Q4_K_M")];
	ck_assert(q4->family == QF_GGUF);
	ck_assert(q4->bpw > 4.8 && q4->bpw < 5.0);
	ck_assert(cat.quants[catalog_find_quant(&cat, "BF16")].kld < 0); /* absent → unknown */
	/* MoE and MLA fields */
	const model *ds = &cat.models[catalog_find_model(&cat, "deepseek-v3")];
	ck_assert(ds->attention == ATTN_MLA);
	ck_assert_int_eq(ds->kv_lora_rank, 512);
	ck_assert_int_eq(ds->rope_dim, 64);
	ck_assert(ds->experts_total == 256 && ds->experts_per_token == 8 && ds->experts_shared == 1);
	ck_assert(ds->active_params_b < ds->params_b);
	ck_assert_str_eq(cat.site.base_url, "https://fitatlas.example.org");
	catalog_release(&cat);
	diag_release(&d);
}
END_TEST

typedef struct bad_case {
	const char *file;     /* relative to the data folder */
	const char *from;     /* text to replace (NULL: write `to` as the whole file) */
	const char *to;
	const char *expect;   /* a whole diagnostic, after the folder prefix */
} bad_case;

#define M "models/tinyllama-1.1b.json"
#define H "hardware/radeon-rx-7900-xtx.json"
/* DeepSeek V4-style layout for the fixture's 22 layers: every layer windowed,
 * then compressed rows at 4 and 128 tokens per row in turn after the first two */
#define SW22 "\"attention\": \"sliding\", \"sliding_window\": {\"window\": 128, \"layers\": 22}"
#define R22 "0, 0, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128"

static const bad_case S_bad[] = {
	/* syntax, with line and column of the offending byte */
	{ M, "\"family\": \"TinyLlama\",", "\"family\": \"TinyLlama\"", "/" M ":5:3: error: expected ',' or '}'" },
	{ M, "\"layers\": 22,", "\"layers\": 22,,", "/" M ":9:16: error: expected a string key in double quotes" },
	{ "workloads.json", NULL, "[{\"slug\": \"chat\"", "/workloads.json:1:17: error: expected ',' or '}', found end of file" },
	/* strict JSON: what cJSON alone would let through */
	{ M, "\"layers\": 22,", "\"layers\": 022,", "/" M ":9:14: error: invalid number: no leading zeros (write 22, not 022)" },
	{ M, "\"params_b\": 1.1,", "\"params_b\": 1.,", "/" M ":8:17: error: invalid number: expected digits after '.'" },
	{ M, "\"family\": \"TinyLlama\"", "\"family\": \"Tiny\tLlama\"", "/" M ":4:18: error: control character in string (escape it)" },
	{ M, "\"licence\": \"Apache-2.0\"", "\"licence\": \"Apache\\u0000\"", "/" M ":7:21: error: NUL characters are not allowed in data" },
	/* types, ranges, required fields */
	{ M, "\"layers\": 22", "\"layers\": \"22\"", "/" M ": error: $.layers: expected an integer, got a string" },
	{ M, "\"layers\": 22", "\"layers\": 1000000", "/" M ": error: $.layers: 1e+06 is out of range: expected 1 to 1000" },
	{ M, "\"layers\": 22", "\"layers\": 22.5", "/" M ": error: $.layers: expected an integer, got 22.5" },
	{ M, "\"params_b\": 1.1", "\"params_b\": -1.1", "/" M ": error: $.params_b: -1.1 is out of range: expected 0.01 to 5000" },
	{ M, "\"kv_heads\": 4", "\"kv_heads\": 64", "/" M ": error: $.kv_heads: 64 KV heads exceed the 32 attention heads" },
	{ M, "\"kv_heads\": 4", "\"kv_heads\": 5", "/" M ": error: $.kv_heads: attention_heads 32 is not a multiple of kv_heads 5" },
	{ M, "\"vocab_size\": 32000,", "", "/" M ": error: $.vocab_size: missing required field 'vocab_size'" },
	{ M, "\"layers\": 22", "\"layers\": 22, \"paramz\": 3", "/" M ": error: $.paramz: unknown field 'paramz'" },
	{ M, "\"layers\": 22", "\"layers\": 22, \"layers\": 23", "/" M ": error: $.layers: duplicate key 'layers'" },
	{ M, "\"params_b\": 1.1", "\"params_b\": 1.1, \"active_params_b\": 2, \"experts\": {\"total\": 8, \"per_token\": 2}",
	  "/" M ": error: $.active_params_b: 2 exceeds params_b 1.1" },
	{ M, "\"params_b\": 1.1", "\"params_b\": 1.1, \"active_params_b\": 0.5, \"experts\": {\"total\": 8, \"per_token\": 9}",
	  "/" M ": error: $.experts.per_token: 9 exceeds experts.total 8" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"sliding\"", "/" M ": error: $.sliding_window: required when attention is \"sliding\"" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"mla\"", "/" M ": error: $.mla: required when attention is \"mla\"" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"linear\"", "/" M ": error: $.attention: unknown layout \"linear\": expected full, sliding, mla or hybrid" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"full\", \"global_attention\": {\"kv_heads\": 2, \"head_dim\": 128}",
	  "/" M ": error: $.global_attention: only allowed with sliding_window (full or sliding layout)" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"sliding\", \"sliding_window\": {\"window\": 1024, \"layers\": 18}, \"global_attention\": {\"kv_heads\": 5, \"head_dim\": 128}",
	  "/" M ": error: $.global_attention.kv_heads: attention_heads 32 is not a multiple of 5" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"sliding\", \"sliding_window\": {\"window\": 1024, \"layers\": 18}, \"global_attention\": {\"kv_heads\": 2}",
	  "/" M ": error: $.global_attention.head_dim: missing required field 'head_dim'" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"sliding\", \"sliding_window\": {\"window\": 1024, \"layers\": 22}, \"global_attention\": {\"kv_heads\": 2, \"head_dim\": 128}",
	  "/" M ": error: $.global_attention: every KV layer is windowed, so no layer uses it" },
	{ M, "\"attention\": \"full\"", "\"attention\": \"full\", \"kv_compression\": {\"ratios\": [" R22 "]}",
	  "/" M ": error: $.kv_compression: needs attention \"sliding\" with every layer windowed (sliding_window.layers = layers)" },
	{ M, "\"attention\": \"full\"", SW22 ", \"kv_compression\": {\"ratios\": [0, 4]}",
	  "/" M ": error: $.kv_compression.ratios: 2 entries for 22 layers: give one ratio per layer" },
	{ M, "\"attention\": \"full\"", SW22 ", \"kv_compression\": {\"ratios\": [0, 1, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128, 4, 128]}",
	  "/" M ": error: $.kv_compression.ratios[1]: 1 is out of range: expected 0 (window only) or 2 to 65536" },
	{ M, "\"attention\": \"full\"", SW22 ", \"kv_compression\": {\"ratios\": [" R22 "], \"indexer\": {\"ratio\": 8, \"head_dim\": 128}}",
	  "/" M ": error: $.kv_compression.indexer.ratio: no layer has ratio 8" },
	{ M, "\"attention\": \"full\"", SW22 ", \"kv_compression\": {\"indexer\": {\"ratio\": 4, \"head_dim\": 128}}",
	  "/" M ": error: $.kv_compression.ratios: missing required field 'ratios'" },
	/* cross references and identity */
	{ M, "\"formats\": [\n    \"BF16\"", "\"formats\": [\n    \"BF16\", \"Q9_X\"", "/" M ": error: $.formats[1]: quantization \"Q9_X\" is not defined in quants.json" },
	{ M, "\"native_format\": \"BF16\"", "\"native_format\": \"IQ1_S\"", "/" M ": error: $.formats: must include native_format \"IQ1_S\"" },
	{ M, "\"slug\": \"tinyllama-1.1b\"", "\"slug\": \"../etc\"", "/" M ": error: $.slug: invalid slug \"../etc\": expected [a-z0-9][a-z0-9.-]*, at most 80 characters, no '..'" },
	{ M, "\"slug\": \"tinyllama-1.1b\"", "\"slug\": \"Tiny Llama\"", "/" M ": error: $.slug: invalid slug \"Tiny Llama\": expected [a-z0-9][a-z0-9.-]*, at most 80 characters, no '..'" },
	{ M, "\"slug\": \"tinyllama-1.1b\"", "\"slug\": \"tinyllama\"", "/" M ": error: $.slug: \"tinyllama\" does not match the file name \"tinyllama-1.1b.json\"" },
	{ M, "\"source\": \"https://", "\"source\": \"javascript://", "/" M ": error: $.source: expected an http(s) URL without spaces or quotes, got \"javascript://github.com/mlc-ai/mlc-llm/blob/79d603f085f50500e9509fa01785ffa7ecfaaa93/python/mlc_llm/model/model_preset.py\"" },
	{ M, "\"release_date\": \"2023-12\"", "\"release_date\": \"Dec 2023\"", "/" M ": error: $.release_date: expected a date YYYY-MM-DD or YYYY-MM, got \"Dec 2023\"" },
	{ H, "\"memory_gb\": 24", "\"memory_gb\": 0", "/" H ": error: $.memory_gb: 0 is out of range: expected 0.5 to 4096" },
	{ H, "\"kind\": \"consumer_gpu\"", "\"kind\": \"gpu\"", "/" H ": error: $.kind: unknown kind \"gpu\": expected consumer_gpu, workstation_gpu, datacenter, unified or cpu" },
	{ H, "\"ROCm\",", "\"ROCm\", \"OpenCL\",", "/" H ": error: $.backends[1]: unknown backend: expected CUDA, ROCm, Metal, Vulkan, SYCL or CPU" },
	{ H, "\"bandwidth_gbs\": 960", "\"bandwidth_gbs\": 1e999", "/" H ": error: $.bandwidth_gbs: expected a finite number" },
	{ H, "\"vendor\": \"AMD\",", "\"vendor\": \"AMD\", \"host\": \"laptop\",", "/" H ": error: $.host: host profile \"laptop\" is not defined in site.json" },
	{ "quants.json", "\"name\": \"BF16\"", "\"name\": \"F32\"", "/quants.json: error: $[1].name: duplicate quantization \"F32\" (first at $[0])" },
	{ "quants.json", "\"family\": \"gguf\"", "\"family\": \"ggml\"", "/quants.json: error: $[3].family: unknown family \"ggml\": expected float, gguf, mlx, awq, gptq, fp8, nvfp4 or mxfp4" },
	{ "site.json", "\"rtx-4090\"", "\"rtx-9999\"", "/site.json: error: $.popular[0]: hardware \"rtx-9999\" is not in data/hardware" },
	{ "site.json", "\"base_url\": \"https://fitatlas.example.org\"", "\"base_url\": \"fitatlas.example.org\"", "/site.json: error: $.base_url: expected an http(s) URL without spaces or quotes, got \"fitatlas.example.org\"" },
	/* found by fuzz_load: an entry that failed validation (no name or slug)
	 * is skipped by the look-ups instead of crashing them, and an unpaired
	 * surrogate, which cJSON rejects, is explained */
	{ "quants.json", "\"name\": \"F32\",", "", "/quants.json: error: $[0].name: missing required field 'name'" },
	{ "site.json", "\"slug\": \"desktop\",", "", "/site.json: error: $.hosts[0].slug: missing required field 'slug'" },
	{ M, "\"licence\": \"Apache-2.0\"", "\"licence\": \"Apache\\ud800\"", "/" M ":7:22: error: invalid \\u escape: high surrogate not followed by a \\u low surrogate" },
};

/* Gemma 4-style layers: the windowed ones use kv_heads/head_dim, the global
 * ones their own (global_attention). */
START_TEST(loads_global_attention)
{
	S_copy_fixture();
	S_patch(M, "\"attention\": \"full\"",
	        "\"attention\": \"sliding\", \"sliding_window\": {\"window\": 1024, \"layers\": 18}, "
	        "\"global_attention\": {\"kv_heads\": 2, \"head_dim\": 128}");
	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, S_tmp, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.items[i]);
	ck_assert_int_eq(rc, 0);
	const model *m = &cat.models[catalog_find_model(&cat, "tinyllama-1.1b")];
	ck_assert(m->attention == ATTN_SLIDING);
	ck_assert_int_eq(m->sliding_layers, 18);
	ck_assert_int_eq(m->kv_heads, 4);
	ck_assert_int_eq(m->head_dim_k, 64);
	ck_assert_int_eq(m->global_kv_heads, 2);
	ck_assert_int_eq(m->global_head_dim, 128);
	/* without the object the fields stay 0 (same as the windowed layers) */
	ck_assert_int_eq(cat.models[catalog_find_model(&cat, "gpt-oss-20b")].global_kv_heads, 0);
	catalog_release(&cat);
	diag_release(&d);
	S_remove_tmp();
}
END_TEST

/* DeepSeek V4-style compressed KV: the per-layer ratios are tallied by value. */
START_TEST(loads_kv_compression)
{
	S_copy_fixture();
	S_patch(M, "\"attention\": \"full\"",
	        SW22 ", \"kv_compression\": {\"ratios\": [" R22 "], \"indexer\": {\"ratio\": 4, \"head_dim\": 128}}");
	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, S_tmp, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.items[i]);
	ck_assert_int_eq(rc, 0);
	const model *m = &cat.models[catalog_find_model(&cat, "tinyllama-1.1b")];
	ck_assert(m->attention == ATTN_SLIDING);
	ck_assert_int_eq(m->sliding_window, 128);
	ck_assert_int_eq(m->kvc_kinds, 2);
	ck_assert_int_eq(m->kvc_ratio[0], 4);
	ck_assert_int_eq(m->kvc_layers[0], 10);
	ck_assert_int_eq(m->kvc_ratio[1], 128);
	ck_assert_int_eq(m->kvc_layers[1], 10);
	ck_assert_int_eq(m->indexer_ratio, 4);
	ck_assert_int_eq(m->indexer_dim, 128);
	/* without the object nothing is compressed */
	ck_assert_int_eq(cat.models[catalog_find_model(&cat, "gpt-oss-20b")].kvc_kinds, 0);
	catalog_release(&cat);
	diag_release(&d);
	S_remove_tmp();
}
END_TEST

START_TEST(reports_bad_input)
{
	const bad_case *c = &S_bad[_i];
	S_copy_fixture();
	if (c->from)
		S_patch(c->file, c->from, c->to);
	else
		S_write(c->file, c->to);
	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, S_tmp, &d);
	ck_assert_int_eq(rc, -1);
	size_t plen = strlen(S_tmp);
	int found = 0;
	buf all = BUF_INIT;
	for (size_t i = 0; i < d.n; i++) {
		ck_assert_msg(strncmp(d.items[i], S_tmp, plen) == 0, "message lacks the file: %s", d.items[i]);
		if (strcmp(d.items[i] + plen, c->expect) == 0)
			found = 1;
		buf_printf(&all, "  %s\n", d.items[i] + plen);
	}
	ck_assert_msg(found, "case %d: expected\n  %s\ngot\n%s", _i, c->expect, all.ptr);
	ck_assert_uint_eq(cat.n_models, 0); /* released on failure */
	buf_release(&all);
	diag_release(&d);
	S_remove_tmp();
}
END_TEST

START_TEST(reports_every_error_sorted)
{
	S_copy_fixture();
	S_patch(H, "\"memory_gb\": 24", "\"memory_gb\": -1");
	S_patch(M, "\"layers\": 22", "\"layers\": 0");
	S_patch(M, "\"hidden_size\": 2048", "\"hidden_size\": \"big\"");
	catalog cat;
	diag_list d;
	diag_init(&d);
	ck_assert_int_eq(catalog_load(&cat, S_tmp, &d), -1);
	ck_assert_uint_eq(diag_count(&d), 3);
	/* sorted by file: hardware/ before models/ */
	ck_assert_ptr_nonnull(strstr(d.items[0], H));
	ck_assert_ptr_nonnull(strstr(d.items[1], M));
	ck_assert_ptr_nonnull(strstr(d.items[2], M));
	diag_release(&d);
	S_remove_tmp();
}
END_TEST

START_TEST(slug_rule)
{
	ck_assert(load_slug_is_valid("llama-3.1-8b"));
	ck_assert(load_slug_is_valid("0a"));
	ck_assert(!load_slug_is_valid(""));
	ck_assert(!load_slug_is_valid("-a"));
	ck_assert(!load_slug_is_valid(".a"));
	ck_assert(!load_slug_is_valid("a..b"));
	ck_assert(!load_slug_is_valid("a/b"));
	ck_assert(!load_slug_is_valid("a b"));
	ck_assert(!load_slug_is_valid("A"));
	char long_slug[82];
	memset(long_slug, 'a', 81);
	long_slug[81] = '\0';
	ck_assert(!load_slug_is_valid(long_slug));
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("load");
	TCase *tc = tcase_create("load");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, loads_fixture);
	tcase_add_test(tc, loads_global_attention);
	tcase_add_test(tc, loads_kv_compression);
	tcase_add_loop_test(tc, reports_bad_input, 0, (int)(sizeof(S_bad) / sizeof(S_bad[0])));
	tcase_add_test(tc, reports_every_error_sorted);
	tcase_add_test(tc, slug_rule);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(S_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
