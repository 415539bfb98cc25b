/* util.h - allocation that aborts on out-of-memory, and whole-file reading.
 *
 * Every allocation in fitgen goes through these wrappers, so callers never
 * check for NULL: running out of memory prints one line and aborts.
 */
#ifndef FIT_UTIL_H
#define FIT_UTIL_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a heap copy of s (caller frees); xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Reads the whole file at path into a NUL-terminated heap buffer that the
 * caller frees; *len_out (if not NULL) receives the byte count without the NUL.
 * Returns NULL and sets errno when the file cannot be opened or read. */
char *read_file(const char *path, size_t *len_out);

/* The path of ".NAME.SUFFIX" in the folder that holds dir, where NAME is
 * dir's last component (trailing slashes ignored): "out/site" and "staging"
 * give "out/.site.staging". The build keeps its staging folder, the old site
 * during the swap and its manifest there, on the same file system as the
 * output. Caller frees. */
char *sibling_path(const char *dir, const char *suffix);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
