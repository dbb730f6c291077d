#include <stdlib.h>
#include <string.h>

#include "model/oval.h"

#define NAME_TABLE(fn_name, fn_parse, type, ...)                                  \
	static const char *const fn_name##_table[] = {__VA_ARGS__};               \
	const char *fn_name(type v)                                              \
	{                                                                        \
		size_t n = sizeof(fn_name##_table) / sizeof(fn_name##_table[0]); \
		return (size_t)v < n ? fn_name##_table[v] : "?";                  \
	}                                                                        \
	int fn_parse(const char *s, type *out)                                   \
	{                                                                        \
		size_t n = sizeof(fn_name##_table) / sizeof(fn_name##_table[0]); \
		for (size_t i = 0; s && i < n; i++)                              \
			if (strcmp(s, fn_name##_table[i]) == 0) {                \
				*out = (type)i;                                  \
				return 0;                                        \
			}                                                        \
		return -1;                                                       \
	}

NAME_TABLE(oval_operation_name, oval_operation_parse, enum oval_operation,
	   "equals", "not equal", "case insensitive equals", "case insensitive not equal",
	   "greater than", "less than", "greater than or equal", "less than or equal",
	   "bitwise and", "bitwise or", "pattern match", "subset of", "superset of")

NAME_TABLE(oval_datatype_name, oval_datatype_parse, enum oval_datatype,
	   "string", "int", "float", "boolean", "version", "evr_string", "debian_evr_string",
	   "ipv4_address", "ipv6_address", "binary", "fileset_revision", "ios_version", "record")

NAME_TABLE(oval_check_name, oval_check_parse, enum oval_check,
	   "all", "at least one", "none exist", "none satisfy", "only one")

NAME_TABLE(oval_existence_name, oval_existence_parse, enum oval_existence,
	   "all_exist", "any_exist", "at_least_one_exists", "none_exist", "only_one_exists")

NAME_TABLE(oval_operator_name, oval_operator_parse, enum oval_operator,
	   "AND", "ONE", "OR", "XOR")

NAME_TABLE(oval_class_name, oval_class_parse, enum oval_class,
	   "compliance", "inventory", "miscellaneous", "patch", "vulnerability")

NAME_TABLE(oval_result_name, oval_result_parse, enum oval_result,
	   "true", "false", "unknown", "error", "not evaluated", "not applicable")

void oval_document_free(struct oval_document *doc)
{
	if (!doc)
		return;
	struct arena a = doc->arena; /* doc itself lives in its arena */
	arena_release(&a);
}

/* The arrays are sorted by id at load time, so every look-up is a bisection. */
#define BSEARCH_BY_ID(fn, type, field, count)                                     \
	type *fn(const struct oval_document *doc, const char *id)                 \
	{                                                                         \
		size_t lo = 0, hi = doc->count;                                   \
		while (lo < hi) {                                                 \
			size_t mid = lo + (hi - lo) / 2;                          \
			int c = strcmp(id, doc->field[mid].id);                   \
			if (c == 0)                                               \
				return &doc->field[mid];                          \
			if (c < 0)                                                \
				hi = mid;                                         \
			else                                                      \
				lo = mid + 1;                                     \
		}                                                                 \
		return NULL;                                                      \
	}

BSEARCH_BY_ID(oval_document_definition, struct oval_definition, definitions, n_definitions)
BSEARCH_BY_ID(oval_document_test, struct oval_test, tests, n_tests)
BSEARCH_BY_ID(oval_document_object, struct oval_object, objects, n_objects)
BSEARCH_BY_ID(oval_document_state, struct oval_state, states, n_states)
BSEARCH_BY_ID(oval_document_variable, struct oval_variable, variables, n_variables)

int oval_var_env_values(const struct oval_var_env *env, const char *id, const char *const **values,
			size_t *n)
{
	const struct oval_variable *v = oval_document_variable(env->doc, id);

	*values = NULL;
	*n = 0;
	if (!v)
		return -1;
	if (v->kind == OVAL_VAR_CONSTANT) {
		*values = v->values;
		*n = v->n_values;
		return 0;
	}
	if (v->kind == OVAL_VAR_LOCAL)
		return env->compute_local ? env->compute_local(env->compute_ctx, v, values, n) : -1;
	if (v->kind == OVAL_VAR_EXTERNAL)
		for (size_t i = 0; i < env->n_bindings; i++)
			if (strcmp(env->bindings[i].variable_id, id) == 0) {
				*values = (const char *const *)env->bindings[i].values;
				*n = env->bindings[i].n_values;
				return 0;
			}
	return -1;
}
