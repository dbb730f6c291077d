/*
 * The ARF's report requests: the source content as loaded and, when one was
 * applied, its tailoring (SCAP 1.3, RES-300-2: "the tailoring component SHALL
 * be included as well"), so that the profile the TestResult names can be
 * found in the ARF itself.
 *
 *   - a tailoring component of the data stream (--tailoring-id) is in the
 *     copied data stream already;
 *   - a tailoring file applied to a data stream is added to the copy as a
 *     component of its own, with a component-ref in the evaluated data
 *     stream's checklists (as OpenSCAP does), so readers that resolve
 *     component-refs find it; the source document itself is not changed;
 *   - a tailoring file applied to a standalone benchmark (no data stream to
 *     add it to) is a second report-request of its own.
 */
#include <stdio.h>
#include <string.h>

#include "loader/dom.h"
#include "writers/writers.h"

#define DS_NS "http://scap.nist.gov/schema/scap/source/1.2"
#define XLINK_NS "http://www.w3.org/1999/xlink"
#define COMPONENT_BASE "scap_cscap_comp_tailoring"
#define CREF_BASE "scap_cscap_cref_tailoring"

static bool tailoring_from_file(const struct scan *s)
{
	return s->content->tailoring && !s->content->tailoring_component_id;
}

bool arf_tailoring_has_request(const struct scan *s)
{
	return tailoring_from_file(s) && s->content->kind != CONTENT_DATASTREAM;
}

/* Does any element under n carry the attribute id="id"? */
static bool id_taken(xmlNodePtr n, const char *id)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
		bool same = v && strcmp((const char *)v, id) == 0;
		xmlFree(v);
		if (same || id_taken(n->children, id))
			return true;
	}
	return false;
}

/* The suffix ("", "-2", ...) that makes both new ids unused in the data stream. */
static void unused_suffix(char out[16], xmlNodePtr root)
{
	char comp[64], cref[64];

	out[0] = '\0';
	for (unsigned n = 2; n < 1000; n++) {
		snprintf(comp, sizeof(comp), COMPONENT_BASE "%s", out);
		snprintf(cref, sizeof(cref), CREF_BASE "%s", out);
		if (!id_taken(root, comp) && !id_taken(root, cref))
			return;
		snprintf(out, 16, "-%u", n);
	}
}

const char *arf_tailoring_href(char out[64], const struct scan *s)
{
	const struct content *c = s->content;
	char suffix[16];

	if (!c->tailoring)
		return NULL;
	if (c->tailoring_component_id)
		return c->tailoring_component_id;
	if (c->kind != CONTENT_DATASTREAM)
		return c->tailoring->doc->URL ? (const char *)c->tailoring->doc->URL : "";
	unused_suffix(suffix, xmlDocGetRootElement(c->doc));
	snprintf(out, 64, "#" COMPONENT_BASE "%s", suffix);
	return out;
}

/* The ds:component holding the tailoring; its time is the tailoring's own version time. */
static void write_component(struct xmlw *x, const struct write_context *ctx, const char *id)
{
	xmlNodePtr version = dom_child(ctx->scan->content->tailoring, NULL, "version");
	xmlChar *time = version ? xmlGetProp(version, (const xmlChar *)"time") : NULL;
	char when[32];

	xmlw_time_string(when, ctx->scan->start_time);
	xmlw_start(x, "ds:component");
	xmlw_attr(x, "id", id);
	xmlw_attr(x, "timestamp", time ? (const char *)time : when);
	/* (a piece of the collection's copy: all its namespaces, no indenting after it) */
	xmlw_copy_start(x, ctx->scan->content->tailoring, true);
	for (xmlNodePtr n = ctx->scan->content->tailoring->children; n; n = n->next)
		xmlw_copy_inner(x, n);
	xmlw_copy_end(x, false);
	xmlw_end(x);
	xmlFree(time);
}

static bool is_evaluated_stream(xmlNodePtr n, const struct content *c)
{
	if (!dom_is(n, DS_NS, "data-stream"))
		return false;
	xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
	bool yes = id && c->datastream_id && strcmp((const char *)id, c->datastream_id) == 0;
	xmlFree(id);
	return yes;
}

/* The evaluated data stream, with a component-ref to the tailoring in its checklists. */
static void write_stream(struct xmlw *x, xmlNodePtr stream, const char *cref, const char *href)
{
	xmlw_copy_start(x, stream, false);
	for (xmlNodePtr n = stream->children; n; n = n->next) {
		if (!dom_is(n, DS_NS, "checklists")) {
			xmlw_copy_inner(x, n);
			continue;
		}
		xmlw_copy_start(x, n, false);
		for (xmlNodePtr ref = n->children; ref; ref = ref->next)
			xmlw_copy_inner(x, ref);
		xmlw_start(x, "ds:component-ref");
		xmlw_attr(x, "id", cref);
		xmlw_attr(x, "xlink:href", href);
		xmlw_end(x);
		xmlw_copy_end(x, false);
	}
	xmlw_copy_end(x, false);
}

/* The collection with the tailoring file added: after the last component, before
 * any extended-component or signature (the schema's order). */
static void write_composed(struct xmlw *x, const struct write_context *ctx)
{
	const struct content *c = ctx->scan->content;
	xmlNodePtr root = xmlDocGetRootElement(c->doc), last = NULL;
	const char *comp = ctx->tailoring_href + 1;
	char cref[80];

	snprintf(cref, sizeof(cref), CREF_BASE "%s", comp + strlen(COMPONENT_BASE));
	for (xmlNodePtr n = root->children; n; n = n->next)
		if (dom_is(n, DS_NS, "component"))
			last = n;
	xmlw_copy_start(x, root, true);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (is_evaluated_stream(n, c))
			write_stream(x, n, cref, ctx->tailoring_href);
		else
			xmlw_copy_inner(x, n);
		if (n == last)
			write_component(x, ctx, comp);
	}
	xmlw_copy_end(x, true);
}

static void write_request(struct xmlw *x, const char *id, xmlNodePtr content)
{
	xmlw_start(x, "arf:report-request");
	xmlw_attr(x, "id", id);
	xmlw_start(x, "arf:content");
	xmlw_copy(x, content);
	xmlw_end(x);
	xmlw_end(x);
}

void arf_write_requests(struct xmlw *x, const struct write_context *ctx)
{
	const struct content *c = ctx->scan->content;

	xmlw_start(x, "arf:report-requests");
	if (tailoring_from_file(ctx->scan) && c->kind == CONTENT_DATASTREAM && ctx->tailoring_href) {
		xmlw_start(x, "arf:report-request");
		xmlw_attr(x, "id", ARF_REQUEST_ID);
		xmlw_start(x, "arf:content");
		write_composed(x, ctx);
		xmlw_end(x);
		xmlw_end(x);
	} else {
		write_request(x, ARF_REQUEST_ID, xmlDocGetRootElement(c->doc));
	}
	if (arf_tailoring_has_request(ctx->scan))
		write_request(x, ARF_TAILORING_REQUEST_ID, c->tailoring);
	xmlw_end(x);
}
