#include <string.h>

#include <libxml/tree.h>

#include "loader/dom.h"

const char *dom_ns(const xmlNode *n)
{
	return n->ns && n->ns->href ? (const char *)n->ns->href : "";
}

bool dom_is(const xmlNode *n, const char *ns, const char *name)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return false;
	if (name && strcmp((const char *)n->name, name) != 0)
		return false;
	if (ns && strcmp(dom_ns(n), ns) != 0)
		return false;
	return true;
}

xmlNodePtr dom_next(const xmlNode *n, const char *ns, const char *name)
{
	for (xmlNodePtr c = n->next; c; c = c->next)
		if (dom_is(c, ns, name))
			return c;
	return NULL;
}

xmlNodePtr dom_child(const xmlNode *parent, const char *ns, const char *name)
{
	for (xmlNodePtr c = parent->children; c; c = c->next)
		if (dom_is(c, ns, name))
			return c;
	return NULL;
}

size_t dom_count(const xmlNode *parent, const char *ns, const char *name)
{
	size_t n = 0;

	DOM_FOREACH(c, parent, ns, name)
		n++;
	return n;
}

static const char *attr_value(struct arena *a, const xmlAttr *attr)
{
	if (!attr)
		return NULL;
	if (!attr->children)
		return arena_strdup(a, "");
	/* Attribute values are a single text node unless entities were involved,
	 * and the reader refuses those. */
	if (attr->children->next == NULL && attr->children->type == XML_TEXT_NODE)
		return arena_strdup(a, (const char *)attr->children->content);
	xmlChar *v = xmlNodeListGetString(attr->doc, attr->children, 1);
	const char *copy = arena_strdup(a, v ? (const char *)v : "");
	xmlFree(v);
	return copy;
}

const char *dom_attr(struct arena *a, const xmlNode *n, const char *name)
{
	return attr_value(a, xmlHasNsProp(n, (const xmlChar *)name, NULL));
}

const char *dom_attr_ns(struct arena *a, const xmlNode *n, const char *ns, const char *name)
{
	return attr_value(a, xmlHasNsProp(n, (const xmlChar *)name, (const xmlChar *)ns));
}

const char *dom_text(struct arena *a, const xmlNode *n)
{
	const xmlNode *c = n->children;

	if (!c)
		return arena_strdup(a, "");
	if (!c->next && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE))
		return arena_strdup(a, (const char *)c->content);
	xmlChar *v = xmlNodeGetContent(n);
	const char *copy = arena_strdup(a, v ? (const char *)v : "");
	xmlFree(v);
	return copy;
}

const char *dom_child_text(struct arena *a, const xmlNode *parent, const char *ns,
			   const char *name)
{
	xmlNodePtr c = dom_child(parent, ns, name);
	return c ? dom_text(a, c) : NULL;
}
