/* fuzz_load.c - libFuzzer entry point for the loader and its validation
 * (make fuzz-load).
 *
 * The loader reads a folder, so the fuzzer keeps five copies of the fixture
 * catalog (tests/fixtures/catalog, or $FUZZ_LOAD_FIXTURE) in a temporary
 * folder under /tmp, one per kind of file. The first input byte picks the
 * kind and the rest is written as that file, then the whole catalog is
 * loaded, so syntax errors (the explainer in jsonsyntax.c), the field table,
 * duplicate keys, slugs and the cross-references to the fixed files are all
 * reached:
 *
 *   'm'  models/fuzz.json (slug "fuzz" matches its name)   'q'  quants.json
 *   'h'  hardware/fuzz.json (likewise)                      'w'  workloads.json
 *   's'  site.json                                          other: byte % 5
 *
 * Checked besides crashes, leaks and undefined behaviour:
 * - catalog_load returns 0 exactly when it reported nothing, and a failed
 *   load leaves the catalog empty;
 * - every diagnostic names a file in the catalog and says "error: ";
 * - when cJSON rejects the text (and it has no NUL, which the loader reports
 *   first), json_syntax_check rejects it too, so the contributor gets a line,
 *   a column and a reason rather than "cannot parse JSON";
 * - on a successful load, the estimator gives numbers (not NaN) and a grade
 *   for every model × hardware at its native format, on one and on the most
 *   GPUs the hardware allows.
 * The temporary folder is removed at exit. */
#include <cJSON.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "estimate.h"
#include "jsonsyntax.h"
#include "load.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { K_MODEL, K_HARDWARE, K_QUANTS, K_WORKLOADS, K_SITE, K_COUNT };

/* Per kind: the file the input becomes, relative to that kind's catalog. */
static const char *const S_target[K_COUNT] = {
	"models/fuzz.json", "hardware/fuzz.json", "quants.json", "workloads.json", "site.json",
};

static char S_root[64]; /* the temporary folder; catalogs are S_root/0 .. S_root/4 */

static void S_remove_root(void)
{
	buf cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf '%s'", S_root);
	if (system(cmd.ptr) != 0)
		fprintf(stderr, "fuzz_load: could not remove %s\n", S_root);
	buf_release(&cmd);
}

/* Creates the five catalogs; exits when it cannot (nothing to fuzz). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	const char *fixture = getenv("FUZZ_LOAD_FIXTURE");
	if (!fixture)
		fixture = "tests/fixtures/catalog";
	snprintf(S_root, sizeof(S_root), "/tmp/fitgen-fuzz-load-XXXXXX");
	if (!mkdtemp(S_root)) {
		perror("fuzz_load: mkdtemp");
		exit(1);
	}
	atexit(S_remove_root);
	for (int k = 0; k < K_COUNT; k++) {
		buf cmd = BUF_INIT;
		buf_printf(&cmd, "cp -r '%s' '%s/%d'", fixture, S_root, k);
		if (system(cmd.ptr) != 0) {
			fprintf(stderr, "fuzz_load: cannot copy the fixture catalog %s (run from the repository root)\n", fixture);
			exit(1);
		}
		buf_release(&cmd);
	}
	return 0;
}

static int S_kind(uint8_t b)
{
	switch (b) {
	case 'm': return K_MODEL;
	case 'h': return K_HARDWARE;
	case 'q': return K_QUANTS;
	case 'w': return K_WORKLOADS;
	case 's': return K_SITE;
	default: return b % K_COUNT;
	}
}

/* The differential check on the syntax explainer (see the header). The
 * loader reports NUL bytes and \u0000 before parsing; such texts are
 * skipped here (conservatively: any "\u0000" substring). */
static void S_check_syntax(const char *text, size_t len)
{
	if (memchr(text, '\0', len))
		return;
	for (size_t i = 0; i + 6 <= len; i++)
		if (memcmp(text + i, "\\u0000", 6) == 0)
			return;
	char *copy = xstrndup(text, len); /* cJSON reads the terminating NUL, as in the loader */
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
	json_syntax_error e = { 0, 0, "" };
	if (!root && json_syntax_check(copy, len, &e) == 0)
		__builtin_trap(); /* cJSON rejects what the explainer accepts */
	cJSON_Delete(root);
	free(copy);
}

static void S_check_estimates(const catalog *cat)
{
	for (size_t mi = 0; mi < cat->n_models; mi++)
		for (size_t hi = 0; hi < cat->n_hardware; hi++) {
			const model *m = &cat->models[mi];
			const hardware *h = &cat->hardware[hi];
			int most = h->max_devices < 8 ? h->max_devices : 8;
			for (int gpus = 1; gpus <= most; gpus += most > 1 ? most - 1 : 1) {
				est_input in;
				memset(&in, 0, sizeof(in));
				in.model = m;
				in.quant = &cat->quants[m->native_quant];
				in.hw = h;
				in.host = h->host >= 0 ? &cat->hosts[h->host] : NULL;
				in.gpus = gpus;
				in.context_tokens = cat->n_workloads ? cat->workloads[0].context_tokens : 4096;
				if (in.context_tokens > m->max_context)
					in.context_tokens = m->max_context;
				in.workload = cat->n_workloads ? &cat->workloads[0] : NULL;
				est_result r;
				if (est_run(&in, &r) != 0)
					__builtin_trap();
				if (isnan(r.total_bytes) || isnan(r.headroom_bytes) || isnan(r.decode_tok_s) ||
				    isnan(r.prefill_tok_s) || isnan(r.ttft_ms) || isnan(r.score) || !r.grade)
					__builtin_trap();
			}
		}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int kind = S_kind(data[0]);
	const char *text = (const char *)data + 1;
	size_t len = size - 1;

	buf dir = BUF_INIT, path = BUF_INIT;
	buf_printf(&dir, "%s/%d", S_root, kind);
	buf_printf(&path, "%s/%s", dir.ptr, S_target[kind]);
	FILE *f = fopen(path.ptr, "wb");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0)
		abort(); /* the harness, not the loader: stop loudly */

	catalog cat;
	diag_list d;
	diag_init(&d);
	int rc = catalog_load(&cat, dir.ptr, &d);
	if ((rc == 0) != (diag_count(&d) == 0))
		__builtin_trap();
	if (rc != 0 && (cat.n_models || cat.n_hardware || cat.n_quants || cat.n_workloads || cat.n_hosts ||
	                cat.models || cat.site.title))
		__builtin_trap();
	for (size_t i = 0; i < d.n; i++)
		if (strncmp(d.items[i], dir.ptr, dir.len) != 0 || !strstr(d.items[i], "error: "))
			__builtin_trap();
	S_check_syntax(text, len);
	if (rc == 0)
		S_check_estimates(&cat);

	catalog_release(&cat);
	diag_release(&d);
	buf_release(&path);
	buf_release(&dir);
	return 0;
}
