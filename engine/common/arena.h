/*
 * A bump allocator: many small objects that share one lifetime (a content
 * model, a set of collected items) are carved from large blocks and released
 * together.  Nothing allocated from an arena is freed on its own.
 */
#ifndef CSCAP_ARENA_H
#define CSCAP_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head; /* owned; newest block first */
	size_t used;              /* bytes used in head */
};

void arena_init(struct arena *a);
/* Release every block; the arena can be used again afterwards. */
void arena_release(struct arena *a);

/* Zeroed memory owned by the arena, or NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t size);
/* An array of n zeroed elements; NULL on overflow or out of memory. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* Copies owned by the arena; NULL in gives NULL out (not an error). */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_sprintf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * Where an arena stands, to take back everything allocated after it: a probe
 * builds an item, learns that no filter keeps it, and gives its memory back,
 * so a whole-filesystem object does not hold every file it rejected.
 */
struct arena_mark {
	struct arena_block *head;
	struct arena_block *after_head; /* head->next when marked */
	size_t used;
};

void arena_mark_get(const struct arena *a, struct arena_mark *out);
/* Free what was allocated since mark (nothing of it may be in use any more). */
void arena_rollback(struct arena *a, const struct arena_mark *mark);

#endif
