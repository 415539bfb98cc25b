/* model.h - the catalog's domain types: models, hardware, quantizations,
 * workloads, host profiles and site settings.
 *
 * Plain structs, no JSON and no I/O: the loader (load.h) fills them, the
 * estimator and the page builders only read them. Every string is owned by
 * the catalog and freed by catalog_release(). Units are in the field names.
 * Optional numbers are 0 when absent (every such field documents it);
 * optional strings are NULL.
 */
#ifndef FIT_MODEL_H
#define FIT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

typedef enum attn_layout {
	ATTN_FULL,    /* every layer caches K and V for the whole context */
	ATTN_SLIDING, /* some or all layers cache only a window */
	ATTN_MLA,     /* multi-head latent attention: one compressed latent per layer */
	ATTN_HYBRID,  /* only kv_layers cache KV; recurrent layers hold a fixed state */
} attn_layout;

typedef enum quant_family {
	QF_FLOAT, /* F32, F16, BF16 */
	QF_GGUF,  /* llama.cpp block quantizations */
	QF_MLX,
	QF_AWQ,
	QF_GPTQ,
	QF_FP8,
	QF_NVFP4,
	QF_MXFP4,
} quant_family;

typedef struct quant {
	char *name;          /* "Q4_K_M" */
	quant_family family;
	double bpw;          /* effective bits per weight of whole files (reference model) */
	double embed_bpw;    /* bits per weight of token embeddings; 0: same as bpw */
	double output_bpw;   /* bits per weight of the output (lm_head) tensor; 0: same as bpw */
	double kld;          /* mean KL divergence vs the 16-bit model; <0: unknown */
	double ppl_delta_pct;/* perplexity increase in percent; <0: unknown */
	char *source;
	char *notes;         /* optional */
} quant;

typedef struct workload {
	char *slug;          /* "chat" */
	char *name;          /* "Chat" */
	int prompt_tokens;   /* typical prompt (prefill) length */
	int output_tokens;   /* typical answer length */
	int context_tokens;  /* context the workload needs to work well */
	double interactive_tok_s; /* decode speed that feels interactive */
	double ttft_target_ms;    /* time to first token that feels responsive */
	char *description;   /* plain text */
} workload;

#define MODEL_KVC_KINDS 4 /* distinct KV compression ratios a model may use */

typedef struct model {
	char *slug, *name, *family, *organisation, *release_date, *licence;
	double params_b;        /* total parameters, billions */
	double active_params_b; /* parameters per token, billions (== params_b when dense) */
	int layers;
	int hidden_size;
	int attention_heads;
	int kv_heads;
	int head_dim_k;         /* resolved: config head_dim or hidden/heads */
	int head_dim_v;         /* resolved: == head_dim_k unless the data says otherwise */
	attn_layout attention;
	int sliding_window;     /* tokens; 0 when no layer is windowed */
	int sliding_layers;     /* how many KV layers are windowed */
	int global_kv_heads;    /* KV heads of the non-windowed layers when they differ (Gemma 4); 0: kv_heads */
	int global_head_dim;    /* their K and V head size; 0: head_dim_k/head_dim_v */
	/* kv_compression (DeepSeek V4): besides the window, a layer with ratio r
	 * caches ceil(ctx / r) compressed rows; every row is one shared K/V vector
	 * of kv_heads × head_dim_k elements. Distinct non-zero ratios and how many
	 * layers use each; kvc_kinds is 0 when the model has no compressed layers. */
	int kvc_kinds;
	int kvc_ratio[MODEL_KVC_KINDS];
	int kvc_layers[MODEL_KVC_KINDS];
	int indexer_ratio;      /* layers with this ratio also cache an indexer key per ratio tokens; 0: none */
	int indexer_dim;        /* elements of that key */
	int kv_lora_rank;       /* MLA latent rank; 0 unless ATTN_MLA */
	int rope_dim;           /* MLA decoupled rope dim; 0 unless ATTN_MLA */
	int kv_layers;          /* layers holding a KV cache (== layers unless hybrid) */
	int recurrent_layers;   /* hybrid: layers with a fixed state */
	int recurrent_heads, recurrent_key_dim, recurrent_value_dim;
	int max_context;        /* tokens */
	int vocab_size;
	bool tied_embeddings;
	int experts_total, experts_per_token, experts_shared; /* 0 when dense */
	/* FFN intermediate widths (row length of ffn_down), for llama.cpp's
	 * k-quant fallback when not a multiple of 256; 0: not given. ffn_width:
	 * the FFN every layer runs densely (a dense model's intermediate_size;
	 * in an MoE the shared experts together, or Gemma 4's dense MLP).
	 * expert_ffn_width: one routed expert's (moe_intermediate_size). */
	int ffn_width, expert_ffn_width;
	size_t native_quant;    /* index into catalog.quants */
	size_t *formats;        /* indices into catalog.quants, owned */
	size_t n_formats;
	char *gguf_repo, *ollama, *huggingface; /* optional */
	char *source;
	char **sources;         /* optional extra URLs, owned */
	size_t n_sources;
	char *description_md;   /* Markdown as written */
	char *description_html; /* rendered by cmark (safe mode) at load */
	char *file;             /* data file it came from */
} model;

typedef enum hw_kind {
	HW_CONSUMER_GPU,
	HW_WORKSTATION_GPU,
	HW_DATACENTER,
	HW_UNIFIED,
	HW_CPU,
} hw_kind;

enum { BACKEND_CUDA = 1, BACKEND_ROCM = 2, BACKEND_METAL = 4, BACKEND_VULKAN = 8,
       BACKEND_SYCL = 16, BACKEND_CPU = 32 };

typedef struct host_profile {
	char *slug;             /* "desktop", "workstation", "server" */
	char *name;
	double ram_gb;          /* system RAM available for offloaded weights */
	double bandwidth_gbs;   /* its bandwidth */
	double pcie_gbs;        /* host-to-device link for offloaded layers */
	char *source;
} host_profile;

typedef struct hardware {
	char *slug, *name, *vendor;
	hw_kind kind;
	double memory_gb;       /* as the vendor prints it (binary GB for GPUs/Apple) */
	char *memory_type;
	double bandwidth_gbs;
	double fp16_tflops;     /* dense; 0: unknown */
	double int8_tops;       /* dense; 0: unknown */
	double fp8_tflops;      /* 0: none/unknown */
	double fp4_tflops;      /* 0: none/unknown */
	char *architecture;
	int gpu_cores;          /* 0: unknown */
	unsigned backends;      /* BACKEND_* bits */
	char *interconnect_name;/* optional */
	double interconnect_gbs;/* 0 when absent */
	int max_devices;        /* 1 when no interconnect is given */
	double tdp_w;           /* 0: unknown */
	int platform_memo;      /* the estimator's platform family + 1, set once
	                         * by est_memo_platforms() after loading; 0: not
	                         * set (est_platform_of classifies the strings) */
	double price_usd;       /* 0: unknown */
	int release_year;
	double gpu_share;       /* unified only: 0 = estimator default */
	int host;               /* index into catalog.hosts, or -1 for none */
	char *source;
	char **sources;
	size_t n_sources;
	char *notes;            /* optional */
	char *file;
} hardware;

typedef struct pair_ref {
	size_t model, hardware; /* indices into catalog.models / catalog.hardware */
} pair_ref;

typedef struct site_info {
	char *title;
	char *tagline;
	char *base_url;         /* absolute, no trailing slash */
	char *repo_url;         /* optional */
	int sitemap_max_urls;   /* URLs per sitemap file (default 50000) */
	pair_ref *popular;      /* pairs featured on the home page, owned */
	size_t n_popular;
} site_info;

typedef struct catalog {
	model *models;       size_t n_models;
	hardware *hardware;  size_t n_hardware;
	quant *quants;       size_t n_quants;
	workload *workloads; size_t n_workloads;
	host_profile *hosts; size_t n_hosts;
	site_info site;
} catalog;

void catalog_release(catalog *cat);

/* Look-ups by slug/name; -1 when absent. An entry without one (rejected
 * while loading, which goes on to report every error) never matches. */
long catalog_find_model(const catalog *cat, const char *slug);
long catalog_find_hardware(const catalog *cat, const char *slug);
long catalog_find_quant(const catalog *cat, const char *name);
long catalog_find_workload(const catalog *cat, const char *slug);

const char *hw_kind_slug(hw_kind k);      /* "consumer_gpu" ... */
const char *hw_kind_label(hw_kind k);     /* "Consumer GPU" ... */
const char *attn_layout_slug(attn_layout a);
const char *quant_family_slug(quant_family f);

#endif
