/* build.h - load → compile → render every page → publish.
 *
 * The only module that knows the order of a build. Pages are rendered by
 * `jobs` threads, each with its own arena and output buffer; a page's bytes
 * depend only on the catalog and the templates, so the output is identical
 * for any number of jobs and any shard split.
 */
#ifndef FIT_BUILD_H
#define FIT_BUILD_H

#include <stdbool.h>
#include <stddef.h>

typedef struct build_opts {
	const char *data_dir;      /* default "data" */
	const char *templates_dir; /* default "templates" */
	const char *static_dir;    /* default "static" */
	const char *out_dir;       /* default "site" */
	const char *docs_dir;      /* default "docs": estimator.md → methodology */
	int jobs;                  /* worker threads; <= 0: number of cores */
	bool quiet;                /* no progress line, no summary */
	int shard_k, shard_n;      /* build pair pages with index % n == k; n = 1: all */
	bool check_only;           /* load and link, write nothing */
	bool force;                /* ignore the manifest: render every page */
} build_opts;

typedef struct build_stats {
	size_t pages;              /* files produced */
	size_t written;            /* new or changed */
	size_t unchanged;
	size_t reused;             /* of unchanged: reused without rendering */
	bool inputs_unchanged;     /* nothing to do: the published site is current */
	size_t bytes;
	double seconds;
} build_stats;

void build_opts_init(build_opts *o);

/* Runs the build. Returns 0 on success; 1 on bad input or a failed write,
 * with every problem printed to stderr. The published folder is replaced
 * only on success. */
int build_run(const build_opts *o, build_stats *stats);

#endif
