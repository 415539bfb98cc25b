/* tpl_parse.c - template sets and the compiler: source text to the flat op
 * list described in tpl_impl.h.
 *
 * A template compiles in four linear passes:
 *   1. scan: find the tags with the current delimiters, parse their names,
 *      pair each opener with its closer (errors come out in source order);
 *   2. standalone lines: a line holding only blanks and tags that print
 *      nothing (sections, closers, comments, partials, set-delimiters,
 *      parents, blocks) is dropped from the output, blanks and newline
 *      included; a partial or parent first on such a line takes the blanks as
 *      its indentation;
 *   3. block indentation, only when a block's opening tag is standalone: its
 *      content loses the indentation common to its lines, and the block
 *      records the indentation to add back where it is rendered, so that an
 *      override takes the indentation of the site it replaces (spec
 *      ~inheritance, "Block reindentation");
 *   4. emit the ops.
 * Passes 1-3 work on an array of tags (S_tag); pass 4 turns the tags and the
 * text between them into ops, then the tag array is freed.
 */
#include "tpl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_impl.h"
#include "util.h"

#define S_NONE UINT32_MAX

/* Appends one element's room to a growable array (aborts on OOM). */
#define S_RESERVE(arr, n, cap)                                              \
	do {                                                                    \
		if ((n) == (cap)) {                                                 \
			(cap) = (cap) ? (cap) * 2 : 16;                                 \
			(arr) = xrealloc((arr), (cap) * sizeof(*(arr)));                \
		}                                                                   \
	} while (0)

/* ---- messages -------------------------------------------------------------- */

void tpl__error(tpl_error *err, const char *file, unsigned line, unsigned col, const char *fmt, ...)
{
	if (!err)
		return;
	size_t cap = sizeof(err->message);
	int n = line ? snprintf(err->message, cap, "%s:%u:%u: error: ", file, line, col)
	             : snprintf(err->message, cap, "%s: error: ", file);
	if (n < 0 || (size_t)n >= cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message + n, cap - (size_t)n, fmt, ap);
	va_end(ap);
}

const char *tpl__msgname(tpl_msgname *m, const char *s, size_t n)
{
	if (n > TPL_MSG_NAME_MAX) {
		memcpy(m->s, s, TPL_MSG_NAME_MAX);
		memcpy(m->s + TPL_MSG_NAME_MAX, "...", 4);
	} else {
		memcpy(m->s, s, n);
		m->s[n] = '\0';
	}
	return m->s;
}

/* ---- the set ----------------------------------------------------------------- */

static uint64_t S_hash(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603u; /* FNV-1a */
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211u;
	}
	return h;
}

/* The index slot holding the template called name, or the free slot where it
 * would go. index_cap must be non-zero (the table is never full). */
static size_t S_slot(const tpl_set *set, const char *name, size_t len)
{
	size_t mask = set->index_cap - 1;
	size_t i = (size_t)S_hash(name, len) & mask;
	for (;;) {
		const tpl *t = set->index[i];
		if (!t || (t->name_len == len && memcmp(t->name, name, len) == 0))
			return i;
		i = (i + 1) & mask;
	}
}

const tpl *tpl__find(const tpl_set *set, const char *name, size_t len)
{
	if (!set->index_cap)
		return NULL;
	return set->index[S_slot(set, name, len)];
}

/* Indexes t, which is not yet counted in set->n; keeps the load under 1/2. */
static void S_index_add(tpl_set *set, tpl *t)
{
	if ((set->n + 1) * 2 > set->index_cap) {
		tpl **old = set->index;
		size_t old_cap = set->index_cap;
		set->index_cap = old_cap ? old_cap * 2 : 16;
		set->index = xcalloc(set->index_cap, sizeof(*set->index));
		for (size_t i = 0; i < old_cap; i++)
			if (old[i])
				set->index[S_slot(set, old[i]->name, old[i]->name_len)] = old[i];
		free(old);
	}
	set->index[S_slot(set, t->name, t->name_len)] = t;
}

static void S_tpl_free(tpl *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->filename);
	free(t->src);
	free(t->ops);
	free(t->parts);
	free(t->part_hash);
	free(t);
}

tpl_set *tpl_set_new(unsigned flags)
{
	tpl_set *set = xcalloc(1, sizeof(*set));
	set->flags = flags;
	return set;
}

void tpl_set_free(tpl_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		S_tpl_free(set->items[i]);
	free(set->items);
	free(set->index);
	free(set);
}

const tpl *tpl_set_get(const tpl_set *set, const char *name)
{
	return tpl__find(set, name, strlen(name));
}

int tpl_set_link(tpl_set *set, tpl_error *err)
{
	if (set->linked)
		return 0;
	for (size_t i = 0; i < set->n; i++) {
		tpl *t = set->items[i];
		for (uint32_t j = 0; j < t->n_ops; j++) {
			tpl_op *o = &t->ops[j];
			if ((o->kind != TPL_OP_PARTIAL && o->kind != TPL_OP_PARENT) || (o->flags & TPL_OPF_DYNAMIC))
				continue;
			o->target = tpl__find(set, t->src + o->text.off, o->text.len);
			if (!o->target && (set->flags & TPL_STRICT)) {
				tpl_msgname m;
				tpl__error(err, t->filename, o->line, o->col, "%s '%s' not found",
				           o->kind == TPL_OP_PARTIAL ? "partial" : "parent",
				           tpl__msgname(&m, t->src + o->text.off, o->text.len));
				return -1;
			}
		}
	}
	set->linked = 1;
	return 0;
}

/* ---- the compiler: tags -------------------------------------------------------- */

enum { K_VAR, K_RAW, K_SECTION, K_INVERTED, K_CLOSE, K_COMMENT, K_PARTIAL, K_DELIM, K_PARENT, K_BLOCK };

enum {
	TF_DYNAMIC = 1u << 0, /* PARTIAL PARENT CLOSE: the name followed a '*' */
	TF_INDENT = 1u << 1,  /* standalone PARTIAL/PARENT first on its line, or a
	                       * TF_PAIR block: ind is its indentation */
	TF_SA_OPEN = 1u << 2, /* BLOCK opened on a standalone line: ind is the
	                       * indentation to add back (pass 3) */
	TF_PAIR = 1u << 3,    /* BLOCK: "{{$b}}{{/b}}" alone on its line, whose
	                       * blanks become the indentation; the newline stays */
};

typedef struct S_tag {
	uint32_t start, end;      /* the tag, delimiters included */
	uint32_t cut_before;      /* the text before the tag stops here ... */
	uint32_t cut_after;       /* ... and the text after it starts here */
	uint32_t name, name_len;  /* trimmed; after the sigil and any '*' */
	uint32_t line, col;       /* of the opening delimiter */
	uint32_t match;           /* opener <-> closer */
	uint32_t ind, ind_len;    /* see TF_INDENT, TF_SA_OPEN */
	uint8_t kind, flags;
} S_tag;

typedef struct S_open {
	uint32_t op;              /* the opener's op, or S_NONE when not emitted */
	uint8_t mode;             /* S_M_* for the opener's content */
} S_open;

enum { S_M_NORMAL, S_M_ARGS, S_M_IGNORE };

typedef struct S_comp {
	const char *src;          /* the template's own copy */
	uint32_t len;
	const char *file;
	tpl_error *err;
	uint32_t pos, line, col;  /* line and col of src[pos] (S_advance) */
	S_tag *tags;
	size_t n_tags, cap_tags;
	uint32_t *stack;          /* pass 1: open tags */
	size_t n_stack, cap_stack;
	size_t max_depth;         /* deepest nesting seen (<= TPL_MAX_DEPTH) */
	int has_sa_blocks;        /* pass 3 is needed */
	tpl_span *holes;          /* pass 3: line-start blanks removed from output, sorted */
	size_t n_holes, cap_holes;
	tpl_op *ops;
	size_t n_ops, cap_ops;
	tpl_span *parts;
	size_t n_parts, cap_parts;
} S_comp;

static int S_is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static int S_is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\v' || ch == '\f';
}

/* Moves the line/col cursor forward to `to` (never backward). */
static void S_advance(S_comp *c, uint32_t to)
{
	const char *s = c->src;
	for (uint32_t i = c->pos; i < to; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '\n') {
			c->line++;
			c->col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			c->col++; /* characters, not UTF-8 continuation bytes */
		}
	}
	if (to > c->pos)
		c->pos = to;
}

/* Position of the first needle[0..nlen) at or after from, or S_NONE. */
static uint32_t S_find(const S_comp *c, uint32_t from, const char *needle, size_t nlen)
{
	const char *s = c->src;
	uint32_t end = c->len;
	while (from < end && end - from >= nlen) {
		const char *p = memchr(s + from, needle[0], end - from - nlen + 1);
		if (!p)
			break;
		if (memcmp(p, needle, nlen) == 0)
			return (uint32_t)(p - s);
		from = (uint32_t)(p - s) + 1;
	}
	return S_NONE;
}

static const char *S_kind_word(uint8_t kind)
{
	return kind == K_BLOCK ? "block" : kind == K_PARENT ? "parent" : "section";
}

static int S_fail(S_comp *c, const S_tag *tg, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Fills the error at tg's position; returns -1. */
static int S_fail(S_comp *c, const S_tag *tg, const char *fmt, ...)
{
	char msg[sizeof(((tpl_error *)0)->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tpl__error(c->err, c->file, tg->line, tg->col, "%s", msg);
	return -1;
}

/* Parses a set-delimiter tag's content src[a..b) ("=OPEN CLOSE=" without the
 * leading '='); on success points *open / *close into the source. */
static int S_delimiters(S_comp *c, const S_tag *tg, uint32_t a, uint32_t b, const char **open,
                        size_t *open_len, const char **close, size_t *close_len)
{
	const char *s = c->src;
	while (b > a && S_is_space(s[b - 1]))
		b--;
	if (b == a || s[b - 1] != '=')
		return S_fail(c, tg, "set-delimiter tag must end with '='");
	b--;
	uint32_t p = a;
	uint32_t part[2][2];
	int n = 0;
	for (;;) {
		while (p < b && S_is_space(s[p]))
			p++;
		if (p == b)
			break;
		uint32_t q = p;
		while (q < b && !S_is_space(s[q]))
			q++;
		if (n == 2) {
			n = 3;
			break;
		}
		part[n][0] = p;
		part[n][1] = q;
		n++;
		p = q;
	}
	if (n != 2)
		return S_fail(c, tg, "set-delimiter tag needs two delimiters separated by white space");
	for (int i = 0; i < 2; i++) {
		if (memchr(s + part[i][0], '=', part[i][1] - part[i][0])) {
			tpl_msgname m;
			return S_fail(c, tg, "delimiter '%s' contains '='",
			              tpl__msgname(&m, s + part[i][0], part[i][1] - part[i][0]));
		}
	}
	*open = s + part[0][0];
	*open_len = part[0][1] - part[0][0];
	*close = s + part[1][0];
	*close_len = part[1][1] - part[1][0];
	return 0;
}

/* Checks a tag's name src[a..b) (already trimmed) and stores it in tg. */
static int S_name(S_comp *c, S_tag *tg, uint32_t a, uint32_t b)
{
	const char *s = c->src;
	const char *star = tg->flags & TF_DYNAMIC ? "*" : "";
	tpl_msgname m;
	if (a == b)
		return S_fail(c, tg, "empty tag name");
	for (uint32_t i = a; i < b; i++)
		if (S_is_space(s[i]))
			return S_fail(c, tg, "invalid tag name '%s%s'", star, tpl__msgname(&m, s + a, b - a));
	int dotted = tg->kind == K_VAR || tg->kind == K_RAW || tg->kind == K_SECTION ||
	             tg->kind == K_INVERTED || (tg->flags & TF_DYNAMIC && tg->kind != K_CLOSE);
	if (dotted && !(b - a == 1 && s[a] == '.')) {
		int bad = s[a] == '.' || s[b - 1] == '.';
		for (uint32_t i = a; !bad && i + 1 < b; i++)
			bad = s[i] == '.' && s[i + 1] == '.';
		if (bad)
			return S_fail(c, tg, "invalid dotted name '%s%s'", star, tpl__msgname(&m, s + a, b - a));
	}
	tg->name = a;
	tg->name_len = b - a;
	return 0;
}

static int S_same_name(const S_comp *c, const S_tag *x, const S_tag *y)
{
	return (x->flags & TF_DYNAMIC) == (y->flags & TF_DYNAMIC) && x->name_len == y->name_len &&
	       memcmp(c->src + x->name, c->src + y->name, x->name_len) == 0;
}

/* Pass 1: tags, names, nesting. */
static int S_scan(S_comp *c)
{
	const char *s = c->src;
	const char *otag = "{{", *ctag = "}}";
	size_t olen = 2, clen = 2;
	uint32_t pos = 0;
	tpl_msgname m1, m2;
	while (pos < c->len) {
		uint32_t start = S_find(c, pos, otag, olen);
		if (start == S_NONE)
			break;
		S_advance(c, start);
		S_tag tg;
		memset(&tg, 0, sizeof(tg));
		tg.start = start;
		tg.line = c->line;
		tg.col = c->col;
		tg.match = S_NONE;
		uint32_t p = start + (uint32_t)olen;
		char sigil = p < c->len ? s[p] : '\0';
		switch (sigil) {
		case '#': tg.kind = K_SECTION; break;
		case '^': tg.kind = K_INVERTED; break;
		case '/': tg.kind = K_CLOSE; break;
		case '!': tg.kind = K_COMMENT; break;
		case '>': tg.kind = K_PARTIAL; break;
		case '=': tg.kind = K_DELIM; break;
		case '<': tg.kind = K_PARENT; break;
		case '$': tg.kind = K_BLOCK; break;
		case '&': case '{': tg.kind = K_RAW; break;
		default: tg.kind = K_VAR; break;
		}
		uint32_t a = tg.kind == K_VAR ? p : p + 1, b;
		if (sigil == '{') {
			/* a triple mustache ends with '}' right before the closing delimiter */
			uint32_t from = a, close;
			for (;;) {
				close = S_find(c, from, ctag, clen);
				if (close == S_NONE || (close > a && s[close - 1] == '}'))
					break;
				from = close + 1;
			}
			if (close == S_NONE)
				return S_fail(c, &tg, "unterminated tag: no closing '}%s'",
				              tpl__msgname(&m1, ctag, clen));
			b = close - 1;
			tg.end = close + (uint32_t)clen;
		} else {
			uint32_t close = S_find(c, a, ctag, clen);
			if (close == S_NONE)
				return S_fail(c, &tg, "unterminated tag: no closing '%s'", tpl__msgname(&m1, ctag, clen));
			b = close;
			tg.end = close + (uint32_t)clen;
		}

		if (tg.kind == K_DELIM) {
			if (S_delimiters(c, &tg, a, b, &otag, &olen, &ctag, &clen) != 0)
				return -1;
		} else if (tg.kind != K_COMMENT) {
			while (a < b && S_is_space(s[a]))
				a++;
			while (b > a && S_is_space(s[b - 1]))
				b--;
			if ((tg.kind == K_PARTIAL || tg.kind == K_PARENT || tg.kind == K_CLOSE) && a < b && s[a] == '*') {
				tg.flags |= TF_DYNAMIC;
				a++;
				while (a < b && S_is_space(s[a]))
					a++;
			}
			if (S_name(c, &tg, a, b) != 0)
				return -1;
		}

		uint32_t index = (uint32_t)c->n_tags;
		if (tg.kind == K_SECTION || tg.kind == K_INVERTED || tg.kind == K_PARENT || tg.kind == K_BLOCK) {
			if (c->n_stack >= TPL_MAX_DEPTH)
				return S_fail(c, &tg, "sections nested deeper than %d levels", TPL_MAX_DEPTH);
			S_RESERVE(c->stack, c->n_stack, c->cap_stack);
			c->stack[c->n_stack++] = index;
			if (c->n_stack > c->max_depth)
				c->max_depth = c->n_stack;
		} else if (tg.kind == K_CLOSE) {
			const char *star = tg.flags & TF_DYNAMIC ? "*" : "";
			if (!c->n_stack)
				return S_fail(c, &tg, "closing tag '%s%s' without an open section", star,
				              tpl__msgname(&m1, s + tg.name, tg.name_len));
			S_tag *open = &c->tags[c->stack[c->n_stack - 1]];
			if (!S_same_name(c, open, &tg))
				return S_fail(c, &tg, "%s '%s%s' closed by '%s%s'", S_kind_word(open->kind),
				              open->flags & TF_DYNAMIC ? "*" : "",
				              tpl__msgname(&m1, s + open->name, open->name_len), star,
				              tpl__msgname(&m2, s + tg.name, tg.name_len));
			open->match = index;
			tg.match = c->stack[--c->n_stack];
		}
		S_RESERVE(c->tags, c->n_tags, c->cap_tags);
		c->tags[c->n_tags++] = tg;
		pos = tg.end;
	}
	if (c->n_stack) {
		const S_tag *open = &c->tags[c->stack[c->n_stack - 1]];
		return S_fail(c, open, "unclosed %s '%s%s'", S_kind_word(open->kind),
		              open->flags & TF_DYNAMIC ? "*" : "", tpl__msgname(&m1, s + open->name, open->name_len));
	}
	return 0;
}

/* Pass 2: standalone lines. Tags on one line form a group (no newline between
 * them); a group is standalone when its line holds only blanks and tags that
 * print nothing. */
static void S_standalone(S_comp *c)
{
	const char *s = c->src;
	S_tag *tags = c->tags;
	size_t n = c->n_tags;
	for (size_t k = 0; k < n; k++) {
		tags[k].cut_before = tags[k].start;
		tags[k].cut_after = tags[k].end;
	}
	for (size_t a = 0; a < n;) {
		size_t b = a;
		while (b + 1 < n && !memchr(s + tags[b].end, '\n', tags[b + 1].start - tags[b].end))
			b++;
		size_t next = b + 1;

		/* Between groups there is a newline, so the line starts inside the
		 * text before tag a (or at the start of the template). */
		uint32_t lo = a ? tags[a - 1].end : 0;
		uint32_t ls = tags[a].start;
		while (ls > lo && s[ls - 1] != '\n')
			ls--;
		int ok = 1;
		for (uint32_t i = ls; ok && i < tags[a].start; i++)
			ok = S_is_blank(s[i]);
		for (size_t k = a; ok && k <= b; k++) {
			ok = tags[k].kind != K_VAR && tags[k].kind != K_RAW;
			for (uint32_t i = tags[k].end; ok && k < b && i < tags[k + 1].start; i++)
				ok = S_is_blank(s[i]);
		}
		uint32_t after = 0;
		if (ok) {
			uint32_t e = tags[b].end;
			while (e < c->len && S_is_blank(s[e]))
				e++;
			if (e + 1 < c->len && s[e] == '\r' && s[e + 1] == '\n')
				e++;
			if (e == c->len)
				after = e;
			else if (s[e] == '\n')
				after = e + 1;
			else
				ok = 0;
		}
		if (ok) {
			int pair = b == a + 1 && tags[a].kind == K_BLOCK && tags[a].match == b &&
			           tags[a].end == tags[b].start;
			tags[a].cut_before = ls;
			for (size_t k = a; k < b; k++)
				tags[k].cut_after = tags[k + 1].start;
			tags[b].cut_after = pair ? tags[b].end : after;
			if (pair) {
				tags[a].flags |= TF_PAIR | TF_INDENT;
				tags[a].ind = ls;
				tags[a].ind_len = tags[a].start - ls;
			} else {
				if (tags[a].kind == K_PARTIAL || tags[a].kind == K_PARENT) {
					tags[a].flags |= TF_INDENT;
					tags[a].ind = ls;
					tags[a].ind_len = tags[a].start - ls;
				}
				for (size_t k = a; k <= b; k++) {
					if (tags[k].kind != K_BLOCK)
						continue;
					/* until pass 3 measures its content: the line's blanks */
					tags[k].flags |= TF_SA_OPEN;
					tags[k].ind = ls;
					tags[k].ind_len = tags[a].start - ls;
					c->has_sa_blocks = 1;
				}
			}
		}
		a = next;
	}
}

/* ---- pass 3: block indentation ---------------------------------------------- */

/* A block opened on a standalone line, while its content is being walked. */
typedef struct S_blk {
	uint32_t tag;
	uint32_t close_cut;   /* its content ends before this position */
	uint32_t d, d_len;    /* measuring: common blanks so far; applying: final */
	int has;              /* measuring: a non-blank line was seen */
} S_blk;

/* Narrows b's common indentation to the blanks src[off..off+len). */
static void S_merge(const char *s, S_blk *b, uint32_t off, uint32_t len)
{
	if (!b->has) {
		b->has = 1;
		b->d = off;
		b->d_len = len;
		return;
	}
	uint32_t n = b->d_len < len ? b->d_len : len, i = 0;
	while (i < n && s[b->d + i] == s[off + i])
		i++;
	b->d_len = i;
}

/* Pops the innermost block. When measuring, its indentation is final now:
 * store it in the tag (a block without non-blank lines keeps the blanks of
 * its own line) and narrow the enclosing block with it. */
static void S_pop_blk(S_comp *c, S_blk *stk, size_t *n, int measure)
{
	S_blk *b = &stk[--*n];
	if (!measure || !b->has)
		return;
	c->tags[b->tag].ind = b->d;
	c->tags[b->tag].ind_len = b->d_len;
	if (*n)
		S_merge(c->src, &stk[*n - 1], b->d, b->d_len);
}

/* Walks every line start outside tags, keeping the stack of standalone-opened
 * blocks whose content holds it. The measuring walk computes each block's
 * indentation (the blanks common to its non-blank lines, nested blocks
 * included); the applying walk records, for each line, the blanks to drop
 * (those of the innermost block: a hole) and makes the indentation of
 * blocks, partials and parents relative to the enclosing block. */
static void S_dedent_walk(S_comp *c, int measure)
{
	const char *s = c->src;
	S_blk *stk = NULL;
	size_t n = 0, cap = 0;
	uint32_t last_strip = 0; /* blanks dropped at the latest line start */
	for (size_t k = 0; k <= c->n_tags; k++) {
		uint32_t g0 = k ? c->tags[k - 1].end : 0;
		uint32_t g1 = k < c->n_tags ? c->tags[k].start : c->len;
		uint32_t line = g0;
		int at_line = g0 == 0;
		for (;;) {
			if (at_line && line < c->len) {
				while (n && line >= stk[n - 1].close_cut)
					S_pop_blk(c, stk, &n, measure);
				last_strip = 0;
				if (n) {
					uint32_t w = 0;
					while (line + w < g1 && S_is_blank(s[line + w]))
						w++;
					uint32_t e = line + w;
					int blank = e == c->len || s[e] == '\n' ||
					            (s[e] == '\r' && e + 1 < c->len && s[e + 1] == '\n');
					if (measure) {
						if (!blank)
							S_merge(s, &stk[n - 1], line, w);
					} else {
						last_strip = w < stk[n - 1].d_len ? w : stk[n - 1].d_len;
						if (last_strip) {
							S_RESERVE(c->holes, c->n_holes, c->cap_holes);
							c->holes[c->n_holes].off = line;
							c->holes[c->n_holes].len = last_strip;
							c->n_holes++;
						}
					}
				}
			}
			const char *nl = line < g1 ? memchr(s + line, '\n', g1 - line) : NULL;
			if (!nl)
				break;
			line = (uint32_t)(nl - s) + 1;
			at_line = 1;
		}
		if (k == c->n_tags)
			break;

		S_tag *tg = &c->tags[k];
		if (!measure && (tg->flags & TF_INDENT)) {
			/* first on its line: the latest line start is its own */
			tg->ind += last_strip;
			tg->ind_len -= last_strip;
		}
		if (tg->kind == K_BLOCK && (tg->flags & TF_SA_OPEN)) {
			S_RESERVE(stk, n, cap);
			S_blk *b = &stk[n];
			memset(b, 0, sizeof(*b));
			b->tag = (uint32_t)k;
			b->close_cut = c->tags[tg->match].cut_before;
			if (!measure) {
				b->d = tg->ind;
				b->d_len = tg->ind_len;
				uint32_t outer = n ? stk[n - 1].d_len : 0;
				uint32_t cut = outer < tg->ind_len ? outer : tg->ind_len;
				tg->ind += cut;
				tg->ind_len -= cut;
			}
			n++;
		} else if (tg->kind == K_CLOSE && n && stk[n - 1].tag == tg->match) {
			S_pop_blk(c, stk, &n, measure);
		}
	}
	while (n)
		S_pop_blk(c, stk, &n, measure);
	free(stk);
}

/* ---- pass 4: ops ---------------------------------------------------------------- */

static uint32_t S_new_op(S_comp *c, uint8_t kind)
{
	S_RESERVE(c->ops, c->n_ops, c->cap_ops);
	tpl_op *o = &c->ops[c->n_ops];
	memset(o, 0, sizeof(*o));
	o->kind = kind;
	o->jump = S_NONE;
	return (uint32_t)c->n_ops++;
}

static void S_text_op(S_comp *c, uint32_t a, uint32_t b)
{
	if (b <= a)
		return;
	uint32_t index = S_new_op(c, TPL_OP_TEXT); /* may move c->ops */
	tpl_op *o = &c->ops[index];
	o->text.off = a;
	o->text.len = b - a;
}

/* Emits src[a..b) as text, leaving out the holes of pass 3 (*h: the first
 * hole not yet passed). */
static void S_emit_text(S_comp *c, uint32_t a, uint32_t b, size_t *h)
{
	while (*h < c->n_holes && c->holes[*h].off < a)
		(*h)++;
	uint32_t p = a;
	while (*h < c->n_holes && c->holes[*h].off < b) {
		S_text_op(c, p, c->holes[*h].off);
		p = c->holes[*h].off + c->holes[*h].len;
		(*h)++;
	}
	S_text_op(c, p, b);
}

/* Splits o's dotted name into parts ("." has none). */
static void S_split(S_comp *c, tpl_op *o)
{
	const char *s = c->src;
	uint32_t a = o->text.off, e = a + o->text.len;
	o->part = (uint32_t)c->n_parts;
	o->nparts = 0;
	if (o->text.len == 1 && s[a] == '.')
		return;
	for (;;) {
		const char *dot = memchr(s + a, '.', e - a);
		uint32_t q = dot ? (uint32_t)(dot - s) : e;
		S_RESERVE(c->parts, c->n_parts, c->cap_parts);
		c->parts[c->n_parts].off = a;
		c->parts[c->n_parts].len = q - a;
		c->n_parts++;
		o->nparts++;
		if (!dot)
			break;
		a = q + 1;
	}
}

static uint32_t S_tag_op(S_comp *c, const S_tag *tg)
{
	static const uint8_t kinds[] = {
		[K_VAR] = TPL_OP_VAR, [K_RAW] = TPL_OP_RAW, [K_SECTION] = TPL_OP_SECTION,
		[K_INVERTED] = TPL_OP_INVERTED, [K_CLOSE] = TPL_OP_END, [K_PARTIAL] = TPL_OP_PARTIAL,
		[K_PARENT] = TPL_OP_PARENT, [K_BLOCK] = TPL_OP_BLOCK,
	};
	uint32_t index = S_new_op(c, kinds[tg->kind]);
	tpl_op *o = &c->ops[index];
	o->line = tg->line;
	o->col = tg->col;
	o->text.off = tg->name;
	o->text.len = tg->name_len;
	if (tg->flags & TF_DYNAMIC)
		o->flags |= TPL_OPF_DYNAMIC;
	int standalone = tg->kind == K_BLOCK ? (tg->flags & (TF_SA_OPEN | TF_PAIR)) != 0
	                                     : (tg->flags & TF_INDENT) != 0;
	if (standalone) {
		o->flags |= TPL_OPF_STANDALONE;
		o->indent.off = tg->ind;
		o->indent.len = tg->ind_len;
	}
	int dotted = o->kind == TPL_OP_VAR || o->kind == TPL_OP_RAW || o->kind == TPL_OP_SECTION ||
	             o->kind == TPL_OP_INVERTED || (o->flags & TPL_OPF_DYNAMIC);
	if (dotted)
		S_split(c, o);
	return index;
}

/* Pass 4. Inside a parent (mode ARGS) only block definitions are kept; what
 * is nested in anything else there (mode IGNORE) is dropped entirely. */
static void S_emit(S_comp *c)
{
	S_open *open = xmalloc((c->max_depth + 1) * sizeof(*open)); /* pass 1 bounded it */
	size_t n_open = 0, h = 0;
	for (size_t k = 0;; k++) {
		uint32_t a = k ? c->tags[k - 1].cut_after : 0;
		uint32_t b = k < c->n_tags ? c->tags[k].cut_before : c->len;
		uint8_t mode = n_open ? open[n_open - 1].mode : S_M_NORMAL;
		if (mode == S_M_NORMAL && b > a)
			S_emit_text(c, a, b, &h);
		if (k == c->n_tags)
			break;
		const S_tag *tg = &c->tags[k];
		switch (tg->kind) {
		case K_COMMENT:
		case K_DELIM:
			break;
		case K_CLOSE: {
			S_open o = open[--n_open];
			if (o.op != S_NONE) {
				uint32_t end = S_tag_op(c, tg);
				c->ops[end].jump = o.op;
				c->ops[o.op].jump = end;
			}
			break;
		}
		case K_SECTION:
		case K_INVERTED:
		case K_PARENT:
		case K_BLOCK:
			if (mode == S_M_NORMAL || (mode == S_M_ARGS && tg->kind == K_BLOCK)) {
				open[n_open].op = S_tag_op(c, tg);
				open[n_open].mode = tg->kind == K_PARENT ? S_M_ARGS : S_M_NORMAL;
			} else {
				open[n_open].op = S_NONE;
				open[n_open].mode = S_M_IGNORE;
			}
			n_open++;
			break;
		default: /* VAR RAW PARTIAL */
			if (mode == S_M_NORMAL)
				S_tag_op(c, tg);
			break;
		}
	}
	free(open);
}

/* Compiles t->src into t->ops and t->parts. Returns 0 or -1 with err filled
 * (t's ops and parts untouched). */
static int S_compile(tpl *t, tpl_error *err)
{
	S_comp c;
	memset(&c, 0, sizeof(c));
	c.src = t->src;
	c.len = (uint32_t)t->len;
	c.file = t->filename;
	c.err = err;
	c.line = 1;
	c.col = 1;
	int rc = -1;
	if (S_scan(&c) != 0)
		goto out;
	S_standalone(&c);
	if (c.has_sa_blocks) {
		S_dedent_walk(&c, 1);
		S_dedent_walk(&c, 0);
	}
	S_emit(&c);
	t->ops = c.ops;
	t->n_ops = (uint32_t)c.n_ops;
	t->parts = c.parts;
	t->n_parts = (uint32_t)c.n_parts;
	t->part_hash = xmalloc((c.n_parts + 1) * sizeof(uint32_t));
	for (size_t i = 0; i < c.n_parts; i++)
		t->part_hash[i] = tpl_name_hash(t->src + c.parts[i].off, c.parts[i].len);
	c.ops = NULL;
	c.parts = NULL;
	rc = 0;
out:
	free(c.tags);
	free(c.stack);
	free(c.holes);
	free(c.ops);
	free(c.parts);
	return rc;
}

int tpl_set_add(tpl_set *set, const char *name, const char *src, size_t len, const char *filename,
                tpl_error *err)
{
	tpl_msgname m;
	size_t name_len = strlen(name);
	if (!filename)
		filename = name;
	if (set->linked) {
		tpl__error(err, filename, 1, 1, "cannot add template '%s' after tpl_set_link",
		           tpl__msgname(&m, name, name_len));
		return -1;
	}
	if (tpl__find(set, name, name_len)) {
		tpl__error(err, filename, 1, 1, "template '%s' is already in the set", tpl__msgname(&m, name, name_len));
		return -1;
	}
	if (len > TPL_MAX_SOURCE) {
		tpl__error(err, filename, 1, 1, "template is larger than 4 GiB");
		return -1;
	}
	tpl *t = xcalloc(1, sizeof(*t));
	t->set = set;
	t->name = xstrndup(name, name_len);
	t->name_len = name_len;
	t->filename = xstrdup(filename);
	t->src = xmalloc(len + 1);
	if (len)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->len = len;
	if (S_compile(t, err) != 0) {
		S_tpl_free(t);
		return -1;
	}
	S_index_add(set, t);
	S_RESERVE(set->items, set->n, set->cap);
	set->items[set->n++] = t;
	return 0;
}
