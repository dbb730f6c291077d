/*
 * Unit tests of the OVAL 5.11 datatypes in engine/model/oval_compare.c that
 * need more than a number or a string: evr_string (rpm's rpmvercmp),
 * debian_evr_string (Debian policy), ipv4_address and ipv6_address (with
 * prefixes: order, subset, superset), binary, and "subset of"/"superset of"
 * on an entity whose variable holds a set of values.
 *
 * The version tables list pairs with their known ordering; every pair is
 * checked under all six operations in both directions, so one row tests
 * "<", ">", "=" and their negations at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "model/oval.h"
#include "model/oval_compare.h"

#define T OVAL_RESULT_TRUE
#define F OVAL_RESULT_FALSE
#define E OVAL_RESULT_ERROR

struct ordering {
	const char *a, *b;
	int cmp; /* the sign of a - b */
};

struct case_ {
	enum oval_operation op;
	const char *item, *value;
	enum oval_result want;
};

static int setup_cache(void **state)
{
	struct regex_cache *c;

	if (regex_cache_new(&c) != 0)
		return -1;
	*state = c;
	return 0;
}

static int teardown_cache(void **state)
{
	regex_cache_free(*state);
	return 0;
}

static enum oval_result expected(enum oval_operation op, int cmp)
{
	switch (op) {
	case OVAL_OP_EQUALS: return cmp == 0 ? T : F;
	case OVAL_OP_NOT_EQUAL: return cmp != 0 ? T : F;
	case OVAL_OP_LESS_THAN: return cmp < 0 ? T : F;
	case OVAL_OP_LESS_THAN_OR_EQUAL: return cmp <= 0 ? T : F;
	case OVAL_OP_GREATER_THAN: return cmp > 0 ? T : F;
	default: return cmp >= 0 ? T : F;
	}
}

static const enum oval_operation order_ops[] = {
	OVAL_OP_EQUALS,    OVAL_OP_NOT_EQUAL,          OVAL_OP_LESS_THAN,
	OVAL_OP_LESS_THAN_OR_EQUAL, OVAL_OP_GREATER_THAN, OVAL_OP_GREATER_THAN_OR_EQUAL,
};

/* Every pair under the six order operations, both ways round. */
static void run_orderings(struct regex_cache *cache, enum oval_datatype dt, const struct ordering *o,
			  size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(order_ops) / sizeof(order_ops[0]); k++)
			for (int swap = 0; swap < 2; swap++) {
				const char *x = swap ? o[i].b : o[i].a, *y = swap ? o[i].a : o[i].b;
				enum oval_result want = expected(order_ops[k], swap ? -o[i].cmp : o[i].cmp);
				enum oval_result got = oval_compare(cache, order_ops[k], dt, x, y);
				if (got != want) {
					print_error("%s '%s' %s '%s': got %s, want %s\n", oval_datatype_name(dt), x,
						    oval_operation_name(order_ops[k]), y, oval_result_name(got),
						    oval_result_name(want));
					bad++;
				}
			}
	if (bad)
		fail_msg("%d comparisons wrong", bad);
}

static void run_cases(struct regex_cache *cache, enum oval_datatype dt, const struct case_ *c, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		enum oval_result got = oval_compare(cache, c[i].op, dt, c[i].item, c[i].value);
		if (got != c[i].want) {
			print_error("case %zu: %s '%s' %s '%s': got %s, want %s\n", i, oval_datatype_name(dt),
				    c[i].item, oval_operation_name(c[i].op), c[i].value, oval_result_name(got),
				    oval_result_name(c[i].want));
			bad++;
		}
	}
	if (bad)
		fail_msg("%d of %zu comparisons wrong", bad, n);
}

#define ORDERINGS(cache, dt, t) run_orderings((cache), (dt), (t), sizeof(t) / sizeof((t)[0]))
#define CASES(cache, dt, t) run_cases((cache), (dt), (t), sizeof(t) / sizeof((t)[0]))

/* ------------------------------------------------------------------ evr_string */

static void test_rpm_evr_order(void **state)
{
	static const struct ordering t[] = {
		{"1.0", "1.0", 0},
		{"1.0", "2.0", -1},
		{"2.0.1", "2.0", 1},
		{"2.0", "10.0", -1},          /* numbers, not text */
		{"1.01", "1.1", 0},           /* leading zeros do not count */
		{"1.0a", "1.0", 1},           /* more segments: newer */
		{"1.0a", "1.0.1", -1},        /* a letter segment is older than a number */
		{"1.0a", "1.0b", -1},
		{"1_0", "1.0", 0},            /* separators only separate */
		{"fc4", "fc.4", 0},
		{"1.0~rc1", "1.0", -1},       /* tilde: before the end */
		{"1.0~rc1", "1.0~rc2", -1},
		{"1.0~~", "1.0~", -1},
		{"1.0^git1", "1.0", 1},       /* caret: after the end ... */
		{"1.0^git1", "1.0.1", -1},    /* ... but before more segments */
		{"1.0^git1", "1.0^git2", -1},
		{"1.0^git1", "1.0~rc1", 1},
		{"0:1.0-1", "1.0-1", 0},      /* a missing epoch is 0 */
		{"(none):1.0-1", "0:1.0-1", 0},
		{"1:0.1", "2.0", 1},          /* the epoch first */
		{"1:0.1-1", "0:2.0-1", 1},
		{"2:1.0-1", "10:1.0-1", -1},
		{"1.0-1", "1.0-2", -1},       /* then the release */
		{"1.0-10", "1.0-9", 1},
		{"1.0-1.el8", "1.0-1.el9", -1},
		{"1.0-1", "1.0-1a", -1},
		{"0:4.14.3-9.el8", "0:4.14.3-10.el8", -1},
		{"1.0", "1.0-5", 0},          /* no release on one side: any release matches */
		{"1.2-3.4-5", "1.2-3.4-6", -1}, /* the release follows the last '-' */
	};
	ORDERINGS(*state, OVAL_DT_EVR_STRING, t);
}

static void test_rpm_evr_operations(void **state)
{
	static const struct case_ t[] = {
		{OVAL_OP_PATTERN_MATCH, "1.0-1", "1.0", E},
		{OVAL_OP_CI_EQUALS, "1.0-1", "1.0-1", E},
		{OVAL_OP_BITWISE_AND, "1", "1", E},
		{OVAL_OP_SUBSET_OF, "1.0-1", "1.0-1", E},
		{OVAL_OP_SUPERSET_OF, "1.0-1", "1.0-1", E},
		{OVAL_OP_EQUALS, NULL, "1.0-1", E},
	};
	CASES(*state, OVAL_DT_EVR_STRING, t);
}

/* ------------------------------------------------------------------ debian_evr_string */

static void test_debian_evr_order(void **state)
{
	static const struct ordering t[] = {
		{"1.0", "1.0", 0},
		{"1.0~rc1", "1.0", -1},       /* tilde sorts before everything, even the end */
		{"1.0~~", "1.0~~a", -1},      /* the policy's own example: ~~ < ~~a < ~ < "" < a */
		{"1.0~~a", "1.0~", -1},
		{"1.0~", "1.0", -1},
		{"1.0", "1.0a", -1},
		{"1.0a", "1.0+", -1},         /* letters before non-letters */
		{"1.0+", "1.0.1", -1},        /* non-letters by ASCII: '+' < '.' */
		{"1:0.1", "2.0", 1},          /* the epoch first */
		{"0:2.0", "2.0", 0},
		{"1:1.0", "0:9.9", 1},
		{"1.0-1", "1.0-1ubuntu1", -1},
		{"1.0-1", "1.0-1.1", -1},
		{"1.0", "1.0-0", 0},          /* no revision is revision 0 */
		{"2.0.1", "2.0", 1},
		{"1.2.10", "1.2.9", 1},
		{"1.002", "1.2", 0},
		{"10", "9", 1},
		{"7.6p2-4", "7.6-0", 1},
		{"2.36-9+deb12u4", "2.36-9", 1},
		{"0:2.36-9+deb12u4", "2.36-9+deb12u4", 0},
		{"1.2-3-4", "1.2-3-5", -1},   /* the revision follows the last '-' */
		{"1:1.2.13.dfsg-1", "1:1.2.13.dfsg-1+b1", -1},
	};
	ORDERINGS(*state, OVAL_DT_DEBIAN_EVR_STRING, t);
}

static void test_debian_evr_errors(void **state)
{
	static const struct case_ t[] = {
		{OVAL_OP_EQUALS, "a:1.0", "1.0", E},  /* the epoch is a number */
		{OVAL_OP_EQUALS, "1.0", ":1.0", E},   /* ... and not empty */
		{OVAL_OP_EQUALS, "1:", "1:", E},      /* no upstream version */
		{OVAL_OP_LESS_THAN, "-1", "1.0", E},
		{OVAL_OP_EQUALS, "", "", E},
		{OVAL_OP_PATTERN_MATCH, "1.0", "1.0", E},
		{OVAL_OP_SUBSET_OF, "1.0", "1.0", E},
	};
	CASES(*state, OVAL_DT_DEBIAN_EVR_STRING, t);
}

/* ------------------------------------------------------------------ ip addresses */

static void test_ipv4(void **state)
{
	static const struct case_ t[] = {
		{OVAL_OP_EQUALS, "192.0.2.0", "192.0.2.0/32", T},          /* no prefix is /32 */
		{OVAL_OP_EQUALS, "192.0.2.0", "192.000.002.000", T},       /* leading zeros */
		{OVAL_OP_EQUALS, "192.0.2.0/24", "192.0.2.0/255.255.255.0", T}, /* a netmask */
		{OVAL_OP_EQUALS, "192.0.2.77/24", "192.0.2.0/24", T},      /* host bits do not count */
		{OVAL_OP_EQUALS, "192.0.2.0/24", "192.0.2.0/25", F},
		{OVAL_OP_EQUALS, "192.0.2.1", "192.0.2.2", F},
		{OVAL_OP_NOT_EQUAL, "192.0.2.1", "192.0.2.2", T},
		{OVAL_OP_NOT_EQUAL, "192.0.2.0/24", "192.0.2.0/25", T},
		{OVAL_OP_NOT_EQUAL, "10.0.0.1", "10.0.0.1", F},
		{OVAL_OP_GREATER_THAN, "10.0.0.2", "10.0.0.1", T},
		{OVAL_OP_LESS_THAN, "10.0.0.2", "10.0.0.10", T},           /* numbers, not text */
		{OVAL_OP_LESS_THAN, "9.255.255.255", "10.0.0.0", T},
		{OVAL_OP_GREATER_THAN_OR_EQUAL, "10.0.0.1", "10.0.0.1", T},
		{OVAL_OP_LESS_THAN_OR_EQUAL, "10.0.0.2", "10.0.0.1", F},
		{OVAL_OP_GREATER_THAN, "10.1.0.0/16", "10.0.0.0/16", T},
		/* Prefixes of different lengths have no order. */
		{OVAL_OP_GREATER_THAN, "10.0.0.0/8", "10.0.0.0/16", E},
		{OVAL_OP_LESS_THAN_OR_EQUAL, "10.0.0.1", "10.0.0.0/8", E},
		{OVAL_OP_SUBSET_OF, "192.168.1.5", "192.168.0.0/16", T},
		{OVAL_OP_SUBSET_OF, "192.168.0.0/16", "192.168.1.0/24", F},
		{OVAL_OP_SUBSET_OF, "10.1.0.0/16", "10.0.0.0/8", T},
		{OVAL_OP_SUBSET_OF, "11.0.0.1", "10.0.0.0/8", F},
		{OVAL_OP_SUBSET_OF, "1.2.3.4", "0.0.0.0/0", T},
		{OVAL_OP_SUBSET_OF, "10.0.0.0/8", "10.0.0.0/8", T},
		{OVAL_OP_SUPERSET_OF, "192.168.0.0/16", "192.168.1.0/24", T},
		{OVAL_OP_SUPERSET_OF, "192.168.1.0/24", "192.168.0.0/16", F},
		{OVAL_OP_SUPERSET_OF, "10.0.0.0/255.0.0.0", "10.255.0.1", T},
		/* Values that are not IPv4 addresses, and operations that do not apply. */
		{OVAL_OP_EQUALS, "256.0.0.1", "256.0.0.1", E},
		{OVAL_OP_EQUALS, "1.2.3", "1.2.3", E},
		{OVAL_OP_EQUALS, "1.2.3.4/33", "1.2.3.4", E},
		{OVAL_OP_EQUALS, "1.2.3.4/255.0.255.0", "1.2.3.4", E},     /* a mask with a hole */
		{OVAL_OP_EQUALS, "1.2.3.4 ", "1.2.3.4", E},
		{OVAL_OP_EQUALS, "", "", E},
		{OVAL_OP_EQUALS, "::1", "::1", E},
		{OVAL_OP_PATTERN_MATCH, "1.2.3.4", "1.2.3.4", E},
		{OVAL_OP_CI_EQUALS, "1.2.3.4", "1.2.3.4", E},
		{OVAL_OP_BITWISE_AND, "1.2.3.4", "1.2.3.4", E},
	};
	CASES(*state, OVAL_DT_IPV4, t);
}

static void test_ipv6(void **state)
{
	static const struct case_ t[] = {
		{OVAL_OP_EQUALS, "2001:db8::1", "2001:0db8:0000::0001", T},
		{OVAL_OP_EQUALS, "2001:db8::1/128", "2001:db8::1", T},     /* no prefix is /128 */
		{OVAL_OP_EQUALS, "2001:db8::/32", "2001:db8:ffff::/32", T}, /* host bits do not count */
		{OVAL_OP_EQUALS, "2001:db8::/32", "2001:db8::/33", F},
		{OVAL_OP_EQUALS, "::ffff:192.0.2.1", "::ffff:c000:201", T},
		{OVAL_OP_NOT_EQUAL, "::1", "::2", T},
		{OVAL_OP_GREATER_THAN, "2001:db8::2", "2001:db8::1", T},
		{OVAL_OP_LESS_THAN, "::1", "::2", T},
		{OVAL_OP_LESS_THAN, "fe80::1", "2001:db8::1", F},
		{OVAL_OP_GREATER_THAN_OR_EQUAL, "2001:db8::1", "2001:db8::1", T},
		{OVAL_OP_GREATER_THAN, "::/64", "::/65", E},
		{OVAL_OP_SUBSET_OF, "2001:db8:1::/48", "2001:db8::/32", T},
		{OVAL_OP_SUBSET_OF, "2001:db8::/32", "2001:db8:1::/48", F},
		{OVAL_OP_SUBSET_OF, "2001:db9::1", "2001:db8::/32", F},
		{OVAL_OP_SUBSET_OF, "fe80::1", "fe80::/10", T},
		{OVAL_OP_SUPERSET_OF, "2001:db8::/32", "2001:db8:1::/48", T},
		{OVAL_OP_SUPERSET_OF, "2001:db8::1", "2001:db8::/32", F},
		{OVAL_OP_EQUALS, "2001:db8::1/129", "2001:db8::1", E},
		{OVAL_OP_EQUALS, "gggg::", "gggg::", E},
		{OVAL_OP_EQUALS, "1.2.3.4", "1.2.3.4", E},
		{OVAL_OP_EQUALS, "2001:db8::1/", "2001:db8::1", E},
		{OVAL_OP_PATTERN_MATCH, "::1", "::1", E},
	};
	CASES(*state, OVAL_DT_IPV6, t);
}

/* ------------------------------------------------------------------ binary */

static void test_binary(void **state)
{
	static const struct case_ t[] = {
		{OVAL_OP_EQUALS, "00ff", "00FF", T}, /* hex digits in either case */
		{OVAL_OP_EQUALS, "00ff", "00fe", F},
		{OVAL_OP_NOT_EQUAL, "00ff", "00fe", T},
		{OVAL_OP_NOT_EQUAL, "DEADbeef", "deadBEEF", F},
		{OVAL_OP_EQUALS, "", "", T},         /* zero octets */
		{OVAL_OP_EQUALS, "0", "0", E},       /* half an octet */
		{OVAL_OP_EQUALS, "zz", "zz", E},
		{OVAL_OP_GREATER_THAN, "01", "00", E},
		{OVAL_OP_CI_EQUALS, "01", "01", E},
		{OVAL_OP_PATTERN_MATCH, "01", "01", E},
	};
	CASES(*state, OVAL_DT_BINARY, t);
}

/* ------------------------------------------------------------------ subset / superset of a variable's set */

/* A document with one constant variable holding values, and an entity that refers to it. */
struct set_fixture {
	struct oval_variable var;
	struct oval_document doc;
	struct oval_var_env env;
	struct oval_entity entity;
};

static void set_fixture_init(struct set_fixture *f, const char **values, size_t n, enum oval_operation op,
			     enum oval_datatype dt)
{
	memset(f, 0, sizeof(*f));
	f->var = (struct oval_variable){.id = "oval:t:var:1", .version = "1", .kind = OVAL_VAR_CONSTANT,
					.datatype = dt, .values = values, .n_values = n};
	f->doc.variables = &f->var;
	f->doc.n_variables = 1;
	f->env.doc = &f->doc;
	f->entity = (struct oval_entity){.name = "value", .value = "", .var_ref = "oval:t:var:1",
					 .operation = op, .datatype = dt, .var_check = OVAL_CHECK_ALL};
}

static enum oval_result set_compare(struct regex_cache *cache, enum oval_operation op,
				    enum oval_datatype dt, const char *item, const char **values, size_t n)
{
	struct set_fixture f;

	set_fixture_init(&f, values, n, op, dt);
	return oval_compare_entity(cache, &f.entity, &f.env, item);
}

static void test_set_operations(void **state)
{
	const char *names[] = {"root", "daemon", "bin"};
	const char *one[] = {"root"};
	const char *twice[] = {"root", "root"};
	const char *ints[] = {"1", "2", "3"};
	const char *nets[] = {"10.0.0.0/8", "10.1.0.0/16"};
	struct regex_cache *c = *state;

	/* {item} is a subset of the variable's values when it is one of them. */
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_STRING, "daemon", names, 3), T);
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_STRING, "nobody", names, 3), F);
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_STRING, "Root", names, 3), F);
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_INT, "02", ints, 3), T);
	/* A superset of the values when it is all of them. */
	assert_int_equal(set_compare(c, OVAL_OP_SUPERSET_OF, OVAL_DT_STRING, "root", names, 3), F);
	assert_int_equal(set_compare(c, OVAL_OP_SUPERSET_OF, OVAL_DT_STRING, "root", one, 1), T);
	assert_int_equal(set_compare(c, OVAL_OP_SUPERSET_OF, OVAL_DT_STRING, "root", twice, 2), T);
	/* Values that cannot be read as the datatype decide nothing. */
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_INT, "x", ints, 3), E);
	/* IP prefixes are sets of addresses themselves: value by value, under var_check (all). */
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_IPV4, "10.1.2.3", nets, 2), T);
	assert_int_equal(set_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_IPV4, "10.2.0.1", nets, 2), F);
	/* Without a variable, subset/superset of a string stays an error (the spec expects them
	 * only for IP addresses and sets). */
	assert_int_equal(oval_compare(c, OVAL_OP_SUBSET_OF, OVAL_DT_STRING, "a", "a"), E);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rpm_evr_order),
		cmocka_unit_test(test_rpm_evr_operations),
		cmocka_unit_test(test_debian_evr_order),
		cmocka_unit_test(test_debian_evr_errors),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_set_operations),
	};
	return cmocka_run_group_tests(tests, setup_cache, teardown_cache);
}
