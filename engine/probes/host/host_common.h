/*
 * What the host probes share: one collection in progress (the object, its
 * items, its verdict), an item builder that keeps the schema's entity order,
 * a keyed cache of items per syschar (the same file, process or package is
 * one item however many objects select it), and the object's behaviors.
 */
#ifndef CSCAP_HOST_COMMON_H
#define CSCAP_HOST_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "probes/host/host_probes.h"
#include "probes/item_builder.h"

/* The syschar probe_cache slot the host probes keep their cache in. */
#define HOST_PROBE_SLOT 1

/* One object being collected.  Strings and items live in sc's arena. */
struct host_collect {
	struct syschar *sc;
	struct oval_collected *col;
	const struct oval_object *obj;
	const struct oval_var_env *vars;
	struct regex_cache *regexes;
	const struct probe_config *cfg;
	struct oval_item **items;  /* owned (malloc) until host_finish */
	size_t n_items, cap_items;
	bool not_collected;        /* the object is beyond this probe: flag "not collected" */
	bool error;                /* something could not be seen: flag "error" */
	bool incomplete;           /* a limit cut the collection short */
	bool empty_variable;       /* a variable of the object has no value: "does not exist" */
	bool oom;
};

/*
 * Start collecting col.  Returns 1 when the object cannot be collected at
 * all (the verdict is already recorded: call host_finish), 0 to go on, or
 * an error code when out of memory.  Checked here, once for every probe:
 * the variables the entities refer to (one without values, an external one
 * nobody supplied included, makes the object "does not exist", as the OVAL
 * specification says; a local one that could not be computed is an error).
 * Sets and filters are the evaluator's business.
 */
int host_begin(struct host_collect *hc, struct probe_session *ps, struct syschar *sc,
	       struct oval_collected *col, const struct oval_var_env *vars,
	       struct regex_cache *regexes);
/* Select an item (once; selecting it again is harmless).  0 or out of memory. */
int host_add(struct host_collect *hc, struct oval_item *item);
/* Record a message; host_error also makes the flag "error".  0 or out of memory. */
int host_note(struct host_collect *hc, enum oval_message_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int host_error(struct host_collect *hc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The object cannot be collected here: flag "not collected" and a warning. */
int host_not_collected(struct host_collect *hc, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Set the flag from what happened, hand the items to col (id order), free
 * the rest.  rc is what the probe's work returned: a negative one (out of
 * memory) is passed on, anything else ends in 0.
 */
int host_finish(struct host_collect *hc, int rc);

struct host_fs;
/* Open the files' view for hc (cfg->root); 1 when it cannot be (error recorded), or out of memory. */
int host_open_fs(struct host_collect *hc, struct host_fs *fs);

/* Why variable id has no values to give ("is not defined in the document", ...). */
const char *host_variable_problem(const struct oval_var_env *vars, const char *id);

/* The object's entity called name, or NULL. */
const struct oval_entity *host_entity(const struct oval_object *obj, const char *name);
/*
 * The values an entity stands for: its own, or its variable's (host_begin
 * has checked that there are some).  *storage holds the single own value.
 */
void host_entity_values(const struct host_collect *hc, const struct oval_entity *e,
			const char **storage, const char *const **values, size_t *n);
/*
 * Does a collected value satisfy an object entity (its operation, datatype
 * and variable)?  An entity that cannot be compared is recorded as an error
 * naming the entity, and false is returned.
 */
bool host_match(struct host_collect *hc, const struct oval_entity *e, const char *value);

/* Is s[0..n) valid UTF-8 (as text in the results must be)?  NUL bytes are not. */
bool host_utf8(const char *s, size_t n);

/* ---- the keyed cache (one per syschar, in its arena) ------------------ */

/*
 * A cache key: a kind and parts, joined with NUL bytes so that no value can
 * be mistaken for another.  Built in a caller buffer; ok false when too long.
 */
struct host_key {
	char buf[8192];
	size_t len;
	bool ok;
};
void host_key_init(struct host_key *k, const char *kind);
void host_key_add(struct host_key *k, const char *part);

/* The value stored under key, or NULL. */
void *host_cache_get(struct syschar *sc, const struct host_key *k);
/* Store value under key (replacing any).  0, or -1 when out of memory. */
int host_cache_put(struct syschar *sc, const struct host_key *k, void *value);

/* ---- behaviors ---------------------------------------------------------- */

enum recurse_direction { RECURSE_NONE, RECURSE_DOWN, RECURSE_UP };
enum recurse_fs { RECURSE_FS_ALL, RECURSE_FS_LOCAL, RECURSE_FS_DEFINED };

struct host_behaviors {
	long max_depth;                 /* -1: no limit */
	enum recurse_direction direction;
	bool follow_directories;        /* recurse into directories */
	bool follow_symlinks;           /* recurse through symbolic links to directories */
	enum recurse_fs filesystems;
	bool ignore_case, multiline, singleline; /* textfilecontent54 */
};

/* The object's behaviors element with the schema's defaults; 1 (error recorded) when invalid. */
int host_behaviors(struct host_collect *hc, struct host_behaviors *out);

#endif
