#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "eval/oval_eval.h"

void oval_counts_add(struct oval_result_counts *c, enum oval_result r)
{
	switch (r) {
	case OVAL_RESULT_TRUE: c->t++; break;
	case OVAL_RESULT_FALSE: c->f++; break;
	case OVAL_RESULT_UNKNOWN: c->u++; break;
	case OVAL_RESULT_ERROR: c->e++; break;
	case OVAL_RESULT_NOT_EVALUATED: c->ne++; break;
	case OVAL_RESULT_NOT_APPLICABLE: c->na++; break;
	}
}

/* OVAL 5.11 operator truth tables.  Not-applicable results do not take part
 * unless they are all there is. */
enum oval_result oval_operator_apply(enum oval_operator op, const struct oval_result_counts *c)
{
	size_t t = c->t, f = c->f, e = c->e, u = c->u, ne = c->ne;

	if (t + f + e + u + ne == 0)
		return c->na ? OVAL_RESULT_NOT_APPLICABLE : OVAL_RESULT_UNKNOWN;
	switch (op) {
	case OVAL_OPERATOR_AND:
		if (f)
			return OVAL_RESULT_FALSE;
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return OVAL_RESULT_TRUE;
	case OVAL_OPERATOR_OR:
		if (t)
			return OVAL_RESULT_TRUE;
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return OVAL_RESULT_FALSE;
	case OVAL_OPERATOR_ONE:
		if (t >= 2)
			return OVAL_RESULT_FALSE;
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return t == 1 ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	case OVAL_OPERATOR_XOR:
		if (e)
			return OVAL_RESULT_ERROR;
		if (u)
			return OVAL_RESULT_UNKNOWN;
		if (ne)
			return OVAL_RESULT_NOT_EVALUATED;
		return (t % 2) ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	}
	return OVAL_RESULT_ERROR;
}

enum oval_result oval_negate(enum oval_result r)
{
	if (r == OVAL_RESULT_TRUE)
		return OVAL_RESULT_FALSE;
	if (r == OVAL_RESULT_FALSE)
		return OVAL_RESULT_TRUE;
	return r;
}

/* The check_existence table; counts are of item statuses. */
enum oval_result oval_existence_apply(enum oval_existence ex, size_t exists, size_t dne,
				      size_t err, size_t nc)
{
	switch (ex) {
	case OVAL_EXIST_ALL:
		if (dne)
			return OVAL_RESULT_FALSE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return exists ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	case OVAL_EXIST_ANY:
		if (exists)
			return OVAL_RESULT_TRUE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return OVAL_RESULT_TRUE;
	case OVAL_EXIST_AT_LEAST_ONE:
		if (exists)
			return OVAL_RESULT_TRUE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return OVAL_RESULT_FALSE;
	case OVAL_EXIST_NONE:
		if (exists)
			return OVAL_RESULT_FALSE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return OVAL_RESULT_TRUE;
	case OVAL_EXIST_ONLY_ONE:
		if (exists > 1)
			return OVAL_RESULT_FALSE;
		if (err)
			return OVAL_RESULT_ERROR;
		if (nc)
			return OVAL_RESULT_UNKNOWN;
		return exists == 1 ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
	}
	return OVAL_RESULT_ERROR;
}

/* Combine per-value results under a check (check, entity_check, var_check). */
static enum oval_result apply_check(enum oval_check check, const struct oval_result_counts *c)
{
	struct oval_result_counts neg;

	switch (check) {
	case OVAL_CHECK_ALL:
		return oval_operator_apply(OVAL_OPERATOR_AND, c);
	case OVAL_CHECK_AT_LEAST_ONE:
		return oval_operator_apply(OVAL_OPERATOR_OR, c);
	case OVAL_CHECK_ONLY_ONE:
		return oval_operator_apply(OVAL_OPERATOR_ONE, c);
	case OVAL_CHECK_NONE_EXIST:
	case OVAL_CHECK_NONE_SATISFY:
		neg = *c;
		neg.t = c->f;
		neg.f = c->t;
		return oval_operator_apply(OVAL_OPERATOR_AND, &neg);
	}
	return OVAL_RESULT_ERROR;
}

static enum oval_result state_entity_result(struct oval_run *run, const struct oval_entity *want,
					    const struct oval_item *item)
{
	struct oval_result_counts c = {0};
	size_t seen = 0;

	if (want->var_ref)
		return OVAL_RESULT_ERROR; /* variables are not resolved yet: never guess */
	for (size_t k = 0; k < item->n_entities; k++) {
		const struct oval_item_entity *have = &item->entities[k];
		if (strcmp(have->name, want->name) != 0)
			continue;
		seen++;
		switch (have->status) {
		case OVAL_STATUS_EXISTS:
			oval_counts_add(&c, oval_compare(run->regexes, want->operation, want->datatype,
							 have->value, want->value));
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
	return apply_check(want->entity_check, &c);
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

static int evaluate_test(struct oval_run *run, const struct oval_test *test,
			 struct oval_test_result *res)
{
	const struct oval_document *doc = run->doc;
	size_t obj_index = (size_t)(test->object - doc->objects);
	int rc;

	if ((rc = probe_collect(run->probes, &run->sc, doc, obj_index, run->regexes)))
		return rc;
	const struct oval_collected *col = &run->sc.objects[obj_index];

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
			if (col->items[i]->status != OVAL_STATUS_EXISTS)
				continue;
			struct oval_result_counts per_state = {0};
			for (size_t s = 0; s < test->n_state_refs; s++)
				oval_counts_add(&per_state, state_result(run, test->states[s], col->items[i]));
			res->items[i].result = oval_operator_apply(test->state_operator, &per_state);
			oval_counts_add(&per_item, res->items[i].result);
		}
		res->result = apply_check(test->check, &per_item);
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
	if (res->state == 1) {
		/* The loader refuses extend_definition cycles; this is a last guard. */
		*out = OVAL_RESULT_ERROR;
		return 0;
	}
	res->state = 1;
	if (def->criteria)
		rc = node_result(run, def->criteria, &res->result);
	else
		res->result = OVAL_RESULT_UNKNOWN;
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
	run->probes = probes;
	run->regexes = regexes;
	if ((rc = syschar_init(&run->sc, doc)))
		return rc;
	run->defs = calloc(doc->n_definitions ? doc->n_definitions : 1, sizeof(*run->defs));
	run->tests = calloc(doc->n_tests ? doc->n_tests : 1, sizeof(*run->tests));
	if (!run->defs || !run->tests) {
		oval_run_release(run);
		return cscap_err_oom();
	}
	return 0;
}

void oval_run_release(struct oval_run *run)
{
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
