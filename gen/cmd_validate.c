/* cmd_validate.c - `fitgen validate` (see cmd_validate.h).
 *
 * Each calibration row becomes one est_input (the catalog's model and
 * hardware, the row's backend, GPU count, prompt or generation length and
 * context depth) and one measured speed. Errors are |predicted/measured - 1|.
 *
 * Fitting (--fit, and every fold of the leave-one-hardware-out check) works
 * on the logarithms of the constants in est_calib: efficiencies are
 * organised as a tree (all devices → GPUs → NVIDIA GDDR → Ampere, ...), each
 * family's value is its parent's times an offset, and offsets are penalised
 * towards 1, so a family with few rows stays near its parent and a family
 * with none inherits it. The loss is a Huber loss on log errors (robust to
 * the handful of odd rows the calibration README lists). The minimiser is
 * plain coordinate descent with a golden-section line search: slow in
 * theory, a few seconds here, and easy to follow.
 */
#include "cmd_validate.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "diag.h"
#include "estimate.h"
#include "load.h"
#include "util.h"

#define CSV_DEFAULT "../shared/calibration/decode_calibration.csv"
#define MAP_DEFAULT "tests/calibration/map.json"
#define MAX_FIELDS 32
#define HUBER_DELTA 0.10        /* log-error where the loss turns linear (10%) */
#define LAMBDA_NODE 3.0         /* penalty on a family's log offset from its parent */
#define LAMBDA_CLASS 3.0        /* penalty on a quantization class's log factor */
#define LAMBDA_SCALAR 0.5       /* penalty on scalar constants' distance from their prior */
#define LAMBDA_CAP 1000.0
#define LAMBDA_PIN 1000.0       /* offsets the data cannot tell apart from another */
#define PENALTY_SCALE 0.03      /* penalties against one row's Huber loss */       /* efficiencies above their physical cap */
#define MEM_EFF_CAP 1.0
#define PF_EFF_CAP 0.95
#define SUSPECT_WEIGHT 0.1
#define SWEEPS 12
#define GOLDEN_ITERS 18

/* ---- CSV ------------------------------------------------------------------------ */

typedef struct csv_row {
	char *f[MAX_FIELDS];
	int n;
	int line;
} csv_row;

/* Splits text (modified in place) into rows of fields; RFC 4180 quoting. */
static csv_row *S_csv_parse(char *text, size_t *n_out)
{
	size_t cap = 64, n = 0;
	csv_row *rows = xcalloc(cap, sizeof(csv_row));
	char *p = text;
	int line = 1;
	while (*p) {
		if (n == cap) {
			cap *= 2;
			rows = xrealloc(rows, cap * sizeof(csv_row));
		}
		csv_row *r = &rows[n++];
		memset(r, 0, sizeof(*r));
		r->line = line;
		for (;;) {
			char *out = p, *start = p;
			if (*p == '"') {
				p++;
				for (;;) {
					if (*p == '"' && p[1] == '"') {
						*out++ = '"';
						p += 2;
					} else if (*p == '"') {
						p++;
						break;
					} else if (!*p) {
						break;
					} else {
						if (*p == '\n')
							line++;
						*out++ = *p++;
					}
				}
			} else {
				while (*p && *p != ',' && *p != '\n' && *p != '\r')
					out++, p++;
			}
			char end = *p;
			if (r->n < MAX_FIELDS)
				r->f[r->n++] = start;
			if (end == ',') {
				*out = '\0';
				p++;
				continue;
			}
			if (end == '\r')
				p++;
			if (*p == '\n') {
				p++;
				line++;
			}
			*out = '\0';
			break;
		}
	}
	*n_out = n;
	return rows;
}

/* ---- samples ----------------------------------------------------------------------- */

typedef struct sample {
	hardware hw;       /* the catalog entry, gpu_cores set from the row when given */
	est_input in;
	int decode;        /* 1: generation speed, 0: prompt processing */
	double measured;   /* tokens/s */
	int hw_id;         /* index into the distinct hardware slugs */
	int exact;         /* the quantization is a standard llama.cpp file type */
	int suspect;       /* flagged by the calibration README: a tenth of the weight in fits */
	int line;
	est_platform pf;
	double pred;       /* scratch */
} sample;

typedef struct dataset {
	sample *s;
	size_t n;
	const char *hw_slug[256];
	int n_hw;
	/* rows that could not be mapped, by reason */
	char *unmapped[128];
	int unmapped_n[128];
	int n_unmapped;
	/* file sizes: model × quant with a GiB figure from llama-bench */
	struct { const model *m; const quant *q; double gib; int exact; } sizes[128];
	int n_sizes;
} dataset;

static void S_note_unmapped(dataset *d, const char *msg)
{
	for (int i = 0; i < d->n_unmapped; i++)
		if (strcmp(d->unmapped[i], msg) == 0) {
			d->unmapped_n[i]++;
			return;
		}
	if (d->n_unmapped < 128) {
		d->unmapped[d->n_unmapped] = xstrdup(msg);
		d->unmapped_n[d->n_unmapped++] = 1;
	}
}

static void S_unmapped(dataset *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void S_unmapped(dataset *d, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	S_note_unmapped(d, msg);
}

static int S_col(const csv_row *hdr, const char *name)
{
	for (int i = 0; i < hdr->n; i++)
		if (strcmp(hdr->f[i], name) == 0)
			return i;
	return -1;
}

static const char *S_field(const csv_row *r, int col)
{
	return col >= 0 && col < r->n ? r->f[col] : "";
}

static const char *S_map_str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static unsigned S_backend_bit(const char *name)
{
	static const struct { const char *n; unsigned b; } t[] = {
		{ "CUDA", BACKEND_CUDA }, { "ROCm", BACKEND_ROCM }, { "Metal", BACKEND_METAL },
		{ "Vulkan", BACKEND_VULKAN }, { "SYCL", BACKEND_SYCL }, { "CPU", BACKEND_CPU },
	};
	for (size_t i = 0; i < ARRAY_LEN(t); i++)
		if (name && strcmp(name, t[i].n) == 0)
			return t[i].b;
	return 0;
}

/* The software era of a row's source (map.json "sources"): legacy build,
 * and flash attention unless the row's own column or notes say otherwise. */
static void S_era(const cJSON *map, const char *source, const char *fa_col, const char *notes,
                  const char *backend, bool *legacy, bool *no_fa)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(map, "sources");
	int fa = 0;
	*legacy = false;
	for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
		const char *m = S_map_str(r, "match");
		if (m && strstr(source, m)) {
			*legacy = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "legacy"));
			fa = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "flash_attn"));
			break;
		}
	}
	if (*fa_col)
		fa = strcmp(fa_col, "1") == 0 || strcmp(fa_col, "on") == 0;
	else if (strstr(notes, "-fa 1") || strstr(notes, "fa 1") || strstr(backend, "+ FA"))
		fa = 1;
	*no_fa = !fa;
}

static int S_prefix(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

/* 1 when a "suspect" rule of the map matches the row. */
static int S_suspect(const cJSON *map, const char *hw, const char *mname, const char *qname,
                     const char *backend, const char *test, int gpus)
{
	const cJSON *rules = cJSON_GetObjectItemCaseSensitive(map, "suspect");
	for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next) {
		const char *v;
		if ((v = S_map_str(r, "hardware")) && strcmp(v, hw) != 0)
			continue;
		if ((v = S_map_str(r, "model")) && strcmp(v, mname) != 0)
			continue;
		if ((v = S_map_str(r, "quant")) && strcmp(v, qname) != 0)
			continue;
		if ((v = S_map_str(r, "backend_prefix")) && !S_prefix(backend, v))
			continue;
		if ((v = S_map_str(r, "test_prefix")) && !S_prefix(test, v))
			continue;
		const cJSON *g = cJSON_GetObjectItemCaseSensitive(r, "gpus");
		if (cJSON_IsArray(g)) {
			int hit = 0;
			for (const cJSON *e = g->child; e; e = e->next)
				hit |= cJSON_IsNumber(e) && e->valueint == gpus;
			if (!hit)
				continue;
		}
		return 1;
	}
	return 0;
}

static int S_build(dataset *d, const catalog *cat, csv_row *rows, size_t n_rows, const cJSON *map)
{
	const csv_row *hdr = &rows[0];
	int c_hw = S_col(hdr, "hardware"), c_gpus = S_col(hdr, "gpu_count"), c_cores = S_col(hdr, "gpu_cores");
	int c_model = S_col(hdr, "model"), c_quant = S_col(hdr, "quant"), c_size = S_col(hdr, "model_file_size_GiB");
	int c_be = S_col(hdr, "backend"), c_test = S_col(hdr, "test"), c_depth = S_col(hdr, "context_depth");
	int c_tps = S_col(hdr, "tokens_per_s"), c_fa = S_col(hdr, "flash_attn"), c_status = S_col(hdr, "status");
	int c_notes = S_col(hdr, "notes"), c_source = S_col(hdr, "source");
	if (c_hw < 0 || c_model < 0 || c_quant < 0 || c_test < 0 || c_tps < 0) {
		fprintf(stderr, "fitgen validate: the CSV lacks one of the columns hardware, model, quant, test, tokens_per_s\n");
		return -1;
	}
	const cJSON *mmodels = cJSON_GetObjectItemCaseSensitive(map, "models");
	const cJSON *mhw = cJSON_GetObjectItemCaseSensitive(map, "hardware");
	const cJSON *mq = cJSON_GetObjectItemCaseSensitive(map, "quants");
	const cJSON *mbe = cJSON_GetObjectItemCaseSensitive(map, "backends");
	d->s = xcalloc(n_rows, sizeof(sample));
	for (size_t i = 1; i < n_rows; i++) {
		const csv_row *r = &rows[i];
		if (r->n < 5)
			continue;
		const char *status = S_field(r, c_status), *tps = S_field(r, c_tps);
		if ((c_status >= 0 && strcmp(status, "ok") != 0) || !*tps)
			continue;
		const char *mname = S_field(r, c_model), *hname = S_field(r, c_hw), *qname = S_field(r, c_quant);
		int cores = atoi(S_field(r, c_cores));

		const char *mslug = S_map_str(mmodels, mname);
		long mi = mslug ? catalog_find_model(cat, mslug) : -1;
		const char *hslug = NULL;
		for (const cJSON *e = mhw ? mhw->child : NULL; e; e = e->next) {
			const char *csv = S_map_str(e, "csv");
			const cJSON *gc = cJSON_GetObjectItemCaseSensitive(e, "gpu_cores");
			if (csv && strcmp(csv, hname) == 0 && (!cJSON_IsNumber(gc) || gc->valueint == cores)) {
				hslug = S_map_str(e, "slug");
				break;
			}
		}
		long hi = hslug ? catalog_find_hardware(cat, hslug) : -1;
		const char *qn = NULL;
		int exact = 0;
		for (const cJSON *e = mq ? mq->child : NULL; e; e = e->next) {
			const char *csv = S_map_str(e, "csv");
			if (csv && strcmp(csv, qname) == 0) {
				qn = S_map_str(e, "quant");
				exact = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "exact"));
				break;
			}
		}
		long qi = qn ? catalog_find_quant(cat, qn) : -1;
		unsigned be = 0;
		const char *bcol = S_field(r, c_be);
		for (const cJSON *e = mbe ? mbe->child : NULL; e; e = e->next) {
			const char *pre = S_map_str(e, "prefix");
			if (pre && strncmp(bcol, pre, strlen(pre)) == 0) {
				be = S_backend_bit(S_map_str(e, "backend"));
				break;
			}
		}
		if (mi < 0) {
			S_unmapped(d, "model \"%s\" (catalog slug %s) not in the catalog", mname, mslug ? mslug : "unmapped");
			continue;
		}
		if (hi < 0) {
			S_unmapped(d, "hardware \"%s\" (catalog slug %s) not in the catalog", hname, hslug ? hslug : "unmapped");
			continue;
		}
		if (qi < 0) {
			S_unmapped(d, "quantization \"%s\"%s not mapped", qname, "");
			continue;
		}
		if (!be) {
			S_unmapped(d, "backend \"%s\"%s not mapped", bcol, "");
			continue;
		}
		const char *test = S_field(r, c_test);
		int decode, n;
		if (strncmp(test, "tg", 2) == 0) {
			decode = 1, n = atoi(test + 2);
		} else if (strncmp(test, "pp", 2) == 0) {
			decode = 0, n = atoi(test + 2);
		} else if (strstr(test, "batched-bench PP")) {
			decode = 0, n = atoi(strstr(test, "PP") + 2);
		} else if (strstr(test, "batched-bench TG")) {
			decode = 1, n = atoi(strstr(test, "TG") + 2);
		} else {
			S_unmapped(d, "test \"%s\"%s not understood", test, "");
			continue;
		}
		int depth = atoi(S_field(r, c_depth));
		if (decode && strstr(test, "after PP")) { /* batched-bench: generation after a prompt */
			const char *pp = strstr(test, "after PP");
			depth += atoi(pp + 8);
		}
		if (n <= 0) {
			S_unmapped(d, "test \"%s\"%s has no length", test, "");
			continue;
		}

		sample *s = &d->s[d->n++];
		s->hw = cat->hardware[hi];
		if (cores > 0)
			s->hw.gpu_cores = cores;
		s->decode = decode;
		s->measured = atof(tps);
		s->exact = exact;
		s->line = r->line;
		int g = atoi(S_field(r, c_gpus));
		memset(&s->in, 0, sizeof(s->in));
		s->in.model = &cat->models[mi];
		s->in.quant = &cat->quants[qi];
		s->in.gpus = g > 0 ? g : 1;
		s->in.kv = KV_F16;
		s->in.split = SPLIT_LAYER;
		s->in.backend = be;
		s->in.no_offload = true;
		S_era(map, S_field(r, c_source), S_field(r, c_fa), S_field(r, c_notes), bcol,
		      &s->in.legacy_build, &s->in.no_flash_attn);
		const char *ubs = strstr(S_field(r, c_notes), "-ub ");
		s->in.ubatch = ubs ? atoi(ubs + 4) : 0;
		if (decode) {
			s->in.context_tokens = depth + n / 2 > 0 ? depth + n / 2 : 1;
			s->in.prompt_tokens = 512;
		} else {
			s->in.context_tokens = depth + n;
			s->in.prompt_tokens = n;
			s->in.prompt_depth = depth;
		}
		int id = -1;
		for (int k = 0; k < d->n_hw; k++)
			if (strcmp(d->hw_slug[k], hslug) == 0)
				id = k;
		if (id < 0 && d->n_hw < 256) {
			id = d->n_hw;
			d->hw_slug[d->n_hw++] = cat->hardware[hi].slug;
		}
		s->hw_id = id;
		s->suspect = S_suspect(map, hname, mname, qname, bcol, test, s->in.gpus);

		double gib = atof(S_field(r, c_size));
		if (gib > 0) {
			int seen = 0;
			for (int k = 0; k < d->n_sizes; k++)
				seen |= d->sizes[k].m == s->in.model && d->sizes[k].q == s->in.quant && fabs(d->sizes[k].gib - gib) < 1e-6;
			if (!seen && d->n_sizes < 128) {
				d->sizes[d->n_sizes].m = s->in.model;
				d->sizes[d->n_sizes].q = s->in.quant;
				d->sizes[d->n_sizes].gib = gib;
				d->sizes[d->n_sizes].exact = exact && !strstr(qname, "QAT");
				d->n_sizes++;
			}
		}
	}
	for (size_t i = 0; i < d->n; i++) {
		d->s[i].in.hw = &d->s[i].hw;
		d->s[i].pf = est_platform_of(&d->s[i].hw);
	}
	return 0;
}

static double S_predict(const sample *s, const est_calib *c)
{
	est_input in = s->in;
	in.calib = c;
	est_result r;
	if (est_run_speeds(&in, &r) != 0)
		return 0;
	return s->decode ? r.decode_tok_s : r.prefill_tok_s;
}

/* ---- statistics --------------------------------------------------------------------- */

static int S_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Median and 90th percentile (nearest rank) of v[0..n), sorted in place. */
static void S_quantiles(double *v, size_t n, double *med, double *p90)
{
	if (n == 0) {
		*med = *p90 = NAN;
		return;
	}
	qsort(v, n, sizeof(double), S_cmp_double);
	*med = n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
	size_t k = (size_t)ceil(0.9 * (double)n); /* n counts rows: exact in a double */
	*p90 = v[k ? k - 1 : 0];
}

typedef struct stat_line { size_t n_dec, n_pf; double dec_med, dec_p90, pf_med, pf_p90; } stat_line;

/* Errors of the samples selected by (pf, exact), from the pred fields. */
static stat_line S_stats(const dataset *d, int pf, int exact)
{
	stat_line st;
	memset(&st, 0, sizeof(st));
	double *dec = xcalloc(d->n + 1, sizeof(double)), *pf_e = xcalloc(d->n + 1, sizeof(double));
	for (size_t i = 0; i < d->n; i++) {
		const sample *s = &d->s[i];
		if ((pf >= 0 && (int)s->pf != pf) || s->exact != (exact != 0) || (exact == 2 && s->suspect))
			continue;
		double e = fabs(s->pred / s->measured - 1);
		if (s->decode)
			dec[st.n_dec++] = e;
		else
			pf_e[st.n_pf++] = e;
	}
	S_quantiles(dec, st.n_dec, &st.dec_med, &st.dec_p90);
	S_quantiles(pf_e, st.n_pf, &st.pf_med, &st.pf_p90);
	free(dec);
	free(pf_e);
	return st;
}

static void S_pct(char *out, size_t n, double v)
{
	if (isnan(v))
		snprintf(out, n, "—");
	else
		snprintf(out, n, "%.1f%%", 100 * v);
}

static void S_print_line(const char *label, stat_line st)
{
	char a[16], b[16], c[16], e[16];
	S_pct(a, sizeof(a), st.dec_med);
	S_pct(b, sizeof(b), st.dec_p90);
	S_pct(c, sizeof(c), st.pf_med);
	S_pct(e, sizeof(e), st.pf_p90);
	printf("| %-16s | %4zu | %7s | %7s | %4zu | %7s | %7s |\n", label, st.n_dec, a, b, st.n_pf, c, e);
}

static void S_print_table(const char *title, const dataset *d, int exact)
{
	printf("\n%s\n\n", title);
	printf("| family           | decode rows | median | p90 | prefill rows | median | p90 |\n");
	printf("|------------------|-----:|--------:|--------:|-----:|--------:|--------:|\n");
	for (int pf = 0; pf < EST_PF_COUNT; pf++) {
		stat_line st = S_stats(d, pf, exact);
		if (st.n_dec + st.n_pf)
			S_print_line(est_platform_slug((est_platform)pf), st);
	}
	S_print_line("all", S_stats(d, -1, exact));
	if (exact == 1)
		S_print_line("all, unflagged", S_stats(d, -1, 2));
}

/* Median errors per hardware entry (standard types). */
static void S_print_by_hw(const dataset *d)
{
	printf("\n| hardware | family | decode rows | median | prefill rows | median |\n|---|---|--:|--:|--:|--:|\n");
	double *dec = xcalloc(d->n + 1, sizeof(double)), *pf = xcalloc(d->n + 1, sizeof(double));
	for (int h = 0; h < d->n_hw; h++) {
		size_t nd = 0, np = 0;
		est_platform fam = EST_PF_CPU;
		for (size_t i = 0; i < d->n; i++) {
			const sample *s = &d->s[i];
			if (s->hw_id != h || !s->exact)
				continue;
			fam = s->pf;
			double e = fabs(s->pred / s->measured - 1);
			if (s->decode)
				dec[nd++] = e;
			else
				pf[np++] = e;
		}
		double dm, pm, x;
		S_quantiles(dec, nd, &dm, &x);
		S_quantiles(pf, np, &pm, &x);
		char a[16], b[16];
		S_pct(a, sizeof(a), dm);
		S_pct(b, sizeof(b), pm);
		printf("| %s | %s | %zu | %s | %zu | %s |\n", d->hw_slug[h], est_platform_slug(fam), nd, a, np, b);
	}
	free(dec);
	free(pf);
}

/* ---- fitting ------------------------------------------------------------------------- */

/* Efficiency tree: internal nodes, then one leaf per platform family. */
enum { N_ROOT, N_GPU, N_NVIDIA, N_AMD, N_UNIFIED, N_APPLE, N_LEAF0, N_COUNT = N_LEAF0 + EST_PF_COUNT };

/* Memory efficiency follows the memory system: discrete GDDR cards by
 * vendor and generation, unified memory, CPUs (HBM is a separate factor). */
static int S_parent_mem(int node)
{
	static const int internal[N_LEAF0] = { -1, N_ROOT, N_GPU, N_GPU, N_ROOT, N_UNIFIED };
	if (node < N_LEAF0)
		return internal[node];
	switch ((est_platform)(node - N_LEAF0)) {
	case EST_PF_NV_AMPERE: case EST_PF_NV_ADA: case EST_PF_NV_BLACKWELL: case EST_PF_NV_OLDER:
	case EST_PF_NV_HOPPER:
		return N_NVIDIA;
	case EST_PF_AMD_CDNA: case EST_PF_AMD_RDNA:
		return N_AMD;
	case EST_PF_INTEL_ARC:
		return N_GPU;
	case EST_PF_APPLE_BASE: case EST_PF_APPLE_PRO: case EST_PF_APPLE_MAX: case EST_PF_APPLE_ULTRA:
		return N_APPLE;
	case EST_PF_AMD_APU: case EST_PF_NV_UNIFIED:
		return N_UNIFIED;
	default:
		return N_ROOT;
	}
}

/* Compute efficiency follows the kernels, i.e. the vendor: an AMD APU runs
 * the same ROCm/Vulkan kernels as a Radeon card. */
static int S_parent_pf(int node)
{
	if (node < N_LEAF0)
		return node == N_ROOT ? -1 : N_ROOT;
	switch ((est_platform)(node - N_LEAF0)) {
	case EST_PF_NV_AMPERE: case EST_PF_NV_ADA: case EST_PF_NV_BLACKWELL: case EST_PF_NV_OLDER:
	case EST_PF_NV_HOPPER: case EST_PF_NV_UNIFIED:
		return N_NVIDIA;
	case EST_PF_AMD_CDNA: case EST_PF_AMD_RDNA: case EST_PF_AMD_APU:
		return N_AMD;
	case EST_PF_APPLE_BASE: case EST_PF_APPLE_PRO: case EST_PF_APPLE_MAX: case EST_PF_APPLE_ULTRA:
		return N_APPLE;
	default:
		return N_ROOT;
	}
}

static int S_on_path(int node, est_platform pf, int (*parent)(int))
{
	for (int n = N_LEAF0 + (int)pf; n >= 0; n = parent(n))
		if (n == node)
			return 1;
	return 0;
}

typedef enum pkind {
	P_MEM, P_HBM, P_LAYER_ROOT, P_LAYER, P_LEGACY, P_DECQ, P_MOE, P_HOP, P_KV, P_KVNOFA,
	P_DATT_ROOT, P_DATT, P_DATTNOFA,
	P_PF, P_PFW, P_PFB, P_PFQ, P_ATTN, P_ATTNNOFA, P_MOEHALF, P_PIPE, P_CPU,
} pkind;

typedef struct param {
	pkind k;
	int idx;
	double prior;   /* log value the penalty pulls towards */
	double lambda;
	int decode;     /* 1: only decode rows depend on it, 0: only prefill rows */
} param;

typedef struct fitter {
	param p[128];
	double x[128];
	int n;
	dataset *d;
	const char *skip_slug; /* leave-one-out: rows of this hardware are ignored */
} fitter;

static void S_add(fitter *f, pkind k, int idx, double prior, double lambda, int decode)
{
	f->p[f->n] = (param){ k, idx, prior, lambda, decode };
	f->x[f->n] = prior;
	f->n++;
}

/* The starting point and priors: physically plausible round numbers. */
static void S_fitter_init(fitter *f, dataset *d)
{
	memset(f, 0, sizeof(*f));
	f->d = d;
	for (int n = 0; n < N_COUNT; n++) {
		/* Hopper and CDNA only come with HBM: their memory efficiency is the
		 * shared HBM factor, not an offset of their own. */
		int hbm_only = n == N_LEAF0 + EST_PF_NV_HOPPER || n == N_LEAF0 + EST_PF_AMD_CDNA;
		S_add(f, P_MEM, n, n == N_ROOT ? log(0.8) : 0, n == N_ROOT ? 0 : hbm_only ? LAMBDA_PIN : LAMBDA_NODE, 1);
	}
	S_add(f, P_HBM, 0, 0, LAMBDA_NODE * 0.1, 1);
	S_add(f, P_LAYER_ROOT, 0, log(60.0), 0, 1);
	S_add(f, P_LEGACY, 0, log(1.5), LAMBDA_SCALAR * 0.1, 1);
	for (int b = 0; b < EST_B_COUNT; b++)
		S_add(f, P_LAYER, b, 0, LAMBDA_NODE, 1);
	for (int q = 0; q < EST_QC_COUNT; q++)
		if (q != EST_QC_KQUANT)
			S_add(f, P_DECQ, q, 0, LAMBDA_CLASS, 1);
	S_add(f, P_MOE, 0, log(30.0), LAMBDA_SCALAR * 0.1, 1);
	S_add(f, P_HOP, 0, log(200.0), LAMBDA_SCALAR * 0.1, 1);
	S_add(f, P_KV, 0, 0, LAMBDA_SCALAR, 1);
	S_add(f, P_KVNOFA, 0, log(1.5), LAMBDA_SCALAR * 0.1, 1);
	S_add(f, P_DATT_ROOT, 0, log(0.05), LAMBDA_SCALAR * 0.1, 1);
	for (int b = 0; b < EST_B_COUNT; b++)
		S_add(f, P_DATT, b, 0, LAMBDA_NODE, 1);
	S_add(f, P_DATTNOFA, 0, log(0.2), LAMBDA_SCALAR * 0.1, 1);
	for (int n = 0; n < N_COUNT; n++)
		S_add(f, P_PF, n, n == N_ROOT ? log(0.4) : 0, n == N_ROOT ? 0 : LAMBDA_NODE, 0);
	for (int n = 0; n < N_COUNT; n++)
		S_add(f, P_PFW, n, n == N_ROOT ? log(2.5e11) : 0, n == N_ROOT ? 0 : LAMBDA_NODE, 0);
	for (int b = 0; b < EST_B_COUNT; b++)
		if (b != EST_B_CUDA)
			S_add(f, P_PFB, b, 0, LAMBDA_NODE, 0);
	for (int q = 0; q < EST_QC_COUNT; q++)
		if (q != EST_QC_KQUANT)
			S_add(f, P_PFQ, q, 0, LAMBDA_CLASS, 0);
	S_add(f, P_ATTN, 0, log(0.5), LAMBDA_SCALAR * 0.1, 0);
	S_add(f, P_ATTNNOFA, 0, log(0.5), LAMBDA_SCALAR * 0.1, 0);
	S_add(f, P_MOEHALF, 0, log(32.0), LAMBDA_SCALAR * 0.1, 0);
	S_add(f, P_PIPE, 0, log(0.85), LAMBDA_SCALAR, 0);
	S_add(f, P_CPU, 0, log(1.5e10), LAMBDA_SCALAR * 0.1, 0);
}

static double S_get(const fitter *f, pkind k, int idx)
{
	for (int i = 0; i < f->n; i++)
		if (f->p[i].k == k && f->p[i].idx == idx)
			return f->x[i];
	return 0;
}

static void S_to_calib(const fitter *f, est_calib *c)
{
	*c = est_calib_default;
	for (int pf = 0; pf < EST_PF_COUNT; pf++) {
		double m = 0, p = 0, w = 0;
		for (int n = N_LEAF0 + pf; n >= 0; n = S_parent_mem(n))
			m += S_get(f, P_MEM, n);
		for (int n = N_LEAF0 + pf; n >= 0; n = S_parent_pf(n)) {
			p += S_get(f, P_PF, n);
			w += S_get(f, P_PFW, n);
		}
		c->mem_eff[pf] = exp(m);
		c->pf_eff[pf] = exp(p);
		c->pf_flops_per_w[pf] = exp(w);
	}
	c->hbm_mem_mult = exp(S_get(f, P_HBM, 0));
	for (int b = 0; b < EST_B_COUNT; b++)
		c->pf_backend[b] = exp(S_get(f, P_PFB, b));
	for (int b = 0; b < EST_B_COUNT; b++) {
		c->layer_us[b] = exp(S_get(f, P_LAYER_ROOT, 0) + S_get(f, P_LAYER, b));
		c->dec_attn_eff[b] = exp(S_get(f, P_DATT_ROOT, 0) + S_get(f, P_DATT, b));
	}
	c->dec_attn_nofa_mult = exp(S_get(f, P_DATTNOFA, 0));
	for (int q = 0; q < EST_QC_COUNT; q++) {
		c->dec_q[q] = exp(S_get(f, P_DECQ, q));
		c->pf_q[q] = exp(S_get(f, P_PFQ, q));
	}
	c->moe_layer_us = exp(S_get(f, P_MOE, 0));
	c->legacy_layer_mult = exp(S_get(f, P_LEGACY, 0));
	c->hop_us = exp(S_get(f, P_HOP, 0));
	c->kv_read_mult = exp(S_get(f, P_KV, 0));
	c->kv_read_mult_nofa = exp(S_get(f, P_KV, 0) + S_get(f, P_KVNOFA, 0));
	c->attn_eff = exp(S_get(f, P_ATTN, 0));
	c->attn_eff_nofa = exp(S_get(f, P_ATTN, 0) + S_get(f, P_ATTNNOFA, 0));
	c->moe_tokens_half = exp(S_get(f, P_MOEHALF, 0));
	c->pipe_eff = exp(S_get(f, P_PIPE, 0));
	c->cpu_flops_per_gbs = exp(S_get(f, P_CPU, 0));
}

/* Does the prediction of sample s depend on parameter p? */
static int S_affects(const param *p, const sample *s)
{
	if (p->decode != s->decode)
		return 0;
	est_backend be = est_backend_of(s->in.hw, s->in.backend);
	est_qclass qc = est_qclass_of(s->in.quant);
	if (qc == EST_QC_BF16 && (be == EST_B_CUDA || be == EST_B_METAL))
		qc = EST_QC_FLOAT;
	int moe = s->in.model->experts_total > 1 && s->in.model->active_params_b < s->in.model->params_b;
	switch (p->k) {
	case P_MEM: return S_on_path(p->idx, be == EST_B_CPU ? EST_PF_CPU : s->pf, S_parent_mem);
	case P_PF: return S_on_path(p->idx, be == EST_B_CPU ? EST_PF_CPU : s->pf, S_parent_pf);
	case P_PFW: return s->hw.tdp_w > 0 && S_on_path(p->idx, be == EST_B_CPU ? EST_PF_CPU : s->pf, S_parent_pf);
	case P_PFB: return (int)be == p->idx;
	case P_HBM: return strstr(s->hw.memory_type ? s->hw.memory_type : "", "HBM") != NULL;
	case P_LAYER: case P_DATT: return (int)be == p->idx;
	case P_DECQ: case P_PFQ: return (int)qc == p->idx;
	case P_MOE: case P_MOEHALF: return moe;
	case P_LEGACY: return s->in.legacy_build;
	case P_HOP: case P_PIPE: return s->in.gpus > 1;
	case P_KVNOFA: case P_ATTNNOFA: case P_DATTNOFA: return s->in.no_flash_attn;
	case P_ATTN: return 1;
	case P_CPU: return s->pf == EST_PF_CPU || be == EST_B_CPU;
	default: return 1;
	}
}

static double S_huber(double r)
{
	double a = fabs(r);
	return a <= HUBER_DELTA ? 0.5 * r * r : HUBER_DELTA * (a - 0.5 * HUBER_DELTA);
}

/* Loss over the samples that depend on parameter `only` (all when < 0). */
static double S_loss(fitter *f, int only)
{
	est_calib c;
	S_to_calib(f, &c);
	double loss = 0;
	for (size_t i = 0; i < f->d->n; i++) {
		const sample *s = &f->d->s[i];
		if (!s->exact || (f->skip_slug && strcmp(f->d->hw_slug[s->hw_id], f->skip_slug) == 0))
			continue;
		if (only >= 0 && !S_affects(&f->p[only], s))
			continue;
		double pr = S_predict(s, &c);
		double r = pr > 0 ? log(pr / s->measured) : 5;
		loss += S_huber(r) * (s->suspect ? SUSPECT_WEIGHT : 1.0);
	}
	for (int i = 0; i < f->n; i++)
		if (only < 0 || i == only) {
			double dx = f->x[i] - f->p[i].prior;
			loss += f->p[i].lambda * dx * dx * PENALTY_SCALE;
		}
	/* physical caps */
	for (int pf = 0; pf < EST_PF_COUNT; pf++) {
		if (c.mem_eff[pf] > MEM_EFF_CAP)
			loss += LAMBDA_CAP * pow(log(c.mem_eff[pf] / MEM_EFF_CAP), 2);
		if (c.pf_eff[pf] > PF_EFF_CAP)
			loss += LAMBDA_CAP * pow(log(c.pf_eff[pf] / PF_EFF_CAP), 2);
	}
	return loss;
}

static void S_fit(fitter *f)
{
	const double g = (sqrt(5.0) - 1) / 2;
	for (int sweep = 0; sweep < SWEEPS; sweep++) {
		double w = sweep < 3 ? 1.0 : sweep < 6 ? 0.4 : sweep < 9 ? 0.15 : 0.05;
		for (int i = 0; i < f->n; i++) {
			double x0 = f->x[i];
			double a = x0 - w, b = x0 + w;
			double c1 = b - g * (b - a), c2 = a + g * (b - a);
			f->x[i] = c1;
			double f1 = S_loss(f, i);
			f->x[i] = c2;
			double f2 = S_loss(f, i);
			for (int it = 0; it < GOLDEN_ITERS; it++) {
				if (f1 < f2) {
					b = c2, c2 = c1, f2 = f1;
					c1 = b - g * (b - a);
					f->x[i] = c1;
					f1 = S_loss(f, i);
				} else {
					a = c1, c1 = c2, f1 = f2;
					c2 = a + g * (b - a);
					f->x[i] = c2;
					f2 = S_loss(f, i);
				}
			}
			double xn = f1 < f2 ? c1 : c2;
			f->x[i] = x0;
			double base = S_loss(f, i);
			f->x[i] = xn;
			if (S_loss(f, i) > base)
				f->x[i] = x0;
		}
	}
}

/* ---- the constant-efficiency baseline ------------------------------------------------- */

/* What most calculators do: decode = η × bandwidth / file size, prefill =
 * ε × FP16 FLOPS / (2 × active parameters), one η and one ε for everything. */
static double S_baseline_raw(const sample *s)
{
	const hardware *h = s->in.hw;
	if (s->decode) {
		double w = est_weight_bytes(s->in.model, s->in.quant);
		if (s->in.model->experts_total > 1)
			w *= s->in.model->active_params_b / s->in.model->params_b;
		return h->bandwidth_gbs * 1e9 / w;
	}
	double fl = h->fp16_tflops > 0 ? h->fp16_tflops * 1e12 : h->bandwidth_gbs * 0.15e12;
	return fl / (2 * s->in.model->active_params_b * 1e9);
}

static void S_baseline(dataset *d, const char *skip_slug, int only_hw)
{
	double *rd = xcalloc(d->n + 1, sizeof(double)), *rp = xcalloc(d->n + 1, sizeof(double));
	size_t nd = 0, np = 0;
	for (size_t i = 0; i < d->n; i++) {
		const sample *s = &d->s[i];
		if (!s->exact || (skip_slug && strcmp(d->hw_slug[s->hw_id], skip_slug) == 0))
			continue;
		double ratio = s->measured / S_baseline_raw(s);
		if (s->decode)
			rd[nd++] = ratio;
		else
			rp[np++] = ratio;
	}
	double ed, ep, x;
	S_quantiles(rd, nd, &ed, &x);
	S_quantiles(rp, np, &ep, &x);
	for (size_t i = 0; i < d->n; i++) {
		sample *s = &d->s[i];
		if (only_hw >= 0 && s->hw_id != only_hw)
			continue;
		s->pred = S_baseline_raw(s) * (s->decode ? ed : ep);
	}
	free(rd);
	free(rp);
}

/* ---- output ---------------------------------------------------------------------------- */

static const char *const S_pf_enum[EST_PF_COUNT] = {
	"EST_PF_NV_AMPERE", "EST_PF_NV_ADA", "EST_PF_NV_BLACKWELL", "EST_PF_NV_OLDER", "EST_PF_NV_HOPPER",
	"EST_PF_AMD_CDNA", "EST_PF_AMD_RDNA", "EST_PF_INTEL_ARC", "EST_PF_APPLE_BASE", "EST_PF_APPLE_PRO",
	"EST_PF_APPLE_MAX", "EST_PF_APPLE_ULTRA", "EST_PF_AMD_APU", "EST_PF_NV_UNIFIED", "EST_PF_CPU",
};
static const char *const S_b_enum[EST_B_COUNT] = {
	"EST_B_CUDA", "EST_B_ROCM", "EST_B_METAL", "EST_B_VULKAN", "EST_B_SYCL", "EST_B_CPU",
};
static const char *const S_qc_enum[EST_QC_COUNT] = {
	"EST_QC_FLOAT", "EST_QC_Q8", "EST_QC_LEGACY", "EST_QC_KQUANT", "EST_QC_IQUANT", "EST_QC_MXFP4",
	"EST_QC_INT4", "EST_QC_FP8", "EST_QC_NVFP4", "EST_QC_MLX", "EST_QC_BF16",
};

/* A number with prec digits: after the point (general = 0) or significant. */
static void S_num(double v, int prec, int general)
{
	if (general)
		printf("%.*g", prec, v);
	else
		printf("%.*f", prec, v);
}

static void S_print_pf(const char *name, const double *v, int prec, int general)
{
	printf("\t.%s = {\n", name);
	for (int pf = 0; pf < EST_PF_COUNT; pf++) {
		printf("\t\t[%s] = ", S_pf_enum[pf]);
		S_num(v[pf], prec, general);
		printf(",\n");
	}
	printf("\t},\n");
}

static void S_print_b(const char *name, const double *v, int prec)
{
	printf("\t.%s = {", name);
	for (int b = 0; b < EST_B_COUNT; b++) {
		printf("%s[%s] = ", b % 3 ? " " : "\n\t\t", S_b_enum[b]);
		S_num(v[b], prec, 0);
		printf(",");
	}
	printf("\n\t},\n");
}

static void S_print_q(const char *name, const double *v)
{
	printf("\t.%s = {", name);
	for (int q = 0; q < EST_QC_COUNT; q++)
		printf("%s[%s] = %.3f,", q % 3 ? " " : "\n\t\t", S_qc_enum[q], v[q]);
	printf("\n\t},\n");
}

/* Prints c as the C initializer of est_calib_default. */
static void S_print_calib(const est_calib *c)
{
	printf("\nconst est_calib est_calib_default = {\n");
	S_print_pf("mem_eff", c->mem_eff, 3, 0);
	printf("\t.hbm_mem_mult = %.3f,\n", c->hbm_mem_mult);
	S_print_pf("pf_eff", c->pf_eff, 3, 0);
	S_print_pf("pf_flops_per_w", c->pf_flops_per_w, 3, 1);
	S_print_b("pf_backend", c->pf_backend, 3);
	S_print_b("layer_us", c->layer_us, 1);
	printf("\t.legacy_layer_mult = %.3f,\n", c->legacy_layer_mult);
	S_print_q("dec_q", c->dec_q);
	S_print_q("pf_q", c->pf_q);
	S_print_b("dec_attn_eff", c->dec_attn_eff, 4);
	printf("\t.dec_attn_nofa_mult = %.3f,\n\t.moe_layer_us = %.1f,\n\t.hop_us = %.1f,\n"
	       "\t.kv_read_mult = %.3f,\n\t.kv_read_mult_nofa = %.3f,\n\t.attn_eff = %.3f,\n"
	       "\t.attn_eff_nofa = %.3f,\n\t.moe_tokens_half = %.1f,\n\t.pipe_eff = %.3f,\n"
	       "\t.cpu_flops_per_gbs = %.3g,\n};\n",
	       c->dec_attn_nofa_mult, c->moe_layer_us, c->hop_us, c->kv_read_mult, c->kv_read_mult_nofa,
	       c->attn_eff, c->attn_eff_nofa, c->moe_tokens_half, c->pipe_eff, c->cpu_flops_per_gbs);
}

static void S_print_sizes(const dataset *d)
{
	printf("\nGGUF file sizes (llama-bench GiB in the CSV) against est_weight_bytes\n\n");
	printf("| model | quantization | file GiB | estimate GiB | error |\n|---|---|--:|--:|--:|\n");
	for (int i = 0; i < d->n_sizes; i++) {
		double est = est_weight_bytes(d->sizes[i].m, d->sizes[i].q) / 1073741824.0;
		printf("| %s | %s%s | %.2f | %.2f | %+.1f%% |\n", d->sizes[i].m->slug, d->sizes[i].q->name,
		       d->sizes[i].exact ? "" : " (nearest standard type)", d->sizes[i].gib, est,
		       100 * (est / d->sizes[i].gib - 1));
	}
}

/* One line per row: its inputs, the measurement, the prediction of the
 * reported constants and, when loo is given, the leave-one-out prediction;
 * only rows of hardware slug `only` when given. */
static void S_print_rows(const dataset *d, const double *pred, const double *loo, const char *only)
{
	printf("\n| line | hardware | family | backend | model | quant | gpus | test | tokens | depth | fa | legacy | flag "
	       "| measured | predicted | error | LOO predicted | LOO error |\n|--:|---|---|---|---|---|--:|---|--:|--:|---|---|---|--:|--:|--:|--:|--:|\n");
	for (size_t i = 0; i < d->n; i++) {
		const sample *s = &d->s[i];
		if (only && strcmp(d->hw_slug[s->hw_id], only) != 0)
			continue;
		int n = s->decode ? 0 : s->in.prompt_tokens;
		int depth = s->decode ? s->in.context_tokens : s->in.prompt_depth;
		printf("| %d | %s | %s | %s | %s | %s%s | %d | %s | %d | %d | %s | %s | %s | %.2f | %.2f | %+.1f%% |", s->line,
		       d->hw_slug[s->hw_id], est_platform_slug(s->pf), est_backend_slug(est_backend_of(s->in.hw, s->in.backend)),
		       s->in.model->slug, s->in.quant->name, s->exact ? "" : " (UD)", s->in.gpus, s->decode ? "tg" : "pp", n,
		       depth, s->in.no_flash_attn ? "off" : "on", s->in.legacy_build ? "yes" : "no",
		       s->suspect ? "suspect" : "", s->measured, pred[i], 100 * (pred[i] / s->measured - 1));
		if (loo)
			printf(" %.2f | %+.1f%% |\n", loo[i], 100 * (loo[i] / s->measured - 1));
		else
			printf(" | |\n");
	}
}

static const char S_help[] =
	"usage: fitgen validate [--data DIR] [--csv FILE] [--map FILE] [--fit] [--no-loo]\n"
	"                      [--rows] [--rows-hw SLUG]\n\n"
	"Runs the estimator on every row of the calibration CSV whose model and\n"
	"hardware are in the catalog and prints median and 90th-percentile absolute\n"
	"errors of decode and prefill speed per platform family and overall, the\n"
	"same for a leave-one-hardware-out refit, the constant-efficiency baseline,\n"
	"GGUF file-size errors, and the rows it could not map.\n\n"
	"  --data DIR   catalog folder (default: data)\n"
	"  --csv FILE   calibration rows (default: " CSV_DEFAULT ")\n"
	"  --map FILE   CSV names to catalog slugs (default: " MAP_DEFAULT ")\n"
	"  --fit        refit the constants on all rows and print est_calib_default\n"
	"  --exclude HW with --fit, leave hardware slug HW out of the fit\n"
	"  --no-loo     skip the leave-one-hardware-out check (it refits once per entry)\n"
	"  --rows       print every row's inputs, measurement, prediction and (unless\n"
	"               --no-loo) leave-one-hardware-out prediction\n"
	"  --rows-hw SLUG  the same, only for hardware slug SLUG\n";

int cmd_validate(int argc, char **argv)
{
	const char *data = "data", *csv_path = CSV_DEFAULT, *map_path = MAP_DEFAULT, *exclude = NULL;
	int do_fit = 0, loo = 1, show_rows = 0;
	const char *rows_hw = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(S_help, stdout);
			return 0;
		} else if ((strcmp(a, "--data") == 0 || strcmp(a, "--csv") == 0 || strcmp(a, "--map") == 0) && i + 1 < argc) {
			const char **dst = a[2] == 'd' ? &data : a[2] == 'c' ? &csv_path : &map_path;
			*dst = argv[++i];
		} else if (strcmp(a, "--exclude") == 0 && i + 1 < argc) {
			exclude = argv[++i];
		} else if (strcmp(a, "--fit") == 0) {
			do_fit = 1;
		} else if (strcmp(a, "--no-loo") == 0) {
			loo = 0;
		} else if (strcmp(a, "--rows") == 0) {
			show_rows = 1;
		} else if (strcmp(a, "--rows-hw") == 0 && i + 1 < argc) {
			show_rows = 1;
			rows_hw = argv[++i];
		} else {
			fprintf(stderr, "fitgen validate: unknown option '%s'\n\n%s", a, S_help);
			return 2;
		}
	}

	int rc = 1;
	catalog cat;
	memset(&cat, 0, sizeof(cat));
	diag_list dg;
	diag_init(&dg);
	char *csv_text = NULL, *map_text = NULL;
	cJSON *map = NULL;
	csv_row *rows = NULL;
	dataset d;
	memset(&d, 0, sizeof(d));

	if (catalog_load(&cat, data, &dg) != 0) {
		for (size_t i = 0; i < dg.n; i++)
			fprintf(stderr, "%s\n", dg.items[i]);
		goto out;
	}
	if (!(csv_text = read_file(csv_path, NULL))) {
		fprintf(stderr, "fitgen validate: cannot read '%s': %s\n", csv_path, strerror(errno));
		goto out;
	}
	if (!(map_text = read_file(map_path, NULL))) {
		fprintf(stderr, "fitgen validate: cannot read '%s': %s\n", map_path, strerror(errno));
		goto out;
	}
	if (!(map = cJSON_Parse(map_text)) || !cJSON_IsObject(map)) {
		fprintf(stderr, "fitgen validate: '%s' is not a JSON object\n", map_path);
		goto out;
	}
	size_t n_rows;
	rows = S_csv_parse(csv_text, &n_rows);
	if (n_rows < 2 || S_build(&d, &cat, rows, n_rows, map) != 0)
		goto out;

	printf("fitgen validate: %zu measurements mapped from %s (%zu rows), %d hardware entries\n",
	       d.n, csv_path, n_rows - 1, d.n_hw);

	est_calib fitted = est_calib_default;
	if (do_fit) {
		fitter f;
		S_fitter_init(&f, &d);
		f.skip_slug = exclude;
		S_fit(&f);
		S_to_calib(&f, &fitted);
		S_print_calib(&fitted);
	}
	/* with --fit, the report below is for the refitted constants */
	for (size_t i = 0; i < d.n; i++)
		d.s[i].pred = S_predict(&d.s[i], &fitted);
	S_print_table(do_fit ? "Errors of the refitted constants (in-sample), standard llama.cpp types:"
	                     : "Errors of the built-in constants (est_calib_default), standard llama.cpp types:", &d, 1);
	S_print_table("Same, rows run on Unsloth dynamic (UD) files, estimated as the nearest standard type:", &d, 0);

	double *insample = xcalloc(d.n + 1, sizeof(double));
	for (size_t i = 0; i < d.n; i++)
		insample[i] = d.s[i].pred;
	S_baseline(&d, NULL, -1);
	S_print_table("Constant-efficiency baseline (one bandwidth and one FLOPS efficiency, fitted to all rows):", &d, 1);

	if (loo) {
		/* every fold fits from the priors, without the held-out entry's rows */
		double *held = xcalloc(d.n + 1, sizeof(double));
		for (int h = 0; h < d.n_hw; h++) {
			fitter f;
			S_fitter_init(&f, &d);
			f.skip_slug = d.hw_slug[h];
			S_fit(&f);
			est_calib c;
			S_to_calib(&f, &c);
			for (size_t i = 0; i < d.n; i++)
				if (d.s[i].hw_id == h)
					held[i] = S_predict(&d.s[i], &c);
			fprintf(stderr, "  leave-one-out: %d/%d %s\n", h + 1, d.n_hw, d.hw_slug[h]);
		}
		for (size_t i = 0; i < d.n; i++)
			d.s[i].pred = held[i];
		S_print_table("Leave-one-hardware-out (each entry predicted by constants fitted without its rows):", &d, 1);
		S_print_by_hw(&d);
		for (int h = 0; h < d.n_hw; h++)
			S_baseline(&d, d.hw_slug[h], h);
		S_print_table("Constant-efficiency baseline, leave-one-hardware-out:", &d, 1);
		if (show_rows)
			S_print_rows(&d, insample, held, rows_hw);
		free(held);
	} else if (show_rows) {
		S_print_rows(&d, insample, NULL, rows_hw);
	}
	free(insample);

	S_print_sizes(&d);
	if (d.n_unmapped) {
		printf("\nRows not used:\n\n");
		for (int i = 0; i < d.n_unmapped; i++)
			printf("- %d × %s\n", d.unmapped_n[i], d.unmapped[i]);
	}
	rc = 0;
out:
	for (int i = 0; i < d.n_unmapped; i++)
		free(d.unmapped[i]);
	free(d.s);
	free(rows);
	cJSON_Delete(map);
	free(map_text);
	free(csv_text);
	catalog_release(&cat);
	diag_release(&dg);
	return rc;
}
