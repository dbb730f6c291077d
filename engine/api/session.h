#ifndef CSCAP_API_SESSION_H
#define CSCAP_API_SESSION_H

#include <pthread.h>

#include "cscap/cscap.h"
#include "eval/xccdf_eval.h"
#include "loader/loader.h"
#include "probes/host_facts.h"
#include "writers/writers.h"

struct cscap_session {
	cscap_options opts;          /* strings point at the owned copies below */
	char *engine_url, *root, *tls_cert_dir, *scap_schema_dir, *schema_dir; /* owned */
	char *host_root;                  /* owned; NULL: / */
	char confinement[160];            /* why / is not the host's (probe_config.confinement) */
	char **rules, **skip_rules;  /* owned, NULL-terminated */
	char **more_engine_urls;     /* owned, NULL-terminated; NULL: one engine */
	bool engine_absent;          /* none named, none found, none installed */
	char *datastream_id, *xccdf_id, *tailoring_file, *tailoring_id; /* owned */
	struct schema_set *schemas;  /* owned; compiled on first need */
	struct content *content;     /* owned */
	struct scan *scan;           /* owned; after evaluation */
	struct probe_session *probes; /* owned */
	struct regex_cache *regexes; /* owned */
	struct host_facts *host;     /* owned */
	char *data_dir;              /* owned: report.xsl lives here */
	xmlDocPtr stig;              /* owned: DISA's benchmark for checklists, or NULL */
	char *stig_path;             /* owned */
	size_t ckl_rules, ckl_answered, ckl_revisions; /* the last checklist written */
	struct plugin_registry *plugins; /* owned: probes and check engines of plugins */
};

/* Shared by the result writers (session.c) and the reports (reports.c). */
int session_check_output(const cscap_session *s, const char *path);
void session_write_context(const cscap_session *s, struct write_context *ctx);
/* Load every plugin of dir (plugin_api.c). */
int session_load_plugin_dir(cscap_session *s, const char *dir);

#endif
