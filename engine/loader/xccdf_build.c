/* XCCDF Benchmark element (1.1 or 1.2) → struct xccdf_benchmark. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "loader/dom.h"
#include "loader/loader.h"

struct build {
	struct xccdf_benchmark *b;
	const char *ns;
	const char *name; /* for messages */
	size_t n_items;   /* items seen so far, to fill b->by_id */
	size_t n_rules;
	size_t n_values;
};

static int bad(const struct build *bb, const xmlNode *n, const char *what, const char *value)
{
	return cscap_err(CSCAP_EINVALID, "%s:%ld: %s '%s'", bb->name, n ? xmlGetLineNo(n) : 0L,
			 what, value ? value : "");
}

static bool parse_bool(const char *v, bool def)
{
	if (!v)
		return def;
	return strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
}

/* Count the groups, rules and values below n, to size the flat arrays once. */
static void count_items(const struct build *bb, const xmlNode *n, size_t *items, size_t *rules,
			size_t *values)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (dom_is(c, bb->ns, "Rule")) {
			(*items)++;
			(*rules)++;
		} else if (dom_is(c, bb->ns, "Group")) {
			(*items)++;
			count_items(bb, c, items, rules, values);
		} else if (dom_is(c, bb->ns, "Value")) {
			(*values)++;
		}
	}
}

static int build_value(struct build *bb, const xmlNode *n)
{
	struct arena *a = &bb->b->arena;
	struct xccdf_value *v = &bb->b->values[bb->n_values++];

	v->id = dom_attr(a, n, "id");
	if (!v->id)
		return bad(bb, n, "Value without id", "");
	v->cluster_id = dom_attr(a, n, "cluster-id");
	v->type = dom_attr(a, n, "type");
	if (!v->type)
		v->type = "string";
	v->operator_ = dom_attr(a, n, "operator");
	if (!v->operator_)
		v->operator_ = "equals";
	v->n_choices = dom_count(n, bb->ns, "value");
	v->choices = arena_calloc(a, v->n_choices, sizeof(*v->choices));
	if (!v->choices)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(c, n, bb->ns, "value") {
		struct xccdf_value_choice *ch = &v->choices[i++];
		ch->selector = dom_attr(a, c, "selector");
		if (!ch->selector)
			ch->selector = "";
		if (!(ch->value = dom_text(a, c)))
			return cscap_err_oom();
		/* The default is the value without a selector. */
		if (!*ch->selector && !v->value)
			v->value = ch->value;
	}
	if (!v->value)
		v->value = ""; /* only selector-bound choices: nothing unless a profile picks one */
	return 0;
}

static int build_check(struct build *bb, const xmlNode *n, struct xccdf_check *ck)
{
	struct arena *a = &bb->b->arena;

	ck->system = dom_attr(a, n, "system");
	if (!ck->system)
		return bad(bb, n, "check without system", "");
	ck->selector = dom_attr(a, n, "selector");
	ck->id = dom_attr(a, n, "id");
	ck->negate = parse_bool(dom_attr(a, n, "negate"), false);
	ck->multi_check = parse_bool(dom_attr(a, n, "multi-check"), false);
	ck->n_refs = dom_count(n, bb->ns, "check-content-ref");
	ck->refs = arena_calloc(a, ck->n_refs, sizeof(*ck->refs));
	ck->n_exports = dom_count(n, bb->ns, "check-export");
	ck->exports = arena_calloc(a, ck->n_exports, sizeof(*ck->exports));
	if (!ck->refs || !ck->exports)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(r, n, bb->ns, "check-content-ref") {
		ck->refs[i].href = dom_attr(a, r, "href");
		ck->refs[i].name = dom_attr(a, r, "name");
		if (!ck->refs[i].href)
			return bad(bb, r, "check-content-ref without href", "");
		i++;
	}
	i = 0;
	DOM_FOREACH(e, n, bb->ns, "check-export") {
		ck->exports[i].value_id = dom_attr(a, e, "value-id");
		ck->exports[i].export_name = dom_attr(a, e, "export-name");
		i++;
	}
	return 0;
}

static int build_complex_check(struct build *bb, const xmlNode *n, struct xccdf_complex_check *cc)
{
	struct arena *a = &bb->b->arena;
	const char *op = dom_attr(a, n, "operator");

	cc->is_or = op && strcmp(op, "OR") == 0;
	if (op && !cc->is_or && strcmp(op, "AND") != 0)
		return bad(bb, n, "complex-check with unknown operator", op);
	cc->negate = parse_bool(dom_attr(a, n, "negate"), false);
	cc->n_checks = dom_count(n, bb->ns, "check");
	cc->n_children = dom_count(n, bb->ns, "complex-check");
	cc->checks = arena_calloc(a, cc->n_checks, sizeof(*cc->checks));
	cc->children = arena_calloc(a, cc->n_children, sizeof(*cc->children));
	if (!cc->checks || !cc->children)
		return cscap_err_oom();
	size_t i = 0, k = 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int rc = 0;
		if (dom_is(c, bb->ns, "check"))
			rc = build_check(bb, c, &cc->checks[i++]);
		else if (dom_is(c, bb->ns, "complex-check"))
			rc = build_complex_check(bb, c, &cc->children[k++]);
		if (rc)
			return rc;
	}
	return 0;
}

/* <platform idref=...> children of n. */
static int build_platforms(struct build *bb, const xmlNode *n, const char ***out, size_t *n_out)
{
	struct arena *a = &bb->b->arena;

	*n_out = dom_count(n, bb->ns, "platform");
	*out = arena_calloc(a, *n_out, sizeof(**out));
	if (!*out)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(p, n, bb->ns, "platform")
		if (!((*out)[i++] = dom_attr(a, p, "idref")))
			return bad(bb, p, "platform without idref", "");
	return 0;
}

/* <requires idref="a b ..."> and <conflicts idref="c"> children of n. */
static int build_requires(struct build *bb, const xmlNode *n, struct xccdf_item *it)
{
	struct arena *a = &bb->b->arena;
	size_t i = 0;

	it->n_requires = dom_count(n, bb->ns, "requires");
	it->requires = arena_calloc(a, it->n_requires, sizeof(*it->requires));
	it->n_conflicts = dom_count(n, bb->ns, "conflicts");
	it->conflicts = arena_calloc(a, it->n_conflicts, sizeof(*it->conflicts));
	if (!it->requires || !it->conflicts)
		return cscap_err_oom();
	DOM_FOREACH(r, n, bb->ns, "requires") {
		/* The arena's own copy: split in place. */
		char *list = (char *)dom_attr(a, r, "idref"), *save = NULL;
		size_t words = 0;
		for (const char *p = list; p && *p; p++)
			words += !isspace((unsigned char)*p) && (p == list || isspace((unsigned char)p[-1]));
		if (!words)
			return bad(bb, r, "requires without idref", "");
		struct xccdf_requires *req = &it->requires[i++];
		if (!(req->idrefs = arena_calloc(a, words, sizeof(*req->idrefs))))
			return cscap_err_oom();
		for (char *w = strtok_r(list, " \t\r\n", &save); w; w = strtok_r(NULL, " \t\r\n", &save))
			req->idrefs[req->n_idrefs++] = w;
	}
	i = 0;
	DOM_FOREACH(c, n, bb->ns, "conflicts")
		if (!(it->conflicts[i++] = dom_attr(a, c, "idref")))
			return bad(bb, c, "conflicts without idref", "");
	return 0;
}

static int build_rule_fields(struct build *bb, const xmlNode *n, struct xccdf_item *it)
{
	struct arena *a = &bb->b->arena;
	const char *v;

	it->version = dom_child_text(a, n, bb->ns, "version");
	v = dom_attr(a, n, "severity");
	if (v && xccdf_severity_parse(v, &it->severity) != 0)
		return bad(bb, n, "unknown severity", v);
	v = dom_attr(a, n, "role");
	if (v && xccdf_role_parse(v, &it->role) != 0)
		return bad(bb, n, "unknown role", v);
	it->n_idents = dom_count(n, bb->ns, "ident");
	it->idents = arena_calloc(a, it->n_idents, sizeof(*it->idents));
	it->n_checks = dom_count(n, bb->ns, "check");
	it->checks = arena_calloc(a, it->n_checks, sizeof(*it->checks));
	if (!it->idents || !it->checks)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(c, n, bb->ns, "ident") {
		it->idents[i].system = dom_attr(a, c, "system");
		it->idents[i].value = dom_text(a, c);
		i++;
	}
	i = 0;
	DOM_FOREACH(c, n, bb->ns, "check") {
		int rc = build_check(bb, c, &it->checks[i++]);
		if (rc)
			return rc;
	}
	xmlNodePtr cc = dom_child(n, bb->ns, "complex-check");
	if (cc) {
		if (!(it->complex_check = arena_alloc(a, sizeof(*it->complex_check))))
			return cscap_err_oom();
		int rc = build_complex_check(bb, cc, it->complex_check);
		if (rc)
			return rc;
	}
	return 0;
}

static int build_children(struct build *bb, const xmlNode *n, struct xccdf_item *parent,
			  struct xccdf_item ***out, size_t *n_out);

static int build_item(struct build *bb, const xmlNode *n, struct xccdf_item *parent,
		      struct xccdf_item **out)
{
	struct arena *a = &bb->b->arena;
	struct xccdf_item *it = arena_alloc(a, sizeof(*it));
	const char *v;

	if (!it)
		return cscap_err_oom();
	it->node = (xmlNodePtr)n;
	it->parent = parent;
	it->kind = dom_is(n, bb->ns, "Rule") ? XCCDF_ITEM_RULE : XCCDF_ITEM_GROUP;
	it->id = dom_attr(a, n, "id");
	if (!it->id)
		return bad(bb, n, "item without id", "");
	it->title = dom_child_text(a, n, bb->ns, "title");
	it->cluster_id = dom_attr(a, n, "cluster-id");
	it->selected = parse_bool(dom_attr(a, n, "selected"), true);
	it->weight = 1.0;
	v = dom_attr(a, n, "weight");
	if (v) {
		char *end;
		it->weight = strtod(v, &end);
		if (*end || it->weight < 0)
			return bad(bb, n, "bad weight", v);
	}
	int prc = build_platforms(bb, n, &it->platforms, &it->n_platforms);
	if (prc || (prc = build_requires(bb, n, it)))
		return prc;
	bb->b->by_id[bb->n_items++] = it;
	*out = it;
	if (it->kind == XCCDF_ITEM_RULE) {
		it->rule_index = bb->n_rules;
		bb->b->rules[bb->n_rules++] = it;
		return build_rule_fields(bb, n, it);
	}
	return build_children(bb, n, it, &it->children, &it->n_children);
}

static int build_children(struct build *bb, const xmlNode *n, struct xccdf_item *parent,
			  struct xccdf_item ***out, size_t *n_out)
{
	size_t count = dom_count(n, bb->ns, "Group") + dom_count(n, bb->ns, "Rule");

	*out = arena_calloc(&bb->b->arena, count, sizeof(**out));
	if (!*out)
		return cscap_err_oom();
	*n_out = 0;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int rc = 0;
		if (dom_is(c, bb->ns, "Group") || dom_is(c, bb->ns, "Rule"))
			rc = build_item(bb, c, parent, &(*out)[(*n_out)++]);
		else if (dom_is(c, bb->ns, "Value"))
			rc = build_value(bb, c);
		if (rc)
			return rc;
	}
	return 0;
}

static int build_profile(struct build *bb, const xmlNode *n, struct xccdf_profile *p)
{
	struct arena *a = &bb->b->arena;

	p->node = (xmlNodePtr)n;
	p->id = dom_attr(a, n, "id");
	if (!p->id)
		return bad(bb, n, "Profile without id", "");
	p->title = dom_child_text(a, n, bb->ns, "title");
	p->extends = dom_attr(a, n, "extends");
	p->n_selects = dom_count(n, bb->ns, "select");
	p->selects = arena_calloc(a, p->n_selects, sizeof(*p->selects));
	p->n_set_values = dom_count(n, bb->ns, "set-value");
	p->set_values = arena_calloc(a, p->n_set_values, sizeof(*p->set_values));
	if (!p->selects || !p->set_values)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(c, n, bb->ns, "select") {
		p->selects[i].idref = dom_attr(a, c, "idref");
		p->selects[i].selected = parse_bool(dom_attr(a, c, "selected"), false);
		if (!p->selects[i].idref)
			return bad(bb, c, "select without idref", "");
		i++;
	}
	i = 0;
	DOM_FOREACH(c, n, bb->ns, "set-value") {
		p->set_values[i].idref = dom_attr(a, c, "idref");
		p->set_values[i].value = dom_text(a, c);
		i++;
	}
	p->n_refine_values = dom_count(n, bb->ns, "refine-value");
	p->refine_values = arena_calloc(a, p->n_refine_values, sizeof(*p->refine_values));
	p->n_refine_rules = dom_count(n, bb->ns, "refine-rule");
	p->refine_rules = arena_calloc(a, p->n_refine_rules, sizeof(*p->refine_rules));
	if (!p->refine_values || !p->refine_rules)
		return cscap_err_oom();
	i = 0;
	DOM_FOREACH(c, n, bb->ns, "refine-value") {
		struct xccdf_refine_value *rv = &p->refine_values[i++];
		rv->idref = dom_attr(a, c, "idref");
		rv->selector = dom_attr(a, c, "selector");
		rv->operator_ = dom_attr(a, c, "operator");
		if (!rv->idref)
			return bad(bb, c, "refine-value without idref", "");
	}
	i = 0;
	DOM_FOREACH(c, n, bb->ns, "refine-rule") {
		struct xccdf_refine_rule *rr = &p->refine_rules[i++];
		rr->idref = dom_attr(a, c, "idref");
		rr->selector = dom_attr(a, c, "selector");
		rr->severity = dom_attr(a, c, "severity");
		rr->role = dom_attr(a, c, "role");
		rr->weight = dom_attr(a, c, "weight");
		if (!rr->idref)
			return bad(bb, c, "refine-rule without idref", "");
	}
	return 0;
}

static int cmp_item(const void *x, const void *y)
{
	return strcmp((*(struct xccdf_item *const *)x)->id, (*(struct xccdf_item *const *)y)->id);
}

int xccdf_benchmark_build(struct xccdf_benchmark **out, xmlNodePtr root)
{
	struct arena a;
	struct build bb = {0};
	struct xccdf_benchmark *b;
	int rc;

	*out = NULL;
	if (dom_is(root, XCCDF12_NS, "Benchmark"))
		bb.ns = XCCDF12_NS;
	else if (dom_is(root, XCCDF11_NS, "Benchmark"))
		bb.ns = XCCDF11_NS;
	else
		return cscap_err(CSCAP_EPARSE, "not an XCCDF 1.1 or 1.2 Benchmark");
	arena_init(&a);
	b = arena_alloc(&a, sizeof(*b));
	if (!b)
		return cscap_err_oom();
	b->arena = a;
	bb.b = b;
	bb.name = root->doc && root->doc->URL ? (const char *)root->doc->URL : "benchmark";
	b->node = root;
	b->ns = bb.ns;
	b->xccdf_version = strcmp(bb.ns, XCCDF12_NS) == 0 ? 12 : 11;
	b->id = dom_attr(&b->arena, root, "id");
	b->version = dom_child_text(&b->arena, root, bb.ns, "version");
	if ((rc = build_platforms(&bb, root, &b->platforms, &b->n_platforms)))
		goto fail;
	xmlNodePtr spec = dom_child(root, CPE_LANG_NS, "platform-specification");
	if (spec && (rc = cpe_platforms_build(&b->arena, spec, &b->cpe_platforms, &b->n_cpe_platforms, bb.name)))
		goto fail;
	b->title = dom_child_text(&b->arena, root, bb.ns, "title");
	if (!b->id) {
		rc = bad(&bb, root, "Benchmark without id", "");
		goto fail;
	}
	count_items(&bb, root, &b->n_items, &b->n_rules, &b->n_values);
	b->by_id = arena_calloc(&b->arena, b->n_items, sizeof(*b->by_id));
	b->rules = arena_calloc(&b->arena, b->n_rules, sizeof(*b->rules));
	b->values = arena_calloc(&b->arena, b->n_values, sizeof(*b->values));
	b->n_profiles = dom_count(root, bb.ns, "Profile");
	b->profiles = arena_calloc(&b->arena, b->n_profiles, sizeof(*b->profiles));
	if (!b->by_id || !b->rules || !b->values || !b->profiles) {
		rc = cscap_err_oom();
		goto fail;
	}
	size_t i = 0;
	DOM_FOREACH(p, root, bb.ns, "Profile")
		if ((rc = build_profile(&bb, p, &b->profiles[i++])))
			goto fail;
	if ((rc = build_children(&bb, root, NULL, &b->top, &b->n_top)))
		goto fail;
	qsort(b->by_id, b->n_items, sizeof(*b->by_id), cmp_item);
	for (size_t k = 1; k < b->n_items; k++)
		if (strcmp(b->by_id[k - 1]->id, b->by_id[k]->id) == 0) {
			rc = bad(&bb, b->by_id[k]->node, "duplicate item id", b->by_id[k]->id);
			goto fail;
		}
	/* Ids are unique across Groups, Rules, Values and Profiles alike. */
	for (size_t k = 0; k < b->n_values; k++) {
		bool dup = xccdf_benchmark_item(b, b->values[k].id) != NULL;
		for (size_t j = k + 1; j < b->n_values && !dup; j++)
			dup = strcmp(b->values[k].id, b->values[j].id) == 0;
		if (dup) {
			rc = bad(&bb, root, "duplicate id", b->values[k].id);
			goto fail;
		}
	}
	for (size_t k = 0; k < b->n_profiles; k++)
		if (xccdf_benchmark_item(b, b->profiles[k].id) || xccdf_benchmark_value(b, b->profiles[k].id)) {
			rc = bad(&bb, b->profiles[k].node, "duplicate id", b->profiles[k].id);
			goto fail;
		}
	for (size_t k = 0; k < b->n_profiles; k++)
		for (size_t j = k + 1; j < b->n_profiles; j++)
			if (strcmp(b->profiles[k].id, b->profiles[j].id) == 0) {
				rc = bad(&bb, b->profiles[j].node, "duplicate Profile id", b->profiles[j].id);
				goto fail;
			}
	*out = b;
	return 0;
fail:
	xccdf_benchmark_free(b);
	return rc;
}

int xccdf_tailoring_apply(struct xccdf_benchmark *b, xmlNodePtr tailoring, const char *name)
{
	struct build bb = {0};
	size_t n;
	int rc;

	if (!dom_is(tailoring, XCCDF12_NS, "Tailoring") && !dom_is(tailoring, XCCDF11_NS, "Tailoring"))
		return cscap_err(CSCAP_EPARSE, "%s: not an XCCDF Tailoring document", name);
	if (strcmp(dom_ns(tailoring), b->ns) != 0)
		return cscap_err(CSCAP_EINVALID, "%s: the tailoring's XCCDF version differs from the benchmark's", name);
	bb.b = b;
	bb.ns = b->ns;
	bb.name = name;
	n = dom_count(tailoring, bb.ns, "Profile");
	/* Tailoring profiles come first, so that one with a benchmark profile's id wins. */
	struct xccdf_profile *all = arena_calloc(&b->arena, n + b->n_profiles, sizeof(*all));
	if (!all)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(p, tailoring, bb.ns, "Profile") {
		if ((rc = build_profile(&bb, p, &all[i])))
			return rc;
		all[i++].from_tailoring = true;
	}
	for (size_t k = 0; k < i; k++)
		for (size_t j = k + 1; j < i; j++)
			if (strcmp(all[k].id, all[j].id) == 0)
				return bad(&bb, all[j].node, "duplicate Profile id", all[j].id);
	memcpy(all + n, b->profiles, b->n_profiles * sizeof(*all));
	b->profiles = all;
	b->n_profiles += n;
	return 0;
}
