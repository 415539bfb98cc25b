/* jsonsyntax.h - explains why a JSON text does not parse.
 *
 * cJSON says only where it stopped. When it rejects a file, the loader runs
 * this small recursive-descent checker over the same bytes to get a message
 * a contributor can act on ("expected ',' or '}' after an object member")
 * with the 1-based line and column of the offending byte. It allocates
 * nothing and is only used on the error path.
 */
#ifndef FIT_JSONSYNTAX_H
#define FIT_JSONSYNTAX_H

#include <stddef.h>

typedef struct json_syntax_error {
	int line, col;      /* 1-based position of the first bad byte */
	char message[128];
} json_syntax_error;

/* Returns 0 when text is valid JSON (one value, then only white space);
 * otherwise -1 with *err filled. Nesting deeper than 512 is an error. */
int json_syntax_check(const char *text, size_t len, json_syntax_error *err);

#endif
