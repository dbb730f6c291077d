#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "probes/syschar.h"

int syschar_init(struct syschar *sc, const struct oval_document *doc)
{
	memset(sc, 0, sizeof(*sc));
	arena_init(&sc->arena);
	sc->n_objects = doc->n_objects;
	sc->objects = arena_calloc(&sc->arena, doc->n_objects, sizeof(*sc->objects));
	sc->collected = arena_calloc(&sc->arena, doc->n_objects, 1);
	if (!sc->objects || !sc->collected) {
		arena_release(&sc->arena);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < doc->n_objects; i++) {
		sc->objects[i].object = &doc->objects[i];
		sc->objects[i].flag = OVAL_FLAG_NOT_COLLECTED;
	}
	return 0;
}

void syschar_release(struct syschar *sc)
{
	free(sc->items);
	arena_release(&sc->arena);
	memset(sc, 0, sizeof(*sc));
}

struct oval_item *syschar_new_item(struct syschar *sc, const char *ns, const char *type, size_t n)
{
	if (sc->n_items == sc->cap_items) {
		size_t ncap = sc->cap_items ? sc->cap_items * 2 : 64;
		struct oval_item **grown = realloc(sc->items, ncap * sizeof(*grown));
		if (!grown)
			return NULL;
		sc->items = grown;
		sc->cap_items = ncap;
	}
	struct oval_item *it = arena_alloc(&sc->arena, sizeof(*it));
	if (!it)
		return NULL;
	it->entities = arena_calloc(&sc->arena, n, sizeof(*it->entities));
	if (!it->entities)
		return NULL;
	it->ns = ns;
	it->type = type;
	it->status = OVAL_STATUS_EXISTS;
	it->id = sc->n_items + 1;
	sc->items[sc->n_items++] = it;
	return it;
}

bool syschar_admits(const struct syschar *sc, const struct oval_item *item)
{
	return !sc->admit || sc->admit(sc->admit_ctx, item);
}

void syschar_retract_item(struct syschar *sc, const struct oval_item *item, const struct arena_mark *mark,
			  const struct arena_mark *made)
{
	struct arena_mark now;

	arena_mark_get(&sc->arena, &now);
	if (sc->n_items == 0 || sc->items[sc->n_items - 1] != item)
		return; /* not the newest: others may hold it; it stays */
	if (now.head != made->head || now.used != made->used || now.after_head != made->after_head)
		return; /* something else was allocated since: its memory must stay */
	sc->n_items--;
	arena_rollback(&sc->arena, mark);
}

int syschar_add_message(struct syschar *sc, struct oval_collected *col,
			enum oval_message_level level, const char *text)
{
	const char *copy = arena_strdup(&sc->arena, text);

	if (!copy)
		return -1;
	/* Grow by doubling: the arena frees nothing, so a copy per message would be
	 * quadratic in an object's messages. */
	if (col->n_messages == col->cap_messages) {
		size_t ncap = col->cap_messages ? col->cap_messages * 2 : 4;
		struct oval_message *grown = arena_alloc(&sc->arena, ncap * sizeof(*grown));
		if (!grown)
			return -1;
		if (col->n_messages)
			memcpy(grown, col->messages, col->n_messages * sizeof(*grown));
		col->messages = grown;
		col->cap_messages = ncap;
	}
	col->messages[col->n_messages].level = level;
	col->messages[col->n_messages].text = copy;
	col->n_messages++;
	return 0;
}

static const char *const flag_names[] = {"error", "complete", "incomplete", "does not exist",
					 "not collected", "not applicable"};
static const char *const status_names[] = {"exists", "does not exist", "error", "not collected"};
static const char *const level_names[] = {"info", "warning", "error"};

const char *oval_flag_name(enum oval_flag f)
{
	return (size_t)f < 6 ? flag_names[f] : "error";
}

const char *oval_status_name(enum oval_status s)
{
	return (size_t)s < 4 ? status_names[s] : "error";
}

const char *oval_message_level_name(enum oval_message_level l)
{
	return (size_t)l < 3 ? level_names[l] : "error";
}
