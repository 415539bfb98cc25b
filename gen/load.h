/* load.h - the loader: data/ → catalog, with validation.
 *
 * The only module that sees cJSON for catalog data. Reads data/site.json,
 * data/quants.json, data/workloads.json, every data/models/NAME.json and
 * data/hardware/NAME.json (files in sorted order, so the catalog's order is
 * deterministic: models and hardware sorted by slug), validates types,
 * units, physical ranges and cross-references, and reports every problem
 * into diags with the file and JSON path.
 */
#ifndef FIT_LOAD_H
#define FIT_LOAD_H

#include "diag.h"
#include "model.h"

/* Loads the catalog under data_dir into *cat (which it initialises).
 * Returns 0 on success; -1 when any diagnostic was reported, in which case
 * *cat is released and empty. Never exits or prints. */
int catalog_load(catalog *cat, const char *data_dir, diag_list *diags);

/* 1 when s is a valid slug: [a-z0-9][a-z0-9.-]*, at most 80 bytes, no "..".
 * Output paths are built only from slugs that pass this check. */
int load_slug_is_valid(const char *s);

#endif
