#include <stdlib.h>
#include <string.h>

#include "model/content.h"

void content_free(struct content *c)
{
	if (!c)
		return;
	xccdf_benchmark_free(c->benchmark);
	for (size_t i = 0; i < c->n_ovals; i++)
		oval_document_free(c->ovals[i]);
	free(c->ovals);
	for (size_t i = 0; i < c->n_extra_docs; i++)
		xmlFreeDoc(c->extra_docs[i]);
	free(c->extra_docs);
	xmlFreeDoc(c->doc);
	free(c->collection_id);
	free(c->datastream_id);
	free(c->checklist_component_id);
	free(c->path);
	free(c);
}

struct oval_document *content_oval_for_href(const struct content *c, const char *href)
{
	for (size_t i = 0; href && i < c->n_ovals; i++)
		if (c->ovals[i]->href && strcmp(c->ovals[i]->href, href) == 0)
			return c->ovals[i];
	return NULL;
}

long content_oval_index(const struct content *c, const struct oval_document *doc)
{
	for (size_t i = 0; i < c->n_ovals; i++)
		if (c->ovals[i] == doc)
			return (long)i;
	return -1;
}
