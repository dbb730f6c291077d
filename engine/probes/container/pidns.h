/*
 * What "the host's PID namespace" is, and what a namespace path (Podman's
 * ns:<path> PID mode) amounts to against it.  The one place where either is
 * decided: the API view, the offline view and the kernel view all ask here.
 */
#ifndef CSCAP_PIDNS_H
#define CSCAP_PIDNS_H

#include <stdbool.h>

#include "common/arena.h"

/* A PID namespace as the kernel names it: stat's (st_dev, st_ino) of its nsfs file. */
struct pidns_ref {
	unsigned long long dev, ino;
	bool known;
	const char *source; /* which process it was read from, or "none (why)" */
};

/*
 * The host reference under proc_root (normally "/proc"): the PID namespace
 * of daemon_pid (the engine socket's owner) when > 0 and readable, else the
 * scanner's own (proc_root/self); never PID 1 by assumption.  A socket owner
 * that is systemd (socket activation: pid 1, or a user manager) is named as
 * such, not as the engine daemon.  out->source, in a, says which was used
 * and why a better one was not.  -1 only when out of memory.
 */
int pidns_host_ref(struct pidns_ref *out, struct arena *a, const char *proc_root, long daemon_pid);

/* No reference: out->source = "none (<why>)" (in a when given); -1 when out of memory. */
int pidns_no_ref(struct pidns_ref *out, struct arena *a, const char *why);

/*
 * Podman's ns:<path> (path without "ns:"): "host" when path's (st_dev,
 * st_ino) are the reference's, "private" when stat shows another namespace,
 * "unknown" when it cannot be told (no reference, stat fails).  *why is set
 * for "unknown" (in a when given, else a fixed text) and NULL otherwise.
 * Returns NULL only when out of memory.
 */
const char *pidns_judge_path(const char *path, const struct pidns_ref *host, struct arena *a,
			     const char **why);

#endif
