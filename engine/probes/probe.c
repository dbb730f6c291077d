/* The probe registry and the state probes share during one scan. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "probes/container/container_probe.h"
#include "probes/container/disk_view.h"
#include "probes/container/proc_view.h"
#include "probes/host/host_probes.h"
#include "model/oval_logic.h"
#include "probes/probe.h"
#include "plugins/plugins.h"

struct probe_session {
	struct probe_config cfg;
	struct container_snapshot *containers; /* taken on first use; owned */
	struct container_snapshot **engines;   /* several engines: one snapshot each, merged into
						  containers (which borrows them); owned */
	size_t n_engines;
	const char *kernel_note;               /* what the kernel view did; in containers' arena */
};

typedef int (*probe_fn)(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			const struct oval_var_env *vars, struct regex_cache *regexes);

struct probe_entry {
	const char *ns;
	const char *object;
	probe_fn collect;
};

static void engines_free(struct probe_session *ps)
{
	for (size_t i = 0; i < ps->n_engines; i++)
		container_snapshot_free(ps->engines[i]);
	free(ps->engines);
	ps->engines = NULL;
	ps->n_engines = 0;
}

/* The config one engine is read with.  The kernel view is this host's /proc:
 * it speaks only for a local (unix://) engine, so a remote one never wants it. */
static struct probe_config engine_config(const struct probe_config *cfg, const char *url)
{
	struct probe_config one = *cfg;

	one.engine_url = url;
	one.more_engine_urls = NULL;
	if (!url || strncmp(url, "unix://", 7) != 0)
		one.proc_root = NULL;
	return one;
}

/* Several engines (cfg.more_engine_urls): a snapshot of each, in the order
 * given, all kept for the session, merged into ps->containers. */
static int take_engine_snapshots(struct probe_session *ps)
{
	size_t n = 1;
	int rc;

	while (ps->cfg.more_engine_urls[n - 1])
		n++;
	if (!(ps->engines = calloc(n, sizeof(*ps->engines))))
		return cscap_err_oom();
	for (size_t i = 0; i < n; i++) {
		struct probe_config one =
			engine_config(&ps->cfg, i ? ps->cfg.more_engine_urls[i - 1] : ps->cfg.engine_url);
		if ((rc = container_snapshot_take(&ps->engines[i], &one)))
			goto out;
		ps->n_engines++;
	}
	rc = container_snapshot_merge(&ps->containers, (const struct container_snapshot *const *)ps->engines, n);
out:
	if (rc) /* out of memory: nothing is kept half-made */
		engines_free(ps);
	return rc;
}

/* The live views: the engines' API, checked against the kernel's /proc. */
static int take_live_snapshot(struct probe_session *ps)
{
	struct proc_view *pv = NULL;
	bool several = ps->cfg.more_engine_urls && ps->cfg.more_engine_urls[0];
	struct probe_config one = engine_config(&ps->cfg, ps->cfg.engine_url);
	int rc = several ? take_engine_snapshots(ps) : container_snapshot_take(&ps->containers, &one);

	/* Wanted when some engine read is local and --no-kernel-view was not given. */
	if (rc || ps->containers->status != 0 || !ps->containers->kernel_view_wanted)
		return rc;
	if ((rc = proc_view_take(&pv, ps->cfg.proc_root, ps->containers->daemon_pid)))
		return rc;
	if (pv->status != 0) {
		ps->kernel_note = arena_sprintf(&ps->containers->arena,
						"kernel view not used: %s", pv->error);
	} else {
		rc = container_snapshot_merge_kernel(ps->containers, pv);
		ps->kernel_note = arena_sprintf(&ps->containers->arena,
			"kernel view: %zu container processes seen in %s, %zu unreadable%s, %zu containers unknown to the engine%s",
			pv->n_processes, ps->cfg.proc_root, pv->n_unreadable,
			pv->n_unreadable ? " (reading other processes' namespaces needs root)" : "",
			ps->containers->n_unmanaged, several ? "s" : "");
	}
	proc_view_free(pv);
	if (rc == 0 && !ps->kernel_note)
		rc = cscap_err_oom();
	return rc;
}

/* The scan's one snapshot of the engine, taken on first use: every object and
 * every OVAL document (the CPE check's too) sees the same state. */
static int snapshot_get(struct probe_session *ps)
{
	if (ps->containers)
		return 0;
	if (ps->cfg.engine_absent) {
		struct arena a;
		arena_init(&a);
		if (!(ps->containers = arena_alloc(&a, sizeof(*ps->containers))))
			return cscap_err_oom();
		ps->containers->arena = a;
		ps->containers->not_applicable = true;
		return 0;
	}
	return ps->cfg.root ? disk_snapshot_take(&ps->containers, ps->cfg.root) : take_live_snapshot(ps);
}

static int collect_containers(struct probe_session *ps, struct syschar *sc,
			      struct oval_collected *col, const struct oval_var_env *vars,
			      struct regex_cache *regexes)
{
	int rc;

	if ((rc = snapshot_get(ps)))
		return rc;
	if ((rc = container_probe_collect(ps->containers, sc, col, vars, regexes)))
		return rc;
	if (ps->kernel_note && syschar_add_message(sc, col, OVAL_MSG_INFO, ps->kernel_note))
		return cscap_err_oom();
	return 0;
}

static int collect_engines(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			   const struct oval_var_env *vars, struct regex_cache *regexes)
{
	int rc = snapshot_get(ps);

	return rc ? rc : engine_probe_collect(ps->containers, sc, col, vars, regexes);
}

static const struct probe_entry registry[] = {
	{CONTAINER_DEF_NS, "container_object", collect_containers},
	{CONTAINER_DEF_NS, "engine_object", collect_engines},
	{IND_DEF_NS, "family_object", family_probe_collect},
	{IND_DEF_NS, "textfilecontent54_object", textfilecontent_probe_collect},
	{IND_DEF_NS, "variable_object", variable_probe_collect},
	{IND_DEF_NS, "environmentvariable58_object", environment_probe_collect},
	{UNIX_DEF_NS, "uname_object", uname_probe_collect},
	{UNIX_DEF_NS, "file_object", file_probe_collect},
	{UNIX_DEF_NS, "process58_object", process_probe_collect},
	{LINUX_DEF_NS, "dpkginfo_object", dpkginfo_probe_collect},
};

int probe_is_builtin(const char *ns, const char *object)
{
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].ns, ns) == 0 && strcmp(registry[i].object, object) == 0)
			return 1;
	return 0;
}

int probe_session_new(struct probe_session **out, const struct probe_config *cfg)
{
	struct probe_session *ps = calloc(1, sizeof(*ps));

	*out = NULL;
	if (!ps)
		return cscap_err_oom();
	ps->cfg = *cfg;
	*out = ps;
	return 0;
}

const struct probe_config *probe_session_config(const struct probe_session *ps)
{
	return &ps->cfg;
}

void probe_session_free(struct probe_session *ps)
{
	if (!ps)
		return;
	container_snapshot_free(ps->containers); /* first: it borrows the engines' */
	engines_free(ps);
	free(ps);
}

enum oval_result probe_item_matches(const struct oval_object *obj, const struct oval_item *item,
				    const char *const *parameters, const struct oval_var_env *vars,
				    struct regex_cache *regexes)
{
	struct oval_result_counts c = {0};

	/* All selecting entities must hold: AND, whatever order they come in. */
	for (size_t i = 0; i < obj->n_entities; i++) {
		const struct oval_entity *want = &obj->entities[i];
		const struct oval_item_entity *have = NULL;
		bool parameter = false;

		for (size_t p = 0; parameters && parameters[p] && !parameter; p++)
			parameter = strcmp(parameters[p], want->name) == 0;
		if (parameter)
			continue;
		for (size_t k = 0; k < item->n_entities && !have; k++)
			if (strcmp(item->entities[k].name, want->name) == 0)
				have = &item->entities[k];
		if (!have || have->status != OVAL_STATUS_EXISTS)
			oval_counts_add(&c, OVAL_RESULT_ERROR);
		else
			oval_counts_add(&c, oval_compare_entity(regexes, want, vars, have->value));
	}
	return c.t + c.f + c.e + c.u + c.ne ? oval_operator_apply(OVAL_OPERATOR_AND, &c) : OVAL_RESULT_TRUE;
}

int probe_collect(struct probe_session *ps, struct syschar *sc, const struct oval_document *doc,
		  size_t index, const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct oval_collected *col = &sc->objects[index];
	const struct oval_object *obj = &doc->objects[index];
	char text[512];

	if (sc->collected[index])
		return 0;
	sc->collected[index] = 1;
	for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
		if (strcmp(registry[i].ns, obj->ns) == 0 && strcmp(registry[i].object, obj->type) == 0)
			return registry[i].collect(ps, sc, col, vars, regexes);
	/* Then the session's plugins (include/cscap/plugin.h): built-ins come first. */
	const struct plugin_probe *plugin = plugin_registry_probe(ps->cfg.plugins, obj->ns, obj->type);
	if (plugin)
		return plugin_probe_collect(plugin, sc, col, vars, regexes);
	col->flag = OVAL_FLAG_NOT_COLLECTED;
	snprintf(text, sizeof(text), "cscap has no probe for %s (namespace %s)", obj->type, obj->ns);
	return syschar_add_message(sc, col, OVAL_MSG_WARNING, text) ? cscap_err_oom() : 0;
}
