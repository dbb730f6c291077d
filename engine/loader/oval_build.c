/* oval_definitions element → struct oval_document. */
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "loader/dom.h"
#include "loader/loader.h"
#include "loader/ref_graph.h"

#define XSI_NS "http://www.w3.org/2001/XMLSchema-instance"

struct build {
	struct oval_document *doc;
	const char *name; /* for messages */
};

static int line_of(const xmlNode *n)
{
	return n ? (int)xmlGetLineNo(n) : 0;
}

static int bad(const struct build *b, const xmlNode *n, const char *what, const char *value)
{
	return cscap_err(CSCAP_EINVALID, "%s:%d: %s '%s'", b->name, line_of(n), what,
			 value ? value : "");
}

static int parse_check_attr(const struct build *b, const xmlNode *n, const char *attr,
			    enum oval_check def, enum oval_check *out)
{
	const char *v = dom_attr(&b->doc->arena, n, attr);
	*out = def;
	if (v && oval_check_parse(v, out) != 0)
		return bad(b, n, attr, v);
	return 0;
}

/* Entities are the element children that are not OVAL's own set/filter/behaviors. */
static bool is_entity(const xmlNode *c)
{
	if (c->type != XML_ELEMENT_NODE)
		return false;
	if (strcmp(dom_ns(c), OVAL_NS_DEFS) == 0)
		return false;
	return strcmp((const char *)c->name, "behaviors") != 0;
}

/* One entity element (or a record's field element): value and attributes. */
static int build_entity(const struct build *b, xmlNodePtr c, struct oval_entity *e, bool is_field)
{
	struct arena *a = &b->doc->arena;
	const char *v;
	int rc;

	e->name = is_field ? dom_attr(a, c, "name") : (const char *)c->name;
	if (!e->name)
		return bad(b, c, "field without name", "");
	e->value = dom_text(a, c);
	if (!e->value)
		return cscap_err_oom();
	e->var_ref = dom_attr(a, c, "var_ref");
	v = dom_attr(a, c, "operation");
	if (v && oval_operation_parse(v, &e->operation) != 0)
		return bad(b, c, "unknown operation", v);
	v = dom_attr(a, c, "datatype");
	if (v && oval_datatype_parse(v, &e->datatype) != 0)
		return bad(b, c, "unknown datatype", v);
	if ((rc = parse_check_attr(b, c, "entity_check", OVAL_CHECK_ALL, &e->entity_check)) ||
	    (rc = parse_check_attr(b, c, "var_check", OVAL_CHECK_ALL, &e->var_check)))
		return rc;
	v = dom_attr_ns(a, c, XSI_NS, "nil");
	e->nil = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
	if (e->datatype != OVAL_DT_RECORD || is_field)
		return 0;
	e->n_fields = dom_count(c, OVAL_NS_DEFS, "field");
	e->fields = arena_calloc(a, e->n_fields, sizeof(*e->fields));
	if (!e->fields)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(f, c, OVAL_NS_DEFS, "field")
		if ((rc = build_entity(b, f, &e->fields[i++], true)))
			return rc;
	return 0;
}

static int build_entities(const struct build *b, const xmlNode *parent,
			  struct oval_entity **out, size_t *n_out)
{
	size_t n = 0;

	for (xmlNodePtr c = parent->children; c; c = c->next)
		n += is_entity(c);
	*n_out = n;
	*out = n ? arena_calloc(&b->doc->arena, n, sizeof(**out)) : NULL;
	if (n && !*out)
		return cscap_err_oom();
	size_t i = 0;
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		if (!is_entity(c))
			continue;
		int rc = build_entity(b, c, &(*out)[i++], false);
		if (rc)
			return rc;
	}
	return 0;
}

static int build_criteria(const struct build *b, const xmlNode *n, struct oval_criteria_node *out)
{
	struct arena *a = &b->doc->arena;
	const char *v;

	v = dom_attr(a, n, "negate");
	out->negate = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
	v = dom_attr(a, n, "applicability_check");
	out->applicability_check = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
	out->comment = dom_attr(a, n, "comment");
	if (dom_is(n, OVAL_NS_DEFS, "criterion")) {
		out->kind = OVAL_NODE_CRITERION;
		out->ref = dom_attr(a, n, "test_ref");
		return out->ref ? 0 : bad(b, n, "criterion without test_ref", "");
	}
	if (dom_is(n, OVAL_NS_DEFS, "extend_definition")) {
		out->kind = OVAL_NODE_EXTEND_DEFINITION;
		out->ref = dom_attr(a, n, "definition_ref");
		return out->ref ? 0 : bad(b, n, "extend_definition without definition_ref", "");
	}
	out->kind = OVAL_NODE_CRITERIA;
	v = dom_attr(a, n, "operator");
	if (v && oval_operator_parse(v, &out->operator) != 0)
		return bad(b, n, "unknown operator", v);
	out->n_children = dom_count(n, OVAL_NS_DEFS, NULL);
	if (out->n_children == 0)
		return bad(b, n, "empty criteria", "");
	out->children = arena_calloc(a, out->n_children, sizeof(*out->children));
	if (!out->children)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(c, n, OVAL_NS_DEFS, NULL) {
		int rc = build_criteria(b, c, &out->children[i++]);
		if (rc)
			return rc;
	}
	return 0;
}

static int cmp_def(const void *x, const void *y)
{
	return strcmp(((const struct oval_definition *)x)->id, ((const struct oval_definition *)y)->id);
}
static int cmp_test(const void *x, const void *y)
{
	return strcmp(((const struct oval_test *)x)->id, ((const struct oval_test *)y)->id);
}
static int cmp_object(const void *x, const void *y)
{
	return strcmp(((const struct oval_object *)x)->id, ((const struct oval_object *)y)->id);
}
static int cmp_state(const void *x, const void *y)
{
	return strcmp(((const struct oval_state *)x)->id, ((const struct oval_state *)y)->id);
}

/* Sort by id and refuse duplicates, which would make references ambiguous. */
#define SORT_UNIQUE(b, arr, n, cmp, kind)                                                 \
	do {                                                                              \
		qsort((arr), (n), sizeof(*(arr)), cmp);                                   \
		for (size_t k_ = 1; k_ < (n); k_++)                                       \
			if (strcmp((arr)[k_ - 1].id, (arr)[k_].id) == 0)                  \
				return bad((b), (arr)[k_].node, "duplicate " kind " id", (arr)[k_].id); \
	} while (0)

static int build_definitions(struct build *b, const xmlNode *root)
{
	struct oval_document *d = b->doc;
	struct arena *a = &d->arena;
	xmlNodePtr defs = dom_child(root, OVAL_NS_DEFS, "definitions");

	if (!defs)
		return 0;
	d->n_definitions = dom_count(defs, OVAL_NS_DEFS, "definition");
	d->definitions = arena_calloc(a, d->n_definitions, sizeof(*d->definitions));
	if (!d->definitions)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(n, defs, OVAL_NS_DEFS, "definition") {
		struct oval_definition *def = &d->definitions[i++];
		const char *v;

		def->node = n;
		def->id = dom_attr(a, n, "id");
		def->version = dom_attr(a, n, "version");
		if (!def->id || !def->version)
			return bad(b, n, "definition without id or version", def->id);
		v = dom_attr(a, n, "class");
		if (!v || oval_class_parse(v, &def->class_) != 0)
			return bad(b, n, "definition with unknown class", v);
		v = dom_attr(a, n, "deprecated");
		def->deprecated = v && strcmp(v, "true") == 0;
		xmlNodePtr meta = dom_child(n, OVAL_NS_DEFS, "metadata");
		def->title = meta ? dom_child_text(a, meta, OVAL_NS_DEFS, "title") : NULL;
		xmlNodePtr crit = dom_child(n, OVAL_NS_DEFS, "criteria");
		if (crit) {
			def->criteria = arena_alloc(a, sizeof(*def->criteria));
			if (!def->criteria)
				return cscap_err_oom();
			int rc = build_criteria(b, crit, def->criteria);
			if (rc)
				return rc;
		}
	}
	SORT_UNIQUE(b, d->definitions, d->n_definitions, cmp_def, "definition");
	return 0;
}

static int build_tests(struct build *b, const xmlNode *root)
{
	struct oval_document *d = b->doc;
	struct arena *a = &d->arena;
	xmlNodePtr tests = dom_child(root, OVAL_NS_DEFS, "tests");

	if (!tests)
		return 0;
	d->n_tests = dom_count(tests, NULL, NULL);
	d->tests = arena_calloc(a, d->n_tests, sizeof(*d->tests));
	if (!d->tests)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(n, tests, NULL, NULL) {
		struct oval_test *t = &d->tests[i++];
		const char *v;
		int rc;

		t->node = n;
		t->ns = dom_ns(n);
		t->type = (const char *)n->name;
		t->id = dom_attr(a, n, "id");
		t->version = dom_attr(a, n, "version");
		t->comment = dom_attr(a, n, "comment");
		if (!t->id || !t->version)
			return bad(b, n, "test without id or version", t->id);
		v = dom_attr(a, n, "check");
		if (!v || oval_check_parse(v, &t->check) != 0)
			return bad(b, n, "test with unknown check", v);
		t->check_existence = OVAL_EXIST_AT_LEAST_ONE;
		v = dom_attr(a, n, "check_existence");
		if (v && oval_existence_parse(v, &t->check_existence) != 0)
			return bad(b, n, "unknown check_existence", v);
		t->state_operator = OVAL_OPERATOR_AND;
		v = dom_attr(a, n, "state_operator");
		if (v && oval_operator_parse(v, &t->state_operator) != 0)
			return bad(b, n, "unknown state_operator", v);
		xmlNodePtr obj = dom_child(n, NULL, "object");
		t->object_ref = obj ? dom_attr(a, obj, "object_ref") : NULL;
		t->n_state_refs = dom_count(n, NULL, "state");
		if (t->n_state_refs) {
			t->state_refs = arena_calloc(a, t->n_state_refs, sizeof(*t->state_refs));
			t->states = arena_calloc(a, t->n_state_refs, sizeof(*t->states));
			if (!t->state_refs || !t->states)
				return cscap_err_oom();
		}
		size_t k = 0;
		DOM_FOREACH(s, n, NULL, "state")
			t->state_refs[k++] = dom_attr(a, s, "state_ref");
		(void)rc;
	}
	SORT_UNIQUE(b, d->tests, d->n_tests, cmp_test, "test");
	return 0;
}

static int build_filters(const struct build *b, const xmlNode *parent, struct oval_filter **out,
			 size_t *n_out)
{
	struct arena *a = &b->doc->arena;

	*n_out = dom_count(parent, OVAL_NS_DEFS, "filter");
	*out = arena_calloc(a, *n_out, sizeof(**out));
	if (!*out)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(f, parent, OVAL_NS_DEFS, "filter") {
		const char *action = dom_attr(a, f, "action");
		struct oval_filter *flt = &(*out)[i++];
		flt->exclude = !action || strcmp(action, "exclude") == 0;
		if (action && !flt->exclude && strcmp(action, "include") != 0)
			return bad(b, f, "filter with unknown action", action);
		if (!(flt->state_ref = dom_text(a, f)))
			return cscap_err_oom();
	}
	return 0;
}

static int build_set(const struct build *b, const xmlNode *n, struct oval_set *set, int depth)
{
	struct arena *a = &b->doc->arena;
	const char *op = dom_attr(a, n, "set_operator");
	int rc;

	if (depth > 16)
		return bad(b, n, "sets nested too deeply", "");
	set->op = OVAL_SET_UNION;
	if (op && strcmp(op, "UNION") != 0)
		set->op = strcmp(op, "INTERSECTION") == 0 ? OVAL_SET_INTERSECTION
			  : strcmp(op, "COMPLEMENT") == 0 ? OVAL_SET_COMPLEMENT : (enum oval_set_operator)-1;
	if ((int)set->op < 0)
		return bad(b, n, "unknown set_operator", op);
	DOM_FOREACH(r, n, OVAL_NS_DEFS, "object_reference") {
		if (set->n_objects == 2)
			return bad(b, r, "a set combines at most two objects", "");
		if (!(set->object_refs[set->n_objects++] = dom_text(a, r)))
			return cscap_err_oom();
	}
	set->n_sets = dom_count(n, OVAL_NS_DEFS, "set");
	if (set->n_sets > 2 || (set->n_sets && set->n_objects))
		return bad(b, n, "a set holds either object references or nested sets", "");
	if (!set->n_sets && !set->n_objects)
		return bad(b, n, "empty set", "");
	set->sets = arena_calloc(a, set->n_sets, sizeof(*set->sets));
	if (!set->sets)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(c, n, OVAL_NS_DEFS, "set")
		if ((rc = build_set(b, c, &set->sets[i++], depth + 1)))
			return rc;
	return build_filters(b, n, &set->filters, &set->n_filters);
}

static int build_objects(struct build *b, const xmlNode *root)
{
	struct oval_document *d = b->doc;
	struct arena *a = &d->arena;
	xmlNodePtr objs = dom_child(root, OVAL_NS_DEFS, "objects");

	if (!objs)
		return 0;
	d->n_objects = dom_count(objs, NULL, NULL);
	d->objects = arena_calloc(a, d->n_objects, sizeof(*d->objects));
	if (!d->objects)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(n, objs, NULL, NULL) {
		struct oval_object *o = &d->objects[i++];

		o->node = n;
		o->ns = dom_ns(n);
		o->type = (const char *)n->name;
		o->id = dom_attr(a, n, "id");
		o->version = dom_attr(a, n, "version");
		o->comment = dom_attr(a, n, "comment");
		if (!o->id || !o->version)
			return bad(b, n, "object without id or version", o->id);
		int rc = build_entities(b, n, &o->entities, &o->n_entities);
		if (rc || (rc = build_filters(b, n, &o->filters, &o->n_filters)))
			return rc;
		xmlNodePtr set = dom_child(n, OVAL_NS_DEFS, "set");
		if (set) {
			if (!(o->set = arena_alloc(a, sizeof(*o->set))))
				return cscap_err_oom();
			if ((rc = build_set(b, set, o->set, 0)))
				return rc;
		}
	}
	SORT_UNIQUE(b, d->objects, d->n_objects, cmp_object, "object");
	return 0;
}

static int build_states(struct build *b, const xmlNode *root)
{
	struct oval_document *d = b->doc;
	struct arena *a = &d->arena;
	xmlNodePtr states = dom_child(root, OVAL_NS_DEFS, "states");

	if (!states)
		return 0;
	d->n_states = dom_count(states, NULL, NULL);
	d->states = arena_calloc(a, d->n_states, sizeof(*d->states));
	if (!d->states)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(n, states, NULL, NULL) {
		struct oval_state *s = &d->states[i++];
		const char *v;

		s->node = n;
		s->ns = dom_ns(n);
		s->type = (const char *)n->name;
		s->id = dom_attr(a, n, "id");
		s->version = dom_attr(a, n, "version");
		if (!s->id || !s->version)
			return bad(b, n, "state without id or version", s->id);
		v = dom_attr(a, n, "operator");
		if (v && oval_operator_parse(v, &s->operator) != 0)
			return bad(b, n, "unknown operator", v);
		int rc = build_entities(b, n, &s->entities, &s->n_entities);
		if (rc)
			return rc;
	}
	SORT_UNIQUE(b, d->states, d->n_states, cmp_state, "state");
	return 0;
}

static int cmp_variable(const void *x, const void *y)
{
	return strcmp(((const struct oval_variable *)x)->id, ((const struct oval_variable *)y)->id);
}

static const struct {
	const char *name;
	enum oval_component_kind kind;
} component_names[] = {
	{"literal_component", OVAL_COMP_LITERAL}, {"object_component", OVAL_COMP_OBJECT},
	{"variable_component", OVAL_COMP_VARIABLE}, {"arithmetic", OVAL_FN_ARITHMETIC},
	{"begin", OVAL_FN_BEGIN}, {"concat", OVAL_FN_CONCAT}, {"count", OVAL_FN_COUNT},
	{"end", OVAL_FN_END}, {"escape_regex", OVAL_FN_ESCAPE_REGEX}, {"split", OVAL_FN_SPLIT},
	{"substring", OVAL_FN_SUBSTRING}, {"time_difference", OVAL_FN_TIME_DIFFERENCE},
	{"regex_capture", OVAL_FN_REGEX_CAPTURE}, {"unique", OVAL_FN_UNIQUE},
	{"glob_to_regex", OVAL_FN_GLOB_TO_REGEX},
};

static bool component_kind(const xmlNode *n, enum oval_component_kind *out)
{
	if (!dom_is(n, OVAL_NS_DEFS, NULL))
		return false;
	for (size_t i = 0; i < sizeof(component_names) / sizeof(component_names[0]); i++)
		if (strcmp((const char *)n->name, component_names[i].name) == 0) {
			*out = component_names[i].kind;
			return true;
		}
	return false;
}

static int build_component(const struct build *b, const xmlNode *n, struct oval_component *c, int depth)
{
	struct arena *a = &b->doc->arena;
	enum oval_component_kind kind;
	const char *v;

	if (depth > 32)
		return bad(b, n, "functions nested too deeply", "");
	if (!component_kind(n, &kind))
		return bad(b, n, "unknown variable component", (const char *)n->name);
	c->kind = kind;
	switch (kind) {
	case OVAL_COMP_LITERAL:
		return (c->value = dom_text(a, n)) ? 0 : cscap_err_oom();
	case OVAL_COMP_OBJECT:
		c->object_ref = dom_attr(a, n, "object_ref");
		c->item_field = dom_attr(a, n, "item_field");
		c->record_field = dom_attr(a, n, "record_field");
		return c->object_ref && c->item_field ? 0 : bad(b, n, "object_component without object_ref/item_field", "");
	case OVAL_COMP_VARIABLE:
		c->var_ref = dom_attr(a, n, "var_ref");
		return c->var_ref ? 0 : bad(b, n, "variable_component without var_ref", "");
	case OVAL_FN_ARITHMETIC:
		c->text = dom_attr(a, n, "arithmetic_operation");
		break;
	case OVAL_FN_BEGIN:
	case OVAL_FN_END:
		c->text = dom_attr(a, n, "character");
		break;
	case OVAL_FN_SPLIT:
		c->text = dom_attr(a, n, "delimiter");
		break;
	case OVAL_FN_REGEX_CAPTURE:
		c->text = dom_attr(a, n, "pattern");
		break;
	case OVAL_FN_SUBSTRING: {
		const char *st = dom_attr(a, n, "substring_start"), *ln = dom_attr(a, n, "substring_length");
		char *end1 = NULL, *end2 = NULL;
		c->substring_start = st ? strtol(st, &end1, 10) : 1;
		c->substring_length = ln ? strtol(ln, &end2, 10) : -1;
		if ((st && *end1) || (ln && *end2))
			return bad(b, n, "substring with a bad start or length", st);
		break;
	}
	case OVAL_FN_GLOB_TO_REGEX:
		v = dom_attr(a, n, "glob_noescape");
		c->glob_noescape = v && (strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
		break;
	case OVAL_FN_TIME_DIFFERENCE:
		if (!(c->format_1 = dom_attr(a, n, "format_1")))
			c->format_1 = "year_month_day";
		if (!(c->format_2 = dom_attr(a, n, "format_2")))
			c->format_2 = "year_month_day";
		break;
	default:
		break;
	}
	size_t count = 0;
	enum oval_component_kind k;
	for (xmlNodePtr ch = n->children; ch; ch = ch->next)
		count += ch->type == XML_ELEMENT_NODE && component_kind(ch, &k);
	c->children = arena_calloc(a, count, sizeof(*c->children));
	if (!c->children)
		return cscap_err_oom();
	for (xmlNodePtr ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE || !component_kind(ch, &k))
			continue;
		int rc = build_component(b, ch, &c->children[c->n_children++], depth + 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int build_variables(struct build *b, const xmlNode *root)
{
	struct oval_document *d = b->doc;
	struct arena *a = &d->arena;
	xmlNodePtr vars = dom_child(root, OVAL_NS_DEFS, "variables");

	if (!vars)
		return 0;
	d->n_variables = dom_count(vars, OVAL_NS_DEFS, NULL);
	d->variables = arena_calloc(a, d->n_variables, sizeof(*d->variables));
	if (!d->variables)
		return cscap_err_oom();
	size_t i = 0;
	DOM_FOREACH(n, vars, OVAL_NS_DEFS, NULL) {
		struct oval_variable *v = &d->variables[i++];
		const char *dt;

		v->node = n;
		v->id = dom_attr(a, n, "id");
		v->version = dom_attr(a, n, "version");
		v->comment = dom_attr(a, n, "comment");
		if (!v->id || !v->version)
			return bad(b, n, "variable without id or version", v->id);
		dt = dom_attr(a, n, "datatype");
		if (!dt || oval_datatype_parse(dt, &v->datatype) != 0)
			return bad(b, n, "variable with unknown datatype", dt);
		if (dom_is(n, OVAL_NS_DEFS, "external_variable")) {
			v->kind = OVAL_VAR_EXTERNAL;
		} else if (dom_is(n, OVAL_NS_DEFS, "constant_variable")) {
			v->kind = OVAL_VAR_CONSTANT;
			v->n_values = dom_count(n, OVAL_NS_DEFS, "value");
			v->values = arena_calloc(a, v->n_values, sizeof(*v->values));
			if (!v->values)
				return cscap_err_oom();
			size_t k = 0;
			DOM_FOREACH(val, n, OVAL_NS_DEFS, "value")
				if (!(v->values[k++] = dom_text(a, val)))
					return cscap_err_oom();
		} else {
			v->kind = OVAL_VAR_LOCAL;
			xmlNodePtr comp = NULL;
			enum oval_component_kind k;
			for (xmlNodePtr ch = n->children; ch && !comp; ch = ch->next)
				if (ch->type == XML_ELEMENT_NODE && component_kind(ch, &k))
					comp = ch;
			if (!comp)
				return bad(b, n, "local_variable without a component", v->id);
			if (!(v->component = arena_alloc(a, sizeof(*v->component))))
				return cscap_err_oom();
			int rc = build_component(b, comp, v->component, 0);
			if (rc)
				return rc;
		}
	}
	SORT_UNIQUE(b, d->variables, d->n_variables, cmp_variable, "variable");
	return 0;
}

/* Every var_ref must name a variable of the document. */
static int check_var_refs(const struct build *b, const struct oval_entity *e, size_t n,
			  const xmlNode *owner)
{
	for (size_t i = 0; i < n; i++)
		if (e[i].var_ref && !oval_document_variable(b->doc, e[i].var_ref))
			return bad(b, owner, "var_ref names a missing variable", e[i].var_ref);
	return 0;
}

static int resolve_filters(const struct build *b, const xmlNode *owner, struct oval_filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!(f[i].state = oval_document_state(b->doc, f[i].state_ref)))
			return bad(b, owner, "filter names a missing state", f[i].state_ref);
	return 0;
}

static int resolve_set(const struct build *b, const xmlNode *owner, struct oval_set *set)
{
	int rc;

	for (size_t i = 0; i < set->n_objects; i++)
		if (!(set->objects[i] = oval_document_object(b->doc, set->object_refs[i])))
			return bad(b, owner, "set names a missing object", set->object_refs[i]);
	for (size_t i = 0; i < set->n_sets; i++)
		if ((rc = resolve_set(b, owner, &set->sets[i])))
			return rc;
	return resolve_filters(b, owner, set->filters, set->n_filters);
}

static int check_component_refs(const struct build *b, const struct oval_variable *v,
				const struct oval_component *c)
{
	if (c->kind == OVAL_COMP_OBJECT && !oval_document_object(b->doc, c->object_ref))
		return bad(b, v->node, "object_component names a missing object", c->object_ref);
	if (c->kind == OVAL_COMP_VARIABLE && !oval_document_variable(b->doc, c->var_ref))
		return bad(b, v->node, "variable_component names a missing variable", c->var_ref);
	for (size_t i = 0; i < c->n_children; i++) {
		int rc = check_component_refs(b, v, &c->children[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int resolve_criteria(const struct build *b, const struct oval_definition *def,
			    struct oval_criteria_node *c)
{
	switch (c->kind) {
	case OVAL_NODE_CRITERION:
		c->test = oval_document_test(b->doc, c->ref);
		return c->test ? 0 : bad(b, def->node, "criterion names a missing test", c->ref);
	case OVAL_NODE_EXTEND_DEFINITION:
		c->definition = oval_document_definition(b->doc, c->ref);
		return c->definition ? 0
				     : bad(b, def->node, "extend_definition names a missing definition",
					   c->ref);
	case OVAL_NODE_CRITERIA:
		for (size_t i = 0; i < c->n_children; i++) {
			int rc = resolve_criteria(b, def, &c->children[i]);
			if (rc)
				return rc;
		}
	}
	return 0;
}

/* extend_definition edges of one definition's criteria (nesting bounded by libxml2's depth limit). */
static int add_definition_edges(struct ref_graph *g, const struct oval_document *d, size_t from,
				const struct oval_criteria_node *c)
{
	if (c->kind == OVAL_NODE_EXTEND_DEFINITION)
		return ref_graph_add(g, from, (size_t)(c->definition - d->definitions));
	for (size_t i = 0; c->kind == OVAL_NODE_CRITERIA && i < c->n_children; i++) {
		int rc = add_definition_edges(g, d, from, &c->children[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* No extend_definition cycle, and no chain deeper than OVAL_MAX_REF_DEPTH (the evaluator recurses along it). */
static int check_definition_graph(const struct build *b)
{
	const struct oval_document *d = b->doc;
	struct ref_graph g;
	enum ref_graph_verdict verdict;
	size_t where;
	int rc = 0;

	ref_graph_init(&g, d->n_definitions);
	for (size_t i = 0; rc == 0 && i < d->n_definitions; i++)
		if (d->definitions[i].criteria)
			rc = add_definition_edges(&g, d, i, d->definitions[i].criteria);
	if (rc == 0)
		rc = ref_graph_check(&g, OVAL_MAX_REF_DEPTH, &verdict, &where);
	ref_graph_release(&g);
	if (rc)
		return rc;
	if (verdict == REF_GRAPH_CYCLE)
		return bad(b, d->definitions[where].node, "extend_definition cycle through", d->definitions[where].id);
	if (verdict == REF_GRAPH_TOO_DEEP)
		return bad(b, d->definitions[where].node,
			   "extend_definition chain deeper than " OVAL_MAX_REF_DEPTH_TEXT " definitions at",
			   d->definitions[where].id);
	return 0;
}

/*
 * Objects and variables form one graph: node i < n_objects is an object, the
 * others variables.  An object needs the objects of its set and the variables
 * its entities (and its filters' states) refer to; a variable needs the
 * variables and objects its components name.
 */
struct value_graph {
	struct ref_graph g;
	const struct oval_document *d;
};

static size_t object_node(const struct value_graph *vg, const struct oval_object *o)
{
	return (size_t)(o - vg->d->objects);
}

static size_t variable_node(const struct value_graph *vg, const struct oval_variable *v)
{
	return vg->d->n_objects + (size_t)(v - vg->d->variables);
}

static int add_entity_edges(struct value_graph *vg, size_t from, const struct oval_entity *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct oval_variable *v = e[i].var_ref ? oval_document_variable(vg->d, e[i].var_ref) : NULL;
		int rc = v ? ref_graph_add(&vg->g, from, variable_node(vg, v)) : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static int add_filter_edges(struct value_graph *vg, size_t from, const struct oval_filter *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = add_entity_edges(vg, from, f[i].state->entities, f[i].state->n_entities);
		if (rc)
			return rc;
	}
	return 0;
}

/* Sets nest at most 16 deep (build_set), so recursing here is bounded. */
static int add_set_edges(struct value_graph *vg, size_t from, const struct oval_set *set)
{
	int rc;

	for (size_t i = 0; i < set->n_objects; i++)
		if ((rc = ref_graph_add(&vg->g, from, object_node(vg, set->objects[i]))))
			return rc;
	for (size_t i = 0; i < set->n_sets; i++)
		if ((rc = add_set_edges(vg, from, &set->sets[i])))
			return rc;
	return add_filter_edges(vg, from, set->filters, set->n_filters);
}

/* Components nest at most 32 deep (build_component). */
static int add_component_edges(struct value_graph *vg, size_t from, const struct oval_component *c)
{
	int rc = 0;

	if (c->kind == OVAL_COMP_VARIABLE)
		rc = ref_graph_add(&vg->g, from, variable_node(vg, oval_document_variable(vg->d, c->var_ref)));
	else if (c->kind == OVAL_COMP_OBJECT)
		rc = ref_graph_add(&vg->g, from, object_node(vg, oval_document_object(vg->d, c->object_ref)));
	for (size_t i = 0; rc == 0 && i < c->n_children; i++)
		rc = add_component_edges(vg, from, &c->children[i]);
	return rc;
}

static int build_value_graph(struct value_graph *vg)
{
	const struct oval_document *d = vg->d;
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < d->n_objects; i++) {
		const struct oval_object *o = &d->objects[i];
		if ((rc = add_entity_edges(vg, i, o->entities, o->n_entities)) ||
		    (rc = add_filter_edges(vg, i, o->filters, o->n_filters)))
			break;
		if (o->set)
			rc = add_set_edges(vg, i, o->set);
	}
	for (size_t i = 0; rc == 0 && i < d->n_variables; i++)
		if (d->variables[i].component)
			rc = add_component_edges(vg, variable_node(vg, &d->variables[i]), d->variables[i].component);
	return rc;
}

/* A variable or object that depends on itself can never have a value; a chain
 * deeper than OVAL_MAX_REF_DEPTH would exhaust the evaluator's stack. */
static int check_value_graph(const struct build *b)
{
	const struct oval_document *d = b->doc;
	struct value_graph vg = {.d = d};
	enum ref_graph_verdict verdict;
	size_t where;
	int rc;

	ref_graph_init(&vg.g, d->n_objects + d->n_variables);
	rc = build_value_graph(&vg);
	if (rc == 0)
		rc = ref_graph_check(&vg.g, OVAL_MAX_REF_DEPTH, &verdict, &where);
	ref_graph_release(&vg.g);
	if (rc || verdict == REF_GRAPH_OK)
		return rc;
	bool is_object = where < d->n_objects;
	const xmlNode *node = is_object ? d->objects[where].node : d->variables[where - d->n_objects].node;
	const char *id = is_object ? d->objects[where].id : d->variables[where - d->n_objects].id;
	if (verdict == REF_GRAPH_CYCLE)
		return bad(b, node, is_object ? "object cycle (sets, filters or variables) through" : "variable cycle through", id);
	return bad(b, node, "variables and objects nested deeper than " OVAL_MAX_REF_DEPTH_TEXT " at", id);
}

static int resolve(struct build *b)
{
	struct oval_document *d = b->doc;
	int rc;

	for (size_t i = 0; i < d->n_tests; i++) {
		struct oval_test *t = &d->tests[i];
		if (!t->object_ref)
			return bad(b, t->node, "test without object", t->id);
		t->object = oval_document_object(d, t->object_ref);
		if (!t->object)
			return bad(b, t->node, "test names a missing object", t->object_ref);
		for (size_t k = 0; k < t->n_state_refs; k++) {
			t->states[k] = t->state_refs[k] ? oval_document_state(d, t->state_refs[k]) : NULL;
			if (!t->states[k])
				return bad(b, t->node, "test names a missing state", t->state_refs[k]);
		}
	}
	for (size_t i = 0; i < d->n_objects; i++) {
		struct oval_object *o = &d->objects[i];
		if ((rc = check_var_refs(b, o->entities, o->n_entities, o->node)) ||
		    (rc = resolve_filters(b, o->node, o->filters, o->n_filters)) ||
		    (o->set && (rc = resolve_set(b, o->node, o->set))))
			return rc;
	}
	for (size_t i = 0; i < d->n_variables; i++)
		if (d->variables[i].component &&
		    (rc = check_component_refs(b, &d->variables[i], d->variables[i].component)))
			return rc;
	for (size_t i = 0; i < d->n_states; i++)
		if ((rc = check_var_refs(b, d->states[i].entities, d->states[i].n_entities, d->states[i].node)))
			return rc;
	if ((rc = check_value_graph(b)))
		return rc;
	for (size_t i = 0; i < d->n_definitions; i++)
		if (d->definitions[i].criteria &&
		    (rc = resolve_criteria(b, &d->definitions[i], d->definitions[i].criteria)))
			return rc;
	return check_definition_graph(b);
}

int oval_document_build(struct oval_document **out, xmlNodePtr root, const char *href)
{
	struct arena a;
	struct build b;
	int rc;

	*out = NULL;
	if (!dom_is(root, OVAL_NS_DEFS, "oval_definitions"))
		return cscap_err(CSCAP_EPARSE, "%s: not an OVAL definitions document", href);
	arena_init(&a);
	b.doc = arena_alloc(&a, sizeof(*b.doc));
	if (!b.doc)
		return cscap_err_oom();
	b.doc->arena = a;
	b.doc->root = root;
	b.doc->href = arena_strdup(&b.doc->arena, href);
	b.name = root->doc && root->doc->URL ? (const char *)root->doc->URL : href;
	if ((rc = build_definitions(&b, root)) || (rc = build_tests(&b, root)) ||
	    (rc = build_objects(&b, root)) || (rc = build_states(&b, root)) ||
	    (rc = build_variables(&b, root)) || (rc = resolve(&b))) {
		oval_document_free(b.doc);
		return rc;
	}
	*out = b.doc;
	return 0;
}
