/* buf.h - a growable byte buffer.
 *
 * Invariants: `ptr` is never NULL once initialised (it points at a static
 * empty string until the first append) and is always NUL-terminated;
 * `len` excludes the NUL. Appends cannot fail: allocation aborts on OOM.
 * Ownership: buf_init/buf_release pair; buf_detach hands the heap string to
 * the caller (who frees it) and leaves the buffer empty.
 */
#ifndef FIT_BUF_H
#define FIT_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 while ptr points at the static empty string */
} buf;

#define BUF_INIT { buf__empty, 0, 0 }
extern char buf__empty[1]; /* never written: cap == 0 guards it */

void buf_init(buf *b);
void buf_release(buf *b);
/* Empties the buffer but keeps its allocation for reuse. */
void buf_reset(buf *b);
void buf_grow(buf *b, size_t extra);
void buf_add(buf *b, const void *data, size_t len);
void buf_adds(buf *b, const char *s);
void buf_addc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the heap string (caller frees) and resets b to empty. */
char *buf_detach(buf *b, size_t *len_out);
void buf_truncate(buf *b, size_t len);

#endif
