#include <string.h>

#include "model/cpe.h"

void cpe_dictionary_free(struct cpe_dictionary *d)
{
	if (!d)
		return;
	struct arena a = d->arena; /* d lives in its own arena */
	arena_release(&a);
}

const struct cpe_item *cpe_dictionary_item(const struct cpe_dictionary *d, const char *name)
{
	for (size_t i = 0; d && i < d->n_items; i++)
		if (strcmp(d->items[i].name, name) == 0)
			return &d->items[i];
	return NULL;
}
