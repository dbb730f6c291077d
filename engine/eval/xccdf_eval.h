/*
 * XCCDF evaluation: select rules (profile), run each rule's check through
 * its check system, map the outcome to an XCCDF result, and score.
 */
#ifndef CSCAP_XCCDF_EVAL_H
#define CSCAP_XCCDF_EVAL_H

#include <stdbool.h>
#include <time.h>

#include "eval/oval_eval.h"
#include "model/content.h"

enum xccdf_result {
	XCCDF_RESULT_PASS,
	XCCDF_RESULT_FAIL,
	XCCDF_RESULT_ERROR,
	XCCDF_RESULT_UNKNOWN,
	XCCDF_RESULT_NOTAPPLICABLE,
	XCCDF_RESULT_NOTCHECKED,
	XCCDF_RESULT_NOTSELECTED,
	XCCDF_RESULT_INFORMATIONAL,
	XCCDF_RESULT_FIXED,
};
#define XCCDF_RESULT_COUNT 9

struct xccdf_message {
	const char *severity; /* info, warning, error */
	const char *text;
};

struct xccdf_rule_result {
	const struct xccdf_item *rule;
	enum xccdf_result result;
	/* The rule's attributes as the profile refined them (refine-rule). */
	enum xccdf_role role;
	enum xccdf_severity severity;
	double weight;
	const char *check_selector;          /* NULL: the default check */
	const struct xccdf_check *check;     /* the check used; NULL when none applied */
	const struct oval_document *oval;    /* for OVAL checks */
	const char *definition_id;
	struct xccdf_message *messages;      /* evidence, in the scan's arena */
	size_t n_messages, cap_messages;
	time_t time;
	/* multi-check (XCCDF 1.2, 6.4.4.4): one result per definition of the
	 * OVAL document, in document order, each with its own definition_id,
	 * result and messages; the fields above then hold their AND (the one
	 * verdict per rule that counts, scores and checklists use), and the
	 * messages say each definition's result.  NULL and 0 otherwise; in the
	 * scan's arena. */
	struct xccdf_rule_result *parts;
	size_t n_parts;
};

struct xccdf_score {
	const char *system;
	double score;
	double maximum;
};

struct scan_options {
	const char *profile_id;  /* NULL: the benchmark's defaults */
	bool fixed_time;         /* use `now` for every timestamp (reproducible output) */
	time_t now;
	const char *const *only_rules; /* NULL-terminated; when set, every other rule is notselected */
	const char *const *skip_rules; /* NULL-terminated; these rules are notselected */
	void (*progress)(void *ctx, const char *rule_id, const char *result);
	void *progress_ctx;
	const struct plugin_registry *plugins; /* check engines beyond OVAL (borrowed); may be NULL */
};

struct scan {
	struct arena arena;                /* owns messages and the arrays below */
	const struct content *content;     /* borrowed */
	const struct xccdf_profile *profile; /* NULL: defaults */
	time_t start_time, end_time;
	struct xccdf_rule_result *rules;   /* parallel to benchmark->rules */
	size_t n_rules;
	struct oval_run *ovals;            /* owned runs, parallel to content->ovals */
	size_t n_ovals;
	size_t counts[XCCDF_RESULT_COUNT];
	struct xccdf_score scores[4];      /* default, flat, flat-unweighted, absolute */
	size_t n_scores;
	struct { const char *id; const char *value; } *values; /* resolved Values, document order */
	size_t n_values;
};

/* Evaluate c's benchmark.  *out freed with scan_free().  Fails for bad
 * arguments (unknown profile) or out of memory; what a probe cannot see ends
 * up in rule results, not here. */
int scan_run(struct scan **out, const struct content *c, const struct scan_options *opts,
	     struct probe_session *probes, struct regex_cache *regexes);
/* Evaluate every definition of OVAL-only content. */
int scan_run_oval(struct scan **out, const struct content *c, const struct scan_options *opts,
		  struct probe_session *probes, struct regex_cache *regexes);
void scan_free(struct scan *s);

const char *xccdf_result_name(enum xccdf_result r);
/* The XCCDF result an OVAL definition result means for a definition of class cls. */
enum xccdf_result xccdf_result_from_oval(enum oval_result r, enum oval_class cls);

#endif
