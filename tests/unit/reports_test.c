/*
 * Unit tests of the report writers' pure parts: what an XCCDF result means
 * in a STIG Viewer checklist, DISA's ids and how cscap's rules are matched
 * to DISA's (revisions included), reproducible checklist UUIDs, and the
 * gzip and in-memory outputs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "common/xml_read.h"
#include "writers/checklist.h"
#include "writers/stig.h"
#include "writers/writers.h"

static void test_status_mapping(void **state)
{
	(void)state;
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_PASS), STIG_NOT_A_FINDING);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_FIXED), STIG_NOT_A_FINDING);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_FAIL), STIG_OPEN);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_NOTAPPLICABLE), STIG_NOT_APPLICABLE);
	/* Whatever cscap could not decide is left to a person, never passed. */
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_ERROR), STIG_NOT_REVIEWED);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_UNKNOWN), STIG_NOT_REVIEWED);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_NOTCHECKED), STIG_NOT_REVIEWED);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_NOTSELECTED), STIG_NOT_REVIEWED);
	assert_int_equal(stig_status_from_result(XCCDF_RESULT_INFORMATIONAL), STIG_NOT_REVIEWED);
	assert_string_equal(stig_status_ckl(STIG_NOT_A_FINDING), "NotAFinding");
	assert_string_equal(stig_status_ckl(STIG_OPEN), "Open");
	assert_string_equal(stig_status_ckl(STIG_NOT_APPLICABLE), "Not_Applicable");
	assert_string_equal(stig_status_ckl(STIG_NOT_REVIEWED), "Not_Reviewed");
	assert_string_equal(stig_status_cklb(STIG_NOT_A_FINDING), "not_a_finding");
	assert_string_equal(stig_status_cklb(STIG_OPEN), "open");
	assert_string_equal(stig_status_cklb(STIG_NOT_APPLICABLE), "not_applicable");
	assert_string_equal(stig_status_cklb(STIG_NOT_REVIEWED), "not_reviewed");
	assert_string_equal(stig_status_ckl((enum stig_status)42), "Not_Reviewed");
}

static void test_ids(void **state)
{
	(void)state;
	assert_true(stig_is_rule_id("SV-235784r960804_rule"));
	assert_true(stig_is_rule_id("SV-1r2_rule"));
	assert_false(stig_is_rule_id("SV-235784_rule"));
	assert_false(stig_is_rule_id("SV-235784r960804_rule "));
	assert_false(stig_is_rule_id("SV-r1_rule"));
	assert_false(stig_is_rule_id("V-235784"));
	assert_false(stig_is_rule_id(""));
	assert_false(stig_is_rule_id(NULL));
	assert_true(stig_is_vuln_id("V-235784"));
	assert_false(stig_is_vuln_id("V-"));
	assert_false(stig_is_vuln_id("V-12a"));
	assert_false(stig_is_vuln_id("SV-235784r960804_rule"));
	assert_string_equal(stig_rule_id_in("xccdf_cscap_rule_SV-235784r960804_rule"), "SV-235784r960804_rule");
	assert_string_equal(stig_rule_id_in("SV-235784r960804_rule"), "SV-235784r960804_rule");
	assert_null(stig_rule_id_in("xccdf_cscap_rule_no_pid_host"));
	assert_null(stig_rule_id_in("xccdf_cscap_rule_SV-235784"));
}

static void test_rule_id_match(void **state)
{
	(void)state;
	assert_int_equal(stig_rule_id_match("SV-235784r960804_rule", "SV-235784r960804_rule"), STIG_MATCH_EXACT);
	assert_int_equal(stig_rule_id_match("SV-235784r627479_rule", "SV-235784r960804_rule"), STIG_MATCH_REVISION);
	/* One number is not a prefix of another. */
	assert_int_equal(stig_rule_id_match("SV-23578r1_rule", "SV-235784r1_rule"), STIG_MATCH_NONE);
	assert_int_equal(stig_rule_id_match("SV-235785r960804_rule", "SV-235784r960804_rule"), STIG_MATCH_NONE);
	assert_int_equal(stig_rule_id_match("V-235784", "SV-235784r960804_rule"), STIG_MATCH_NONE);
}

/* A scan of three rules, identified only by their ids and versions (no DOM). */
struct fake_scan {
	struct xccdf_item items[3];
	struct xccdf_rule_result rules[3];
	struct scan scan;
};

static void fake_scan_init(struct fake_scan *f)
{
	static const char *const ids[] = {"xccdf_cscap_rule_SV-235784r960804_rule",
					  "xccdf_cscap_rule_SV-235785r960804_rule", "xccdf_cscap_rule_local"};
	static const char *const versions[] = {"DKER-EE-001240", "DKER-EE-001250", "DKER-EE-001990"};

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < 3; i++) {
		f->items[i].kind = XCCDF_ITEM_RULE;
		f->items[i].id = ids[i];
		f->items[i].version = versions[i];
		f->rules[i].rule = &f->items[i];
		f->rules[i].result = XCCDF_RESULT_PASS;
	}
	f->scan.rules = f->rules;
	f->scan.n_rules = 3;
}

static void test_checklist_match(void **state)
{
	struct fake_scan f;
	bool revision;

	(void)state;
	fake_scan_init(&f);
	assert_ptr_equal(checklist_match(&f.scan, "SV-235784r960804_rule", "V-235784", "DKER-EE-001240", &revision),
			 &f.rules[0]);
	assert_false(revision);
	/* DISA revised the rule: still the same rule, and the caller is told. */
	assert_ptr_equal(checklist_match(&f.scan, "SV-235785r111111_rule", "V-235785", "DKER-EE-001250", &revision),
			 &f.rules[1]);
	assert_true(revision);
	/* Only the version (DKER-EE-...) in common. */
	assert_ptr_equal(checklist_match(&f.scan, "SV-999999r1_rule", "V-999999", "DKER-EE-001990", &revision),
			 &f.rules[2]);
	assert_true(revision);
	assert_null(checklist_match(&f.scan, "SV-999998r1_rule", "V-999998", "DKER-EE-009999", &revision));
	assert_false(revision);
}

static void test_uuid(void **state)
{
	char a[37], b[37], c[37], d[37];

	(void)state;
	checklist_uuid(a, "stig", "SV-1r1_rule", "host");
	checklist_uuid(b, "stig", "SV-1r1_rule", "host");
	checklist_uuid(c, "stig", "SV-2r1_rule", "host");
	checklist_uuid(d, "sti", "gSV-1r1_rule", "host");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_string_not_equal(a, d);
	assert_int_equal(strlen(a), 36);
	assert_int_equal(a[8], '-');
	assert_int_equal(a[14], '8'); /* version 8 */
	assert_non_null(strchr("89ab", a[19]));
}

static void tiny_body(struct xmlw *x, const void *arg)
{
	xmlw_start(x, "r");
	xmlw_text(x, arg);
	xmlw_end(x);
}

static char *gunzip_file(const char *path, size_t *len)
{
	gzFile gz = gzopen(path, "rb");
	char *buf = calloc(1, 1 << 16);
	int n;

	assert_non_null(gz);
	n = gzread(gz, buf, (1 << 16) - 1);
	gzclose(gz);
	assert_true(n >= 0);
	*len = (size_t)n;
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 16);
	assert_non_null(f);
	*len = fread(buf, 1, (1 << 16) - 1, f);
	fclose(f);
	return buf;
}

static void test_gzip_and_memory_outputs(void **state)
{
	char dir[] = "/tmp/cscap-reports-test.XXXXXX", plain[128], gz[128];
	char *mem, *unzipped, *first, *second;
	size_t mem_len, unzipped_len, first_len, second_len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(plain, sizeof(plain), "%s/r.xml", dir);
	snprintf(gz, sizeof(gz), "%s/r.xml.gz", dir);
	assert_true(output_is_gzip(gz));
	assert_false(output_is_gzip(plain));
	assert_false(output_is_gzip(".gz"));

	assert_int_equal(write_to_memory(&mem, &mem_len, "memory", tiny_body, "evidence & more"), 0);
	assert_non_null(strstr(mem, "<r>evidence &amp; more</r>"));
	assert_int_equal(strlen(mem), mem_len);

	assert_int_equal(write_file_atomically(gz, tiny_body, "evidence & more"), 0);
	unzipped = gunzip_file(gz, &unzipped_len);
	assert_int_equal(unzipped_len, mem_len);
	assert_memory_equal(unzipped, mem, mem_len);

	/* The same content compresses to the same bytes (no name, no time in the header). */
	first = slurp(gz, &first_len);
	sleep(1);
	assert_int_equal(write_file_atomically(gz, tiny_body, "evidence & more"), 0);
	second = slurp(gz, &second_len);
	assert_int_equal(first_len, second_len);
	assert_memory_equal(first, second, first_len);
	assert_int_equal(write_bytes_atomically(plain, mem, mem_len), 0);

	free(mem);
	free(unzipped);
	free(first);
	free(second);
	unlink(plain);
	unlink(gz);
	rmdir(dir);
}

/* DISA's id comes from the rule's reference when its own id does not carry it. */
static void test_stig_rule_id_from_reference(void **state)
{
	static const char doc_text[] =
		"<Benchmark xmlns='http://checklists.nist.gov/xccdf/1.2' xmlns:dc='http://purl.org/dc/elements/1.1/'>"
		"<Rule id='xccdf_org_rule_pid_host'><reference href='x'><dc:identifier>V-1</dc:identifier></reference>"
		"<reference href='x'><dc:identifier>SV-235784r960804_rule</dc:identifier></reference></Rule>"
		"<Rule id='xccdf_org_rule_other'><reference href='x'>SV-2r3_rule</reference></Rule>"
		"<Rule id='xccdf_org_rule_none'/></Benchmark>";
	xmlDocPtr doc;
	struct xccdf_item item = {0};
	char buf[128];

	(void)state;
	assert_int_equal(xml_read_memory(&doc, doc_text, sizeof(doc_text) - 1, "test"), 0);
	xmlNodePtr rule = xmlDocGetRootElement(doc)->children;
	item.id = "xccdf_org_rule_pid_host";
	item.node = rule;
	assert_string_equal(stig_rule_id(&item, buf, sizeof(buf)), "SV-235784r960804_rule");
	item.id = "xccdf_org_rule_other";
	item.node = rule->next;
	assert_string_equal(stig_rule_id(&item, buf, sizeof(buf)), "SV-2r3_rule");
	item.id = "xccdf_org_rule_none";
	item.node = rule->next->next;
	assert_null(stig_rule_id(&item, buf, sizeof(buf)));
	xmlFreeDoc(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_mapping),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_rule_id_match),
		cmocka_unit_test(test_checklist_match),
		cmocka_unit_test(test_uuid),
		cmocka_unit_test(test_gzip_and_memory_outputs),
		cmocka_unit_test(test_stig_rule_id_from_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
