/*
 * OVAL evaluation: definitions → criteria → tests → collected objects.
 * An oval_run holds the results of one OVAL document during one scan; its
 * syschar holds the evidence.  Results are computed once and memoised.
 */
#ifndef CSCAP_OVAL_EVAL_H
#define CSCAP_OVAL_EVAL_H

#include <stdbool.h>

#include "model/oval.h"
#include "model/oval_logic.h"
#include "model/oval_compare.h"
#include "probes/probe.h"
#include "probes/syschar.h"

struct oval_tested_item {
	const struct oval_item *item;
	enum oval_result result;
};

struct oval_test_result {
	bool done;
	enum oval_result result;
	struct oval_tested_item *items; /* in the syschar's arena */
	size_t n_items;
};

struct oval_definition_result {
	unsigned char state; /* 0 not evaluated, 1 in progress, 2 done */
	enum oval_result result;
};

struct oval_run {
	const struct oval_document *doc;      /* borrowed */
	struct syschar sc;                    /* owned: the evidence */
	struct oval_definition_result *defs;  /* owned, parallel to doc->definitions */
	struct oval_test_result *tests;       /* owned, parallel to doc->tests */
	struct oval_var_env vars;             /* bindings array owned (malloc), strings borrowed */
	struct probe_session *probes;         /* borrowed */
	struct regex_cache *regexes;          /* borrowed */
	unsigned char *objects_done;          /* owned, parallel to doc->objects: sets/filters applied */
	unsigned depth;                       /* extend_definitions being evaluated, one inside the other */
	struct oval_local_values {
		unsigned char state;              /* 0 not computed, 1 computing, 2 done */
		int ok;                           /* 1: values valid; 0: could not be computed */
		const char **values;              /* in the syschar's arena */
		size_t n;
	} *locals;                            /* owned, parallel to doc->variables */
};

int oval_run_init(struct oval_run *run, const struct oval_document *doc,
		  struct probe_session *probes, struct regex_cache *regexes);
void oval_run_release(struct oval_run *run);

/*
 * Give external variable id its values (from an XCCDF check-export) before
 * evaluation.  Binding the same values again is fine; different values for a
 * variable already bound fail with CSCAP_EINVALID, because results already
 * computed with the first values would silently mean something else.
 */
int oval_run_bind(struct oval_run *run, const char *id, const char **values, size_t n);

/* Evaluate one definition (and what it needs).  Fails only when out of memory. */
int oval_run_definition(struct oval_run *run, const struct oval_definition *def,
			enum oval_result *out);
/* Evaluate every definition of the document, in id order. */
int oval_run_all(struct oval_run *run);

/*
 * The collected object doc->objects[index], complete with set operations and
 * filters: the probe's items for a plain object, the combination for a set.
 * Fails only when out of memory.
 */
int oval_run_collect(struct oval_run *run, size_t index, const struct oval_collected **out);

/* Result of a criteria node of an evaluated definition (for the results writer). */
enum oval_result oval_run_node_result(const struct oval_run *run, const struct oval_criteria_node *n);
const struct oval_test_result *oval_run_test_result(const struct oval_run *run,
						    const struct oval_test *test);
const struct oval_definition_result *oval_run_definition_result(const struct oval_run *run,
								 const struct oval_definition *def);

#endif
