/* The host's PID namespace, and Podman's ns:<path> PID modes judged against it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/container/pidns.h"

static int stat_ns(const char *path, unsigned long long *dev, unsigned long long *ino)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return errno;
	*dev = (unsigned long long)sb.st_dev;
	*ino = (unsigned long long)sb.st_ino;
	return 0;
}

/* True when proc_root/<pid>/comm says systemd: the socket's owner is the
 * service manager that activated it (pid 1, or a user's manager). */
static bool is_systemd(const char *proc_root, long pid)
{
	char path[PATH_MAX], comm[32];
	ssize_t n;
	int fd;

	if (snprintf(path, sizeof(path), "%s/%ld/comm", proc_root, pid) >= (int)sizeof(path))
		return false;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	if (n <= 0)
		return false;
	comm[n] = '\0';
	comm[strcspn(comm, "\n")] = '\0';
	return strcmp(comm, "systemd") == 0;
}

int pidns_no_ref(struct pidns_ref *out, struct arena *a, const char *why)
{
	out->dev = out->ino = 0;
	out->known = false;
	out->source = arena_sprintf(a, "none (%s)", why);
	return out->source ? 0 : -1;
}

int pidns_host_ref(struct pidns_ref *out, struct arena *a, const char *proc_root, long daemon_pid)
{
	char path[PATH_MAX], owner[96];
	int err = 0;

	owner[0] = '\0';
	if (daemon_pid > 0) {
		/* With socket activation the peer is systemd (pid 1 for the system
		 * socket): its namespace is still the host's, but it is not the daemon. */
		if (is_systemd(proc_root, daemon_pid))
			snprintf(owner, sizeof(owner), "socket owner pid %ld (systemd: socket activation)",
				 daemon_pid);
		else
			snprintf(owner, sizeof(owner), "engine daemon (pid %ld)", daemon_pid);
		snprintf(path, sizeof(path), "%s/%ld/ns/pid", proc_root, daemon_pid);
		err = stat_ns(path, &out->dev, &out->ino);
		if (!err) {
			out->known = true;
			out->source = arena_strdup(a, owner);
			return out->source ? 0 : -1;
		}
	}
	snprintf(path, sizeof(path), "%s/self/ns/pid", proc_root);
	int self_err = stat_ns(path, &out->dev, &out->ino);
	if (!self_err) {
		out->known = true;
		if (daemon_pid > 0)
			out->source = arena_sprintf(a, "scanner process (%s/%ld/ns/pid of the %s: %s)",
						    proc_root, daemon_pid,
						    strncmp(owner, "engine", 6) == 0 ? "engine daemon" : "socket owner",
						    strerror(err));
		else
			out->source = arena_strdup(a, "scanner process");
		return out->source ? 0 : -1;
	}
	out->dev = out->ino = 0;
	out->known = false;
	out->source = arena_sprintf(a, "none (%s: %s)", path, strerror(self_err));
	return out->source ? 0 : -1;
}

const char *pidns_judge_path(const char *path, const struct pidns_ref *host, struct arena *a,
			     const char **why)
{
	unsigned long long dev, ino;
	int err;

	*why = NULL;
	if (!host || !host->known) {
		*why = a ? arena_sprintf(a, "ns:%s cannot be judged: no host PID namespace reference%s%s",
					 path, host && host->source ? ": " : "",
					 host && host->source ? host->source : "")
			 : "a namespace path cannot be judged without a host PID namespace reference";
		return *why ? "unknown" : NULL;
	}
	if (*path != '/') {
		*why = a ? arena_sprintf(a, "ns:%s is not an absolute path", path)
			 : "a namespace path that is not absolute";
		return *why ? "unknown" : NULL;
	}
	err = stat_ns(path, &dev, &ino);
	if (err) {
		*why = a ? arena_sprintf(a, "ns:%s cannot be read on this host: %s", path, strerror(err))
			 : "a namespace path that cannot be read";
		return *why ? "unknown" : NULL;
	}
	return dev == host->dev && ino == host->ino ? "host" : "private";
}
