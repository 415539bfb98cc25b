/* test_manifest.c - the incremental build's record of its inputs: the
 * fingerprint hash, where the manifest lives, a write/read round trip, and
 * that anything malformed is refused (so a damaged manifest means "render
 * everything", never a wrong reuse). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "manifest.h"
#include "util.h"

START_TEST(fnv_known_values)
{
	/* FNV-1a 64 reference values: "" is the offset basis, "a" and
	 * "foobar" from the algorithm's published test vectors. */
	ck_assert_uint_eq(fp_bytes(FP_SEED, "", 0), 0xcbf29ce484222325ULL);
	ck_assert_uint_eq(fp_bytes(FP_SEED, "a", 1), 0xaf63dc4c8601ec8cULL);
	ck_assert_uint_eq(fp_bytes(FP_SEED, "foobar", 6), 0x85944171f73967e8ULL);
	/* the NUL separates strings: ("ab","c") differs from ("a","bc") */
	ck_assert_uint_ne(fp_str(fp_str(FP_SEED, "ab"), "c"), fp_str(fp_str(FP_SEED, "a"), "bc"));
}
END_TEST

START_TEST(paths)
{
	char *p = manifest_path("site");
	ck_assert_str_eq(p, ".site.manifest");
	free(p);
	p = manifest_path("/srv/www/site/");
	ck_assert_str_eq(p, "/srv/www/.site.manifest");
	free(p);
	p = manifest_path("out/a");
	ck_assert_str_eq(p, "out/.a.manifest");
	free(p);
}
END_TEST

static char *S_tmp(void)
{
	char tmpl[] = "/tmp/fitgen-manifest-XXXXXX";
	int fd = mkstemp(tmpl);
	ck_assert_int_ge(fd, 0);
	close(fd);
	return xstrdup(tmpl);
}

START_TEST(round_trip)
{
	fp_entry models[] = { { "zeta-7b", 0x1234 }, { "alpha-1b", 0xffffffffffffffffULL } };
	fp_entry hw[] = { { "rtx-4090", 42 } };
	manifest m = { .dev = 2049, .ino = 987654321, .files = 69540, .bytes = 609000000,
	               .global = 0xdeadbeefULL, .whole = 7, .all_hw = 0x8000000000000000ULL,
	               .models = models, .n_models = 2, .hardware = hw, .n_hardware = 1 };
	char *path = S_tmp();
	ck_assert_int_eq(manifest_write(&m, path), 0);
	manifest r;
	ck_assert_int_eq(manifest_read(&r, path), 0);
	ck_assert_uint_eq(r.dev, 2049);
	ck_assert_uint_eq(r.ino, 987654321);
	ck_assert_uint_eq(r.files, 69540);
	ck_assert_uint_eq(r.bytes, 609000000);
	ck_assert_uint_eq(r.global, 0xdeadbeefULL);
	ck_assert_uint_eq(r.whole, 7);
	ck_assert_uint_eq(r.all_hw, 0x8000000000000000ULL);
	int found;
	ck_assert_uint_eq(manifest_model(&r, "alpha-1b", &found), 0xffffffffffffffffULL);
	ck_assert_int_eq(found, 1);
	ck_assert_uint_eq(manifest_model(&r, "zeta-7b", &found), 0x1234);
	ck_assert_int_eq(found, 1);
	manifest_model(&r, "beta-3b", &found);
	ck_assert_int_eq(found, 0);
	ck_assert_uint_eq(manifest_hardware(&r, "rtx-4090", &found), 42);
	ck_assert_int_eq(found, 1);
	manifest_hardware(&r, "rtx-4080", &found);
	ck_assert_int_eq(found, 0);
	manifest_release(&r);
	unlink(path);
	free(path);
}
END_TEST

static const char *const S_bad[] = {
	"",                                                       /* empty */
	"fitatlas-manifest 1\nsite 1 2 3 4\nglobal 1\nwhole 2\nall_hw 3\n", /* old version */
	"fitatlas-manifest 2\nglobal 1\nwhole 2\nall_hw 3\n",     /* no site line */
	"fitatlas-manifest 2\nsite 1 2 3 4\nwhole 2\nall_hw 3\n", /* no global */
	"fitatlas-manifest 2\nsite 1 2 3 4\nglobal 1\nwhole 2\n", /* no all_hw */
	"fitatlas-manifest 2\nsite 1 2 3 4\nglobal 1\nwhole 2\nall_hw 3\nq x 1\n", /* unknown record */
	"fitatlas-manifest 2\nsite 1 2 3 4\nglobal 1\nwhole 2\nall_hw 3\nm llama", /* truncated */
};

START_TEST(malformed_is_refused)
{
	char *path = S_tmp();
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(S_bad[_i], f);
	fclose(f);
	manifest r;
	ck_assert_int_eq(manifest_read(&r, path), -1);
	ck_assert_uint_eq(r.n_models, 0);
	ck_assert_ptr_null(r.models);
	manifest_release(&r);
	unlink(path);
	free(path);
	ck_assert_int_eq(manifest_read(&r, "/nonexistent/.site.manifest"), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("manifest");
	TCase *tc = tcase_create("manifest");
	tcase_add_test(tc, fnv_known_values);
	tcase_add_test(tc, paths);
	tcase_add_test(tc, round_trip);
	tcase_add_loop_test(tc, malformed_is_refused, 0, (int)(sizeof(S_bad) / sizeof(S_bad[0])));
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
