/* The probe registry and the state probes share during one scan. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "probes/container/container_probe.h"
#include "probes/probe.h"

struct probe_session {
	struct probe_config cfg;
	struct container_snapshot *containers; /* taken on first use; owned */
};

typedef int (*probe_fn)(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			const struct oval_var_env *vars, struct regex_cache *regexes);

struct probe_entry {
	const char *ns;
	const char *object;
	probe_fn collect;
};

static int collect_containers(struct probe_session *ps, struct syschar *sc,
			      struct oval_collected *col, const struct oval_var_env *vars,
			      struct regex_cache *regexes)
{
	/* One snapshot per scan: every object and every OVAL document sees the same engine state. */
	if (!ps->containers) {
		int rc = container_snapshot_take(&ps->containers, &ps->cfg);
		if (rc)
			return rc;
	}
	return container_probe_collect(ps->containers, sc, col, vars, regexes);
}

static const struct probe_entry registry[] = {
	{CONTAINER_DEF_NS, "container_object", collect_containers},
};

int probe_session_new(struct probe_session **out, const struct probe_config *cfg)
{
	struct probe_session *ps = calloc(1, sizeof(*ps));

	*out = NULL;
	if (!ps)
		return cscap_err_oom();
	ps->cfg = *cfg;
	*out = ps;
	return 0;
}

void probe_session_free(struct probe_session *ps)
{
	if (!ps)
		return;
	container_snapshot_free(ps->containers);
	free(ps);
}

enum oval_result probe_item_matches(const struct oval_object *obj, const struct oval_item *item,
				    const char *const *parameters, const struct oval_var_env *vars,
				    struct regex_cache *regexes)
{
	enum oval_result all = OVAL_RESULT_TRUE;

	for (size_t i = 0; i < obj->n_entities; i++) {
		const struct oval_entity *want = &obj->entities[i];
		const struct oval_item_entity *have = NULL;
		bool parameter = false;

		for (size_t p = 0; parameters && parameters[p] && !parameter; p++)
			parameter = strcmp(parameters[p], want->name) == 0;
		if (parameter)
			continue;
		for (size_t k = 0; k < item->n_entities && !have; k++)
			if (strcmp(item->entities[k].name, want->name) == 0)
				have = &item->entities[k];
		if (!have || have->status != OVAL_STATUS_EXISTS)
			return OVAL_RESULT_ERROR;
		enum oval_result r = oval_compare_entity(regexes, want, vars, have->value);
		if (r == OVAL_RESULT_FALSE)
			return r;
		if (r != OVAL_RESULT_TRUE)
			all = r;
	}
	return all;
}

int probe_collect(struct probe_session *ps, struct syschar *sc, const struct oval_document *doc,
		  size_t index, const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct oval_collected *col = &sc->objects[index];
	const struct oval_object *obj = &doc->objects[index];
	char text[512];

	if (sc->collected[index])
		return 0;
	sc->collected[index] = 1;
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].ns, obj->ns) == 0 && strcmp(registry[i].object, obj->type) == 0)
			return registry[i].collect(ps, sc, col, vars, regexes);
	col->flag = OVAL_FLAG_NOT_COLLECTED;
	snprintf(text, sizeof(text), "cscap has no probe for %s (namespace %s)", obj->type, obj->ns);
	return syschar_add_message(sc, col, OVAL_MSG_WARNING, text) ? cscap_err_oom() : 0;
}
