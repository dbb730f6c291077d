/*
 * The offline view: Docker's own files under a mounted host filesystem.
 *
 * Every path is opened from a descriptor of the root with openat2() and
 * RESOLVE_IN_ROOT, so a symbolic link in the image (absolute or "..")
 * resolves inside the image, never on the scanning host.  Without openat2
 * (ENOSYS, or EPERM from an old seccomp profile) a path is walked one
 * component at a time with O_NOFOLLOW and symbolic links and ".." are
 * refused.  A file is stat'ed (without following it) before it is opened
 * for reading, so a device node or FIFO planted in a hostile image is never
 * opened.
 *
 * One pass: each containers folder is listed once, the ids are sorted, and
 * each container's two files are read once into one reused buffer.  The
 * files are looked up one component at a time from the containers folder's
 * descriptor with O_NOFOLLOW (cheap, and nothing is followed); only a
 * symbolic link met there takes the general path above.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <json-c/json.h>
#include <linux/openat2.h>

#include "common/error_internal.h"
#include "probes/container/disk_view.h"
#include "probes/container/pidns.h"
#include "probes/container/json_fields.h"

#define ID_LEN 64
/* A real config.v2.json is a few KiB; hostile images must not exhaust memory. */
#define MAX_FILE_BYTES (16L * 1024 * 1024)
#define MAX_CONTAINERS 1000000
/* <uid>.<gid> folders: a real host has one or two; each keeps a descriptor open. */
#define MAX_REMAPPED_ROOTS 1024
#define DEFAULT_DATA_ROOT "/var/lib/docker"
#define DAEMON_JSON "/etc/docker/daemon.json"
/* Go's zero time.Time, as Docker writes StartedAt of a never-started container. */
#define ZERO_TIME "0001-01-01T00:00:00Z"

struct entry {
	const char *id;  /* owned by the snapshot's arena */
	size_t dir;      /* index into reader.dirs */
};

struct reader {
	int root_fd;
	bool have_openat2;
	const char *root;     /* for messages: the root without trailing '/' ("" for "/") */
	struct arena *arena;  /* the snapshot's */
	char *buf;            /* contents of the last file read (owned, reused) */
	size_t cap;
	void *tok;            /* json-c tokener, reused for every file (owned) */
	const char **dirs;    /* containers folders, "/..." inside the root (arena) */
	int *dir_fds;         /* each one open, or -1 when absent (owned) */
	size_t n_dirs, cap_dirs;
	struct entry *entries; /* owned */
	size_t n_entries, cap_entries;
};

/* ---- opening inside the root ------------------------------------------ */

/* Without openat2: one component at a time, refusing symbolic links and "..". */
static int walk_in_root(const struct reader *r, const char *path, int flags)
{
	char comp[NAME_MAX + 1];
	int dir = r->root_fd, fd;
	const char *p = path;

	for (;;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n > NAME_MAX) {
			fd = -ENAMETOOLONG;
			break;
		}
		memcpy(comp, n ? p : ".", n ? n : 1);
		comp[n ? n : 1] = '\0';
		p += n;
		while (*p == '/')
			p++;
		bool last = *p == '\0';
		if (strcmp(comp, "..") == 0) {
			fd = -EXDEV;
			break;
		}
		if (strcmp(comp, ".") == 0 && !last)
			continue;
		fd = openat(dir, comp,
			    (last ? flags | ((flags & O_PATH) ? 0 : O_NOCTTY) : O_PATH | O_DIRECTORY) |
				    O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			struct stat sb;
			fd = -errno;
			if ((fd == -ELOOP || fd == -ENOTDIR) &&
			    fstatat(dir, comp, &sb, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(sb.st_mode))
				fd = -ELOOP;
			break;
		}
		if (last && (flags & O_PATH)) {
			/* O_PATH|O_NOFOLLOW opens a symbolic link itself: refuse it here. */
			struct stat sb;
			if (fstat(fd, &sb) == 0 && S_ISLNK(sb.st_mode)) {
				close(fd);
				fd = -ELOOP;
			}
		}
		if (last)
			break;
		if (dir != r->root_fd)
			close(dir);
		dir = fd;
	}
	if (dir != r->root_fd)
		close(dir);
	return fd;
}

/* A descriptor for path (absolute or not, always inside the root), or -errno. */
static int open_in_root(const struct reader *r, const char *path, int flags)
{
	if (!r->have_openat2)
		return walk_in_root(r, path, flags);
	struct open_how how = {
		/* openat2 refuses O_PATH combined with anything but O_DIRECTORY/O_NOFOLLOW/O_CLOEXEC. */
		.flags = (unsigned long long)(flags | O_CLOEXEC | ((flags & O_PATH) ? 0 : O_NOCTTY)),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	for (int tries = 0; tries < 16; tries++) {
		long fd = syscall(SYS_openat2, r->root_fd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		/* EAGAIN: a rename or mount raced the lookup; it is safe to retry. */
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
	return -EAGAIN;
}

/* Is openat2 with RESOLVE_IN_ROOT usable here?  Asked once per snapshot. */
static bool openat2_works(int root_fd)
{
	struct open_how how = {
		.flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, root_fd, ".", &how, sizeof(how));

	if (fd >= 0) {
		close((int)fd);
		return true;
	}
	/* ENOSYS: kernel before 5.6.  EPERM: a seccomp profile that predates it. */
	return errno != ENOSYS && errno != EPERM;
}

static const char *open_error(const struct reader *r, int err)
{
	if (!r->have_openat2 && err == ELOOP)
		return "a symbolic link, not followed (openat2 is unavailable, so links cannot be kept inside the root)";
	if (!r->have_openat2 && err == EXDEV)
		return "'..' refused (openat2 is unavailable, so it cannot be kept inside the root)";
	return strerror(err);
}

/* ---- reading files ----------------------------------------------------- */

/* Besides -errno, the openers below answer these. */
#define NOT_REGULAR (-4096)
#define REPLACED (-4097)

/* The open descriptor still names the file that was stat'ed before opening. */
static int same_file(int fd, struct stat *sb)
{
	struct stat now;

	if (fstat(fd, &now) != 0 || now.st_dev != sb->st_dev || now.st_ino != sb->st_ino) {
		close(fd);
		return REPLACED;
	}
	*sb = now;
	return fd;
}

/*
 * The fast way: name is one component of a folder already opened inside the
 * root, and nothing is followed.  -ELOOP when it is a symbolic link (the
 * caller then resolves it the slow way).  Looking before opening keeps a
 * device node or FIFO from ever being opened.
 */
static int open_regular_at(int dirfd, const char *name, struct stat *sb)
{
	int fd;

	if (fstatat(dirfd, name, sb, AT_SYMLINK_NOFOLLOW) != 0)
		return -errno;
	if (S_ISLNK(sb->st_mode))
		return -ELOOP;
	if (!S_ISREG(sb->st_mode))
		return NOT_REGULAR;
	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : same_file(fd, sb);
}

/* The general way: any path inside the root, links resolved inside it. */
static int open_regular_in_root(const struct reader *r, const char *path, struct stat *sb)
{
	int fd = open_in_root(r, path, O_PATH), err = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, sb) != 0)
		err = -errno;
	close(fd);
	if (err)
		return err;
	if (!S_ISREG(sb->st_mode))
		return NOT_REGULAR;
	fd = open_in_root(r, path, O_RDONLY | O_NONBLOCK);
	return fd < 0 ? fd : same_file(fd, sb);
}

static int grow_buffer(struct reader *r, size_t want)
{
	size_t ncap = r->cap ? r->cap : 8192;

	while (ncap < want)
		ncap *= 2;
	char *grown = realloc(r->buf, ncap);
	if (!grown)
		return cscap_err_oom();
	r->buf = grown;
	r->cap = ncap;
	return 0;
}

/*
 * Read the regular file path (inside the root) into r->buf, NUL-terminated,
 * *len bytes.  With dirfd >= 0, path's last component is looked up in dirfd
 * first.  A missing file sets *missing when missing is not NULL, else it is
 * an error.
 */
static int read_file(struct reader *r, int dirfd, const char *path, size_t *len, bool *missing)
{
	struct stat sb;
	int fd, rc = 0;

	*len = 0;
	if (missing)
		*missing = false;
	fd = dirfd >= 0 ? open_regular_at(dirfd, strrchr(path, '/') + 1, &sb) : -ELOOP;
	if (fd == -ELOOP)
		fd = open_regular_in_root(r, path, &sb);
	if (fd == -ENOENT && missing) {
		*missing = true;
		return 0;
	}
	if (fd == NOT_REGULAR)
		return cscap_err(CSCAP_EENGINE, "%s%s: not a regular file", r->root, path);
	if (fd == REPLACED)
		return cscap_err(CSCAP_EENGINE, "%s%s: replaced while being opened", r->root, path);
	if (fd < 0)
		return cscap_err(CSCAP_EENGINE, "%s%s: %s", r->root, path, open_error(r, -fd));
	if (sb.st_size > MAX_FILE_BYTES) {
		close(fd);
		return cscap_err(CSCAP_EREFUSED, "%s%s: larger than %ld bytes", r->root, path,
				 MAX_FILE_BYTES);
	}
	if ((size_t)sb.st_size + 2 > r->cap && (rc = grow_buffer(r, (size_t)sb.st_size + 2))) {
		close(fd);
		return rc;
	}
	for (;;) {
		/* A file may grow after fstat: follow it, up to the cap. */
		if (*len + 1 >= r->cap) {
			if (*len > (size_t)MAX_FILE_BYTES) {
				rc = cscap_err(CSCAP_EREFUSED, "%s%s: larger than %ld bytes", r->root,
					       path, MAX_FILE_BYTES);
				break;
			}
			if ((rc = grow_buffer(r, r->cap * 2)))
				break;
		}
		ssize_t got = read(fd, r->buf + *len, r->cap - 1 - *len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = cscap_err(CSCAP_EENGINE, "%s%s: %s", r->root, path, strerror(errno));
			break;
		}
		if (got == 0)
			break;
		*len += (size_t)got;
	}
	close(fd);
	if (rc == 0 && *len > (size_t)MAX_FILE_BYTES)
		rc = cscap_err(CSCAP_EREFUSED, "%s%s: larger than %ld bytes", r->root, path,
			       MAX_FILE_BYTES);
	if (rc == 0)
		r->buf[*len] = '\0';
	return rc;
}

/* Read and parse the JSON file at path; *out freed with json_object_put(). */
static int read_json(struct reader *r, int dirfd, const char *path, json_object **out, bool *missing)
{
	char what[PATH_MAX + 256];
	size_t len;
	int rc = read_file(r, dirfd, path, &len, missing);

	*out = NULL;
	if (rc || (missing && *missing))
		return rc;
	snprintf(what, sizeof(what), "%s%s", r->root, path);
	if (!r->tok && !(r->tok = docker_json_tokener_new()))
		return cscap_err_oom();
	return docker_json_parse_with(r->tok, r->buf, len, (void **)out, what);
}

/* ---- JSON fields: json_fields.h ---------------------------------------- */

static int fields_error(int f, const char *root, const char *path)
{
	char what[PATH_MAX * 2];

	if (!f)
		return 0;
	snprintf(what, sizeof(what), "%s%s", root, path);
	return json_fields_error(f, what);
}

/* ---- the data-root ----------------------------------------------------- */

/* data-root (or the legacy graph) from daemon.json, as "/..." inside the root. */
static int find_data_root(struct reader *r, const char **out)
{
	json_object *conf, *data_root, *graph;
	const char *dr = DEFAULT_DATA_ROOT;
	bool missing;
	int rc = read_json(r, -1, DAEMON_JSON, &conf, &missing);

	*out = DEFAULT_DATA_ROOT;
	if (rc || missing)
		return rc;
	if (!json_object_is_type(conf, json_type_object)) {
		json_object_put(conf);
		return cscap_err(CSCAP_EENGINE, "%s%s: not a JSON object", r->root, DAEMON_JSON);
	}
	if (!json_field_member(conf, "data-root", json_type_string, &data_root) ||
	    !json_field_member(conf, "graph", json_type_string, &graph)) {
		json_object_put(conf);
		return cscap_err(CSCAP_EENGINE, "%s%s: \"data-root\" or \"graph\" is not a string",
				 r->root, DAEMON_JSON);
	}
	if (data_root && graph && json_object_get_string_len(data_root) &&
	    json_object_get_string_len(graph)) {
		json_object_put(conf);
		/* dockerd refuses to start with both, so neither can be trusted. */
		return cscap_err(CSCAP_EENGINE, "%s%s: both \"data-root\" and \"graph\" are set",
				 r->root, DAEMON_JSON);
	}
	size_t n = strlen(dr);
	if (data_root && json_object_get_string_len(data_root)) {
		dr = json_object_get_string(data_root);
		n = (size_t)json_object_get_string_len(data_root);
	} else if (graph && json_object_get_string_len(graph)) {
		dr = json_object_get_string(graph);
		n = (size_t)json_object_get_string_len(graph);
	}
	if (n >= PATH_MAX - 256 || memchr(dr, '\0', n) != NULL) {
		json_object_put(conf);
		return cscap_err(CSCAP_EENGINE, "%s%s: \"data-root\" is too long or holds a NUL",
				 r->root, DAEMON_JSON);
	}
	while (n > 1 && dr[n - 1] == '/')
		n--;
	/* dockerd runs in /, so a relative data-root is relative to the root too. */
	*out = arena_sprintf(r->arena, "%s%.*s", dr[0] == '/' ? "" : "/", (int)n, dr);
	json_object_put(conf);
	return *out ? 0 : cscap_err_oom();
}

/* ---- listing ----------------------------------------------------------- */

static bool is_id(const char *s)
{
	size_t i;

	for (i = 0; i < ID_LEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[i] == '\0';
}

/* <uid>.<gid>: where user-namespace remapping puts the daemon's state. */
static bool is_remapped_root(const char *s)
{
	size_t a = strspn(s, "0123456789");

	return a > 0 && a <= 10 && s[a] == '.' && strspn(s + a + 1, "0123456789") == strlen(s + a + 1) &&
	       s[a + 1] != '\0' && strlen(s + a + 1) <= 10;
}

static int open_dir(const struct reader *r, const char *path, DIR **out)
{
	int fd = open_in_root(r, path, O_RDONLY | O_DIRECTORY);

	*out = NULL;
	if (fd < 0)
		return fd;
	if (!(*out = fdopendir(fd))) {
		int err = errno;
		close(fd);
		return -err;
	}
	return 0;
}

static int add_dir(struct reader *r, const char *path)
{
	if (r->n_dirs == r->cap_dirs) {
		size_t ncap = r->cap_dirs ? r->cap_dirs * 2 : 8;
		const char **grown = arena_calloc(r->arena, ncap, sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		if (r->n_dirs)
			memcpy(grown, r->dirs, r->n_dirs * sizeof(*grown));
		r->dirs = grown;
		r->cap_dirs = ncap;
	}
	r->dirs[r->n_dirs++] = path;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* <data-root>/containers, then <data-root>/<uid>.<gid>/containers in name order. */
static int find_container_dirs(struct reader *r, const char *data_root)
{
	const char *base = strcmp(data_root, "/") == 0 ? "" : data_root;
	const char *plain = arena_sprintf(r->arena, "%s/containers", base);
	struct dirent *de;
	DIR *dir;
	int err, rc;
	size_t first_remapped;

	if (!plain)
		return cscap_err_oom();
	if ((err = open_dir(r, data_root, &dir)) < 0)
		return cscap_err(CSCAP_EENGINE, "%s%s: no Docker data-root here (%s)", r->root, data_root,
				 open_error(r, -err));
	if ((rc = add_dir(r, plain))) {
		closedir(dir);
		return rc;
	}
	first_remapped = r->n_dirs;
	for (errno = 0; (de = readdir(dir)) != NULL; errno = 0) {
		if (!is_remapped_root(de->d_name))
			continue;
		if (r->n_dirs - first_remapped >= MAX_REMAPPED_ROOTS) {
			closedir(dir);
			return cscap_err(CSCAP_EREFUSED, "%s%s: more than %d <uid>.<gid> folders",
					 r->root, data_root, MAX_REMAPPED_ROOTS);
		}
		const char *path = arena_sprintf(r->arena, "%s/%s/containers", base, de->d_name);
		if (!path || (rc = add_dir(r, path))) {
			closedir(dir);
			return path ? rc : cscap_err_oom();
		}
	}
	err = errno;
	closedir(dir);
	if (err)
		return cscap_err(CSCAP_EENGINE, "%s%s: %s", r->root, data_root, strerror(err));
	qsort(r->dirs + first_remapped, r->n_dirs - first_remapped, sizeof(*r->dirs), cmp_str);
	return 0;
}

static int add_entry(struct reader *r, const char *name, size_t dir)
{
	if (r->n_entries >= MAX_CONTAINERS)
		return cscap_err(CSCAP_EREFUSED, "%s%s: more than %d containers", r->root, r->dirs[dir],
				 MAX_CONTAINERS);
	if (r->n_entries == r->cap_entries) {
		size_t ncap = r->cap_entries ? r->cap_entries * 2 : 256;
		struct entry *grown = realloc(r->entries, ncap * sizeof(*grown));
		if (!grown)
			return cscap_err_oom();
		r->entries = grown;
		r->cap_entries = ncap;
	}
	r->entries[r->n_entries].id = arena_strndup(r->arena, name, ID_LEN);
	r->entries[r->n_entries].dir = dir;
	if (!r->entries[r->n_entries].id)
		return cscap_err_oom();
	r->n_entries++;
	return 0;
}

/* Every <64 hex> entry of every containers folder; a folder that is absent is skipped. */
static int list_containers(struct reader *r, const char *data_root)
{
	size_t found = 0;

	if (!(r->dir_fds = malloc(r->n_dirs * sizeof(*r->dir_fds))))
		return cscap_err_oom();
	for (size_t d = 0; d < r->n_dirs; d++)
		r->dir_fds[d] = -1;
	for (size_t d = 0; d < r->n_dirs; d++) {
		struct dirent *de;
		DIR *dir;
		int err = open_dir(r, r->dirs[d], &dir), rc;

		if (err == -ENOENT)
			continue;
		if (err < 0)
			return cscap_err(CSCAP_EENGINE, "%s%s: %s", r->root, r->dirs[d], open_error(r, -err));
		found++;
		/* Kept for reading the containers: their folders are looked up in it. */
		if ((r->dir_fds[d] = fcntl(dirfd(dir), F_DUPFD_CLOEXEC, 0)) < 0) {
			err = errno;
			closedir(dir);
			return cscap_err(CSCAP_EENGINE, "%s%s: %s", r->root, r->dirs[d], strerror(err));
		}
		for (errno = 0; (de = readdir(dir)) != NULL; errno = 0) {
			if (is_id(de->d_name) && (rc = add_entry(r, de->d_name, d))) {
				closedir(dir);
				return rc;
			}
		}
		err = errno;
		closedir(dir);
		if (err)
			return cscap_err(CSCAP_EENGINE, "%s%s: %s", r->root, r->dirs[d], strerror(err));
	}
	if (found == 0)
		return cscap_err(CSCAP_EENGINE,
				 "%s%s: no containers folder (neither here nor under a <uid>.<gid> remapped root)",
				 r->root, data_root);
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	return c ? c : (x->dir > y->dir) - (x->dir < y->dir);
}

/* ---- one container ----------------------------------------------------- */

/* Docker's State.StateString(). */
static const char *docker_state(bool running, bool paused, bool restarting, bool removing, bool dead,
				const char *started_at)
{
	if (running)
		return paused ? "paused" : restarting ? "restarting" : "running";
	if (removing)
		return "removing";
	if (dead)
		return "dead";
	if (!*started_at || strcmp(started_at, ZERO_TIME) == 0)
		return "created";
	return "exited";
}

static int cmp_mount(const void *a, const void *b)
{
	const struct container_mount *x = a, *y = b;
	int c = strcmp(x->destination, y->destination);

	return c ? c : strcmp(x->source, y->source);
}

/* MountPoints: {"/dest": {"Source", "Destination", "RW", "Type", "Propagation", "Relabel"}}. */
static int fill_mounts(struct arena *a, json_object *map, struct container *c)
{
	size_t n = (size_t)json_object_object_length(map);

	c->mounts = arena_calloc(a, n ? n : 1, sizeof(*c->mounts));
	if (!c->mounts)
		return FIELD_NO_MEMORY;
	json_object_object_foreach(map, key, m) {
		struct container_mount *cm = &c->mounts[c->n_mounts];
		int r = 0;

		if (!json_object_is_type(m, json_type_object))
			return FIELD_BAD_TYPE;
		r |= json_field_string(a, m, "Type", &cm->type);
		r |= json_field_string(a, m, "Source", &cm->source);
		r |= json_field_string(a, m, "Destination", &cm->destination);
		r |= json_field_bool(m, "RW", &cm->rw);
		r |= json_field_string(a, m, "Propagation", &cm->propagation);
		/* The API's "Mode" is stored as "Relabel" on disk. */
		r |= json_field_string(a, m, "Relabel", &cm->mode);
		if (r == 0 && !*cm->mode)
			r |= json_field_string(a, m, "Mode", &cm->mode);
		if (r == 0 && !*cm->destination && !(cm->destination = arena_strdup(a, key)))
			r = FIELD_NO_MEMORY;
		if (r)
			return r;
		c->n_mounts++;
	}
	/* The file's order is Go's map order; sort as the evidence must not depend on it. */
	qsort(c->mounts, c->n_mounts, sizeof(*c->mounts), cmp_mount);
	return 0;
}

/* config.v2.json → id, name, image, state, pid, mounts. */
static int fill_config(struct reader *r, json_object *cfg, const char *path, struct container *c)
{
	json_object *state, *config, *mounts, *pid_obj;
	bool running, paused, restarting, removing, dead;
	const char *id, *name, *started_at;
	int f = 0;

	if (!json_object_is_type(cfg, json_type_object))
		return cscap_err(CSCAP_EENGINE, "%s%s: not a JSON object", r->root, path);
	if (!json_field_member(cfg, "State", json_type_object, &state) ||
	    !json_field_member(cfg, "Config", json_type_object, &config) ||
	    !json_field_member(cfg, "MountPoints", json_type_object, &mounts) ||
	    !json_field_member(state, "Pid", json_type_int, &pid_obj) || !state)
		return cscap_err(CSCAP_EENGINE, "%s%s: State, Config or MountPoints missing or of the wrong type",
				 r->root, path);
	f |= json_field_string(r->arena, cfg, "ID", &id);
	f |= json_field_string(r->arena, cfg, "Name", &name);
	f |= json_field_string(r->arena, config, "Image", &c->image);
	if (f == 0 && !*c->image)
		f |= json_field_string(r->arena, cfg, "Image", &c->image);
	f |= json_field_string(r->arena, state, "StartedAt", &started_at);
	f |= json_field_bool(state, "Running", &running);
	f |= json_field_bool(state, "Paused", &paused);
	f |= json_field_bool(state, "Restarting", &restarting);
	f |= json_field_bool(state, "RemovalInProgress", &removing);
	f |= json_field_bool(state, "Dead", &dead);
	if (f == 0 && mounts)
		f = fill_mounts(r->arena, mounts, c);
	if (f)
		return fields_error(f, r->root, path);
	if (strcmp(id, c->id) != 0)
		/* dockerd refuses to load such a container; so does the assessor. */
		return cscap_err(CSCAP_EENGINE, "%s%s: ID '%.64s' does not match its folder", r->root, path,
				 id);
	c->name = name[0] == '/' ? name + 1 : name;
	c->state = docker_state(running, paused, restarting, removing, dead, started_at);
	if (running && pid_obj) {
		long long pid = json_object_get_int64(pid_obj);
		c->pid = pid > 0 && pid <= INT_MAX ? (long)pid : 0;
	}
	return 0;
}

static int read_container_files(struct reader *r, const struct entry *e, int dirfd,
				struct container *c)
{
	char path[PATH_MAX];
	char what[PATH_MAX + 256];
	json_object *obj;
	int rc;

	snprintf(path, sizeof(path), "%s/%s/config.v2.json", r->dirs[e->dir], e->id);
	if ((rc = read_json(r, dirfd, path, &obj, NULL)))
		return rc;
	rc = fill_config(r, obj, path, c);
	json_object_put(obj);
	if (rc)
		return rc;

	snprintf(path, sizeof(path), "%s/%s/hostconfig.json", r->dirs[e->dir], e->id);
	if ((rc = read_json(r, dirfd, path, &obj, NULL)))
		return rc;
	snprintf(what, sizeof(what), "%s%s", r->root, path);
	rc = docker_json_fill_hostconfig(r->arena, obj, c, what);
	json_object_put(obj);
	return rc;
}

static int read_container(struct reader *r, const struct entry *e, struct container *c)
{
	int dirfd, rc;

	c->id = e->id;
	c->engine = "docker";
	c->source = "disk";
	/* One component, nothing followed: it cannot leave the root.  A symbolic
	 * link (or anything odd) is left to the general path, dirfd -1. */
	dirfd = openat(r->dir_fds[e->dir], e->id, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dirfd < 0 && errno != ENOTDIR && errno != ELOOP)
		return cscap_err(CSCAP_EENGINE, "%s%s/%s: %s", r->root, r->dirs[e->dir], e->id,
				 strerror(errno));
	rc = read_container_files(r, e, dirfd, c);
	if (dirfd >= 0)
		close(dirfd);
	return rc;
}

/* ---- the snapshot ------------------------------------------------------ */

static int collect(struct reader *r, struct container_snapshot *snap)
{
	const char *data_root;
	int rc;

	if ((rc = find_data_root(r, &data_root)) || (rc = find_container_dirs(r, data_root)) ||
	    (rc = list_containers(r, data_root)))
		return rc;
	if (r->n_entries)
		qsort(r->entries, r->n_entries, sizeof(*r->entries), cmp_entry);
	snap->containers = arena_calloc(&snap->arena, r->n_entries ? r->n_entries : 1,
					sizeof(*snap->containers));
	if (!snap->containers)
		return cscap_err_oom();
	for (size_t i = 0; i < r->n_entries; i++)
		if ((rc = read_container(r, &r->entries[i], &snap->containers[i])))
			return rc;
	snap->n_containers = r->n_entries;
	/* An ns:<path> names a namespace of a running kernel; an image has none. */
	struct pidns_ref none;
	if (pidns_no_ref(&none, &snap->arena, "offline scan: a namespace path names a live kernel "
			 "object, which a mounted image does not have") != 0 ||
	    container_resolve_pid_modes_ref(snap->containers, snap->n_containers, &none, &snap->arena) != 0)
		return cscap_err_oom();
	return 0;
}

/* The root as messages show it: resolved when possible, without a trailing '/'. */
static const char *shown_root(struct arena *a, const char *root)
{
	char *real = realpath(root, NULL);
	const char *s = real ? real : root;
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '/')
		n--;
	char *out = arena_strndup(a, s, n);
	free(real);
	return out;
}

int disk_snapshot_take(struct container_snapshot **out, const char *root)
{
	struct reader r = {.root_fd = -1};
	struct container_snapshot *snap;
	struct arena a;
	int rc = 0;

	*out = NULL;
	arena_init(&a);
	snap = arena_alloc(&a, sizeof(*snap));
	if (!snap)
		return cscap_err_oom();
	snap->arena = a;
	snap->engine = "docker";
	snap->source = "disk";
	snap->engine_version = "offline";
	snap->host_pid_ns_source = "nowhere (offline scan: no live processes)";
	r.arena = &snap->arena;
	if (!root || !*root) {
		rc = cscap_err(CSCAP_EUSAGE, "offline scan: no root folder given");
	} else if (!(r.root = shown_root(&snap->arena, root)) ||
		   !(snap->engine_url = arena_sprintf(&snap->arena, "file://%s", *r.root ? r.root : "/"))) {
		rc = cscap_err_oom();
	} else if ((r.root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) {
		rc = cscap_err(CSCAP_EENGINE, "offline scan: root %s: %s", root, strerror(errno));
	} else {
		r.have_openat2 = openat2_works(r.root_fd);
		rc = collect(&r, snap);
	}
	if (r.root_fd >= 0)
		close(r.root_fd);
	for (size_t d = 0; r.dir_fds && d < r.n_dirs; d++)
		if (r.dir_fds[d] >= 0)
			close(r.dir_fds[d]);
	free(r.dir_fds);
	free(r.buf);
	docker_json_tokener_free(r.tok);
	free(r.entries);
	if (rc == CSCAP_ENOMEM) {
		container_snapshot_free(snap);
		return rc;
	}
	if (rc) {
		/* The failure is the evidence: keep its text, drop half-read containers. */
		snap->status = rc;
		snap->error = arena_strdup(&snap->arena, cscap_error_last());
		snap->n_containers = 0;
	}
	*out = snap;
	return 0;
}
