/* The registry: registrations copied in, looked up by object type or check system. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "plugins/plugin_internal.h"

const char *plugin_origin(const char *origin)
{
	return origin ? origin : "the program";
}

int plugin_registry_new(struct plugin_registry **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : cscap_err_oom();
}

static void free_probe(struct plugin_probe *p)
{
	if (!p)
		return;
	if (p->def.free_data)
		p->def.free_data(p->def.data);
	free(p->object_ns);
	free(p->object_name);
	free(p->item_ns);
	free(p->item_name);
	for (size_t i = 0; p->parameters && p->parameters[i]; i++)
		free(p->parameters[i]);
	free(p->parameters);
	free(p->origin);
	free(p);
}

static void free_engine(struct plugin_check_engine *e)
{
	if (!e)
		return;
	if (e->def.free_data)
		e->def.free_data(e->def.data);
	free(e->system);
	free(e->origin);
	free(e);
}

void plugin_registry_truncate(struct plugin_registry *r, size_t n_probes, size_t n_engines)
{
	/* Newest first: a plugin's data may refer to what it registered before. */
	while (r->n_probes > n_probes)
		free_probe(r->probes[--r->n_probes]);
	while (r->n_engines > n_engines)
		free_engine(r->engines[--r->n_engines]);
}

void plugin_registry_free(struct plugin_registry *r)
{
	if (!r)
		return;
	plugin_registry_truncate(r, 0, 0);
	free(r->probes);
	free(r->engines);
	/* Only now may the code behind free_data and the probes go away. */
	while (r->n_handles)
		dlclose(r->handles[--r->n_handles]);
	free(r->handles);
	free(r);
}

static int dup_or_null(char **out, const char *s)
{
	*out = s ? strdup(s) : NULL;
	return s && !*out ? -1 : 0;
}

const struct plugin_probe *plugin_registry_probe(const struct plugin_registry *r, const char *ns,
						 const char *name)
{
	for (size_t i = 0; r && i < r->n_probes; i++)
		if (strcmp(r->probes[i]->object_ns, ns) == 0 && strcmp(r->probes[i]->object_name, name) == 0)
			return r->probes[i];
	return NULL;
}

const struct plugin_check_engine *plugin_registry_check_engine(const struct plugin_registry *r,
							       const char *system)
{
	for (size_t i = 0; r && i < r->n_engines; i++)
		if (strcmp(r->engines[i]->system, system) == 0)
			return r->engines[i];
	return NULL;
}

static int copy_parameters(struct plugin_probe *p, const char *const *params)
{
	size_t n = 0;

	if (!params)
		return 0;
	while (params[n])
		n++;
	if (!(p->parameters = calloc(n + 1, sizeof(*p->parameters))))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!(p->parameters[i] = strdup(params[i])))
			return -1;
	return 0;
}

int plugin_registry_add_probe(struct plugin_registry *r, const cscap_probe *def, const char *origin)
{
	const struct plugin_probe *other;
	struct plugin_probe *p;

	if (!def || !def->object_ns || !def->object_name || !def->item_ns || !def->item_name ||
	    !def->collect || !*def->object_name || !*def->item_name)
		return cscap_err(CSCAP_EUSAGE, "%s: a probe needs object_ns, object_name, item_ns, item_name "
				 "and collect", plugin_origin(origin));
	if ((other = plugin_registry_probe(r, def->object_ns, def->object_name)))
		return cscap_err(CSCAP_EUSAGE, "%s: a probe for %s (namespace %s) is registered already by %s",
				 plugin_origin(origin), def->object_name, def->object_ns,
				 plugin_origin(other->origin));
	struct plugin_probe **grown = realloc(r->probes, (r->n_probes + 1) * sizeof(*grown));
	if (!grown)
		return cscap_err_oom();
	r->probes = grown;
	if (!(p = calloc(1, sizeof(*p))))
		return cscap_err_oom();
	if (dup_or_null(&p->object_ns, def->object_ns) || dup_or_null(&p->object_name, def->object_name) ||
	    dup_or_null(&p->item_ns, def->item_ns) || dup_or_null(&p->item_name, def->item_name) ||
	    dup_or_null(&p->origin, origin) || copy_parameters(p, def->parameters)) {
		free_probe(p); /* free_data is not set yet: the caller keeps data */
		return cscap_err_oom();
	}
	p->def = *def;
	p->def.object_ns = p->object_ns;
	p->def.object_name = p->object_name;
	p->def.item_ns = p->item_ns;
	p->def.item_name = p->item_name;
	p->def.parameters = (const char *const *)p->parameters;
	r->probes[r->n_probes++] = p;
	return 0;
}

int plugin_registry_add_check_engine(struct plugin_registry *r, const cscap_check_engine *def,
				     const char *origin)
{
	const struct plugin_check_engine *other;
	struct plugin_check_engine *e;

	if (!def || !def->system || !*def->system || !def->evaluate)
		return cscap_err(CSCAP_EUSAGE, "%s: a check engine needs system and evaluate",
				 plugin_origin(origin));
	if ((other = plugin_registry_check_engine(r, def->system)))
		return cscap_err(CSCAP_EUSAGE, "%s: a check engine for %s is registered already by %s",
				 plugin_origin(origin), def->system, plugin_origin(other->origin));
	struct plugin_check_engine **grown = realloc(r->engines, (r->n_engines + 1) * sizeof(*grown));
	if (!grown)
		return cscap_err_oom();
	r->engines = grown;
	if (!(e = calloc(1, sizeof(*e))))
		return cscap_err_oom();
	if (dup_or_null(&e->system, def->system) || dup_or_null(&e->origin, origin)) {
		free_engine(e);
		return cscap_err_oom();
	}
	e->def = *def;
	e->def.system = e->system;
	r->engines[r->n_engines++] = e;
	return 0;
}
