/* escape.h - escaping for each place a data string can land.
 *
 * HTML text and quoted attribute values are escaped by the Mustache engine
 * ({{name}} with TPL_ESCAPE_APOS: & < > " '). The functions here cover the
 * other contexts: JSON (also safe inside an HTML <script> element), XML
 * (sitemaps), and URL path segments. All append to out and cannot fail.
 */
#ifndef FIT_ESCAPE_H
#define FIT_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Appends s as a quoted JSON string. Besides what JSON requires (" \ and
 * control characters) it escapes < > & as \u003c \u003e \u0026 and U+2028,
 * U+2029 as \u2028 \u2029, so the result can sit inside <script> without
 * ending it ("</script>", "<!--") and inside JavaScript string literals.
 * Invalid UTF-8 bytes become U+FFFD. */
void esc_json_string(buf *out, const char *s, size_t len);

/* Appends s escaped for XML text and attribute values (& < > " '). */
void esc_xml(buf *out, const char *s, size_t len);

/* Appends s percent-encoded for a URL path segment (RFC 3986 unreserved
 * characters stay, everything else becomes %XX). */
void esc_url_segment(buf *out, const char *s, size_t len);

#endif
