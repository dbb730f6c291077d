#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/error_internal.h"
#include "model/oval_compare.h"
#include "model/oval_logic.h"

struct regex_entry {
	char *pattern;
	pcre2_code *code; /* NULL: the pattern did not compile */
};

struct regex_cache {
	struct regex_entry *entries; /* sorted by pattern */
	size_t n, cap;
	pcre2_match_data *match;
};

int regex_cache_new(struct regex_cache **out)
{
	struct regex_cache *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return cscap_err_oom();
	c->match = pcre2_match_data_create(1, NULL);
	if (!c->match) {
		free(c);
		return cscap_err_oom();
	}
	*out = c;
	return 0;
}

void regex_cache_free(struct regex_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->entries[i].pattern);
		pcre2_code_free(c->entries[i].code);
	}
	free(c->entries);
	pcre2_match_data_free(c->match);
	free(c);
}

/* The compiled pattern, compiling it on first use; NULL when it does not compile. */
static pcre2_code *regex_get(struct regex_cache *c, const char *pattern, int *oom)
{
	size_t lo = 0, hi = c->n;

	*oom = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(pattern, c->entries[mid].pattern);
		if (cmp == 0)
			return c->entries[mid].code;
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 16;
		struct regex_entry *grown = realloc(c->entries, ncap * sizeof(*grown));
		if (!grown) {
			*oom = 1;
			return NULL;
		}
		c->entries = grown;
		c->cap = ncap;
	}
	char *copy = strdup(pattern);
	if (!copy) {
		*oom = 1;
		return NULL;
	}
	int errcode;
	PCRE2_SIZE erroff;
	/* OVAL patterns are Perl-compatible regular expressions, matched anywhere
	 * in the value unless anchored. */
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
					 &errcode, &erroff, NULL);
	memmove(&c->entries[lo + 1], &c->entries[lo], (c->n - lo) * sizeof(*c->entries));
	c->entries[lo].pattern = copy;
	c->entries[lo].code = code;
	c->n++;
	return code;
}

static enum oval_result truth(int b)
{
	return b ? OVAL_RESULT_TRUE : OVAL_RESULT_FALSE;
}

static int parse_int(const char *s, long long *out)
{
	char *end;

	if (!s || !*s)
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 10);
	return (errno || *end) ? -1 : 0;
}

static int parse_float(const char *s, double *out)
{
	char *end;

	/* strtod also reads hexadecimal and "inf"; xsd:float allows neither form here. */
	if (!s || !*s || strpbrk(s, "xXiInN"))
		return -1;
	errno = 0;
	*out = strtod(s, &end);
	/* NaN compares unequal to everything, itself included: no verdict can rest on it. */
	return (errno || *end || isnan(*out)) ? -1 : 0;
}

static int parse_bool(const char *s, int *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static enum oval_result order(enum oval_operation op, int cmp)
{
	switch (op) {
	case OVAL_OP_EQUALS: return truth(cmp == 0);
	case OVAL_OP_NOT_EQUAL: return truth(cmp != 0);
	case OVAL_OP_GREATER_THAN: return truth(cmp > 0);
	case OVAL_OP_LESS_THAN: return truth(cmp < 0);
	case OVAL_OP_GREATER_THAN_OR_EQUAL: return truth(cmp >= 0);
	case OVAL_OP_LESS_THAN_OR_EQUAL: return truth(cmp <= 0);
	default: return OVAL_RESULT_ERROR;
	}
}

/* After a number, a version goes on with a separator or ends. */
static int skip_separator(const char **p)
{
	if (**p == '.' || **p == '-' || **p == '_' || **p == ':') {
		(*p)++;
		return 0;
	}
	return **p ? -1 : 0;
}

static int read_component(const char **p, unsigned long long *out)
{
	char *end;

	*out = 0;
	if (!**p)
		return 0; /* a missing component counts as 0 */
	if (**p < '0' || **p > '9')
		return -1;
	*out = strtoull(*p, &end, 10);
	*p = end;
	return skip_separator(p);
}

/* Dotted versions compare component by component, numerically. */
static int parse_version_cmp(const char *a, const char *b, int *out)
{
	while (*a || *b) {
		unsigned long long x, y;
		if (read_component(&a, &x) || read_component(&b, &y))
			return -1;
		if (x != y) {
			*out = x < y ? -1 : 1;
			return 0;
		}
	}
	*out = 0;
	return 0;
}

static enum oval_result compare_string(struct regex_cache *cache, enum oval_operation op,
				       const char *item, const char *value)
{
	switch (op) {
	case OVAL_OP_EQUALS: return truth(strcmp(item, value) == 0);
	case OVAL_OP_NOT_EQUAL: return truth(strcmp(item, value) != 0);
	case OVAL_OP_CI_EQUALS: return truth(strcasecmp(item, value) == 0);
	case OVAL_OP_CI_NOT_EQUAL: return truth(strcasecmp(item, value) != 0);
	case OVAL_OP_PATTERN_MATCH: {
		int oom;
		pcre2_code *code = regex_get(cache, value, &oom);
		if (!code)
			return OVAL_RESULT_ERROR;
		int rc = pcre2_match(code, (PCRE2_SPTR)item, strlen(item), 0, 0, cache->match, NULL);
		if (rc >= 0)
			return OVAL_RESULT_TRUE;
		return rc == PCRE2_ERROR_NOMATCH ? OVAL_RESULT_FALSE : OVAL_RESULT_ERROR;
	}
	default:
		return OVAL_RESULT_ERROR;
	}
}

enum oval_result oval_compare(struct regex_cache *cache, enum oval_operation op,
			      enum oval_datatype dt, const char *item, const char *value)
{
	if (!item || !value)
		return OVAL_RESULT_ERROR;
	switch (dt) {
	case OVAL_DT_STRING:
		return compare_string(cache, op, item, value);
	case OVAL_DT_INT: {
		long long x, y;
		if (parse_int(item, &x) || parse_int(value, &y))
			return OVAL_RESULT_ERROR;
		if (op == OVAL_OP_BITWISE_AND)
			return truth((x & y) == y);
		if (op == OVAL_OP_BITWISE_OR)
			return truth((x | y) == y);
		return order(op, x < y ? -1 : x > y);
	}
	case OVAL_DT_FLOAT: {
		double x, y;
		if (parse_float(item, &x) || parse_float(value, &y))
			return OVAL_RESULT_ERROR;
		return order(op, x < y ? -1 : x > y);
	}
	case OVAL_DT_BOOLEAN: {
		int x, y;
		if (parse_bool(item, &x) || parse_bool(value, &y))
			return OVAL_RESULT_ERROR;
		if (op != OVAL_OP_EQUALS && op != OVAL_OP_NOT_EQUAL)
			return OVAL_RESULT_ERROR;
		return order(op, x - y);
	}
	case OVAL_DT_VERSION: {
		int cmp;
		if (parse_version_cmp(item, value, &cmp))
			return OVAL_RESULT_ERROR;
		return order(op, cmp);
	}
	default:
		/* Datatypes cscap does not compare yet are an error, never a guess. */
		return OVAL_RESULT_ERROR;
	}
}

enum oval_result oval_compare_entity(struct regex_cache *cache, const struct oval_entity *e,
				     const struct oval_var_env *env, const char *item_value)
{
	const char *const *values;
	size_t n;
	struct oval_result_counts c = {0};

	if (!e->var_ref)
		return oval_compare(cache, e->operation, e->datatype, item_value, e->value);
	if (!env || oval_var_env_values(env, e->var_ref, &values, &n) != 0 || n == 0)
		return OVAL_RESULT_ERROR;
	for (size_t i = 0; i < n; i++)
		oval_counts_add(&c, oval_compare(cache, e->operation, e->datatype, item_value, values[i]));
	return oval_check_apply(e->var_check, &c);
}
