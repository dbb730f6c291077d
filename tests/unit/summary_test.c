/*
 * Unit tests of the summary stage (engine/summary/, cscap/summary.h): ARF
 * files generated here (plain and gzip) are read back into hosts x rules with
 * counts and evidence, in an order that does not depend on the order of the
 * files; broken, hostile and non-ARF files are named and skipped; the text,
 * CSV and HTML forms keep untrusted strings harmless.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "cscap/summary.h"

static char dir[64];

/* One rule-result of a generated scan: id, result, and an optional warning message. */
struct fx {
	const char *id;
	const char *result;
	const char *warning;
};

/*
 * An ARF as cscap writes it, reduced to what a summary reads: the benchmark
 * in the report request (rules b, a in a Group, c, d: deliberately not in id
 * order), the asset, and one TestResult whose rule-results come in the order
 * given.
 */
static char *arf_text(const char *host, const char *time, const struct fx *results, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	assert_non_null(m);
	fprintf(m, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<arf:asset-report-collection xmlns:arf=\"http://scap.nist.gov/schema/asset-reporting-format/1.1\""
		" xmlns:core=\"http://scap.nist.gov/schema/reporting-core/1.1\">\n"
		"<arf:report-requests><arf:report-request id=\"collection1\"><arf:content>\n"
		"<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_t_benchmark_b\">\n"
		" <Rule id=\"xccdf_t_rule_b\" severity=\"high\"><version>T-B</version><title>Rule\n   B</title></Rule>\n"
		" <Group id=\"xccdf_t_group_g\"><Rule id=\"xccdf_t_rule_a\" severity=\"low\"><version>T-A</version>"
		"<title>Rule A</title></Rule></Group>\n"
		" <Rule id=\"xccdf_t_rule_c\"><version>T-C</version><title>Rule C</title></Rule>\n"
		" <Rule id=\"xccdf_t_rule_d\"><version>T-D</version><title>Rule D</title></Rule>\n"
		"</Benchmark></arf:content></arf:report-request></arf:report-requests>\n"
		"<arf:reports><arf:report id=\"xccdf1\"><arf:content>\n"
		"<TestResult xmlns=\"http://checklists.nist.gov/xccdf/1.2\" id=\"xccdf_t_testresult_p\""
		" start-time=\"%s\" end-time=\"%s\">\n"
		" <benchmark href=\"#b\" id=\"xccdf_t_benchmark_b\"/><profile idref=\"xccdf_t_profile_p\"/>\n"
		" <target>%s</target>\n",
		time, time, host);
	for (size_t i = 0; i < n; i++) {
		fprintf(m, " <rule-result idref=\"%s\"><result>%s</result>\n"
			"  <message severity=\"info\">engine at unix:///x.sock: 2 containers</message>\n",
			results[i].id, results[i].result);
		if (results[i].warning)
			fprintf(m, "  <message severity=\"warning\">%s</message>\n", results[i].warning);
		fputs(" </rule-result>\n", m);
	}
	fputs("</TestResult></arf:content></arf:report></arf:reports></arf:asset-report-collection>\n", m);
	assert_int_equal(fclose(m), 0);
	return buf;
}

/* Write text to dir/name (gzip-compressed when gz), return the path (static buffer rotation). */
static const char *put_file(const char *name, const char *text, int gz)
{
	static char paths[8][256];
	static int next;
	char *path = paths[next++ % 8];

	snprintf(path, 256, "%s/%s", dir, name);
	if (gz) {
		gzFile g = gzopen(path, "wb");
		assert_non_null(g);
		assert_int_equal(gzwrite(g, text, (unsigned)strlen(text)), (int)strlen(text));
		assert_int_equal(gzclose(g), Z_OK);
	} else {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		assert_int_equal(fputs(text, f) >= 0, 1);
		assert_int_equal(fclose(f), 0);
	}
	return path;
}

static const char *put_arf(const char *name, const char *host, const char *time, const struct fx *r, size_t n,
			   int gz)
{
	char *text = arf_text(host, time, r, n);
	const char *path = put_file(name, text, gz);
	free(text);
	return path;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Three hosts: web-2 has a host-PID container, db-1 passes, app-3's engine was unreachable. */
static const struct fx web2[] = {
	{"xccdf_t_rule_c", "pass", NULL},
	{"xccdf_t_rule_a", "fail", "container_item: engine=docker, id=abc, name=pid-host-1"},
	{"xccdf_t_rule_b", "pass", NULL},
	{"xccdf_t_rule_d", "notselected", NULL},
};
static const struct fx db1[] = {
	{"xccdf_t_rule_b", "pass", NULL},
	{"xccdf_t_rule_a", "pass", NULL},
	{"xccdf_t_rule_c", "notapplicable", NULL},
	{"xccdf_t_rule_d", "notselected", NULL},
};
static const struct fx app3[] = {
	{"xccdf_t_rule_b", "error", NULL},
	{"xccdf_t_rule_a", "error", NULL},
	{"xccdf_t_rule_c", "notchecked", NULL},
};

static cscap_summary *fleet(const char *const *order, size_t n, const cscap_summary_options *opts)
{
	cscap_summary *sum;

	assert_int_equal(cscap_summary_new(&sum, opts), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cscap_summary_add_file(sum, order[i]), 0);
	return sum;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static char *written(cscap_summary *sum, cscap_summary_format format)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/out", dir);
	assert_int_equal(cscap_summary_write(sum, format, path), 0);
	return slurp(path);
}

static void test_order_counts_evidence(void **state)
{
	(void)state;
	const char *w = put_arf("web-2.xml", "web-2", "2026-01-02T10:00:00Z", web2, N(web2), 0);
	const char *d = put_arf("db-1.xml.gz", "db-1", "2026-01-02T10:00:00Z", db1, N(db1), 1);
	const char *a = put_arf("app-3.xml", "app-3", "2026-01-02T10:00:00Z", app3, N(app3), 0);
	const char *order[] = {w, d, a};
	cscap_summary *sum = fleet(order, 3, NULL);
	cscap_result r;
	const char *const *ev;
	size_t n_ev;

	/* Hosts sorted, whatever the order of the files. */
	assert_int_equal(cscap_summary_scan_count(sum), 3);
	assert_string_equal(cscap_summary_scan_host(sum, 0), "app-3");
	assert_string_equal(cscap_summary_scan_host(sum, 1), "db-1");
	assert_string_equal(cscap_summary_scan_host(sum, 2), "web-2");
	assert_string_equal(cscap_summary_scan_file(sum, 1), d);
	assert_string_equal(cscap_summary_scan_time(sum, 2), "2026-01-02T10:00:00Z");
	/* Rules in benchmark order (b, a in its Group, c); d is notselected everywhere: not shown. */
	assert_int_equal(cscap_summary_rule_count(sum), 3);
	assert_string_equal(cscap_summary_rule_id(sum, 0), "xccdf_t_rule_b");
	assert_string_equal(cscap_summary_rule_id(sum, 1), "xccdf_t_rule_a");
	assert_string_equal(cscap_summary_rule_id(sum, 2), "xccdf_t_rule_c");
	assert_string_equal(cscap_summary_rule_version(sum, 1), "T-A");
	/* Counts per result cover every rule of the scan. */
	assert_int_equal(cscap_summary_scan_tally(sum, 2, CSCAP_RESULT_PASS), 2);
	assert_int_equal(cscap_summary_scan_tally(sum, 2, CSCAP_RESULT_FAIL), 1);
	assert_int_equal(cscap_summary_scan_tally(sum, 2, CSCAP_RESULT_NOTSELECTED), 1);
	assert_int_equal(cscap_summary_scan_tally(sum, 0, CSCAP_RESULT_ERROR), 2);
	assert_true(cscap_summary_scan_has_findings(sum, 0));
	assert_false(cscap_summary_scan_has_findings(sum, 1));
	assert_true(cscap_summary_scan_has_findings(sum, 2));
	/* The matrix, and a rule a scan has no result for. */
	assert_int_equal(cscap_summary_result(&r, sum, 2, 1), 0);
	assert_int_equal(r, CSCAP_RESULT_FAIL);
	assert_int_equal(cscap_summary_result(&r, sum, 1, 2), 0);
	assert_int_equal(r, CSCAP_RESULT_NOTAPPLICABLE);
	/* The evidence of a failure is its warning message; info messages are not evidence. */
	assert_int_equal(cscap_summary_evidence(&ev, &n_ev, sum, 2, 1), 0);
	assert_int_equal(n_ev, 1);
	assert_string_equal(ev[0], "container_item: engine=docker, id=abc, name=pid-host-1");
	assert_int_equal(cscap_summary_evidence(&ev, &n_ev, sum, 2, 0), 0);
	assert_int_equal(n_ev, 0);
	/* Out of range is a usage error, never a crash. */
	assert_int_equal(cscap_summary_result(&r, sum, 3, 0), CSCAP_EUSAGE);
	assert_int_equal(r, CSCAP_RESULT_NONE);
	assert_null(cscap_summary_scan_host(sum, 3));
	assert_null(cscap_summary_rule_id(sum, 3));
	assert_string_equal(cscap_result_str(CSCAP_RESULT_NOTAPPLICABLE), "notapplicable");
	assert_string_equal(cscap_result_str(CSCAP_RESULT_NONE), "");
	cscap_summary_free(sum);
}

/* The same files in any order give byte-identical output in every format. */
static void test_deterministic(void **state)
{
	(void)state;
	const char *w = put_arf("web-2.xml", "web-2", "2026-01-02T10:00:00Z", web2, N(web2), 0);
	const char *d = put_arf("db-1.xml.gz", "db-1", "2026-01-02T10:00:00Z", db1, N(db1), 1);
	const char *a = put_arf("app-3.xml", "app-3", "2026-01-02T10:00:00Z", app3, N(app3), 0);
	const char *one[] = {w, d, a}, *two[] = {a, w, d};
	cscap_summary_format formats[] = {CSCAP_SUMMARY_TEXT, CSCAP_SUMMARY_CSV, CSCAP_SUMMARY_HTML};

	for (size_t i = 0; i < N(formats); i++) {
		cscap_summary *s1 = fleet(one, 3, NULL), *s2 = fleet(two, 3, NULL);
		char *t1 = written(s1, formats[i]), *t2 = written(s2, formats[i]);
		assert_string_equal(t1, t2);
		free(t1);
		free(t2);
		cscap_summary_free(s1);
		cscap_summary_free(s2);
	}
}

static void test_formats(void **state)
{
	(void)state;
	const char *w = put_arf("web-2.xml", "web-2", "2026-01-02T10:00:00Z", web2, N(web2), 0);
	const char *a = put_arf("app-3.xml", "app-3", "2026-01-02T10:00:00Z", app3, N(app3), 0);
	const char *order[] = {w, a};
	cscap_summary *sum = fleet(order, 2, NULL);
	char *text = written(sum, CSCAP_SUMMARY_TEXT);
	char *csv = written(sum, CSCAP_SUMMARY_CSV);
	char *html = written(sum, CSCAP_SUMMARY_HTML);

	/* Text: the counts, the grid (rules b a c: web-2 is P F P), the titles, the evidence. */
	assert_non_null(strstr(text, "cscap summary: 2 scans of 2 hosts\n"));
	assert_non_null(strstr(text, "\nweb-2  P F P\n"));
	assert_non_null(strstr(text, "\napp-3  E E K\n"));
	assert_non_null(strstr(text, "T-B  high  xccdf_t_rule_b  Rule B\n"));
	assert_non_null(strstr(text, "T-A  xccdf_t_rule_a  (2 of 2 scans)\n  app-3  error  "));
	assert_non_null(strstr(text, "  web-2  fail  "));
	assert_non_null(strstr(text, "\n    container_item: engine=docker, id=abc, name=pid-host-1\n"));
	/* CSV: a header, one row per scan, the evidence in one quoted cell. */
	assert_non_null(strstr(csv, "host,start_time,profile,file,pass,fail,error,unknown,notapplicable,notchecked,"
				    "notselected,informational,fixed,xccdf_t_rule_b,xccdf_t_rule_a,xccdf_t_rule_c,evidence\r\n"));
	assert_non_null(strstr(csv, "\r\nweb-2,2026-01-02T10:00:00Z,xccdf_t_profile_p,"));
	assert_non_null(strstr(csv, ",2,1,0,0,0,0,1,0,0,pass,fail,pass,"
				    "\"T-A fail: container_item: engine=docker, id=abc, name=pid-host-1\"\r\n"));
	assert_non_null(strstr(csv, ",error,error,notchecked,\"T-B error\nT-A error\"\r\n"));
	/* HTML: one page that loads nothing, a grid linking each finding to its evidence. */
	assert_non_null(strstr(html, "<!DOCTYPE html>"));
	assert_non_null(strstr(html, "default-src 'none'"));
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "src=\""));
	assert_non_null(strstr(html, "<td class=\"fail\"><a href=\"#f2-2\">fail</a></td>"));
	assert_non_null(strstr(html, "<tr id=\"f2-2\"><th>web-2</th><td class=\"fail\">fail</td>"));
	assert_non_null(strstr(html, "<li>container_item: engine=docker, id=abc, name=pid-host-1</li>"));
	free(text);
	free(csv);
	free(html);
	cscap_summary_free(sum);
}

/* Names and messages come from files that may come from anywhere. */
static void test_hostile_strings(void **state)
{
	(void)state;
	const struct fx evil[] = {
		/* XML 1.0 keeps C0 controls out, but allows DEL and the C1 controls (U+009B is CSI). */
		{"xccdf_t_rule_a", "fail", "name=&lt;script&gt;alert(1)&lt;/script&gt; \xc2\x9b" "31mred\x7f"},
	};
	const char *p = put_arf("evil.xml", "=HYPERLINK(\"http://x\")", "2026-01-02T10:00:00Z", evil, N(evil), 0);
	cscap_summary *sum = fleet(&p, 1, NULL);
	char *text = written(sum, CSCAP_SUMMARY_TEXT);
	char *csv = written(sum, CSCAP_SUMMARY_CSV);
	char *html = written(sum, CSCAP_SUMMARY_HTML);

	/* No control character reaches a terminal or a spreadsheet. */
	assert_null(strstr(text, "\xc2\x9b"));
	assert_null(strstr(csv, "\xc2\x9b"));
	assert_null(strchr(text, '\x7f'));
	assert_non_null(strstr(text, "?31mred?"));
	/* A cell that a spreadsheet would run as a formula is defused (and quoted). */
	assert_non_null(strstr(csv, "\r\n\"'=HYPERLINK(\"\"http://x\"\")\","));
	/* HTML is escaped. */
	assert_null(strstr(html, "<script>"));
	assert_non_null(strstr(html, "name=&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "<th>=HYPERLINK(&quot;http://x&quot;)</th>"));
	free(text);
	free(csv);
	free(html);
	cscap_summary_free(sum);
}

/* A broken or non-ARF file is named and left out; the others are still summarised. */
static void test_bad_files(void **state)
{
	(void)state;
	const char *good = put_arf("good.xml", "web-2", "2026-01-02T10:00:00Z", web2, N(web2), 0);
	const struct {
		const char *name, *text, *says;
		int gz, code;
	} bad[] = {
		{"empty.xml", "", "empty file", 0, CSCAP_EPARSE},
		{"broken.xml", "<arf:asset-report-collection", "broken.xml:1", 0, CSCAP_EPARSE},
		{"broken.xml.gz", "<not closed", "broken.xml.gz", 1, CSCAP_EPARSE},
		{"xccdf.xml", "<Benchmark xmlns=\"http://checklists.nist.gov/xccdf/1.2\"/>",
		 "not an ARF 1.1 report collection (the root element is <Benchmark>)", 0, CSCAP_EINVALID},
		{"noresult.xml",
		 "<arf:asset-report-collection xmlns:arf=\"http://scap.nist.gov/schema/asset-reporting-format/1.1\">"
		 "<arf:reports/></arf:asset-report-collection>",
		 "without an XCCDF TestResult", 0, CSCAP_EINVALID},
		{"doctype.xml", "<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>", "refused", 0, CSCAP_EREFUSED},
		{"badresult.xml",
		 "<arf:asset-report-collection xmlns:arf=\"http://scap.nist.gov/schema/asset-reporting-format/1.1\">"
		 "<arf:reports><arf:report id=\"r\"><arf:content><TestResult xmlns=\"http://checklists.nist.gov/xccdf/1.2\">"
		 "<target>h</target><rule-result idref=\"x\"><result>passed</result></rule-result></TestResult>"
		 "</arf:content></arf:report></arf:reports></arf:asset-report-collection>",
		 "rule-result x: 'passed' is not an XCCDF result", 0, CSCAP_EINVALID},
	};
	cscap_summary *sum;
	char missing[256];

	assert_int_equal(cscap_summary_new(&sum, NULL), 0);
	for (size_t i = 0; i < N(bad); i++) {
		const char *path = put_file(bad[i].name, bad[i].text, bad[i].gz);
		assert_int_equal(cscap_summary_add_file(sum, path), bad[i].code);
		assert_non_null(strstr(cscap_error_last(), bad[i].name));
		assert_non_null(strstr(cscap_error_last(), bad[i].says));
		assert_int_equal(cscap_summary_unread_count(sum), i + 1);
		assert_string_equal(cscap_summary_unread(sum, i), cscap_error_last());
	}
	snprintf(missing, sizeof(missing), "%s/missing.xml", dir);
	assert_int_equal(cscap_summary_add_file(sum, missing), CSCAP_EIO);
	assert_non_null(strstr(cscap_error_last(), "missing.xml: cannot open"));
	assert_int_equal(cscap_summary_add_file(sum, good), 0);
	assert_int_equal(cscap_summary_scan_count(sum), 1);
	assert_int_equal(cscap_summary_unread_count(sum), N(bad) + 1);
	/* The report lists what it could not read. */
	char *text = written(sum, CSCAP_SUMMARY_TEXT);
	assert_non_null(strstr(text, "1 scan of 1 host; 8 files not read\n  not read: "));
	assert_non_null(strstr(text, "badresult.xml"));
	free(text);
	char *html = written(sum, CSCAP_SUMMARY_HTML);
	assert_non_null(strstr(html, "<h2>Files not read (8)</h2>"));
	free(html);
	cscap_summary_free(sum);
}

/* --latest: the newest scan of each host, whatever order the archive is read in. */
static void test_latest(void **state)
{
	(void)state;
	const char *old = put_arf("old.xml", "web-2", "2026-01-01T10:00:00Z", web2, N(web2), 0);
	const char *fixed = put_arf("new.xml", "web-2", "2026-01-02T10:00:00Z", db1, N(db1), 0);
	const char *other = put_arf("db.xml", "db-1", "2025-12-31T10:00:00Z", db1, N(db1), 0);
	const char *fwd[] = {old, fixed, other}, *back[] = {other, fixed, old};
	cscap_summary_options opts;

	cscap_summary_options_init(&opts);
	opts.latest = 1;

	for (int pass = 0; pass < 2; pass++) {
		cscap_summary *sum = fleet(pass ? back : fwd, 3, &opts);
		assert_int_equal(cscap_summary_scan_count(sum), 2);
		assert_string_equal(cscap_summary_scan_host(sum, 1), "web-2");
		assert_string_equal(cscap_summary_scan_file(sum, 1), fixed);
		assert_false(cscap_summary_scan_has_findings(sum, 1));
		cscap_summary_free(sum);
	}
	/* Without it, both scans of web-2, oldest first. */
	cscap_summary *all = fleet(back, 3, NULL);
	assert_int_equal(cscap_summary_scan_count(all), 3);
	assert_string_equal(cscap_summary_scan_file(all, 1), old);
	assert_string_equal(cscap_summary_scan_file(all, 2), fixed);
	cscap_summary_free(all);
}

/* Options not stamped by cscap_summary_options_init() are refused, as the session's are. */
static void test_options_abi(void **state)
{
	cscap_summary_options opts;
	cscap_summary *sum = (cscap_summary *)&opts;

	(void)state;
	memset(&opts, 0, sizeof(opts));
	assert_int_equal(cscap_summary_new(&sum, &opts), CSCAP_EUSAGE);
	assert_null(sum);
	assert_non_null(strstr(cscap_error_last(), "cscap_summary_options_init()"));
	assert_int_equal(cscap_summary_options_init_abi(&opts, CSCAP_SUMMARY_OPTIONS_ABI + 1), CSCAP_EUSAGE);
	assert_int_equal(cscap_summary_new(&sum, &opts), CSCAP_EUSAGE);
	assert_int_equal(cscap_summary_options_init_abi(&opts, CSCAP_SUMMARY_OPTIONS_ABI), 0);
	assert_int_equal(cscap_summary_new(&sum, &opts), 0);
	cscap_summary_free(sum);
	assert_int_equal(cscap_summary_new(&sum, NULL), 0); /* the defaults */
	cscap_summary_free(sum);
}

/* --rule: by id or by version; a rule no scan selected is shown when asked for. */
static void test_rule_filter(void **state)
{
	(void)state;
	const char *w = put_arf("web-2.xml", "web-2", "2026-01-02T10:00:00Z", web2, N(web2), 0);
	const char *const rules[] = {"xccdf_t_rule_c", "T-A", "T-D", NULL};
	cscap_summary_options opts;

	cscap_summary_options_init(&opts);
	opts.rules = rules;
	cscap_summary *sum = fleet(&w, 1, &opts);

	/* Benchmark order, not the order asked in. */
	assert_int_equal(cscap_summary_rule_count(sum), 3);
	assert_string_equal(cscap_summary_rule_id(sum, 0), "xccdf_t_rule_a");
	assert_string_equal(cscap_summary_rule_id(sum, 1), "xccdf_t_rule_c");
	assert_string_equal(cscap_summary_rule_id(sum, 2), "xccdf_t_rule_d");
	cscap_summary_free(sum);
}

/* A real ARF keeps its benchmark inside a data stream; no file, no ARF: clear errors. */
static void test_usage(void **state)
{
	(void)state;
	cscap_summary *sum;

	assert_int_equal(cscap_summary_new(&sum, NULL), 0);
	assert_int_equal(cscap_summary_add_file(sum, NULL), CSCAP_EUSAGE);
	assert_int_equal(cscap_summary_write(sum, (cscap_summary_format)9, "-"), CSCAP_EUSAGE);
	assert_int_equal(cscap_summary_write(sum, CSCAP_SUMMARY_TEXT, "/nonexistent-dir/x"), CSCAP_EIO);
	/* An empty summary still writes (it says 0 scans). */
	char *text = written(sum, CSCAP_SUMMARY_TEXT);
	assert_string_equal(text, "cscap summary: 0 scans of 0 hosts\n");
	free(text);
	cscap_summary_free(sum);
	cscap_summary_free(NULL);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/cscap-summary-test.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_counts_evidence),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_latest),
		cmocka_unit_test(test_options_abi),
		cmocka_unit_test(test_rule_filter),
		cmocka_unit_test(test_usage),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
