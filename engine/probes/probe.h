/*
 * Probes collect the items an OVAL object describes.  A probe is found by
 * the object's namespace and element name; objects no probe serves are
 * recorded as "not collected" (and so evaluate to unknown), never guessed.
 */
#ifndef CSCAP_PROBE_H
#define CSCAP_PROBE_H

#include <stddef.h>

#include "model/oval.h"
#include "model/oval_compare.h"
#include "probes/syschar.h"

struct probe_config {
	const char *engine_url;     /* unix:///path/docker.sock, tcp://host:port (borrowed) */
	const char *const *more_engine_urls; /* NULL-terminated: further engines read in the same
	                               scan and merged with engine_url's (borrowed); NULL: none */
	const char *root;           /* offline scan of a mounted host filesystem; NULL: live */
	const char *host_root;      /* live: the host's / as mounted in the scanner's container; NULL: / */
	const char *confinement;    /* live, no host_root: why the scanner's / is not the host's
	                               (it runs in a container); NULL when it is (borrowed) */
	const char *proc_root;      /* the kernel view's /proc, for the local (unix://) engines; NULL: no kernel view */
	int engine_absent;          /* no engine is installed here: container objects do not apply */
	const char *tls_cert_dir;   /* ca.pem, cert.pem, key.pem for tcp:// with TLS; NULL: none */
	int tls_verify;             /* verify the engine's certificate against ca.pem */
	int max_parallel;           /* concurrent inspections; 0: a sensible default */
	long connect_timeout_ms;    /* per connection */
	long timeout_ms;            /* per request */
	size_t max_reply_bytes;     /* a larger engine reply is an error */
	const struct plugin_registry *plugins; /* the session's plugin probes (borrowed); may be NULL */
};

/* State shared by every probe during one scan (the engine's snapshot, caches). */
struct probe_session;
struct plugin_registry;

/*
 * Does cscap have a built-in probe for this object type?  Built-ins are looked
 * up first; the session refuses a plugin probe for a type a built-in serves.
 */
int probe_is_builtin(const char *ns, const char *object);

int probe_session_new(struct probe_session **out, const struct probe_config *cfg);
void probe_session_free(struct probe_session *ps);
/* The configuration the session was made with (owned by the session). */
const struct probe_config *probe_session_config(const struct probe_session *ps);

/*
 * Collect doc->objects[index] into sc->objects[index] (once; later calls
 * return at once).  Failures to see are recorded in the collected object as
 * flag "error" with a message, and 0 is returned; only running out of memory
 * fails the call.
 */
int probe_collect(struct probe_session *ps, struct syschar *sc, const struct oval_document *doc,
		  size_t index, const struct oval_var_env *vars, struct regex_cache *regexes);

/*
 * Does item match every selecting entity of obj?  TRUE, FALSE, or ERROR when
 * it cannot be decided (a variable without values, an entity the item lacks).
 * Entities named in parameters (a NULL-terminated list, may be NULL) configure
 * the probe rather than select items, and are skipped.
 */
enum oval_result probe_item_matches(const struct oval_object *obj, const struct oval_item *item,
				    const char *const *parameters, const struct oval_var_env *vars,
				    struct regex_cache *regexes);

#endif
