/* manifest.h - what the published site was built from, so that a rebuild
 * renders only the pages whose inputs changed.
 *
 * A build fingerprints its inputs with 64-bit FNV-1a hashes:
 *   global   what every page reads other than model and hardware files:
 *            the fitgen binary itself, every template, static file and
 *            top-level data file, the catalog's counts and the shard;
 *   whole    global plus what only site-wide pages read (the build date in
 *            the sitemaps, docs/estimator.md): equal "whole" and equal
 *            model and hardware hashes mean the published site is current;
 *   model    one per model file (its bytes);
 *   hardware one per hardware file (its bytes);
 *   all_hw   every hardware slug and hash, in catalog order.
 * After a successful publish the build writes them to ".NAME.manifest"
 * beside the output folder, with the folder's device and inode (the swap
 * gives every publish a new inode, so a manifest that outlived its site,
 * or a site replaced by other means, is never trusted).
 *
 * The manifest is a cache, never a source of truth: an absent, unreadable
 * or mismatched one means "render everything", and `fitgen build --force`
 * ignores it.
 *
 * Format (text, one record per line):
 *   fitatlas-manifest 1
 *   site DEV INO FILES BYTES
 *   global HEX
 *   whole HEX
 *   all_hw HEX
 *   m SLUG HEX        (one per model)
 *   h SLUG HEX        (one per hardware entry)
 */
#ifndef FIT_MANIFEST_H
#define FIT_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#define FP_SEED 14695981039346656037ULL

/* FNV-1a over n bytes, continuing from h (start with FP_SEED). */
uint64_t fp_bytes(uint64_t h, const void *p, size_t n);
/* fp_bytes over the NUL-terminated string s, including its NUL, so that
 * ("ab","c") and ("a","bc") hash differently. */
uint64_t fp_str(uint64_t h, const char *s);
/* fp_bytes over the contents of the file at path. Returns 0 and updates *h,
 * or -1 with errno when the file cannot be read. */
int fp_file(uint64_t *h, const char *path);

typedef struct fp_entry {
	char *slug;
	uint64_t hash;
} fp_entry;

typedef struct manifest {
	unsigned long long dev, ino; /* the output folder it describes */
	size_t files, bytes;         /* what that build produced */
	uint64_t global, whole, all_hw;
	fp_entry *models;   size_t n_models;   /* sorted by slug after read */
	fp_entry *hardware; size_t n_hardware;
} manifest;

/* Path of the manifest for out_dir: ".NAME.manifest" beside it (caller frees). */
char *manifest_path(const char *out_dir);

/* Reads path into m (owned by m; manifest_release frees it). Returns 0, or
 * -1 when the file is absent or malformed (m is then empty). */
int manifest_read(manifest *m, const char *path);

/* Writes m to path atomically (temporary file, then rename). Returns 0, or
 * -1 with errno. */
int manifest_write(const manifest *m, const char *path);

/* The hash recorded for slug, or 0 with *found = 0. Needs a read manifest
 * (entries sorted). */
uint64_t manifest_model(const manifest *m, const char *slug, int *found);
uint64_t manifest_hardware(const manifest *m, const char *slug, int *found);

void manifest_release(manifest *m);

#endif
