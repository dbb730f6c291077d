/*
 * libcscap plugins: probes for OVAL object types and engines for XCCDF check
 * systems that cscap does not have built in.
 *
 * Two ways in, one registry per session (nothing is process-wide):
 *   - a program embedding libcscap calls cscap_session_register_probe() and
 *     cscap_session_register_check_engine() with its own functions;
 *   - a plugin is a shared object loaded with cscap_session_load_plugin() (or
 *     every *.so of cscap_options.plugin_dir, or `cscap --plugin FILE`).  It
 *     exports CSCAP_PLUGIN_DECLARE() and cscap_plugin_init(), and registers
 *     through the function table of the cscap_plugin_host it is handed.  A
 *     plugin must not call cscap_* functions by name: the cscap program links
 *     the library statically, so there are none to bind to.  Everything a
 *     plugin needs comes through the tables below.
 *
 * Look-up order: the built-in probes and the built-in OVAL check system come
 * first, and registering a plugin for an object type or check system that
 * cscap serves itself is refused (CSCAP_EREFUSED).  A plugin extends cscap;
 * it never silently replaces the probes behind a STIG verdict.  Two
 * registrations for the same object type or check system in one session are
 * refused too (CSCAP_EUSAGE), so which code answered is never in doubt.
 *
 * Errors follow cscap.h: 0 or a negative cscap_code, detail in
 * cscap_error_last() (for a plugin: host->error_last()).
 *
 * Ownership: registration copies the strings of a cscap_probe or
 * cscap_check_engine.  `data` stays the caller's unless `free_data` is set;
 * then the session calls free_data(data) once, when it is freed (or when the
 * plugin that registered it fails to initialise).  When registration fails,
 * free_data is not called: data is still the caller's.  Everything handed to
 * a probe or an engine (objects, entities, requests, strings) is borrowed for
 * the duration of the call.
 *
 * Threads: a session calls its probes and engines from the thread that
 * called cscap_session_evaluate(), one call at a time.  Two sessions on two
 * threads may call the same plugin at once: a plugin with shared state of
 * its own must lock it.
 */
#ifndef CSCAP_PLUGIN_H
#define CSCAP_PLUGIN_H

#include <stddef.h>

#include "cscap/cscap.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Raised whenever a struct or a function table below changes shape. */
#define CSCAP_PLUGIN_ABI_VERSION 1

/* ---- what probes and engines report ------------------------------------- */

/* Severity of a message attached to a collected object or a rule result. */
typedef enum cscap_level {
	CSCAP_LEVEL_INFO = 0,
	CSCAP_LEVEL_WARNING = 1,
	CSCAP_LEVEL_ERROR = 2
} cscap_level;

/* How completely a probe collected an object (OVAL's flag of a collected object). */
typedef enum cscap_flag {
	CSCAP_FLAG_COMPLETE = 0,       /* every matching item was collected (none: "does not exist") */
	CSCAP_FLAG_INCOMPLETE = 1,     /* some were, some could not be */
	CSCAP_FLAG_DOES_NOT_EXIST = 2, /* nothing matches */
	CSCAP_FLAG_NOT_COLLECTED = 3,  /* the probe did not look (say why in a message) */
	CSCAP_FLAG_NOT_APPLICABLE = 4, /* the object makes no sense on this system */
	CSCAP_FLAG_ERROR = 5           /* the probe could not see (say why in a message) */
} cscap_flag;

/* The status of one entity of an item (OVAL's StatusEnumeration). */
typedef enum cscap_status {
	CSCAP_STATUS_EXISTS = 0,
	CSCAP_STATUS_DOES_NOT_EXIST = 1,
	CSCAP_STATUS_ERROR = 2,
	CSCAP_STATUS_NOT_COLLECTED = 3
} cscap_status;

/* The XCCDF result of a check.  (Same numbers as the XCCDF results elsewhere.) */
typedef enum cscap_check_result {
	CSCAP_CHECK_PASS = 0,
	CSCAP_CHECK_FAIL = 1,
	CSCAP_CHECK_ERROR = 2,
	CSCAP_CHECK_UNKNOWN = 3,
	CSCAP_CHECK_NOTAPPLICABLE = 4,
	CSCAP_CHECK_NOTCHECKED = 5,
	CSCAP_CHECK_INFORMATIONAL = 7
} cscap_check_result;

/* ---- probes --------------------------------------------------------------- */

/* One entity of an OVAL object, e.g. <ex:name operation="pattern match">^w</ex:name>. */
typedef struct cscap_probe_entity {
	const char *name;          /* local name: "name" */
	const char *operation;     /* as OVAL spells it: "equals", "pattern match", ... */
	const char *datatype;      /* "string", "int", "boolean", "version", ... */
	const char *var_ref;       /* the variable the values come from, or NULL */
	const char *const *values; /* what to compare with: the entity's text (one value),
	                              or every value of its variable */
	size_t n_values;
	int nil;                   /* xsi:nil="true" (n_values is 0) */
} cscap_probe_entity;

/* The object a probe is asked to collect. */
typedef struct cscap_probe_object {
	const char *id;            /* "oval:org.example:obj:1" */
	const char *ns;            /* namespace of the object element */
	const char *name;          /* local name: "example_object" */
	const cscap_probe_entity *entities; /* document order */
	size_t n_entities;
} cscap_probe_object;

/* Where a probe's items go; cscap's, opaque. */
typedef struct cscap_probe_sink cscap_probe_sink;

/*
 * The item API a probe writes through.  Each function returns 0, or a
 * negative cscap_code: CSCAP_ENOMEM (return it from the probe), or
 * CSCAP_EUSAGE for a call out of order (an entity outside an item, an item
 * begun twice).  Strings are copied.  An item is: item_begin, its entities
 * in the order of the item's schema (item_entity), item_end.  datatype NULL
 * means "string"; an entity whose status is not CSCAP_STATUS_EXISTS has no
 * value (pass NULL).
 */
typedef struct cscap_probe_output {
	cscap_probe_sink *sink;
	int (*item_begin)(cscap_probe_sink *sink);
	int (*item_entity)(cscap_probe_sink *sink, const char *name, const char *value,
			   const char *datatype, cscap_status status);
	int (*item_end)(cscap_probe_sink *sink);
	int (*message)(cscap_probe_sink *sink, cscap_level level, const char *text);
} cscap_probe_output;

/*
 * A probe collects the items of one object.  It may return more items than
 * the object selects: cscap keeps only the items whose entities satisfy
 * every entity of the object (its operation, datatype and variable values),
 * except the entities named in `parameters`, which configure the probe
 * rather than select items.  Filters and sets are cscap's business too.
 *
 * collect returns a cscap_flag (>= 0), or a negative cscap_code: CSCAP_ENOMEM
 * aborts the evaluation, any other code makes the object's flag "error" with
 * a message naming the probe.  A probe never exits, never prints.
 */
typedef struct cscap_probe {
	const char *object_ns;   /* the object element's namespace, e.g.
	                            "urn:cscap:xml:oval-definitions-5#example" */
	const char *object_name; /* "example_object" */
	const char *item_ns;     /* the items' namespace (system characteristics) */
	const char *item_name;   /* "example_item" */
	const char *const *parameters; /* NULL-terminated entity names that are settings; may be NULL */
	int (*collect)(void *data, const cscap_probe_object *object, const cscap_probe_output *out);
	void *data;
	void (*free_data)(void *data); /* may be NULL */
} cscap_probe;

/* ---- check engines -------------------------------------------------------- */

/* A <check-content-ref>. */
typedef struct cscap_check_ref {
	const char *href;
	const char *name;        /* NULL when the reference names no part of href */
} cscap_check_ref;

/* A <check-export>: the export name and the value the XCCDF Value has in this evaluation. */
typedef struct cscap_check_export {
	const char *name;
	const char *value;
} cscap_check_export;

typedef struct cscap_check_request {
	const char *system;       /* the check system URI */
	const char *rule_id;
	const char *content_path; /* the loaded content (its path, or the name given to
	                             cscap_session_load_memory): relative hrefs are beside it */
	const cscap_check_ref *refs; /* alternatives in document order: use the first you can */
	size_t n_refs;
	const cscap_check_export *exports;
	size_t n_exports;
} cscap_check_request;

typedef struct cscap_check_sink cscap_check_sink;

/* Messages become the rule result's <message> elements (the evidence). 0 or CSCAP_ENOMEM. */
typedef struct cscap_check_output {
	cscap_check_sink *sink;
	int (*message)(cscap_check_sink *sink, cscap_level level, const char *text);
} cscap_check_output;

/*
 * A check engine evaluates the checks of one check system.  evaluate returns
 * a cscap_check_result (>= 0) or a negative cscap_code: CSCAP_ENOMEM aborts
 * the evaluation, any other makes the rule "error" with a message.  cscap
 * applies the check's negate attribute and combines complex-checks.
 */
typedef struct cscap_check_engine {
	const char *system;      /* the check system URI, e.g. "urn:cscap:check:file-exists" */
	int (*evaluate)(void *data, const cscap_check_request *request, const cscap_check_output *out);
	void *data;
	void (*free_data)(void *data); /* may be NULL */
} cscap_check_engine;

/* ---- registration --------------------------------------------------------- */

/* Register on s, before cscap_session_evaluate().  See "Ownership" above. */
CSCAP_API int cscap_session_register_probe(cscap_session *s, const cscap_probe *probe);
CSCAP_API int cscap_session_register_check_engine(cscap_session *s, const cscap_check_engine *engine);

/*
 * Load a plugin (dlopen RTLD_NOW | RTLD_LOCAL) and run its cscap_plugin_init.
 * Refused: a file that is not a regular file, that others than its owner can
 * write, or that is owned by someone other than root or the caller
 * (CSCAP_EREFUSED); a plugin built for another ABI version (CSCAP_EUNSUPPORTED,
 * naming the file and both versions).  When the plugin's init fails, what it
 * registered is taken back and the file is unloaded.  The plugin stays loaded
 * until the session is freed.
 */
CSCAP_API int cscap_session_load_plugin(cscap_session *s, const char *path);

/* ---- writing a plugin ----------------------------------------------------- */

/* What a plugin is handed.  Valid only during cscap_plugin_init. */
typedef struct cscap_plugin_host cscap_plugin_host;
struct cscap_plugin_host {
	int abi_version;          /* CSCAP_PLUGIN_ABI_VERSION of the loading cscap */
	const char *cscap_version; /* "0.1.0" */
	const char *plugin_path;  /* the file being loaded */
	int (*register_probe)(const cscap_plugin_host *host, const cscap_probe *probe);
	int (*register_check_engine)(const cscap_plugin_host *host, const cscap_check_engine *engine);
	const char *(*error_last)(void); /* why the last call failed */
	void *host_private;       /* cscap's; leave it alone */
};

#if defined(__GNUC__)
#define CSCAP_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CSCAP_PLUGIN_EXPORT
#endif

/* The ABI a plugin was built for: put CSCAP_PLUGIN_DECLARE(); at file scope once. */
#define CSCAP_PLUGIN_DECLARE() \
	CSCAP_PLUGIN_EXPORT extern const int cscap_plugin_abi; \
	const int cscap_plugin_abi = CSCAP_PLUGIN_ABI_VERSION

/*
 * The plugin's entry point (the plugin defines it; cscap calls it once per
 * session that loads the file).  abi_version is the host's; the loader has
 * already checked it equals the plugin's cscap_plugin_abi.  Register through
 * host, return 0, or a negative cscap_code to refuse loading.
 */
CSCAP_PLUGIN_EXPORT int cscap_plugin_init(const cscap_plugin_host *host, int abi_version);
typedef int (*cscap_plugin_init_fn)(const cscap_plugin_host *host, int abi_version);

#ifdef __cplusplus
}
#endif
#endif
