/*
 * The XCCDF benchmark model (XCCDF 1.2, and 1.1 as DISA publishes its STIGs).
 * Everything here is owned by the benchmark's arena; `node` fields point into
 * the source document, which outlives the model.
 */
#ifndef CSCAP_MODEL_XCCDF_H
#define CSCAP_MODEL_XCCDF_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "common/arena.h"
#include "model/cpe.h"

#define XCCDF12_NS "http://checklists.nist.gov/xccdf/1.2"
#define XCCDF11_NS "http://checklists.nist.gov/xccdf/1.1"
#define XCCDF_SYSTEM_OVAL "http://oval.mitre.org/XMLSchema/oval-definitions-5"

enum xccdf_role { XCCDF_ROLE_FULL, XCCDF_ROLE_UNSCORED, XCCDF_ROLE_UNCHECKED };
enum xccdf_severity { XCCDF_SEV_UNKNOWN, XCCDF_SEV_INFO, XCCDF_SEV_LOW, XCCDF_SEV_MEDIUM,
		      XCCDF_SEV_HIGH };

struct xccdf_ident {
	const char *system;
	const char *value;
};

struct xccdf_check_ref {
	const char *href;
	const char *name; /* NULL: every definition of the document */
};

struct xccdf_check_export {
	const char *value_id;
	const char *export_name;
};

struct xccdf_check {
	const char *system;
	const char *id;
	const char *selector;
	bool negate;
	bool multi_check;
	struct xccdf_check_ref *refs;
	size_t n_refs;
	struct xccdf_check_export *exports;
	size_t n_exports;
};

/* <complex-check>: checks combined with AND/OR, optionally negated. */
struct xccdf_complex_check {
	bool is_or;
	bool negate;
	struct xccdf_check *checks;   /* leaves, document order among themselves */
	size_t n_checks;
	struct xccdf_complex_check *children;
	size_t n_children;
};

enum xccdf_item_kind { XCCDF_ITEM_GROUP, XCCDF_ITEM_RULE };

/* <requires idref="a b">: met when any one of the items named is selected. */
struct xccdf_requires {
	const char **idrefs;
	size_t n_idrefs;
};

/* A Group or a Rule; `children` only for groups, the rule fields only for rules. */
struct xccdf_item {
	enum xccdf_item_kind kind;
	const char *id;
	const char *title;
	bool selected;                 /* the document's default */
	double weight;
	struct xccdf_item *parent;     /* NULL at the top level */
	struct xccdf_item **children;  /* document order */
	size_t n_children;
	/* rules */
	size_t rule_index;             /* position in benchmark->rules */
	const char *version;           /* e.g. DISA's DKER-EE-001240 */
	enum xccdf_severity severity;
	enum xccdf_role role;
	struct xccdf_ident *idents;
	size_t n_idents;
	struct xccdf_check *checks;    /* alternatives (by selector), document order */
	size_t n_checks;
	struct xccdf_complex_check *complex_check; /* NULL when the rule has none */
	const char **platforms;        /* platform idrefs (CPE names or #ids) */
	size_t n_platforms;
	/* Every <requires> must be met and no <conflicts> item selected, or the
	 * item is deselected when it is processed (XCCDF 1.2, 7.2.3.3). */
	struct xccdf_requires *requires;
	size_t n_requires;
	const char **conflicts;
	size_t n_conflicts;
	const char *cluster_id;        /* a profile's selectors may name it instead of the id */
	xmlNodePtr node;
};

struct xccdf_value_choice {
	const char *selector; /* "" for the default */
	const char *value;
};

struct xccdf_value {
	const char *id;
	const char *cluster_id; /* refine-value may name it instead of the id; NULL: none */
	const char *type;     /* string, number, boolean */
	const char *operator_;
	const char *value;    /* the default (unselected) value */
	struct xccdf_value_choice *choices; /* every <value>, document order */
	size_t n_choices;
};

struct xccdf_select { const char *idref; bool selected; };
struct xccdf_set_value { const char *idref; const char *value; };
struct xccdf_refine_value { const char *idref; const char *selector; const char *operator_; };
struct xccdf_refine_rule {
	const char *idref;
	const char *selector;   /* NULL: unchanged */
	const char *severity;   /* NULL: unchanged */
	const char *role;       /* NULL: unchanged */
	const char *weight;     /* NULL: unchanged */
};

struct xccdf_profile {
	const char *id;
	const char *title;
	const char *extends;
	struct xccdf_select *selects; size_t n_selects;
	struct xccdf_set_value *set_values; size_t n_set_values;
	struct xccdf_refine_value *refine_values; size_t n_refine_values;
	struct xccdf_refine_rule *refine_rules; size_t n_refine_rules;
	bool from_tailoring;    /* defined by a tailoring document */
	xmlNodePtr node;
};

struct xccdf_benchmark {
	struct arena arena;
	int xccdf_version;            /* 11 or 12 */
	const char *ns;               /* namespace of the document */
	const char *id;
	const char *version;
	const char *title;
	struct xccdf_item **top;      /* top-level groups and rules, document order */
	size_t n_top;
	struct xccdf_item **rules;    /* every rule, document order */
	size_t n_rules;
	struct xccdf_item **by_id;    /* every item, sorted by id */
	size_t n_items;
	struct xccdf_value *values; size_t n_values;
	struct xccdf_profile *profiles; size_t n_profiles; /* document order */
	const char **platforms;       /* the Benchmark's own platforms */
	size_t n_platforms;
	struct cpe_platform *cpe_platforms; /* its cpe-lang platform-specification */
	size_t n_cpe_platforms;
	xmlNodePtr node;
};

void xccdf_benchmark_free(struct xccdf_benchmark *b);
struct xccdf_item *xccdf_benchmark_item(const struct xccdf_benchmark *b, const char *id);
struct xccdf_profile *xccdf_benchmark_profile(const struct xccdf_benchmark *b, const char *id);
struct xccdf_value *xccdf_benchmark_value(const struct xccdf_benchmark *b, const char *id);

const char *xccdf_role_name(enum xccdf_role r);
const char *xccdf_severity_name(enum xccdf_severity s);
int xccdf_role_parse(const char *s, enum xccdf_role *out);
int xccdf_severity_parse(const char *s, enum xccdf_severity *out);

#endif
