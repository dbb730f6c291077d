/* Finding the local engines when none was named: Docker's socket, then Podman's
 * system and user sockets; every one that exists is scanned. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/container/container.h"

static const char *const engine_binaries[] = {
	"/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd",
	"/usr/bin/podman", "/usr/local/bin/podman", NULL,
};

int engine_discover_all_in(const char *const *sockets, const char *const *binaries,
			   char (*urls)[ENGINE_URL_MAX], size_t max, size_t *n, bool *absent)
{
	struct stat sb, seen[ENGINE_DISCOVER_MAX];

	*absent = false;
	*n = 0;
	if (max > ENGINE_DISCOVER_MAX)
		max = ENGINE_DISCOVER_MAX;
	for (size_t i = 0; sockets[i] && *n < max; i++) {
		bool again = false;
		if (stat(sockets[i], &sb) != 0 || !S_ISSOCK(sb.st_mode) ||
		    strlen(sockets[i]) + sizeof("unix://") > ENGINE_URL_MAX)
			continue;
		/* podman-docker links Docker's socket to Podman's: one engine, read once. */
		for (size_t k = 0; k < *n && !again; k++)
			again = seen[k].st_dev == sb.st_dev && seen[k].st_ino == sb.st_ino;
		if (again)
			continue;
		seen[*n] = sb;
		snprintf(urls[(*n)++], ENGINE_URL_MAX, "unix://%s", sockets[i]);
	}
	if (*n)
		return 0;
	for (size_t i = 0; binaries[i]; i++)
		if (access(binaries[i], X_OK) == 0)
			return -1; /* installed, but not reachable: that is for the caller to report */
	*absent = true;
	return -1;
}

int engine_discover_all(char (*urls)[ENGINE_URL_MAX], size_t max, size_t *n,
			const char *user_runtime_dir, bool *absent)
{
	char user_podman[4096];
	const char *sockets[ENGINE_DISCOVER_MAX + 1] = {"/var/run/docker.sock", "/run/podman/podman.sock",
							NULL, NULL};

	if (user_runtime_dir && *user_runtime_dir &&
	    strlen(user_runtime_dir) + sizeof("/podman/podman.sock") <= sizeof(user_podman)) {
		snprintf(user_podman, sizeof(user_podman), "%s/podman/podman.sock", user_runtime_dir);
		sockets[2] = user_podman;
	}
	return engine_discover_all_in(sockets, engine_binaries, urls, max, n, absent);
}
