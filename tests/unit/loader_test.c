/*
 * Unit tests of engine/loader: OVAL and XCCDF model building from XML written
 * here, content_load on data streams, benchmarks and OVAL files written to a
 * temporary folder and on the project's built data stream, and schema
 * validation.
 *
 * The repository root (for content/ and schemas/) is $CSCAP_SRCDIR, else
 * derived from __FILE__, else ".".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cscap/error.h"
#include "common/xml_read.h"
#include "loader/loader.h"
#include "model/content.h"
#include "model/oval.h"
#include "model/xccdf.h"

/* ------------------------------------------------------------------ helpers */

#include "test_util.h"

#define CONTAINER_NS "urn:cscap:xml:oval-definitions-5#container"
#define OFFICIAL_SCHEMAS "/usr/share/openscap/schemas"
#define REAL_DS "content/cscap-docker-ee-2x-ds.xml"

static char repo_root[4096];

static void find_repo_root(void)
{
	const char *env = getenv("CSCAP_SRCDIR");
	const char *file = __FILE__;
	const char *marker = strstr(file, "tests/unit/");

	if (env && *env) {
		snprintf(repo_root, sizeof(repo_root), "%s", env);
	} else if (marker && marker > file) {
		snprintf(repo_root, sizeof(repo_root), "%.*s", (int)(marker - file - 1), file);
	} else {
		snprintf(repo_root, sizeof(repo_root), ".");
	}
	if (!repo_root[0])
		snprintf(repo_root, sizeof(repo_root), "/");
}

static char *repo_path(const char *rel)
{
	char *p;
	if (asprintf(&p, "%s/%s", repo_root, rel) < 0)
		return NULL;
	return p;
}

static char *write_file(const char *dir, const char *name, const char *text)
{
	char *path;
	FILE *f;

	assert_true(asprintf(&path, "%s/%s", dir, name) > 0);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	return path;
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	long len;
	char *buf;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	if (buf && fread(buf, 1, (size_t)len, f) != (size_t)len) {
		free(buf);
		buf = NULL;
	}
	if (buf)
		buf[len] = '\0';
	fclose(f);
	return buf;
}

/* Replace the first occurrence of from by to; a new string, or NULL when from is absent. */
static char *replace_once(const char *text, const char *from, const char *to, size_t *at)
{
	const char *p = strstr(text, from);
	char *out;

	if (!p)
		return NULL;
	if (at)
		*at = (size_t)(p - text);
	if (asprintf(&out, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from)) < 0)
		return NULL;
	return out;
}

static size_t line_at(const char *text, size_t offset)
{
	size_t line = 1;
	for (size_t i = 0; i < offset; i++)
		line += text[i] == '\n';
	return line;
}

/* ------------------------------------------------------------------ OVAL builders */

#define OVAL_HEAD                                                                              \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                         \
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\"\n"    \
	"    xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\"\n"                  \
	"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"                       \
	"    xmlns:c=\"" CONTAINER_NS "\">\n"                                                  \
	"<generator><oval:schema_version>5.11</oval:schema_version>"                           \
	"<oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>\n"

/* One minimal document, every section given as text (NULL leaves it out). */
static char *oval_text(const char *defs, const char *tests, const char *objects,
		       const char *states, const char *variables)
{
	char *out;
	int n = asprintf(&out, "%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s%s</oval_definitions>\n", OVAL_HEAD,
			 defs ? "<definitions>\n" : "", defs ? defs : "", defs ? "</definitions>\n" : "",
			 tests ? "<tests>\n" : "", tests ? tests : "", tests ? "</tests>\n" : "",
			 objects ? "<objects>\n" : "", objects ? objects : "", objects ? "</objects>\n" : "",
			 states ? "<states>\n" : "", states ? states : "", states ? "</states>\n" : "",
			 variables ? "<variables>\n" : "", variables ? variables : "",
			 variables ? "</variables>\n" : "");
	return n < 0 ? NULL : out;
}

#define DEF(id, criteria)                                                                  \
	"<definition id=\"" id "\" version=\"1\" class=\"compliance\">\n"                  \
	"<metadata><title>title of " id "</title><description>d</description></metadata>\n" \
	criteria "</definition>\n"
#define CRITERION(test) "<criterion test_ref=\"" test "\"/>\n"
#define EXTEND(def) "<extend_definition definition_ref=\"" def "\"/>\n"
#define CRITERIA(op, body) "<criteria operator=\"" op "\">\n" body "</criteria>\n"

#define TEST(id, obj, state)                                                              \
	"<c:container_test id=\"" id "\" version=\"1\" check=\"all\" check_existence=\"any_exist\">\n" \
	"<c:object object_ref=\"" obj "\"/>\n"                                            \
	"<c:state state_ref=\"" state "\"/>\n"                                             \
	"</c:container_test>\n"
#define TEST_NOSTATE(id, obj)                                                             \
	"<c:container_test id=\"" id "\" version=\"1\" check=\"all\">\n"                  \
	"<c:object object_ref=\"" obj "\"/>\n"                                            \
	"</c:container_test>\n"
#define OBJECT(id)                                                                        \
	"<c:container_object id=\"" id "\" version=\"1\">\n"                              \
	"<c:id operation=\"pattern match\">.*</c:id>\n"                                    \
	"</c:container_object>\n"
#define STATE(id)                                                                         \
	"<c:container_state id=\"" id "\" version=\"1\">\n"                               \
	"<c:pid_mode operation=\"not equal\">host</c:pid_mode>\n"                          \
	"</c:container_state>\n"

struct oval_fixture {
	xmlDocPtr xml;
	struct oval_document *doc;
};

/* Parse and build; returns the builder's code.  On failure nothing is left to free. */
static int build_oval(const char *text, struct oval_fixture *fx)
{
	int rc;

	fx->xml = NULL;
	fx->doc = NULL;
	assert_non_null(text);
	rc = xml_read_memory(&fx->xml, text, strlen(text), "mem-oval.xml");
	if (rc != 0)
		fail_msg("test document does not parse: %s", cscap_error_last());
	cscap_error_clear();
	rc = oval_document_build(&fx->doc, xmlDocGetRootElement(fx->xml), "test-oval.xml");
	if (rc != 0) {
		assert_null(fx->doc);
		xmlFreeDoc(fx->xml);
		fx->xml = NULL;
	}
	return rc;
}

static void free_oval(struct oval_fixture *fx)
{
	oval_document_free(fx->doc);
	xmlFreeDoc(fx->xml);
	fx->doc = NULL;
	fx->xml = NULL;
}

/* Build text (freed here) and expect a refusal with code whose message names each needle. */
static void expect_oval_refused(char *text, int code, const char *needle1, const char *needle2)
{
	struct oval_fixture fx;
	int rc = build_oval(text, &fx);

	free(text);
	if (rc == 0) {
		free_oval(&fx);
		fail_msg("document was accepted; expected code %d (%s)", code, needle1);
	}
	assert_int_equal(rc, code);
	assert_int_equal(cscap_error_last_code(), code);
	assert_contains(cscap_error_last(), "mem-oval.xml:");
	if (needle1)
		assert_contains(cscap_error_last(), needle1);
	if (needle2)
		assert_contains(cscap_error_last(), needle2);
}

/* ------------------------------------------------------------------ OVAL */

static void test_oval_minimal_document(void **state)
{
	struct oval_fixture fx;
	char *text = oval_text(DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
			       TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
			       OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL);

	(void)state;
	assert_int_equal(build_oval(text, &fx), 0);
	free(text);
	struct oval_document *d = fx.doc;
	assert_string_equal(d->href, "test-oval.xml");
	assert_ptr_equal(d->root, xmlDocGetRootElement(fx.xml));
	assert_int_equal(d->n_definitions, 1);
	assert_int_equal(d->n_tests, 1);
	assert_int_equal(d->n_objects, 1);
	assert_int_equal(d->n_states, 1);

	struct oval_definition *def = oval_document_definition(d, "oval:t:def:1");
	assert_non_null(def);
	assert_string_equal(def->id, "oval:t:def:1");
	assert_string_equal(def->version, "1");
	assert_int_equal(def->class_, OVAL_CLASS_COMPLIANCE);
	assert_string_equal(def->title, "title of oval:t:def:1");
	assert_false(def->deprecated);
	assert_non_null(def->node);
	assert_string_equal((const char *)def->node->name, "definition");

	struct oval_test *t = oval_document_test(d, "oval:t:tst:1");
	struct oval_object *o = oval_document_object(d, "oval:t:obj:1");
	struct oval_state *s = oval_document_state(d, "oval:t:ste:1");
	assert_non_null(t);
	assert_non_null(o);
	assert_non_null(s);

	/* The criteria tree, with references resolved to the model's objects. */
	struct oval_criteria_node *c = def->criteria;
	assert_non_null(c);
	assert_int_equal(c->kind, OVAL_NODE_CRITERIA);
	assert_int_equal(c->operator, OVAL_OPERATOR_AND);
	assert_false(c->negate);
	assert_int_equal(c->n_children, 1);
	assert_int_equal(c->children[0].kind, OVAL_NODE_CRITERION);
	assert_string_equal(c->children[0].ref, "oval:t:tst:1");
	assert_ptr_equal(c->children[0].test, t);

	assert_string_equal(t->ns, CONTAINER_NS);
	assert_string_equal(t->type, "container_test");
	assert_int_equal(t->check, OVAL_CHECK_ALL);
	assert_int_equal(t->check_existence, OVAL_EXIST_ANY);
	assert_int_equal(t->state_operator, OVAL_OPERATOR_AND);
	assert_string_equal(t->object_ref, "oval:t:obj:1");
	assert_ptr_equal(t->object, o);
	assert_int_equal(t->n_state_refs, 1);
	assert_string_equal(t->state_refs[0], "oval:t:ste:1");
	assert_ptr_equal(t->states[0], s);

	assert_string_equal(o->ns, CONTAINER_NS);
	assert_string_equal(o->type, "container_object");
	assert_int_equal(o->n_entities, 1);
	assert_string_equal(o->entities[0].name, "id");
	assert_string_equal(o->entities[0].value, ".*");
	assert_int_equal(o->entities[0].operation, OVAL_OP_PATTERN_MATCH);
	assert_int_equal(o->entities[0].datatype, OVAL_DT_STRING);
	assert_null(o->entities[0].var_ref);

	assert_string_equal(s->type, "container_state");
	assert_int_equal(s->n_entities, 1);
	assert_string_equal(s->entities[0].name, "pid_mode");
	assert_string_equal(s->entities[0].value, "host");
	assert_int_equal(s->entities[0].operation, OVAL_OP_NOT_EQUAL);

	/* Absent ids. */
	assert_null(oval_document_definition(d, "oval:t:def:2"));
	assert_null(oval_document_test(d, "oval:t:obj:1")); /* an object id is not a test */
	assert_null(oval_document_object(d, ""));
	assert_null(oval_document_state(d, "oval:t:ste:10"));
	free_oval(&fx);
	oval_document_free(NULL); /* harmless */
}

static void test_oval_lookups_in_unsorted_document(void **state)
{
	static const char *const ids[] = {"oval:t:def:30", "oval:t:def:4", "oval:t:def:200",
					  "oval:t:def:1", "oval:t:def:5",  "oval:t:def:17"};
	struct oval_fixture fx;
	char *text = oval_text(DEF("oval:t:def:30", CRITERIA("AND", CRITERION("oval:t:tst:9")))
			       DEF("oval:t:def:4", CRITERIA("OR", CRITERION("oval:t:tst:2")))
			       DEF("oval:t:def:200", CRITERIA("AND", CRITERION("oval:t:tst:9")))
			       DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:2")))
			       DEF("oval:t:def:5", CRITERIA("ONE", CRITERION("oval:t:tst:2")))
			       DEF("oval:t:def:17", CRITERIA("XOR", CRITERION("oval:t:tst:9"))),
			       TEST("oval:t:tst:9", "oval:t:obj:3", "oval:t:ste:2")
			       TEST("oval:t:tst:2", "oval:t:obj:1", "oval:t:ste:1"),
			       OBJECT("oval:t:obj:3") OBJECT("oval:t:obj:1"),
			       STATE("oval:t:ste:2") STATE("oval:t:ste:1"), NULL);

	(void)state;
	assert_int_equal(build_oval(text, &fx), 0);
	free(text);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct oval_definition *def = oval_document_definition(fx.doc, ids[i]);
		if (!def)
			fail_msg("definition %s not found", ids[i]);
		assert_string_equal(def->id, ids[i]);
		char want[64];
		snprintf(want, sizeof(want), "title of %s", ids[i]);
		assert_string_equal(def->title, want);
	}
	/* Each criterion points at the test with its own id. */
	assert_string_equal(oval_document_definition(fx.doc, "oval:t:def:30")->criteria->children[0].test->id,
			    "oval:t:tst:9");
	assert_string_equal(oval_document_definition(fx.doc, "oval:t:def:1")->criteria->children[0].test->id,
			    "oval:t:tst:2");
	assert_int_equal(oval_document_definition(fx.doc, "oval:t:def:5")->criteria->operator,
			 OVAL_OPERATOR_ONE);
	assert_ptr_equal(oval_document_test(fx.doc, "oval:t:tst:9")->object,
			 oval_document_object(fx.doc, "oval:t:obj:3"));
	assert_ptr_equal(oval_document_test(fx.doc, "oval:t:tst:2")->states[0],
			 oval_document_state(fx.doc, "oval:t:ste:1"));
	free_oval(&fx);
}

static void test_oval_attributes_and_defaults(void **state)
{
	struct oval_fixture fx;
	char *text = oval_text(
		"<definition id=\"oval:t:def:1\" version=\"3\" class=\"vulnerability\" deprecated=\"true\">\n"
		"<metadata><title>v</title><description>d</description></metadata>\n"
		"<criteria negate=\"true\">\n"
		"<criterion test_ref=\"oval:t:tst:1\" negate=\"1\" comment=\"c1\"/>\n"
		"<criteria operator=\"XOR\"><criterion test_ref=\"oval:t:tst:2\"/></criteria>\n"
		"</criteria></definition>\n"
		"<definition id=\"oval:t:def:2\" version=\"1\" class=\"inventory\">\n"
		"<metadata><title>no criteria</title><description>d</description></metadata>\n"
		"</definition>\n",
		"<c:container_test id=\"oval:t:tst:1\" version=\"1\" check=\"at least one\">\n"
		"<c:object object_ref=\"oval:t:obj:1\"/></c:container_test>\n"
		"<c:container_test id=\"oval:t:tst:2\" version=\"2\" check=\"none satisfy\"\n"
		"  check_existence=\"none_exist\" state_operator=\"ONE\">\n"
		"<c:object object_ref=\"oval:t:obj:1\"/>\n"
		"<c:state state_ref=\"oval:t:ste:1\"/><c:state state_ref=\"oval:t:ste:2\"/>\n"
		"</c:container_test>\n",
		"<c:container_object id=\"oval:t:obj:1\" version=\"1\">\n"
		"<c:id>abc</c:id>\n"
		"</c:container_object>\n",
		"<c:container_state id=\"oval:t:ste:1\" version=\"1\" operator=\"OR\">\n"
		"<c:pid datatype=\"int\" operation=\"greater than\">0</c:pid>\n"
		"<c:cap_add entity_check=\"none satisfy\">SYS_ADMIN</c:cap_add>\n"
		"<c:image xsi:nil=\"true\"/>\n"
		"<c:name var_ref=\"oval:t:var:1\" var_check=\"at least one\"/>\n"
		"</c:container_state>\n"
		"<c:container_state id=\"oval:t:ste:2\" version=\"1\"/>\n",
		"<constant_variable id=\"oval:t:var:1\" version=\"1\" datatype=\"string\" comment=\"k\">\n"
		"<value>a</value><value>b</value></constant_variable>\n"
		"<external_variable id=\"oval:t:var:2\" version=\"1\" datatype=\"int\" comment=\"e\"/>\n");

	(void)state;
	assert_int_equal(build_oval(text, &fx), 0);
	free(text);
	struct oval_definition *d1 = oval_document_definition(fx.doc, "oval:t:def:1");
	assert_int_equal(d1->class_, OVAL_CLASS_VULNERABILITY);
	assert_true(d1->deprecated);
	assert_string_equal(d1->version, "3");
	assert_true(d1->criteria->negate);
	assert_int_equal(d1->criteria->operator, OVAL_OPERATOR_AND); /* the default */
	assert_int_equal(d1->criteria->n_children, 2);
	assert_true(d1->criteria->children[0].negate);
	assert_string_equal(d1->criteria->children[0].comment, "c1");
	assert_int_equal(d1->criteria->children[1].kind, OVAL_NODE_CRITERIA);
	assert_int_equal(d1->criteria->children[1].operator, OVAL_OPERATOR_XOR);
	assert_false(d1->criteria->children[1].negate);
	struct oval_definition *d2 = oval_document_definition(fx.doc, "oval:t:def:2");
	assert_null(d2->criteria);
	assert_int_equal(d2->class_, OVAL_CLASS_INVENTORY);

	struct oval_test *t1 = oval_document_test(fx.doc, "oval:t:tst:1");
	assert_int_equal(t1->check, OVAL_CHECK_AT_LEAST_ONE);
	assert_int_equal(t1->check_existence, OVAL_EXIST_AT_LEAST_ONE); /* the default */
	assert_int_equal(t1->state_operator, OVAL_OPERATOR_AND);         /* the default */
	assert_int_equal(t1->n_state_refs, 0);
	struct oval_test *t2 = oval_document_test(fx.doc, "oval:t:tst:2");
	assert_int_equal(t2->check, OVAL_CHECK_NONE_SATISFY);
	assert_int_equal(t2->check_existence, OVAL_EXIST_NONE);
	assert_int_equal(t2->state_operator, OVAL_OPERATOR_ONE);
	assert_int_equal(t2->n_state_refs, 2);
	assert_string_equal(t2->states[1]->id, "oval:t:ste:2");

	struct oval_object *o = oval_document_object(fx.doc, "oval:t:obj:1");
	assert_int_equal(o->entities[0].operation, OVAL_OP_EQUALS);   /* default */
	assert_int_equal(o->entities[0].datatype, OVAL_DT_STRING);    /* default */
	assert_int_equal(o->entities[0].entity_check, OVAL_CHECK_ALL); /* default */
	assert_string_equal(o->entities[0].value, "abc");

	struct oval_state *s = oval_document_state(fx.doc, "oval:t:ste:1");
	assert_int_equal(s->operator, OVAL_OPERATOR_OR);
	assert_int_equal(s->n_entities, 4);
	assert_int_equal(s->entities[0].datatype, OVAL_DT_INT);
	assert_int_equal(s->entities[0].operation, OVAL_OP_GREATER_THAN);
	assert_int_equal(s->entities[1].entity_check, OVAL_CHECK_NONE_SATISFY);
	assert_true(s->entities[2].nil);
	assert_string_equal(s->entities[2].value, "");
	assert_false(s->entities[0].nil);
	assert_string_equal(s->entities[3].var_ref, "oval:t:var:1");
	assert_int_equal(s->entities[3].var_check, OVAL_CHECK_AT_LEAST_ONE);
	assert_int_equal(oval_document_state(fx.doc, "oval:t:ste:2")->n_entities, 0);

	assert_int_equal(fx.doc->n_variables, 2);
	struct oval_variable *v1 = oval_document_variable(fx.doc, "oval:t:var:1");
	assert_non_null(v1);
	assert_int_equal(v1->kind, OVAL_VAR_CONSTANT);
	assert_int_equal(v1->n_values, 2);
	assert_string_equal(v1->values[0], "a");
	assert_string_equal(v1->values[1], "b");
	struct oval_variable *v2 = oval_document_variable(fx.doc, "oval:t:var:2");
	assert_int_equal(v2->kind, OVAL_VAR_EXTERNAL);
	assert_int_equal(v2->datatype, OVAL_DT_INT);
	free_oval(&fx);
}

static void test_oval_dangling_references(void **state)
{
	(void)state;
	/* criterion test_ref */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:404"))),
				      TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "oval:t:tst:404", NULL);
	/* object_ref */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
				      TEST("oval:t:tst:1", "oval:t:obj:404", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "oval:t:obj:404", NULL);
	/* state_ref */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
				      TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:404"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "oval:t:ste:404", NULL);
	/* A reference that exists, but to another kind of thing. */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
				      TEST("oval:t:tst:1", "oval:t:ste:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "oval:t:ste:1", NULL);
	/* extend_definition */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", EXTEND("oval:t:def:404"))), NULL,
				      NULL, NULL, NULL),
			    CSCAP_EINVALID, "oval:t:def:404", NULL);
	/* A test without an object. */
	expect_oval_refused(oval_text(NULL,
				      "<c:container_test id=\"oval:t:tst:1\" version=\"1\" check=\"all\"/>\n",
				      NULL, NULL, NULL),
			    CSCAP_EINVALID, "oval:t:tst:1", NULL);
	/* var_ref to a variable the document does not have. */
	expect_oval_refused(oval_text(NULL, TEST_NOSTATE("oval:t:tst:1", "oval:t:obj:1"),
				      "<c:container_object id=\"oval:t:obj:1\" version=\"1\">\n"
				      "<c:id operation=\"pattern match\" var_ref=\"oval:t:var:404\"/>\n"
				      "</c:container_object>\n",
				      NULL, NULL),
			    CSCAP_EINVALID, "oval:t:var:404", NULL);
}

static void test_oval_duplicate_ids(void **state)
{
	(void)state;
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1")))
				      DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
				      TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "duplicate", "oval:t:def:1");
	expect_oval_refused(oval_text(NULL,
				      TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1")
				      TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "duplicate", "oval:t:tst:1");
	expect_oval_refused(oval_text(NULL, TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1") OBJECT("oval:t:obj:2") OBJECT("oval:t:obj:1"),
				      STATE("oval:t:ste:1"), NULL),
			    CSCAP_EINVALID, "duplicate", "oval:t:obj:1");
	expect_oval_refused(oval_text(NULL, TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1") STATE("oval:t:ste:1"),
				      NULL),
			    CSCAP_EINVALID, "duplicate", "oval:t:ste:1");
	expect_oval_refused(oval_text(NULL, NULL, NULL, NULL,
				      "<external_variable id=\"oval:t:var:1\" version=\"1\" datatype=\"string\" comment=\"a\"/>\n"
				      "<external_variable id=\"oval:t:var:1\" version=\"1\" datatype=\"string\" comment=\"b\"/>\n"),
			    CSCAP_EINVALID, "duplicate", "oval:t:var:1");
}

static void test_oval_extend_definition_cycles(void **state)
{
	(void)state;
	/* A extends B extends A. */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("AND", EXTEND("oval:t:def:2")))
				      DEF("oval:t:def:2", CRITERIA("AND", EXTEND("oval:t:def:1"))),
				      NULL, NULL, NULL, NULL),
			    CSCAP_EINVALID, "cycle", "oval:t:def:");
	/* A extends itself. */
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("OR", EXTEND("oval:t:def:1"))),
				      NULL, NULL, NULL, NULL),
			    CSCAP_EINVALID, "cycle", "oval:t:def:1");
	/* A longer loop, buried in nested criteria next to a good branch. */
	expect_oval_refused(
		oval_text(DEF("oval:t:def:1", CRITERIA("AND", EXTEND("oval:t:def:4")
							   CRITERIA("OR", EXTEND("oval:t:def:2"))))
			  DEF("oval:t:def:2", CRITERIA("AND", EXTEND("oval:t:def:3")))
			  DEF("oval:t:def:3", CRITERIA("AND", CRITERIA("AND", EXTEND("oval:t:def:1"))))
			  DEF("oval:t:def:4", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
			  TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"), OBJECT("oval:t:obj:1"),
			  STATE("oval:t:ste:1"), NULL),
		CSCAP_EINVALID, "cycle", NULL);
}

/* Sharing is not a cycle: A and B both extend C, and A extends B. */
static void test_oval_extend_definition_diamond_accepted(void **state)
{
	struct oval_fixture fx;
	char *text = oval_text(DEF("oval:t:def:a", CRITERIA("AND", EXTEND("oval:t:def:b") EXTEND("oval:t:def:c")))
			       DEF("oval:t:def:b", CRITERIA("OR", EXTEND("oval:t:def:c")))
			       DEF("oval:t:def:c", CRITERIA("AND", CRITERION("oval:t:tst:1"))),
			       TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
			       OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL);

	(void)state;
	int rc = build_oval(text, &fx);
	free(text);
	if (rc != 0)
		fail_msg("diamond refused: %s", cscap_error_last());
	struct oval_definition *a = oval_document_definition(fx.doc, "oval:t:def:a");
	struct oval_definition *c = oval_document_definition(fx.doc, "oval:t:def:c");
	assert_int_equal(a->criteria->children[0].kind, OVAL_NODE_EXTEND_DEFINITION);
	assert_ptr_equal(a->criteria->children[0].definition, oval_document_definition(fx.doc, "oval:t:def:b"));
	assert_ptr_equal(a->criteria->children[1].definition, c);
	free_oval(&fx);
}

static void test_oval_unknown_values(void **state)
{
	(void)state;
	expect_oval_refused(oval_text(NULL, TEST_NOSTATE("oval:t:tst:1", "oval:t:obj:1"),
				      "<c:container_object id=\"oval:t:obj:1\" version=\"1\">\n"
				      "<c:id operation=\"equal\">x</c:id></c:container_object>\n",
				      NULL, NULL),
			    CSCAP_EINVALID, "operation", "'equal'");
	expect_oval_refused(oval_text(NULL, TEST_NOSTATE("oval:t:tst:1", "oval:t:obj:1"),
				      "<c:container_object id=\"oval:t:obj:1\" version=\"1\">\n"
				      "<c:id datatype=\"integer\">1</c:id></c:container_object>\n",
				      NULL, NULL),
			    CSCAP_EINVALID, "datatype", "'integer'");
	expect_oval_refused(oval_text(NULL,
				      "<c:container_test id=\"oval:t:tst:1\" version=\"1\" check=\"most\">\n"
				      "<c:object object_ref=\"oval:t:obj:1\"/></c:container_test>\n",
				      OBJECT("oval:t:obj:1"), NULL, NULL),
			    CSCAP_EINVALID, "check", "'most'");
	/* check is required. */
	expect_oval_refused(oval_text(NULL,
				      "<c:container_test id=\"oval:t:tst:1\" version=\"1\">\n"
				      "<c:object object_ref=\"oval:t:obj:1\"/></c:container_test>\n",
				      OBJECT("oval:t:obj:1"), NULL, NULL),
			    CSCAP_EINVALID, "check", NULL);
	expect_oval_refused(oval_text(NULL,
				      "<c:container_test id=\"oval:t:tst:1\" version=\"1\" check=\"all\" check_existence=\"some_exist\">\n"
				      "<c:object object_ref=\"oval:t:obj:1\"/></c:container_test>\n",
				      OBJECT("oval:t:obj:1"), NULL, NULL),
			    CSCAP_EINVALID, "check_existence", "'some_exist'");
	expect_oval_refused(oval_text(NULL,
				      "<c:container_test id=\"oval:t:tst:1\" version=\"1\" check=\"all\" state_operator=\"NAND\">\n"
				      "<c:object object_ref=\"oval:t:obj:1\"/></c:container_test>\n",
				      OBJECT("oval:t:obj:1"), NULL, NULL),
			    CSCAP_EINVALID, "state_operator", "'NAND'");
	expect_oval_refused(oval_text(DEF("oval:t:def:1", CRITERIA("NOR", CRITERION("oval:t:tst:1"))),
				      TEST_NOSTATE("oval:t:tst:1", "oval:t:obj:1"), OBJECT("oval:t:obj:1"),
				      NULL, NULL),
			    CSCAP_EINVALID, "operator", "'NOR'");
	expect_oval_refused(oval_text(NULL, TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"),
				      "<c:container_state id=\"oval:t:ste:1\" version=\"1\">\n"
				      "<c:cap_add entity_check=\"sometimes\">X</c:cap_add></c:container_state>\n",
				      NULL),
			    CSCAP_EINVALID, "entity_check", "'sometimes'");
	expect_oval_refused(oval_text(NULL, TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
				      OBJECT("oval:t:obj:1"),
				      "<c:container_state id=\"oval:t:ste:1\" version=\"1\" operator=\"and\">\n"
				      "</c:container_state>\n",
				      NULL),
			    CSCAP_EINVALID, "operator", "'and'");
	expect_oval_refused(oval_text("<definition id=\"oval:t:def:1\" version=\"1\" class=\"weird\"/>\n",
				      NULL, NULL, NULL, NULL),
			    CSCAP_EINVALID, "class", "'weird'");
	expect_oval_refused(oval_text("<definition id=\"oval:t:def:1\" version=\"1\" class=\"patch\">\n"
				      "<criteria/></definition>\n",
				      NULL, NULL, NULL, NULL),
			    CSCAP_EINVALID, "criteria", NULL);
	expect_oval_refused(oval_text("<definition version=\"1\" class=\"patch\"/>\n", NULL, NULL, NULL,
				      NULL),
			    CSCAP_EINVALID, "id", NULL);
}

static void test_oval_not_an_oval_root(void **state)
{
	static const char text[] = "<other xmlns=\"urn:x\"/>";
	xmlDocPtr xml = NULL;
	struct oval_document *doc = (struct oval_document *)(uintptr_t)1;

	(void)state;
	assert_int_equal(xml_read_memory(&xml, text, strlen(text), "other.xml"), 0);
	assert_int_equal(oval_document_build(&doc, xmlDocGetRootElement(xml), "other.xml"),
			 CSCAP_EPARSE);
	assert_null(doc);
	assert_contains(cscap_error_last(), "other.xml");
	xmlFreeDoc(xml);
}

/* ------------------------------------------------------------------ XCCDF */

#define XCCDF_BODY                                                                                \
	"<status>draft</status>\n"                                                                \
	"<title>Bench</title>\n"                                                                  \
	"<version>4.5</version>\n"                                                                \
	"<Profile id=\"" P "profile_p1\">\n"                                                     \
	"  <title>P1</title>\n"                                                                   \
	"  <select idref=\"" P "rule_r2\" selected=\"true\"/>\n"                                 \
	"  <select idref=\"" P "rule_r1\" selected=\"false\"/>\n"                                \
	"  <set-value idref=\"" P "value_v1\">42</set-value>\n"                                  \
	"</Profile>\n"                                                                            \
	"<Profile id=\"" P "profile_p2\" extends=\"" P "profile_p1\"><title>P2</title></Profile>\n" \
	"<Value id=\"" P "value_v1\" type=\"number\" operator=\"less than\">\n"                   \
	"  <title>v1</title><value selector=\"big\">100</value><value>10</value>\n"               \
	"</Value>\n"                                                                              \
	"<Value id=\"" P "value_v2\"><title>v2</title><value selector=\"s\">x</value></Value>\n"  \
	"<Group id=\"" P "group_g1\">\n"                                                          \
	"  <title>G1</title>\n"                                                                   \
	"  <Value id=\"" P "value_v3\"><title>v3</title><value>in group</value></Value>\n"        \
	"  <Rule id=\"" P "rule_r1\" severity=\"high\" weight=\"2.5\">\n"                         \
	"    <title>R1</title>\n"                                                                 \
	"    <ident system=\"http://cce.mitre.org\">CCE-1234-5</ident>\n"                         \
	"    <ident system=\"http://cyber.mil/cci\">CCI-000366</ident>\n"                         \
	"    <version>DKER-1</version>\n"                                                         \
	"    <check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" selector=\"s1\">\n" \
	"      <check-export value-id=\"" P "value_v1\" export-name=\"oval:t:var:1\"/>\n"         \
	"      <check-content-ref href=\"t-oval.xml\" name=\"oval:t:def:1\"/>\n"                  \
	"    </check>\n"                                                                          \
	"    <check system=\"http://scap.nist.gov/schema/ocil/2\" negate=\"true\" multi-check=\"1\">\n" \
	"      <check-content-ref href=\"q.xml\"/>\n"                                             \
	"    </check>\n"                                                                          \
	"  </Rule>\n"                                                                             \
	"  <Group id=\"" P "group_g2\" selected=\"false\">\n"                                     \
	"    <title>G2</title>\n"                                                                 \
	"    <Rule id=\"" P "rule_r2\" selected=\"false\" role=\"unscored\" severity=\"low\"><title>R2</title></Rule>\n" \
	"  </Group>\n"                                                                            \
	"</Group>\n"                                                                              \
	"<Rule id=\"" P "rule_r3\" role=\"unchecked\" weight=\"0\"><title>R3</title></Rule>\n"

#define P "xccdf_t_"
static const char xccdf12_text[] =
	"<?xml version=\"1.0\"?>\n"
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_t_benchmark_b\" resolved=\"1\">\n"
	XCCDF_BODY "</Benchmark>\n";
#undef P
#define P ""
static const char xccdf11_text[] =
	"<?xml version=\"1.0\"?>\n"
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.1\" id=\"b11\" resolved=\"1\">\n"
	XCCDF_BODY "</Benchmark>\n";
#undef P

struct xccdf_fixture {
	xmlDocPtr xml;
	struct xccdf_benchmark *b;
};

static int build_xccdf(const char *text, struct xccdf_fixture *fx)
{
	int rc;

	fx->b = NULL;
	fx->xml = NULL;
	rc = xml_read_memory(&fx->xml, text, strlen(text), "mem-xccdf.xml");
	if (rc != 0)
		fail_msg("test document does not parse: %s", cscap_error_last());
	cscap_error_clear();
	rc = xccdf_benchmark_build(&fx->b, xmlDocGetRootElement(fx->xml));
	if (rc != 0) {
		assert_null(fx->b);
		xmlFreeDoc(fx->xml);
		fx->xml = NULL;
	}
	return rc;
}

static void free_xccdf(struct xccdf_fixture *fx)
{
	xccdf_benchmark_free(fx->b);
	xmlFreeDoc(fx->xml);
}

/* The same benchmark in 1.2 (prefix "xccdf_t_") and 1.1 (no prefix). */
static void check_benchmark(const struct xccdf_benchmark *b, const char *p)
{
	char id[128];
#define ID(suffix) (snprintf(id, sizeof(id), "%s%s", p, suffix), id)

	assert_string_equal(b->title, "Bench");
	assert_string_equal(b->version, "4.5");
	/* Document order at the top: the group, then the loose rule. */
	assert_int_equal(b->n_top, 2);
	assert_int_equal(b->top[0]->kind, XCCDF_ITEM_GROUP);
	assert_string_equal(b->top[0]->id, ID("group_g1"));
	assert_int_equal(b->top[1]->kind, XCCDF_ITEM_RULE);
	assert_string_equal(b->top[1]->id, ID("rule_r3"));
	assert_null(b->top[0]->parent);

	const struct xccdf_item *g1 = b->top[0];
	assert_string_equal(g1->title, "G1");
	assert_int_equal(g1->n_children, 2);
	assert_string_equal(g1->children[0]->id, ID("rule_r1"));
	assert_string_equal(g1->children[1]->id, ID("group_g2"));
	const struct xccdf_item *g2 = g1->children[1];
	assert_ptr_equal(g2->parent, g1);
	assert_false(g2->selected);
	assert_int_equal(g2->n_children, 1);
	assert_ptr_equal(g2->children[0]->parent, g2);

	/* Every rule, in document order, with its index. */
	assert_int_equal(b->n_rules, 3);
	assert_string_equal(b->rules[0]->id, ID("rule_r1"));
	assert_string_equal(b->rules[1]->id, ID("rule_r2"));
	assert_string_equal(b->rules[2]->id, ID("rule_r3"));
	for (size_t i = 0; i < b->n_rules; i++)
		assert_int_equal(b->rules[i]->rule_index, i);
	assert_int_equal(b->n_items, 5);

	/* Look-ups by id, rules and groups alike. */
	const struct xccdf_item *r1 = xccdf_benchmark_item(b, ID("rule_r1"));
	const struct xccdf_item *r2 = xccdf_benchmark_item(b, ID("rule_r2"));
	const struct xccdf_item *r3 = xccdf_benchmark_item(b, ID("rule_r3"));
	assert_ptr_equal(r1, b->rules[0]);
	assert_ptr_equal(r2, b->rules[1]);
	assert_ptr_equal(r3, b->rules[2]);
	assert_ptr_equal(xccdf_benchmark_item(b, ID("group_g2")), g2);
	assert_null(xccdf_benchmark_item(b, ID("rule_r4")));
	assert_null(xccdf_benchmark_item(b, ID("value_v1"))); /* Values are not items */

	/* r1: everything given. */
	assert_ptr_equal(r1->parent, g1);
	assert_string_equal(r1->title, "R1");
	assert_true(r1->selected); /* default */
	assert_true(r1->weight == 2.5);
	assert_int_equal(r1->severity, XCCDF_SEV_HIGH);
	assert_int_equal(r1->role, XCCDF_ROLE_FULL); /* default */
	assert_string_equal(r1->version, "DKER-1");
	assert_int_equal(r1->n_idents, 2);
	assert_string_equal(r1->idents[0].system, "http://cce.mitre.org");
	assert_string_equal(r1->idents[0].value, "CCE-1234-5");
	assert_string_equal(r1->idents[1].value, "CCI-000366");
	assert_int_equal(r1->n_checks, 2);
	const struct xccdf_check *ck = &r1->checks[0];
	assert_string_equal(ck->system, XCCDF_SYSTEM_OVAL);
	assert_string_equal(ck->selector, "s1");
	assert_false(ck->negate);
	assert_false(ck->multi_check);
	assert_int_equal(ck->n_refs, 1);
	assert_string_equal(ck->refs[0].href, "t-oval.xml");
	assert_string_equal(ck->refs[0].name, "oval:t:def:1");
	assert_int_equal(ck->n_exports, 1);
	assert_string_equal(ck->exports[0].value_id, ID("value_v1"));
	assert_string_equal(ck->exports[0].export_name, "oval:t:var:1");
	const struct xccdf_check *ck2 = &r1->checks[1];
	assert_string_equal(ck2->system, "http://scap.nist.gov/schema/ocil/2");
	assert_null(ck2->selector);
	assert_true(ck2->negate);
	assert_true(ck2->multi_check);
	assert_null(ck2->refs[0].name); /* every definition */
	assert_int_equal(ck2->n_exports, 0);

	/* r2 and r3: what they say, and defaults for the rest. */
	assert_false(r2->selected);
	assert_int_equal(r2->role, XCCDF_ROLE_UNSCORED);
	assert_int_equal(r2->severity, XCCDF_SEV_LOW);
	assert_true(r2->weight == 1.0);
	assert_int_equal(r2->n_checks, 0);
	assert_true(r3->selected);
	assert_int_equal(r3->role, XCCDF_ROLE_UNCHECKED);
	assert_int_equal(r3->severity, XCCDF_SEV_UNKNOWN);
	assert_true(r3->weight == 0.0);
	assert_null(r3->version);
	assert_int_equal(r3->n_idents, 0);

	/* Values, including one inside a group; the default is the value without selector. */
	assert_int_equal(b->n_values, 3);
	const struct xccdf_value *v1 = xccdf_benchmark_value(b, ID("value_v1"));
	assert_non_null(v1);
	assert_string_equal(v1->type, "number");
	assert_string_equal(v1->operator_, "less than");
	assert_string_equal(v1->value, "10");
	const struct xccdf_value *v2 = xccdf_benchmark_value(b, ID("value_v2"));
	assert_string_equal(v2->type, "string");     /* default */
	assert_string_equal(v2->operator_, "equals"); /* default */
	assert_string_equal(v2->value, "");           /* only a selected value */
	const struct xccdf_value *v3 = xccdf_benchmark_value(b, ID("value_v3"));
	assert_non_null(v3);
	assert_string_equal(v3->value, "in group");
	assert_null(xccdf_benchmark_value(b, ID("value_v9")));

	/* Profiles, in document order. */
	assert_int_equal(b->n_profiles, 2);
	const struct xccdf_profile *p1 = xccdf_benchmark_profile(b, ID("profile_p1"));
	assert_ptr_equal(p1, &b->profiles[0]);
	assert_string_equal(p1->title, "P1");
	assert_null(p1->extends);
	assert_int_equal(p1->n_selects, 2);
	assert_string_equal(p1->selects[0].idref, ID("rule_r2"));
	assert_true(p1->selects[0].selected);
	assert_string_equal(p1->selects[1].idref, ID("rule_r1"));
	assert_false(p1->selects[1].selected);
	assert_int_equal(p1->n_set_values, 1);
	assert_string_equal(p1->set_values[0].idref, ID("value_v1"));
	assert_string_equal(p1->set_values[0].value, "42");
	const struct xccdf_profile *p2 = xccdf_benchmark_profile(b, ID("profile_p2"));
	assert_ptr_equal(p2, &b->profiles[1]);
	assert_string_equal(p2->extends, ID("profile_p1"));
	assert_int_equal(p2->n_selects, 0);
	assert_null(xccdf_benchmark_profile(b, ID("profile_p3")));
#undef ID
}

static void test_xccdf12_benchmark(void **state)
{
	struct xccdf_fixture fx;

	(void)state;
	assert_int_equal(build_xccdf(xccdf12_text, &fx), 0);
	assert_int_equal(fx.b->xccdf_version, 12);
	assert_string_equal(fx.b->ns, XCCDF12_NS);
	assert_string_equal(fx.b->id, "xccdf_t_benchmark_b");
	assert_ptr_equal(fx.b->node, xmlDocGetRootElement(fx.xml));
	check_benchmark(fx.b, "xccdf_t_");
	free_xccdf(&fx);
}

static void test_xccdf11_benchmark(void **state)
{
	struct xccdf_fixture fx;

	(void)state;
	assert_int_equal(build_xccdf(xccdf11_text, &fx), 0);
	assert_int_equal(fx.b->xccdf_version, 11);
	assert_string_equal(fx.b->ns, XCCDF11_NS);
	assert_string_equal(fx.b->id, "b11");
	check_benchmark(fx.b, "");
	free_xccdf(&fx);
}

/* Elements of the other XCCDF version are not part of the benchmark. */
static void test_xccdf_other_version_elements_ignored(void **state)
{
	static const char text[] =
		"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" "
		"xmlns:x11=\"http://checklists.nist.gov/xccdf/1.1\" id=\"xccdf_t_benchmark_b\">\n"
		"<Rule id=\"xccdf_t_rule_a\"/>\n<x11:Rule id=\"xccdf_t_rule_b\"/>\n</Benchmark>\n";
	struct xccdf_fixture fx;

	(void)state;
	assert_int_equal(build_xccdf(text, &fx), 0);
	assert_int_equal(fx.b->n_rules, 1);
	assert_null(xccdf_benchmark_item(fx.b, "xccdf_t_rule_b"));
	free_xccdf(&fx);
}

static void expect_xccdf_refused(const char *text, int code, const char *needle)
{
	struct xccdf_fixture fx;
	int rc = build_xccdf(text, &fx);

	if (rc == 0) {
		free_xccdf(&fx);
		fail_msg("benchmark accepted; expected code %d (%s)", code, needle ? needle : "");
	}
	assert_int_equal(rc, code);
	if (needle)
		assert_contains(cscap_error_last(), needle);
}

#define B12(body) "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_t_benchmark_b\">\n" body "</Benchmark>\n"

static void test_xccdf_duplicates_and_bad_values(void **state)
{
	(void)state;
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\"/>\n<Group id=\"xccdf_t_group_g\">\n"
				 "<Rule id=\"xccdf_t_rule_a\"/></Group>\n"),
			     CSCAP_EINVALID, "xccdf_t_rule_a");
	expect_xccdf_refused(B12("<Group id=\"xccdf_t_x\"/>\n<Rule id=\"xccdf_t_x\"/>\n"), CSCAP_EINVALID,
			     "duplicate");
	expect_xccdf_refused(B12("<Profile id=\"xccdf_t_profile_p\"><title>a</title></Profile>\n"
				 "<Profile id=\"xccdf_t_profile_p\"><title>b</title></Profile>\n"),
			     CSCAP_EINVALID, "xccdf_t_profile_p");
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\" severity=\"critical\"/>\n"), CSCAP_EINVALID,
			     "critical");
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\" role=\"main\"/>\n"), CSCAP_EINVALID, "main");
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\" weight=\"-1\"/>\n"), CSCAP_EINVALID, "-1");
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\" weight=\"heavy\"/>\n"), CSCAP_EINVALID,
			     "heavy");
	expect_xccdf_refused(B12("<Rule/>\n"), CSCAP_EINVALID, "id");
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\"><check/></Rule>\n"), CSCAP_EINVALID,
			     "system");
	expect_xccdf_refused(B12("<Rule id=\"xccdf_t_rule_a\"><check system=\"s\"><check-content-ref/></check></Rule>\n"),
			     CSCAP_EINVALID, "href");
	expect_xccdf_refused(B12("<Profile id=\"xccdf_t_profile_p\"><title>a</title><select selected=\"true\"/></Profile>\n"),
			     CSCAP_EINVALID, "idref");
	expect_xccdf_refused("<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\"/>", CSCAP_EINVALID,
			     "id");
	expect_xccdf_refused("<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.3\" id=\"b\"/>",
			     CSCAP_EPARSE, NULL);
	expect_xccdf_refused("<Benchmark id=\"b\"/>", CSCAP_EPARSE, NULL);
}

/*
 * BUG: engine/loader/xccdf_build.c, xccdf_benchmark_build(): uniqueness is
 * checked for Groups/Rules (by_id) and Profiles, but never for Values, so two
 * Values with one id (or a Value sharing a Rule's id) are accepted.  The XCCDF
 * 1.2 schema's itemIdKey makes Value, Group and Rule ids unique together; with
 * validation skipped, xccdf_benchmark_value() then silently picks the first and
 * a profile's set-value/check-export becomes ambiguous.  Expected: CSCAP_EINVALID
 * "duplicate ... id" naming the id.
 */
static void test_xccdf_duplicate_value_id_bug(void **state)
{
	struct xccdf_fixture fx;
	static const char dup_values[] =
		B12("<Value id=\"xccdf_t_value_v\"><title>a</title><value>1</value></Value>\n"
		    "<Value id=\"xccdf_t_value_v\"><title>b</title><value>2</value></Value>\n"
		    "<Rule id=\"xccdf_t_rule_a\"/>\n");
	static const char value_as_rule[] =
		B12("<Value id=\"xccdf_t_same\"><title>a</title><value>1</value></Value>\n"
		    "<Rule id=\"xccdf_t_same\"/>\n");

	(void)state;
	int rc1 = build_xccdf(dup_values, &fx);
	if (rc1 == 0)
		free_xccdf(&fx);
	int rc2 = build_xccdf(value_as_rule, &fx);
	if (rc2 == 0)
		free_xccdf(&fx);
	if (rc1 != CSCAP_EINVALID)
		fail_msg("two Values with id xccdf_t_value_v: got %d, want CSCAP_EINVALID", rc1);
	if (rc2 != CSCAP_EINVALID)
		fail_msg("a Value and a Rule both with id xccdf_t_same: got %d, want CSCAP_EINVALID", rc2);
}

/* ------------------------------------------------------------------ content_load */

#define DS_OVAL                                                                                    \
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\" "          \
	"xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\" xmlns:c=\"" CONTAINER_NS "\">\n" \
	"<generator><oval:schema_version>5.11</oval:schema_version>"                               \
	"<oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>\n"                       \
	"<definitions>\n" DEF("oval:t:def:1", CRITERIA("AND", CRITERION("oval:t:tst:1"))) "</definitions>\n" \
	"<tests>\n" TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1") "</tests>\n"           \
	"<objects>\n" OBJECT("oval:t:obj:1") "</objects>\n"                                      \
	"<states>\n" STATE("oval:t:ste:1") "</states>\n"                                         \
	"</oval_definitions>\n"

#define DS_XCCDF(href)                                                                             \
	"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_t_benchmark_x\" resolved=\"1\">\n" \
	"<status>draft</status><title>X</title><version>1</version>\n"                            \
	"<Rule id=\"xccdf_t_rule_r\"><title>R</title>\n"                                          \
	"<check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\">\n"                   \
	"<check-content-ref href=\"" href "\" name=\"oval:t:def:1\"/></check></Rule>\n"           \
	"</Benchmark>\n"

/* A data stream; the pieces that tests break are parameters. */
static char *ds_text(const char *checklist_href, const char *catalog_uri, const char *check_href)
{
	char *out;
	int n = asprintf(&out,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<ds:data-stream-collection xmlns:ds=\"http://scap.nist.gov/schema/scap/source/1.2\"\n"
		"  xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n"
		"  xmlns:cat=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\"\n"
		"  id=\"scap_t_collection_x\" schematron-version=\"1.3\">\n"
		"<ds:data-stream id=\"scap_t_datastream_x\" scap-version=\"1.3\" use-case=\"CONFIGURATION\">\n"
		"<ds:checklists>\n"
		"<ds:component-ref id=\"scap_t_cref_x-xccdf.xml\" xlink:href=\"%s\">\n"
		"<cat:catalog><cat:uri name=\"x-oval.xml\" uri=\"%s\"/></cat:catalog>\n"
		"</ds:component-ref>\n"
		"</ds:checklists>\n"
		"<ds:checks>\n"
		"<ds:component-ref id=\"scap_t_cref_x-oval.xml\" xlink:href=\"%s\"/>\n"
		"</ds:checks>\n"
		"</ds:data-stream>\n"
		"<ds:component id=\"scap_t_comp_x-xccdf.xml\" timestamp=\"2026-01-01T00:00:00\">\n"
		DS_XCCDF("x-oval.xml")
		"</ds:component>\n"
		"<ds:component id=\"scap_t_comp_x-oval.xml\" timestamp=\"2026-01-01T00:00:00\">\n"
		DS_OVAL
		"</ds:component>\n"
		"</ds:data-stream-collection>\n",
		checklist_href, catalog_uri, check_href);
	return n < 0 ? NULL : out;
}

static const struct load_options no_validation = {.schemas = NULL};

static void test_content_load_datastream(void **state)
{
	char *dir = temp_dir_new("loader");
	char *text = ds_text("#scap_t_comp_x-xccdf.xml", "#scap_t_cref_x-oval.xml", "#scap_t_comp_x-oval.xml");
	char *path = write_file(dir, "x-ds.xml", text);
	struct content *c = NULL;

	(void)state;
	free(text);
	int rc = content_load(&c, path, &no_validation);
	if (rc != 0)
		fail_msg("content_load: %s", cscap_error_last());
	assert_int_equal(c->kind, CONTENT_DATASTREAM);
	assert_string_equal(c->path, path);
	assert_string_equal(c->collection_id, "scap_t_collection_x");
	assert_string_equal(c->datastream_id, "scap_t_datastream_x");
	assert_string_equal(c->checklist_component_id, "#scap_t_comp_x-xccdf.xml");
	assert_non_null(c->benchmark);
	assert_string_equal(c->benchmark->id, "xccdf_t_benchmark_x");
	assert_int_equal(c->benchmark->n_rules, 1);
	assert_int_equal(c->n_ovals, 1);
	assert_string_equal(c->ovals[0]->href, "x-oval.xml");
	/* The check-content-ref's href names the OVAL component through the catalog. */
	const struct xccdf_check_ref *ref = &c->benchmark->rules[0]->checks[0].refs[0];
	struct oval_document *o = content_oval_for_href(c, ref->href);
	assert_ptr_equal(o, c->ovals[0]);
	assert_int_equal(content_oval_index(c, o), 0);
	assert_non_null(oval_document_definition(o, ref->name));
	assert_null(content_oval_for_href(c, "scap_t_comp_x-oval.xml"));
	assert_null(content_oval_for_href(c, NULL));
	assert_int_equal(content_oval_index(c, NULL), -1);
	/* The models point into the one parsed document. */
	assert_ptr_equal(c->benchmark->node->doc, c->doc);
	assert_ptr_equal(o->root->doc, c->doc);
	content_free(c);
	content_free(NULL);
	free(path);
	temp_dir_remove(dir);
}

static void expect_load_failure(const char *dir, const char *name, const char *text, int code,
				const char *needle)
{
	char *path = write_file(dir, name, text);
	struct content *c = (struct content *)(uintptr_t)1;

	cscap_error_clear();
	int rc = content_load(&c, path, &no_validation);
	if (rc == 0) {
		content_free(c);
		fail_msg("%s was loaded; expected code %d", name, code);
	}
	if (rc != code)
		fail_msg("%s: got %d (%s), want %d", name, rc, cscap_error_last(), code);
	assert_null(c);
	if (needle)
		assert_contains(cscap_error_last(), needle);
	free(path);
}

static void test_content_load_broken_datastreams(void **state)
{
	char *dir = temp_dir_new("loader");
	char *t;

	(void)state;
	t = ds_text("#scap_t_comp_nosuch", "#scap_t_cref_x-oval.xml", "#scap_t_comp_x-oval.xml");
	expect_load_failure(dir, "missing-component.xml", t, CSCAP_ENOTFOUND, "scap_t_comp_nosuch");
	free(t);
	t = ds_text("#scap_t_comp_x-xccdf.xml", "#scap_t_cref_nosuch", "#scap_t_comp_x-oval.xml");
	expect_load_failure(dir, "missing-cref.xml", t, CSCAP_ENOTFOUND, "scap_t_cref_nosuch");
	free(t);
	t = ds_text("#scap_t_comp_x-xccdf.xml", "#scap_t_cref_x-oval.xml", "#scap_t_comp_gone");
	expect_load_failure(dir, "missing-check-component.xml", t, CSCAP_ENOTFOUND, "scap_t_comp_gone");
	free(t);
	t = ds_text("http://example.com/x.xml", "#scap_t_cref_x-oval.xml", "#scap_t_comp_x-oval.xml");
	expect_load_failure(dir, "remote.xml", t, CSCAP_EUNSUPPORTED, "http://example.com/x.xml");
	free(t);
	t = ds_text("#scap_t_comp_x-xccdf.xml", "x-oval.xml", "#scap_t_comp_x-oval.xml");
	expect_load_failure(dir, "nonlocal-catalog.xml", t, CSCAP_EUNSUPPORTED, "catalog");
	free(t);
	/* A component whose OVAL is broken fails the whole load, naming the problem. */
	char *good = ds_text("#scap_t_comp_x-xccdf.xml", "#scap_t_cref_x-oval.xml", "#scap_t_comp_x-oval.xml");
	char *broken = replace_once(good, "object_ref=\"oval:t:obj:1\"", "object_ref=\"oval:t:obj:7\"", NULL);
	assert_non_null(broken);
	expect_load_failure(dir, "dangling.xml", broken, CSCAP_EINVALID, "oval:t:obj:7");
	free(broken);
	free(good);
	expect_load_failure(dir, "no-ds.xml",
			    "<ds:data-stream-collection xmlns:ds=\"http://scap.nist.gov/schema/scap/source/1.2\" id=\"c\"/>",
			    CSCAP_EINVALID, "data-stream");
	expect_load_failure(dir, "no-checklist.xml",
			    "<ds:data-stream-collection xmlns:ds=\"http://scap.nist.gov/schema/scap/source/1.2\" id=\"c\">"
			    "<ds:data-stream id=\"d\"/></ds:data-stream-collection>",
			    CSCAP_EINVALID, "checklist");
	expect_load_failure(dir, "other.xml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"/>",
			    CSCAP_EUNSUPPORTED, "html");
	expect_load_failure(dir, "doctype.xml", "<!DOCTYPE x><x/>", CSCAP_EREFUSED, "doctype.xml");

	char *missing;
	struct content *c = (struct content *)(uintptr_t)1;
	assert_true(asprintf(&missing, "%s/none.xml", dir) > 0);
	assert_int_equal(content_load(&c, missing, &no_validation), CSCAP_EIO);
	assert_null(c);
	assert_contains(cscap_error_last(), missing);
	free(missing);
	temp_dir_remove(dir);
}

static void test_content_load_standalone_files(void **state)
{
	char *dir = temp_dir_new("loader");
	char *oval = write_file(dir, "t-oval.xml", DS_OVAL);
	char *bench = write_file(dir, "bench.xml", DS_XCCDF("t-oval.xml"));
	struct content *c = NULL;

	(void)state;
	/* An XCCDF file: the OVAL it names is read from beside it. */
	int rc = content_load(&c, bench, &no_validation);
	if (rc)
		fail_msg("benchmark: %s", cscap_error_last());
	assert_int_equal(c->kind, CONTENT_XCCDF);
	assert_null(c->datastream_id);
	assert_int_equal(c->n_ovals, 1);
	assert_string_equal(c->ovals[0]->href, "t-oval.xml");
	assert_int_equal(c->n_extra_docs, 1);
	assert_ptr_equal(c->ovals[0]->root->doc, c->extra_docs[0]);
	assert_non_null(content_oval_for_href(c, "t-oval.xml"));
	content_free(c);

	/* An OVAL file on its own, named by its file name. */
	c = NULL;
	rc = content_load(&c, oval, &no_validation);
	if (rc)
		fail_msg("oval: %s", cscap_error_last());
	assert_int_equal(c->kind, CONTENT_OVAL);
	assert_null(c->benchmark);
	assert_int_equal(c->n_ovals, 1);
	assert_string_equal(c->ovals[0]->href, "t-oval.xml");
	content_free(c);

	/* A benchmark naming an OVAL file that is not there. */
	char *lonely = write_file(dir, "lonely.xml", DS_XCCDF("absent-oval.xml"));
	c = (struct content *)(uintptr_t)1;
	assert_int_equal(content_load(&c, lonely, &no_validation), CSCAP_EIO);
	assert_null(c);
	assert_contains(cscap_error_last(), "absent-oval.xml");
	free(lonely);
	free(oval);
	free(bench);
	temp_dir_remove(dir);
}

/* ------------------------------------------------------------------ the real data stream */

static void test_content_load_real_datastream(void **state)
{
	char *path = repo_path(REAL_DS);
	struct content *c = NULL;

	(void)state;
	if (access(path, R_OK) != 0)
		fail_msg("%s is missing: run `make all` first (or set CSCAP_SRCDIR)", path);
	int rc = content_load(&c, path, &no_validation);
	if (rc)
		fail_msg("%s: %s", path, cscap_error_last());
	assert_int_equal(c->kind, CONTENT_DATASTREAM);
	assert_string_equal(c->collection_id, "scap_cscap_collection_docker-ee-2x");
	assert_string_equal(c->datastream_id, "scap_cscap_datastream_docker-ee-2x");
	assert_string_equal(c->checklist_component_id, "#scap_cscap_comp_docker-ee-2x-xccdf.xml");

	const struct xccdf_benchmark *b = c->benchmark;
	assert_non_null(b);
	assert_int_equal(b->xccdf_version, 12);
	assert_string_equal(b->id, "xccdf_cscap_benchmark_docker-ee-2x");
	/* Every rule of DISA's Docker Enterprise 2.x STIG. */
	assert_int_equal(b->n_rules, 101);
	assert_int_equal(b->n_profiles, 10);
	const struct xccdf_item *rule = xccdf_benchmark_item(b, "xccdf_cscap_rule_SV-235784r960804_rule");
	assert_non_null(rule);
	assert_int_equal(rule->kind, XCCDF_ITEM_RULE);
	assert_string_equal(rule->version, "DKER-EE-001240");
	assert_int_equal(rule->severity, XCCDF_SEV_MEDIUM);
	assert_non_null(rule->parent);
	assert_string_equal(rule->parent->id, "xccdf_cscap_group_V-235784");
	assert_non_null(xccdf_benchmark_profile(b, "xccdf_cscap_profile_automated"));
	assert_non_null(xccdf_benchmark_value(b, "xccdf_cscap_value_container_exclude_pattern"));

	assert_int_equal(rule->n_checks, 1);
	const struct xccdf_check *ck = &rule->checks[0];
	assert_string_equal(ck->system, XCCDF_SYSTEM_OVAL);
	assert_int_equal(ck->n_refs, 1);
	assert_string_equal(ck->refs[0].href, "docker-ee-2x-oval.xml");

	/* The OVAL components: the checks, and the CPE dictionary's inventory check. */
	assert_int_equal(c->n_ovals, 2);
	assert_int_equal(c->n_cpe_dictionaries, 1);
	struct oval_document *o = content_oval_for_href(c, "docker-ee-2x-oval.xml");
	assert_non_null(o);
	assert_string_equal(o->href, "docker-ee-2x-oval.xml");
	const struct oval_definition *def = oval_document_definition(o, ck->refs[0].name);
	assert_non_null(def);
	assert_string_equal(def->id, "oval:cscap.docker:def:1240");
	assert_int_equal(def->class_, OVAL_CLASS_COMPLIANCE);
	assert_non_null(def->criteria);
	const struct oval_test *t = oval_document_test(o, "oval:cscap.docker:tst:1240");
	assert_non_null(t);
	assert_string_equal(t->type, "container_test");
	assert_string_equal(t->object->id, "oval:cscap.docker:obj:1");
	assert_string_equal(t->object->type, "container_object");
	assert_true(t->n_state_refs >= 1);
	content_free(c);
	free(path);
}

/* ------------------------------------------------------------------ schema validation */

static struct schema_set *schemas;
static int schemas_absent;

static int schema_setup(void **state)
{
	char *own = repo_path("schemas");

	(void)state;
	schemas = NULL;
	schemas_absent = access(OFFICIAL_SCHEMAS, R_OK) != 0;
	if (!schemas_absent && schema_set_load(&schemas, OFFICIAL_SCHEMAS, own) != 0) {
		print_error("schema_set_load: %s\n", cscap_error_last());
		schemas = NULL;
	}
	free(own);
	return 0;
}

static int schema_teardown(void **state)
{
	(void)state;
	schema_set_free(schemas);
	schemas = NULL;
	return 0;
}

static void need_schemas(void)
{
	if (schemas_absent) {
		print_message("%s is absent: install openscap-common to validate\n", OFFICIAL_SCHEMAS);
		skip();
	}
	if (!schemas)
		fail_msg("the schemas could not be compiled");
}

static void test_schema_accepts_real_datastream(void **state)
{
	char *path = repo_path(REAL_DS);
	xmlDocPtr doc = NULL;

	(void)state;
	need_schemas();
	assert_int_equal(xml_read_file(&doc, path), 0);
	int rc = schema_set_validate(schemas, doc, path);
	if (rc)
		fail_msg("%s", cscap_error_last());
	xmlFreeDoc(doc);

	/* content_load with validation on accepts it too. */
	struct load_options opts = {.schemas = schemas};
	struct content *c = NULL;
	rc = content_load(&c, path, &opts);
	if (rc)
		fail_msg("%s", cscap_error_last());
	content_free(c);
	free(path);
}

static void expect_invalid_copy(const char *dir, const char *name, const char *text, const char *from,
				const char *to)
{
	size_t at;
	char *bad = replace_once(text, from, to, &at);
	if (!bad)
		fail_msg("the data stream has no %s to break", from);
	char *path = write_file(dir, name, bad);
	/* The line of the start tag that carries the attribute. */
	size_t tag = at;
	while (tag > 0 && bad[tag] != '<')
		tag--;
	size_t line = line_at(bad, tag);
	char *want;
	xmlDocPtr doc = NULL;

	assert_true(asprintf(&want, "%s:%zu:", path, line) > 0);
	assert_int_equal(xml_read_file(&doc, path), 0);
	cscap_error_clear();
	int rc = schema_set_validate(schemas, doc, path);
	xmlFreeDoc(doc);
	if (rc != CSCAP_EINVALID)
		fail_msg("%s (%s -> %s): got %d, want CSCAP_EINVALID", name, from, to, rc);
	assert_contains(cscap_error_last(), want);
	assert_int_equal(cscap_error_last_code(), CSCAP_EINVALID);

	/* And content_load refuses it with validation on. */
	struct load_options opts = {.schemas = schemas};
	struct content *c = (struct content *)(uintptr_t)1;
	assert_int_equal(content_load(&c, path, &opts), CSCAP_EINVALID);
	assert_null(c);
	assert_contains(cscap_error_last(), want);
	free(want);
	free(path);
	free(bad);
}

static void test_schema_rejects_bad_attribute(void **state)
{
	char *path = repo_path(REAL_DS);
	char *text = read_file(path);
	char *dir = temp_dir_new("loader");

	(void)state;
	need_schemas();
	assert_non_null(text);
	/* An OVAL enumeration, an XCCDF enumeration, and our own extension's. */
	expect_invalid_copy(dir, "bad-check.xml", text, "check=\"all\"", "check=\"most\"");
	expect_invalid_copy(dir, "bad-class.xml", text, "class=\"compliance\"", "class=\"weird\"");
	expect_invalid_copy(dir, "bad-severity.xml", text, "severity=\"medium\"", "severity=\"urgent\"");
	expect_invalid_copy(dir, "bad-operation.xml", text, "operation=\"pattern match\"",
			    "operation=\"pattern matches\"");
	free(text);
	free(path);
	temp_dir_remove(dir);
}

static void test_schema_set_load_missing_folder(void **state)
{
	struct schema_set *s = (struct schema_set *)(uintptr_t)1;

	(void)state;
	assert_int_equal(schema_set_load(&s, "/nonexistent/cscap-schemas", "/nonexistent/own"),
			 CSCAP_ENOTFOUND);
	assert_null(s);
	assert_contains(cscap_error_last(), "/nonexistent/");
}

/* ------------------------------------------------------------------ hostile shapes (issue 8) */

/* A chain of n definitions, each extending the next; the last has a criterion. */
static char *extend_chain(size_t n)
{
	size_t cap = n * 256 + 1024, len = 0;
	char *defs = malloc(cap);

	assert_non_null(defs);
	for (size_t i = 1; i <= n; i++) {
		int k;
		if (i < n)
			k = snprintf(defs + len, cap - len,
				     "<definition id=\"oval:t:def:%zu\" version=\"1\" class=\"compliance\">"
				     "<criteria><extend_definition definition_ref=\"oval:t:def:%zu\"/></criteria></definition>\n",
				     i, i + 1);
		else
			k = snprintf(defs + len, cap - len,
				     "<definition id=\"oval:t:def:%zu\" version=\"1\" class=\"compliance\">"
				     "<criteria><criterion test_ref=\"oval:t:tst:1\"/></criteria></definition>\n", i);
		assert_true(k > 0 && (size_t)k < cap - len);
		len += (size_t)k;
	}
	char *text = oval_text(defs, TEST("oval:t:tst:1", "oval:t:obj:1", "oval:t:ste:1"),
			       OBJECT("oval:t:obj:1"), STATE("oval:t:ste:1"), NULL);
	free(defs);
	return text;
}

/* The evaluator recurses along extend_definition: long chains are refused, iteratively. */
static void test_oval_extend_definition_depth_limit(void **state)
{
	struct oval_fixture fx;

	(void)state;
	char *text = extend_chain(OVAL_MAX_REF_DEPTH);
	int rc = build_oval(text, &fx);
	free(text);
	if (rc != 0)
		fail_msg("a chain of %d refused: %s", OVAL_MAX_REF_DEPTH, cscap_error_last());
	free_oval(&fx);
	expect_oval_refused(extend_chain(OVAL_MAX_REF_DEPTH + 1), CSCAP_EINVALID, "deeper than", "oval:t:def:");
	/* 30,000 deep: refused without recursing (a recursive check would run out of stack). */
	expect_oval_refused(extend_chain(30000), CSCAP_EINVALID, "deeper than", NULL);
}

/* Local variables chained through variable components: n of them. */
static char *variable_chain(size_t n)
{
	size_t cap = n * 200 + 256, len = 0;
	char *vars = malloc(cap);

	assert_non_null(vars);
	for (size_t i = 1; i <= n; i++) {
		int k = i < n ? snprintf(vars + len, cap - len,
					 "<local_variable id=\"oval:t:var:%zu\" version=\"1\" datatype=\"string\" comment=\"c\">"
					 "<variable_component var_ref=\"oval:t:var:%zu\"/></local_variable>\n", i, i + 1)
			      : snprintf(vars + len, cap - len,
					 "<local_variable id=\"oval:t:var:%zu\" version=\"1\" datatype=\"string\" comment=\"c\">"
					 "<literal_component>x</literal_component></local_variable>\n", i);
		assert_true(k > 0 && (size_t)k < cap - len);
		len += (size_t)k;
	}
	char *text = oval_text(NULL, NULL, NULL, NULL, vars);
	free(vars);
	return text;
}

static void test_oval_variable_and_object_graphs(void **state)
{
	struct oval_fixture fx;

	(void)state;
	char *text = variable_chain(100);
	int rc = build_oval(text, &fx);
	free(text);
	if (rc != 0)
		fail_msg("a chain of 100 variables refused: %s", cscap_error_last());
	free_oval(&fx);
	expect_oval_refused(variable_chain(20000), CSCAP_EINVALID, "deeper than", NULL);
	/* A variable that is its own component. */
	expect_oval_refused(oval_text(NULL, NULL, NULL, NULL,
				      "<local_variable id=\"oval:t:var:1\" version=\"1\" datatype=\"string\" comment=\"c\">"
				      "<concat><literal_component>a</literal_component>"
				      "<variable_component var_ref=\"oval:t:var:1\"/></concat></local_variable>\n"),
			    CSCAP_EINVALID, "cycle", "oval:t:var:1");
	/* An object whose set names itself. */
	expect_oval_refused(oval_text(NULL, TEST_NOSTATE("oval:t:tst:1", "oval:t:obj:1"),
				      "<c:container_object id=\"oval:t:obj:1\" version=\"1\">"
				      "<set><object_reference>oval:t:obj:1</object_reference></set></c:container_object>\n",
				      NULL, NULL),
			    CSCAP_EINVALID, "cycle", "oval:t:obj:1");
	/* A variable computed from an object that is selected by that variable. */
	expect_oval_refused(oval_text(NULL, TEST_NOSTATE("oval:t:tst:1", "oval:t:obj:1"),
				      "<c:container_object id=\"oval:t:obj:1\" version=\"1\">"
				      "<c:id operation=\"pattern match\" var_ref=\"oval:t:var:1\"/></c:container_object>\n",
				      NULL,
				      "<local_variable id=\"oval:t:var:1\" version=\"1\" datatype=\"string\" comment=\"c\">"
				      "<object_component object_ref=\"oval:t:obj:1\" item_field=\"id\"/></local_variable>\n"),
			    CSCAP_EINVALID, "cycle", NULL);
}

/* ds_text's good data stream with from replaced by to must be refused with code, naming needle. */
static void expect_variant_refused(const char *dir, const char *name, const char *from, const char *to,
				   int code, const char *needle)
{
	char *good = ds_text("#scap_t_comp_x-xccdf.xml", "#scap_t_cref_x-oval.xml", "#scap_t_comp_x-oval.xml");
	char *bad = replace_once(good, from, to, NULL);

	if (!bad)
		fail_msg("%s: the fixture has no '%s'", name, from);
	expect_load_failure(dir, name, bad, code, needle);
	assert_contains(cscap_error_last(), name);
	free(bad);
	free(good);
}

#define PROFILE(id, extends) "<Profile id=\"" id "\" extends=\"" extends "\"><title>p</title></Profile>\n"

/* Schema-valid but inconsistent: refused at load time, naming the file and the id. */
static void test_content_load_refuses_inconsistent_references(void **state)
{
	char *dir = temp_dir_new("loader");

	(void)state;
	expect_variant_refused(dir, "dangling-name.xml", "name=\"oval:t:def:1\"", "name=\"oval:t:def:404\"",
			       CSCAP_EINVALID, "oval:t:def:404");
	expect_variant_refused(dir, "dangling-href.xml", "href=\"x-oval.xml\"", "href=\"elsewhere.xml\"",
			       CSCAP_EINVALID, "elsewhere.xml");
	expect_variant_refused(dir, "dangling-export.xml", "<check-content-ref",
			       "<check-export value-id=\"xccdf_t_value_gone\" export-name=\"oval:t:var:1\"/><check-content-ref",
			       CSCAP_EINVALID, "xccdf_t_value_gone");
	expect_variant_refused(dir, "export-not-external.xml",
			       "<Rule id=\"xccdf_t_rule_r\"><title>R</title>\n"
			       "<check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\">\n",
			       "<Value id=\"xccdf_t_value_v\"><title>v</title><value>1</value></Value>\n"
			       "<Rule id=\"xccdf_t_rule_r\"><title>R</title>\n"
			       "<check system=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\">\n"
			       "<check-export value-id=\"xccdf_t_value_v\" export-name=\"oval:t:var:9\"/>",
			       CSCAP_EINVALID, "oval:t:var:9");
	expect_variant_refused(dir, "profile-self.xml", "<Rule id=",
			       PROFILE("xccdf_t_profile_p", "xccdf_t_profile_p") "<Rule id=",
			       CSCAP_EINVALID, "xccdf_t_profile_p' extends itself");
	expect_variant_refused(dir, "profile-cycle.xml", "<Rule id=",
			       PROFILE("xccdf_t_profile_a", "xccdf_t_profile_b")
			       PROFILE("xccdf_t_profile_b", "xccdf_t_profile_a") "<Rule id=",
			       CSCAP_EINVALID, "cycle");
	expect_variant_refused(dir, "profile-missing.xml", "<Rule id=",
			       PROFILE("xccdf_t_profile_a", "xccdf_t_profile_404") "<Rule id=",
			       CSCAP_EINVALID, "xccdf_t_profile_404");
	/* An OVAL component in another namespace is refused, not skipped as "another check system". */
	expect_variant_refused(dir, "oval-ns.xml", "<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\"",
			       "<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-6\"",
			       CSCAP_EINVALID, "oval-definitions-6");
	temp_dir_remove(dir);
}

/* A standalone benchmark's OVAL hrefs: beside it or below, never "../". */
static void test_content_load_oval_href_outside_refused(void **state)
{
	char *dir = temp_dir_new("loader");
	char *sub, *bench;
	struct content *c = (struct content *)(uintptr_t)1;

	(void)state;
	free(write_file(dir, "t-oval.xml", DS_OVAL));
	assert_true(asprintf(&sub, "%s/sub", dir) > 0);
	assert_int_equal(mkdir(sub, 0700), 0);
	bench = write_file(sub, "bench.xml", DS_XCCDF("../t-oval.xml"));
	cscap_error_clear();
	assert_int_equal(content_load(&c, bench, &no_validation), CSCAP_EREFUSED);
	assert_null(c);
	assert_contains(cscap_error_last(), "bench.xml");
	assert_contains(cscap_error_last(), "../t-oval.xml");
	free(bench);
	/* "..x" is a name, not a way up. */
	free(write_file(sub, "..x-oval.xml", DS_OVAL));
	bench = write_file(sub, "dots.xml", DS_XCCDF("..x-oval.xml"));
	c = NULL;
	if (content_load(&c, bench, &no_validation))
		fail_msg("..x-oval.xml: %s", cscap_error_last());
	content_free(c);
	free(bench);
	free(sub);
	temp_dir_remove(dir);
}

int main(void)
{
	find_repo_root();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_oval_minimal_document),
		cmocka_unit_test(test_oval_lookups_in_unsorted_document),
		cmocka_unit_test(test_oval_attributes_and_defaults),
		cmocka_unit_test(test_oval_dangling_references),
		cmocka_unit_test(test_oval_duplicate_ids),
		cmocka_unit_test(test_oval_extend_definition_cycles),
		cmocka_unit_test(test_oval_extend_definition_diamond_accepted),
		cmocka_unit_test(test_oval_unknown_values),
		cmocka_unit_test(test_oval_not_an_oval_root),
		cmocka_unit_test(test_xccdf12_benchmark),
		cmocka_unit_test(test_xccdf11_benchmark),
		cmocka_unit_test(test_xccdf_other_version_elements_ignored),
		cmocka_unit_test(test_xccdf_duplicates_and_bad_values),
		cmocka_unit_test(test_xccdf_duplicate_value_id_bug),
		cmocka_unit_test(test_content_load_datastream),
		cmocka_unit_test(test_content_load_broken_datastreams),
		cmocka_unit_test(test_content_load_standalone_files),
		cmocka_unit_test(test_content_load_real_datastream),
		cmocka_unit_test(test_schema_accepts_real_datastream),
		cmocka_unit_test(test_schema_rejects_bad_attribute),
		cmocka_unit_test(test_schema_set_load_missing_folder),
		cmocka_unit_test(test_oval_extend_definition_depth_limit),
		cmocka_unit_test(test_oval_variable_and_object_graphs),
		cmocka_unit_test(test_content_load_refuses_inconsistent_references),
		cmocka_unit_test(test_content_load_oval_href_outside_refused),
	};
	int failed = cmocka_run_group_tests(tests, schema_setup, schema_teardown);

	xmlCleanupParser();
	return failed;
}
