/*
 * libcscap summaries: many scans' results (ARF files) read back and put side
 * by side, host by rule, with each host's counts per result and the evidence
 * of every finding.  What `cscap summary` prints.
 *
 * A summary holds the scans of every file added to it.  A scan is one XCCDF
 * TestResult of an ARF report collection (cscap writes one per file).  Scans
 * are kept sorted by host (the TestResult's target, byte order), then start
 * time, then file name; rules are in benchmark order (the benchmark carried in
 * the ARF's report request, merged over the scans in that order).  Order never
 * depends on the order files were added in.
 *
 * Every function that can fail returns 0 or a negative cscap_code and leaves
 * the detail for cscap_error_last(); out-parameters come first.  Strings and
 * arrays handed out belong to the summary and stay valid until the scan they
 * describe is replaced (options.latest) or the summary is freed.
 */
#ifndef CSCAP_SUMMARY_H
#define CSCAP_SUMMARY_H

#include <stddef.h>

#include "cscap/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The XCCDF rule results, and NONE: the scan has no result for the rule. */
typedef enum cscap_result {
	CSCAP_RESULT_PASS,
	CSCAP_RESULT_FAIL,
	CSCAP_RESULT_ERROR,
	CSCAP_RESULT_UNKNOWN,
	CSCAP_RESULT_NOTAPPLICABLE,
	CSCAP_RESULT_NOTCHECKED,
	CSCAP_RESULT_NOTSELECTED,
	CSCAP_RESULT_INFORMATIONAL,
	CSCAP_RESULT_FIXED,
	CSCAP_RESULT_NONE,
	CSCAP_RESULT_COUNT
} cscap_result;

/* The XCCDF name of a result ("pass", ...; "" for NONE).  Never NULL. */
CSCAP_API const char *cscap_result_str(cscap_result r);

typedef enum cscap_summary_format {
	CSCAP_SUMMARY_TEXT, /* for a terminal: counts, a host x rule grid, the findings */
	CSCAP_SUMMARY_CSV,  /* RFC 4180, one row per scan: counts, one column per rule, evidence */
	CSCAP_SUMMARY_HTML  /* one self-contained page (no script, nothing fetched) */
} cscap_summary_format;

/* The summary options' layout, under the same ABI policy as cscap_options
 * (cscap/cscap.h): fields only appended, each append raises the number. */
#define CSCAP_SUMMARY_OPTIONS_ABI 1u

typedef struct cscap_summary_options {
	unsigned int abi; /* set by cscap_summary_options_init(); never by hand */
	/* NULL-terminated rule ids or versions (DKER-EE-001240) to show; NULL:
	 * every rule that some scan selected (not all notselected). */
	const char *const *rules;
	int latest; /* non-zero: keep only the newest scan of each host */
} cscap_summary_options;

/* Fill *opts with the defaults and stamp it with the layout the caller was
 * compiled with (a macro, as cscap_options_init() is). */
#define cscap_summary_options_init(opts) cscap_summary_options_init_abi((opts), CSCAP_SUMMARY_OPTIONS_ABI)
/* CSCAP_EUSAGE when this library does not know abi (then only opts->abi is
 * written, and cscap_summary_new() refuses the options). */
CSCAP_API int cscap_summary_options_init_abi(cscap_summary_options *opts, unsigned int abi);

typedef struct cscap_summary cscap_summary;

/* *out must be freed with cscap_summary_free().  opts may be NULL (the
 * defaults); else it must come from cscap_summary_options_init() (CSCAP_EUSAGE
 * otherwise).  It is copied. */
CSCAP_API int cscap_summary_new(cscap_summary **out, const cscap_summary_options *opts);
CSCAP_API void cscap_summary_free(cscap_summary *sum);

/*
 * Read one ARF file (XML, or gzip-compressed XML whatever its name) and add
 * its scans.  When the file cannot be read, is not XML or is not an ARF with
 * an XCCDF TestResult, nothing of it is added, the one-line message (naming
 * the file) is kept for the report's list of unread files, and the code is
 * returned: the summary stays usable for the other files.
 */
CSCAP_API int cscap_summary_add_file(cscap_summary *sum, const char *path);

/* Write the summary; path "-" is standard output, a file is written atomically. */
CSCAP_API int cscap_summary_write(cscap_summary *sum, cscap_summary_format format, const char *path);

/* Scans, in order.  Out of range: NULL / 0. */
CSCAP_API size_t cscap_summary_scan_count(const cscap_summary *sum);
CSCAP_API const char *cscap_summary_scan_host(const cscap_summary *sum, size_t scan);
CSCAP_API const char *cscap_summary_scan_file(const cscap_summary *sum, size_t scan);
CSCAP_API const char *cscap_summary_scan_time(const cscap_summary *sum, size_t scan); /* start-time */
/* How many of the scan's rule results (all rules, not only those shown) are r. */
CSCAP_API size_t cscap_summary_scan_tally(const cscap_summary *sum, size_t scan, cscap_result r);
/* Non-zero when some rule of the scan is fail, error or unknown. */
CSCAP_API int cscap_summary_scan_has_findings(const cscap_summary *sum, size_t scan);

/* Rules shown, in order.  Out of range: NULL. */
CSCAP_API size_t cscap_summary_rule_count(const cscap_summary *sum);
CSCAP_API const char *cscap_summary_rule_id(const cscap_summary *sum, size_t rule);
CSCAP_API const char *cscap_summary_rule_version(const cscap_summary *sum, size_t rule); /* may be NULL */

/* The result of a shown rule in a scan. */
CSCAP_API int cscap_summary_result(cscap_result *out, const cscap_summary *sum, size_t scan, size_t rule);
/* The evidence of a finding (fail, error, unknown): the rule-result's warning
 * and error messages, e.g. "container_item: engine=docker, id=..., name=...".
 * *out_count is 0 for other results. */
CSCAP_API int cscap_summary_evidence(const char *const **out, size_t *out_count, const cscap_summary *sum,
				     size_t scan, size_t rule);

/* Files that could not be summarised: the message of each (it names the file). */
CSCAP_API size_t cscap_summary_unread_count(const cscap_summary *sum);
CSCAP_API const char *cscap_summary_unread(const cscap_summary *sum, size_t i);

#ifdef __cplusplus
}
#endif
#endif
