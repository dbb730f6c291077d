/*
 * The HTML report: cscap's stylesheet (data/report.xsl) applied with libxslt
 * to a results document, ARF or XCCDF results.  The transformation may not
 * read or write files or reach the network, whatever the input says.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xslt.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "common/error_internal.h"
#include "common/xml_read.h"
#include "writers/html_report.h"
#include "writers/writers.h"

static pthread_once_t xslt_once = PTHREAD_ONCE_INIT;

static void init_xslt(void)
{
	xsltInit();
}

/* The first message libxslt gives during the transformation (instead of stderr). */
struct xslt_errors {
	char first[256];
};

static void collect_error(void *ctx, const char *fmt, ...)
{
	struct xslt_errors *e = ctx;
	va_list ap;

	if (e->first[0])
		return;
	va_start(ap, fmt);
	vsnprintf(e->first, sizeof(e->first), fmt, ap);
	va_end(ap);
	e->first[strcspn(e->first, "\n")] = '\0';
}

static xsltSecurityPrefsPtr locked_down(void)
{
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();

	if (!sec)
		return NULL;
	if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) ||
	    xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid)) {
		xsltFreeSecurityPrefs(sec);
		return NULL;
	}
	return sec;
}

/* A string as an XPath literal for an XSLT parameter ('...' or "..."; a mix of both quotes is dropped). */
static void xpath_literal(char *out, size_t size, const char *s)
{
	if (!strchr(s, '\''))
		snprintf(out, size, "'%s'", s);
	else if (!strchr(s, '"'))
		snprintf(out, size, "\"%s\"", s);
	else
		snprintf(out, size, "'cscap'");
}

int html_report_render(char **out, size_t *out_len, xmlDocPtr results, const char *stylesheet,
		       const char *generator)
{
	xmlDocPtr sdoc = NULL, res = NULL;
	xsltStylesheetPtr style = NULL;
	xsltTransformContextPtr tctx = NULL;
	xsltSecurityPrefsPtr sec = NULL;
	struct xslt_errors errs = {{0}};
	char gen[300];
	const char *params[] = {"generator", gen, NULL};
	xmlChar *buf = NULL;
	int len = 0, rc;

	*out = NULL;
	*out_len = 0;
	pthread_once(&xslt_once, init_xslt);
	xpath_literal(gen, sizeof(gen), generator ? generator : "cscap");
	if ((rc = xml_read_file(&sdoc, stylesheet)))
		return rc;
	style = xsltParseStylesheetDoc(sdoc); /* owns sdoc from here, even on failure */
	if (!style || style->errors) {
		if (!style)
			xmlFreeDoc(sdoc);
		rc = cscap_err(CSCAP_EINVALID, "%s: not a usable XSLT stylesheet", stylesheet);
		goto out;
	}
	if (!(sec = locked_down()) || !(tctx = xsltNewTransformContext(style, results))) {
		rc = cscap_err_oom();
		goto out;
	}
	xsltSetCtxtSecurityPrefs(sec, tctx);
	xsltSetTransformErrorFunc(tctx, &errs, collect_error);
	res = xsltApplyStylesheetUser(style, results, params, NULL, NULL, tctx);
	if (!res || tctx->state == XSLT_STATE_ERROR || tctx->state == XSLT_STATE_STOPPED) {
		rc = cscap_err(CSCAP_EINVALID, "%s: the report cannot be made: %s", stylesheet,
			       errs.first[0] ? errs.first : "transformation failed");
		goto out;
	}
	if (xsltSaveResultToString(&buf, &len, res, style) != 0 || len < 0) {
		rc = cscap_err_oom();
		goto out;
	}
	*out = (char *)buf;
	*out_len = (size_t)len;
	buf = NULL;
	rc = 0;
out:
	xmlFree(buf);
	xmlFreeDoc(res);
	if (tctx)
		xsltFreeTransformContext(tctx);
	if (sec)
		xsltFreeSecurityPrefs(sec);
	if (style)
		xsltFreeStylesheet(style);
	return rc;
}

int html_report_write(xmlDocPtr results, const char *stylesheet, const char *generator, const char *path)
{
	char *html;
	size_t len;
	int rc;

	if ((rc = html_report_render(&html, &len, results, stylesheet, generator)))
		return rc;
	if (strcmp(path, "-") == 0) {
		if (fwrite(html, 1, len, stdout) != len || fflush(stdout) != 0)
			rc = cscap_err(CSCAP_EIO, "standard output: cannot write the report");
	} else {
		rc = write_bytes_atomically(path, html, len);
	}
	xmlFree(html);
	return rc;
}
