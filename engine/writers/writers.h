/*
 * Result writers: ARF 1.1, XCCDF 1.2 results, OVAL 5.11 results.  They read
 * the scan (results model) and the parsed source content and stream XML;
 * nothing is built in memory as a tree.  Every file is written atomically.
 */
#ifndef CSCAP_WRITERS_H
#define CSCAP_WRITERS_H

#include <stdbool.h>

#include "eval/xccdf_eval.h"
#include "probes/host_facts.h"
#include "writers/xmlw.h"

struct write_context {
	const struct scan *scan;        /* borrowed */
	const struct host_facts *host;  /* borrowed */
	const char *product_version;
	bool without_syschar;           /* leave system characteristics out of OVAL results */
	bool thin;                      /* OVAL results without item-level detail */
	const char *asset_id;           /* inside ARF: the ai:asset the reports are about; else NULL */
	bool stig_ids;                  /* rule-results name DISA's SV-..._rule ids (STIG Viewer) */
	const char *tailoring_href;     /* inside ARF: where the applied tailoring is (arf_tailoring_href()) */
};

int arf_write(const struct write_context *ctx, const char *path);
int xccdf_results_write(const struct write_context *ctx, const char *path);
int oval_results_write(const struct write_context *ctx, size_t oval_index, const char *path);
/* XCCDF results for DISA STIG Viewer: the TestResult with DISA's rule ids. */
int stig_viewer_write(const struct write_context *ctx, const char *path);

/* Pieces shared by the writers above. */
void write_testresult(struct xmlw *x, const struct write_context *ctx, bool in_arf);
void write_oval_results(struct xmlw *x, const struct write_context *ctx, const struct oval_run *run);
/* The TestResult's id is TESTRESULT_ID_FORMAT with testresult_suffix(): the
 * profile's own suffix, or "default" (a string of the scan's; any length). */
#define TESTRESULT_ID_FORMAT "xccdf_cscap_testresult_%s"
const char *testresult_suffix(const struct scan *s);
/* The ARF report id of OVAL document i ("oval0", ...). */
void oval_report_id(char out[32], size_t i);
/* Write path atomically with body(x, arg); on any failure the old file stays.
 * A path ending in ".gz" is written gzip-compressed (reproducibly: no name, no time). */
int write_file_atomically(const char *path, void (*body)(struct xmlw *x, const void *arg),
			  const void *arg);
/* The same for bytes made elsewhere (HTML, JSON). */
int write_bytes_atomically(const char *path, const char *buf, size_t len);
/* body's XML in memory: *out (NUL-terminated, *out_len bytes) is the caller's to free(). */
int write_to_memory(char **out, size_t *out_len, const char *name,
		    void (*body)(struct xmlw *x, const void *arg), const void *arg);
bool output_is_gzip(const char *path);
/* The ARF's report requests (arf_request.c): the source content and the tailoring. */
#define ARF_REQUEST_ID "collection1"
#define ARF_TAILORING_REQUEST_ID "tailoring1"
/* Where the ARF puts the applied tailoring, as the TestResult's tailoring-file
 * href: the data stream's own component ("#id"), a component composed into
 * the copied data stream (its "#id", in out), or the file (a standalone
 * benchmark: the file is a report-request of its own); NULL: no tailoring. */
const char *arf_tailoring_href(char out[64], const struct scan *s);
/* Is the tailoring a report-request of its own (ARF_TAILORING_REQUEST_ID)? */
bool arf_tailoring_has_request(const struct scan *s);
/* arf:report-requests; ctx->tailoring_href from arf_tailoring_href(). */
void arf_write_requests(struct xmlw *x, const struct write_context *ctx);
/* The whole ARF document (what arf_write() writes), for writers that work from it. */
void arf_body(struct xmlw *x, const void *arg);
/* DISA's rule id (SV-..._rule) of a rule: from its reference or ident carrying it; NULL when none. */
const char *stig_rule_id(const struct xccdf_item *rule, char *buf, size_t size);

#endif
