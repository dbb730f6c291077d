/* The public API's reports: HTML, STIG Viewer results, CKL and CKLB checklists. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "api/session.h"
#include "common/error_internal.h"
#include "common/xml_read.h"
#include "writers/checklist.h"
#include "writers/html_report.h"

static int stylesheet_path(const cscap_session *s, char *out, size_t size)
{
	if ((size_t)snprintf(out, size, "%s/report.xsl", s->data_dir) >= size)
		return cscap_err(CSCAP_EUSAGE, "%s: data folder path too long", s->data_dir);
	return 0;
}

int cscap_session_write_report(cscap_session *s, const char *path)
{
	struct write_context ctx;
	char xsl[4096], *arf = NULL;
	size_t len;
	xmlDocPtr doc = NULL;
	int rc;

	if ((rc = session_check_output(s, path)) || (rc = stylesheet_path(s, xsl, sizeof(xsl))))
		return rc;
	if (!s->content->benchmark)
		return cscap_err(CSCAP_EUSAGE, "%s: the report needs an XCCDF benchmark", path);
	/* The report is made from the ARF, which carries the evidence, without a round trip to disk. */
	session_write_context(s, &ctx);
	if ((rc = write_to_memory(&arf, &len, path, arf_body, &ctx)) ||
	    (rc = xml_read_memory(&doc, arf, len, path)))
		goto out;
	rc = html_report_write(doc, xsl, "cscap " CSCAP_VERSION, path);
out:
	xmlFreeDoc(doc);
	free(arf);
	return rc;
}

/* A results file as cscap writes them: XML, or gzip-compressed XML (".gz" outputs). */
/* Does the document hold an XCCDF TestResult (ARF or XCCDF results), at most a few levels down? */
static bool has_testresult(const xmlNode *n, int depth)
{
	for (; n && depth < 8; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, "TestResult") == 0 && n->ns &&
		    (strcmp((const char *)n->ns->href, XCCDF12_NS) == 0 || strcmp((const char *)n->ns->href, XCCDF11_NS) == 0))
			return true;
		/* Only where results live: ARF reports, a Benchmark's children. */
		if (strcmp((const char *)n->name, "report-requests") != 0 && has_testresult(n->children, depth + 1))
			return true;
	}
	return false;
}

int cscap_session_report_from_results(cscap_session *s, const char *results, const char *path)
{
	char xsl[4096];
	xmlDocPtr doc;
	int rc;

	if ((rc = stylesheet_path(s, xsl, sizeof(xsl))) || (rc = xml_read_file_or_gzip(&doc, results)))
		return rc;
	if (!has_testresult(xmlDocGetRootElement(doc), 0)) {
		xmlFreeDoc(doc);
		return cscap_err(CSCAP_EINVALID, "%s: no XCCDF TestResult: not an ARF or XCCDF results file", results);
	}
	rc = html_report_write(doc, xsl, "cscap " CSCAP_VERSION, path);
	xmlFreeDoc(doc);
	return rc;
}

int cscap_session_write_stig_viewer(cscap_session *s, const char *path)
{
	struct write_context ctx;
	int rc = session_check_output(s, path);

	if (rc)
		return rc;
	session_write_context(s, &ctx);
	return stig_viewer_write(&ctx, path);
}

int cscap_session_load_stig(cscap_session *s, const char *path)
{
	xmlDocPtr doc;
	xmlNodePtr root;
	char *copy;
	int rc;

	if ((rc = xml_read_file(&doc, path)))
		return rc;
	root = xmlDocGetRootElement(doc);
	if (!root || !root->ns || strcmp((const char *)root->name, "Benchmark") != 0 ||
	    (strcmp((const char *)root->ns->href, XCCDF11_NS) != 0 &&
	     strcmp((const char *)root->ns->href, XCCDF12_NS) != 0)) {
		xmlFreeDoc(doc);
		return cscap_err(CSCAP_EINVALID, "%s: not an XCCDF 1.1 or 1.2 Benchmark (DISA's STIG benchmark)", path);
	}
	if (!(copy = strdup(path))) {
		xmlFreeDoc(doc);
		return cscap_err_oom();
	}
	xmlFreeDoc(s->stig);
	free(s->stig_path);
	s->stig = doc;
	s->stig_path = copy;
	return 0;
}

static int write_checklist(cscap_session *s, const char *path, int (*write)(const struct checklist *, const char *))
{
	struct checklist *cl;
	int rc = session_check_output(s, path);

	if (rc)
		return rc;
	if ((rc = checklist_build(&cl, s->scan, s->host, s->stig, s->stig_path, CSCAP_VERSION)))
		return rc;
	rc = write(cl, path);
	s->ckl_rules = cl->n_rules;
	s->ckl_answered = cl->n_answered;
	s->ckl_revisions = cl->n_revision_mismatch;
	checklist_free(cl);
	return rc;
}

int cscap_session_write_ckl(cscap_session *s, const char *path)
{
	return write_checklist(s, path, ckl_write);
}

int cscap_session_write_cklb(cscap_session *s, const char *path)
{
	return write_checklist(s, path, cklb_write);
}

int cscap_session_checklist_counts(const cscap_session *s, size_t *rules, size_t *answered,
				   size_t *revision_mismatches)
{
	*rules = s->ckl_rules;
	*answered = s->ckl_answered;
	*revision_mismatches = s->ckl_revisions;
	if (!s->ckl_rules)
		return cscap_err(CSCAP_EUSAGE, "no checklist has been written");
	return 0;
}
