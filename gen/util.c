#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *sibling_path(const char *dir, const char *suffix)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	size_t name = n; /* start of the last component */
	while (name > 0 && dir[name - 1] != '/')
		name--;
	size_t len = n + strlen(suffix) + 4;
	char *out = xmalloc(len);
	snprintf(out, len, "%.*s.%.*s.%s", (int)name, dir, (int)(n - name), dir + name, suffix);
	return out;
}

static void S_oom(size_t n)
{
	fprintf(stderr, "fitgen: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		S_oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		S_oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		S_oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 8192, len = 0;
	char *data = xmalloc(cap);
	for (;;) {
		if (cap - len < 4096) {
			cap *= 2;
			data = xrealloc(data, cap);
		}
		size_t got = fread(data + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	int failed = ferror(f);
	int saved = errno;
	fclose(f);
	if (failed) {
		free(data);
		errno = saved ? saved : EIO;
		return NULL;
	}
	data[len] = '\0';
	if (len_out)
		*len_out = len;
	return data;
}
