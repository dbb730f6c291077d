/* The OVAL side of the container probe: container_object → container_items. */
#include <stdio.h>
#include <string.h>

#include "common/error_internal.h"
#include "probes/container/container.h"
#include "probes/container/container_probe.h"

/* The item's entities, in the order the extension schema declares them. */
enum { MAX_ENTITIES = 32 };

struct entity_builder {
	struct syschar *sc;
	struct oval_item *item;
	int oom;
};

static void put(struct entity_builder *b, const char *name, enum oval_datatype dt,
		enum oval_status status, const char *value)
{
	struct oval_item_entity *e = &b->item->entities[b->item->n_entities];

	if (b->item->n_entities >= MAX_ENTITIES) {
		b->oom = 1;
		return;
	}
	e->name = name;
	e->datatype = dt;
	e->status = status;
	e->value = value ? value : "";
	b->item->n_entities++;
}

static void put_str(struct entity_builder *b, const char *name, const char *value)
{
	put(b, name, OVAL_DT_STRING, OVAL_STATUS_EXISTS, value);
}

static void put_bool(struct entity_builder *b, const char *name, bool v)
{
	put(b, name, OVAL_DT_BOOLEAN, OVAL_STATUS_EXISTS, v ? "true" : "false");
}

static void put_int(struct entity_builder *b, const char *name, bool known, long long v)
{
	const char *text = known ? arena_sprintf(&b->sc->arena, "%lld", v) : "";
	if (known && !text)
		b->oom = 1;
	put(b, name, OVAL_DT_INT, known ? OVAL_STATUS_EXISTS : OVAL_STATUS_NOT_COLLECTED, text);
}

static struct oval_item *container_item(struct syschar *sc, const struct container_snapshot *snap,
					const struct container *c)
{
	struct entity_builder b = {sc, NULL, 0};

	b.item = syschar_new_item(sc, CONTAINER_SC_NS, "container_item", MAX_ENTITIES);
	if (!b.item)
		return NULL;
	put_str(&b, "engine", c->engine);
	put_str(&b, "id", c->id);
	put_str(&b, "name", c->name);
	put_str(&b, "image", c->image);
	put_str(&b, "state", c->state);
	put_str(&b, "pid_mode", c->pid_mode);
	put_str(&b, "effective_pid_mode", c->effective_pid_mode);
	put_int(&b, "pid", true, c->pid);
	put_int(&b, "pid_namespace", c->pid_ns_known, (long long)c->pid_ns);
	put_int(&b, "host_pid_namespace", snap->host_pid_ns_known, (long long)snap->host_pid_ns);
	put_str(&b, "source", "api");
	put_str(&b, "ipc_mode", c->ipc_mode);
	put_str(&b, "network_mode", c->network_mode);
	put_str(&b, "uts_mode", c->uts_mode);
	put_str(&b, "userns_mode", c->userns_mode);
	put_bool(&b, "privileged", c->privileged);
	put_bool(&b, "readonly_rootfs", c->readonly_rootfs);
	put_int(&b, "pids_limit", c->has_pids_limit, c->pids_limit);
	put_str(&b, "cgroup_parent", c->cgroup_parent);
	return b.oom ? NULL : b.item;
}

/* The schema puts the repeated capability and option entities between fixed
 * ones, so they are inserted in place rather than appended. */
static int insert_lists(struct syschar *sc, struct oval_item *item, const struct container *c)
{
	size_t extra = c->n_cap_add + c->n_cap_drop + c->n_security_opt;
	struct oval_item_entity *all;
	size_t at = 0, n = item->n_entities;

	if (extra == 0)
		return 0;
	all = arena_calloc(&sc->arena, n + extra, sizeof(*all));
	if (!all)
		return -1;
	for (size_t i = 0; i < n; i++) {
		all[at++] = item->entities[i];
		if (strcmp(item->entities[i].name, "privileged") != 0)
			continue;
		for (size_t k = 0; k < c->n_cap_add; k++)
			all[at++] = (struct oval_item_entity){"cap_add", c->cap_add[k], OVAL_DT_STRING,
							      OVAL_STATUS_EXISTS};
		for (size_t k = 0; k < c->n_cap_drop; k++)
			all[at++] = (struct oval_item_entity){"cap_drop", c->cap_drop[k], OVAL_DT_STRING,
							      OVAL_STATUS_EXISTS};
		for (size_t k = 0; k < c->n_security_opt; k++)
			all[at++] = (struct oval_item_entity){"security_opt", c->security_opt[k],
							      OVAL_DT_STRING, OVAL_STATUS_EXISTS};
	}
	item->entities = all;
	item->n_entities = at;
	return 0;
}

/* One item per container per syschar, made on first use and shared by every object. */
static struct oval_item **items_for(struct syschar *sc, const struct container_snapshot *snap)
{
	struct oval_item **items = sc->probe_cache[CONTAINER_PROBE_SLOT];

	if (items)
		return items;
	items = arena_calloc(&sc->arena, snap->n_containers ? snap->n_containers : 1, sizeof(*items));
	if (!items)
		return NULL;
	for (size_t i = 0; i < snap->n_containers; i++) {
		items[i] = container_item(sc, snap, &snap->containers[i]);
		if (!items[i] || insert_lists(sc, items[i], &snap->containers[i]))
			return NULL;
	}
	sc->probe_cache[CONTAINER_PROBE_SLOT] = items;
	return items;
}

static int note(struct syschar *sc, struct oval_collected *col, enum oval_message_level level,
		const char *text)
{
	return syschar_add_message(sc, col, level, text) ? cscap_err_oom() : 0;
}

int container_probe_collect(const struct container_snapshot *snap, struct syschar *sc,
			    struct oval_collected *col, struct regex_cache *regexes)
{
	char text[512];
	struct oval_item **items;

	if (snap->status != 0) {
		col->flag = OVAL_FLAG_ERROR;
		return note(sc, col, OVAL_MSG_ERROR, snap->error);
	}
	if (!(items = items_for(sc, snap)))
		return cscap_err_oom();
	col->items = arena_calloc(&sc->arena, snap->n_containers ? snap->n_containers : 1,
				  sizeof(*col->items));
	if (!col->items)
		return cscap_err_oom();
	int undecided = 0;
	for (size_t i = 0; i < snap->n_containers; i++) {
		enum oval_result r = probe_item_matches(col->object, items[i], regexes);
		if (r == OVAL_RESULT_TRUE)
			col->items[col->n_items++] = items[i];
		else if (r != OVAL_RESULT_FALSE)
			undecided++;
	}
	snprintf(text, sizeof(text),
		 "%s engine (version %s, API %s) at %s: %zu containers, %zu selected by this object%s; host PID namespace from %s",
		 snap->engine, snap->engine_version ? snap->engine_version : "unknown",
		 snap->api_version ? snap->api_version : "?", snap->engine_url, snap->n_containers,
		 col->n_items, snap->n_vanished ? " (some vanished during the scan)" : "",
		 snap->host_pid_ns_source ? snap->host_pid_ns_source : "nowhere (unknown)");
	if (undecided) {
		/* An object whose selection could not be decided must not look complete. */
		col->flag = OVAL_FLAG_ERROR;
		if (note(sc, col, OVAL_MSG_ERROR, "the object's entities could not be compared with some containers"))
			return CSCAP_ENOMEM;
	} else {
		col->flag = col->n_items ? OVAL_FLAG_COMPLETE : OVAL_FLAG_DOES_NOT_EXIST;
	}
	return note(sc, col, OVAL_MSG_INFO, text);
}
