/*
 * The public plugin API (include/cscap/plugin.h): registration on a session,
 * with the built-ins' precedence enforced here, and the host table handed
 * to plugins, which only forwards to the same functions.
 */
#include <string.h>

#include "api/session.h"
#include "common/error_internal.h"
#include "plugins/plugins.h"
#include "probes/probe.h"

static int register_probe(cscap_session *s, const cscap_probe *p, const char *origin)
{
	if (!s || !p)
		return cscap_err(CSCAP_EUSAGE, "cscap_session_register_probe: no session or no probe");
	if (s->scan)
		/* Results already point at registered probes' items: keep them coherent. */
		return cscap_err(CSCAP_EUSAGE, "register probes before evaluating");
	if (p->object_ns && p->object_name && probe_is_builtin(p->object_ns, p->object_name))
		return cscap_err(CSCAP_EREFUSED,
				 "%s: %s (namespace %s) is served by cscap's built-in probe; a plugin cannot replace it",
				 origin ? origin : "cscap_session_register_probe", p->object_name, p->object_ns);
	return plugin_registry_add_probe(s->plugins, p, origin);
}

static int register_check_engine(cscap_session *s, const cscap_check_engine *e, const char *origin)
{
	if (!s || !e)
		return cscap_err(CSCAP_EUSAGE, "cscap_session_register_check_engine: no session or no engine");
	if (s->scan)
		return cscap_err(CSCAP_EUSAGE, "register check engines before evaluating");
	if (e->system && strcmp(e->system, XCCDF_SYSTEM_OVAL) == 0)
		return cscap_err(CSCAP_EREFUSED,
				 "%s: the OVAL check system is cscap's built-in; a plugin cannot replace it",
				 origin ? origin : "cscap_session_register_check_engine");
	return plugin_registry_add_check_engine(s->plugins, e, origin);
}

int cscap_session_register_probe(cscap_session *s, const cscap_probe *probe)
{
	return register_probe(s, probe, NULL);
}

int cscap_session_register_check_engine(cscap_session *s, const cscap_check_engine *engine)
{
	return register_check_engine(s, engine, NULL);
}

/* The host table: a plugin registers on the session that loads it, named by its file. */
static int host_register_probe(const cscap_plugin_host *host, const cscap_probe *probe)
{
	return register_probe(host->host_private, probe, host->plugin_path);
}

static int host_register_check_engine(const cscap_plugin_host *host, const cscap_check_engine *engine)
{
	return register_check_engine(host->host_private, engine, host->plugin_path);
}

static void host_for(cscap_session *s, cscap_plugin_host *host)
{
	memset(host, 0, sizeof(*host));
	host->abi_version = CSCAP_PLUGIN_ABI_VERSION;
	host->cscap_version = CSCAP_VERSION;
	host->register_probe = host_register_probe;
	host->register_check_engine = host_register_check_engine;
	host->error_last = cscap_error_last;
	host->host_private = s;
}

int cscap_session_load_plugin(cscap_session *s, const char *path)
{
	cscap_plugin_host host;

	if (!s || !path || !*path)
		return cscap_err(CSCAP_EUSAGE, "cscap_session_load_plugin: no session or no path");
	if (s->scan)
		return cscap_err(CSCAP_EUSAGE, "%s: load plugins before evaluating", path);
	host_for(s, &host);
	return plugin_registry_load(s->plugins, path, &host);
}

int session_load_plugin_dir(cscap_session *s, const char *dir)
{
	cscap_plugin_host host;

	host_for(s, &host);
	return plugin_registry_load_dir(s->plugins, dir, &host);
}
