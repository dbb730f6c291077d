/*
 * Loading plugins: a shared object is code that runs with cscap's
 * privileges (often root), so it is checked before it is opened, like
 * sshd's StrictModes: a regular file that only its owner can write, owned
 * by root or by whoever runs cscap.  Then its ABI, then its init.
 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "plugins/plugin_internal.h"

static int check_file(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return cscap_err(CSCAP_EIO, "%s: cannot load plugin: %s", path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return cscap_err(CSCAP_EREFUSED, "%s: refusing a plugin that is not a regular file", path);
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return cscap_err(CSCAP_EREFUSED, "%s: refusing a plugin that others can write (mode %04o)",
				 path, (unsigned)(sb.st_mode & 07777));
	if (sb.st_uid != 0 && sb.st_uid != geteuid())
		return cscap_err(CSCAP_EREFUSED, "%s: refusing a plugin owned by uid %u (not root, not you)",
				 path, (unsigned)sb.st_uid);
	return 0;
}

/* The plugin's own words, or the code's, when its init fails. */
static int init_failed(const char *path, int rc)
{
	char why[512];

	if (rc < 0 && cscap_error_last_code() != CSCAP_OK)
		snprintf(why, sizeof(why), "%s", cscap_error_last());
	else
		snprintf(why, sizeof(why), "returned %d (%s)", rc, rc < 0 ? cscap_code_str(rc) : "not 0");
	return cscap_err(rc < 0 ? rc : CSCAP_EINVALID, "%s: the plugin's cscap_plugin_init failed: %s", path, why);
}

int plugin_registry_load(struct plugin_registry *r, const char *path, const cscap_plugin_host *host)
{
	char local[4096];
	void *h;
	int rc;

	if ((rc = check_file(path)))
		return rc;
	/* A name without a slash would make dlopen search the library path. */
	if (!strchr(path, '/')) {
		snprintf(local, sizeof(local), "./%s", path);
		path = local;
	}
	void **grown = realloc(r->handles, (r->n_handles + 1) * sizeof(*grown));
	if (!grown)
		return cscap_err_oom();
	r->handles = grown;
	dlerror();
	if (!(h = dlopen(path, RTLD_NOW | RTLD_LOCAL))) {
		const char *why = dlerror();
		return cscap_err(CSCAP_EINVALID, "%s: cannot load plugin: %s", path, why ? why : "dlopen failed");
	}
	const int *abi = dlsym(h, "cscap_plugin_abi");
	cscap_plugin_init_fn init;
	*(void **)&init = dlsym(h, "cscap_plugin_init");
	if (!abi || !init) {
		dlclose(h);
		return cscap_err(CSCAP_EINVALID, "%s: not a cscap plugin (it lacks %s; see cscap_plugin(3))", path,
				 abi ? "cscap_plugin_init" : "cscap_plugin_abi (CSCAP_PLUGIN_DECLARE)");
	}
	if (*abi != CSCAP_PLUGIN_ABI_VERSION) {
		int theirs = *abi;
		dlclose(h);
		return cscap_err(CSCAP_EUNSUPPORTED,
				 "%s: plugin built for cscap plugin ABI version %d, but this cscap (%s) speaks ABI "
				 "version %d: rebuild the plugin against this cscap's <cscap/plugin.h>",
				 path, theirs, CSCAP_VERSION, CSCAP_PLUGIN_ABI_VERSION);
	}
	cscap_plugin_host mine = *host;
	size_t n_probes = r->n_probes, n_engines = r->n_engines;
	mine.plugin_path = path;
	cscap_error_clear();
	rc = init(&mine, CSCAP_PLUGIN_ABI_VERSION);
	if (rc != 0) {
		rc = init_failed(path, rc);
		plugin_registry_truncate(r, n_probes, n_engines);
		dlclose(h);
		return rc;
	}
	r->handles[r->n_handles++] = h;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_plugin_name(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".so") == 0;
}

int plugin_registry_load_dir(struct plugin_registry *r, const char *dir, const cscap_plugin_host *host)
{
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	struct stat sb;
	int rc = 0;

	if (stat(dir, &sb) != 0)
		return cscap_err(CSCAP_EIO, "%s: plugin directory: %s", dir, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return cscap_err(CSCAP_EUSAGE, "%s: plugin directory: not a directory", dir);
	if (sb.st_mode & S_IWOTH)
		return cscap_err(CSCAP_EREFUSED, "%s: refusing a plugin directory anyone can write (mode %04o)",
				 dir, (unsigned)(sb.st_mode & 07777));
	DIR *d = opendir(dir);
	if (!d)
		return cscap_err(CSCAP_EIO, "%s: plugin directory: %s", dir, strerror(errno));
	while (rc == 0 && (de = readdir(d))) {
		if (!is_plugin_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			char **grown = realloc(names, cap * sizeof(*grown));
			if (!grown) {
				rc = cscap_err_oom();
				break;
			}
			names = grown;
		}
		size_t len = strlen(dir) + strlen(de->d_name) + 2;
		if (!(names[n] = malloc(len))) {
			rc = cscap_err_oom();
			break;
		}
		snprintf(names[n++], len, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	/* Byte order, not readdir's: what loads first never depends on the file system. */
	if (rc == 0 && n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = plugin_registry_load(r, names[i], host);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
