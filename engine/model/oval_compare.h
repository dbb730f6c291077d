/*
 * Comparing one collected value with one value from content, under an OVAL
 * operation and datatype.  Shared by the probes (object entities select
 * items) and the evaluator (state entities judge them).
 */
#ifndef CSCAP_OVAL_COMPARE_H
#define CSCAP_OVAL_COMPARE_H

#include "model/oval.h"

struct regex_cache;

/* A cache of compiled patterns, owned by whoever creates it (one per scan). */
int regex_cache_new(struct regex_cache **out);
void regex_cache_free(struct regex_cache *cache);

/*
 * TRUE/FALSE for a comparison that could be made; ERROR when a value cannot
 * be read as the datatype, the operation does not apply to the datatype, or
 * the pattern does not compile.  item_value is the collected side.
 * Datatypes compared: string, int, float, boolean, version, evr_string
 * (rpm's rpmvercmp), debian_evr_string (Debian policy), ipv4_address and
 * ipv6_address (with prefixes; also "subset of"/"superset of"), binary.
 * fileset_revision, ios_version and record are always ERROR here.
 */
enum oval_result oval_compare(struct regex_cache *cache, enum oval_operation op,
			      enum oval_datatype dt, const char *item_value,
			      const char *content_value);

/*
 * One entity of an object or state against one collected value: the
 * entity's own value, or every value of its variable combined under the
 * entity's var_check.  A variable without values is an ERROR, never a guess.
 * "subset of"/"superset of" with a variable of any datatype but an IP
 * address treat the variable's values as the set and the collected value as
 * a one-element set (var_check does not apply).
 */
enum oval_result oval_compare_entity(struct regex_cache *cache, const struct oval_entity *e,
				     const struct oval_var_env *env, const char *item_value);

#endif
