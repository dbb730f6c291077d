/*
 * Fuzz target: content loading, from bytes to results.
 *
 *   bytes → xml_read_memory → (schema-less) model build by root element:
 *           OVAL definitions → oval_document_build, XCCDF → xccdf_benchmark_build
 *   bytes → a file → content_load (data streams, catalogs, component-refs,
 *           referenced OVAL files) → `cscap info` → evaluation against an
 *           empty offline root → ARF and XCCDF results, which must parse again.
 *
 * Never validated against the schemas: the point is what the model builders
 * and the evaluator make of content that the schemas would have stopped
 * (the CLI's --skip-validation).  Findings: any sanitizer report, a crash,
 * or a result file that is not well-formed XML.
 */
#include <stdio.h>
#include <string.h>

#include "api/session.h"
#include "cscap/cscap.h"
#include "loader/loader.h"
#include "fuzz_util.h"

static char content_path[512], empty_root[512], arf_path[512], xccdf_path[512];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = fuzz_workdir();

	(void)argc;
	(void)argv;
	xml_library_init();
	snprintf(content_path, sizeof(content_path), "%s/content.xml", dir);
	snprintf(arf_path, sizeof(arf_path), "%s/arf.xml", dir);
	snprintf(xccdf_path, sizeof(xccdf_path), "%s/xccdf-results.xml", dir);
	/* An offline host root with no containers: evaluation needs no engine. */
	snprintf(empty_root, sizeof(empty_root), "%s/root/var/lib/docker/containers", dir);
	for (char *p = empty_root + strlen(dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(empty_root, 0755);
			*p = '/';
		}
	mkdir(empty_root, 0755);
	snprintf(empty_root, sizeof(empty_root), "%s/root", dir);
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

/* The model builders on their own, over a document parsed from memory. */
static void build_in_memory(const uint8_t *data, size_t size)
{
	xmlDocPtr doc;

	if (xml_read_memory(&doc, (const char *)data, size, "fuzz.xml") != 0)
		return;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	struct oval_document *od = NULL;
	struct xccdf_benchmark *b = NULL;
	if (oval_document_build(&od, root, "fuzz.xml") == 0)
		oval_document_free(od);
	if (xccdf_benchmark_build(&b, root) == 0)
		xccdf_benchmark_free(b);
	xmlFreeDoc(doc);
}

/* Evaluate once (defaults or one profile) and write both result files. */
static void evaluate_and_write(cscap_session *s, const char *profile)
{
	unlink(arf_path);
	unlink(xccdf_path);
	if (cscap_session_evaluate(s, profile) != 0)
		return;
	for (size_t i = 0; i < cscap_session_rule_count(s); i++) {
		const char *id, *result, *problem;
		if (cscap_session_rule_result(s, i, &id, &result) != 0 ||
		    cscap_session_rule_problem(s, i, &problem) != 0)
			fuzz_fail("rule result out of range", NULL);
	}
	if (cscap_session_write_arf(s, arf_path) == 0)
		fuzz_check_xml_file(arf_path);
	if (s->content->benchmark && cscap_session_write_xccdf_results(s, xccdf_path) == 0)
		fuzz_check_xml_file(xccdf_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cscap_options opts;
	cscap_session *s;

	build_in_memory(data, size);

	if (fuzz_write_file(content_path, data, size) != 0)
		abort();
	cscap_options_init(&opts);
	opts.skip_validation = 1;
	opts.root = empty_root;
	opts.no_kernel_view = 1;
	opts.use_fixed_time = 1;
	opts.fixed_time = 1700000000;
	if (cscap_session_new(&s, &opts) != 0)
		abort();
	if (cscap_session_load(s, content_path) == 0) {
		if (cscap_session_print_info(s, devnull) != 0)
			fuzz_fail("info failed on loaded content", cscap_error_last());
		evaluate_and_write(s, NULL);
		/* A profile brings in extends chains, selections and set-values. */
		const struct xccdf_benchmark *b = s->content->benchmark;
		if (b && b->n_profiles)
			evaluate_and_write(s, b->profiles[b->n_profiles - 1].id);
	}
	cscap_session_free(s);
	return 0;
}
