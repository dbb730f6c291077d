/*
 * Unit tests of plugin loading (cscap_session_load_plugin, plugin_dir) with
 * the example plugin that `make examples` builds beside this test
 * ($CSCAP_EXAMPLE_PLUGIN, else ../examples/plugin/cscap-example.so from this
 * binary): its probe and check engine evaluated, the file checks a plugin
 * must pass, a library that is no plugin, and a failed init taken back.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "cscap/cscap.h"
#include "cscap/plugin.h"

#include "test_util.h"

#define EXAMPLE_DEF_NS "urn:cscap:xml:oval-definitions-5#example"
#define EXAMPLE_SC_NS "urn:cscap:xml:oval-system-characteristics-5#example"

static char plugin_path[PATH_MAX];
static char work[] = "/tmp/cscap-plugin-test.XXXXXX";

static const char oval_doc[] =
	"<?xml version=\"1.0\"?>\n"
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\"\n"
	"    xmlns:oval=\"http://oval.mitre.org/XMLSchema/oval-common-5\" xmlns:ex=\"" EXAMPLE_DEF_NS "\">\n"
	" <generator><oval:schema_version>5.11</oval:schema_version>"
	"<oval:timestamp>2026-11-28T00:00:00</oval:timestamp></generator>\n"
	" <definitions>\n"
	"  <definition id=\"oval:x:def:1\" version=\"1\" class=\"compliance\"><metadata><title>w</title>"
	"<description>x</description></metadata><criteria><criterion test_ref=\"oval:x:tst:1\"/></criteria></definition>\n"
	"  <definition id=\"oval:x:def:2\" version=\"1\" class=\"compliance\"><metadata><title>c</title>"
	"<description>x</description></metadata><criteria><criterion test_ref=\"oval:x:tst:2\"/></criteria></definition>\n"
	" </definitions>\n"
	" <tests>\n"
	"  <ex:example_test id=\"oval:x:tst:1\" version=\"1\" check=\"all\" check_existence=\"only_one_exists\">"
	"<ex:object object_ref=\"oval:x:obj:1\"/><ex:state state_ref=\"oval:x:ste:1\"/></ex:example_test>\n"
	"  <ex:example_test id=\"oval:x:tst:2\" version=\"1\" check=\"all\" check_existence=\"at_least_one_exists\">"
	"<ex:object object_ref=\"oval:x:obj:2\"/><ex:state state_ref=\"oval:x:ste:1\"/></ex:example_test>\n"
	" </tests>\n"
	" <objects>\n"
	"  <ex:example_object id=\"oval:x:obj:1\" version=\"1\"><ex:name>world</ex:name></ex:example_object>\n"
	"  <ex:example_object id=\"oval:x:obj:2\" version=\"1\"><ex:name operation=\"not equal\">world</ex:name></ex:example_object>\n"
	" </objects>\n"
	" <states>\n"
	"  <ex:example_state id=\"oval:x:ste:1\" version=\"1\"><ex:greeting>hello, world</ex:greeting></ex:example_state>\n"
	" </states>\n"
	"</oval_definitions>\n";

static cscap_session *new_session(const char *plugin_dir, int *rc)
{
	cscap_options o;
	cscap_session *s = NULL;

	cscap_options_init(&o);
	o.skip_validation = 1;
	o.engine_url = "unix:///nonexistent/cscap-plugin-test.sock";
	o.no_kernel_view = 1;
	o.plugin_dir = plugin_dir;
	*rc = cscap_session_new(&s, &o);
	return s;
}

/* def:1 (world says hello, world) true; def:2 (cscap says hello, cscap) false. */
static void assert_example_results(cscap_session *s)
{
	const char *id, *result;

	assert_int_equal(cscap_session_load_memory(s, oval_doc, sizeof(oval_doc) - 1, "example.xml"), 0);
	assert_int_equal(cscap_session_evaluate(s, NULL), 0);
	assert_int_equal(cscap_session_definition_result(s, 0, &id, &result), 0);
	assert_string_equal(id, "oval:x:def:1");
	assert_string_equal(result, "true");
	assert_int_equal(cscap_session_definition_result(s, 1, &id, &result), 0);
	assert_string_equal(id, "oval:x:def:2");
	assert_string_equal(result, "false");
}

static void copy_file(const char *from, const char *to, mode_t mode)
{
	FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
	char buf[65536];
	size_t n;

	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(chmod(to, mode), 0);
}

static void test_load_and_evaluate(void **state)
{
	int rc;
	cscap_session *s = new_session(NULL, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(cscap_session_load_plugin(s, plugin_path), 0);
	assert_example_results(s);
	/* Loading plugins is over once the session has evaluated. */
	assert_int_equal(cscap_session_load_plugin(s, plugin_path), CSCAP_EUSAGE);
	cscap_session_free(s);
}

static void test_same_plugin_twice(void **state)
{
	int rc;
	cscap_session *s = new_session(NULL, &rc);

	(void)state;
	assert_int_equal(cscap_session_load_plugin(s, plugin_path), 0);
	assert_int_equal(cscap_session_load_plugin(s, plugin_path), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), "cscap_plugin_init failed");
	assert_contains(cscap_error_last(), "registered already");
	/* The first load stands. */
	assert_example_results(s);
	cscap_session_free(s);
}

/* The example's engine system is taken: its init fails after registering its probe,
 * and the probe is taken back with it. */
static int dummy_evaluate(void *data, const cscap_check_request *req, const cscap_check_output *out)
{
	(void)data;
	(void)req;
	(void)out;
	return CSCAP_CHECK_PASS;
}

static int dummy_collect(void *data, const cscap_probe_object *obj, const cscap_probe_output *out)
{
	(void)data;
	(void)obj;
	(void)out;
	return CSCAP_FLAG_DOES_NOT_EXIST;
}

static void test_failed_init_is_taken_back(void **state)
{
	cscap_check_engine taken = {"urn:cscap:check:file-exists", dummy_evaluate, NULL, NULL};
	cscap_probe mine = {EXAMPLE_DEF_NS, "example_object", EXAMPLE_SC_NS, "example_item", NULL,
			    dummy_collect, NULL, NULL};
	int rc;
	cscap_session *s = new_session(NULL, &rc);

	(void)state;
	assert_int_equal(cscap_session_register_check_engine(s, &taken), 0);
	assert_int_equal(cscap_session_load_plugin(s, plugin_path), CSCAP_EUSAGE);
	assert_contains(cscap_error_last(), plugin_path);
	/* Had the plugin's probe stayed, this would be a second registration. */
	assert_int_equal(cscap_session_register_probe(s, &mine), 0);
	cscap_session_free(s);
}

static void test_plugin_dir(void **state)
{
	char dir[PATH_MAX], file[PATH_MAX + 32];
	int rc;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/plugins", work);
	assert_int_equal(mkdir(dir, 0755), 0);
	snprintf(file, sizeof(file), "%s/cscap-example.so", dir);
	copy_file(plugin_path, file, 0755);
	snprintf(file, sizeof(file), "%s/README", dir); /* not a *.so: left alone */
	copy_file(plugin_path, file, 0644);
	cscap_session *s = new_session(dir, &rc);
	assert_int_equal(rc, 0);
	assert_example_results(s);
	cscap_session_free(s);

	/* A missing folder fails the session, naming it. */
	s = new_session("/nonexistent/cscap-plugins", &rc);
	assert_null(s);
	assert_int_equal(rc, CSCAP_EIO);
	assert_contains(cscap_error_last(), "/nonexistent/cscap-plugins");
}

static void test_refused_files(void **state)
{
	char file[PATH_MAX + 32];
	int rc;
	cscap_session *s = new_session(NULL, &rc);

	(void)state;
	assert_int_equal(cscap_session_load_plugin(s, "/nonexistent/plugin.so"), CSCAP_EIO);
	assert_contains(cscap_error_last(), "/nonexistent/plugin.so");
	/* Code anyone may rewrite is not loaded into a scanner that runs as root. */
	snprintf(file, sizeof(file), "%s/writable.so", work);
	copy_file(plugin_path, file, 0666);
	assert_int_equal(cscap_session_load_plugin(s, file), CSCAP_EREFUSED);
	assert_contains(cscap_error_last(), "others can write");
	assert_int_equal(cscap_session_load_plugin(s, work), CSCAP_EREFUSED);
	/* A shared library that is no plugin: zlib, wherever it lives. */
	Dl_info info;
	assert_true(dladdr((void *)zlibVersion, &info) != 0 && info.dli_fname);
	assert_int_equal(cscap_session_load_plugin(s, info.dli_fname), CSCAP_EINVALID);
	assert_contains(cscap_error_last(), "not a cscap plugin");
	/* Nothing of it stayed: the example still loads and works. */
	assert_int_equal(cscap_session_load_plugin(s, plugin_path), 0);
	assert_example_results(s);
	cscap_session_free(s);
}

static int setup(void **state)
{
	const char *env = getenv("CSCAP_EXAMPLE_PLUGIN");
	char self[PATH_MAX];
	ssize_t n;

	(void)state;
	if (env && *env) {
		snprintf(plugin_path, sizeof(plugin_path), "%s", env);
	} else {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return -1;
		self[n] = '\0';
		snprintf(plugin_path, sizeof(plugin_path), "%s/../examples/plugin/cscap-example.so", dirname(self));
	}
	if (access(plugin_path, R_OK) != 0) {
		fprintf(stderr, "plugin_test: %s: not built (make examples)\n", plugin_path);
		return -1;
	}
	return mkdtemp(work) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_and_evaluate),
		cmocka_unit_test(test_same_plugin_twice),
		cmocka_unit_test(test_failed_init_is_taken_back),
		cmocka_unit_test(test_plugin_dir),
		cmocka_unit_test(test_refused_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
