/*
 * independent textfilecontent54_object → textfilecontent_item: every match
 * of the pattern in every regular file the object names (links followed,
 * inside the root), numbered from 1; the instance entity then picks among
 * them, counting from the end for negative values as the schema says.
 *
 * Each pattern is compiled once per object with the behaviors' options
 * (multiline, the default, singleline, ignore_case); a file is read once,
 * bounded, and the matches of one pattern in one file are items shared by
 * every object in the syschar that asks for them.  Files that are not valid
 * UTF-8 are matched anyway (invalid bytes never match).  The deprecated
 * "line" entity is not written; "text" carries the match.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/error_internal.h"
#include "model/oval_logic.h"
#include "probes/host/file_locate.h"

#define MAX_TEXT_BYTES (64UL << 20)
#define MAX_INSTANCES 100000
/* Backtracking budget per match attempt: a pathological pattern is an error, not a hang. */
#define MATCH_LIMIT 10000000

struct pattern {
	const char *text;
	pcre2_code *code; /* owned */
	pcre2_match_data *md; /* owned */
	uint32_t groups;
};

struct tfc {
	struct host_behaviors b;
	const struct oval_entity *instance;
	struct pattern *patterns; /* owned */
	size_t n_patterns;
	pcre2_match_context *mctx; /* owned */
	char options[4];          /* the behaviors that change matches: part of the cache key */
};

/*
 * The matches of one pattern in one file, shared through the cache; an
 * item is made for a match only when an object selects it.
 */
struct match {
	const char *text;
	const char **subexpressions; /* groups of them; "" for a group that took no part */
	struct oval_item *item;
};

struct matches {
	const char *filepath, *path, *filename, *pattern;
	uint32_t groups;
	struct match *v;
	size_t n;
};

static int compile_patterns(struct host_collect *hc, struct tfc *t, const struct oval_entity *pe)
{
	const char *own, *const *values;
	size_t n;
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;

	if (t->b.multiline)
		opts |= PCRE2_MULTILINE;
	if (t->b.singleline)
		opts |= PCRE2_DOTALL;
	if (t->b.ignore_case)
		opts |= PCRE2_CASELESS;
	snprintf(t->options, sizeof(t->options), "%c%c%c", t->b.multiline ? 'm' : '-',
		 t->b.singleline ? 's' : '-', t->b.ignore_case ? 'i' : '-');
	host_entity_values(hc, pe, &own, &values, &n);
	if (!(t->patterns = calloc(n ? n : 1, sizeof(*t->patterns))) ||
	    !(t->mctx = pcre2_match_context_create(NULL)))
		return cscap_err_oom();
	pcre2_set_match_limit(t->mctx, MATCH_LIMIT);
	for (size_t i = 0; i < n; i++) {
		struct pattern *p = &t->patterns[t->n_patterns];
		int err;
		PCRE2_SIZE off;
		if (!(p->code = pcre2_compile((PCRE2_SPTR)values[i], PCRE2_ZERO_TERMINATED, opts, &err, &off, NULL))) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(err, msg, sizeof(msg));
			int rc = host_error(hc, "%s: the pattern '%s' does not compile: %s (at offset %zu)",
					    hc->obj->id, values[i], (const char *)msg, (size_t)off);
			return rc ? rc : 1;
		}
		t->n_patterns++;
		p->text = values[i];
		pcre2_pattern_info(p->code, PCRE2_INFO_CAPTURECOUNT, &p->groups);
		if (!(p->md = pcre2_match_data_create_from_pattern(p->code, NULL)))
			return cscap_err_oom();
	}
	return 0;
}

static void tfc_free(struct tfc *t)
{
	for (size_t i = 0; i < t->n_patterns; i++) {
		pcre2_code_free(t->patterns[i].code);
		pcre2_match_data_free(t->patterns[i].md);
	}
	free(t->patterns);
	pcre2_match_context_free(t->mctx);
}

static struct oval_item *match_item(struct syschar *sc, const struct matches *m, size_t i)
{
	struct item_builder b;

	if (!item_begin(&b, sc, IND_SC_NS, "textfilecontent_item", 6 + m->groups))
		return NULL;
	item_str(&b, "filepath", m->filepath);
	item_str(&b, "path", m->path);
	item_str(&b, "filename", m->filename);
	item_str(&b, "pattern", m->pattern);
	item_int(&b, "instance", (long long)i + 1);
	item_str(&b, "text", m->v[i].text);
	for (uint32_t g = 0; g < m->groups; g++)
		item_str(&b, "subexpression", m->v[i].subexpressions[g]);
	return item_end(&b);
}

/* Keep one match (text and groups) in the arena; false when out of memory. */
static bool keep_match(struct arena *a, struct match *out, uint32_t groups, const char *text,
		       const PCRE2_SIZE *ov)
{
	out->text = arena_strndup(a, text + ov[0], ov[1] - ov[0]);
	out->subexpressions = arena_calloc(a, groups ? groups : 1, sizeof(*out->subexpressions));
	if (!out->text || !out->subexpressions)
		return false;
	for (uint32_t g = 1; g <= groups; g++) {
		bool unset = ov[2 * g] == PCRE2_UNSET;
		out->subexpressions[g - 1] = unset ? "" : arena_strndup(a, text + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
		if (!out->subexpressions[g - 1])
			return false;
	}
	return true;
}

/* Every match of p in text, into m; 1 when matching failed (error recorded). */
static int find_matches(struct host_collect *hc, const struct tfc *t, const struct located *f,
			const struct pattern *p, const char *text, size_t len, struct matches *m)
{
	struct arena *a = &hc->sc->arena;
	struct match *v = NULL;
	size_t n = 0, cap = 0, off = 0;

	while (off <= len) {
		int rc = pcre2_match(p->code, (PCRE2_SPTR)text, len, off, 0, p->md, t->mctx);
		if (rc == PCRE2_ERROR_NOMATCH)
			break;
		if (rc < 0) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(rc, msg, sizeof(msg));
			free(v);
			rc = host_error(hc, "%s: matching '%s' in %s failed: %s", hc->obj->id, p->text,
					f->filepath, (const char *)msg);
			return rc ? rc : 1;
		}
		if (n == MAX_INSTANCES) {
			hc->incomplete = true;
			rc = host_note(hc, OVAL_MSG_WARNING, "%s: only the first %d matches of '%s' in %s were kept",
				       hc->obj->id, MAX_INSTANCES, p->text, f->filepath);
			if (rc) {
				free(v);
				return rc;
			}
			break;
		}
		const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			struct match *grown = realloc(v, cap * sizeof(*grown));
			if (!grown) {
				free(v);
				return cscap_err_oom();
			}
			v = grown;
		}
		memset(&v[n], 0, sizeof(v[n]));
		if (!keep_match(a, &v[n++], p->groups, text, ov)) {
			free(v);
			return cscap_err_oom();
		}
		if (ov[1] > ov[0]) {
			off = ov[1];
			continue;
		}
		/* An empty match: go on one character further. */
		if (ov[1] >= len)
			break;
		off = ov[1] + 1;
		while (off < len && ((unsigned char)text[off] & 0xC0) == 0x80)
			off++;
	}
	m->filepath = arena_strdup(a, f->filepath);
	m->path = arena_strdup(a, f->path);
	m->filename = arena_strdup(a, f->name);
	m->pattern = arena_strdup(a, p->text);
	m->groups = p->groups;
	m->n = n;
	m->v = arena_calloc(a, n ? n : 1, sizeof(*m->v));
	if (m->v && n)
		memcpy(m->v, v, n * sizeof(*v));
	free(v);
	return m->v && m->filepath && m->path && m->filename && m->pattern ? 0 : cscap_err_oom();
}

/* Is match i (from 1) of n selected by the instance entity?  Negative values count from the end. */
static bool instance_selected(struct host_collect *hc, const struct oval_entity *e, size_t i, size_t n)
{
	const char *own, *const *values;
	struct oval_result_counts c = {0};
	size_t nv;
	char idx[24];

	host_entity_values(hc, e, &own, &values, &nv);
	for (size_t k = 0; k < nv; k++) {
		long long at = values[k][0] == '-' ? (long long)i - (long long)n - 1 : (long long)i;
		snprintf(idx, sizeof(idx), "%lld", at);
		oval_counts_add(&c, oval_compare(hc->regexes, e->operation, OVAL_DT_INT, idx, values[k]));
	}
	enum oval_result r = oval_check_apply(e->var_ref ? e->var_check : OVAL_CHECK_ALL, &c);
	if (r != OVAL_RESULT_TRUE && r != OVAL_RESULT_FALSE && !hc->error)
		host_error(hc, "%s: the instance entity (operation '%s', value '%s') cannot be compared with %zu",
			   hc->obj->id, oval_operation_name(e->operation), e->var_ref ? e->var_ref : e->value, i);
	return r == OVAL_RESULT_TRUE;
}

/* Open the file for reading if it is a regular one (a link followed inside the root); -1: skip it. */
static int open_text(struct host_collect *hc, const struct host_fs *fs, const struct located *f,
		     int *fd_out)
{
	char shown[4352];
	struct stat st;
	int fd;

	*fd_out = -1;
	if (!f->name || !(S_ISREG(f->st->st_mode) || S_ISLNK(f->st->st_mode)))
		return 0;
	fd = host_open_regular(fs, f->dirfd, S_ISLNK(f->st->st_mode) ? NULL : f->name, f->filepath, &st);
	/* Not a regular file behind the link, a dangling link, or gone since it was listed. */
	if (fd == HOST_NOT_REGULAR || fd == -ENOENT || fd == -ENOTDIR || fd == -ELOOP || fd == -ESTALE)
		return 0;
	if (fd < 0) {
		int rc = host_error(hc, "%s: cannot read %s: %s", hc->obj->id,
				    host_fs_shown(fs, f->filepath, shown, sizeof(shown)), strerror(-fd));
		return rc ? rc : 1;
	}
	*fd_out = fd;
	return 0;
}

static int text_found(struct host_collect *hc, const struct host_fs *fs, const struct located *f,
		      void *arg)
{
	struct tfc *t = arg;
	char *text = NULL, shown[4352];
	size_t len = 0;
	int fd = -1, rc = 0;

	for (size_t i = 0; i < t->n_patterns && rc == 0 && !hc->error; i++) {
		const struct pattern *p = &t->patterns[i];
		struct host_key k;
		struct matches *m;

		host_key_init(&k, "text");
		host_key_add(&k, t->options);
		host_key_add(&k, p->text);
		host_key_add(&k, f->filepath);
		if (!(m = host_cache_get(hc->sc, &k))) {
			if (!text) {
				if ((rc = open_text(hc, fs, f, &fd)) || fd < 0)
					break;
				rc = host_read_fd(fd, MAX_TEXT_BYTES, &text, &len);
				close(fd);
				if (rc == -ENOMEM)
					return cscap_err_oom();
				if (rc) {
					rc = host_error(hc, "%s: cannot read %s: %s", hc->obj->id,
							host_fs_shown(fs, f->filepath, shown, sizeof(shown)),
							rc == -EFBIG ? "larger than 64 MiB" : strerror(-rc));
					break;
				}
			}
			if (!(m = arena_alloc(&hc->sc->arena, sizeof(*m))))
				rc = cscap_err_oom();
			else if ((rc = find_matches(hc, t, f, p, text, len, m)) == 0 && host_cache_put(hc->sc, &k, m))
				rc = cscap_err_oom();
			if (rc)
				break;
		}
		for (size_t j = 0; j < m->n && rc == 0 && !hc->error; j++) {
			if (!instance_selected(hc, t->instance, j + 1, m->n))
				continue;
			if (!m->v[j].item && !(m->v[j].item = match_item(hc->sc, m, j)))
				rc = cscap_err_oom();
			else
				rc = host_add(hc, m->v[j].item);
		}
	}
	free(text);
	return rc < 0 ? rc : 0;
}

int textfilecontent_probe_collect(struct probe_session *ps, struct syschar *sc,
				  struct oval_collected *col, const struct oval_var_env *vars,
				  struct regex_cache *regexes)
{
	struct host_collect hc;
	struct tfc t = {0};
	struct host_fs fs;
	const struct oval_entity *pe;
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc)
		return host_finish(&hc, rc);
	pe = host_entity(col->object, "pattern");
	t.instance = host_entity(col->object, "instance");
	if (!pe || !t.instance) {
		rc = host_error(&hc, "%s: a textfilecontent54_object needs a pattern and an instance",
				col->object->id);
	} else if (pe->operation != OVAL_OP_PATTERN_MATCH) {
		rc = host_error(&hc, "%s: the pattern entity must use operation 'pattern match', not '%s'",
				col->object->id, oval_operation_name(pe->operation));
	} else if ((rc = host_behaviors(&hc, &t.b)) == 0 && (rc = compile_patterns(&hc, &t, pe)) == 0 &&
		   (rc = host_open_fs(&hc, &fs)) == 0) {
		rc = files_locate(&hc, &fs, &t.b, text_found, &t);
		host_fs_close(&fs);
	}
	tfc_free(&t);
	return host_finish(&hc, rc);
}
