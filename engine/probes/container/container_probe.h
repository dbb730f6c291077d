#ifndef CSCAP_CONTAINER_PROBE_H
#define CSCAP_CONTAINER_PROBE_H

#include "probes/container/container.h"

#define CONTAINER_DEF_NS "urn:cscap:xml:oval-definitions-5#container"
#define CONTAINER_SC_NS "urn:cscap:xml:oval-system-characteristics-5#container"
#define CONTAINER_PROBE_SLOT 0

/* Fill col (flag, items, messages) for a container_object from a snapshot. */
int container_probe_collect(const struct container_snapshot *snap, struct syschar *sc,
			    struct oval_collected *col, const struct oval_var_env *vars,
			    struct regex_cache *regexes);
/* Fill col for an engine_object: one engine_item for the engine of the snapshot
 * (none of its containers); error when the engine could not be read, not
 * applicable when the host has no engine at all, like container_object. */
int engine_probe_collect(const struct container_snapshot *snap, struct syschar *sc,
			 struct oval_collected *col, const struct oval_var_env *vars,
			 struct regex_cache *regexes);

#endif
