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
};

int arf_write(const struct write_context *ctx, const char *path);
int xccdf_results_write(const struct write_context *ctx, const char *path);
int oval_results_write(const struct write_context *ctx, size_t oval_index, const char *path);

/* Pieces shared by the writers above. */
void write_testresult(struct xmlw *x, const struct write_context *ctx, bool in_arf);
void write_oval_results(struct xmlw *x, const struct write_context *ctx, const struct oval_run *run);
/* The ARF report id of OVAL document i ("oval0", ...). */
void oval_report_id(char out[32], size_t i);
/* Write path atomically with body(x, arg); on any failure the old file stays. */
int write_file_atomically(const char *path, void (*body)(struct xmlw *x, const void *arg),
			  const void *arg);

#endif
