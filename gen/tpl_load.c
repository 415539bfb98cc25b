/* tpl_load.c - tpl_set_load_dir: the only part of the Mustache engine that
 * touches the file system. */
#include "tpl.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tpl_impl.h"
#include "util.h"

#define S_EXT ".mustache"

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files are added in byte order of their names, so that errors and the set's
 * order do not depend on the directory's. Hidden files (".name.mustache",
 * editor leftovers) and anything that is not a regular file are skipped. */
int tpl_set_load_dir(tpl_set *set, const char *dir, tpl_error *err)
{
	DIR *d = opendir(dir);
	if (!d) {
		tpl__error(err, dir, 0, 0, "cannot open folder: %s", strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	size_t ext_len = strlen(S_EXT);
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= ext_len || strcmp(e->d_name + len - ext_len, S_EXT) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), S_cmp);

	size_t dir_len = strlen(dir);
	while (dir_len > 1 && dir[dir_len - 1] == '/')
		dir_len--;
	int added = 0, rc = 0;
	char *path = NULL;
	for (size_t i = 0; i < n && rc == 0; i++) {
		size_t len = strlen(names[i]);
		free(path);
		if (dir_len == 1 && dir[0] == '.') {
			path = xstrdup(names[i]); /* "x.mustache" reads better than "./x.mustache" */
		} else {
			size_t sep = dir[dir_len - 1] != '/'; /* dir "/" keeps its slash */
			path = xmalloc(dir_len + sep + len + 1);
			memcpy(path, dir, dir_len);
			path[dir_len] = '/';
			memcpy(path + dir_len + sep, names[i], len + 1);
		}
		struct stat st;
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		size_t src_len;
		char *src = read_file(path, &src_len);
		if (!src) {
			tpl__error(err, path, 0, 0, "cannot read: %s", strerror(errno));
			rc = -1;
			break;
		}
		names[i][len - ext_len] = '\0';
		rc = tpl_set_add(set, names[i], src, src_len, path, err);
		free(src);
		if (rc == 0)
			added++;
	}
	free(path);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc ? -1 : added;
}
