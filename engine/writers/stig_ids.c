/* DISA ids and checklist statuses; the STIG Viewer flavour of XCCDF results. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "common/error_internal.h"
#include "writers/stig.h"
#include "writers/writers.h"

#define DC_NS "http://purl.org/dc/elements/1.1/"

enum stig_status stig_status_from_result(enum xccdf_result r)
{
	switch (r) {
	case XCCDF_RESULT_PASS:
	case XCCDF_RESULT_FIXED:
		return STIG_NOT_A_FINDING;
	case XCCDF_RESULT_FAIL:
		return STIG_OPEN;
	case XCCDF_RESULT_NOTAPPLICABLE:
		return STIG_NOT_APPLICABLE;
	default:
		return STIG_NOT_REVIEWED;
	}
}

const char *stig_status_ckl(enum stig_status s)
{
	static const char *const names[] = {"NotAFinding", "Open", "Not_Applicable", "Not_Reviewed"};
	return (size_t)s < 4 ? names[s] : "Not_Reviewed";
}

const char *stig_status_cklb(enum stig_status s)
{
	static const char *const names[] = {"not_a_finding", "open", "not_applicable", "not_reviewed"};
	return (size_t)s < 4 ? names[s] : "not_reviewed";
}

/* Digits from s; the position after them, or NULL when there are none. */
static const char *digits(const char *s)
{
	const char *p = s;
	while (isdigit((unsigned char)*p))
		p++;
	return p > s ? p : NULL;
}

/* Length of the "SV-<n>r<n>_rule" at s, 0 when s does not start with one; *number_len: "SV-<n>". */
static size_t rule_id_prefix(const char *s, size_t *number_len)
{
	const char *p;

	if (strncmp(s, "SV-", 3) != 0 || !(p = digits(s + 3)))
		return 0;
	if (number_len)
		*number_len = (size_t)(p - s);
	if (*p != 'r' || !(p = digits(p + 1)) || strncmp(p, "_rule", 5) != 0)
		return 0;
	return (size_t)(p + 5 - s);
}

bool stig_is_rule_id(const char *s)
{
	size_t n = s ? rule_id_prefix(s, NULL) : 0;
	return n && s[n] == '\0';
}

bool stig_is_vuln_id(const char *s)
{
	const char *p;
	return s && strncmp(s, "V-", 2) == 0 && (p = digits(s + 2)) && *p == '\0';
}

enum stig_match stig_rule_id_match(const char *a, const char *b)
{
	size_t na, nb;

	if (!stig_is_rule_id(a) || !stig_is_rule_id(b))
		return STIG_MATCH_NONE;
	if (strcmp(a, b) == 0)
		return STIG_MATCH_EXACT;
	rule_id_prefix(a, &na);
	rule_id_prefix(b, &nb);
	return na == nb && strncmp(a, b, na) == 0 ? STIG_MATCH_REVISION : STIG_MATCH_NONE;
}

const char *stig_rule_id_in(const char *id)
{
	if (!id)
		return NULL;
	if (stig_is_rule_id(id))
		return id;
	const char *p = strstr(id, "_rule_SV-");
	return p && stig_is_rule_id(p + 6) ? p + 6 : NULL;
}

static bool is_element(const xmlNode *n, const char *ns, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns && strcmp((const char *)n->ns->href, ns) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

/* Copy the text of n into buf when it is a DISA rule id (surrounding blanks ignored). */
static const char *take_if_rule_id(const xmlNode *n, char *buf, size_t size)
{
	xmlChar *text = xmlNodeGetContent(n);
	const char *s = (const char *)text, *found = NULL;
	size_t len;

	if (!s)
		return NULL;
	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	if (len && len < size) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (stig_is_rule_id(buf))
			found = buf;
	}
	xmlFree(text);
	return found;
}

/*
 * A rule's DISA id: a <reference> whose dc:identifier (or whose own text, as
 * OpenSCAP's content writes it) is one, else an <ident> that is one, else
 * the rule's own id (DISA's benchmarks, or cscap's "..._rule_SV-..." ids).
 */
const char *stig_rule_id(const struct xccdf_item *rule, char *buf, size_t size)
{
	const xmlNode *node = rule->node;
	const char *ns = node && node->ns ? (const char *)node->ns->href : NULL;
	const char *own;

	for (const xmlNode *c = node && ns ? node->children : NULL; c; c = c->next) {
		if (!is_element(c, ns, "reference"))
			continue;
		bool has_children = false;
		for (const xmlNode *d = c->children; d; d = d->next) {
			if (d->type != XML_ELEMENT_NODE)
				continue;
			has_children = true;
			if (is_element(d, DC_NS, "identifier") && take_if_rule_id(d, buf, size))
				return buf;
		}
		if (!has_children && take_if_rule_id(c, buf, size))
			return buf;
	}
	for (size_t i = 0; i < rule->n_idents; i++)
		if (stig_is_rule_id(rule->idents[i].value) && strlen(rule->idents[i].value) < size) {
			snprintf(buf, size, "%s", rule->idents[i].value);
			return buf;
		}
	if ((own = stig_rule_id_in(rule->id)) && strlen(own) < size) {
		snprintf(buf, size, "%s", own);
		return buf;
	}
	return NULL;
}

/*
 * STIG Viewer imports XCCDF results and matches each rule-result to its
 * checklist by DISA's rule id, so the TestResult is written on its own with
 * those ids; rules without one keep cscap's id.
 */
static void stig_viewer_body(struct xmlw *x, const void *arg)
{
	struct write_context ctx = *(const struct write_context *)arg;

	ctx.stig_ids = true;
	write_testresult(x, &ctx, false);
}

int stig_viewer_write(const struct write_context *ctx, const char *path)
{
	if (!ctx->scan->content->benchmark)
		return cscap_err(CSCAP_EUSAGE, "%s: STIG Viewer results need an XCCDF benchmark", path);
	return write_file_atomically(path, stig_viewer_body, ctx);
}
