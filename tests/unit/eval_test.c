/*
 * Unit tests of engine/eval and the OVAL truth tables: the operator, check,
 * existence and negation tables against the OVAL 5.11 charts, OVAL
 * evaluation end to end over collected objects filled in by the test (no
 * engine involved), and the OVAL-to-XCCDF result mapping.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "cscap/error.h"
#include "common/xml_read.h"
#include "eval/oval_eval.h"
#include "eval/xccdf_eval.h"
#include "loader/loader.h"
#include "model/oval.h"
#include "model/oval_logic.h"
#include "probes/container/container_probe.h"
#include "probes/syschar.h"

#define T OVAL_RESULT_TRUE
#define F OVAL_RESULT_FALSE
#define E OVAL_RESULT_ERROR
#define U OVAL_RESULT_UNKNOWN
#define NE OVAL_RESULT_NOT_EVALUATED
#define NA OVAL_RESULT_NOT_APPLICABLE

/* ------------------------------------------------------------------ the charts */

/*
 * A cell of an OVAL evaluation chart: "0", "1", "0+", "1+", "2+", "0,1",
 * "odd", "even"; "-" is a row that cannot happen.
 */
static bool fits(const char *cell, size_t n)
{
	if (strcmp(cell, "0") == 0)
		return n == 0;
	if (strcmp(cell, "1") == 0)
		return n == 1;
	if (strcmp(cell, "0+") == 0)
		return true;
	if (strcmp(cell, "1+") == 0)
		return n >= 1;
	if (strcmp(cell, "2+") == 0)
		return n >= 2;
	if (strcmp(cell, "0,1") == 0)
		return n <= 1;
	if (strcmp(cell, "odd") == 0)
		return n % 2 == 1;
	if (strcmp(cell, "even") == 0)
		return n % 2 == 0;
	fail_msg("bad chart cell '%s'", cell);
	return false;
}

/* Rows of the six-column charts (T F E U NE NA), as oval-common-schema.xsd 5.11.3 has them. */
struct row6 {
	const char *c[6];
	enum oval_result r;
};

#define END6 {{NULL}, 0}

static const struct row6 chart_and[] = {
	{{"1+", "0", "0", "0", "0", "0+"}, T},
	{{"0+", "1+", "0+", "0+", "0+", "0+"}, F},
	{{"0+", "0", "1+", "0+", "0+", "0+"}, E},
	{{"0+", "0", "0", "1+", "0+", "0+"}, U},
	{{"0+", "0", "0", "0", "1+", "0+"}, NE},
	{{"0", "0", "0", "0", "0", "1+"}, NA},
	END6,
};

static const struct row6 chart_one[] = {
	{{"1", "0+", "0", "0", "0", "0+"}, T},
	{{"2+", "0+", "0+", "0+", "0+", "0+"}, F},
	{{"0", "1+", "0", "0", "0", "0+"}, F},
	{{"0,1", "0+", "1+", "0+", "0+", "0+"}, E},
	{{"0,1", "0+", "0", "1+", "0+", "0+"}, U},
	{{"0,1", "0+", "0", "0", "1+", "0+"}, NE},
	{{"0", "0", "0", "0", "0", "1+"}, NA},
	END6,
};

static const struct row6 chart_or[] = {
	{{"1+", "0+", "0+", "0+", "0+", "0+"}, T},
	{{"0", "1+", "0", "0", "0", "0+"}, F},
	{{"0", "0+", "1+", "0+", "0+", "0+"}, E},
	{{"0", "0+", "0", "1+", "0+", "0+"}, U},
	{{"0", "0+", "0", "0", "1+", "0+"}, NE},
	{{"0", "0", "0", "0", "0", "1+"}, NA},
	END6,
};

static const struct row6 chart_xor[] = {
	{{"odd", "0+", "0", "0", "0", "0+"}, T},
	{{"even", "0+", "0", "0", "0", "0+"}, F},
	{{"0+", "0+", "1+", "0+", "0+", "0+"}, E},
	{{"0+", "0+", "0", "1+", "0+", "0+"}, U},
	{{"0+", "0+", "0", "0", "1+", "0+"}, NE},
	{{"0", "0", "0", "0", "0", "1+"}, NA},
	END6,
};

/* CheckEnumeration's none satisfy (ALL, AT LEAST ONE and ONLY ONE are AND, OR and ONE). */
static const struct row6 chart_none_satisfy[] = {
	{{"0", "1+", "0", "0", "0", "0+"}, T},
	{{"1+", "0+", "0+", "0+", "0+", "0+"}, F},
	{{"0", "0+", "1+", "0+", "0+", "0+"}, E},
	{{"0", "0+", "0", "1+", "0+", "0+"}, U},
	{{"0", "0+", "0", "0", "1+", "0+"}, NE},
	{{"0", "0", "0", "0", "0", "1+"}, NA},
	END6,
};

/*
 * The chart's verdict for counts n[6]; -1 when no row covers them.  The
 * not-applicable row (only NA results) is the exact case and wins over a
 * general row that also admits it (XOR's "even" row counts 0 trues as even).
 */
static int chart6(const struct row6 *chart, const size_t n[6])
{
	int found = -1;

	if (n[0] + n[1] + n[2] + n[3] + n[4] == 0 && n[5] > 0)
		return NA;
	for (const struct row6 *r = chart; r->c[0]; r++) {
		bool all = true;
		for (int k = 0; k < 6 && all; k++)
			all = fits(r->c[k], n[k]);
		if (!all)
			continue;
		if (found >= 0 && found != (int)r->r)
			fail_msg("chart rows disagree for %zu %zu %zu %zu %zu %zu", n[0], n[1], n[2], n[3],
				 n[4], n[5]);
		found = (int)r->r;
	}
	return found;
}

typedef enum oval_result (*counts_fn)(int which, const struct oval_result_counts *c);

static enum oval_result via_operator(int op, const struct oval_result_counts *c)
{
	return oval_operator_apply((enum oval_operator)op, c);
}

static enum oval_result via_check(int check, const struct oval_result_counts *c)
{
	return oval_check_apply((enum oval_check)check, c);
}

/* Every combination of 0..3 results of each kind (4096), against the chart. */
static void compare_with_chart(const char *what, const struct row6 *chart, counts_fn fn, int which)
{
	size_t n[6];
	int bad = 0, covered = 0;

	for (int code = 0; code < 4096; code++) {
		int rest = code;
		for (int k = 0; k < 6; k++, rest /= 4)
			n[k] = (size_t)(rest % 4);
		if (code == 0)
			continue; /* nothing to combine: the charts say nothing */
		int want = chart6(chart, n);
		if (want < 0)
			fail_msg("%s: the chart has no row for %zu %zu %zu %zu %zu %zu", what, n[0], n[1], n[2],
				 n[3], n[4], n[5]);
		covered++;
		struct oval_result_counts c = {n[0], n[1], n[2], n[3], n[4], n[5]};
		enum oval_result got = fn(which, &c);
		if ((int)got != want && bad++ < 10)
			print_error("%s T=%zu F=%zu E=%zu U=%zu NE=%zu NA=%zu: got %s, chart says %s\n", what,
				    n[0], n[1], n[2], n[3], n[4], n[5], oval_result_name(got),
				    oval_result_name((enum oval_result)want));
	}
	assert_int_equal(covered, 4095);
	if (bad)
		fail_msg("%s: %d combinations differ from the chart", what, bad);
}

static void test_operator_and(void **state)
{
	(void)state;
	compare_with_chart("AND", chart_and, via_operator, OVAL_OPERATOR_AND);
}

static void test_operator_or(void **state)
{
	(void)state;
	compare_with_chart("OR", chart_or, via_operator, OVAL_OPERATOR_OR);
}

static void test_operator_one(void **state)
{
	(void)state;
	compare_with_chart("ONE", chart_one, via_operator, OVAL_OPERATOR_ONE);
}

static void test_operator_xor(void **state)
{
	(void)state;
	compare_with_chart("XOR", chart_xor, via_operator, OVAL_OPERATOR_XOR);
}

static void test_check_tables(void **state)
{
	(void)state;
	compare_with_chart("check all", chart_and, via_check, OVAL_CHECK_ALL);
	compare_with_chart("check at least one", chart_or, via_check, OVAL_CHECK_AT_LEAST_ONE);
	compare_with_chart("check only one", chart_one, via_check, OVAL_CHECK_ONLY_ONE);
	compare_with_chart("check none satisfy", chart_none_satisfy, via_check, OVAL_CHECK_NONE_SATISFY);
	compare_with_chart("check none exist", chart_none_satisfy, via_check, OVAL_CHECK_NONE_EXIST);
}

/* A few rows by hand, as a reader of the charts would check them. */
static void test_operator_spot_checks(void **state)
{
	struct oval_result_counts na_only = {.na = 3};
	struct oval_result_counts t_and_na = {.t = 1, .na = 5};
	struct oval_result_counts t_f = {.t = 1, .f = 1};
	struct oval_result_counts two_t_e = {.t = 2, .e = 1};
	struct oval_result_counts three_t = {.t = 3};
	struct oval_result_counts f_u = {.f = 2, .u = 1};

	(void)state;
	for (int op = 0; op < 4; op++)
		assert_int_equal(oval_operator_apply((enum oval_operator)op, &na_only), NA);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_AND, &t_and_na), T); /* NA does not count */
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_AND, &t_f), F);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_OR, &t_f), T);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_ONE, &t_f), T);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_XOR, &t_f), T);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_ONE, &two_t_e), F); /* two trues decide */
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_XOR, &two_t_e), E);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_XOR, &three_t), T);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_AND, &f_u), F);
	assert_int_equal(oval_operator_apply(OVAL_OPERATOR_OR, &f_u), U);
	/* An operator outside the enumeration is never a verdict. */
	assert_int_equal(oval_operator_apply((enum oval_operator)9, &t_f), E);
	assert_int_equal(oval_check_apply((enum oval_check)9, &t_f), E);
}

static void test_counts_add(void **state)
{
	struct oval_result_counts c = {0};

	(void)state;
	oval_counts_add(&c, T);
	oval_counts_add(&c, F);
	oval_counts_add(&c, F);
	oval_counts_add(&c, E);
	oval_counts_add(&c, E);
	oval_counts_add(&c, E);
	oval_counts_add(&c, U);
	oval_counts_add(&c, NE);
	oval_counts_add(&c, NE);
	oval_counts_add(&c, NA);
	assert_int_equal(c.t, 1);
	assert_int_equal(c.f, 2);
	assert_int_equal(c.e, 3);
	assert_int_equal(c.u, 1);
	assert_int_equal(c.ne, 2);
	assert_int_equal(c.na, 1);
}

static void test_negate(void **state)
{
	(void)state;
	assert_int_equal(oval_negate(T), F);
	assert_int_equal(oval_negate(F), T);
	assert_int_equal(oval_negate(E), E);
	assert_int_equal(oval_negate(U), U);
	assert_int_equal(oval_negate(NE), NE);
	assert_int_equal(oval_negate(NA), NA);
	for (int r = 0; r < 6; r++)
		assert_int_equal(oval_negate(oval_negate((enum oval_result)r)), r);
}

/* ExistenceEnumeration charts (EX DE ER NC). */
struct row4 {
	const char *c[4];
	enum oval_result r;
};

#define END4 {{NULL}, 0}

static const struct row4 chart_all_exist[] = {
	{{"1+", "0", "0", "0"}, T},  {{"0", "0", "0", "0"}, F},  {{"0+", "1+", "0+", "0+"}, F},
	{{"0+", "0", "1+", "0+"}, E}, {{"0+", "0", "0", "1+"}, U}, END4,
};
static const struct row4 chart_any_exist[] = {
	{{"0+", "0+", "0", "0+"}, T}, {{"1+", "0+", "1+", "0+"}, T}, {{"0", "0+", "1+", "0+"}, E}, END4,
};
static const struct row4 chart_at_least_one[] = {
	{{"1+", "0+", "0+", "0+"}, T}, {{"0", "0+", "0", "0"}, F}, {{"0", "0+", "1+", "0+"}, E},
	{{"0", "0+", "0", "1+"}, U},   END4,
};
static const struct row4 chart_none_exist[] = {
	{{"0", "0+", "0", "0"}, T}, {{"1+", "0+", "0+", "0+"}, F}, {{"0", "0+", "1+", "0+"}, E},
	{{"0", "0+", "0", "1+"}, U}, END4,
};
static const struct row4 chart_only_one[] = {
	{{"1", "0+", "0", "0"}, T},     {{"2+", "0+", "0+", "0+"}, F}, {{"0", "0+", "0", "0"}, F},
	{{"0,1", "0+", "1+", "0+"}, E}, {{"0,1", "0+", "0", "1+"}, U}, END4,
};

static void compare_existence(const char *what, const struct row4 *chart, enum oval_existence ex)
{
	int bad = 0;

	for (int code = 0; code < 5 * 5 * 5 * 5; code++) {
		size_t n[4];
		int rest = code, want = -1;
		for (int k = 0; k < 4; k++, rest /= 5)
			n[k] = (size_t)(rest % 5);
		for (const struct row4 *r = chart; r->c[0]; r++) {
			bool all = true;
			for (int k = 0; k < 4 && all; k++)
				all = fits(r->c[k], n[k]);
			if (all) {
				if (want >= 0 && want != (int)r->r)
					fail_msg("%s: rows disagree", what);
				want = (int)r->r;
			}
		}
		if (want < 0)
			fail_msg("%s: the chart has no row for EX=%zu DE=%zu ER=%zu NC=%zu", what, n[0], n[1],
				 n[2], n[3]);
		enum oval_result got = oval_existence_apply(ex, n[0], n[1], n[2], n[3]);
		if ((int)got != want && bad++ < 10)
			print_error("%s EX=%zu DE=%zu ER=%zu NC=%zu: got %s, chart says %s\n", what, n[0], n[1],
				    n[2], n[3], oval_result_name(got), oval_result_name((enum oval_result)want));
	}
	if (bad)
		fail_msg("%s: %d combinations differ from the chart", what, bad);
}

static void test_existence_tables(void **state)
{
	(void)state;
	compare_existence("all_exist", chart_all_exist, OVAL_EXIST_ALL);
	compare_existence("at_least_one_exists", chart_at_least_one, OVAL_EXIST_AT_LEAST_ONE);
	compare_existence("none_exist", chart_none_exist, OVAL_EXIST_NONE);
	compare_existence("only_one_exists", chart_only_one, OVAL_EXIST_ONLY_ONE);
	assert_int_equal(oval_existence_apply((enum oval_existence)9, 1, 0, 0, 0), E);
	/* any_exist where the chart and cscap agree (not-collected items aside). */
	assert_int_equal(oval_existence_apply(OVAL_EXIST_ANY, 0, 0, 0, 0), T);
	assert_int_equal(oval_existence_apply(OVAL_EXIST_ANY, 0, 3, 0, 0), T);
	assert_int_equal(oval_existence_apply(OVAL_EXIST_ANY, 2, 1, 0, 0), T);
	assert_int_equal(oval_existence_apply(OVAL_EXIST_ANY, 1, 0, 2, 0), T);
	assert_int_equal(oval_existence_apply(OVAL_EXIST_ANY, 0, 1, 1, 0), E);
}

/*
 * BUG: engine/model/oval_logic.c, oval_existence_apply(), case OVAL_EXIST_ANY:
 * with no item that exists and no error, one or more items "not collected"
 * give UNKNOWN (`if (nc) return OVAL_RESULT_UNKNOWN;`).  The any_exist chart
 * of oval-common-schema.xsd 5.11.3 (ExistenceEnumeration) has the row
 * EX 0+ | DE 0+ | ER 0 | NC 0+ -> True and no Unknown row at all: any_exist
 * does not care whether items exist.  Expected: TRUE (e.g. EX=0 DE=0 ER=0 NC=1).
 */
static void test_existence_any_exist_bug(void **state)
{
	(void)state;
	compare_existence("any_exist", chart_any_exist, OVAL_EXIST_ANY);
}

/* ------------------------------------------------------------------ XCCDF mapping */

static void test_xccdf_result_from_oval(void **state)
{
	static const struct {
		enum oval_class cls;
		enum xccdf_result want[6]; /* by OVAL result T F U E NE NA */
	} rows[] = {
		{OVAL_CLASS_COMPLIANCE, {XCCDF_RESULT_PASS, XCCDF_RESULT_FAIL, XCCDF_RESULT_UNKNOWN,
					 XCCDF_RESULT_ERROR, XCCDF_RESULT_NOTCHECKED, XCCDF_RESULT_NOTAPPLICABLE}},
		{OVAL_CLASS_INVENTORY, {XCCDF_RESULT_PASS, XCCDF_RESULT_FAIL, XCCDF_RESULT_UNKNOWN,
					XCCDF_RESULT_ERROR, XCCDF_RESULT_NOTCHECKED, XCCDF_RESULT_NOTAPPLICABLE}},
		{OVAL_CLASS_MISCELLANEOUS, {XCCDF_RESULT_PASS, XCCDF_RESULT_FAIL, XCCDF_RESULT_UNKNOWN,
					    XCCDF_RESULT_ERROR, XCCDF_RESULT_NOTCHECKED,
					    XCCDF_RESULT_NOTAPPLICABLE}},
		{OVAL_CLASS_PATCH, {XCCDF_RESULT_FAIL, XCCDF_RESULT_PASS, XCCDF_RESULT_UNKNOWN,
				    XCCDF_RESULT_ERROR, XCCDF_RESULT_NOTCHECKED, XCCDF_RESULT_NOTAPPLICABLE}},
		{OVAL_CLASS_VULNERABILITY, {XCCDF_RESULT_FAIL, XCCDF_RESULT_PASS, XCCDF_RESULT_UNKNOWN,
					    XCCDF_RESULT_ERROR, XCCDF_RESULT_NOTCHECKED,
					    XCCDF_RESULT_NOTAPPLICABLE}},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (int r = 0; r < 6; r++) {
			enum xccdf_result got = xccdf_result_from_oval((enum oval_result)r, rows[i].cls);
			if (got != rows[i].want[r])
				fail_msg("%s definition, OVAL %s: got %s, want %s", oval_class_name(rows[i].cls),
					 oval_result_name((enum oval_result)r), xccdf_result_name(got),
					 xccdf_result_name(rows[i].want[r]));
		}
	/* Out-of-range results are errors, never pass. */
	assert_int_equal(xccdf_result_from_oval((enum oval_result)42, OVAL_CLASS_COMPLIANCE), XCCDF_RESULT_ERROR);
	assert_string_equal(xccdf_result_name(XCCDF_RESULT_NOTAPPLICABLE), "notapplicable");
	assert_string_equal(xccdf_result_name(XCCDF_RESULT_NOTCHECKED), "notchecked");
	assert_string_equal(xccdf_result_name(XCCDF_RESULT_PASS), "pass");
	assert_string_equal(xccdf_result_name((enum xccdf_result)99), "error");
}

/* ------------------------------------------------------------------ evaluation */

#define C "urn:cscap:xml:oval-definitions-5#container"

#define OBJ(n)                                                                                   \
	"<c:container_object id=\"oval:t:obj:" n "\" version=\"1\">"                             \
	"<c:id operation=\"pattern match\">.*</c:id></c:container_object>\n"
#define TST(n, check, existence, states)                                                         \
	"<c:container_test id=\"oval:t:tst:" n "\" version=\"1\" check=\"" check "\""            \
	" check_existence=\"" existence "\">"                                                    \
	"<c:object object_ref=\"oval:t:obj:" n "\"/>" states "</c:container_test>\n"
#define STE(s) "<c:state state_ref=\"oval:t:ste:" s "\"/>"
#define DEFN(n, cls, body)                                                                        \
	"<definition id=\"oval:t:def:" n "\" version=\"1\" class=\"" cls "\">"                    \
	"<metadata><title>" n "</title><description>d</description></metadata>" body "</definition>\n"
#define ONE_TEST(n) "<criteria><criterion test_ref=\"oval:t:tst:" n "\"/></criteria>"

/*
 * Test n looks at object n (whose items each case fills in).  States:
 * notHost: pid_mode != host; host: pid_mode == host; lacking: an entity the
 * items do not have; ext: pid_mode == an external variable; empty: nothing;
 * alpine: image == alpine.
 */
static const char eval_doc[] =
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\""
	" xmlns:c=\"" C "\">\n"
	"<definitions>\n"
	DEFN("all", "compliance", ONE_TEST("all"))
	DEFN("atleast", "compliance", ONE_TEST("atleast"))
	DEFN("none", "compliance", ONE_TEST("none"))
	DEFN("onlyone", "compliance", ONE_TEST("onlyone"))
	DEFN("negall", "compliance",
	     "<criteria negate=\"true\"><criterion test_ref=\"oval:t:tst:all\"/></criteria>")
	DEFN("negcrit", "compliance",
	     "<criteria operator=\"AND\"><criterion negate=\"true\" test_ref=\"oval:t:tst:all\"/></criteria>")
	DEFN("ext", "compliance",
	     "<criteria operator=\"AND\"><extend_definition definition_ref=\"oval:t:def:all\"/>"
	     "<criterion test_ref=\"oval:t:tst:img\"/></criteria>")
	DEFN("extneg", "compliance",
	     "<criteria><extend_definition negate=\"true\" definition_ref=\"oval:t:def:all\"/></criteria>")
	DEFN("or", "compliance",
	     "<criteria operator=\"OR\"><criterion test_ref=\"oval:t:tst:all\"/>"
	     "<criterion test_ref=\"oval:t:tst:img\"/></criteria>")
	DEFN("xor", "compliance",
	     "<criteria operator=\"XOR\"><criterion test_ref=\"oval:t:tst:all\"/>"
	     "<criterion test_ref=\"oval:t:tst:img\"/><criterion test_ref=\"oval:t:tst:atleast\"/></criteria>")
	DEFN("nested", "compliance",
	     "<criteria operator=\"AND\"><criteria operator=\"OR\" negate=\"true\">"
	     "<criterion test_ref=\"oval:t:tst:atleast\"/></criteria>"
	     "<criterion test_ref=\"oval:t:tst:img\"/></criteria>")
	DEFN("nocriteria", "compliance", "")
	DEFN("lacking", "compliance", ONE_TEST("lacking"))
	DEFN("ext_var", "compliance", ONE_TEST("var"))
	DEFN("empty", "compliance", ONE_TEST("empty"))
	DEFN("nostate", "compliance", ONE_TEST("nostate"))
	DEFN("exnone", "compliance", ONE_TEST("exnone"))
	DEFN("exall", "compliance", ONE_TEST("exall"))
	DEFN("exone", "compliance", ONE_TEST("exone"))
	DEFN("exleast", "compliance", ONE_TEST("exleast"))
	DEFN("stateor", "compliance", ONE_TEST("stateor"))
	DEFN("vuln", "vulnerability", ONE_TEST("atleast"))
	"</definitions>\n<tests>\n"
	TST("all", "all", "any_exist", STE("notHost"))
	TST("atleast", "at least one", "any_exist", STE("host"))
	TST("none", "none satisfy", "any_exist", STE("host"))
	TST("onlyone", "only one", "any_exist", STE("host"))
	TST("img", "at least one", "at_least_one_exists", STE("alpine"))
	TST("lacking", "all", "at_least_one_exists", STE("lacking"))
	TST("var", "all", "at_least_one_exists", STE("ext"))
	TST("empty", "all", "at_least_one_exists", STE("empty"))
	TST("nostate", "all", "at_least_one_exists", "")
	TST("exnone", "all", "none_exist", "")
	TST("exall", "all", "all_exist", STE("notHost"))
	TST("exone", "all", "only_one_exists", "")
	TST("exleast", "all", "at_least_one_exists", STE("notHost"))
	"<c:container_test id=\"oval:t:tst:stateor\" version=\"1\" check=\"all\" state_operator=\"OR\">"
	"<c:object object_ref=\"oval:t:obj:stateor\"/>" STE("host") STE("alpine") "</c:container_test>\n"
	"</tests>\n<objects>\n"
	OBJ("all") OBJ("atleast") OBJ("none") OBJ("onlyone") OBJ("img") OBJ("lacking") OBJ("var")
	OBJ("empty") OBJ("nostate") OBJ("exnone") OBJ("exall") OBJ("exone") OBJ("exleast") OBJ("stateor")
	"</objects>\n<states>\n"
	"<c:container_state id=\"oval:t:ste:notHost\" version=\"1\">"
	"<c:pid_mode operation=\"not equal\">host</c:pid_mode></c:container_state>\n"
	"<c:container_state id=\"oval:t:ste:host\" version=\"1\">"
	"<c:pid_mode>host</c:pid_mode></c:container_state>\n"
	"<c:container_state id=\"oval:t:ste:lacking\" version=\"1\">"
	"<c:privileged datatype=\"boolean\">false</c:privileged></c:container_state>\n"
	"<c:container_state id=\"oval:t:ste:ext\" version=\"1\">"
	"<c:pid_mode var_ref=\"oval:t:var:mode\"/></c:container_state>\n"
	"<c:container_state id=\"oval:t:ste:empty\" version=\"1\"/>\n"
	"<c:container_state id=\"oval:t:ste:alpine\" version=\"1\">"
	"<c:image>alpine</c:image></c:container_state>\n"
	"</states>\n<variables>\n"
	"<external_variable id=\"oval:t:var:mode\" version=\"1\" datatype=\"string\" comment=\"m\"/>\n"
	"<constant_variable id=\"oval:t:var:k\" version=\"1\" datatype=\"string\" comment=\"k\">"
	"<value>x</value></constant_variable>\n"
	"</variables>\n"
	"</oval_definitions>\n";

struct evalfx {
	xmlDocPtr xml;
	struct oval_document *doc;
	struct regex_cache *re;
	struct oval_run run;
	bool running;
};

static int eval_setup(void **state)
{
	struct evalfx *fx = calloc(1, sizeof(*fx));

	if (!fx || xml_read_memory(&fx->xml, eval_doc, strlen(eval_doc), "eval.xml") ||
	    oval_document_build(&fx->doc, xmlDocGetRootElement(fx->xml), "eval.xml") ||
	    regex_cache_new(&fx->re)) {
		print_error("eval fixture: %s\n", cscap_error_last());
		return -1;
	}
	*state = fx;
	return 0;
}

static int eval_teardown(void **state)
{
	struct evalfx *fx = *state;

	if (fx->running)
		oval_run_release(&fx->run);
	regex_cache_free(fx->re);
	oval_document_free(fx->doc);
	xmlFreeDoc(fx->xml);
	free(fx);
	return 0;
}

/* A fresh run in which no object will ever be collected by a probe: every one
 * is marked collected (flag "not collected") until a case fills it in. */
static void start(struct evalfx *fx)
{
	if (fx->running)
		oval_run_release(&fx->run);
	assert_int_equal(oval_run_init(&fx->run, fx->doc, NULL, fx->re), 0);
	fx->running = true;
	for (size_t i = 0; i < fx->run.sc.n_objects; i++)
		fx->run.sc.collected[i] = 1;
}

/* An item of a pre-filled object: its pid_mode (NULL: entity not collected). */
struct spec {
	const char *pid_mode;
	enum oval_status item_status;
	const char *image;
};

static void fill(struct evalfx *fx, const char *name, enum oval_flag flag, size_t n,
		 const struct spec *items)
{
	char id[64];
	snprintf(id, sizeof(id), "oval:t:obj:%s", name);
	const struct oval_object *obj = oval_document_object(fx->doc, id);
	if (!obj)
		fail_msg("no object %s", id);
	struct oval_collected *col = &fx->run.sc.objects[obj - fx->doc->objects];

	col->flag = flag;
	col->items = arena_calloc(&fx->run.sc.arena, n ? n : 1, sizeof(*col->items));
	assert_non_null(col->items);
	col->n_items = n;
	for (size_t i = 0; i < n; i++) {
		struct oval_item *it = syschar_new_item(&fx->run.sc, CONTAINER_SC_NS, "container_item", 3);
		assert_non_null(it);
		it->status = items[i].item_status;
		it->entities[0] = (struct oval_item_entity){.name = "id", .value = "abc", .datatype = OVAL_DT_STRING};
		it->entities[1] = (struct oval_item_entity){
			.name = "pid_mode",
			.value = items[i].pid_mode ? items[i].pid_mode : "",
			.datatype = OVAL_DT_STRING,
			.status = items[i].pid_mode ? OVAL_STATUS_EXISTS : OVAL_STATUS_NOT_COLLECTED};
		it->entities[2] = (struct oval_item_entity){
			.name = "image", .value = items[i].image ? items[i].image : "busybox", .datatype = OVAL_DT_STRING};
		it->n_entities = 3;
		col->items[i] = it;
	}
}

#define FILL(fx, name, flag, ...)                                                                   \
	fill((fx), (name), (flag), sizeof((struct spec[]){__VA_ARGS__}) / sizeof(struct spec),       \
	     (struct spec[]){__VA_ARGS__})
#define FILL_NONE(fx, name, flag) fill((fx), (name), (flag), 0, NULL)

static const struct oval_definition *definition(struct evalfx *fx, const char *name)
{
	char id[64];
	snprintf(id, sizeof(id), "oval:t:def:%s", name);
	const struct oval_definition *d = oval_document_definition(fx->doc, id);
	if (!d)
		fail_msg("no definition %s", id);
	return d;
}

static enum oval_result eval(struct evalfx *fx, const char *name)
{
	enum oval_result r = (enum oval_result)-1;
	int rc = oval_run_definition(&fx->run, definition(fx, name), &r);
	if (rc)
		fail_msg("oval_run_definition(%s): %d %s", name, rc, cscap_error_last());
	return r;
}

#define EXPECT(fx, name, want)                                                                  \
	do {                                                                                    \
		enum oval_result got_ = eval((fx), (name));                                     \
		if (got_ != (want))                                                             \
			fail_msg("definition %s: got %s, want %s", (name), oval_result_name(got_), \
				 oval_result_name(want));                                       \
	} while (0)

static const struct spec PRIV = {.pid_mode = ""};
static const struct spec PRIV2 = {.pid_mode = "private"};
static const struct spec HOST = {.pid_mode = "host"};
static const struct spec JOIN = {.pid_mode = "container:abc"};
static const struct spec NC = {.pid_mode = NULL};
static const struct spec ALPINE = {.pid_mode = "", .image = "alpine"};

static void test_eval_check_all(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV, PRIV2, JOIN);
	EXPECT(fx, "all", T);
	/* Per-item verdicts are kept for the results. */
	const struct oval_test_result *tr =
		oval_run_test_result(&fx->run, oval_document_test(fx->doc, "oval:t:tst:all"));
	assert_true(tr->done);
	assert_int_equal(tr->n_items, 3);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(tr->items[i].result, T);

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV, HOST, PRIV2);
	EXPECT(fx, "all", F);
	tr = oval_run_test_result(&fx->run, oval_document_test(fx->doc, "oval:t:tst:all"));
	assert_int_equal(tr->items[0].result, T);
	assert_int_equal(tr->items[1].result, F);
	assert_int_equal(tr->items[2].result, T);
	const struct oval_definition_result *dr = oval_run_definition_result(&fx->run, definition(fx, "all"));
	assert_int_equal(dr->state, 2);
	assert_int_equal(dr->result, F);
	assert_int_equal(oval_run_node_result(&fx->run, definition(fx, "all")->criteria), F);
}

static void test_eval_object_flags(void **state)
{
	struct evalfx *fx = *state;

	/* No containers at all: any_exist is satisfied, and nothing fails the state. */
	start(fx);
	FILL_NONE(fx, "all", OVAL_FLAG_DOES_NOT_EXIST);
	EXPECT(fx, "all", T);
	/* The engine could not be read. */
	start(fx);
	FILL_NONE(fx, "all", OVAL_FLAG_ERROR);
	EXPECT(fx, "all", E);
	/* Even with items, an object in error is an error. */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_ERROR, PRIV);
	EXPECT(fx, "all", E);
	/* Nothing probed this object. */
	start(fx);
	FILL_NONE(fx, "all", OVAL_FLAG_NOT_COLLECTED);
	EXPECT(fx, "all", U);
	start(fx);
	FILL_NONE(fx, "all", OVAL_FLAG_NOT_APPLICABLE);
	EXPECT(fx, "all", NA);
}

static void test_eval_entity_not_collected(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV, NC);
	EXPECT(fx, "all", U);
	/* A definite failure elsewhere still decides "all". */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, NC, HOST);
	EXPECT(fx, "all", F);
}

static void test_eval_incomplete_object(void **state)
{
	struct evalfx *fx = *state;

	/* Only part of the containers were seen: "all pass" is not a verdict. */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_INCOMPLETE, PRIV, PRIV);
	EXPECT(fx, "all", U);
	/* But one that fails is a failure, whatever the rest are. */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_INCOMPLETE, PRIV, HOST);
	EXPECT(fx, "all", F);
	/* at least one: a true one stands, a false "none found" does not. */
	start(fx);
	FILL(fx, "atleast", OVAL_FLAG_INCOMPLETE, HOST);
	EXPECT(fx, "atleast", T);
	start(fx);
	FILL(fx, "atleast", OVAL_FLAG_INCOMPLETE, PRIV);
	EXPECT(fx, "atleast", U);
}

static void test_eval_checks(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, PRIV, HOST, PRIV);
	FILL(fx, "none", OVAL_FLAG_COMPLETE, PRIV, HOST, PRIV);
	FILL(fx, "onlyone", OVAL_FLAG_COMPLETE, PRIV, HOST, PRIV);
	EXPECT(fx, "atleast", T);
	EXPECT(fx, "none", F);
	EXPECT(fx, "onlyone", T);

	start(fx);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, PRIV, PRIV2);
	FILL(fx, "none", OVAL_FLAG_COMPLETE, PRIV, PRIV2);
	FILL(fx, "onlyone", OVAL_FLAG_COMPLETE, PRIV, PRIV2);
	EXPECT(fx, "atleast", F);
	EXPECT(fx, "none", T);
	EXPECT(fx, "onlyone", F);

	start(fx);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, HOST, HOST);
	FILL(fx, "none", OVAL_FLAG_COMPLETE, HOST, HOST);
	FILL(fx, "onlyone", OVAL_FLAG_COMPLETE, HOST, HOST);
	EXPECT(fx, "atleast", T);
	EXPECT(fx, "none", F);
	EXPECT(fx, "onlyone", F);

	/* Undecided items under each check. */
	start(fx);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, PRIV, NC);
	FILL(fx, "none", OVAL_FLAG_COMPLETE, PRIV, NC);
	FILL(fx, "onlyone", OVAL_FLAG_COMPLETE, HOST, NC);
	EXPECT(fx, "atleast", U);
	EXPECT(fx, "none", U);
	EXPECT(fx, "onlyone", U);
}

static void test_eval_existence(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "exnone", OVAL_FLAG_COMPLETE, PRIV);
	FILL_NONE(fx, "exleast", OVAL_FLAG_DOES_NOT_EXIST);
	FILL(fx, "exone", OVAL_FLAG_COMPLETE, PRIV, PRIV);
	FILL(fx, "nostate", OVAL_FLAG_COMPLETE, HOST);
	EXPECT(fx, "exnone", F);  /* something exists */
	EXPECT(fx, "exleast", F); /* nothing exists */
	EXPECT(fx, "exone", F);   /* two exist */
	EXPECT(fx, "nostate", T); /* existence alone, the state is not asked */

	start(fx);
	FILL_NONE(fx, "exnone", OVAL_FLAG_DOES_NOT_EXIST);
	FILL(fx, "exone", OVAL_FLAG_COMPLETE, HOST);
	FILL_NONE(fx, "nostate", OVAL_FLAG_DOES_NOT_EXIST);
	EXPECT(fx, "exnone", T);
	EXPECT(fx, "exone", T);
	EXPECT(fx, "nostate", F);

	/* all_exist with an item that does not exist. */
	start(fx);
	struct spec gone = {.pid_mode = "", .item_status = OVAL_STATUS_DOES_NOT_EXIST};
	struct spec broken = {.pid_mode = "", .item_status = OVAL_STATUS_ERROR};
	FILL(fx, "exall", OVAL_FLAG_COMPLETE, PRIV, gone);
	FILL(fx, "exleast", OVAL_FLAG_COMPLETE, broken);
	EXPECT(fx, "exall", F);
	EXPECT(fx, "exleast", E);
	/* Items that do not exist are not judged against the state. */
	start(fx);
	FILL(fx, "exleast", OVAL_FLAG_COMPLETE, PRIV, gone);
	EXPECT(fx, "exleast", T);
	start(fx);
	FILL(fx, "exleast", OVAL_FLAG_COMPLETE, HOST, gone);
	EXPECT(fx, "exleast", F);
}

/*
 * BUG: engine/eval/oval_eval.c, evaluate_test(): when states are checked,
 * items whose status is not "exists" are skipped
 * (`if (col->items[i]->status != OVAL_STATUS_EXISTS) continue;`), so an item
 * with status "error" or "not collected" next to items that pass lets the
 * test pass.  OVAL 5.11 CheckEnumeration: the check applies to "the matching
 * objects (items except those with a status of does not exist)" -- only
 * "does not exist" items are left out.  An item in error cannot satisfy the
 * state, so check="all" over {pass, error item} must be ERROR (and UNKNOWN
 * with a not-collected item), never TRUE.
 */
static void test_eval_item_status_error_bug(void **state)
{
	struct evalfx *fx = *state;
	struct spec broken = {.pid_mode = "", .item_status = OVAL_STATUS_ERROR};
	struct spec unseen = {.pid_mode = "", .item_status = OVAL_STATUS_NOT_COLLECTED};

	/* check_existence at_least_one_exists: the existence part is true in both. */
	start(fx);
	FILL(fx, "exleast", OVAL_FLAG_COMPLETE, PRIV, broken);
	enum oval_result with_error = eval(fx, "exleast");
	start(fx);
	FILL(fx, "exleast", OVAL_FLAG_COMPLETE, PRIV, unseen);
	enum oval_result with_unseen = eval(fx, "exleast");
	if (with_error != E)
		fail_msg("check all over {passing item, item in error}: got %s, want error",
			 oval_result_name(with_error));
	if (with_unseen != U)
		fail_msg("check all over {passing item, item not collected}: got %s, want unknown",
			 oval_result_name(with_unseen));
}

static void test_eval_negate(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV, PRIV);
	EXPECT(fx, "all", T);
	EXPECT(fx, "negall", F);
	EXPECT(fx, "negcrit", F);
	assert_int_equal(oval_run_node_result(&fx->run, definition(fx, "negall")->criteria), F);
	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, HOST);
	EXPECT(fx, "negall", T);
	EXPECT(fx, "negcrit", T);
	/* Negation leaves anything but true and false alone. */
	start(fx);
	FILL_NONE(fx, "all", OVAL_FLAG_ERROR);
	EXPECT(fx, "negall", E);
	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, NC);
	EXPECT(fx, "negcrit", U);
}

static void test_eval_extend_definition(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, PRIV, ALPINE);
	EXPECT(fx, "ext", T);
	/* The extended definition was evaluated on the way, once. */
	const struct oval_definition_result *dr = oval_run_definition_result(&fx->run, definition(fx, "all"));
	assert_int_equal(dr->state, 2);
	assert_int_equal(dr->result, T);
	EXPECT(fx, "extneg", F);

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, HOST);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, ALPINE);
	EXPECT(fx, "ext", F);
	EXPECT(fx, "extneg", T);

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, PRIV);
	EXPECT(fx, "ext", F);
	/* A node whose tests were not evaluated has no result; one whose tests were
	 * (through another definition) has theirs. */
	assert_int_equal(oval_run_node_result(&fx->run, definition(fx, "none")->criteria), NE);
	assert_int_equal(oval_run_node_result(&fx->run, definition(fx, "or")->criteria), T);
}

static void test_eval_criteria_operators(void **state)
{
	struct evalfx *fx = *state;

	/* all: F, img: T, atleast: T  ->  OR T, XOR even (2) F, nested: NOT(OR(T)) AND T = F */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, HOST);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, ALPINE);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, HOST);
	EXPECT(fx, "or", T);
	EXPECT(fx, "xor", F);
	EXPECT(fx, "nested", F);
	/* all: T, img: T, atleast: T -> XOR odd (3) T */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, ALPINE);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, HOST);
	EXPECT(fx, "xor", T);
	/* all: F, img: F, atleast: F -> OR F, nested: NOT(OR(F)) AND F = F */
	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, HOST);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, PRIV);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, PRIV);
	EXPECT(fx, "or", F);
	EXPECT(fx, "nested", F);
	/* atleast: F, img: T -> nested: NOT(F) AND T = T */
	start(fx);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, ALPINE);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, PRIV);
	EXPECT(fx, "nested", T);
	/* An unknown branch under OR does not hide a true one, under XOR it does. */
	start(fx);
	FILL_NONE(fx, "all", OVAL_FLAG_NOT_COLLECTED);
	FILL(fx, "img", OVAL_FLAG_COMPLETE, ALPINE);
	FILL(fx, "atleast", OVAL_FLAG_COMPLETE, HOST);
	EXPECT(fx, "or", T);
	EXPECT(fx, "xor", U);
}

static void test_eval_states(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "lacking", OVAL_FLAG_COMPLETE, PRIV);
	FILL(fx, "empty", OVAL_FLAG_COMPLETE, HOST);
	FILL(fx, "stateor", OVAL_FLAG_COMPLETE, HOST, ALPINE);
	FILL(fx, "var", OVAL_FLAG_COMPLETE, PRIV);
	EXPECT(fx, "lacking", E); /* the state asks for an entity the items lack */
	EXPECT(fx, "empty", T);   /* an empty state asks nothing */
	EXPECT(fx, "stateor", T); /* each item satisfies one of the two states */
	EXPECT(fx, "ext_var", E); /* the state's variable has no value */
	EXPECT(fx, "nocriteria", U);

	start(fx);
	FILL(fx, "stateor", OVAL_FLAG_COMPLETE, HOST, PRIV);
	EXPECT(fx, "stateor", F);
}

static void test_eval_external_variable(void **state)
{
	struct evalfx *fx = *state;
	const char *host[] = {"host"};
	const char *empty[] = {""};
	const char *two[] = {"host", "private"};

	start(fx);
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:mode", empty, 1), 0);
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:mode", empty, 1), 0); /* the same again */
	FILL(fx, "var", OVAL_FLAG_COMPLETE, PRIV, PRIV);
	EXPECT(fx, "ext_var", T);
	/* Different values for a bound variable would change results already given. */
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:mode", host, 1), CSCAP_EINVALID);
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:mode", two, 2), CSCAP_EINVALID);
	/* Only external variables can be bound. */
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:k", host, 1), CSCAP_EINVALID);
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:nosuch", host, 1), CSCAP_EINVALID);
	assert_int_equal(cscap_error_last_code(), CSCAP_EINVALID);

	start(fx);
	assert_int_equal(oval_run_bind(&fx->run, "oval:t:var:mode", host, 1), 0);
	FILL(fx, "var", OVAL_FLAG_COMPLETE, PRIV, HOST);
	EXPECT(fx, "ext_var", F);
}

static void test_eval_memoised(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV);
	EXPECT(fx, "all", T);
	/* Change the evidence behind its back: the result was computed once. */
	const struct oval_object *o = oval_document_object(fx->doc, "oval:t:obj:all");
	fx->run.sc.objects[o - fx->doc->objects].items[0]->entities[1].value = "host";
	EXPECT(fx, "all", T);
	EXPECT(fx, "negall", F);
}

static void test_eval_run_all(void **state)
{
	struct evalfx *fx = *state;

	start(fx);
	FILL(fx, "all", OVAL_FLAG_COMPLETE, PRIV);
	assert_int_equal(oval_run_all(&fx->run), 0);
	for (size_t i = 0; i < fx->doc->n_definitions; i++) {
		const struct oval_definition_result *dr =
			oval_run_definition_result(&fx->run, &fx->doc->definitions[i]);
		if (dr->state != 2)
			fail_msg("%s was not evaluated", fx->doc->definitions[i].id);
	}
	assert_int_equal(oval_run_definition_result(&fx->run, definition(fx, "all"))->result, T);
	/* Objects nobody filled in stay "not collected": unknown, never a guess. */
	assert_int_equal(oval_run_definition_result(&fx->run, definition(fx, "atleast"))->result, U);
	assert_int_equal(oval_run_definition_result(&fx->run, definition(fx, "vuln"))->result, U);
}

int main(void)
{
	const struct CMUnitTest tables[] = {
		cmocka_unit_test(test_operator_and),
		cmocka_unit_test(test_operator_or),
		cmocka_unit_test(test_operator_one),
		cmocka_unit_test(test_operator_xor),
		cmocka_unit_test(test_check_tables),
		cmocka_unit_test(test_operator_spot_checks),
		cmocka_unit_test(test_counts_add),
		cmocka_unit_test(test_negate),
		cmocka_unit_test(test_existence_tables),
		cmocka_unit_test(test_existence_any_exist_bug),
		cmocka_unit_test(test_xccdf_result_from_oval),
	};
	const struct CMUnitTest evaluation[] = {
		cmocka_unit_test(test_eval_check_all),
		cmocka_unit_test(test_eval_object_flags),
		cmocka_unit_test(test_eval_entity_not_collected),
		cmocka_unit_test(test_eval_incomplete_object),
		cmocka_unit_test(test_eval_checks),
		cmocka_unit_test(test_eval_existence),
		cmocka_unit_test(test_eval_item_status_error_bug),
		cmocka_unit_test(test_eval_negate),
		cmocka_unit_test(test_eval_extend_definition),
		cmocka_unit_test(test_eval_criteria_operators),
		cmocka_unit_test(test_eval_states),
		cmocka_unit_test(test_eval_external_variable),
		cmocka_unit_test(test_eval_memoised),
		cmocka_unit_test(test_eval_run_all),
	};
	int failed = cmocka_run_group_tests(tables, NULL, NULL);

	failed += cmocka_run_group_tests(evaluation, eval_setup, eval_teardown);
	xmlCleanupParser();
	return failed;
}
