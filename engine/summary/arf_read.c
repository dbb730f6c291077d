/*
 * Reading scan results back: an ARF 1.1 report collection (plain or gzip) is
 * parsed once with the secure reader, and each XCCDF TestResult in its
 * reports becomes a scan: host, time, profile, every rule-result with the
 * evidence of its findings, and the rules in the order of the benchmark the
 * ARF carries in its report request.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "common/error_internal.h"
#include "common/xml_read.h"
#include "loader/dom.h"
#include "model/xccdf.h"
#include "summary/summary.h"

/* A decompressed ARF larger than this is refused (the reader takes at most INT_MAX). */

static const char *const result_names[CSCAP_RESULT_COUNT] = {
	"pass", "fail", "error", "unknown", "notapplicable", "notchecked", "notselected",
	"informational", "fixed", "",
};

const char *cscap_result_str(cscap_result r)
{
	return (unsigned)r < CSCAP_RESULT_COUNT ? result_names[r] : "";
}

int summary_result_is_finding(cscap_result r)
{
	return r == CSCAP_RESULT_FAIL || r == CSCAP_RESULT_ERROR || r == CSCAP_RESULT_UNKNOWN;
}

static int result_parse(cscap_result *out, const char *s)
{
	for (int r = 0; r < CSCAP_RESULT_NONE; r++)
		if (strcmp(s, result_names[r]) == 0) {
			*out = (cscap_result)r;
			return 0;
		}
	return -1;
}

static int is_xccdf(const xmlNode *n, const char *name)
{
	return dom_is(n, XCCDF12_NS, name) || dom_is(n, XCCDF11_NS, name);
}

/* The first XCCDF element called name at most depth levels below parent, in document order. */
static xmlNodePtr find_xccdf(const xmlNode *parent, const char *name, const char *id, int depth)
{
	if (depth <= 0)
		return NULL;
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_xccdf(c, name)) {
			xmlChar *cid = id ? xmlGetNoNsProp(c, (const xmlChar *)"id") : NULL;
			int match = !id || (cid && strcmp((const char *)cid, id) == 0);
			xmlFree(cid);
			if (match)
				return c;
			continue;
		}
		xmlNodePtr found = find_xccdf(c, name, id, depth - 1);
		if (found)
			return found;
	}
	return NULL;
}

/* Text with its runs of white space folded to one space and trimmed. */
static const char *squash(struct arena *a, const char *s)
{
	char *out, *o;

	if (!s || !(out = arena_alloc(a, strlen(s) + 1)))
		return NULL;
	o = out;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (o != out && o[-1] != ' ')
				*o++ = ' ';
		} else
			*o++ = *s;
	}
	if (o != out && o[-1] == ' ')
		o--;
	*o = '\0';
	return out;
}

struct rule_list {
	struct summary_rule *v;
	size_t n, cap;
};

static int rule_list_add(struct rule_list *l, const struct summary_rule *r)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct summary_rule *grown = realloc(l->v, cap * sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = *r;
	return 0;
}

/* Every Rule of a Benchmark or Group, descending into Groups, in document order. */
static int collect_rules(struct rule_list *l, struct arena *a, const xmlNode *parent)
{
	for (xmlNodePtr c = parent->children; c; c = c->next) {
		int rc;
		if (is_xccdf(c, "Group")) {
			if ((rc = collect_rules(l, a, c)))
				return rc;
		} else if (is_xccdf(c, "Rule")) {
			struct summary_rule r = {
				.id = dom_attr(a, c, "id"),
				.version = squash(a, dom_child_text(a, c, dom_ns(c), "version")),
				.title = squash(a, dom_child_text(a, c, dom_ns(c), "title")),
				.severity = dom_attr(a, c, "severity"),
			};
			if (r.id && (rc = rule_list_add(l, &r)))
				return rc;
		}
	}
	return 0;
}

static int compare_results(const void *a, const void *b)
{
	return strcmp(((const struct summary_result *)a)->rule_id, ((const struct summary_result *)b)->rule_id);
}

/* By rule, then in document order, so merged evidence keeps the order it was written in. */
static int compare_results_in_order(const void *a, const void *b)
{
	const struct summary_result *x = a, *y = b;
	int c = strcmp(x->rule_id, y->rule_id);

	return c ? c : x->position < y->position ? -1 : x->position > y->position;
}

/* XCCDF's AND: the first of these that either result is. */
static cscap_result result_and(cscap_result a, cscap_result b)
{
	static const cscap_result order[] = {CSCAP_RESULT_FAIL, CSCAP_RESULT_ERROR, CSCAP_RESULT_UNKNOWN,
					     CSCAP_RESULT_NOTCHECKED, CSCAP_RESULT_NOTAPPLICABLE, CSCAP_RESULT_PASS,
					     CSCAP_RESULT_FIXED, CSCAP_RESULT_INFORMATIONAL};

	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a;
}

/* b's result and evidence into a (same rule, b later in the TestResult). */
static int merge_result(struct summary_result *a, const struct summary_result *b, struct arena *ar)
{
	a->result = result_and(a->result, b->result);
	if (!b->n_evidence)
		return 0;
	const char **both = arena_calloc(ar, a->n_evidence + b->n_evidence, sizeof(*both));
	if (!both)
		return cscap_err_oom();
	if (a->n_evidence)
		memcpy(both, a->evidence, a->n_evidence * sizeof(*both));
	memcpy(both + a->n_evidence, b->evidence, b->n_evidence * sizeof(*both));
	a->evidence = both;
	a->n_evidence += b->n_evidence;
	return 0;
}

/*
 * Several rule-results for one rule (a multi-check rule gives one per OVAL
 * definition) are one verdict here, their AND, with the evidence of each:
 * the summary is a host x rule table.
 */
static int merge_same_rule(struct summary_scan *s)
{
	size_t n = 0;
	int rc;

	qsort(s->results, s->n_results, sizeof(*s->results), compare_results_in_order);
	for (size_t i = 0; i < s->n_results; i++) {
		if (n && strcmp(s->results[n - 1].rule_id, s->results[i].rule_id) == 0) {
			if ((rc = merge_result(&s->results[n - 1], &s->results[i], &s->arena)))
				return rc;
			continue;
		}
		s->results[n++] = s->results[i];
	}
	s->n_results = n;
	for (size_t i = 0; i < n; i++)
		s->tally[s->results[i].result]++;
	return 0;
}

const struct summary_result *summary_scan_find(const struct summary_scan *scan, const char *rule_id)
{
	struct summary_result key = {.rule_id = rule_id};

	if (!scan->n_results)
		return NULL;
	return bsearch(&key, scan->results, scan->n_results, sizeof(key), compare_results);
}

/* The warning and error messages of a finding: what names the offending containers, or why it is error. */
static int read_evidence(struct summary_result *r, struct arena *a, const xmlNode *rr)
{
	size_t n = 0;

	DOM_FOREACH(m, rr, dom_ns(rr), "message") {
		const char *sev = dom_attr(a, m, "severity");
		if (sev && (strcmp(sev, "warning") == 0 || strcmp(sev, "error") == 0))
			n++;
	}
	if (!n)
		return 0;
	if (!(r->evidence = arena_calloc(a, n, sizeof(*r->evidence))))
		return cscap_err_oom();
	DOM_FOREACH(m, rr, dom_ns(rr), "message") {
		const char *sev = dom_attr(a, m, "severity");
		if (!sev || (strcmp(sev, "warning") != 0 && strcmp(sev, "error") != 0))
			continue;
		if (!(r->evidence[r->n_evidence++] = squash(a, dom_text(a, m))))
			return cscap_err_oom();
	}
	return 0;
}

static int read_results(struct summary_scan *s, const xmlNode *tr, const char *path)
{
	struct arena *a = &s->arena;
	size_t i = 0;

	s->n_results = dom_count(tr, dom_ns(tr), "rule-result");
	if (s->n_results && !(s->results = arena_calloc(a, s->n_results, sizeof(*s->results))))
		return cscap_err_oom();
	DOM_FOREACH(rr, tr, dom_ns(tr), "rule-result") {
		struct summary_result *r = &s->results[i++];
		const char *text = dom_child_text(a, rr, dom_ns(rr), "result");
		int rc;

		r->rule_id = dom_attr(a, rr, "idref");
		if (!r->rule_id || !*r->rule_id)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: a rule-result without an idref", path,
					 xmlGetLineNo(rr));
		text = squash(a, text);
		if (!text || result_parse(&r->result, text) != 0)
			return cscap_err(CSCAP_EINVALID, "%s:%ld: rule-result %s: '%s' is not an XCCDF result", path,
					 xmlGetLineNo(rr), r->rule_id, text ? text : "");
		r->position = i;
		if (summary_result_is_finding(r->result) && (rc = read_evidence(r, a, rr)))
			return rc;
	}
	return merge_same_rule(s);
}

/* The scan's rules: its benchmark's, in order, then any rule only a result names (in result order). */
static int read_rules(struct summary_scan *s, const xmlNode *tr, const xmlNode *benchmark)
{
	struct rule_list l = {0};
	struct arena *a = &s->arena;
	int rc = 0;

	if (benchmark && (rc = collect_rules(&l, a, benchmark)))
		goto out;
	DOM_FOREACH(rr, tr, dom_ns(tr), "rule-result") {
		struct summary_rule r = {
			.id = dom_attr(a, rr, "idref"),
			.version = dom_attr(a, rr, "version"),
			.severity = dom_attr(a, rr, "severity"),
		};
		size_t k;
		for (k = 0; k < l.n && strcmp(l.v[k].id, r.id) != 0; k++)
			;
		if (k < l.n) {
			/* The result's own attributes are what was evaluated (a profile may refine severity). */
			if (r.version && *r.version)
				l.v[k].version = r.version;
			if (r.severity)
				l.v[k].severity = r.severity;
		} else if ((rc = rule_list_add(&l, &r)))
			goto out;
	}
	if (l.n && !(s->rules = arena_calloc(a, l.n, sizeof(*s->rules)))) {
		rc = cscap_err_oom();
		goto out;
	}
	if (l.n)
		memcpy(s->rules, l.v, l.n * sizeof(*s->rules));
	s->n_rules = l.n;
out:
	free(l.v);
	return rc;
}

void summary_scan_free(struct summary_scan *scan)
{
	if (!scan)
		return;
	arena_release(&scan->arena);
	free(scan);
}

static int read_scan(struct summary_scan **out, const char *path, const xmlNode *tr, const xmlNode *requests)
{
	struct summary_scan *s = calloc(1, sizeof(*s));
	const xmlNode *benchmark = NULL;
	const char *bench_id = NULL;
	xmlNodePtr n;
	int rc;

	*out = NULL;
	if (!s)
		return cscap_err_oom();
	arena_init(&s->arena);
	struct arena *a = &s->arena;
	s->file = arena_strdup(a, path);
	s->host = squash(a, dom_child_text(a, tr, dom_ns(tr), "target"));
	s->start_time = dom_attr(a, tr, "start-time");
	if ((n = dom_child(tr, dom_ns(tr), "profile")))
		s->profile = dom_attr(a, n, "idref");
	if ((n = dom_child(tr, dom_ns(tr), "benchmark")))
		bench_id = dom_attr(a, n, "id");
	if (!s->file) {
		rc = cscap_err_oom();
		goto fail;
	}
	if (!s->host || !*s->host)
		s->host = "(no target)";
	if (!s->start_time)
		s->start_time = "";
	/* The benchmark the TestResult names, else the first one the report request carries. */
	if (requests) {
		benchmark = bench_id ? find_xccdf(requests, "Benchmark", bench_id, 6) : NULL;
		if (!benchmark)
			benchmark = find_xccdf(requests, "Benchmark", NULL, 6);
	}
	if ((rc = read_results(s, tr, path)) || (rc = read_rules(s, tr, benchmark)))
		goto fail;
	*out = s;
	return 0;
fail:
	summary_scan_free(s);
	return rc;
}

static int scans_from_document(struct summary_scan ***out, size_t *count, const char *path, xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc);
	xmlNodePtr requests, reports;
	struct summary_scan **scans = NULL;
	size_t n = 0;
	int rc = 0;

	if (!dom_is(root, ARF_NS, "asset-report-collection"))
		return cscap_err(CSCAP_EINVALID, "%s: not an ARF 1.1 report collection (the root element is <%s>)",
				 path, (const char *)root->name);
	requests = dom_child(root, ARF_NS, "report-requests");
	reports = dom_child(root, ARF_NS, "reports");
	if (reports) {
		DOM_FOREACH(rep, reports, ARF_NS, "report") {
			xmlNodePtr content = dom_child(rep, ARF_NS, "content");
			/* A TestResult is the report's content, or inside a Benchmark that is. */
			xmlNodePtr tr = content ? find_xccdf(content, "TestResult", NULL, 3) : NULL;
			if (!tr)
				continue;
			struct summary_scan **grown = realloc(scans, (n + 1) * sizeof(*scans));
			if (!grown) {
				rc = cscap_err_oom();
				goto fail;
			}
			scans = grown;
			if ((rc = read_scan(&scans[n], path, tr, requests)))
				goto fail;
			n++;
		}
	}
	if (!n)
		return cscap_err(CSCAP_EINVALID, "%s: an ARF report collection without an XCCDF TestResult", path);
	*out = scans;
	*count = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		summary_scan_free(scans[i]);
	free(scans);
	return rc;
}

int summary_read_arf(struct summary_scan ***out, size_t *count, const char *path)
{
	xmlDocPtr doc;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = xml_read_file_or_gzip(&doc, path)))
		return rc;
	rc = scans_from_document(out, count, path, doc);
	xmlFreeDoc(doc);
	return rc;
}
