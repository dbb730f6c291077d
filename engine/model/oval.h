/*
 * The OVAL definitions model: what the evaluator needs of an
 * oval_definitions document, in a form that is cheap to walk.  Every object
 * here, and every string it points to, is owned by the arena of the
 * oval_document it belongs to; `node` fields point into the source document,
 * which the loader keeps alive for as long as the model.
 */
#ifndef CSCAP_MODEL_OVAL_H
#define CSCAP_MODEL_OVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "common/arena.h"

#define OVAL_NS_DEFS "http://oval.mitre.org/XMLSchema/oval-definitions-5"
#define OVAL_NS_COMMON "http://oval.mitre.org/XMLSchema/oval-common-5"
#define OVAL_NS_RESULTS "http://oval.mitre.org/XMLSchema/oval-results-5"
#define OVAL_NS_SC "http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"

/* The longest extend_definition chain, and the longest chain of variables and
 * objects (variable components, object components, sets, var_refs), the loader
 * accepts.  The evaluator recurses along both; real content stays far below. */
#define OVAL_MAX_REF_DEPTH 256
#define OVAL_MAX_REF_DEPTH_TEXT "256"

enum oval_operation {
	OVAL_OP_EQUALS,
	OVAL_OP_NOT_EQUAL,
	OVAL_OP_CI_EQUALS,
	OVAL_OP_CI_NOT_EQUAL,
	OVAL_OP_GREATER_THAN,
	OVAL_OP_LESS_THAN,
	OVAL_OP_GREATER_THAN_OR_EQUAL,
	OVAL_OP_LESS_THAN_OR_EQUAL,
	OVAL_OP_BITWISE_AND,
	OVAL_OP_BITWISE_OR,
	OVAL_OP_PATTERN_MATCH,
	OVAL_OP_SUBSET_OF,
	OVAL_OP_SUPERSET_OF,
};

enum oval_datatype {
	OVAL_DT_STRING,
	OVAL_DT_INT,
	OVAL_DT_FLOAT,
	OVAL_DT_BOOLEAN,
	OVAL_DT_VERSION,
	OVAL_DT_EVR_STRING,
	OVAL_DT_DEBIAN_EVR_STRING,
	OVAL_DT_IPV4,
	OVAL_DT_IPV6,
	OVAL_DT_BINARY,
	OVAL_DT_FILESET_REVISION,
	OVAL_DT_IOS_VERSION,
	OVAL_DT_RECORD,
};

/* Used for check, entity_check and var_check alike. */
enum oval_check {
	OVAL_CHECK_ALL,
	OVAL_CHECK_AT_LEAST_ONE,
	OVAL_CHECK_NONE_EXIST, /* deprecated spelling of none satisfy */
	OVAL_CHECK_NONE_SATISFY,
	OVAL_CHECK_ONLY_ONE,
};

enum oval_existence {
	OVAL_EXIST_ALL,
	OVAL_EXIST_ANY,
	OVAL_EXIST_AT_LEAST_ONE,
	OVAL_EXIST_NONE,
	OVAL_EXIST_ONLY_ONE,
};

enum oval_operator { OVAL_OPERATOR_AND, OVAL_OPERATOR_ONE, OVAL_OPERATOR_OR, OVAL_OPERATOR_XOR };

/* The six results of OVAL, in the order the specification's tables use. */
enum oval_result {
	OVAL_RESULT_TRUE,
	OVAL_RESULT_FALSE,
	OVAL_RESULT_UNKNOWN,
	OVAL_RESULT_ERROR,
	OVAL_RESULT_NOT_EVALUATED,
	OVAL_RESULT_NOT_APPLICABLE,
};

enum oval_class { OVAL_CLASS_COMPLIANCE, OVAL_CLASS_INVENTORY, OVAL_CLASS_MISCELLANEOUS,
		  OVAL_CLASS_PATCH, OVAL_CLASS_VULNERABILITY };

/* An entity of an object or a state: <name operation= datatype= ...>value</name>. */
struct oval_entity {
	const char *name;          /* local name, e.g. "pid_mode" */
	const char *value;         /* text; "" when empty */
	const char *var_ref;       /* NULL unless the value comes from a variable */
	enum oval_operation operation;
	enum oval_datatype datatype;
	enum oval_check entity_check;
	enum oval_check var_check;
	bool nil;                  /* xsi:nil="true" */
	struct oval_entity *fields; /* datatype "record": its <field name=...> elements */
	size_t n_fields;
};

struct oval_state;

/* <filter action="include|exclude">state id</filter> */
struct oval_filter {
	bool exclude;
	const char *state_ref;
	struct oval_state *state;      /* resolved */
};

enum oval_set_operator { OVAL_SET_UNION, OVAL_SET_INTERSECTION, OVAL_SET_COMPLEMENT };

struct oval_object;

/* <set>: one or two object references or nested sets, combined, then filtered. */
struct oval_set {
	enum oval_set_operator op;
	const char *object_refs[2];
	struct oval_object *objects[2]; /* resolved; NULL where a nested set stands */
	size_t n_objects;
	struct oval_set *sets;          /* nested sets (0 or 2) */
	size_t n_sets;
	struct oval_filter *filters;
	size_t n_filters;
};

struct oval_object {
	const char *id;
	const char *ns;     /* namespace of the element: selects the probe family */
	const char *type;   /* local name, e.g. "container_object" */
	const char *version;
	const char *comment;
	struct oval_entity *entities; /* the object's own entities, document order */
	size_t n_entities;
	struct oval_filter *filters;  /* applied to what the probe collected */
	size_t n_filters;
	struct oval_set *set;         /* a set object instead of entities; NULL otherwise */
	xmlNodePtr node;
};

struct oval_state {
	const char *id;
	const char *ns;
	const char *type;
	const char *version;
	enum oval_operator operator;
	struct oval_entity *entities;
	size_t n_entities;
	xmlNodePtr node;
};

struct oval_test {
	const char *id;
	const char *ns;
	const char *type;
	const char *version;
	const char *comment;
	enum oval_check check;
	enum oval_existence check_existence;
	enum oval_operator state_operator;
	const char *object_ref;
	const char **state_refs;
	size_t n_state_refs;
	/* Resolved by the loader; never NULL once loading succeeded. */
	struct oval_object *object;
	struct oval_state **states;
	xmlNodePtr node;
};

enum oval_criteria_kind { OVAL_NODE_CRITERIA, OVAL_NODE_CRITERION, OVAL_NODE_EXTEND_DEFINITION };

struct oval_definition;

struct oval_criteria_node {
	enum oval_criteria_kind kind;
	bool negate;
	bool applicability_check;
	enum oval_operator operator;          /* criteria only */
	struct oval_criteria_node *children;  /* criteria only: array */
	size_t n_children;
	const char *ref;                      /* test_ref or definition_ref */
	struct oval_test *test;               /* criterion: resolved */
	struct oval_definition *definition;   /* extend_definition: resolved */
	const char *comment;
};

struct oval_definition {
	const char *id;
	const char *version;
	enum oval_class class_;
	const char *title;
	bool deprecated;
	struct oval_criteria_node *criteria; /* NULL when the definition has none */
	xmlNodePtr node;
};

enum oval_variable_kind { OVAL_VAR_EXTERNAL, OVAL_VAR_CONSTANT, OVAL_VAR_LOCAL };

/* The components and functions a local variable computes its values with. */
enum oval_component_kind {
	OVAL_COMP_LITERAL, OVAL_COMP_OBJECT, OVAL_COMP_VARIABLE,
	OVAL_FN_ARITHMETIC, OVAL_FN_BEGIN, OVAL_FN_CONCAT, OVAL_FN_COUNT, OVAL_FN_END,
	OVAL_FN_ESCAPE_REGEX, OVAL_FN_SPLIT, OVAL_FN_SUBSTRING, OVAL_FN_TIME_DIFFERENCE,
	OVAL_FN_REGEX_CAPTURE, OVAL_FN_UNIQUE, OVAL_FN_GLOB_TO_REGEX,
};

struct oval_component {
	enum oval_component_kind kind;
	const char *value;        /* literal */
	const char *object_ref;   /* object component */
	const char *item_field;
	const char *record_field; /* may be NULL */
	const char *var_ref;      /* variable component */
	const char *text;         /* arithmetic: operation; begin/end: character; split: delimiter;
	                             regex_capture: pattern */
	long substring_start, substring_length;
	bool glob_noescape;
	const char *format_1, *format_2; /* time_difference's date formats (the schema's default
	                                    year_month_day when absent) */
	struct oval_component *children;
	size_t n_children;
};

struct oval_variable {
	const char *id;
	const char *version;
	const char *comment;
	enum oval_variable_kind kind;
	enum oval_datatype datatype;
	const char **values;   /* constant variables: their values */
	size_t n_values;
	struct oval_component *component; /* local variables */
	xmlNodePtr node;
};

/* One loaded oval_definitions document. */
struct oval_document {
	struct arena arena;       /* owns everything below except doc */
	const char *href;         /* the name content refers to it by (catalog name or file) */
	xmlNodePtr root;          /* <oval_definitions>, inside a document the content owns */
	struct oval_definition *definitions; size_t n_definitions; /* sorted by id */
	struct oval_test *tests; size_t n_tests;                   /* sorted by id */
	struct oval_object *objects; size_t n_objects;             /* sorted by id */
	struct oval_state *states; size_t n_states;                /* sorted by id */
	struct oval_variable *variables; size_t n_variables;       /* sorted by id */
};

/*
 * The values variables have during one evaluation of a document: external
 * variables get theirs from the caller (XCCDF check-export), constant ones
 * from the document.  Owned by whoever evaluates; strings borrowed.
 */
struct oval_binding {
	const char *variable_id;
	const char **values;
	size_t n_values;
};

struct oval_var_env {
	const struct oval_document *doc;
	struct oval_binding *bindings; /* externals supplied by the caller */
	size_t n_bindings;
	/* Local variables are computed by whoever evaluates (they may need probes):
	 * 0 with the values, or -1 when they cannot be computed.  May be NULL. */
	int (*compute_local)(void *ctx, const struct oval_variable *v, const char *const **values,
			     size_t *n);
	void *compute_ctx;
};

/* The values of variable id; 0, or -1 when it has none (unknown id, an external
 * nobody supplied, or a local variable cscap does not compute yet). */
int oval_var_env_values(const struct oval_var_env *env, const char *id, const char *const **values,
			size_t *n);

/* Release doc and everything in its arena (not the XML it points into). NULL is fine. */
void oval_document_free(struct oval_document *doc);

/* Look-ups by id (binary search); NULL when absent. */
struct oval_definition *oval_document_definition(const struct oval_document *doc, const char *id);
struct oval_test *oval_document_test(const struct oval_document *doc, const char *id);
struct oval_object *oval_document_object(const struct oval_document *doc, const char *id);
struct oval_state *oval_document_state(const struct oval_document *doc, const char *id);
struct oval_variable *oval_document_variable(const struct oval_document *doc, const char *id);

/* Names as the OVAL schemas spell them. */
const char *oval_operation_name(enum oval_operation op);
const char *oval_datatype_name(enum oval_datatype dt);
const char *oval_check_name(enum oval_check check);
const char *oval_existence_name(enum oval_existence ex);
const char *oval_operator_name(enum oval_operator op);
const char *oval_class_name(enum oval_class c);
const char *oval_result_name(enum oval_result r);
int oval_result_parse(const char *s, enum oval_result *out);

/* Parse the spelling; return 0, or -1 when the text is not one of them. */
int oval_operation_parse(const char *s, enum oval_operation *out);
int oval_datatype_parse(const char *s, enum oval_datatype *out);
int oval_check_parse(const char *s, enum oval_check *out);
int oval_existence_parse(const char *s, enum oval_existence *out);
int oval_operator_parse(const char *s, enum oval_operator *out);
int oval_class_parse(const char *s, enum oval_class *out);

#endif
