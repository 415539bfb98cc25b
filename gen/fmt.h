/* fmt.h - numbers as people read them on the site.
 *
 * Each function writes into a caller-supplied char[FMT_LEN] and returns it,
 * so formatting costs no allocation. Memory is shown in GiB (2^30 bytes),
 * the unit GPU and Apple memory sizes are really counted in.
 */
#ifndef FIT_FMT_H
#define FIT_FMT_H

#define FMT_LEN 48

const char *fmt_gib(char *out, double bytes);          /* "4.9 GiB", "243 GiB" */
const char *fmt_tok_s(char *out, double tok_s);        /* "41 tok/s", "3.2 tok/s" */
const char *fmt_ms(char *out, double ms);              /* "180 ms", "2.4 s", "3.1 min" */
const char *fmt_tokens(char *out, double tokens);      /* "8K", "128K", "1M", "500" */
const char *fmt_params(char *out, double billions);    /* "8B", "0.5B", "1T" */
const char *fmt_pct(char *out, double fraction);       /* "37%" */

#endif
