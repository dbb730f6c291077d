#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/error_internal.h"
#include "eval/oval_datetime.h"
#include "eval/oval_eval.h"
#include "eval/oval_variables.h"

/* A growable list of strings in the run's arena. */
struct values {
	struct arena *arena;
	const char **v;
	size_t n, cap;
	int failed;
};

static void push(struct values *vs, const char *s)
{
	if (vs->failed)
		return;
	if (!s) {
		vs->failed = 1;
		return;
	}
	if (vs->n == vs->cap) {
		size_t ncap = vs->cap ? vs->cap * 2 : 8;
		const char **grown = arena_calloc(vs->arena, ncap, sizeof(*grown));
		if (!grown) {
			vs->failed = 1;
			return;
		}
		if (vs->n)
			memcpy(grown, vs->v, vs->n * sizeof(*grown));
		vs->v = grown;
		vs->cap = ncap;
	}
	vs->v[vs->n++] = s;
}

static int compute(struct oval_run *run, const struct oval_component *c, struct values *out);

/* Every child's values, one list per child. */
static int children_values(struct oval_run *run, const struct oval_component *c, struct values *lists)
{
	for (size_t i = 0; i < c->n_children; i++) {
		lists[i] = (struct values){&run->sc.arena, NULL, 0, 0, 0};
		int rc = compute(run, &c->children[i], &lists[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int object_values(struct oval_run *run, const struct oval_component *c, struct values *out)
{
	const struct oval_object *obj = oval_document_object(run->doc, c->object_ref);
	const struct oval_collected *col;
	int rc;

	if ((rc = oval_run_collect(run, (size_t)(obj - run->doc->objects), &col)))
		return rc;
	if (col->flag != OVAL_FLAG_COMPLETE && col->flag != OVAL_FLAG_DOES_NOT_EXIST)
		return 1; /* the object could not be (fully) collected: no trustworthy values */
	for (size_t i = 0; i < col->n_items; i++) {
		const struct oval_item *it = col->items[i];
		for (size_t k = 0; k < it->n_entities; k++) {
			const struct oval_item_entity *e = &it->entities[k];
			if (strcmp(e->name, c->item_field) != 0 || e->status != OVAL_STATUS_EXISTS)
				continue;
			if (!c->record_field) {
				push(out, e->value);
				continue;
			}
			for (size_t f = 0; f < e->n_fields; f++)
				if (strcmp(e->fields[f].name, c->record_field) == 0)
					push(out, e->fields[f].value);
		}
	}
	return 0;
}

static const char *concat2(struct arena *a, const char *x, const char *y)
{
	return arena_sprintf(a, "%s%s", x, y);
}

/* The Cartesian product of the children's values, folded pairwise with op. */
static int fold_product(struct oval_run *run, const struct oval_component *c, struct values *out,
			const char *(*op)(struct oval_run *, const struct oval_component *, const char *,
					  const char *))
{
	struct values *lists = calloc(c->n_children ? c->n_children : 1, sizeof(*lists));
	struct values acc = {&run->sc.arena, NULL, 0, 0, 0}, next;
	int rc;

	if (!lists)
		return cscap_err_oom();
	if ((rc = children_values(run, c, lists)))
		goto out;
	for (size_t i = 0; i < c->n_children; i++) {
		next = (struct values){&run->sc.arena, NULL, 0, 0, 0};
		for (size_t a = 0; i == 0 && a < lists[0].n; a++)
			push(&next, lists[0].v[a]);
		for (size_t a = 0; i > 0 && a < acc.n; a++)
			for (size_t b = 0; b < lists[i].n; b++) {
				const char *r = op(run, c, acc.v[a], lists[i].v[b]);
				if (!r) {
					rc = 1;
					goto out;
				}
				push(&next, r);
			}
		acc = next;
	}
	for (size_t a = 0; a < acc.n; a++)
		push(out, acc.v[a]);
out:
	free(lists);
	return rc;
}

static const char *op_concat(struct oval_run *run, const struct oval_component *c, const char *x,
			     const char *y)
{
	(void)c;
	return concat2(&run->sc.arena, x, y);
}

static const char *op_arithmetic(struct oval_run *run, const struct oval_component *c, const char *x,
				 const char *y)
{
	char *ex, *ey;
	bool add = c->text && strcmp(c->text, "add") == 0;

	if (!c->text || (!add && strcmp(c->text, "multiply") != 0))
		return NULL;
	errno = 0;
	long long ix = strtoll(x, &ex, 10), iy = strtoll(y, &ey, 10), r;
	if (!errno && !*ex && !*ey && *x && *y) {
		if (add ? __builtin_add_overflow(ix, iy, &r) : __builtin_mul_overflow(ix, iy, &r))
			return NULL;
		return arena_sprintf(&run->sc.arena, "%lld", r);
	}
	double dx = strtod(x, &ex), dy = strtod(y, &ey);
	if (*ex || *ey || !*x || !*y)
		return NULL;
	return arena_sprintf(&run->sc.arena, "%.17g", add ? dx + dy : dx * dy);
}

static const char *escape_regex(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) * 2 + 1), *o = out;

	if (!out)
		return NULL;
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}", *s))
			*o++ = '\\';
		*o++ = *s;
	}
	*o = '\0';
	return out;
}

/* A shell glob as a Perl regular expression anchored at both ends. */
static const char *glob_to_regex(struct arena *a, const char *g, bool noescape)
{
	char *out = arena_alloc(a, strlen(g) * 4 + 3), *o = out;

	if (!out)
		return NULL;
	*o++ = '^';
	for (; *g; g++) {
		if (*g == '\\' && !noescape && g[1]) {
			g++;
			if (strchr("\\^$.|?*+()[]{}", *g))
				*o++ = '\\';
			*o++ = *g;
		} else if (*g == '*') {
			*o++ = '[', *o++ = '^', *o++ = '/', *o++ = ']', *o++ = '*';
		} else if (*g == '?') {
			*o++ = '[', *o++ = '^', *o++ = '/', *o++ = ']';
		} else if (*g == '[') {
			*o++ = '[';
		} else if (*g == ']') {
			*o++ = ']';
		} else {
			if (strchr("\\^$.|+(){}", *g))
				*o++ = '\\';
			*o++ = *g;
		}
	}
	*o++ = '$';
	*o = '\0';
	return out;
}

static int regex_capture(struct oval_run *run, const char *pattern, const char *s, struct values *out)
{
	int err;
	PCRE2_SIZE off;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, PCRE2_UTF, &err, &off, NULL);
	pcre2_match_data *md;

	if (!re)
		return 1;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md) {
		pcre2_code_free(re);
		return cscap_err_oom();
	}
	int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	int result = 0;
	if (rc >= 2) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (ov[2] != PCRE2_UNSET)
			push(out, arena_strndup(&run->sc.arena, s + ov[2], ov[3] - ov[2]));
		else
			push(out, "");
	} else if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH) {
		/* No match or no subexpression: the specification's answer is an empty string. */
		push(out, "");
	} else {
		result = 1;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return result;
}

/*
 * first - second in seconds, as text in *out; first NULL means now (UTC).
 * 1 when a value does not follow its format or the difference overflows.
 */
static int seconds_between(struct arena *a, const char *format_1, const char *first,
			   const char *format_2, const char *second, const char **out)
{
	int64_t t1, t2, d;

	if (oval_datetime_parse(format_2, second, &t2))
		return 1;
	if (!first)
		t1 = (int64_t)time(NULL);
	else if (oval_datetime_parse(format_1, first, &t1))
		return 1;
	if (__builtin_sub_overflow(t1, t2, &d))
		return 1;
	*out = arena_sprintf(a, "%" PRId64, d);
	return *out ? 0 : cscap_err_oom();
}

/*
 * time_difference: the first component's values minus the second's (every
 * pair), or the current time (UTC) minus the only component's values, which
 * then follow format_2 as the specification says.
 */
static int time_difference(struct oval_run *run, const struct oval_component *c, struct values *out)
{
	struct values lists[2];
	const char *f1 = c->format_1, *f2 = c->format_2, *d;
	int rc;

	if (c->n_children < 1 || c->n_children > 2)
		return 1;
	if ((rc = children_values(run, c, lists)))
		return rc;
	if (lists[0].failed || (c->n_children == 2 && lists[1].failed))
		return cscap_err_oom();
	for (size_t i = 0; i < lists[0].n; i++) {
		if (c->n_children == 1) {
			if ((rc = seconds_between(&run->sc.arena, NULL, NULL, f2, lists[0].v[i], &d)))
				return rc;
			push(out, d);
			continue;
		}
		for (size_t k = 0; k < lists[1].n; k++) {
			if ((rc = seconds_between(&run->sc.arena, f1, lists[0].v[i], f2, lists[1].v[k], &d)))
				return rc;
			push(out, d);
		}
	}
	return out->failed ? cscap_err_oom() : 0;
}

static int compute(struct oval_run *run, const struct oval_component *c, struct values *out)
{
	struct arena *a = &run->sc.arena;
	struct values in = {a, NULL, 0, 0, 0};
	int rc = 0;

	switch (c->kind) {
	case OVAL_COMP_LITERAL:
		push(out, c->value);
		return 0;
	case OVAL_COMP_OBJECT:
		return object_values(run, c, out);
	case OVAL_COMP_VARIABLE: {
		const char *const *vals;
		size_t n;
		if (oval_var_env_values(&run->vars, c->var_ref, &vals, &n) != 0)
			return cscap_error_last_code() == CSCAP_ENOMEM ? CSCAP_ENOMEM : 1;
		for (size_t i = 0; i < n; i++)
			push(out, vals[i]);
		return 0;
	}
	case OVAL_FN_CONCAT:
		return fold_product(run, c, out, op_concat);
	case OVAL_FN_ARITHMETIC:
		return fold_product(run, c, out, op_arithmetic);
	case OVAL_FN_TIME_DIFFERENCE:
		return time_difference(run, c, out);
	default:
		break;
	}
	/* The remaining functions work value by value on their children's values. */
	for (size_t i = 0; rc == 0 && i < c->n_children; i++)
		rc = compute(run, &c->children[i], &in);
	if (rc || in.failed)
		return rc ? rc : cscap_err_oom();
	switch (c->kind) {
	case OVAL_FN_COUNT:
		push(out, arena_sprintf(a, "%zu", in.n));
		break;
	case OVAL_FN_UNIQUE:
		for (size_t i = 0; i < in.n; i++) {
			bool seen = false;
			for (size_t k = 0; k < out->n && !seen; k++)
				seen = strcmp(out->v[k], in.v[i]) == 0;
			if (!seen)
				push(out, in.v[i]);
		}
		break;
	case OVAL_FN_BEGIN:
	case OVAL_FN_END:
		for (size_t i = 0; i < in.n; i++) {
			const char *s = in.v[i], *ch = c->text ? c->text : "";
			size_t ls = strlen(s), lc = strlen(ch);
			bool has = c->kind == OVAL_FN_BEGIN ? strncmp(s, ch, lc) == 0
							    : ls >= lc && strcmp(s + ls - lc, ch) == 0;
			push(out, has ? s : c->kind == OVAL_FN_BEGIN ? concat2(a, ch, s) : concat2(a, s, ch));
		}
		break;
	case OVAL_FN_ESCAPE_REGEX:
		for (size_t i = 0; i < in.n; i++)
			push(out, escape_regex(a, in.v[i]));
		break;
	case OVAL_FN_GLOB_TO_REGEX:
		for (size_t i = 0; i < in.n; i++)
			push(out, glob_to_regex(a, in.v[i], c->glob_noescape));
		break;
	case OVAL_FN_SPLIT:
		if (!c->text || !*c->text)
			return 1;
		for (size_t i = 0; i < in.n; i++) {
			const char *s = in.v[i], *hit;
			size_t dl = strlen(c->text);
			while ((hit = strstr(s, c->text))) {
				push(out, arena_strndup(a, s, (size_t)(hit - s)));
				s = hit + dl;
			}
			push(out, arena_strdup(a, s));
		}
		break;
	case OVAL_FN_SUBSTRING:
		for (size_t i = 0; i < in.n; i++) {
			const char *s = in.v[i];
			size_t len = strlen(s);
			/* 1-based start; a start before 1 counts as 1; a negative length means "to the end". */
			size_t start = c->substring_start > 1 ? (size_t)(c->substring_start - 1) : 0;
			if (start > len)
				return 1; /* the specification calls this an error */
			size_t take = c->substring_length < 0 ? len - start : (size_t)c->substring_length;
			if (take > len - start)
				take = len - start;
			push(out, arena_strndup(a, s + start, take));
		}
		break;
	case OVAL_FN_REGEX_CAPTURE:
		if (!c->text)
			return 1;
		for (size_t i = 0; rc == 0 && i < in.n; i++)
			rc = regex_capture(run, c->text, in.v[i], out);
		break;
	default:
		return 1;
	}
	return rc ? rc : out->failed ? cscap_err_oom() : 0;
}

int oval_run_compute_local(void *ctx, const struct oval_variable *v, const char *const **values,
			   size_t *n)
{
	struct oval_run *run = ctx;
	struct oval_local_values *lv = &run->locals[v - run->doc->variables];

	*values = NULL;
	*n = 0;
	if (lv->state == 1)
		return -1; /* a cycle; the loader refuses them, this is a last guard */
	if (lv->state == 0) {
		struct values out = {&run->sc.arena, NULL, 0, 0, 0};
		lv->state = 1;
		int rc = v->component ? compute(run, v->component, &out) : 1;
		lv->state = 2;
		if (rc < 0)
			return -1; /* out of memory: cscap_error_last() says so */
		lv->ok = rc == 0 && !out.failed;
		lv->values = out.v;
		lv->n = out.n;
	}
	if (!lv->ok)
		return -1;
	*values = lv->values;
	*n = lv->n;
	return 0;
}
