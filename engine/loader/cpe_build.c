/* CPE dictionaries and CPE 2.3 applicability-language platforms → model/cpe.h. */
#include <string.h>

#include "common/error_internal.h"
#include "loader/dom.h"
#include "loader/loader.h"

static int read_check(struct arena *a, const xmlNode *n, struct cpe_check *out, bool text_is_id)
{
	out->system = dom_attr(a, n, "system");
	out->href = dom_attr(a, n, "href");
	out->id = text_is_id ? dom_text(a, n) : dom_attr(a, n, "id-ref");
	return out->system && out->href && out->id ? 0 : -1;
}

int cpe_dictionary_build(struct cpe_dictionary **out, xmlNodePtr root, const char *name)
{
	struct arena a;
	struct cpe_dictionary *d;

	*out = NULL;
	if (!dom_is(root, CPE_DICT_NS, "cpe-list"))
		return cscap_err(CSCAP_EPARSE, "%s: not a CPE 2.x dictionary", name);
	arena_init(&a);
	if (!(d = arena_alloc(&a, sizeof(*d))))
		return cscap_err_oom();
	d->arena = a;
	d->n_items = dom_count(root, CPE_DICT_NS, "cpe-item");
	d->items = arena_calloc(&d->arena, d->n_items, sizeof(*d->items));
	if (!d->items) {
		cpe_dictionary_free(d);
		return cscap_err_oom();
	}
	size_t i = 0;
	DOM_FOREACH(item, root, CPE_DICT_NS, "cpe-item") {
		struct cpe_item *it = &d->items[i++];
		it->name = dom_attr(&d->arena, item, "name");
		xmlNodePtr check = dom_child(item, CPE_DICT_NS, "check");
		if (!it->name) {
			cpe_dictionary_free(d);
			return cscap_err(CSCAP_EINVALID, "%s:%ld: cpe-item without name", name, xmlGetLineNo(item));
		}
		if (check) {
			if (read_check(&d->arena, check, &it->check, true)) {
				cpe_dictionary_free(d);
				return cscap_err(CSCAP_EINVALID, "%s:%ld: incomplete CPE check", name, xmlGetLineNo(check));
			}
			it->has_check = true;
		}
	}
	*out = d;
	return 0;
}

static int build_test(struct arena *a, const xmlNode *n, struct cpe_logical_test *t, const char *name)
{
	const char *op = dom_attr(a, n, "operator");
	const char *neg = dom_attr(a, n, "negate");

	t->is_or = op && strcmp(op, "OR") == 0;
	t->negate = neg && (strcmp(neg, "true") == 0 || strcmp(neg, "1") == 0);
	t->n_fact_names = dom_count(n, CPE_LANG_NS, "fact-ref");
	t->n_check_facts = dom_count(n, CPE_LANG_NS, "check-fact-ref");
	t->n_children = dom_count(n, CPE_LANG_NS, "logical-test");
	t->fact_names = arena_calloc(a, t->n_fact_names, sizeof(*t->fact_names));
	t->check_facts = arena_calloc(a, t->n_check_facts, sizeof(*t->check_facts));
	t->children = arena_calloc(a, t->n_children, sizeof(*t->children));
	if (!t->fact_names || !t->check_facts || !t->children)
		return cscap_err_oom();
	size_t i = 0, k = 0, j = 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (dom_is(c, CPE_LANG_NS, "fact-ref")) {
			if (!(t->fact_names[i++] = dom_attr(a, c, "name")))
				return cscap_err(CSCAP_EINVALID, "%s:%ld: fact-ref without name", name, xmlGetLineNo(c));
		} else if (dom_is(c, CPE_LANG_NS, "check-fact-ref")) {
			if (read_check(a, c, &t->check_facts[k++], false))
				return cscap_err(CSCAP_EINVALID, "%s:%ld: incomplete check-fact-ref", name, xmlGetLineNo(c));
		} else if (dom_is(c, CPE_LANG_NS, "logical-test")) {
			int rc = build_test(a, c, &t->children[j++], name);
			if (rc)
				return rc;
		}
	}
	return 0;
}

int cpe_platforms_build(struct arena *a, xmlNodePtr spec, struct cpe_platform **out, size_t *n,
			const char *name)
{
	*n = dom_count(spec, CPE_LANG_NS, "platform");
	*out = arena_calloc(a, *n, sizeof(**out));
	if (!*out)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(p, spec, CPE_LANG_NS, "platform") {
		struct cpe_platform *pl = &(*out)[i++];
		xmlNodePtr test = dom_child(p, CPE_LANG_NS, "logical-test");
		pl->id = dom_attr(a, p, "id");
		if (!pl->id || !test)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: platform without id or logical-test", name,
					 xmlGetLineNo(p));
		int rc = build_test(a, test, &pl->test, name);
		if (rc)
			return rc;
	}
	return 0;
}
