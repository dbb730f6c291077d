/* Small read-only helpers over libxml2's tree, used by the model builders. */
#ifndef CSCAP_DOM_H
#define CSCAP_DOM_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "common/arena.h"

bool dom_is(const xmlNode *n, const char *ns, const char *name);
/* First element child (of namespace ns and local name name; NULL = any). */
xmlNodePtr dom_child(const xmlNode *parent, const char *ns, const char *name);
/* Next element sibling after n matching ns/name (NULL = any). */
xmlNodePtr dom_next(const xmlNode *n, const char *ns, const char *name);
size_t dom_count(const xmlNode *parent, const char *ns, const char *name);
/* Attribute (no namespace) copied into the arena; NULL when absent. */
const char *dom_attr(struct arena *a, const xmlNode *n, const char *name);
const char *dom_attr_ns(struct arena *a, const xmlNode *n, const char *ns, const char *name);
/* Text content copied into the arena ("" for an empty element); NULL on OOM. */
const char *dom_text(struct arena *a, const xmlNode *n);
/* Text of the first child element ns:name, or NULL. */
const char *dom_child_text(struct arena *a, const xmlNode *parent, const char *ns,
			   const char *name);
const char *dom_ns(const xmlNode *n);

#define DOM_FOREACH(var, parent, ns, name) \
	for (xmlNodePtr var = dom_child((parent), (ns), (name)); var; var = dom_next(var, (ns), (name)))

#endif
