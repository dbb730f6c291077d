/*
 * The HTML report: an XSLT stylesheet (cscap's data/report.xsl) applied to
 * a results document (ARF, or XCCDF results), locked down (no file or
 * network access from the stylesheet).
 */
#ifndef CSCAP_WRITERS_HTML_REPORT_H
#define CSCAP_WRITERS_HTML_REPORT_H

#include <stddef.h>
#include <libxml/tree.h>

/* The page in memory: *out (*out_len bytes) is the caller's, freed with xmlFree(). */
int html_report_render(char **out, size_t *out_len, xmlDocPtr results, const char *stylesheet,
		       const char *generator);
/* The page written atomically to path ("-": standard output). */
int html_report_write(xmlDocPtr results, const char *stylesheet, const char *generator, const char *path);

#endif
