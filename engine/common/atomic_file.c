#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/atomic_file.h"
#include "common/error_internal.h"

int atomic_file_open(struct atomic_file *out, const char *path)
{
	char *dir_copy = NULL, *base_copy = NULL;
	int rc;

	out->fd = -1;
	out->tmp_path = NULL;
	out->path = strdup(path);
	dir_copy = strdup(path);
	base_copy = strdup(path);
	if (!out->path || !dir_copy || !base_copy) {
		rc = cscap_err_oom();
		goto fail;
	}
	const char *dir = dirname(dir_copy);
	const char *base = basename(base_copy);
	size_t len = strlen(dir) + strlen(base) + 16;
	out->tmp_path = malloc(len);
	if (!out->tmp_path) {
		rc = cscap_err_oom();
		goto fail;
	}
	/* The name is only a hint for people; cut it so that a long (valid) file
	 * name still leaves room for the dot and the suffix within NAME_MAX. */
	snprintf(out->tmp_path, len, "%s/.%.*s.XXXXXX", dir, NAME_MAX - 8, base);
	out->fd = mkstemp(out->tmp_path);
	if (out->fd < 0) {
		rc = cscap_err(CSCAP_EIO, "%s: cannot create a file in %s: %s", path, dir,
			       strerror(errno));
		goto fail;
	}
	/* mkstemp gives 0600; results are meant to be read like any report. */
	if (fchmod(out->fd, 0644) != 0) {
		rc = cscap_err(CSCAP_EIO, "%s: cannot set permissions: %s", path, strerror(errno));
		goto fail;
	}
	free(dir_copy);
	free(base_copy);
	return 0;
fail:
	if (out->fd >= 0) {
		close(out->fd);
		unlink(out->tmp_path);
		out->fd = -1;
	}
	free(dir_copy);
	free(base_copy);
	free(out->path);
	free(out->tmp_path);
	out->path = out->tmp_path = NULL;
	return rc;
}

int atomic_file_commit(struct atomic_file *af)
{
	int rc = 0;

	if (fsync(af->fd) != 0)
		rc = cscap_err(CSCAP_EIO, "%s: cannot flush to disk: %s", af->path, strerror(errno));
	if (close(af->fd) != 0 && rc == 0)
		rc = cscap_err(CSCAP_EIO, "%s: cannot close: %s", af->path, strerror(errno));
	af->fd = -1;
	if (rc == 0 && rename(af->tmp_path, af->path) != 0)
		rc = cscap_err(CSCAP_EIO, "%s: cannot rename into place: %s", af->path,
			       strerror(errno));
	if (rc == 0) {
		/* Make the rename itself durable. */
		char *dir_copy = strdup(af->path);
		if (dir_copy) {
			int dfd = open(dirname(dir_copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) {
				(void)fsync(dfd);
				close(dfd);
			}
			free(dir_copy);
		}
		free(af->tmp_path);
		af->tmp_path = NULL;
	}
	atomic_file_abort(af);
	return rc;
}

void atomic_file_abort(struct atomic_file *af)
{
	if (af->fd >= 0) {
		close(af->fd);
		af->fd = -1;
	}
	if (af->tmp_path) {
		unlink(af->tmp_path);
		free(af->tmp_path);
		af->tmp_path = NULL;
	}
	free(af->path);
	af->path = NULL;
}

/* Where a file that does not exist yet would be: its folder resolved, then its name.
 * NULL when the folder cannot be resolved (or out of memory); the caller frees. */
static char *future_path(const char *path)
{
	char *dir_copy = strdup(path), *base_copy = strdup(path), *dir = NULL, *out = NULL;

	if (dir_copy && base_copy && (dir = realpath(dirname(dir_copy), NULL)) &&
	    asprintf(&out, "%s/%s", dir, basename(base_copy)) < 0)
		out = NULL;
	free(dir);
	free(dir_copy);
	free(base_copy);
	return out;
}

bool atomic_file_same(const char *a, const char *b)
{
	struct stat sa, sb;
	bool a_exists = stat(a, &sa) == 0, b_exists = stat(b, &sb) == 0;

	if (a_exists && b_exists)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (a_exists || b_exists)
		return false;
	if (strcmp(a, b) == 0)
		return true;
	char *fa = future_path(a), *fb = future_path(b);
	bool same = fa && fb && strcmp(fa, fb) == 0;
	free(fa);
	free(fb);
	return same;
}
