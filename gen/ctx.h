/* ctx.h - page contexts: a small value tree built in an arena, read by the
 * Mustache engine through ctx_provider.
 *
 * A page builder fills one tree per page and throws it away by resetting the
 * arena, so building a context costs no malloc once the arena has grown to
 * the largest page. Strings passed to ctx_str() are copied into the arena;
 * ctx_lit() keeps a pointer to a string that outlives the page (catalog
 * strings, literals). Objects keep members in insertion order; looking a key
 * up is a short linear scan, which beats hashing for the ~30 members a page
 * object has.
 *
 * Ownership: everything a ctx_* call returns belongs to the arena and lives
 * until arena_reset/arena_release.
 */
#ifndef FIT_CTX_H
#define FIT_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "tpl.h"

typedef struct arena_block arena_block;
typedef struct arena {
	arena_block *head;   /* current block; older blocks follow */
	size_t used;         /* bytes used in head */
} arena;

void arena_init(arena *a);
/* Frees every block but the largest, which is kept for the next page. */
void arena_reset(arena *a);
void arena_release(arena *a);
void *arena_alloc(arena *a, size_t n);

typedef struct cval cval;

typedef struct cmember {
	const char *key;
	size_t keylen;
	uint32_t hash;          /* tpl_name_hash(key) */
	cval *value;
	struct cmember *next;   /* in insertion order */
	struct cmember *chain;  /* next in the same index bucket */
} cmember;

/* Objects with at least CTX_INDEX_AT members get a hash index of
 * CTX_BUCKETS chains (in the arena), so a name lookup in a page's large
 * objects does not walk every member: lookups were most of render time. */
#define CTX_INDEX_AT 8
#define CTX_BUCKETS 32

struct cval {
	tpl_kind kind;
	const char *str;     /* TPL_STRING: bytes (not necessarily NUL-terminated) */
	size_t len;
	double num;          /* TPL_NUMBER */
	cmember *first, *last; /* TPL_OBJECT */
	cmember **index;     /* TPL_OBJECT with >= CTX_INDEX_AT members; else NULL */
	size_t n_members;
	cval **items;        /* TPL_LIST */
	size_t n_items, cap_items;
};

cval *ctx_obj(arena *a);
cval *ctx_list(arena *a);
/* Appends item to list and returns item. */
cval *ctx_push(arena *a, cval *list, cval *item);

/* Setters add a member to obj and return the new value (key must outlive
 * the page: use literals). */
cval *ctx_set(arena *a, cval *obj, const char *key, cval *value);
cval *ctx_set_str(arena *a, cval *obj, const char *key, const char *s);  /* copies s; NULL → null */
cval *ctx_set_lit(arena *a, cval *obj, const char *key, const char *s);  /* keeps s; NULL → null */
cval *ctx_set_num(arena *a, cval *obj, const char *key, double v);
cval *ctx_set_bool(arena *a, cval *obj, const char *key, bool v);
cval *ctx_set_fmt(arena *a, cval *obj, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
cval *ctx_set_obj(arena *a, cval *obj, const char *key);
cval *ctx_set_list(arena *a, cval *obj, const char *key);

cval *ctx_str(arena *a, const char *s, size_t len);
cval *ctx_lit(arena *a, const char *s);
cval *ctx_num(arena *a, double v);
cval *ctx_bool(arena *a, bool v);

/* Sets key to value, replacing the member's value when key is already set
 * (ctx_set always appends, and lookups find the first). Returns value. */
cval *ctx_put(arena *a, cval *obj, const char *key, cval *value);

/* Member lookup; NULL when absent. */
cval *ctx_get(const cval *obj, const char *key);

/* Serialises v as JSON into out (strings escaped for embedding inside an
 * HTML <script> element too: <, >, &, U+2028 and U+2029 become \u escapes).
 * Numbers print in the shortest form that reads back exactly (integers
 * without a fraction). pretty: two-space indent. */
void ctx_to_json(const cval *v, buf *out, bool pretty);

/* The provider the Mustache engine reads cval trees with (self unused). */
extern const tpl_provider ctx_provider;

#endif
