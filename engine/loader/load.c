/* Entry point of the loader: detect what a file is and build its models. */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "common/xml_read.h"
#include "loader/dom.h"
#include "loader/loader.h"

#define DS_NS "http://scap.nist.gov/schema/scap/source/1.2"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define CATALOG_NS "urn:oasis:names:tc:entity:xmlns:xml:catalog"

static int add_oval(struct content *c, xmlNodePtr root, const char *href)
{
	struct oval_document *doc;
	struct oval_document **grown = realloc(c->ovals, (c->n_ovals + 1) * sizeof(*grown));

	if (!grown)
		return cscap_err_oom();
	c->ovals = grown;
	int rc = oval_document_build(&doc, root, href);
	if (rc)
		return rc;
	c->ovals[c->n_ovals++] = doc;
	return 0;
}

/* The element with attribute id == id among the children of parent named name. */
static xmlNodePtr child_with_id(xmlNodePtr parent, const char *ns, const char *name, const char *id)
{
	DOM_FOREACH(n, parent, ns, name) {
		xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"id");
		int match = v && strcmp((const char *)v, id) == 0;
		xmlFree(v);
		if (match)
			return n;
	}
	return NULL;
}

/* Follow a component-ref's xlink:href ("#component-id") to the component's content element. */
static int component_content(const struct content *c, xmlNodePtr collection, xmlNodePtr cref,
			     xmlNodePtr *out, char **out_component_id)
{
	xmlChar *href = xmlGetNsProp(cref, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
	int rc = 0;

	*out = NULL;
	if (!href || href[0] != '#') {
		rc = cscap_err(CSCAP_EUNSUPPORTED, "%s:%ld: component-ref '%s' is not local",
			       c->path, xmlGetLineNo(cref), href ? (const char *)href : "");
		goto out;
	}
	xmlNodePtr comp = child_with_id(collection, DS_NS, "component", (const char *)href + 1);
	if (!comp) {
		rc = cscap_err(CSCAP_ENOTFOUND, "%s:%ld: component-ref points at missing component '%s'",
			       c->path, xmlGetLineNo(cref), (const char *)href + 1);
		goto out;
	}
	*out = dom_child(comp, NULL, NULL);
	if (!*out)
		rc = cscap_err(CSCAP_EINVALID, "%s: component '%s' is empty", c->path, (const char *)href + 1);
	else if (out_component_id && !(*out_component_id = strdup((const char *)href)))
		rc = cscap_err_oom();
out:
	xmlFree(href);
	return rc;
}

static int load_datastream(struct content *c, xmlNodePtr collection)
{
	xmlNodePtr ds = dom_child(collection, DS_NS, "data-stream");
	xmlChar *v;
	int rc;

	c->kind = CONTENT_DATASTREAM;
	if ((v = xmlGetNoNsProp(collection, (const xmlChar *)"id"))) {
		c->collection_id = strdup((const char *)v);
		xmlFree(v);
	}
	if (!ds)
		return cscap_err(CSCAP_EINVALID, "%s: the collection holds no data-stream", c->path);
	if ((v = xmlGetNoNsProp(ds, (const xmlChar *)"id"))) {
		c->datastream_id = strdup((const char *)v);
		xmlFree(v);
	}
	if (!c->collection_id || !c->datastream_id)
		return cscap_err(CSCAP_EINVALID, "%s: data stream without id", c->path);
	xmlNodePtr checklists = dom_child(ds, DS_NS, "checklists");
	xmlNodePtr checks = dom_child(ds, DS_NS, "checks");
	xmlNodePtr cref = checklists ? dom_child(checklists, DS_NS, "component-ref") : NULL;
	if (!cref)
		return cscap_err(CSCAP_EINVALID, "%s: the data stream has no checklist", c->path);

	xmlNodePtr bench_root;
	if ((rc = component_content(c, collection, cref, &bench_root, &c->checklist_component_id)))
		return rc;
	if ((rc = xccdf_benchmark_build(&c->benchmark, bench_root)))
		return rc;

	/* The checklist's catalog maps the names its checks use to check components. */
	xmlNodePtr catalog = dom_child(cref, CATALOG_NS, "catalog");
	if (!catalog)
		return 0;
	DOM_FOREACH(uri, catalog, CATALOG_NS, "uri") {
		xmlChar *name = xmlGetNoNsProp(uri, (const xmlChar *)"name");
		xmlChar *target = xmlGetNoNsProp(uri, (const xmlChar *)"uri");
		xmlNodePtr check_ref = NULL, root = NULL;

		rc = 0;
		if (!name || !target || target[0] != '#')
			rc = cscap_err(CSCAP_EUNSUPPORTED, "%s:%ld: catalog entry without a local uri",
				       c->path, xmlGetLineNo(uri));
		else if (!checks || !(check_ref = child_with_id(checks, DS_NS, "component-ref",
								  (const char *)target + 1)))
			rc = cscap_err(CSCAP_ENOTFOUND, "%s:%ld: catalog names missing component-ref '%s'",
				       c->path, xmlGetLineNo(uri), (const char *)target + 1);
		else if (!(rc = component_content(c, collection, check_ref, &root, NULL)) &&
			 dom_is(root, OVAL_NS_DEFS, "oval_definitions"))
			rc = add_oval(c, root, (const char *)name);
		/* Other check systems (OCIL, CPE dictionaries) are not evaluated here. */
		xmlFree(name);
		xmlFree(target);
		if (rc)
			return rc;
	}
	return 0;
}

/* A standalone benchmark names its OVAL files by path, relative to itself. */
static int load_referenced_ovals(struct content *c, const struct load_options *opts)
{
	char *dir_copy = strdup(c->path);
	int rc = 0;

	if (!dir_copy)
		return cscap_err_oom();
	const char *dir = dirname(dir_copy);
	for (size_t r = 0; rc == 0 && r < c->benchmark->n_rules; r++) {
		const struct xccdf_item *rule = c->benchmark->rules[r];
		for (size_t k = 0; rc == 0 && k < rule->n_checks; k++) {
			const struct xccdf_check *ck = &rule->checks[k];
			if (strcmp(ck->system, XCCDF_SYSTEM_OVAL) != 0)
				continue;
			for (size_t j = 0; rc == 0 && j < ck->n_refs; j++) {
				const char *href = ck->refs[j].href;
				if (content_oval_for_href(c, href) || strchr(href, ':') || href[0] == '/')
					continue; /* loaded already, or not a relative local path */
				size_t len = strlen(dir) + strlen(href) + 2;
				char *path = malloc(len);
				xmlDocPtr doc = NULL;
				if (!path) {
					rc = cscap_err_oom();
					break;
				}
				snprintf(path, len, "%s/%s", dir, href);
				rc = xml_read_file(&doc, path);
				if (rc == 0 && opts->schemas)
					rc = schema_set_validate(opts->schemas, doc, path);
				free(path);
				if (doc) {
					xmlDocPtr *grown = realloc(c->extra_docs, (c->n_extra_docs + 1) * sizeof(*grown));
					if (!grown) {
						xmlFreeDoc(doc);
						rc = cscap_err_oom();
						break;
					}
					c->extra_docs = grown;
					c->extra_docs[c->n_extra_docs++] = doc;
				}
				if (rc == 0)
					rc = add_oval(c, xmlDocGetRootElement(doc), href);
			}
		}
	}
	free(dir_copy);
	return rc;
}

int content_load(struct content **out, const char *path, const struct load_options *opts)
{
	struct content *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c)
		return cscap_err_oom();
	if (!(c->path = strdup(path))) {
		free(c);
		return cscap_err_oom();
	}
	if ((rc = xml_read_file(&c->doc, path)))
		goto fail;
	if (opts->schemas && (rc = schema_set_validate(opts->schemas, c->doc, path)))
		goto fail;
	xmlNodePtr root = xmlDocGetRootElement(c->doc);
	if (dom_is(root, DS_NS, "data-stream-collection")) {
		rc = load_datastream(c, root);
	} else if (dom_is(root, XCCDF12_NS, "Benchmark") || dom_is(root, XCCDF11_NS, "Benchmark")) {
		c->kind = CONTENT_XCCDF;
		rc = xccdf_benchmark_build(&c->benchmark, root);
		if (rc == 0)
			rc = load_referenced_ovals(c, opts);
	} else if (dom_is(root, OVAL_NS_DEFS, "oval_definitions")) {
		c->kind = CONTENT_OVAL;
		char *base_copy = strdup(path);
		rc = base_copy ? add_oval(c, root, basename(base_copy)) : cscap_err_oom();
		free(base_copy);
	} else {
		rc = cscap_err(CSCAP_EUNSUPPORTED,
			       "%s: not SCAP content (root element '%s' in namespace '%s')", path,
			       (const char *)root->name, dom_ns(root));
	}
	if (rc)
		goto fail;
	*out = c;
	return 0;
fail:
	content_free(c);
	return rc;
}
