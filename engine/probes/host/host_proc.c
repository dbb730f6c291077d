#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/host/host_fs.h"
#include "probes/host/host_proc.h"

int host_proc_is_pid(const char *s, long *out)
{
	long v = 0;

	if (!*s || *s == '0' || strlen(s) > 9)
		return 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 1;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

int host_proc_pids(long **out, size_t *n)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	long *v = NULL, pid;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (!host_proc_is_pid(de->d_name, &pid))
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			long *grown = realloc(v, cap * sizeof(*v));
			if (!grown) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = grown;
		}
		v[(*n)++] = pid;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_long);
	*out = v;
	return 0;
}

int host_proc_read(long pid, const char *file, size_t max, char **out, size_t *len)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%ld/%s", pid, file);
	return host_read_at(AT_FDCWD, path, max, out, len);
}
