#include "build.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "estimate.h"
#include "load.h"
#include "manifest.h"
#include "md.h"
#include "pages.h"
#include "tpl.h"
#include "util.h"
#include "writer.h"

/* Pages a worker claims at a time: large enough to keep the shared counter
 * cold, small enough to balance the tail. */
#define CHUNK 32
#define MAX_JOBS 256

void build_opts_init(build_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->data_dir = "data";
	o->templates_dir = "templates";
	o->static_dir = "static";
	o->out_dir = "site";
	o->docs_dir = "docs";
	o->shard_n = 1;
}

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- the work list ---------------------------------------------------------- */

typedef struct job {
	const page_kind *kind;
	const tpl *t;
	size_t count;
	size_t first; /* global index of page 0 of this kind */
} job;

typedef struct shared {
	const site_data *site;
	job jobs[32];
	size_t n_jobs;
	size_t total;
	atomic_size_t next;
	atomic_size_t done;
	writer *w;
	atomic_int failed;
	pthread_mutex_t err_lock;
	char error[1024];
	int show_progress;
	double start;
	atomic_long last_progress_ms;
	/* Incremental build: which inputs are as the published site's manifest
	 * records them (all zero when there is no usable manifest). */
	int global_same, all_hw_same;
	const unsigned char *model_same;  /* per model */
	const unsigned char *hw_same;     /* per hardware entry */
	atomic_size_t reused;
} shared;

/* 1 when page i of kind k read only inputs that are unchanged since the
 * published build, so the published file can be reused unrendered. */
static int S_reusable(const shared *sh, const page_kind *k, size_t i)
{
	if (!sh->global_same || k->deps == PAGE_DEPS_ALL)
		return 0;
	size_t mi, hi;
	page_pair_of(sh->site, i, &mi, &hi);
	if (!sh->model_same[mi])
		return 0;
	if (k->deps == PAGE_DEPS_MODEL_ALL_HW)
		return sh->all_hw_same;
	return sh->hw_same[hi];
}

static void S_set_error(shared *sh, const char *msg)
{
	pthread_mutex_lock(&sh->err_lock);
	if (!sh->error[0])
		snprintf(sh->error, sizeof(sh->error), "%s", msg);
	pthread_mutex_unlock(&sh->err_lock);
	atomic_store(&sh->failed, 1);
}

static void S_progress(shared *sh, int final)
{
	if (!sh->show_progress)
		return;
	double el = S_now() - sh->start;
	long ms = (long)(el * 1000);
	long last = atomic_load(&sh->last_progress_ms);
	if (!final && (ms - last < 250 || !atomic_compare_exchange_strong(&sh->last_progress_ms, &last, ms)))
		return;
	size_t done = atomic_load(&sh->done);
	double rate = el > 0 ? (double)done / el : 0;
	double eta = rate > 0 ? (double)(sh->total - done) / rate : 0;
	fprintf(stderr, "\r\033[Kfitgen: %zu/%zu pages, %.0f pages/s, ETA %.0f s", done, sh->total, rate, eta);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

static void *S_worker(void *arg)
{
	shared *sh = arg;
	arena a;
	arena_init(&a);
	buf out = BUF_INIT, path = BUF_INIT;
	tpl_error err;
	for (;;) {
		size_t start = atomic_fetch_add(&sh->next, CHUNK);
		if (start >= sh->total || atomic_load(&sh->failed))
			break;
		size_t end = start + CHUNK < sh->total ? start + CHUNK : sh->total;
		for (size_t g = start; g < end; g++) {
			size_t j = 0;
			while (g >= sh->jobs[j].first + sh->jobs[j].count)
				j++;
			const job *jb = &sh->jobs[j];
			size_t i = g - jb->first;
			if (jb->kind->sharded && sh->site->shard_n > 1 &&
			    (int)(i % (size_t)sh->site->shard_n) != sh->site->shard_k)
				continue;
			if (S_reusable(sh, jb->kind, i)) {
				buf_reset(&path);
				jb->kind->path(sh->site, i, &path);
				int got = writer_reuse(sh->w, path.ptr);
				if (got < 0) {
					S_set_error(sh, sh->w->error);
					break;
				}
				if (got == 0) {
					atomic_fetch_add(&sh->reused, 1);
					continue;
				}
				/* no published file to reuse: render it */
			}
			cval *root = jb->kind->fill(sh->site, &a, i);
			buf_reset(&out);
			if (tpl_render(jb->t, &ctx_provider, NULL, root, &out, &err) != 0) {
				S_set_error(sh, err.message);
				break;
			}
			buf_reset(&path);
			jb->kind->path(sh->site, i, &path);
			if (writer_put(sh->w, path.ptr, out.ptr, out.len) != 0) {
				S_set_error(sh, sh->w->error);
				break;
			}
			arena_reset(&a);
		}
		atomic_fetch_add(&sh->done, end - start);
		S_progress(sh, 0);
	}
	arena_release(&a);
	buf_release(&out);
	buf_release(&path);
	return NULL;
}

/* ---- inputs ------------------------------------------------------------------ */

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists regular files in dir (sorted, caller frees). -1 when dir is absent. */
static long S_files(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, e->d_name);
		struct stat st;
		int reg = stat(p.ptr, &st) == 0 && S_ISREG(st.st_mode);
		buf_release(&p);
		if (!reg)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), S_name_cmp);
	*out = names;
	return (long)n;
}

/* The newest modification time of the files under the given folders, as
 * YYYY-MM-DD (UTC): the sitemap's lastmod, stable while inputs are.
 * SOURCE_DATE_EPOCH overrides it for reproducible builds. */
static char *S_build_date(const build_opts *o)
{
	time_t newest = 0;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		newest = (time_t)strtoll(sde, NULL, 10);
	} else {
		const char *dirs[] = { o->data_dir, NULL, NULL, o->templates_dir };
		buf m = BUF_INIT, h = BUF_INIT;
		buf_printf(&m, "%s/models", o->data_dir);
		buf_printf(&h, "%s/hardware", o->data_dir);
		dirs[1] = m.ptr;
		dirs[2] = h.ptr;
		for (size_t k = 0; k < 4; k++) {
			char **names = NULL;
			long n = S_files(dirs[k], &names);
			for (long i = 0; i < n; i++) {
				buf p = BUF_INIT;
				buf_printf(&p, "%s/%s", dirs[k], names[i]);
				struct stat st;
				if (stat(p.ptr, &st) == 0 && st.st_mtime > newest)
					newest = st.st_mtime;
				buf_release(&p);
				free(names[i]);
			}
			free(names);
		}
		buf_release(&m);
		buf_release(&h);
	}
	struct tm tm;
	gmtime_r(&newest, &tm);
	char date[16];
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	return xstrdup(date);
}

/* Folds every regular file in dir (name and bytes, sorted by name) into h.
 * A missing folder folds in a marker. Returns 0, or -1 when a file cannot
 * be read. */
static int S_fp_dir(uint64_t *h, const char *dir)
{
	char **names = NULL;
	long n = S_files(dir, &names);
	if (n < 0) {
		*h = fp_str(*h, "(absent folder)");
		return 0;
	}
	int rc = 0;
	for (long i = 0; i < n; i++) {
		buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", dir, names[i]);
		*h = fp_str(*h, names[i]);
		if (fp_file(h, p.ptr) != 0)
			rc = -1;
		buf_release(&p);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* This build's input fingerprints (see manifest.h), into fp (owned by fp).
 * Returns 0, or -1 when an input cannot be read, e.g. no /proc/self/exe: the
 * build then renders every page and records no manifest. */
static int S_fingerprint(const build_opts *o, const catalog *cat, const char *build_date, manifest *fp)
{
	memset(fp, 0, sizeof(*fp));
	uint64_t g = fp_str(FP_SEED, "fitatlas-inputs 1");
	int rc = fp_file(&g, "/proc/self/exe"); /* a new fitgen may render differently */
	if (S_fp_dir(&g, o->templates_dir) != 0 || S_fp_dir(&g, o->static_dir) != 0 ||
	    S_fp_dir(&g, o->data_dir) != 0)
		rc = -1;
	char num[96];
	snprintf(num, sizeof(num), "%d/%d %zu %zu", o->shard_k, o->shard_n, cat->n_models, cat->n_hardware);
	fp->global = g = fp_str(g, num);
	/* read only by site-wide pages, which are always rendered */
	buf p = BUF_INIT;
	buf_printf(&p, "%s/estimator.md", o->docs_dir);
	if (fp_file(&g, p.ptr) != 0)
		g = fp_str(g, "(no estimator.md)");
	buf_release(&p);
	fp->whole = fp_str(g, build_date);

	fp->models = xcalloc(cat->n_models + 1, sizeof(fp_entry));
	fp->hardware = xcalloc(cat->n_hardware + 1, sizeof(fp_entry));
	for (size_t i = 0; i < cat->n_models; i++) {
		uint64_t h = FP_SEED;
		if (fp_file(&h, cat->models[i].file) != 0)
			rc = -1;
		fp->models[fp->n_models++] = (fp_entry){ xstrdup(cat->models[i].slug), h };
	}
	uint64_t all = FP_SEED;
	for (size_t i = 0; i < cat->n_hardware; i++) {
		uint64_t h = FP_SEED;
		if (fp_file(&h, cat->hardware[i].file) != 0)
			rc = -1;
		fp->hardware[fp->n_hardware++] = (fp_entry){ xstrdup(cat->hardware[i].slug), h };
		all = fp_str(all, cat->hardware[i].slug);
		all = fp_bytes(all, &h, sizeof(h));
	}
	fp->all_hw = all;
	return rc;
}

/* Reads the manifest of the published folder when it describes that very
 * folder (same device and inode). Returns 0 with *old filled, or -1. */
static int S_published_manifest(const char *out_dir, manifest *old)
{
	char *path = manifest_path(out_dir);
	int rc = manifest_read(old, path);
	free(path);
	if (rc != 0)
		return -1;
	struct stat st;
	if (stat(out_dir, &st) != 0 || (unsigned long long)st.st_dev != old->dev ||
	    (unsigned long long)st.st_ino != old->ino) {
		manifest_release(old);
		return -1;
	}
	return 0;
}

/* Records what the just-published folder was built from. A failure only
 * costs the next build its shortcut, so it is a warning. */
static void S_record_manifest(const char *out_dir, manifest *fp, const build_stats *stats)
{
	struct stat st;
	char *path = manifest_path(out_dir);
	if (stat(out_dir, &st) == 0) {
		fp->dev = (unsigned long long)st.st_dev;
		fp->ino = (unsigned long long)st.st_ino;
		fp->files = stats->pages;
		fp->bytes = stats->bytes;
		if (manifest_write(fp, path) != 0)
			fprintf(stderr, "fitgen: warning: %s: %s (the next build renders every page)\n", path, strerror(errno));
	}
	free(path);
}

static int S_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* ---- the build ------------------------------------------------------------- */

int build_run(const build_opts *o, build_stats *stats)
{
	double t0 = S_now();
	int rc = 1;
	catalog cat;
	diag_list diags;
	diag_init(&diags);
	tpl_set *set = NULL;
	site_data site;
	memset(&site, 0, sizeof(site));
	writer w;
	memset(&w, 0, sizeof(w));
	int writer_open = 0;
	manifest fresh, old; /* this build's input fingerprints; the published site's */
	memset(&fresh, 0, sizeof(fresh));
	memset(&old, 0, sizeof(old));
	int have_fp = 0, have_old = 0;
	unsigned char *model_same = NULL, *hw_same = NULL;
	char **statics = NULL;
	long n_statics = 0;
	memset(stats, 0, sizeof(*stats));

	if (catalog_load(&cat, o->data_dir, &diags) != 0) {
		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", diags.items[i]);
		if (diags.dropped)
			fprintf(stderr, "fitgen: ... and %zu more errors\n", diags.dropped);
		fprintf(stderr, "fitgen: %zu error%s in %s; nothing was written\n", diag_count(&diags),
		        diag_count(&diags) == 1 ? "" : "s", o->data_dir);
		diag_release(&diags);
		return 1;
	}
	for (size_t i = 0; i < cat.n_models; i++)
		if (pages_slug_reserved(cat.models[i].slug))
			diag_add(&diags, "%s: error: $.slug: \"%s\" is reserved for a site folder", cat.models[i].file, cat.models[i].slug);
	if (cat.n_quants == 0 || cat.n_workloads == 0)
		diag_add(&diags, "%s: error: the catalog needs at least one quantization and one workload", o->data_dir);

	tpl_error terr;
	set = tpl_set_new(TPL_STRICT | TPL_ESCAPE_APOS);
	if (tpl_set_load_dir(set, o->templates_dir, &terr) < 0 || tpl_set_link(set, &terr) != 0) {
		diag_add(&diags, "%s", terr.message);
	} else {
		for (size_t i = 0; page_templates[i]; i++)
			if (!tpl_set_get(set, page_templates[i]))
				diag_add(&diags, "%s/%s.mustache: error: template missing (every build needs it)",
				         o->templates_dir, page_templates[i]);
	}
	n_statics = S_files(o->static_dir, &statics);
	if (n_statics < 0)
		diag_add(&diags, "%s: error: cannot read static folder: %s", o->static_dir, strerror(errno));
	if (diag_count(&diags)) {
		diag_sort(&diags);
		for (size_t i = 0; i < diags.n; i++)
			fprintf(stderr, "%s\n", diags.items[i]);
		fprintf(stderr, "fitgen: %zu error%s; nothing was written\n", diag_count(&diags), diag_count(&diags) == 1 ? "" : "s");
		goto out;
	}
	if (o->check_only) {
		if (!o->quiet)
			printf("fitgen: ok: %zu models, %zu hardware entries, %zu quantizations, %zu workloads, templates linked\n",
			       cat.n_models, cat.n_hardware, cat.n_quants, cat.n_workloads);
		rc = 0;
		goto out;
	}

	char *build_date = S_build_date(o);
	have_fp = S_fingerprint(o, &cat, build_date, &fresh) == 0;
	have_old = have_fp && !o->force && S_published_manifest(o->out_dir, &old) == 0;
	/* Which model and hardware files are as the published site was built
	 * from (all 0 without a usable manifest). */
	model_same = xcalloc(cat.n_models + 1, 1);
	hw_same = xcalloc(cat.n_hardware + 1, 1);
	size_t n_same = 0;
	for (size_t i = 0; have_old && i < cat.n_models; i++) {
		int found;
		model_same[i] = manifest_model(&old, fresh.models[i].slug, &found) == fresh.models[i].hash && found;
		n_same += model_same[i];
	}
	for (size_t i = 0; have_old && i < cat.n_hardware; i++) {
		int found;
		hw_same[i] = manifest_hardware(&old, fresh.hardware[i].slug, &found) == fresh.hardware[i].hash && found;
		n_same += hw_same[i];
	}
	if (have_old && old.whole == fresh.whole && old.all_hw == fresh.all_hw && old.n_models == cat.n_models &&
	    old.n_hardware == cat.n_hardware && n_same == cat.n_models + cat.n_hardware) {
		/* Every input is as the published site was built from: there is
		 * nothing to render, write or swap. */
		free(build_date);
		stats->pages = stats->unchanged = stats->reused = old.files;
		stats->bytes = old.bytes;
		stats->inputs_unchanged = true;
		stats->seconds = S_now() - t0;
		if (!o->quiet)
			printf("fitgen: %zu files (0 written, %zu unchanged: inputs unchanged since the last build) in %.2f s -> %s/\n",
			       stats->pages, stats->unchanged, stats->seconds, o->out_dir);
		rc = 0;
		goto out;
	}
	est_memo_platforms(cat.hardware, cat.n_hardware);
	site_data_init(&site, &cat);
	site.shard_k = o->shard_k;
	site.shard_n = o->shard_n > 0 ? o->shard_n : 1;
	site.build_date = build_date;
	{
		buf p = BUF_INIT;
		buf_printf(&p, "%s/estimator.md", o->docs_dir);
		size_t len = 0;
		char *md = read_file(p.ptr, &len);
		if (md)
			site.methodology_html = md_to_html(md, len);
		free(md);
		buf_release(&p);
	}
	/* (this seed, not FP_SEED, keeps the published asset versions) */
	uint64_t h = 1469598103934665603ULL;
	for (long i = 0; i < n_statics; i++) {
		buf p = BUF_INIT;
		buf_printf(&p, "%s/%s", o->static_dir, statics[i]);
		size_t len = 0;
		char *data = read_file(p.ptr, &len);
		if (data) {
			h = fp_str(h, statics[i]);
			h = fp_bytes(h, data, len);
		}
		free(data);
		buf_release(&p);
	}
	{
		char v[32];
		snprintf(v, sizeof(v), "?v=%08llx", (unsigned long long)(h & 0xffffffffULL));
		site.static_suffix = xstrdup(v);
	}

	if (writer_begin(&w, o->out_dir) != 0) {
		fprintf(stderr, "fitgen: error: %s\n", w.error);
		goto out;
	}
	writer_open = 1;
	/* Shard 0 also writes the site-wide pages and static files, so the
	 * union of all shards is the whole site. */
	int whole = site.shard_n == 1 || site.shard_k == 0;
	if (whole) {
		for (long i = 0; i < n_statics; i++) {
			buf src = BUF_INIT, dst = BUF_INIT;
			buf_printf(&src, "%s/%s", o->static_dir, statics[i]);
			buf_printf(&dst, "static/%s", statics[i]);
			int failed = writer_copy(&w, dst.ptr, src.ptr);
			buf_release(&src);
			buf_release(&dst);
			if (failed) {
				fprintf(stderr, "fitgen: error: %s\n", w.error);
				goto out;
			}
		}
	}

	shared *sh = xcalloc(1, sizeof(shared));
	sh->site = &site;
	sh->w = &w;
	pthread_mutex_init(&sh->err_lock, NULL);
	for (size_t k = 0; k < n_page_kinds; k++) {
		const page_kind *pk = &page_kinds[k];
		if (!pk->sharded && !whole)
			continue;
		job *jb = &sh->jobs[sh->n_jobs++];
		jb->kind = pk;
		jb->t = tpl_set_get(set, pk->tpl);
		jb->count = pk->count(&site);
		jb->first = sh->total;
		sh->total += jb->count;
	}
	sh->global_same = have_old && old.global == fresh.global;
	sh->all_hw_same = have_old && old.all_hw == fresh.all_hw;
	sh->model_same = model_same;
	sh->hw_same = hw_same;
	sh->show_progress = !o->quiet && isatty(STDERR_FILENO);
	sh->start = t0;
	int jobs = o->jobs > 0 ? o->jobs : S_cores();
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	pthread_t threads[MAX_JOBS];
	int started = 0;
	for (int t = 1; t < jobs; t++) {
		if (pthread_create(&threads[started], NULL, S_worker, sh) != 0)
			break;
		started++;
	}
	S_worker(sh);
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	S_progress(sh, 1);
	int failed = atomic_load(&sh->failed);
	if (failed)
		fprintf(stderr, "fitgen: error: %s\n", sh->error);
	stats->reused = atomic_load(&sh->reused);
	pthread_mutex_destroy(&sh->err_lock);
	free(sh);
	if (failed)
		goto out;

	/* The manifest goes before the swap and comes back after it, so a
	 * manifest on disk always describes the folder it names. */
	{
		char *mpath = manifest_path(o->out_dir);
		unlink(mpath);
		free(mpath);
	}
	if (writer_commit(&w) != 0) {
		fprintf(stderr, "fitgen: error: %s\n", w.error);
		goto out;
	}
	writer_open = 0;
	stats->written = atomic_load(&w.written);
	stats->unchanged = atomic_load(&w.unchanged);
	stats->pages = stats->written + stats->unchanged;
	stats->bytes = atomic_load(&w.bytes);
	if (have_fp)
		S_record_manifest(o->out_dir, &fresh, stats);
	stats->seconds = S_now() - t0;
	if (!o->quiet) {
		char reused[64] = "";
		if (stats->reused)
			snprintf(reused, sizeof(reused), ", %zu of them not re-rendered", stats->reused);
		printf("fitgen: %zu files (%zu written, %zu unchanged%s, %.1f MB) in %.2f s -> %s/\n",
		       stats->pages, stats->written, stats->unchanged, reused, (double)stats->bytes / 1e6,
		       stats->seconds, o->out_dir);
	}
	rc = 0;
out:
	if (writer_open)
		writer_abort(&w);
	writer_release(&w);
	manifest_release(&fresh);
	manifest_release(&old);
	free(model_same);
	free(hw_same);
	for (long i = 0; i < n_statics; i++)
		free(statics[i]);
	free(statics);
	site_data_release(&site);
	tpl_set_free(set);
	if (cat.models || cat.hardware || cat.quants)
		catalog_release(&cat);
	diag_release(&diags);
	return rc;
}
