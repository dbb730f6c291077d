/*
 * The kernel view of containers: one pass over /proc, reading each process's
 * cgroup file (which container) and stat'ing its ns/pid (which PID namespace).
 *
 * Everything is bounded: a cgroup file is read with open/read into a fixed
 * buffer, a file that does not fit or looks odd is "not a container", and the
 * only super-linear work is one sort of the container processes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/container/pidns.h"
#include "probes/container/proc_view.h"

#define ID_LEN 64
/* A real cgroup file is a few hundred bytes (v1: one line per hierarchy). */
#define CGROUP_FILE_MAX (16 * 1024)
/* The parser refuses longer texts outright. */
#define CGROUP_TEXT_MAX (64 * 1024)
/* A container's mountinfo is a few KiB; a host's with thousands of mounts fits too. */
#define MOUNTINFO_TEXT_MAX (1024 * 1024)

/* ---- parsing /proc/<pid>/cgroup ---------------------------------------- */

struct component {
	const char *p;
	size_t n;
};

static bool is_hex_id(const char *s, size_t n)
{
	if (n != ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

static bool component_is(struct component c, const char *word)
{
	size_t n = strlen(word);

	return c.n == n && memcmp(c.p, word, n) == 0;
}

/* c is exactly PREFIX<id>SUFFIX; *id points at the id inside c. */
static bool component_wraps_id(struct component c, const char *prefix, const char *suffix,
			       const char **id)
{
	size_t np = strlen(prefix), ns = strlen(suffix);

	if (c.n != np + ID_LEN + ns || memcmp(c.p, prefix, np) != 0 ||
	    memcmp(c.p + np + ID_LEN, suffix, ns) != 0 || !is_hex_id(c.p + np, ID_LEN))
		return false;
	*id = c.p + np;
	return true;
}

/* The systemd scope units that hold a container's processes. */
static const struct {
	const char *prefix;
	const char *runtime;
} scope_forms[] = {
	{ "docker-", "docker" },
	{ "cri-containerd-", "containerd" },
	{ "crio-", "crio" },
	{ "libpod-", "podman" },
};

/*
 * The first (outermost) container named by one cgroup path, by its exact
 * components: /docker/<id>, /libpod_parent/libpod-<id>, /kubepods/.../<id>,
 * or a <runtime>-<id>.scope unit.  A 64-hex component anywhere else is not
 * a container.  The outermost wins so that a container nested in another
 * (docker-in-docker without a cgroup namespace) counts as the outer one,
 * which is the one the host's engine knows.
 */
static const char *path_container_id(const char *path, size_t len, const char **runtime)
{
	struct component prev = { "", 0 };
	bool under_kubepods = false;
	const char *end = path + len, *p = path;
	const char *id;

	while (p < end) {
		struct component c;
		const char *slash;

		if (*p == '/') {
			p++;
			continue;
		}
		slash = memchr(p, '/', (size_t)(end - p));
		c.p = p;
		c.n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		p += c.n;

		if (component_is(prev, "docker") && is_hex_id(c.p, c.n)) {
			*runtime = "docker";
			return c.p;
		}
		if (component_is(prev, "libpod_parent") && component_wraps_id(c, "libpod-", "", &id)) {
			*runtime = "podman";
			return id;
		}
		for (size_t i = 0; i < sizeof(scope_forms) / sizeof(scope_forms[0]); i++) {
			if (component_wraps_id(c, scope_forms[i].prefix, ".scope", &id)) {
				*runtime = scope_forms[i].runtime;
				return id;
			}
		}
		if (under_kubepods && is_hex_id(c.p, c.n)) {
			*runtime = "containerd";
			return c.p;
		}
		if (component_is(c, "kubepods"))
			under_kubepods = true;
		prev = c;
	}
	return NULL;
}

/*
 * One line "hierarchy-id:controllers:path" (v1) or "0::path" (v2).
 * Returns -1 when the line is malformed, 0 otherwise with *id set to the
 * container id it names or NULL.
 */
static int line_container_id(const char *line, size_t len, const char **id, const char **runtime)
{
	const char *end = line + len, *p = line, *colon;

	*id = NULL;
	while (p < end && *p >= '0' && *p <= '9')
		p++;
	if (p == line || p == end || *p != ':')
		return -1;
	p++;
	colon = memchr(p, ':', (size_t)(end - p));
	if (!colon)
		return -1;
	p = colon + 1;
	if (p == end || *p != '/')
		return -1;
	*id = path_container_id(p, (size_t)(end - p), runtime);
	return 0;
}

/*
 * The one container id that the lines of text name, each line read by
 * line_id (-1: malformed, which refuses the whole text; else *id NULL or
 * the line's id, 64 hex digits, and its runtime).  Lines naming two
 * different containers are not something a runtime makes: trust neither.
 */
static int text_container_id(const char *text, size_t max,
			     int (*line_id)(const char *line, size_t len, const char **id, const char **runtime),
			     char id[65], const char **runtime)
{
	const char *found = NULL, *found_runtime = NULL;
	size_t len;

	if (!text)
		return -1;
	len = strnlen(text, max + 1);
	if (len == 0 || len > max)
		return -1;
	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *this_id = NULL, *this_runtime = NULL;

		if (line_id(p, n, &this_id, &this_runtime) != 0)
			return -1;
		if (this_id && found && memcmp(found, this_id, ID_LEN) != 0)
			return -1;
		if (this_id && !found) {
			found = this_id;
			found_runtime = this_runtime;
		}
		p += n + (nl ? 1 : 0);
	}
	if (!found)
		return -1;
	memcpy(id, found, ID_LEN);
	id[ID_LEN] = '\0';
	if (runtime)
		*runtime = found_runtime;
	return 0;
}

int proc_cgroup_container_id(const char *text, char id[65], const char **runtime)
{
	return text_container_id(text, CGROUP_TEXT_MAX, line_container_id, id, runtime);
}

/* ---- parsing /proc/<pid>/mountinfo -------------------------------------- */

/* The files an engine bind-mounts into every container from its own folder. */
static const char *const engine_files[] = { "/etc/hostname", "/etc/hosts", "/etc/resolv.conf" };

/*
 * The container whose folder a mount root (mountinfo's field 4) lies in:
 * .../containers/<id>/<file> (Docker: <data-root>/containers/<id>/hostname)
 * or .../overlay-containers/<id>/userdata/<file> (Podman).  NULL otherwise.
 */
static const char *root_container_id(const char *root, size_t len, const char **runtime)
{
	struct component c[4] = { { "", 0 }, { "", 0 }, { "", 0 }, { "", 0 } }; /* the last four */
	size_t have = 0;
	const char *end = root + len, *p = root;

	while (p < end) {
		const char *slash;

		if (*p == '/') {
			p++;
			continue;
		}
		slash = memchr(p, '/', (size_t)(end - p));
		memmove(&c[0], &c[1], 3 * sizeof(c[0]));
		c[3].p = p;
		c[3].n = slash ? (size_t)(slash - p) : (size_t)(end - p);
		p += c[3].n;
		have++;
	}
	if (have >= 3 && component_is(c[1], "containers") && is_hex_id(c[2].p, c[2].n)) {
		*runtime = "docker";
		return c[2].p;
	}
	if (have >= 4 && component_is(c[0], "overlay-containers") && is_hex_id(c[1].p, c[1].n) &&
	    component_is(c[2], "userdata")) {
		*runtime = "podman";
		return c[1].p;
	}
	return NULL;
}

/* Field k (1-based) of a line of space-separated fields; false when there is none. */
static bool line_field(const char *line, size_t len, int k, struct component *out)
{
	const char *end = line + len, *p = line;

	for (int i = 1; p <= end; i++) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		size_t n = sp ? (size_t)(sp - p) : (size_t)(end - p);

		if (i == k) {
			out->p = p;
			out->n = n;
			return n > 0;
		}
		if (!sp)
			return false;
		p = sp + 1;
	}
	return false;
}

/* One mountinfo line: the container whose folder an engine file is mounted from. */
static int mountinfo_line_id(const char *line, size_t n, const char **id, const char **runtime)
{
	struct component root, point;

	*id = NULL;
	if (n == 0)
		return 0;
	/* "ID PARENT MAJ:MIN ROOT MOUNT-POINT OPTIONS ... - FSTYPE SOURCE OPTIONS" */
	if (!line_field(line, n, 4, &root) || !line_field(line, n, 5, &point))
		return -1;
	for (size_t i = 0; i < sizeof(engine_files) / sizeof(engine_files[0]); i++)
		if (component_is(point, engine_files[i])) {
			*id = root_container_id(root.p, root.n, runtime);
			break;
		}
	return 0;
}

int proc_mountinfo_container_id(const char *text, char id[65], const char **runtime)
{
	return text_container_id(text, MOUNTINFO_TEXT_MAX, mountinfo_line_id, id, runtime);
}

/* ---- walking /proc ------------------------------------------------------ */

/* A container process while the walk runs, before it moves to the arena. */
struct found {
	long pid;
	unsigned long long ns_dev, ns_ino;
	const char *runtime;
	char id[ID_LEN + 1];
};

struct found_list {
	struct found *v;
	size_t n, cap;
};

static bool vanished(int err)
{
	return err == ENOENT || err == ESRCH;
}

/*
 * Read rootfd/rel whole into buf (NUL-terminated).  0, or an errno value;
 * EFBIG when the file does not fit.
 */
static int read_small(int rootfd, const char *rel, char *buf, size_t cap)
{
	size_t len = 0;
	int fd, err = 0;

	/* O_NONBLOCK: a FIFO in a proc root given by hand must not hang the scan. */
	fd = openat(rootfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno;
	for (;;) {
		ssize_t r = read(fd, buf + len, cap - 1 - len);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len == cap - 1) {
			char extra;

			r = read(fd, &extra, 1);
			if (r != 0)
				err = r < 0 ? errno : EFBIG;
			break;
		}
	}
	close(fd);
	buf[len] = '\0';
	/* A NUL inside is not a cgroup file. */
	if (!err && memchr(buf, '\0', len))
		err = EINVAL;
	return err;
}

/* The container named by rootfd/rel ("<pid>/cgroup"); -1 when none or unreadable. */
static int cgroup_file_container(int rootfd, const char *rel, char id[65], const char **runtime,
				 int *err)
{
	char buf[CGROUP_FILE_MAX];

	*err = read_small(rootfd, rel, buf, sizeof(buf));
	if (*err)
		return -1;
	return proc_cgroup_container_id(buf, id, runtime);
}

/* The PID namespace of process pid. */
static int pid_ns(int rootfd, long pid, unsigned long long *dev, unsigned long long *ino)
{
	char rel[48];
	struct stat sb;

	snprintf(rel, sizeof(rel), "%ld/ns/pid", pid);
	if (fstatat(rootfd, rel, &sb, 0) != 0)
		return errno;
	*dev = (unsigned long long)sb.st_dev;
	*ino = (unsigned long long)sb.st_ino;
	return 0;
}

/* A /proc entry that names a process: 1..10 digits, no leading zero. */
static long entry_pid(const char *name)
{
	long pid = 0;
	size_t i;

	if (name[0] == '0')
		return -1;
	for (i = 0; name[i]; i++) {
		if (i >= 10 || name[i] < '0' || name[i] > '9')
			return -1;
		pid = pid * 10 + (name[i] - '0');
	}
	return i > 0 && pid > 0 ? pid : -1;
}

static int found_push(struct found_list *l, const struct found *f)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct found *v;

		if (cap > SIZE_MAX / sizeof(*v))
			return -1;
		v = realloc(l->v, cap * sizeof(*v));
		if (!v)
			return -1;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = *f;
	return 0;
}

static int found_cmp(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* Sort, then copy into the view's arena with one id string per container. */
static int view_set_processes(struct proc_view *v, struct found_list *l)
{
	const char *id = NULL;

	if (l->n == 0)
		return 0;
	qsort(l->v, l->n, sizeof(l->v[0]), found_cmp);
	v->processes = arena_calloc(&v->arena, l->n, sizeof(v->processes[0]));
	if (!v->processes)
		return -1;
	for (size_t i = 0; i < l->n; i++) {
		const struct found *f = &l->v[i];
		struct proc_process *p = &v->processes[i];

		if (!id || strcmp(id, f->id) != 0) {
			id = arena_strdup(&v->arena, f->id);
			if (!id)
				return -1;
		}
		p->pid = f->pid;
		p->ns_dev = f->ns_dev;
		p->ns_ino = f->ns_ino;
		p->container_id = id;
		p->runtime = f->runtime;
	}
	v->n_processes = l->n;
	return 0;
}

/* The host reference (pidns.c: the one place it is decided). */
static int view_set_host(struct proc_view *v, const char *proc_root, long daemon_pid)
{
	struct pidns_ref ref;

	if (pidns_host_ref(&ref, &v->arena, proc_root, daemon_pid) != 0)
		return -1;
	v->host_ns_dev = ref.dev;
	v->host_ns_ino = ref.ino;
	v->host_known = ref.known;
	v->host_source = ref.source;
	return 0;
}

/*
 * The container the scanner runs in, from rootfd/self: its cgroup first, then
 * its mountinfo (under a private cgroup namespace the cgroup reads "0::/").
 */
static int self_container(int rootfd, char id[65], const char **from)
{
	const char *runtime;
	char *buf;
	int err, rc = -1;

	if (cgroup_file_container(rootfd, "self/cgroup", id, &runtime, &err) == 0) {
		*from = "cgroup";
		return 0;
	}
	if (!(buf = malloc(MOUNTINFO_TEXT_MAX + 1)))
		return -1;
	if (read_small(rootfd, "self/mountinfo", buf, MOUNTINFO_TEXT_MAX + 1) == 0 &&
	    proc_mountinfo_container_id(buf, id, &runtime) == 0) {
		*from = "mountinfo";
		rc = 0;
	}
	free(buf);
	return rc;
}

int proc_self_container_id(const char *proc_root, char id[65], const char **from)
{
	int fd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc;

	if (fd < 0)
		return -1;
	rc = self_container(fd, id, from);
	close(fd);
	return rc;
}

static int view_set_self(struct proc_view *v, int rootfd)
{
	char id[ID_LEN + 1];
	const char *from;

	if (self_container(rootfd, id, &from) != 0)
		return 0;
	v->self_container_id = arena_strdup(&v->arena, id);
	return v->self_container_id ? 0 : -1;
}

/* Every numeric entry of dir: its container, if any, and that one's namespace. */
static int view_walk(struct proc_view *v, DIR *dir, const char *proc_root, struct found_list *l)
{
	int rootfd = dirfd(dir);
	struct dirent *de;

	for (errno = 0; (de = readdir(dir)) != NULL; errno = 0) {
		char rel[32];
		struct found f;
		int err;

		f.pid = entry_pid(de->d_name);
		if (f.pid < 0)
			continue;
		snprintf(rel, sizeof(rel), "%ld/cgroup", f.pid);
		if (cgroup_file_container(rootfd, rel, f.id, &f.runtime, &err) != 0)
			continue; /* not a container process, gone, or odd */
		err = pid_ns(rootfd, f.pid, &f.ns_dev, &f.ns_ino);
		if (err) {
			if (!vanished(err))
				v->n_unreadable++;
			continue;
		}
		if (found_push(l, &f) != 0)
			return cscap_err_oom();
	}
	if (errno) {
		int e = errno;

		v->status = cscap_err(CSCAP_EIO, "%s: %s", proc_root, strerror(e));
		v->error = arena_strdup(&v->arena, cscap_error_last());
		return v->error ? 0 : cscap_err_oom();
	}
	return 0;
}

int proc_view_take(struct proc_view **out, const char *proc_root, long daemon_pid)
{
	struct found_list l = { NULL, 0, 0 };
	struct proc_view *v;
	DIR *dir;
	int fd, rc = 0;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return cscap_err_oom();
	arena_init(&v->arena);

	fd = open(proc_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd >= 0 ? fdopendir(fd) : NULL;
	if (!dir) {
		int e = errno;

		if (fd >= 0)
			close(fd);
		v->status = cscap_err(CSCAP_EIO, "%s: %s", proc_root, strerror(e));
		v->error = arena_strdup(&v->arena, cscap_error_last());
		if (!v->error) {
			proc_view_free(v);
			return cscap_err_oom();
		}
		*out = v;
		return 0;
	}

	if (view_set_host(v, proc_root, daemon_pid) != 0 ||
	    view_set_self(v, dirfd(dir)) != 0)
		rc = cscap_err_oom();
	if (!rc)
		rc = view_walk(v, dir, proc_root, &l);
	if (!rc && view_set_processes(v, &l) != 0)
		rc = cscap_err_oom();
	closedir(dir);
	free(l.v);
	if (rc) {
		proc_view_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

void proc_view_free(struct proc_view *v)
{
	if (!v)
		return;
	arena_release(&v->arena);
	free(v);
}

/* First index in [0, n) whose container id compares >= id (or > id when after). */
static size_t bound(const struct proc_process *ps, size_t n, const char *id, bool after)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ps[mid].container_id, id);

		if (c < 0 || (after && c == 0))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct proc_process *proc_view_container(const struct proc_view *v, const char *container_id,
					       size_t *n)
{
	size_t lo, hi;

	if (n)
		*n = 0;
	if (!v || !container_id || v->n_processes == 0)
		return NULL;
	lo = bound(v->processes, v->n_processes, container_id, false);
	hi = bound(v->processes, v->n_processes, container_id, true);
	if (lo == hi)
		return NULL;
	if (n)
		*n = hi - lo;
	return &v->processes[lo];
}
