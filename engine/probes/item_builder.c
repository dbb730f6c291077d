/* Building OVAL items (see item_builder.h). */
#include <stdio.h>

#include "probes/item_builder.h"

bool item_begin(struct item_builder *b, struct syschar *sc, const char *ns, const char *type,
		size_t cap)
{
	b->sc = sc;
	b->cap = cap;
	b->oom = false;
	b->item = syschar_new_item(sc, ns, type, cap ? cap : 1);
	return b->item != NULL;
}

static struct oval_item_entity *next_entity(struct item_builder *b, const char *name,
					    enum oval_datatype dt, enum oval_status status)
{
	if (!b->item || b->item->n_entities >= b->cap) {
		b->oom = true; /* a wrong count is a bug; reported as out of memory */
		return NULL;
	}
	struct oval_item_entity *e = &b->item->entities[b->item->n_entities++];
	e->name = name;
	e->datatype = dt;
	e->status = status;
	e->value = "";
	return e;
}

void item_typed(struct item_builder *b, const char *name, enum oval_datatype dt, const char *value)
{
	struct oval_item_entity *e = next_entity(b, name, dt, OVAL_STATUS_EXISTS);

	if (e && !(e->value = arena_strdup(&b->sc->arena, value ? value : "")))
		b->oom = true;
}

void item_str(struct item_builder *b, const char *name, const char *value)
{
	item_typed(b, name, OVAL_DT_STRING, value);
}

void item_strn(struct item_builder *b, const char *name, const char *value, size_t len)
{
	struct oval_item_entity *e = next_entity(b, name, OVAL_DT_STRING, OVAL_STATUS_EXISTS);

	if (e && !(e->value = arena_strndup(&b->sc->arena, value, len)))
		b->oom = true;
}

void item_int(struct item_builder *b, const char *name, long long value)
{
	char text[24];

	snprintf(text, sizeof(text), "%lld", value);
	item_typed(b, name, OVAL_DT_INT, text);
}

void item_bool(struct item_builder *b, const char *name, bool value)
{
	struct oval_item_entity *e = next_entity(b, name, OVAL_DT_BOOLEAN, OVAL_STATUS_EXISTS);

	if (e)
		e->value = value ? "true" : "false";
}

void item_status(struct item_builder *b, const char *name, enum oval_datatype dt,
		 enum oval_status status)
{
	next_entity(b, name, dt, status);
}

struct oval_item *item_end(struct item_builder *b)
{
	return b->oom ? NULL : b->item;
}

void item_str_borrowed(struct item_builder *b, const char *name, const char *value)
{
	struct oval_item_entity *e = next_entity(b, name, OVAL_DT_STRING, OVAL_STATUS_EXISTS);

	if (e)
		e->value = value ? value : "";
}

void item_record(struct item_builder *b, const char *name, size_t count, const char *const *kv)
{
	struct oval_item_entity *e = next_entity(b, name, OVAL_DT_RECORD, OVAL_STATUS_EXISTS);
	struct oval_item_field *f;

	if (!e)
		return;
	if (!(f = arena_calloc(&b->sc->arena, count ? count : 1, sizeof(*f)))) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < count; i++) {
		f[i].name = kv[2 * i];
		f[i].value = kv[2 * i + 1] ? kv[2 * i + 1] : "";
		f[i].datatype = OVAL_DT_STRING;
	}
	e->fields = f;
	e->n_fields = count;
}
