/*
 * CPE applicability: a dictionary of CPE names, each with a check (an OVAL
 * inventory definition) that says whether the target is that platform, and
 * the CPE 2.3 applicability-language platforms a benchmark defines.
 * Everything lives in the arena of the struct that holds it.
 */
#ifndef CSCAP_MODEL_CPE_H
#define CSCAP_MODEL_CPE_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"

#define CPE_DICT_NS "http://cpe.mitre.org/dictionary/2.0"
#define CPE_LANG_NS "http://cpe.mitre.org/language/2.0"

struct cpe_check {
	const char *system;  /* e.g. the OVAL definitions namespace */
	const char *href;    /* the document, as the content names it */
	const char *id;      /* the definition id */
};

struct cpe_item {
	const char *name;    /* cpe:/a:... or cpe:2.3:... */
	struct cpe_check check;
	bool has_check;
};

struct cpe_dictionary {
	struct arena arena;
	struct cpe_item *items; /* document order */
	size_t n_items;
};

/* A logical test of the applicability language: AND/OR, negate, facts and nested tests. */
struct cpe_logical_test {
	bool is_or;
	bool negate;
	const char **fact_names;           /* fact-ref: a CPE name, judged by the dictionary */
	size_t n_fact_names;
	struct cpe_check *check_facts;     /* check-fact-ref: a check named directly */
	size_t n_check_facts;
	struct cpe_logical_test *children;
	size_t n_children;
};

struct cpe_platform {
	const char *id;
	struct cpe_logical_test test;
};

void cpe_dictionary_free(struct cpe_dictionary *d);
const struct cpe_item *cpe_dictionary_item(const struct cpe_dictionary *d, const char *name);

#endif
