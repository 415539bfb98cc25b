/* test_estimate.c - the estimator, formula by formula, against numbers
 * computed by hand (each expectation's arithmetic is in a comment), real
 * file sizes, and a consistency sweep over the whole catalog.
 *
 * Most tests build their model, quantization and hardware structs by hand
 * and pass a calibration whose efficiencies are round numbers and whose
 * fixed costs are zero, so a formula can be checked in isolation. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "estimate.h"
#include "load.h"

#define GIB 1073741824.0
#define REF_P 8030261248.0           /* Llama 3.1 8B parameters */
#define REF_E (128256.0 * 4096.0)    /* its embedding (and output) parameters */

/* ---- builders ------------------------------------------------------------------ */

static model S_dense(double params_b, int layers, int hidden, int heads, int kv_heads, int head_dim,
                     int vocab, bool tied)
{
	model m;
	memset(&m, 0, sizeof(m));
	m.slug = "test";
	m.params_b = m.active_params_b = params_b;
	m.layers = m.kv_layers = layers;
	m.hidden_size = hidden;
	m.attention_heads = heads;
	m.kv_heads = kv_heads;
	m.head_dim_k = m.head_dim_v = head_dim;
	m.vocab_size = vocab;
	m.tied_embeddings = tied;
	m.max_context = 131072;
	m.attention = ATTN_FULL;
	return m;
}

static model S_llama8b(void)
{
	return S_dense(REF_P / 1e9, 32, 4096, 32, 8, 128, 128256, false);
}

static quant S_q(const char *name, quant_family fam, double bpw, double embed, double output)
{
	quant q;
	memset(&q, 0, sizeof(q));
	q.name = (char *)(uintptr_t)name; /* the estimator never writes through it */
	q.family = fam;
	q.bpw = bpw;
	q.embed_bpw = embed;
	q.output_bpw = output;
	q.kld = -1;
	q.ppl_delta_pct = -1;
	return q;
}

/* The GGUF types as in data/quants.json (llama.cpp quantize README;
 * embedding/output types from src/llama-quant.cpp). */
static quant S_gguf(const char *name)
{
	static const struct { const char *n; double bpw, e, o; } t[] = {
		{ "F16", 16.0005, 16, 16 }, { "Q8_0", 8.5008, 8.5, 8.5 }, { "Q6_K", 6.5633, 6.5625, 6.5625 },
		{ "Q5_K_M", 5.7036, 5.5, 6.5625 }, { "Q5_K_S", 5.5704, 5.5, 6.5625 },
		{ "Q4_K_M", 4.8944, 4.5, 6.5625 }, { "Q4_K_S", 4.6672, 4.5, 6.5625 },
		{ "Q4_0", 4.6426, 4.5, 6.5625 }, { "IQ4_XS", 4.4597, 4.25, 6.5625 },
		{ "Q3_K_L", 4.2979, 3.4375, 6.5625 }, { "Q3_K_M", 4.0007, 3.4375, 6.5625 },
		{ "IQ3_M", 3.7628, 3.4375, 6.5625 }, { "Q3_K_S", 3.6429, 3.4375, 6.5625 },
		{ "Q2_K", 3.1593, 2.625, 6.5625 }, { "MXFP4", 8.5008, 8.5, 8.5 },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(t[i].n, name) == 0)
			return S_q(t[i].n, strcmp(name, "F16") == 0 ? QF_FLOAT : strcmp(name, "MXFP4") == 0 ? QF_MXFP4 : QF_GGUF,
			           t[i].bpw, t[i].e, t[i].o);
	ck_abort_msg("no quant %s", name);
	return S_q("?", QF_GGUF, 1, 0, 0);
}

static hardware S_gpu(double mem_gb, double bw_gbs, double fp16, hw_kind kind)
{
	hardware h;
	memset(&h, 0, sizeof(h));
	h.slug = "gpu";
	h.name = "Test GPU";
	h.vendor = "NVIDIA";
	h.architecture = "Ada Lovelace";
	h.memory_type = "GDDR6X";
	h.kind = kind;
	h.memory_gb = mem_gb;
	h.bandwidth_gbs = bw_gbs;
	h.fp16_tflops = fp16;
	h.backends = BACKEND_CUDA | BACKEND_VULKAN;
	h.max_devices = 8;
	h.host = -1;
	return h;
}

static hardware S_apple(const char *name, double mem_gb, double bw_gbs, int cores)
{
	hardware h = S_gpu(mem_gb, bw_gbs, 0, HW_UNIFIED);
	h.name = (char *)(uintptr_t)name;
	h.vendor = "Apple";
	h.architecture = "Apple M2";
	h.memory_type = "LPDDR5";
	h.gpu_cores = cores;
	h.backends = BACKEND_METAL;
	return h;
}

/* A calibration with round efficiencies and no fixed costs. */
static est_calib S_plain_calib(void)
{
	est_calib c = est_calib_default;
	for (int i = 0; i < EST_PF_COUNT; i++) {
		c.mem_eff[i] = 0.8;
		c.pf_eff[i] = 0.5;
		c.pf_flops_per_w[i] = 1e30;
	}
	for (int i = 0; i < EST_B_COUNT; i++) {
		c.layer_us[i] = 0;
		c.pf_backend[i] = 1;
		c.dec_attn_eff[i] = 1e9; /* attention FLOPs free: decode is pure bandwidth */
	}
	for (int i = 0; i < EST_QC_COUNT; i++)
		c.dec_q[i] = c.pf_q[i] = 1;
	c.hbm_mem_mult = 1;
	c.legacy_layer_mult = 1;
	c.moe_layer_us = 0;
	c.hop_us = 0;
	c.kv_read_mult = c.kv_read_mult_nofa = 1;
	c.dec_attn_nofa_mult = 1;
	c.attn_eff = c.attn_eff_nofa = 1e30; /* prefill attention free unless a test sets it */
	c.moe_tokens_half = 0;
	c.pipe_eff = 1;
	return c;
}

static est_input S_in(const model *m, const quant *q, const hardware *h, int ctx)
{
	est_input in;
	memset(&in, 0, sizeof(in));
	in.model = m;
	in.quant = q;
	in.hw = h;
	in.gpus = 1;
	in.context_tokens = ctx;
	in.kv = KV_F16;
	in.split = SPLIT_LAYER;
	return in;
}

#define ck_rel(got, want, tol) \
	ck_assert_msg(fabs((got) / (want) - 1) <= (tol), "%s = %.6g, expected %.6g (±%g)", #got, (double)(got), (double)(want), (double)(tol))

/* ---- weights ---------------------------------------------------------------------- */

/* On the reference model itself the tensor split must give back the
 * whole-file figure exactly: bytes = bpw × 8,030,261,248 / 8. */
static const char *const S_ref_quants[] = { "F16", "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0", "IQ4_XS", "Q3_K_M", "Q2_K" };

START_TEST(weights_reference_identity)
{
	model m = S_llama8b();
	quant q = S_gguf(S_ref_quants[_i]);
	ck_rel(est_weight_bytes(&m, &q), q.bpw * REF_P / 8, 1e-9);
}
END_TEST

/* Real GGUF files, within 3%.
 * Llama 3.1 70B: bartowski's table (Q8_0 74.98 GB ... Q3_K_S 30.91 GB),
 * https://ozeki.chat/p_8590-understanding-ai-model-files.html.
 * Llama 3.1 405B: Ollama's tag list (llama3.1:405b-instruct-*: fp16 812,
 * q8_0 431, q4_K_M 243, q3_K_M 195, q2_K 149 GB).
 * Llama 2 7B: llama-bench sizes in the calibration CSV (GiB). */
static const struct { int model; const char *q; double bytes; } S_files[] = {
	{ 70, "Q8_0", 74.98e9 }, { 70, "Q6_K", 57.89e9 }, { 70, "Q5_K_M", 49.95e9 }, { 70, "Q4_K_M", 42.52e9 },
	{ 70, "Q4_K_S", 40.35e9 }, { 70, "Q4_0", 40.12e9 }, { 70, "IQ4_XS", 37.90e9 }, { 70, "Q3_K_L", 37.14e9 },
	{ 70, "Q3_K_M", 34.27e9 }, { 70, "IQ3_M", 31.94e9 }, { 70, "Q3_K_S", 30.91e9 },
	{ 405, "F16", 812e9 }, { 405, "Q8_0", 431e9 }, { 405, "Q6_K", 333e9 }, { 405, "Q5_K_M", 287e9 },
	{ 405, "Q4_K_M", 243e9 }, { 405, "Q4_K_S", 231e9 }, { 405, "Q4_0", 229e9 }, { 405, "Q3_K_L", 213e9 },
	{ 405, "Q3_K_M", 195e9 }, { 405, "Q3_K_S", 175e9 }, { 405, "Q2_K", 149e9 },
	{ 7, "F16", 12.55 * GIB }, { 7, "Q8_0", 6.67 * GIB }, { 7, "Q4_0", 3.56 * GIB },
};

START_TEST(weights_real_files)
{
	model m;
	switch (S_files[_i].model) {
	case 70: m = S_dense(70.55, 80, 8192, 64, 8, 128, 128256, false); break;
	case 405: m = S_dense(405.85, 126, 16384, 128, 8, 128, 128256, false); break;
	default: m = S_dense(6.74, 32, 4096, 32, 32, 128, 32000, false); break;
	}
	quant q = S_gguf(S_files[_i].q);
	ck_rel(est_weight_bytes(&m, &q), S_files[_i].bytes, 0.03);
}
END_TEST

/* Mixture of experts: gpt-oss in llama.cpp's MXFP4_MOE layout (experts
 * 4.25 bits, everything else Q8_0). llama-bench prints 11.27 GiB for
 * gpt-oss-20b and 59.02 GiB for gpt-oss-120b (calibration CSV). */
static model S_gptoss(int big)
{
	model m = S_dense(big ? 116.83 : 20.91, big ? 36 : 24, 2880, 64, 8, 64, 201088, false);
	m.active_params_b = big ? 5.1 : 3.6;
	m.experts_total = big ? 128 : 32;
	m.experts_per_token = 4;
	m.attention = ATTN_SLIDING;
	m.sliding_window = 128;
	m.sliding_layers = m.layers / 2;
	return m;
}

START_TEST(weights_moe_mxfp4)
{
	quant q = S_gguf("MXFP4");
	model small = S_gptoss(0), big = S_gptoss(1);
	ck_rel(est_weight_bytes(&small, &q), 11.27 * GIB, 0.03);
	ck_rel(est_weight_bytes(&big, &q), 59.02 * GIB, 0.03);
	/* total, not active, parameters are stored: the same model as dense
	 * would weigh the same at a uniform type */
	quant q8 = S_gguf("Q8_0");
	model dense = big;
	dense.experts_total = dense.experts_per_token = 0;
	dense.active_params_b = dense.params_b;
	ck_rel(est_weight_bytes(&big, &q8), est_weight_bytes(&dense, &q8), 1e-9);
}
END_TEST

/* k-quant fallback (llama.cpp src/llama-quant.cpp, tensor_type_fallback):
 * a tensor whose rows are not a multiple of 256 is stored as Q5_0/Q5_1/
 * Q8_0/Q4_0/IQ4_NL instead. Without ffn widths nothing changes, and widths
 * that are multiples of 256 change nothing either, bit for bit. */
START_TEST(weights_kquant_fallback_off)
{
	model m = S_dense(72.7, 80, 8192, 64, 8, 128, 152064, false);
	model w = m;
	w.ffn_width = 29440; /* 115 × 256 */
	static const char *const qs[] = { "Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_0", "IQ4_XS", "Q3_K_M", "Q2_K", "F16" };
	for (size_t i = 0; i < sizeof(qs) / sizeof(qs[0]); i++) {
		quant q = S_gguf(qs[i]);
		/* the pre-fallback formula: body, embeddings, output */
		double eb = q.embed_bpw, ob = q.output_bpw;
		double e = 152064.0 * 8192;
		double body = 72.7e9 - 2 * e;
		double bits = body * est_body_bpw(&q) + e * eb + e * ob;
		ck_assert(est_weight_bytes(&m, &q) == bits / 8.0);
		ck_assert(est_weight_bytes(&w, &q) == est_weight_bytes(&m, &q));
	}
	/* 32-wide types are not affected by an odd width */
	model odd = m;
	odd.ffn_width = 29568;
	quant q8 = S_gguf("Q8_0"), q40 = S_gguf("Q4_0");
	ck_assert(est_weight_bytes(&odd, &q8) == est_weight_bytes(&m, &q8));
	ck_assert(est_weight_bytes(&odd, &q40) == est_weight_bytes(&m, &q40));
}
END_TEST

/* Qwen2.5-72B, intermediate_size 29568 = 115.5 × 256: every ffn_down
 * (80 × 8192 × 29568 = 19,377,684,480 weights) falls back. Q4_K_M puts
 * half the layers' ffn_down in Q6_K (6.5625) and half in Q4_K (4.5), mix
 * 5.53125 bits; fallback Q8_0 (8.5) and Q5_0 (5.5), 7.0 bits. Extra:
 * 19,377,684,480 × 1.46875 / 8 = 3,557,621,760 bytes; 43.83 → 47.39 GB
 * (bartowski's Qwen2.5-72B-Instruct-Q4_K_M.gguf: 47.42 GB). */
START_TEST(weights_kquant_fallback_dense)
{
	model m = S_dense(72.7, 80, 8192, 64, 8, 128, 152064, false);
	model w = m;
	w.ffn_width = 29568;
	quant q = S_gguf("Q4_K_M");
	double before = est_weight_bytes(&m, &q), after = est_weight_bytes(&w, &q);
	ck_rel(after - before, 3557621760.0, 1e-6);
	ck_rel(after, 47.42e9, 0.01);
}
END_TEST

/* MoE: 16B total, 2.4B active, 64 experts top-6 → one expert is
 * (16 − 2.4)e9 / 58 = 234,482,758.6 weights, all experts 15,006,896,552.
 * expert_ffn_width 1408 = 5.5 × 256: their ffn_down, a third, falls back;
 * the shared FFN (2 × 1408 = 2816 = 11 × 256) does not. Q4_K_M extra:
 * 15,006,896,552 / 3 × 1.46875 / 8 = 918,390,805 bytes. */
START_TEST(weights_kquant_fallback_moe)
{
	model m = S_dense(16.0, 27, 2048, 16, 16, 128, 102400, false);
	m.active_params_b = 2.4;
	m.experts_total = 64;
	m.experts_per_token = 6;
	m.experts_shared = 2;
	model w = m;
	w.ffn_width = 2816;
	w.expert_ffn_width = 1408;
	quant q = S_gguf("Q4_K_M");
	ck_rel(est_weight_bytes(&w, &q) - est_weight_bytes(&m, &q), 918390804.6, 1e-6);
	/* Q6_K: experts' ffn_down Q6_K (6.5625) → Q8_0 (8.5) */
	quant q6 = S_gguf("Q6_K");
	ck_rel(est_weight_bytes(&w, &q6) - est_weight_bytes(&m, &q6), 15006896551.7 / 3 * 1.9375 / 8, 1e-6);
	/* MXFP4 experts are 32-wide blocks: unchanged */
	quant mx = S_gguf("MXFP4");
	ck_assert(est_weight_bytes(&w, &mx) == est_weight_bytes(&m, &mx));
}
END_TEST

/* ---- KV cache ------------------------------------------------------------------------ */

START_TEST(kv_full_attention)
{
	model m = S_llama8b();
	/* 32 layers × 8 KV heads × (128 + 128) × 2 bytes = 131,072 bytes per token,
	 * not 2 × hidden × layers × 2 = 524,288 */
	ck_assert_double_eq_tol(est_kv_bytes(&m, 1, KV_F16), 131072.0, 1e-6);
	ck_assert_double_eq_tol(est_kv_bytes(&m, 8192, KV_F16), 1073741824.0, 1e-3);
	/* q8_0: 34 bytes per 32 values; q4_0: 18 per 32 */
	ck_assert_double_eq_tol(est_kv_bytes(&m, 8192, KV_Q8_0), 1073741824.0 * 34 / 64, 1e-3);
	ck_assert_double_eq_tol(est_kv_bytes(&m, 8192, KV_Q4_0), 1073741824.0 * 18 / 64, 1e-3);
}
END_TEST

START_TEST(kv_mla)
{
	/* DeepSeek-V2-Lite: 27 layers × (512 + 64) × 2 bytes per token, whatever the head count */
	model m = S_dense(15.71, 27, 2048, 16, 16, 128, 102400, false);
	m.attention = ATTN_MLA;
	m.kv_lora_rank = 512;
	m.rope_dim = 64;
	ck_assert_double_eq_tol(est_kv_bytes(&m, 4096, KV_F16), 27.0 * 576 * 2 * 4096, 1e-3);
}
END_TEST

START_TEST(kv_sliding_window)
{
	/* gpt-oss-20b: 12 full layers hold 8,192 tokens, 12 windowed hold 128;
	 * 8 KV heads × (64 + 64) × 2 bytes = 2,048 bytes per token and layer */
	model m = S_gptoss(0);
	ck_assert_double_eq_tol(est_kv_bytes(&m, 8192, KV_F16), (12.0 * 8192 + 12.0 * 128) * 2048, 1e-3);
	/* below the window every layer holds the context */
	ck_assert_double_eq_tol(est_kv_bytes(&m, 100, KV_F16), 24.0 * 100 * 2048, 1e-6);
	/* Gemma 2 9B: 21 of 42 layers windowed at 4,096; 8 × (256 + 256) × 2 = 8,192 bytes */
	model g = S_dense(9.24, 42, 3584, 16, 8, 256, 256000, true);
	g.attention = ATTN_SLIDING;
	g.sliding_window = 4096;
	g.sliding_layers = 21;
	ck_assert_double_eq_tol(est_kv_bytes(&g, 8192, KV_F16), (21.0 * 8192 + 21.0 * 4096) * 8192, 1e-3);
}
END_TEST

START_TEST(kv_global_attention)
{
	/* Gemma 4 31B: 50 of 60 layers windowed at 1,024 tokens with 16 KV heads
	 * × (256 + 256) × 2 bytes = 16,384 bytes per token; the 10 global layers
	 * have 4 KV heads × (512 + 512) × 2 bytes = 8,192 bytes per token.
	 * At 32,768 tokens: 50 × 1,024 × 16,384 + 10 × 32,768 × 8,192
	 * = 838,860,800 + 2,684,354,560 = 3,523,215,360 bytes. */
	model m = S_dense(30.7, 60, 5376, 32, 16, 256, 262144, true);
	m.attention = ATTN_SLIDING;
	m.sliding_window = 1024;
	m.sliding_layers = 50;
	m.global_kv_heads = 4;
	m.global_head_dim = 512;
	ck_assert_double_eq_tol(est_kv_bytes(&m, 32768, KV_F16), 3523215360.0, 1e-3);
	/* without global_attention the global layers would hold 16 × 512 × 2 = 16,384
	 * bytes per token: 50 × 1,024 × 16,384 + 10 × 32,768 × 16,384 */
	model plain = m;
	plain.global_kv_heads = plain.global_head_dim = 0;
	ck_assert_double_eq_tol(est_kv_bytes(&plain, 32768, KV_F16), 6207569920.0, 1e-3);
}
END_TEST

START_TEST(kv_compression)
{
	/* DeepSeek V4 Flash: 43 layers, 1 KV head of 512 (one shared K/V vector
	 * per row), a 128-token window on every layer, 21 layers at ratio 4 with a
	 * 128-wide indexer key per row, 20 layers at ratio 128. At 1,048,576 tokens:
	 * rows = 43 × 128 + 21 × 262,144 + 20 × 8,192 = 5,504 + 5,505,024 + 163,840
	 * = 5,674,368 → × 512 × 2 bytes = 5,810,552,832; indexer 5,505,024 × 128 × 2
	 * = 1,409,286,144; total 7,219,838,976 bytes (6.72 GiB). */
	model m = S_dense(284, 43, 4096, 64, 1, 512, 129280, false);
	m.attention = ATTN_SLIDING;
	m.sliding_window = 128;
	m.sliding_layers = 43;
	m.kvc_kinds = 2;
	m.kvc_ratio[0] = 4;
	m.kvc_layers[0] = 21;
	m.kvc_ratio[1] = 128;
	m.kvc_layers[1] = 20;
	m.indexer_ratio = 4;
	m.indexer_dim = 128;
	m.max_context = 1048576;
	ck_assert_double_eq_tol(est_kv_bytes(&m, 1048576, KV_F16), 7219838976.0, 1e-3);
	/* partial blocks count as a row: at 1,000 tokens 43 × 128 + 21 × 250
	 * + 20 × ceil(1000 / 128) = 5,504 + 5,250 + 160 = 10,914 rows × 1,024 bytes
	 * = 11,175,936, plus 5,250 × 256 = 1,344,000 → 12,519,936 bytes */
	ck_assert_double_eq_tol(est_kv_bytes(&m, 1000, KV_F16), 12519936.0, 1e-3);
	/* without compression only the windows remain: 43 × 128 × 1,024 bytes */
	model w = m;
	w.kvc_kinds = 0;
	ck_assert_double_eq_tol(est_kv_bytes(&w, 1048576, KV_F16), 43.0 * 128 * 2 * 512 * 2, 1e-3);
}
END_TEST

START_TEST(kv_hybrid)
{
	/* Qwen3-Next-style: 12 attention layers × 2 KV heads × 512 × 2 bytes per
	 * token, plus 36 Gated DeltaNet layers × 32 heads × 128 × 128 × 4 bytes */
	model m = S_dense(80, 48, 2048, 16, 2, 256, 151936, false);
	m.attention = ATTN_HYBRID;
	m.kv_layers = 12;
	m.recurrent_layers = 36;
	m.recurrent_heads = 32;
	m.recurrent_key_dim = 128;
	m.recurrent_value_dim = 128;
	double state = 36.0 * 32 * 128 * 128 * 4;
	ck_assert_double_eq_tol(est_kv_bytes(&m, 4096, KV_F16), 12.0 * 4096 * 2 * 512 * 2 + state, 1e-3);
	ck_assert_double_eq_tol(est_kv_bytes(&m, 0, KV_F16), state, 1e-3);
}
END_TEST

/* ---- usable memory ------------------------------------------------------------------- */

static const struct { int kind; double mem, share; int gpus; double want_gib; } S_usable[] = {
	{ 0, 24, 0, 1, 23.5 },           /* discrete: 24 GiB - 0.5 GiB reserve */
	{ 0, 24, 0, 2, 47.0 },           /* each device keeps its reserve */
	{ 1, 16, 0, 1, 16.0 * 2 / 3 },   /* Apple below 36 GB: two thirds */
	{ 1, 36, 0, 1, 27.0 },           /* Apple from 36 GB: three quarters */
	{ 1, 192, 0, 1, 144.0 },
	{ 1, 128, 0.9, 1, 115.2 },       /* gpu_share overrides */
	{ 2, 128, 0, 1, 96.0 },          /* other unified memory: three quarters */
	{ 3, 64, 0, 1, 54.4 },           /* CPU: 85% */
};

START_TEST(usable_memory)
{
	hardware h;
	switch (S_usable[_i].kind) {
	case 0: h = S_gpu(S_usable[_i].mem, 1000, 100, HW_CONSUMER_GPU); break;
	case 1: h = S_apple("Apple M2 Max", S_usable[_i].mem, 400, 38); break;
	case 2: h = S_gpu(S_usable[_i].mem, 256, 0, HW_UNIFIED); h.vendor = "AMD"; h.architecture = "Zen 5 + RDNA 3.5"; break;
	default: h = S_gpu(S_usable[_i].mem, 89.6, 0, HW_CPU); h.backends = BACKEND_CPU; break;
	}
	h.gpu_share = S_usable[_i].share;
	ck_rel(est_usable_bytes(&h, S_usable[_i].gpus), S_usable[_i].want_gib * GIB, 1e-9);
}
END_TEST

/* ---- decode --------------------------------------------------------------------------- */

START_TEST(decode_bandwidth_bound)
{
	model m = S_llama8b();
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(24, 1000, 100, HW_DATACENTER);
	est_calib c = S_plain_calib();
	est_input in = S_in(&m, &q, &h, 1);
	in.calib = &c;
	est_result r;
	ck_assert_int_eq(est_run(&in, &r), 0);
	/* blocks: 6,979,588,096 weights × 4.79853 bits (4.8944-bit file minus a
	 * Q4_K embedding and a Q6_K output) + output 525,336,576 × 6.5625 bits
	 * = 4,617,412,008 bytes; + 131,072 bytes of KV; over 1000 GB/s × 0.8:
	 * 800e9 / 4,617,543,080 = 173.25 tokens/s */
	ck_rel(r.decode_tok_s, 173.2523, 1e-4);
	/* at 8,192 tokens the KV adds 1 GiB: 800e9 / 5,691,153,832 = 140.57 */
	in.context_tokens = 8192;
	est_run(&in, &r);
	ck_rel(r.decode_tok_s, 140.5690, 1e-4);
	/* a fixed 100 µs per layer: 1 / (4,617,543,080 / 800e9 + 32 × 100e-6) = 111.46 */
	c.layer_us[EST_B_CUDA] = 100;
	in.context_tokens = 1;
	est_run(&in, &r);
	ck_rel(r.decode_tok_s, 111.4588, 1e-4);
}
END_TEST

START_TEST(decode_moe_reads_active)
{
	/* Mixtral-like: 8 experts, 2 active. Per token only the non-expert part
	 * and 2 of 8 experts are read, so decode is much faster than a dense
	 * model of the same total size and slower than the non-expert part alone. */
	model moe = S_dense(46.7, 32, 4096, 32, 8, 128, 32000, false);
	moe.active_params_b = 12.9;
	moe.experts_total = 8;
	moe.experts_per_token = 2;
	model dense = moe;
	dense.experts_total = dense.experts_per_token = 0;
	dense.active_params_b = dense.params_b;
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(80, 1000, 100, HW_DATACENTER);
	est_calib c = S_plain_calib();
	est_input in = S_in(&moe, &q, &h, 1);
	in.calib = &c;
	est_result rm, rd;
	est_run(&in, &rm);
	in.model = &dense;
	est_run(&in, &rd);
	ck_assert_double_eq_tol(rm.weights_bytes, rd.weights_bytes, 1.0);
	/* bytes per token scale with active parameters: 12.9 / 46.7 of the blocks */
	double ratio = rm.decode_tok_s / rd.decode_tok_s;
	ck_assert_msg(ratio > 3.0 && ratio < 3.9, "MoE/dense decode ratio %.3f", ratio);
}
END_TEST

START_TEST(decode_mla_compute_bound)
{
	/* When many heads share one cached latent (MLA), attention over the
	 * context costs FLOPs, not bytes: time = max(KV bytes / bandwidth,
	 * FLOPs / (FP16 × efficiency)). */
	model m = S_dense(29.94, 47, 2048, 20, 20, 128, 154880, false);
	m.attention = ATTN_MLA;
	m.kv_lora_rank = 512;
	m.rope_dim = 64;
	quant q = S_gguf("Q8_0");
	hardware h = S_gpu(80, 1000, 100, HW_DATACENTER);
	est_calib c = S_plain_calib();
	c.dec_attn_eff[EST_B_CUDA] = 0.01; /* 1 TFLOPS for attention */
	est_input in = S_in(&m, &q, &h, 32768);
	in.calib = &c;
	est_result r0, r1;
	est_run(&in, &r1);
	c.dec_attn_eff[EST_B_CUDA] = 1e9;
	est_run(&in, &r0);
	/* FLOPs per token: 2 × 20 heads × (2 × 512 + 64) × 47 layers × 32,768 =
	 * 67,024,977,920; at 1e12 FLOPS that is 67.0 ms, far above the 2.2 ms the
	 * 1.77 GB latent cache (47 × 576 × 2 bytes × 32,768) takes at 800 GB/s,
	 * so it replaces that term */
	double kv_s = 47.0 * 576 * 2 * 32768 / 800e9;
	ck_rel(1 / r1.decode_tok_s - 1 / r0.decode_tok_s, 0.06702498 - kv_s, 1e-5);
}
END_TEST

START_TEST(decode_context_never_faster)
{
	model m = S_llama8b();
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(24, 1008, 165.2, HW_CONSUMER_GPU);
	est_input in = S_in(&m, &q, &h, 1024);
	double prev = 1e30;
	for (int ctx = 1024; ctx <= 131072; ctx *= 2) {
		est_result r;
		in.context_tokens = ctx;
		est_run(&in, &r);
		ck_assert_msg(r.decode_tok_s <= prev, "ctx %d decodes faster", ctx);
		prev = r.decode_tok_s;
	}
}
END_TEST

START_TEST(decode_apple_ultra_lower_fraction)
{
	/* Two-die Ultra chips reach a lower fraction of their bandwidth than a
	 * Max: with the fitted constants, decode × bytes / bandwidth is lower. */
	model m = S_llama8b();
	quant q = S_gguf("Q4_0");
	hardware max = S_apple("Apple M2 Max", 64, 400, 38), ultra = S_apple("Apple M2 Ultra", 192, 800, 76);
	est_input in = S_in(&m, &q, &max, 512);
	est_result rm, ru;
	est_run(&in, &rm);
	in.hw = &ultra;
	est_run(&in, &ru);
	ck_assert_int_eq(rm.platform, EST_PF_APPLE_MAX);
	ck_assert_int_eq(ru.platform, EST_PF_APPLE_ULTRA);
	double fm = rm.decode_tok_s * rm.read_bytes_per_token / 400e9;
	double fu = ru.decode_tok_s * ru.read_bytes_per_token / 800e9;
	ck_assert_msg(fu < fm, "ultra fraction %.3f not below max %.3f", fu, fm);
	ck_assert(ru.decode_tok_s > rm.decode_tok_s);
}
END_TEST

/* ---- prefill -------------------------------------------------------------------------- */

START_TEST(prefill_compute_bound)
{
	model m = S_llama8b();
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(24, 1000, 100, HW_DATACENTER);
	est_calib c = S_plain_calib();
	est_input in = S_in(&m, &q, &h, 8192);
	in.calib = &c;
	in.prompt_tokens = 512;
	est_result r;
	est_run(&in, &r);
	/* 2 FLOPs per block weight per token (embedding and output excluded):
	 * 100e12 × 0.5 / (2 × 6,979,588,096) = 3,581.87 tokens/s */
	ck_rel(r.prefill_tok_s, 3581.873, 1e-5);
	/* the attention term grows with the square of the prompt: 2 × 32 heads ×
	 * 256 × 32 layers per attended position, Σ = 4096 × 4095 / 2, at
	 * 100e12 × 0.5 × 0.5: 0.17588 s on top of 2 × 6.9796e9 × 4096 / 50e12 =
	 * 1.14354 s: 4096 / 1.31942 = 3,104.41 tokens/s */
	c.attn_eff = 0.5;
	in.prompt_tokens = 4096;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 3104.407, 1e-5);
	/* TTFT = prefill time + one decode step */
	ck_assert(r.ttft_ms > 1000 * 4096 / r.prefill_tok_s);
}
END_TEST

START_TEST(prefill_kernel_paths)
{
	model m = S_llama8b();
	quant q4 = S_gguf("Q4_K_M");
	quant fp8 = S_q("FP8", QF_FP8, 9.046, 16, 16);
	est_calib c = S_plain_calib();
	est_result r;
	/* GeForce: the catalog's FP32-accumulate FP16 figure runs at twice the
	 * rate in llama.cpp's FP16-accumulate/INT8 kernels: 50 → 100 TFLOPS */
	hardware gf = S_gpu(24, 1000, 50, HW_CONSUMER_GPU);
	est_input in = S_in(&m, &q4, &gf, 4096);
	in.calib = &c;
	in.prompt_tokens = 512;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 3581.873, 1e-5);
	/* INT8 TOPS / 2 is a 16-bit figure too */
	hardware i8 = S_gpu(24, 1000, 0, HW_DATACENTER);
	i8.int8_tops = 200;
	in.hw = &i8;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 3581.873, 1e-5);
	/* FP8 weights use FP8 tensor throughput where the hardware has it */
	hardware h8 = S_gpu(80, 2000, 100, HW_DATACENTER);
	h8.fp8_tflops = 200;
	in.hw = &h8;
	in.quant = &fp8;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 2 * 3581.873, 1e-5);
	/* board power caps sustained throughput: 300 W × 1e11 FLOPS/W = 30 TFLOPS */
	hardware pw = S_gpu(24, 1000, 100, HW_DATACENTER);
	pw.tdp_w = 300;
	c.pf_flops_per_w[EST_PF_NV_ADA] = 1e11;
	in.hw = &pw;
	in.quant = &q4;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 30e12 / (2 * 6979588096.0), 1e-5);
	/* Intel Xe-HPG without a FLOPS figure: 4,096 lanes × 33.6 GFLOPS = 137.6
	 * TFLOPS (XMX) on SYCL, × 0.5 = 68.8 TFLOPS; Vulkan leaves the XMX
	 * engines unused: a quarter, 17.2 TFLOPS */
	hardware arc = S_gpu(16, 560, 0, HW_CONSUMER_GPU);
	arc.vendor = "Intel";
	arc.architecture = "Xe-HPG (Alchemist)";
	arc.gpu_cores = 4096;
	arc.backends = BACKEND_SYCL | BACKEND_VULKAN;
	in.hw = &arc;
	in.backend = BACKEND_SYCL;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 68.8e12 / (2 * 6979588096.0), 1e-5);
	in.backend = BACKEND_VULKAN;
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 17.2e12 / (2 * 6979588096.0), 1e-5);
	/* Xe2 (Battlemage) runs its matrix engines on Vulkan */
	arc.architecture = "Xe2-HPG (Battlemage)";
	est_run(&in, &r);
	ck_rel(r.prefill_tok_s, 68.8e12 / (2 * 6979588096.0), 1e-5);
}
END_TEST

START_TEST(prefill_moe_active_and_small_gemms)
{
	/* MoE prefill does 2 FLOPs per active weight, at an efficiency that falls
	 * with the rows each expert gets per micro-batch: m = 512 × 2 / 8 = 128,
	 * efficiency (128 / (128 + 64)) / (512 / (512 + 64)) = 0.75 */
	model moe = S_dense(46.7, 32, 4096, 32, 8, 128, 32000, false);
	moe.active_params_b = 12.9;
	moe.experts_total = 8;
	moe.experts_per_token = 2;
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(80, 1000, 100, HW_DATACENTER);
	est_calib c = S_plain_calib();
	est_input in = S_in(&moe, &q, &h, 4096);
	in.calib = &c;
	in.prompt_tokens = 512;
	est_result r0, r1;
	est_run(&in, &r0);
	c.moe_tokens_half = 64;
	est_run(&in, &r1);
	double e = 46.7e9 - 12.9e9, each = e / 6, dense = 46.7e9 - 8 * each - 2 * 32000.0 * 4096;
	ck_rel(r0.prefill_tok_s, 50e12 / (2 * (dense + 2 * each)), 1e-6);
	double eff = (128.0 / 192) / (512.0 / 576);
	ck_rel(r1.prefill_tok_s, 50e12 / (2 * (dense + 2 * each / eff)), 1e-6);
}
END_TEST

/* ---- multi-GPU -------------------------------------------------------------------------- */

START_TEST(multi_gpu_layer_and_tensor)
{
	model m = S_dense(70.55, 80, 8192, 64, 8, 128, 128256, false);
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(24, 1000, 100, HW_CONSUMER_GPU);
	h.interconnect_gbs = 32;
	est_calib c = S_plain_calib();
	c.hop_us = 200;
	est_input in = S_in(&m, &q, &h, 4096);
	in.calib = &c;
	est_result r1, r2, tp2, tp3;
	est_run(&in, &r1);
	in.gpus = 2;
	est_run(&in, &r2);
	/* layer split pools memory (two reserves, two framework overheads) ... */
	ck_rel(r2.usable_bytes, 2 * r1.usable_bytes, 1e-9);
	ck_assert(r2.runtime_bytes > r1.runtime_bytes);
	/* ... but decodes no faster: same bytes, plus one 200 µs hop */
	ck_rel(1 / r2.decode_tok_s, 1 / r1.decode_tok_s + 200e-6, 1e-9);
	/* prefill pipelines the micro-batches: 4096 tokens = 4 per batch of
	 * 2048 → speed-up 2 × 4 / (4 + 1) = 1.6 */
	in.prompt_tokens = 4096;
	in.gpus = 1;
	est_run(&in, &r1);
	in.gpus = 2;
	est_run(&in, &r2);
	ck_rel(r2.prefill_tok_s / r1.prefill_tok_s, 1.6, 1e-9);
	/* tensor parallel splits the bytes: faster than layer split */
	in.split = SPLIT_TENSOR;
	est_run(&in, &tp2);
	ck_assert_int_eq(tp2.split_used, SPLIT_TENSOR);
	ck_assert(tp2.decode_tok_s > 1.5 * r2.decode_tok_s);
	ck_assert_uint_eq(tp2.reasons & EST_R_TP_UNEVEN, 0);
	/* 64 heads do not split over 3 GPUs: layer split, and the reason says so */
	in.gpus = 3;
	est_run(&in, &tp3);
	ck_assert_int_eq(tp3.split_used, SPLIT_LAYER);
	ck_assert_uint_ne(tp3.reasons & EST_R_TP_UNEVEN, 0);
}
END_TEST

/* ---- fit classes and offload --------------------------------------------------------------- */

START_TEST(fit_classes)
{
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(24, 1000, 100, HW_CONSUMER_GPU);
	host_profile host = { "desktop", "Desktop", 64, 89.6, 32, "x" };
	model small = S_llama8b();
	model big = S_dense(70.55, 80, 8192, 64, 8, 128, 128256, false);
	est_result r;
	est_input in = S_in(&small, &q, &h, 8192);
	in.host = &host;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_NATIVE);
	ck_assert_double_eq_tol(r.total_bytes, r.weights_bytes + r.kv_cache_bytes + r.runtime_bytes, 1e-3);
	ck_assert_double_eq_tol(r.headroom_bytes, r.usable_bytes - r.total_bytes, 1e-3);
	/* tight: fits with less than 5% (at least 0.5 GiB) to spare */
	h.memory_gb = (r.total_bytes + 0.3 * GIB + 0.5 * GIB) / GIB;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_TIGHT);
	ck_assert_uint_ne(r.reasons & EST_R_LOW_HEADROOM, 0);
	/* 70B Q4_K_M (42.5 GB) on 24 GB: layer offload, weights and their KV in
	 * host RAM, decode slowed by host bandwidth */
	h.memory_gb = 24;
	in.model = &big;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_OFFLOAD);
	ck_assert(!r.expert_offload);
	ck_assert(r.offload_fraction > 0.3 && r.offload_fraction < 0.7);
	ck_rel(r.offload_bytes, r.offload_fraction * r.weights_bytes, 1e-9);
	ck_assert(r.host_ram_bytes >= r.offload_bytes);
	ck_assert(r.offload_layers > 0 && r.offload_layers < 80);
	/* without enough host RAM it does not run */
	host.ram_gb = 8;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_TOO_HEAVY);
	ck_assert_uint_ne(r.reasons & EST_R_NO_HOST_RAM, 0);
	/* no host profile, or unified memory: too heavy */
	in.host = NULL;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_TOO_HEAVY);
	hardware mac = S_apple("Apple M2 Pro", 32, 200, 19);
	in.hw = &mac;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_TOO_HEAVY);
}
END_TEST

START_TEST(offload_moe_experts)
{
	/* gpt-oss-120b (59 GiB) on a 24 GB card: expert offload keeps attention
	 * and KV on the GPU and reads only the routed experts from host RAM, so
	 * it decodes far faster than layer offload of a dense model of the same size */
	quant q = S_gguf("MXFP4");
	hardware h = S_gpu(24, 1008, 165.2, HW_CONSUMER_GPU);
	host_profile host = { "desktop", "Desktop", 64, 89.6, 32, "x" };
	model moe = S_gptoss(1);
	est_input in = S_in(&moe, &q, &h, 8192);
	in.host = &host;
	est_result r;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_OFFLOAD);
	ck_assert(r.expert_offload);
	ck_assert_double_eq_tol(r.host_ram_bytes, r.offload_bytes, 1.0);
	model dense = moe;
	dense.experts_total = dense.experts_per_token = 0;
	dense.active_params_b = dense.params_b;
	est_result rd;
	in.model = &dense;
	est_run(&in, &rd);
	ck_assert(r.decode_tok_s > 5 * rd.decode_tok_s);
}
END_TEST

START_TEST(safe_context_boundary)
{
	model m = S_llama8b();
	quant q = S_gguf("Q8_0");
	hardware h = S_gpu(16, 700, 100, HW_CONSUMER_GPU);
	est_input in = S_in(&m, &q, &h, 8192);
	est_result r, t;
	est_run(&in, &r);
	ck_assert(r.safe_context > 0 && r.safe_context < m.max_context);
	in.context_tokens = r.safe_context;
	est_run(&in, &t);
	ck_assert_int_eq(t.fit, FIT_NATIVE);
	in.context_tokens = r.safe_context + 1;
	est_run(&in, &t);
	ck_assert_int_ne(t.fit, FIT_NATIVE);
	/* everything fits: the model's maximum */
	h.memory_gb = 80;
	in.context_tokens = 8192;
	est_run(&in, &r);
	ck_assert_int_eq(r.safe_context, m.max_context);
}
END_TEST

/* ---- grades, quality, formats ----------------------------------------------------------- */

START_TEST(grades_and_reasons)
{
	model m = S_llama8b();
	quant q = S_gguf("Q4_K_M");
	q.kld = 0.031273;
	hardware fast = S_gpu(24, 1008, 165.2, HW_CONSUMER_GPU);
	workload chat = { "chat", "Chat", 2000, 400, 8192, 10, 2000, "x" };
	est_input in = S_in(&m, &q, &fast, 8192);
	in.workload = &chat;
	est_result r;
	est_run(&in, &r);
	/* quality: 100 − 30 × log10(0.031273 / 0.01) = 85.14 */
	ck_rel(r.score_quality, 100 - 30 * log10(3.1273), 1e-9);
	ck_assert_str_eq(r.grade, "S");
	ck_assert(r.score >= 90 && r.score <= 100);
	ck_assert_uint_eq(r.reasons & (EST_R_SLOW_DECODE | EST_R_SLOW_PREFILL | EST_R_CONTEXT_CAPPED), 0);
	/* a slow device: decode below target, grade falls */
	hardware slow = S_gpu(24, 50, 5, HW_CONSUMER_GPU);
	in.hw = &slow;
	est_run(&in, &r);
	ck_assert_uint_ne(r.reasons & EST_R_SLOW_DECODE, 0);
	ck_assert_uint_ne(r.reasons & EST_R_SLOW_PREFILL, 0);
	ck_assert(strcmp(r.grade, "S") != 0 && strcmp(r.grade, "A") != 0);
	/* too heavy: F and 0 */
	model big = S_dense(405.85, 126, 16384, 128, 8, 128, 128256, false);
	in.model = &big;
	in.hw = &fast;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_TOO_HEAVY);
	ck_assert_str_eq(r.grade, "F");
	ck_assert_double_eq(r.score, 0);
	ck_assert_uint_ne(r.reasons & EST_R_TOO_HEAVY, 0);
	/* no workload: no grade */
	in.workload = NULL;
	in.model = &m;
	est_run(&in, &r);
	ck_assert_str_eq(r.grade, "-");
}
END_TEST

static const struct { quant_family fam; double kld; const char *label; } S_labels[] = {
	{ QF_FLOAT, -1, "lossless" }, { QF_GGUF, 0.001355, "near-lossless" }, { QF_GGUF, 0.005452, "very good" },
	{ QF_GGUF, 0.031273, "good" }, { QF_GGUF, 0.101913, "fair" }, { QF_GGUF, 0.445132, "poor" },
	{ QF_GGUF, 2.211278, "very poor" }, { QF_AWQ, -1, "not measured" },
};

START_TEST(quality_labels)
{
	quant q = S_q("x", S_labels[_i].fam, 4.5, 0, 0);
	q.kld = S_labels[_i].kld;
	ck_assert_str_eq(est_quality_label(&q), S_labels[_i].label);
}
END_TEST

START_TEST(format_support)
{
	model m = S_llama8b();
	quant mlx = S_q("MLX-4bit", QF_MLX, 4.5, 4.5, 4.5);
	hardware nv = S_gpu(24, 1008, 165.2, HW_CONSUMER_GPU);
	hardware mac = S_apple("Apple M2 Max", 64, 400, 38);
	est_input in = S_in(&m, &mlx, &nv, 4096);
	est_result r;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_TOO_HEAVY);
	ck_assert_uint_ne(r.reasons & EST_R_UNSUPPORTED, 0);
	in.hw = &mac;
	est_run(&in, &r);
	ck_assert_int_eq(r.fit, FIT_NATIVE);
	ck_assert_uint_eq(r.reasons & EST_R_UNSUPPORTED, 0);
}
END_TEST

START_TEST(invalid_input)
{
	model m = S_llama8b();
	quant q = S_gguf("Q4_K_M");
	hardware h = S_gpu(24, 1000, 100, HW_CONSUMER_GPU);
	est_input in = S_in(&m, &q, &h, 4096);
	est_result r;
	in.gpus = 0;
	ck_assert_int_eq(est_run(&in, &r), -1);
	ck_assert_double_eq(r.total_bytes, 0);
	in.gpus = 1;
	in.context_tokens = 0;
	ck_assert_int_eq(est_run(&in, &r), -1);
	in.context_tokens = 1;
	in.model = NULL;
	ck_assert_int_eq(est_run(&in, &r), -1);
	ck_assert_int_eq(est_run(NULL, &r), -1);
}
END_TEST

START_TEST(best_quant_picks_quality_that_fits)
{
	quant qs[3] = { S_gguf("F16"), S_gguf("Q8_0"), S_gguf("Q4_K_M") };
	qs[1].kld = 0.001355;
	qs[2].kld = 0.031273;
	model m = S_llama8b();
	size_t formats[3] = { 0, 1, 2 };
	m.formats = formats;
	m.n_formats = 3;
	hardware h = S_gpu(24, 1000, 100, HW_CONSUMER_GPU);
	catalog cat;
	memset(&cat, 0, sizeof(cat));
	cat.quants = qs;
	cat.n_quants = 3;
	cat.models = &m;
	cat.n_models = 1;
	est_input in = S_in(&m, &qs[0], &h, 8192);
	ck_assert_uint_eq(est_best_quant(&cat, &in), 0); /* 16 GB of F16 fits 24 GB */
	h.memory_gb = 12;
	ck_assert_uint_eq(est_best_quant(&cat, &in), 1); /* Q8_0 (8.5 GB) */
	h.memory_gb = 8;
	ck_assert_uint_eq(est_best_quant(&cat, &in), 2); /* Q4_K_M (4.9 GB) */
	h.memory_gb = 2;                                 /* nothing fits, no host: the smallest */
	ck_assert_uint_eq(est_best_quant(&cat, &in), 2);
}
END_TEST

/* ---- the whole catalog -------------------------------------------------------------------- */

static int S_fit_rank(fit_class f)
{
	return (int)f;
}

/* Check's assertions record their location even when they pass, which is
 * most of the cost of a sweep of a million runs (and minutes under
 * valgrind); CHECK calls into Check only on failure. */
#define CHECK(cond, ...) do { if (!(cond)) ck_abort_msg(__VA_ARGS__); } while (0)

/* Same chip, different memory: vendor, architecture, kind, bandwidth and cores equal. */
static int S_same_chip(const hardware *a, const hardware *b)
{
	return strcmp(a->vendor, b->vendor) == 0 && strcmp(a->architecture, b->architecture) == 0
	       && a->kind == b->kind && a->bandwidth_gbs == b->bandwidth_gbs && a->gpu_cores == b->gpu_cores
	       && a->fp16_tflops == b->fp16_tflops && a->memory_gb != b->memory_gb && a->gpu_share == b->gpu_share;
}

/* est_memo_platforms changes no figure: for every hardware entry of the
 * catalog, the memoized family equals the classification from the strings,
 * and a full estimate is bit-identical with and without the memo. */
START_TEST(platform_memo_changes_nothing)
{
	struct stat st;
	if (stat("data/quants.json", &st) != 0)
		return; /* not run from the repository root */
	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, "data", &d);
	diag_release(&d);
	CHECK(rc == 0, "the catalog does not load");
	est_platform *plain = malloc(cat.n_hardware * sizeof(*plain));
	est_result *before = malloc(cat.n_hardware * sizeof(*before));
	const model *m = &cat.models[0];
	for (size_t hi = 0; hi < cat.n_hardware; hi++) {
		CHECK(cat.hardware[hi].platform_memo == 0, "%s: memo set by the loader", cat.hardware[hi].slug);
		plain[hi] = est_platform_of(&cat.hardware[hi]);
		est_input in = S_in(m, &cat.quants[m->formats[0]], &cat.hardware[hi], 8192);
		CHECK(est_run(&in, &before[hi]) == 0, "%s: rejected", cat.hardware[hi].slug);
	}
	est_memo_platforms(cat.hardware, cat.n_hardware);
	for (size_t hi = 0; hi < cat.n_hardware; hi++) {
		const hardware *h = &cat.hardware[hi];
		CHECK(h->platform_memo == (int)plain[hi] + 1, "%s: memo %d, family %d", h->slug, h->platform_memo, plain[hi]);
		CHECK(est_platform_of(h) == plain[hi], "%s: memoized family differs", h->slug);
		est_input in = S_in(m, &cat.quants[m->formats[0]], h, 8192);
		est_result r;
		CHECK(est_run(&in, &r) == 0, "%s: rejected", h->slug);
		CHECK(r.decode_tok_s == before[hi].decode_tok_s && r.prefill_tok_s == before[hi].prefill_tok_s &&
		      r.total_bytes == before[hi].total_bytes && r.score == before[hi].score,
		      "%s: an estimate changed with the memo", h->slug);
	}
	free(plain);
	free(before);
	catalog_release(&cat);
}
END_TEST

START_TEST(catalog_consistency)
{
	struct stat st;
	if (stat("data/quants.json", &st) != 0)
		return; /* not run from the repository root */
	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, "data", &d);
	for (size_t i = 0; i < d.n && i < 5; i++)
		fprintf(stderr, "%s\n", d.items[i]);
	diag_release(&d);
	CHECK(rc == 0, "the catalog does not load");
	static const int ctxs[] = { 8192, 32768, 131072 };
	size_t runs = 0;
	for (size_t mi = 0; mi < cat.n_models; mi++) {
		const model *m = &cat.models[mi];
		for (size_t hi = 0; hi < cat.n_hardware; hi++) {
			const hardware *h = &cat.hardware[hi];
			est_input in = S_in(m, NULL, h, 2048);
			in.host = h->host >= 0 ? &cat.hosts[h->host] : NULL;
			in.workload = cat.n_workloads ? &cat.workloads[0] : NULL;
			for (size_t f = 0; f < m->n_formats; f++) {
				in.quant = &cat.quants[m->formats[f]];
				double prev_decode = 1e300;
				for (size_t k = 0; k < sizeof(ctxs) / sizeof(ctxs[0]); k++) {
					if (ctxs[k] > m->max_context)
						break;
					in.context_tokens = ctxs[k];
					est_result r;
					/* the full run (safe context, grade) at the first context, memory
					 * and speeds for the longer one */
					CHECK((k == 0 ? est_run(&in, &r) : est_run_speeds(&in, &r)) == 0, "%s on %s: rejected", m->slug, h->slug);
					runs++;
					CHECK(r.weights_bytes > 0 && r.kv_cache_bytes >= 0 && r.runtime_bytes > 0,
					              "%s on %s: negative component", m->slug, h->slug);
					CHECK(fabs(r.total_bytes - r.weights_bytes - r.kv_cache_bytes - r.runtime_bytes) <= 1e-6 * r.total_bytes,
					              "%s on %s: components do not sum", m->slug, h->slug);
					CHECK(isfinite(r.decode_tok_s) && r.decode_tok_s > 0 && isfinite(r.prefill_tok_s) && r.prefill_tok_s > 0,
					              "%s on %s %s: speed %g/%g", m->slug, h->slug, in.quant->name, r.decode_tok_s, r.prefill_tok_s);
					CHECK(r.score >= 0 && r.score <= 100 && r.safe_context >= 0 && r.safe_context <= m->max_context,
					              "%s on %s: score/context out of range", m->slug, h->slug);
					CHECK(r.decode_tok_s <= prev_decode * (1 + 1e-12),
					              "%s on %s %s: ctx %d decodes faster than a shorter one", m->slug, h->slug,
					              in.quant->name, ctxs[k]);
					prev_decode = r.decode_tok_s;
				}
			}
		}
		int odd_rows = (m->ffn_width > 0 || m->expert_ffn_width > 0)
		               && (m->ffn_width % 256 || m->expert_ffn_width % 256 || m->hidden_size % 256);
		if (m->ffn_width > 0 || m->expert_ffn_width > 0) {
			model plain = *m;
			plain.ffn_width = plain.expert_ffn_width = 0;
			for (size_t a = 0; a < cat.n_quants; a++)
				CHECK(est_weight_bytes(m, &cat.quants[a]) >= est_weight_bytes(&plain, &cat.quants[a]),
				      "%s: the k-quant fallback made %s smaller", m->slug, cat.quants[a].name);
		}
		/* higher quantization never needs less memory: a type with at least
		 * as many bits in the blocks, the embedding and the output is never
		 * smaller. (By whole-file bpw alone it can be: Q2_K's Q6_K output
		 * makes a large-vocabulary tied model bigger than in IQ3_XXS.) */
		for (size_t a = 0; a < cat.n_quants; a++)
			for (size_t b = 0; b < cat.n_quants; b++) {
				const quant *qa = &cat.quants[a], *qb = &cat.quants[b];
				if (qa->family == QF_MXFP4 || qb->family == QF_MXFP4 || a == b)
					continue;
				if (est_body_bpw(qa) < est_body_bpw(qb) || qa->embed_bpw < qb->embed_bpw
				    || qa->output_bpw < qb->output_bpw)
					continue;
				/* rows that are not a multiple of 256 make the 256-wide
				 * k-quants fall back to 32-wide types (Q8_0, Q4_0, IQ4_NL
				 * are not affected), which can reorder GGUF types: IQ4_NL
				 * below Q4_K_S, IQ4_XS below Q3_K_L (Falcon 7B's hidden
				 * size 4544); the fallback itself only ever adds */
				if (odd_rows && qa->family == QF_GGUF && qb->family == QF_GGUF)
					continue;
				CHECK(est_weight_bytes(m, qa) >= est_weight_bytes(m, qb),
				              "%s: %s smaller than %s", m->slug, qa->name, qb->name);
			}
	}
	/* a larger-memory variant of the same chip never fits worse */
	for (size_t a = 0; a < cat.n_hardware; a++)
		for (size_t b = 0; b < cat.n_hardware; b++) {
			const hardware *ha = &cat.hardware[a], *hb = &cat.hardware[b];
			if (!S_same_chip(ha, hb) || ha->memory_gb < hb->memory_gb)
				continue;
			for (size_t mi = 0; mi < cat.n_models; mi++) {
				const model *m = &cat.models[mi];
				est_input in = S_in(m, &cat.quants[m->native_quant], ha, m->max_context < 8192 ? m->max_context : 8192);
				est_result ra, rb;
				in.host = ha->host >= 0 ? &cat.hosts[ha->host] : NULL;
				est_run(&in, &ra);
				in.hw = hb;
				in.host = hb->host >= 0 ? &cat.hosts[hb->host] : NULL;
				est_run(&in, &rb);
				CHECK(S_fit_rank(ra.fit) <= S_fit_rank(rb.fit), "%s: %s fits worse than %s",
				              m->slug, ha->slug, hb->slug);
			}
		}
	ck_assert(runs > 0);
	catalog_release(&cat);
}
END_TEST

static Suite *S_suite(void)
{
	Suite *s = suite_create("estimate");
	TCase *tc = tcase_create("formulas");
	tcase_add_loop_test(tc, weights_reference_identity, 0, (int)(sizeof(S_ref_quants) / sizeof(S_ref_quants[0])));
	tcase_add_loop_test(tc, weights_real_files, 0, (int)(sizeof(S_files) / sizeof(S_files[0])));
	tcase_add_test(tc, weights_moe_mxfp4);
	tcase_add_test(tc, kv_full_attention);
	tcase_add_test(tc, weights_kquant_fallback_off);
	tcase_add_test(tc, weights_kquant_fallback_dense);
	tcase_add_test(tc, weights_kquant_fallback_moe);
	tcase_add_test(tc, kv_mla);
	tcase_add_test(tc, kv_sliding_window);
	tcase_add_test(tc, kv_global_attention);
	tcase_add_test(tc, kv_compression);
	tcase_add_test(tc, kv_hybrid);
	tcase_add_loop_test(tc, usable_memory, 0, (int)(sizeof(S_usable) / sizeof(S_usable[0])));
	tcase_add_test(tc, decode_bandwidth_bound);
	tcase_add_test(tc, decode_moe_reads_active);
	tcase_add_test(tc, decode_mla_compute_bound);
	tcase_add_test(tc, decode_context_never_faster);
	tcase_add_test(tc, decode_apple_ultra_lower_fraction);
	tcase_add_test(tc, prefill_compute_bound);
	tcase_add_test(tc, prefill_kernel_paths);
	tcase_add_test(tc, prefill_moe_active_and_small_gemms);
	tcase_add_test(tc, multi_gpu_layer_and_tensor);
	tcase_add_test(tc, fit_classes);
	tcase_add_test(tc, offload_moe_experts);
	tcase_add_test(tc, safe_context_boundary);
	tcase_add_test(tc, grades_and_reasons);
	tcase_add_loop_test(tc, quality_labels, 0, (int)(sizeof(S_labels) / sizeof(S_labels[0])));
	tcase_add_test(tc, format_support);
	tcase_add_test(tc, invalid_input);
	tcase_add_test(tc, best_quant_picks_quality_that_fits);
	suite_add_tcase(s, tc);
	TCase *cat = tcase_create("catalog");
	tcase_set_timeout(cat, 120);
	tcase_add_test(cat, catalog_consistency);
	tcase_add_test(cat, platform_memo_changes_nothing);
	suite_add_tcase(s, cat);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(S_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
