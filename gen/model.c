#include "model.h"

#include <stdlib.h>
#include <string.h>

static void S_free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void S_model_release(model *m)
{
	free(m->slug); free(m->name); free(m->family); free(m->organisation);
	free(m->release_date); free(m->licence);
	free(m->formats);
	free(m->gguf_repo); free(m->ollama); free(m->huggingface);
	free(m->source);
	S_free_strv(m->sources, m->n_sources);
	free(m->description_md); free(m->description_html);
	free(m->file);
}

static void S_hardware_release(hardware *h)
{
	free(h->slug); free(h->name); free(h->vendor); free(h->memory_type);
	free(h->architecture); free(h->interconnect_name);
	free(h->source);
	S_free_strv(h->sources, h->n_sources);
	free(h->notes); free(h->file);
}

void catalog_release(catalog *cat)
{
	for (size_t i = 0; i < cat->n_models; i++)
		S_model_release(&cat->models[i]);
	for (size_t i = 0; i < cat->n_hardware; i++)
		S_hardware_release(&cat->hardware[i]);
	for (size_t i = 0; i < cat->n_quants; i++) {
		free(cat->quants[i].name);
		free(cat->quants[i].source);
		free(cat->quants[i].notes);
	}
	for (size_t i = 0; i < cat->n_workloads; i++) {
		free(cat->workloads[i].slug);
		free(cat->workloads[i].name);
		free(cat->workloads[i].description);
	}
	for (size_t i = 0; i < cat->n_hosts; i++) {
		free(cat->hosts[i].slug);
		free(cat->hosts[i].name);
		free(cat->hosts[i].source);
	}
	free(cat->models); free(cat->hardware); free(cat->quants);
	free(cat->workloads); free(cat->hosts);
	free(cat->site.title); free(cat->site.tagline);
	free(cat->site.base_url); free(cat->site.repo_url);
	free(cat->site.popular);
	memset(cat, 0, sizeof(*cat));
}

long catalog_find_model(const catalog *cat, const char *slug)
{
	for (size_t i = 0; i < cat->n_models; i++)
		if (cat->models[i].slug && strcmp(cat->models[i].slug, slug) == 0)
			return (long)i;
	return -1;
}

long catalog_find_hardware(const catalog *cat, const char *slug)
{
	for (size_t i = 0; i < cat->n_hardware; i++)
		if (cat->hardware[i].slug && strcmp(cat->hardware[i].slug, slug) == 0)
			return (long)i;
	return -1;
}

long catalog_find_quant(const catalog *cat, const char *name)
{
	for (size_t i = 0; i < cat->n_quants; i++)
		if (cat->quants[i].name && strcmp(cat->quants[i].name, name) == 0)
			return (long)i;
	return -1;
}

long catalog_find_workload(const catalog *cat, const char *slug)
{
	for (size_t i = 0; i < cat->n_workloads; i++)
		if (cat->workloads[i].slug && strcmp(cat->workloads[i].slug, slug) == 0)
			return (long)i;
	return -1;
}

static const char *const S_kind_slugs[] = {
	"consumer_gpu", "workstation_gpu", "datacenter", "unified", "cpu",
};
static const char *const S_kind_labels[] = {
	"Consumer GPU", "Workstation GPU", "Datacenter accelerator",
	"Unified-memory system", "CPU-only system",
};

const char *hw_kind_slug(hw_kind k) { return S_kind_slugs[k]; }
const char *hw_kind_label(hw_kind k) { return S_kind_labels[k]; }

const char *attn_layout_slug(attn_layout a)
{
	static const char *const s[] = { "full", "sliding", "mla", "hybrid" };
	return s[a];
}

const char *quant_family_slug(quant_family f)
{
	static const char *const s[] = { "float", "gguf", "mlx", "awq", "gptq", "fp8", "nvfp4", "mxfp4" };
	return s[f];
}
