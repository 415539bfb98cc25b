/* diag.h - a list of diagnostics (errors found while loading or checking).
 *
 * Validation reports every problem it finds, so errors are collected here
 * and printed together, sorted by file, by the CLI. Each message is complete:
 * "data/models/foo.json: $.kv_heads: expected an integer, got a string".
 */
#ifndef FIT_DIAG_H
#define FIT_DIAG_H

#include <stddef.h>

/* Most diagnostics kept; later ones are counted but not stored. */
#define DIAG_MAX 200

typedef struct diag_list {
	char **items;      /* owned strings */
	size_t n;          /* stored */
	size_t dropped;    /* reported beyond DIAG_MAX */
} diag_list;

void diag_init(diag_list *d);
void diag_release(diag_list *d);
void diag_add(diag_list *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Total reported (stored + dropped). */
size_t diag_count(const diag_list *d);
/* Sorts stored messages (by file, then line/path), stable and bytewise. */
void diag_sort(diag_list *d);

#endif
