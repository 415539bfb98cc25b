/* estimate.c - memory, fit, speed, context and grades (see estimate.h).
 *
 * The model in one paragraph: weights are counted tensor group by tensor
 * group as llama.cpp writes them (blocks, token embeddings, output); the KV
 * cache per token is layers × KV heads × (K + V head size) × bytes per
 * element, with windows, latents and recurrent states where the architecture
 * has them; decode is memory-bound (bytes read per token over the bandwidth
 * the platform reaches, plus a fixed cost per layer); prefill is
 * compute-bound (2 FLOPs per active weight per token plus attention, over the
 * FLOPS of the kernel path). docs/estimator.md derives each formula and works
 * examples by hand; every constant below names its source.
 *
 * No allocation, no I/O, no global mutable state: est_run is called millions
 * of times by the site build and from several threads.
 */
#include "estimate.h"

#include <math.h>
#include <string.h>

/* ---- units ----------------------------------------------------------------- */

#define GIB 1073741824.0 /* GPU and Apple memory sizes are binary (docs/data.md) */
#define GB 1e9           /* bandwidths are decimal GB/s as vendors print them */
#define TERA 1e12

/* ---- weights ------------------------------------------------------------------ */

/* quants.json gives whole-file bits per weight measured on Llama 3.1 8B (the
 * llama.cpp quantize README's table). To apply them to other models, the
 * token-embedding and output tensors are taken out at their own types: the
 * rest is the bits per weight of the transformer blocks. Llama 3.1 8B:
 * 8,030,261,248 parameters, vocabulary 128,256, hidden size 4,096, untied
 * output (meta-llama/Llama-3.1-8B config.json and safetensors index). */
#define REF_PARAMS 8030261248.0
#define REF_EMBED_PARAMS (128256.0 * 4096.0)
#define REF_OUTPUT_PARAMS (128256.0 * 4096.0)

/* MXFP4 block: 32 four-bit values + one 8-bit shared exponent = 17 bytes per
 * 32 weights (ggml/src/ggml-common.h block_mxfp4; OCP Microscaling spec).
 * llama.cpp's MXFP4_MOE file type stores only routed-expert tensors this way,
 * everything else as Q8_0 (src/llama-quant.cpp). */
#define MXFP4_EXPERT_BPW 4.25

/* ---- KV cache ----------------------------------------------------------------- */

/* Bytes per cached element: f16 2; q8_0 blocks of 32 = 34 bytes; q4_0 blocks
 * of 32 = 18 bytes (ggml-common.h block_q8_0 / block_q4_0). */
#define KV_F16_BYTES 2.0
#define KV_Q8_0_BYTES (34.0 / 32.0)
#define KV_Q4_0_BYTES (18.0 / 32.0)
/* Recurrent (Mamba2 / Gated DeltaNet) states are kept in F32 by llama.cpp. */
#define RECURRENT_STATE_BYTES 4.0

/* ---- memory budget -------------------------------------------------------------- */

/* Apple silicon: the GPU may wire about two thirds of RAM below 36 GB and
 * three quarters from 36 GB up (Metal recommendedMaxWorkingSetSize, as
 * llama.cpp logs it: e.g. 10,923 MiB of 16 GiB, 49,152 MiB of 64 GiB,
 * 147,456 MiB = 144 GiB of 192 GiB). */
#define APPLE_SHARE_SMALL (2.0 / 3.0)
#define APPLE_SHARE_LARGE 0.75
#define APPLE_SHARE_THRESHOLD_GB 36.0
/* Other unified-memory systems (Ryzen AI Max, DGX Spark): the common
 * configuration gives the GPU 96 of 128 GB (AMD Variable Graphics Memory),
 * i.e. three quarters; hardware entries override with gpu_share. */
#define UNIFIED_SHARE_DEFAULT 0.75
/* CPU-only systems: the OS, the page cache and other programs keep about 15%. */
#define CPU_SHARE 0.85
/* Discrete GPUs: display, driver and allocator fragmentation keep ~0.5 GiB
 * per device out of reach. */
#define DEVICE_RESERVE_BYTES (0.5 * GIB)
/* Framework overhead per device, counted in runtime_bytes: the CUDA/ROCm
 * context and BLAS workspaces (~0.3-0.5 GiB as nvidia-smi shows for an idle
 * llama.cpp process); Metal and CPU processes need less. */
#define FRAMEWORK_GPU_BYTES (0.4 * GIB)
#define FRAMEWORK_UNIFIED_BYTES (0.25 * GIB)
/* llama.cpp's default micro-batch (n_ubatch) and batch (n_batch). */
#define UBATCH_TOKENS 512
#define BATCH_TOKENS 2048
/* Compute buffer: llama.cpp reserves the graph for a full micro-batch, whose
 * largest tensors are the F32 logits (ubatch × vocab) and the activations
 * (~8 × hidden per token); with flash attention there is no
 * context-sized score matrix. */
#define COMPUTE_HIDDEN_MULT 8.0
/* FIT_NATIVE asks for this much free device memory: 5% of usable, at least
 * 0.5 GiB (other programs, allocator spikes). */
#define NATIVE_HEADROOM_FRAC 0.05
#define NATIVE_HEADROOM_MIN_BYTES (0.5 * GIB)
/* Below this decode speed an offloaded setup is called too heavy. */
#define MIN_USEFUL_TOK_S 1.0

/* ---- compute fallbacks (entries without FLOPS figures) -------------------------- */

/* Apple GPU FP16 = FP32 rate per core, from Apple's published totals:
 * M1 2.6 TFLOPS / 8 cores; M2 3.6 TFLOPS / 10 cores (Apple newsroom, 2020
 * and 2022). M3/M4/M5 have no official figure; their per-core clocks are
 * within a few percent of M2's, so M2's value is used (documented limit). */
#define APPLE_M1_TFLOPS_PER_CORE (2.6 / 8.0)
#define APPLE_M2_TFLOPS_PER_CORE (3.6 / 10.0)
/* AMD RDNA 3 dense FP16 (WMMA) per stream processor: RX 7900 XTX
 * 122.8 TFLOPS / 6,144 (catalog entry). */
#define RDNA_TFLOPS_PER_SP (122.78 / 6144.0)
/* Intel Xe-HPG XMX FP16 per vector lane: Arc A770 137.6 TFLOPS / 4,096
 * (Intel: 275 INT8 TOPS, FP16 at half rate). */
#define XE_TFLOPS_PER_LANE (137.6 / 4096.0)
/* llama.cpp's Vulkan backend leaves Xe-HPG (Alchemist) XMX engines unused:
 * cooperative matrices are disabled there for their performance regressions
 * (ggml-org/llama.cpp PR #24404; A770 logs print "matrix cores: none", issue
 * #17628), so GEMMs run on the vector engines. A vector engine does 8 FP32
 * lanes = 32 FP16 FLOPs per clock against 128 for its XMX engine (Intel
 * Xe-HPG: A770 137.6 TFLOPS XMX = 512 engines x 128 x 2.1 GHz), a quarter. */
#define XE_HPG_VULKAN_VECTOR_SHARE 0.25
/* GeForce FP16-accumulate rate over the FP32-accumulate figure the catalog
 * stores (NVIDIA architecture whitepapers). */
#define GEFORCE_FP16_ACC_MULT 2.0
/* Last resort: a typical GPU's FP16 TFLOPS per GB/s (A100 312/2039,
 * RTX 3090 142/936). */
#define TFLOPS_PER_GBS_FALLBACK 0.15

/* ---- multi-GPU -------------------------------------------------------------------- */

/* Tensor parallel: two all-reduces of the hidden state per layer. Latency per
 * all-reduce: ~10 µs over NVLink/Infinity Fabric, ~30 µs over PCIe (NCCL
 * small-message latencies); links of at least FAST_LINK_GBS count as fast. */
#define TP_ALLREDUCE_FAST_US 10.0
#define TP_ALLREDUCE_PCIE_US 30.0
#define FAST_LINK_GBS 100.0
#define TP_PREFILL_EFF 0.85

/* ---- grading --------------------------------------------------------------------- */

/* Sub-scores map a ratio r (achieved / target) to 70 + 30·log2(r), clamped to
 * 0..100: exactly on target is 70, twice as good 100, half 40. */
#define SUB_ON_TARGET 70.0
#define SUB_PER_DOUBLING 30.0
/* Weights of the sub-scores in the weighted geometric mean. */
#define W_DECODE 0.35
#define W_TTFT 0.20
#define W_CONTEXT 0.20
#define W_QUALITY 0.25
/* Quality sub-score from KL divergence: 100 up to 0.01, minus 30 per decade. */
#define QUALITY_KLD_FREE 0.01
#define QUALITY_PER_DECADE 30.0
#define LOW_QUALITY_KLD 0.15
#define TIGHT_SCORE_MULT 0.9
/* Sub-scores enter the geometric mean floored at 1, so a zero cannot hide the rest. */
#define SUB_FLOOR 1.0

/* ---- fitted constants ------------------------------------------------------------ */

/* Source: fitted by `make validate-fit` (fitgen validate --fit) to the 731
 * published llama.cpp measurements of ../shared/calibration/
 * decode_calibration.csv that map to the catalog (tests/calibration/map.json),
 * and pasted here as printed. Method (docs/estimator.md, section 12): robust
 * least squares on log errors; every family's value is its parent's (all
 * GPUs → NVIDIA → Ada; unified memory → Apple → Max) times an offset
 * penalised towards 1, so families with few rows stay near their parent and
 * families with none (CDNA, NVIDIA unified, older NVIDIA) inherit it.
 * Factors the data cannot inform (AWQ, GPTQ, FP8, NVFP4, MLX; SYCL) stay at
 * their priors. Units: fractions, µs, FLOPS per watt, FLOPS per GB/s. */
const est_calib est_calib_default = {
	.mem_eff = {
		[EST_PF_NV_AMPERE] = 0.834,
		[EST_PF_NV_ADA] = 0.863,
		[EST_PF_NV_BLACKWELL] = 1.000,
		[EST_PF_NV_OLDER] = 0.857,
		[EST_PF_NV_HOPPER] = 0.875,
		[EST_PF_AMD_CDNA] = 0.867,
		[EST_PF_AMD_RDNA] = 0.873,
		[EST_PF_INTEL_ARC] = 0.527,
		[EST_PF_APPLE_BASE] = 0.797,
		[EST_PF_APPLE_PRO] = 0.875,
		[EST_PF_APPLE_MAX] = 0.851,
		[EST_PF_APPLE_ULTRA] = 0.846,
		[EST_PF_AMD_APU] = 0.842,
		[EST_PF_NV_UNIFIED] = 0.859,
		[EST_PF_CPU] = 0.508,
	},
	.hbm_mem_mult = 0.614,
	.pf_eff = {
		[EST_PF_NV_AMPERE] = 0.363,
		[EST_PF_NV_ADA] = 0.387,
		[EST_PF_NV_BLACKWELL] = 0.369,
		[EST_PF_NV_OLDER] = 0.374,
		[EST_PF_NV_HOPPER] = 0.374,
		[EST_PF_AMD_CDNA] = 0.329,
		[EST_PF_AMD_RDNA] = 0.379,
		[EST_PF_INTEL_ARC] = 0.432,
		[EST_PF_APPLE_BASE] = 0.576,
		[EST_PF_APPLE_PRO] = 0.668,
		[EST_PF_APPLE_MAX] = 0.627,
		[EST_PF_APPLE_ULTRA] = 0.634,
		[EST_PF_AMD_APU] = 0.253,
		[EST_PF_NV_UNIFIED] = 0.374,
		[EST_PF_CPU] = 0.667,
	},
	.pf_flops_per_w = {
		[EST_PF_NV_AMPERE] = 2.42e+11,
		[EST_PF_NV_ADA] = 2.6e+11,
		[EST_PF_NV_BLACKWELL] = 2.84e+11,
		[EST_PF_NV_OLDER] = 2.84e+11,
		[EST_PF_NV_HOPPER] = 3.7e+11,
		[EST_PF_AMD_CDNA] = 2.84e+11,
		[EST_PF_AMD_RDNA] = 2.84e+11,
		[EST_PF_INTEL_ARC] = 2.84e+11,
		[EST_PF_APPLE_BASE] = 2.84e+11,
		[EST_PF_APPLE_PRO] = 2.84e+11,
		[EST_PF_APPLE_MAX] = 2.84e+11,
		[EST_PF_APPLE_ULTRA] = 2.84e+11,
		[EST_PF_AMD_APU] = 2.84e+11,
		[EST_PF_NV_UNIFIED] = 2.84e+11,
		[EST_PF_CPU] = 2.84e+11,
	},
	.pf_backend = {
		[EST_B_CUDA] = 1.000, [EST_B_ROCM] = 1.317, [EST_B_METAL] = 0.999,
		[EST_B_VULKAN] = 0.927, [EST_B_SYCL] = 1.000, [EST_B_CPU] = 1.149,
	},
	.layer_us = {
		[EST_B_CUDA] = 51.4, [EST_B_ROCM] = 84.9, [EST_B_METAL] = 112.0,
		[EST_B_VULKAN] = 55.3, [EST_B_SYCL] = 71.0, [EST_B_CPU] = 74.1,
	},
	.legacy_layer_mult = 1.594,
	.dec_q = {
		[EST_QC_FLOAT] = 1.052, [EST_QC_Q8] = 1.118, [EST_QC_LEGACY] = 1.061,
		[EST_QC_KQUANT] = 1.000, [EST_QC_IQUANT] = 1.000, [EST_QC_MXFP4] = 1.223,
		[EST_QC_INT4] = 1.000, [EST_QC_FP8] = 1.000, [EST_QC_NVFP4] = 1.000,
		[EST_QC_MLX] = 1.000, [EST_QC_BF16] = 0.897,
	},
	.pf_q = {
		[EST_QC_FLOAT] = 1.233, [EST_QC_Q8] = 1.156, [EST_QC_LEGACY] = 1.123,
		[EST_QC_KQUANT] = 1.000, [EST_QC_IQUANT] = 1.000, [EST_QC_MXFP4] = 1.337,
		[EST_QC_INT4] = 1.000, [EST_QC_FP8] = 1.000, [EST_QC_NVFP4] = 1.000,
		[EST_QC_MLX] = 1.000, [EST_QC_BF16] = 0.564,
	},
	.dec_attn_eff = {
		[EST_B_CUDA] = 0.0640, [EST_B_ROCM] = 0.0734, [EST_B_METAL] = 0.0820,
		[EST_B_VULKAN] = 0.0736, [EST_B_SYCL] = 0.0737, [EST_B_CPU] = 0.0728,
	},
	.dec_attn_nofa_mult = 0.153,
	.moe_layer_us = 84.8,
	.hop_us = 335.2,
	.kv_read_mult = 1.342,
	.kv_read_mult_nofa = 1.186,
	.attn_eff = 0.710,
	.attn_eff_nofa = 0.263,
	.moe_tokens_half = 70.7,
	.pipe_eff = 0.965,
	.cpu_flops_per_gbs = 1.81e+10,
};

/* ---- small helpers ---------------------------------------------------------------- */

static double S_clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

static double S_max(double a, double b)
{
	return a > b ? a : b;
}

static double S_min(double a, double b)
{
	return a < b ? a : b;
}

/* Case-insensitive substring test for short catalog strings. */
static int S_has(const char *s, const char *needle)
{
	if (!s)
		return 0;
	size_t n = strlen(needle);
	for (; *s; s++) {
		size_t i = 0;
		while (i < n && s[i] && (s[i] | 32) == (needle[i] | 32))
			i++;
		if (i == n)
			return 1;
	}
	return 0;
}

/* ---- classification ---------------------------------------------------------------- */

void est_memo_platforms(hardware *hw, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		hw[i].platform_memo = 0;
		hw[i].platform_memo = (int)est_platform_of(&hw[i]) + 1;
	}
}

est_platform est_platform_of(const hardware *hw)
{
	if (hw->platform_memo > 0)
		return (est_platform)(hw->platform_memo - 1);
	const char *arch = hw->architecture, *name = hw->name;
	int hbm = S_has(hw->memory_type, "HBM");
	if (hw->kind == HW_CPU)
		return EST_PF_CPU;
	if (S_has(arch, "Apple") || S_has(hw->vendor, "Apple")) {
		if (S_has(name, "Ultra"))
			return EST_PF_APPLE_ULTRA;
		if (S_has(name, "Max"))
			return EST_PF_APPLE_MAX;
		if (S_has(name, "Pro"))
			return EST_PF_APPLE_PRO;
		return EST_PF_APPLE_BASE;
	}
	int amd = S_has(hw->vendor, "AMD") || S_has(arch, "RDNA") || S_has(arch, "CDNA");
	int intel = S_has(hw->vendor, "Intel") || S_has(arch, "Xe");
	if (hw->kind == HW_UNIFIED)
		return amd ? EST_PF_AMD_APU : EST_PF_NV_UNIFIED;
	if (amd)
		return hbm ? EST_PF_AMD_CDNA : EST_PF_AMD_RDNA;
	if (intel)
		return EST_PF_INTEL_ARC;
	if (S_has(arch, "Blackwell"))
		return EST_PF_NV_BLACKWELL;
	if (S_has(arch, "Hopper"))
		return EST_PF_NV_HOPPER;
	if (S_has(arch, "Ada"))
		return EST_PF_NV_ADA;
	if (S_has(arch, "Ampere"))
		return EST_PF_NV_AMPERE;
	return EST_PF_NV_OLDER;
}

est_backend est_backend_of(const hardware *hw, unsigned want)
{
	static const struct { unsigned bit; est_backend b; } order[] = {
		{ BACKEND_CUDA, EST_B_CUDA }, { BACKEND_METAL, EST_B_METAL }, { BACKEND_ROCM, EST_B_ROCM },
		{ BACKEND_SYCL, EST_B_SYCL }, { BACKEND_VULKAN, EST_B_VULKAN }, { BACKEND_CPU, EST_B_CPU },
	};
	unsigned have = want ? want : hw->backends;
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (have & order[i].bit)
			return order[i].b;
	return hw->kind == HW_CPU ? EST_B_CPU : EST_B_VULKAN;
}

est_qclass est_qclass_of(const quant *q)
{
	const char *n = q->name ? q->name : "";
	switch (q->family) {
	case QF_FLOAT: return strstr(n, "BF") || strstr(n, "bf") ? EST_QC_BF16 : EST_QC_FLOAT;
	case QF_MLX: return EST_QC_MLX;
	case QF_AWQ:
	case QF_GPTQ: return EST_QC_INT4;
	case QF_FP8: return EST_QC_FP8;
	case QF_NVFP4: return EST_QC_NVFP4;
	case QF_MXFP4: return EST_QC_MXFP4;
	case QF_GGUF: break;
	}
	if ((n[0] | 32) == 'i' && (n[1] | 32) == 'q')
		return EST_QC_IQUANT;
	if (strchr(n, 'K') || strchr(n, 'k'))
		return EST_QC_KQUANT;
	if (strncmp(n, "Q8", 2) == 0 || strncmp(n, "q8", 2) == 0)
		return EST_QC_Q8;
	return EST_QC_LEGACY;
}

int est_format_supported(const quant *q, const hardware *hw)
{
	unsigned gpu = hw->backends & (BACKEND_CUDA | BACKEND_ROCM);
	switch (q->family) {
	case QF_MLX: return (hw->backends & BACKEND_METAL) != 0;
	case QF_AWQ:
	case QF_GPTQ:
	case QF_FP8: return gpu != 0 && hw->kind != HW_CPU;
	case QF_NVFP4: return (hw->backends & BACKEND_CUDA) != 0 && hw->kind != HW_CPU;
	default: return 1;
	}
}

const char *est_platform_slug(est_platform p)
{
	static const char *const s[EST_PF_COUNT] = {
		"nvidia-ampere", "nvidia-ada", "nvidia-blackwell", "nvidia-older", "nvidia-hopper",
		"amd-cdna", "amd-rdna", "intel-arc", "apple-base", "apple-pro", "apple-max",
		"apple-ultra", "amd-apu", "nvidia-unified", "cpu",
	};
	return (unsigned)p < EST_PF_COUNT ? s[p] : "?";
}

const char *est_backend_slug(est_backend b)
{
	static const char *const s[EST_B_COUNT] = { "cuda", "rocm", "metal", "vulkan", "sycl", "cpu" };
	return (unsigned)b < EST_B_COUNT ? s[b] : "?";
}

const char *fit_class_slug(fit_class f)
{
	switch (f) {
	case FIT_NATIVE: return "native";
	case FIT_TIGHT: return "tight";
	case FIT_OFFLOAD: return "offload";
	case FIT_TOO_HEAVY: return "too_heavy";
	}
	return "?";
}

const char *kv_type_slug(kv_type k)
{
	switch (k) {
	case KV_F16: return "f16";
	case KV_Q8_0: return "q8_0";
	case KV_Q4_0: return "q4_0";
	}
	return "?";
}

/* ---- quality ------------------------------------------------------------------------- */

const char *est_quality_label(const quant *q)
{
	if (q->family == QF_FLOAT && q->kld < 0)
		return "lossless";
	if (q->kld < 0)
		return "not measured";
	if (q->family == QF_FLOAT || q->kld < 0.003)
		return q->family == QF_FLOAT ? "lossless" : "near-lossless";
	if (q->kld < 0.012)
		return "very good";
	if (q->kld < 0.05)
		return "good";
	if (q->kld < 0.15)
		return "fair";
	if (q->kld < 0.5)
		return "poor";
	return "very poor";
}

/* Quality sub-score 0..100. Unmeasured formats are placed by their
 * bits per weight in the blocks, against the measured GGUF types of the same
 * size (Q8_0 8.5 → 97, Q6_K 6.6 → 93, Q5_K_M 5.7 → 90, Q4_K_M 4.8 → 85). */
static double S_quality_score(const quant *q)
{
	if (q->family == QF_FLOAT)
		return 100;
	if (q->kld >= 0) {
		double k = S_max(q->kld, QUALITY_KLD_FREE);
		return S_clamp(100 - QUALITY_PER_DECADE * log10(k / QUALITY_KLD_FREE), 0, 100);
	}
	double b = est_body_bpw(q);
	if (b >= 7.5) return 97;
	if (b >= 6.0) return 93;
	if (b >= 5.0) return 90;
	if (b >= 4.0) return 85;
	if (b >= 3.0) return 65;
	return 45;
}

/* ---- weights ----------------------------------------------------------------------- */

static double S_embed_bpw(const quant *q)
{
	return q->embed_bpw > 0 ? q->embed_bpw : q->bpw;
}

static double S_output_bpw(const quant *q)
{
	return q->output_bpw > 0 ? q->output_bpw : q->bpw;
}

double est_body_bpw(const quant *q)
{
	double bits = q->bpw * REF_PARAMS - S_embed_bpw(q) * REF_EMBED_PARAMS
	              - S_output_bpw(q) * REF_OUTPUT_PARAMS;
	double b = bits / (REF_PARAMS - REF_EMBED_PARAMS - REF_OUTPUT_PARAMS);
	return b > 0.5 ? b : q->bpw;
}

/* A model split into the tensor groups that are stored and read differently. */
typedef struct layout {
	double embed;        /* token-embedding parameters */
	double output;       /* output-projection parameters (0 when tied) */
	double dense_body;   /* non-expert block parameters (attention, norms, shared experts, router) */
	double expert_each;  /* one routed expert, all layers */
	double experts;      /* all routed experts */
	int moe;
} layout;

/* Attention projection parameters per layer: Q, K, V and O. */
static double S_attn_params(const model *m)
{
	double h = m->hidden_size, qd = (double)m->attention_heads * m->head_dim_k;
	double kd = (double)m->kv_heads * m->head_dim_k, vd = (double)m->kv_heads * m->head_dim_v;
	double od = (double)m->attention_heads * m->head_dim_v;
	return h * (qd + kd + vd) + od * h;
}

static layout S_layout(const model *m)
{
	layout l;
	double p = m->params_b * 1e9;
	double ev = (double)m->vocab_size * m->hidden_size;
	l.embed = ev;
	l.output = m->tied_embeddings ? 0 : ev;
	if (l.embed + l.output > 0.9 * p) { /* inconsistent data: keep something sane */
		l.embed = l.output = 0.05 * p;
	}
	l.moe = m->experts_total > 1 && m->experts_per_token > 0 && m->active_params_b < m->params_b;
	l.experts = l.expert_each = 0;
	if (l.moe) {
		/* Total P = dense + E·e and active A = dense + k·e give e = (P-A)/(E-k).
		 * Some cards count A without the embeddings, which inflates e; the
		 * non-expert part can never be smaller than attention + embeddings,
		 * so that is its floor (MLA and recurrent layers make it a lower bound). */
		double a = m->active_params_b * 1e9;
		int E = m->experts_total, k = m->experts_per_token;
		double e = (p - a) / (E - k);
		double dense = p - E * e;
		double dense_min = l.embed + l.output;
		if (m->attention != ATTN_MLA)
			dense_min += (double)m->kv_layers * S_attn_params(m);
		if (dense < dense_min) {
			dense = dense_min;
			e = (p - dense) / E;
		}
		if (e < 0)
			e = 0;
		l.expert_each = e;
		l.experts = e * E;
	}
	l.dense_body = p - l.embed - l.output - l.experts;
	if (l.dense_body < 0)
		l.dense_body = 0;
	return l;
}

/* ---- k-quant fallback for rows that are not a multiple of 256 ---------------------
 *
 * k-quants and the IQ types pack 256 weights per super-block (QK_K), so a
 * tensor's row length (ne[0], its input dimension) must be a multiple of 256.
 * When it is not, llama.cpp stores that tensor in a 32-wide type instead
 * (src/llama-quant.cpp, tensor_type_fallback, commit 007dbbf3): IQ1_S…IQ3_S
 * and IQ4_XS → IQ4_NL (4.5 bpw), Q2_K and Q3_K → Q4_0 (4.5), Q4_K → Q5_0
 * (5.5), Q5_K → Q5_1 (6.0), Q6_K → Q8_0 (8.5); the output tensor (and tied
 * embeddings) go straight to Q8_0 (llama_tensor_get_type_impl: nx % qk_k).
 * The whole-file bpw of quants.json already averages the mix, so only the
 * difference is added: per mix, the bits the affected tensors would have had
 * and their fallback. ffn_down: the mix's own ffn_down types averaged over
 * the layers (*_M: Q6_K/Q5_K on use_more_bits layers, taken as half; Q4_K_S,
 * IQ4_XS, IQ4_NL, IQ3_M, IQ2_*, IQ1_*: a bumped type on the first eighth;
 * Q3_K_M: Q5_K on the first sixteenth, Q4_K on the rest; no importance matrix
 * except IQ3_XXS, which requires one). base: the ftype's default type, for
 * q/k/v, o and gate/up (attn_v bumps are ignored). embed_fb: the token
 * embedding's fallback when it is not tied. Q8_0 and Q4_0 (32-wide blocks)
 * and the other families need no entry. */
typedef struct kq_fallback {
	const char *name;
	double down, down_fb;  /* ffn_down: mix bpw and after the fallback */
	double base, base_fb;  /* the default type of the mix and its fallback */
	double embed_fb;       /* token embeddings after the fallback */
} kq_fallback;

static const kq_fallback S_kq_fallbacks[] = {
	{ "Q6_K",    6.5625,    8.5,       6.5625, 8.5, 8.5 },
	{ "Q5_K_M",  6.03125,   7.25,      5.5,    6.0, 6.0 },
	{ "Q5_K_S",  5.5,       6.0,       5.5,    6.0, 6.0 },
	{ "Q4_K_M",  5.53125,   7.0,       4.5,    5.5, 5.5 },
	{ "Q4_K_S",  4.625,     5.5625,    4.5,    5.5, 5.5 },
	{ "IQ4_NL",  4.625,     4.6875,    4.5,    4.5, 4.5 },
	{ "IQ4_XS",  4.40625,   4.6875,    4.25,   4.5, 4.5 },
	{ "Q3_K_L",  5.5,       6.0,       3.4375, 4.5, 4.5 },
	{ "Q3_K_M",  4.5625,    5.53125,   3.4375, 4.5, 4.5 },
	{ "Q3_K_S",  3.4375,    4.5,       3.4375, 4.5, 4.5 },
	{ "IQ3_M",   3.5703125, 4.625,     3.4375, 4.5, 4.5 },
	{ "IQ3_XXS", 3.0625,    4.5,       3.0625, 4.5, 4.5 },
	{ "Q2_K",    3.4375,    4.5,       2.625,  4.5, 4.5 },
	{ "IQ2_M",   2.6171875, 4.5,       2.5,    4.5, 4.5 },
	{ "IQ2_XXS", 2.1328125, 4.5,       2.0625, 4.5, 4.5 },
	{ "IQ1_M",   1.859375,  4.5,       1.75,   4.5, 4.5 },
	{ "IQ1_S",   1.6953125, 4.5,       1.5625, 4.5, 4.5 },
};

#define QK_K 256              /* k-quant super-block (ggml-common.h) */
#define KQ_OUTPUT_FB_BPW 8.5  /* Q8_0 */

/* Extra bits the fallback adds, per tensor group. */
typedef struct kq_extra {
	double dense, experts, embed, output;
} kq_extra;

static kq_extra S_kq_extra(const model *m, const quant *q, const layout *l)
{
	kq_extra x = { 0, 0, 0, 0 };
	/* Only models that give their FFN widths: without them the tensors
	 * cannot be placed, and the measured whole-file average stands. */
	if (q->family != QF_GGUF || (m->ffn_width <= 0 && m->expert_ffn_width <= 0))
		return x;
	const kq_fallback *f = NULL;
	for (size_t i = 0; i < sizeof(S_kq_fallbacks) / sizeof(S_kq_fallbacks[0]); i++)
		if (strcmp(S_kq_fallbacks[i].name, q->name) == 0)
			f = &S_kq_fallbacks[i];
	int odd_hidden = m->hidden_size % QK_K != 0;
	double h = m->hidden_size, L = m->layers;
	if (f) {
		/* Dense body: ffn_down of the always-on FFN (row = ffn_width). */
		double down = m->ffn_width > 0 ? S_min(L * h * m->ffn_width, l->dense_body) : 0;
		if (m->ffn_width > 0 && m->ffn_width % QK_K != 0)
			x.dense += down * (f->down_fb - f->down);
		if (odd_hidden) {
			/* Rows of hidden size: q/k/v and gate/up (a non-gated MLP has
			 * only up: the cap by what is left of the body takes care). */
			double od = (double)m->attention_heads * m->head_dim_v;
			double o = S_min(L * od * h, S_max(l->dense_body - down, 0));
			double in = L * (S_attn_params(m) - od * h + 2.0 * h * (m->ffn_width > 0 ? m->ffn_width : 0));
			in = S_min(in, S_max(l->dense_body - down - o, 0));
			if ((m->attention_heads * m->head_dim_v) % QK_K != 0)
				in += o; /* the attention output's rows are heads × head_dim */
			x.dense += in * (f->base_fb - f->base);
		}
		if (l->moe) {
			/* Routed experts: gate, up and down of equal size. */
			if (m->expert_ffn_width > 0 && m->expert_ffn_width % QK_K != 0)
				x.experts += l->experts / 3.0 * (f->down_fb - f->down);
			if (odd_hidden)
				x.experts += l->experts * 2.0 / 3.0 * (f->base_fb - f->base);
		}
		if (odd_hidden && !m->tied_embeddings)
			x.embed = l->embed * S_max(f->embed_fb - S_embed_bpw(q), 0);
	}
	if (odd_hidden) {
		double ob = S_max(KQ_OUTPUT_FB_BPW - S_output_bpw(q), 0);
		x.output = l->output * ob;
		if (m->tied_embeddings)
			x.embed = l->embed * ob;
	}
	return x;
}

/* Bits per weight of the dense-body and expert tensors of q in model m
 * (layout l), the k-quant fallback included. */
static void S_body_bits(const model *m, const quant *q, const layout *l, double *dense_bpw, double *expert_bpw)
{
	double b = est_body_bpw(q);
	*dense_bpw = b;
	*expert_bpw = (q->family == QF_MXFP4 && l->moe) ? MXFP4_EXPERT_BPW : b;
	kq_extra x = S_kq_extra(m, q, l);
	if (x.dense > 0 && l->dense_body > 0)
		*dense_bpw += x.dense / l->dense_body;
	if (x.experts > 0 && l->experts > 0)
		*expert_bpw += x.experts / l->experts;
}

static double S_weight_bytes_l(const model *m, const quant *q, const layout *l)
{
	double db, xb;
	S_body_bits(m, q, l, &db, &xb);
	/* Tied embeddings: llama.cpp stores the shared tensor at the output type. */
	double eb = m->tied_embeddings ? S_output_bpw(q) : S_embed_bpw(q);
	double bits = l->dense_body * db + l->experts * xb + l->embed * eb + l->output * S_output_bpw(q);
	kq_extra x = S_kq_extra(m, q, l);
	if (x.embed > 0 || x.output > 0)
		bits += x.embed + x.output;
	return bits / 8.0;
}

double est_weight_bytes(const model *m, const quant *q)
{
	if (!m || !q)
		return 0;
	layout l = S_layout(m);
	return S_weight_bytes_l(m, q, &l);
}

/* ---- KV cache ------------------------------------------------------------------------- */

static double S_kv_elem_bytes(kv_type kv)
{
	switch (kv) {
	case KV_Q8_0: return KV_Q8_0_BYTES;
	case KV_Q4_0: return KV_Q4_0_BYTES;
	case KV_F16: break;
	}
	return KV_F16_BYTES;
}

/* Cached elements per token of one KV layer. */
static double S_kv_elems_per_layer(const model *m)
{
	if (m->attention == ATTN_MLA)
		return (double)m->kv_lora_rank + m->rope_dim;
	if (m->kvc_kinds > 0) /* DeepSeek V4: one shared K/V vector per row */
		return (double)m->kv_heads * m->head_dim_k;
	return (double)m->kv_heads * (m->head_dim_k + m->head_dim_v);
}

/* kv_compression (DeepSeek V4): rows held at context ctx on top of the
 * window, Σ layers × ceil(ctx / ratio), and the indexer keys (*idx_rows)
 * of the layers whose ratio is indexer_ratio. */
static double S_kvc_rows(const model *m, double ctx, double *idx_rows)
{
	double rows = 0;
	*idx_rows = 0;
	for (int k = 0; k < m->kvc_kinds && k < MODEL_KVC_KINDS; k++) {
		double r = (double)m->kvc_layers[k] * ceil(ctx / m->kvc_ratio[k]);
		rows += r;
		if (m->kvc_ratio[k] == m->indexer_ratio && m->indexer_dim > 0)
			*idx_rows += r;
	}
	return rows;
}

/* Cached elements per token of one non-windowed KV layer: Gemma 4's global
 * layers have their own KV heads and head size (K and V both cached). */
static double S_kv_elems_full(const model *m)
{
	if (m->global_kv_heads > 0 && m->global_head_dim > 0)
		return (double)m->global_kv_heads * 2.0 * m->global_head_dim;
	return S_kv_elems_per_layer(m);
}

/* Token-positions held at context ctx by the windowed KV layers (*win_pos)
 * and by the others (*full_pos). */
static void S_kv_positions_split(const model *m, double ctx, double *full_pos, double *win_pos)
{
	int kvl = m->kv_layers > 0 ? m->kv_layers : m->layers;
	int sl = m->sliding_window > 0 ? m->sliding_layers : 0;
	if (sl > kvl)
		sl = kvl;
	*win_pos = sl ? (double)sl * S_min(ctx, m->sliding_window) : 0;
	*full_pos = (double)(kvl - sl) * ctx;
}

static double S_recurrent_bytes(const model *m)
{
	if (m->attention != ATTN_HYBRID || m->recurrent_layers <= 0)
		return 0;
	return (double)m->recurrent_layers * m->recurrent_heads * m->recurrent_key_dim
	       * m->recurrent_value_dim * RECURRENT_STATE_BYTES;
}

double est_kv_bytes(const model *m, int ctx, kv_type kv)
{
	if (!m || ctx < 0)
		return 0;
	double f, w, idx;
	S_kv_positions_split(m, ctx, &f, &w);
	double c = S_kvc_rows(m, ctx, &idx);
	return (f * S_kv_elems_full(m) + (w + c) * S_kv_elems_per_layer(m) + idx * m->indexer_dim)
	       * S_kv_elem_bytes(kv) + S_recurrent_bytes(m);
}

/* ---- memory budget ---------------------------------------------------------------------- */

static double S_unified_share(const hardware *hw)
{
	if (hw->gpu_share > 0)
		return hw->gpu_share;
	est_platform pf = est_platform_of(hw);
	if (pf >= EST_PF_APPLE_BASE && pf <= EST_PF_APPLE_ULTRA)
		return hw->memory_gb < APPLE_SHARE_THRESHOLD_GB ? APPLE_SHARE_SMALL : APPLE_SHARE_LARGE;
	return UNIFIED_SHARE_DEFAULT;
}

double est_usable_bytes(const hardware *hw, int gpus)
{
	if (!hw)
		return 0;
	double mem = hw->memory_gb * GIB;
	if (gpus < 1)
		gpus = 1;
	switch (hw->kind) {
	case HW_UNIFIED: return mem * S_unified_share(hw);
	case HW_CPU: return mem * CPU_SHARE;
	default: break;
	}
	double per = mem - DEVICE_RESERVE_BYTES;
	return gpus * (per > 0 ? per : 0);
}

static double S_framework_bytes(const hardware *hw, int gpus)
{
	if (hw->kind == HW_UNIFIED || hw->kind == HW_CPU)
		return FRAMEWORK_UNIFIED_BYTES;
	return gpus * FRAMEWORK_GPU_BYTES;
}

static double S_compute_bytes(const model *m, int gpus, int ubatch)
{
	/* F32 logits once (last device) + activations on every device. */
	return ubatch * 4.0 * ((double)m->vocab_size + gpus * COMPUTE_HIDDEN_MULT * m->hidden_size);
}

static double S_native_need(double usable)
{
	return S_max(NATIVE_HEADROOM_MIN_BYTES, NATIVE_HEADROOM_FRAC * usable);
}

/* ---- compute -------------------------------------------------------------------------- */

static double S_apple_tflops_per_core(const hardware *hw)
{
	return S_has(hw->architecture, "M1") ? APPLE_M1_TFLOPS_PER_CORE : APPLE_M2_TFLOPS_PER_CORE;
}

/* Dense 16-bit tensor FLOPS of one device, at the rate llama.cpp's kernels
 * run: FP16 with FP16 accumulation (cuBLAS) or INT8 (its quantized MMQ
 * kernels, at twice the ops). The catalog stores the FP32-accumulate FP16
 * figure (docs/data.md); GeForce cards run FP16-accumulate at twice that
 * (NVIDIA Ampere GA102, Ada AD102 and Blackwell GB202 whitepapers: e.g. RTX
 * 4090 165.2 vs 330.3 TFLOPS), data-centre and workstation parts at the same
 * rate. Tensor units run 8-bit inputs at twice their 16-bit rate, so an
 * entry's INT8 or FP8 figure over two is a 16-bit figure too; the best of
 * these is used. Entries with none are derived from their cores. */
static double S_fp16_flops(const hardware *hw, est_platform pf, const est_calib *c)
{
	double f16 = hw->fp16_tflops;
	int nvidia = pf == EST_PF_NV_AMPERE || pf == EST_PF_NV_ADA || pf == EST_PF_NV_BLACKWELL
	             || pf == EST_PF_NV_OLDER || pf == EST_PF_NV_HOPPER;
	if (hw->kind == HW_CONSUMER_GPU && nvidia)
		f16 *= GEFORCE_FP16_ACC_MULT;
	double t = S_max(f16, S_max(hw->int8_tops, hw->fp8_tflops) / 2);
	if (t > 0)
		return t * TERA;
	if (pf == EST_PF_CPU)
		return c->cpu_flops_per_gbs * hw->bandwidth_gbs;
	if (hw->gpu_cores > 0) {
		if (pf >= EST_PF_APPLE_BASE && pf <= EST_PF_APPLE_ULTRA)
			return hw->gpu_cores * S_apple_tflops_per_core(hw) * TERA;
		if (pf == EST_PF_AMD_RDNA || pf == EST_PF_AMD_APU)
			return hw->gpu_cores * RDNA_TFLOPS_PER_SP * TERA;
		if (pf == EST_PF_INTEL_ARC)
			return hw->gpu_cores * XE_TFLOPS_PER_LANE * TERA;
	}
	return hw->bandwidth_gbs * TFLOPS_PER_GBS_FALLBACK * TERA;
}

/* 1 when the backend's GEMMs run without the device's matrix units: Vulkan
 * on Intel Xe-HPG (XE_HPG_VULKAN_VECTOR_SHARE). Xe2 (Battlemage) keeps them. */
static int S_vector_only(const hardware *hw, est_platform pf, est_backend be)
{
	return be == EST_B_VULKAN && pf == EST_PF_INTEL_ARC && S_has(hw->architecture, "Xe-HPG");
}

/* FLOPS of the kernel path that runs the weight GEMMs of class qc: 16-bit
 * tensor throughput for llama.cpp's formats (its quantized kernels run at
 * the same peak, in INT8 on NVIDIA at twice the ops, minus the dequantisation
 * the pf_q factors measure); FP8/FP4 units for those formats where present. */
static double S_path_flops(const hardware *hw, est_platform pf, est_backend be, est_qclass qc, const est_calib *c)
{
	if (be == EST_B_CPU || pf == EST_PF_CPU)
		return c->cpu_flops_per_gbs * hw->bandwidth_gbs;
	double f16 = S_fp16_flops(hw, pf, c);
	if (S_vector_only(hw, pf, be))
		return f16 * XE_HPG_VULKAN_VECTOR_SHARE;
	switch (qc) {
	case EST_QC_FP8:
		return hw->fp8_tflops > 0 ? hw->fp8_tflops * TERA : f16;
	case EST_QC_NVFP4:
		return hw->fp4_tflops > 0 ? hw->fp4_tflops * TERA
		     : hw->fp8_tflops > 0 ? hw->fp8_tflops * TERA : f16;
	default:
		return f16;
	}
}

/* Attention FLOPs per layer per attended position (QK^T and AV). */
static double S_attn_flops_per_pos(const model *m)
{
	if (m->attention == ATTN_MLA) /* absorbed MLA attends over the latent */
		return 2.0 * m->attention_heads * (2.0 * m->kv_lora_rank + m->rope_dim);
	return 2.0 * m->attention_heads * (double)(m->head_dim_k + m->head_dim_v);
}

/* The same for a non-windowed layer (Gemma 4's global layers differ). */
static double S_attn_flops_full(const model *m)
{
	if (m->global_kv_heads > 0 && m->global_head_dim > 0)
		return 2.0 * m->attention_heads * 2.0 * m->global_head_dim;
	return S_attn_flops_per_pos(m);
}

/* Indexer FLOPs per layer per compressed row (kv_compression): every query
 * head scores the row's indexer key. */
static double S_indexer_flops_per_row(const model *m)
{
	return 2.0 * m->attention_heads * m->indexer_dim;
}

/* Decode attention FLOPs over the whole cache at context ctx. Compressed
 * rows (kv_compression) are all attended: the top-k selection of the indexed
 * layers is not modelled, so this is an upper bound there. */
static double S_attn_flops_ctx(const model *m, double ctx)
{
	double f, w, idx;
	S_kv_positions_split(m, ctx, &f, &w);
	double c = S_kvc_rows(m, ctx, &idx);
	return f * S_attn_flops_full(m) + (w + c) * S_attn_flops_per_pos(m) + idx * S_indexer_flops_per_row(m);
}

/* Σ over prompt tokens of the positions each attends to, for n tokens after
 * depth d, with an optional window w (0: none). */
static double S_attended(double n, double d, double w)
{
	if (w <= 0)
		return n * d + n * (n - 1) / 2;
	if (d >= w)
		return n * w;
	double k = S_min(n, w - d);
	return k * d + k * (k - 1) / 2 + (n - k) * w;
}

/* ---- the run ----------------------------------------------------------------------------- */

typedef struct ctxinfo {
	const est_calib *c;
	layout l;
	est_platform pf;      /* the hardware's family */
	est_platform eff_pf;  /* the family whose efficiencies apply (CPU when run on the CPU backend) */
	double mem_eff;       /* fraction of bandwidth reached, HBM factor included */
	double f16;           /* 16-bit FLOPS of one device on the chosen backend */
	est_backend be;
	est_qclass qc;
	double dense_bpw, expert_bpw;
	double weights;
	double usable, runtime, need;
	int gpus;
	split_mode split;
	int moe_layers;
} ctxinfo;

/* Device-side memory for context ctx, and the offload that makes it fit with
 * native headroom. Returns the fit class from memory alone. */
static fit_class S_memory(const est_input *in, const ctxinfo *ci, int ctx, est_result *r)
{
	const model *m = in->model;
	double kv = est_kv_bytes(m, ctx, in->kv);
	r->kv_cache_bytes = kv;
	r->total_bytes = ci->weights + kv + ci->runtime;
	r->headroom_bytes = ci->usable - r->total_bytes;
	r->offload_bytes = r->offload_fraction = r->host_ram_bytes = 0;
	r->offload_layers = 0;
	r->expert_offload = false;
	if (r->headroom_bytes >= ci->need)
		return FIT_NATIVE;
	if (r->headroom_bytes >= 0 || in->no_offload)
		return FIT_TIGHT;
	/* Does not fit: offload what must go, keeping native headroom on the device. */
	double room = ci->usable - ci->need - ci->runtime;
	int discrete = in->hw->kind != HW_UNIFIED && in->hw->kind != HW_CPU;
	if (!discrete || !in->host || room <= 0)
		return FIT_TOO_HEAVY;
	double over = r->total_bytes - (ci->usable - ci->need);
	double expert_bytes = ci->l.experts * ci->expert_bpw / 8.0;
	if (ci->l.moe && over <= expert_bytes) {
		/* MoE expert offload (llama.cpp --n-cpu-moe / -ot exps=CPU): attention,
		 * shared experts and the KV cache stay on the GPU. */
		r->expert_offload = true;
		r->offload_bytes = over;
		r->host_ram_bytes = over;
		r->offload_layers = (int)ceil(m->layers * over / expert_bytes);
	} else {
		/* Layer offload (-ngl): a layer's weights and its KV move together. */
		double movable = ci->weights + kv;
		double keep = room / movable;
		if (keep <= 0)
			return FIT_TOO_HEAVY;
		double frac = 1 - keep;
		r->offload_bytes = frac * ci->weights;
		r->host_ram_bytes = frac * movable;
		r->offload_layers = (int)ceil(m->layers * frac);
	}
	r->offload_fraction = ci->weights > 0 ? r->offload_bytes / ci->weights : 0;
	return FIT_OFFLOAD;
}

/* Seconds per generated token at context ctx. */
static double S_decode_s(const est_input *in, const ctxinfo *ci, const est_result *r, int ctx)
{
	const est_calib *c = ci->c;
	const model *m = in->model;
	const hardware *hw = in->hw;
	const layout *l = &ci->l;
	double bw = hw->bandwidth_gbs * GB * ci->mem_eff * c->dec_q[ci->qc];
	/* Bytes read per token: non-expert blocks, the output projection, the
	 * active experts; the embedding is a single row. */
	double out_bits = (m->tied_embeddings ? l->embed : l->output) * S_output_bpw(in->quant);
	double w_dense = (l->dense_body * ci->dense_bpw + out_bits) / 8.0;
	double w_exp_active = l->moe ? (double)m->experts_per_token * l->expert_each * ci->expert_bpw / 8.0 : 0;
	double kv = est_kv_bytes(m, ctx, in->kv);
	double kv_mult = in->no_flash_attn ? c->kv_read_mult_nofa : c->kv_read_mult;
	double host_s = 0, dev_w = w_dense + w_exp_active, dev_kv = kv;
	/* Attention of the new token over the cache is a matrix-vector product per
	 * KV head group: memory-bound for ordinary GQA, compute-bound when many
	 * heads share one cache entry (MLA). Its time is the larger of the two. */
	double attn_flops = S_attn_flops_ctx(m, ctx);
	double attn_rate = ci->f16 * c->dec_attn_eff[ci->be] * (in->no_flash_attn ? c->dec_attn_nofa_mult : 1.0);

	if (r->offload_bytes > 0 && in->host) {
		double host_bw = in->host->bandwidth_gbs * GB * c->mem_eff[EST_PF_CPU] * c->dec_q[ci->qc];
		double host_read;
		if (r->expert_offload) {
			/* offloaded experts are read only when routed to: share k/E */
			double exp_total = l->experts * ci->expert_bpw / 8.0;
			double f = exp_total > 0 ? r->offload_bytes / exp_total : 0;
			host_read = w_exp_active * f;
			dev_w -= host_read;
			host_s = host_read / host_bw;
		} else {
			/* the offloaded layers' weights, KV and attention run on the CPU */
			double f = r->offload_fraction;
			double cpu_attn = c->cpu_flops_per_gbs * in->host->bandwidth_gbs * c->dec_attn_eff[EST_B_CPU];
			host_read = dev_w * f;
			host_s = host_read / host_bw + S_max(kv * f * kv_mult / host_bw, f * attn_flops / cpu_attn);
			dev_w *= 1 - f;
			dev_kv *= 1 - f;
		}
		host_s += r->offload_layers * c->layer_us[EST_B_CPU] * 1e-6 + c->hop_us * 1e-6;
	}

	double t;
	int g = ci->gpus;
	if (ci->split == SPLIT_TENSOR && g > 1) {
		double lat = (hw->interconnect_gbs >= FAST_LINK_GBS ? TP_ALLREDUCE_FAST_US : TP_ALLREDUCE_PCIE_US) * 1e-6;
		double link = (hw->interconnect_gbs > 0 ? hw->interconnect_gbs : 16.0) * GB;
		double ar_bytes = m->hidden_size * 2.0 * 2.0 * (g - 1) / g;
		t = dev_w / (g * bw) + S_max(dev_kv * kv_mult / (g * bw), attn_flops / (g * attn_rate))
		    + 2.0 * m->layers * (lat + ar_bytes / link);
	} else {
		double kvf = kv > 0 ? dev_kv / kv : 1;
		t = dev_w / bw + S_max(dev_kv * kv_mult / bw, kvf * attn_flops / attn_rate)
		    + (g > 1 ? (g - 1) * c->hop_us * 1e-6 : 0);
	}
	double fixed = m->layers * c->layer_us[ci->be] + ci->moe_layers * c->moe_layer_us;
	t += fixed * (in->legacy_build ? c->legacy_layer_mult : 1.0) * 1e-6 + host_s;
	return t;
}

/* Seconds to process n prompt tokens after depth d. */
static double S_prefill_s(const est_input *in, const ctxinfo *ci, const est_result *r, int n, int d)
{
	const est_calib *c = ci->c;
	const model *m = in->model;
	const hardware *hw = in->hw;
	const layout *l = &ci->l;
	int ub = in->ubatch > 0 ? in->ubatch : UBATCH_TOKENS;
	/* Sustained throughput: a fraction of the path's peak, but no more than
	 * board power allows (tensor-heavy kernels run at power-limited clocks). */
	double cap = hw->tdp_w > 0 && ci->eff_pf != EST_PF_CPU ? hw->tdp_w * c->pf_flops_per_w[ci->eff_pf] : 1e300;
	double pe = c->pf_eff[ci->eff_pf] * c->pf_backend[ci->be];
	double path = S_min(S_path_flops(hw, ci->pf, ci->be, ci->qc, c) * pe, cap) * c->pf_q[ci->qc];
	double f16 = S_min(ci->f16 * pe, cap) * (in->no_flash_attn ? c->attn_eff_nofa : c->attn_eff);
	/* A micro-batch of ub tokens gives each routed expert about ub·k/E rows:
	 * small GEMMs reach a fraction m/(m + m_half) of the dense efficiency. */
	double moe_eff = 1.0;
	if (l->moe) {
		double rows = S_min(n, ub) * (double)m->experts_per_token / m->experts_total;
		double dense_rows = S_min(n, ub);
		moe_eff = (rows / (rows + c->moe_tokens_half)) / (dense_rows / (dense_rows + c->moe_tokens_half));
	}
	double lin = 2.0 * n * (l->dense_body + (l->moe ? (double)m->experts_per_token * l->expert_each / moe_eff : 0));
	int kvl = m->kv_layers > 0 ? m->kv_layers : m->layers;
	int sl = m->sliding_window > 0 ? m->sliding_layers : 0;
	if (sl > kvl)
		sl = kvl;
	double att = S_attn_flops_full(m) * (kvl - sl) * S_attended(n, d, 0)
	             + S_attn_flops_per_pos(m) * sl * S_attended(n, d, m->sliding_window);
	for (int k = 0; k < m->kvc_kinds && k < MODEL_KVC_KINDS; k++) {
		/* a compressed layer attends over one row per ratio tokens (upper bound, as for decode) */
		double per = S_attn_flops_per_pos(m)
		             + (m->kvc_ratio[k] == m->indexer_ratio ? S_indexer_flops_per_row(m) : 0);
		att += per * m->kvc_layers[k] * S_attended(n, d, 0) / m->kvc_ratio[k];
	}
	double t = lin / path + att / f16;

	int g = ci->gpus;
	if (g > 1) {
		if (ci->split == SPLIT_TENSOR) {
			t /= g * TP_PREFILL_EFF;
		} else {
			/* llama.cpp pipelines the micro-batches of one batch across the GPUs. */
			double micro = S_min(ceil((double)n / ub), S_max(1, BATCH_TOKENS / ub));
			double speedup = c->pipe_eff * g * micro / (micro + g - 1);
			t /= speedup;
		}
	}
	if (r->offload_bytes > 0 && in->host && in->host->pcie_gbs > 0) {
		/* Offloaded weights cross PCIe once per micro-batch to be multiplied on the GPU. */
		t += ceil((double)n / ub) * r->offload_bytes / (in->host->pcie_gbs * GB);
	}
	return t;
}

static int S_prepare(const est_input *in, ctxinfo *ci)
{
	if (!in || !in->model || !in->quant || !in->hw || in->gpus < 1 || in->context_tokens < 1)
		return -1;
	const model *m = in->model;
	const hardware *hw = in->hw;
	memset(ci, 0, sizeof(*ci));
	ci->c = in->calib ? in->calib : &est_calib_default;
	ci->l = S_layout(m);
	ci->pf = est_platform_of(hw);
	ci->be = est_backend_of(hw, in->backend);
	ci->eff_pf = ci->be == EST_B_CPU ? EST_PF_CPU : ci->pf;
	ci->mem_eff = ci->c->mem_eff[ci->eff_pf];
	if (ci->eff_pf != EST_PF_CPU && S_has(hw->memory_type, "HBM"))
		ci->mem_eff *= ci->c->hbm_mem_mult;
	ci->f16 = ci->be == EST_B_CPU ? ci->c->cpu_flops_per_gbs * hw->bandwidth_gbs : S_fp16_flops(hw, ci->pf, ci->c);
	if (S_vector_only(hw, ci->pf, ci->be))
		ci->f16 *= XE_HPG_VULKAN_VECTOR_SHARE;
	ci->qc = est_qclass_of(in->quant);
	/* BF16 is slower only where the kernels lack native BF16 math; the
	 * calibration shows it on ROCm/Vulkan, CUDA and Metal run it like F16. */
	if (ci->qc == EST_QC_BF16 && (ci->be == EST_B_CUDA || ci->be == EST_B_METAL))
		ci->qc = EST_QC_FLOAT;
	S_body_bits(m, in->quant, &ci->l, &ci->dense_bpw, &ci->expert_bpw);
	ci->weights = S_weight_bytes_l(m, in->quant, &ci->l);
	ci->gpus = in->gpus;
	ci->split = in->split;
	if (ci->split == SPLIT_TENSOR && (in->gpus < 2 || m->attention_heads % in->gpus != 0))
		ci->split = SPLIT_LAYER;
	ci->usable = est_usable_bytes(hw, in->gpus);
	ci->runtime = S_compute_bytes(m, in->gpus, in->ubatch > 0 ? in->ubatch : UBATCH_TOKENS)
	              + S_framework_bytes(hw, in->gpus);
	ci->need = S_native_need(ci->usable);
	ci->moe_layers = ci->l.moe ? m->layers : 0;
	return 0;
}

static int S_prompt_tokens(const est_input *in)
{
	if (in->prompt_tokens > 0)
		return in->prompt_tokens;
	return in->workload && in->workload->prompt_tokens > 0 ? in->workload->prompt_tokens : 512;
}

static int S_run(const est_input *in, est_result *r, ctxinfo *ci)
{
	memset(r, 0, sizeof(*r));
	r->grade = "-";
	if (S_prepare(in, ci) != 0)
		return -1;
	r->weights_bytes = ci->weights;
	r->runtime_bytes = ci->runtime;
	r->usable_bytes = ci->usable;
	r->native_need_bytes = ci->need;
	r->platform = ci->pf;
	r->backend = ci->be;
	r->split_used = ci->split;
	if (in->split == SPLIT_TENSOR && ci->split != SPLIT_TENSOR && in->gpus > 1)
		r->reasons |= EST_R_TP_UNEVEN;

	r->fit = S_memory(in, ci, in->context_tokens, r);
	int n = S_prompt_tokens(in);
	r->prompt_tokens = n;
	double td = S_decode_s(in, ci, r, in->context_tokens);
	double tp = S_prefill_s(in, ci, r, n, in->prompt_depth);
	r->decode_tok_s = td > 0 ? 1.0 / td : 0;
	r->prefill_tok_s = tp > 0 ? n / tp : 0;
	r->ttft_ms = (tp + S_decode_s(in, ci, r, n + in->prompt_depth)) * 1e3;
	{
		const layout *l = &ci->l;
		double out_bits = (in->model->tied_embeddings ? l->embed : l->output) * S_output_bpw(in->quant);
		r->read_bytes_per_token = (l->dense_body * ci->dense_bpw + out_bits) / 8.0
			+ (l->moe ? in->model->experts_per_token * l->expert_each * ci->expert_bpw / 8.0 : 0)
			+ r->kv_cache_bytes;
	}

	if (r->fit == FIT_OFFLOAD) {
		r->reasons |= EST_R_OFFLOAD;
		if (in->host && r->host_ram_bytes > in->host->ram_gb * GIB) {
			r->fit = FIT_TOO_HEAVY;
			r->reasons |= EST_R_NO_HOST_RAM;
		} else if (r->decode_tok_s < MIN_USEFUL_TOK_S) {
			r->fit = FIT_TOO_HEAVY;
		}
	}
	if (r->fit == FIT_TIGHT)
		r->reasons |= EST_R_LOW_HEADROOM;
	if (!est_format_supported(in->quant, in->hw)) {
		r->fit = FIT_TOO_HEAVY;
		r->reasons |= EST_R_UNSUPPORTED;
	}
	if (r->fit == FIT_TOO_HEAVY)
		r->reasons |= EST_R_TOO_HEAVY;
	return 0;
}

int est_run_speeds(const est_input *in, est_result *out)
{
	ctxinfo ci;
	return S_run(in, out, &ci);
}

/* Largest context ≤ the model's maximum that still fits natively. Memory
 * grows monotonically with context, so a binary search is exact. */
static int S_safe_context(const est_input *in, const ctxinfo *ci)
{
	est_result t;
	memset(&t, 0, sizeof(t));
	int hi = in->model->max_context;
	if (hi < 1)
		return 0;
	if (S_memory(in, ci, hi, &t) == FIT_NATIVE)
		return hi;
	if (S_memory(in, ci, 1, &t) != FIT_NATIVE)
		return 0;
	int lo = 1;
	while (hi - lo > 1) {
		int mid = lo + (hi - lo) / 2;
		if (S_memory(in, ci, mid, &t) == FIT_NATIVE)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static double S_sub(double ratio)
{
	if (!(ratio > 0))
		return 0;
	return S_clamp(SUB_ON_TARGET + SUB_PER_DOUBLING * log2(ratio), 0, 100);
}

static const char *S_grade(double s)
{
	if (s >= 90) return "S";
	if (s >= 80) return "A";
	if (s >= 65) return "B";
	if (s >= 50) return "C";
	if (s >= 35) return "D";
	return "F";
}

int est_run(const est_input *in, est_result *r)
{
	ctxinfo ci;
	if (S_run(in, r, &ci) != 0) {
		memset(r, 0, sizeof(*r));
		r->grade = "-";
		return -1;
	}
	r->safe_context = est_format_supported(in->quant, in->hw) ? S_safe_context(in, &ci) : 0;
	r->score_quality = S_quality_score(in->quant);
	if (in->quant->kld >= LOW_QUALITY_KLD || (in->quant->kld < 0 && r->score_quality < 60))
		r->reasons |= EST_R_LOW_QUALITY;

	const workload *w = in->workload;
	if (!w)
		return 0;
	r->score_decode = S_sub(r->decode_tok_s / w->interactive_tok_s);
	r->score_ttft = S_sub(w->ttft_target_ms / S_max(r->ttft_ms, 1e-3));
	double need = w->context_tokens;
	double have = r->safe_context;
	r->score_context = have >= need ? 100 : S_sub(have / need);
	if (r->decode_tok_s < w->interactive_tok_s)
		r->reasons |= EST_R_SLOW_DECODE;
	if (r->ttft_ms > w->ttft_target_ms)
		r->reasons |= EST_R_SLOW_PREFILL;
	if (have < need)
		r->reasons |= EST_R_CONTEXT_CAPPED;
	if (in->model->max_context < w->context_tokens)
		r->reasons |= EST_R_MODEL_CONTEXT;

	if (r->fit == FIT_TOO_HEAVY) {
		r->score = 0;
	} else {
		double s = pow(S_max(r->score_decode, SUB_FLOOR), W_DECODE)
		         * pow(S_max(r->score_ttft, SUB_FLOOR), W_TTFT)
		         * pow(S_max(r->score_context, SUB_FLOOR), W_CONTEXT)
		         * pow(S_max(r->score_quality, SUB_FLOOR), W_QUALITY);
		if (r->fit == FIT_TIGHT)
			s *= TIGHT_SCORE_MULT;
		r->score = S_clamp(s, 0, 100);
	}
	r->grade = S_grade(r->score);
	return 0;
}

/* ---- best quantization ------------------------------------------------------------------ */

/* Quality key, lower is better: 0 for 16/32-bit, the measured KL divergence,
 * or for unmeasured formats the KL divergence interpolated (log-linearly in
 * bits per weight) between the catalog's measured GGUF types. */
static double S_quality_key(const catalog *cat, const quant *q)
{
	if (q->family == QF_FLOAT)
		return 0;
	if (q->kld >= 0)
		return q->kld;
	double b = est_body_bpw(q);
	double lo_b = -1, lo_k = 0, hi_b = 1e9, hi_k = 0;
	for (size_t i = 0; i < cat->n_quants; i++) {
		const quant *o = &cat->quants[i];
		if (o->family != QF_GGUF || o->kld <= 0)
			continue;
		double ob = est_body_bpw(o);
		if (ob <= b && ob > lo_b) { lo_b = ob; lo_k = o->kld; }
		if (ob >= b && ob < hi_b) { hi_b = ob; hi_k = o->kld; }
	}
	if (lo_b < 0 && hi_b > 1e8)
		return 1.0;
	if (lo_b < 0)
		return hi_k;
	if (hi_b > 1e8 || hi_b == lo_b)
		return lo_k;
	double t = (b - lo_b) / (hi_b - lo_b);
	return exp(log(lo_k) + t * (log(hi_k) - log(lo_k)));
}

size_t est_best_quant(const catalog *cat, const est_input *in)
{
	if (!cat || !in || !in->model || cat->n_quants == 0)
		return 0;
	const model *m = in->model;
	size_t n = m->n_formats ? m->n_formats : cat->n_quants;
	size_t best = m->n_formats ? m->formats[0] : 0;
	int best_rank = 99;
	double best_key = 1e300, best_speed = -1, best_bytes = 1e300;
	for (size_t i = 0; i < n; i++) {
		size_t qi = m->n_formats ? m->formats[i] : i;
		if (qi >= cat->n_quants)
			continue;
		const quant *q = &cat->quants[qi];
		est_input t = *in;
		t.quant = q;
		est_result r;
		if (est_run_speeds(&t, &r) != 0)
			continue;
		double bytes = r.weights_bytes;
		int rank;
		if (!est_format_supported(q, in->hw))
			rank = 5;
		else if (r.fit == FIT_NATIVE)
			rank = 0;
		else if (r.fit == FIT_TIGHT)
			rank = 1;
		else if (r.fit == FIT_OFFLOAD)
			rank = 2;
		else
			rank = 4;
		double key = S_quality_key(cat, q);
		int better;
		if (rank != best_rank)
			better = rank < best_rank;
		else if (rank <= 1)   /* fits: best quality, then smaller */
			better = key < best_key - 1e-12 || (fabs(key - best_key) <= 1e-12 && bytes < best_bytes);
		else if (rank == 2)   /* offload: fastest */
			better = r.decode_tok_s > best_speed;
		else                  /* nothing runs: smallest */
			better = bytes < best_bytes;
		if (better) {
			best = qi;
			best_rank = rank;
			best_key = key;
			best_speed = r.decode_tok_s;
			best_bytes = bytes;
		}
	}
	return best;
}
