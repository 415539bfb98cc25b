/* renderbench.c - fitgen's renderer on the fit-page template, for `make bench`.
 *
 * usage: renderbench ROOT DIR [N]
 * Loads ROOT/data, builds the context of one fit page (a mid-catalog pair)
 * and writes it to DIR/context.json; then compiles DIR/template.mustache
 * (the fit page flattened into its layout by bench.py, so mustache.js, which
 * has no template inheritance, can render the same text) with the partials
 * in DIR/partials/, renders it N times from the in-memory context, and
 * prints "renders bytes seconds".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "ctx.h"
#include "diag.h"
#include "load.h"
#include "pages.h"
#include "tpl.h"
#include "util.h"

static double S_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: renderbench ROOT DIR [N]\n");
		return 2;
	}
	int n = argc > 3 ? atoi(argv[3]) : 2000;
	buf p = BUF_INIT;
	buf_printf(&p, "%s/data", argv[1]);
	catalog cat;
	diag_list d;
	diag_init(&d);
	if (catalog_load(&cat, p.ptr, &d) != 0) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", d.items[i]);
		return 1;
	}
	site_data site;
	site_data_init(&site, &cat);
	site.static_suffix = xstrdup("?v=0");
	site.build_date = xstrdup("2026-01-01");
	const page_kind *fit = &page_kinds[0];
	size_t pair = cat.n_models / 2 * cat.n_hardware + cat.n_hardware / 2;
	arena a;
	arena_init(&a);
	cval *root = fit->fill(&site, &a, pair);

	buf json = BUF_INIT;
	ctx_to_json(root, &json, false);
	buf_reset(&p);
	buf_printf(&p, "%s/context.json", argv[2]);
	FILE *f = fopen(p.ptr, "w");
	if (!f) {
		perror(p.ptr);
		return 1;
	}
	fwrite(json.ptr, 1, json.len, f);
	fclose(f);

	tpl_set *set = tpl_set_new(TPL_ESCAPE_APOS);
	tpl_error err;
	buf_reset(&p);
	buf_printf(&p, "%s/partials", argv[2]);
	size_t len;
	buf tp = BUF_INIT;
	buf_printf(&tp, "%s/template.mustache", argv[2]);
	char *src = read_file(tp.ptr, &len);
	if (!src || tpl_set_load_dir(set, p.ptr, &err) < 0 ||
	    tpl_set_add(set, "bench-fit", src, len, tp.ptr, &err) != 0 || tpl_set_link(set, &err) != 0) {
		fprintf(stderr, "%s\n", src ? err.message : "cannot read template");
		return 1;
	}
	const tpl *t = tpl_set_get(set, "bench-fit");
	buf out = BUF_INIT;
	size_t bytes = 0;
	for (int i = 0; i < 50; i++) {
		buf_reset(&out);
		tpl_render(t, &ctx_provider, NULL, root, &out, &err);
	}
	double t0 = S_now();
	for (int i = 0; i < n; i++) {
		buf_reset(&out);
		if (tpl_render(t, &ctx_provider, NULL, root, &out, &err) != 0) {
			fprintf(stderr, "%s\n", err.message);
			return 1;
		}
		bytes += out.len;
	}
	double sec = S_now() - t0;
	buf_reset(&p);
	buf_printf(&p, "%s/fitgen.html", argv[2]);
	f = fopen(p.ptr, "w");
	if (f) {
		fwrite(out.ptr, 1, out.len, f);
		fclose(f);
	}
	printf("%d %zu %.6f\n", n, bytes, sec);
	free(src);
	buf_release(&out);
	buf_release(&tp);
	buf_release(&json);
	buf_release(&p);
	tpl_set_free(set);
	arena_release(&a);
	site_data_release(&site);
	catalog_release(&cat);
	diag_release(&d);
	return 0;
}
