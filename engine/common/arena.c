#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"

#define ARENA_BLOCK_SIZE (64 * 1024)

struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(max_align_t) unsigned char data[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->used = 0;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head;

	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	arena_init(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	const size_t align = _Alignof(max_align_t);
	size_t need = (size + align - 1) & ~(align - 1);
	struct arena_block *b;

	if (need < size)
		return NULL;
	if (!a->head || a->head->size - a->used < need) {
		size_t bsize = need > ARENA_BLOCK_SIZE ? need : ARENA_BLOCK_SIZE;

		if (bsize > SIZE_MAX - sizeof(*b))
			return NULL;
		b = malloc(sizeof(*b) + bsize);
		if (!b)
			return NULL;
		b->size = bsize;
		/* An oversized block goes behind the head so the head's free
		 * space stays usable for the small objects that follow. */
		if (a->head && need > ARENA_BLOCK_SIZE) {
			b->next = a->head->next;
			a->head->next = b;
			memset(b->data, 0, need);
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
	}
	void *p = a->head->data + a->used;
	a->used += need;
	memset(p, 0, need);
	return p;
}

void *arena_calloc(struct arena *a, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return arena_alloc(a, (n * size) != 0 ? n * size : 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = arena_alloc(a, n + 1);
	if (p)
		memcpy(p, s, n);
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_sprintf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_mark_get(const struct arena *a, struct arena_mark *out)
{
	out->head = a->head;
	out->after_head = a->head ? a->head->next : NULL;
	out->used = a->used;
}

void arena_rollback(struct arena *a, const struct arena_mark *mark)
{
	/* Blocks made since: newer heads, and oversized blocks slipped in behind a head. */
	while (a->head && a->head != mark->head) {
		struct arena_block *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	if (!a->head) {
		a->used = 0;
		return;
	}
	while (a->head->next != mark->after_head) {
		struct arena_block *extra = a->head->next;
		a->head->next = extra->next;
		free(extra);
	}
	a->used = mark->used;
}
