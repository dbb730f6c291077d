/*
 * The collection of scans behind `cscap summary`: scans kept sorted (host,
 * start time, file), the rules shown worked out again from the sorted scans
 * whenever a file is added, so the output never depends on the order of the
 * files given.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "common/options_abi.h"
#include "summary/summary.h"

/* The size of cscap_summary_options in each layout (index: ABI - 1). */
static const size_t options_sizes[] = {sizeof(cscap_summary_options)};
_Static_assert(sizeof(options_sizes) / sizeof(options_sizes[0]) == CSCAP_SUMMARY_OPTIONS_ABI,
	       "a size for every summary options ABI");
static const struct options_layouts options_layouts = {
	"cscap_summary_options_init", "summary options", options_sizes, CSCAP_SUMMARY_OPTIONS_ABI,
};

int cscap_summary_options_init_abi(cscap_summary_options *opts, unsigned int abi)
{
	return options_abi_init(&options_layouts, opts, abi);
}

int cscap_summary_new(cscap_summary **out, const cscap_summary_options *opts)
{
	cscap_summary *sum;
	cscap_summary_options o;
	size_t n = 0;
	int rc;

	*out = NULL;
	/* The caller's layout, read as this library's (later fields zero). */
	if (opts && (rc = options_abi_import(&options_layouts, &o, sizeof(o), opts)))
		return rc;
	if (opts)
		opts = &o;
	if (!(sum = calloc(1, sizeof(*sum))))
		return cscap_err_oom();
	if (opts) {
		sum->latest = opts->latest != 0;
		for (; opts->rules && opts->rules[n]; n++)
			;
	}
	if (opts && opts->rules) {
		if (!(sum->filter = calloc(n + 1, sizeof(*sum->filter))))
			goto oom;
		for (size_t i = 0; i < n; i++)
			if (!(sum->filter[i] = strdup(opts->rules[i])))
				goto oom;
	}
	*out = sum;
	return 0;
oom:
	cscap_summary_free(sum);
	return cscap_err_oom();
}

void cscap_summary_free(cscap_summary *sum)
{
	if (!sum)
		return;
	for (size_t i = 0; sum->filter && sum->filter[i]; i++)
		free(sum->filter[i]);
	free(sum->filter);
	for (size_t i = 0; i < sum->n_scans; i++)
		summary_scan_free(sum->scans[i]);
	free(sum->scans);
	free(sum->rules);
	for (size_t i = 0; i < sum->n_unread; i++)
		free(sum->unread[i]);
	free(sum->unread);
	free(sum);
}

/* Host, then start time (ISO 8601 sorts as text), then file: a total order. */
static int scan_compare(const struct summary_scan *a, const struct summary_scan *b)
{
	int c = strcmp(a->host, b->host);

	if (!c)
		c = strcmp(a->start_time, b->start_time);
	return c ? c : strcmp(a->file, b->file);
}

/* The index where scan belongs in the sorted array (binary search). */
static size_t scan_position(const cscap_summary *sum, const struct summary_scan *scan)
{
	size_t lo = 0, hi = sum->n_scans;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (scan_compare(sum->scans[mid], scan) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int scan_insert(cscap_summary *sum, struct summary_scan *scan)
{
	size_t at;

	if (sum->n_scans == sum->cap_scans) {
		size_t cap = sum->cap_scans ? sum->cap_scans * 2 : 16;
		struct summary_scan **grown = realloc(sum->scans, cap * sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		sum->scans = grown;
		sum->cap_scans = cap;
	}
	at = scan_position(sum, scan);
	memmove(&sum->scans[at + 1], &sum->scans[at], (sum->n_scans - at) * sizeof(*sum->scans));
	sum->scans[at] = scan;
	sum->n_scans++;
	return 0;
}

/* With options.latest: add scan unless a newer scan of its host is there; drop an older one. */
static int scan_keep_latest(cscap_summary *sum, struct summary_scan *scan)
{
	for (size_t i = 0; i < sum->n_scans; i++) {
		struct summary_scan *old = sum->scans[i];
		if (strcmp(old->host, scan->host) != 0)
			continue;
		if (scan_compare(old, scan) >= 0) {
			summary_scan_free(scan);
			return 0;
		}
		summary_scan_free(old);
		memmove(&sum->scans[i], &sum->scans[i + 1], (sum->n_scans - i - 1) * sizeof(*sum->scans));
		sum->n_scans--;
		break;
	}
	return scan_insert(sum, scan);
}

/* A small open-addressing set of rule ids, for building the rule order. */
struct rule_slot {
	const struct summary_rule *rule;
	int selected;
};

struct rule_table {
	struct rule_slot *slots;
	size_t mask;
};

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of id: where it is, or the empty slot where it goes. */
static struct rule_slot *rule_table_slot(struct rule_table *t, const char *id)
{
	size_t i = (size_t)hash_str(id) & t->mask;

	while (t->slots[i].rule && strcmp(t->slots[i].rule->id, id) != 0)
		i = (i + 1) & t->mask;
	return &t->slots[i];
}

static int rule_filtered_in(const cscap_summary *sum, const struct summary_rule *r)
{
	for (size_t i = 0; sum->filter[i]; i++)
		if (strcmp(sum->filter[i], r->id) == 0 || (r->version && strcmp(sum->filter[i], r->version) == 0))
			return 1;
	return 0;
}

/*
 * The rules shown: every scan's rules, scans in order, each rule where it is
 * first met (so a single benchmark keeps its own order); with a filter, the
 * rules it names, else those some scan selected.
 */
static int rules_rebuild(cscap_summary *sum)
{
	struct rule_table t = {0};
	const struct summary_rule **order = NULL;
	size_t total = 0, size = 16, n = 0, shown = 0;

	for (size_t i = 0; i < sum->n_scans; i++)
		total += sum->scans[i]->n_rules;
	while (size < 2 * total)
		size *= 2;
	t.mask = size - 1;
	if (!(t.slots = calloc(size, sizeof(*t.slots))) || (total && !(order = calloc(total, sizeof(*order))))) {
		free(t.slots);
		/* Never leave pointers into scans that may just have been released. */
		free(sum->rules);
		sum->rules = NULL;
		sum->n_rules = 0;
		return cscap_err_oom();
	}
	for (size_t i = 0; i < sum->n_scans; i++) {
		const struct summary_scan *s = sum->scans[i];
		for (size_t k = 0; k < s->n_rules; k++) {
			struct rule_slot *slot = rule_table_slot(&t, s->rules[k].id);
			const struct summary_result *r;
			if (!slot->rule) {
				slot->rule = &s->rules[k];
				order[n++] = slot->rule;
			}
			r = summary_scan_find(s, s->rules[k].id);
			if (r && r->result != CSCAP_RESULT_NOTSELECTED)
				slot->selected = 1;
		}
	}
	for (size_t k = 0; k < n; k++) {
		int show = sum->filter ? rule_filtered_in(sum, order[k]) : rule_table_slot(&t, order[k]->id)->selected;
		if (show)
			order[shown++] = order[k];
	}
	free(t.slots);
	free(sum->rules);
	sum->rules = order;
	sum->n_rules = shown;
	return 0;
}

static int remember_unread(cscap_summary *sum, int code)
{
	char **grown = realloc(sum->unread, (sum->n_unread + 1) * sizeof(*grown));
	char *msg;

	if (!grown)
		return code;
	sum->unread = grown;
	/* The message may be the reader's; keep a copy before anything else overwrites it. */
	if ((msg = strdup(cscap_error_last())))
		sum->unread[sum->n_unread++] = msg;
	return code;
}

int cscap_summary_add_file(cscap_summary *sum, const char *path)
{
	struct summary_scan **scans;
	size_t n, i;
	int rc;

	if (!sum || !path)
		return cscap_err(CSCAP_EUSAGE, "cscap_summary_add_file: no summary or no path");
	if ((rc = summary_read_arf(&scans, &n, path)))
		return remember_unread(sum, rc);
	for (i = 0; i < n; i++) {
		rc = sum->latest ? scan_keep_latest(sum, scans[i]) : scan_insert(sum, scans[i]);
		if (rc)
			break;
	}
	/* A scan that could not be placed is released here; the ones placed stay. */
	for (; i < n; i++)
		summary_scan_free(scans[i]);
	free(scans);
	/* Rebuilt even after a failure: options.latest may have released a scan the rules pointed into. */
	int rebuilt = rules_rebuild(sum);
	return rc ? rc : rebuilt;
}

size_t cscap_summary_scan_count(const cscap_summary *sum)
{
	return sum ? sum->n_scans : 0;
}

static const struct summary_scan *scan_at(const cscap_summary *sum, size_t scan)
{
	return sum && scan < sum->n_scans ? sum->scans[scan] : NULL;
}

const char *cscap_summary_scan_host(const cscap_summary *sum, size_t scan)
{
	const struct summary_scan *s = scan_at(sum, scan);
	return s ? s->host : NULL;
}

const char *cscap_summary_scan_file(const cscap_summary *sum, size_t scan)
{
	const struct summary_scan *s = scan_at(sum, scan);
	return s ? s->file : NULL;
}

const char *cscap_summary_scan_time(const cscap_summary *sum, size_t scan)
{
	const struct summary_scan *s = scan_at(sum, scan);
	return s ? s->start_time : NULL;
}

size_t cscap_summary_scan_tally(const cscap_summary *sum, size_t scan, cscap_result r)
{
	const struct summary_scan *s = scan_at(sum, scan);
	return s && (unsigned)r < CSCAP_RESULT_COUNT ? s->tally[r] : 0;
}

int cscap_summary_scan_has_findings(const cscap_summary *sum, size_t scan)
{
	const struct summary_scan *s = scan_at(sum, scan);
	return s && (s->tally[CSCAP_RESULT_FAIL] || s->tally[CSCAP_RESULT_ERROR] || s->tally[CSCAP_RESULT_UNKNOWN]);
}

size_t cscap_summary_rule_count(const cscap_summary *sum)
{
	return sum ? sum->n_rules : 0;
}

const char *cscap_summary_rule_id(const cscap_summary *sum, size_t rule)
{
	return sum && rule < sum->n_rules ? sum->rules[rule]->id : NULL;
}

const char *cscap_summary_rule_version(const cscap_summary *sum, size_t rule)
{
	return sum && rule < sum->n_rules ? sum->rules[rule]->version : NULL;
}

static int result_at(const struct summary_result **out, const cscap_summary *sum, size_t scan, size_t rule)
{
	const struct summary_scan *s = scan_at(sum, scan);

	*out = NULL;
	if (!s || rule >= sum->n_rules)
		return cscap_err(CSCAP_EUSAGE, "cscap_summary: scan %zu or rule %zu out of range", scan, rule);
	*out = summary_scan_find(s, sum->rules[rule]->id);
	return 0;
}

int cscap_summary_result(cscap_result *out, const cscap_summary *sum, size_t scan, size_t rule)
{
	const struct summary_result *r;
	int rc = result_at(&r, sum, scan, rule);

	*out = r ? r->result : CSCAP_RESULT_NONE;
	return rc;
}

int cscap_summary_evidence(const char *const **out, size_t *out_count, const cscap_summary *sum, size_t scan,
			   size_t rule)
{
	const struct summary_result *r;
	int rc = result_at(&r, sum, scan, rule);

	*out = r ? (const char *const *)r->evidence : NULL;
	*out_count = r ? r->n_evidence : 0;
	return rc;
}

size_t cscap_summary_unread_count(const cscap_summary *sum)
{
	return sum ? sum->n_unread : 0;
}

const char *cscap_summary_unread(const cscap_summary *sum, size_t i)
{
	return sum && i < sum->n_unread ? sum->unread[i] : NULL;
}
