#include "fmt.h"

#include <math.h>
#include <stdio.h>

#define GIB (1024.0 * 1024.0 * 1024.0)

/* Two significant digits below 10, whole numbers above: enough for a
 * decision, and it never suggests more precision than the estimate has. */
static const char *S_num(char *out, double v, const char *unit)
{
	if (!isfinite(v))
		snprintf(out, FMT_LEN, "—");
	else if (fabs(v) >= 99.5)
		snprintf(out, FMT_LEN, "%.0f%s", v, unit);
	else if (fabs(v) >= 9.95)
		snprintf(out, FMT_LEN, "%.0f%s", v, unit);
	else if (fabs(v) >= 0.995)
		snprintf(out, FMT_LEN, "%.1f%s", v, unit);
	else
		snprintf(out, FMT_LEN, "%.2f%s", v, unit);
	return out;
}

const char *fmt_gib(char *out, double bytes)
{
	return S_num(out, bytes / GIB, " GiB");
}

const char *fmt_tok_s(char *out, double tok_s)
{
	if (tok_s <= 0)
		snprintf(out, FMT_LEN, "—");
	else
		S_num(out, tok_s, " tok/s");
	return out;
}

const char *fmt_ms(char *out, double ms)
{
	if (!isfinite(ms) || ms <= 0)
		snprintf(out, FMT_LEN, "—");
	else if (ms < 995)
		snprintf(out, FMT_LEN, "%.0f ms", ms);
	else if (ms < 59500)
		S_num(out, ms / 1000.0, " s");
	else
		S_num(out, ms / 60000.0, " min");
	return out;
}

const char *fmt_tokens(char *out, double tokens)
{
	if (tokens >= 1048576 && fmod(tokens, 1048576) == 0)
		snprintf(out, FMT_LEN, "%.0fM", tokens / 1048576);
	else if (tokens >= 1024 && fmod(tokens, 1024) == 0)
		snprintf(out, FMT_LEN, "%.0fK", tokens / 1024);
	else if (tokens >= 1000)
		snprintf(out, FMT_LEN, "%.0fK", tokens / 1000);
	else
		snprintf(out, FMT_LEN, "%.0f", tokens);
	return out;
}

const char *fmt_params(char *out, double b)
{
	if (b >= 1000)
		snprintf(out, FMT_LEN, "%.2gT", b / 1000);
	else if (b >= 10)
		snprintf(out, FMT_LEN, "%.0fB", b);
	else if (b >= 1)
		snprintf(out, FMT_LEN, "%.3gB", b);
	else
		snprintf(out, FMT_LEN, "%.0fM", b * 1000);
	return out;
}

const char *fmt_pct(char *out, double f)
{
	snprintf(out, FMT_LEN, "%.0f%%", f * 100);
	return out;
}
