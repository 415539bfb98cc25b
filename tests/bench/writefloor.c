/* writefloor.c - the raw write floor for `make bench`.
 *
 * Reads every file under SRC into memory (not timed), then writes the same
 * files with the same bytes under DST with plain mkdir/open/write/close, and
 * prints the seconds that took. DST must not exist. This is the least any
 * generator writing the same site could spend on the file system.
 *
 * usage: writefloor SRC DST
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct file { char *rel; char *data; size_t len; } file;

static file *S_files;
static size_t S_n, S_cap;
static size_t S_root_len;

static int S_collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type != FTW_F)
		return 0;
	if (S_n == S_cap) {
		S_cap = S_cap ? S_cap * 2 : 1024;
		S_files = realloc(S_files, S_cap * sizeof(file));
	}
	file *f = &S_files[S_n++];
	f->rel = strdup(path + S_root_len + 1);
	f->len = (size_t)st->st_size;
	f->data = malloc(f->len + 1);
	int fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, f->data, f->len) != (ssize_t)f->len) {
		perror(path);
		exit(1);
	}
	close(fd);
	return 0;
}

static void S_mkdirs(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: writefloor SRC DST\n");
		return 2;
	}
	S_root_len = strlen(argv[1]);
	if (nftw(argv[1], S_collect, 64, FTW_PHYS) != 0) {
		perror(argv[1]);
		return 1;
	}
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	char path[4096];
	size_t bytes = 0;
	for (size_t i = 0; i < S_n; i++) {
		snprintf(path, sizeof(path), "%s/%s", argv[2], S_files[i].rel);
		int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 && errno == ENOENT) {
			S_mkdirs(path);
			fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		}
		if (fd < 0 || write(fd, S_files[i].data, S_files[i].len) != (ssize_t)S_files[i].len || close(fd) != 0) {
			perror(path);
			return 1;
		}
		bytes += S_files[i].len;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("%zu %zu %.6f\n", S_n, bytes, s);
	for (size_t i = 0; i < S_n; i++) {
		free(S_files[i].rel);
		free(S_files[i].data);
	}
	free(S_files);
	return 0;
}
