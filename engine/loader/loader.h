/*
 * Loading content: parse once (securely), validate against the official
 * schemas and ours, and build the models the evaluator walks.
 */
#ifndef CSCAP_LOADER_H
#define CSCAP_LOADER_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "model/content.h"

struct schema_set;

struct load_options {
	struct schema_set *schemas;   /* borrowed; NULL skips validation */
	const char *datastream_id;    /* which data stream of a collection; NULL: the first */
	const char *xccdf_id;         /* which checklist component-ref; NULL: the first benchmark */
	const char *tailoring_file;   /* an XCCDF Tailoring document to apply; NULL: none */
	const char *tailoring_id;     /* a tailoring component-ref of the data stream; NULL: none */
	int fetch_remote_resources;   /* non-zero: fetch remote OVAL components (loader/fetch.h) */
	long connect_timeout_ms;      /* for those fetches; 0: the default */
};

/* Load path (a source data stream, an XCCDF benchmark or OVAL definitions).
 * *out is the caller's, freed with content_free(). */
int content_load(struct content **out, const char *path, const struct load_options *opts);
/* The same from len bytes at buf; name stands for the path in messages and in the
 * results, and a standalone benchmark's OVAL files are looked for beside it. */
int content_load_memory(struct content **out, const char *buf, size_t len, const char *name,
			const struct load_options *opts);

/* The same from a document already parsed (and validated, if the caller
 * wanted it): doc is taken over, whatever the outcome.  opts->schemas, when
 * set, still validates the OVAL files a standalone benchmark names. */
int content_load_parsed(struct content **out, xmlDocPtr doc, const char *path,
			const struct load_options *opts);
/* Is root one content_load builds (a data stream collection, an XCCDF
 * Benchmark without TestResults, OVAL definitions — in any namespace, to
 * refuse a wrong one)?  XCCDF results, ARF and the rest are not content. */
bool content_is_scap_root(const xmlNode *root);

/* The model builders, for a root element inside a document the caller keeps alive. */
int oval_document_build(struct oval_document **out, xmlNodePtr root, const char *href);
int xccdf_benchmark_build(struct xccdf_benchmark **out, xmlNodePtr root);
/* A CPE dictionary (cpe-list); *out freed with cpe_dictionary_free(). */
int cpe_dictionary_build(struct cpe_dictionary **out, xmlNodePtr root, const char *name);
/* The platforms of a cpe-lang platform-specification, into arena a. */
int cpe_platforms_build(struct arena *a, xmlNodePtr spec, struct cpe_platform **out, size_t *n,
			const char *name);

/*
 * Cross-references of loaded content the schemas cannot see: profile extends
 * (missing, itself, cycles), OVAL check-content-refs (a document and a
 * definition that exist), check-exports (a Value and an external variable that
 * exist).  0, or CSCAP_EINVALID naming the file, line and id.
 */
int content_check_references(const struct content *c);

/* Add the profiles of an XCCDF Tailoring element to b (they shadow b's own). */
int xccdf_tailoring_apply(struct xccdf_benchmark *b, xmlNodePtr tailoring, const char *name);

/*
 * One compiled schema set covering every namespace cscap reads or writes
 * (source data stream 1.3, XCCDF 1.1/1.2, OVAL 5.11 definitions, results and
 * system characteristics, ARF 1.1, and our container extension).
 * scap_dir: the official schemas (Debian: /usr/share/openscap/schemas);
 * own_dir: cscap's schemas/.  *out freed with schema_set_free().
 */
int schema_set_load(struct schema_set **out, const char *scap_dir, const char *own_dir);
void schema_set_free(struct schema_set *set);
/* 0 when doc is valid; otherwise CSCAP_EINVALID naming name:line and the first problem. */
int schema_set_validate(struct schema_set *set, xmlDocPtr doc, const char *name);

#endif
