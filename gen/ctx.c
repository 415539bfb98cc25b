#include "ctx.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

/* ---- arena ---------------------------------------------------------------- */

#define ARENA_MIN_BLOCK (64 * 1024)

struct arena_block {
	arena_block *next;
	size_t size;
	max_align_t data[];
};

void arena_init(arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void *arena_alloc(arena *a, size_t n)
{
	n = (n + sizeof(max_align_t) - 1) & ~(sizeof(max_align_t) - 1);
	if (!a->head || a->head->size - a->used < n) {
		size_t size = ARENA_MIN_BLOCK;
		if (a->head && a->head->size * 2 > size)
			size = a->head->size * 2;
		while (size < n)
			size *= 2;
		arena_block *b = xmalloc(sizeof(arena_block) + size);
		b->size = size;
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	void *p = (char *)a->head->data + a->used;
	a->used += n;
	return p;
}

void arena_reset(arena *a)
{
	/* Keep the newest (largest) block so the next page of similar size needs
	 * no allocation at all. */
	if (!a->head)
		return;
	arena_block *b = a->head->next;
	while (b) {
		arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head->next = NULL;
	a->used = 0;
}

void arena_release(arena *a)
{
	arena_reset(a);
	free(a->head);
	arena_init(a);
}

/* ---- values --------------------------------------------------------------- */

static cval *S_new(arena *a, tpl_kind kind)
{
	cval *v = arena_alloc(a, sizeof(cval));
	memset(v, 0, sizeof(*v));
	v->kind = kind;
	return v;
}

cval *ctx_obj(arena *a) { return S_new(a, TPL_OBJECT); }
cval *ctx_list(arena *a) { return S_new(a, TPL_LIST); }

cval *ctx_push(arena *a, cval *list, cval *item)
{
	if (list->n_items == list->cap_items) {
		size_t cap = list->cap_items ? list->cap_items * 2 : 8;
		cval **items = arena_alloc(a, cap * sizeof(cval *));
		if (list->n_items)
			memcpy(items, list->items, list->n_items * sizeof(cval *));
		list->items = items;
		list->cap_items = cap;
	}
	list->items[list->n_items++] = item;
	return item;
}

cval *ctx_str(arena *a, const char *s, size_t len)
{
	cval *v = S_new(a, TPL_STRING);
	char *copy = arena_alloc(a, len + 1);
	memcpy(copy, s, len);
	copy[len] = '\0';
	v->str = copy;
	v->len = len;
	return v;
}

cval *ctx_lit(arena *a, const char *s)
{
	if (!s)
		return S_new(a, TPL_NULL);
	cval *v = S_new(a, TPL_STRING);
	v->str = s;
	v->len = strlen(s);
	return v;
}

cval *ctx_num(arena *a, double x)
{
	cval *v = S_new(a, TPL_NUMBER);
	v->num = x;
	return v;
}

cval *ctx_bool(arena *a, bool b)
{
	return S_new(a, b ? TPL_TRUE : TPL_FALSE);
}

/* Appends m to its bucket's chain (at the end, so the first member with a
 * key stays the one found). */
static void S_index_add(cval *obj, cmember *m)
{
	cmember **slot = &obj->index[m->hash % CTX_BUCKETS];
	while (*slot)
		slot = &(*slot)->chain;
	*slot = m;
}

static int S_same(const char *a, const char *b, size_t n)
{
	while (n && *a == *b)
		a++, b++, n--;
	return n == 0;
}

/* The first member of obj named key[0..len), whose tpl_name_hash is h, or
 * NULL: through the index when obj has one, else along the members. */
static cmember *S_member_h(const cval *obj, const char *key, size_t len, uint32_t h)
{
	cmember *m = obj->index ? obj->index[h % CTX_BUCKETS] : obj->first;
	for (; m; m = obj->index ? m->chain : m->next)
		if (m->hash == h && m->keylen == len && S_same(m->key, key, len))
			return m;
	return NULL;
}

static cmember *S_member(const cval *obj, const char *key, size_t len)
{
	return S_member_h(obj, key, len, tpl_name_hash(key, len));
}

cval *ctx_set(arena *a, cval *obj, const char *key, cval *value)
{
	cmember *m = arena_alloc(a, sizeof(cmember));
	m->key = key;
	m->keylen = strlen(key);
	m->hash = tpl_name_hash(key, m->keylen);
	m->value = value;
	m->next = NULL;
	m->chain = NULL;
	if (obj->last)
		obj->last->next = m;
	else
		obj->first = m;
	obj->last = m;
	obj->n_members++;
	if (obj->index) {
		S_index_add(obj, m);
	} else if (obj->n_members == CTX_INDEX_AT) {
		obj->index = arena_alloc(a, CTX_BUCKETS * sizeof(cmember *));
		memset(obj->index, 0, CTX_BUCKETS * sizeof(cmember *));
		for (cmember *e = obj->first; e; e = e->next)
			S_index_add(obj, e);
	}
	return value;
}

cval *ctx_put(arena *a, cval *obj, const char *key, cval *value)
{
	cmember *m = S_member(obj, key, strlen(key));
	if (m) {
		m->value = value;
		return value;
	}
	return ctx_set(a, obj, key, value);
}

cval *ctx_set_str(arena *a, cval *obj, const char *key, const char *s)
{
	return ctx_set(a, obj, key, s ? ctx_str(a, s, strlen(s)) : S_new(a, TPL_NULL));
}

cval *ctx_set_lit(arena *a, cval *obj, const char *key, const char *s)
{
	return ctx_set(a, obj, key, ctx_lit(a, s));
}

cval *ctx_set_num(arena *a, cval *obj, const char *key, double v)
{
	return ctx_set(a, obj, key, ctx_num(a, v));
}

cval *ctx_set_bool(arena *a, cval *obj, const char *key, bool v)
{
	return ctx_set(a, obj, key, ctx_bool(a, v));
}

cval *ctx_set_fmt(arena *a, cval *obj, const char *key, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(small))
		return ctx_set(a, obj, key, ctx_str(a, small, (size_t)n));
	char *big = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	cval *v = S_new(a, TPL_STRING);
	v->str = big;
	v->len = (size_t)n;
	return ctx_set(a, obj, key, v);
}

cval *ctx_set_obj(arena *a, cval *obj, const char *key)
{
	return ctx_set(a, obj, key, ctx_obj(a));
}

cval *ctx_set_list(arena *a, cval *obj, const char *key)
{
	return ctx_set(a, obj, key, ctx_list(a));
}

cval *ctx_get(const cval *obj, const char *key)
{
	if (!obj || obj->kind != TPL_OBJECT)
		return NULL;
	cmember *m = S_member(obj, key, strlen(key));
	return m ? m->value : NULL;
}

/* ---- numbers as text ------------------------------------------------------ */

static void S_num_text(double v, buf *out)
{
	char tmp[40];
	if (!isfinite(v))
		buf_adds(out, "null");
	else if (v == floor(v) && fabs(v) < 1e15)
		buf_add(out, tmp, (size_t)snprintf(tmp, sizeof(tmp), "%.0f", v));
	else {
		/* The shortest form that reads back as the same double. */
		int n = 0;
		for (int prec = 15; prec <= 17; prec++) {
			n = snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
			if (strtod(tmp, NULL) == v)
				break;
		}
		buf_add(out, tmp, (size_t)n);
	}
}

/* ---- JSON ----------------------------------------------------------------- */

static void S_indent(buf *out, int depth, bool pretty)
{
	if (!pretty)
		return;
	buf_addc(out, '\n');
	for (int i = 0; i < depth; i++)
		buf_add(out, "  ", 2);
}

static void S_json(const cval *v, buf *out, bool pretty, int depth)
{
	switch (v->kind) {
	case TPL_NULL: buf_adds(out, "null"); break;
	case TPL_FALSE: buf_adds(out, "false"); break;
	case TPL_TRUE: buf_adds(out, "true"); break;
	case TPL_NUMBER: S_num_text(v->num, out); break;
	case TPL_STRING: esc_json_string(out, v->str, v->len); break;
	case TPL_LIST:
		buf_addc(out, '[');
		for (size_t i = 0; i < v->n_items; i++) {
			if (i)
				buf_addc(out, ',');
			S_indent(out, depth + 1, pretty);
			S_json(v->items[i], out, pretty, depth + 1);
		}
		if (v->n_items)
			S_indent(out, depth, pretty);
		buf_addc(out, ']');
		break;
	case TPL_OBJECT:
		buf_addc(out, '{');
		for (cmember *m = v->first; m; m = m->next) {
			if (m != v->first)
				buf_addc(out, ',');
			S_indent(out, depth + 1, pretty);
			esc_json_string(out, m->key, m->keylen);
			buf_add(out, pretty ? ": " : ":", pretty ? 2 : 1);
			S_json(m->value, out, pretty, depth + 1);
		}
		if (v->first)
			S_indent(out, depth, pretty);
		buf_addc(out, '}');
		break;
	}
}

void ctx_to_json(const cval *v, buf *out, bool pretty)
{
	S_json(v, out, pretty, 0);
}

/* ---- provider ------------------------------------------------------------- */

static tpl_kind S_kind(void *self, const void *value)
{
	(void)self;
	const cval *v = value;
	return v ? v->kind : TPL_NULL;
}

static const void *S_get(void *self, const void *value, const char *key, size_t keylen)
{
	(void)self;
	const cval *v = value;
	if (!v || v->kind != TPL_OBJECT)
		return NULL;
	cmember *m = S_member(v, key, keylen);
	return m ? m->value : NULL;
}

static const void *S_get_hashed(void *self, const void *value, const char *key, size_t keylen, uint32_t hash)
{
	(void)self;
	const cval *v = value;
	if (!v || v->kind != TPL_OBJECT)
		return NULL;
	cmember *m = S_member_h(v, key, keylen, hash);
	return m ? m->value : NULL;
}

static size_t S_count(void *self, const void *value)
{
	(void)self;
	const cval *v = value;
	return v && v->kind == TPL_LIST ? v->n_items : 0;
}

static const void *S_item(void *self, const void *value, size_t i)
{
	(void)self;
	const cval *v = value;
	return v->items[i];
}

static void S_text(void *self, const void *value, buf *out)
{
	(void)self;
	const cval *v = value;
	switch (v->kind) {
	case TPL_STRING: buf_add(out, v->str, v->len); break;
	case TPL_NUMBER: S_num_text(v->num, out); break;
	case TPL_TRUE: buf_adds(out, "true"); break;
	case TPL_FALSE: buf_adds(out, "false"); break;
	default: break;
	}
}

const tpl_provider ctx_provider = { S_kind, S_get, S_count, S_item, S_text, S_get_hashed };
