/* The checklist model: DISA's rules (or cscap's) with cscap's verdicts matched in. */
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "loader/dom.h"
#include "writers/checklist.h"
#include "writers/writers.h"

#define DC_NS "http://purl.org/dc/elements/1.1/"

/* ---- ids ---------------------------------------------------------------- */

/* The text of a <reference>'s dc:identifier (or of the reference itself) that ok() accepts. */
static const char *reference_id(struct arena *a, const xmlNode *rule, bool (*ok)(const char *))
{
	const char *ns = dom_ns(rule);

	DOM_FOREACH(ref, rule, ns, "reference") {
		xmlNodePtr id = dom_child(ref, DC_NS, "identifier");
		const char *text = dom_text(a, id ? id : ref);
		if (text && ok(text))
			return text;
	}
	return NULL;
}

/* The vulnerability id of a rule: its reference, else its Group's id (DISA's, or cscap's "..._group_V-"). */
static const char *vuln_id(struct arena *a, const xmlNode *rule)
{
	const char *v = reference_id(a, rule, stig_is_vuln_id);
	const xmlNode *group = rule->parent;
	const char *gid, *p;

	if (v)
		return v;
	if (!group || !dom_is(group, dom_ns(rule), "Group") || !(gid = dom_attr(a, group, "id")))
		return NULL;
	if (stig_is_vuln_id(gid))
		return gid;
	p = strstr(gid, "_group_V-");
	return p && stig_is_vuln_id(p + 7) ? p + 7 : NULL;
}

/* DISA's rule id: a reference, an ident, or the rule's own id. */
static const char *sv_id(struct arena *a, const xmlNode *rule)
{
	const char *ns = dom_ns(rule);
	const char *sv = reference_id(a, rule, stig_is_rule_id);

	if (sv)
		return sv;
	DOM_FOREACH(ident, rule, ns, "ident") {
		const char *text = dom_text(a, ident);
		if (text && stig_is_rule_id(text))
			return text;
	}
	return stig_rule_id_in(dom_attr(a, rule, "id"));
}

const struct xccdf_rule_result *checklist_match(const struct scan *scan, const char *rule_id,
						 const char *vuln_num, const char *rule_ver, bool *revision)
{
	const struct xccdf_rule_result *by_revision = NULL, *by_vuln = NULL, *by_version = NULL;
	struct arena a;

	*revision = false;
	arena_init(&a);
	for (size_t i = 0; i < scan->n_rules; i++) {
		const struct xccdf_rule_result *rr = &scan->rules[i];
		const xmlNode *node = rr->rule->node;
		const char *sv = node ? sv_id(&a, node) : stig_rule_id_in(rr->rule->id);
		const char *v = node ? vuln_id(&a, node) : NULL;
		enum stig_match m = rule_id && sv ? stig_rule_id_match(rule_id, sv) : STIG_MATCH_NONE;

		if (m == STIG_MATCH_EXACT) {
			arena_release(&a);
			return rr;
		}
		if (m == STIG_MATCH_REVISION && !by_revision)
			by_revision = rr;
		if (vuln_num && v && strcmp(vuln_num, v) == 0 && !by_vuln)
			by_vuln = rr;
		if (rule_ver && rr->rule->version && strcmp(rule_ver, rr->rule->version) == 0 && !by_version)
			by_version = rr;
	}
	arena_release(&a);
	if (by_revision) {
		*revision = true;
		return by_revision;
	}
	if (by_vuln || by_version) {
		/* Matched by the vulnerability id or the version: the rule ids differ, whatever the reason. */
		*revision = rule_id != NULL;
		return by_vuln ? by_vuln : by_version;
	}
	return NULL;
}

/* ---- uuids -------------------------------------------------------------- */

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h * 0x100000001b3ULL ^ 0xff; /* separates ("ab","c") from ("a","bc") */
}

void checklist_uuid(char out[37], const char *a, const char *b, const char *c)
{
	uint64_t hi = fnv1a(fnv1a(fnv1a(0xcbf29ce484222325ULL, a), b), c);
	uint64_t lo = fnv1a(fnv1a(fnv1a(0x84222325cbf29ce4ULL, c), b), a);

	/* RFC 9562 version 8 (custom), variant 10. */
	hi = (hi & ~0xf000ULL) | 0x8000ULL;
	lo = (lo & ~(3ULL << 62)) | (2ULL << 62);
	snprintf(out, 37, "%08x-%04x-%04x-%04x-%012llx", (unsigned)(hi >> 32), (unsigned)(hi >> 16) & 0xffff,
		 (unsigned)hi & 0xffff, (unsigned)(lo >> 48), (unsigned long long)(lo & 0xffffffffffffULL));
}

/* ---- one rule ----------------------------------------------------------- */

/* The text between <tag> and </tag> in DISA's description, or "". */
static const char *disa_part(struct arena *a, const char *desc, const char *tag)
{
	char open[64], close[64];
	const char *start, *end;

	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	if (!desc || !(start = strstr(desc, open)))
		return "";
	start += strlen(open);
	if (!(end = strstr(start, close)))
		return "";
	return arena_strndup(a, start, (size_t)(end - start));
}

static int collect_idents(struct arena *a, const xmlNode *rule, const char *kind, const char ***out, size_t *n)
{
	const char *ns = dom_ns(rule);
	size_t count = 0;

	DOM_FOREACH(ident, rule, ns, "ident") {
		const char *system = dom_attr(a, ident, "system");
		if (system && strstr(system, kind))
			count++;
	}
	*out = arena_calloc(a, count ? count : 1, sizeof(**out));
	if (!*out)
		return cscap_err_oom();
	*n = 0;
	DOM_FOREACH(ident, rule, ns, "ident") {
		const char *system = dom_attr(a, ident, "system");
		if (system && strstr(system, kind) && !((*out)[(*n)++] = dom_text(a, ident)))
			return cscap_err_oom();
	}
	return 0;
}

static const char *text_or_empty(struct arena *a, const xmlNode *parent, const char *ns, const char *name)
{
	const char *t = dom_child_text(a, parent, ns, name);
	return t ? t : "";
}

static int describe_rule(struct arena *a, struct checklist_rule *cr, const xmlNode *group, const xmlNode *rule)
{
	const char *ns = dom_ns(rule);
	const char *desc = text_or_empty(a, rule, ns, "description");
	xmlNodePtr check = dom_child(rule, ns, "check");
	xmlNodePtr ref = check ? dom_child(check, ns, "check-content-ref") : NULL;
	int rc;

	cr->rule_id = sv_id(a, rule);
	if (!cr->rule_id)
		cr->rule_id = dom_attr(a, rule, "id");
	cr->vuln_num = vuln_id(a, rule);
	if (!cr->vuln_num)
		cr->vuln_num = cr->rule_id;
	cr->rule_ver = text_or_empty(a, rule, ns, "version");
	cr->severity = dom_attr(a, rule, "severity");
	if (!cr->severity)
		cr->severity = "unknown";
	cr->weight = dom_attr(a, rule, "weight");
	if (!cr->weight)
		cr->weight = "1.0";
	cr->group_title = group ? text_or_empty(a, group, ns, "title") : "";
	cr->group_description = group ? text_or_empty(a, group, ns, "description") : "";
	cr->rule_title = text_or_empty(a, rule, ns, "title");
	if (strstr(desc, "<VulnDiscussion>")) {
		cr->discussion = disa_part(a, desc, "VulnDiscussion");
		cr->false_positives = disa_part(a, desc, "FalsePositives");
		cr->false_negatives = disa_part(a, desc, "FalseNegatives");
		cr->documentable = disa_part(a, desc, "Documentable");
		cr->mitigations = disa_part(a, desc, "Mitigations");
		cr->severity_override_guidance = disa_part(a, desc, "SeverityOverrideGuidance");
		cr->potential_impact = disa_part(a, desc, "PotentialImpacts");
		cr->third_party_tools = disa_part(a, desc, "ThirdPartyTools");
		cr->mitigation_control = disa_part(a, desc, "MitigationControl");
		cr->responsibility = disa_part(a, desc, "Responsibility");
		cr->ia_controls = disa_part(a, desc, "IAControls");
	} else {
		cr->discussion = desc;
		cr->false_positives = cr->false_negatives = cr->mitigations = "";
		cr->severity_override_guidance = cr->potential_impact = cr->third_party_tools = "";
		cr->mitigation_control = cr->responsibility = cr->ia_controls = "";
		cr->documentable = "false";
	}
	cr->check_content = check ? text_or_empty(a, check, ns, "check-content") : "";
	cr->fix_text = text_or_empty(a, rule, ns, "fixtext");
	cr->check_ref_href = ref ? dom_attr(a, ref, "href") : NULL;
	cr->check_ref_name = ref ? dom_attr(a, ref, "name") : NULL;
	if ((rc = collect_idents(a, rule, "legacy", &cr->legacy_ids, &cr->n_legacy_ids)) ||
	    (rc = collect_idents(a, rule, "cci", &cr->ccis, &cr->n_ccis)))
		return rc;
	return 0;
}

/* The evidence: cscap's verdict, then its messages ("warning: ..." for those that are not info). */
static const char *finding_details(struct arena *a, const struct xccdf_rule_result *rr)
{
	size_t len = 64;
	char *out, *p;

	for (size_t i = 0; i < rr->n_messages; i++)
		len += strlen(rr->messages[i].text) + strlen(rr->messages[i].severity) + 4;
	if (!(out = arena_alloc(a, len)))
		return NULL;
	p = out + snprintf(out, len, "cscap result: %s", xccdf_result_name(rr->result));
	for (size_t i = 0; i < rr->n_messages; i++) {
		bool info = strcmp(rr->messages[i].severity, "info") == 0;
		p += snprintf(p, len - (size_t)(p - out), "\n%s%s%s", info ? "" : rr->messages[i].severity,
			      info ? "" : ": ", rr->messages[i].text);
	}
	return out;
}

static void answer_rule(struct checklist *cl, struct checklist_rule *cr, const struct scan *scan,
			const struct xccdf_rule_result *rr, bool revision, const char *testresult)
{
	struct arena *a = &cl->arena;
	const char *own = rr ? stig_rule_id_in(rr->rule->id) : NULL;
	char own_sv[128] = "";

	if (rr && rr->rule->node) {
		struct arena tmp;
		arena_init(&tmp);
		const char *sv = sv_id(&tmp, rr->rule->node);
		snprintf(own_sv, sizeof(own_sv), "%s", sv ? sv : own ? own : rr->rule->id);
		arena_release(&tmp);
	}
	if (!rr) {
		cr->status = STIG_NOT_REVIEWED;
		cr->finding_details = "";
		cr->comments = arena_sprintf(a, "%s has no check for this rule; to be reviewed by hand.", cl->tool);
		return;
	}
	cr->status = stig_status_from_result(rr->result);
	cr->answered = cr->status != STIG_NOT_REVIEWED;
	cr->finding_details = rr->result == XCCDF_RESULT_NOTSELECTED ? "" : finding_details(a, rr);
	const char *how = "";
	if (revision) {
		cl->n_revision_mismatch++;
		how = arena_sprintf(a, " Matched by rule number: cscap's content names this rule %s, this checklist %s"
				    " (another revision of DISA's rule; check that the requirement is unchanged).",
				    own_sv, cr->rule_id);
	}
	if (rr->result == XCCDF_RESULT_NOTSELECTED)
		cr->comments = arena_sprintf(a, "Not evaluated by %s at %s: the rule is not selected in %s (TestResult %s).%s",
					     cl->tool, cl->time, scan->profile ? scan->profile->id : "the benchmark's defaults",
					     testresult, how ? how : "");
	else if (!cr->answered)
		cr->comments = arena_sprintf(a, "%s at %s could not decide this rule (result %s, TestResult %s, rule %s);"
					     " to be reviewed by hand.%s", cl->tool, cl->time,
					     xccdf_result_name(rr->result), testresult, rr->rule->id, how ? how : "");
	else
		cr->comments = arena_sprintf(a, "Evaluated automatically by %s at %s: %s (TestResult %s, rule %s).%s",
					     cl->tool, cl->time, xccdf_result_name(rr->result), testresult,
					     rr->rule->id, how ? how : "");
	if (cr->answered)
		cl->n_answered++;
}

/* ---- the whole checklist ------------------------------------------------ */

struct walk {
	struct checklist *cl;
	const struct scan *scan;
	bool disa;                 /* rules from DISA's benchmark (matched), else cscap's own */
	const char *testresult;
	size_t cap;
};

static int add_rule(struct walk *w, const xmlNode *group, const xmlNode *rule)
{
	struct checklist *cl = w->cl;
	struct arena *a = &cl->arena;
	const struct xccdf_rule_result *rr = NULL;
	bool revision = false;
	char uuid[37];
	int rc;

	if (cl->n_rules == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 128;
		struct checklist_rule *grown = arena_calloc(a, cap, sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		if (cl->n_rules)
			memcpy(grown, cl->rules, cl->n_rules * sizeof(*grown));
		cl->rules = grown;
		w->cap = cap;
	}
	struct checklist_rule *cr = &cl->rules[cl->n_rules++];
	if ((rc = describe_rule(a, cr, group, rule)))
		return rc;
	if (w->disa) {
		rr = checklist_match(w->scan, cr->rule_id, cr->vuln_num, cr->rule_ver, &revision);
	} else {
		const struct xccdf_item *it = xccdf_benchmark_item(w->scan->content->benchmark,
								   dom_attr(a, rule, "id"));
		rr = it && it->kind == XCCDF_ITEM_RULE ? &w->scan->rules[it->rule_index] : NULL;
	}
	answer_rule(cl, cr, w->scan, rr, revision, w->testresult);
	checklist_uuid(uuid, cl->uuid, cr->rule_id, cl->host_name);
	cr->uuid = arena_strdup(a, uuid);
	return cr->uuid && cr->comments && cr->finding_details ? 0 : cscap_err_oom();
}

static int walk_items(struct walk *w, const xmlNode *parent)
{
	const char *ns = dom_ns(parent);
	int rc;

	for (xmlNodePtr n = parent->children; n; n = n->next) {
		if (dom_is(n, ns, "Rule") && (rc = add_rule(w, dom_is(parent, ns, "Group") ? parent : NULL, n)))
			return rc;
		if (dom_is(n, ns, "Group") && (rc = walk_items(w, n)))
			return rc;
	}
	return 0;
}

/* The DPMS target key DISA puts in each rule's reference. */
static const char *target_key(struct arena *a, const xmlNode *bench)
{
	for (xmlNodePtr n = bench->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (dom_is(n, dom_ns(bench), "Rule")) {
			DOM_FOREACH(ref, n, dom_ns(bench), "reference") {
				const char *type = dom_child_text(a, ref, DC_NS, "type");
				if (type && strcmp(type, "DPMS Target") == 0)
					return dom_child_text(a, ref, DC_NS, "identifier");
			}
		}
		const char *k = dom_is(n, dom_ns(bench), "Group") ? target_key(a, n) : NULL;
		if (k)
			return k;
	}
	return NULL;
}

static const char *plain_text(struct arena *a, const xmlNode *bench, const char *id)
{
	DOM_FOREACH(pt, bench, dom_ns(bench), "plain-text") {
		const char *pid = dom_attr(a, pt, "id");
		if (pid && strcmp(pid, id) == 0)
			return dom_text(a, pt);
	}
	return NULL;
}

static int describe_stig(struct checklist *cl, const xmlNode *bench, const char *path)
{
	struct arena *a = &cl->arena;
	const char *ns = dom_ns(bench);
	xmlNodePtr notice = dom_child(bench, ns, "notice");
	xmlNodePtr ref = dom_child(bench, ns, "reference");
	char *copy = strdup(path), uuid[37];
	const char *suffix = " Security Technical Implementation Guide";

	if (!copy)
		return cscap_err_oom();
	cl->filename = arena_strdup(a, basename(copy));
	free(copy);
	cl->stig_id = dom_attr(a, bench, "id");
	cl->title = text_or_empty(a, bench, ns, "title");
	cl->version = text_or_empty(a, bench, ns, "version");
	cl->release_info = plain_text(a, bench, "release-info");
	if (!cl->release_info)
		cl->release_info = arena_sprintf(a, "Version %s", cl->version);
	cl->description = text_or_empty(a, bench, ns, "description");
	cl->notice = notice ? dom_attr(a, notice, "id") : NULL;
	cl->source = ref ? dom_child_text(a, ref, DC_NS, "source") : NULL;
	cl->classification = "UNCLASSIFIED";
	cl->target_key = target_key(a, bench);
	size_t tl = strlen(cl->title), sl = strlen(suffix);
	cl->display_name = tl > sl && strcmp(cl->title + tl - sl, suffix) == 0 ? arena_strndup(a, cl->title, tl - sl)
									     : cl->title;
	cl->stig_ref = arena_sprintf(a, "%s :: Version %s, %s", cl->title, cl->version, cl->release_info);
	checklist_uuid(uuid, cl->stig_id, cl->version, cl->release_info);
	cl->uuid = arena_strdup(a, uuid);
	return cl->stig_id && cl->filename && cl->stig_ref && cl->uuid && cl->display_name ? 0 : cscap_err_oom();
}

/* The address a checklist names: the first IPv4 address with a MAC, else the first one. */
static void describe_asset(struct checklist *cl, const struct host_facts *h)
{
	const struct host_address *pick = NULL;

	for (size_t i = 0; i < h->n_addresses && !pick; i++)
		if (!h->addresses[i].ipv6 && h->addresses[i].mac)
			pick = &h->addresses[i];
	for (size_t i = 0; i < h->n_addresses && !pick; i++)
		if (!h->addresses[i].ipv6)
			pick = &h->addresses[i];
	if (!pick && h->n_addresses)
		pick = &h->addresses[0];
	cl->role = "Member Server";
	cl->asset_type = "Computing";
	cl->tech_area = "UNIX OS";
	cl->host_name = h->hostname;
	cl->host_fqdn = h->fqdn ? h->fqdn : "";
	cl->host_ip = pick ? pick->address : "";
	cl->host_mac = pick && pick->mac ? pick->mac : "";
	cl->target_comment = "";
}

int checklist_build(struct checklist **out, const struct scan *scan, const struct host_facts *host,
		    xmlDocPtr stig, const char *stig_path, const char *product_version)
{
	struct arena a;
	struct checklist *cl;
	const xmlNode *bench;
	char when[32];
	const char *testresult;
	int rc;

	*out = NULL;
	if (!scan->content->benchmark)
		return cscap_err(CSCAP_EUSAGE, "a checklist needs an XCCDF benchmark");
	bench = stig ? xmlDocGetRootElement(stig) : scan->content->benchmark->node;
	if (!bench || !dom_is(bench, dom_ns(bench), "Benchmark") ||
	    (strcmp(dom_ns(bench), XCCDF11_NS) != 0 && strcmp(dom_ns(bench), XCCDF12_NS) != 0))
		return cscap_err(CSCAP_EINVALID, "%s: not an XCCDF 1.1 or 1.2 Benchmark",
				 stig ? stig_path : scan->content->path);
	arena_init(&a);
	cl = arena_alloc(&a, sizeof(*cl));
	if (!cl) {
		arena_release(&a);
		return cscap_err_oom();
	}
	cl->arena = a;
	xmlw_time_string(when, scan->end_time);
	cl->time = arena_strdup(&cl->arena, when);
	cl->tool = arena_sprintf(&cl->arena, "cscap %s", product_version);
	describe_asset(cl, host);
	if ((rc = describe_stig(cl, bench, stig ? stig_path : scan->content->path)))
		goto fail;
	if (!(testresult = arena_sprintf(&cl->arena, TESTRESULT_ID_FORMAT, testresult_suffix(scan)))) {
		rc = cscap_err_oom();
		goto fail;
	}
	struct walk w = {cl, scan, stig != NULL, testresult, 0};
	if ((rc = walk_items(&w, bench)))
		goto fail;
	if (!cl->time || !cl->tool) {
		rc = cscap_err_oom();
		goto fail;
	}
	*out = cl;
	return 0;
fail:
	checklist_free(cl);
	return rc;
}

void checklist_free(struct checklist *c)
{
	if (!c)
		return;
	struct arena a = c->arena;
	arena_release(&a);
}
