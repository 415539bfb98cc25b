#include "writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"
#include "util.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

/* Files larger than this are compared in chunks. */
#define COMPARE_CHUNK (64 * 1024)

static void S_fail(writer *w, const char *path, int err)
{
	int expected = 0;
	if (atomic_compare_exchange_strong(&w->failed, &expected, 1))
		snprintf(w->error, sizeof(w->error), "%s: %s", path, strerror(err));
}

int writer_path_is_safe(const char *rel)
{
	if (!rel || !*rel || rel[0] == '/')
		return 0;
	const char *seg = rel;
	for (const char *p = rel;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t n = (size_t)(p - seg);
			if (n == 0 || (n == 1 && seg[0] == '.') || (n == 2 && seg[0] == '.' && seg[1] == '.'))
				return 0;
			if (*p == '\0')
				return 1;
			seg = p + 1;
		} else if (*p == '\\') {
			return 0;
		}
	}
}

/* rm -rf path; returns 0 or -1 with errno. Does not follow symlinks. */
static int S_remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	buf child = BUF_INIT;
	int rc = 0;
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_reset(&child);
		buf_printf(&child, "%s/%s", path, e->d_name);
		if (S_remove_tree(child.ptr) != 0)
			rc = -1;
	}
	closedir(d);
	buf_release(&child);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}

/* mkdir -p for the folder part of path (everything before the last '/'). */
static int S_make_parents(char *path)
{
	char *slash = strrchr(path, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	int rc = mkdir(path, 0755);
	if (rc != 0 && errno == ENOENT) {
		if (S_make_parents(path) == 0)
			rc = mkdir(path, 0755);
	}
	if (rc != 0 && errno == EEXIST)
		rc = 0;
	*slash = '/';
	return rc;
}

static char *S_join(const char *dir, const char *rel)
{
	buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, rel);
	return buf_detach(&b, NULL);
}

int writer_begin(writer *w, const char *out_dir)
{
	memset(w, 0, sizeof(*w));
	size_t n = strlen(out_dir);
	while (n > 1 && out_dir[n - 1] == '/')
		n--;
	w->out_dir = xstrndup(out_dir, n);
	/* Staging and old folders sit beside the output, on the same file
	 * system, so rename can move them. */
	w->staging_dir = sibling_path(w->out_dir, "staging");
	w->old_dir = sibling_path(w->out_dir, "old");

	/* Leftovers of an interrupted build. */
	if (S_remove_tree(w->staging_dir) != 0 || S_remove_tree(w->old_dir) != 0) {
		S_fail(w, w->staging_dir, errno);
		return -1;
	}
	char *probe = S_join(w->staging_dir, "x");
	int rc = S_make_parents(probe);
	free(probe);
	if (rc != 0) {
		S_fail(w, w->staging_dir, errno);
		return -1;
	}
	return 0;
}

/* 1 when the file at path holds exactly data[0..len). */
static int S_same_content(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	struct stat st;
	int same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
	char chunk[COMPARE_CHUNK];
	size_t off = 0;
	while (same && off < len) {
		size_t want = len - off < sizeof(chunk) ? len - off : sizeof(chunk);
		ssize_t got = read(fd, chunk, want);
		if (got <= 0 || memcmp(chunk, (const char *)data + off, (size_t)got) != 0)
			same = 0;
		else
			off += (size_t)got;
	}
	close(fd);
	return same;
}

static int S_write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The staging and published paths of rel (caller frees both). Returns 0,
 * or -1 after an earlier failure or for an unsafe rel (w->error set). */
static int S_paths(writer *w, const char *rel, char **dst, char **pub)
{
	if (atomic_load(&w->failed))
		return -1;
	if (!writer_path_is_safe(rel)) {
		S_fail(w, rel, EINVAL);
		return -1;
	}
	*dst = S_join(w->staging_dir, rel);
	*pub = S_join(w->out_dir, rel);
	return 0;
}

int writer_put(writer *w, const char *rel, const void *data, size_t len)
{
	char *dst, *pub;
	if (S_paths(w, rel, &dst, &pub) != 0)
		return -1;
	int rc = -1;
	if (S_make_parents(dst) != 0) {
		S_fail(w, dst, errno);
		goto out;
	}
	atomic_fetch_add(&w->bytes, len);
	/* Unchanged page: link the published file, keeping its mtime. */
	if (S_same_content(pub, data, len) && link(pub, dst) == 0) {
		atomic_fetch_add(&w->unchanged, 1);
		rc = 0;
		goto out;
	}
	int fd = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		S_fail(w, dst, errno);
		goto out;
	}
	if (S_write_all(fd, data, len) != 0) {
		S_fail(w, dst, errno);
		close(fd);
		goto out;
	}
	if (close(fd) != 0) {
		S_fail(w, dst, errno);
		goto out;
	}
	atomic_fetch_add(&w->written, 1);
	rc = 0;
out:
	free(dst);
	free(pub);
	return rc;
}

int writer_reuse(writer *w, const char *rel)
{
	char *dst, *pub;
	if (S_paths(w, rel, &dst, &pub) != 0)
		return -1;
	int rc = -1;
	struct stat st;
	if (lstat(pub, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = 1;
		goto out;
	}
	if (S_make_parents(dst) != 0) {
		S_fail(w, dst, errno);
		goto out;
	}
	if (link(pub, dst) != 0) {
		/* Not linkable (e.g. another file system's quirks): render it. */
		rc = 1;
		goto out;
	}
	atomic_fetch_add(&w->bytes, (size_t)st.st_size);
	atomic_fetch_add(&w->unchanged, 1);
	rc = 0;
out:
	free(dst);
	free(pub);
	return rc;
}

int writer_copy(writer *w, const char *rel, const char *src)
{
	size_t len = 0;
	char *data = read_file(src, &len);
	if (!data) {
		S_fail(w, src, errno);
		return -1;
	}
	int rc = writer_put(w, rel, data, len);
	free(data);
	return rc;
}

static int S_exchange(const char *a, const char *b)
{
#ifdef SYS_renameat2
	if (syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL)
		return -1;
#endif
	errno = ENOSYS;
	return -1;
}

int writer_commit(writer *w)
{
	if (atomic_load(&w->failed))
		return -1;
	struct stat st;
	if (lstat(w->out_dir, &st) != 0) {
		if (errno != ENOENT || rename(w->staging_dir, w->out_dir) != 0) {
			S_fail(w, w->out_dir, errno);
			return -1;
		}
		return 0;
	}
	if (S_exchange(w->staging_dir, w->out_dir) == 0) {
		/* The old site now sits at the staging path. */
		S_remove_tree(w->staging_dir);
		return 0;
	}
	/* No atomic exchange on this file system: two renames, with the old
	 * site kept until the new one is in place. */
	if (rename(w->out_dir, w->old_dir) != 0) {
		S_fail(w, w->out_dir, errno);
		return -1;
	}
	if (rename(w->staging_dir, w->out_dir) != 0) {
		int err = errno;
		rename(w->old_dir, w->out_dir);
		S_fail(w, w->out_dir, err);
		return -1;
	}
	S_remove_tree(w->old_dir);
	return 0;
}

void writer_abort(writer *w)
{
	if (w->staging_dir)
		S_remove_tree(w->staging_dir);
}

void writer_release(writer *w)
{
	free(w->out_dir);
	free(w->staging_dir);
	free(w->old_dir);
	memset(w, 0, sizeof(*w));
}
