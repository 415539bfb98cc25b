/* tpl.h - the Mustache engine: compile a template set once, render many times.
 *
 * The engine knows nothing about models, hardware or JSON: data reaches it
 * through a tpl_provider (a table of callbacks plus an opaque `self`), and
 * output goes into a caller-owned buf. Templates are parsed from buffers;
 * only tpl_set_load_dir() touches the file system.
 *
 * Life cycle:
 *   tpl_set *set = tpl_set_new(TPL_STRICT | TPL_ESCAPE_APOS);
 *   tpl_set_add(set, "page", src, len, "templates/page.mustache", &err);  (per template)
 *   tpl_set_link(set, &err);          resolves partials and parents once
 *   const tpl *t = tpl_set_get(set, "page");
 *   tpl_render(t, &provider, self, root, &out, &err);   (many times, any thread)
 *   tpl_set_free(set);
 *
 * A linked set is immutable, so tpl_render may run concurrently from many
 * threads on the same set (each with its own output buffer and error).
 */
#ifndef FIT_TPL_H
#define FIT_TPL_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Flags for tpl_set_new. */
enum {
	/* An undefined name, a missing partial or parent is an error (with its
	 * template:line:col) instead of the empty string the spec requires. */
	TPL_STRICT = 1u << 0,
	/* Also escape ' as &#39; in {{name}} (the spec escapes only & < > "). */
	TPL_ESCAPE_APOS = 1u << 1,
};

/* Deepest nesting of sections/partials/blocks accepted, at parse and at render. */
#define TPL_MAX_DEPTH 4096

typedef enum tpl_kind {
	TPL_NULL,   /* missing or null: falsey */
	TPL_FALSE,  /* false: falsey */
	TPL_TRUE,   /* true */
	TPL_NUMBER, /* a number: truthy, interpolates as text */
	TPL_STRING, /* a string: truthy (even when empty), interpolates as text */
	TPL_LIST,   /* a list: falsey when empty, a section iterates it */
	TPL_OBJECT, /* an object: truthy, a section pushes it as context */
} tpl_kind;

/* The data interface. A value is an opaque `const void *` owned by the
 * provider and valid for the whole render. The engine resolves dotted names
 * itself (innermost context outward for the first part, then member by
 * member), so a provider only needs these five operations. */
typedef struct tpl_provider {
	tpl_kind (*kind)(void *self, const void *value);
	/* Member `key` (not NUL-terminated, keylen bytes) of an object value, or
	 * NULL when absent or when value is not an object. */
	const void *(*get)(void *self, const void *value, const char *key, size_t keylen);
	/* Number of items in a list value. */
	size_t (*count)(void *self, const void *value);
	/* Item i (< count) of a list value. */
	const void *(*item)(void *self, const void *value, size_t i);
	/* Appends the text of a scalar (string, number, true/false) to out,
	 * unescaped; the engine escapes it when the tag asks for that. */
	void (*text)(void *self, const void *value, buf *out);
	/* Optional (NULL: the engine calls get): get, with hash =
	 * tpl_name_hash(key, keylen) computed once when the template was
	 * compiled, for providers that index their objects by that hash. */
	const void *(*get_hashed)(void *self, const void *value, const char *key, size_t keylen, uint32_t hash);
} tpl_provider;

/* The hash the engine passes to get_hashed: FNV-1a, 32 bits. */
uint32_t tpl_name_hash(const char *key, size_t keylen);

/* An error: the message is complete and ready to print, in the form
 * "templates/fit.mustache:41:9: error: unclosed section 'quants'".
 * FILE is the filename given to tpl_set_add; LINE and COL are 1-based and
 * point at the opening delimiter of the offending tag (COL counts characters,
 * not UTF-8 continuation bytes; a tab counts as one). The MESSAGE part is one
 * of these (NAME as written in the tag, quoted; '*NAME' for a dynamic name):
 *
 *   from tpl_set_add (syntax and structure):
 *     unclosed section 'NAME'           at the {{#NAME}} or {{^NAME}} never closed
 *     unclosed block 'NAME'             at the {{$NAME}} never closed
 *     unclosed parent 'NAME'            at the {{<NAME}} never closed
 *     section 'A' closed by 'B'         at the {{/B}} (also "block 'A' ..." and
 *                                       "parent 'A' ..." for {{$A}} and {{<A}})
 *     closing tag 'B' without an open section
 *     unterminated tag: no closing '}}' (the current closing delimiter; '}}}'
 *                                       for a triple mustache)
 *     empty tag name
 *     invalid tag name 'A B'            (white space inside a name)
 *     invalid dotted name 'a..b'        (an empty part: "a.", ".a", "a..b")
 *     set-delimiter tag must end with '='
 *     set-delimiter tag needs two delimiters separated by white space
 *     delimiter 'D' contains '='
 *     sections nested deeper than 4096 levels
 *     template 'NAME' is already in the set            (at 1:1)
 *     cannot add template 'NAME' after tpl_set_link     (at 1:1)
 *     template is larger than 4 GiB                     (at 1:1)
 *   from tpl_set_link (TPL_STRICT only):
 *     partial 'NAME' not found          at the {{>NAME}}
 *     parent 'NAME' not found           at the {{<NAME}}
 *   from tpl_render:
 *     undefined name 'NAME'             (TPL_STRICT: {{NAME}}, {{{NAME}}},
 *                                       {{&NAME}}, or the name of a dynamic
 *                                       {{>*NAME}} / {{<*NAME}})
 *     dynamic name 'NAME' is not a string or number   (TPL_STRICT)
 *     partial 'X' not found (dynamic name '*NAME')     (TPL_STRICT; also parent)
 *     nested deeper than 4096 levels at render (recursive partial?)
 *     render limit exceeded             (tpl_render_limited only)
 *     template set is not linked        (at 1:1)
 * tpl_set_load_dir reports I/O failures without a position:
 *     "DIR: error: cannot open folder: REASON", "FILE: error: cannot read: REASON".
 */
typedef struct tpl_error {
	char message[512];
} tpl_error;

typedef struct tpl_set tpl_set;
typedef struct tpl tpl;

/* Returns a new empty set (never NULL; free with tpl_set_free). */
tpl_set *tpl_set_new(unsigned flags);
void tpl_set_free(tpl_set *set);

/* Compiles src (len bytes, need not be NUL-terminated) as template `name`;
 * `filename` is used only in error messages. Returns 0, or -1 with err filled
 * (the set is unchanged). Adding a name twice replaces nothing: it is an error. */
int tpl_set_add(tpl_set *set, const char *name, const char *src, size_t len,
                const char *filename, tpl_error *err);

/* Adds every `*.mustache` file in dir, named by its file name without the
 * extension. Returns the number added, or -1 with err filled. */
int tpl_set_load_dir(tpl_set *set, const char *dir, tpl_error *err);

/* Resolves every static partial ({{>name}}) and parent ({{<name}}) reference.
 * In TPL_STRICT mode a reference to a template that is not in the set is an
 * error naming the referring template:line:col; otherwise it renders empty,
 * as the spec requires. Must be called once before tpl_set_get/tpl_render;
 * no template may be added afterwards. Returns 0 or -1 with err filled. */
int tpl_set_link(tpl_set *set, tpl_error *err);

/* The compiled template called name, or NULL. Owned by the set. */
const tpl *tpl_set_get(const tpl_set *set, const char *name);

/* Renders t with root as the outermost context, appending to out.
 * Returns 0, or -1 with err filled (strict-mode undefined name, depth limit,
 * dynamic partial not found in strict mode); on error out holds a partial
 * render that the caller should discard. */
int tpl_render(const tpl *t, const tpl_provider *provider, void *self,
               const void *root, buf *out, tpl_error *err);

/* A provider over cJSON values (`const cJSON *`); self is unused (NULL).
 * Numbers print as integers when integral, else with up to 15 significant
 * digits (%.15g), matching the spec's expectations.
 *
 * Addition: self may instead point to a zeroed tpl_json_cursor. cJSON arrays
 * are linked lists, so item(i) alone costs O(i) and a section over n items
 * O(n^2); with a cursor, item() remembers where it stopped in up to
 * TPL_JSON_CURSOR_SLOTS lists (one per nested section), which makes the
 * renderer's sequential item(0), item(1), ... calls O(1) each. A cursor
 * belongs to one render on one thread; zero it (TPL_JSON_CURSOR_INIT) before
 * reusing it with a different data tree, because it caches item pointers. */
extern const tpl_provider tpl_json_provider;

#define TPL_JSON_CURSOR_SLOTS 8
typedef struct tpl_json_cursor {
	struct {
		const void *list; /* the cJSON array, or NULL for a free slot */
		size_t i;         /* index of item */
		const void *item; /* its i-th child */
	} slot[TPL_JSON_CURSOR_SLOTS];
	unsigned next;        /* slot to recycle next (round robin) */
} tpl_json_cursor;
#define TPL_JSON_CURSOR_INIT { { { NULL, 0, NULL } }, 0 }

/* Addition: tpl_render with limits, for templates or data you do not trust
 * (the fuzzer): fails with "render limit exceeded" once more than max_steps
 * operations have run or once this call has appended more than max_out bytes
 * to out (0: no limit). Depth alone bounds nesting, not work: a template can
 * include itself twice per level, and sections over lists multiply. */
int tpl_render_limited(const tpl *t, const tpl_provider *provider, void *self,
                       const void *root, buf *out, size_t max_steps, size_t max_out,
                       tpl_error *err);

/* Appends s[0..len) to out with HTML escaping of & < > " (and ' when apos). */
void tpl_escape_html(buf *out, const char *s, size_t len, int apos);

#endif
