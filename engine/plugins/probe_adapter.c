/*
 * Running a plugin probe: the OVAL object in public form, items back through
 * the sink, kept only when they satisfy the object's entities, and the
 * plugin's flag checked.  A plugin's mistakes end as an "error" flag with a
 * message naming it, never as a crash or a guessed verdict.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "plugins/plugin_internal.h"
#include "probes/probe.h"

struct cscap_probe_sink {
	const struct plugin_probe *probe;
	struct syschar *sc;
	struct oval_collected *col;
	const struct oval_var_env *vars;
	struct regex_cache *regexes;
	bool in_item;
	struct oval_item_entity *ents; /* the item being built: malloc, strings malloc */
	size_t n_ents, cap_ents;
	struct oval_item **kept;       /* malloc; the items are in sc's arena */
	size_t n_kept, cap_kept;
	bool undecided;                /* an item could not be matched */
	bool misused;                  /* a call out of order */
};

static void drop_entities(struct cscap_probe_sink *k)
{
	for (size_t i = 0; i < k->n_ents; i++) {
		free((char *)k->ents[i].name);
		free((char *)k->ents[i].value);
	}
	k->n_ents = 0;
}

static int misuse(struct cscap_probe_sink *k, const char *what)
{
	k->misused = true;
	return cscap_err(CSCAP_EUSAGE, "probe for %s (%s): %s", k->probe->object_name,
			 plugin_origin(k->probe->origin), what);
}

static int sink_item_begin(cscap_probe_sink *k)
{
	if (k->in_item)
		return misuse(k, "item_begin inside an item");
	k->in_item = true;
	return 0;
}

static int sink_item_entity(cscap_probe_sink *k, const char *name, const char *value,
			    const char *datatype, cscap_status status)
{
	enum oval_datatype dt = OVAL_DT_STRING;

	if (!k->in_item)
		return misuse(k, "item_entity outside an item");
	if (!name || !*name)
		return misuse(k, "an item entity without a name");
	if (datatype && (oval_datatype_parse(datatype, &dt) != 0 || dt == OVAL_DT_RECORD))
		return misuse(k, "an item entity with an unknown datatype");
	if ((unsigned)status > CSCAP_STATUS_NOT_COLLECTED)
		return misuse(k, "an item entity with an unknown status");
	if (k->n_ents == k->cap_ents) {
		size_t cap = k->cap_ents ? k->cap_ents * 2 : 8;
		struct oval_item_entity *grown = realloc(k->ents, cap * sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		k->ents = grown;
		k->cap_ents = cap;
	}
	struct oval_item_entity *e = &k->ents[k->n_ents];
	memset(e, 0, sizeof(*e));
	e->datatype = dt;
	/* cscap_status and enum oval_status share their numbering. */
	e->status = (enum oval_status)status;
	e->name = strdup(name);
	e->value = strdup(status == CSCAP_STATUS_EXISTS && value ? value : "");
	if (!e->name || !e->value) {
		free((char *)e->name);
		free((char *)e->value);
		return cscap_err_oom();
	}
	k->n_ents++;
	return 0;
}

/*
 * The syschar's item equal to it, if any: the same thing seen by two objects
 * is one item in the results, as with the built-in probes.
 */
static struct oval_item *same_item(const struct syschar *sc, const struct oval_item *it)
{
	for (size_t i = 0; i < sc->n_items; i++) {
		const struct oval_item *o = sc->items[i];
		bool same = o->n_entities == it->n_entities && strcmp(o->type, it->type) == 0 &&
			    strcmp(o->ns, it->ns) == 0;
		for (size_t e = 0; same && e < it->n_entities; e++) {
			const struct oval_item_entity *x = &o->entities[e], *y = &it->entities[e];
			same = x->datatype == y->datatype && x->status == y->status && x->n_fields == 0 &&
			       strcmp(x->name, y->name) == 0 && strcmp(x->value, y->value) == 0;
		}
		if (same)
			return sc->items[i];
	}
	return NULL;
}

/* A new item of sc, with everything copied into its arena; NULL when out of memory. */
static struct oval_item *copy_item(struct syschar *sc, const struct oval_item *it)
{
	struct arena *a = &sc->arena;
	const char *ns = arena_strdup(a, it->ns), *type = arena_strdup(a, it->type);
	struct oval_item *item = ns && type ? syschar_new_item(sc, ns, type, it->n_entities) : NULL;

	if (!item)
		return NULL;
	for (size_t i = 0; i < it->n_entities; i++) {
		item->entities[i] = it->entities[i];
		item->entities[i].name = arena_strdup(a, it->entities[i].name);
		item->entities[i].value = arena_strdup(a, it->entities[i].value);
		if (!item->entities[i].name || !item->entities[i].value)
			return NULL;
	}
	item->n_entities = it->n_entities;
	return item;
}

/* The item, in the syschar, when it satisfies the object. */
static int sink_item_end(cscap_probe_sink *k)
{
	const struct plugin_probe *p = k->probe;
	struct oval_item probe_view = {0};
	int rc = 0;

	if (!k->in_item)
		return misuse(k, "item_end without item_begin");
	k->in_item = false;
	probe_view.ns = p->item_ns;
	probe_view.type = p->item_name;
	probe_view.status = OVAL_STATUS_EXISTS;
	probe_view.entities = k->ents;
	probe_view.n_entities = k->n_ents;
	enum oval_result r = probe_item_matches(k->col->object, &probe_view, p->def.parameters, k->vars,
						k->regexes);
	if (r != OVAL_RESULT_TRUE) {
		k->undecided |= r != OVAL_RESULT_FALSE;
		drop_entities(k);
		return 0;
	}
	struct oval_item *item = same_item(k->sc, &probe_view);
	if (!item && !(item = copy_item(k->sc, &probe_view))) {
		rc = cscap_err_oom();
		goto out;
	}
	for (size_t i = 0; i < k->n_kept; i++)
		if (k->kept[i] == item)
			goto out; /* the probe gave the same item twice */
	if (k->n_kept == k->cap_kept) {
		size_t cap = k->cap_kept ? k->cap_kept * 2 : 16;
		struct oval_item **grown = realloc(k->kept, cap * sizeof(*grown));
		if (!grown) {
			rc = cscap_err_oom();
			goto out;
		}
		k->kept = grown;
		k->cap_kept = cap;
	}
	k->kept[k->n_kept++] = item;
out:
	drop_entities(k);
	return rc;
}

static int sink_message(cscap_probe_sink *k, cscap_level level, const char *text)
{
	enum oval_message_level l = level == CSCAP_LEVEL_ERROR     ? OVAL_MSG_ERROR
				    : level == CSCAP_LEVEL_WARNING ? OVAL_MSG_WARNING
								   : OVAL_MSG_INFO;

	if (!text)
		return misuse(k, "a message without text");
	return syschar_add_message(k->sc, k->col, l, text) ? cscap_err_oom() : 0;
}

static int note(struct cscap_probe_sink *k, enum oval_message_level level, const char *fmt, const char *a,
		const char *b)
{
	char text[1024];

	snprintf(text, sizeof(text), fmt, a, b);
	return syschar_add_message(k->sc, k->col, level, text) ? cscap_err_oom() : 0;
}

/* The object's entities in public form; values from the entity or its variable. */
static int public_entities(struct cscap_probe_sink *k, cscap_probe_entity *pe, const char **own,
			   enum oval_flag *stop)
{
	const struct oval_object *obj = k->col->object;

	for (size_t i = 0; i < obj->n_entities; i++) {
		const struct oval_entity *e = &obj->entities[i];
		pe[i].name = e->name;
		pe[i].operation = oval_operation_name(e->operation);
		pe[i].datatype = oval_datatype_name(e->datatype);
		pe[i].var_ref = e->var_ref;
		pe[i].nil = e->nil;
		if (e->var_ref) {
			const char *const *values;
			size_t n;
			if (oval_var_env_values(k->vars, e->var_ref, &values, &n) != 0) {
				*stop = OVAL_FLAG_ERROR;
				return note(k, OVAL_MSG_ERROR, "variable %s (entity %s) has no value to collect with",
					    e->var_ref, e->name);
			}
			if (n == 0) {
				/* OVAL: an object whose variable has no values selects nothing. */
				*stop = OVAL_FLAG_DOES_NOT_EXIST;
				return note(k, OVAL_MSG_INFO, "variable %s (entity %s) has no values", e->var_ref,
					    e->name);
			}
			pe[i].values = values;
			pe[i].n_values = n;
		} else if (!e->nil && e->datatype != OVAL_DT_RECORD) {
			own[i] = e->value;
			pe[i].values = &own[i];
			pe[i].n_values = 1;
		}
	}
	return 0;
}

static enum oval_flag flag_of(int f)
{
	switch (f) {
	case CSCAP_FLAG_COMPLETE: return OVAL_FLAG_COMPLETE;
	case CSCAP_FLAG_INCOMPLETE: return OVAL_FLAG_INCOMPLETE;
	case CSCAP_FLAG_DOES_NOT_EXIST: return OVAL_FLAG_DOES_NOT_EXIST;
	case CSCAP_FLAG_NOT_COLLECTED: return OVAL_FLAG_NOT_COLLECTED;
	case CSCAP_FLAG_NOT_APPLICABLE: return OVAL_FLAG_NOT_APPLICABLE;
	default: return OVAL_FLAG_ERROR;
	}
}

/* The collected object's items and flag, from what the probe returned. */
static int settle(struct cscap_probe_sink *k, int ret)
{
	struct oval_collected *col = k->col;
	const struct plugin_probe *p = k->probe;
	char code[160];
	int rc = 0;

	col->items = arena_calloc(&k->sc->arena, k->n_kept ? k->n_kept : 1, sizeof(*col->items));
	if (!col->items)
		return cscap_err_oom();
	if (k->n_kept)
		memcpy(col->items, k->kept, k->n_kept * sizeof(*col->items));
	col->n_items = k->n_kept;
	if (ret < 0) {
		snprintf(code, sizeof(code), "%d, %s", ret, cscap_code_str(ret));
		col->flag = OVAL_FLAG_ERROR;
		rc = note(k, OVAL_MSG_ERROR, "the probe failed (%s) — %s", code, plugin_origin(p->origin));
	} else if (ret > CSCAP_FLAG_ERROR) {
		snprintf(code, sizeof(code), "%d", ret);
		col->flag = OVAL_FLAG_ERROR;
		rc = note(k, OVAL_MSG_ERROR, "the probe returned %s, not a cscap_flag — %s", code,
			  plugin_origin(p->origin));
	} else if (k->in_item || k->misused) {
		col->flag = OVAL_FLAG_ERROR;
		rc = note(k, OVAL_MSG_ERROR, "the probe %s — %s",
			  k->in_item ? "left an item unfinished" : "used the item API out of order",
			  plugin_origin(p->origin));
	} else if (k->undecided) {
		col->flag = OVAL_FLAG_ERROR;
		rc = note(k, OVAL_MSG_ERROR, "%s: an item could not be matched against the object's entities "
			  "(an entity missing, or a value of the wrong datatype) — %s", p->item_name,
			  plugin_origin(p->origin));
	} else {
		col->flag = flag_of(ret);
		if (col->flag == OVAL_FLAG_COMPLETE && col->n_items == 0)
			col->flag = OVAL_FLAG_DOES_NOT_EXIST;
	}
	return rc;
}

int plugin_probe_collect(const struct plugin_probe *p, struct syschar *sc, struct oval_collected *col,
			 const struct oval_var_env *vars, struct regex_cache *regexes)
{
	const struct oval_object *obj = col->object;
	struct cscap_probe_sink k = {.probe = p, .sc = sc, .col = col, .vars = vars, .regexes = regexes};
	cscap_probe_output out = {&k, sink_item_begin, sink_item_entity, sink_item_end, sink_message};
	size_t n = obj->n_entities ? obj->n_entities : 1;
	cscap_probe_entity *pe = calloc(n, sizeof(*pe));
	const char **own = calloc(n, sizeof(*own));
	enum oval_flag stop = OVAL_FLAG_COMPLETE;
	int rc;

	if (!pe || !own) {
		rc = cscap_err_oom();
		goto out;
	}
	if ((rc = public_entities(&k, pe, own, &stop)) || stop != OVAL_FLAG_COMPLETE) {
		col->flag = stop;
		goto out;
	}
	cscap_probe_object pub = {obj->id, obj->ns, obj->type, pe, obj->n_entities};
	int ret = p->def.collect(p->def.data, &pub, &out);
	if (ret == CSCAP_ENOMEM) {
		rc = cscap_err_oom();
		goto out;
	}
	rc = settle(&k, ret);
out:
	drop_entities(&k);
	free(k.ents);
	free(k.kept);
	free(pe);
	free(own);
	return rc;
}
