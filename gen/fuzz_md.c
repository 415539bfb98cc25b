/* fuzz_md.c - libFuzzer entry point for the Markdown path (make fuzz-md).
 *
 * The input is Markdown from a data file's description. md_to_html renders
 * it with cmark in safe mode; the fuzzer then reads the HTML back and aborts
 * (so a finding is a crash) unless it is made only of what that renderer may
 * emit:
 * - text without '<' or '>' (cmark escapes them);
 * - the comment cmark puts in place of raw HTML, "<!-- raw HTML omitted -->";
 * - tags from a fixed list (no <script>, <iframe>, <style>, ...), each
 *   attribute from a fixed list (so never on...=) with a double-quoted value;
 * - href and src values that, decoded as a browser would (character
 *   references, tabs and newlines dropped, leading spaces trimmed, case
 *   folded), do not start with javascript:, vbscript:, file: or a data: URL
 *   other than a png, gif, jpeg or webp image.
 * Besides that: crashes, leaks and undefined behaviour, as always. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "md.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const S_tags[] = {
	"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "code",
	"em", "strong", "a", "img", "hr", "br", NULL,
};
static const char *const S_attrs[] = { "href", "src", "title", "alt", "start", "class", "tabindex", NULL };

static int S_in(const char *const *list, const char *s, size_t n)
{
	for (; *list; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

/* Appends the code point c as UTF-8 (enough for the checks: only ASCII
 * matters to the scheme test). */
static void S_add_cp(buf *b, unsigned long c)
{
	if (c < 0x80) {
		char ch = (char)c;
		buf_add(b, &ch, 1);
	} else {
		buf_adds(b, "\xef\xbf\xbd"); /* anything non-ASCII: not part of a scheme */
	}
}

/* Decodes the attribute value v[0..n) as a browser would for the scheme
 * test: character references (numeric, and the named ones that spell
 * ASCII punctuation or white space), then drops tab, CR and LF and leading
 * spaces and control characters, and folds ASCII case. */
static void S_decode(buf *out, const char *v, size_t n)
{
	static const struct { const char *name; char c; } named[] = {
		{ "amp;", '&' }, { "colon;", ':' }, { "tab;", '\t' }, { "newline;", '\n' },
		{ "sol;", '/' }, { "lpar;", '(' }, { "rpar;", ')' }, { "quot;", '"' }, { "apos;", '\'' },
		{ "lt;", '<' }, { "gt;", '>' }, { "period;", '.' }, { "num;", '#' },
	};
	buf tmp = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '&' && i + 1 < n && v[i + 1] == '#') {
			size_t j = i + 2;
			int hex = j < n && (v[j] == 'x' || v[j] == 'X');
			if (hex)
				j++;
			unsigned long c = 0;
			size_t start = j;
			while (j < n && (hex ? isxdigit((unsigned char)v[j]) : isdigit((unsigned char)v[j]))) {
				if (c < 0x110000)
					c = c * (hex ? 16u : 10u) + (unsigned long)(isdigit((unsigned char)v[j]) ? v[j] - '0' : (tolower((unsigned char)v[j]) - 'a' + 10));
				j++;
			}
			if (j > start) {
				S_add_cp(&tmp, c);
				i = j < n && v[j] == ';' ? j : j - 1;
				continue;
			}
		} else if (v[i] == '&') {
			size_t k;
			for (k = 0; k < sizeof(named) / sizeof(named[0]); k++) {
				size_t len = strlen(named[k].name);
				if (i + 1 + len <= n && strncasecmp(v + i + 1, named[k].name, len) == 0) {
					buf_add(&tmp, &named[k].c, 1);
					i += len;
					break;
				}
			}
			if (k < sizeof(named) / sizeof(named[0]))
				continue;
		}
		buf_add(&tmp, v + i, 1);
	}
	size_t i = 0;
	while (i < tmp.len && (unsigned char)tmp.ptr[i] <= ' ')
		i++;
	for (; i < tmp.len; i++) {
		char c = tmp.ptr[i];
		if (c == '\t' || c == '\r' || c == '\n')
			continue;
		c = (char)tolower((unsigned char)c);
		buf_add(out, &c, 1);
	}
	buf_release(&tmp);
}

static int S_url_safe(const char *v, size_t n)
{
	buf u = BUF_INIT;
	S_decode(&u, v, n);
	const char *s = u.ptr;
	int ok = 1;
	if (strncmp(s, "javascript:", 11) == 0 || strncmp(s, "vbscript:", 9) == 0 || strncmp(s, "file:", 5) == 0)
		ok = 0;
	if (strncmp(s, "data:", 5) == 0 && strncmp(s, "data:image/png", 14) != 0 && strncmp(s, "data:image/gif", 14) != 0 &&
	    strncmp(s, "data:image/jpeg", 15) != 0 && strncmp(s, "data:image/webp", 15) != 0)
		ok = 0;
	buf_release(&u);
	return ok;
}

/* Reads the tag at h[*pos] ('<'); returns 0 and moves *pos past it, or -1
 * when it is not one the renderer may emit. */
static int S_tag(const char *h, size_t len, size_t *pos)
{
	static const char comment[] = "<!-- raw HTML omitted -->";
	size_t i = *pos + 1;
	if (strncmp(h + *pos, "<!--", 4) == 0) {
		if (strncmp(h + *pos, comment, sizeof(comment) - 1) != 0)
			return -1;
		*pos += sizeof(comment) - 1;
		return 0;
	}
	int closing = i < len && h[i] == '/';
	if (closing)
		i++;
	size_t name = i;
	while (i < len && (islower((unsigned char)h[i]) || isdigit((unsigned char)h[i])))
		i++;
	if (!S_in(S_tags, h + name, i - name))
		return -1;
	for (;;) {
		if (i < len && h[i] == '>') {
			*pos = i + 1;
			return 0;
		}
		if (i + 2 < len && !closing && strncmp(h + i, " />", 3) == 0) {
			*pos = i + 3;
			return 0;
		}
		if (closing || i >= len || h[i] != ' ')
			return -1;
		i++;
		size_t an = i;
		while (i < len && islower((unsigned char)h[i]))
			i++;
		if (!S_in(S_attrs, h + an, i - an) || i + 1 >= len || h[i] != '=' || h[i + 1] != '"')
			return -1;
		size_t v = i + 2;
		const char *q = memchr(h + v, '"', len - v);
		if (!q)
			return -1;
		size_t vn = (size_t)(q - (h + v));
		if (memchr(h + v, '<', vn) || memchr(h + v, '>', vn))
			return -1;
		if ((strncmp(h + an, "href", 4) == 0 || strncmp(h + an, "src", 3) == 0) && !S_url_safe(h + v, vn))
			return -1;
		i = v + vn + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *html = md_to_html((const char *)data, size);
	size_t len = strlen(html);
	for (size_t i = 0; i < len;) {
		if (html[i] == '>')
			abort();
		if (html[i] != '<') {
			i++;
			continue;
		}
		if (S_tag(html, len, &i) != 0)
			abort();
	}
	free(html);
	return 0;
}
