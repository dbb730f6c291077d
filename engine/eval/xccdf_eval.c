#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "eval/xccdf_eval.h"

static const char *const result_names[XCCDF_RESULT_COUNT] = {
	"pass", "fail", "error", "unknown", "notapplicable", "notchecked", "notselected",
	"informational", "fixed"};

const char *xccdf_result_name(enum xccdf_result r)
{
	return (size_t)r < XCCDF_RESULT_COUNT ? result_names[r] : "error";
}

enum xccdf_result xccdf_result_from_oval(enum oval_result r, enum oval_class cls)
{
	/* For vulnerability and patch definitions "true" means the problem is present. */
	bool true_is_bad = cls == OVAL_CLASS_VULNERABILITY || cls == OVAL_CLASS_PATCH;

	switch (r) {
	case OVAL_RESULT_TRUE: return true_is_bad ? XCCDF_RESULT_FAIL : XCCDF_RESULT_PASS;
	case OVAL_RESULT_FALSE: return true_is_bad ? XCCDF_RESULT_PASS : XCCDF_RESULT_FAIL;
	case OVAL_RESULT_UNKNOWN: return XCCDF_RESULT_UNKNOWN;
	case OVAL_RESULT_ERROR: return XCCDF_RESULT_ERROR;
	case OVAL_RESULT_NOT_EVALUATED: return XCCDF_RESULT_NOTCHECKED;
	case OVAL_RESULT_NOT_APPLICABLE: return XCCDF_RESULT_NOTAPPLICABLE;
	}
	return XCCDF_RESULT_ERROR;
}

struct evaluation {
	struct scan *scan;
	const struct xccdf_benchmark *bench;
	bool *selected;               /* parallel to bench->by_id */
	const struct scan_options *opts;
	struct probe_session *probes;
	struct regex_cache *regexes;
};

static size_t item_index(const struct xccdf_benchmark *b, const struct xccdf_item *it)
{
	size_t lo = 0, hi = b->n_items;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(it->id, b->by_id[mid]->id);
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return (size_t)-1;
}

static int add_message(struct scan *s, struct xccdf_rule_result *rr, const char *severity,
		       const char *text)
{
	struct xccdf_message *grown = arena_calloc(&s->arena, rr->n_messages + 1, sizeof(*grown));
	const char *copy = arena_strdup(&s->arena, text);

	if (!grown || !copy)
		return cscap_err_oom();
	if (rr->n_messages)
		memcpy(grown, rr->messages, rr->n_messages * sizeof(*grown));
	grown[rr->n_messages].severity = severity;
	grown[rr->n_messages].text = copy;
	rr->messages = grown;
	rr->n_messages++;
	return 0;
}

/* Apply a profile and the profiles it extends (base first). */
static int apply_profile(struct evaluation *ev, const struct xccdf_profile *p, int depth)
{
	const struct xccdf_benchmark *b = ev->bench;

	if (depth > 32)
		return cscap_err(CSCAP_EINVALID, "profile %s: 'extends' chain too long or circular", p->id);
	if (p->extends) {
		const struct xccdf_profile *base = xccdf_benchmark_profile(b, p->extends);
		if (!base)
			return cscap_err(CSCAP_ENOTFOUND, "profile %s extends missing profile %s", p->id,
					 p->extends);
		int rc = apply_profile(ev, base, depth + 1);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < p->n_selects; i++) {
		const struct xccdf_item *it = xccdf_benchmark_item(b, p->selects[i].idref);
		if (it)
			ev->selected[item_index(b, it)] = p->selects[i].selected;
	}
	for (size_t i = 0; i < p->n_set_values; i++)
		for (size_t v = 0; v < ev->scan->n_values; v++)
			if (p->set_values[i].idref && strcmp(ev->scan->values[v].id, p->set_values[i].idref) == 0)
				ev->scan->values[v].value = p->set_values[i].value;
	return 0;
}

static bool listed(const char *const *ids, const char *id)
{
	for (size_t i = 0; ids && ids[i]; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static bool rule_selected(const struct evaluation *ev, const struct xccdf_item *rule)
{
	if (ev->opts->only_rules && !listed(ev->opts->only_rules, rule->id))
		return false;
	if (listed(ev->opts->skip_rules, rule->id))
		return false;
	for (const struct xccdf_item *it = rule; it; it = it->parent)
		if (!ev->selected[item_index(ev->bench, it)])
			return false;
	return true;
}

/* A line of evidence for one item: its first entities, name=value. */
static const char *describe_item(struct arena *a, const struct oval_item *item)
{
	char buf[1024];
	size_t len = 0;

	len += (size_t)snprintf(buf, sizeof(buf), "%s", item->type);
	for (size_t i = 0; i < item->n_entities && i < 10 && len < sizeof(buf); i++) {
		const struct oval_item_entity *e = &item->entities[i];
		const char *value = e->status != OVAL_STATUS_EXISTS ? oval_status_name(e->status)
				    : *e->value ? e->value : "(empty)";
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s %s=%s", i ? "," : ":",
					e->name, value);
	}
	return arena_strdup(a, buf);
}

/* Evidence: the messages of every object the definition looked at, and the
 * items that decided a failing or erroneous verdict. */
static int add_evidence(struct evaluation *ev, struct xccdf_rule_result *rr, const struct oval_run *run,
			const struct oval_criteria_node *n)
{
	int rc = 0;

	if (n->kind == OVAL_NODE_CRITERIA) {
		for (size_t i = 0; rc == 0 && i < n->n_children; i++)
			rc = add_evidence(ev, rr, run, &n->children[i]);
		return rc;
	}
	if (n->kind == OVAL_NODE_EXTEND_DEFINITION)
		return n->definition->criteria ? add_evidence(ev, rr, run, n->definition->criteria) : 0;

	const struct oval_test *t = n->test;
	const struct oval_test_result *tr = oval_run_test_result(run, t);
	const struct oval_collected *col = &run->sc.objects[t->object - run->doc->objects];
	for (size_t i = 0; rc == 0 && i < col->n_messages; i++)
		rc = add_message(ev->scan, rr, oval_message_level_name(col->messages[i].level),
				 col->messages[i].text);
	if (rr->result != XCCDF_RESULT_FAIL && rr->result != XCCDF_RESULT_ERROR &&
	    rr->result != XCCDF_RESULT_UNKNOWN)
		return rc;
	for (size_t i = 0; rc == 0 && tr->done && i < tr->n_items; i++) {
		enum oval_result r = tr->items[i].result;
		/* Under "none satisfy" it is the items that do satisfy that are the finding. */
		bool finding = (t->check == OVAL_CHECK_NONE_SATISFY || t->check == OVAL_CHECK_NONE_EXIST)
				       ? r == OVAL_RESULT_TRUE
				       : r != OVAL_RESULT_TRUE && r != OVAL_RESULT_NOT_EVALUATED;
		if (!finding)
			continue;
		const char *line = describe_item(&ev->scan->arena, tr->items[i].item);
		char text[1200];
		if (!line)
			return cscap_err_oom();
		snprintf(text, sizeof(text), "%s (%s)", line, oval_result_name(r));
		rc = add_message(ev->scan, rr, r == OVAL_RESULT_FALSE || r == OVAL_RESULT_TRUE ? "warning" : "error",
				 text);
	}
	return rc;
}

static int run_definition(struct evaluation *ev, const struct oval_document *doc, const struct oval_definition *def,
			  enum xccdf_result *out)
{
	struct oval_run *run = &ev->scan->ovals[content_oval_index(ev->scan->content, doc)];
	enum oval_result r;
	int rc = oval_run_definition(run, def, &r);

	if (rc)
		return rc;
	*out = xccdf_result_from_oval(r, def->class_);
	return 0;
}

/* "AND" over several XCCDF results, for a check-content-ref without a name. */
static enum xccdf_result combine(enum xccdf_result a, enum xccdf_result b)
{
	static const enum xccdf_result order[] = {XCCDF_RESULT_FAIL, XCCDF_RESULT_ERROR,
						  XCCDF_RESULT_UNKNOWN, XCCDF_RESULT_NOTCHECKED,
						  XCCDF_RESULT_NOTAPPLICABLE, XCCDF_RESULT_PASS};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a;
}

/* check-export: the rule's XCCDF Values become the OVAL document's external variables. */
static int bind_exports(struct evaluation *ev, struct xccdf_rule_result *rr,
			const struct xccdf_check *ck, const struct oval_document *doc)
{
	struct oval_run *run = &ev->scan->ovals[content_oval_index(ev->scan->content, doc)];
	char text[512];

	for (size_t i = 0; i < ck->n_exports; i++) {
		const struct xccdf_check_export *ex = &ck->exports[i];
		const char **value = NULL;
		for (size_t v = 0; v < ev->scan->n_values && !value; v++)
			if (ex->value_id && strcmp(ev->scan->values[v].id, ex->value_id) == 0)
				value = &ev->scan->values[v].value;
		if (!value || !ex->export_name) {
			snprintf(text, sizeof(text), "check-export names a missing Value %s",
				 ex->value_id ? ex->value_id : "(none)");
			rr->result = XCCDF_RESULT_ERROR;
			return add_message(ev->scan, rr, "error", text) ? CSCAP_ENOMEM : 1;
		}
		if (oval_run_bind(run, ex->export_name, value, 1) != 0) {
			if (cscap_error_last_code() == CSCAP_ENOMEM)
				return CSCAP_ENOMEM;
			rr->result = XCCDF_RESULT_ERROR;
			return add_message(ev->scan, rr, "error", cscap_error_last()) ? CSCAP_ENOMEM : 1;
		}
	}
	return 0;
}

static int evaluate_oval_check(struct evaluation *ev, struct xccdf_rule_result *rr,
			       const struct xccdf_check *ck)
{
	char text[512];
	int rc;

	for (size_t i = 0; i < ck->n_refs; i++) {
		const struct xccdf_check_ref *ref = &ck->refs[i];
		const struct oval_document *doc = content_oval_for_href(ev->scan->content, ref->href);
		enum xccdf_result res = XCCDF_RESULT_PASS;

		if (!doc)
			continue;
		rr->check = ck;
		rr->oval = doc;
		if ((rc = bind_exports(ev, rr, ck, doc)))
			return rc < 0 ? rc : 0;
		if (ref->name) {
			const struct oval_definition *def = oval_document_definition(doc, ref->name);
			if (!def) {
				rr->result = XCCDF_RESULT_ERROR;
				snprintf(text, sizeof(text), "OVAL definition %s not found in %s", ref->name,
					 ref->href);
				return add_message(ev->scan, rr, "error", text);
			}
			rr->definition_id = def->id;
			if ((rc = run_definition(ev, doc, def, &res)))
				return rc;
			rr->result = res;
			if (def->criteria && (rc = add_evidence(ev, rr, &ev->scan->ovals[content_oval_index(ev->scan->content, doc)], def->criteria)))
				return rc;
		} else {
			/* No name: every definition of the document must hold. */
			for (size_t d = 0; d < doc->n_definitions; d++) {
				enum xccdf_result one;
				if ((rc = run_definition(ev, doc, &doc->definitions[d], &one)))
					return rc;
				res = d == 0 ? one : combine(res, one);
			}
			rr->result = doc->n_definitions ? res : XCCDF_RESULT_UNKNOWN;
		}
		if (ck->negate) {
			if (rr->result == XCCDF_RESULT_PASS)
				rr->result = XCCDF_RESULT_FAIL;
			else if (rr->result == XCCDF_RESULT_FAIL)
				rr->result = XCCDF_RESULT_PASS;
		}
		return 0;
	}
	rr->result = XCCDF_RESULT_ERROR;
	snprintf(text, sizeof(text), "no OVAL document named by the check (first href: %s)",
		 ck->n_refs ? ck->refs[0].href : "none");
	return add_message(ev->scan, rr, "error", text);
}

static int evaluate_rule(struct evaluation *ev, struct xccdf_rule_result *rr)
{
	const struct xccdf_item *rule = rr->rule;
	char text[512];

	if (!rule_selected(ev, rule)) {
		rr->result = XCCDF_RESULT_NOTSELECTED;
		return 0;
	}
	if (rule->role == XCCDF_ROLE_UNCHECKED) {
		rr->result = XCCDF_RESULT_NOTCHECKED;
		return 0;
	}
	for (size_t i = 0; i < rule->n_checks; i++)
		if (strcmp(rule->checks[i].system, XCCDF_SYSTEM_OVAL) == 0)
			return evaluate_oval_check(ev, rr, &rule->checks[i]);
	/* Manual checks (DISA's "M"), OCIL and unknown systems: nothing cscap can run. */
	rr->result = XCCDF_RESULT_NOTCHECKED;
	if (rule->n_checks) {
		snprintf(text, sizeof(text), "check system %s is not supported by cscap",
			 rule->checks[0].system);
		return add_message(ev->scan, rr, "info", text);
	}
	return add_message(ev->scan, rr, "info", "the rule has no check");
}

/* Scores: XCCDF 1.2 section 7.3 models. */
struct tally {
	double score, weight_sum;
	size_t count;
};

static struct tally score_default(const struct evaluation *ev, const struct xccdf_item *it)
{
	struct tally t = {0};

	if (it->kind == XCCDF_ITEM_RULE) {
		const struct xccdf_rule_result *rr = &ev->scan->rules[it->rule_index];
		if (it->role == XCCDF_ROLE_UNSCORED)
			return t;
		switch (rr->result) {
		case XCCDF_RESULT_PASS: case XCCDF_RESULT_FIXED:
			t.score = 100;
			t.count = 1;
			break;
		case XCCDF_RESULT_FAIL: case XCCDF_RESULT_ERROR: case XCCDF_RESULT_UNKNOWN:
			t.count = 1;
			break;
		default:
			break;
		}
		return t;
	}
	double sum = 0, wsum = 0;
	for (size_t i = 0; i < it->n_children; i++) {
		struct tally c = score_default(ev, it->children[i]);
		if (c.count == 0)
			continue;
		t.count++;
		sum += c.score * it->children[i]->weight;
		wsum += it->children[i]->weight;
	}
	t.score = wsum > 0 ? sum / wsum : 0;
	return t;
}

static void compute_scores(struct evaluation *ev)
{
	struct scan *s = ev->scan;
	double sum = 0, wsum = 0, flat = 0, flat_max = 0, unweighted = 0, unweighted_max = 0;
	bool all_pass = true;

	for (size_t i = 0; i < ev->bench->n_top; i++) {
		struct tally c = score_default(ev, ev->bench->top[i]);
		if (c.count == 0)
			continue;
		sum += c.score * ev->bench->top[i]->weight;
		wsum += ev->bench->top[i]->weight;
	}
	for (size_t i = 0; i < s->n_rules; i++) {
		const struct xccdf_rule_result *rr = &s->rules[i];
		if (rr->rule->role == XCCDF_ROLE_UNSCORED)
			continue;
		bool pass = rr->result == XCCDF_RESULT_PASS || rr->result == XCCDF_RESULT_FIXED;
		bool counted = pass || rr->result == XCCDF_RESULT_FAIL ||
			       rr->result == XCCDF_RESULT_ERROR || rr->result == XCCDF_RESULT_UNKNOWN;
		if (!counted)
			continue;
		flat_max += rr->rule->weight;
		unweighted_max += 1;
		if (pass) {
			flat += rr->rule->weight;
			unweighted += 1;
		} else {
			all_pass = false;
		}
	}
	s->scores[0] = (struct xccdf_score){"urn:xccdf:scoring:default", wsum > 0 ? sum / wsum : 0, 100};
	s->scores[1] = (struct xccdf_score){"urn:xccdf:scoring:flat", flat, flat_max};
	s->scores[2] = (struct xccdf_score){"urn:xccdf:scoring:flat-unweighted", unweighted, unweighted_max};
	s->scores[3] = (struct xccdf_score){"urn:xccdf:scoring:absolute", all_pass ? 1 : 0, 1};
	s->n_scores = 4;
}

static int scan_new(struct scan **out, const struct content *c, const struct scan_options *opts,
		    struct probe_session *probes, struct regex_cache *regexes)
{
	struct arena a;
	struct scan *s;

	arena_init(&a);
	s = arena_alloc(&a, sizeof(*s));
	if (!s)
		return cscap_err_oom();
	s->arena = a;
	s->content = c;
	s->start_time = opts->fixed_time ? opts->now : time(NULL);
	s->ovals = calloc(c->n_ovals ? c->n_ovals : 1, sizeof(*s->ovals));
	if (!s->ovals) {
		scan_free(s);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < c->n_ovals; i++) {
		int rc = oval_run_init(&s->ovals[i], c->ovals[i], probes, regexes);
		if (rc) {
			scan_free(s);
			return rc;
		}
		s->n_ovals++;
	}
	*out = s;
	return 0;
}

int scan_run(struct scan **out, const struct content *c, const struct scan_options *opts,
	     struct probe_session *probes, struct regex_cache *regexes)
{
	struct evaluation ev = {0};
	const struct xccdf_benchmark *b = c->benchmark;
	int rc;

	*out = NULL;
	if (!b)
		return cscap_err(CSCAP_EUSAGE, "%s: no XCCDF benchmark to evaluate", c->path);
	const struct xccdf_profile *profile = NULL;
	if (opts->profile_id && !(profile = xccdf_benchmark_profile(b, opts->profile_id)))
		return cscap_err(CSCAP_ENOTFOUND, "%s: no profile '%s' (see `cscap info`)", c->path,
				 opts->profile_id);
	for (size_t i = 0; opts->only_rules && opts->only_rules[i]; i++) {
		const struct xccdf_item *it = xccdf_benchmark_item(b, opts->only_rules[i]);
		if (!it || it->kind != XCCDF_ITEM_RULE)
			return cscap_err(CSCAP_ENOTFOUND, "%s: no rule '%s'", c->path, opts->only_rules[i]);
	}
	if ((rc = scan_new(&ev.scan, c, opts, probes, regexes)))
		return rc;
	ev.bench = b;
	ev.opts = opts;
	ev.probes = probes;
	ev.regexes = regexes;
	ev.scan->profile = profile;
	ev.selected = calloc(b->n_items ? b->n_items : 1, sizeof(*ev.selected));
	ev.scan->values = arena_calloc(&ev.scan->arena, b->n_values ? b->n_values : 1,
				       sizeof(*ev.scan->values));
	ev.scan->rules = arena_calloc(&ev.scan->arena, b->n_rules ? b->n_rules : 1,
				      sizeof(*ev.scan->rules));
	if (!ev.selected || !ev.scan->values || !ev.scan->rules) {
		rc = cscap_err_oom();
		goto out;
	}
	for (size_t i = 0; i < b->n_items; i++)
		ev.selected[i] = b->by_id[i]->selected;
	for (size_t i = 0; i < b->n_values; i++) {
		ev.scan->values[i].id = b->values[i].id;
		ev.scan->values[i].value = b->values[i].value;
	}
	ev.scan->n_values = b->n_values;
	if (profile && (rc = apply_profile(&ev, profile, 0)))
		goto out;
	ev.scan->n_rules = b->n_rules;
	for (size_t i = 0; i < b->n_rules; i++) {
		struct xccdf_rule_result *rr = &ev.scan->rules[i];
		rr->rule = b->rules[i];
		if ((rc = evaluate_rule(&ev, rr)))
			goto out;
		rr->time = opts->fixed_time ? opts->now : time(NULL);
		ev.scan->counts[rr->result]++;
		if (opts->progress && rr->result != XCCDF_RESULT_NOTSELECTED)
			opts->progress(opts->progress_ctx, rr->rule->id, xccdf_result_name(rr->result));
	}
	compute_scores(&ev);
	ev.scan->end_time = opts->fixed_time ? opts->now : time(NULL);
out:
	free(ev.selected);
	if (rc) {
		scan_free(ev.scan);
		return rc;
	}
	*out = ev.scan;
	return 0;
}

int scan_run_oval(struct scan **out, const struct content *c, const struct scan_options *opts,
		  struct probe_session *probes, struct regex_cache *regexes)
{
	struct scan *s;
	int rc;

	*out = NULL;
	if ((rc = scan_new(&s, c, opts, probes, regexes)))
		return rc;
	for (size_t i = 0; i < s->n_ovals; i++)
		if ((rc = oval_run_all(&s->ovals[i]))) {
			scan_free(s);
			return rc;
		}
	s->end_time = opts->fixed_time ? opts->now : time(NULL);
	*out = s;
	return 0;
}

void scan_free(struct scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n_ovals; i++)
		oval_run_release(&s->ovals[i]);
	free(s->ovals);
	struct arena a = s->arena;
	arena_release(&a);
}
