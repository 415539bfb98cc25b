/* cmd_render.c - `fitgen render`: one template, one JSON file, stdout.
 *
 * The set holds every *.mustache of the partials folder (default: the
 * template's own folder) under its name, plus the template itself. By
 * default rendering follows the Mustache spec (undefined names render empty,
 * only & < > " are escaped); --strict and --escape-apos switch on what the
 * site build uses. */
#include "cmd_render.h"

#include <cJSON.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cmd.h"
#include "tpl.h"
#include "util.h"

static void S_usage(FILE *to)
{
	fprintf(to,
	        "usage: fitgen render TEMPLATE DATA.json [--partials DIR] [--strict] [--escape-apos]\n"
	        "\n"
	        "Renders the Mustache template TEMPLATE with the JSON file DATA.json as its\n"
	        "context and writes the result to standard output, byte for byte.\n"
	        "\n"
	        "options:\n"
	        "  --partials DIR  where {{>NAME}} and {{<NAME}} find DIR/NAME.mustache\n"
	        "                  (default: the folder of TEMPLATE)\n"
	        "  --strict        an undefined {{name}} or a missing partial or parent is an\n"
	        "                  error (as in the site build) instead of empty output\n"
	        "  --escape-apos   also escape ' as &#39; in {{name}} (as in the site build)\n"
	        "  -h, --help      print this help\n"
	        "\n"
	        "Without options rendering follows the Mustache spec: undefined names render\n"
	        "empty and {{name}} escapes only & < > \".\n"
	        "exit status: 0 success, 1 template, data or output error, 2 bad usage.\n");
}

static int S_bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "fitgen render: MESSAGE" and the usage to stderr; returns 2. */
static int S_bad_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "fitgen render: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n\n");
	va_end(ap);
	S_usage(stderr);
	return 2;
}

/* 1-based line and column (in characters) of text[off]. */
static void S_line_col(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch == '\n') {
			(*line)++;
			*col = 1;
		} else if ((ch & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

/* Parses DATA.json; on error prints "PATH:LINE:COL: error: invalid JSON"
 * at the byte where cJSON stopped (or the first byte after the value that is
 * not white space) and returns NULL. */
static cJSON *S_load_json(const char *path)
{
	size_t len;
	char *text = read_file(path, &len);
	if (!text) {
		fprintf(stderr, "%s: error: cannot read: %s\n", path, strerror(errno));
		return NULL;
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	size_t off = end ? (size_t)(end - text) : 0;
	if (root) {
		while (off < len && (text[off] == ' ' || text[off] == '\t' || text[off] == '\n' || text[off] == '\r'))
			off++;
		if (off < len) {
			cJSON_Delete(root);
			root = NULL;
		}
	}
	if (!root) {
		int line, col;
		S_line_col(text, off > len ? len : off, &line, &col);
		fprintf(stderr, "%s:%d:%d: error: invalid JSON\n", path, line, col);
	}
	free(text);
	return root;
}

int cmd_render(int argc, char **argv)
{
	const char *tpl_path = NULL, *data_path = NULL, *dir = NULL;
	unsigned flags = 0;
	int only_files = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_files && a[0] == '-' && a[1]) {
			if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
				S_usage(stdout);
				return 0;
			} else if (strcmp(a, "--strict") == 0) {
				flags |= TPL_STRICT;
			} else if (strcmp(a, "--escape-apos") == 0) {
				flags |= TPL_ESCAPE_APOS;
			} else if (strcmp(a, "--partials") == 0) {
				if (i + 1 >= argc)
					return S_bad_usage("%s needs a folder", a);
				dir = argv[++i];
			} else if (strncmp(a, "--partials=", 11) == 0) {
				dir = a + 11;
			} else if (strcmp(a, "--") == 0) {
				only_files = 1;
			} else {
				return S_bad_usage("unknown option '%s'", a);
			}
		} else if (!tpl_path) {
			tpl_path = a;
		} else if (!data_path) {
			data_path = a;
		} else {
			return S_bad_usage("unexpected argument '%s'", a);
		}
	}
	if (!data_path)
		return S_bad_usage("%s", tpl_path ? "missing DATA.json" : "missing TEMPLATE and DATA.json");

	int rc = 1;
	tpl_set *set = NULL;
	cJSON *root = NULL;
	char *src = NULL;
	buf folder = BUF_INIT, name = BUF_INIT, sibling = BUF_INIT, out = BUF_INIT;
	tpl_error err;

	/* the name: the file name without ".mustache"; the folder: dir or the template's */
	const char *slash = strrchr(tpl_path, '/');
	const char *base = slash ? slash + 1 : tpl_path;
	size_t base_len = strlen(base);
	if (base_len > 9 && strcmp(base + base_len - 9, ".mustache") == 0)
		base_len -= 9;
	buf_add(&name, base, base_len);
	if (dir)
		buf_adds(&folder, dir);
	else if (slash)
		buf_add(&folder, tpl_path, slash == tpl_path ? 1 : (size_t)(slash - tpl_path));
	else
		buf_adds(&folder, ".");

	size_t src_len;
	src = read_file(tpl_path, &src_len);
	if (!src) {
		fprintf(stderr, "%s: error: cannot read: %s\n", tpl_path, strerror(errno));
		goto out;
	}
	root = S_load_json(data_path);
	if (!root)
		goto out;

	set = tpl_set_new(flags);
	if (tpl_set_load_dir(set, folder.ptr, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		goto out;
	}
	/* The folder may already hold the template (the default): then use that
	 * copy. If it holds a different file of the same name, that one stays the
	 * partial and the template is added under its path, which no tag can name. */
	buf_printf(&sibling, "%s/%s.mustache", folder.ptr, name.ptr);
	struct stat st_tpl, st_sib;
	int sibling_exists = name.ptr[0] != '.' && name.len && stat(sibling.ptr, &st_sib) == 0 &&
	                     S_ISREG(st_sib.st_mode);
	int same = sibling_exists && stat(tpl_path, &st_tpl) == 0 && st_tpl.st_dev == st_sib.st_dev &&
	           st_tpl.st_ino == st_sib.st_ino;
	if (!same) {
		if (sibling_exists || !name.len) {
			buf_reset(&name);
			buf_adds(&name, tpl_path);
		}
		if (tpl_set_add(set, name.ptr, src, src_len, tpl_path, &err) != 0) {
			fprintf(stderr, "%s\n", err.message);
			goto out;
		}
	}
	if (tpl_set_link(set, &err) != 0) {
		fprintf(stderr, "%s\n", err.message);
		goto out;
	}
	tpl_json_cursor cur = TPL_JSON_CURSOR_INIT;
	if (tpl_render(tpl_set_get(set, name.ptr), &tpl_json_provider, &cur, root, &out, &err) != 0) {
		fprintf(stderr, "%s\n", err.message);
		goto out;
	}
	if (fwrite(out.ptr, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
		fprintf(stderr, "fitgen render: cannot write the output: %s\n", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	tpl_set_free(set);
	cJSON_Delete(root);
	free(src);
	buf_release(&folder);
	buf_release(&name);
	buf_release(&sibling);
	buf_release(&out);
	return rc;
}
