/*
 * Building one OVAL item: entities in the schema's order, into a syschar's
 * arena.  Shared by every probe.  A builder that ran out of memory (or was
 * given more entities than its cap: a bug) says so once, at item_end.
 */
#ifndef CSCAP_ITEM_BUILDER_H
#define CSCAP_ITEM_BUILDER_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/syschar.h"

struct item_builder {
	struct syschar *sc;
	struct oval_item *item; /* in sc's arena */
	size_t cap;
	bool oom;
};

/* Start an item with room for cap entities; false when out of memory. */
bool item_begin(struct item_builder *b, struct syschar *sc, const char *ns, const char *type,
		size_t cap);
/* Entities, in the schema's order; values are copied into the syschar's arena. */
void item_str(struct item_builder *b, const char *name, const char *value);
void item_strn(struct item_builder *b, const char *name, const char *value, size_t len);
void item_typed(struct item_builder *b, const char *name, enum oval_datatype dt, const char *value);
void item_int(struct item_builder *b, const char *name, long long value);
void item_bool(struct item_builder *b, const char *name, bool value);
/* A string the caller keeps alive as long as the syschar (not copied; NULL is ""). */
void item_str_borrowed(struct item_builder *b, const char *name, const char *value);
/* A record entity of count string fields, given as name/value pairs (values borrowed, NULL is ""). */
void item_record(struct item_builder *b, const char *name, size_t count, const char *const *kv);
/* An entity without a value: status "does not exist", "not collected" or "error". */
void item_status(struct item_builder *b, const char *name, enum oval_datatype dt,
		 enum oval_status status);
/* The finished item, or NULL when out of memory (or more entities than cap: a bug). */
struct oval_item *item_end(struct item_builder *b);

#endif
