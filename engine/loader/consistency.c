/*
 * References across a loaded content, checked once it is all loaded: what the
 * schemas cannot see (their keys stop at a document's edge) and what
 * --skip-validation lets through.  Inconsistent content is refused here, at
 * load time, naming the file and the id, rather than turning into "error"
 * results (or worse, a quiet pass) during a scan.
 */
#include <string.h>

#include "common/error_internal.h"
#include "loader/loader.h"

/* The file an element came from (the content, or a tailoring or OVAL file). */
static const char *file_of(const struct content *c, const xmlNode *n)
{
	return n && n->doc && n->doc->URL ? (const char *)n->doc->URL : c->path;
}

static long line_of(const xmlNode *n)
{
	return n ? xmlGetLineNo(n) : 0L;
}

/* A profile's extends chain ends, at a profile that exists, within n_profiles steps. */
static int check_profile_extends(const struct content *c, const struct xccdf_benchmark *b,
				 const struct xccdf_profile *p)
{
	const struct xccdf_profile *at = p;

	for (size_t steps = 0; at->extends; steps++) {
		const struct xccdf_profile *base = xccdf_benchmark_profile(b, at->extends);
		if (!base)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: profile '%s' extends missing profile '%s'",
					 file_of(c, at->node), line_of(at->node), at->id, at->extends);
		if (base == p)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: profile '%s' extends itself%s",
					 file_of(c, p->node), line_of(p->node), p->id,
					 at == p ? "" : " (through a cycle of profiles)");
		if (steps >= b->n_profiles)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: profile '%s': its 'extends' chain runs in a cycle",
					 file_of(c, p->node), line_of(p->node), p->id);
		at = base;
	}
	return 0;
}

/*
 * The OVAL document the evaluator will use for ck: the first check-content-ref
 * naming a loaded document (the others are alternatives).  Its definition must
 * exist, and every check-export must name a Value of the benchmark and an
 * external variable of that document.
 */
static int check_oval_check(const struct content *c, const struct xccdf_item *rule,
			    const struct xccdf_check *ck)
{
	const struct xccdf_benchmark *b = c->benchmark;
	const struct xccdf_check_ref *ref = NULL;
	const struct oval_document *doc = NULL;
	const char *file = file_of(c, rule->node);
	long line = line_of(rule->node);

	for (size_t i = 0; i < ck->n_refs && !doc; i++)
		if ((doc = content_oval_for_href(c, ck->refs[i].href)))
			ref = &ck->refs[i];
	if (!doc && ck->n_refs && content_remote_for_href(c, ck->refs[0].href))
		return 0; /* a remote resource, not fetched: the rule is notchecked */
	if (!doc)
		return cscap_err(CSCAP_EINVALID, "%s:%ld: rule '%s': check-content-ref href '%s' names no OVAL document of the content",
				 file, line, rule->id, ck->n_refs ? ck->refs[0].href : "");
	if (ref->name && !oval_document_definition(doc, ref->name))
		return cscap_err(CSCAP_EINVALID, "%s:%ld: rule '%s': check-content-ref names definition '%s', which '%s' does not hold",
				 file, line, rule->id, ref->name, ref->href);
	for (size_t i = 0; i < ck->n_exports; i++) {
		const struct xccdf_check_export *ex = &ck->exports[i];
		if (!ex->value_id || !xccdf_benchmark_value(b, ex->value_id))
			return cscap_err(CSCAP_EINVALID, "%s:%ld: rule '%s': check-export names missing Value '%s'",
					 file, line, rule->id, ex->value_id ? ex->value_id : "");
		const struct oval_variable *v = ex->export_name ? oval_document_variable(doc, ex->export_name) : NULL;
		if (!v || v->kind != OVAL_VAR_EXTERNAL)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: rule '%s': check-export names '%s', which is not an external variable of '%s'",
					 file, line, rule->id, ex->export_name ? ex->export_name : "", ref->href);
	}
	return 0;
}

static int check_checks(const struct content *c, const struct xccdf_item *rule,
			const struct xccdf_check *checks, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(checks[i].system, XCCDF_SYSTEM_OVAL) != 0)
			continue; /* other systems: notchecked, or a plugin's business */
		int rc = check_oval_check(c, rule, &checks[i]);
		if (rc)
			return rc;
	}
	return 0;
}

/* complex-check nesting is bounded by libxml2's depth limit. */
static int check_complex(const struct content *c, const struct xccdf_item *rule,
			 const struct xccdf_complex_check *cc)
{
	int rc = check_checks(c, rule, cc->checks, cc->n_checks);

	for (size_t i = 0; rc == 0 && i < cc->n_children; i++)
		rc = check_complex(c, rule, &cc->children[i]);
	return rc;
}

int content_check_references(const struct content *c)
{
	const struct xccdf_benchmark *b = c->benchmark;
	int rc;

	if (!b)
		return 0; /* OVAL content: oval_document_build resolved everything */
	for (size_t i = 0; i < b->n_profiles; i++)
		if ((rc = check_profile_extends(c, b, &b->profiles[i])))
			return rc;
	for (size_t i = 0; i < b->n_rules; i++) {
		const struct xccdf_item *rule = b->rules[i];
		if ((rc = check_checks(c, rule, rule->checks, rule->n_checks)) ||
		    (rule->complex_check && (rc = check_complex(c, rule, rule->complex_check))))
			return rc;
	}
	return 0;
}
