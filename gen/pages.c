/* pages.c - the page kinds and the functions that fill their contexts.
 *
 * Every figure on a page comes from est_run on the catalog's structs, so the
 * same pair shows the same numbers on its fit page, its embed card, its API
 * file, the model's page and the hardware's page. Strings from data go into
 * the context as they are; the templates escape them for HTML, and JSON
 * (JSON-LD, data for scripts) is produced here by ctx_to_json, which escapes
 * for <script>. Markup lives in templates/, not here.
 */
#include "pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "fmt.h"
#include "util.h"

#define GIB (1024.0 * 1024.0 * 1024.0)
/* Headline figures use this context unless the model's maximum is smaller. */
#define DEFAULT_CONTEXT 8192
/* Contexts shown in "context vs memory" tables (up to the model's maximum). */
static const int S_context_steps[] = { 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 1048576 };
/* GPU counts considered for multi-GPU setups. */
static const int S_gpu_counts[] = { 1, 2, 4, 8 };
/* How many upgrade options a fit page lists. */
#define UPGRADES_SHOWN 4
/* An entry that already runs the model natively is upgraded only by one that
 * decodes at least this much faster. */
#define UPGRADE_MIN_GAIN 1.15

static const char *const S_reserved[] = {
	"models", "hardware", "embed", "api", "static", "methodology", "on", "404.html",
	"sitemap.xml", "robots.txt", "favicon.svg", "index.html", "search",
};

int pages_slug_reserved(const char *slug)
{
	for (size_t i = 0; i < ARRAY_LEN(S_reserved); i++)
		if (strcmp(slug, S_reserved[i]) == 0)
			return 1;
	return 0;
}

/* ---- estimates ------------------------------------------------------------ */

static int S_clamp_context(const model *m, int ctx)
{
	return ctx < m->max_context ? ctx : m->max_context;
}

static est_input S_input(const catalog *cat, const model *m, const hardware *h, int ctx)
{
	est_input in;
	memset(&in, 0, sizeof(in));
	in.model = m;
	in.hw = h;
	in.host = h->host >= 0 ? &cat->hosts[h->host] : NULL;
	in.gpus = 1;
	in.context_tokens = S_clamp_context(m, ctx);
	in.kv = KV_F16;
	in.split = SPLIT_LAYER;
	in.workload = cat->n_workloads ? &cat->workloads[0] : NULL;
	in.quant = &cat->quants[m->native_quant];
	return in;
}

void site_data_init(site_data *s, const catalog *cat)
{
	memset(s, 0, sizeof(*s));
	s->cat = cat;
	s->default_context = DEFAULT_CONTEXT;
	s->main_workload = cat->n_workloads ? &cat->workloads[0] : NULL;
	s->shard_n = 1;
	s->pairs = xcalloc(cat->n_models * cat->n_hardware + 1, sizeof(pair_summary));
	for (size_t mi = 0; mi < cat->n_models; mi++) {
		const model *m = &cat->models[mi];
		for (size_t hi = 0; hi < cat->n_hardware; hi++) {
			const hardware *h = &cat->hardware[hi];
			pair_summary *p = &s->pairs[mi * cat->n_hardware + hi];
			est_input in = S_input(cat, m, h, s->default_context);
			p->quant = est_best_quant(cat, &in);
			in.quant = &cat->quants[p->quant];
			est_run(&in, &p->r);
			p->gpus_needed = 0;
			for (size_t g = 0; g < ARRAY_LEN(S_gpu_counts); g++) {
				if (S_gpu_counts[g] > h->max_devices)
					break;
				est_input mg = in;
				mg.gpus = S_gpu_counts[g];
				mg.quant = &cat->quants[m->native_quant];
				size_t q = est_best_quant(cat, &mg);
				mg.quant = &cat->quants[q];
				est_result r;
				est_run(&mg, &r);
				if (r.fit == FIT_NATIVE) {
					p->gpus_needed = S_gpu_counts[g];
					break;
				}
			}
		}
	}
}

void site_data_release(site_data *s)
{
	free(s->pairs);
	free(s->build_date);
	free(s->methodology_html);
	free(s->static_suffix);
	memset(s, 0, sizeof(*s));
}

/* ---- labels --------------------------------------------------------------- */

static const char *S_fit_label(fit_class f)
{
	switch (f) {
	case FIT_NATIVE: return "Runs natively";
	case FIT_TIGHT: return "Fits, little headroom";
	case FIT_OFFLOAD: return "Only with offload";
	default: return "Does not run";
	}
}

static const char *S_verdict_word(fit_class f)
{
	switch (f) {
	case FIT_NATIVE: return "Yes";
	case FIT_TIGHT: return "Yes, just";
	case FIT_OFFLOAD: return "Only with offload";
	default: return "No";
	}
}

/* A label for measured quality loss (llama.cpp KL divergence vs 16-bit). */
static const char *S_quality_label(const quant *q)
{
	if (q->family == QF_FLOAT)
		return "Reference";
	if (q->kld < 0)
		return q->bpw >= 7.5 ? "Near-lossless" : q->bpw >= 4.5 ? "Good" : q->bpw >= 3.5 ? "Fair" : "Poor";
	if (q->kld < 0.005) return "Near-lossless";
	if (q->kld < 0.02) return "Excellent";
	if (q->kld < 0.06) return "Good";
	if (q->kld < 0.15) return "Fair";
	if (q->kld < 0.4) return "Poor";
	return "Very poor";
}

static const char *S_grade_class(const char *g)
{
	if (!g || !*g) return "f";
	switch (g[0]) {
	case 'S': return "s";
	case 'A': return "a";
	case 'B': return "b";
	case 'C': return "c";
	case 'D': return "d";
	default: return "f";
	}
}

/* ---- common parts of every page ------------------------------------------- */

/* "../" repeated depth times ("" at the root): links stay relative, so the
 * site works under any base path. */
static const char *S_up(int depth)
{
	static const char ups[] = "../../../../../../../../";
	/* "./" rather than "" at the root, so a link to the home page is never
	 * an empty href. */
	return depth == 0 ? "./" : ups + sizeof(ups) - 1 - 3 * (size_t)depth;
}

static cval *S_page(const site_data *s, arena *a, int depth, const char *canonical_path)
{
	const catalog *cat = s->cat;
	cval *root = ctx_obj(a);
	cval *site = ctx_set_obj(a, root, "site");
	ctx_set_lit(a, site, "title", cat->site.title);
	ctx_set_lit(a, site, "tagline", cat->site.tagline);
	ctx_set_lit(a, site, "base_url", cat->site.base_url);
	ctx_set_lit(a, site, "repo_url", cat->site.repo_url);
	ctx_set_num(a, site, "n_models", (double)cat->n_models);
	ctx_set_num(a, site, "n_hardware", (double)cat->n_hardware);
	ctx_set_num(a, site, "n_pairs", (double)(cat->n_models * cat->n_hardware));
	ctx_set_lit(a, root, "root", S_up(depth));
	ctx_set_lit(a, root, "v", s->static_suffix ? s->static_suffix : "");
	ctx_set_fmt(a, root, "canonical", "%s/%s", cat->site.base_url, canonical_path);
	return root;
}

/* Breadcrumbs: (name, href relative to the page) pairs, the last without
 * href; also emitted as BreadcrumbList JSON-LD with absolute URLs. */
static void S_crumbs(const site_data *s, arena *a, cval *root, int n, const char *const *names,
                     const char *const *paths)
{
	cval *list = ctx_set_list(a, root, "breadcrumbs");
	if (n == 0) {
		ctx_set_lit(a, root, "breadcrumbs_jsonld", NULL);
		return;
	}
	cval *ld = ctx_obj(a);
	ctx_set_lit(a, ld, "@context", "https://schema.org");
	ctx_set_lit(a, ld, "@type", "BreadcrumbList");
	cval *items = ctx_set_list(a, ld, "itemListElement");
	const char *up = ctx_get(root, "root")->str;
	for (int i = 0; i < n; i++) {
		cval *c = ctx_push(a, list, ctx_obj(a));
		ctx_set_lit(a, c, "name", names[i]);
		if (i < n - 1)
			ctx_set_fmt(a, c, "href", "%s%s", up, paths[i]);
		ctx_set_bool(a, c, "last", i == n - 1);
		cval *it = ctx_push(a, items, ctx_obj(a));
		ctx_set_lit(a, it, "@type", "ListItem");
		ctx_set_num(a, it, "position", i + 1);
		ctx_set_lit(a, it, "name", names[i]);
		ctx_set_fmt(a, it, "item", "%s/%s", s->cat->site.base_url, paths[i]);
	}
	buf json = BUF_INIT;
	ctx_to_json(ld, &json, false);
	ctx_set_str(a, root, "breadcrumbs_jsonld", json.ptr);
	buf_release(&json);
}

static void S_model_basics(arena *a, cval *o, const model *m, const char *up)
{
	char t[FMT_LEN];
	ctx_set_lit(a, o, "slug", m->slug);
	ctx_set_lit(a, o, "name", m->name);
	ctx_set_lit(a, o, "family", m->family);
	ctx_set_lit(a, o, "organisation", m->organisation);
	ctx_set_str(a, o, "params", fmt_params(t, m->params_b));
	ctx_set_num(a, o, "params_b", m->params_b);
	ctx_set_bool(a, o, "moe", m->experts_total > 0);
	if (m->experts_total)
		ctx_set_str(a, o, "active_params", fmt_params(t, m->active_params_b));
	ctx_set_str(a, o, "max_context", fmt_tokens(t, m->max_context));
	ctx_set_fmt(a, o, "href", "%s%s/", up, m->slug);
	ctx_set_lit(a, o, "release_date", m->release_date);
}

static void S_hw_basics(arena *a, cval *o, const hardware *h, const char *up)
{
	ctx_set_lit(a, o, "slug", h->slug);
	ctx_set_lit(a, o, "name", h->name);
	ctx_set_lit(a, o, "vendor", h->vendor);
	ctx_set_lit(a, o, "kind", hw_kind_slug(h->kind));
	ctx_set_lit(a, o, "kind_label", hw_kind_label(h->kind));
	ctx_set_fmt(a, o, "memory", "%g GB %s", h->memory_gb, h->memory_type);
	ctx_set_num(a, o, "memory_gb", h->memory_gb);
	ctx_set_fmt(a, o, "bandwidth", "%g GB/s", h->bandwidth_gbs);
	ctx_set_bool(a, o, "unified", h->kind == HW_UNIFIED);
	ctx_set_fmt(a, o, "href", "%shardware/%s/", up, h->slug);
}

/* ---- the fit page ----------------------------------------------------------- */

static void S_fit_path(const site_data *s, size_t i, buf *out)
{
	const catalog *cat = s->cat;
	buf_printf(out, "%s/on/%s/index.html", cat->models[i / cat->n_hardware].slug,
	           cat->hardware[i % cat->n_hardware].slug);
}

static size_t S_pair_count(const site_data *s)
{
	return s->cat->n_models * s->cat->n_hardware;
}

/* Figures of one estimate as strings and numbers, shared by the headline,
 * quantization rows and workload rows. */
static void S_figures(arena *a, cval *o, const est_result *r)
{
	char t[FMT_LEN];
	ctx_set_lit(a, o, "fit", fit_class_slug(r->fit));
	ctx_set_lit(a, o, "fit_label", S_fit_label(r->fit));
	ctx_set_bool(a, o, "runs", r->fit != FIT_TOO_HEAVY);
	ctx_set_str(a, o, "total", fmt_gib(t, r->total_bytes));
	ctx_set_str(a, o, "usable", fmt_gib(t, r->usable_bytes));
	ctx_set_str(a, o, "weights", fmt_gib(t, r->weights_bytes));
	ctx_set_str(a, o, "kv", fmt_gib(t, r->kv_cache_bytes));
	ctx_set_str(a, o, "runtime", fmt_gib(t, r->runtime_bytes));
	ctx_set_str(a, o, "headroom", fmt_gib(t, fabs(r->headroom_bytes)));
	ctx_set_bool(a, o, "over", r->headroom_bytes < 0);
	ctx_set_str(a, o, "decode", r->fit == FIT_TOO_HEAVY ? "—" : fmt_tok_s(t, r->decode_tok_s));
	ctx_set_str(a, o, "prefill", r->fit == FIT_TOO_HEAVY ? "—" : fmt_tok_s(t, r->prefill_tok_s));
	ctx_set_str(a, o, "ttft", r->fit == FIT_TOO_HEAVY ? "—" : fmt_ms(t, r->ttft_ms));
	ctx_set_str(a, o, "safe_context", r->safe_context > 0 ? fmt_tokens(t, r->safe_context) : "none");
	ctx_set_str(a, o, "offload_pct", fmt_pct(t, r->offload_fraction));
	ctx_set_bool(a, o, "offload", r->fit == FIT_OFFLOAD);
	ctx_set_str(a, o, "host_ram", fmt_gib(t, r->host_ram_bytes));
	ctx_set_lit(a, o, "grade", r->grade ? r->grade : "-");
	ctx_set_lit(a, o, "grade_class", S_grade_class(r->grade));
	ctx_set_num(a, o, "score", round(r->score));
}

/* The memory bar: segments as percentages of max(total, usable), drawn by
 * the template as inline SVG. */
static void S_memory_bar(arena *a, cval *root, const est_result *r)
{
	double scale = r->total_bytes > r->usable_bytes ? r->total_bytes : r->usable_bytes;
	if (scale <= 0)
		scale = 1;
	cval *bar = ctx_set_obj(a, root, "bar");
	cval *segs = ctx_set_list(a, bar, "segments");
	struct { const char *label, *cls; double bytes; } parts[] = {
		{ "Weights", "w", r->weights_bytes },
		{ "KV cache", "k", r->kv_cache_bytes },
		{ "Runtime", "r", r->runtime_bytes },
		{ "Free", "h", r->headroom_bytes > 0 ? r->headroom_bytes : 0 },
	};
	double x = 0;
	char t[FMT_LEN];
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		double w = 100.0 * parts[i].bytes / scale;
		cval *sg = ctx_push(a, segs, ctx_obj(a));
		ctx_set_lit(a, sg, "label", parts[i].label);
		ctx_set_lit(a, sg, "cls", parts[i].cls);
		ctx_set_fmt(a, sg, "x", "%.2f", x);
		ctx_set_fmt(a, sg, "w", "%.2f", w);
		ctx_set_str(a, sg, "value", fmt_gib(t, parts[i].bytes));
		x += w;
	}
	ctx_set_fmt(a, bar, "limit_x", "%.2f", 100.0 * r->usable_bytes / scale);
	ctx_set_str(a, bar, "usable", fmt_gib(t, r->usable_bytes));
	ctx_set_str(a, bar, "total", fmt_gib(t, r->total_bytes));
}

static void S_add_item(arena *a, cval *list, const char *title, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void S_add_item(arena *a, cval *list, const char *title, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cval *o = ctx_push(a, list, ctx_obj(a));
	ctx_set_lit(a, o, "title", title);
	ctx_set_str(a, o, "text", b.ptr);
	buf_release(&b);
}

/* Hardware entries that run model mi natively, nearest first (smallest
 * memory at least as large as the current entry's, then fastest). Fills
 * out[] with up to max indices; returns how many. */
static size_t S_upgrades(const site_data *s, size_t mi, size_t hi, size_t *out, size_t max)
{
	const catalog *cat = s->cat;
	size_t n = 0;
	double floor_gb = cat->hardware[hi].memory_gb;
	const pair_summary *here = site_pair(s, mi, hi);
	for (int pass = 0; pass < 2 && n < max; pass++) {
		/* pass 0: entries with at least as much memory; pass 1: any. */
		for (;;) {
			long best = -1;
			for (size_t h = 0; h < cat->n_hardware; h++) {
				if (h == hi)
					continue;
				const pair_summary *p = site_pair(s, mi, h);
				if (p->r.fit != FIT_NATIVE)
					continue;
				/* When this pair already runs natively, only faster entries
				 * are upgrades. */
				if (here->r.fit == FIT_NATIVE && p->r.decode_tok_s < here->r.decode_tok_s * UPGRADE_MIN_GAIN)
					continue;
				if (pass == 0 && cat->hardware[h].memory_gb < floor_gb)
					continue;
				int taken = 0;
				for (size_t k = 0; k < n; k++)
					taken |= out[k] == h;
				if (taken)
					continue;
				if (best < 0)
					best = (long)h;
				else {
					const hardware *b = &cat->hardware[best], *c = &cat->hardware[h];
					const pair_summary *pb = site_pair(s, mi, (size_t)best);
					if (c->memory_gb < b->memory_gb ||
					    (c->memory_gb == b->memory_gb && p->r.decode_tok_s > pb->r.decode_tok_s))
						best = (long)h;
				}
			}
			if (best < 0 || n >= max)
				break;
			out[n++] = (size_t)best;
		}
	}
	return n;
}

/* Layers to keep on the GPU for llama.cpp's -ngl: all of them (plus the
 * output layer) unless the estimator offloads whole layers. */
static int S_gpu_layers(const model *m, const est_result *r)
{
	if (r->fit != FIT_OFFLOAD || r->expert_offload)
		return m->layers + 1;
	int n = m->layers - r->offload_layers;
	return n < 0 ? 0 : n;
}

static void S_run_commands(arena *a, cval *root, const model *m, const hardware *h,
                           const quant *q, const est_result *r, int ctx, int gpus)
{
	cval *cmds = ctx_set_list(a, root, "commands");
	if (m->ollama && (h->backends & (BACKEND_CUDA | BACKEND_ROCM | BACKEND_METAL | BACKEND_CPU | BACKEND_VULKAN))) {
		cval *c = ctx_push(a, cmds, ctx_obj(a));
		ctx_set_lit(a, c, "label", "Ollama");
		ctx_set_fmt(a, c, "code", "ollama run %s", m->ollama);
		ctx_set_lit(a, c, "note", "Ollama's default tag is usually a Q4_K_M build; pick a tag for another quantization on the model's Ollama page.");
	}
	if (m->gguf_repo && (q->family == QF_GGUF || q->family == QF_FLOAT || q->family == QF_MXFP4)) {
		cval *c = ctx_push(a, cmds, ctx_obj(a));
		ctx_set_lit(a, c, "label", "llama.cpp");
		buf b = BUF_INIT;
		buf_printf(&b, "llama-server -hf %s:%s -c %d", m->gguf_repo, q->name, ctx);
		if (r->fit == FIT_OFFLOAD && r->expert_offload)
			buf_printf(&b, " -ngl 99 --n-cpu-moe %d", r->offload_layers);
		else
			buf_printf(&b, " -ngl %d", S_gpu_layers(m, r));
		if (gpus > 1)
			buf_printf(&b, " --split-mode layer");
		buf_adds(&b, " --flash-attn on");
		ctx_set_str(a, c, "code", b.ptr);
		buf_release(&b);
		ctx_set_lit(a, c, "note", r->fit == FIT_OFFLOAD && r->expert_offload
			? "--n-cpu-moe keeps the expert weights of that many layers in system RAM and everything else on the GPU."
			: "-ngl sets how many layers live on the GPU; -c is the context length the KV cache is sized for.");
	}
	if (h->kind == HW_DATACENTER && m->huggingface && (h->backends & (BACKEND_CUDA | BACKEND_ROCM))) {
		cval *c = ctx_push(a, cmds, ctx_obj(a));
		ctx_set_lit(a, c, "label", "vLLM");
		ctx_set_fmt(a, c, "code", "vllm serve %s --tensor-parallel-size %d --max-model-len %d",
		            m->huggingface, gpus, ctx);
		ctx_set_lit(a, c, "note", "vLLM serves the original weights (or an FP8/AWQ checkpoint) with tensor parallelism across the GPUs.");
	}
	if ((h->backends & BACKEND_METAL) && m->huggingface) {
		cval *c = ctx_push(a, cmds, ctx_obj(a));
		ctx_set_lit(a, c, "label", "MLX");
		ctx_set_fmt(a, c, "code", "mlx_lm.server --model %s", m->huggingface);
		ctx_set_lit(a, c, "note", "For a 4-bit MLX build, convert once with mlx_lm.convert -q or use an mlx-community upload of the model.");
	}
}

static void S_faq_add(arena *a, cval *faq, cval *ld_list, const char *q, const char *answer)
{
	cval *o = ctx_push(a, faq, ctx_obj(a));
	ctx_set_str(a, o, "q", q);
	ctx_set_str(a, o, "a", answer);
	cval *e = ctx_push(a, ld_list, ctx_obj(a));
	ctx_set_lit(a, e, "@type", "Question");
	ctx_set_str(a, e, "name", q);
	cval *acc = ctx_set_obj(a, e, "acceptedAnswer");
	ctx_set_lit(a, acc, "@type", "Answer");
	ctx_set_str(a, acc, "text", answer);
}

static cval *S_fill_fit(const site_data *s, arena *a, size_t i)
{
	const catalog *cat = s->cat;
	size_t mi = i / cat->n_hardware, hi = i % cat->n_hardware;
	const model *m = &cat->models[mi];
	const hardware *h = &cat->hardware[hi];
	const pair_summary *ps = site_pair(s, mi, hi);
	const est_result *r = &ps->r;
	const quant *best = &cat->quants[ps->quant];
	char t1[FMT_LEN], t2[FMT_LEN], t3[FMT_LEN], t4[FMT_LEN];
	buf b = BUF_INIT, path = BUF_INIT;

	buf_printf(&path, "%s/on/%s/", m->slug, h->slug);
	cval *root = S_page(s, a, 3, path.ptr);
	const char *up = S_up(3);
	S_model_basics(a, ctx_set_obj(a, root, "model"), m, up);
	S_hw_basics(a, ctx_set_obj(a, root, "hw"), h, up);
	ctx_set_lit(a, root, "quant", best->name);
	int ctx = S_clamp_context(m, s->default_context);
	ctx_set_str(a, root, "context", fmt_tokens(t1, ctx));

	buf_printf(&b, "Can %s run on %s? Memory, speed and context", m->name, h->name);
	ctx_set_str(a, root, "title", b.ptr);
	buf_reset(&b);

	/* Verdict */
	cval *v = ctx_set_obj(a, root, "verdict");
	ctx_set_lit(a, v, "word", S_verdict_word(r->fit));
	ctx_set_lit(a, v, "cls", fit_class_slug(r->fit));
	S_figures(a, v, r);
	switch (r->fit) {
	case FIT_NATIVE:
	case FIT_TIGHT:
		buf_printf(&b, "%s runs on %s at %s", m->name, h->name, best->name);
		break;
	case FIT_OFFLOAD:
		buf_printf(&b, "%s runs on %s at %s only with part of the weights in system RAM", m->name, h->name, best->name);
		break;
	default:
		buf_printf(&b, "%s does not run usefully on %s", m->name, h->name);
	}
	ctx_set_str(a, v, "headline", b.ptr);
	buf_reset(&b);
	if (r->fit == FIT_NATIVE || r->fit == FIT_TIGHT)
		buf_printf(&b, "At %s with a %s context it needs %s of the %s this %s can use, and generates about %s.",
		           best->name, fmt_tokens(t1, ctx), fmt_gib(t2, r->total_bytes), fmt_gib(t3, r->usable_bytes),
		           h->kind == HW_UNIFIED ? "system's GPU" : "device", fmt_tok_s(t4, r->decode_tok_s));
	else if (r->fit == FIT_OFFLOAD)
		buf_printf(&b, "It needs %s but only %s fits on the device, so %s of the weights are streamed from system RAM every token, which caps decoding at about %s.",
		           fmt_gib(t1, r->total_bytes), fmt_gib(t2, r->usable_bytes), fmt_pct(t3, r->offload_fraction),
		           fmt_tok_s(t4, r->decode_tok_s));
	else
		buf_printf(&b, "Even its smallest published quantization (%s) needs %s against %s usable, and offloading the rest would leave it too slow or beyond the host's RAM.",
		           best->name, fmt_gib(t1, r->total_bytes), fmt_gib(t2, r->usable_bytes));
	ctx_set_str(a, v, "why", b.ptr);
	buf_reset(&b);

	buf_printf(&b, "%s on %s: %s. Needs %s of %s usable at %s, about %s decode, %s to first token, grade %s for chat.",
	           m->name, h->name, S_verdict_word(r->fit), fmt_gib(t1, r->total_bytes), fmt_gib(t2, r->usable_bytes),
	           best->name, fmt_tok_s(t3, r->decode_tok_s), fmt_ms(t4, r->ttft_ms), r->grade ? r->grade : "-");
	ctx_set_str(a, root, "description", b.ptr);
	buf_reset(&b);

	S_memory_bar(a, root, r);

	/* Quantization table, with the data the page's script switches to. */
	cval *qrows = ctx_set_list(a, root, "quants");
	cval *qdata = ctx_obj(a);
	for (size_t k = 0; k < m->n_formats; k++) {
		const quant *q = &cat->quants[m->formats[k]];
		est_input in = S_input(cat, m, h, s->default_context);
		in.quant = q;
		est_result qr;
		est_run(&in, &qr);
		cval *row = ctx_push(a, qrows, ctx_obj(a));
		ctx_set_lit(a, row, "name", q->name);
		ctx_set_fmt(a, row, "bits", "%.2f", q->bpw);
		ctx_set_lit(a, row, "quality", S_quality_label(q));
		if (q->kld >= 0)
			ctx_set_fmt(a, row, "kld", "%.4f", q->kld);
		S_figures(a, row, &qr);
		ctx_set_bool(a, row, "recommended", m->formats[k] == ps->quant);
		cval *d = ctx_set_obj(a, qdata, q->name);
		S_figures(a, d, &qr);
		ctx_set_lit(a, d, "quant", q->name);
	}
	buf_reset(&b);
	ctx_to_json(qdata, &b, false);
	ctx_set_str(a, root, "quants_json", b.ptr);
	buf_reset(&b);

	/* Workload grades */
	cval *wl = ctx_set_list(a, root, "workloads");
	unsigned reasons = r->reasons;
	est_result *wres = arena_alloc(a, cat->n_workloads * sizeof(est_result));
	for (size_t w = 0; w < cat->n_workloads; w++) {
		const workload *wk = &cat->workloads[w];
		est_input in = S_input(cat, m, h, wk->context_tokens);
		in.quant = best;
		in.workload = wk;
		est_run(&in, &wres[w]);
		const est_result wr = wres[w];
		reasons |= wr.reasons;
		cval *row = ctx_push(a, wl, ctx_obj(a));
		ctx_set_lit(a, row, "name", wk->name);
		ctx_set_lit(a, row, "slug", wk->slug);
		S_figures(a, row, &wr);
		ctx_set_str(a, row, "context", fmt_tokens(t1, in.context_tokens));
		ctx_set_fmt(a, row, "assumptions", "%s prompt, %s answer, %s context; interactive at %g tok/s, first token within %s",
		            fmt_tokens(t1, wk->prompt_tokens), fmt_tokens(t2, wk->output_tokens),
		            fmt_tokens(t3, wk->context_tokens), wk->interactive_tok_s, fmt_ms(t4, wk->ttft_target_ms));
		ctx_set_lit(a, row, "description", wk->description);
	}

	/* What limits this setup, and what to do about it. */
	size_t ups[UPGRADES_SHOWN];
	size_t n_ups = S_upgrades(s, mi, hi, ups, UPGRADES_SHOWN);
	cval *limits = ctx_set_list(a, root, "limits");
	cval *fixes = ctx_set_list(a, root, "improvements");
	/* Limits of the headline setup come from its own result; a workload
	 * that hits a limit the headline does not (a longer context, a longer
	 * prompt) gets an item that names it. */
	unsigned main_r = r->reasons;
	if (main_r & EST_R_TOO_HEAVY)
		S_add_item(a, limits, "Not enough memory", "The model needs %s even at %s; this %s has %s usable.",
		           fmt_gib(t1, r->total_bytes), best->name, h->kind == HW_UNIFIED ? "system" : "device", fmt_gib(t2, r->usable_bytes));
	if (main_r & EST_R_OFFLOAD)
		S_add_item(a, limits, "Offload", "%s of the weights live in system RAM and are read over the host's memory bus for every token.",
		           fmt_pct(t1, r->offload_fraction));
	if (main_r & EST_R_NO_HOST_RAM)
		S_add_item(a, limits, "Host RAM", "Offloading would need %s of system RAM, more than the default host profile has.",
		           fmt_gib(t1, r->host_ram_bytes));
	if (main_r & EST_R_LOW_HEADROOM)
		S_add_item(a, limits, "Little headroom", "Only %s is left free; a longer context or another program on the GPU will push it over.",
		           fmt_gib(t1, r->headroom_bytes > 0 ? r->headroom_bytes : 0));
	if (main_r & EST_R_SLOW_DECODE)
		S_add_item(a, limits, "Memory bandwidth", "Every generated token reads the active weights once: %s over %g GB/s caps decoding at about %s.",
		           fmt_gib(t1, r->weights_bytes * (m->active_params_b / m->params_b)), h->bandwidth_gbs, fmt_tok_s(t2, r->decode_tok_s));
	if (main_r & EST_R_SLOW_PREFILL)
		S_add_item(a, limits, "Prompt processing", "Long prompts are compute-bound: about %s of prefill means a long wait before the first token on big prompts.",
		           fmt_tok_s(t1, r->prefill_tok_s));
	if (reasons & EST_R_CONTEXT_CAPPED)
		S_add_item(a, limits, "Context capped by memory", "The largest context that fits natively is %s, less than some workloads need.",
		           r->safe_context > 0 ? fmt_tokens(t1, r->safe_context) : "none");
	for (size_t w = 0; w < cat->n_workloads; w++) {
		const workload *wk = &cat->workloads[w];
		const est_result *wr = &wres[w];
		unsigned extra = wr->reasons & ~main_r;
		if (wr->fit > r->fit && wr->fit == FIT_OFFLOAD)
			S_add_item(a, limits, wk->name, "its %s context needs %s, so %s of the weights move to system RAM and decoding drops to about %s.",
			           fmt_tokens(t1, S_clamp_context(m, wk->context_tokens)), fmt_gib(t2, wr->total_bytes),
			           fmt_pct(t3, wr->offload_fraction), fmt_tok_s(t4, wr->decode_tok_s));
		else if (wr->fit > r->fit && wr->fit == FIT_TOO_HEAVY)
			S_add_item(a, limits, wk->name, "its %s context needs %s, more than this setup can hold even with offload.",
			           fmt_tokens(t1, S_clamp_context(m, wk->context_tokens)), fmt_gib(t2, wr->total_bytes));
		else if (extra & EST_R_SLOW_PREFILL)
			S_add_item(a, limits, wk->name, "a %s-token prompt takes about %s before the first token (target %s).",
			           fmt_tokens(t1, wk->prompt_tokens), fmt_ms(t2, wr->ttft_ms), fmt_ms(t3, wk->ttft_target_ms));
		else if (extra & EST_R_SLOW_DECODE)
			S_add_item(a, limits, wk->name, "about %s at a %s context, below the %g tok/s this workload needs to feel interactive.",
			           fmt_tok_s(t1, wr->decode_tok_s), fmt_tokens(t2, S_clamp_context(m, wk->context_tokens)), wk->interactive_tok_s);
	}
	if (main_r & EST_R_LOW_QUALITY)
		S_add_item(a, limits, "Quantization quality", "%s loses noticeable quality against the 16-bit model (%s).", best->name, S_quality_label(best));

	if (reasons & (EST_R_OFFLOAD | EST_R_TOO_HEAVY | EST_R_LOW_HEADROOM | EST_R_CONTEXT_CAPPED))
		S_add_item(a, fixes, "Quantize the KV cache", "A q8_0 KV cache halves its memory with little quality loss (llama.cpp: -ctk q8_0 -ctv q8_0, needs flash attention).%s", "");
	if ((reasons & (EST_R_OFFLOAD | EST_R_TOO_HEAVY)) && ps->gpus_needed > 1)
		S_add_item(a, fixes, "Add GPUs", "%d× %s pool enough memory to run it natively (layer split).", ps->gpus_needed, h->name);
	if (n_ups > 0 && r->fit != FIT_NATIVE) {
		const hardware *u = &cat->hardware[ups[0]];
		S_add_item(a, fixes, "More memory", "%s runs it natively at %s, about %s.", u->name,
		           cat->quants[site_pair(s, mi, ups[0])->quant].name, fmt_tok_s(t1, site_pair(s, mi, ups[0])->r.decode_tok_s));
	}
	if (reasons & EST_R_LOW_QUALITY)
		S_add_item(a, fixes, "Smaller model", "A smaller model of the %s family at a better quantization often beats a 2–3-bit quantization of a large one.", m->family);
	if (reasons & EST_R_SLOW_DECODE)
		S_add_item(a, fixes, "Faster memory", "Decode speed follows memory bandwidth: hardware with more GB/s, or a smaller quantization, generates faster.%s", "");
	ctx_set_bool(a, root, "has_limits", ((cval *)ctx_get(root, "limits"))->n_items > 0);
	ctx_set_bool(a, root, "has_improvements", ((cval *)ctx_get(root, "improvements"))->n_items > 0);

	/* Context vs memory */
	cval *ctab = ctx_set_list(a, root, "context_rows");
	for (size_t k = 0; k < ARRAY_LEN(S_context_steps); k++) {
		int c = S_context_steps[k];
		if (c > m->max_context)
			break;
		cval *row = ctx_push(a, ctab, ctx_obj(a));
		ctx_set_str(a, row, "tokens", fmt_tokens(t1, c));
		for (int kv = 0; kv < 2; kv++) {
			est_input in = S_input(cat, m, h, c);
			in.quant = best;
			in.kv = kv ? KV_Q8_0 : KV_F16;
			est_result cr;
			est_run(&in, &cr);
			ctx_set_str(a, row, kv ? "q8" : "f16", fmt_gib(t2, cr.total_bytes));
			ctx_set_lit(a, row, kv ? "q8_fit" : "f16_fit", fit_class_slug(cr.fit));
		}
	}

	/* How fast it feels */
	cval *feel = ctx_set_obj(a, root, "feel");
	ctx_set_fmt(a, feel, "tok_s", "%.2f", r->fit == FIT_TOO_HEAVY ? 0.0 : r->decode_tok_s);
	ctx_set_fmt(a, feel, "ttft_ms", "%.0f", r->fit == FIT_TOO_HEAVY ? 0.0 : r->ttft_ms);

	S_run_commands(a, root, m, h, best, r, ctx, 1);

	/* Upgrade options */
	cval *ul = ctx_set_list(a, root, "upgrades");
	for (size_t k = 0; k < n_ups; k++) {
		const hardware *u = &cat->hardware[ups[k]];
		const pair_summary *up_s = site_pair(s, mi, ups[k]);
		cval *o = ctx_push(a, ul, ctx_obj(a));
		S_hw_basics(a, o, u, up);
		ctx_set_fmt(a, o, "pair_href", "%s%s/on/%s/", up, m->slug, u->slug);
		ctx_set_lit(a, o, "quant", cat->quants[up_s->quant].name);
		S_figures(a, o, &up_s->r);
	}

	ctx_set_bool(a, root, "has_upgrades", n_ups > 0);

	/* FAQ, also as FAQPage JSON-LD */
	cval *faq = ctx_set_list(a, root, "faq");
	cval *ld = ctx_obj(a);
	ctx_set_lit(a, ld, "@context", "https://schema.org");
	ctx_set_lit(a, ld, "@type", "FAQPage");
	cval *ldq = ctx_set_list(a, ld, "mainEntity");
	buf q = BUF_INIT;
	buf_printf(&q, "Can %s run %s?", h->name, m->name);
	buf_printf(&b, "%s. %s", S_verdict_word(r->fit), ((cval *)ctx_get(v, "why"))->str);
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "How much memory does %s need?", m->name);
	buf_printf(&b, "At %s with a %s context: %s for the weights, %s for the KV cache and %s of runtime buffers, %s in all.",
	           best->name, fmt_tokens(t1, ctx), fmt_gib(t2, r->weights_bytes), fmt_gib(t3, r->kv_cache_bytes),
	           fmt_gib(t4, r->runtime_bytes), fmt_gib(t1, r->total_bytes));
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "What is the best quantization of %s for %s?", m->name, h->name);
	buf_printf(&b, "%s: the highest-quality format that %s, with quality rated %s.", best->name,
	           r->fit == FIT_NATIVE ? "fits with headroom" : "runs best here", S_quality_label(best));
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "How fast is %s on %s?", m->name, h->name);
	if (r->fit == FIT_TOO_HEAVY)
		buf_printf(&b, "It does not run usefully, so there is no meaningful speed.");
	else
		buf_printf(&b, "About %s when generating and %s when reading the prompt; the first token of a %s-token chat prompt arrives after about %s.",
		           fmt_tok_s(t1, r->decode_tok_s), fmt_tok_s(t2, r->prefill_tok_s),
		           s->main_workload ? fmt_tokens(t3, s->main_workload->prompt_tokens) : "512", fmt_ms(t4, r->ttft_ms));
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	for (size_t w = 0; w < cat->n_workloads; w++) {
		if (strcmp(cat->workloads[w].slug, "coding") != 0)
			continue;
		cval *row = ((cval *)ctx_get(root, "workloads"))->items[w];
		buf_printf(&q, "Is %s on %s good for coding?", m->name, h->name);
		buf_printf(&b, "Grade %s for coding: %s, %s decode, %s to first token with a coding-sized prompt.",
		           ctx_get(row, "grade")->str, ctx_get(row, "fit_label")->str, ctx_get(row, "decode")->str, ctx_get(row, "ttft")->str);
		S_faq_add(a, faq, ldq, q.ptr, b.ptr);
		buf_reset(&q); buf_reset(&b);
	}
	buf_printf(&q, "How much context can %s use on %s?", m->name, h->name);
	if (r->safe_context > 0)
		buf_printf(&b, "Up to %s tokens fit natively at %s with an f16 KV cache (the model supports %s).",
		           fmt_tokens(t1, r->safe_context), best->name, fmt_tokens(t2, m->max_context));
	else
		buf_printf(&b, "No context fits natively at %s; see the offload and upgrade options.", best->name);
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "What should I upgrade first to run %s?", m->name);
	if (r->fit == FIT_NATIVE)
		buf_printf(&b, "Nothing: it already runs natively. More memory bandwidth is what would make it faster.");
	else if (n_ups)
		buf_printf(&b, "Memory first: %s runs it natively at %s.", cat->hardware[ups[0]].name, cat->quants[site_pair(s, mi, ups[0])->quant].name);
	else
		buf_printf(&b, "Memory first: no single entry in the catalog runs it natively; it needs a multi-GPU server.");
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	if (h->kind == HW_UNIFIED) {
		buf_printf(&q, "Does unified memory count as VRAM for %s?", m->name);
		buf_printf(&b, "Only part of it: by default the GPU may use %s of the %g GB, the rest stays with the system. The estimate uses that share.",
		           fmt_gib(t1, r->usable_bytes), h->memory_gb);
		S_faq_add(a, faq, ldq, q.ptr, b.ptr);
		buf_reset(&q); buf_reset(&b);
	}
	ctx_to_json(ld, &b, false);
	ctx_set_str(a, root, "faq_jsonld", b.ptr);
	buf_reset(&b);

	/* Embed */
	cval *em = ctx_set_obj(a, root, "embed");
	ctx_set_fmt(a, em, "href", "%sembed/%s-on-%s/", up, m->slug, h->slug);
	buf_printf(&b, "<iframe src=\"%s/embed/%s-on-%s/\" width=\"400\" height=\"180\" style=\"border:0\" loading=\"lazy\" title=\"",
	           cat->site.base_url, m->slug, h->slug);
	/* The title attribute inside the snippet carries data: escape it as an
	 * attribute here; the template escapes the whole snippet again as text. */
	buf q2 = BUF_INIT;
	buf_printf(&q2, "%s on %s — %s", m->name, h->name, cat->site.title);
	esc_xml(&b, q2.ptr, q2.len);
	buf_adds(&b, "\"></iframe>");
	ctx_set_str(a, em, "snippet", b.ptr);
	buf_release(&q2);
	buf_release(&q);

	const char *names[] = { "Home", m->name, h->name };
	const char *paths[] = { "", NULL, path.ptr };
	buf mp = BUF_INIT;
	buf_printf(&mp, "%s/", m->slug);
	paths[1] = mp.ptr;
	S_crumbs(s, a, root, 3, names, paths);
	buf_release(&mp);
	buf_release(&b);
	buf_release(&path);
	return root;
}

/* ---- the embed card and the API file --------------------------------------- */

static void S_embed_path(const site_data *s, size_t i, buf *out)
{
	const catalog *cat = s->cat;
	buf_printf(out, "embed/%s-on-%s/index.html", cat->models[i / cat->n_hardware].slug,
	           cat->hardware[i % cat->n_hardware].slug);
}

static cval *S_fill_embed(const site_data *s, arena *a, size_t i)
{
	const catalog *cat = s->cat;
	size_t mi = i / cat->n_hardware, hi = i % cat->n_hardware;
	const model *m = &cat->models[mi];
	const hardware *h = &cat->hardware[hi];
	const pair_summary *ps = site_pair(s, mi, hi);
	buf p = BUF_INIT;
	buf_printf(&p, "embed/%s-on-%s/", m->slug, h->slug);
	cval *root = S_page(s, a, 2, p.ptr);
	buf_release(&p);
	S_model_basics(a, ctx_set_obj(a, root, "model"), m, S_up(2));
	S_hw_basics(a, ctx_set_obj(a, root, "hw"), h, S_up(2));
	cval *v = ctx_set_obj(a, root, "verdict");
	ctx_set_lit(a, v, "word", S_verdict_word(ps->r.fit));
	ctx_set_lit(a, v, "cls", fit_class_slug(ps->r.fit));
	S_figures(a, v, &ps->r);
	ctx_set_lit(a, root, "quant", cat->quants[ps->quant].name);
	ctx_set_fmt(a, root, "full_url", "%s/%s/on/%s/", cat->site.base_url, m->slug, h->slug);
	return root;
}

static void S_api_path(const site_data *s, size_t i, buf *out)
{
	const catalog *cat = s->cat;
	buf_printf(out, "api/%s/%s.json", cat->models[i / cat->n_hardware].slug,
	           cat->hardware[i % cat->n_hardware].slug);
}

cval *pages_estimate_json(arena *a, const catalog *cat, const est_input *in,
                          const est_result *r, size_t best_quant)
{
	cval *o = ctx_obj(a);
	ctx_set_lit(a, o, "model", in->model->slug);
	ctx_set_lit(a, o, "hardware", in->hw->slug);
	ctx_set_lit(a, o, "quant", in->quant->name);
	ctx_set_num(a, o, "gpus", in->gpus);
	ctx_set_num(a, o, "context", in->context_tokens);
	ctx_set_lit(a, o, "kv_cache", kv_type_slug(in->kv));
	ctx_set_lit(a, o, "workload", in->workload ? in->workload->slug : NULL);
	ctx_set_num(a, o, "weights_bytes", round(r->weights_bytes));
	ctx_set_num(a, o, "kv_cache_bytes", round(r->kv_cache_bytes));
	ctx_set_num(a, o, "runtime_bytes", round(r->runtime_bytes));
	ctx_set_num(a, o, "total_bytes", round(r->total_bytes));
	ctx_set_num(a, o, "usable_bytes", round(r->usable_bytes));
	ctx_set_num(a, o, "headroom_bytes", round(r->headroom_bytes));
	ctx_set_lit(a, o, "fit", fit_class_slug(r->fit));
	ctx_set_num(a, o, "offload_fraction", round(r->offload_fraction * 10000) / 10000);
	ctx_set_num(a, o, "host_ram_bytes", round(r->host_ram_bytes));
	ctx_set_num(a, o, "decode_tok_s", round(r->decode_tok_s * 100) / 100);
	ctx_set_num(a, o, "prefill_tok_s", round(r->prefill_tok_s * 10) / 10);
	ctx_set_num(a, o, "ttft_ms", round(r->ttft_ms));
	ctx_set_num(a, o, "safe_context", r->safe_context);
	ctx_set_num(a, o, "score", round(r->score));
	ctx_set_lit(a, o, "grade", r->grade ? r->grade : "-");
	ctx_set_lit(a, o, "best_quant", cat->quants[best_quant].name);
	return o;
}

static cval *S_fill_api(const site_data *s, arena *a, size_t i)
{
	const catalog *cat = s->cat;
	size_t mi = i / cat->n_hardware, hi = i % cat->n_hardware;
	const pair_summary *ps = site_pair(s, mi, hi);
	est_input in = S_input(cat, &cat->models[mi], &cat->hardware[hi], s->default_context);
	in.quant = &cat->quants[ps->quant];
	cval *est = pages_estimate_json(a, cat, &in, &ps->r, ps->quant);
	cval *root = ctx_obj(a);
	buf b = BUF_INIT;
	ctx_to_json(est, &b, true);
	buf_addc(&b, '\n');
	ctx_set_str(a, root, "json", b.ptr);
	buf_release(&b);
	return root;
}

/* ---- model pages ---------------------------------------------------------- */

static size_t S_model_count(const site_data *s) { return s->cat->n_models; }

static void S_model_path(const site_data *s, size_t i, buf *out)
{
	buf_printf(out, "%s/index.html", s->cat->models[i].slug);
}

/* Sort key for ranking hardware for one model: runs first, then grade
 * score, then decode speed. */
typedef struct rank_item { size_t idx; double key1, key2; } rank_item;

static int S_rank_cmp(const void *pa, const void *pb)
{
	const rank_item *a = pa, *b = pb;
	if (a->key1 != b->key1)
		return a->key1 < b->key1 ? 1 : -1;
	if (a->key2 != b->key2)
		return a->key2 < b->key2 ? 1 : -1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static double S_fit_rank(fit_class f)
{
	switch (f) {
	case FIT_NATIVE: return 3;
	case FIT_TIGHT: return 2;
	case FIT_OFFLOAD: return 1;
	default: return 0;
	}
}

static cval *S_fill_model(const site_data *s, arena *a, size_t mi)
{
	const catalog *cat = s->cat;
	const model *m = &cat->models[mi];
	char t1[FMT_LEN], t2[FMT_LEN];
	buf b = BUF_INIT;
	buf_printf(&b, "%s/", m->slug);
	cval *root = S_page(s, a, 1, b.ptr);
	const char *up = S_up(1);
	cval *mo = ctx_set_obj(a, root, "model");
	S_model_basics(a, mo, m, up);
	ctx_set_lit(a, mo, "description_html", m->description_html);
	ctx_set_lit(a, mo, "licence", m->licence);
	ctx_set_lit(a, mo, "source", m->source);
	ctx_set_lit(a, mo, "huggingface", m->huggingface);
	ctx_set_lit(a, mo, "ollama", m->ollama);
	ctx_set_lit(a, mo, "gguf_repo", m->gguf_repo);
	ctx_set_lit(a, mo, "attention", attn_layout_slug(m->attention));
	ctx_set_num(a, mo, "layers", m->layers);
	ctx_set_num(a, mo, "hidden_size", m->hidden_size);
	ctx_set_fmt(a, mo, "heads", "%d query / %d KV", m->attention_heads, m->kv_heads);
	if (m->experts_total)
		ctx_set_fmt(a, mo, "experts", "%d routed, %d per token, %d shared", m->experts_total, m->experts_per_token, m->experts_shared);
	buf_reset(&b);
	buf_printf(&b, "What hardware runs %s? Memory, speed and quantizations", m->name);
	ctx_set_str(a, root, "title", b.ptr);
	buf_reset(&b);

	/* Quantization matrix at 4K context (one device of the first entry is
	 * irrelevant here: size and memory do not depend on the hardware beyond
	 * runtime overhead, so use KV at 4K and the weights). */
	cval *qm = ctx_set_list(a, root, "quants");
	for (size_t k = 0; k < m->n_formats; k++) {
		const quant *q = &cat->quants[m->formats[k]];
		cval *row = ctx_push(a, qm, ctx_obj(a));
		ctx_set_lit(a, row, "name", q->name);
		ctx_set_fmt(a, row, "bits", "%.2f", q->bpw);
		double wb = est_weight_bytes(m, q);
		ctx_set_str(a, row, "size", fmt_gib(t1, wb));
		ctx_set_str(a, row, "with_kv", fmt_gib(t2, wb + est_kv_bytes(m, S_clamp_context(m, 4096), KV_F16)));
		ctx_set_lit(a, row, "quality", S_quality_label(q));
	}
	cval *cm = ctx_set_list(a, root, "context_rows");
	for (size_t k = 0; k < ARRAY_LEN(S_context_steps); k++) {
		int c = S_context_steps[k];
		if (c > m->max_context)
			break;
		cval *row = ctx_push(a, cm, ctx_obj(a));
		ctx_set_str(a, row, "tokens", fmt_tokens(t1, c));
		ctx_set_str(a, row, "f16", fmt_gib(t1, est_kv_bytes(m, c, KV_F16)));
		ctx_set_str(a, row, "q8", fmt_gib(t2, est_kv_bytes(m, c, KV_Q8_0)));
	}

	/* Every hardware entry, ranked. */
	rank_item *items = xmalloc(cat->n_hardware * sizeof(rank_item));
	for (size_t h = 0; h < cat->n_hardware; h++) {
		const pair_summary *p = site_pair(s, mi, h);
		items[h].idx = h;
		items[h].key1 = S_fit_rank(p->r.fit) * 1000 + p->r.score;
		items[h].key2 = p->r.decode_tok_s;
	}
	qsort(items, cat->n_hardware, sizeof(rank_item), S_rank_cmp);
	cval *hl = ctx_set_list(a, root, "hardware");
	long cheapest = -1, fastest = -1;
	size_t natively = 0;
	for (size_t k = 0; k < cat->n_hardware; k++) {
		size_t h = items[k].idx;
		const hardware *hw = &cat->hardware[h];
		const pair_summary *p = site_pair(s, mi, h);
		cval *row = ctx_push(a, hl, ctx_obj(a));
		S_hw_basics(a, row, hw, up);
		ctx_set_num(a, row, "rank", (double)(k + 1));
		ctx_set_fmt(a, row, "pair_href", "%son/%s/", "", hw->slug);
		ctx_set_lit(a, row, "quant", cat->quants[p->quant].name);
		S_figures(a, row, &p->r);
		if (hw->price_usd > 0 && p->r.fit != FIT_TOO_HEAVY)
			ctx_set_fmt(a, row, "per_kusd", "%.1f", p->r.decode_tok_s * 1000.0 / hw->price_usd);
		else
			ctx_set_lit(a, row, "per_kusd", NULL);
		if (hw->tdp_w > 0 && p->r.fit != FIT_TOO_HEAVY)
			ctx_set_fmt(a, row, "per_100w", "%.1f", p->r.decode_tok_s * 100.0 / hw->tdp_w);
		else
			ctx_set_lit(a, row, "per_100w", NULL);
		if (p->r.fit == FIT_NATIVE) {
			natively++;
			if (hw->price_usd > 0 && (cheapest < 0 || hw->price_usd < cat->hardware[cheapest].price_usd))
				cheapest = (long)h;
			if (fastest < 0 || p->r.decode_tok_s > site_pair(s, mi, (size_t)fastest)->r.decode_tok_s)
				fastest = (long)h;
		}
	}
	free(items);
	ctx_set_num(a, root, "n_native", (double)natively);
	if (cheapest < 0)
		ctx_set_lit(a, root, "cheapest", NULL);
	if (fastest < 0)
		ctx_set_lit(a, root, "fastest", NULL);
	if (cheapest >= 0) {
		cval *o = ctx_set_obj(a, root, "cheapest");
		S_hw_basics(a, o, &cat->hardware[cheapest], up);
		ctx_set_fmt(a, o, "price", "$%.0f", cat->hardware[cheapest].price_usd);
		ctx_set_fmt(a, o, "pair_href", "on/%s/", cat->hardware[cheapest].slug);
		S_figures(a, o, &site_pair(s, mi, (size_t)cheapest)->r);
	}
	if (fastest >= 0) {
		cval *o = ctx_set_obj(a, root, "fastest");
		S_hw_basics(a, o, &cat->hardware[fastest], up);
		ctx_set_fmt(a, o, "pair_href", "on/%s/", cat->hardware[fastest].slug);
		S_figures(a, o, &site_pair(s, mi, (size_t)fastest)->r);
	}

	/* Models worth comparing: same family, then neighbouring sizes. */
	cval *cmp = ctx_set_list(a, root, "compare");
	for (size_t k = 0; k < cat->n_models && cmp->n_items < 8; k++) {
		const model *o = &cat->models[k];
		if (k == mi)
			continue;
		double ratio = o->params_b / m->params_b;
		if (strcmp(o->family, m->family) == 0 || (ratio > 0.6 && ratio < 1.6)) {
			cval *row = ctx_push(a, cmp, ctx_obj(a));
			S_model_basics(a, row, o, up);
		}
	}

	/* Minimum and recommended setups: the least memory that runs it
	 * natively on one device, the fastest single device, and multi-GPU
	 * setups (fewest devices, then least total memory). */
	long minimum = -1;
	for (size_t h = 0; h < cat->n_hardware; h++) {
		if (site_pair(s, mi, h)->r.fit != FIT_NATIVE)
			continue;
		if (minimum < 0 || cat->hardware[h].memory_gb < cat->hardware[minimum].memory_gb)
			minimum = (long)h;
	}
	if (minimum >= 0) {
		cval *o = ctx_set_obj(a, root, "minimum");
		S_hw_basics(a, o, &cat->hardware[minimum], up);
		ctx_set_fmt(a, o, "pair_href", "on/%s/", cat->hardware[minimum].slug);
		ctx_set_lit(a, o, "quant", cat->quants[site_pair(s, mi, (size_t)minimum)->quant].name);
		S_figures(a, o, &site_pair(s, mi, (size_t)minimum)->r);
	} else {
		ctx_set_lit(a, root, "minimum", NULL);
	}
	cval *multi = ctx_set_list(a, root, "multi_gpu");
	for (int g = 2; g <= 8; g *= 2) {
		long pick = -1;
		for (size_t h = 0; h < cat->n_hardware; h++) {
			const pair_summary *p = site_pair(s, mi, h);
			if (p->gpus_needed != g)
				continue;
			if (pick < 0 || cat->hardware[h].memory_gb < cat->hardware[pick].memory_gb)
				pick = (long)h;
		}
		if (pick < 0)
			continue;
		cval *o = ctx_push(a, multi, ctx_obj(a));
		S_hw_basics(a, o, &cat->hardware[pick], up);
		ctx_set_num(a, o, "gpus", g);
		ctx_set_fmt(a, o, "total_memory", "%g GB", cat->hardware[pick].memory_gb * g);
	}
	ctx_set_bool(a, root, "has_multi_gpu", multi->n_items > 0);
	const char *runtime;
	if (m->params_b > 200)
		runtime = "At this size it runs on multi-GPU servers with vLLM or SGLang (FP8 or a 4-bit AWQ/GPTQ checkpoint), on a 512 GB Mac Studio with MLX or llama.cpp, or with llama.cpp and MoE expert offload on a workstation with a lot of system RAM.";
	else if (m->params_b > 30)
		runtime = "llama.cpp (or Ollama, which wraps it) with a 4-bit GGUF on a 48 GB+ GPU or a Mac; vLLM with an AWQ or FP8 checkpoint on datacenter GPUs; MLX on Apple silicon.";
	else
		runtime = "Ollama or LM Studio for the simplest setup, llama.cpp for control over context and offload, MLX on Apple silicon, and vLLM when serving many users from a datacenter GPU.";
	ctx_set_lit(a, root, "runtime", runtime);

	cval *faq = ctx_set_list(a, root, "faq");
	cval *ld = ctx_obj(a);
	ctx_set_lit(a, ld, "@context", "https://schema.org");
	ctx_set_lit(a, ld, "@type", "FAQPage");
	cval *ldq = ctx_set_list(a, ld, "mainEntity");
	buf q = BUF_INIT;
	const quant *q4 = NULL;
	for (size_t k = 0; k < m->n_formats; k++)
		if (strcmp(cat->quants[m->formats[k]].name, "Q4_K_M") == 0)
			q4 = &cat->quants[m->formats[k]];
	const quant *nat = &cat->quants[m->native_quant];
	buf_reset(&b);
	buf_printf(&q, "How much memory does %s need?", m->name);
	buf_printf(&b, "The weights take %s at %s", fmt_gib(t1, est_weight_bytes(m, nat)), nat->name);
	if (q4)
		buf_printf(&b, " and %s at Q4_K_M", fmt_gib(t2, est_weight_bytes(m, q4)));
	buf_printf(&b, "; an 8K context adds %s of KV cache (f16).", fmt_gib(t1, est_kv_bytes(m, S_clamp_context(m, 8192), KV_F16)));
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "What is the cheapest hardware that runs %s?", m->name);
	if (cheapest >= 0)
		buf_printf(&b, "%s (launch price $%.0f) runs it natively at %s, about %s.", cat->hardware[cheapest].name,
		           cat->hardware[cheapest].price_usd, cat->quants[site_pair(s, mi, (size_t)cheapest)->quant].name,
		           fmt_tok_s(t1, site_pair(s, mi, (size_t)cheapest)->r.decode_tok_s));
	else if (minimum >= 0)
		buf_printf(&b, "The entry with the least memory that runs it natively is %s.", cat->hardware[minimum].name);
	else
		buf_printf(&b, "No single device in the catalog runs it natively; it needs a multi-GPU server or offload.");
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "What is the fastest hardware for %s?", m->name);
	if (fastest >= 0)
		buf_printf(&b, "%s, at about %s with %s.", cat->hardware[fastest].name,
		           fmt_tok_s(t1, site_pair(s, mi, (size_t)fastest)->r.decode_tok_s), cat->quants[site_pair(s, mi, (size_t)fastest)->quant].name);
	else
		buf_printf(&b, "No single device in the catalog runs it natively.");
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "How many devices run %s natively?", m->name);
	buf_printf(&b, "%zu of the %zu hardware entries in the catalog run it natively on one device.", natively, cat->n_hardware);
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "Which runtime should I use for %s?", m->name);
	buf_adds(&b, runtime);
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&b);
	ctx_to_json(ld, &b, false);
	ctx_set_str(a, root, "faq_jsonld", b.ptr);
	buf_release(&q);

	buf_reset(&b);
	buf_printf(&b, "%s (%s parameters%s): which GPUs and Macs run it, at which quantization, how fast. Runs natively on %zu of %zu hardware entries.",
	           m->name, fmt_params(t1, m->params_b), m->experts_total ? ", mixture of experts" : "", natively, cat->n_hardware);
	ctx_set_str(a, root, "description", b.ptr);
	const char *names[] = { "Home", "Models", m->name };
	buf p = BUF_INIT;
	buf_printf(&p, "%s/", m->slug);
	const char *paths[] = { "", "models/", p.ptr };
	S_crumbs(s, a, root, 3, names, paths);
	buf_release(&p);
	buf_release(&b);
	return root;
}

/* ---- hardware pages --------------------------------------------------------- */

static size_t S_hw_count(const site_data *s) { return s->cat->n_hardware; }

static void S_hw_path(const site_data *s, size_t i, buf *out)
{
	buf_printf(out, "hardware/%s/index.html", s->cat->hardware[i].slug);
}

static cval *S_fill_hw(const site_data *s, arena *a, size_t hi)
{
	const catalog *cat = s->cat;
	const hardware *h = &cat->hardware[hi];
	char t1[FMT_LEN];
	buf b = BUF_INIT;
	buf_printf(&b, "hardware/%s/", h->slug);
	cval *root = S_page(s, a, 2, b.ptr);
	const char *up = S_up(2);
	cval *ho = ctx_set_obj(a, root, "hw");
	S_hw_basics(a, ho, h, up);
	ctx_set_lit(a, ho, "architecture", h->architecture);
	ctx_set_lit(a, ho, "source", h->source);
	ctx_set_lit(a, ho, "notes", h->notes);
	if (h->fp16_tflops > 0)
		ctx_set_fmt(a, ho, "fp16", "%g TFLOPS", h->fp16_tflops);
	else
		ctx_set_lit(a, ho, "fp16", NULL);
	if (h->tdp_w > 0)
		ctx_set_fmt(a, ho, "tdp", "%g W", h->tdp_w);
	else
		ctx_set_lit(a, ho, "tdp", NULL);
	if (h->price_usd > 0)
		ctx_set_fmt(a, ho, "price", "$%.0f", h->price_usd);
	else
		ctx_set_lit(a, ho, "price", NULL);
	ctx_set_num(a, ho, "release_year", h->release_year);
	if (h->interconnect_name)
		ctx_set_fmt(a, ho, "interconnect", "%s, %g GB/s, up to %d devices", h->interconnect_name, h->interconnect_gbs, h->max_devices);
	else
		ctx_set_lit(a, ho, "interconnect", NULL);
	buf_reset(&b);
	buf_printf(&b, "What LLMs can %s run? Every model ranked", h->name);
	ctx_set_str(a, root, "title", b.ptr);

	rank_item *items = xmalloc(cat->n_models * sizeof(rank_item));
	for (size_t mi = 0; mi < cat->n_models; mi++) {
		const pair_summary *p = site_pair(s, mi, hi);
		items[mi].idx = mi;
		items[mi].key1 = S_fit_rank(p->r.fit) * 1000 + p->r.score;
		items[mi].key2 = cat->models[mi].params_b;
	}
	qsort(items, cat->n_models, sizeof(rank_item), S_rank_cmp);
	cval *native = ctx_set_list(a, root, "native");
	cval *offload = ctx_set_list(a, root, "offload");
	cval *out_of_reach = ctx_set_list(a, root, "out_of_reach");
	for (size_t k = 0; k < cat->n_models; k++) {
		size_t mi = items[k].idx;
		const model *m = &cat->models[mi];
		const pair_summary *p = site_pair(s, mi, hi);
		cval *list = p->r.fit == FIT_NATIVE || p->r.fit == FIT_TIGHT ? native
		           : p->r.fit == FIT_OFFLOAD ? offload : out_of_reach;
		cval *row = ctx_push(a, list, ctx_obj(a));
		S_model_basics(a, row, m, up);
		ctx_set_fmt(a, row, "pair_href", "%s%s/on/%s/", up, m->slug, h->slug);
		ctx_set_lit(a, row, "quant", cat->quants[p->quant].name);
		S_figures(a, row, &p->r);
		if (p->gpus_needed > 1)
			ctx_set_fmt(a, row, "multi", "%d× runs it natively", p->gpus_needed);
		else
			ctx_set_lit(a, row, "multi", NULL);
	}
	free(items);
	ctx_set_num(a, root, "n_native", (double)native->n_items);
	ctx_set_num(a, root, "n_offload", (double)offload->n_items);

	/* Best model per workload: the highest score, ties to the larger model. */
	cval *bw = ctx_set_list(a, root, "best_per_workload");
	for (size_t w = 0; w < cat->n_workloads; w++) {
		const workload *wk = &cat->workloads[w];
		long best_m = -1;
		est_result best_r;
		memset(&best_r, 0, sizeof(best_r));
		for (size_t mi = 0; mi < cat->n_models; mi++) {
			const model *m = &cat->models[mi];
			if (site_pair(s, mi, hi)->r.fit == FIT_TOO_HEAVY)
				continue;
			est_input in = S_input(cat, m, h, wk->context_tokens);
			in.quant = &cat->quants[site_pair(s, mi, hi)->quant];
			in.workload = wk;
			est_result r;
			est_run(&in, &r);
			if (best_m < 0 || r.score > best_r.score ||
			    (r.score == best_r.score && m->params_b > cat->models[best_m].params_b)) {
				best_m = (long)mi;
				best_r = r;
			}
		}
		if (best_m < 0)
			continue;
		cval *o = ctx_push(a, bw, ctx_obj(a));
		ctx_set_lit(a, o, "workload", wk->name);
		S_model_basics(a, o, &cat->models[best_m], up);
		ctx_set_fmt(a, o, "pair_href", "%s%s/on/%s/", up, cat->models[best_m].slug, h->slug);
		ctx_set_lit(a, o, "quant", cat->quants[site_pair(s, (size_t)best_m, hi)->quant].name);
		S_figures(a, o, &best_r);
	}

	/* Multi-GPU scaling where the interconnect joins several devices. */
	cval *scale = ctx_set_list(a, root, "scaling");
	for (size_t g = 0; g < ARRAY_LEN(S_gpu_counts) && S_gpu_counts[g] <= h->max_devices; g++) {
		int n = S_gpu_counts[g];
		size_t fits = 0;
		double usable = 0;
		for (size_t mi = 0; mi < cat->n_models; mi++) {
			const model *m = &cat->models[mi];
			est_input in = S_input(cat, m, h, s->default_context);
			in.gpus = n;
			in.quant = &cat->quants[est_best_quant(cat, &in)];
			est_result r;
			est_run(&in, &r);
			fits += r.fit == FIT_NATIVE;
			usable = r.usable_bytes;
		}
		cval *o = ctx_push(a, scale, ctx_obj(a));
		ctx_set_num(a, o, "gpus", n);
		ctx_set_str(a, o, "memory", fmt_gib(t1, usable));
		ctx_set_num(a, o, "models", (double)fits);
		ctx_set_fmt(a, o, "bandwidth", "%g GB/s", h->bandwidth_gbs * n);
	}
	ctx_set_bool(a, root, "has_scaling", scale->n_items > 1);

	/* Upgrade paths: the nearest entries with more memory that run more
	 * models natively. */
	size_t here = native->n_items;
	cval *upl = ctx_set_list(a, root, "upgrade_paths");
	for (size_t pass = 0; pass < 3; pass++) {
		long pick = -1;
		size_t pick_n = 0;
		for (size_t o = 0; o < cat->n_hardware; o++) {
			const hardware *c = &cat->hardware[o];
			if (o == hi || c->memory_gb <= h->memory_gb || c->kind == HW_CPU)
				continue;
			int taken = 0;
			for (size_t k = 0; k < upl->n_items; k++)
				taken |= strcmp(ctx_get(upl->items[k], "slug")->str, c->slug) == 0;
			if (taken)
				continue;
			size_t n = 0;
			for (size_t mi = 0; mi < cat->n_models; mi++)
				n += site_pair(s, mi, o)->r.fit == FIT_NATIVE;
			if (n <= here)
				continue;
			if (pick < 0 || c->memory_gb < cat->hardware[pick].memory_gb ||
			    (c->memory_gb == cat->hardware[pick].memory_gb && n > pick_n)) {
				pick = (long)o;
				pick_n = n;
			}
		}
		if (pick < 0)
			break;
		cval *o = ctx_push(a, upl, ctx_obj(a));
		S_hw_basics(a, o, &cat->hardware[pick], up);
		ctx_set_num(a, o, "n_native", (double)pick_n);
		ctx_set_num(a, o, "gain", (double)(pick_n - here));
	}
	ctx_set_bool(a, root, "has_upgrade_paths", upl->n_items > 0);

	/* Buying advice, generated from the numbers above. */
	buf_reset(&b);
	if (native->n_items == 0)
		buf_printf(&b, "With %s it cannot hold any model in the catalog on its own; treat it as a host for offload or pick an entry with more memory.",
		           ((cval *)ctx_get(ho, "memory"))->str);
	else {
		const cval *top = native->items[0];
		buf_printf(&b, "It runs %zu of %zu models natively; the best-graded is %s. ", native->n_items, cat->n_models,
		           ctx_get(top, "name")->str);
		if (upl->n_items)
			buf_printf(&b, "The next step up, %s, runs %.0f more natively. ", ctx_get(upl->items[0], "name")->str,
			           ctx_get(upl->items[0], "gain")->num);
		buf_printf(&b, "Decode speed on this hardware follows its %g GB/s of memory bandwidth: models whose active weights are half the size generate about twice as fast.",
		           h->bandwidth_gbs);
	}
	ctx_set_str(a, root, "advice", b.ptr);

	cval *faq = ctx_set_list(a, root, "faq");
	cval *ld = ctx_obj(a);
	ctx_set_lit(a, ld, "@context", "https://schema.org");
	ctx_set_lit(a, ld, "@type", "FAQPage");
	cval *ldq = ctx_set_list(a, ld, "mainEntity");
	buf q = BUF_INIT;
	buf_reset(&b);
	buf_printf(&q, "What LLMs can %s run?", h->name);
	buf_printf(&b, "%zu of %zu models run natively and %zu more with part of the weights in system RAM.", native->n_items, cat->n_models, offload->n_items);
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "What is the largest model %s runs natively?", h->name);
	{
		long big = -1;
		for (size_t mi = 0; mi < cat->n_models; mi++)
			if (site_pair(s, mi, hi)->r.fit == FIT_NATIVE && (big < 0 || cat->models[mi].params_b > cat->models[big].params_b))
				big = (long)mi;
		if (big >= 0) {
			char t2[FMT_LEN];
			buf_printf(&b, "%s (%s parameters) at %s, about %s.", cat->models[big].name, fmt_params(t1, cat->models[big].params_b),
			           cat->quants[site_pair(s, (size_t)big, hi)->quant].name, fmt_tok_s(t2, site_pair(s, (size_t)big, hi)->r.decode_tok_s));
		} else
			buf_printf(&b, "None of the catalog's models fit natively.");
	}
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&q); buf_reset(&b);
	buf_printf(&q, "How much memory can models use on %s?", h->name);
	/* scaling always has the one-device row: every entry joins at least one. */
	const char *usable1 = ctx_get(scale->items[0], "memory")->str;
	if (h->kind == HW_UNIFIED)
		buf_printf(&b, "About %s of its %g GB: unified memory is shared with the system, and the GPU may use only part of it by default.",
		           usable1, h->memory_gb);
	else
		buf_printf(&b, "About %s of its %g GB, after the driver's and runtime's own reservation.", usable1, h->memory_gb);
	S_faq_add(a, faq, ldq, q.ptr, b.ptr);
	buf_reset(&b);
	ctx_to_json(ld, &b, false);
	ctx_set_str(a, root, "faq_jsonld", b.ptr);
	buf_release(&q);
	buf_reset(&b);
	buf_printf(&b, "%s (%s): runs %zu of %zu models natively and %zu more with offload. Speeds, quantizations and context for each.",
	           h->name, ((cval *)ctx_get(ho, "memory"))->str, native->n_items, cat->n_models, offload->n_items);
	ctx_set_str(a, root, "description", b.ptr);
	(void)t1;
	const char *names[] = { "Home", "Hardware", h->name };
	buf p = BUF_INIT;
	buf_printf(&p, "hardware/%s/", h->slug);
	const char *paths[] = { "", "hardware/", p.ptr };
	S_crumbs(s, a, root, 3, names, paths);
	buf_release(&p);
	buf_release(&b);
	return root;
}

/* ---- single pages ----------------------------------------------------------- */

static size_t S_one(const site_data *s) { (void)s; return 1; }

static void S_home_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "index.html"); }
static void S_models_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "models/index.html"); }
static void S_hwlist_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "hardware/index.html"); }
static void S_method_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "methodology/index.html"); }
static void S_404_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "404.html"); }
static void S_robots_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "robots.txt"); }
static void S_index_json_path(const site_data *s, size_t i, buf *out) { (void)s; (void)i; buf_adds(out, "api/index.json"); }

static void S_model_list(const site_data *s, arena *a, cval *root, const char *up)
{
	const catalog *cat = s->cat;
	cval *ml = ctx_set_list(a, root, "models");
	for (size_t i = 0; i < cat->n_models; i++) {
		cval *o = ctx_push(a, ml, ctx_obj(a));
		S_model_basics(a, o, &cat->models[i], up);
		size_t native = 0;
		for (size_t h = 0; h < cat->n_hardware; h++)
			native += site_pair(s, i, h)->r.fit == FIT_NATIVE;
		ctx_set_num(a, o, "n_native", (double)native);
	}
}

static void S_hw_list(const site_data *s, arena *a, cval *root, const char *up)
{
	const catalog *cat = s->cat;
	cval *hl = ctx_set_list(a, root, "hardware");
	for (size_t i = 0; i < cat->n_hardware; i++) {
		cval *o = ctx_push(a, hl, ctx_obj(a));
		S_hw_basics(a, o, &cat->hardware[i], up);
		size_t native = 0;
		for (size_t m = 0; m < cat->n_models; m++)
			native += site_pair(s, m, i)->r.fit == FIT_NATIVE;
		ctx_set_num(a, o, "n_native", (double)native);
	}
}

static cval *S_fill_home(const site_data *s, arena *a, size_t i)
{
	(void)i;
	cval *root = S_page(s, a, 0, "");
	S_crumbs(s, a, root, 0, NULL, NULL);
	ctx_set_lit(a, root, "title", s->cat->site.title);
	ctx_set_lit(a, root, "description", s->cat->site.tagline);
	S_model_list(s, a, root, "");
	S_hw_list(s, a, root, "");
	/* Newest models: latest release dates first (ISO dates sort as text). */
	const catalog *cat = s->cat;
	cval *newest = ctx_set_list(a, root, "newest");
	size_t *order = xmalloc((cat->n_models + 1) * sizeof(size_t));
	for (size_t k = 0; k < cat->n_models; k++)
		order[k] = k;
	for (size_t k = 1; k < cat->n_models; k++)
		for (size_t j = k; j > 0 && strcmp(cat->models[order[j]].release_date, cat->models[order[j - 1]].release_date) > 0; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (size_t k = 0; k < cat->n_models && k < 8; k++) {
		cval *o = ctx_push(a, newest, ctx_obj(a));
		S_model_basics(a, o, &cat->models[order[k]], "");
	}
	free(order);
	/* Popular pairs: the site's configured list (validated at load). */
	cval *pop = ctx_set_list(a, root, "popular");
	for (size_t k = 0; k < cat->site.n_popular; k++) {
		size_t mi = cat->site.popular[k].model, hi = cat->site.popular[k].hardware;
		const pair_summary *p = site_pair(s, mi, hi);
		cval *o = ctx_push(a, pop, ctx_obj(a));
		ctx_set_lit(a, o, "model", cat->models[mi].name);
		ctx_set_lit(a, o, "hw", cat->hardware[hi].name);
		ctx_set_fmt(a, o, "href", "%s/on/%s/", cat->models[mi].slug, cat->hardware[hi].slug);
		ctx_set_lit(a, o, "quant", cat->quants[p->quant].name);
		S_figures(a, o, &p->r);
	}
	cval *wl = ctx_set_list(a, root, "workloads");
	for (size_t w = 0; w < s->cat->n_workloads; w++) {
		cval *o = ctx_push(a, wl, ctx_obj(a));
		ctx_set_lit(a, o, "name", s->cat->workloads[w].name);
		ctx_set_lit(a, o, "description", s->cat->workloads[w].description);
	}
	return root;
}

static cval *S_fill_models(const site_data *s, arena *a, size_t i)
{
	(void)i;
	cval *root = S_page(s, a, 1, "models/");
	ctx_set_lit(a, root, "title", "All models");
	ctx_set_lit(a, root, "description", "Every model in the catalog with its size, context and how many hardware entries run it natively.");
	S_model_list(s, a, root, S_up(1));
	const char *names[] = { "Home", "Models" };
	const char *paths[] = { "", "models/" };
	S_crumbs(s, a, root, 2, names, paths);
	return root;
}

static cval *S_fill_hwlist(const site_data *s, arena *a, size_t i)
{
	(void)i;
	cval *root = S_page(s, a, 1, "hardware/");
	ctx_set_lit(a, root, "title", "All hardware");
	ctx_set_lit(a, root, "description", "Every GPU, Mac and PC in the catalog with its memory, bandwidth and how many models it runs natively.");
	S_hw_list(s, a, root, S_up(1));
	const char *names[] = { "Home", "Hardware" };
	const char *paths[] = { "", "hardware/" };
	S_crumbs(s, a, root, 2, names, paths);
	return root;
}

static cval *S_fill_method(const site_data *s, arena *a, size_t i)
{
	(void)i;
	cval *root = S_page(s, a, 1, "methodology/");
	ctx_set_lit(a, root, "title", "Methodology: how every number is computed");
	ctx_set_lit(a, root, "description", "The formulas, constants and sources behind every memory, speed and context figure on the site, and how they compare with published measurements.");
	ctx_set_lit(a, root, "body_html", s->methodology_html ? s->methodology_html : "");
	const char *names[] = { "Home", "Methodology" };
	const char *paths[] = { "", "methodology/" };
	S_crumbs(s, a, root, 2, names, paths);
	return root;
}

static cval *S_fill_404(const site_data *s, arena *a, size_t i)
{
	(void)i;
	/* Served for any missing path, at any depth, so its links are
	 * root-relative: the path of base_url (empty at a domain's root). */
	cval *root = S_page(s, a, 0, "404.html");
	const char *base = s->cat->site.base_url;
	const char *host = strstr(base, "://");
	const char *path = host ? strchr(host + 3, '/') : NULL;
	buf b = BUF_INIT;
	buf_printf(&b, "%s/", path ? path : "");
	ctx_put(a, root, "root", ctx_str(a, b.ptr, b.len));
	buf_release(&b);
	S_crumbs(s, a, root, 0, NULL, NULL);
	ctx_set_lit(a, root, "title", "Page not found");
	ctx_set_lit(a, root, "description", "This page does not exist.");
	return root;
}

static cval *S_fill_plain(const site_data *s, arena *a, size_t i)
{
	(void)i;
	return S_page(s, a, 0, "");
}

/* The sitemap lists every HTML page but the embeds (noindex) and 404, with
 * absolute URLs. Past site.sitemap_max_urls (50,000, the protocol's limit)
 * it is split into numbered files listed by a sitemap index. */
static size_t S_url_count(const site_data *s)
{
	const catalog *cat = s->cat;
	return 4 + cat->n_models + cat->n_hardware + cat->n_models * cat->n_hardware;
}

static void S_url(const site_data *s, size_t u, buf *out)
{
	const catalog *cat = s->cat;
	static const char *const fixed[] = { "", "models/", "hardware/", "methodology/" };
	buf_printf(out, "%s/", cat->site.base_url);
	if (u < 4) {
		buf_adds(out, fixed[u]);
		return;
	}
	u -= 4;
	if (u < cat->n_models) {
		buf_printf(out, "%s/", cat->models[u].slug);
		return;
	}
	u -= cat->n_models;
	if (u < cat->n_hardware) {
		buf_printf(out, "hardware/%s/", cat->hardware[u].slug);
		return;
	}
	u -= cat->n_hardware;
	buf_printf(out, "%s/on/%s/", cat->models[u / cat->n_hardware].slug, cat->hardware[u % cat->n_hardware].slug);
}

static size_t S_sitemap_parts(const site_data *s)
{
	size_t max = (size_t)s->cat->site.sitemap_max_urls;
	return (S_url_count(s) + max - 1) / max;
}

static size_t S_sitemap_index_count(const site_data *s)
{
	return S_sitemap_parts(s) > 1;
}

static void S_sitemap_path(const site_data *s, size_t i, buf *out)
{
	if (S_sitemap_parts(s) == 1)
		buf_adds(out, "sitemap.xml");
	else
		buf_printf(out, "sitemap-%zu.xml", i + 1);
}

static cval *S_fill_sitemap(const site_data *s, arena *a, size_t i)
{
	cval *root = S_page(s, a, 0, "");
	ctx_set_lit(a, root, "lastmod", s->build_date);
	cval *urls = ctx_set_list(a, root, "urls");
	size_t max = (size_t)s->cat->site.sitemap_max_urls, n = S_url_count(s);
	buf b = BUF_INIT;
	for (size_t u = i * max; u < n && u < (i + 1) * max; u++) {
		buf_reset(&b);
		S_url(s, u, &b);
		ctx_set_str(a, ctx_push(a, urls, ctx_obj(a)), "loc", b.ptr);
	}
	buf_release(&b);
	return root;
}

static cval *S_fill_sitemap_index(const site_data *s, arena *a, size_t i)
{
	(void)i;
	cval *root = S_page(s, a, 0, "");
	ctx_set_lit(a, root, "lastmod", s->build_date);
	cval *maps = ctx_set_list(a, root, "sitemaps");
	for (size_t k = 0; k < S_sitemap_parts(s); k++)
		ctx_set_fmt(a, ctx_push(a, maps, ctx_obj(a)), "loc", "%s/sitemap-%zu.xml", s->cat->site.base_url, k + 1);
	return root;
}

static void S_sitemap_index_path(const site_data *s, size_t i, buf *out)
{
	(void)s;
	(void)i;
	buf_adds(out, "sitemap.xml");
}

/* The picker's index: short keys, one array per kind, so thousands of
 * entries stay small. */
static cval *S_fill_index_json(const site_data *s, arena *a, size_t i)
{
	(void)i;
	const catalog *cat = s->cat;
	cval *idx = ctx_obj(a);
	cval *ml = ctx_set_list(a, idx, "m");
	for (size_t k = 0; k < cat->n_models; k++) {
		cval *o = ctx_push(a, ml, ctx_list(a));
		ctx_push(a, o, ctx_lit(a, cat->models[k].slug));
		ctx_push(a, o, ctx_lit(a, cat->models[k].name));
	}
	cval *hl = ctx_set_list(a, idx, "h");
	for (size_t k = 0; k < cat->n_hardware; k++) {
		cval *o = ctx_push(a, hl, ctx_list(a));
		ctx_push(a, o, ctx_lit(a, cat->hardware[k].slug));
		ctx_push(a, o, ctx_lit(a, cat->hardware[k].name));
	}
	buf b = BUF_INIT;
	ctx_to_json(idx, &b, false);
	buf_addc(&b, '\n');
	cval *root = ctx_obj(a);
	ctx_set_str(a, root, "json", b.ptr);
	buf_release(&b);
	return root;
}

const page_kind page_kinds[] = {
	{ "fit", "fit", S_pair_count, S_fit_path, S_fill_fit, 1, PAGE_DEPS_MODEL_ALL_HW },
	{ "embed", "embed", S_pair_count, S_embed_path, S_fill_embed, 1, PAGE_DEPS_PAIR },
	{ "api", "api", S_pair_count, S_api_path, S_fill_api, 1, PAGE_DEPS_PAIR },
	{ "model", "model", S_model_count, S_model_path, S_fill_model, 0, PAGE_DEPS_ALL },
	{ "hardware", "hardware", S_hw_count, S_hw_path, S_fill_hw, 0, PAGE_DEPS_ALL },
	{ "home", "home", S_one, S_home_path, S_fill_home, 0, PAGE_DEPS_ALL },
	{ "models", "models", S_one, S_models_path, S_fill_models, 0, PAGE_DEPS_ALL },
	{ "hardware-index", "hardware-index", S_one, S_hwlist_path, S_fill_hwlist, 0, PAGE_DEPS_ALL },
	{ "methodology", "methodology", S_one, S_method_path, S_fill_method, 0, PAGE_DEPS_ALL },
	{ "404", "404", S_one, S_404_path, S_fill_404, 0, PAGE_DEPS_ALL },
	{ "robots", "robots", S_one, S_robots_path, S_fill_plain, 0, PAGE_DEPS_ALL },
	{ "sitemap", "sitemap", S_sitemap_parts, S_sitemap_path, S_fill_sitemap, 0, PAGE_DEPS_ALL },
	{ "sitemap-index", "sitemap-index", S_sitemap_index_count, S_sitemap_index_path, S_fill_sitemap_index, 0, PAGE_DEPS_ALL },
	{ "index-json", "api", S_one, S_index_json_path, S_fill_index_json, 0, PAGE_DEPS_ALL },
};
const size_t n_page_kinds = ARRAY_LEN(page_kinds);

const char *const page_templates[] = {
	"fit", "embed", "api", "model", "hardware", "home", "models", "hardware-index",
	"methodology", "404", "robots", "sitemap", "sitemap-index", NULL,
};
