#include "md.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "buf.h"
#include "util.h"

char *md_to_html(const char *text, size_t len)
{
	/* CMARK_OPT_SAFE is the default since cmark 0.29 and a no-op there; it
	 * is kept so the intent survives an older library. CMARK_OPT_UNSAFE is
	 * never set, so raw HTML becomes a comment and unsafe URLs are dropped. */
	char *html = cmark_markdown_to_html(text, len, CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
	if (!html)
		return xstrdup("");
	/* Copy into our allocator (cmark uses the system's), making every code
	 * block focusable on the way: a <pre> wider than the screen scrolls, and
	 * a scrollable region must be reachable by keyboard (WCAG 2.1.1). */
	buf out = BUF_INIT;
	const char *p = html, *hit;
	while ((hit = strstr(p, "<pre>"))) {
		buf_add(&out, p, (size_t)(hit - p));
		buf_adds(&out, "<pre tabindex=\"0\">");
		p = hit + 5;
	}
	buf_adds(&out, p);
	free(html);
	return buf_detach(&out, NULL);
}
