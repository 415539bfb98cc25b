/* md.h - Markdown prose from data → HTML, through cmark in safe mode.
 *
 * Raw HTML and dangerous link schemes (javascript:, vbscript:, file:, and
 * data: other than images) are not rendered: cmark replaces them. Called once
 * per entity at load time, never per page.
 */
#ifndef FIT_MD_H
#define FIT_MD_H

#include <stddef.h>

/* Returns HTML for the Markdown text (caller frees; never NULL). */
char *md_to_html(const char *text, size_t len);

#endif
