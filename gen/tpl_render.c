/* tpl_render.c - runs a compiled template (see tpl_impl.h) against a data
 * provider, appending to the caller's buffer; and HTML escaping.
 *
 * The renderer is one loop over ops with explicit stacks instead of C
 * recursion, so nesting is bounded by TPL_MAX_DEPTH frames rather than by the
 * thread's stack:
 *   frames   one per open section, partial or parent call, and block being
 *            rendered: where to go back to and what to restore;
 *   contexts the context stack (the root, then one entry per section);
 *   chain    the parent calls in progress, outermost first: a block renders
 *            the first override found from the outermost caller inward, so
 *            the top-level template has the last word (spec ~inheritance);
 *   indents  the indentation of standalone partials, parents and blocks,
 *            written before each line of template text they render.
 * Each stack starts in an array inside the render state and moves to the heap
 * only if a render nests deeper, so an ordinary render allocates nothing but
 * what it appends to out. The set is only read, so renders may run in
 * parallel on one set.
 */
#include "tpl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpl_impl.h"
#include "util.h"

/* ---- escaping ------------------------------------------------------------- */

/* Bytes each character grows by when escaped (0: kept as is). The ' entry
 * applies only with apos. */
static const unsigned char S_grow_by[256] = {
	['&'] = 4, ['<'] = 3, ['>'] = 3, ['"'] = 5, ['\''] = 4,
};

static const char *S_entity(unsigned char ch)
{
	switch (ch) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	default: return "&#39;";
	}
}

static int S_needs_escape(unsigned char ch, int apos)
{
	return S_grow_by[ch] && (ch != '\'' || apos);
}

void tpl_escape_html(buf *out, const char *s, size_t len, int apos)
{
	if (!len)
		return; /* s may be NULL then */
	size_t run = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (!S_needs_escape(ch, apos))
			continue;
		buf_add(out, s + run, i - run);
		buf_adds(out, S_entity(ch));
		run = i + 1;
	}
	buf_add(out, s + run, len - run);
}

/* Escapes out->ptr[from..len) in place: the text was appended unescaped by
 * the provider; growing once and rewriting from the end avoids a copy. */
static void S_escape_tail(buf *out, size_t from, int apos)
{
	size_t extra = 0;
	for (size_t i = from; i < out->len; i++) {
		unsigned char ch = (unsigned char)out->ptr[i];
		if (S_needs_escape(ch, apos))
			extra += S_grow_by[ch];
	}
	if (!extra)
		return;
	buf_grow(out, extra);
	char *p = out->ptr;
	size_t r = out->len, w = out->len + extra;
	while (r > from) {
		unsigned char ch = (unsigned char)p[--r];
		if (S_needs_escape(ch, apos)) {
			size_t n = (size_t)S_grow_by[ch] + 1;
			w -= n;
			memcpy(p + w, S_entity(ch), n);
		} else {
			p[--w] = (char)ch;
		}
	}
	out->len += extra;
	p[out->len] = '\0';
}

/* ---- render state ------------------------------------------------------------ */

enum { F_SECTION, F_CALL, F_BLOCK };

typedef struct S_frame {
	uint8_t kind;
	const tpl *ret_t;     /* F_CALL, F_BLOCK: where rendering resumes */
	uint32_t ret_pc;
	uint32_t n_indent;    /* F_CALL, F_BLOCK: indent stack height to restore */
	uint32_t n_chain;     /* F_CALL: chain height to restore */
	const void *list;     /* F_SECTION: the list iterated, NULL for one pass */
	size_t i, n;          /*   current item and item count */
} S_frame;

typedef struct S_ctx {
	const void *v;
	tpl_kind k;           /* cached: name lookups test every level's kind */
} S_ctx;

typedef struct S_link {
	const tpl *t;         /* a parent call in progress: its template ... */
	uint32_t op;          /* ... and its PARENT op, whose body holds the overrides */
} S_link;

typedef struct S_indent {
	const char *s;
	size_t len;
	size_t total;         /* sum of the lengths up to and including this one */
} S_indent;

#define S_INLINE 32

typedef struct S_state {
	const tpl_provider *p;
	void *self;
	buf *out;
	tpl_error *err;
	unsigned flags;       /* the set's */
	int bol;              /* output is at the start of a template line: the
	                       * indentation is due before anything but a newline
	                       * (tracked only while indents are pushed) */
	size_t steps, max_steps, max_out, out0;
	S_frame *fr;
	size_t n_fr, cap_fr;
	S_ctx *cx;
	size_t n_cx, cap_cx;
	S_link *ch;
	size_t n_ch, cap_ch;
	S_indent *in;
	size_t n_in, cap_in;
	S_frame fr0[S_INLINE];
	S_ctx cx0[S_INLINE];
	S_link ch0[S_INLINE];
	S_indent in0[S_INLINE];
} S_state;

/* Doubles a stack's capacity, moving it off the inline array the first time. */
static void *S_grow(void *arr, size_t *cap, size_t size, const void *inline_arr)
{
	size_t n = *cap * 2;
	void *p;
	if (arr == inline_arr) {
		p = xmalloc(n * size);
		memcpy(p, arr, *cap * size);
	} else {
		p = xrealloc(arr, n * size);
	}
	*cap = n;
	return p;
}

#define S_PUSH(st, arr, n, cap, arr0) \
	((st)->n == (st)->cap ? (void)((st)->arr = S_grow((st)->arr, &(st)->cap, sizeof(*(st)->arr), (st)->arr0)) : (void)0, \
	 &(st)->arr[(st)->n++])

static size_t S_indent_total(const S_state *st)
{
	return st->n_in ? st->in[st->n_in - 1].total : 0;
}

static void S_push_indent(S_state *st, const tpl *t, tpl_span ind)
{
	if (!ind.len)
		return;
	size_t total = S_indent_total(st) + ind.len;
	S_indent *e = S_PUSH(st, in, n_in, cap_in, in0);
	e->s = t->src + ind.off;
	e->len = ind.len;
	e->total = total;
}

static void S_flush_indent(S_state *st)
{
	for (size_t i = 0; i < st->n_in; i++)
		buf_add(st->out, st->in[i].s, st->in[i].len);
}

/* Appends template text, writing the indentation at each line start. Blank
 * lines stay blank: the indentation goes only before other characters. */
static void S_text(S_state *st, const char *s, size_t n)
{
	if (!st->n_in) {
		buf_add(st->out, s, n);
		return;
	}
	while (n) {
		if (st->bol) {
			if (s[0] != '\n' && !(s[0] == '\r' && n > 1 && s[1] == '\n'))
				S_flush_indent(st);
			st->bol = 0;
		}
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		buf_add(st->out, s, k);
		s += k;
		n -= k;
		if (nl)
			st->bol = 1;
	}
}

static int S_fail(S_state *st, const tpl *t, const tpl_op *o, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int S_fail(S_state *st, const tpl *t, const tpl_op *o, const char *fmt, ...)
{
	char msg[sizeof(st->err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tpl__error(st->err, t->filename, o->line ? o->line : 1, o->line ? o->col : 1, "%s", msg);
	return -1;
}

static int S_push_frame(S_state *st, const tpl *t, const tpl_op *o, S_frame **f)
{
	if (st->n_fr >= TPL_MAX_DEPTH)
		return S_fail(st, t, o, "nested deeper than %d levels at render (recursive partial?)", TPL_MAX_DEPTH);
	*f = S_PUSH(st, fr, n_fr, cap_fr, fr0);
	memset(*f, 0, sizeof(**f));
	return 0;
}

static tpl_kind S_kind(const S_state *st, const void *v)
{
	return v ? st->p->kind(st->self, v) : TPL_NULL;
}

static void S_push_ctx(S_state *st, const void *v)
{
	S_ctx *c = S_PUSH(st, cx, n_cx, cap_cx, cx0);
	c->v = v;
	c->k = S_kind(st, v);
}

/* The value of o's dotted name, or NULL when it is undefined. The first part
 * is looked up from the innermost context outward; the others member by
 * member from there, and a missing member ends the lookup (no fallback to
 * outer contexts). */
uint32_t tpl_name_hash(const char *key, size_t keylen)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < keylen; i++) {
		h ^= (unsigned char)key[i];
		h *= 16777619u;
	}
	return h;
}

static const void *S_get(const S_state *st, const void *obj, const char *key, size_t len, uint32_t hash)
{
	if (st->p->get_hashed)
		return st->p->get_hashed(st->self, obj, key, len, hash);
	return st->p->get(st->self, obj, key, len);
}

static const void *S_resolve(const S_state *st, const tpl *t, const tpl_op *o, tpl_kind *kind)
{
	if (!o->nparts) {
		*kind = st->cx[st->n_cx - 1].k;
		return st->cx[st->n_cx - 1].v;
	}
	const tpl_span *part = t->parts + o->part;
	const uint32_t *hash = t->part_hash + o->part;
	const void *v = NULL;
	for (size_t i = st->n_cx; i-- > 0;) {
		if (st->cx[i].k != TPL_OBJECT)
			continue;
		v = S_get(st, st->cx[i].v, t->src + part[0].off, part[0].len, hash[0]);
		if (v)
			break;
	}
	for (uint32_t j = 1; v && j < o->nparts; j++) {
		if (S_kind(st, v) != TPL_OBJECT)
			return NULL;
		v = S_get(st, v, t->src + part[j].off, part[j].len, hash[j]);
	}
	if (v)
		*kind = S_kind(st, v);
	return v;
}

/* The template a dynamic {{>*name}} / {{<*name}} names: the text of the
 * name's value. *target is NULL when there is none (an error in strict mode,
 * empty output otherwise). The text is appended to out for the lookup and
 * removed again, so no allocation is needed. */
static int S_dynamic(S_state *st, const tpl *t, const tpl_op *o, const tpl **target)
{
	int strict = (st->flags & TPL_STRICT) != 0;
	tpl_msgname m1, m2;
	const char *name = tpl__msgname(&m1, t->src + o->text.off, o->text.len);
	tpl_kind k = TPL_NULL;
	const void *v = S_resolve(st, t, o, &k);
	*target = NULL;
	if (!v)
		return strict ? S_fail(st, t, o, "undefined name '%s'", name) : 0;
	if (k != TPL_STRING && k != TPL_NUMBER)
		return strict ? S_fail(st, t, o, "dynamic name '%s' is not a string or number", name) : 0;
	buf *out = st->out;
	size_t mark = out->len;
	st->p->text(st->self, v, out);
	*target = tpl__find(t->set, out->ptr + mark, out->len - mark);
	int rc = 0;
	if (!*target && strict)
		rc = S_fail(st, t, o, "%s '%s' not found (dynamic name '*%s')",
		            o->kind == TPL_OP_PARENT ? "parent" : "partial",
		            tpl__msgname(&m2, out->ptr + mark, out->len - mark), name);
	buf_truncate(out, mark);
	return rc;
}

/* Finds the override of block `name`: the first definition in the parent
 * calls in progress, from the outermost. Returns 1 and sets *bt, *bpc to the
 * definition's BLOCK op, or returns 0. */
static int S_override(S_state *st, const char *name, size_t len, const tpl **bt, uint32_t *bpc)
{
	for (size_t i = 0; i < st->n_ch; i++) {
		const tpl *pt = st->ch[i].t;
		uint32_t end = pt->ops[st->ch[i].op].jump;
		for (uint32_t j = st->ch[i].op + 1; j < end; j = pt->ops[j].jump + 1) {
			const tpl_op *d = &pt->ops[j];
			st->steps++;
			if (d->text.len == len && memcmp(pt->src + d->text.off, name, len) == 0) {
				*bt = pt;
				*bpc = j;
				return 1;
			}
		}
	}
	return 0;
}

static void S_release(S_state *st)
{
	if (st->fr != st->fr0)
		free(st->fr);
	if (st->cx != st->cx0)
		free(st->cx);
	if (st->ch != st->ch0)
		free(st->ch);
	if (st->in != st->in0)
		free(st->in);
}

/* The render loop. t/pc is the op being run; a template ends when pc runs
 * past its last op, and then the frame of the call that entered it says
 * where to resume. */
static int S_run(S_state *st, const tpl *t)
{
	const tpl_provider *p = st->p;
	buf *out = st->out;
	int apos = (st->flags & TPL_ESCAPE_APOS) != 0;
	int strict = (st->flags & TPL_STRICT) != 0;
	uint32_t pc = 0;
	for (;;) {
		if (pc >= t->n_ops) {
			if (!st->n_fr)
				return 0;
			const S_frame *f = &st->fr[--st->n_fr]; /* the F_CALL that entered t */
			st->n_in = f->n_indent;
			st->n_ch = f->n_chain;
			t = f->ret_t;
			pc = f->ret_pc;
			continue;
		}
		const tpl_op *o = &t->ops[pc];
		if (st->max_steps && ++st->steps > st->max_steps)
			return S_fail(st, t, o, "render limit exceeded");
		if (st->max_out && out->len - st->out0 > st->max_out)
			return S_fail(st, t, o, "render limit exceeded");

		switch (o->kind) {
		case TPL_OP_TEXT:
			S_text(st, t->src + o->text.off, o->text.len);
			pc++;
			break;

		case TPL_OP_VAR:
		case TPL_OP_RAW: {
			tpl_kind k = TPL_NULL;
			const void *v = S_resolve(st, t, o, &k);
			pc++;
			if (!v) {
				if (strict) {
					tpl_msgname m;
					return S_fail(st, t, o, "undefined name '%s'",
					              tpl__msgname(&m, t->src + o->text.off, o->text.len));
				}
				break;
			}
			if (k == TPL_NULL || k == TPL_LIST || k == TPL_OBJECT)
				break; /* nothing to print */
			size_t mark0 = out->len;
			if (st->bol && st->n_in)
				S_flush_indent(st);
			size_t mark = out->len;
			p->text(st->self, v, out);
			if (out->len == mark) {
				buf_truncate(out, mark0); /* printed nothing: the indentation waits */
				break;
			}
			st->bol = 0;
			if (o->kind == TPL_OP_VAR)
				S_escape_tail(out, mark, apos);
			break;
		}

		case TPL_OP_SECTION: {
			tpl_kind k = TPL_NULL;
			const void *v = S_resolve(st, t, o, &k);
			size_t n = 1;
			if (!v || k == TPL_NULL || k == TPL_FALSE || (k == TPL_LIST && !(n = p->count(st->self, v)))) {
				pc = o->jump + 1;
				break;
			}
			S_frame *f;
			if (S_push_frame(st, t, o, &f) != 0)
				return -1;
			f->kind = F_SECTION;
			if (k == TPL_LIST) {
				f->list = v;
				f->n = n;
				S_push_ctx(st, p->item(st->self, v, 0));
			} else {
				S_push_ctx(st, v);
			}
			pc++;
			break;
		}

		case TPL_OP_INVERTED: {
			tpl_kind k = TPL_NULL;
			const void *v = S_resolve(st, t, o, &k);
			int falsey = !v || k == TPL_NULL || k == TPL_FALSE || (k == TPL_LIST && !p->count(st->self, v));
			pc = falsey ? pc + 1 : o->jump + 1;
			break;
		}

		case TPL_OP_PARTIAL:
		case TPL_OP_PARENT: {
			const tpl *target = o->target;
			if ((o->flags & TPL_OPF_DYNAMIC) && S_dynamic(st, t, o, &target) != 0)
				return -1;
			uint32_t next = o->kind == TPL_OP_PARENT ? o->jump + 1 : pc + 1;
			if (!target) {
				pc = next;
				break;
			}
			S_frame *f;
			if (S_push_frame(st, t, o, &f) != 0)
				return -1;
			f->kind = F_CALL;
			f->ret_t = t;
			f->ret_pc = next;
			f->n_indent = (uint32_t)st->n_in;
			f->n_chain = (uint32_t)st->n_ch;
			if (o->kind == TPL_OP_PARENT) {
				S_link *l = S_PUSH(st, ch, n_ch, cap_ch, ch0);
				l->t = t;
				l->op = pc;
			}
			if (o->flags & TPL_OPF_STANDALONE) {
				S_push_indent(st, t, o->indent);
				st->bol = 1;
			}
			t = target;
			pc = 0;
			break;
		}

		case TPL_OP_BLOCK: {
			const tpl *bt = t;
			uint32_t bpc = pc;
			S_override(st, t->src + o->text.off, o->text.len, &bt, &bpc);
			S_frame *f;
			if (S_push_frame(st, t, o, &f) != 0)
				return -1;
			f->kind = F_BLOCK;
			f->ret_t = t;
			f->ret_pc = o->jump + 1;
			f->n_indent = (uint32_t)st->n_in;
			if (o->flags & TPL_OPF_STANDALONE) {
				S_push_indent(st, t, o->indent); /* the site's, for any content */
				st->bol = 1;
			}
			t = bt;
			pc = bpc + 1;
			break;
		}

		case TPL_OP_END: {
			const tpl_op *open = &t->ops[o->jump];
			if (open->kind == TPL_OP_SECTION) {
				S_frame *f = &st->fr[st->n_fr - 1];
				if (f->list && ++f->i < f->n) {
					const void *item = p->item(st->self, f->list, f->i);
					st->cx[st->n_cx - 1].v = item;
					st->cx[st->n_cx - 1].k = S_kind(st, item);
					pc = o->jump + 1;
				} else {
					st->n_cx--;
					st->n_fr--;
					pc++;
				}
			} else if (open->kind == TPL_OP_BLOCK) {
				const S_frame *f = &st->fr[--st->n_fr];
				st->n_in = f->n_indent;
				t = f->ret_t;
				pc = f->ret_pc;
			} else {
				pc++; /* INVERTED; a PARENT's END is never reached */
			}
			break;
		}

		default:
			pc++;
			break;
		}
	}
}

int tpl_render_limited(const tpl *t, const tpl_provider *provider, void *self, const void *root,
                       buf *out, size_t max_steps, size_t max_out, tpl_error *err)
{
	if (!t->set->linked) {
		tpl__error(err, t->filename, 1, 1, "template set is not linked");
		return -1;
	}
	S_state st;
	st.p = provider;
	st.self = self;
	st.out = out;
	st.err = err;
	st.flags = t->set->flags;
	st.bol = 1;
	st.steps = 0;
	st.max_steps = max_steps;
	st.max_out = max_out;
	st.out0 = out->len;
	st.fr = st.fr0;
	st.cx = st.cx0;
	st.ch = st.ch0;
	st.in = st.in0;
	st.n_fr = st.n_cx = st.n_ch = st.n_in = 0;
	st.cap_fr = st.cap_cx = st.cap_ch = st.cap_in = S_INLINE;
	S_push_ctx(&st, root);
	int rc = S_run(&st, t);
	S_release(&st);
	return rc;
}

int tpl_render(const tpl *t, const tpl_provider *provider, void *self, const void *root, buf *out,
               tpl_error *err)
{
	return tpl_render_limited(t, provider, self, root, out, 0, 0, err);
}
