#include "md.h"

#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "util.h"

char *md_to_html(const char *text, size_t len)
{
	/* CMARK_OPT_SAFE is the default since cmark 0.29 and a no-op there; it
	 * is kept so the intent survives an older library. CMARK_OPT_UNSAFE is
	 * never set, so raw HTML becomes a comment and unsafe URLs are dropped. */
	char *html = cmark_markdown_to_html(text, len, CMARK_OPT_DEFAULT | CMARK_OPT_SAFE);
	if (!html)
		return xstrdup("");
	/* cmark allocates with the system allocator; copy into ours so every
	 * string in the catalog is freed the same way. */
	char *out = xstrdup(html);
	free(html);
	return out;
}
