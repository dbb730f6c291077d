/* What the files of engine/plugins/ share: the registry's entries. */
#ifndef CSCAP_PLUGIN_INTERNAL_H
#define CSCAP_PLUGIN_INTERNAL_H

#include "plugins/plugins.h"

/* A registered probe: the registration with its strings copied. */
struct plugin_probe {
	cscap_probe def;       /* strings point at the copies below */
	char *object_ns, *object_name, *item_ns, *item_name; /* owned */
	char **parameters;     /* owned, NULL-terminated (may be NULL) */
	char *origin;          /* owned: the plugin's path, or NULL (the embedding program) */
};

struct plugin_check_engine {
	cscap_check_engine def;
	char *system;          /* owned */
	char *origin;          /* owned, or NULL */
};

struct plugin_registry {
	struct plugin_probe **probes;       /* owned, registration order */
	size_t n_probes;
	struct plugin_check_engine **engines; /* owned, registration order */
	size_t n_engines;
	void **handles;                     /* dlopen handles, load order */
	size_t n_handles;
};

/* Who registered it, for messages: the plugin's path or "the program". */
const char *plugin_origin(const char *origin);

/* Take back every registration after the first n_probes / n_engines (their free_data is called). */
void plugin_registry_truncate(struct plugin_registry *r, size_t n_probes, size_t n_engines);

#endif
