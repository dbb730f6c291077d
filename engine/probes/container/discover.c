/* Finding the local engine when none was named: Docker's socket, then Podman's. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probes/container/container.h"

static const char *const engine_binaries[] = {
	"/usr/bin/dockerd", "/usr/sbin/dockerd", "/usr/local/bin/dockerd",
	"/usr/bin/podman", "/usr/local/bin/podman", NULL,
};

int engine_discover_in(const char *const *sockets, const char *const *binaries, char *url,
		       size_t size, bool *absent)
{
	struct stat sb;

	*absent = false;
	for (size_t i = 0; sockets[i]; i++)
		if (stat(sockets[i], &sb) == 0 && S_ISSOCK(sb.st_mode)) {
			snprintf(url, size, "unix://%s", sockets[i]);
			return 0;
		}
	for (size_t i = 0; binaries[i]; i++)
		if (access(binaries[i], X_OK) == 0)
			return -1; /* installed, but not reachable: that is for the caller to report */
	*absent = true;
	return -1;
}

int engine_discover(char *url, size_t size, const char *user_runtime_dir, bool *absent)
{
	char user_podman[4096];
	const char *sockets[4] = {"/var/run/docker.sock", "/run/podman/podman.sock", NULL, NULL};

	if (user_runtime_dir && *user_runtime_dir &&
	    strlen(user_runtime_dir) + sizeof("/podman/podman.sock") <= sizeof(user_podman)) {
		snprintf(user_podman, sizeof(user_podman), "%s/podman/podman.sock", user_runtime_dir);
		sockets[2] = user_podman;
	}
	return engine_discover_in(sockets, engine_binaries, url, size, absent);
}
