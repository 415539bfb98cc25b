/* estimate.h - the estimator: memory, fit, speed, context and grades for one
 * model × quantization × hardware × GPU count × context × KV type × workload.
 *
 * Pure functions over the catalog's structs: no I/O, no allocation, no global
 * state, so they are safe to call from any thread. Every constant is named in
 * estimate.c with its source, and docs/estimator.md explains every formula.
 * Units are in the field names: bytes are bytes (not GB), speeds tokens/s.
 */
#ifndef FIT_ESTIMATE_H
#define FIT_ESTIMATE_H

#include <stdbool.h>

#include "model.h"

typedef enum fit_class {
	FIT_NATIVE,    /* fits in device memory with headroom */
	FIT_TIGHT,     /* fits, but with little headroom */
	FIT_OFFLOAD,   /* part of the weights live in host RAM */
	FIT_TOO_HEAVY, /* does not run usefully */
} fit_class;

typedef enum kv_type { KV_F16, KV_Q8_0, KV_Q4_0 } kv_type;

typedef enum split_mode {
	SPLIT_LAYER,  /* llama.cpp layer split: pools memory, no decode speed-up */
	SPLIT_TENSOR, /* tensor parallel (vLLM-style): speeds decode, needs heads % gpus == 0 */
} split_mode;

/* Reasons that drove a result, for "what limits this setup". */
enum {
	EST_R_OFFLOAD        = 1u << 0, /* weights spill to host RAM */
	EST_R_LOW_HEADROOM   = 1u << 1, /* fits with little room to spare */
	EST_R_SLOW_DECODE    = 1u << 2, /* decode below the workload's interactive speed */
	EST_R_SLOW_PREFILL   = 1u << 3, /* TTFT above the workload's target */
	EST_R_CONTEXT_CAPPED = 1u << 4, /* safe context below the workload's need */
	EST_R_LOW_QUALITY    = 1u << 5, /* the quantization loses noticeable quality */
	EST_R_TOO_HEAVY      = 1u << 6, /* does not run usefully at all */
	EST_R_NO_HOST_RAM    = 1u << 7, /* offload would need more host RAM than the profile has */
	EST_R_TP_UNEVEN      = 1u << 8, /* tensor parallel impossible: heads not divisible */
	/* Added with the estimator: */
	EST_R_UNSUPPORTED    = 1u << 9, /* no runtime for this format on this hardware (e.g. MLX off Apple) */
	EST_R_MODEL_CONTEXT  = 1u << 10,/* the model's own max_context is below the workload's need */
};

/* The estimator's fitted constants (efficiencies and fixed costs). est_run
 * uses est_calib_default unless est_input.calib points elsewhere; only the
 * validator (cmd_validate.c) passes its own, to refit and cross-check them.
 * The tables are indexed by the enums below; docs/estimator.md lists every
 * value with how it was obtained. */
typedef enum est_platform {
	EST_PF_NV_AMPERE,   /* NVIDIA Ampere (RTX 30, RTX A-series, A100) */
	EST_PF_NV_ADA,      /* NVIDIA Ada Lovelace (RTX 40, RTX Ada, L4/L40) */
	EST_PF_NV_BLACKWELL,/* NVIDIA Blackwell (RTX 50, RTX PRO, B200) */
	EST_PF_NV_OLDER,    /* NVIDIA before Ampere (Turing, Volta, Pascal) */
	EST_PF_NV_HOPPER,   /* NVIDIA Hopper (H100, H200) */
	EST_PF_AMD_CDNA,    /* AMD Instinct (HBM) */
	EST_PF_AMD_RDNA,    /* AMD Radeon discrete */
	EST_PF_INTEL_ARC,   /* Intel Arc discrete */
	EST_PF_APPLE_BASE,  /* Apple M-series, base chip */
	EST_PF_APPLE_PRO,
	EST_PF_APPLE_MAX,
	EST_PF_APPLE_ULTRA, /* two Max dies joined by UltraFusion */
	EST_PF_AMD_APU,     /* AMD unified memory (Ryzen AI Max) */
	EST_PF_NV_UNIFIED,  /* NVIDIA unified memory (DGX Spark, Jetson) */
	EST_PF_CPU,         /* CPU only */
	EST_PF_COUNT
} est_platform;

typedef enum est_backend { EST_B_CUDA, EST_B_ROCM, EST_B_METAL, EST_B_VULKAN, EST_B_SYCL, EST_B_CPU, EST_B_COUNT } est_backend;

/* Kernel classes of quantizations, for efficiency factors. */
typedef enum est_qclass {
	EST_QC_FLOAT,  /* F32, F16 */
	EST_QC_Q8,     /* Q8_0 */
	EST_QC_LEGACY, /* Q4_0, Q4_1, Q5_0, Q5_1 */
	EST_QC_KQUANT, /* Q2_K .. Q6_K */
	EST_QC_IQUANT, /* IQ1 .. IQ4 */
	EST_QC_MXFP4,
	EST_QC_INT4,   /* AWQ, GPTQ */
	EST_QC_FP8,
	EST_QC_NVFP4,
	EST_QC_MLX,
	EST_QC_BF16,   /* bfloat16: slower than F16 on backends without native BF16 math */
	EST_QC_COUNT
} est_qclass;

typedef struct est_calib {
	double mem_eff[EST_PF_COUNT];    /* fraction of peak bandwidth reached reading weights */
	double hbm_mem_mult;             /* HBM parts reach a lower fraction (applied on top) */
	double pf_eff[EST_PF_COUNT];     /* fraction of the kernel path's peak FLOPS in prefill */
	double pf_flops_per_w[EST_PF_COUNT]; /* sustained prefill FLOPS per watt of board power (clock ceiling) */
	double pf_backend[EST_B_COUNT];  /* prefill kernel quality per runtime (CUDA 1) */
	double layer_us[EST_B_COUNT];    /* fixed cost per layer per generated token, µs */
	double legacy_layer_mult;        /* the same on builds from before mid-2024, relative */
	double dec_q[EST_QC_COUNT];      /* decode bandwidth multiplier per kernel class (K-quants 1) */
	double pf_q[EST_QC_COUNT];       /* prefill throughput multiplier per kernel class */
	double moe_layer_us;             /* extra fixed cost per MoE layer per token (routing), µs */
	double hop_us;                   /* extra cost per token per additional GPU in layer split, µs */
	double kv_read_mult;             /* KV bytes cost relative to weight bytes, flash attention on */
	double kv_read_mult_nofa;        /* the same with flash attention off (older builds) */
	double dec_attn_eff[EST_B_COUNT];/* decode attention FLOPS as a fraction of peak 16-bit FLOPS, FA on */
	double dec_attn_nofa_mult;       /* the same with flash attention off, relative */
	double attn_eff;                 /* attention FLOPS efficiency relative to the GEMMs, FA on */
	double attn_eff_nofa;            /* the same with flash attention off */
	double moe_tokens_half;          /* MoE prefill: tokens per expert per micro-batch at half GEMM efficiency */
	double pipe_eff;                 /* multi-GPU layer-split prefill pipeline efficiency */
	double cpu_flops_per_gbs;        /* CPU prefill FLOPS per GB/s of memory bandwidth (no FLOPS data) */
} est_calib;

extern const est_calib est_calib_default;

typedef struct est_input {
	const model *model;
	const quant *quant;
	const hardware *hw;
	const host_profile *host; /* NULL: no offload possible */
	int gpus;                 /* 1..8 identical devices */
	int context_tokens;       /* context length to size the KV cache for */
	kv_type kv;
	split_mode split;
	const workload *workload; /* NULL: grade not computed (score/grade left 0/"-") */
	/* Optional, all zero by default (memset the struct): */
	unsigned backend;         /* one BACKEND_* bit to force a runtime; 0: the best the hardware has */
	int prompt_tokens;        /* prefill length; 0: the workload's prompt (or 512 without one) */
	int prompt_depth;         /* tokens already in the context when the prompt is processed */
	bool no_flash_attn;       /* model llama.cpp without flash attention (older builds) */
	bool legacy_build;        /* a llama.cpp build from before mid-2024 (no CUDA graphs): higher fixed costs */
	bool no_offload;          /* speeds as if all weights were on the device (benchmarks run with -ngl 99) */
	int ubatch;               /* llama.cpp micro-batch (-ub); 0: 512 */
	const est_calib *calib;   /* NULL: est_calib_default */
} est_input;

typedef struct est_result {
	double weights_bytes;
	double kv_cache_bytes;
	double runtime_bytes;   /* compute buffers + per-device framework overhead */
	double total_bytes;     /* weights + kv + runtime */
	double usable_bytes;    /* device memory the model may use, all GPUs */
	double headroom_bytes;  /* usable - total (negative when it does not fit) */
	fit_class fit;
	double offload_bytes;   /* weight bytes in host RAM (0 unless FIT_OFFLOAD) */
	double offload_fraction;/* offload_bytes / weights_bytes */
	double host_ram_bytes;  /* host RAM the offload needs */
	double decode_tok_s;    /* at the given context */
	double prefill_tok_s;   /* for the workload's prompt (or 512 tokens without one) */
	double ttft_ms;         /* time to first token for that prompt */
	int safe_context;       /* largest context (≤ model max) that fits natively; 0: none */
	double score;           /* 0..100 for the workload */
	const char *grade;      /* "S", "A", "B", "C", "D", "F" (static string) */
	unsigned reasons;       /* EST_R_* bits */
	/* Added with the estimator (details for the page's explanations): */
	double read_bytes_per_token; /* weights + KV read per generated token (all devices) */
	double native_need_bytes;    /* headroom the native class asks for (FIT_NATIVE threshold) */
	int offload_layers;     /* layers (dense: whole layers; MoE: expert blocks) kept in host RAM */
	bool expert_offload;    /* MoE offload keeps attention on the GPU (llama.cpp --n-cpu-moe) */
	split_mode split_used;  /* SPLIT_LAYER when tensor parallel was asked for but impossible */
	est_backend backend;    /* runtime the speeds are for */
	est_platform platform;  /* calibration family of the hardware */
	int prompt_tokens;      /* the prefill length the speeds and TTFT are for */
	double score_decode;    /* sub-scores 0..100 behind score (70 = exactly on target) */
	double score_ttft;
	double score_context;
	double score_quality;
} est_result;

/* Fills *out for *in. Returns 0, or -1 when the input is invalid (NULL
 * members, gpus < 1, context < 1), leaving *out zeroed. */
int est_run(const est_input *in, est_result *out);

/* Like est_run but stops after memory, fit and speeds: safe_context, score
 * and grade are left 0/"-". For bulk callers that grade separately (the
 * validator). Same return convention. */
int est_run_speeds(const est_input *in, est_result *out);

/* KV-cache bytes for ctx tokens of model m with cache type kv (one sequence),
 * including the fixed recurrent state of hybrid models. */
double est_kv_bytes(const model *m, int ctx, kv_type kv);

/* Weight bytes of model m stored as quantization q. */
double est_weight_bytes(const model *m, const quant *q);

/* Bits per weight of q's transformer-block tensors (the file's figure for the
 * reference model minus its embedding and output tensors). */
double est_body_bpw(const quant *q);

/* Usable device memory of hw for gpus devices, bytes (before any model). */
double est_usable_bytes(const hardware *hw, int gpus);

/* The calibration family, and the runtime est_run picks when in->backend is 0. */
est_platform est_platform_of(const hardware *hw);
/* Classifies each entry once and stores it in hw[i].platform_memo, which
 * est_platform_of then returns: the classification reads the entry's
 * strings and was a quarter of a build's instructions when done per
 * estimate. Call after loading and before any concurrent use; an entry
 * changed afterwards must be memoized again. */
void est_memo_platforms(hardware *hw, size_t n);
est_backend est_backend_of(const hardware *hw, unsigned want);
est_qclass est_qclass_of(const quant *q);

/* 1 when some runtime runs format q on hw (MLX needs Metal; AWQ, GPTQ, FP8
 * and NVFP4 need CUDA or ROCm; GGUF and 16-bit run everywhere). */
int est_format_supported(const quant *q, const hardware *hw);

/* Quality label of q from its measured KL divergence ("lossless",
 * "near-lossless", "very good", "good", "fair", "poor", "very poor",
 * "not measured"); a static string. */
const char *est_quality_label(const quant *q);

/* The best quantization for the pair: the highest-quality format of the
 * model that fits natively (FIT_NATIVE) at ctx; when none does, the one that
 * runs best (tight, then offload), else the smallest. Returns an index into
 * cat->quants. in->quant is ignored. */
size_t est_best_quant(const catalog *cat, const est_input *in);

const char *fit_class_slug(fit_class f);  /* "native", "tight", "offload", "too_heavy" */
const char *kv_type_slug(kv_type k);      /* "f16", "q8_0", "q4_0" */
const char *est_platform_slug(est_platform p); /* "nvidia-ada", "apple-max", ... */
const char *est_backend_slug(est_backend b);   /* "cuda", "metal", ... */

#endif
