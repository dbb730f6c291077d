/* What a container's PID mode amounts to once container:<id> chains and ns:<path> are followed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/container/container.h"
#include "probes/container/pidns.h"

const struct container *container_find(const struct container *cs, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, cs[mid].id);
		if (c == 0)
			return &cs[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool is_private(const char *mode)
{
	return !mode || !*mode || strcmp(mode, "private") == 0;
}

/*
 * cs must be sorted by id.  A chain longer than the number of containers is
 * a cycle.  An ns:<path> is judged by pidns_judge_path() wherever it is met:
 * as the container's own mode or at the end of a container:<id> chain.
 */
int container_resolve_pid_modes_ref(struct container *cs, size_t n, const struct pidns_ref *host,
				    struct arena *a)
{
	for (size_t i = 0; i < n; i++) {
		const struct container *cur = &cs[i];
		const char *result = NULL, *why = NULL;
		const char *link = NULL; /* the last container:<id> followed */

		for (size_t hops = 0; !result; hops++) {
			const char *mode = cur->pid_mode ? cur->pid_mode : "";
			if (hops > n) {
				result = "unknown";
				why = "its container:<id> references form a cycle";
			} else if (strcmp(mode, "host") == 0) {
				result = "host";
			} else if (strncmp(mode, "container:", 10) == 0) {
				const struct container *next = container_find(cs, n, mode + 10);
				if (!next)
					result = "dangling";
				link = mode;
				cur = next;
			} else if (is_private(mode)) {
				result = link ? link : "private"; /* shares a private namespace */
			} else if (strncmp(mode, "ns:", 3) == 0) {
				if (!(result = pidns_judge_path(mode + 3, host, a, &why)))
					return -1;
				if (strcmp(result, "private") == 0 && link)
					result = link;
				if (why && link && a && !(why = arena_sprintf(a, "%s leads to %s, and %s",
									       cs[i].pid_mode, cur->id, why)))
					return -1;
			} else {
				/* A mode this version of cscap does not know may share the
				 * host's namespace in a way it cannot see: never a pass. */
				result = "unknown";
				why = a ? arena_sprintf(a, "PID mode \"%s\" is not one cscap knows", mode)
					: "a PID mode cscap does not know";
				if (!why)
					return -1;
			}
		}
		cs[i].effective_pid_mode = result;
		cs[i].pid_mode_reason = why;
	}
	return 0;
}

void container_resolve_pid_modes(struct container *cs, size_t n)
{
	/* Without an arena only fixed texts are made: this cannot fail. */
	(void)container_resolve_pid_modes_ref(cs, n, NULL, NULL);
}

int proc_pid_namespace(long pid, unsigned long long *ino)
{
	char path[64];
	struct stat sb;

	snprintf(path, sizeof(path), "/proc/%ld/ns/pid", pid);
	if (stat(path, &sb) != 0)
		return -1;
	*ino = (unsigned long long)sb.st_ino;
	return 0;
}
