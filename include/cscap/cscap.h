/*
 * libcscap: a SCAP check engine for container hosts.
 *
 * A session loads one piece of content, evaluates it against this host and
 * its container engine, and writes results.  Sessions share nothing: two can
 * run at once on two threads.  Every function returns 0 or a negative
 * cscap_code; cscap_error_last() says what went wrong.
 */
#ifndef CSCAP_CSCAP_H
#define CSCAP_CSCAP_H

#include <stddef.h>
#include <stdio.h>

#include "cscap/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CSCAP_VERSION "0.1.0"

/* The library's version string, e.g. "0.1.0" (static: never freed). */
CSCAP_API const char *cscap_version(void);

/*
 * Options of a session.  The caller allocates the struct (on the stack, say),
 * fills it with cscap_options_init() and then sets the fields it wants.
 *
 * ABI policy.  The first field, abi, is the layout the caller was compiled
 * against (CSCAP_OPTIONS_ABI of its header), set by cscap_options_init().
 * New fields are only ever appended, and each append raises
 * CSCAP_OPTIONS_ABI; libcscap then reads only the fields the caller's layout
 * has (later ones count as zero), so a program built against an older header
 * keeps working with a newer libcscap.so.0.  A field is never removed,
 * reordered or retyped without a new soname (libcscap.so.1), which starts the
 * count again.  cscap_session_new() refuses options whose abi is 0 (not
 * initialised) or newer than this library's with CSCAP_EUSAGE.
 */
#define CSCAP_OPTIONS_ABI 2u

typedef struct cscap_options {
	unsigned int abi;             /* set by cscap_options_init(); never by hand */
	const char *engine_url;       /* unix:///path or tcp://host:port; NULL: discover (every one
	                                 of Docker's socket, Podman's system and user sockets that
	                                 exists is scanned; see more_engine_urls) */
	const char *user_runtime_dir; /* for Podman's user socket ($XDG_RUNTIME_DIR); NULL: none */
	const char *root;             /* scan a mounted host filesystem offline (no engine); NULL: live */
	const char *tls_cert_dir;     /* for tcp:// engines: ca.pem, cert.pem, key.pem; NULL: plain HTTP */
	int tls_verify;               /* non-zero: verify the engine's certificate against ca.pem */
	int no_kernel_view;           /* non-zero: do not check containers against /proc */
	int max_parallel;             /* concurrent engine requests; 0: default */
	const char *scap_schema_dir;  /* official schemas; NULL: /usr/share/openscap/schemas */
	const char *schema_dir;       /* cscap's own schemas; NULL: the installed ones */
	int skip_validation;          /* non-zero: do not validate content against schemas */
	long connect_timeout_ms;      /* engine connection timeout; 0: 5000 */
	long timeout_ms;              /* engine request timeout; 0: 30000 */
	int use_fixed_time;           /* non-zero: every timestamp is fixed_time (reproducible) */
	long long fixed_time;         /* seconds since the epoch */
	int without_syschar;          /* leave system characteristics out of OVAL results */
	/* Called once per selected rule as soon as it is evaluated (may be NULL). */
	void (*progress)(void *ctx, const char *rule_id, const char *result);
	void *progress_ctx;
	const char *datastream_id;    /* which data stream of a collection; NULL: the first */
	const char *xccdf_id;         /* which checklist component-ref of it; NULL: the first benchmark */
	const char *tailoring_file;   /* an XCCDF 1.2 Tailoring file to apply; NULL: none */
	const char *tailoring_id;     /* a tailoring component-ref of the data stream; NULL: none */
	const char *const *rules;      /* NULL-terminated: evaluate only these rule ids (NULL: all selected) */
	const char *const *skip_rules; /* NULL-terminated: rule ids to leave out (reported notselected) */
	const char *data_dir;         /* cscap's data files (report.xsl); NULL: the installed ones */
	const char *plugin_dir;       /* load every *.so in it as a plugin (cscap_plugin(3)) when the
	                                 session is made; NULL: none.  Nothing is loaded by default. */
	const char *host_root;        /* live scans from a container: the host's / mounted here; the
	                                 file probes read the host's files inside it.  NULL: / (and
	                                 when cscap runs in a container, the file probes refuse to
	                                 judge the container's files as the host's: not collected) */
	int thin_results;             /* OVAL results "thin": each definition's result without its
	                                 criteria, no test results (directives say content="thin") */
	int fetch_remote_resources;   /* non-zero: fetch the remote OVAL components a data stream
	                                 names (http:// and https:// only, over libcurl: TLS
	                                 verified, size caps, timeouts); 0: never connect for them
	                                 (the rules that need them are notchecked) */
	/* ---- options ABI 2 ---- */
	/* Called with each warning as it arises, e.g. a remote component of the
	 * data stream that was not fetched (not asked to, or the fetch failed);
	 * NULL: none.  message is valid during the call only; ctx is
	 * warning_ctx.  Borrowed for the session's life. */
	void (*warning)(void *ctx, const char *message);
	void *warning_ctx;
	const char *const *more_engine_urls; /* NULL-terminated: further engines scanned with engine_url
	                                        in the same scan (one merged view of all their
	                                        containers); NULL: none.  Needs engine_url; with
	                                        engine_url NULL every socket found is scanned. */
} cscap_options;

/* Fill *opts with the defaults (all zero / NULL) and stamp it with the
 * options ABI of the header the caller was compiled with. */
#define cscap_options_init(opts) cscap_options_init_abi((opts), CSCAP_OPTIONS_ABI)
/* What cscap_options_init() calls: fills as many bytes of *opts as options
 * ABI abi has.  CSCAP_EUSAGE when this library does not know abi (newer
 * than its own): then only opts->abi is written, and cscap_session_new()
 * refuses the options. */
CSCAP_API int cscap_options_init_abi(cscap_options *opts, unsigned int abi);

typedef struct cscap_session cscap_session;

/* *out must be freed with cscap_session_free().  opts is copied (strings too);
 * callbacks and their ctx are borrowed for the session's life.  Fails when a
 * plugin of opts->plugin_dir cannot be loaded (see cscap/plugin.h). */
CSCAP_API int cscap_session_new(cscap_session **out, const cscap_options *opts);
CSCAP_API void cscap_session_free(cscap_session *s);

/* Load (and, unless skipped, validate) a data stream, XCCDF benchmark or OVAL file. */
CSCAP_API int cscap_session_load(cscap_session *s, const char *path);
/* The same from len bytes at buf (the caller's; it may be freed once this returns).  name stands
 * for the path in messages and results; a standalone XCCDF benchmark's OVAL files
 * are looked for beside it. */
CSCAP_API int cscap_session_load_memory(cscap_session *s, const char *buf, size_t len, const char *name);

/* Print what the loaded content holds: benchmarks, profiles, rules, checks. */
CSCAP_API int cscap_session_print_info(cscap_session *s, FILE *out);

/* Evaluate the loaded content; profile_id NULL uses the benchmark's defaults.
 * For OVAL-only content every definition is evaluated and profile_id must be NULL. */
CSCAP_API int cscap_session_evaluate(cscap_session *s, const char *profile_id);

/* After evaluation: 1 when any rule (or definition) is fail, error or unknown, else 0. */
CSCAP_API int cscap_session_has_findings(const cscap_session *s);

/* Number of rule results and the id/result of one.  The strings belong to the
 * session and stay valid until the next cscap_session_evaluate() or
 * cscap_session_free() of s (a session loads content once). */
CSCAP_API size_t cscap_session_rule_count(const cscap_session *s);
CSCAP_API int cscap_session_rule_result(const cscap_session *s, size_t i, const char **rule_id,
			      const char **result);

/* After an OVAL evaluation: how many definitions, and the id/result of one
 * ("true", "false", "unknown", "error", "not evaluated", "not applicable").
 * The strings belong to the session and stay valid until the next
 * cscap_session_evaluate() or cscap_session_free(). */
CSCAP_API size_t cscap_session_definition_count(const cscap_session *s);
CSCAP_API int cscap_session_definition_result(const cscap_session *s, size_t i, const char **definition_id,
					      const char **result);

/* The first error-level message of rule result i (why it is error or unknown),
 * or NULL in *message when there is none.  The string belongs to the session
 * and stays valid until the next cscap_session_evaluate() or
 * cscap_session_free(). */
CSCAP_API int cscap_session_rule_problem(const cscap_session *s, size_t i, const char **message);

/* Result files, written atomically.  A path naming a file the session reads (the
 * content or a file it refers to, the tailoring file, DISA's benchmark) is
 * refused with CSCAP_EREFUSED; symbolic and hard links count as the file. */
CSCAP_API int cscap_session_write_arf(cscap_session *s, const char *path);
CSCAP_API int cscap_session_write_xccdf_results(cscap_session *s, const char *path);
CSCAP_API int cscap_session_write_oval_results(cscap_session *s, const char *path);
/* (Any result file whose name ends in ".gz" is written gzip-compressed.) */
/* Check, before evaluating, the result paths a program means to write (NULL-
 * terminated): CSCAP_EREFUSED when one names a file the session reads (as
 * above; call it after cscap_session_load) or two name one file.  Nothing is
 * written. */
CSCAP_API int cscap_session_check_outputs(const cscap_session *s, const char *const *paths);

/*
 * Reports for people and for DISA's assessment workflow, written atomically.
 *   report       a self-contained HTML page (data_dir/report.xsl applied to the ARF)
 *   stig_viewer  XCCDF results whose rule-results carry DISA's SV-..._rule ids
 *   ckl, cklb    STIG Viewer 2 (XML) and 3 (JSON) checklists: over DISA's
 *                benchmark when one was given with cscap_session_load_stig(),
 *                else over the loaded benchmark's rules
 */
CSCAP_API int cscap_session_write_report(cscap_session *s, const char *path);
CSCAP_API int cscap_session_write_stig_viewer(cscap_session *s, const char *path);
CSCAP_API int cscap_session_write_ckl(cscap_session *s, const char *path);
CSCAP_API int cscap_session_write_cklb(cscap_session *s, const char *path);
/* DISA's official (manual) XCCDF benchmark of the STIG, for checklists that
 * cover all of its rules with DISA's ids and text. */
CSCAP_API int cscap_session_load_stig(cscap_session *s, const char *path);
/* After cscap_session_write_ckl/cklb: rules cscap answered, and of them how many
 * were matched to another revision of DISA's rule. */
CSCAP_API int cscap_session_checklist_counts(const cscap_session *s, size_t *rules, size_t *answered,
					     size_t *revision_mismatches);
/* The HTML report of an existing results file (ARF or XCCDF results, gzip or not);
 * path "-" is standard output.  Needs no loaded content. */
CSCAP_API int cscap_session_report_from_results(cscap_session *s, const char *results, const char *path);

/* Validate any SCAP document (content or results) against the schemas; content
 * (a data stream, benchmark or OVAL definitions) is then also loaded, so that
 * references the schemas cannot see (profile extends, check-content-refs,
 * check-exports, extend_definition and variable cycles) are checked as
 * cscap_session_load() checks them. */
CSCAP_API int cscap_session_validate_file(cscap_session *s, const char *path);

#ifdef __cplusplus
}
#endif
#endif
