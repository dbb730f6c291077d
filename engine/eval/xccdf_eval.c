#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "eval/xccdf_eval.h"
#include "model/oval_logic.h"
#include "plugins/plugins.h"

static const char *const result_names[XCCDF_RESULT_COUNT] = {
	"pass", "fail", "error", "unknown", "notapplicable", "notchecked", "notselected",
	"informational", "fixed"};

const char *xccdf_result_name(enum xccdf_result r)
{
	return (size_t)r < XCCDF_RESULT_COUNT ? result_names[r] : "error";
}

enum xccdf_result xccdf_result_from_oval(enum oval_result r, enum oval_class cls)
{
	/* For vulnerability and patch definitions "true" means the problem is present. */
	bool true_is_bad = cls == OVAL_CLASS_VULNERABILITY || cls == OVAL_CLASS_PATCH;

	switch (r) {
	case OVAL_RESULT_TRUE: return true_is_bad ? XCCDF_RESULT_FAIL : XCCDF_RESULT_PASS;
	case OVAL_RESULT_FALSE: return true_is_bad ? XCCDF_RESULT_PASS : XCCDF_RESULT_FAIL;
	case OVAL_RESULT_UNKNOWN: return XCCDF_RESULT_UNKNOWN;
	case OVAL_RESULT_ERROR: return XCCDF_RESULT_ERROR;
	case OVAL_RESULT_NOT_EVALUATED: return XCCDF_RESULT_NOTCHECKED;
	case OVAL_RESULT_NOT_APPLICABLE: return XCCDF_RESULT_NOTAPPLICABLE;
	}
	return XCCDF_RESULT_ERROR;
}

struct evaluation {
	struct scan *scan;
	const struct xccdf_benchmark *bench;
	bool *selected;               /* parallel to bench->by_id */
	const struct scan_options *opts;
	struct probe_session *probes;
	struct regex_cache *regexes;
};

static size_t item_index(const struct xccdf_benchmark *b, const struct xccdf_item *it)
{
	size_t lo = 0, hi = b->n_items;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(it->id, b->by_id[mid]->id);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (size_t)-1;
}

static int add_message(struct scan *s, struct xccdf_rule_result *rr, const char *severity,
		       const char *text)
{
	const char *copy = arena_strdup(&s->arena, text);

	if (!copy)
		return cscap_err_oom();
	/* Doubling keeps thousands of findings linear: the arena frees nothing. */
	if (rr->n_messages == rr->cap_messages) {
		size_t ncap = rr->cap_messages ? rr->cap_messages * 2 : 4;
		struct xccdf_message *grown = arena_calloc(&s->arena, ncap, sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		if (rr->n_messages)
			memcpy(grown, rr->messages, rr->n_messages * sizeof(*grown));
		rr->messages = grown;
		rr->cap_messages = ncap;
	}
	rr->messages[rr->n_messages].severity = severity;
	rr->messages[rr->n_messages].text = copy;
	rr->n_messages++;
	return 0;
}

/* refine-rule on a rule, or on every rule below a group. */
static int refine(struct evaluation *ev, const struct xccdf_item *it, const struct xccdf_refine_rule *rf)
{
	if (it->kind == XCCDF_ITEM_GROUP) {
		for (size_t i = 0; i < it->n_children; i++) {
			int rc = refine(ev, it->children[i], rf);
			if (rc)
				return rc;
		}
		return 0;
	}
	struct xccdf_rule_result *rr = &ev->scan->rules[it->rule_index];
	if (rf->selector)
		rr->check_selector = rf->selector;
	if (rf->severity && xccdf_severity_parse(rf->severity, &rr->severity) != 0)
		return cscap_err(CSCAP_EINVALID, "refine-rule %s: unknown severity '%s'", rf->idref, rf->severity);
	if (rf->role && xccdf_role_parse(rf->role, &rr->role) != 0)
		return cscap_err(CSCAP_EINVALID, "refine-rule %s: unknown role '%s'", rf->idref, rf->role);
	if (rf->weight) {
		char *end;
		double w = strtod(rf->weight, &end);
		if (*end || w < 0)
			return cscap_err(CSCAP_EINVALID, "refine-rule %s: bad weight '%s'", rf->idref, rf->weight);
		rr->weight = w;
	}
	return 0;
}

/* A Value takes the choice selector names (a cluster's Values may lack it: they keep theirs). */
static int choose_value(struct evaluation *ev, const struct xccdf_value *v, const char *selector,
			bool must_have)
{
	for (size_t i = 0; i < v->n_choices; i++)
		if (strcmp(v->choices[i].selector, selector) == 0) {
			ev->scan->values[v - ev->bench->values].value = v->choices[i].value;
			return 0;
		}
	if (must_have)
		return cscap_err(CSCAP_ENOTFOUND, "Value %s has no choice with selector '%s'", v->id, selector);
	return 0;
}

/* refine-value: the Value (or every Value of the cluster) takes the choice its selector names. */
static int refine_value(struct evaluation *ev, const struct xccdf_refine_value *rv)
{
	const struct xccdf_benchmark *b = ev->bench;
	const struct xccdf_value *v = xccdf_benchmark_value(b, rv->idref);
	bool any = v != NULL;
	int rc = 0;

	if (v && rv->selector)
		return choose_value(ev, v, rv->selector, true);
	for (size_t i = 0; !v && i < b->n_values && rc == 0; i++)
		if (b->values[i].cluster_id && strcmp(b->values[i].cluster_id, rv->idref) == 0) {
			any = true;
			if (rv->selector)
				rc = choose_value(ev, &b->values[i], rv->selector, false);
		}
	if (!any)
		return cscap_err(CSCAP_ENOTFOUND, "refine-value names a missing Value %s", rv->idref);
	return rc;
}

/* Apply a profile and the profiles it extends (base first). */
static int apply_profile(struct evaluation *ev, const struct xccdf_profile *p, int depth)
{
	const struct xccdf_benchmark *b = ev->bench;

	if (depth > 32)
		return cscap_err(CSCAP_EINVALID, "profile %s: 'extends' chain too long or circular", p->id);
	if (p->extends) {
		const struct xccdf_profile *base = xccdf_benchmark_profile(b, p->extends);
		if (!base)
			return cscap_err(CSCAP_ENOTFOUND, "profile %s extends missing profile %s", p->id,
					 p->extends);
		int rc = apply_profile(ev, base, depth + 1);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < p->n_selects; i++) {
		const struct xccdf_item *it = xccdf_benchmark_item(b, p->selects[i].idref);
		if (it) {
			ev->selected[item_index(b, it)] = p->selects[i].selected;
			continue;
		}
		/* Not an item's id: a cluster-id names every Rule and Group that carries it. */
		for (size_t k = 0; k < b->n_items; k++)
			if (b->by_id[k]->cluster_id && strcmp(b->by_id[k]->cluster_id, p->selects[i].idref) == 0)
				ev->selected[k] = p->selects[i].selected;
	}
	int rc;
	for (size_t i = 0; i < p->n_refine_values; i++)
		if ((rc = refine_value(ev, &p->refine_values[i])))
			return rc;
	for (size_t i = 0; i < p->n_set_values; i++) {
		const struct xccdf_value *v = p->set_values[i].idref ? xccdf_benchmark_value(b, p->set_values[i].idref) : NULL;
		if (!v)
			return cscap_err(CSCAP_ENOTFOUND, "profile %s: set-value names a missing Value %s", p->id,
					 p->set_values[i].idref ? p->set_values[i].idref : "(none)");
		ev->scan->values[v - b->values].value = p->set_values[i].value;
	}
	for (size_t i = 0; i < p->n_refine_rules; i++) {
		const struct xccdf_item *it = xccdf_benchmark_item(b, p->refine_rules[i].idref);
		if (it && (rc = refine(ev, it, &p->refine_rules[i])))
			return rc;
		for (size_t k = 0; !it && k < b->n_items; k++)
			if (b->by_id[k]->cluster_id && strcmp(b->by_id[k]->cluster_id, p->refine_rules[i].idref) == 0 &&
			    (rc = refine(ev, b->by_id[k], &p->refine_rules[i])))
				return rc;
	}
	return 0;
}

static bool item_is_selected(const struct evaluation *ev, const char *id)
{
	const struct xccdf_item *it = xccdf_benchmark_item(ev->bench, id);

	return it && ev->selected[item_index(ev->bench, it)];
}

/*
 * XCCDF 1.2's requires/conflicts, in document order, once: a selected item
 * whose requirements are not met is deselected; a deselected Group's content
 * is not processed (its items keep their own selection).  Names refer to the
 * items' selection at that moment, so order matters, as the specification says.
 */
static void apply_requirements(struct evaluation *ev, struct xccdf_item *const *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct xccdf_item *it = items[i];
		bool *selected = &ev->selected[item_index(ev->bench, it)];
		if (!*selected)
			continue;
		for (size_t r = 0; r < it->n_requires && *selected; r++) {
			bool any = false;
			for (size_t k = 0; k < it->requires[r].n_idrefs && !any; k++)
				any = item_is_selected(ev, it->requires[r].idrefs[k]);
			*selected = any;
		}
		for (size_t c = 0; c < it->n_conflicts && *selected; c++)
			*selected = !item_is_selected(ev, it->conflicts[c]);
		if (*selected && it->kind == XCCDF_ITEM_GROUP)
			apply_requirements(ev, it->children, it->n_children);
	}
}

static bool listed(const char *const *ids, const char *id)
{
	for (size_t i = 0; ids && ids[i]; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static bool rule_selected(const struct evaluation *ev, const struct xccdf_item *rule)
{
	if (ev->opts->only_rules && !listed(ev->opts->only_rules, rule->id))
		return false;
	if (listed(ev->opts->skip_rules, rule->id))
		return false;
	for (const struct xccdf_item *it = rule; it; it = it->parent)
		if (!ev->selected[item_index(ev->bench, it)])
			return false;
	return true;
}

/* A line of evidence for one item: its first entities, name=value. */
static const char *describe_item(struct arena *a, const struct oval_item *item)
{
	char buf[1024];
	size_t len = 0;

	len += (size_t)snprintf(buf, sizeof(buf), "%s", item->type);
	for (size_t i = 0; i < item->n_entities && i < 10 && len < sizeof(buf); i++) {
		const struct oval_item_entity *e = &item->entities[i];
		const char *value = e->status != OVAL_STATUS_EXISTS ? oval_status_name(e->status)
				    : *e->value ? e->value : "(empty)";
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s %s=%s", i ? "," : ":",
					e->name, value);
	}
	return arena_strdup(a, buf);
}

/* Evidence: the messages of every object the definition looked at, and the
 * items that decided a failing or erroneous verdict. */
static int add_evidence(struct evaluation *ev, struct xccdf_rule_result *rr, const struct oval_run *run,
			const struct oval_criteria_node *n)
{
	int rc = 0;

	if (n->kind == OVAL_NODE_CRITERIA) {
		for (size_t i = 0; rc == 0 && i < n->n_children; i++)
			rc = add_evidence(ev, rr, run, &n->children[i]);
		return rc;
	}
	if (n->kind == OVAL_NODE_EXTEND_DEFINITION)
		return n->definition->criteria ? add_evidence(ev, rr, run, n->definition->criteria) : 0;

	const struct oval_test *t = n->test;
	const struct oval_test_result *tr = oval_run_test_result(run, t);
	const struct oval_collected *col = &run->sc.objects[t->object - run->doc->objects];
	for (size_t i = 0; rc == 0 && i < col->n_messages; i++)
		rc = add_message(ev->scan, rr, oval_message_level_name(col->messages[i].level),
				 col->messages[i].text);
	if (rr->result != XCCDF_RESULT_FAIL && rr->result != XCCDF_RESULT_ERROR &&
	    rr->result != XCCDF_RESULT_UNKNOWN)
		return rc;
	for (size_t i = 0; rc == 0 && tr->done && i < tr->n_items; i++) {
		enum oval_result r = tr->items[i].result;
		/* Under "none satisfy" it is the items that do satisfy that are the finding. */
		bool finding = (t->check == OVAL_CHECK_NONE_SATISFY || t->check == OVAL_CHECK_NONE_EXIST)
				       ? r == OVAL_RESULT_TRUE
				       : r != OVAL_RESULT_TRUE && r != OVAL_RESULT_NOT_EVALUATED;
		if (!finding)
			continue;
		const char *line = describe_item(&ev->scan->arena, tr->items[i].item);
		char text[1200];
		if (!line)
			return cscap_err_oom();
		snprintf(text, sizeof(text), "%s (%s)", line, oval_result_name(r));
		rc = add_message(ev->scan, rr, r == OVAL_RESULT_FALSE || r == OVAL_RESULT_TRUE ? "warning" : "error",
				 text);
	}
	return rc;
}

static int run_definition(struct evaluation *ev, const struct oval_document *doc, const struct oval_definition *def,
			  enum xccdf_result *out)
{
	struct oval_run *run = &ev->scan->ovals[content_oval_index(ev->scan->content, doc)];
	enum oval_result r;
	int rc = oval_run_definition(run, def, &r);

	if (rc)
		return rc;
	*out = xccdf_result_from_oval(r, def->class_);
	return 0;
}

/* "AND" over several XCCDF results, for a check-content-ref without a name. */
static enum xccdf_result combine(enum xccdf_result a, enum xccdf_result b)
{
	static const enum xccdf_result order[] = {XCCDF_RESULT_FAIL, XCCDF_RESULT_ERROR,
						  XCCDF_RESULT_UNKNOWN, XCCDF_RESULT_NOTCHECKED,
						  XCCDF_RESULT_NOTAPPLICABLE, XCCDF_RESULT_PASS};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a;
}

static enum xccdf_result negate_result(enum xccdf_result r)
{
	return r == XCCDF_RESULT_PASS ? XCCDF_RESULT_FAIL : r == XCCDF_RESULT_FAIL ? XCCDF_RESULT_PASS : r;
}

/* check-export: the rule's XCCDF Values become the OVAL document's external variables. */
static int bind_exports(struct evaluation *ev, struct xccdf_rule_result *rr,
			const struct xccdf_check *ck, const struct oval_document *doc)
{
	struct oval_run *run = &ev->scan->ovals[content_oval_index(ev->scan->content, doc)];
	char text[512];

	for (size_t i = 0; i < ck->n_exports; i++) {
		const struct xccdf_check_export *ex = &ck->exports[i];
		const char **value = NULL;
		for (size_t v = 0; v < ev->scan->n_values && !value; v++)
			if (ex->value_id && strcmp(ev->scan->values[v].id, ex->value_id) == 0)
				value = &ev->scan->values[v].value;
		if (!value || !ex->export_name) {
			snprintf(text, sizeof(text), "check-export names a missing Value %s",
				 ex->value_id ? ex->value_id : "(none)");
			rr->result = XCCDF_RESULT_ERROR;
			return add_message(ev->scan, rr, "error", text) ? CSCAP_ENOMEM : 1;
		}
		if (oval_run_bind(run, ex->export_name, value, 1) != 0) {
			if (cscap_error_last_code() == CSCAP_ENOMEM)
				return CSCAP_ENOMEM;
			rr->result = XCCDF_RESULT_ERROR;
			return add_message(ev->scan, rr, "error", cscap_error_last()) ? CSCAP_ENOMEM : 1;
		}
	}
	return 0;
}

/* A result of its own for one definition of a multi-check: the rule's
 * attributes, and the first n_shared messages of the rule (what was said
 * before the check ran, such as a platform that could not be checked). */
static int part_init(struct evaluation *ev, struct xccdf_rule_result *part, const struct xccdf_rule_result *rr,
		     size_t n_shared, const struct oval_definition *def)
{
	int rc = 0;

	*part = *rr;
	part->messages = NULL;
	part->n_messages = part->cap_messages = 0;
	part->definition_id = def->id;
	for (size_t i = 0; rc == 0 && i < n_shared; i++)
		rc = add_message(ev->scan, part, rr->messages[i].severity, rr->messages[i].text);
	return rc;
}

/*
 * multi-check with a nameless check-content-ref: each definition is a result
 * of its own, with its own evidence (negated when the check is).  The rule's
 * own result is their AND, and its messages give each definition's result
 * and evidence, for the outputs that show one verdict per rule.
 */
static int evaluate_multi(struct evaluation *ev, struct xccdf_rule_result *rr, const struct xccdf_check *ck,
			  const struct oval_document *doc)
{
	const struct oval_run *run = &ev->scan->ovals[content_oval_index(ev->scan->content, doc)];
	struct xccdf_rule_result *parts = arena_calloc(&ev->scan->arena, doc->n_definitions, sizeof(*parts));
	size_t n_shared = rr->n_messages;
	char text[512];
	int rc = 0;

	if (!parts)
		return cscap_err_oom();
	for (size_t d = 0; d < doc->n_definitions; d++) {
		const struct oval_definition *def = &doc->definitions[d];
		struct xccdf_rule_result *part = &parts[d];
		if ((rc = part_init(ev, part, rr, n_shared, def)) ||
		    (rc = run_definition(ev, doc, def, &part->result)))
			return rc;
		/* Evidence follows the definition's own verdict, as for a named definition. */
		if (def->criteria && (rc = add_evidence(ev, part, run, def->criteria)))
			return rc;
		if (ck->negate)
			part->result = negate_result(part->result);
		rr->result = d == 0 ? part->result : combine(rr->result, part->result);
		snprintf(text, sizeof(text), "%s: %s", def->id, xccdf_result_name(part->result));
		rc = add_message(ev->scan, rr, "info", text);
		for (size_t i = n_shared; rc == 0 && i < part->n_messages; i++)
			rc = add_message(ev->scan, rr, part->messages[i].severity, part->messages[i].text);
		if (rc)
			return rc;
	}
	rr->parts = parts;
	rr->n_parts = doc->n_definitions;
	return 0;
}

/* multi: the rule's own check, where multi-check applies (not inside a complex-check). */
static int evaluate_oval_check(struct evaluation *ev, struct xccdf_rule_result *rr,
			       const struct xccdf_check *ck, bool multi)
{
	char text[512];
	int rc;

	for (size_t i = 0; i < ck->n_refs; i++) {
		const struct xccdf_check_ref *ref = &ck->refs[i];
		const struct oval_document *doc = content_oval_for_href(ev->scan->content, ref->href);
		enum xccdf_result res = XCCDF_RESULT_PASS;

		if (!doc)
			continue;
		rr->check = ck;
		rr->oval = doc;
		if ((rc = bind_exports(ev, rr, ck, doc)))
			return rc < 0 ? rc : 0;
		if (ref->name) {
			const struct oval_definition *def = oval_document_definition(doc, ref->name);
			if (!def) {
				rr->result = XCCDF_RESULT_ERROR;
				snprintf(text, sizeof(text), "OVAL definition %s not found in %s", ref->name,
					 ref->href);
				return add_message(ev->scan, rr, "error", text);
			}
			rr->definition_id = def->id;
			if ((rc = run_definition(ev, doc, def, &res)))
				return rc;
			rr->result = res;
			if (def->criteria && (rc = add_evidence(ev, rr, &ev->scan->ovals[content_oval_index(ev->scan->content, doc)], def->criteria)))
				return rc;
		} else if (multi && ck->multi_check && doc->n_definitions) {
			return evaluate_multi(ev, rr, ck, doc);
		} else {
			/* No name: every definition of the document must hold. */
			for (size_t d = 0; d < doc->n_definitions; d++) {
				enum xccdf_result one;
				if ((rc = run_definition(ev, doc, &doc->definitions[d], &one)))
					return rc;
				res = d == 0 ? one : combine(res, one);
			}
			rr->result = doc->n_definitions ? res : XCCDF_RESULT_UNKNOWN;
		}
		if (ck->negate)
			rr->result = negate_result(rr->result);
		return 0;
	}
	const char *remote = ck->n_refs ? content_remote_for_href(ev->scan->content, ck->refs[0].href) : NULL;
	if (remote) {
		/* Not fetched (like OpenSCAP without --fetch-remote-resources), or the fetch failed: not checked. */
		const char *why = content_remote_why(ev->scan->content, ck->refs[0].href);
		rr->result = XCCDF_RESULT_NOTCHECKED;
		if (why) /* --fetch-remote-resources, and the fetch failed: still never a pass */
			snprintf(text, sizeof(text), "the OVAL document %s is the remote resource %s, which could not be fetched: %s",
				 ck->refs[0].href, remote, why);
		else if (strcmp(remote, ck->refs[0].href) == 0)
			snprintf(text, sizeof(text), "the OVAL document %s is remote, and cscap does not fetch remote resources",
				 remote);
		else
			snprintf(text, sizeof(text), "the OVAL document %s is the remote resource %s, which cscap does not fetch without --fetch-remote-resources",
				 ck->refs[0].href, remote);
		return add_message(ev->scan, rr, "warning", text);
	}
	rr->result = XCCDF_RESULT_ERROR;
	snprintf(text, sizeof(text), "no OVAL document named by the check (first href: %s)",
		 ck->n_refs ? ck->refs[0].href : "none");
	return add_message(ev->scan, rr, "error", text);
}

/* Plugin engines report XCCDF results in the public numbering. */
_Static_assert(CSCAP_CHECK_PASS == (int)XCCDF_RESULT_PASS && CSCAP_CHECK_FAIL == (int)XCCDF_RESULT_FAIL &&
	       CSCAP_CHECK_ERROR == (int)XCCDF_RESULT_ERROR && CSCAP_CHECK_UNKNOWN == (int)XCCDF_RESULT_UNKNOWN &&
	       CSCAP_CHECK_NOTAPPLICABLE == (int)XCCDF_RESULT_NOTAPPLICABLE &&
	       CSCAP_CHECK_NOTCHECKED == (int)XCCDF_RESULT_NOTCHECKED &&
	       CSCAP_CHECK_INFORMATIONAL == (int)XCCDF_RESULT_INFORMATIONAL, "cscap_check_result numbering");

struct plugin_message_ctx {
	struct scan *scan;
	struct xccdf_rule_result *rr;
};

static int add_plugin_message(void *ctx, cscap_level level, const char *text)
{
	struct plugin_message_ctx *m = ctx;
	static const char *const names[] = {"info", "warning", "error"};

	return add_message(m->scan, m->rr, names[level <= CSCAP_LEVEL_ERROR ? level : CSCAP_LEVEL_ERROR], text);
}

/* A check system a plugin registered: the engine gets the refs and the exported Values. */
static int evaluate_plugin_check(struct evaluation *ev, struct xccdf_rule_result *rr,
				 const struct xccdf_check *ck, const struct plugin_check_engine *engine)
{
	cscap_check_ref *refs = calloc(ck->n_refs ? ck->n_refs : 1, sizeof(*refs));
	cscap_check_export *exports = calloc(ck->n_exports ? ck->n_exports : 1, sizeof(*exports));
	struct plugin_message_ctx m = {ev->scan, rr};
	char text[512];
	int result, rc;

	if (!refs || !exports) {
		free(refs);
		free(exports);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < ck->n_refs; i++)
		refs[i] = (cscap_check_ref){ck->refs[i].href, ck->refs[i].name};
	for (size_t i = 0; i < ck->n_exports; i++) {
		const struct xccdf_check_export *ex = &ck->exports[i];
		const char *value = NULL;
		for (size_t v = 0; v < ev->scan->n_values && !value; v++)
			if (ex->value_id && strcmp(ev->scan->values[v].id, ex->value_id) == 0)
				value = ev->scan->values[v].value ? ev->scan->values[v].value : "";
		if (!value || !ex->export_name) {
			free(refs);
			free(exports);
			rr->result = XCCDF_RESULT_ERROR;
			snprintf(text, sizeof(text), "check-export names a missing Value %s",
				 ex->value_id ? ex->value_id : "(none)");
			return add_message(ev->scan, rr, "error", text);
		}
		exports[i] = (cscap_check_export){ex->export_name, value};
	}
	cscap_check_request req = {ck->system, rr->rule->id, ev->scan->content->path, refs, ck->n_refs,
				   exports, ck->n_exports};
	rr->check = ck;
	rr->oval = NULL;
	rr->definition_id = ck->n_refs ? ck->refs[0].name : NULL;
	rc = plugin_check_evaluate(engine, &req, &result, add_plugin_message, &m);
	free(refs);
	free(exports);
	if (rc)
		return rc;
	rr->result = (enum xccdf_result)result;
	if (ck->negate)
		rr->result = negate_result(rr->result);
	return 0;
}

/* The built-in OVAL system first, then the session's plugin engines. */
static bool supported(const struct evaluation *ev, const struct xccdf_check *ck)
{
	return strcmp(ck->system, XCCDF_SYSTEM_OVAL) == 0 ||
	       plugin_registry_check_engine(ev->opts->plugins, ck->system);
}

/* multi: ck is the rule's own check, not one inside a complex-check (where multi-check is ignored). */
static int run_check(struct evaluation *ev, struct xccdf_rule_result *rr, const struct xccdf_check *ck,
		     bool multi)
{
	const struct plugin_check_engine *engine;

	if (strcmp(ck->system, XCCDF_SYSTEM_OVAL) != 0 &&
	    (engine = plugin_registry_check_engine(ev->opts->plugins, ck->system)))
		return evaluate_plugin_check(ev, rr, ck, engine);
	return evaluate_oval_check(ev, rr, ck, multi);
}

static bool same_selector(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Among the alternatives with the wanted selector, the first whose system cscap runs. */
static const struct xccdf_check *pick_check(const struct evaluation *ev, const struct xccdf_check *checks,
					    size_t n, const char *selector, bool *any)
{
	*any = false;
	for (size_t i = 0; i < n; i++) {
		if (!same_selector(checks[i].selector, selector))
			continue;
		*any = true;
		if (supported(ev, &checks[i]))
			return &checks[i];
	}
	return NULL;
}

static int run_one_check(struct evaluation *ev, struct xccdf_rule_result *rr,
			 const struct xccdf_check *ck, enum xccdf_result *out)
{
	char text[512];
	int rc;

	if (!supported(ev, ck)) {
		/* Manual checks (DISA's "M"), OCIL and unknown systems: nothing cscap can run. */
		*out = XCCDF_RESULT_NOTCHECKED;
		snprintf(text, sizeof(text), "check system %s is not supported by cscap", ck->system);
		return add_message(ev->scan, rr, "info", text);
	}
	if ((rc = run_check(ev, rr, ck, false)))
		return rc;
	*out = rr->result;
	return 0;
}

/* XCCDF's AND and OR over check results (the specification's truth tables). */
static enum xccdf_result combine_checks(bool is_or, const enum xccdf_result *r, size_t n)
{
	static const enum xccdf_result and_order[] = {XCCDF_RESULT_FAIL, XCCDF_RESULT_ERROR, XCCDF_RESULT_UNKNOWN,
						      XCCDF_RESULT_NOTCHECKED, XCCDF_RESULT_PASS};
	static const enum xccdf_result or_order[] = {XCCDF_RESULT_PASS, XCCDF_RESULT_ERROR, XCCDF_RESULT_UNKNOWN,
						     XCCDF_RESULT_NOTCHECKED, XCCDF_RESULT_FAIL};
	const enum xccdf_result *order = is_or ? or_order : and_order;

	for (size_t k = 0; k < 5; k++)
		for (size_t i = 0; i < n; i++)
			if (r[i] == order[k])
				return order[k];
	return XCCDF_RESULT_NOTAPPLICABLE; /* nothing but not-applicable parts */
}

static int run_complex(struct evaluation *ev, struct xccdf_rule_result *rr,
		       const struct xccdf_complex_check *cc, enum xccdf_result *out)
{
	size_t n = cc->n_checks + cc->n_children, k = 0;
	enum xccdf_result *parts = calloc(n ? n : 1, sizeof(*parts));
	int rc = 0;

	if (!parts)
		return cscap_err_oom();
	for (size_t i = 0; rc == 0 && i < cc->n_checks; i++)
		rc = run_one_check(ev, rr, &cc->checks[i], &parts[k++]);
	for (size_t i = 0; rc == 0 && i < cc->n_children; i++)
		rc = run_complex(ev, rr, &cc->children[i], &parts[k++]);
	if (rc == 0)
		*out = n ? combine_checks(cc->is_or, parts, n) : XCCDF_RESULT_UNKNOWN;
	free(parts);
	if (rc == 0 && cc->negate)
		*out = negate_result(*out);
	return rc;
}

/* CPE applicability --------------------------------------------------------- */

/* Is the target the platform a CPE check describes?  TRUE, FALSE, or anything else for "cannot tell". */
static int cpe_check_result(struct evaluation *ev, const struct cpe_check *ck, enum oval_result *out)
{
	const struct oval_document *doc = content_oval_for_href(ev->scan->content, ck->href);
	const struct oval_definition *def;

	*out = OVAL_RESULT_UNKNOWN;
	if (strcmp(ck->system, XCCDF_SYSTEM_OVAL) != 0 || !doc || !(def = oval_document_definition(doc, ck->id)))
		return 0;
	return oval_run_definition(&ev->scan->ovals[content_oval_index(ev->scan->content, doc)], def, out);
}

static int cpe_name_result(struct evaluation *ev, const char *name, enum oval_result *out)
{
	*out = OVAL_RESULT_UNKNOWN;
	for (size_t i = 0; i < ev->scan->content->n_cpe_dictionaries; i++) {
		const struct cpe_item *item = cpe_dictionary_item(ev->scan->content->cpe_dictionaries[i], name);
		if (item && item->has_check)
			return cpe_check_result(ev, &item->check, out);
	}
	return 0;
}

static int logical_test(struct evaluation *ev, const struct cpe_logical_test *t, enum oval_result *out)
{
	struct oval_result_counts c = {0};
	enum oval_result r;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < t->n_fact_names; i++)
		if ((rc = cpe_name_result(ev, t->fact_names[i], &r)) == 0)
			oval_counts_add(&c, r);
	for (size_t i = 0; rc == 0 && i < t->n_check_facts; i++)
		if ((rc = cpe_check_result(ev, &t->check_facts[i], &r)) == 0)
			oval_counts_add(&c, r);
	for (size_t i = 0; rc == 0 && i < t->n_children; i++)
		if ((rc = logical_test(ev, &t->children[i], &r)) == 0)
			oval_counts_add(&c, r);
	r = oval_operator_apply(t->is_or ? OVAL_OPERATOR_OR : OVAL_OPERATOR_AND, &c);
	*out = t->negate ? oval_negate(r) : r;
	return rc;
}

static int platform_result(struct evaluation *ev, const char *idref, enum oval_result *out)
{
	if (idref[0] != '#')
		return cpe_name_result(ev, idref, out);
	for (size_t i = 0; i < ev->bench->n_cpe_platforms; i++)
		if (strcmp(ev->bench->cpe_platforms[i].id, idref + 1) == 0)
			return logical_test(ev, &ev->bench->cpe_platforms[i].test, out);
	*out = OVAL_RESULT_UNKNOWN;
	return 0;
}

/*
 * An item applies when, at its own level and at every level above it, at
 * least one listed platform applies.  A platform that cannot be checked does
 * not make a rule inapplicable: the rule is evaluated and the message says so.
 */
static int level_applies(struct evaluation *ev, struct xccdf_rule_result *rr, const char **platforms,
			 size_t n, bool *applies)
{
	bool unsure = false;
	char text[512];

	*applies = n == 0;
	for (size_t i = 0; i < n && !*applies; i++) {
		enum oval_result r;
		int rc = platform_result(ev, platforms[i], &r);
		if (rc)
			return rc;
		if (r == OVAL_RESULT_TRUE)
			*applies = true;
		else if (r != OVAL_RESULT_FALSE)
			unsure = true;
	}
	if (!*applies && unsure) {
		snprintf(text, sizeof(text), "platform %s could not be checked; the rule is evaluated anyway",
			 platforms[0]);
		*applies = true;
		return add_message(ev->scan, rr, "warning", text);
	}
	return 0;
}

static int rule_applies(struct evaluation *ev, struct xccdf_rule_result *rr, bool *applies)
{
	int rc = level_applies(ev, rr, ev->bench->platforms, ev->bench->n_platforms, applies);

	for (const struct xccdf_item *it = rr->rule; rc == 0 && *applies && it; it = it->parent)
		rc = level_applies(ev, rr, it->platforms, it->n_platforms, applies);
	return rc;
}

static int evaluate_rule(struct evaluation *ev, struct xccdf_rule_result *rr)
{
	const struct xccdf_item *rule = rr->rule;
	bool applies, any;
	int rc;

	if (!rule_selected(ev, rule)) {
		rr->result = XCCDF_RESULT_NOTSELECTED;
		return 0;
	}
	if ((rc = rule_applies(ev, rr, &applies)))
		return rc;
	if (!applies) {
		rr->result = XCCDF_RESULT_NOTAPPLICABLE;
		return add_message(ev->scan, rr, "info", "the target is not a platform this rule applies to");
	}
	if (rr->role == XCCDF_ROLE_UNCHECKED) {
		rr->result = XCCDF_RESULT_NOTCHECKED;
		return 0;
	}
	if (rule->complex_check) {
		enum xccdf_result r;
		if ((rc = run_complex(ev, rr, rule->complex_check, &r)))
			return rc;
		rr->result = r;
		/* Several checks stand behind the result: none is named alone. */
		rr->check = NULL;
		rr->definition_id = NULL;
		return 0;
	}
	const struct xccdf_check *ck = pick_check(ev, rule->checks, rule->n_checks, rr->check_selector, &any);
	if (ck)
		return run_check(ev, rr, ck, true);
	rr->result = XCCDF_RESULT_NOTCHECKED;
	if (any || rule->n_checks) {
		const struct xccdf_check *first = &rule->checks[0];
		for (size_t i = 0; i < rule->n_checks; i++)
			if (same_selector(rule->checks[i].selector, rr->check_selector)) {
				first = &rule->checks[i];
				break;
			}
		enum xccdf_result r;
		return run_one_check(ev, rr, first, &r);
	}
	return add_message(ev->scan, rr, "info", "the rule has no check");
}

/* Scores: XCCDF 1.2 section 7.3 models. */
struct tally {
	double score, weight_sum;
	size_t count;
};

/* A rule's weight as refined by the profile; a group's as written. */
static double item_weight(const struct evaluation *ev, const struct xccdf_item *it)
{
	return it->kind == XCCDF_ITEM_RULE ? ev->scan->rules[it->rule_index].weight : it->weight;
}

static struct tally score_default(const struct evaluation *ev, const struct xccdf_item *it)
{
	struct tally t = {0};

	if (it->kind == XCCDF_ITEM_RULE) {
		const struct xccdf_rule_result *rr = &ev->scan->rules[it->rule_index];
		if (rr->role == XCCDF_ROLE_UNSCORED)
			return t;
		switch (rr->result) {
		case XCCDF_RESULT_PASS: case XCCDF_RESULT_FIXED:
			t.score = 100;
			t.count = 1;
			break;
		case XCCDF_RESULT_FAIL: case XCCDF_RESULT_ERROR: case XCCDF_RESULT_UNKNOWN:
			t.count = 1;
			break;
		default:
			break;
		}
		return t;
	}
	double sum = 0, wsum = 0;
	for (size_t i = 0; i < it->n_children; i++) {
		struct tally c = score_default(ev, it->children[i]);
		double w = item_weight(ev, it->children[i]);
		if (c.count == 0)
			continue;
		t.count++;
		sum += c.score * w;
		wsum += w;
	}
	t.score = wsum > 0 ? sum / wsum : 0;
	return t;
}

static void compute_scores(struct evaluation *ev)
{
	struct scan *s = ev->scan;
	double sum = 0, wsum = 0, flat = 0, flat_max = 0, unweighted = 0, unweighted_max = 0;
	bool all_pass = true;

	for (size_t i = 0; i < ev->bench->n_top; i++) {
		struct tally c = score_default(ev, ev->bench->top[i]);
		double w = item_weight(ev, ev->bench->top[i]);
		if (c.count == 0)
			continue;
		sum += c.score * w;
		wsum += w;
	}
	for (size_t i = 0; i < s->n_rules; i++) {
		const struct xccdf_rule_result *rr = &s->rules[i];
		if (rr->role == XCCDF_ROLE_UNSCORED)
			continue;
		bool pass = rr->result == XCCDF_RESULT_PASS || rr->result == XCCDF_RESULT_FIXED;
		bool counted = pass || rr->result == XCCDF_RESULT_FAIL ||
			       rr->result == XCCDF_RESULT_ERROR || rr->result == XCCDF_RESULT_UNKNOWN;
		if (!counted)
			continue;
		flat_max += rr->weight;
		unweighted_max += 1;
		if (pass) {
			flat += rr->weight;
			unweighted += 1;
		} else {
			all_pass = false;
		}
	}
	s->scores[0] = (struct xccdf_score){"urn:xccdf:scoring:default", wsum > 0 ? sum / wsum : 0, 100};
	s->scores[1] = (struct xccdf_score){"urn:xccdf:scoring:flat", flat, flat_max};
	s->scores[2] = (struct xccdf_score){"urn:xccdf:scoring:flat-unweighted", unweighted, unweighted_max};
	s->scores[3] = (struct xccdf_score){"urn:xccdf:scoring:absolute", all_pass ? 1 : 0, 1};
	s->n_scores = 4;
}

static int scan_new(struct scan **out, const struct content *c, const struct scan_options *opts,
		    struct probe_session *probes, struct regex_cache *regexes)
{
	struct arena a;
	struct scan *s;

	arena_init(&a);
	s = arena_alloc(&a, sizeof(*s));
	if (!s)
		return cscap_err_oom();
	s->arena = a;
	s->content = c;
	s->start_time = opts->fixed_time ? opts->now : time(NULL);
	s->ovals = calloc(c->n_ovals ? c->n_ovals : 1, sizeof(*s->ovals));
	if (!s->ovals) {
		scan_free(s);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < c->n_ovals; i++) {
		int rc = oval_run_init(&s->ovals[i], c->ovals[i], probes, regexes);
		if (rc) {
			scan_free(s);
			return rc;
		}
		s->n_ovals++;
	}
	*out = s;
	return 0;
}

int scan_run(struct scan **out, const struct content *c, const struct scan_options *opts,
	     struct probe_session *probes, struct regex_cache *regexes)
{
	struct evaluation ev = {0};
	const struct xccdf_benchmark *b = c->benchmark;
	int rc;

	*out = NULL;
	if (!b)
		return cscap_err(CSCAP_EUSAGE, "%s: no XCCDF benchmark to evaluate", c->path);
	const struct xccdf_profile *profile = NULL;
	if (opts->profile_id && !(profile = xccdf_benchmark_profile(b, opts->profile_id)))
		return cscap_err(CSCAP_ENOTFOUND, "%s: no profile '%s' (see `cscap info`)", c->path,
				 opts->profile_id);
	for (size_t i = 0; opts->only_rules && opts->only_rules[i]; i++) {
		const struct xccdf_item *it = xccdf_benchmark_item(b, opts->only_rules[i]);
		if (!it || it->kind != XCCDF_ITEM_RULE)
			return cscap_err(CSCAP_ENOTFOUND, "%s: no rule '%s'", c->path, opts->only_rules[i]);
	}
	if ((rc = scan_new(&ev.scan, c, opts, probes, regexes)))
		return rc;
	ev.bench = b;
	ev.opts = opts;
	ev.probes = probes;
	ev.regexes = regexes;
	ev.scan->profile = profile;
	ev.selected = calloc(b->n_items ? b->n_items : 1, sizeof(*ev.selected));
	ev.scan->values = arena_calloc(&ev.scan->arena, b->n_values ? b->n_values : 1,
				       sizeof(*ev.scan->values));
	ev.scan->rules = arena_calloc(&ev.scan->arena, b->n_rules ? b->n_rules : 1,
				      sizeof(*ev.scan->rules));
	if (!ev.selected || !ev.scan->values || !ev.scan->rules) {
		rc = cscap_err_oom();
		goto out;
	}
	for (size_t i = 0; i < b->n_items; i++)
		ev.selected[i] = b->by_id[i]->selected;
	for (size_t i = 0; i < b->n_values; i++) {
		ev.scan->values[i].id = b->values[i].id;
		ev.scan->values[i].value = b->values[i].value;
	}
	ev.scan->n_values = b->n_values;
	ev.scan->n_rules = b->n_rules;
	for (size_t i = 0; i < b->n_rules; i++) {
		struct xccdf_rule_result *rr = &ev.scan->rules[i];
		rr->rule = b->rules[i];
		rr->role = b->rules[i]->role;
		rr->severity = b->rules[i]->severity;
		rr->weight = b->rules[i]->weight;
	}
	if (profile && (rc = apply_profile(&ev, profile, 0)))
		goto out;
	apply_requirements(&ev, b->top, b->n_top);
	for (size_t i = 0; i < b->n_rules; i++) {
		struct xccdf_rule_result *rr = &ev.scan->rules[i];
		if ((rc = evaluate_rule(&ev, rr)))
			goto out;
		rr->time = opts->fixed_time ? opts->now : time(NULL);
		for (size_t k = 0; k < rr->n_parts; k++)
			rr->parts[k].time = rr->time;
		ev.scan->counts[rr->result]++;
		if (opts->progress && rr->result != XCCDF_RESULT_NOTSELECTED)
			opts->progress(opts->progress_ctx, rr->rule->id, xccdf_result_name(rr->result));
	}
	compute_scores(&ev);
	ev.scan->end_time = opts->fixed_time ? opts->now : time(NULL);
out:
	free(ev.selected);
	if (rc) {
		scan_free(ev.scan);
		return rc;
	}
	*out = ev.scan;
	return 0;
}

int scan_run_oval(struct scan **out, const struct content *c, const struct scan_options *opts,
		  struct probe_session *probes, struct regex_cache *regexes)
{
	struct scan *s;
	int rc;

	*out = NULL;
	if ((rc = scan_new(&s, c, opts, probes, regexes)))
		return rc;
	for (size_t i = 0; i < s->n_ovals; i++)
		if ((rc = oval_run_all(&s->ovals[i]))) {
			scan_free(s);
			return rc;
		}
	s->end_time = opts->fixed_time ? opts->now : time(NULL);
	*out = s;
	return 0;
}

void scan_free(struct scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_ovals; i++)
		oval_run_release(&s->ovals[i]);
	free(s->ovals);
	struct arena a = s->arena;
	arena_release(&a);
}
