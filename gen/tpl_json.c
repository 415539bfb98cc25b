/* tpl_json.c - tpl_json_provider: the Mustache engine reading cJSON values.
 *
 * Values are `const cJSON *`. Objects are looked up with the semantics of
 * cJSON_GetObjectItemCaseSensitive (the first member with exactly that key),
 * but with a length, so keys need not be NUL-terminated. cJSON arrays are
 * linked lists: item(i) walks from the first item unless self is a
 * tpl_json_cursor (see tpl.h), which remembers the last position per list.
 */
#include "tpl.h"

#include <cJSON.h>
#include <stdio.h>
#include <string.h>

static tpl_kind S_kind(void *self, const void *value)
{
	(void)self;
	const cJSON *v = value;
	if (!v)
		return TPL_NULL;
	switch (v->type & 0xFF) {
	case cJSON_False: return TPL_FALSE;
	case cJSON_True: return TPL_TRUE;
	case cJSON_Number: return TPL_NUMBER;
	case cJSON_String:
	case cJSON_Raw: return TPL_STRING;
	case cJSON_Array: return TPL_LIST;
	case cJSON_Object: return TPL_OBJECT;
	default: return TPL_NULL; /* cJSON_NULL, cJSON_Invalid */
	}
}

static const void *S_get(void *self, const void *value, const char *key, size_t keylen)
{
	(void)self;
	const cJSON *v = value;
	if (!v || !cJSON_IsObject(v) || memchr(key, '\0', keylen))
		return NULL; /* a cJSON key never holds a NUL byte */
	for (const cJSON *m = v->child; m; m = m->next)
		if (m->string && strncmp(m->string, key, keylen) == 0 && m->string[keylen] == '\0')
			return m;
	return NULL;
}

static size_t S_count(void *self, const void *value)
{
	(void)self;
	const cJSON *v = value;
	size_t n = 0;
	if (v && cJSON_IsArray(v))
		for (const cJSON *c = v->child; c; c = c->next)
			n++;
	return n;
}

static const void *S_item(void *self, const void *value, size_t i)
{
	const cJSON *list = value;
	tpl_json_cursor *cur = self;
	if (!cur) {
		const cJSON *c = list->child;
		while (c && i--)
			c = c->next;
		return c;
	}
	size_t s = 0;
	while (s < TPL_JSON_CURSOR_SLOTS && cur->slot[s].list != list)
		s++;
	if (s == TPL_JSON_CURSOR_SLOTS || i < cur->slot[s].i) {
		if (s == TPL_JSON_CURSOR_SLOTS)
			s = cur->next++ % TPL_JSON_CURSOR_SLOTS;
		cur->slot[s].list = list;
		cur->slot[s].i = 0;
		cur->slot[s].item = list->child;
	}
	const cJSON *c = cur->slot[s].item;
	size_t at = cur->slot[s].i;
	while (c && at < i) {
		c = c->next;
		at++;
	}
	cur->slot[s].i = at;
	cur->slot[s].item = c;
	return c;
}

static void S_text(void *self, const void *value, buf *out)
{
	(void)self;
	const cJSON *v = value;
	switch (S_kind(NULL, v)) {
	case TPL_STRING:
		if (v->valuestring)
			buf_adds(out, v->valuestring);
		break;
	case TPL_NUMBER: {
		double d = v->valuedouble;
		char tmp[64];
		/* integral values print without a fraction ("85", not "85.0"); the
		 * bounds keep the conversion to long long defined */
		if (d > -9.2e18 && d < 9.2e18 && (double)(long long)d == d)
			snprintf(tmp, sizeof(tmp), "%lld", (long long)d);
		else
			snprintf(tmp, sizeof(tmp), "%.15g", d);
		buf_adds(out, tmp);
		break;
	}
	case TPL_TRUE: buf_adds(out, "true"); break;
	case TPL_FALSE: buf_adds(out, "false"); break;
	default: break;
	}
}

const tpl_provider tpl_json_provider = { S_kind, S_get, S_count, S_item, S_text, NULL };
