#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "eval/oval_eval.h"
#include "eval/oval_variables.h"

/* A record state entity against one record item entity: every field the state
 * names must hold (under its entity_check across same-named item fields). */
static enum oval_result record_result(struct oval_run *run, const struct oval_entity *want,
				      const struct oval_item_entity *have)
{
	struct oval_result_counts all = {0};

	for (size_t i = 0; i < want->n_fields; i++) {
		const struct oval_entity *wf = &want->fields[i];
		struct oval_result_counts c = {0};
		size_t seen = 0;
		for (size_t k = 0; k < have->n_fields; k++) {
			if (strcmp(have->fields[k].name, wf->name) != 0)
				continue;
			seen++;
			oval_counts_add(&c, oval_compare_entity(run->regexes, wf, &run->vars, have->fields[k].value));
		}
		oval_counts_add(&all, seen ? oval_check_apply(wf->entity_check, &c) : OVAL_RESULT_ERROR);
	}
	return want->n_fields ? oval_operator_apply(OVAL_OPERATOR_AND, &all) : OVAL_RESULT_TRUE;
}

static enum oval_result state_entity_result(struct oval_run *run, const struct oval_entity *want,
					    const struct oval_item *item)
{
	struct oval_result_counts c = {0};
	size_t seen = 0;

	for (size_t k = 0; k < item->n_entities; k++) {
		const struct oval_item_entity *have = &item->entities[k];
		if (strcmp(have->name, want->name) != 0)
			continue;
		seen++;
		switch (have->status) {
		case OVAL_STATUS_EXISTS:
			if (want->datatype == OVAL_DT_RECORD)
				oval_counts_add(&c, have->datatype == OVAL_DT_RECORD ? record_result(run, want, have)
										     : OVAL_RESULT_ERROR);
			else
				oval_counts_add(&c, oval_compare_entity(run->regexes, want, &run->vars, have->value));
			break;
		case OVAL_STATUS_DOES_NOT_EXIST:
			oval_counts_add(&c, OVAL_RESULT_FALSE);
			break;
		case OVAL_STATUS_NOT_COLLECTED:
			oval_counts_add(&c, OVAL_RESULT_UNKNOWN);
			break;
		case OVAL_STATUS_ERROR:
			oval_counts_add(&c, OVAL_RESULT_ERROR);
			break;
		}
	}
	/* A state that names an entity the item does not carry cannot be judged. */
	if (!seen)
		return OVAL_RESULT_ERROR;
	return oval_check_apply(want->entity_check, &c);
}

static enum oval_result state_result(struct oval_run *run, const struct oval_state *st,
				     const struct oval_item *item)
{
	struct oval_result_counts c = {0};

	for (size_t i = 0; i < st->n_entities; i++)
		oval_counts_add(&c, state_entity_result(run, &st->entities[i], item));
	if (st->n_entities == 0)
		return OVAL_RESULT_TRUE; /* an empty state asks nothing of the item */
	return oval_operator_apply(st->operator, &c);
}

/* Does item satisfy state? (TRUE/FALSE, or a result that cannot decide) */
static bool filter_keeps(struct oval_run *run, const struct oval_filter *filters, size_t n,
			 const struct oval_item *item, bool *undecided)
{
	for (size_t i = 0; i < n; i++) {
		enum oval_result r = state_result(run, filters[i].state, item);
		if (r != OVAL_RESULT_TRUE && r != OVAL_RESULT_FALSE) {
			*undecided = true;
			return true; /* kept: an item must not vanish on a doubt */
		}
		bool match = r == OVAL_RESULT_TRUE;
		if (filters[i].exclude ? match : !match)
			return false;
	}
	return true;
}

static void apply_filters(struct oval_run *run, struct oval_collected *col,
			  const struct oval_filter *filters, size_t n)
{
	bool undecided = false;
	size_t kept = 0;

	if (!n || col->flag == OVAL_FLAG_ERROR || col->flag == OVAL_FLAG_NOT_COLLECTED ||
	    col->flag == OVAL_FLAG_NOT_APPLICABLE)
		return;
	for (size_t i = 0; i < col->n_items; i++)
		if (filter_keeps(run, filters, n, col->items[i], &undecided))
			col->items[kept++] = col->items[i];
	col->n_items = kept;
	if (undecided)
		col->flag = OVAL_FLAG_ERROR; /* the selection itself is in doubt */
	else if (col->flag == OVAL_FLAG_COMPLETE && kept == 0)
		col->flag = OVAL_FLAG_DOES_NOT_EXIST;
}

struct filter_admission {
	struct oval_run *run;
	const struct oval_object *obj;
};

/* An item the filters cannot judge is kept: apply_filters flags it afterwards. */
static bool filters_admit(void *ctx, const struct oval_item *item)
{
	const struct filter_admission *adm = ctx;
	bool undecided = false;

	return filter_keeps(adm->run, adm->obj->filters, adm->obj->n_filters, item, &undecided);
}

/* The flag of a combination: the worst of the parts, else by what is left. */
static enum oval_flag combine_flags(const enum oval_flag *f, size_t n, size_t n_items)
{
	static const enum oval_flag worst[] = {OVAL_FLAG_ERROR, OVAL_FLAG_NOT_COLLECTED,
					       OVAL_FLAG_NOT_APPLICABLE, OVAL_FLAG_INCOMPLETE};
	for (size_t k = 0; k < 4; k++)
		for (size_t i = 0; i < n; i++)
			if (f[i] == worst[k])
				return worst[k];
	return n_items ? OVAL_FLAG_COMPLETE : OVAL_FLAG_DOES_NOT_EXIST;
}

static bool has_item(const struct oval_collected *c, const struct oval_item *it)
{
	for (size_t i = 0; i < c->n_items; i++)
		if (c->items[i] == it)
			return true;
	return false;
}

/* Evaluate a set into col: items in the syschar's arena, flag combined. */
static int collect_set(struct oval_run *run, const struct oval_set *set, struct oval_collected *col)
{
	struct oval_collected parts[2] = {0};
	enum oval_flag flags[2] = {OVAL_FLAG_ERROR, OVAL_FLAG_ERROR};
	size_t n = set->n_objects ? set->n_objects : set->n_sets;
	int rc;

	for (size_t i = 0; i < n; i++) {
		memset(&parts[i], 0, sizeof(parts[i]));
		if (set->n_objects) {
			const struct oval_collected *c;
			if ((rc = oval_run_collect(run, (size_t)(set->objects[i] - run->doc->objects), &c)))
				return rc;
			parts[i] = *c;
		} else if ((rc = collect_set(run, &set->sets[i], &parts[i]))) {
			return rc;
		}
		flags[i] = parts[i].flag;
	}
	size_t cap = parts[0].n_items + (n > 1 ? parts[1].n_items : 0);
	col->items = arena_calloc(&run->sc.arena, cap ? cap : 1, sizeof(*col->items));
	if (!col->items)
		return cscap_err_oom();
	col->n_items = 0;
	for (size_t i = 0; i < parts[0].n_items; i++) {
		const struct oval_item *it = parts[0].items[i];
		bool in_b = n > 1 && has_item(&parts[1], it);
		if (set->op == OVAL_SET_UNION || (set->op == OVAL_SET_INTERSECTION ? in_b || n == 1 : !in_b))
			col->items[col->n_items++] = parts[0].items[i];
	}
	if (set->op == OVAL_SET_UNION && n > 1)
		for (size_t i = 0; i < parts[1].n_items; i++)
			if (!has_item(&parts[0], parts[1].items[i]))
				col->items[col->n_items++] = parts[1].items[i];
	col->flag = combine_flags(flags, n, col->n_items);
	apply_filters(run, col, set->filters, set->n_filters);
	return 0;
}

int oval_run_collect(struct oval_run *run, size_t index, const struct oval_collected **out)
{
	const struct oval_object *obj = &run->doc->objects[index];
	struct oval_collected *col = &run->sc.objects[index];
	int rc;

	*out = col;
	if (run->objects_done[index] == 2)
		return 0;
	if (run->objects_done[index] == 1) {
		/* A set that contains itself: nothing sensible can be collected. */
		col->flag = OVAL_FLAG_ERROR;
		return syschar_add_message(&run->sc, col, OVAL_MSG_ERROR, "the object's set refers to itself")
			       ? cscap_err_oom() : 0;
	}
	run->objects_done[index] = 1;
	if (obj->set) {
		run->sc.collected[index] = 1;
		rc = collect_set(run, obj->set, col);
	} else {
		/* Probes ask the filters before keeping an item (see syschar.h); a
		 * nested collection (a variable of a filter's state) sets its own. */
		bool (*admit)(void *, const struct oval_item *) = run->sc.admit;
		void *admit_ctx = run->sc.admit_ctx;
		struct filter_admission adm = {run, obj};
		run->sc.admit = obj->n_filters ? filters_admit : NULL;
		run->sc.admit_ctx = &adm;
		rc = probe_collect(run->probes, &run->sc, run->doc, index, &run->vars, run->regexes);
		run->sc.admit = admit;
		run->sc.admit_ctx = admit_ctx;
		if (rc == 0)
			apply_filters(run, col, obj->filters, obj->n_filters);
	}
	run->objects_done[index] = 2;
	return rc;
}

static int evaluate_test(struct oval_run *run, const struct oval_test *test,
			 struct oval_test_result *res)
{
	const struct oval_document *doc = run->doc;
	size_t obj_index = (size_t)(test->object - doc->objects);
	const struct oval_collected *col;
	int rc;

	if ((rc = oval_run_collect(run, obj_index, &col)))
		return rc;

	res->done = true;
	switch (col->flag) {
	case OVAL_FLAG_ERROR:
		res->result = OVAL_RESULT_ERROR;
		return 0;
	case OVAL_FLAG_NOT_COLLECTED:
		res->result = OVAL_RESULT_UNKNOWN;
		return 0;
	case OVAL_FLAG_NOT_APPLICABLE:
		res->result = OVAL_RESULT_NOT_APPLICABLE;
		return 0;
	default:
		break;
	}

	size_t ex = 0, dne = 0, err = 0, nc = 0;
	for (size_t i = 0; i < col->n_items; i++) {
		switch (col->items[i]->status) {
		case OVAL_STATUS_EXISTS: ex++; break;
		case OVAL_STATUS_DOES_NOT_EXIST: dne++; break;
		case OVAL_STATUS_ERROR: err++; break;
		case OVAL_STATUS_NOT_COLLECTED: nc++; break;
		}
	}
	enum oval_result existence = oval_existence_apply(test->check_existence, ex, dne, err, nc);

	res->items = arena_calloc(&run->sc.arena, col->n_items ? col->n_items : 1, sizeof(*res->items));
	if (!res->items)
		return cscap_err_oom();
	res->n_items = col->n_items;
	for (size_t i = 0; i < col->n_items; i++) {
		res->items[i].item = col->items[i];
		res->items[i].result = OVAL_RESULT_NOT_EVALUATED;
	}
	if (existence != OVAL_RESULT_TRUE || test->n_state_refs == 0 || ex == 0) {
		res->result = existence;
	} else {
		struct oval_result_counts per_item = {0};
		for (size_t i = 0; i < col->n_items; i++) {
			/* An item the probe could not read makes the check unsure, never true. */
			if (col->items[i]->status == OVAL_STATUS_ERROR ||
			    col->items[i]->status == OVAL_STATUS_NOT_COLLECTED) {
				res->items[i].result = col->items[i]->status == OVAL_STATUS_ERROR
							       ? OVAL_RESULT_ERROR : OVAL_RESULT_UNKNOWN;
				oval_counts_add(&per_item, res->items[i].result);
				continue;
			}
			if (col->items[i]->status != OVAL_STATUS_EXISTS)
				continue;
			struct oval_result_counts per_state = {0};
			for (size_t s = 0; s < test->n_state_refs; s++)
				oval_counts_add(&per_state, state_result(run, test->states[s], col->items[i]));
			res->items[i].result = oval_operator_apply(test->state_operator, &per_state);
			oval_counts_add(&per_item, res->items[i].result);
		}
		res->result = oval_check_apply(test->check, &per_item);
	}
	/* With only part of the items seen, a verdict that the missing ones could
	 * overturn is not a verdict. */
	if (col->flag == OVAL_FLAG_INCOMPLETE) {
		bool could_flip = (test->check == OVAL_CHECK_AT_LEAST_ONE) ? res->result == OVAL_RESULT_FALSE
								      : res->result == OVAL_RESULT_TRUE;
		if (test->check == OVAL_CHECK_ONLY_ONE)
			could_flip = res->result == OVAL_RESULT_TRUE || res->result == OVAL_RESULT_FALSE;
		if (could_flip)
			res->result = OVAL_RESULT_UNKNOWN;
	}
	return 0;
}

static int test_result(struct oval_run *run, const struct oval_test *test, enum oval_result *out)
{
	struct oval_test_result *res = &run->tests[test - run->doc->tests];

	if (!res->done) {
		int rc = evaluate_test(run, test, res);
		if (rc)
			return rc;
	}
	*out = res->result;
	return 0;
}

static int node_result(struct oval_run *run, const struct oval_criteria_node *n,
		       enum oval_result *out)
{
	enum oval_result r = OVAL_RESULT_ERROR;
	int rc = 0;

	switch (n->kind) {
	case OVAL_NODE_CRITERION:
		rc = test_result(run, n->test, &r);
		break;
	case OVAL_NODE_EXTEND_DEFINITION:
		rc = oval_run_definition(run, n->definition, &r);
		break;
	case OVAL_NODE_CRITERIA: {
		struct oval_result_counts c = {0};
		for (size_t i = 0; rc == 0 && i < n->n_children; i++) {
			enum oval_result child;
			rc = node_result(run, &n->children[i], &child);
			oval_counts_add(&c, child);
		}
		r = oval_operator_apply(n->operator, &c);
		break;
	}
	}
	*out = n->negate ? oval_negate(r) : r;
	return rc;
}

int oval_run_definition(struct oval_run *run, const struct oval_definition *def,
			enum oval_result *out)
{
	struct oval_definition_result *res = &run->defs[def - run->doc->definitions];
	int rc = 0;

	if (res->state == 2) {
		*out = res->result;
		return 0;
	}
	/* The loader refuses extend_definition cycles and chains deeper than
	 * OVAL_MAX_REF_DEPTH; these are last guards, so the recursion below stays bounded. */
	if (res->state == 1 || run->depth >= OVAL_MAX_REF_DEPTH) {
		*out = OVAL_RESULT_ERROR;
		return 0;
	}
	res->state = 1;
	run->depth++;
	if (def->criteria)
		rc = node_result(run, def->criteria, &res->result);
	else
		res->result = OVAL_RESULT_UNKNOWN;
	run->depth--;
	res->state = 2;
	*out = res->result;
	return rc;
}

int oval_run_all(struct oval_run *run)
{
	for (size_t i = 0; i < run->doc->n_definitions; i++) {
		enum oval_result r;
		int rc = oval_run_definition(run, &run->doc->definitions[i], &r);
		if (rc)
			return rc;
	}
	return 0;
}

int oval_run_init(struct oval_run *run, const struct oval_document *doc,
		  struct probe_session *probes, struct regex_cache *regexes)
{
	int rc;

	memset(run, 0, sizeof(*run));
	run->doc = doc;
	run->vars.doc = doc;
	run->probes = probes;
	run->regexes = regexes;
	if ((rc = syschar_init(&run->sc, doc)))
		return rc;
	run->defs = calloc(doc->n_definitions ? doc->n_definitions : 1, sizeof(*run->defs));
	run->tests = calloc(doc->n_tests ? doc->n_tests : 1, sizeof(*run->tests));
	run->objects_done = calloc(doc->n_objects ? doc->n_objects : 1, 1);
	run->locals = calloc(doc->n_variables ? doc->n_variables : 1, sizeof(*run->locals));
	run->vars.compute_local = oval_run_compute_local;
	run->vars.compute_ctx = run;
	if (!run->defs || !run->tests || !run->objects_done || !run->locals) {
		oval_run_release(run);
		return cscap_err_oom();
	}
	return 0;
}

int oval_run_bind(struct oval_run *run, const char *id, const char **values, size_t n)
{
	struct oval_var_env *env = &run->vars;
	const struct oval_variable *v = oval_document_variable(run->doc, id);

	if (!v || v->kind != OVAL_VAR_EXTERNAL)
		return cscap_err(CSCAP_EINVALID, "check-export names %s, which is not an external variable of %s",
				 id, run->doc->href);
	for (size_t i = 0; i < env->n_bindings; i++) {
		struct oval_binding *b = &env->bindings[i];
		if (strcmp(b->variable_id, id) != 0)
			continue;
		bool same = b->n_values == n;
		for (size_t k = 0; same && k < n; k++)
			same = strcmp(b->values[k], values[k]) == 0;
		if (!same)
			return cscap_err(CSCAP_EINVALID, "variable %s is exported with two different values", id);
		return 0;
	}
	struct oval_binding *grown = realloc(env->bindings, (env->n_bindings + 1) * sizeof(*grown));
	if (!grown)
		return cscap_err_oom();
	env->bindings = grown;
	env->bindings[env->n_bindings++] = (struct oval_binding){id, values, n};
	return 0;
}

void oval_run_release(struct oval_run *run)
{
	free(run->vars.bindings);
	free(run->objects_done);
	free(run->locals);
	free(run->defs);
	free(run->tests);
	syschar_release(&run->sc);
	memset(run, 0, sizeof(*run));
}

const struct oval_test_result *oval_run_test_result(const struct oval_run *run,
						    const struct oval_test *test)
{
	return &run->tests[test - run->doc->tests];
}

const struct oval_definition_result *oval_run_definition_result(const struct oval_run *run,
								 const struct oval_definition *def)
{
	return &run->defs[def - run->doc->definitions];
}

enum oval_result oval_run_node_result(const struct oval_run *run, const struct oval_criteria_node *n)
{
	enum oval_result r = OVAL_RESULT_NOT_EVALUATED;

	switch (n->kind) {
	case OVAL_NODE_CRITERION: {
		const struct oval_test_result *t = oval_run_test_result(run, n->test);
		if (t->done)
			r = t->result;
		break;
	}
	case OVAL_NODE_EXTEND_DEFINITION: {
		const struct oval_definition_result *d = oval_run_definition_result(run, n->definition);
		if (d->state == 2)
			r = d->result;
		break;
	}
	case OVAL_NODE_CRITERIA: {
		struct oval_result_counts c = {0};
		for (size_t i = 0; i < n->n_children; i++)
			oval_counts_add(&c, oval_run_node_result(run, &n->children[i]));
		r = oval_operator_apply(n->operator, &c);
		break;
	}
	}
	return n->negate ? oval_negate(r) : r;
}
