/*
 * Finding the files an object names: its filepath entity, or its path and
 * filename entities, with the FileBehaviors of the OVAL schemas (max_depth,
 * recurse, recurse_direction, recurse_file_system).
 *
 * "equals" looks the named files up directly.  Any other operation
 * enumerates: a pattern's literal leading directory (the "/etc/ssh" of
 * "^/etc/ssh/.*\.conf$") is where the walk starts, and a subtree is entered
 * only when the pattern could still match something in it (PCRE2 partial
 * matching), so "^/etc/[^/]+$" never descends below /etc.  Walks and
 * recursion enter directories and, unless recurse says otherwise, links to
 * directories (as OpenSCAP does); under a root those links resolve inside
 * it.  A directory met again below itself (a link or bind mount back up) is
 * a cycle and is not entered again.  /proc and /sys are not entered from
 * above, and walks are bounded in entries and depth: a cut-short walk makes
 * the object "incomplete".
 *
 * A directory that cannot be read is an error naming it (the object might
 * have had items there); a path that does not exist selects nothing.
 */
#ifndef CSCAP_FILE_LOCATE_H
#define CSCAP_FILE_LOCATE_H

#include <sys/stat.h>

#include "probes/host/host_common.h"
#include "probes/host/host_fs.h"

struct located {
	const char *path;      /* the directory, as seen inside the root */
	const char *name;      /* the file's name in it; NULL: the directory itself (filename nil) */
	const char *filepath;  /* path joined with name; path itself when name is NULL */
	int dirfd;             /* path, open during the call (O_PATH or O_RDONLY) */
	const struct stat *st; /* the file itself (a link is not followed; a directory itself is) */
};

/* Called once per located file; 0 to go on, or an error code (out of memory) to stop. */
typedef int (*locate_fn)(struct host_collect *hc, const struct host_fs *fs, const struct located *f,
			 void *arg);

/*
 * Find what hc's object selects and call fn for each.  Problems are
 * recorded in hc (error, incomplete).  0, or the error code fn returned
 * (or out of memory).
 */
int files_locate(struct host_collect *hc, const struct host_fs *fs, const struct host_behaviors *b,
		 locate_fn fn, void *arg);

#endif
