/*
 * unix uname_object → uname_item: uname(2) of the running kernel.  An
 * offline scan has no running kernel to ask, so the object is "not
 * collected" there rather than describing the scanner's own.
 */
#include <sys/utsname.h>

#include "common/error_internal.h"
#include "probes/host/host_common.h"

int uname_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct host_collect hc;
	struct host_key k;
	struct item_builder b;
	struct oval_item *item;
	struct utsname u;
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc)
		return host_finish(&hc, rc);
	if (hc.cfg->root) {
		rc = host_not_collected(&hc, "%s: uname describes a running kernel; the offline scan of %s has none",
					col->object->id, hc.cfg->root);
		return host_finish(&hc, rc);
	}
	host_key_init(&k, "uname");
	if (!(item = host_cache_get(sc, &k))) {
		if (uname(&u) != 0) {
			rc = host_error(&hc, "%s: uname(2) failed", col->object->id);
			return host_finish(&hc, rc);
		}
		if (!item_begin(&b, sc, UNIX_SC_NS, "uname_item", 6))
			return host_finish(&hc, cscap_err_oom());
		item_str(&b, "machine_class", u.machine);
		item_str(&b, "node_name", u.nodename);
		item_str(&b, "os_name", u.sysname);
		item_str(&b, "os_release", u.release);
		item_str(&b, "os_version", u.version);
		/* Linux has no processor type of its own ("uname -p" says unknown); the machine is it. */
		item_str(&b, "processor_type", u.machine);
		if (!(item = item_end(&b)) || host_cache_put(sc, &k, item))
			return host_finish(&hc, cscap_err_oom());
	}
	return host_finish(&hc, host_add(&hc, item));
}
