#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "common/error_internal.h"
#include "probes/host/file_locate.h"

/* Directory entries looked at for one object, and levels below a starting directory. */
#define MAX_ENTRIES 5000000UL
#define MAX_DEPTH 256

/* ---- the directories above: a directory met again below itself is a cycle -- */

struct chain {
	dev_t dev;
	ino_t ino;
	const struct chain *up;
};

static bool in_chain(const struct chain *c, const struct stat *st)
{
	for (; c; c = c->up)
		if (c->dev == st->st_dev && c->ino == st->st_ino)
			return true;
	return false;
}

/* ---- pruning: could anything below this directory still match? ------- */

struct prune {
	pcre2_code **codes; /* owned */
	size_t n;
	pcre2_match_data *md;
	bool none;          /* nothing can be pruned (not a pattern, or one that does not compile) */
};

static int prune_init(struct prune *p, const struct host_collect *hc, const struct oval_entity *e)
{
	const char *own, *const *values;
	size_t n;

	memset(p, 0, sizeof(*p));
	p->none = true;
	if (e->operation != OVAL_OP_PATTERN_MATCH)
		return 0;
	host_entity_values(hc, e, &own, &values, &n);
	if (!(p->codes = calloc(n ? n : 1, sizeof(*p->codes))) ||
	    !(p->md = pcre2_match_data_create(1, NULL)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int err;
		PCRE2_SIZE off;
		/* The options oval_compare uses, so that both agree on what matches. */
		if (!(p->codes[p->n] = pcre2_compile((PCRE2_SPTR)values[i], PCRE2_ZERO_TERMINATED,
						     PCRE2_UTF, &err, &off, NULL)))
			return 0; /* the comparison will report it */
		p->n++;
	}
	p->none = false;
	return 0;
}

static void prune_free(struct prune *p)
{
	for (size_t i = 0; i < p->n; i++)
		pcre2_code_free(p->codes[i]);
	free(p->codes);
	pcre2_match_data_free(p->md);
}

/* Can some value match prefix, or a path that starts with it? */
static bool prune_may_match(const struct prune *p, const char *prefix)
{
	if (p->none)
		return true;
	for (size_t i = 0; i < p->n; i++) {
		int rc = pcre2_match(p->codes[i], (PCRE2_SPTR)prefix, strlen(prefix), 0,
				     PCRE2_PARTIAL_HARD, p->md, NULL);
		if (rc != PCRE2_ERROR_NOMATCH)
			return true; /* a match, a partial one, or no answer: keep walking */
	}
	return false;
}

/*
 * The directory every match of a pattern lies under: the literal text after
 * a leading "^/", cut at its last '/'.  "/" when nothing can be said (no
 * anchor, or an alternation at the top level).
 */
static void pattern_start_dir(const char *re, char *out, size_t len)
{
	size_t n = 0;
	int depth = 0;

	snprintf(out, len, "/");
	for (const char *p = re; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
		} else if (*p == '[') {
			p += p[1] == '^' ? 2 : 1;
			if (*p == ']')
				p++;
			while (*p && *p != ']')
				p += (*p == '\\' && p[1]) ? 2 : 1;
			if (!*p)
				return;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (*p == '|' && depth == 0) {
			return;
		}
	}
	if (re[0] != '^' || re[1] != '/')
		return;
	for (const char *p = re + 1; *p && n + 1 < len;) {
		char c;
		if (*p == '\\') {
			if (!p[1] || (p[1] >= '0' && p[1] <= '9') || (p[1] >= 'a' && p[1] <= 'z') ||
			    (p[1] >= 'A' && p[1] <= 'Z'))
				break; /* \d, \w, \Q, a back reference: not a literal */
			c = p[1];
			p += 2;
		} else if (strchr(".[]()*+?{}|^$", *p)) {
			break;
		} else {
			c = *p++;
		}
		if (*p == '*' || *p == '?' || *p == '{')
			break; /* c is optional: it is not part of every match */
		out[n++] = c;
		if (*p == '+')
			break;
	}
	out[n] = '\0';
	char *last = strrchr(out, '/');
	if (last == out || !last)
		snprintf(out, len, "/");
	else
		*last = '\0';
}

/* ---- the locator ----------------------------------------------------- */

struct entry {
	char *name;          /* owned */
	unsigned char type;  /* DT_*, from readdir (DT_UNKNOWN: ask fstatat) */
	bool descend;        /* go down into it after the listing is closed */
	bool via_link;       /* it is a symbolic link to follow (recurse="symlinks...") */
};

struct listing {
	struct entry *v;     /* owned */
	size_t n, cap;
};

struct locator {
	struct host_collect *hc;
	const struct host_fs *fs;
	const struct host_behaviors *b;
	locate_fn fn;
	void *arg;
	const struct oval_entity *filepath, *path, *filename;
	struct prune prune;
	size_t entries;
	size_t not_utf8;     /* names skipped: not representable in the results (incomplete) */
	size_t too_long;     /* paths skipped: longer than PATH_MAX */
	bool stop;           /* an error or a limit: collect no more */
	dev_t start_dev;     /* recurse_file_system="defined" */
	int rc;              /* out of memory, or what fn returned */
};

static void listing_free(struct listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int fail(struct locator *L, int rc)
{
	L->stop = true;
	if (!L->rc)
		L->rc = rc;
	return rc;
}

static bool stopped(const struct locator *L)
{
	return L->stop || L->hc->error || L->hc->oom;
}

static void limit_reached(struct locator *L, const char *what)
{
	if (!L->hc->incomplete && host_note(L->hc, OVAL_MSG_WARNING, "%s: stopped after %s; some files were not looked at",
					    L->hc->obj->id, what))
		fail(L, cscap_err_oom());
	L->hc->incomplete = true;
	L->stop = true;
}

/* "dir/name" (malloc'd); NULL when out of memory or longer than PATH_MAX (errno says which). */
static char *join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	bool root = a == 1 && dir[0] == '/';

	if (a + b + 2 > PATH_MAX) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	char *p = malloc(a + b + 2);
	if (!p) {
		errno = ENOMEM;
		return NULL;
	}
	size_t n = root ? 0 : a;
	memcpy(p, dir, n);
	p[n] = '/';
	memcpy(p + n + 1, name, b + 1);
	return p;
}

/* join() for the locator: NULL also when the path is too long (counted, the object incomplete). */
static char *join_path(struct locator *L, const char *dir, const char *name)
{
	char *p = join(dir, name);

	if (!p && errno == ENOMEM)
		fail(L, cscap_err_oom());
	else if (!p)
		L->too_long++;
	return p;
}

/* A directory or file could not be opened; only a missing one is no problem. */
static void open_failed(struct locator *L, const char *path, int err, bool quiet_links)
{
	char shown[PATH_MAX + 256];

	if (err == -ENOENT || err == -ENOTDIR || (quiet_links && err == -ELOOP))
		return;
	if (host_error(L->hc, "%s: cannot read %s: %s", L->hc->obj->id,
		       host_fs_shown(L->fs, path, shown, sizeof(shown)), strerror(-err)))
		fail(L, cscap_err_oom());
	L->stop = true;
}

/* Read the names in a directory (sorted, "." and ".." left out); the DIR stays open in *dp. */
static int list_dir(struct locator *L, int fd, const char *path, DIR **dp, struct listing *out)
{
	struct dirent *de;
	DIR *d = fdopendir(fd);

	memset(out, 0, sizeof(*out));
	*dp = NULL;
	if (!d) {
		close(fd);
		open_failed(L, path, -errno, false);
		return -1;
	}
	*dp = d;
	errno = 0;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (++L->entries > MAX_ENTRIES) {
			limit_reached(L, "5000000 directory entries");
			return -1;
		}
		if (!host_utf8(de->d_name, strlen(de->d_name))) {
			L->not_utf8++;
			continue;
		}
		if (out->n == out->cap) {
			size_t ncap = out->cap ? out->cap * 2 : 32;
			struct entry *v = realloc(out->v, ncap * sizeof(*v));
			if (!v)
				return fail(L, cscap_err_oom());
			out->v = v;
			out->cap = ncap;
		}
		out->v[out->n] = (struct entry){.name = strdup(de->d_name), .type = de->d_type};
		if (!out->v[out->n++].name)
			return fail(L, cscap_err_oom());
		errno = 0;
	}
	if (errno) {
		open_failed(L, path, -errno, false);
		return -1;
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_entry);
	return 0;
}

static void visit(struct locator *L, const char *dir, int dirfd, const char *name, const struct stat *st)
{
	char *fp = NULL;

	if (name && !(fp = join_path(L, dir, name)))
		return;
	struct located f = {dir, name, name ? fp : dir, dirfd, st};
	int rc = L->fn(L->hc, L->fs, &f, L->arg);
	if (rc)
		fail(L, rc);
	free(fp);
}

/* Remote file systems, left out by recurse_file_system="local". */
static bool remote_fs(long type)
{
	static const long remote[] = {
		0x6969,     /* NFS */      0x517B,     /* SMB */      (long)0xFF534D42, /* CIFS */
		(long)0xFE534D42, /* SMB2 */ 0x73757245, /* CODA */    0x5346414F, /* AFS */
		0x564C,     /* NCP */      0x00C36400, /* Ceph */     0x01161970, /* GFS2 */
		0x7461636F, /* OCFS2 */    0x013111A8, /* IBRIX */    0x65735546, /* FUSE */
	};

	for (size_t i = 0; i < sizeof(remote) / sizeof(remote[0]); i++)
		if ((long)(unsigned int)type == remote[i] || type == remote[i])
			return true;
	return false;
}

static bool fs_allowed(const struct locator *L, int fd, const struct stat *st)
{
	struct statfs sf;

	if (L->b->filesystems == RECURSE_FS_DEFINED && st->st_dev != L->start_dev)
		return false;
	if (L->b->filesystems == RECURSE_FS_LOCAL && fstatfs(fd, &sf) == 0 && remote_fs((long)sf.f_type))
		return false;
	return true;
}

/* Never wander into the kernel's pseudo file systems from above. */
static bool special_dir(const char *path)
{
	return strcmp(path, "/proc") == 0 || strcmp(path, "/sys") == 0;
}

/* A name the filename entity could mean: one path component. */
static bool plain_name(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") != 0 && strcmp(s, "..") != 0;
}

/* The files of dir that the filename entity selects, or dir itself when it is nil. */
static void select_in_dir(struct locator *L, const char *dir, int fd, const struct listing *names)
{
	const struct oval_entity *fe = L->filename;
	struct stat st;

	if (fe->nil) {
		if (fstat(fd, &st) != 0)
			open_failed(L, dir, -errno, false);
		else
			visit(L, dir, fd, NULL, &st);
		return;
	}
	if (fe->operation == OVAL_OP_EQUALS) {
		const char *own, *const *values;
		size_t n;
		host_entity_values(L->hc, fe, &own, &values, &n);
		for (size_t i = 0; i < n && !stopped(L); i++) {
			if (!plain_name(values[i]))
				continue;
			if (fstatat(fd, values[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
				int err = errno;
				char *p = join_path(L, dir, values[i]);
				if (p)
					open_failed(L, p, -err, false);
				free(p);
			} else if (host_match(L->hc, fe, values[i])) {
				visit(L, dir, fd, values[i], &st);
			}
		}
		return;
	}
	for (size_t i = 0; names && i < names->n && !stopped(L); i++) {
		if (!host_match(L->hc, fe, names->v[i].name))
			continue;
		if (fstatat(fd, names->v[i].name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			if (errno != ENOENT) /* gone since it was listed: nothing to report */
				open_failed(L, dir, -errno, false);
			continue;
		}
		visit(L, dir, fd, names->v[i].name, &st);
	}
}

/* Open a directory for reading (or only for lookups); -errno. */
static int open_dir(const struct locator *L, const char *path, bool list, bool follow)
{
	return host_fs_openat(L->fs, path, (list ? O_RDONLY : O_PATH) | O_DIRECTORY | (follow ? 0 : O_NOFOLLOW));
}

/*
 * May the walk enter this directory: not one of its own ancestors (a link
 * or bind mount leading back up: a cycle), and on a file system the
 * behaviors allow?  Fills self for the directories below.  Closes fd when not.
 */
static bool enter(struct locator *L, int fd, const char *path, int level, const struct chain *up,
		  struct chain *self)
{
	struct stat st;

	if (fstat(fd, &st) != 0) {
		open_failed(L, path, -errno, false);
		close(fd);
		return false;
	}
	if (level == 0)
		L->start_dev = st.st_dev;
	*self = (struct chain){st.st_dev, st.st_ino, up};
	if (in_chain(up, &st) || (level > 0 && !fs_allowed(L, fd, &st))) {
		close(fd);
		return false;
	}
	return true;
}

/* The type of an entry, asking the file system when readdir did not say. */
static unsigned char entry_type(int dirfd, struct entry *e)
{
	struct stat st;

	if (e->type == DT_UNKNOWN) {
		if (fstatat(dirfd, e->name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			return DT_UNKNOWN;
		e->type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISLNK(st.st_mode) ? DT_LNK : DT_REG;
	}
	return e->type;
}

/* Go down into the entries marked descend, the listing being closed by now. */
static void descend_all(struct locator *L, const char *dir, struct listing *names, int level,
			const struct chain *self,
			void (*down)(struct locator *, const char *, const struct entry *, int,
				     const struct chain *, void *),
			void *arg)
{
	for (size_t i = 0; i < names->n && !stopped(L); i++) {
		if (!names->v[i].descend)
			continue;
		char *child = join_path(L, dir, names->v[i].name);
		if (!child)
			continue;
		if (level + 1 > MAX_DEPTH)
			limit_reached(L, "256 directory levels");
		else if (!special_dir(child))
			down(L, child, &names->v[i], level + 1, self, arg);
		free(child);
	}
}

static void scan_base(struct locator *L, const char *dir, long depth_left, bool follow, int level,
		      const struct chain *up);

static void scan_child(struct locator *L, const char *child, const struct entry *e, int level,
		       const struct chain *up, void *arg)
{
	long depth_left = *(const long *)arg;

	scan_base(L, child, depth_left > 0 ? depth_left - 1 : -1, e->via_link, level, up);
}

/*
 * A directory the path entity named (a base), then, recursing down, the
 * directories below it that the behaviors allow, depth_left levels (-1: no
 * limit).  Links met on the way are followed when the behaviors say so.
 */
static void scan_base(struct locator *L, const char *dir, long depth_left, bool follow, int level,
		      const struct chain *up)
{
	struct chain self;
	bool recurse = depth_left != 0;
	bool enumerate = !L->filename->nil && L->filename->operation != OVAL_OP_EQUALS;
	struct listing names = {0};
	DIR *d = NULL;
	int fd = open_dir(L, dir, recurse || enumerate, follow);

	if (fd < 0) {
		open_failed(L, dir, fd, level > 0);
		return;
	}
	if (!enter(L, fd, dir, level, up, &self))
		return;
	if (!recurse && !enumerate) {
		select_in_dir(L, dir, fd, NULL);
		close(fd);
		return;
	}
	if (list_dir(L, fd, dir, &d, &names) == 0) {
		select_in_dir(L, dir, dirfd(d), &names);
		for (size_t i = 0; recurse && !stopped(L) && i < names.n; i++) {
			struct entry *e = &names.v[i];
			unsigned char type = entry_type(dirfd(d), e);
			e->via_link = type == DT_LNK;
			e->descend = (type == DT_DIR && L->b->follow_directories) ||
				     (type == DT_LNK && L->b->follow_symlinks);
		}
	}
	if (d)
		closedir(d);
	/* The listing is closed before going down, so open descriptors stay few. */
	descend_all(L, dir, &names, level, &self, scan_child, &depth_left);
	listing_free(&names);
}

static void walk(struct locator *L, const char *dir, bool path_mode, bool follow, int level,
		 const struct chain *up);

static void walk_child(struct locator *L, const char *child, const struct entry *e, int level,
		       const struct chain *up, void *arg)
{
	walk(L, child, *(const bool *)arg, e->via_link, level, up);
}

/*
 * May a match lie in dir (path_mode: dir itself is a candidate path) or
 * below it?  The pattern, partially, against dir or dir + "/".
 */
static bool worth_entering(const struct locator *L, const char *dir, bool path_mode)
{
	size_t len = strlen(dir);
	char slash[PATH_MAX + 1];

	if (len + 2 > sizeof(slash))
		return false;
	memcpy(slash, dir, len);
	memcpy(slash + len, "/", 2);
	if (path_mode)
		slash[len] = '\0';
	return prune_may_match(&L->prune, slash);
}

/*
 * Enumerate below dir for a pattern (or any operation but equals) on the
 * path entity (path_mode: each directory is a candidate path) or on the
 * filepath entity (each entry is a candidate file).  Directories are
 * entered, and links to directories too unless recurse says not (as
 * OpenSCAP does); a link back up is a cycle and is not followed.
 */
static void walk(struct locator *L, const char *dir, bool path_mode, bool follow, int level,
		 const struct chain *up)
{
	struct chain self;
	struct listing names = {0};
	DIR *d = NULL;
	int fd = open_dir(L, dir, true, follow);

	if (fd < 0) {
		open_failed(L, dir, fd, level > 0);
		return;
	}
	if (!enter(L, fd, dir, level, up, &self))
		return;
	if (list_dir(L, fd, dir, &d, &names) != 0) {
		if (d)
			closedir(d);
		listing_free(&names);
		return;
	}
	if (path_mode && host_match(L->hc, L->path, dir))
		select_in_dir(L, dir, dirfd(d), &names);
	for (size_t i = 0; i < names.n && !stopped(L); i++) {
		struct entry *e = &names.v[i];
		struct stat st;
		char *child = join_path(L, dir, e->name);
		if (!child)
			continue;
		if (!path_mode && host_match(L->hc, L->filepath, child) &&
		    fstatat(dirfd(d), e->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			visit(L, dir, dirfd(d), e->name, &st);
		unsigned char type = entry_type(dirfd(d), e);
		e->via_link = type == DT_LNK;
		e->descend = (type == DT_DIR || (type == DT_LNK && L->b->follow_symlinks)) &&
			     worth_entering(L, child, path_mode);
		free(child);
	}
	closedir(d);
	descend_all(L, dir, &names, level, &self, walk_child, &path_mode);
	listing_free(&names);
}

/* Collapse repeated slashes and drop a trailing one; NULL when not absolute (or out of memory). */
static char *normalized(const char *in)
{
	size_t n = 0;
	char *out;

	if (in[0] != '/' || !(out = malloc(strlen(in) + 1)))
		return NULL;
	for (const char *p = in; *p; p++)
		if (*p != '/' || n == 0 || out[n - 1] != '/')
			out[n++] = *p;
	if (n > 1 && out[n - 1] == '/')
		n--;
	out[n] = '\0';
	return out;
}

static char *absolute_value(struct locator *L, const struct oval_entity *e, const char *v)
{
	char *p = normalized(v);

	if (!p && v[0] == '/')
		fail(L, cscap_err_oom());
	else if (!p && host_error(L->hc, "%s: the %s entity's value '%s' is not an absolute path",
				  L->hc->obj->id, e->name, v))
		fail(L, cscap_err_oom());
	if (!p)
		L->stop = true;
	return p;
}

/* filepath equals: look each named file up in its directory. */
static void by_filepath(struct locator *L, const char *value)
{
	char *fp = absolute_value(L, L->filepath, value);
	struct stat st;

	if (!fp)
		return;
	char *slash = strrchr(fp, '/');
	if (slash[1] && host_match(L->hc, L->filepath, value)) {
		const char *dir = slash == fp ? "/" : fp;
		*slash = '\0';
		int fd = open_dir(L, dir, false, true);
		if (fd < 0) {
			open_failed(L, dir, fd, false);
		} else {
			if (fstatat(fd, slash + 1, &st, AT_SYMLINK_NOFOLLOW) == 0)
				visit(L, dir, fd, slash + 1, &st);
			else if (errno != ENOENT && errno != ENOTDIR) {
				*slash = '/';
				open_failed(L, fp, -errno, false);
			}
			close(fd);
		}
	}
	free(fp);
}

/* path equals: each named directory, then what recurse_direction adds. */
static void by_path(struct locator *L, const char *value)
{
	char *base = absolute_value(L, L->path, value);

	if (!base)
		return;
	if (!host_match(L->hc, L->path, value)) {
		free(base);
		return;
	}
	long depth = L->b->direction == RECURSE_NONE ? 0 : L->b->max_depth;
	if (L->b->direction != RECURSE_UP || depth == 0) {
		scan_base(L, base, L->b->direction == RECURSE_DOWN ? depth : 0, true, 0, NULL);
	} else {
		/* Up: the base and its parents, max_depth of them (-1: up to the root). */
		for (long level = 0; !stopped(L); level++) {
			scan_base(L, base, 0, true, 0, NULL);
			char *slash = strrchr(base, '/');
			if ((depth >= 0 && level >= depth) || strcmp(base, "/") == 0)
				break;
			if (slash == base)
				slash[1] = '\0';
			else
				*slash = '\0';
		}
	}
	free(base);
}

/* Is path b inside a (or a itself)? */
static bool inside(const char *a, const char *b)
{
	size_t n = strlen(a);

	return strcmp(a, "/") == 0 || (strncmp(a, b, n) == 0 && (b[n] == '/' || b[n] == '\0'));
}

/* Any other operation on path or filepath: walk from where the values' matches must lie. */
static void by_enumeration(struct locator *L, const struct oval_entity *e, bool path_mode)
{
	const char *own, *const *values;
	char (*starts)[PATH_MAX];
	size_t n;

	if (prune_init(&L->prune, L->hc, e)) {
		fail(L, cscap_err_oom());
		return;
	}
	host_entity_values(L->hc, e, &own, &values, &n);
	if (e->operation != OVAL_OP_PATTERN_MATCH)
		n = 1; /* no literal start: the whole tree */
	if (!(starts = calloc(n ? n : 1, sizeof(*starts)))) {
		fail(L, cscap_err_oom());
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (e->operation == OVAL_OP_PATTERN_MATCH)
			pattern_start_dir(values[i], starts[i], sizeof(starts[i]));
		else
			snprintf(starts[i], sizeof(starts[i]), "/");
	}
	/* One walk per start, none inside another's (the first of equal ones walks). */
	for (size_t i = 0; i < n && !stopped(L); i++) {
		bool covered = false;
		for (size_t j = 0; j < n && !covered; j++)
			covered = j != i && inside(starts[j], starts[i]) &&
				  (strcmp(starts[i], starts[j]) != 0 || j < i);
		if (!covered)
			walk(L, starts[i], path_mode, true, 0, NULL);
	}
	free(starts);
}

int files_locate(struct host_collect *hc, const struct host_fs *fs, const struct host_behaviors *b,
		 locate_fn fn, void *arg)
{
	struct locator L = {.hc = hc, .fs = fs, .b = b, .fn = fn, .arg = arg};
	const char *own, *const *values;
	size_t n;

	L.filepath = host_entity(hc->obj, "filepath");
	L.path = host_entity(hc->obj, "path");
	L.filename = host_entity(hc->obj, "filename");
	L.prune.none = true;
	if (L.filepath && L.filepath->operation == OVAL_OP_EQUALS) {
		host_entity_values(hc, L.filepath, &own, &values, &n);
		for (size_t i = 0; i < n && !stopped(&L); i++)
			by_filepath(&L, values[i]);
	} else if (L.filepath) {
		by_enumeration(&L, L.filepath, false);
	} else if (L.path && L.filename && L.path->operation == OVAL_OP_EQUALS) {
		host_entity_values(hc, L.path, &own, &values, &n);
		for (size_t i = 0; i < n && !stopped(&L); i++)
			by_path(&L, values[i]);
	} else if (L.path && L.filename) {
		by_enumeration(&L, L.path, true);
	} else if (host_error(hc, "%s: the object names no file (it needs filepath, or path and filename)",
			      hc->obj->id)) {
		fail(&L, cscap_err_oom());
	}
	prune_free(&L.prune);
	/* A name the results cannot carry might have matched: the answer is not the whole truth. */
	if (!L.rc && L.not_utf8) {
		hc->incomplete = true;
		if (host_note(hc, OVAL_MSG_WARNING, "%s: %zu file names that are not UTF-8 were left out",
			      hc->obj->id, L.not_utf8))
			L.rc = cscap_err_oom();
	}
	if (!L.rc && L.too_long) {
		hc->incomplete = true;
		if (host_note(hc, OVAL_MSG_WARNING, "%s: %zu paths longer than %d bytes were not looked at",
			      hc->obj->id, L.too_long, PATH_MAX))
			L.rc = cscap_err_oom();
	}
	return L.rc;
}
