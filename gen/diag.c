#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void diag_init(diag_list *d)
{
	d->items = NULL;
	d->n = 0;
	d->dropped = 0;
}

void diag_release(diag_list *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->items[i]);
	free(d->items);
	diag_init(d);
}

void diag_add(diag_list *d, const char *fmt, ...)
{
	if (d->n >= DIAG_MAX) {
		d->dropped++;
		return;
	}
	buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (d->n % 16 == 0)
		d->items = xrealloc(d->items, (d->n + 16) * sizeof(*d->items));
	d->items[d->n++] = buf_detach(&b, NULL);
}

size_t diag_count(const diag_list *d)
{
	return d->n + d->dropped;
}

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void diag_sort(diag_list *d)
{
	/* Messages start with the file name, so a bytewise sort groups them by
	 * file. Insertion sort keeps equal messages in the order reported. */
	for (size_t i = 1; i < d->n; i++) {
		char *item = d->items[i];
		size_t j = i;
		while (j > 0 && S_cmp(&d->items[j - 1], &item) > 0) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = item;
	}
}
