/* load.c - data/ → catalog, with every validation error reported.
 *
 * Each file is parsed with cJSON, then read through a table of field specs
 * (key, type, range, where it lands in the struct), so the checks every field
 * needs — presence, type, finiteness, range, unknown and duplicate keys — are
 * written once. Rules that involve several fields follow in S_check_model and
 * S_check_hardware. Nothing here prints: problems go into the diag_list.
 */
#include "load.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "buf.h"
#include "jsonsyntax.h"
#include "md.h"
#include "util.h"

/* Limits that keep a typo from becoming a plausible number. */
#define SLUG_MAX_LEN 80
#define STRING_MAX_LEN 20000

typedef enum ftype {
	T_STR,    /* char *, non-empty */
	T_URL,    /* char *, http(s) URL without spaces */
	T_SLUG,   /* char *, [a-z0-9][a-z0-9.-]*, no ".." */
	T_DATE,   /* char *, YYYY-MM-DD or YYYY-MM */
	T_INT,    /* int in [min, max] */
	T_NUM,    /* double in [min, max], finite */
	T_BOOL,   /* bool */
	T_URLV,   /* char ** + size_t count at off2: array of URLs */
	T_OBJ,    /* nested object read with `sub` */
	T_CUSTOM, /* known key, read by hand after the table pass */
} ftype;

typedef struct fspec {
	const char *key;
	ftype type;
	int required;
	size_t off;
	size_t off2;
	double min, max;
	const struct fspec *sub;
} fspec;

#define END_SPEC { NULL, T_STR, 0, 0, 0, 0, 0, NULL }

/* One file being read: where errors go and how they are labelled. */
typedef struct reader {
	const char *file;
	diag_list *diags;
	int errors; /* errors reported for this file */
} reader;

static void S_err(reader *rd, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void S_err(reader *rd, const char *path, const char *fmt, ...)
{
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_add(rd->diags, "%s: error: %s: %s", rd->file, path, b.ptr);
	buf_release(&b);
	rd->errors++;
}

static const char *S_type_name(const cJSON *item)
{
	if (cJSON_IsString(item)) return "a string";
	if (cJSON_IsNumber(item)) return "a number";
	if (cJSON_IsBool(item)) return "a boolean";
	if (cJSON_IsNull(item)) return "null";
	if (cJSON_IsArray(item)) return "an array";
	if (cJSON_IsObject(item)) return "an object";
	return "an unknown value";
}

static void S_join(buf *b, const char *path, const char *key)
{
	buf_reset(b);
	buf_printf(b, "%s.%s", path, key);
}

/* ---- string checks -------------------------------------------------------- */

int load_slug_is_valid(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SLUG_MAX_LEN)
		return 0;
	if (!(islower((unsigned char)s[0]) || isdigit((unsigned char)s[0])))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!(islower(c) || isdigit(c) || c == '.' || c == '-'))
			return 0;
		if (c == '.' && s[i + 1] == '.')
			return 0;
	}
	return 1;
}

static int S_url_ok(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' || *p == 0x7f)
			return 0;
	return strlen(s) > 10;
}

static int S_date_ok(const char *s)
{
	size_t n = strlen(s);
	if (n != 7 && n != 10)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	int month = (s[5] - '0') * 10 + (s[6] - '0');
	if (month < 1 || month > 12)
		return 0;
	if (n == 10) {
		int day = (s[8] - '0') * 10 + (s[9] - '0');
		if (day < 1 || day > 31)
			return 0;
	}
	return 1;
}

/* ---- the table pass ------------------------------------------------------- */

/* Reports keys that are not in specs and keys that appear twice. */
static void S_check_keys(reader *rd, const cJSON *obj, const char *path, const fspec *specs)
{
	buf p = BUF_INIT;
	for (const cJSON *it = obj->child; it; it = it->next) {
		int known = 0;
		for (const fspec *s = specs; s->key; s++)
			if (strcmp(s->key, it->string) == 0)
				known = 1;
		S_join(&p, path, it->string);
		if (!known)
			S_err(rd, p.ptr, "unknown field '%s'", it->string);
		for (const cJSON *prev = obj->child; prev != it; prev = prev->next)
			if (strcmp(prev->string, it->string) == 0) {
				S_err(rd, p.ptr, "duplicate key '%s'", it->string);
				break;
			}
	}
	buf_release(&p);
}

static char *S_read_string(reader *rd, const cJSON *item, const char *path, ftype type)
{
	if (!cJSON_IsString(item)) {
		S_err(rd, path, "expected a string, got %s", S_type_name(item));
		return NULL;
	}
	const char *s = item->valuestring;
	if (!*s) {
		S_err(rd, path, "must not be empty");
		return NULL;
	}
	if (strlen(s) > STRING_MAX_LEN) {
		S_err(rd, path, "longer than %d bytes", STRING_MAX_LEN);
		return NULL;
	}
	switch (type) {
	case T_URL:
		if (!S_url_ok(s)) {
			S_err(rd, path, "expected an http(s) URL without spaces or quotes, got \"%s\"", s);
			return NULL;
		}
		break;
	case T_SLUG:
		if (!load_slug_is_valid(s)) {
			S_err(rd, path, "invalid slug \"%s\": expected [a-z0-9][a-z0-9.-]*, at most %d characters, no '..'", s, SLUG_MAX_LEN);
			return NULL;
		}
		break;
	case T_DATE:
		if (!S_date_ok(s)) {
			S_err(rd, path, "expected a date YYYY-MM-DD or YYYY-MM, got \"%s\"", s);
			return NULL;
		}
		break;
	default:
		break;
	}
	return xstrdup(s);
}

static void S_apply(reader *rd, const cJSON *obj, const char *path, const fspec *specs, void *base);

static void S_apply_one(reader *rd, const cJSON *item, const char *path, const fspec *s, void *base)
{
	void *at = (char *)base + s->off; /* the field, of the type s->type says */
	switch (s->type) {
	case T_STR: case T_URL: case T_SLUG: case T_DATE:
		*(char **)at = S_read_string(rd, item, path, s->type);
		break;
	case T_INT: {
		double v = item->valuedouble;
		if (!cJSON_IsNumber(item))
			S_err(rd, path, "expected an integer, got %s", S_type_name(item));
		else if (!isfinite(v) || v != floor(v))
			S_err(rd, path, "expected an integer, got %g", v);
		else if (v < s->min || v > s->max)
			S_err(rd, path, "%g is out of range: expected %g to %g", v, s->min, s->max);
		else
			*(int *)at = (int)v;
		break;
	}
	case T_NUM: {
		double v = item->valuedouble;
		if (!cJSON_IsNumber(item))
			S_err(rd, path, "expected a number, got %s", S_type_name(item));
		else if (!isfinite(v))
			S_err(rd, path, "expected a finite number");
		else if (v < s->min || v > s->max)
			S_err(rd, path, "%g is out of range: expected %g to %g", v, s->min, s->max);
		else
			*(double *)at = v;
		break;
	}
	case T_BOOL:
		if (!cJSON_IsBool(item))
			S_err(rd, path, "expected true or false, got %s", S_type_name(item));
		else
			*(bool *)at = cJSON_IsTrue(item);
		break;
	case T_URLV: {
		if (!cJSON_IsArray(item)) {
			S_err(rd, path, "expected an array of URLs, got %s", S_type_name(item));
			break;
		}
		int n = cJSON_GetArraySize(item);
		char **v = xcalloc((size_t)n + 1, sizeof(char *));
		size_t count = 0;
		buf p = BUF_INIT;
		for (const cJSON *e = item->child; e; e = e->next) {
			buf_reset(&p);
			buf_printf(&p, "%s[%zu]", path, count);
			char *u = S_read_string(rd, e, p.ptr, T_URL);
			if (u)
				v[count++] = u;
		}
		buf_release(&p);
		*(char ***)at = v;
		*(size_t *)((char *)base + s->off2) = count;
		break;
	}
	case T_OBJ:
		S_apply(rd, item, path, s->sub, base);
		break;
	case T_CUSTOM:
		break;
	}
}

/* Reads every field of obj described by specs into base. */
static void S_apply(reader *rd, const cJSON *obj, const char *path, const fspec *specs, void *base)
{
	if (!cJSON_IsObject(obj)) {
		S_err(rd, path, "expected an object, got %s", S_type_name(obj));
		return;
	}
	S_check_keys(rd, obj, path, specs);
	buf p = BUF_INIT;
	for (const fspec *s = specs; s->key; s++) {
		const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, s->key);
		S_join(&p, path, s->key);
		if (!item || cJSON_IsNull(item)) {
			if (s->required)
				S_err(rd, p.ptr, "missing required field '%s'", s->key);
			continue;
		}
		S_apply_one(rd, item, p.ptr, s, base);
	}
	buf_release(&p);
}

/* ---- files ---------------------------------------------------------------- */

/* Reports a literal NUL byte or a \u0000 escape (which cJSON would turn into
 * a silently shortened string). Returns 1 when the text is clean. */
static int S_check_nul(reader *rd, const char *text, size_t len)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < len; i++) {
		int bad = text[i] == '\0';
		if (text[i] == '\\' && i + 1 < len) {
			if (text[i + 1] == 'u' && i + 5 < len && strncmp(text + i + 2, "0000", 4) == 0)
				bad = 1;
			else {
				i++;
				col += 2;
				continue;
			}
		}
		if (bad) {
			diag_add(rd->diags, "%s:%d:%d: error: NUL characters are not allowed in data", rd->file, line, col);
			rd->errors++;
			return 0;
		}
		if (text[i] == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
	}
	return 1;
}

/* Parses path as JSON; returns the tree (caller deletes) or NULL after
 * reporting the problem with line and column. */
static cJSON *S_parse_file(reader *rd, const char *path)
{
	size_t len = 0;
	char *text = read_file(path, &len);
	if (!text) {
		diag_add(rd->diags, "%s: error: cannot read: %s", path, strerror(errno));
		rd->errors++;
		return NULL;
	}
	cJSON *root = NULL;
	json_syntax_error e = { 0, 0, "" };
	if (!S_check_nul(rd, text, len)) {
		/* reported */
	} else if (json_syntax_check(text, len, &e) != 0) {
		/* Strict RFC 8259 first: cJSON also takes 01, 1. and raw control
		 * characters in strings, which other JSON tools reject, so a file
		 * that builds here must not break a contributor's editor or CI. */
		diag_add(rd->diags, "%s:%d:%d: error: %s", path, e.line, e.col, e.message);
		rd->errors++;
	} else {
		const char *end = NULL;
		/* len + 1 takes in the terminating NUL, which is how cJSON checks
		 * that nothing follows the value. */
		root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
		if (!root) {
			diag_add(rd->diags, "%s: error: cannot parse JSON (nested too deeply?)", path);
			rd->errors++;
		}
	}
	free(text);
	return root;
}

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the *.json files in dir, sorted; returns the count (caller frees
 * each name and the array), or -1 when dir cannot be read. */
static long S_list_json(const char *dir, char ***out)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len < 6 || e->d_name[0] == '.' || strcmp(e->d_name + len - 5, ".json") != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n) /* names is NULL when there are none, and qsort's base must not be */
		qsort(names, n, sizeof(*names), S_name_cmp);
	*out = names;
	return (long)n;
}

static char *S_path(const char *dir, const char *name)
{
	buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

/* ---- site.json ------------------------------------------------------------ */

#define HOST(f) offsetof(host_profile, f)
static const fspec S_host_specs[] = {
	{ "slug", T_SLUG, 1, HOST(slug), 0, 0, 0, NULL },
	{ "name", T_STR, 1, HOST(name), 0, 0, 0, NULL },
	{ "ram_gb", T_NUM, 1, HOST(ram_gb), 0, 1, 65536, NULL },
	{ "bandwidth_gbs", T_NUM, 1, HOST(bandwidth_gbs), 0, 1, 20000, NULL },
	{ "pcie_gbs", T_NUM, 1, HOST(pcie_gbs), 0, 1, 2000, NULL },
	{ "source", T_URL, 1, HOST(source), 0, 0, 0, NULL },
	END_SPEC
};

#define SITE(f) offsetof(site_info, f)
static const fspec S_site_specs[] = {
	{ "title", T_STR, 1, SITE(title), 0, 0, 0, NULL },
	{ "tagline", T_STR, 1, SITE(tagline), 0, 0, 0, NULL },
	{ "base_url", T_URL, 1, SITE(base_url), 0, 0, 0, NULL },
	{ "repo_url", T_URL, 0, SITE(repo_url), 0, 0, 0, NULL },
	{ "sitemap_max_urls", T_INT, 0, SITE(sitemap_max_urls), 0, 1, 50000, NULL },
	{ "hosts", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "popular", T_CUSTOM, 0, 0, 0, 0, 0, NULL },
	END_SPEC
};

static void S_load_site(catalog *cat, const char *dir, diag_list *diags)
{
	char *path = S_path(dir, "site.json");
	reader rd = { path, diags, 0 };
	cJSON *root = S_parse_file(&rd, path);
	if (root) {
		S_apply(&rd, root, "$", S_site_specs, &cat->site);
		if (!cat->site.sitemap_max_urls)
			cat->site.sitemap_max_urls = 50000;
		/* Canonical URLs are base_url + "/path/": one form, no trailing slash. */
		if (cat->site.base_url) {
			size_t n = strlen(cat->site.base_url);
			while (n > 0 && cat->site.base_url[n - 1] == '/')
				cat->site.base_url[--n] = '\0';
		}
		const cJSON *hosts = cJSON_GetObjectItemCaseSensitive(root, "hosts");
		if (hosts && !cJSON_IsArray(hosts)) {
			S_err(&rd, "$.hosts", "expected an array, got %s", S_type_name(hosts));
		} else if (hosts) {
			size_t n = (size_t)cJSON_GetArraySize(hosts), i = 0;
			cat->hosts = xcalloc(n, sizeof(host_profile));
			buf p = BUF_INIT;
			for (const cJSON *h = hosts->child; h; h = h->next, i++) {
				buf_reset(&p);
				buf_printf(&p, "$.hosts[%zu]", i);
				S_apply(&rd, h, p.ptr, S_host_specs, &cat->hosts[i]);
			}
			cat->n_hosts = n;
			buf_release(&p);
		}
	}
	cJSON_Delete(root);
	free(path);
}

/* ---- quants.json and workloads.json --------------------------------------- */

#define QUANT(f) offsetof(quant, f)
static const fspec S_quant_specs[] = {
	{ "name", T_STR, 1, QUANT(name), 0, 0, 0, NULL },
	{ "family", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "bpw", T_NUM, 1, QUANT(bpw), 0, 1, 32, NULL },
	{ "embed_bpw", T_NUM, 0, QUANT(embed_bpw), 0, 1, 32, NULL },
	{ "output_bpw", T_NUM, 0, QUANT(output_bpw), 0, 1, 32, NULL },
	{ "kld", T_NUM, 0, QUANT(kld), 0, 0, 100, NULL },
	{ "ppl_delta_pct", T_NUM, 0, QUANT(ppl_delta_pct), 0, -100, 10000, NULL },
	{ "source", T_URL, 1, QUANT(source), 0, 0, 0, NULL },
	{ "notes", T_STR, 0, QUANT(notes), 0, 0, 0, NULL },
	END_SPEC
};

static int S_quant_family(const char *s, quant_family *out)
{
	for (int f = QF_FLOAT; f <= QF_MXFP4; f++)
		if (strcmp(quant_family_slug((quant_family)f), s) == 0) {
			*out = (quant_family)f;
			return 1;
		}
	return 0;
}

#define WL(f) offsetof(workload, f)
static const fspec S_workload_specs[] = {
	{ "slug", T_SLUG, 1, WL(slug), 0, 0, 0, NULL },
	{ "name", T_STR, 1, WL(name), 0, 0, 0, NULL },
	{ "prompt_tokens", T_INT, 1, WL(prompt_tokens), 0, 1, 10000000, NULL },
	{ "output_tokens", T_INT, 1, WL(output_tokens), 0, 1, 10000000, NULL },
	{ "context_tokens", T_INT, 1, WL(context_tokens), 0, 128, 100000000, NULL },
	{ "interactive_tok_s", T_NUM, 1, WL(interactive_tok_s), 0, 0.1, 10000, NULL },
	{ "ttft_target_ms", T_NUM, 1, WL(ttft_target_ms), 0, 1, 10000000, NULL },
	{ "description", T_STR, 1, WL(description), 0, 0, 0, NULL },
	END_SPEC
};

/* Reads an array file of objects with specs; returns the array (count in *n). */
static void *S_load_array(const char *dir, const char *name, const fspec *specs,
                          size_t elem_size, size_t *n_out, diag_list *diags,
                          void (*each)(reader *, const cJSON *, const char *, void *))
{
	char *path = S_path(dir, name);
	reader rd = { path, diags, 0 };
	cJSON *root = S_parse_file(&rd, path);
	char *items = NULL;
	size_t n = 0;
	if (root && !cJSON_IsArray(root)) {
		S_err(&rd, "$", "expected an array, got %s", S_type_name(root));
	} else if (root) {
		n = (size_t)cJSON_GetArraySize(root);
		items = xcalloc(n, elem_size);
		buf p = BUF_INIT;
		size_t i = 0;
		for (const cJSON *e = root->child; e; e = e->next, i++) {
			buf_reset(&p);
			buf_printf(&p, "$[%zu]", i);
			S_apply(&rd, e, p.ptr, specs, items + i * elem_size);
			if (each && cJSON_IsObject(e))
				each(&rd, e, p.ptr, items + i * elem_size);
		}
		buf_release(&p);
	}
	cJSON_Delete(root);
	free(path);
	*n_out = n;
	return items;
}

static void S_quant_extra(reader *rd, const cJSON *obj, const char *path, void *elem)
{
	quant *q = elem;
	const cJSON *fam = cJSON_GetObjectItemCaseSensitive(obj, "family");
	buf p = BUF_INIT;
	S_join(&p, path, "family");
	if (fam && !cJSON_IsString(fam))
		S_err(rd, p.ptr, "expected a string, got %s", S_type_name(fam));
	else if (fam && !S_quant_family(fam->valuestring, &q->family))
		S_err(rd, p.ptr, "unknown family \"%s\": expected float, gguf, mlx, awq, gptq, fp8, nvfp4 or mxfp4", fam->valuestring);
	buf_release(&p);
	if (!cJSON_GetObjectItemCaseSensitive(obj, "kld"))
		q->kld = -1;
	if (!cJSON_GetObjectItemCaseSensitive(obj, "ppl_delta_pct"))
		q->ppl_delta_pct = -1;
}

/* ---- models --------------------------------------------------------------- */

/* Scratch targets for nested objects whose values land in model fields. */
#define MODEL(f) offsetof(model, f)
static const fspec S_sliding_specs[] = {
	{ "window", T_INT, 1, MODEL(sliding_window), 0, 1, 100000000, NULL },
	{ "layers", T_INT, 1, MODEL(sliding_layers), 0, 1, 1000, NULL },
	END_SPEC
};
static const fspec S_global_specs[] = {
	{ "kv_heads", T_INT, 1, MODEL(global_kv_heads), 0, 1, 4096, NULL },
	{ "head_dim", T_INT, 1, MODEL(global_head_dim), 0, 8, 4096, NULL },
	END_SPEC
};
static const fspec S_indexer_specs[] = {
	{ "ratio", T_INT, 1, MODEL(indexer_ratio), 0, 2, 65536, NULL },
	{ "head_dim", T_INT, 1, MODEL(indexer_dim), 0, 8, 4096, NULL },
	END_SPEC
};
static const fspec S_kvc_specs[] = {
	{ "ratios", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "indexer", T_OBJ, 0, 0, 0, 0, 0, S_indexer_specs },
	END_SPEC
};
static const fspec S_mla_specs[] = {
	{ "kv_lora_rank", T_INT, 1, MODEL(kv_lora_rank), 0, 1, 65536, NULL },
	{ "rope_dim", T_INT, 1, MODEL(rope_dim), 0, 1, 4096, NULL },
	END_SPEC
};
static const fspec S_recurrent_specs[] = {
	{ "layers", T_INT, 1, MODEL(recurrent_layers), 0, 1, 1000, NULL },
	{ "heads", T_INT, 1, MODEL(recurrent_heads), 0, 1, 4096, NULL },
	{ "key_dim", T_INT, 1, MODEL(recurrent_key_dim), 0, 1, 65536, NULL },
	{ "value_dim", T_INT, 1, MODEL(recurrent_value_dim), 0, 1, 65536, NULL },
	END_SPEC
};
static const fspec S_experts_specs[] = {
	{ "total", T_INT, 1, MODEL(experts_total), 0, 2, 4096, NULL },
	{ "per_token", T_INT, 1, MODEL(experts_per_token), 0, 1, 4096, NULL },
	{ "shared", T_INT, 0, MODEL(experts_shared), 0, 0, 64, NULL },
	END_SPEC
};

static const fspec S_model_specs[] = {
	{ "slug", T_SLUG, 1, MODEL(slug), 0, 0, 0, NULL },
	{ "name", T_STR, 1, MODEL(name), 0, 0, 0, NULL },
	{ "family", T_STR, 1, MODEL(family), 0, 0, 0, NULL },
	{ "organisation", T_STR, 1, MODEL(organisation), 0, 0, 0, NULL },
	{ "release_date", T_DATE, 1, MODEL(release_date), 0, 0, 0, NULL },
	{ "licence", T_STR, 1, MODEL(licence), 0, 0, 0, NULL },
	{ "params_b", T_NUM, 1, MODEL(params_b), 0, 0.01, 5000, NULL },
	{ "active_params_b", T_NUM, 0, MODEL(active_params_b), 0, 0.01, 5000, NULL },
	{ "layers", T_INT, 1, MODEL(layers), 0, 1, 1000, NULL },
	{ "hidden_size", T_INT, 1, MODEL(hidden_size), 0, 16, 131072, NULL },
	{ "attention_heads", T_INT, 1, MODEL(attention_heads), 0, 1, 4096, NULL },
	{ "kv_heads", T_INT, 1, MODEL(kv_heads), 0, 1, 4096, NULL },
	{ "head_dim", T_INT, 0, MODEL(head_dim_k), 0, 8, 4096, NULL },
	{ "head_dim_v", T_INT, 0, MODEL(head_dim_v), 0, 8, 4096, NULL },
	{ "attention", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "sliding_window", T_OBJ, 0, 0, 0, 0, 0, S_sliding_specs },
	{ "global_attention", T_OBJ, 0, 0, 0, 0, 0, S_global_specs },
	{ "kv_compression", T_OBJ, 0, 0, 0, 0, 0, S_kvc_specs },
	{ "mla", T_OBJ, 0, 0, 0, 0, 0, S_mla_specs },
	{ "kv_layers", T_INT, 0, MODEL(kv_layers), 0, 1, 1000, NULL },
	{ "recurrent", T_OBJ, 0, 0, 0, 0, 0, S_recurrent_specs },
	{ "max_context", T_INT, 1, MODEL(max_context), 0, 128, 100000000, NULL },
	{ "vocab_size", T_INT, 1, MODEL(vocab_size), 0, 16, 10000000, NULL },
	{ "tied_embeddings", T_BOOL, 0, MODEL(tied_embeddings), 0, 0, 0, NULL },
	{ "experts", T_OBJ, 0, 0, 0, 0, 0, S_experts_specs },
	{ "ffn_width", T_INT, 0, MODEL(ffn_width), 0, 16, 262144, NULL },
	{ "expert_ffn_width", T_INT, 0, MODEL(expert_ffn_width), 0, 16, 262144, NULL },
	{ "native_format", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "formats", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "gguf_repo", T_STR, 0, MODEL(gguf_repo), 0, 0, 0, NULL },
	{ "ollama", T_STR, 0, MODEL(ollama), 0, 0, 0, NULL },
	{ "huggingface", T_STR, 0, MODEL(huggingface), 0, 0, 0, NULL },
	{ "source", T_URL, 1, MODEL(source), 0, 0, 0, NULL },
	{ "sources", T_URLV, 0, MODEL(sources), MODEL(n_sources), 0, 0, NULL },
	{ "description", T_STR, 1, MODEL(description_md), 0, 0, 0, NULL },
	END_SPEC
};

static int S_quant_ref(reader *rd, const catalog *cat, const cJSON *item, const char *path, size_t *out)
{
	if (!cJSON_IsString(item)) {
		S_err(rd, path, "expected a quantization name, got %s", S_type_name(item));
		return 0;
	}
	long q = catalog_find_quant(cat, item->valuestring);
	if (q < 0) {
		S_err(rd, path, "quantization \"%s\" is not defined in quants.json", item->valuestring);
		return 0;
	}
	*out = (size_t)q;
	return 1;
}

/* An optional "owner/name" repository reference: no spaces, one slash. */
static void S_check_repo(reader *rd, const char *value, const char *path)
{
	if (!value)
		return;
	const char *slash = strchr(value, '/');
	int ok = slash && slash != value && slash[1] && !strchr(slash + 1, '/');
	for (const char *p = value; ok && *p; p++)
		if (!(isalnum((unsigned char)*p) || strchr("-_./", *p)))
			ok = 0;
	if (!ok || strstr(value, ".."))
		S_err(rd, path, "expected a repository as owner/name, got \"%s\"", value);
}

/* kv_compression.ratios (DeepSeek V4): one ratio per layer, 0 for a layer
 * that keeps only the window; tallied by distinct ratio. */
static void S_check_kv_compression(reader *rd, const cJSON *kvc, model *m)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(kvc, "ratios");
	if (!r || cJSON_IsNull(r))
		return; /* reported as missing */
	if (!cJSON_IsArray(r)) {
		S_err(rd, "$.kv_compression.ratios", "expected an array of integers, one per layer, got %s", S_type_name(r));
		return;
	}
	int n = cJSON_GetArraySize(r), before = rd->errors;
	if (n != m->layers)
		S_err(rd, "$.kv_compression.ratios", "%d entries for %d layers: give one ratio per layer", n, m->layers);
	buf p = BUF_INIT;
	size_t i = 0;
	for (const cJSON *e = r->child; e; e = e->next, i++) {
		buf_reset(&p);
		buf_printf(&p, "$.kv_compression.ratios[%zu]", i);
		double v = e->valuedouble;
		if (!cJSON_IsNumber(e)) {
			S_err(rd, p.ptr, "expected an integer ratio, got %s", S_type_name(e));
			continue;
		}
		if (!isfinite(v) || v != floor(v)) {
			S_err(rd, p.ptr, "expected an integer ratio, got %g", v);
			continue;
		}
		if (v != 0 && (v < 2 || v > 65536)) {
			S_err(rd, p.ptr, "%g is out of range: expected 0 (window only) or 2 to 65536", v);
			continue;
		}
		if (v == 0)
			continue;
		int k = 0;
		while (k < m->kvc_kinds && m->kvc_ratio[k] != (int)v)
			k++;
		if (k == m->kvc_kinds) {
			if (k == MODEL_KVC_KINDS) {
				S_err(rd, p.ptr, "more than %d distinct ratios", MODEL_KVC_KINDS);
				continue;
			}
			m->kvc_ratio[k] = (int)v;
			m->kvc_layers[k] = 0;
			m->kvc_kinds++;
		}
		m->kvc_layers[k]++;
	}
	buf_release(&p);
	if (rd->errors == before && m->kvc_kinds == 0)
		S_err(rd, "$.kv_compression.ratios", "every ratio is 0: leave kv_compression out");
	if (m->indexer_ratio > 0) {
		int found = 0;
		for (int k = 0; k < m->kvc_kinds; k++)
			found |= m->kvc_ratio[k] == m->indexer_ratio;
		if (!found && rd->errors == before)
			S_err(rd, "$.kv_compression.indexer.ratio", "no layer has ratio %d", m->indexer_ratio);
	}
}

static void S_check_model(reader *rd, const catalog *cat, const cJSON *root, model *m)
{
	const cJSON *att = cJSON_GetObjectItemCaseSensitive(root, "attention");
	static const char *const layouts[] = { "full", "sliding", "mla", "hybrid" };
	int layout = -1;
	if (att && !cJSON_IsString(att)) {
		S_err(rd, "$.attention", "expected a string, got %s", S_type_name(att));
	} else if (att) {
		for (int i = 0; i < 4; i++)
			if (strcmp(att->valuestring, layouts[i]) == 0)
				layout = i;
		if (layout < 0)
			S_err(rd, "$.attention", "unknown layout \"%s\": expected full, sliding, mla or hybrid", att->valuestring);
	}
	m->attention = layout < 0 ? ATTN_FULL : (attn_layout)layout;

	int has_sw = cJSON_GetObjectItemCaseSensitive(root, "sliding_window") != NULL;
	int has_mla = cJSON_GetObjectItemCaseSensitive(root, "mla") != NULL;
	int has_rec = cJSON_GetObjectItemCaseSensitive(root, "recurrent") != NULL;
	int has_kvl = cJSON_GetObjectItemCaseSensitive(root, "kv_layers") != NULL;
	int has_exp = cJSON_GetObjectItemCaseSensitive(root, "experts") != NULL;
	int has_act = cJSON_GetObjectItemCaseSensitive(root, "active_params_b") != NULL;

	if (layout == ATTN_SLIDING && !has_sw)
		S_err(rd, "$.sliding_window", "required when attention is \"sliding\"");
	if (layout == ATTN_MLA && !has_mla)
		S_err(rd, "$.mla", "required when attention is \"mla\"");
	if (layout != ATTN_MLA && layout >= 0 && has_mla)
		S_err(rd, "$.mla", "only allowed when attention is \"mla\"");
	if (layout == ATTN_HYBRID && (!has_rec || !has_kvl))
		S_err(rd, has_rec ? "$.kv_layers" : "$.recurrent", "required when attention is \"hybrid\"");
	if (layout != ATTN_HYBRID && layout >= 0 && (has_rec || has_kvl))
		S_err(rd, has_rec ? "$.recurrent" : "$.kv_layers", "only allowed when attention is \"hybrid\"");
	if (has_exp && !has_act)
		S_err(rd, "$.active_params_b", "required for mixture-of-experts models (experts is given)");
	if (has_act && !has_exp)
		S_err(rd, "$.experts", "required when active_params_b is given");

	if (m->params_b > 0 && m->active_params_b > m->params_b)
		S_err(rd, "$.active_params_b", "%g exceeds params_b %g", m->active_params_b, m->params_b);
	if (!has_act)
		m->active_params_b = m->params_b;
	if (m->kv_heads > m->attention_heads && m->attention_heads > 0)
		S_err(rd, "$.kv_heads", "%d KV heads exceed the %d attention heads", m->kv_heads, m->attention_heads);
	if (m->attention_heads > 0 && m->kv_heads > 0 && m->attention_heads % m->kv_heads != 0)
		S_err(rd, "$.kv_heads", "attention_heads %d is not a multiple of kv_heads %d", m->attention_heads, m->kv_heads);
	if (m->experts_per_token > m->experts_total)
		S_err(rd, "$.experts.per_token", "%d exceeds experts.total %d", m->experts_per_token, m->experts_total);
	if (!m->head_dim_k && m->attention_heads > 0) {
		/* MLA caches a latent, so its head size does not matter here. */
		if (m->hidden_size % m->attention_heads && layout != ATTN_MLA)
			S_err(rd, "$.head_dim", "required: hidden_size %d is not divisible by attention_heads %d", m->hidden_size, m->attention_heads);
		m->head_dim_k = m->hidden_size / m->attention_heads;
	}
	if (!m->head_dim_v)
		m->head_dim_v = m->head_dim_k;
	if (!has_kvl)
		m->kv_layers = m->layers;
	if (m->kv_layers > m->layers)
		S_err(rd, "$.kv_layers", "%d exceeds layers %d", m->kv_layers, m->layers);
	if (m->recurrent_layers + (has_kvl ? m->kv_layers : 0) > m->layers)
		S_err(rd, "$.recurrent.layers", "kv_layers + recurrent.layers (%d) exceed layers %d", m->recurrent_layers + m->kv_layers, m->layers);
	if (has_sw && m->sliding_layers > m->kv_layers)
		S_err(rd, "$.sliding_window.layers", "%d exceeds the %d layers that hold KV", m->sliding_layers, m->kv_layers);
	if (has_sw && m->max_context && m->sliding_window >= m->max_context)
		S_err(rd, "$.sliding_window.window", "window %d is not below max_context %d", m->sliding_window, m->max_context);
	if (cJSON_GetObjectItemCaseSensitive(root, "global_attention")) {
		/* Gemma 4: the full-attention layers have their own KV heads and head size. */
		if (!has_sw || layout == ATTN_MLA || layout == ATTN_HYBRID)
			S_err(rd, "$.global_attention", "only allowed with sliding_window (full or sliding layout)");
		else if (m->sliding_layers >= m->kv_layers)
			S_err(rd, "$.global_attention", "every KV layer is windowed, so no layer uses it");
		if (m->global_kv_heads > 0 && m->attention_heads > 0 && m->attention_heads % m->global_kv_heads != 0)
			S_err(rd, "$.global_attention.kv_heads", "attention_heads %d is not a multiple of %d", m->attention_heads, m->global_kv_heads);
	}
	const cJSON *kvc = cJSON_GetObjectItemCaseSensitive(root, "kv_compression");
	if (kvc && cJSON_IsObject(kvc)) {
		/* DeepSeek V4: every layer keeps the window; compressed rows come on top. */
		if (layout != ATTN_SLIDING || !has_sw || m->sliding_layers != m->layers)
			S_err(rd, "$.kv_compression", "needs attention \"sliding\" with every layer windowed (sliding_window.layers = layers)");
		else if (cJSON_GetObjectItemCaseSensitive(root, "global_attention"))
			S_err(rd, "$.kv_compression", "not allowed with global_attention");
		S_check_kv_compression(rd, kvc, m);
	}

	const cJSON *native = cJSON_GetObjectItemCaseSensitive(root, "native_format");
	if (native)
		S_quant_ref(rd, cat, native, "$.native_format", &m->native_quant);
	const cJSON *formats = cJSON_GetObjectItemCaseSensitive(root, "formats");
	if (formats && !cJSON_IsArray(formats)) {
		S_err(rd, "$.formats", "expected an array of quantization names, got %s", S_type_name(formats));
	} else if (formats) {
		size_t n = (size_t)cJSON_GetArraySize(formats), count = 0, i = 0;
		m->formats = xcalloc(n, sizeof(size_t));
		buf p = BUF_INIT;
		for (const cJSON *f = formats->child; f; f = f->next, i++) {
			buf_reset(&p);
			buf_printf(&p, "$.formats[%zu]", i);
			size_t q;
			if (!S_quant_ref(rd, cat, f, p.ptr, &q))
				continue;
			int dup = 0;
			for (size_t j = 0; j < count; j++)
				dup |= m->formats[j] == q;
			if (dup)
				S_err(rd, p.ptr, "\"%s\" is listed twice", f->valuestring);
			else
				m->formats[count++] = q;
		}
		buf_release(&p);
		m->n_formats = count;
		if (n == 0)
			S_err(rd, "$.formats", "must list at least one quantization");
		int has_native = 0;
		for (size_t j = 0; j < count; j++)
			has_native |= m->formats[j] == m->native_quant;
		if (native && count && !has_native)
			S_err(rd, "$.formats", "must include native_format \"%s\"", cJSON_IsString(native) ? native->valuestring : "?");
	}
	S_check_repo(rd, m->gguf_repo, "$.gguf_repo");
	S_check_repo(rd, m->huggingface, "$.huggingface");
}

/* ---- hardware ------------------------------------------------------------- */

#define HW(f) offsetof(hardware, f)
static const fspec S_interconnect_specs[] = {
	{ "name", T_STR, 1, HW(interconnect_name), 0, 0, 0, NULL },
	{ "gbs", T_NUM, 1, HW(interconnect_gbs), 0, 0.1, 100000, NULL },
	{ "max_devices", T_INT, 1, HW(max_devices), 0, 1, 1024, NULL },
	END_SPEC
};

static const fspec S_hw_specs[] = {
	{ "slug", T_SLUG, 1, HW(slug), 0, 0, 0, NULL },
	{ "name", T_STR, 1, HW(name), 0, 0, 0, NULL },
	{ "vendor", T_STR, 1, HW(vendor), 0, 0, 0, NULL },
	{ "kind", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "memory_gb", T_NUM, 1, HW(memory_gb), 0, 0.5, 4096, NULL },
	{ "memory_type", T_STR, 1, HW(memory_type), 0, 0, 0, NULL },
	{ "bandwidth_gbs", T_NUM, 1, HW(bandwidth_gbs), 0, 1, 20000, NULL },
	{ "fp16_tflops", T_NUM, 0, HW(fp16_tflops), 0, 0.01, 100000, NULL },
	{ "int8_tops", T_NUM, 0, HW(int8_tops), 0, 0.01, 100000, NULL },
	{ "fp8_tflops", T_NUM, 0, HW(fp8_tflops), 0, 0.01, 100000, NULL },
	{ "fp4_tflops", T_NUM, 0, HW(fp4_tflops), 0, 0.01, 100000, NULL },
	{ "architecture", T_STR, 1, HW(architecture), 0, 0, 0, NULL },
	{ "gpu_cores", T_INT, 0, HW(gpu_cores), 0, 1, 1000000, NULL },
	{ "backends", T_CUSTOM, 1, 0, 0, 0, 0, NULL },
	{ "interconnect", T_OBJ, 0, 0, 0, 0, 0, S_interconnect_specs },
	{ "tdp_w", T_NUM, 0, HW(tdp_w), 0, 1, 100000, NULL },
	{ "price_usd", T_NUM, 0, HW(price_usd), 0, 1, 10000000, NULL },
	{ "release_year", T_INT, 1, HW(release_year), 0, 1990, 2100, NULL },
	{ "gpu_share", T_NUM, 0, HW(gpu_share), 0, 0.1, 1.0, NULL },
	{ "host", T_CUSTOM, 0, 0, 0, 0, 0, NULL },
	{ "source", T_URL, 1, HW(source), 0, 0, 0, NULL },
	{ "sources", T_URLV, 0, HW(sources), HW(n_sources), 0, 0, NULL },
	{ "notes", T_STR, 0, HW(notes), 0, 0, 0, NULL },
	END_SPEC
};

static const char *const S_backend_names[] = { "CUDA", "ROCm", "Metal", "Vulkan", "SYCL", "CPU" };

static void S_check_hardware(reader *rd, const catalog *cat, const cJSON *root, hardware *h)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
	if (kind && !cJSON_IsString(kind)) {
		S_err(rd, "$.kind", "expected a string, got %s", S_type_name(kind));
	} else if (kind) {
		int found = 0;
		for (int k = HW_CONSUMER_GPU; k <= HW_CPU; k++)
			if (strcmp(hw_kind_slug((hw_kind)k), kind->valuestring) == 0) {
				h->kind = (hw_kind)k;
				found = 1;
			}
		if (!found)
			S_err(rd, "$.kind", "unknown kind \"%s\": expected consumer_gpu, workstation_gpu, datacenter, unified or cpu", kind->valuestring);
	}
	const cJSON *be = cJSON_GetObjectItemCaseSensitive(root, "backends");
	if (be && (!cJSON_IsArray(be) || cJSON_GetArraySize(be) == 0)) {
		S_err(rd, "$.backends", "expected a non-empty array of backend names");
	} else if (be) {
		size_t i = 0;
		buf p = BUF_INIT;
		for (const cJSON *b = be->child; b; b = b->next, i++) {
			buf_reset(&p);
			buf_printf(&p, "$.backends[%zu]", i);
			int found = 0;
			for (size_t k = 0; k < ARRAY_LEN(S_backend_names); k++)
				if (cJSON_IsString(b) && strcmp(b->valuestring, S_backend_names[k]) == 0) {
					if (h->backends & (1u << k))
						S_err(rd, p.ptr, "\"%s\" is listed twice", b->valuestring);
					h->backends |= 1u << k;
					found = 1;
				}
			if (!found)
				S_err(rd, p.ptr, "unknown backend: expected CUDA, ROCm, Metal, Vulkan, SYCL or CPU");
		}
		buf_release(&p);
	}
	if (!h->interconnect_name)
		h->max_devices = 1;
	if (h->gpu_share > 0 && h->kind != HW_UNIFIED)
		S_err(rd, "$.gpu_share", "only allowed for unified-memory systems");

	/* Host profile for offload: explicit, or the default for the kind. */
	const cJSON *host = cJSON_GetObjectItemCaseSensitive(root, "host");
	const char *want = NULL;
	if (host && !cJSON_IsString(host))
		S_err(rd, "$.host", "expected a string, got %s", S_type_name(host));
	else if (host)
		want = host->valuestring;
	else if (h->kind == HW_CONSUMER_GPU)
		want = "desktop";
	else if (h->kind == HW_WORKSTATION_GPU)
		want = "workstation";
	else if (h->kind == HW_DATACENTER)
		want = "server";
	h->host = -1;
	if (want && strcmp(want, "none") != 0) {
		for (size_t i = 0; i < cat->n_hosts; i++)
			if (cat->hosts[i].slug && strcmp(cat->hosts[i].slug, want) == 0) /* NULL: invalid, reported */
				h->host = (int)i;
		if (h->host < 0)
			S_err(rd, "$.host", "host profile \"%s\" is not defined in site.json", want);
	}
}

/* ---- entities: one file each ---------------------------------------------- */

/* The slug must equal the file name without .json, so URLs and files agree. */
static void S_check_slug_matches(reader *rd, const char *slug, const char *fname)
{
	size_t n = strlen(fname) - 5;
	if (slug && (strlen(slug) != n || strncmp(slug, fname, n) != 0))
		S_err(rd, "$.slug", "\"%s\" does not match the file name \"%s\"", slug, fname);
}

static void S_load_models(catalog *cat, const char *dir, diag_list *diags)
{
	char *sub = S_path(dir, "models");
	char **names = NULL;
	long n = S_list_json(sub, &names);
	if (n < 0) {
		diag_add(diags, "%s: error: cannot read directory: %s", sub, strerror(errno));
		free(sub);
		return;
	}
	cat->models = xcalloc((size_t)n, sizeof(model));
	for (long i = 0; i < n; i++) {
		char *path = S_path(sub, names[i]);
		reader rd = { path, diags, 0 };
		cJSON *root = S_parse_file(&rd, path);
		model *m = &cat->models[cat->n_models];
		if (root) {
			S_apply(&rd, root, "$", S_model_specs, m);
			if (cJSON_IsObject(root))
				S_check_model(&rd, cat, root, m);
			S_check_slug_matches(&rd, m->slug, names[i]);
			if (m->description_md && !rd.errors)
				m->description_html = md_to_html(m->description_md, strlen(m->description_md));
		}
		m->file = path;
		cat->n_models++;
		cJSON_Delete(root);
		free(names[i]);
	}
	free(names);
	free(sub);
}

static void S_load_hardware(catalog *cat, const char *dir, diag_list *diags)
{
	char *sub = S_path(dir, "hardware");
	char **names = NULL;
	long n = S_list_json(sub, &names);
	if (n < 0) {
		diag_add(diags, "%s: error: cannot read directory: %s", sub, strerror(errno));
		free(sub);
		return;
	}
	cat->hardware = xcalloc((size_t)n, sizeof(hardware));
	for (long i = 0; i < n; i++) {
		char *path = S_path(sub, names[i]);
		reader rd = { path, diags, 0 };
		cJSON *root = S_parse_file(&rd, path);
		hardware *h = &cat->hardware[cat->n_hardware];
		if (root) {
			S_apply(&rd, root, "$", S_hw_specs, h);
			if (cJSON_IsObject(root))
				S_check_hardware(&rd, cat, root, h);
			S_check_slug_matches(&rd, h->slug, names[i]);
		}
		h->file = path;
		cat->n_hardware++;
		cJSON_Delete(root);
		free(names[i]);
	}
	free(names);
	free(sub);
}

/* Duplicate names across the quant and workload arrays (slugs of models and
 * hardware are unique through their file names, checked above). */
static void S_check_unique(const catalog *cat, const char *dir, diag_list *diags)
{
	for (size_t i = 0; i < cat->n_quants; i++)
		for (size_t j = 0; j < i; j++)
			if (cat->quants[i].name && cat->quants[j].name &&
			    strcmp(cat->quants[i].name, cat->quants[j].name) == 0)
				diag_add(diags, "%s/quants.json: error: $[%zu].name: duplicate quantization \"%s\" (first at $[%zu])",
				         dir, i, cat->quants[i].name, j);
	for (size_t i = 0; i < cat->n_workloads; i++)
		for (size_t j = 0; j < i; j++)
			if (cat->workloads[i].slug && cat->workloads[j].slug &&
			    strcmp(cat->workloads[i].slug, cat->workloads[j].slug) == 0)
				diag_add(diags, "%s/workloads.json: error: $[%zu].slug: duplicate workload \"%s\" (first at $[%zu])",
				         dir, i, cat->workloads[i].slug, j);
	for (size_t i = 0; i < cat->n_hosts; i++)
		for (size_t j = 0; j < i; j++)
			if (cat->hosts[i].slug && cat->hosts[j].slug &&
			    strcmp(cat->hosts[i].slug, cat->hosts[j].slug) == 0)
				diag_add(diags, "%s/site.json: error: $.hosts[%zu].slug: duplicate host profile \"%s\"",
				         dir, i, cat->hosts[i].slug);
}

/* site.json's "popular": [["model-slug", "hardware-slug"], ...], resolved
 * once models and hardware are loaded. */
static void S_load_popular(catalog *cat, const char *dir, diag_list *diags)
{
	char *path = S_path(dir, "site.json");
	reader rd = { path, diags, 0 };
	cJSON *root = S_parse_file(&rd, path);
	const cJSON *pop = root ? cJSON_GetObjectItemCaseSensitive(root, "popular") : NULL;
	if (pop && !cJSON_IsArray(pop)) {
		S_err(&rd, "$.popular", "expected an array of [model, hardware] pairs");
	} else if (pop) {
		cat->site.popular = xcalloc((size_t)cJSON_GetArraySize(pop) + 1, sizeof(pair_ref));
		size_t i = 0;
		buf p = BUF_INIT;
		for (const cJSON *e = pop->child; e; e = e->next, i++) {
			buf_reset(&p);
			buf_printf(&p, "$.popular[%zu]", i);
			const cJSON *m = cJSON_IsArray(e) ? cJSON_GetArrayItem(e, 0) : NULL;
			const cJSON *h = cJSON_IsArray(e) ? cJSON_GetArrayItem(e, 1) : NULL;
			if (!cJSON_IsString(m) || !cJSON_IsString(h) || cJSON_GetArraySize(e) != 2) {
				S_err(&rd, p.ptr, "expected [\"model-slug\", \"hardware-slug\"]");
				continue;
			}
			long mi = catalog_find_model(cat, m->valuestring), hi = catalog_find_hardware(cat, h->valuestring);
			if (mi < 0)
				S_err(&rd, p.ptr, "model \"%s\" is not in data/models", m->valuestring);
			if (hi < 0)
				S_err(&rd, p.ptr, "hardware \"%s\" is not in data/hardware", h->valuestring);
			if (mi >= 0 && hi >= 0) {
				cat->site.popular[cat->site.n_popular].model = (size_t)mi;
				cat->site.popular[cat->site.n_popular].hardware = (size_t)hi;
				cat->site.n_popular++;
			}
		}
		buf_release(&p);
	}
	cJSON_Delete(root);
	free(path);
}

int catalog_load(catalog *cat, const char *data_dir, diag_list *diags)
{
	memset(cat, 0, sizeof(*cat));
	size_t before = diag_count(diags);
	S_load_site(cat, data_dir, diags);
	cat->quants = S_load_array(data_dir, "quants.json", S_quant_specs, sizeof(quant),
	                           &cat->n_quants, diags, S_quant_extra);
	cat->workloads = S_load_array(data_dir, "workloads.json", S_workload_specs, sizeof(workload),
	                              &cat->n_workloads, diags, NULL);
	S_check_unique(cat, data_dir, diags);
	S_load_models(cat, data_dir, diags);
	S_load_hardware(cat, data_dir, diags);
	if (diag_count(diags) == before)
		S_load_popular(cat, data_dir, diags);
	if (diag_count(diags) != before) {
		diag_sort(diags);
		catalog_release(cat);
		return -1;
	}
	return 0;
}
