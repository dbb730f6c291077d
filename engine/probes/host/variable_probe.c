/*
 * independent variable_object → variable_item: the values a variable of the
 * document has in this evaluation (constant, external as supplied, local as
 * computed).  var_ref "equals" names one variable; any other operation is
 * compared with every variable id of the document.
 */
#include <string.h>

#include "common/error_internal.h"
#include "probes/host/host_common.h"

static struct oval_item *variable_item(struct syschar *sc, const struct oval_variable *v,
				       const char *const *values, size_t n)
{
	struct item_builder b;

	if (!item_begin(&b, sc, IND_SC_NS, "variable_item", 1 + (n ? n : 1)))
		return NULL;
	item_str(&b, "var_ref", v->id);
	for (size_t i = 0; i < n; i++)
		item_typed(&b, "value", v->datatype, values[i]);
	if (n == 0)
		item_status(&b, "value", v->datatype, OVAL_STATUS_DOES_NOT_EXIST);
	return item_end(&b);
}

static int select_variable(struct host_collect *hc, const struct oval_variable *v)
{
	const char *const *values;
	struct oval_item *item;
	struct host_key k;
	size_t n;

	host_key_init(&k, "variable");
	host_key_add(&k, v->id);
	if ((item = host_cache_get(hc->sc, &k)))
		return host_add(hc, item);
	if (oval_var_env_values(hc->vars, v->id, &values, &n) != 0)
		return host_error(hc, "%s: the variable %s %s", hc->obj->id, v->id,
				  host_variable_problem(hc->vars, v->id));
	if (!(item = variable_item(hc->sc, v, values, n)) || host_cache_put(hc->sc, &k, item))
		return cscap_err_oom();
	return host_add(hc, item);
}

int variable_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			   const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct host_collect hc;
	const struct oval_entity *e;
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc)
		return host_finish(&hc, rc);
	if (!(e = host_entity(col->object, "var_ref")) || !vars) {
		rc = host_error(&hc, "%s: a variable_object needs a var_ref (and the document's variables)",
				col->object->id);
		return host_finish(&hc, rc);
	}
	const struct oval_document *doc = vars->doc;
	if (e->operation == OVAL_OP_EQUALS && !e->var_ref) {
		const struct oval_variable *v = oval_document_variable(doc, e->value);
		rc = v ? select_variable(&hc, v) : 0;
	} else {
		for (size_t i = 0; i < doc->n_variables && rc == 0 && !hc.error; i++)
			if (host_match(&hc, e, doc->variables[i].id))
				rc = select_variable(&hc, &doc->variables[i]);
	}
	return host_finish(&hc, rc);
}
