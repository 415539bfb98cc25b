/* writer.h - everything that writes under the output folder.
 *
 * A build writes into a staging folder beside the output (".NAME.staging").
 * A page whose bytes equal the published file's is hard-linked from it
 * instead of written, so it keeps its inode and modification time (rsync and
 * CDN uploads then send nothing). Only what this build produced is in the
 * staging folder, so no stale page survives. When every page is written, the
 * staging folder is exchanged with the published one by rename (renameat2 with
 * RENAME_EXCHANGE where available), so readers see the old site or the new
 * one, never a mix. A failed or interrupted build leaves the published
 * folder untouched; the next build removes the leftover staging folder.
 *
 * Paths given to writer_put are relative to the output root and are built
 * only from validated slugs; writer_put still rejects absolute paths, empty
 * segments and "..", so no input can write outside the folder.
 *
 * Thread safety: writer_put may be called from several threads at once for
 * different paths; the counters are atomic.
 */
#ifndef FIT_WRITER_H
#define FIT_WRITER_H

#include <stdatomic.h>
#include <stddef.h>

typedef struct writer {
	char *out_dir;       /* the published folder, e.g. "site" */
	char *staging_dir;   /* where this build writes */
	char *old_dir;       /* where the previous site goes during the swap */
	atomic_size_t written;   /* files whose bytes changed or are new */
	atomic_size_t unchanged; /* files identical to the published ones */
	atomic_size_t bytes;     /* bytes of every page produced */
	char error[1024];    /* first error, "PATH: strerror" */
	atomic_int failed;
} writer;

/* Prepares staging for out_dir. Returns 0, or -1 with w->error filled. */
int writer_begin(writer *w, const char *out_dir);

/* Writes data to rel (relative path, "a/b/index.html"), creating folders.
 * Returns 0, or -1 with w->error set (the first error wins). */
int writer_put(writer *w, const char *rel, const void *data, size_t len);

/* Reuses the published file at rel without reading it: hard-links it into
 * staging (an incremental build calls this for a page whose inputs did not
 * change). Returns 0 when linked (counted as unchanged), 1 when there is no
 * published file to reuse (the caller renders the page instead), -1 on a
 * write error (w->error set). */
int writer_reuse(writer *w, const char *rel);

/* Copies the file at src to rel. Same contract as writer_put. */
int writer_copy(writer *w, const char *rel, const char *src);

/* Removes stale files, swaps staging in. Returns 0 or -1 with w->error. */
int writer_commit(writer *w);

/* Removes the staging folder (after a failure); the published site stays. */
void writer_abort(writer *w);

void writer_release(writer *w);

/* 1 when rel is a safe relative path (no "..", no absolute, no empty
 * segments, no backslash or NUL). */
int writer_path_is_safe(const char *rel);

#endif
