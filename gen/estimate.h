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
};

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
} est_result;

/* Fills *out for *in. Returns 0, or -1 when the input is invalid (NULL
 * members, gpus < 1, context < 1), leaving *out zeroed. */
int est_run(const est_input *in, est_result *out);

/* KV-cache bytes for ctx tokens of model m with cache type kv (one sequence). */
double est_kv_bytes(const model *m, int ctx, kv_type kv);

/* Weight bytes of model m stored as quantization q. */
double est_weight_bytes(const model *m, const quant *q);

/* The best quantization for the pair: the highest-quality format of the
 * model that fits natively (FIT_NATIVE) at ctx; when none does, the one that
 * runs best (tight, then offload), else the smallest. Returns an index into
 * cat->quants. in->quant is ignored. */
size_t est_best_quant(const catalog *cat, const est_input *in);

const char *fit_class_slug(fit_class f);  /* "native", "tight", "offload", "too_heavy" */
const char *kv_type_slug(kv_type k);      /* "f16", "q8_0", "q4_0" */

#endif
