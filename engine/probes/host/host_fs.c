#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "probes/host/host_fs.h"

static long call_openat2(int dirfd, const char *path, int flags)
{
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	for (int tries = 0; tries < 16; tries++) {
		long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		/* EAGAIN: a rename or mount raced the lookup; it is safe to retry. */
		if (errno != EAGAIN && errno != EINTR)
			return -errno;
	}
	return -EAGAIN;
}

int host_fs_open(struct host_fs *fs, const char *root)
{
	fs->root = NULL;
	fs->root_fd = -1;
	if (!root)
		return 0;
	int fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	long probe = call_openat2(fd, ".", O_PATH | O_DIRECTORY);
	if (probe < 0 && (probe == -ENOSYS || probe == -EPERM)) {
		/* ENOSYS: a kernel before 5.6.  EPERM: a seccomp profile that predates openat2. */
		close(fd);
		return -ENOSYS;
	}
	if (probe >= 0)
		close((int)probe);
	fs->root_fd = fd;
	fs->root = root;
	return 0;
}

void host_fs_close(struct host_fs *fs)
{
	if (fs->root_fd >= 0)
		close(fs->root_fd);
	fs->root_fd = -1;
}

static int open_once(const struct host_fs *fs, const char *path, int flags)
{
	if (!fs->root) {
		int fd = open(path, flags | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	return (int)call_openat2(fs->root_fd, path, flags);
}

int host_fs_openat(const struct host_fs *fs, const char *path, int flags)
{
	if (flags & O_PATH)
		return open_once(fs, path, flags);
	/* Reading must not change what it reads: no access time where we may say so. */
	int fd = open_once(fs, path, flags | O_NOCTTY | O_NOATIME);
	return fd == -EPERM ? open_once(fs, path, flags | O_NOCTTY) : fd;
}

/* Reopen what an O_PATH descriptor names, for reading: the very file looked at. */
static int reopen(int pfd)
{
	char proc[64];
	int fd;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	fd = open(proc, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM) /* O_NOATIME needs the file's owner or CAP_FOWNER */
		fd = open(proc, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int host_open_regular(const struct host_fs *fs, int dirfd, const char *name, const char *path,
		      struct stat *st)
{
	int pfd, fd;

	if (name) {
		pfd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		pfd = pfd < 0 ? -errno : pfd;
	} else {
		pfd = host_fs_openat(fs, path, O_PATH);
	}
	if (pfd < 0)
		return pfd;
	if (fstat(pfd, st) != 0) {
		fd = -errno;
	} else if (!S_ISREG(st->st_mode)) {
		fd = HOST_NOT_REGULAR; /* a device, a FIFO, a directory, or a link not followed */
	} else if ((fd = reopen(pfd)) == -ENOENT) {
		/* No /proc: open by name again, and make sure it is still the same file. */
		struct stat now;
		fd = name ? openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC)
			  : host_fs_openat(fs, path, O_RDONLY | O_NONBLOCK);
		fd = fd < 0 && name ? -errno : fd;
		if (fd >= 0 && (fstat(fd, &now) != 0 || now.st_dev != st->st_dev || now.st_ino != st->st_ino)) {
			close(fd);
			fd = -ESTALE;
		}
	}
	close(pfd);
	return fd;
}

const char *host_fs_shown(const struct host_fs *fs, const char *path, char *buf, size_t len)
{
	if (!fs->root)
		return path;
	size_t n = strlen(fs->root);
	while (n > 0 && fs->root[n - 1] == '/')
		n--;
	snprintf(buf, len, "%.*s%s", (int)n, fs->root, path);
	return buf;
}

int host_read_fd(int fd, size_t max, char **out, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);

	*out = NULL;
	*len = 0;
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				free(buf);
				return -EFBIG;
			}
			size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			char *grown = realloc(buf, ncap + 1);
			if (!grown) {
				free(buf);
				return -ENOMEM;
			}
			buf = grown;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int err = errno;
			free(buf);
			return -err;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			free(buf);
			return -EFBIG;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

int host_read_at(int dirfd, const char *path, size_t max, char **out, size_t *len)
{
	int fd = openat(dirfd, path, O_RDONLY | O_NOCTTY | O_CLOEXEC);

	*out = NULL;
	*len = 0;
	if (fd < 0)
		return -errno;
	int rc = host_read_fd(fd, max, out, len);
	close(fd);
	return rc;
}
