/* What a container's PID mode amounts to once container:<id> chains are followed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "probes/container/container.h"

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

/* cs must be sorted by id.  A chain longer than the number of containers is a cycle. */
void container_resolve_pid_modes(struct container *cs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct container *cur = &cs[i];
		const char *result = NULL;

		for (size_t hops = 0; !result; hops++) {
			const char *mode = cur->pid_mode;
			if (hops > n)
				result = "unknown";
			else if (strcmp(mode, "host") == 0)
				result = "host";
			else if (strncmp(mode, "container:", 10) == 0) {
				const struct container *next = container_find(cs, n, mode + 10);
				if (!next)
					result = "dangling";
				else if (is_private(next->pid_mode))
					result = mode; /* shares a private namespace */
				else
					cur = next;
			} else if (is_private(mode))
				result = "private";
			else
				result = mode; /* e.g. Podman's ns:<path>, judged elsewhere */
		}
		cs[i].effective_pid_mode = result;
	}
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
