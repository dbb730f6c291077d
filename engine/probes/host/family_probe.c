/* independent family_object → family_item: cscap scans Linux, a "unix" family system. */
#include "common/error_internal.h"
#include "probes/host/host_common.h"

int family_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			 const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct host_collect hc;
	struct host_key k;
	struct item_builder b;
	struct oval_item *item;
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc)
		return host_finish(&hc, rc);
	host_key_init(&k, "family");
	if (!(item = host_cache_get(sc, &k))) {
		if (!item_begin(&b, sc, IND_SC_NS, "family_item", 1))
			return host_finish(&hc, cscap_err_oom());
		item_str(&b, "family", "unix");
		if (!(item = item_end(&b)) || host_cache_put(sc, &k, item))
			return host_finish(&hc, cscap_err_oom());
	}
	return host_finish(&hc, host_add(&hc, item));
}
