/*
 * Unit tests of the public API (include/cscap/cscap.h, cscap/plugin.h) used
 * as an embedding program would: content loaded from memory, probes and
 * check engines registered on a session, results read back; two sessions in
 * one process, and two on two threads at once; the options (ABI guard,
 * rule selection, tailoring, data stream and checklist choice, timeouts) and
 * write errors.  Nothing here needs a container engine: the content's objects
 * are served by the test's own probes, or by none (then they are "not
 * collected" and the results unknown), and the real data stream is evaluated
 * against an engine that does not exist (its rule must be error).
 *
 * This program is linked against the shared library (libcscap.so.0), as an
 * embedding program would be: it sees only what the library exports.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscap/cscap.h"
#include "cscap/plugin.h"

#include "test_util.h"

#define TEST_DEF_NS "urn:cscap:test:oval-definitions-5#thing"
#define TEST_SC_NS "urn:cscap:test:oval-system-characteristics-5#thing"
#define CONTAINER_NS "urn:cscap:xml:oval-definitions-5#container"

/*
 * def:1  true when a thing_item named "alpha" has colour == the constant variable's value
 * def:2  true when no thing_item is named "ghost" (none exists)
 * def:3  over an object no probe serves (unknown_object): unknown
 */
static const char oval_doc[] =
	"<?xml version=\"1.0\"?>\n"
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\"\n"
	"    xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\"\n"
	"    xmlns:t=\"" TEST_DEF_NS "\" xmlns:u=\"urn:cscap:test:nobody\">\n"
	" <generator><oval:schema_version>5.11</oval:schema_version>"
	"<oval:timestamp>2026-11-28T00:00:00</oval:timestamp></generator>\n"
	" <definitions>\n"
	"  <definition id=\"oval:t:def:1\" version=\"1\" class=\"compliance\"><metadata><title>alpha</title>"
	"<description>x</description></metadata><criteria><criterion test_ref=\"oval:t:tst:1\"/></criteria></definition>\n"
	"  <definition id=\"oval:t:def:2\" version=\"1\" class=\"compliance\"><metadata><title>ghost</title>"
	"<description>x</description></metadata><criteria><criterion test_ref=\"oval:t:tst:2\"/></criteria></definition>\n"
	"  <definition id=\"oval:t:def:3\" version=\"1\" class=\"compliance\"><metadata><title>nobody</title>"
	"<description>x</description></metadata><criteria><criterion test_ref=\"oval:t:tst:3\"/></criteria></definition>\n"
	" </definitions>\n"
	" <tests>\n"
	"  <t:thing_test id=\"oval:t:tst:1\" version=\"1\" check=\"all\" check_existence=\"only_one_exists\">"
	"<t:object object_ref=\"oval:t:obj:1\"/><t:state state_ref=\"oval:t:ste:1\"/></t:thing_test>\n"
	"  <t:thing_test id=\"oval:t:tst:2\" version=\"1\" check=\"all\" check_existence=\"none_exist\">"
	"<t:object object_ref=\"oval:t:obj:2\"/></t:thing_test>\n"
	"  <u:unknown_test id=\"oval:t:tst:3\" version=\"1\" check=\"all\" check_existence=\"at_least_one_exists\">"
	"<u:object object_ref=\"oval:t:obj:3\"/></u:unknown_test>\n"
	" </tests>\n"
	" <objects>\n"
	"  <t:thing_object id=\"oval:t:obj:1\" version=\"1\"><t:name var_ref=\"oval:t:var:1\"/></t:thing_object>\n"
	"  <t:thing_object id=\"oval:t:obj:2\" version=\"1\"><t:name>ghost</t:name></t:thing_object>\n"
	"  <u:unknown_object id=\"oval:t:obj:3\" version=\"1\"/>\n"
	" </objects>\n"
	" <states>\n"
	"  <t:thing_state id=\"oval:t:ste:1\" version=\"1\"><t:colour>red</t:colour></t:thing_state>\n"
	" </states>\n"
	" <variables>\n"
	"  <constant_variable id=\"oval:t:var:1\" version=\"1\" datatype=\"string\" comment=\"who\">"
	"<value>alpha</value></constant_variable>\n"
	" </variables>\n"
	"</oval_definitions>\n";

/* ------------------------------------------------------------------ probes */

/* A probe whose things all have one colour (its data); it offers every thing it knows. */
struct thing_probe {
	const char *colour;
	int calls;
	char seen_value[64];   /* the value of the name entity it was given (first value) */
	char seen_operation[32];
	int freed;
};

static int thing_collect(void *data, const cscap_probe_object *obj, const cscap_probe_output *out)
{
	struct thing_probe *tp = data;
	static const char *const names[] = {"alpha", "beta"};
	int rc;

	tp->calls++;
	for (size_t i = 0; i < obj->n_entities; i++)
		if (strcmp(obj->entities[i].name, "name") == 0 && obj->entities[i].n_values) {
			snprintf(tp->seen_value, sizeof(tp->seen_value), "%s", obj->entities[i].values[0]);
			snprintf(tp->seen_operation, sizeof(tp->seen_operation), "%s", obj->entities[i].operation);
		}
	for (size_t i = 0; i < 2; i++)
		if ((rc = out->item_begin(out->sink)) ||
		    (rc = out->item_entity(out->sink, "name", names[i], NULL, CSCAP_STATUS_EXISTS)) ||
		    (rc = out->item_entity(out->sink, "colour", tp->colour, "string", CSCAP_STATUS_EXISTS)) ||
		    (rc = out->item_end(out->sink)))
			return rc;
	if ((rc = out->message(out->sink, CSCAP_LEVEL_INFO, "two things seen")))
		return rc;
	return CSCAP_FLAG_COMPLETE;
}

static void thing_free(void *data)
{
	((struct thing_probe *)data)->freed++;
}

static cscap_probe thing_probe_def(struct thing_probe *tp)
{
	cscap_probe p = {TEST_DEF_NS, "thing_object", TEST_SC_NS, "thing_item", NULL, thing_collect, tp, NULL};
	return p;
}

static cscap_session *new_session(void)
{
	cscap_options o;
	cscap_session *s = NULL;

	cscap_options_init(&o);
	o.skip_validation = 1;   /* the test namespaces have no schema */
	o.engine_url = "unix:///nonexistent/cscap-api-test.sock"; /* never asked: no container objects */
	o.no_kernel_view = 1;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	return s;
}

static const char *definition_result(cscap_session *s, const char *want_id)
{
	for (size_t i = 0; i < cscap_session_definition_count(s); i++) {
		const char *id, *result;
		assert_int_equal(cscap_session_definition_result(s, i, &id, &result), 0);
		if (strcmp(id, want_id) == 0)
			return result;
	}
	fail_msg("no definition %s", want_id);
	return NULL;
}

/* ------------------------------------------------------------------- tests */

static void test_load_memory_without_probes(void **state)
{
	cscap_session *s = new_session();

	(void)state;
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "mem-oval.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_int_equal(cscap_session_definition_count(s), 3);
	/* No probe for thing_object or unknown_object: not collected, so unknown, never guessed. */
	assert_string_equal(definition_result(s, "oval:t:def:1"), "unknown");
	assert_string_equal(definition_result(s, "oval:t:def:3"), "unknown");
	assert_int_equal(cscap_session_has_findings(s), 1);
	cscap_session_free(s);
}

static void test_load_memory_errors(void **state)
{
	cscap_session *s = new_session();
	static const char broken[] = "<oval_definitions><unclosed>";

	(void)state;
	assert_int_equal(cscap_session_load_memory(s, NULL, 10, "x.xml"), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_load_memory(s, broken, 0, "empty.xml"), CSCAP_EPARSE);
	assert_int_equal(cscap_session_load_memory(s, broken, sizeof(broken) - 1, "broken.xml"), CSCAP_EPARSE);
	assert_contains(cscap_error_last(), "broken.xml");
	assert_int_equal(cscap_error_last_code(), CSCAP_EPARSE);
	/* A DOCTYPE is refused from memory as from a file. */
	static const char doctype[] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><x>&e;</x>";
	assert_int_equal(cscap_session_load_memory(s, doctype, sizeof(doctype) - 1, "dtd.xml"), CSCAP_EREFUSED);
	assert_int_equal(cscap_session_evaluate(s, NULL), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "ok.xml"), 0);
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "again.xml"), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_evaluate(s, "xccdf_some_profile"), CSCAP_EUSAGE);
	cscap_session_free(s);
}

static void test_registered_probe(void **state)
{
	struct thing_probe tp = {.colour = "red"};
	cscap_probe p = thing_probe_def(&tp);
	cscap_session *s = new_session();

	(void)state;
	p.free_data = thing_free;
	assert_int_equal(cscap_session_register_probe(s, &p), 0);
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "mem-oval.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	/* The probe offered alpha and beta; cscap kept alpha, whose colour is red. */
	assert_string_equal(definition_result(s, "oval:t:def:1"), "true");
	/* ghost: the probe's items are all dropped, so none exist. */
	assert_string_equal(definition_result(s, "oval:t:def:2"), "true");
	assert_string_equal(definition_result(s, "oval:t:def:3"), "unknown");
	assert_int_equal(tp.calls, 2);
	/* The variable's value reached the probe; an object entity carries its operation. */
	assert_true(strcmp(tp.seen_value, "alpha") == 0 || strcmp(tp.seen_value, "ghost") == 0);
	assert_string_equal(tp.seen_operation, "equals");
	/* Registration copied the strings; free_data runs when the session goes, once. */
	assert_int_equal(tp.freed, 0);
	cscap_session_free(s);
	assert_int_equal(tp.freed, 1);
}

static int never_called(void *data, const cscap_check_request *req, const cscap_check_output *out)
{
	(void)data;
	(void)req;
	(void)out;
	fail_msg("a refused engine was called");
	return CSCAP_CHECK_ERROR;
}

static void test_registration_rules(void **state)
{
	struct thing_probe tp = {.colour = "red"};
	cscap_probe p = thing_probe_def(&tp);
	cscap_session *s = new_session();

	(void)state;
	/* Built-ins win: the container probe and the OVAL system cannot be replaced. */
	cscap_probe container = p;
	container.object_ns = CONTAINER_NS;
	container.object_name = "container_object";
	assert_int_equal(cscap_session_register_probe(s, &container), CSCAP_EREFUSED);
	assert_contains(cscap_error_last(), "built-in");
	cscap_check_engine oval = {"http://oval.mitre.org/XMLSchema/oval-definitions-5", never_called, NULL, NULL};
	assert_int_equal(cscap_session_register_check_engine(s, &oval), CSCAP_EREFUSED);
	/* Missing fields, and a second registration for the same type. */
	cscap_probe incomplete = p;
	incomplete.collect = NULL;
	assert_int_equal(cscap_session_register_probe(s, &incomplete), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_register_probe(s, NULL), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_register_probe(s, &p), 0);
	assert_int_equal(cscap_session_register_probe(s, &p), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), "registered already");
	/* After evaluation the set of probes is fixed. */
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "m.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	cscap_probe later = p;
	later.object_name = "other_object";
	assert_int_equal(cscap_session_register_probe(s, &later), CSCAP_EUSAGE);
	cscap_session_free(s);
}

/* Probes that break the contract end as "error", with a message naming them. */
static int probe_bad_flag(void *data, const cscap_probe_object *obj, const cscap_probe_output *out)
{
	(void)data;
	(void)obj;
	(void)out;
	return 99;
}

static int probe_out_of_order(void *data, const cscap_probe_object *obj, const cscap_probe_output *out)
{
	(void)data;
	(void)obj;
	/* An entity outside any item is refused; the probe ignores that and carries on. */
	assert_int_equal(out->item_entity(out->sink, "name", "alpha", NULL, CSCAP_STATUS_EXISTS), CSCAP_EUSAGE);
	assert_int_equal(out->item_begin(out->sink), 0);
	assert_int_equal(out->item_entity(out->sink, "name", "alpha", "no-such-type", CSCAP_STATUS_EXISTS),
			 CSCAP_EUSAGE);
	return CSCAP_FLAG_COMPLETE; /* and leaves the item open */
}

static int probe_fails(void *data, const cscap_probe_object *obj, const cscap_probe_output *out)
{
	(void)data;
	(void)obj;
	(void)out;
	return CSCAP_EIO;
}

static void check_probe_gives_error(int (*collect)(void *, const cscap_probe_object *, const cscap_probe_output *))
{
	cscap_probe p = {TEST_DEF_NS, "thing_object", TEST_SC_NS, "thing_item", NULL, collect, NULL, NULL};
	cscap_session *s = new_session();

	assert_int_equal(cscap_session_register_probe(s, &p), 0);
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "m.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_string_equal(definition_result(s, "oval:t:def:1"), "error");
	assert_string_equal(definition_result(s, "oval:t:def:2"), "error");
	cscap_session_free(s);
}

static void test_misbehaving_probes(void **state)
{
	(void)state;
	check_probe_gives_error(probe_bad_flag);
	check_probe_gives_error(probe_out_of_order);
	check_probe_gives_error(probe_fails);
}

/* Two sessions, one process: each has its own probes, and its own results. */
static void test_two_sessions(void **state)
{
	struct thing_probe red = {.colour = "red"}, blue = {.colour = "blue"};
	cscap_probe pr = thing_probe_def(&red), pb = thing_probe_def(&blue);
	cscap_session *a = new_session(), *b = new_session();

	(void)state;
	assert_int_equal(cscap_session_register_probe(a, &pr), 0);
	assert_int_equal(cscap_session_register_probe(b, &pb), 0);
	assert_int_equal(cscap_session_load_memory(a, oval_doc, sizeof(oval_doc) - 1, "a.xml"), 0);
	assert_int_equal(cscap_session_load_memory(b, oval_doc, sizeof(oval_doc) - 1, "b.xml"), 0);
	assert_int_equal(cscap_session_evaluate(b, NULL), 0);
	assert_int_equal(cscap_session_evaluate(a, NULL), 0);
	assert_string_equal(definition_result(a, "oval:t:def:1"), "true");
	assert_string_equal(definition_result(b, "oval:t:def:1"), "false");
	assert_int_equal(red.calls, 2);
	assert_int_equal(blue.calls, 2);
	cscap_session_free(a);
	/* b lives on without a. */
	assert_string_equal(definition_result(b, "oval:t:def:1"), "false");
	cscap_session_free(b);
}

struct worker {
	const char *colour;
	const char *want;
	int rounds;
	int failures;
	char error[256];
};

static void *work(void *arg)
{
	struct worker *w = arg;

	for (int i = 0; i < w->rounds; i++) {
		struct thing_probe tp = {.colour = w->colour};
		cscap_probe p = {TEST_DEF_NS, "thing_object", TEST_SC_NS, "thing_item", NULL, thing_collect, &tp, NULL};
		cscap_options o;
		cscap_session *s = NULL;
		const char *id = NULL, *result = NULL;

		cscap_options_init(&o);
		o.skip_validation = 1;
		o.engine_url = "unix:///nonexistent/cscap-api-test.sock";
		o.no_kernel_view = 1;
		if (cscap_session_new(&s, &o) || cscap_session_register_probe(s, &p) ||
		    cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, w->colour) ||
		    cscap_session_evaluate(s, NULL) || cscap_session_definition_result(s, 0, &id, &result)) {
			snprintf(w->error, sizeof(w->error), "%s", cscap_error_last());
			w->failures++;
		} else if (strcmp(id, "oval:t:def:1") != 0 || strcmp(result, w->want) != 0) {
			snprintf(w->error, sizeof(w->error), "%s: %s, want %s", id, result, w->want);
			w->failures++;
		}
		/* Errors are per thread: a failure here never shows in the other thread. */
		cscap_session_free(s);
	}
	return NULL;
}

static void test_two_threads(void **state)
{
	struct worker a = {"red", "true", 20, 0, ""}, b = {"blue", "false", 20, 0, ""};
	pthread_t ta, tb;

	(void)state;
	assert_int_equal(pthread_create(&ta, NULL, work, &a), 0);
	assert_int_equal(pthread_create(&tb, NULL, work, &b), 0);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	if (a.failures || b.failures)
		fail_msg("thread failures: red %d (%s), blue %d (%s)", a.failures, a.error, b.failures, b.error);
}

/* ------------------------------------------------------------ check engines */

#define TEST_SYSTEM "urn:cscap:test:check:answer"

/* rule_yes: the engine answers pass; rule_no: fail; rule_negated: fail negated = pass;
 * rule_export: pass only when the export carries the Value "blue"; rule_broken: the
 * engine returns nonsense; rule_unsupported: another system → notchecked. */
static const char xccdf_doc[] =
	"<?xml version=\"1.0\"?>\n"
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.test_benchmark_api\" resolved=\"1\">\n"
	" <status>draft</status><title>api</title><version>1</version>\n"
	" <Value id=\"xccdf_org.test_value_colour\" type=\"string\"><value>red</value><value selector=\"b\">blue</value></Value>\n"
	" <Profile id=\"xccdf_org.test_profile_blue\"><title>blue</title>"
	"<refine-value idref=\"xccdf_org.test_value_colour\" selector=\"b\"/></Profile>\n"
	" <Rule id=\"xccdf_org.test_rule_yes\" selected=\"true\"><title>y</title>"
	"<check system=\"" TEST_SYSTEM "\"><check-content-ref href=\"answers\" name=\"yes\"/></check></Rule>\n"
	" <Rule id=\"xccdf_org.test_rule_no\" selected=\"true\"><title>n</title>"
	"<check system=\"" TEST_SYSTEM "\"><check-content-ref href=\"answers\" name=\"no\"/></check></Rule>\n"
	" <Rule id=\"xccdf_org.test_rule_negated\" selected=\"true\"><title>n</title>"
	"<check system=\"" TEST_SYSTEM "\" negate=\"true\"><check-content-ref href=\"answers\" name=\"no\"/></check></Rule>\n"
	" <Rule id=\"xccdf_org.test_rule_export\" selected=\"true\"><title>e</title>"
	"<check system=\"" TEST_SYSTEM "\"><check-export value-id=\"xccdf_org.test_value_colour\" export-name=\"colour\"/>"
	"<check-content-ref href=\"answers\" name=\"colour-is-blue\"/></check></Rule>\n"
	" <Rule id=\"xccdf_org.test_rule_broken\" selected=\"true\"><title>b</title>"
	"<check system=\"" TEST_SYSTEM "\"><check-content-ref href=\"answers\" name=\"nonsense\"/></check></Rule>\n"
	" <Rule id=\"xccdf_org.test_rule_unsupported\" selected=\"true\"><title>u</title>"
	"<check system=\"urn:cscap:test:check:nobody\"><check-content-ref href=\"x\"/></check></Rule>\n"
	"</Benchmark>\n";

static int answer(void *data, const cscap_check_request *req, const cscap_check_output *out)
{
	const char *name = req->n_refs ? req->refs[0].name : NULL;
	int rc;

	(void)data;
	if (strcmp(req->system, TEST_SYSTEM) != 0 || !req->rule_id || strcmp(req->content_path, "api.xml") != 0)
		return CSCAP_CHECK_ERROR;
	if ((rc = out->message(out->sink, CSCAP_LEVEL_INFO, name ? name : "(no name)")))
		return rc;
	if (!name)
		return CSCAP_CHECK_UNKNOWN;
	if (strcmp(name, "yes") == 0)
		return CSCAP_CHECK_PASS;
	if (strcmp(name, "no") == 0)
		return CSCAP_CHECK_FAIL;
	if (strcmp(name, "colour-is-blue") == 0)
		return req->n_exports == 1 && strcmp(req->exports[0].name, "colour") == 0 &&
				       strcmp(req->exports[0].value, "blue") == 0
			       ? CSCAP_CHECK_PASS : CSCAP_CHECK_FAIL;
	return 42;
}

static const char *rule_result(cscap_session *s, const char *want_id, const char **problem)
{
	for (size_t i = 0; i < cscap_session_rule_count(s); i++) {
		const char *id, *result;
		assert_int_equal(cscap_session_rule_result(s, i, &id, &result), 0);
		if (strcmp(id, want_id) == 0) {
			if (problem)
				assert_int_equal(cscap_session_rule_problem(s, i, problem), 0);
			return result;
		}
	}
	fail_msg("no rule %s", want_id);
	return NULL;
}

struct progress {
	int calls;
};

static void count_progress(void *ctx, const char *rule_id, const char *result)
{
	(void)rule_id;
	(void)result;
	((struct progress *)ctx)->calls++;
}

static void test_check_engine(void **state)
{
	cscap_check_engine e = {TEST_SYSTEM, answer, NULL, NULL};
	struct progress pg = {0};
	cscap_options o;
	cscap_session *s = NULL;
	const char *problem;

	(void)state;
	cscap_options_init(&o);
	o.skip_validation = 1;
	o.engine_url = "unix:///nonexistent/cscap-api-test.sock";
	o.progress = count_progress;
	o.progress_ctx = &pg;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	assert_int_equal(cscap_session_register_check_engine(s, &e), 0);
	assert_int_equal(cscap_session_register_check_engine(s, &e), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, "xccdf_org.test_profile_blue"), 0);
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_yes", NULL), "pass");
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_no", NULL), "fail");
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_negated", NULL), "pass");
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_export", NULL), "pass");
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_broken", &problem), "error");
	assert_contains(problem, "returned 42");
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_unsupported", NULL), "notchecked");
	assert_int_equal(pg.calls, 6);
	assert_int_equal(cscap_session_has_findings(s), 1);
	/* Evaluated again without the profile: the Value is red, the export check fails. */
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_string_equal(rule_result(s, "xccdf_org.test_rule_export", NULL), "fail");
	cscap_session_free(s);
}

/* ------------------------------------------------------------------ helpers */

#define REAL_DS "content/cscap-docker-ee-2x-ds.xml"
#define REAL_RULE "xccdf_cscap_rule_SV-235784r960804_rule"
#define REAL_PROFILE "xccdf_cscap_profile_automated"
#define OFFICIAL_SCHEMAS "/usr/share/openscap/schemas"
#define MISSING_ENGINE "unix:///nonexistent/cscap-api-test.sock"

/* The repository (CSCAP_SRCDIR, else where this file was compiled from, else "."). */
static const char *repo_root(void)
{
	static char root[4096];
	const char *env = getenv("CSCAP_SRCDIR");
	const char *file = __FILE__;
	const char *marker = strstr(file, "tests/unit/");

	if (env && *env)
		snprintf(root, sizeof(root), "%s", env);
	else if (marker && marker > file)
		snprintf(root, sizeof(root), "%.*s", (int)(marker - file - 1), file);
	else
		snprintf(root, sizeof(root), ".");
	return root[0] ? root : "/";
}

static char *repo_path(const char *rel)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", repo_root(), rel) > 0);
	return p;
}

/* The whole file (NUL-terminated; caller frees), or NULL when it cannot be read. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 8192) {
			char *bigger = realloc(buf, cap = cap ? cap * 2 : 65536);
			if (!bigger) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = bigger;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

static int write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	int ok = f && fputs(text, f) >= 0;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

/* The result of rule want_id, or NULL when the session has no result for it. */
static const char *rule_result_or_null(cscap_session *s, const char *want_id)
{
	for (size_t i = 0; i < cscap_session_rule_count(s); i++) {
		const char *id, *result;
		assert_int_equal(cscap_session_rule_result(s, i, &id, &result), 0);
		if (strcmp(id, want_id) == 0)
			return result;
	}
	return NULL;
}

/* ------------------------------------------------------------------ options */

static void test_options_abi(void **state)
{
	cscap_options o;
	cscap_session *s = (cscap_session *)&o;

	(void)state;
	/* Not made by cscap_options_init(): refused, and said so. */
	memset(&o, 0, sizeof(o));
	assert_int_equal(cscap_session_new(&s, &o), CSCAP_EUSAGE);
	assert_null(s);
	assert_contains(cscap_error_last(), "options not initialised with cscap_options_init() of this libcscap");
	assert_contains(cscap_error_last(), "options ABI 0");
	assert_int_equal(cscap_session_new(&s, NULL), CSCAP_EUSAGE);
	/* From a newer header than this library's: init says so, and session_new refuses. */
	memset(&o, 0xa5, sizeof(o));
	assert_int_equal(cscap_options_init_abi(&o, CSCAP_OPTIONS_ABI + 1), CSCAP_EUSAGE);
	assert_int_equal(o.abi, CSCAP_OPTIONS_ABI + 1);
	assert_int_equal(cscap_session_new(&s, &o), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), "cscap_options_init()");
	/* The header's layout: stamped and zeroed. */
	memset(&o, 0xa5, sizeof(o));
	cscap_options_init(&o);
	assert_int_equal(o.abi, CSCAP_OPTIONS_ABI);
	assert_null(o.engine_url);
	assert_int_equal(o.timeout_ms, 0);
	assert_int_equal(o.fetch_remote_resources, 0);
	/* Nonsense values are the caller's mistake, not a default. */
	o.timeout_ms = -1;
	assert_int_equal(cscap_session_new(&s, &o), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), "timeout");
	o.timeout_ms = 0;
	o.max_parallel = -3;
	assert_int_equal(cscap_session_new(&s, &o), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), "max_parallel");
}

/* more_engine_urls (options ABI 2): further engines need a first one; the list is copied. */
static void test_options_more_engines(void **state)
{
	cscap_options o;
	cscap_session *s = NULL;
	const char *more[] = {"unix:///nonexistent/cscap-api-second.sock", NULL};

	(void)state;
	cscap_options_init(&o);
	assert_null(o.more_engine_urls);
	o.skip_validation = 1;
	o.more_engine_urls = more;
	assert_int_equal(cscap_session_new(&s, &o), CSCAP_EUSAGE);
	assert_null(s);
	assert_contains(cscap_error_last(), "more_engine_urls without engine_url");
	o.engine_url = MISSING_ENGINE;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	more[0] = "not the session's"; /* the session has its own copy */
	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "more.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	cscap_session_free(s);
}

/* A data stream whose OVAL component is remote (never fetched here). */
static const char remote_ds[] =
	"<?xml version=\"1.0\"?>\n"
	"<ds:data-stream-collection xmlns:ds=\"http://scap.nist.gov/schema/scap/source/1.2\""
	" xmlns:xlink=\"http://www.w3.org/1999/xlink\" xmlns:cat=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\""
	" id=\"scap_test_collection_remote\" schematron-version=\"1.3\">\n"
	" <ds:data-stream id=\"scap_test_datastream_remote\" scap-version=\"1.3\" use-case=\"CONFIGURATION\""
	" timestamp=\"2026-11-28T00:00:00\">\n"
	"  <ds:checklists><ds:component-ref id=\"scap_test_cref_xccdf.xml\" xlink:href=\"#scap_test_comp_xccdf.xml\">"
	"<cat:catalog><cat:uri name=\"remote-oval.xml\" uri=\"#scap_test_cref_remote-oval.xml\"/></cat:catalog>"
	"</ds:component-ref></ds:checklists>\n"
	"  <ds:checks><ds:component-ref id=\"scap_test_cref_remote-oval.xml\""
	" xlink:href=\"https://cscap.invalid/remote-oval.xml\"/></ds:checks>\n"
	" </ds:data-stream>\n"
	" <ds:component id=\"scap_test_comp_xccdf.xml\" timestamp=\"2026-11-28T00:00:00\">"
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_test_benchmark_remote\" resolved=\"1\">"
	"<status>draft</status><title>remote</title><version>1</version>"
	"<Rule id=\"xccdf_test_rule_remote\" selected=\"true\"><title>remote</title>"
	"<check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\">"
	"<check-content-ref href=\"remote-oval.xml\" name=\"oval:remote:def:1\"/></check></Rule>"
	"</Benchmark></ds:component>\n"
	"</ds:data-stream-collection>\n";

struct warnings {
	int n;
	char last[512];
};

static void collect_warning(void *ctx, const char *message)
{
	struct warnings *w = ctx;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", message);
}

/* The warning callback (options ABI 2) hears of the remote component at load. */
static void test_options_warning(void **state)
{
	struct warnings w = {0};
	cscap_options o;
	cscap_session *s = NULL;
	const char *id, *result;

	(void)state;
	cscap_options_init(&o);
	o.skip_validation = 1;
	o.engine_url = MISSING_ENGINE;
	o.warning = collect_warning;
	o.warning_ctx = &w;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	assert_int_equal(cscap_session_load_memory(s, remote_ds, sizeof(remote_ds) - 1, "remote-ds.xml"), 0);
	assert_int_equal(w.n, 1);
	assert_contains(w.last, "https://cscap.invalid/remote-oval.xml");
	assert_contains(w.last, "not fetched");
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_int_equal(cscap_session_rule_result(s, 0, &id, &result), 0);
	assert_string_equal(result, "notchecked");
	cscap_session_free(s);
}

/*
 * A program built against options ABI 1 (before the warning callback) has
 * no such field: whatever lies in memory past its struct is not the
 * library's to read.  The library copies only ABI 1's fields and must not
 * call what it finds there.
 */
static void test_options_older_abi(void **state)
{
	cscap_options o;
	cscap_session *s = NULL;

	(void)state;
	memset(&o, 0xa5, sizeof(o)); /* what lies past an ABI 1 caller's struct */
	assert_int_equal(cscap_options_init_abi(&o, 1), 0);
	assert_int_equal(o.abi, 1);
	assert_true(o.warning != NULL); /* not the ABI 1 caller's to zero */
	o.skip_validation = 1;
	o.engine_url = MISSING_ENGINE;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	/* Would call the garbage pointer if it were read. */
	assert_int_equal(cscap_session_load_memory(s, remote_ds, sizeof(remote_ds) - 1, "remote-ds.xml"), 0);
	cscap_session_free(s);
}

/* Timeouts are taken, and an engine that is not there is an error fast. */
static void test_options_timeouts(void **state)
{
	cscap_options o;
	cscap_session *s = NULL;
	char *ds = repo_path(REAL_DS);
	const char *problem = NULL;

	(void)state;
	if (access(ds, R_OK) != 0) {
		free(ds);
		skip(); /* the data stream is built by make */
	}
	cscap_options_init(&o);
	o.skip_validation = 1;
	o.engine_url = MISSING_ENGINE;
	o.no_kernel_view = 1;
	o.connect_timeout_ms = 250;
	o.timeout_ms = 1000;
	o.max_parallel = 2;
	static const char *const only[] = {REAL_RULE, NULL};
	o.rules = only;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	assert_int_equal(cscap_session_load(s, ds), 0);
	assert_int_equal(cscap_session_evaluate(s, REAL_PROFILE), 0);
	for (size_t i = 0; i < cscap_session_rule_count(s); i++) {
		const char *id, *result;
		assert_int_equal(cscap_session_rule_result(s, i, &id, &result), 0);
		if (strcmp(id, REAL_RULE) == 0) {
			assert_string_equal(result, "error");
			assert_int_equal(cscap_session_rule_problem(s, i, &problem), 0);
		} else {
			assert_string_equal(result, "notselected");
		}
	}
	assert_contains(problem, "/nonexistent/cscap-api-test.sock");
	cscap_session_free(s);
	free(ds);
}

/* A session over xccdf_doc with the "answer" check engine and the given options. */
static cscap_session *answer_session(cscap_options *o)
{
	cscap_check_engine e = {TEST_SYSTEM, answer, NULL, NULL};
	cscap_session *s = NULL;

	o->skip_validation = 1;
	o->engine_url = MISSING_ENGINE;
	if (cscap_session_new(&s, o))
		fail_msg("cscap_session_new: %s", cscap_error_last());
	assert_int_equal(cscap_session_register_check_engine(s, &e), 0);
	return s;
}

static void test_options_rule_selection(void **state)
{
	static const char *const only[] = {"xccdf_org.test_rule_yes", "xccdf_org.test_rule_no", NULL};
	static const char *const skipped[] = {"xccdf_org.test_rule_no", "xccdf_org.test_rule_broken", NULL};
	static const char *const unknown[] = {"xccdf_org.test_rule_nonesuch", NULL};
	cscap_options o;
	cscap_session *s;

	(void)state;
	/* rules: only those are evaluated; the rest are not selected. */
	cscap_options_init(&o);
	o.rules = only;
	s = answer_session(&o);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_yes"), "pass");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_no"), "fail");
	const char *r = rule_result_or_null(s, "xccdf_org.test_rule_broken");
	assert_true(!r || strcmp(r, "notselected") == 0);
	cscap_session_free(s);

	/* skip_rules: left out, reported notselected; the others run. */
	cscap_options_init(&o);
	o.skip_rules = skipped;
	s = answer_session(&o);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_no"), "notselected");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_broken"), "notselected");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_yes"), "pass");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_negated"), "pass");
	/* Only rule_export fails now (the Value is red without the profile). */
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_export"), "fail");
	cscap_session_free(s);

	/* A rule id the benchmark does not have: an error naming it, no scan. */
	cscap_options_init(&o);
	o.rules = unknown;
	s = answer_session(&o);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), CSCAP_ENOTFOUND);
	assert_contains(cscap_error_last(), "xccdf_org.test_rule_nonesuch");
	cscap_session_free(s);
}

static const char tailoring_doc[] =
	"<?xml version=\"1.0\"?>\n"
	"<Tailoring xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_org.test_tailoring_api\">\n"
	" <benchmark href=\"api.xml\"/>\n"
	" <version time=\"2026-11-28T00:00:00\">1</version>\n"
	" <Profile id=\"xccdf_org.test_profile_tailored\" extends=\"xccdf_org.test_profile_blue\">"
	"<title>tailored</title>"
	"<select idref=\"xccdf_org.test_rule_no\" selected=\"false\"/>"
	"<select idref=\"xccdf_org.test_rule_broken\" selected=\"false\"/></Profile>\n"
	"</Tailoring>\n";

static void test_options_tailoring_file(void **state)
{
	cscap_options o;
	cscap_session *s;
	char *dir = temp_dir_new("api"), *path = NULL;

	(void)state;
	assert_non_null(dir);
	assert_true(asprintf(&path, "%s/tailoring.xml", dir) > 0);
	assert_int_equal(write_text(path, tailoring_doc), 0);
	cscap_options_init(&o);
	o.tailoring_file = path;
	s = answer_session(&o);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, "xccdf_org.test_profile_tailored"), 0);
	/* Deselected by the tailoring; the blue Value inherited from the profile it extends. */
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_no"), "notselected");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_broken"), "notselected");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_export"), "pass");
	assert_string_equal(rule_result_or_null(s, "xccdf_org.test_rule_yes"), "pass");
	/* The tailoring file is an input: results never overwrite it. */
	assert_int_equal(cscap_session_write_xccdf_results(s, path), CSCAP_EREFUSED);
	assert_contains(cscap_error_last(), "tailoring");
	cscap_session_free(s);

	/* A tailoring file that is not there: the load fails and names it. */
	cscap_options_init(&o);
	o.tailoring_file = "/nonexistent/cscap-tailoring.xml";
	s = answer_session(&o);
	assert_true(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml") < 0);
	assert_contains(cscap_error_last(), "/nonexistent/cscap-tailoring.xml");
	cscap_session_free(s);
	free(path);
	temp_dir_remove(dir);
}

/* load with datastream_id/xccdf_id: the return code, and the error (or "") */
static int load_real_with(const char *ds, const char *datastream_id, const char *xccdf_id)
{
	cscap_options o;
	cscap_session *s = NULL;
	int rc;

	cscap_options_init(&o);
	o.skip_validation = 1;
	o.engine_url = MISSING_ENGINE;
	o.datastream_id = datastream_id;
	o.xccdf_id = xccdf_id;
	assert_int_equal(cscap_session_new(&s, &o), 0);
	rc = cscap_session_load(s, ds);
	cscap_session_free(s);
	return rc;
}

static void test_options_datastream_choice(void **state)
{
	char *ds = repo_path(REAL_DS);

	(void)state;
	if (access(ds, R_OK) != 0) {
		free(ds);
		skip();
	}
	assert_int_equal(load_real_with(ds, "scap_cscap_datastream_docker-ee-2x", NULL), 0);
	assert_int_equal(load_real_with(ds, "scap_cscap_datastream_docker-ee-2x",
					"scap_cscap_cref_docker-ee-2x-xccdf.xml"), 0);
	assert_int_equal(load_real_with(ds, NULL, "scap_cscap_cref_docker-ee-2x-xccdf.xml"), 0);
	assert_int_equal(load_real_with(ds, "scap_no_such_datastream", NULL), CSCAP_ENOTFOUND);
	assert_contains(cscap_error_last(), "scap_no_such_datastream");
	assert_int_equal(load_real_with(ds, NULL, "scap_no_such_cref"), CSCAP_ENOTFOUND);
	assert_contains(cscap_error_last(), "scap_no_such_cref");
	/* The ids choose within a data stream: content of another kind refuses them. */
	cscap_options o;
	cscap_session *s = NULL;
	cscap_options_init(&o);
	o.skip_validation = 1;
	o.datastream_id = "scap_cscap_datastream_docker-ee-2x";
	assert_int_equal(cscap_session_new(&s, &o), 0);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), "data stream");
	cscap_session_free(s);
	free(ds);
}

/* Every writer: an unwritable path is an error that names it, and no file. */
static void test_write_errors(void **state)
{
	static const char *const bad = "/nonexistent/cscap-api-out/results.xml";
	cscap_options o;
	cscap_session *s, *oval;
	char *dir = temp_dir_new("api"), *nodir = NULL;

	(void)state;
	assert_non_null(dir);
	cscap_options_init(&o);
	s = answer_session(&o);
	assert_int_equal(cscap_session_load_memory(s, xccdf_doc, sizeof(xccdf_doc) - 1, "api.xml"), 0);
	/* Before evaluation there is nothing to write. */
	assert_int_equal(cscap_session_write_arf(s, bad), CSCAP_EUSAGE);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	struct {
		const char *what;
		int (*write)(cscap_session *, const char *);
	} writers[] = {
		{"arf", cscap_session_write_arf},
		{"xccdf results", cscap_session_write_xccdf_results},
		{"stig viewer", cscap_session_write_stig_viewer},
		{"ckl", cscap_session_write_ckl},
		{"cklb", cscap_session_write_cklb},
	};
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++) {
		cscap_error_clear();
		int rc = writers[i].write(s, bad);
		if (rc >= 0)
			fail_msg("%s: writing %s succeeded", writers[i].what, bad);
		assert_int_equal(rc, cscap_error_last_code());
		assert_contains(cscap_error_last(), bad);
	}
	/* A path under a regular file (ENOTDIR), written through the API, never leaves a file. */
	assert_true(asprintf(&nodir, "%s/file", dir) > 0);
	assert_int_equal(write_text(nodir, "x"), 0);
	char *under = NULL;
	assert_true(asprintf(&under, "%s/arf.xml", nodir) > 0);
	assert_true(cscap_session_write_arf(s, under) < 0);
	assert_contains(cscap_error_last(), under);
	free(under);
	cscap_session_free(s);

	/* OVAL results of OVAL content. */
	oval = new_session();
	assert_int_equal(cscap_session_load_memory(oval, oval_doc, sizeof(oval_doc) - 1, "m.xml"), 0);
	assert_int_equal(cscap_session_evaluate(oval, NULL), 0);
	assert_true(cscap_session_write_oval_results(oval, bad) < 0);
	assert_contains(cscap_error_last(), bad);
	cscap_session_free(oval);
	free(nodir);
	temp_dir_remove(dir);
}

/* -------------------------------------------- the real content on two threads */

struct real_worker {
	const char *ds, *schema_dir, *data_dir;
	char *dir;                     /* its own output folder */
	char *arf, *xccdf, *html;      /* what it wrote */
	char result[32];               /* REAL_RULE's result */
	char problem[512];             /* and why */
	int findings;
	char error[512];               /* empty when every call succeeded */
};

static void *real_work(void *arg)
{
	struct real_worker *w = arg;
	static const char *const only[] = {REAL_RULE, NULL};
	cscap_options o;
	cscap_session *s = NULL;
	char arf[4200], xccdf[4200], html[4200];
	const char *id, *result, *problem;

	snprintf(arf, sizeof(arf), "%s/arf.xml", w->dir);
	snprintf(xccdf, sizeof(xccdf), "%s/xccdf-results.xml", w->dir);
	snprintf(html, sizeof(html), "%s/report.html", w->dir);
	cscap_options_init(&o);
	o.engine_url = MISSING_ENGINE;   /* the container probe asks libcurl: it must fail */
	o.no_kernel_view = 1;
	o.schema_dir = w->schema_dir;    /* validation on: the official schemas and ours */
	o.data_dir = w->data_dir;        /* report.xsl */
	o.use_fixed_time = 1;
	o.fixed_time = 1796256000;       /* both threads stamp the same time */
	o.rules = only;
	if (cscap_session_new(&s, &o) || cscap_session_load(s, w->ds) ||
	    cscap_session_evaluate(s, REAL_PROFILE) || cscap_session_write_arf(s, arf) ||
	    cscap_session_write_xccdf_results(s, xccdf) || cscap_session_write_report(s, html)) {
		snprintf(w->error, sizeof(w->error), "%s", cscap_error_last());
		cscap_session_free(s);
		return NULL;
	}
	w->findings = cscap_session_has_findings(s);
	for (size_t i = 0; i < cscap_session_rule_count(s); i++)
		if (cscap_session_rule_result(s, i, &id, &result) == 0 && strcmp(id, REAL_RULE) == 0) {
			snprintf(w->result, sizeof(w->result), "%s", result);
			if (cscap_session_rule_problem(s, i, &problem) == 0 && problem)
				snprintf(w->problem, sizeof(w->problem), "%s", problem);
		}
	cscap_session_free(s);
	w->arf = slurp(arf);
	w->xccdf = slurp(xccdf);
	w->html = slurp(html);
	return NULL;
}

static void test_two_threads_real_content(void **state)
{
	char *ds = repo_path(REAL_DS), *schemas = repo_path("schemas"), *data = repo_path("data");
	char *xsl = repo_path("data/report.xsl");
	struct real_worker w[2];
	pthread_t t[2];

	(void)state;
	if (access(ds, R_OK) != 0 || access(OFFICIAL_SCHEMAS "/sds/1.3", R_OK) != 0 || access(xsl, R_OK) != 0) {
		print_message("# needs %s (make), " OFFICIAL_SCHEMAS " (openscap-common) and %s\n", ds, xsl);
		free(ds), free(schemas), free(data), free(xsl);
		skip();
	}
	for (int i = 0; i < 2; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].ds = ds;
		w[i].schema_dir = schemas;
		w[i].data_dir = data;
		assert_non_null(w[i].dir = temp_dir_new("api"));
	}
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, real_work, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 2; i++) {
		if (w[i].error[0])
			fail_msg("thread %d: %s", i, w[i].error);
		/* Correct: no engine is an error (never a pass), and says which engine. */
		assert_string_equal(w[i].result, "error");
		assert_contains(w[i].problem, "/nonexistent/cscap-api-test.sock");
		assert_int_equal(w[i].findings, 1);
		assert_non_null(w[i].arf);
		assert_non_null(w[i].xccdf);
		assert_non_null(w[i].html);
		assert_contains(w[i].arf, "asset-report-collection");
		assert_contains(w[i].arf, "idref=\"" REAL_RULE "\"");
		assert_contains(w[i].arf, "<result>error</result>");
		assert_contains(w[i].xccdf, "<TestResult");
		assert_contains(w[i].xccdf, "<result>error</result>");
		assert_contains(w[i].html, "SV-235784");
		assert_contains(w[i].html, "</html>");
	}
	/* Identical: nothing of one session leaks into the other. */
	assert_string_equal(w[0].problem, w[1].problem);
	if (strcmp(w[0].arf, w[1].arf) != 0)
		fail_msg("the two threads' ARFs differ (%s, %s)", w[0].dir, w[1].dir);
	if (strcmp(w[0].xccdf, w[1].xccdf) != 0)
		fail_msg("the two threads' XCCDF results differ (%s, %s)", w[0].dir, w[1].dir);
	if (strcmp(w[0].html, w[1].html) != 0)
		fail_msg("the two threads' HTML reports differ (%s, %s)", w[0].dir, w[1].dir);
	for (int i = 0; i < 2; i++) {
		free(w[i].arf), free(w[i].xccdf), free(w[i].html);
		temp_dir_remove(w[i].dir);
	}
	free(ds), free(schemas), free(data), free(xsl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_memory_without_probes),
		cmocka_unit_test(test_load_memory_errors),
		cmocka_unit_test(test_registered_probe),
		cmocka_unit_test(test_registration_rules),
		cmocka_unit_test(test_misbehaving_probes),
		cmocka_unit_test(test_two_sessions),
		cmocka_unit_test(test_two_threads),
		cmocka_unit_test(test_check_engine),
		cmocka_unit_test(test_options_abi),
		cmocka_unit_test(test_options_more_engines),
		cmocka_unit_test(test_options_warning),
		cmocka_unit_test(test_options_older_abi),
		cmocka_unit_test(test_options_timeouts),
		cmocka_unit_test(test_options_rule_selection),
		cmocka_unit_test(test_options_tailoring_file),
		cmocka_unit_test(test_options_datastream_choice),
		cmocka_unit_test(test_write_errors),
		cmocka_unit_test(test_two_threads_real_content),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
