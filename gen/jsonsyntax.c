#include "jsonsyntax.h"

#include <stdio.h>
#include <string.h>

#define JSON_MAX_DEPTH 512

typedef struct scanner {
	const char *s;
	size_t len, pos;
	json_syntax_error *err;
} scanner;

static int S_fail(scanner *sc, const char *msg)
{
	int line = 1, col = 1;
	for (size_t i = 0; i < sc->pos && i < sc->len; i++) {
		if (sc->s[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)sc->s[i] & 0xC0) != 0x80) {
			col++; /* count characters, not UTF-8 continuation bytes */
		}
	}
	sc->err->line = line;
	sc->err->col = col;
	if (sc->pos >= sc->len)
		snprintf(sc->err->message, sizeof(sc->err->message), "%s, found end of file", msg);
	else
		snprintf(sc->err->message, sizeof(sc->err->message), "%s", msg);
	return -1;
}

static void S_ws(scanner *sc)
{
	while (sc->pos < sc->len && strchr(" \t\r\n", sc->s[sc->pos]) && sc->s[sc->pos])
		sc->pos++;
}

static int S_peek(scanner *sc)
{
	return sc->pos < sc->len ? (unsigned char)sc->s[sc->pos] : -1;
}

static int S_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* The value of the four hex digits at s[at..at+4), or -1 when they are
 * not four hex digits. */
static long S_u4(const scanner *sc, size_t at)
{
	long v = 0;
	for (size_t i = at; i < at + 4; i++) {
		if (i >= sc->len || !S_hex((unsigned char)sc->s[i]))
			return -1;
		int c = (unsigned char)sc->s[i];
		v = v * 16 + (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static int S_string(scanner *sc)
{
	sc->pos++; /* opening quote */
	for (;;) {
		int c = S_peek(sc);
		if (c < 0)
			return S_fail(sc, "unterminated string");
		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return S_fail(sc, "control character in string (escape it)");
		if (c == '\\') {
			sc->pos++;
			c = S_peek(sc);
			if (c == 'u') {
				long u = S_u4(sc, sc->pos + 1);
				if (u < 0)
					return S_fail(sc, "invalid \\u escape: expected four hex digits");
				/* UTF-16 surrogates come in pairs, high then low (cJSON
				 * rejects anything else). */
				if (u >= 0xDC00 && u <= 0xDFFF)
					return S_fail(sc, "invalid \\u escape: low surrogate without a high surrogate before it");
				if (u >= 0xD800 && u <= 0xDBFF) {
					long lo = sc->pos + 6 < sc->len && sc->s[sc->pos + 5] == '\\' && sc->s[sc->pos + 6] == 'u'
					          ? S_u4(sc, sc->pos + 7) : -1;
					if (lo < 0xDC00 || lo > 0xDFFF)
						return S_fail(sc, "invalid \\u escape: high surrogate not followed by a \\u low surrogate");
					sc->pos += 6;
				}
				sc->pos += 5;
				continue;
			}
			if (c < 0 || !strchr("\"\\/bfnrt", c) || c == 0)
				return S_fail(sc, "invalid escape in string");
		}
		sc->pos++;
	}
}

static int S_digits(scanner *sc)
{
	size_t start = sc->pos;
	while (S_peek(sc) >= '0' && S_peek(sc) <= '9')
		sc->pos++;
	return sc->pos > start;
}

static int S_number(scanner *sc)
{
	if (S_peek(sc) == '-')
		sc->pos++;
	if (S_peek(sc) == '0') {
		sc->pos++;
		if (S_peek(sc) >= '0' && S_peek(sc) <= '9')
			return S_fail(sc, "invalid number: no leading zeros (write 22, not 022)");
	} else if (!S_digits(sc)) {
		return S_fail(sc, "invalid number");
	}
	if (S_peek(sc) == '.') {
		sc->pos++;
		if (!S_digits(sc))
			return S_fail(sc, "invalid number: expected digits after '.'");
	}
	if (S_peek(sc) == 'e' || S_peek(sc) == 'E') {
		sc->pos++;
		if (S_peek(sc) == '+' || S_peek(sc) == '-')
			sc->pos++;
		if (!S_digits(sc))
			return S_fail(sc, "invalid number: expected digits in the exponent");
	}
	return 0;
}

static int S_word(scanner *sc, const char *w)
{
	size_t n = strlen(w);
	if (sc->len - sc->pos < n || memcmp(sc->s + sc->pos, w, n) != 0)
		return S_fail(sc, "unexpected character: expected a value");
	sc->pos += n;
	return 0;
}

static int S_value(scanner *sc, int depth);

static int S_object(scanner *sc, int depth)
{
	sc->pos++;
	S_ws(sc);
	if (S_peek(sc) == '}') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		S_ws(sc);
		if (S_peek(sc) != '"')
			return S_fail(sc, "expected a string key in double quotes");
		if (S_string(sc))
			return -1;
		S_ws(sc);
		if (S_peek(sc) != ':')
			return S_fail(sc, "expected ':' after the key");
		sc->pos++;
		if (S_value(sc, depth + 1))
			return -1;
		S_ws(sc);
		int c = S_peek(sc);
		if (c == '}') {
			sc->pos++;
			return 0;
		}
		if (c != ',')
			return S_fail(sc, "expected ',' or '}'");
		sc->pos++;
		S_ws(sc);
		if (S_peek(sc) == '}')
			return S_fail(sc, "trailing comma before '}'");
	}
}

static int S_array(scanner *sc, int depth)
{
	sc->pos++;
	S_ws(sc);
	if (S_peek(sc) == ']') {
		sc->pos++;
		return 0;
	}
	for (;;) {
		if (S_value(sc, depth + 1))
			return -1;
		S_ws(sc);
		int c = S_peek(sc);
		if (c == ']') {
			sc->pos++;
			return 0;
		}
		if (c != ',')
			return S_fail(sc, "expected ',' or ']'");
		sc->pos++;
		S_ws(sc);
		if (S_peek(sc) == ']')
			return S_fail(sc, "trailing comma before ']'");
	}
}

static int S_value(scanner *sc, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return S_fail(sc, "nested too deeply");
	S_ws(sc);
	int c = S_peek(sc);
	switch (c) {
	case '{': return S_object(sc, depth);
	case '[': return S_array(sc, depth);
	case '"': return S_string(sc);
	case 't': return S_word(sc, "true");
	case 'f': return S_word(sc, "false");
	case 'n': return S_word(sc, "null");
	case -1: return S_fail(sc, "expected a value");
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return S_number(sc);
		return S_fail(sc, "unexpected character: expected a value");
	}
}

int json_syntax_check(const char *text, size_t len, json_syntax_error *err)
{
	scanner sc = { text, len, 0, err };
	/* cJSON rejects a UTF-8 byte order mark; say so rather than "unexpected
	 * character" at 1:1. */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		return S_fail(&sc, "byte order mark at the start: save the file as UTF-8 without BOM");
	if (S_value(&sc, 0))
		return -1;
	S_ws(&sc);
	if (sc.pos < len)
		return S_fail(&sc, "unexpected content after the JSON value");
	err->line = err->col = 0;
	err->message[0] = '\0';
	return 0;
}
