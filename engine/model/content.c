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
	free(c->oval_names);
	for (size_t i = 0; i < c->n_cpe_dictionaries; i++)
		cpe_dictionary_free(c->cpe_dictionaries[i]);
	free(c->cpe_dictionaries);
	free(c->tailoring_component_id);
	for (size_t i = 0; i < c->n_owned_names; i++)
		free(c->owned_names[i]);
	free(c->owned_names);
	for (size_t i = 0; i < c->n_remotes; i++) {
		free(c->remotes[i].name);
		free(c->remotes[i].url);
		free(c->remotes[i].why);
	}
	free(c->remotes);
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
	for (size_t i = 0; href && i < c->n_oval_names; i++)
		if (strcmp(c->oval_names[i].href, href) == 0)
			return c->oval_names[i].doc;
	return NULL;
}

long content_oval_index(const struct content *c, const struct oval_document *doc)
{
	for (size_t i = 0; i < c->n_ovals; i++)
		if (c->ovals[i] == doc)
			return (long)i;
	return -1;
}

const char *content_remote_for_href(const struct content *c, const char *href)
{
	if (!href)
		return NULL;
	for (size_t i = 0; i < c->n_remotes; i++)
		if (strcmp(c->remotes[i].name, href) == 0)
			return c->remotes[i].url;
	return strstr(href, "://") ? href : NULL;
}

const char *content_remote_why(const struct content *c, const char *href)
{
	for (size_t i = 0; href && i < c->n_remotes; i++)
		if (strcmp(c->remotes[i].name, href) == 0)
			return c->remotes[i].why;
	return NULL;
}
