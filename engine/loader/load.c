/* Entry point of the loader: detect what a file is and build its models. */
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "common/xml_read.h"
#include "loader/dom.h"
#include "loader/fetch.h"
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

/*
 * A component-ref whose xlink:href is not local ("#id") points at a remote
 * resource (a URL: SSG's vendor OVAL feeds).  Unless asked to fetch it (and
 * the fetch succeeds), it is remembered under name (how the content refers to
 * it), with why the fetch failed when one was tried, and the rules that need
 * it are notchecked, saying so.
 */
static int note_remote(struct content *c, const char *name, xmlNodePtr cref, const char *why)
{
	xmlChar *href = xmlGetNsProp(cref, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
	struct content_remote *grown = realloc(c->remotes, (c->n_remotes + 1) * sizeof(*grown));
	char *n = strdup(name ? name : "");
	char *url = strdup(href ? (const char *)href : "");
	char *w = why ? strdup(why) : NULL;

	xmlFree(href);
	if (grown)
		c->remotes = grown;
	if (!grown || !n || !url || (why && !w)) {
		free(n);
		free(url);
		free(w);
		return cscap_err_oom();
	}
	c->remotes[c->n_remotes++] = (struct content_remote){n, url, w};
	return 0;
}

/* Follow a component-ref's xlink:href ("#component-id") to the component's
 * content element.  A remote href is no error: *out is then NULL, and the
 * caller decides (note_remote, or refuse what was asked for by id). */
static int component_content(const struct content *c, xmlNodePtr collection, xmlNodePtr cref,
			     xmlNodePtr *out, char **out_component_id)
{
	xmlChar *href = xmlGetNsProp(cref, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
	int rc = 0;

	*out = NULL;
	if (!href || !href[0]) {
		rc = cscap_err(CSCAP_EINVALID, "%s:%ld: component-ref without xlink:href",
			       c->path, xmlGetLineNo(cref));
		goto out;
	}
	if (href[0] != '#')
		goto out; /* remote */
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

/* A component-ref asked for by id (--xccdf-id, --tailoring-id) that is remote: refused. */
static int refuse_remote(const struct content *c, xmlNodePtr cref, const char *id)
{
	xmlChar *href = xmlGetNsProp(cref, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
	int rc = cscap_err(CSCAP_EUNSUPPORTED,
			   "%s:%ld: component-ref '%s' points at the remote '%s'; cscap does not fetch remote checklists or tailorings",
			   c->path, xmlGetLineNo(cref), id, href ? (const char *)href : "");
	xmlFree(href);
	return rc;
}

/* An oval_definitions element in another namespace (or none) is not OVAL 5
 * content cscap could skip as "another check system": it is refused, with or
 * without schema validation. */
static int check_oval_namespace(const struct content *c, const xmlNode *root)
{
	if (!root || strcmp((const char *)root->name, "oval_definitions") != 0 || dom_is(root, OVAL_NS_DEFS, NULL))
		return 0;
	return cscap_err(CSCAP_EINVALID, "%s:%ld: oval_definitions in namespace '%s', not OVAL 5 ('%s')",
			 root->doc && root->doc->URL ? (const char *)root->doc->URL : c->path,
			 xmlGetLineNo(root), dom_ns(root), OVAL_NS_DEFS);
}

/* Keep doc (taken over) with the content, freed with it. */
static int keep_doc(struct content *c, xmlDocPtr doc)
{
	xmlDocPtr *grown = realloc(c->extra_docs, (c->n_extra_docs + 1) * sizeof(*grown));

	if (!grown) {
		xmlFreeDoc(doc);
		return cscap_err_oom();
	}
	c->extra_docs = grown;
	c->extra_docs[c->n_extra_docs++] = doc;
	return 0;
}

/* The OVAL root fetched from url earlier in this load: a URL several catalog
 * entries name is fetched once.  Only documents that passed every check are kept. */
static xmlNodePtr fetched_root(const struct content *c, const char *url)
{
	for (size_t i = 0; i < c->n_extra_docs; i++)
		if (c->extra_docs[i]->URL && strcmp((const char *)c->extra_docs[i]->URL, url) == 0)
			return xmlDocGetRootElement(c->extra_docs[i]);
	return NULL;
}

/* A fetch of url that failed earlier in this load, so it is not tried twice. */
static const char *failed_fetch(const struct content *c, const char *url)
{
	for (size_t i = 0; i < c->n_remotes; i++)
		if (c->remotes[i].why && strcmp(c->remotes[i].url, url) == 0)
			return c->remotes[i].why;
	return NULL;
}

/*
 * --fetch-remote-resources: the OVAL definitions at url, fetched (loader/fetch.h),
 * parsed by the same secure reader as local content and validated like it,
 * then kept with c.  0 with *root set, else the failure's code and message.
 */
static int fetch_oval(struct content *c, const char *url, const struct load_options *opts, xmlNodePtr *root)
{
	struct fetch_limits lim = {.connect_timeout_ms = opts->connect_timeout_ms};
	xmlDocPtr doc = NULL;
	char *buf;
	size_t len;
	int rc;

	if ((*root = fetched_root(c, url)))
		return 0;
	if ((rc = fetch_url(&buf, &len, url, &lim)))
		return rc;
	rc = len > INT_MAX ? cscap_err(CSCAP_EREFUSED, "%s: refused: too large for XML content", url)
			   : xml_read_memory(&doc, buf, len, url);
	free(buf);
	if (rc)
		return rc;
	xmlNodePtr r = xmlDocGetRootElement(doc);
	if ((rc = check_oval_namespace(c, r)) == 0 && !dom_is(r, OVAL_NS_DEFS, "oval_definitions"))
		rc = cscap_err(CSCAP_EINVALID, "%s: not OVAL definitions (root element '%s')", url,
			       (const char *)r->name);
	if (rc == 0 && opts->schemas)
		rc = schema_set_validate(opts->schemas, doc, url);
	if (rc) {
		xmlFreeDoc(doc);
		return rc;
	}
	if ((rc = keep_doc(c, doc)))
		return rc;
	*root = r;
	return 0;
}

/*
 * A remote check component named name: fetched and added as OVAL when asked
 * to (opts->fetch_remote_resources), else noted.  A failed fetch is no load
 * error: it is noted with its reason, and the rules that need it stay
 * notchecked (fail closed).  Only running out of memory fails the load.
 */
static int load_remote_check(struct content *c, const char *name, xmlNodePtr cref,
			     const struct load_options *opts)
{
	xmlChar *href = xmlGetNsProp(cref, (const xmlChar *)"href", (const xmlChar *)XLINK_NS);
	const char *url = href ? (const char *)href : "";
	const char *failed = failed_fetch(c, url);
	xmlNodePtr root = NULL;
	char why[1024];
	int rc;

	if (!opts->fetch_remote_resources || failed) {
		rc = note_remote(c, name, cref, failed);
		goto out;
	}
	if ((rc = fetch_oval(c, url, opts, &root)) == 0)
		rc = add_oval(c, root, name);
	if (rc && rc != CSCAP_ENOMEM) {
		/* The warning names the URL already: "URL: HTTP status 404" says it twice. */
		const char *msg = cscap_error_last();
		size_t n = strlen(url);
		if (strncmp(msg, url, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
			msg += n + 2;
		snprintf(why, sizeof(why), "%s", msg);
		rc = note_remote(c, name, cref, why);
	}
out:
	xmlFree(href);
	return rc;
}

/* Load what a component-ref's catalog maps: OVAL documents (and CPE dictionaries' checks). */
static int load_catalog(struct content *c, xmlNodePtr collection, xmlNodePtr ds, xmlNodePtr cref,
			const struct load_options *opts)
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
		else if ((rc = component_content(c, collection, check_ref, &root, NULL)) == 0 && !root)
			rc = load_remote_check(c, (const char *)name, check_ref, opts);
		else if (rc == 0 && !(rc = check_oval_namespace(c, root)) &&
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

/* The checklist component-ref: the one named, else the first local one holding a Benchmark. */
static int pick_checklist(struct content *c, xmlNodePtr collection, xmlNodePtr checklists,
			  const struct load_options *opts, xmlNodePtr *cref_out, xmlNodePtr *bench_out)
{
	xmlNodePtr remote = NULL; /* the first remote checklist, for the message */

	DOM_FOREACH(cref, checklists, DS_NS, "component-ref") {
		xmlNodePtr root;
		xmlChar *id = xmlGetNoNsProp(cref, (const xmlChar *)"id");
		int wanted = !opts->xccdf_id || (id && strcmp((const char *)id, opts->xccdf_id) == 0);
		int rc = wanted ? component_content(c, collection, cref, &root, NULL) : 0;
		if (rc == 0 && wanted && !root)
			rc = opts->xccdf_id ? refuse_remote(c, cref, opts->xccdf_id)
					    : note_remote(c, (const char *)id, cref, NULL);
		xmlFree(id);
		if (rc)
			return rc;
		if (wanted && !root && !remote)
			remote = cref;
		if (!wanted || !root)
			continue;
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
	if (remote) {
		xmlChar *id = xmlGetNoNsProp(remote, (const xmlChar *)"id");
		int rc = refuse_remote(c, remote, id ? (const char *)id : "");
		xmlFree(id);
		return rc;
	}
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
	    (rc = load_catalog(c, collection, ds, cref, opts)))
		return rc;

	/* CPE dictionaries, and the OVAL documents their checks name. */
	xmlNodePtr dictionaries = dom_child(ds, DS_NS, "dictionaries");
	if (dictionaries) {
		DOM_FOREACH(dref, dictionaries, DS_NS, "component-ref") {
			xmlNodePtr root;
			if ((rc = component_content(c, collection, dref, &root, NULL)))
				return rc;
			if (!root) {
				xmlChar *id = xmlGetNoNsProp(dref, (const xmlChar *)"id");
				rc = note_remote(c, (const char *)id, dref, NULL);
				xmlFree(id);
				if (rc)
					return rc;
				continue;
			}
			if (dom_is(root, CPE_DICT_NS, "cpe-list") &&
			    ((rc = add_cpe_dictionary(c, root)) || (rc = load_catalog(c, collection, ds, dref, opts))))
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
		    (!root && (rc = refuse_remote(c, tref, opts->tailoring_id))) ||
		    (rc = xccdf_tailoring_apply(c->benchmark, root, c->path)))
			return rc;
		c->tailoring = root;
	}
	return 0;
}

/* A referenced file's problem, said as the benchmark's: "benchmark: rule 'r': oval.xml: ...". */
static int blame_rule(const struct content *c, const struct xccdf_item *rule, int code)
{
	char why[1024];

	snprintf(why, sizeof(why), "%s", cscap_error_last());
	return cscap_err(code, "%s: rule '%s': %s", c->path, rule->id, why);
}

/* Does a relative href climb out of its base directory (a ".." segment)?
 * Such hrefs are refused outright rather than resolved: content names files
 * beside itself or below, never elsewhere on the scanned host. */
static bool leaves_directory(const char *href)
{
	for (const char *p = href; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return true;
		p += n;
		p += *p == '/';
	}
	return false;
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
				if (leaves_directory(href)) {
					rc = cscap_err(CSCAP_EREFUSED,
						       "%s: rule '%s': refused: OVAL href '%s' leaves the benchmark's directory",
						       c->path, rule->id, href);
					break;
				}
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
				if (rc == 0 && !dom_is(xmlDocGetRootElement(doc), OVAL_NS_DEFS, "oval_definitions"))
					rc = check_oval_namespace(c, xmlDocGetRootElement(doc)) ? CSCAP_EINVALID
					     : cscap_err(CSCAP_EINVALID, "%s: rule '%s' names it as OVAL, but it holds no oval_definitions",
							 path, rule->id);
				free(path);
				if (rc && rc != CSCAP_ENOMEM)
					rc = blame_rule(c, rule, rc);
				if (doc) {
					int kept = keep_doc(c, doc);
					if (kept) {
						rc = kept;
						break;
					}
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
	if ((rc = keep_doc(c, doc)))
		return rc;
	if (opts->schemas && (rc = schema_set_validate(opts->schemas, doc, opts->tailoring_file)))
		return rc;
	c->tailoring = xmlDocGetRootElement(doc);
	return xccdf_tailoring_apply(c->benchmark, c->tailoring, opts->tailoring_file);
}

/* Build the models of doc (taken over, whatever happens), which path names. */
static int build_content(struct content **out, const char *path, xmlDocPtr doc,
			 const struct load_options *opts)
{
	struct content *c = calloc(1, sizeof(*c));
	int rc;

	*out = NULL;
	if (!c) {
		xmlFreeDoc(doc);
		return cscap_err_oom();
	}
	c->doc = doc;
	if (!(c->path = strdup(path))) {
		content_free(c);
		return cscap_err_oom();
	}
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
	} else if ((rc = check_oval_namespace(c, root)) == 0) {
		rc = cscap_err(CSCAP_EUNSUPPORTED,
			       "%s: not SCAP content (root element '%s' in namespace '%s')", path,
			       (const char *)root->name, dom_ns(root));
	}
	if (rc == 0 && (opts->datastream_id || opts->xccdf_id || opts->tailoring_id) &&
	    c->kind != CONTENT_DATASTREAM)
		rc = cscap_err(CSCAP_EUSAGE, "%s: --datastream-id, --xccdf-id and --tailoring-id need a data stream", path);
	if (rc == 0 && opts->tailoring_file)
		rc = load_tailoring_file(c, opts);
	/* Last, with everything loaded: references across documents. */
	if (rc == 0)
		rc = content_check_references(c);
	if (rc) {
		content_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Parse path, or buf when it is not NULL (path then names it), validate, and build the models. */
static int load(struct content **out, const char *path, const char *buf, size_t len,
		const struct load_options *opts)
{
	xmlDocPtr doc = NULL;
	int rc;

	*out = NULL;
	if ((rc = buf ? xml_read_memory(&doc, buf, len, path) : xml_read_file(&doc, path)))
		return rc;
	if (opts->schemas && (rc = schema_set_validate(opts->schemas, doc, path))) {
		xmlFreeDoc(doc);
		return rc;
	}
	return build_content(out, path, doc, opts);
}

bool content_is_scap_root(const xmlNode *root)
{
	if (dom_is(root, XCCDF12_NS, "Benchmark") || dom_is(root, XCCDF11_NS, "Benchmark"))
		/* XCCDF results are a Benchmark with TestResults: results, not content. */
		return !dom_child(root, dom_ns(root), "TestResult");
	return dom_is(root, DS_NS, "data-stream-collection") ||
	       (root && strcmp((const char *)root->name, "oval_definitions") == 0);
}

int content_load_parsed(struct content **out, xmlDocPtr doc, const char *path,
			const struct load_options *opts)
{
	return build_content(out, path, doc, opts);
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
