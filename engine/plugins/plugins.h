/*
 * The plugin registry of one session: the probes and check engines that the
 * embedding program or loaded plugins registered (include/cscap/plugin.h),
 * the shared objects they came from, and the adapters that run them for the
 * probes stage (OVAL objects → items) and the evaluator (XCCDF checks).
 *
 * The registry knows nothing of the built-ins: the API layer refuses a
 * registration that a built-in already serves, so a look-up here is only
 * made after the built-ins had their turn (probes/probe.c, eval/xccdf_eval.c).
 */
#ifndef CSCAP_PLUGINS_H
#define CSCAP_PLUGINS_H

#include <stddef.h>

#include "cscap/plugin.h"
#include "model/oval.h"
#include "probes/syschar.h"

struct plugin_registry;
struct plugin_probe;
struct plugin_check_engine;
struct regex_cache;

/* *out freed with plugin_registry_free(). */
int plugin_registry_new(struct plugin_registry **out);
/* Calls every free_data, then unloads the plugins.  NULL is fine. */
void plugin_registry_free(struct plugin_registry *r);

/*
 * Copy a registration into r.  origin (a plugin's path, or NULL for the
 * embedding program) is named in messages.  CSCAP_EUSAGE for a missing field
 * or a second registration of the same object type / check system.
 */
int plugin_registry_add_probe(struct plugin_registry *r, const cscap_probe *p, const char *origin);
int plugin_registry_add_check_engine(struct plugin_registry *r, const cscap_check_engine *e,
				     const char *origin);

/*
 * dlopen path, check its ABI, and run its cscap_plugin_init with a copy of
 * host (plugin_path filled in).  On failure nothing it registered remains.
 */
int plugin_registry_load(struct plugin_registry *r, const char *path, const cscap_plugin_host *host);
/* Every *.so of dir, in byte order of their names; the first failure stops and is returned. */
int plugin_registry_load_dir(struct plugin_registry *r, const char *dir, const cscap_plugin_host *host);

/* Look-ups; NULL (also for a NULL registry) when nothing is registered. */
const struct plugin_probe *plugin_registry_probe(const struct plugin_registry *r, const char *ns,
						 const char *name);
const struct plugin_check_engine *plugin_registry_check_engine(const struct plugin_registry *r,
							       const char *system);

/*
 * Run a plugin probe on col's object (the probes contract of probes/probe.h:
 * what cannot be seen is recorded in col, 0 is returned; only out of memory
 * fails).  Items that do not satisfy the object's entities are dropped
 * before they reach the syschar.
 */
int plugin_probe_collect(const struct plugin_probe *p, struct syschar *sc, struct oval_collected *col,
			 const struct oval_var_env *vars, struct regex_cache *regexes);

/*
 * Run a check engine.  *result is a cscap_check_result; a failing or
 * misbehaving engine gives CSCAP_CHECK_ERROR with a message.  Messages go to
 * add(ctx, level, text).  0, or CSCAP_ENOMEM.
 */
int plugin_check_evaluate(const struct plugin_check_engine *e, const cscap_check_request *req,
			  int *result, int (*add)(void *ctx, cscap_level level, const char *text), void *ctx);

#endif
