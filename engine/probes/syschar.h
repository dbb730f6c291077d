/*
 * System characteristics: what the probes saw.  One syschar belongs to the
 * evaluation of one OVAL document; it owns its items (in its arena) and the
 * collected-object records, which the results writers turn into evidence.
 */
#ifndef CSCAP_SYSCHAR_H
#define CSCAP_SYSCHAR_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "model/oval.h"

enum oval_flag {
	OVAL_FLAG_ERROR,
	OVAL_FLAG_COMPLETE,
	OVAL_FLAG_INCOMPLETE,
	OVAL_FLAG_DOES_NOT_EXIST,
	OVAL_FLAG_NOT_COLLECTED,
	OVAL_FLAG_NOT_APPLICABLE,
};

enum oval_status {
	OVAL_STATUS_EXISTS,
	OVAL_STATUS_DOES_NOT_EXIST,
	OVAL_STATUS_ERROR,
	OVAL_STATUS_NOT_COLLECTED,
};

enum oval_message_level { OVAL_MSG_INFO, OVAL_MSG_WARNING, OVAL_MSG_ERROR };

/* A field of a record entity (OVAL's datatype "record"). */
struct oval_item_field {
	const char *name;
	const char *value;
	enum oval_datatype datatype;
};

struct oval_item_entity {
	const char *name;
	const char *value;            /* "" when the status is not "exists", or for records */
	enum oval_datatype datatype;
	enum oval_status status;
	const struct oval_item_field *fields; /* records only */
	size_t n_fields;
};

struct oval_item {
	unsigned long id;             /* unique within its syschar, from 1 */
	const char *ns;               /* namespace of the item element */
	const char *type;             /* local name, e.g. "container_item" */
	enum oval_status status;
	struct oval_item_entity *entities; /* schema order */
	size_t n_entities;
};

struct oval_message {
	enum oval_message_level level;
	const char *text;
};

struct oval_collected {
	const struct oval_object *object;
	enum oval_flag flag;
	struct oval_message *messages; /* in the syschar's arena */
	size_t n_messages, cap_messages;
	struct oval_item **items;     /* in item id order */
	size_t n_items;
};

#define SYSCHAR_PROBE_SLOTS 4

struct syschar {
	struct arena arena;           /* owns items, entities, messages and strings */
	struct oval_item **items;     /* owned (malloc) vector, id order */
	size_t n_items, cap_items;
	struct oval_collected *objects; /* arena; parallel to the document's objects */
	size_t n_objects;
	unsigned char *collected;     /* arena; 1 once objects[i] was collected */
	void *probe_cache[SYSCHAR_PROBE_SLOTS]; /* per-probe memo, in the arena */
	/*
	 * While an object with filters is collected, the evaluator's judgement of
	 * whether its filters keep an item (NULL otherwise).  Probes that may
	 * collect many items ask it before keeping one, and give a rejected
	 * item's memory back; the evaluator applies the filters again after
	 * collection, so asking is an optimisation, never a change of results.
	 */
	bool (*admit)(void *ctx, const struct oval_item *item);
	void *admit_ctx;
};

int syschar_init(struct syschar *sc, const struct oval_document *doc);
void syschar_release(struct syschar *sc);
/* A new item with n entity slots, numbered and appended; NULL when out of memory. */
struct oval_item *syschar_new_item(struct syschar *sc, const char *ns, const char *type, size_t n);
/* Would the object being collected keep item (see admit above)? */
bool syschar_admits(const struct syschar *sc, const struct oval_item *item);
/*
 * Take back item, the newest, made between mark and made (the arena right
 * after it): its id is given out again and its memory returned.  Only when
 * nothing was allocated since made (judging a filter may collect other
 * objects into the same arena); otherwise the item stays, unused.
 */
void syschar_retract_item(struct syschar *sc, const struct oval_item *item, const struct arena_mark *mark,
			  const struct arena_mark *made);
/* Append a message to a collected object; -1 when out of memory. */
int syschar_add_message(struct syschar *sc, struct oval_collected *col,
			enum oval_message_level level, const char *text);
const char *oval_flag_name(enum oval_flag f);
const char *oval_status_name(enum oval_status s);
const char *oval_message_level_name(enum oval_message_level l);

#endif
