/* Entry point of the loader: detect what a file is and build its models. */
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "common/xml_read.h"
#include "loader/dom.h"
#include "loader/loader.h"

#define DS_NS "http://scap.nist.gov/schema/scap/source/1.2"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define CATALOG_NS "urn:oasis:names:tc:entity:xmlns:xml:catalog"

/* Give doc one more name content can refer to it by. */
static int name_oval(struct content *c, const char *href, struct oval_document *doc)
{
	char *copy = strdup(href);
	struct content_oval_name *grown = realloc(c->oval_names, (c->n_oval_names + 1) * sizeof(*grown));
	char **owned = grown ? realloc(c->owned_names, (c->n_owned_names + 1) * sizeof(*owned)) : NULL;

	if (grown)
		c->oval_names = grown;
	if (owned)
		c->owned_names = owned;
	if (!copy || !grown || !owned) {
		free(copy);
		return cscap_err_oom();
	}
	c->owned_names[c->n_owned_names++] = copy;
	c->oval_names[c->n_oval_names++] = (struct content_oval_name){copy, doc};
	return 0;
}

/* The OVAL document rooted at root, loaded once however many names lead to it. */
static int add_oval(struct content *c, xmlNodePtr root, const char *href)
{
	struct oval_document *doc = NULL;
	const struct oval_document *named = content_oval_for_href(c, href);
	int rc;

	for (size_t i = 0; i < c->n_ovals && !doc; i++)
		if (c->ovals[i]->root == root)
			doc = c->ovals[i];
	if (named && named != doc)
		return cscap_err(CSCAP_EINVALID, "%s: the name '%s' is used for two different OVAL documents",
				 c->path, href);
	if (named)
		return 0;
	if (!doc) {
		struct oval_document **grown = realloc(c->ovals, (c->n_ovals + 1) * sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		c->ovals = grown;
		if ((rc = oval_document_build(&doc, root, href)))
			return rc;
		c->ovals[c->n_ovals++] = doc;
	}
	return name_oval(c, href, doc);
}

static int add_cpe_dictionary(struct content *c, xmlNodePtr root)
{
	struct cpe_dictionary *d;
	struct cpe_dictionary **grown =
		realloc(c->cpe_dictionaries, (c->n_cpe_dictionaries + 1) * sizeof(*grown));

	if (!grown)
		return cscap_err_oom();
	c->cpe_dictionaries = grown;
	int rc = cpe_dictionary_build(&d, root, c->path);
	if (rc)
		return rc;
	c->cpe_dictionaries[c->n_cpe_dictionaries++] = d;
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

/* Load what a component-ref's catalog maps: OVAL documents (and CPE dictionaries' checks). */
static int load_catalog(struct content *c, xmlNodePtr collection, xmlNodePtr ds, xmlNodePtr cref)
{
	xmlNodePtr catalog = dom_child(cref, CATALOG_NS, "catalog");
	xmlNodePtr checks = dom_child(ds, DS_NS, "checks");
	int rc = 0;

	if (!catalog)
		return 0;
	DOM_FOREACH(uri, catalog, CATALOG_NS, "uri") {
		xmlChar *name = xmlGetNoNsProp(uri, (const xmlChar *)"name");
		xmlChar *target = xmlGetNoNsProp(uri, (const xmlChar *)"uri");
		xmlNodePtr check_ref = NULL, root = NULL;

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
		/* Other check systems (OCIL) are not evaluated: rules using them are notchecked. */
		xmlFree(name);
		xmlFree(target);
		if (rc)
			return rc;
	}
	return 0;
}

static int read_id(xmlNodePtr n, char **out)
{
	xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)"id");

	*out = v ? strdup((const char *)v) : NULL;
	xmlFree(v);
	return *out ? 0 : -1;
}

/* The checklist component-ref: the one named, else the first holding a Benchmark. */
static int pick_checklist(struct content *c, xmlNodePtr collection, xmlNodePtr checklists,
			  const struct load_options *opts, xmlNodePtr *cref_out, xmlNodePtr *bench_out)
{
	DOM_FOREACH(cref, checklists, DS_NS, "component-ref") {
		xmlNodePtr root;
		xmlChar *id = xmlGetNoNsProp(cref, (const xmlChar *)"id");
		int wanted = !opts->xccdf_id || (id && strcmp((const char *)id, opts->xccdf_id) == 0);
		xmlFree(id);
		if (!wanted)
			continue;
		int rc = component_content(c, collection, cref, &root, NULL);
		if (rc)
			return rc;
		if (dom_is(root, XCCDF12_NS, "Benchmark") || dom_is(root, XCCDF11_NS, "Benchmark")) {
			*cref_out = cref;
			*bench_out = root;
			return 0;
		}
		if (opts->xccdf_id)
			return cscap_err(CSCAP_EINVALID, "%s: component-ref '%s' is not an XCCDF benchmark",
					 c->path, opts->xccdf_id);
	}
	if (opts->xccdf_id)
		return cscap_err(CSCAP_ENOTFOUND, "%s: no checklist component-ref '%s' (see `cscap info`)",
				 c->path, opts->xccdf_id);
	return cscap_err(CSCAP_EINVALID, "%s: the data stream has no XCCDF benchmark", c->path);
}

static int load_datastream(struct content *c, xmlNodePtr collection, const struct load_options *opts)
{
	xmlNodePtr ds = NULL, cref = NULL, bench_root = NULL;
	int rc;

	c->kind = CONTENT_DATASTREAM;
	if (read_id(collection, &c->collection_id))
		return cscap_err(CSCAP_EINVALID, "%s: data stream collection without id", c->path);
	DOM_FOREACH(d, collection, DS_NS, "data-stream") {
		xmlChar *id = xmlGetNoNsProp(d, (const xmlChar *)"id");
		int wanted = !opts->datastream_id || (id && strcmp((const char *)id, opts->datastream_id) == 0);
		xmlFree(id);
		if (wanted) {
			ds = d;
			break;
		}
	}
	if (!ds)
		return opts->datastream_id
			       ? cscap_err(CSCAP_ENOTFOUND, "%s: no data stream '%s' (see `cscap info`)", c->path,
					   opts->datastream_id)
			       : cscap_err(CSCAP_EINVALID, "%s: the collection holds no data-stream", c->path);
	if (read_id(ds, &c->datastream_id))
		return cscap_err(CSCAP_EINVALID, "%s: data stream without id", c->path);
	xmlNodePtr checklists = dom_child(ds, DS_NS, "checklists");
	if (!checklists)
		return cscap_err(CSCAP_EINVALID, "%s: the data stream has no checklists", c->path);
	if ((rc = pick_checklist(c, collection, checklists, opts, &cref, &bench_root)) ||
	    (rc = component_content(c, collection, cref, &bench_root, &c->checklist_component_id)) ||
	    (rc = xccdf_benchmark_build(&c->benchmark, bench_root)) ||
	    (rc = load_catalog(c, collection, ds, cref)))
		return rc;

	/* CPE dictionaries, and the OVAL documents their checks name. */
	xmlNodePtr dictionaries = dom_child(ds, DS_NS, "dictionaries");
	if (dictionaries) {
		DOM_FOREACH(dref, dictionaries, DS_NS, "component-ref") {
			xmlNodePtr root;
			if ((rc = component_content(c, collection, dref, &root, NULL)))
				return rc;
			if (dom_is(root, CPE_DICT_NS, "cpe-list") &&
			    ((rc = add_cpe_dictionary(c, root)) || (rc = load_catalog(c, collection, ds, dref))))
				return rc;
		}
	}

	/* A tailoring component, when asked for by id. */
	if (opts->tailoring_id) {
		xmlNodePtr tref = child_with_id(checklists, DS_NS, "component-ref", opts->tailoring_id);
		xmlNodePtr root;
		if (!tref)
			return cscap_err(CSCAP_ENOTFOUND, "%s: no tailoring component-ref '%s'", c->path,
					 opts->tailoring_id);
		if ((rc = component_content(c, collection, tref, &root, &c->tailoring_component_id)) ||
		    (rc = xccdf_tailoring_apply(c->benchmark, root, c->path)))
			return rc;
		c->tailoring = root;
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

/* --tailoring-file: parsed, validated and kept with the content. */
static int load_tailoring_file(struct content *c, const struct load_options *opts)
{
	xmlDocPtr doc = NULL;
	int rc;

	if (!c->benchmark)
		return cscap_err(CSCAP_EUSAGE, "%s: a tailoring file needs an XCCDF benchmark", opts->tailoring_file);
	if ((rc = xml_read_file(&doc, opts->tailoring_file)))
		return rc;
	xmlDocPtr *grown = realloc(c->extra_docs, (c->n_extra_docs + 1) * sizeof(*grown));
	if (!grown) {
		xmlFreeDoc(doc);
		return cscap_err_oom();
	}
	c->extra_docs = grown;
	c->extra_docs[c->n_extra_docs++] = doc;
	if (opts->schemas && (rc = schema_set_validate(opts->schemas, doc, opts->tailoring_file)))
		return rc;
	c->tailoring = xmlDocGetRootElement(doc);
	return xccdf_tailoring_apply(c->benchmark, c->tailoring, opts->tailoring_file);
}

/* Parse path, or buf when it is not NULL (path then names it), and build the models. */
static int load(struct content **out, const char *path, const char *buf, size_t len,
		const struct load_options *opts)
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
	if ((rc = buf ? xml_read_memory(&c->doc, buf, len, path) : xml_read_file(&c->doc, path)))
		goto fail;
	if (opts->schemas && (rc = schema_set_validate(opts->schemas, c->doc, path)))
		goto fail;
	xmlNodePtr root = xmlDocGetRootElement(c->doc);
	if (dom_is(root, DS_NS, "data-stream-collection")) {
		rc = load_datastream(c, root, opts);
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
	if (rc == 0 && (opts->datastream_id || opts->xccdf_id || opts->tailoring_id) &&
	    c->kind != CONTENT_DATASTREAM)
		rc = cscap_err(CSCAP_EUSAGE, "%s: --datastream-id, --xccdf-id and --tailoring-id need a data stream", path);
	if (rc == 0 && opts->tailoring_file)
		rc = load_tailoring_file(c, opts);
	if (rc)
		goto fail;
	*out = c;
	return 0;
fail:
	content_free(c);
	return rc;
}

int content_load(struct content **out, const char *path, const struct load_options *opts)
{
	return load(out, path, NULL, 0, opts);
}

int content_load_memory(struct content **out, const char *buf, size_t len, const char *name,
			const struct load_options *opts)
{
	*out = NULL;
	if (!buf || !name)
		return cscap_err(CSCAP_EUSAGE, "%s: no buffer to load", name ? name : "(no name)");
	if (len == 0)
		return cscap_err(CSCAP_EPARSE, "%s: empty buffer", name);
	if (len > INT_MAX)
		return cscap_err(CSCAP_EREFUSED, "%s: buffer too large for XML content", name);
	return load(out, name, buf, len, opts);
}
