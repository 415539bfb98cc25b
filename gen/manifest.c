#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

#define FNV_PRIME 1099511628211ULL
#define MANIFEST_MAGIC "fitatlas-manifest 2"

uint64_t fp_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t fp_str(uint64_t h, const char *s)
{
	return fp_bytes(h, s ? s : "", (s ? strlen(s) : 0) + 1);
}

int fp_file(uint64_t *h, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char chunk[64 * 1024];
	uint64_t v = *h;
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof(chunk));
		if (got < 0) {
			if (errno == EINTR)
				continue;
			int err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		if (got == 0)
			break;
		v = fp_bytes(v, chunk, (size_t)got);
	}
	close(fd);
	*h = v;
	return 0;
}

char *manifest_path(const char *out_dir)
{
	return sibling_path(out_dir, "manifest");
}

static int S_entry_cmp(const void *a, const void *b)
{
	return strcmp(((const fp_entry *)a)->slug, ((const fp_entry *)b)->slug);
}

static void S_push(fp_entry **list, size_t *n, const char *slug, uint64_t hash)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[*n].slug = xstrdup(slug);
	(*list)[*n].hash = hash;
	(*n)++;
}

int manifest_read(manifest *m, const char *path)
{
	memset(m, 0, sizeof(*m));
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char line[512];
	int ok = fgets(line, sizeof(line), f) && strcmp(line, MANIFEST_MAGIC "\n") == 0;
	int have_site = 0, have_global = 0, have_whole = 0, have_hw = 0;
	while (ok && fgets(line, sizeof(line), f)) {
		char slug[256];
		uint64_t hash;
		unsigned long long a, b;
		size_t files, bytes;
		if (!strchr(line, '\n'))
			ok = 0; /* longer than any record we write */
		else if (sscanf(line, "site %llu %llu %zu %zu", &a, &b, &files, &bytes) == 4) {
			m->dev = a, m->ino = b, m->files = files, m->bytes = bytes;
			have_site = 1;
		} else if (sscanf(line, "global %" SCNx64, &hash) == 1) {
			m->global = hash;
			have_global = 1;
		} else if (sscanf(line, "whole %" SCNx64, &hash) == 1) {
			m->whole = hash;
			have_whole = 1;
		} else if (sscanf(line, "all_hw %" SCNx64, &hash) == 1) {
			m->all_hw = hash;
			have_hw = 1;
		} else if (sscanf(line, "m %255s %" SCNx64, slug, &hash) == 2)
			S_push(&m->models, &m->n_models, slug, hash);
		else if (sscanf(line, "h %255s %" SCNx64, slug, &hash) == 2)
			S_push(&m->hardware, &m->n_hardware, slug, hash);
		else
			ok = 0;
	}
	if (ferror(f))
		ok = 0;
	fclose(f);
	if (!ok || !have_site || !have_global || !have_whole || !have_hw) {
		manifest_release(m);
		return -1;
	}
	qsort(m->models, m->n_models, sizeof(fp_entry), S_entry_cmp);
	qsort(m->hardware, m->n_hardware, sizeof(fp_entry), S_entry_cmp);
	return 0;
}

int manifest_write(const manifest *m, const char *path)
{
	buf b = BUF_INIT;
	buf_printf(&b, MANIFEST_MAGIC "\nsite %llu %llu %zu %zu\nglobal %016" PRIx64 "\nwhole %016" PRIx64
	           "\nall_hw %016" PRIx64 "\n", m->dev, m->ino, m->files, m->bytes, m->global, m->whole, m->all_hw);
	for (size_t i = 0; i < m->n_models; i++)
		buf_printf(&b, "m %s %016" PRIx64 "\n", m->models[i].slug, m->models[i].hash);
	for (size_t i = 0; i < m->n_hardware; i++)
		buf_printf(&b, "h %s %016" PRIx64 "\n", m->hardware[i].slug, m->hardware[i].hash);
	buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp", path);
	int rc = -1;
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		const char *p = b.ptr;
		size_t left = b.len;
		while (left) {
			ssize_t n = write(fd, p, left);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			p += n;
			left -= (size_t)n;
		}
		if (close(fd) == 0 && left == 0 && rename(tmp.ptr, path) == 0)
			rc = 0;
		else {
			int err = errno;
			unlink(tmp.ptr);
			errno = err;
		}
	}
	buf_release(&tmp);
	buf_release(&b);
	return rc;
}

static int S_slug_cmp(const void *key, const void *entry)
{
	return strcmp((const char *)key, ((const fp_entry *)entry)->slug);
}

static uint64_t S_find(const fp_entry *list, size_t n, const char *slug, int *found)
{
	const fp_entry *e = n ? bsearch(slug, list, n, sizeof(fp_entry), S_slug_cmp) : NULL;
	*found = e != NULL;
	return e ? e->hash : 0;
}

uint64_t manifest_model(const manifest *m, const char *slug, int *found)
{
	return S_find(m->models, m->n_models, slug, found);
}

uint64_t manifest_hardware(const manifest *m, const char *slug, int *found)
{
	return S_find(m->hardware, m->n_hardware, slug, found);
}

void manifest_release(manifest *m)
{
	for (size_t i = 0; i < m->n_models; i++)
		free(m->models[i].slug);
	for (size_t i = 0; i < m->n_hardware; i++)
		free(m->hardware[i].slug);
	free(m->models);
	free(m->hardware);
	memset(m, 0, sizeof(*m));
}
