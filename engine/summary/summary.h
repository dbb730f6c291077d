/*
 * Summaries of scan results: the ARF reader (arf_read.c), the collection in
 * order (summary.c) and its text, CSV and HTML writers (summary_write.c).
 * The public face is include/cscap/summary.h.
 */
#ifndef CSCAP_SUMMARY_INTERNAL_H
#define CSCAP_SUMMARY_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "common/arena.h"
#include "cscap/summary.h"

#define ARF_NS "http://scap.nist.gov/schema/asset-reporting-format/1.1"

/* A rule as the scan's benchmark describes it (title and severity may be NULL). */
struct summary_rule {
	const char *id;
	const char *version;
	const char *title;
	const char *severity;
};

/* One rule-result of a scan. */
struct summary_result {
	const char *rule_id;
	cscap_result result;
	const char **evidence; /* warning and error messages of a finding; NULL otherwise */
	size_t n_evidence;
	size_t position;       /* among the TestResult's rule-results, while they are read */
};

/* One XCCDF TestResult; everything lives in its own arena. */
struct summary_scan {
	struct arena arena;
	const char *file, *host, *start_time, *profile;
	struct summary_rule *rules;     /* benchmark order, then rules only the results name */
	size_t n_rules;
	struct summary_result *results; /* sorted by rule_id */
	size_t n_results;
	size_t tally[CSCAP_RESULT_COUNT];
};

/* Read the ARF at path: *out is a malloc'd array of *count scans (at least one),
 * each to release with summary_scan_free(), the array with free(). */
int summary_read_arf(struct summary_scan ***out, size_t *count, const char *path);
void summary_scan_free(struct summary_scan *scan);
/* The scan's result for rule_id, or NULL. */
const struct summary_result *summary_scan_find(const struct summary_scan *scan, const char *rule_id);
/* fail, error or unknown */
int summary_result_is_finding(cscap_result r);

/* The collection, in order (see cscap/summary.h). */
struct cscap_summary {
	char **filter;          /* owned, NULL-terminated copy of options.rules, or NULL */
	int latest;
	struct summary_scan **scans; /* owned, sorted */
	size_t n_scans, cap_scans;
	const struct summary_rule **rules; /* shown rules, in order; point into scans */
	size_t n_rules;
	char **unread;          /* owned messages of the files not read */
	size_t n_unread;
};

int summary_write_text(const cscap_summary *sum, FILE *f);
int summary_write_csv(const cscap_summary *sum, FILE *f);
int summary_write_html(const cscap_summary *sum, FILE *f);

#endif
