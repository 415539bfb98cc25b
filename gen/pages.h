/* pages.h - the table of page kinds, and what fills each page's context.
 *
 * A page kind names its template, how many pages it has, where page i is
 * written, and a function that builds page i's context (a cval tree in the
 * caller's arena). The build walks this table; nothing else knows which
 * pages exist. Fill functions are pure with respect to the site: they read
 * the catalog and the precomputed summaries, and may run on any thread.
 */
#ifndef FIT_PAGES_H
#define FIT_PAGES_H

#include <stddef.h>

#include "buf.h"
#include "ctx.h"
#include "estimate.h"
#include "model.h"

/* The best setup of one model on one hardware entry (one device), computed
 * once per build and read by every page that ranks or compares pairs. */
typedef struct pair_summary {
	size_t quant;          /* best quantization (index into cat->quants) */
	est_result r;          /* at the site's default context, main workload */
	int gpus_needed;       /* smallest 1/2/4/8 that runs natively; 0: none */
} pair_summary;

typedef struct site_data {
	const catalog *cat;
	pair_summary *pairs;   /* n_models × n_hardware, row = model */
	int default_context;   /* tokens used for headline figures */
	const workload *main_workload; /* the one headline grades use (Chat) */
	char *build_date;      /* YYYY-MM-DD, for sitemap lastmod */
	char *methodology_html;/* docs/estimator.md through cmark, or NULL */
	char *static_suffix;   /* "?v=HASH" appended to static asset URLs */
	int shard_k, shard_n;  /* pair pages built: index % shard_n == shard_k */
} site_data;

static inline const pair_summary *site_pair(const site_data *s, size_t m, size_t h)
{
	return &s->pairs[m * s->cat->n_hardware + h];
}

/* Precomputes every pair summary (owned by s; freed by site_data_release). */
void site_data_init(site_data *s, const catalog *cat);
void site_data_release(site_data *s);

/* What a page reads, so an incremental build knows when it may reuse the
 * published file (see manifest.h). Every page also reads the global inputs
 * (templates, static files, top-level data, the catalog's counts), and no
 * page but PAGE_DEPS_ALL ones may read the build date or the methodology
 * text (they are not in the fingerprint pair pages are reused by). A wrong
 * entry here makes incremental output differ from a full build, which the
 * end-to-end tests compare. */
typedef enum page_deps {
	PAGE_DEPS_ALL = 0,     /* anything in the catalog: always rendered */
	PAGE_DEPS_PAIR,        /* its model's file and its hardware entry's file */
	PAGE_DEPS_MODEL_ALL_HW /* its model's file and every hardware file
	                        * (the fit page ranks upgrades across hardware) */
} page_deps;

/* The model and hardware entry of pair page i (for kinds whose deps are
 * PAGE_DEPS_PAIR or PAGE_DEPS_MODEL_ALL_HW: i = model × n_hardware + hw). */
static inline void page_pair_of(const site_data *s, size_t i, size_t *mi, size_t *hi)
{
	*mi = i / s->cat->n_hardware;
	*hi = i % s->cat->n_hardware;
}

typedef struct page_kind {
	const char *name;      /* "fit", "embed", ... (for progress and errors) */
	const char *tpl;       /* template name */
	size_t (*count)(const site_data *s);
	void (*path)(const site_data *s, size_t i, buf *out);
	cval *(*fill)(const site_data *s, arena *a, size_t i);
	int sharded;           /* 1: split across --shard K/N */
	page_deps deps;        /* which inputs page i reads, beyond the global ones */
} page_kind;

extern const page_kind page_kinds[];
extern const size_t n_page_kinds;

/* Names of templates every build needs (checked at start-up). */
extern const char *const page_templates[];

/* The estimate of one pair as the API JSON object (also used by
 * `fitgen estimate --json`). */
cval *pages_estimate_json(arena *a, const catalog *cat, const est_input *in,
                          const est_result *r, size_t best_quant);

/* Slugs a model may not take, because the site uses them as folder names. */
int pages_slug_reserved(const char *slug);

#endif
