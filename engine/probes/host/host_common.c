/* What the host probes share: the collection in progress, items, the keyed cache, behaviors. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "common/error_internal.h"
#include "probes/host/host_common.h"
#include "probes/host/host_fs.h"

/* ---- the collection ----------------------------------------------------- */

static int add_message(struct host_collect *hc, enum oval_message_level level, const char *fmt,
		       va_list ap)
{
	char text[8192]; /* room for two paths of PATH_MAX */

	vsnprintf(text, sizeof(text), fmt, ap);
	if (syschar_add_message(hc->sc, hc->col, level, text)) {
		hc->oom = true;
		return cscap_err_oom();
	}
	return 0;
}

int host_note(struct host_collect *hc, enum oval_message_level level, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = add_message(hc, level, fmt, ap);
	va_end(ap);
	return rc;
}

int host_error(struct host_collect *hc, const char *fmt, ...)
{
	va_list ap;
	int rc;

	hc->error = true;
	va_start(ap, fmt);
	rc = add_message(hc, OVAL_MSG_ERROR, fmt, ap);
	va_end(ap);
	return rc;
}

int host_not_collected(struct host_collect *hc, const char *fmt, ...)
{
	va_list ap;
	int rc;

	hc->not_collected = true;
	va_start(ap, fmt);
	rc = add_message(hc, OVAL_MSG_WARNING, fmt, ap);
	va_end(ap);
	return rc;
}

/* Why a variable has no values to give (oval_var_env_values said no). */
const char *host_variable_problem(const struct oval_var_env *vars, const char *id)
{
	const struct oval_variable *v = vars ? oval_document_variable(vars->doc, id) : NULL;

	if (!v)
		return "is not defined in the document";
	if (v->kind == OVAL_VAR_LOCAL)
		return "is a local variable whose value could not be computed";
	return "is an external variable that was given no value";
}

int host_begin(struct host_collect *hc, struct probe_session *ps, struct syschar *sc,
	       struct oval_collected *col, const struct oval_var_env *vars,
	       struct regex_cache *regexes)
{
	const struct oval_object *obj = col->object;
	int rc;

	memset(hc, 0, sizeof(*hc));
	hc->sc = sc;
	hc->col = col;
	hc->obj = obj;
	hc->vars = vars;
	hc->regexes = regexes;
	if (!(hc->cfg = probe_session_config(ps))) {
		rc = host_not_collected(hc, "%s: the probe session's configuration is not available to the host probes",
					obj->id);
		return rc ? rc : 1;
	}
	for (size_t i = 0; i < obj->n_entities; i++) {
		const struct oval_entity *e = &obj->entities[i];
		const char *const *values;
		size_t n = 0;

		if (!e->var_ref)
			continue;
		int got = vars ? oval_var_env_values(vars, e->var_ref, &values, &n) : -1;
		const struct oval_variable *v = vars ? oval_document_variable(vars->doc, e->var_ref) : NULL;
		/* An external variable nobody supplied has no value, like one bound to none;
		 * any other variable without values (a local one not computed) is an error. */
		if (got != 0 && (!v || v->kind != OVAL_VAR_EXTERNAL)) {
			if ((rc = host_error(hc, "%s: the %s entity's variable %s %s", obj->id, e->name,
					     e->var_ref, host_variable_problem(vars, e->var_ref))))
				return rc;
		} else if (n == 0) {
			hc->empty_variable = true;
			if ((rc = host_note(hc, OVAL_MSG_INFO,
					    "%s: the %s entity's variable %s has no value, so the object does not exist",
					    obj->id, e->name, e->var_ref)))
				return rc;
		}
	}
	return hc->error || hc->empty_variable ? 1 : 0;
}

int host_add(struct host_collect *hc, struct oval_item *item)
{
	if (hc->n_items == hc->cap_items) {
		size_t ncap = hc->cap_items ? hc->cap_items * 2 : 16;
		struct oval_item **grown = realloc(hc->items, ncap * sizeof(*grown));
		if (!grown) {
			hc->oom = true;
			return cscap_err_oom();
		}
		hc->items = grown;
		hc->cap_items = ncap;
	}
	hc->items[hc->n_items++] = item;
	return 0;
}

static int cmp_item_id(const void *a, const void *b)
{
	const struct oval_item *x = *(struct oval_item *const *)a, *y = *(struct oval_item *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

int host_finish(struct host_collect *hc, int rc)
{
	struct oval_collected *col = hc->col;
	size_t n = 0;

	if (rc < 0 || hc->oom) {
		free(hc->items);
		hc->items = NULL;
		return rc < 0 ? rc : cscap_err_oom();
	}
	/* One reference per item, in id order: an item may be reached twice. */
	if (hc->n_items)
		qsort(hc->items, hc->n_items, sizeof(*hc->items), cmp_item_id);
	for (size_t i = 0; i < hc->n_items; i++)
		if (n == 0 || hc->items[n - 1] != hc->items[i])
			hc->items[n++] = hc->items[i];
	col->items = arena_calloc(&hc->sc->arena, n ? n : 1, sizeof(*col->items));
	if (!col->items) {
		free(hc->items);
		return cscap_err_oom();
	}
	if (n)
		memcpy(col->items, hc->items, n * sizeof(*col->items));
	col->n_items = n;
	free(hc->items);
	hc->items = NULL;
	if (hc->not_collected)
		col->flag = OVAL_FLAG_NOT_COLLECTED;
	else if (hc->error)
		col->flag = OVAL_FLAG_ERROR;
	else if (hc->empty_variable)
		col->flag = OVAL_FLAG_DOES_NOT_EXIST;
	else if (hc->incomplete)
		col->flag = OVAL_FLAG_INCOMPLETE;
	else
		col->flag = n ? OVAL_FLAG_COMPLETE : OVAL_FLAG_DOES_NOT_EXIST;
	return 0;
}

int host_open_fs(struct host_collect *hc, struct host_fs *fs)
{
	const char *root = hc->cfg->root ? hc->cfg->root : hc->cfg->host_root;
	int rc;

	/* A scanner in a container that judged its own files would vouch for a
	 * host it has not seen (no daemon.json there: "nothing configured"). */
	if (!root && hc->cfg->confinement) {
		rc = host_not_collected(hc, "%s: cscap's / is not the host's: %s; mount the host's / and give --host-root",
					hc->obj->id, hc->cfg->confinement);
		return rc ? rc : 1;
	}
	rc = host_fs_open(fs, root);
	if (rc == -ENOSYS)
		rc = host_error(hc, "%s: cannot keep file lookups inside %s: the kernel lacks openat2 (Linux 5.6)",
				hc->obj->id, root);
	else if (rc < 0)
		rc = host_error(hc, "%s: cannot open the root %s: %s", hc->obj->id, root,
				strerror(-rc));
	else
		return 0;
	return rc ? rc : 1;
}

const struct oval_entity *host_entity(const struct oval_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->n_entities; i++)
		if (strcmp(obj->entities[i].name, name) == 0)
			return &obj->entities[i];
	return NULL;
}

void host_entity_values(const struct host_collect *hc, const struct oval_entity *e,
			const char **storage, const char *const **values, size_t *n)
{
	if (e->var_ref && hc->vars && oval_var_env_values(hc->vars, e->var_ref, values, n) == 0)
		return;
	*storage = e->value;
	*values = storage;
	*n = e->var_ref ? 0 : 1;
}

bool host_match(struct host_collect *hc, const struct oval_entity *e, const char *value)
{
	enum oval_result r = oval_compare_entity(hc->regexes, e, hc->vars, value);

	if (r == OVAL_RESULT_TRUE)
		return true;
	if (r != OVAL_RESULT_FALSE && !hc->error)
		host_error(hc, "%s: the %s entity (operation '%s', datatype '%s', value '%s') cannot be compared with '%s'",
			   hc->obj->id, e->name, oval_operation_name(e->operation),
			   oval_datatype_name(e->datatype), e->var_ref ? e->var_ref : e->value, value);
	return false;
}

bool host_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		size_t more;
		unsigned int c = *p++;
		if (c < 0x80) {
			if (c == 0)
				return false;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			more = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			more = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			more = 3;
		else
			return false;
		if ((size_t)(end - p) < more)
			return false;
		/* Overlong forms, surrogates and code points past U+10FFFF are not UTF-8. */
		if ((c == 0xE0 && p[0] < 0xA0) || (c == 0xED && p[0] > 0x9F) || (c == 0xF0 && p[0] < 0x90) ||
		    (c == 0xF4 && p[0] > 0x8F))
			return false;
		for (size_t i = 0; i < more; i++)
			if ((*p++ & 0xC0) != 0x80)
				return false;
	}
	return true;
}

/* ---- the keyed cache ---------------------------------------------------- */

struct cache_slot {
	const char *key; /* arena; NULL: empty slot */
	size_t len;
	uint64_t hash;
	void *value;
};

struct host_cache {
	struct cache_slot *slots; /* arena; cap is a power of two */
	size_t cap, n;
};

void host_key_init(struct host_key *k, const char *kind)
{
	k->len = 0;
	k->ok = true;
	host_key_add(k, kind);
}

void host_key_add(struct host_key *k, const char *part)
{
	size_t n = strlen(part);

	if (!k->ok || n + 1 > sizeof(k->buf) - k->len) {
		k->ok = false;
		return;
	}
	memcpy(k->buf + k->len, part, n + 1); /* the NUL separates the parts */
	k->len += n + 1;
}

static uint64_t key_hash(const struct host_key *k)
{
	uint64_t h = 14695981039346656037ULL; /* FNV-1a */

	for (size_t i = 0; i < k->len; i++) {
		h ^= (unsigned char)k->buf[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static struct cache_slot *find_slot(const struct host_cache *c, const struct host_key *k, uint64_t h)
{
	size_t mask = c->cap - 1;

	for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
		struct cache_slot *s = &c->slots[i];
		if (!s->key || (s->hash == h && s->len == k->len && memcmp(s->key, k->buf, k->len) == 0))
			return s;
	}
}

void *host_cache_get(struct syschar *sc, const struct host_key *k)
{
	const struct host_cache *c = sc->probe_cache[HOST_PROBE_SLOT];

	if (!c || !k->ok)
		return NULL;
	return find_slot(c, k, key_hash(k))->value;
}

static int cache_grow(struct syschar *sc, struct host_cache *c)
{
	size_t ncap = c->cap ? c->cap * 2 : 256;
	struct cache_slot *old = c->slots, *slots = arena_calloc(&sc->arena, ncap, sizeof(*slots));

	if (!slots)
		return -1;
	/* The old table stays in the arena: growth doubles, so the waste is bounded. */
	c->slots = slots;
	for (size_t i = 0, oldcap = c->cap; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		size_t j = (size_t)old[i].hash & (ncap - 1);
		while (slots[j].key)
			j = (j + 1) & (ncap - 1);
		slots[j] = old[i];
	}
	c->cap = ncap;
	return 0;
}

int host_cache_put(struct syschar *sc, const struct host_key *k, void *value)
{
	struct host_cache *c = sc->probe_cache[HOST_PROBE_SLOT];

	if (!k->ok)
		return 0; /* too long to keep: the caller simply does not share it */
	if (!c) {
		if (!(c = arena_alloc(&sc->arena, sizeof(*c))))
			return -1;
		sc->probe_cache[HOST_PROBE_SLOT] = c;
	}
	if ((c->n + 1) * 10 > c->cap * 7 && cache_grow(sc, c))
		return -1;
	uint64_t h = key_hash(k);
	struct cache_slot *s = find_slot(c, k, h);
	if (!s->key) {
		char *key = arena_alloc(&sc->arena, k->len);
		if (!key)
			return -1;
		memcpy(key, k->buf, k->len);
		s->key = key;
		s->len = k->len;
		s->hash = h;
		c->n++;
	}
	s->value = value;
	return 0;
}

/* ---- behaviors ---------------------------------------------------------- */

static xmlNodePtr behaviors_node(const struct oval_object *obj)
{
	if (!obj->node)
		return NULL;
	for (xmlNodePtr c = obj->node->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "behaviors") == 0 &&
		    c->ns && c->ns->href && strcmp((const char *)c->ns->href, obj->ns) == 0)
			return c;
	return NULL;
}

/* One attribute against its allowed spellings; the index of the match, -1 when absent, -2 when invalid. */
static int behavior_choice(xmlNodePtr n, const char *attr, const char *const *allowed, char *seen,
			   size_t seen_len)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
	int found = -2;

	if (!v)
		return -1;
	snprintf(seen, seen_len, "%s", (const char *)v);
	for (int i = 0; allowed[i]; i++)
		if (strcmp(allowed[i], (const char *)v) == 0)
			found = i;
	xmlFree(v);
	return found;
}

static int bad_behavior(struct host_collect *hc, const char *attr, const char *value)
{
	int rc = host_error(hc, "%s: the behavior %s='%s' is not one the schema allows", hc->obj->id,
			    attr, value);
	return rc ? rc : 1;
}

int host_behaviors(struct host_collect *hc, struct host_behaviors *out)
{
	static const char *const booleans[] = {"false", "0", "true", "1", NULL};
	static const char *const recurse[] = {"none", "files", "directories", "files and directories",
					      "symlinks", "symlinks and directories", NULL};
	static const char *const direction[] = {"none", "down", "up", NULL};
	static const char *const filesystems[] = {"all", "local", "defined", NULL};
	struct {
		const char *attr;
		bool *flag;
	} flags[] = {{"ignore_case", &out->ignore_case}, {"multiline", &out->multiline},
		     {"singleline", &out->singleline}};
	xmlNodePtr n = behaviors_node(hc->obj);
	char seen[128];
	int k;

	memset(out, 0, sizeof(*out));
	out->max_depth = -1;
	out->follow_directories = out->follow_symlinks = true;
	out->multiline = true;
	if (!n)
		return 0;
	xmlChar *v = xmlGetProp(n, (const xmlChar *)"max_depth");
	if (v) {
		char *end;
		snprintf(seen, sizeof(seen), "%s", (const char *)v);
		out->max_depth = strtol(seen, &end, 10);
		xmlFree(v);
		if (!*seen || *end || out->max_depth < -1)
			return bad_behavior(hc, "max_depth", seen);
	}
	if ((k = behavior_choice(n, "recurse", recurse, seen, sizeof(seen))) == -2)
		return bad_behavior(hc, "recurse", seen);
	if (k >= 0) {
		out->follow_directories = k == 2 || k == 3 || k == 5;
		out->follow_symlinks = k == 4 || k == 5;
	}
	if ((k = behavior_choice(n, "recurse_direction", direction, seen, sizeof(seen))) == -2)
		return bad_behavior(hc, "recurse_direction", seen);
	if (k >= 0)
		out->direction = (enum recurse_direction)k;
	if ((k = behavior_choice(n, "recurse_file_system", filesystems, seen, sizeof(seen))) == -2)
		return bad_behavior(hc, "recurse_file_system", seen);
	if (k >= 0)
		out->filesystems = (enum recurse_fs)k;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if ((k = behavior_choice(n, flags[i].attr, booleans, seen, sizeof(seen))) == -2)
			return bad_behavior(hc, flags[i].attr, seen);
		if (k >= 0)
			*flags[i].flag = k >= 2;
	}
	return 0;
}
