/*
 * unix file_object → file_item: the file's own status (a symbolic link is
 * reported as one, not followed), one item per file however many objects
 * reach it.  has_extended_acl is true when the file carries a POSIX access
 * ACL, or a directory a default ACL, beyond its mode bits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/host/file_locate.h"

static const char *file_type(mode_t m)
{
	if (S_ISREG(m))
		return "regular";
	if (S_ISDIR(m))
		return "directory";
	if (S_ISLNK(m))
		return "symbolic link";
	if (S_ISBLK(m))
		return "block special";
	if (S_ISCHR(m))
		return "character special";
	if (S_ISFIFO(m))
		return "named pipe";
	if (S_ISSOCK(m))
		return "socket";
	return "unknown";
}

/* Does fd (any kind of descriptor) carry the extended attribute?  1, 0, or -1 when unknown. */
static int has_xattr(int fd, const char *name)
{
	char proc[64];

	/* O_PATH descriptors have no f*xattr calls; their /proc/self/fd link does the lookup. */
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (getxattr(proc, name, NULL, 0) >= 0)
		return 1;
	return errno == ENODATA || errno == ENOTSUP ? 0 : -1;
}

/* 1, 0, or -1 when it could not be found out. */
static int extended_acl(const struct located *f)
{
	int fd = f->dirfd, r;

	if (S_ISLNK(f->st->st_mode))
		return 0; /* Linux keeps no ACL on a symbolic link */
	if (f->name && (fd = openat(f->dirfd, f->name, O_PATH | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	r = has_xattr(fd, "system.posix_acl_access");
	if (r == 0 && S_ISDIR(f->st->st_mode))
		r = has_xattr(fd, "system.posix_acl_default");
	if (fd != f->dirfd)
		close(fd);
	return r;
}

static struct oval_item *file_item(struct syschar *sc, const struct located *f)
{
	const struct stat *st = f->st;
	struct item_builder b;
	mode_t m = st->st_mode;
	int acl = extended_acl(f);

	if (!item_begin(&b, sc, UNIX_SC_NS, "file_item", 23))
		return NULL;
	/* The schema's order.  A directory itself (filename nil) has no filepath. */
	if (f->name)
		item_str(&b, "filepath", f->filepath);
	item_str(&b, "path", f->path);
	item_str(&b, "filename", f->name ? f->name : "");
	item_str(&b, "type", file_type(m));
	item_int(&b, "group_id", (long long)st->st_gid);
	item_int(&b, "user_id", (long long)st->st_uid);
	item_int(&b, "a_time", (long long)st->st_atime);
	item_int(&b, "c_time", (long long)st->st_ctime);
	item_int(&b, "m_time", (long long)st->st_mtime);
	item_int(&b, "size", (long long)st->st_size);
	item_bool(&b, "suid", m & S_ISUID);
	item_bool(&b, "sgid", m & S_ISGID);
	item_bool(&b, "sticky", m & S_ISVTX);
	item_bool(&b, "uread", m & S_IRUSR);
	item_bool(&b, "uwrite", m & S_IWUSR);
	item_bool(&b, "uexec", m & S_IXUSR);
	item_bool(&b, "gread", m & S_IRGRP);
	item_bool(&b, "gwrite", m & S_IWGRP);
	item_bool(&b, "gexec", m & S_IXGRP);
	item_bool(&b, "oread", m & S_IROTH);
	item_bool(&b, "owrite", m & S_IWOTH);
	item_bool(&b, "oexec", m & S_IXOTH);
	if (acl < 0)
		item_status(&b, "has_extended_acl", OVAL_DT_BOOLEAN, OVAL_STATUS_NOT_COLLECTED);
	else
		item_bool(&b, "has_extended_acl", acl);
	return item_end(&b);
}

static int file_found(struct host_collect *hc, const struct host_fs *fs, const struct located *f,
		      void *arg)
{
	struct host_key k;
	struct oval_item *item;

	(void)fs;
	(void)arg;
	host_key_init(&k, f->name ? "file" : "directory");
	host_key_add(&k, f->filepath);
	if (!(item = host_cache_get(hc->sc, &k))) {
		struct arena_mark mark, made;

		arena_mark_get(&hc->sc->arena, &mark);
		if (!(item = file_item(hc->sc, f)))
			return cscap_err_oom();
		arena_mark_get(&hc->sc->arena, &made);
		/* "Every file, then keep the world-writable ones": the rest is dropped at once. */
		if (!syschar_admits(hc->sc, item)) {
			syschar_retract_item(hc->sc, item, &mark, &made);
			return 0;
		}
		if (host_cache_put(hc->sc, &k, item))
			return cscap_err_oom();
	} else if (!syschar_admits(hc->sc, item)) {
		return 0;
	}
	return host_add(hc, item);
}

int file_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
		       const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct host_collect hc;
	struct host_behaviors b;
	struct host_fs fs;
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc == 0 && (rc = host_behaviors(&hc, &b)) == 0 && (rc = host_open_fs(&hc, &fs)) == 0) {
		rc = files_locate(&hc, &fs, &b, file_found, NULL);
		host_fs_close(&fs);
	}
	return host_finish(&hc, rc);
}
