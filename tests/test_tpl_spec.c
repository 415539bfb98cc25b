/* test_tpl_spec.c - the official Mustache spec, read at run time.
 *
 * Reads every *.json in $MUSTACHE_SPEC_DIR (default ../shared/mustache-spec,
 * relative to the current directory: tests run from the repository root)
 * and makes one Check test case per file, with one looped test per spec
 * test, run in spec mode (no TPL_STRICT, no TPL_ESCAPE_APOS). A test whose
 * data holds code ({"__tag__": "code"}: the ~lambdas file) cannot run in C
 * and is counted as skipped, not passed. The last line printed is
 *   spec: P passed, F failed, S skipped
 */
#include <check.h>
#include <cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tpl.h"
#include "util.h"

typedef struct spec_case {
	const char *file;     /* the spec file's name */
	const cJSON *test;    /* one element of its "tests" */
} spec_case;

static spec_case *S_cases;
static size_t S_n_cases;

/* Appends s C-escaped and quoted, so failures show invisible characters. */
static void S_quote(buf *b, const char *s, size_t n)
{
	buf_addc(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		switch (ch) {
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		default:
			if (ch < 0x20)
				buf_printf(b, "\\x%02x", ch);
			else
				buf_addc(b, (char)ch);
		}
	}
	buf_addc(b, '"');
}

START_TEST(spec)
{
	const spec_case *c = &S_cases[_i];
	const char *name = cJSON_GetObjectItemCaseSensitive(c->test, "name")->valuestring;
	const char *src = cJSON_GetObjectItemCaseSensitive(c->test, "template")->valuestring;
	const char *expected = cJSON_GetObjectItemCaseSensitive(c->test, "expected")->valuestring;
	const cJSON *data = cJSON_GetObjectItemCaseSensitive(c->test, "data");
	const cJSON *partials = cJSON_GetObjectItemCaseSensitive(c->test, "partials");

	tpl_set *set = tpl_set_new(0);
	tpl_error err;
	buf fname = BUF_INIT;
	const cJSON *p;
	cJSON_ArrayForEach(p, partials) {
		buf_reset(&fname);
		buf_printf(&fname, "%s#%s#%s", c->file, name, p->string);
		int rc = tpl_set_add(set, p->string, p->valuestring, strlen(p->valuestring), fname.ptr, &err);
		ck_assert_msg(rc == 0, "%s: %s: partial: %s", c->file, name, err.message);
	}
	buf_reset(&fname);
	buf_printf(&fname, "%s#%s", c->file, name);
	/* the name cannot clash with a partial: spec partial names have no '#' */
	int rc = tpl_set_add(set, "#template", src, strlen(src), fname.ptr, &err);
	ck_assert_msg(rc == 0, "%s: %s: %s", c->file, name, err.message);
	rc = tpl_set_link(set, &err);
	ck_assert_msg(rc == 0, "%s: %s: %s", c->file, name, err.message);

	buf out = BUF_INIT;
	tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
	rc = tpl_render(tpl_set_get(set, "#template"), &tpl_json_provider, &cur, data, &out, &err);
	ck_assert_msg(rc == 0, "%s: %s: render: %s", c->file, name, err.message);

	if (out.len != strlen(expected) || memcmp(out.ptr, expected, out.len) != 0) {
		buf msg = BUF_INIT;
		buf_printf(&msg, "%s: %s:\n  template %s", c->file, name, "");
		S_quote(&msg, src, strlen(src));
		buf_adds(&msg, "\n  expected ");
		S_quote(&msg, expected, strlen(expected));
		buf_adds(&msg, "\n  got      ");
		S_quote(&msg, out.ptr, out.len);
		ck_abort_msg("%s", msg.ptr);
	}
	buf_release(&out);
	buf_release(&fname);
	tpl_set_free(set);
}
END_TEST

/* Whether v holds code the spec expects the host language to run. */
static int S_has_code(const cJSON *v)
{
	if (!v)
		return 0;
	const cJSON *tag = cJSON_IsObject(v) ? cJSON_GetObjectItemCaseSensitive(v, "__tag__") : NULL;
	if (cJSON_IsString(tag) && strcmp(tag->valuestring, "code") == 0)
		return 1;
	for (const cJSON *c = v->child; c; c = c->next)
		if (S_has_code(c))
			return 1;
	return 0;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	if (!dir || !*dir)
		dir = "../shared/mustache-spec";
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "test_tpl_spec: cannot open the spec folder %s (set MUSTACHE_SPEC_DIR)\n", dir);
		return EXIT_FAILURE;
	}
	char **files = NULL;
	size_t n_files = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
			files = xrealloc(files, (n_files + 1) * sizeof(*files));
			files[n_files++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (!n_files) {
		fprintf(stderr, "test_tpl_spec: no *.json in %s\n", dir);
		return EXIT_FAILURE;
	}
	qsort(files, n_files, sizeof(*files), S_cmp);

	/* Cases of all files go in one array; each file's TCase loops over its
	 * own index range. The parsed JSON lives until the end of main. */
	cJSON **docs = xcalloc(n_files, sizeof(*docs));
	size_t cap = 0;
	int skipped = 0;
	Suite *s = suite_create("mustache-spec");
	for (size_t f = 0; f < n_files; f++) {
		buf path = BUF_INIT;
		buf_printf(&path, "%s/%s", dir, files[f]);
		size_t len;
		char *text = read_file(path.ptr, &len);
		docs[f] = text ? cJSON_ParseWithLength(text, len) : NULL;
		free(text);
		const cJSON *tests = cJSON_GetObjectItemCaseSensitive(docs[f], "tests");
		if (!cJSON_IsArray(tests)) {
			fprintf(stderr, "test_tpl_spec: %s: cannot read or parse\n", path.ptr);
			return EXIT_FAILURE;
		}
		buf_release(&path);
		size_t first = S_n_cases;
		const cJSON *t;
		cJSON_ArrayForEach(t, tests) {
			if (S_has_code(cJSON_GetObjectItemCaseSensitive(t, "data"))) {
				skipped++;
				continue;
			}
			if (S_n_cases == cap) {
				cap = cap ? cap * 2 : 256;
				S_cases = xrealloc(S_cases, cap * sizeof(*S_cases));
			}
			S_cases[S_n_cases].file = files[f];
			S_cases[S_n_cases].test = t;
			S_n_cases++;
		}
		TCase *tc = tcase_create(files[f]);
		if (S_n_cases > first)
			tcase_add_loop_test(tc, spec, (int)first, (int)S_n_cases);
		suite_add_tcase(s, tc);
	}

	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int run = srunner_ntests_run(sr);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	fflush(stdout);
	printf("spec: %d passed, %d failed, %d skipped\n", run - failed, failed, skipped);

	for (size_t f = 0; f < n_files; f++) {
		cJSON_Delete(docs[f]);
		free(files[f]);
	}
	free(docs);
	free(files);
	free(S_cases);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
