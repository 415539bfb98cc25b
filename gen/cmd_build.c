/* cmd_build.c - `fitgen build`, `fitgen check`, `fitgen estimate`, `fitgen list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmd.h"
#include "ctx.h"
#include "diag.h"
#include "estimate.h"
#include "fmt.h"
#include "load.h"
#include "pages.h"
#include "util.h"

/* ---- option parsing shared by the commands -------------------------------- */

/* Returns the value of option `name` at argv[*i] ("--name VALUE" or
 * "--name=VALUE"), advancing *i; NULL when argv[*i] is another option.
 * Sets *missing when the option is there but its value is not. */
static const char *S_opt(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int S_int_arg(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return 0;
	*out = (int)v;
	return 1;
}

static const char S_build_help[] =
	"usage: fitgen build [--data DIR] [--templates DIR] [--static DIR] [--out DIR]\n"
	"                    [--docs DIR] [--jobs N] [--shard K/N] [--force] [--quiet]\n\n"
	"Builds the whole site: one fit page, embed card and API file per model and\n"
	"hardware pair, a page per model and per hardware entry, index pages, the\n"
	"methodology, sitemap.xml, robots.txt and 404.html.\n\n"
	"  --data DIR       catalog folder (default: data)\n"
	"  --templates DIR  Mustache templates (default: templates)\n"
	"  --static DIR     files copied to OUT/static/ (default: static)\n"
	"  --out DIR        output folder, replaced atomically on success (default: site)\n"
	"  --docs DIR       folder with estimator.md for the methodology page (default: docs)\n"
	"  --jobs N         worker threads (default: number of cores)\n"
	"  --shard K/N      build only pair pages whose index %% N == K (0 <= K < N);\n"
	"                   shard 0 also writes every other page; the union of all\n"
	"                   shards equals a whole build\n"
	"  --force          render every page even when the inputs are unchanged\n"
	"                   (ignore .OUT.manifest, the record of the last build)\n"
	"  --quiet          no progress line or summary\n\n"
	"Rebuilds are incremental: a page whose inputs did not change is reused\n"
	"from the published folder, and a rendered page whose bytes did not change\n"
	"keeps its file and modification time.\n\n"
	"exit status: 0 success, 1 bad input or failed write (the published folder is\n"
	"left as it was), 2 bad usage.\n";

static const char S_check_help[] =
	"usage: fitgen check [--data DIR] [--templates DIR] [--static DIR] [--quiet]\n\n"
	"Loads and validates the catalog and compiles and links the templates,\n"
	"reporting every problem found; writes nothing.\n"
	"exit status: 0 valid, 1 problems found, 2 bad usage.\n";

static int S_build_args(int argc, char **argv, build_opts *o, int check, int *help)
{
	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			*help = 1;
			return 0;
		} else if ((v = S_opt(argc, argv, &i, "--data", &missing))) {
			o->data_dir = v;
		} else if ((v = S_opt(argc, argv, &i, "--templates", &missing))) {
			o->templates_dir = v;
		} else if ((v = S_opt(argc, argv, &i, "--static", &missing))) {
			o->static_dir = v;
		} else if (!check && (v = S_opt(argc, argv, &i, "--out", &missing))) {
			o->out_dir = v;
		} else if (!check && (v = S_opt(argc, argv, &i, "--docs", &missing))) {
			o->docs_dir = v;
		} else if (!check && (v = S_opt(argc, argv, &i, "--jobs", &missing))) {
			if (!S_int_arg(v, 1, 256, &o->jobs)) {
				fprintf(stderr, "fitgen: --jobs expects a number from 1 to 256, got '%s'\n", v);
				return -1;
			}
		} else if (!check && (v = S_opt(argc, argv, &i, "--shard", &missing))) {
			int k, n;
			char tail;
			if (sscanf(v, "%d/%d%c", &k, &n, &tail) != 2 || n < 1 || k < 0 || k >= n) {
				fprintf(stderr, "fitgen: --shard expects K/N with 0 <= K < N, got '%s'\n", v);
				return -1;
			}
			o->shard_k = k;
			o->shard_n = n;
		} else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
			o->quiet = true;
		} else if (!check && strcmp(argv[i], "--force") == 0) {
			o->force = true;
		} else {
			fprintf(stderr, missing ? "fitgen: option '%s' needs a value\n" : "fitgen: unknown option '%s'\n", argv[i]);
			fprintf(stderr, "try 'fitgen %s --help'\n", check ? "check" : "build");
			return -1;
		}
		if (missing) {
			fprintf(stderr, "fitgen: option '%s' needs a value\n", argv[i]);
			return -1;
		}
	}
	return 0;
}

int cmd_build(int argc, char **argv)
{
	build_opts o;
	build_opts_init(&o);
	int help = 0;
	if (S_build_args(argc, argv, &o, 0, &help) != 0)
		return 2;
	if (help) {
		fputs(S_build_help, stdout);
		return 0;
	}
	build_stats st;
	return build_run(&o, &st);
}

int cmd_check(int argc, char **argv)
{
	build_opts o;
	build_opts_init(&o);
	o.check_only = true;
	int help = 0;
	if (S_build_args(argc, argv, &o, 1, &help) != 0)
		return 2;
	if (help) {
		fputs(S_check_help, stdout);
		return 0;
	}
	build_stats st;
	return build_run(&o, &st);
}

/* ---- loading for estimate and list ------------------------------------------ */

static int S_load(const char *data_dir, catalog *cat)
{
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(cat, data_dir, &d);
	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", d.items[i]);
	if (d.dropped)
		fprintf(stderr, "fitgen: ... and %zu more errors\n", d.dropped);
	diag_release(&d);
	return rc;
}

/* Levenshtein distance, capped, for "did you mean". */
static size_t S_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 100 || lb > 100)
		return 100;
	size_t row[101];
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cur = row[j];
			size_t sub = prev + (a[i - 1] != b[j - 1]);
			size_t del = row[j] + 1, ins = row[j - 1] + 1;
			row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
			prev = cur;
		}
	}
	return row[lb];
}

/* Prints up to three closest names: substring matches first, then by edit
 * distance. names[i] is read with stride. */
static void S_suggest(const char *what, const char *given, const void *base, size_t n, size_t stride, size_t off)
{
	fprintf(stderr, "fitgen: unknown %s '%s'", what, given);
	const char *best[3] = { NULL, NULL, NULL };
	size_t dist[3] = { (size_t)-1, (size_t)-1, (size_t)-1 };
	for (size_t i = 0; i < n; i++) {
		const char *name = *(char *const *)((const char *)base + i * stride + off);
		size_t d = strstr(name, given) ? 0 : S_distance(given, name);
		for (int k = 0; k < 3; k++)
			if (d < dist[k]) {
				for (int j = 2; j > k; j--) {
					dist[j] = dist[j - 1];
					best[j] = best[j - 1];
				}
				dist[k] = d;
				best[k] = name;
				break;
			}
	}
	if (best[0]) {
		fprintf(stderr, "; did you mean");
		for (int k = 0; k < 3 && best[k]; k++)
			fprintf(stderr, "%s '%s'", k ? "," : "", best[k]);
		fprintf(stderr, "?");
	}
	fprintf(stderr, "\n");
}

/* ---- estimate --------------------------------------------------------------- */

static const char S_estimate_help[] =
	"usage: fitgen estimate MODEL HARDWARE [--quant Q] [--context N] [--gpus N]\n"
	"                       [--kv-cache f16|q8_0|q4_0] [--workload NAME]\n"
	"                       [--tensor-parallel] [--data DIR] [--json]\n\n"
	"Estimates memory, fit, speed, safe context and grade for one model on one\n"
	"hardware entry. Without --quant it uses the best quantization for the pair.\n"
	"  --context N      context length in tokens (default 8192, capped at the model's maximum)\n"
	"  --gpus N         identical devices, 1 to 8 (default 1)\n"
	"  --kv-cache T     KV-cache type (default f16)\n"
	"  --workload NAME  workload for the grade (default: the first, chat)\n"
	"  --tensor-parallel  split tensors across GPUs (vLLM-style) instead of layers\n"
	"  --json           one JSON object instead of a table\n";

int cmd_estimate(int argc, char **argv)
{
	const char *data = "data", *mslug = NULL, *hslug = NULL, *qname = NULL, *wname = NULL, *kvs = "f16";
	int context = 8192, gpus = 1, json = 0, tp = 0;
	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(S_estimate_help, stdout);
			return 0;
		} else if ((v = S_opt(argc, argv, &i, "--data", &missing))) {
			data = v;
		} else if ((v = S_opt(argc, argv, &i, "--quant", &missing))) {
			qname = v;
		} else if ((v = S_opt(argc, argv, &i, "--workload", &missing))) {
			wname = v;
		} else if ((v = S_opt(argc, argv, &i, "--kv-cache", &missing))) {
			kvs = v;
		} else if ((v = S_opt(argc, argv, &i, "--context", &missing))) {
			if (!S_int_arg(v, 1, 100000000, &context)) {
				fprintf(stderr, "fitgen: --context expects a positive number of tokens, got '%s'\n", v);
				return 2;
			}
		} else if ((v = S_opt(argc, argv, &i, "--gpus", &missing))) {
			if (!S_int_arg(v, 1, 8, &gpus)) {
				fprintf(stderr, "fitgen: --gpus expects 1 to 8, got '%s'\n", v);
				return 2;
			}
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--tensor-parallel") == 0) {
			tp = 1;
		} else if (argv[i][0] == '-' || missing) {
			fprintf(stderr, missing ? "fitgen: option '%s' needs a value\n" : "fitgen: unknown option '%s'\n", argv[i]);
			return 2;
		} else if (!mslug) {
			mslug = argv[i];
		} else if (!hslug) {
			hslug = argv[i];
		} else {
			fprintf(stderr, "fitgen: unexpected argument '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!mslug || !hslug) {
		fputs(S_estimate_help, stderr);
		return 2;
	}
	kv_type kv;
	if (strcmp(kvs, "f16") == 0) kv = KV_F16;
	else if (strcmp(kvs, "q8_0") == 0) kv = KV_Q8_0;
	else if (strcmp(kvs, "q4_0") == 0) kv = KV_Q4_0;
	else {
		fprintf(stderr, "fitgen: --kv-cache expects f16, q8_0 or q4_0, got '%s'\n", kvs);
		return 2;
	}
	catalog cat;
	if (S_load(data, &cat) != 0)
		return 1;
	int rc = 1;
	long mi = catalog_find_model(&cat, mslug), hi = catalog_find_hardware(&cat, hslug);
	long wi = wname ? catalog_find_workload(&cat, wname) : 0;
	long qi = qname ? catalog_find_quant(&cat, qname) : 0;
	if (mi < 0)
		S_suggest("model", mslug, cat.models, cat.n_models, sizeof(model), offsetof(model, slug));
	if (hi < 0)
		S_suggest("hardware", hslug, cat.hardware, cat.n_hardware, sizeof(hardware), offsetof(hardware, slug));
	if (wi < 0)
		S_suggest("workload", wname, cat.workloads, cat.n_workloads, sizeof(workload), offsetof(workload, slug));
	if (qi < 0)
		S_suggest("quantization", qname, cat.quants, cat.n_quants, sizeof(quant), offsetof(quant, name));
	if (mi < 0 || hi < 0 || wi < 0 || qi < 0)
		goto out;
	const model *m = &cat.models[mi];
	const hardware *h = &cat.hardware[hi];
	if (gpus > h->max_devices) {
		fprintf(stderr, "fitgen: %s joins at most %d device%s\n", h->name, h->max_devices, h->max_devices == 1 ? "" : "s");
		goto out;
	}
	est_input in;
	memset(&in, 0, sizeof(in));
	in.model = m;
	in.hw = h;
	in.host = h->host >= 0 ? &cat.hosts[h->host] : NULL;
	in.gpus = gpus;
	in.context_tokens = context < m->max_context ? context : m->max_context;
	in.kv = kv;
	in.split = tp ? SPLIT_TENSOR : SPLIT_LAYER;
	in.workload = cat.n_workloads ? &cat.workloads[wi] : NULL;
	in.quant = &cat.quants[m->native_quant];
	size_t best = est_best_quant(&cat, &in);
	in.quant = &cat.quants[qname ? (size_t)qi : best];
	est_result r;
	if (est_run(&in, &r) != 0) {
		fprintf(stderr, "fitgen: the estimator rejected this input\n");
		goto out;
	}
	if (json) {
		arena a;
		arena_init(&a);
		buf b = BUF_INIT;
		ctx_to_json(pages_estimate_json(&a, &cat, &in, &r, best), &b, true);
		puts(b.ptr);
		buf_release(&b);
		arena_release(&a);
	} else {
		char t1[FMT_LEN], t2[FMT_LEN], t3[FMT_LEN];
		printf("%s on %s%s, %s, %s context, KV cache %s\n", m->name, h->name, gpus > 1 ? " (multi-GPU)" : "",
		       in.quant->name, fmt_tokens(t1, in.context_tokens), kv_type_slug(kv));
		if (gpus > 1)
			printf("  GPUs              %d (%s split)\n", gpus, tp ? "tensor" : "layer");
		printf("  fit               %s\n", fit_class_slug(r.fit));
		printf("  weights           %s\n", fmt_gib(t1, r.weights_bytes));
		printf("  KV cache          %s\n", fmt_gib(t1, r.kv_cache_bytes));
		printf("  runtime           %s\n", fmt_gib(t1, r.runtime_bytes));
		printf("  total             %s of %s usable (headroom %s%s)\n", fmt_gib(t1, r.total_bytes),
		       fmt_gib(t2, r.usable_bytes), r.headroom_bytes < 0 ? "-" : "", fmt_gib(t3, r.headroom_bytes < 0 ? -r.headroom_bytes : r.headroom_bytes));
		if (r.fit == FIT_OFFLOAD)
			printf("  offload           %s of the weights, needs %s of host RAM\n", fmt_pct(t1, r.offload_fraction), fmt_gib(t2, r.host_ram_bytes));
		printf("  decode            %s\n", fmt_tok_s(t1, r.decode_tok_s));
		printf("  prefill           %s\n", fmt_tok_s(t1, r.prefill_tok_s));
		printf("  time to 1st token %s\n", fmt_ms(t1, r.ttft_ms));
		printf("  safe context      %s\n", r.safe_context ? fmt_tokens(t1, r.safe_context) : "none");
		printf("  grade (%s)%*s%s (score %.0f)\n", in.workload ? in.workload->slug : "-",
		       (int)(10 - (in.workload ? strlen(in.workload->slug) : 1)), "", r.grade ? r.grade : "-", r.score);
		printf("  best quantization %s\n", cat.quants[best].name);
	}
	rc = 0;
out:
	catalog_release(&cat);
	return rc;
}

/* ---- list ------------------------------------------------------------------- */

static const char S_list_help[] =
	"usage: fitgen list models|hardware|quants|workloads [--data DIR] [--json]\n\n"
	"Lists the catalog's entries, one per line (slug, then a summary), or as a\n"
	"JSON array with --json.\n";

int cmd_list(int argc, char **argv)
{
	const char *data = "data", *what = NULL;
	int json = 0;
	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *v;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(S_list_help, stdout);
			return 0;
		} else if ((v = S_opt(argc, argv, &i, "--data", &missing))) {
			data = v;
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (argv[i][0] == '-' || missing || what) {
			fprintf(stderr, "fitgen: unexpected argument '%s'\n", argv[i]);
			return 2;
		} else {
			what = argv[i];
		}
	}
	int kind = !what ? -1 : strcmp(what, "models") == 0 ? 0 : strcmp(what, "hardware") == 0 ? 1
	         : strcmp(what, "quants") == 0 ? 2 : strcmp(what, "workloads") == 0 ? 3 : -1;
	if (kind < 0) {
		fputs(S_list_help, stderr);
		return 2;
	}
	catalog cat;
	if (S_load(data, &cat) != 0)
		return 1;
	arena a;
	arena_init(&a);
	cval *list = ctx_list(&a);
	if (kind == 0) {
		for (size_t i = 0; i < cat.n_models; i++) {
			const model *m = &cat.models[i];
			cval *o = ctx_push(&a, list, ctx_obj(&a));
			ctx_set_lit(&a, o, "slug", m->slug);
			ctx_set_lit(&a, o, "name", m->name);
			ctx_set_lit(&a, o, "family", m->family);
			ctx_set_num(&a, o, "params_b", m->params_b);
			ctx_set_num(&a, o, "active_params_b", m->active_params_b);
			ctx_set_num(&a, o, "max_context", m->max_context);
			ctx_set_lit(&a, o, "attention", attn_layout_slug(m->attention));
			if (!json) {
				char t[FMT_LEN];
				printf("%-36s %-40s %8s  %s\n", m->slug, m->name, fmt_params(t, m->params_b), attn_layout_slug(m->attention));
			}
		}
	} else if (kind == 1) {
		for (size_t i = 0; i < cat.n_hardware; i++) {
			const hardware *h = &cat.hardware[i];
			cval *o = ctx_push(&a, list, ctx_obj(&a));
			ctx_set_lit(&a, o, "slug", h->slug);
			ctx_set_lit(&a, o, "name", h->name);
			ctx_set_lit(&a, o, "kind", hw_kind_slug(h->kind));
			ctx_set_num(&a, o, "memory_gb", h->memory_gb);
			ctx_set_num(&a, o, "bandwidth_gbs", h->bandwidth_gbs);
			if (!json)
				printf("%-36s %-48s %6g GB %7g GB/s\n", h->slug, h->name, h->memory_gb, h->bandwidth_gbs);
		}
	} else if (kind == 2) {
		for (size_t i = 0; i < cat.n_quants; i++) {
			const quant *q = &cat.quants[i];
			cval *o = ctx_push(&a, list, ctx_obj(&a));
			ctx_set_lit(&a, o, "name", q->name);
			ctx_set_lit(&a, o, "family", quant_family_slug(q->family));
			ctx_set_num(&a, o, "bpw", q->bpw);
			if (q->kld >= 0)
				ctx_set_num(&a, o, "kld", q->kld);
			if (!json)
				printf("%-12s %-6s %6.3f bpw\n", q->name, quant_family_slug(q->family), q->bpw);
		}
	} else {
		for (size_t i = 0; i < cat.n_workloads; i++) {
			const workload *w = &cat.workloads[i];
			cval *o = ctx_push(&a, list, ctx_obj(&a));
			ctx_set_lit(&a, o, "slug", w->slug);
			ctx_set_lit(&a, o, "name", w->name);
			ctx_set_num(&a, o, "prompt_tokens", w->prompt_tokens);
			ctx_set_num(&a, o, "output_tokens", w->output_tokens);
			ctx_set_num(&a, o, "context_tokens", w->context_tokens);
			ctx_set_num(&a, o, "interactive_tok_s", w->interactive_tok_s);
			if (!json)
				printf("%-16s %-18s prompt %6d, output %6d, context %7d, interactive %g tok/s\n", w->slug, w->name,
				       w->prompt_tokens, w->output_tokens, w->context_tokens, w->interactive_tok_s);
		}
	}
	if (json) {
		buf b = BUF_INIT;
		ctx_to_json(list, &b, true);
		puts(b.ptr);
		buf_release(&b);
	}
	arena_release(&a);
	catalog_release(&cat);
	return 0;
}
