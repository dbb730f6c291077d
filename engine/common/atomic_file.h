/*
 * Result files are written to a temporary file in the destination folder,
 * flushed to disk and renamed over the destination, so a reader (or a crash)
 * only ever sees the previous file or the complete new one.
 */
#ifndef CSCAP_ATOMIC_FILE_H
#define CSCAP_ATOMIC_FILE_H

#include <stdbool.h>

struct atomic_file {
	char *path;     /* owned: the destination */
	char *tmp_path; /* owned: the temporary file beside it */
	int fd;         /* open temporary file, -1 once closed */
};

/* Create the temporary file for path; on failure nothing is left behind. */
int atomic_file_open(struct atomic_file *out, const char *path);
/* fsync, close and rename into place; on failure the temporary is removed. */
int atomic_file_commit(struct atomic_file *af);
/* Remove the temporary file and release af (safe after commit, and twice). */
void atomic_file_abort(struct atomic_file *af);

/*
 * Whether paths a and b name one file: when both exist, the same device and
 * inode (symbolic and hard links count as the file); when neither exists yet,
 * the same place once their folders' links are resolved.  A path that exists
 * and one that does not are different files.
 */
bool atomic_file_same(const char *a, const char *b);

#endif
