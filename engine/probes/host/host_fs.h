/*
 * The files the host probes read: the scanner's own (a live scan), or those
 * under a mounted root (an offline scan).  Under a root every path is
 * resolved with openat2(RESOLVE_IN_ROOT), so a symbolic link in the image,
 * absolute or "..", resolves inside the image and never on the scanning
 * host, like the container probe's disk view.
 */
#ifndef CSCAP_HOST_FS_H
#define CSCAP_HOST_FS_H

#include <stddef.h>

struct host_fs {
	const char *root; /* NULL: live; otherwise the root directory (borrowed) */
	int root_fd;      /* the root, when confined; -1 otherwise */
};

/*
 * Open the view: live when root is NULL.  0, or -errno when the root cannot
 * be opened, or -ENOSYS when the kernel cannot keep lookups inside it
 * (openat2 needs Linux 5.6).  Close with host_fs_close().
 */
int host_fs_open(struct host_fs *fs, const char *root);
void host_fs_close(struct host_fs *fs);
/*
 * Open path (absolute, as seen inside the root) with open(2) flags; links
 * are followed unless flags say O_NOFOLLOW, and never leave the root.  A
 * file opened for reading keeps its access time when the scanner may ask
 * so (O_NOATIME).  A descriptor, or -errno.
 */
int host_fs_openat(const struct host_fs *fs, const char *path, int flags);
/*
 * Open a regular file for reading, looking before opening so that nothing
 * else (a device, a FIFO planted where a file was expected) is ever opened,
 * and without touching its access time when allowed.  With name: name in
 * the open directory dirfd, a link not followed; without: path, links
 * followed inside the root.  A descriptor (st describes it), -errno, or
 * HOST_NOT_REGULAR.
 */
#define HOST_NOT_REGULAR (-4096)
struct stat;
int host_open_regular(const struct host_fs *fs, int dirfd, const char *name, const char *path,
		      struct stat *st);
/* The path as the scanner sees it, for messages: the root joined to path. */
const char *host_fs_shown(const struct host_fs *fs, const char *path, char *buf, size_t len);

/*
 * Read what fd holds, at most max bytes.  0 with *out (malloc'd, NUL added,
 * the caller frees) and *len; -EFBIG when there is more; -errno.
 */
int host_read_fd(int fd, size_t max, char **out, size_t *len);
/* The same for a file named by path relative to dirfd (AT_FDCWD: as is); never a tty. */
int host_read_at(int dirfd, const char *path, size_t max, char **out, size_t *len);

#endif
