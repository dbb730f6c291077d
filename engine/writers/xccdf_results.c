/* The XCCDF TestResult, alone (inside ARF) or inside a copy of its Benchmark. */
#include <stdio.h>
#include <string.h>

#include "common/error_internal.h"
#include "loader/dom.h"
#include "writers/writers.h"

#define AI_SYSTEM "http://scap.nist.gov/schema/asset-identification/1.1"

const char *testresult_suffix(const struct scan *s)
{
	if (!s->profile)
		return "default";
	const char *p = strstr(s->profile->id, "_profile_");
	return p ? p + 9 : s->profile->id;
}

static void write_fact(struct xmlw *x, const char *name, const char *type, const char *value)
{
	xmlw_start(x, "fact");
	xmlw_attr(x, "name", name);
	xmlw_attr(x, "type", type);
	xmlw_text(x, value);
	xmlw_end(x);
}

static void write_target(struct xmlw *x, const struct write_context *ctx, int version)
{
	const struct host_facts *h = ctx->host;

	xmlw_elem(x, "target", h->fqdn ? h->fqdn : h->hostname);
	for (size_t i = 0; i < h->n_addresses; i++)
		xmlw_elem(x, "target-address", h->addresses[i].address);
	xmlw_start(x, "target-facts");
	write_fact(x, "urn:xccdf:fact:scanner:name", "string", "cscap");
	write_fact(x, "urn:xccdf:fact:scanner:version", "string", ctx->product_version);
	write_fact(x, "urn:xccdf:fact:asset:identifier:host_name", "string", h->hostname);
	if (h->fqdn)
		write_fact(x, "urn:xccdf:fact:asset:identifier:fqdn", "string", h->fqdn);
	for (size_t i = 0; i < h->n_addresses; i++) {
		const struct host_address *a = &h->addresses[i];
		write_fact(x, a->ipv6 ? "urn:xccdf:fact:asset:identifier:ipv6" : "urn:xccdf:fact:asset:identifier:ipv4",
			   "string", a->address);
	}
	/* One MAC fact per interface (addresses are sorted by interface). */
	for (size_t i = 0; i < h->n_addresses; i++) {
		const struct host_address *a = &h->addresses[i];
		if (!a->mac || (i > 0 && strcmp(h->addresses[i - 1].interface, a->interface) == 0))
			continue;
		write_fact(x, "urn:xccdf:fact:asset:identifier:mac", "string", a->mac);
		write_fact(x, "urn:xccdf:fact:ethernet:MAC", "string", a->mac);
	}
	xmlw_end(x);
	if (ctx->asset_id && version == 12) {
		xmlw_start(x, "target-id-ref");
		xmlw_attr(x, "system", AI_SYSTEM);
		xmlw_attr(x, "name", ctx->asset_id);
		xmlw_attr(x, "href", "");
		xmlw_end(x);
	}
}

/*
 * The applied tailoring (XCCDF 1.2 only; SCAP 1.3 RES-388): href, the
 * Tailoring's id, version and version time.  Inside ARF the href is where
 * the ARF carries it (ctx->tailoring_href); in XCCDF results, the data
 * stream's component, else the file.
 */
static void write_tailoring_file(struct xmlw *x, const struct write_context *ctx)
{
	const struct content *c = ctx->scan->content;
	xmlNodePtr version = c->tailoring ? dom_child(c->tailoring, NULL, "version") : NULL;
	xmlChar *id, *time, *number;
	const char *href = ctx->tailoring_href;

	if (!c->tailoring || c->benchmark->xccdf_version != 12)
		return;
	if (!href)
		href = c->tailoring_component_id ? c->tailoring_component_id
			: c->tailoring->doc->URL ? (const char *)c->tailoring->doc->URL : "";
	id = xmlGetProp(c->tailoring, (const xmlChar *)"id");
	time = version ? xmlGetProp(version, (const xmlChar *)"time") : NULL;
	number = version ? xmlNodeGetContent(version) : NULL;
	xmlw_start(x, "tailoring-file");
	xmlw_attr(x, "href", href);
	xmlw_attr(x, "id", id ? (const char *)id : "");
	xmlw_attr(x, "version", number ? (const char *)number : "");
	xmlw_attr(x, "time", time ? (const char *)time : "");
	xmlw_end(x);
	xmlFree(id);
	xmlFree(time);
	xmlFree(number);
}

/*
 * One <check>.  In ARF its check-content-ref points at the OVAL report the
 * check produced ("#oval0"), so a reader can follow a verdict to its
 * evidence; a check that produced no report is left out there.
 */
static void write_one_check(struct xmlw *x, const struct scan *s, const struct xccdf_check *ck,
			    const struct oval_document *doc, const char *name, bool multi, bool in_arf)
{
	char href[32];

	if (in_arf && !doc)
		return;
	xmlw_start(x, "check");
	xmlw_attr(x, "system", ck->system);
	if (ck->negate)
		xmlw_attr(x, "negate", "true");
	if (multi)
		xmlw_attr(x, "multi-check", "true");
	for (size_t i = 0; i < ck->n_exports; i++) {
		xmlw_start(x, "check-export");
		xmlw_attr(x, "value-id", ck->exports[i].value_id);
		xmlw_attr(x, "export-name", ck->exports[i].export_name);
		xmlw_end(x);
	}
	xmlw_start(x, "check-content-ref");
	if (in_arf) {
		oval_report_id(href, (size_t)content_oval_index(s->content, doc));
		xmlw_attrf(x, "href", "#%s", href);
	} else {
		xmlw_attr(x, "href", ck->n_refs ? ck->refs[0].href : "");
	}
	if (name)
		xmlw_attr(x, "name", name);
	xmlw_end(x);
	xmlw_end(x);
}

/* The OVAL document a check of a complex-check ran against; NULL for other systems. */
static const struct oval_document *leaf_document(const struct scan *s, const struct xccdf_check *ck)
{
	if (strcmp(ck->system, XCCDF_SYSTEM_OVAL) != 0 || !ck->n_refs)
		return NULL;
	return content_oval_for_href(s->content, ck->refs[0].href);
}

/* Does the complex-check hold a check that is written (in ARF: one with a report)? */
static bool complex_has_leaf(const struct scan *s, const struct xccdf_complex_check *cc, bool in_arf)
{
	for (size_t i = 0; i < cc->n_checks; i++)
		if (!in_arf || leaf_document(s, &cc->checks[i]))
			return true;
	for (size_t i = 0; i < cc->n_children; i++)
		if (complex_has_leaf(s, &cc->children[i], in_arf))
			return true;
	return false;
}

static void write_complex(struct xmlw *x, const struct scan *s, const struct xccdf_complex_check *cc,
			  bool in_arf)
{
	if (!complex_has_leaf(s, cc, in_arf))
		return;
	xmlw_start(x, "complex-check");
	xmlw_attr(x, "operator", cc->is_or ? "OR" : "AND");
	if (cc->negate)
		xmlw_attr(x, "negate", "true");
	for (size_t i = 0; i < cc->n_checks; i++) {
		const struct xccdf_check *ck = &cc->checks[i];
		write_one_check(x, s, ck, leaf_document(s, ck), ck->n_refs ? ck->refs[0].name : NULL, false,
				in_arf);
	}
	for (size_t i = 0; i < cc->n_children; i++)
		write_complex(x, s, &cc->children[i], in_arf);
	xmlw_end(x);
}

/* part: rr is one definition's result of a multi-check. */
static void write_check(struct xmlw *x, const struct scan *s, const struct xccdf_rule_result *rr,
			bool part, bool in_arf)
{
	const struct xccdf_complex_check *cc = rr->rule->complex_check;

	if (rr->check) {
		write_one_check(x, s, rr->check, rr->oval, rr->definition_id, part, in_arf);
		return;
	}
	/* A complex-check that ran: its checks, each pointing at its own evidence. */
	if (cc && rr->result != XCCDF_RESULT_NOTSELECTED && rr->result != XCCDF_RESULT_NOTAPPLICABLE &&
	    rr->result != XCCDF_RESULT_NOTCHECKED)
		write_complex(x, s, cc, in_arf);
}

static void write_one_rule_result(struct xmlw *x, const struct write_context *ctx,
				  const struct xccdf_rule_result *rr, bool part, bool in_arf)
{
	const struct scan *s = ctx->scan;
	const struct xccdf_item *rule = rr->rule;
	const char *idref = rule->id;
	char when[32], stig_id[128];

	/* STIG Viewer matches results to its checklist by DISA's rule id. */
	if (ctx->stig_ids && stig_rule_id(rule, stig_id, sizeof(stig_id)))
		idref = stig_id;
	xmlw_time_string(when, rr->time);
	xmlw_start(x, "rule-result");
	xmlw_attr(x, "idref", idref);
	xmlw_attr(x, "role", xccdf_role_name(rr->role));
	xmlw_attr(x, "severity", xccdf_severity_name(rr->severity));
	xmlw_attr(x, "time", when);
	if (rule->version)
		xmlw_attr(x, "version", rule->version);
	xmlw_attrf(x, "weight", "%.1f", rr->weight);
	xmlw_elem(x, "result", xccdf_result_name(rr->result));
	for (size_t i = 0; i < rule->n_idents; i++) {
		xmlw_start(x, "ident");
		xmlw_attr(x, "system", rule->idents[i].system);
		xmlw_text(x, rule->idents[i].value);
		xmlw_end(x);
	}
	for (size_t i = 0; i < rr->n_messages; i++) {
		xmlw_start(x, "message");
		xmlw_attr(x, "severity", rr->messages[i].severity);
		xmlw_text(x, rr->messages[i].text);
		xmlw_end(x);
	}
	write_check(x, s, rr, part, in_arf);
	xmlw_end(x);
}

/*
 * A multi-check rule is one rule-result per definition (XCCDF 1.2, 6.4.4.4),
 * each naming its definition.  STIG Viewer takes one verdict per rule: it
 * gets the rule's combined result, whose messages give each definition's.
 */
static void write_rule_result(struct xmlw *x, const struct write_context *ctx,
			      const struct xccdf_rule_result *rr, bool in_arf)
{
	if (!rr->n_parts || ctx->stig_ids) {
		write_one_rule_result(x, ctx, rr, false, in_arf);
		return;
	}
	for (size_t i = 0; i < rr->n_parts; i++)
		write_one_rule_result(x, ctx, &rr->parts[i], true, in_arf);
}

void write_testresult(struct xmlw *x, const struct write_context *ctx, bool in_arf)
{
	const struct scan *s = ctx->scan;
	const struct xccdf_benchmark *b = s->content->benchmark;
	char start[32], end[32];

	xmlw_time_string(start, s->start_time);
	xmlw_time_string(end, s->end_time);
	xmlw_start(x, "TestResult");
	xmlw_attr(x, "xmlns", b->ns);
	xmlw_attrf(x, "id", TESTRESULT_ID_FORMAT, testresult_suffix(s));
	xmlw_attr(x, "start-time", start);
	xmlw_attr(x, "end-time", end);
	xmlw_attr(x, "version", b->version ? b->version : "");
	xmlw_attrf(x, "test-system", "cpe:/a:cscap:cscap:%s", ctx->product_version);
	xmlw_start(x, "benchmark");
	if (s->content->checklist_component_id)
		xmlw_attr(x, "href", s->content->checklist_component_id);
	else
		xmlw_attr(x, "href", s->content->path);
	if (b->xccdf_version == 12)
		xmlw_attr(x, "id", b->id);
	xmlw_end(x);
	write_tailoring_file(x, ctx);
	xmlw_elem(x, "title", "cscap scan result");
	xmlw_start(x, "identity");
	xmlw_attr(x, "authenticated", "false");
	xmlw_attr(x, "privileged", ctx->host->privileged ? "true" : "false");
	xmlw_text(x, ctx->host->user);
	xmlw_end(x);
	if (s->profile) {
		xmlw_start(x, "profile");
		xmlw_attr(x, "idref", s->profile->id);
		xmlw_end(x);
	}
	write_target(x, ctx, b->xccdf_version);
	for (size_t i = 0; i < s->n_values; i++) {
		xmlw_start(x, "set-value");
		xmlw_attr(x, "idref", s->values[i].id);
		xmlw_text(x, s->values[i].value);
		xmlw_end(x);
	}
	for (size_t i = 0; i < s->n_rules; i++)
		write_rule_result(x, ctx, &s->rules[i], in_arf);
	for (size_t i = 0; i < s->n_scores; i++) {
		xmlw_start(x, "score");
		xmlw_attr(x, "system", s->scores[i].system);
		xmlw_attrf(x, "maximum", "%.6f", s->scores[i].maximum);
		char v[64];
		snprintf(v, sizeof(v), "%.6f", s->scores[i].score);
		xmlw_text(x, v);
		xmlw_end(x);
	}
	xmlw_end(x);
}

static void results_body(struct xmlw *x, const void *arg)
{
	const struct write_context *ctx = arg;

	/* The benchmark as loaded, with the TestResult added at its end. */
	xmlw_copy_open(x, ctx->scan->content->benchmark->node);
	write_testresult(x, ctx, false);
	xmlw_end(x);
}

int xccdf_results_write(const struct write_context *ctx, const char *path)
{
	if (!ctx->scan->content->benchmark)
		return cscap_err(CSCAP_EUSAGE, "%s: XCCDF results need an XCCDF benchmark", path);
	return write_file_atomically(path, results_body, ctx);
}
