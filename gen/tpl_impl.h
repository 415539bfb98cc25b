/* tpl_impl.h - private to the Mustache engine (gen/tpl_*.c): the compiled
 * form of a template and of a set. Nothing else includes this header.
 *
 * A template compiles to a flat array of ops. Text ops point into the
 * template's own copy of its source (tpl.src, kept for the template's life).
 * Every tag that opens something (section, inverted section, parent, block)
 * stores in `jump` the index of its END op, and the END stores the index of
 * its opener, so the renderer skips or repeats a section without searching.
 * Dotted names are split at compile time into spans of tpl.parts.
 *
 * Inside a parent tag ({{<p}} ... {{/p}}) the compiler keeps only the block
 * definitions: the ops between a PARENT and its END are a sequence of BLOCK
 * ... END groups, which the renderer scans (jumping from block to block) to
 * find overrides. A BLOCK in ordinary flow is a site (it renders the override
 * or its own content).
 *
 * Positions are 32-bit: a template is limited to TPL_MAX_SOURCE bytes.
 */
#ifndef FIT_TPL_IMPL_H
#define FIT_TPL_IMPL_H

#include <stdint.h>

#include "tpl.h"

#define TPL_MAX_SOURCE ((size_t)UINT32_MAX - 1)

typedef enum tpl_opkind {
	TPL_OP_TEXT,     /* text: emit src[text) */
	TPL_OP_VAR,      /* {{name}}: escaped interpolation */
	TPL_OP_RAW,      /* {{{name}}} and {{&name}} */
	TPL_OP_SECTION,  /* {{#name}} */
	TPL_OP_INVERTED, /* {{^name}} */
	TPL_OP_PARTIAL,  /* {{>name}} or {{>*name}} */
	TPL_OP_PARENT,   /* {{<name}} or {{<*name}}; its body holds BLOCK definitions */
	TPL_OP_BLOCK,    /* {{$name}}: a site, or a definition inside a PARENT */
	TPL_OP_END,      /* {{/name}} of a SECTION, INVERTED, PARENT or BLOCK */
} tpl_opkind;

enum {
	/* PARTIAL, PARENT: the name is dotted and resolved through the data. */
	TPL_OPF_DYNAMIC = 1u << 0,
	/* PARTIAL, PARENT, BLOCK: the tag was standalone, so the rendered content
	 * starts at the beginning of a line and each of its lines is prefixed
	 * with `indent` (on top of any enclosing indentation). */
	TPL_OPF_STANDALONE = 1u << 1,
};

/* A byte range of tpl.src. */
typedef struct tpl_span {
	uint32_t off, len;
} tpl_span;

typedef struct tpl_op {
	uint8_t kind;         /* tpl_opkind */
	uint8_t flags;        /* TPL_OPF_* */
	uint32_t line, col;   /* of the tag's opening delimiter (0 for TEXT) */
	tpl_span text;        /* TEXT: the bytes; tags: the name as written
	                       * (without the '*' of a dynamic name) */
	uint32_t part;        /* VAR RAW SECTION INVERTED, dynamic PARTIAL PARENT: */
	uint32_t nparts;      /*   the dotted name's parts; 0 parts means "." */
	uint32_t jump;        /* openers: index of the END; END: of the opener */
	tpl_span indent;      /* STANDALONE PARTIAL PARENT BLOCK: indentation */
	const tpl *target;    /* static PARTIAL PARENT: set by tpl_set_link (NULL: missing) */
} tpl_op;

struct tpl {
	const tpl_set *set;   /* the owning set (for dynamic names) */
	char *name;           /* owned, NUL-terminated */
	size_t name_len;
	char *filename;       /* owned; used in error messages */
	char *src;            /* owned copy of the source, NUL-terminated */
	size_t len;
	tpl_op *ops;          /* owned */
	uint32_t n_ops;
	tpl_span *parts;      /* owned: dotted-name parts, referenced by ops */
	uint32_t *part_hash;  /* owned: tpl_name_hash of each part */
	uint32_t n_parts;
};

struct tpl_set {
	unsigned flags;       /* TPL_STRICT, TPL_ESCAPE_APOS */
	int linked;           /* tpl_set_link succeeded: the set is immutable */
	tpl **items;          /* owned templates, in the order added */
	size_t n, cap;
	tpl **index;          /* open addressing by name; NULL slots are free */
	size_t index_cap;     /* 0 or a power of two, at least twice n */
};

/* The template named name[0..len) in set, or NULL. Reads only: safe from
 * many threads once the set is linked. */
const tpl *tpl__find(const tpl_set *set, const char *name, size_t len);

/* Fills err with "FILE:LINE:COL: error: MESSAGE", or "FILE: error: MESSAGE"
 * when line is 0. err may be NULL. Long messages are truncated to fit. */
void tpl__error(tpl_error *err, const char *file, unsigned line, unsigned col,
                const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Names in messages are cut to this many bytes (with "...") so the position
 * and the rest of the message always fit in tpl_error. */
#define TPL_MSG_NAME_MAX 80
typedef struct tpl_msgname {
	char s[TPL_MSG_NAME_MAX + 4];
} tpl_msgname;

/* Copies s[0..n) into m for quoting in a message, cut with "..." when longer
 * than TPL_MSG_NAME_MAX bytes. Returns m->s. */
const char *tpl__msgname(tpl_msgname *m, const char *s, size_t n);

#endif
