/* The OVAL side of the container probe: container_object → container_items,
 * engine_object → one engine_item. */
#include <stdio.h>
#include <string.h>

#include "common/error_internal.h"
#include "probes/container/container.h"
#include "probes/container/container_probe.h"
#include "probes/item_builder.h"

/* container_object entities that configure the probe instead of selecting items. */
static const char *const parameters[] = {"exclude_names", NULL};

/* An int entity, or one "not collected" when the value is not known. */
static void put_int(struct item_builder *b, const char *name, bool known, long long v)
{
	if (known)
		item_int(b, name, v);
	else
		item_status(b, name, OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
}

/* A repeated entity with no value at all says so, so that states can test for it. */
static void put_none(struct item_builder *b, const char *name, size_t count, enum oval_datatype dt)
{
	if (count == 0)
		item_status(b, name, dt, OVAL_STATUS_DOES_NOT_EXIST);
}

static size_t entity_count(const struct container *c)
{
	return 37 + c->n_cap_add + c->n_cap_drop + c->n_security_opt + c->n_mounts + c->n_devices +
	       c->n_ports + c->n_ulimits;
}

static struct oval_item *container_item(struct syschar *sc, const struct container_snapshot *snap,
					const struct container *c, const char *excluded_by)
{
	struct item_builder b;
	char buf[2][32];

	if (!item_begin(&b, sc, CONTAINER_SC_NS, "container_item", entity_count(c)))
		return NULL;
	/* The order is the extension schema's. */
	item_str_borrowed(&b, "engine", c->engine);
	item_str_borrowed(&b, "id", c->id);
	item_str_borrowed(&b, "name", c->name);
	item_str_borrowed(&b, "image", c->image);
	item_str_borrowed(&b, "state", c->state);
	item_str_borrowed(&b, "pid_mode", c->pid_mode);
	const char *effective = container_pid_verdict(snap, c, NULL);
	if (strcmp(effective, "unknown") == 0)
		/* A reference cycle, an ns:<path> that cannot be judged, a running
		 * container whose processes could not be read: nobody can say which
		 * namespace is in effect (why: the object's messages). */
		item_status(&b, "effective_pid_mode", OVAL_DT_STRING, OVAL_STATUS_ERROR);
	else
		item_str_borrowed(&b, "effective_pid_mode", effective);
	/* An offline image only records the pid a container had when the host went down. */
	put_int(&b, "pid", strcmp(c->source, "disk") != 0, c->pid);
	put_int(&b, "pid_namespace", c->pid_ns_known, (long long)c->pid_ns);
	put_int(&b, "host_pid_namespace", snap->host_pid_ns_known, (long long)snap->host_pid_ns);
	if (c->kernel_pid_mode)
		item_str_borrowed(&b, "kernel_pid_mode", c->kernel_pid_mode);
	else
		item_status(&b, "kernel_pid_mode", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	item_bool(&b, "views_disagree", c->views_disagree);
	item_str_borrowed(&b, "source", c->source);
	item_bool(&b, "excluded", excluded_by != NULL);
	if (excluded_by)
		item_str_borrowed(&b, "excluded_by", excluded_by);
	item_bool(&b, "scanner", c->scanner);
	item_str_borrowed(&b, "ipc_mode", c->ipc_mode);
	item_str_borrowed(&b, "network_mode", c->network_mode);
	item_str_borrowed(&b, "uts_mode", c->uts_mode);
	item_str_borrowed(&b, "userns_mode", c->userns_mode);
	item_bool(&b, "privileged", c->privileged);
	for (size_t k = 0; k < c->n_cap_add; k++)
		item_str_borrowed(&b, "cap_add", c->cap_add[k]);
	put_none(&b, "cap_add", c->n_cap_add, OVAL_DT_STRING);
	for (size_t k = 0; k < c->n_cap_drop; k++)
		item_str_borrowed(&b, "cap_drop", c->cap_drop[k]);
	put_none(&b, "cap_drop", c->n_cap_drop, OVAL_DT_STRING);
	for (size_t k = 0; k < c->n_security_opt; k++)
		item_str_borrowed(&b, "security_opt", c->security_opt[k]);
	put_none(&b, "security_opt", c->n_security_opt, OVAL_DT_STRING);
	item_bool(&b, "readonly_rootfs", c->readonly_rootfs);
	/* The engine reports "no limit" (also --pids-limit 0 or -1) as null: none exists. */
	if (c->has_pids_limit && c->pids_limit > 0)
		put_int(&b, "pids_limit", true, c->pids_limit);
	else
		item_status(&b, "pids_limit", OVAL_DT_INT, OVAL_STATUS_DOES_NOT_EXIST);
	item_str_borrowed(&b, "cgroup_parent", c->cgroup_parent);
	for (size_t k = 0; k < c->n_mounts; k++) {
		const struct container_mount *m = &c->mounts[k];
		const char *kv[] = {"type", m->type, "source", m->source, "destination", m->destination,
				    "mode", m->mode, "rw", m->rw ? "true" : "false",
				    "propagation", m->propagation};
		item_record(&b, "mount", 6, kv);
	}
	put_none(&b, "mount", c->n_mounts, OVAL_DT_RECORD);
	for (size_t k = 0; k < c->n_devices; k++) {
		const struct container_device *d = &c->devices[k];
		const char *kv[] = {"path_on_host", d->path_on_host, "path_in_container",
				    d->path_in_container, "permissions", d->permissions};
		item_record(&b, "device", 3, kv);
	}
	put_none(&b, "device", c->n_devices, OVAL_DT_RECORD);
	for (size_t k = 0; k < c->n_ports; k++) {
		const struct container_port *p = &c->ports[k];
		const char *kv[] = {"container_port", p->container_port, "host_ip", p->host_ip,
				    "host_port", p->host_port};
		item_record(&b, "port_binding", 3, kv);
	}
	put_none(&b, "port_binding", c->n_ports, OVAL_DT_RECORD);
	for (size_t k = 0; k < c->n_ulimits; k++) {
		const struct container_ulimit *u = &c->ulimits[k];
		snprintf(buf[0], sizeof(buf[0]), "%lld", u->soft);
		snprintf(buf[1], sizeof(buf[1]), "%lld", u->hard);
		const char *kv[] = {"name", u->name, "soft", arena_strdup(&sc->arena, buf[0]), "hard",
				    arena_strdup(&sc->arena, buf[1])};
		if (!kv[3] || !kv[5])
			b.oom = true;
		item_record(&b, "ulimit", 3, kv);
	}
	put_none(&b, "ulimit", c->n_ulimits, OVAL_DT_RECORD);
	return item_end(&b);
}

/* Items are made once per container and exclusion pattern, and shared by every object. */
struct item_set {
	const char *pattern;      /* NULL: no exclusion */
	struct oval_item **items; /* parallel to the snapshot's containers */
	unsigned char *excluded;  /* likewise: 1 when the pattern excluded it */
	struct item_set *next;
};

static const struct item_set *items_for(struct syschar *sc, const struct container_snapshot *snap,
				    const char *pattern, struct regex_cache *regexes, int *bad_pattern)
{
	struct item_set *set;

	*bad_pattern = 0;
	for (set = sc->probe_cache[CONTAINER_PROBE_SLOT]; set; set = set->next)
		if ((!set->pattern && !pattern) || (set->pattern && pattern && strcmp(set->pattern, pattern) == 0))
			return set;
	set = arena_alloc(&sc->arena, sizeof(*set));
	if (!set)
		return NULL;
	set->pattern = pattern ? arena_strdup(&sc->arena, pattern) : NULL;
	set->items = arena_calloc(&sc->arena, snap->n_containers ? snap->n_containers : 1, sizeof(*set->items));
	set->excluded = arena_calloc(&sc->arena, snap->n_containers ? snap->n_containers : 1, 1);
	if (!set->items || !set->excluded || (pattern && !set->pattern))
		return NULL;
	for (size_t i = 0; i < snap->n_containers; i++) {
		const struct container *c = &snap->containers[i];
		const char *excluded_by = NULL;
		if (pattern) {
			enum oval_result r = oval_compare(regexes, OVAL_OP_PATTERN_MATCH, OVAL_DT_STRING,
							  c->name, pattern);
			if (r == OVAL_RESULT_ERROR) {
				*bad_pattern = 1;
				return NULL;
			}
			if (r == OVAL_RESULT_TRUE) {
				excluded_by = set->pattern;
				set->excluded[i] = 1;
			}
		}
		if (!(set->items[i] = container_item(sc, snap, c, excluded_by)))
			return NULL;
	}
	set->next = sc->probe_cache[CONTAINER_PROBE_SLOT];
	sc->probe_cache[CONTAINER_PROBE_SLOT] = set;
	return set;
}

static int note(struct syschar *sc, struct oval_collected *col, enum oval_message_level level,
		const char *text)
{
	return syschar_add_message(sc, col, level, text) ? cscap_err_oom() : 0;
}

static int fail_object(struct syschar *sc, struct oval_collected *col, const char *text)
{
	col->flag = OVAL_FLAG_ERROR;
	return note(sc, col, OVAL_MSG_ERROR, text);
}


/*
 * What every object over the snapshot shares: no engine on the host at all
 * (not applicable), or an engine that could not be read (error).  True when
 * one of them decided the object; *rc is then what to return.
 */
static bool snapshot_verdict(const struct container_snapshot *snap, struct syschar *sc,
			     struct oval_collected *col, int *rc)
{
	if (snap->not_applicable) {
		col->flag = OVAL_FLAG_NOT_APPLICABLE;
		*rc = note(sc, col, OVAL_MSG_INFO,
			   "no container engine on this host: no Docker or Podman socket and no dockerd or podman installed");
		return true;
	}
	if (snap->status != 0) {
		*rc = fail_object(sc, col, snap->error);
		return true;
	}
	return false;
}
/*
 * The exclusion pattern of the object (its exclude_names entity, a pattern
 * or a variable's values as alternatives); NULL in *out when there is none.
 * Returns 1 when the entity cannot be used (the object is then in error).
 */
static int exclusion_pattern(struct syschar *sc, const struct oval_object *obj,
			     const struct oval_var_env *vars, const char **out, char *why, size_t whylen)
{
	*out = NULL;
	for (size_t i = 0; i < obj->n_entities; i++) {
		const struct oval_entity *e = &obj->entities[i];
		const char *const *values;
		size_t n;

		if (strcmp(e->name, "exclude_names") != 0)
			continue;
		if (e->operation != OVAL_OP_PATTERN_MATCH) {
			snprintf(why, whylen, "%s: exclude_names must use operation 'pattern match'", obj->id);
			return 1;
		}
		if (!e->var_ref) {
			*out = *e->value ? e->value : NULL;
			return 0;
		}
		if (oval_var_env_values(vars, e->var_ref, &values, &n) != 0 || n == 0) {
			snprintf(why, whylen, "%s: the exclusion pattern variable %s has no value", obj->id,
				 e->var_ref);
			return 1;
		}
		/* Several values are alternatives; an empty one excludes nothing. */
		size_t len = 1;
		for (size_t k = 0; k < n; k++)
			len += strlen(values[k]) + 6;
		char *joined = arena_alloc(&sc->arena, len), *p = joined;
		if (!joined)
			return -1;
		for (size_t k = 0; k < n; k++) {
			if (!*values[k])
				continue;
			p += sprintf(p, "%s(?:%s)", p == joined ? "" : "|", values[k]);
		}
		*out = p == joined ? NULL : joined;
		return 0;
	}
	return 0;
}

/* At most this many messages name containers one by one; then a count. */
#define NAMED_MAX 50

/* Why each selected container's effective PID mode is unknown, one message each. */
static int note_unknown(const struct container_snapshot *snap, struct syschar *sc,
			struct oval_collected *col, const struct oval_item *const *selected)
{
	char text[1024];
	size_t named = 0, more = 0;
	int rc;

	for (size_t i = 0, k = 0; i < snap->n_containers && k < col->n_items; i++) {
		const struct container *c = &snap->containers[i];
		const char *why;

		if (selected[i] != col->items[k])
			continue;
		k++;
		if (strcmp(container_pid_verdict(snap, c, &why), "unknown") != 0)
			continue;
		if (named == NAMED_MAX) {
			more++;
			continue;
		}
		snprintf(text, sizeof(text), "container %.128s (%s): effective_pid_mode unknown: %s",
			 *c->name ? c->name : "-", c->id, why);
		if ((rc = note(sc, col, OVAL_MSG_WARNING, text)))
			return rc;
		named++;
	}
	if (more) {
		snprintf(text, sizeof(text), "%zu more containers with effective_pid_mode unknown", more);
		return note(sc, col, OVAL_MSG_WARNING, text);
	}
	return 0;
}

/* The containers listed, then removed before their inspection: by id and name. */
static int note_vanished(const struct container_snapshot *snap, struct syschar *sc,
			 struct oval_collected *col)
{
	char text[1024];
	int len;

	if (!snap->n_vanished || !snap->vanished)
		return 0;
	len = snprintf(text, sizeof(text), "%zu containers removed between the list and their inspection (not judged):",
		       snap->n_vanished);
	for (size_t i = 0; i < snap->n_vanished; i++) {
		size_t room = sizeof(text) - (size_t)len;
		int w = snprintf(text + len, room, " %s%s", snap->vanished[i],
				 i + 1 < snap->n_vanished ? "," : "");
		if (w < 0 || (size_t)w >= room || (size_t)(len + w) > sizeof(text) - 40) {
			snprintf(text + len, sizeof(text) - (size_t)len, " and %zu more", snap->n_vanished - i);
			break;
		}
		len += w;
	}
	return note(sc, col, OVAL_MSG_INFO, text);
}

/* "docker engine (version 20.10.5, API 1.41) at unix:///…: 3 containers" */
static int engine_summary(char *buf, size_t size, const struct container_snapshot *e, size_t count)
{
	return snprintf(buf, size, "%s engine (version %s, API %s) at %s: %zu containers", e->engine,
			e->engine_version ? e->engine_version : "unknown",
			e->api_version ? e->api_version : "-", e->engine_url, count);
}

/* What the object saw: the engine (every engine, each with its own count, when
 * several were read), what it selected, where "host" came from. */
static int note_engines(const struct container_snapshot *snap, struct syschar *sc,
			struct oval_collected *col)
{
	char text[4096];
	size_t n, len = 0;
	const struct container_snapshot *const *engines = container_snapshot_engines(&snap, &n);

	for (size_t i = 0; i < n && len < sizeof(text); i++) {
		int w = engine_summary(text + len, sizeof(text) - len, engines[i],
				       n > 1 ? engines[i]->n_containers : snap->n_containers);
		len += w > 0 ? (size_t)w : 0;
		if (i + 1 < n && len < sizeof(text))
			len += (size_t)snprintf(text + len, sizeof(text) - len, "; ");
	}
	if (n > 1 && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, "; %zu containers in all",
					snap->n_containers);
	if (len < sizeof(text))
		snprintf(text + len, sizeof(text) - len,
			 ", %zu selected by this object%s; host PID namespace from %s", col->n_items,
			 snap->n_vanished ? " (some vanished during the scan, listed below)" : "",
			 snap->host_pid_ns_source ? snap->host_pid_ns_source : "nowhere (unknown)");
	return note(sc, col, OVAL_MSG_INFO, text);
}

int container_probe_collect(const struct container_snapshot *snap, struct syschar *sc,
			    struct oval_collected *col, const struct oval_var_env *vars,
			    struct regex_cache *regexes)
{
	char text[768];
	const struct item_set *set;
	const char *pattern;
	int rc, bad_pattern;

	if (snapshot_verdict(snap, sc, col, &rc))
		return rc;
	rc = exclusion_pattern(sc, col->object, vars, &pattern, text, sizeof(text));
	if (rc < 0)
		return cscap_err_oom();
	if (rc > 0)
		return fail_object(sc, col, text);
	set = items_for(sc, snap, pattern, regexes, &bad_pattern);
	if (bad_pattern) {
		snprintf(text, sizeof(text), "%s: the exclusion pattern '%s' is not a valid regular expression",
			 col->object->id, pattern);
		return fail_object(sc, col, text);
	}
	if (!set)
		return cscap_err_oom();
	col->items = arena_calloc(&sc->arena, snap->n_containers ? snap->n_containers : 1,
				  sizeof(*col->items));
	if (!col->items)
		return cscap_err_oom();
	size_t undecided = 0, excluded = 0;
	for (size_t i = 0; i < snap->n_containers; i++) {
		enum oval_result r = probe_item_matches(col->object, set->items[i], parameters, vars, regexes);
		if (r == OVAL_RESULT_TRUE) {
			col->items[col->n_items++] = set->items[i];
			excluded += set->excluded[i];
		} else if (r != OVAL_RESULT_FALSE) {
			undecided++;
		}
	}
	if ((rc = note_engines(snap, sc, col)) || (rc = note_vanished(snap, sc, col)) ||
	    (rc = note_unknown(snap, sc, col, (const struct oval_item *const *)set->items)))
		return rc;
	if (pattern) {
		snprintf(text, sizeof(text),
			 "%zu of them excluded from the verdict by the name pattern '%s' (still listed, marked excluded)",
			 excluded, pattern);
		if ((rc = note(sc, col, OVAL_MSG_INFO, text)))
			return rc;
	}
	if (undecided) {
		/* An object whose selection could not be decided must not look complete. */
		return fail_object(sc, col, "the object's entities could not be compared with some containers");
	}
	col->flag = col->n_items ? OVAL_FLAG_COMPLETE : OVAL_FLAG_DOES_NOT_EXIST;
	return 0;
}

/* One engine's engine_item: what its snapshot says of the engine itself. */
static int engine_item_collect(const struct container_snapshot *e, size_t managed, struct syschar *sc,
			       struct oval_collected *col, const struct oval_var_env *vars,
			       struct regex_cache *regexes, enum oval_result *matched)
{
	struct item_builder b;
	char text[4096];

	if (!item_begin(&b, sc, CONTAINER_SC_NS, "engine_item", 6))
		return cscap_err_oom();
	/* The order is the extension schema's. */
	item_str_borrowed(&b, "engine", e->engine);
	item_str_borrowed(&b, "endpoint", e->engine_url);
	item_str_borrowed(&b, "version", e->engine_version);
	if (e->api_version)
		item_str_borrowed(&b, "api_version", e->api_version);
	else
		item_status(&b, "api_version", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	item_str_borrowed(&b, "source", e->source);
	put_int(&b, "containers", true, (long long)managed);
	struct oval_item *item = item_end(&b);
	if (!item)
		return cscap_err_oom();

	*matched = probe_item_matches(col->object, item, NULL, vars, regexes);
	if (*matched == OVAL_RESULT_TRUE)
		col->items[col->n_items++] = item;
	engine_summary(text, sizeof(text), e, managed);
	return note(sc, col, OVAL_MSG_INFO, text);
}

/* engine_object → one engine_item per engine read, in the order given. */
int engine_probe_collect(const struct container_snapshot *snap, struct syschar *sc,
			 struct oval_collected *col, const struct oval_var_env *vars,
			 struct regex_cache *regexes)
{
	size_t n;
	const struct container_snapshot *const *engines = container_snapshot_engines(&snap, &n);
	bool undecided = false;
	int rc;

	if (snapshot_verdict(snap, sc, col, &rc))
		return rc;
	if (!(col->items = arena_calloc(&sc->arena, n, sizeof(*col->items))))
		return cscap_err_oom();
	for (size_t i = 0; i < n; i++) {
		/* The kernel view's unmanaged containers belong to no engine. */
		size_t managed = engines[i]->n_containers - engines[i]->n_unmanaged;
		enum oval_result r;
		if ((rc = engine_item_collect(engines[i], managed, sc, col, vars, regexes, &r)))
			return rc;
		undecided = undecided || (r != OVAL_RESULT_TRUE && r != OVAL_RESULT_FALSE);
	}
	if (undecided)
		return fail_object(sc, col, "the object's entities could not be compared with the engine");
	col->flag = col->n_items ? OVAL_FLAG_COMPLETE : OVAL_FLAG_DOES_NOT_EXIST;
	return 0;
}
