/*
 * linux dpkginfo_object → dpkginfo_item, from dpkg's own database,
 * /var/lib/dpkg/status (inside the root offline).  The file is read once
 * per syschar, bounded, and parsed as dpkg writes it: stanzas of "Field:
 * value" lines separated by blank lines, continuation lines starting with a
 * space or tab.  A package counts as installed unless its Status says
 * "not-installed" or "config-files" (what dpkg-query calls absent).  A
 * multi-arch package installed for two architectures is two items.
 *
 * Versions follow Debian policy, [epoch:]upstream[-revision]: version is the
 * upstream part, release the revision ("" when there is none), epoch the
 * epoch or "(none)" as the schema asks, and evr (debian_evr_string) the
 * whole, with a missing epoch written as 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/host/host_common.h"
#include "probes/host/host_fs.h"

#define DPKG_STATUS "/var/lib/dpkg/status"
#define MAX_STATUS_BYTES (256UL << 20)

struct package {
	const char *name, *arch, *version; /* arena */
	struct oval_item *item;            /* built when first selected */
};

struct dpkg_db {
	struct package *v; /* arena, sorted by name then architecture */
	size_t n;
	int error;         /* -errno: the database could not be read; -EFBIG: too large */
	bool missing;      /* no database: nothing is installed through dpkg */
};

struct stanza {
	const char *name, *arch, *version, *status;
	size_t name_len, arch_len, version_len, status_len;
};

static bool installed(const struct stanza *s)
{
	/* "want flag state": the state is the last word. */
	const char *state = s->status, *end = s->status + s->status_len, *p;

	for (p = state; p < end; p++)
		if (*p == ' ')
			state = p + 1;
	size_t n = (size_t)(end - state);
	return !(n == 13 && memcmp(state, "not-installed", 13) == 0) &&
	       !(n == 12 && memcmp(state, "config-files", 12) == 0);
}

static int cmp_package(const void *a, const void *b)
{
	const struct package *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->arch, y->arch);
}

/* Keep the stanza's package when it is installed; -1 when out of memory. */
static int end_stanza(struct arena *a, struct stanza *s, struct package **v, size_t *n, size_t *cap)
{
	int rc = 0;

	if (s->name && s->version && s->status && installed(s) && host_utf8(s->name, s->name_len) &&
	    host_utf8(s->version, s->version_len) && (!s->arch || host_utf8(s->arch, s->arch_len))) {
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			struct package *grown = realloc(*v, *cap * sizeof(*grown));
			if (!grown)
				return -1;
			*v = grown;
		}
		struct package *p = &(*v)[*n];
		memset(p, 0, sizeof(*p));
		p->name = arena_strndup(a, s->name, s->name_len);
		p->arch = arena_strndup(a, s->arch ? s->arch : "", s->arch ? s->arch_len : 0);
		p->version = arena_strndup(a, s->version, s->version_len);
		rc = p->name && p->arch && p->version ? 0 : -1;
		(*n)++;
	}
	memset(s, 0, sizeof(*s));
	return rc;
}

/* Parse the status file's text into db (arena strings).  -1 when out of memory. */
static int parse_status(struct arena *a, const char *text, size_t len, struct dpkg_db *db)
{
	static const struct {
		const char *field;
		size_t flen;
	} wanted[] = {{"Package", 7}, {"Architecture", 12}, {"Version", 7}, {"Status", 6}};
	struct package *v = NULL;
	size_t n = 0, cap = 0;
	struct stanza s = {0};
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = eol ? eol : end;
		const char *colon = memchr(p, ':', (size_t)(line_end - p));
		if (p == line_end) {
			if (end_stanza(a, &s, &v, &n, &cap))
				goto oom;
		} else if (*p != ' ' && *p != '\t' && colon) {
			const char *val = colon + 1, *vend = line_end;
			while (val < vend && (*val == ' ' || *val == '\t'))
				val++;
			while (vend > val && (vend[-1] == ' ' || vend[-1] == '\t' || vend[-1] == '\r'))
				vend--;
			for (size_t i = 0; i < 4; i++) {
				if ((size_t)(colon - p) != wanted[i].flen || strncasecmp(p, wanted[i].field, wanted[i].flen) != 0)
					continue;
				const char **slot = i == 0 ? &s.name : i == 1 ? &s.arch : i == 2 ? &s.version : &s.status;
				size_t *slot_len = i == 0 ? &s.name_len : i == 1 ? &s.arch_len : i == 2 ? &s.version_len : &s.status_len;
				*slot = val;
				*slot_len = (size_t)(vend - val);
			}
		}
		p = eol ? eol + 1 : end;
	}
	if (end_stanza(a, &s, &v, &n, &cap))
		goto oom;
	if (n)
		qsort(v, n, sizeof(*v), cmp_package);
	db->v = arena_calloc(a, n ? n : 1, sizeof(*db->v));
	if (!db->v)
		goto oom;
	if (n)
		memcpy(db->v, v, n * sizeof(*v));
	db->n = n;
	free(v);
	return 0;
oom:
	free(v);
	return -1;
}

/* The database, read once per syschar; NULL when out of memory. */
static struct dpkg_db *dpkg_db(struct syschar *sc, const struct host_fs *fs)
{
	struct dpkg_db *db;
	struct host_key k;
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int fd, rc;

	host_key_init(&k, "dpkg");
	if ((db = host_cache_get(sc, &k)))
		return db;
	if (!(db = arena_alloc(&sc->arena, sizeof(*db))))
		return NULL;
	fd = host_open_regular(fs, -1, NULL, DPKG_STATUS, &st);
	if (fd == HOST_NOT_REGULAR)
		fd = -EINVAL; /* something else planted where the database belongs: never opened */
	if (fd == -ENOENT || fd == -ENOTDIR) {
		db->missing = true;
	} else if (fd < 0) {
		db->error = fd;
	} else {
		rc = host_read_fd(fd, MAX_STATUS_BYTES, &text, &len);
		close(fd);
		if (rc == -ENOMEM)
			return NULL;
		db->error = rc;
		rc = rc ? 0 : parse_status(&sc->arena, text, len, db);
		free(text);
		if (rc)
			return NULL;
	}
	return host_cache_put(sc, &k, db) ? NULL : db;
}

static struct oval_item *package_item(struct syschar *sc, const struct package *p)
{
	struct item_builder b;
	const char *v = p->version, *colon = strchr(v, ':');
	const char *upstream = colon ? colon + 1 : v, *dash = strrchr(upstream, '-');
	size_t up_len = dash ? (size_t)(dash - upstream) : strlen(upstream);
	char *epoch = colon ? arena_strndup(&sc->arena, v, (size_t)(colon - v)) : NULL;
	char *evr = arena_sprintf(&sc->arena, "%s:%s", epoch ? epoch : "0", upstream);

	if ((colon && !epoch) || !evr || !item_begin(&b, sc, LINUX_SC_NS, "dpkginfo_item", 6))
		return NULL;
	item_str(&b, "name", p->name);
	item_str(&b, "arch", p->arch);
	item_str(&b, "epoch", epoch ? epoch : "(none)");
	item_str(&b, "release", dash ? dash + 1 : "");
	item_strn(&b, "version", upstream, up_len);
	item_typed(&b, "evr", OVAL_DT_DEBIAN_EVR_STRING, evr);
	return item_end(&b);
}

static int select_package(struct host_collect *hc, struct package *p)
{
	if (!p->item && !(p->item = package_item(hc->sc, p)))
		return cscap_err_oom();
	return host_add(hc, p->item);
}

/* The first package named name (binary search); db->n when there is none. */
static size_t first_named(const struct dpkg_db *db, const char *name)
{
	size_t lo = 0, hi = db->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(db->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int dpkginfo_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			   const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct host_collect hc;
	struct host_fs fs;
	struct dpkg_db *db;
	const struct oval_entity *ne;
	char shown[4352];
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc || (rc = host_open_fs(&hc, &fs)))
		return host_finish(&hc, rc);
	db = dpkg_db(sc, &fs);
	host_fs_shown(&fs, DPKG_STATUS, shown, sizeof(shown));
	host_fs_close(&fs);
	if (!db)
		return host_finish(&hc, cscap_err_oom());
	if (!(ne = host_entity(col->object, "name"))) {
		rc = host_error(&hc, "%s: a dpkginfo_object needs a name", col->object->id);
	} else if (db->missing) {
		rc = host_note(&hc, OVAL_MSG_INFO, "%s: there is no dpkg database (%s): no package is installed through dpkg",
			       col->object->id, shown);
	} else if (db->error) {
		rc = host_error(&hc, "%s: cannot read %s: %s", col->object->id, shown,
				db->error == -EFBIG ? "larger than 256 MiB" : strerror(-db->error));
	} else if (ne->operation == OVAL_OP_EQUALS && !ne->var_ref) {
		/* The common case: one name, looked up. */
		for (size_t i = first_named(db, ne->value);
		     i < db->n && rc == 0 && strcmp(db->v[i].name, ne->value) == 0; i++)
			rc = select_package(&hc, &db->v[i]);
	} else {
		for (size_t i = 0; i < db->n && rc == 0 && !hc.error; i++)
			if (host_match(&hc, ne, db->v[i].name))
				rc = select_package(&hc, &db->v[i]);
	}
	return host_finish(&hc, rc);
}
