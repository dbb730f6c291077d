/* The public API: a session drives loader → probes → evaluator → writers. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <curl/curl.h>

#include "api/session.h"
#include "common/atomic_file.h"
#include "common/error_internal.h"
#include "common/options_abi.h"
#include "common/xml_read.h"
#include "loader/dom.h"
#include "plugins/plugins.h"
#include "probes/container/container.h"

#ifndef CSCAP_DATADIR
#define CSCAP_DATADIR "/usr/local/share/cscap"
#endif

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static int curl_init_result;

static void init_curl(void)
{
	curl_init_result = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

const char *cscap_version(void)
{
	return CSCAP_VERSION;
}

/* The size of cscap_options in each options ABI (index: ABI - 1).  Fields are
 * only appended, so ABI n's struct is a prefix of ABI n+1's: when ABI 3
 * appends a field f, ABI 2's entry becomes offsetof(cscap_options, f). */
static const size_t options_sizes[] = {
	offsetof(cscap_options, warning), /* 1 */
	sizeof(cscap_options),            /* 2: warning, warning_ctx, more_engine_urls */
};
_Static_assert(sizeof(options_sizes) / sizeof(options_sizes[0]) == CSCAP_OPTIONS_ABI,
	       "a size for every options ABI");
static const struct options_layouts options_layouts = {
	"cscap_options_init", "options", options_sizes, CSCAP_OPTIONS_ABI,
};

int cscap_options_init_abi(cscap_options *opts, unsigned int abi)
{
	return options_abi_init(&options_layouts, opts, abi);
}

/* *out: opts as this library's layout, fields the caller's layout lacks zero. */
static int options_import(cscap_options *out, const cscap_options *opts)
{
	int rc;

	if (!opts)
		return cscap_err(CSCAP_EUSAGE, "no options given (fill them with cscap_options_init())");
	if ((rc = options_abi_import(&options_layouts, out, sizeof(*out), opts)))
		return rc;
	if (out->connect_timeout_ms < 0 || out->timeout_ms < 0 || out->max_parallel < 0)
		return cscap_err(CSCAP_EUSAGE, "options: a negative %s",
				 out->max_parallel < 0 ? "max_parallel" : "engine timeout");
	return 0;
}

static int copy_string(char **out, const char *s, const char *fallback)
{
	*out = strdup(s ? s : fallback);
	return *out ? 0 : cscap_err_oom();
}

/* A NULL-terminated copy of a NULL-terminated list; NULL stays NULL. */
static int copy_list(char ***out, const char *const *list)
{
	size_t n = 0;

	*out = NULL;
	if (!list)
		return 0;
	while (list[n])
		n++;
	char **copy = calloc(n + 1, sizeof(*copy));
	if (!copy)
		return cscap_err_oom();
	for (size_t i = 0; i < n; i++)
		if (!(copy[i] = strdup(list[i]))) {
			for (size_t k = 0; k < i; k++)
				free(copy[k]);
			free(copy);
			return cscap_err_oom();
		}
	*out = copy;
	return 0;
}

static void free_list(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}

int cscap_session_new(cscap_session **out, const cscap_options *opts)
{
	cscap_session *s;
	int rc;

	*out = NULL;
	cscap_options o;
	if ((rc = options_import(&o, opts)))
		return rc;
	opts = &o;
	xml_library_init();
	pthread_once(&curl_once, init_curl);
	if (curl_init_result)
		return cscap_err(CSCAP_ENOMEM, "libcurl could not be initialised");
	s = calloc(1, sizeof(*s));
	if (!s)
		return cscap_err_oom();
	s->opts = *opts;
	/* No engine named: every local one that exists (the first is engine_url,
	 * the others more_engine_urls), and know when there is none at all. */
	char found[ENGINE_DISCOVER_MAX][ENGINE_URL_MAX];
	const char *more[ENGINE_DISCOVER_MAX] = {NULL};
	const char *const *more_engines = opts->more_engine_urls;
	const char *engine = opts->engine_url;
	if (!engine && more_engines && more_engines[0]) {
		free(s);
		return cscap_err(CSCAP_EUSAGE, "options: more_engine_urls without engine_url");
	}
	if (!engine && !opts->root) {
		bool absent;
		size_t n;
		if (engine_discover_all(found, ENGINE_DISCOVER_MAX, &n, opts->user_runtime_dir, &absent) == 0) {
			engine = found[0];
			for (size_t i = 1; i < n; i++)
				more[i - 1] = found[i];
			more_engines = more;
		}
		s->engine_absent = absent;
	}
	if ((rc = copy_string(&s->engine_url, engine, "unix:///var/run/docker.sock")) ||
	    (rc = copy_list(&s->more_engine_urls, more_engines)) ||
	    (opts->root && (rc = copy_string(&s->root, opts->root, ""))) ||
	    (opts->host_root && (rc = copy_string(&s->host_root, opts->host_root, ""))) ||
	    (opts->datastream_id && (rc = copy_string(&s->datastream_id, opts->datastream_id, ""))) ||
	    (opts->xccdf_id && (rc = copy_string(&s->xccdf_id, opts->xccdf_id, ""))) ||
	    (opts->tailoring_file && (rc = copy_string(&s->tailoring_file, opts->tailoring_file, ""))) ||
	    (opts->tailoring_id && (rc = copy_string(&s->tailoring_id, opts->tailoring_id, ""))) ||
	    (rc = copy_list(&s->rules, opts->rules)) || (rc = copy_list(&s->skip_rules, opts->skip_rules)) ||
	    (opts->tls_cert_dir && (rc = copy_string(&s->tls_cert_dir, opts->tls_cert_dir, ""))) ||
	    (rc = copy_string(&s->scap_schema_dir, opts->scap_schema_dir, "/usr/share/openscap/schemas")) ||
	    (rc = copy_string(&s->schema_dir, opts->schema_dir, CSCAP_DATADIR "/schemas")) ||
	    (rc = copy_string(&s->data_dir, opts->data_dir, CSCAP_DATADIR)) ||
	    (rc = plugin_registry_new(&s->plugins)) ||
	    (opts->plugin_dir && (rc = session_load_plugin_dir(s, opts->plugin_dir)))) {
		cscap_session_free(s);
		return rc;
	}
	s->opts.engine_url = s->engine_url;
	s->opts.more_engine_urls = (const char *const *)s->more_engine_urls;
	s->opts.root = s->root;
	s->opts.host_root = s->host_root;
	s->opts.datastream_id = s->datastream_id;
	s->opts.xccdf_id = s->xccdf_id;
	s->opts.tailoring_file = s->tailoring_file;
	s->opts.tailoring_id = s->tailoring_id;
	s->opts.rules = (const char *const *)s->rules;
	s->opts.skip_rules = (const char *const *)s->skip_rules;
	s->opts.tls_cert_dir = s->tls_cert_dir;
	s->opts.scap_schema_dir = s->scap_schema_dir;
	s->opts.schema_dir = s->schema_dir;
	s->opts.data_dir = s->data_dir;
	s->opts.plugin_dir = NULL; /* loaded above; not kept */
	if (!s->opts.connect_timeout_ms)
		s->opts.connect_timeout_ms = 5000;
	if (!s->opts.timeout_ms)
		s->opts.timeout_ms = 30000;
	*out = s;
	return 0;
}

static void drop_results(cscap_session *s)
{
	scan_free(s->scan);
	s->scan = NULL;
	probe_session_free(s->probes);
	s->probes = NULL;
	regex_cache_free(s->regexes);
	s->regexes = NULL;
	host_facts_free(s->host);
	s->host = NULL;
}

void cscap_session_free(cscap_session *s)
{
	if (!s)
		return;
	drop_results(s);
	content_free(s->content);
	schema_set_free(s->schemas);
	free(s->engine_url);
	free_list(s->more_engine_urls);
	free(s->root);
	free(s->host_root);
	free(s->datastream_id);
	free(s->xccdf_id);
	free(s->tailoring_file);
	free(s->tailoring_id);
	free(s->tls_cert_dir);
	free_list(s->rules);
	free_list(s->skip_rules);
	free(s->scap_schema_dir);
	free(s->schema_dir);
	free(s->data_dir);
	xmlFreeDoc(s->stig);
	free(s->stig_path);
	/* Last: the results and content no longer need the plugins' code. */
	plugin_registry_free(s->plugins);
	free(s);
}

static int need_schemas(cscap_session *s)
{
	if (s->schemas)
		return 0;
	return schema_set_load(&s->schemas, s->scap_schema_dir, s->schema_dir);
}

/* The remote components the content names and that were not loaded: each one
 * a warning, as they leave rules notchecked (oscap warns of them too). */
static void warn_remotes(const cscap_session *s)
{
	char text[2048];

	if (!s->opts.warning)
		return;
	for (size_t i = 0; i < s->content->n_remotes; i++) {
		const struct content_remote *r = &s->content->remotes[i];
		if (r->why)
			snprintf(text, sizeof(text), "remote component %s (%s) could not be fetched: %s; "
				 "the rules that need it are notchecked", r->name, r->url, r->why);
		else
			snprintf(text, sizeof(text), "remote component %s (%s) was not fetched "
				 "(--fetch-remote-resources fetches it); the rules that need it are notchecked",
				 r->name, r->url);
		s->opts.warning(s->opts.warning_ctx, text);
	}
}

/* path, or the len bytes at buf (when not NULL) named path. */
static int session_load(cscap_session *s, const char *path, const char *buf, size_t len)
{
	struct load_options lo = {0};
	int rc;

	if (!path)
		return cscap_err(CSCAP_EUSAGE, "no content named to load");
	if (s->content)
		return cscap_err(CSCAP_EUSAGE, "a session loads one piece of content");
	lo.datastream_id = s->datastream_id;
	lo.xccdf_id = s->xccdf_id;
	lo.tailoring_file = s->tailoring_file;
	lo.tailoring_id = s->tailoring_id;
	lo.fetch_remote_resources = s->opts.fetch_remote_resources;
	lo.connect_timeout_ms = s->opts.connect_timeout_ms;
	if (!s->opts.skip_validation) {
		if ((rc = need_schemas(s)))
			return rc;
		lo.schemas = s->schemas;
	}
	rc = buf ? content_load_memory(&s->content, buf, len, path, &lo) : content_load(&s->content, path, &lo);
	if (rc == 0)
		warn_remotes(s);
	/* Nothing but cscap_session_validate_file needs the schemas again (it loads
	 * them anew); their trees would otherwise stay through the whole scan. */
	schema_set_free(s->schemas);
	s->schemas = NULL;
	return rc;
}

int cscap_session_load(cscap_session *s, const char *path)
{
	return session_load(s, path, NULL, 0);
}

int cscap_session_load_memory(cscap_session *s, const char *buf, size_t len, const char *name)
{
	if (!buf)
		return cscap_err(CSCAP_EUSAGE, "%s: no buffer to load", name ? name : "(no name)");
	return session_load(s, name, buf, len);
}

int cscap_session_evaluate(cscap_session *s, const char *profile_id)
{
	struct probe_config pc;
	struct scan_options so = {0};
	int rc;

	if (!s->content)
		return cscap_err(CSCAP_EUSAGE, "nothing loaded to evaluate");
	drop_results(s);
	memset(&pc, 0, sizeof(pc));
	pc.engine_url = s->engine_url;
	pc.more_engine_urls = s->opts.more_engine_urls;
	pc.root = s->root;
	pc.host_root = s->root ? NULL : s->host_root;
	if (!s->root && !s->host_root)
		pc.confinement = host_facts_confinement(s->confinement, sizeof(s->confinement));
	/* The kernel view (the probe gives it to local engines only). */
	pc.proc_root = s->opts.no_kernel_view || s->root ? NULL : "/proc";
	pc.tls_cert_dir = s->tls_cert_dir;
	pc.engine_absent = s->engine_absent;
	pc.tls_verify = s->opts.tls_verify;
	pc.max_parallel = s->opts.max_parallel;
	pc.connect_timeout_ms = s->opts.connect_timeout_ms;
	pc.timeout_ms = s->opts.timeout_ms;
	pc.max_reply_bytes = 256u << 20;
	pc.plugins = s->plugins;
	so.profile_id = profile_id;
	so.only_rules = s->opts.rules;
	so.skip_rules = s->opts.skip_rules;
	so.progress = s->opts.progress;
	so.progress_ctx = s->opts.progress_ctx;
	so.plugins = s->plugins;
	so.fixed_time = s->opts.use_fixed_time != 0;
	so.now = (time_t)s->opts.fixed_time;
	/* Offline, the asset is the mounted host, not the one cscap runs on. */
	if ((rc = s->root ? host_facts_collect_root(&s->host, s->root) : host_facts_collect(&s->host, s->host_root)) ||
	    (rc = regex_cache_new(&s->regexes)) ||
	    (rc = probe_session_new(&s->probes, &pc)))
		return rc;
	if (s->content->benchmark)
		rc = scan_run(&s->scan, s->content, &so, s->probes, s->regexes);
	else if (profile_id)
		rc = cscap_err(CSCAP_EUSAGE, "%s: OVAL content has no profiles", s->content->path);
	else
		rc = scan_run_oval(&s->scan, s->content, &so, s->probes, s->regexes);
	return rc;
}

int cscap_session_has_findings(const cscap_session *s)
{
	if (!s->scan)
		return 0;
	if (s->content->benchmark)
		return (s->scan->counts[XCCDF_RESULT_FAIL] + s->scan->counts[XCCDF_RESULT_ERROR] +
			s->scan->counts[XCCDF_RESULT_UNKNOWN]) > 0;
	for (size_t i = 0; i < s->scan->n_ovals; i++) {
		const struct oval_run *run = &s->scan->ovals[i];
		for (size_t d = 0; d < run->doc->n_definitions; d++) {
			enum xccdf_result r = xccdf_result_from_oval(run->defs[d].result,
								     run->doc->definitions[d].class_);
			if (r == XCCDF_RESULT_FAIL || r == XCCDF_RESULT_ERROR || r == XCCDF_RESULT_UNKNOWN)
				return 1;
		}
	}
	return 0;
}

size_t cscap_session_rule_count(const cscap_session *s)
{
	return s->scan ? s->scan->n_rules : 0;
}

int cscap_session_rule_result(const cscap_session *s, size_t i, const char **rule_id,
			      const char **result)
{
	if (!s->scan || i >= s->scan->n_rules)
		return cscap_err(CSCAP_EUSAGE, "no rule result %zu", i);
	*rule_id = s->scan->rules[i].rule->id;
	*result = xccdf_result_name(s->scan->rules[i].result);
	return 0;
}

size_t cscap_session_definition_count(const cscap_session *s)
{
	size_t n = 0;

	for (size_t i = 0; s->scan && i < s->scan->n_ovals; i++)
		n += s->scan->ovals[i].doc->n_definitions;
	return n;
}

int cscap_session_definition_result(const cscap_session *s, size_t i, const char **definition_id,
				    const char **result)
{
	for (size_t k = 0; s->scan && k < s->scan->n_ovals; k++) {
		const struct oval_run *run = &s->scan->ovals[k];
		if (i < run->doc->n_definitions) {
			*definition_id = run->doc->definitions[i].id;
			*result = oval_result_name(run->defs[i].state == 2 ? run->defs[i].result
									   : OVAL_RESULT_NOT_EVALUATED);
			return 0;
		}
		i -= run->doc->n_definitions;
	}
	return cscap_err(CSCAP_EUSAGE, "no definition result %zu", i);
}

int cscap_session_rule_problem(const cscap_session *s, size_t i, const char **message)
{
	*message = NULL;
	if (!s->scan || i >= s->scan->n_rules)
		return cscap_err(CSCAP_EUSAGE, "no rule result %zu", i);
	const struct xccdf_rule_result *rr = &s->scan->rules[i];
	for (size_t k = 0; k < rr->n_messages && !*message; k++)
		if (strcmp(rr->messages[k].severity, "error") == 0)
			*message = rr->messages[k].text;
	return 0;
}

/* Whether output path would replace input, a file that exists (an in-memory
 * load's name is no file). */
static bool replaces_input(const char *path, const char *input)
{
	struct stat sb;

	return input && stat(input, &sb) == 0 && atomic_file_same(path, input);
}

/* Results must never destroy their input: refuse path when it is the content
 * or a file it pulled in, the tailoring file or DISA's benchmark. */
static int check_not_input(const cscap_session *s, const char *path)
{
	const struct content *c = s->content;

	if (c && replaces_input(path, c->path))
		return cscap_err(CSCAP_EREFUSED, "%s: refusing to overwrite the content being evaluated", path);
	for (size_t i = 0; c && i < c->n_extra_docs; i++)
		if (c->extra_docs[i] && replaces_input(path, (const char *)c->extra_docs[i]->URL))
			return cscap_err(CSCAP_EREFUSED, "%s: refusing to overwrite %s, which the content refers to",
					 path, (const char *)c->extra_docs[i]->URL);
	if (replaces_input(path, s->tailoring_file))
		return cscap_err(CSCAP_EREFUSED, "%s: refusing to overwrite the tailoring file", path);
	if (replaces_input(path, s->stig_path))
		return cscap_err(CSCAP_EREFUSED, "%s: refusing to overwrite DISA's benchmark (the STIG)", path);
	return 0;
}

int session_check_output(const cscap_session *s, const char *path)
{
	if (!s->scan)
		return cscap_err(CSCAP_EUSAGE, "%s: evaluate before writing results", path);
	return check_not_input(s, path);
}

/* Before the scan, so that a mistake costs nothing: every output against the
 * inputs, and against the outputs before it (a second write would silently
 * replace the first). */
int cscap_session_check_outputs(const cscap_session *s, const char *const *paths)
{
	int rc;

	for (size_t i = 0; paths && paths[i]; i++) {
		if ((rc = check_not_input(s, paths[i])))
			return rc;
		for (size_t k = 0; k < i; k++)
			if (atomic_file_same(paths[i], paths[k]))
				return cscap_err(CSCAP_EREFUSED, "%s: refusing to write two results into one file (also %s)",
						 paths[i], paths[k]);
	}
	return 0;
}

void session_write_context(const cscap_session *s, struct write_context *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->scan = s->scan;
	ctx->host = s->host;
	ctx->product_version = CSCAP_VERSION;
	ctx->without_syschar = s->opts.without_syschar != 0;
	ctx->thin = s->opts.thin_results != 0;
}

int cscap_session_write_arf(cscap_session *s, const char *path)
{
	struct write_context ctx;
	int rc = session_check_output(s, path);

	if (rc)
		return rc;
	session_write_context(s, &ctx);
	return arf_write(&ctx, path);
}

int cscap_session_write_xccdf_results(cscap_session *s, const char *path)
{
	struct write_context ctx;
	int rc = session_check_output(s, path);

	if (rc)
		return rc;
	session_write_context(s, &ctx);
	return xccdf_results_write(&ctx, path);
}

int cscap_session_write_oval_results(cscap_session *s, const char *path)
{
	struct write_context ctx;
	int rc = session_check_output(s, path);

	if (rc)
		return rc;
	if (s->scan->n_ovals != 1)
		return cscap_err(CSCAP_EUNSUPPORTED, "%s: the content holds %zu OVAL documents; use ARF",
				 path, s->scan->n_ovals);
	session_write_context(s, &ctx);
	return oval_results_write(&ctx, 0, path);
}

/* The schemas first; then content (not results) is built like `xccdf eval`
 * would load it, so that references the schemas cannot see are checked too. */
int cscap_session_validate_file(cscap_session *s, const char *path)
{
	struct load_options lo = {0};
	struct content *c = NULL;
	xmlDocPtr doc;
	int rc;

	if ((rc = need_schemas(s)))
		return rc;
	if ((rc = xml_read_file(&doc, path)))
		return rc;
	if ((rc = schema_set_validate(s->schemas, doc, path)) || !content_is_scap_root(xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		return rc;
	}
	lo.schemas = s->schemas;
	lo.datastream_id = s->datastream_id;
	lo.xccdf_id = s->xccdf_id;
	rc = content_load_parsed(&c, doc, path, &lo);
	content_free(c);
	return rc;
}
