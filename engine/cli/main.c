/* cscap(1): a thin command line over libcscap. */
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscap/cscap.h"
#include "cscap/plugin.h"
#include "cscap/summary.h"

#ifndef CSCAP_DATADIR
#define CSCAP_DATADIR "/usr/local/share/cscap"
#endif

enum { EXIT_OK = 0, EXIT_SCAN_FAILED = 1, EXIT_FINDINGS = 2 };

static const char usage_text[] =
	"usage: cscap xccdf eval [options] CONTENT\n"
	"       cscap oval eval [options] CONTENT\n"
	"       cscap info [--skip-validation] [--fetch-remote-resources] CONTENT\n"
	"       cscap validate FILE...\n"
	"       cscap xccdf generate report [-o FILE] RESULTS\n"
	"       cscap summary [--format text|csv|html] [-o FILE] [--rule ID]... [--latest] ARF...\n"
	"       cscap --version | --help\n"
	"\n"
	"eval options:\n"
	"  --profile ID          evaluate this XCCDF profile (default: the benchmark's selection)\n"
	"  --datastream-id ID    the data stream of a collection to use (default: the first)\n"
	"  --xccdf-id ID         the checklist component-ref to use (default: the first benchmark)\n"
	"  --tailoring-file FILE apply an XCCDF 1.2 tailoring file (its profiles become selectable)\n"
	"  --tailoring-id ID     apply the data stream's tailoring component-ref ID\n"
	"  --rule ID             evaluate only this rule (repeatable)\n"
	"  --skip-rule ID        leave this rule out (repeatable)\n"
	"  --progress            print each rule's result on stderr as soon as it is known\n"
	"  --results-arf FILE    write an ARF 1.1 result data stream\n"
	"  --results FILE        write XCCDF 1.2 results (the benchmark with its TestResult)\n"
	"  --oval-results FILE   write OVAL 5.11 results with system characteristics\n"
	"  --without-syschar     leave system characteristics out of OVAL results\n"
	"  --thin-results        OVAL results without criteria and test results (thin)\n"
	"                        (a result file whose name ends in .gz is written gzip-compressed)\n"
	"  --report FILE         write an HTML report (self-contained; evidence from the ARF)\n"
	"  --stig-viewer FILE    write XCCDF results with DISA's rule ids, for DISA STIG Viewer\n"
	"  --ckl FILE            write a STIG Viewer 2 checklist (.ckl)\n"
	"  --cklb FILE           write a STIG Viewer 3 checklist (.cklb, JSON)\n"
	"  --stig FILE           checklists over DISA's official benchmark FILE (all its rules, DISA's\n"
	"                        ids and text; rules cscap does not decide are Not_Reviewed)\n"
	"  --engine URL          container engine: unix:///path or tcp://host:port (default: $DOCKER_HOST,\n"
	"                        else every one of /var/run/docker.sock, /run/podman/podman.sock,\n"
	"                        $XDG_RUNTIME_DIR/podman/podman.sock that exists); repeatable (up to\n"
	"                        8): every engine is read in the same scan, and one that cannot be\n"
	"                        read makes the container rules error\n"
	"                        tcp:// uses TLS with $DOCKER_CERT_PATH (ca.pem, cert.pem, key.pem) when\n"
	"                        $DOCKER_TLS_VERIFY is set (a UCP client bundle works as is)\n"
	"  --root DIR            offline: read the containers from the engine's files under DIR\n"
	"                        (a mounted host filesystem) instead of asking an engine\n"
	"  --host-root DIR       live, from a container: the host's / is mounted at DIR; the\n"
	"                        file probes read the host's files there\n"
	"  --no-kernel-view      do not check containers against /proc (the kernel view)\n"
	"  --parallel N          concurrent engine requests (default 8)\n"
	"  --timeout SECONDS     limit on each whole engine request, connecting included (default 30)\n"
	"  --connect-timeout SECONDS  limit on connecting to the engine (and to remote components;\n"
	"                        default 5)\n"
	"  --plugin FILE         load a plugin (a probe or check engine; cscap_plugin(3)); repeatable\n"
	"  --plugin-dir DIR      load every *.so in DIR as a plugin (none are loaded by default)\n"
	"common options:\n"
	"  --skip-validation     do not validate content against the schemas\n"
	"  --fetch-remote-resources  fetch the remote OVAL components a data stream names\n"
	"                        (http/https only; otherwise they are not fetched: notchecked)\n"
	"  --scap-schemas DIR    official SCAP schemas (default /usr/share/openscap/schemas)\n"
	"  --schemas DIR         cscap's own schemas (default: installed, else beside the binary)\n"
	"generate report: the HTML report of an ARF or XCCDF results file, on standard output\n"
	"  or in -o FILE; cscap's data (report.xsl): $CSCAP_DATA_DIR, the installed copy, else\n"
	"  ../data beside the binary\n"
	"summary: many scans' ARF files (plain or .gz), host by rule, with each host's counts and\n"
	"  the evidence of every finding; --rule (id or version, repeatable) shows only those rules,\n"
	"  --latest only the newest scan of each host; exit 1 when a file cannot be read\n"
	"\n"
	"exit status: 0 all evaluated rules passed, 2 a rule is fail/error/unknown, 1 the scan failed\n";

struct cli {
	cscap_options opts;
	const char *profile;
	const char *arf, *results, *oval_results;
	const char *report, *stig_viewer, *ckl, *cklb, *stig;
	char schema_dir[PATH_MAX];
	char data_dir[PATH_MAX];
	const char *rules[256], *skip_rules[256]; /* NULL-terminated */
	size_t n_rules, n_skip_rules;
	char cert_dir[PATH_MAX];
	const char *engines[9];                   /* --engine, in order; NULL-terminated */
	size_t n_engines;
	const char *plugins[64];                  /* --plugin, in order */
	size_t n_plugins;
};

static int fail(const char *what)
{
	fprintf(stderr, "cscap: %s%s%s\n", what ? what : "", what ? ": " : "", cscap_error_last());
	return EXIT_SCAN_FAILED;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "cscap: %s (see cscap --help)\n", msg);
	return EXIT_SCAN_FAILED;
}

/* optarg as a whole number from min to max, else one usage line ("--timeout
 * takes whole seconds from 1 to 3600") and -1. */
static int whole_number(const char *option, const char *what, long min, long max, long *out)
{
	char msg[128], *end;
	long v = strtol(optarg, &end, 10);

	if (end == optarg || *end || v < min || v > max) {
		snprintf(msg, sizeof(msg), "%s takes %s from %ld to %ld", option, what, min, max);
		usage_error(msg);
		return -1;
	}
	*out = v;
	return 0;
}

static int is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* cscap's schemas: --schemas, $CSCAP_SCHEMA_DIR, the installed copy, or ../schemas beside the binary. */
static void default_schema_dir(struct cli *c)
{
	const char *env = getenv("CSCAP_SCHEMA_DIR");
	char exe[PATH_MAX];
	ssize_t n;

	if (c->opts.schema_dir)
		return;
	if (env && *env) {
		c->opts.schema_dir = env;
		return;
	}
	if (is_dir(CSCAP_DATADIR "/schemas")) {
		c->opts.schema_dir = CSCAP_DATADIR "/schemas";
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(c->schema_dir, sizeof(c->schema_dir), "%s/../schemas", dirname(exe));
		c->opts.schema_dir = c->schema_dir;
	}
}

/* cscap's data (report.xsl): $CSCAP_DATA_DIR, the installed copy, or ../data beside the binary. */
static void default_data_dir(struct cli *c)
{
	const char *env = getenv("CSCAP_DATA_DIR");
	char exe[PATH_MAX];
	struct stat sb;
	ssize_t n;

	if (env && *env) {
		c->opts.data_dir = env;
		return;
	}
	if (stat(CSCAP_DATADIR "/report.xsl", &sb) == 0) {
		c->opts.data_dir = CSCAP_DATADIR;
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		snprintf(c->data_dir, sizeof(c->data_dir), "%s/../data", dirname(exe));
		c->opts.data_dir = c->data_dir;
	}
}

/* Fail before the scan, not after it, when a result file cannot be created. */
static int check_writable(const char *path)
{
	char copy[PATH_MAX];

	if (!path)
		return 0;
	if (strlen(path) >= sizeof(copy)) {
		fprintf(stderr, "cscap: %s: path too long\n", path);
		return -1;
	}
	strcpy(copy, path);
	const char *dir = dirname(copy);
	if (access(dir, W_OK) != 0) {
		fprintf(stderr, "cscap: %s: cannot write in %s: %s\n", path, dir, strerror(errno));
		return -1;
	}
	return 0;
}

static void print_progress(void *ctx, const char *rule_id, const char *result)
{
	fprintf(ctx, "%s: %s\n", rule_id, result);
	fflush(ctx);
}

/* A warning is not a failure: the scan goes on, and the operator sees why a
 * rule will be notchecked before the results say so. */
static void print_warning(void *ctx, const char *message)
{
	fprintf(ctx, "cscap: warning: %s\n", message);
}

enum {
	OPT_PROFILE = 256, OPT_ARF, OPT_RESULTS, OPT_OVAL_RESULTS, OPT_ENGINE, OPT_SKIP_VALIDATION,
	OPT_SCAP_SCHEMAS, OPT_SCHEMAS, OPT_TIMEOUT, OPT_WITHOUT_SYSCHAR, OPT_HELP, OPT_ROOT, OPT_HOST_ROOT, OPT_THIN_RESULTS,
	OPT_NO_KERNEL_VIEW, OPT_PARALLEL, OPT_RULE, OPT_SKIP_RULE, OPT_PROGRESS, OPT_DATASTREAM_ID,
	OPT_XCCDF_ID, OPT_TAILORING_FILE, OPT_TAILORING_ID, OPT_REPORT, OPT_STIG_VIEWER, OPT_CKL, OPT_CKLB,
	OPT_STIG, OPT_PLUGIN, OPT_PLUGIN_DIR, OPT_FETCH_REMOTE, OPT_CONNECT_TIMEOUT
};

static const struct option long_options[] = {
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"results-arf", required_argument, NULL, OPT_ARF},
	{"results", required_argument, NULL, OPT_RESULTS},
	{"oval-results", required_argument, NULL, OPT_OVAL_RESULTS},
	{"engine", required_argument, NULL, OPT_ENGINE},
	{"skip-validation", no_argument, NULL, OPT_SKIP_VALIDATION},
	{"scap-schemas", required_argument, NULL, OPT_SCAP_SCHEMAS},
	{"schemas", required_argument, NULL, OPT_SCHEMAS},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
	{"without-syschar", no_argument, NULL, OPT_WITHOUT_SYSCHAR},
	{"thin-results", no_argument, NULL, OPT_THIN_RESULTS},
	{"help", no_argument, NULL, OPT_HELP},
	{"root", required_argument, NULL, OPT_ROOT},
	{"host-root", required_argument, NULL, OPT_HOST_ROOT},
	{"no-kernel-view", no_argument, NULL, OPT_NO_KERNEL_VIEW},
	{"parallel", required_argument, NULL, OPT_PARALLEL},
	{"rule", required_argument, NULL, OPT_RULE},
	{"skip-rule", required_argument, NULL, OPT_SKIP_RULE},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"datastream-id", required_argument, NULL, OPT_DATASTREAM_ID},
	{"xccdf-id", required_argument, NULL, OPT_XCCDF_ID},
	{"tailoring-file", required_argument, NULL, OPT_TAILORING_FILE},
	{"tailoring-id", required_argument, NULL, OPT_TAILORING_ID},
	{"report", required_argument, NULL, OPT_REPORT},
	{"stig-viewer", required_argument, NULL, OPT_STIG_VIEWER},
	{"ckl", required_argument, NULL, OPT_CKL},
	{"cklb", required_argument, NULL, OPT_CKLB},
	{"stig", required_argument, NULL, OPT_STIG},
	{"plugin", required_argument, NULL, OPT_PLUGIN},
	{"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
	{"fetch-remote-resources", no_argument, NULL, OPT_FETCH_REMOTE},
	{NULL, 0, NULL, 0},
};

/* Parse options after the subcommand words; returns the index of the first operand or -1. */
static int parse_options(struct cli *c, int argc, char **argv, int eval)
{
	int opt;
	long number;

	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", long_options, NULL)) != -1) {
		if (!eval && opt != OPT_SKIP_VALIDATION && opt != OPT_SCAP_SCHEMAS && opt != OPT_SCHEMAS &&
		    opt != OPT_HELP && opt != OPT_DATASTREAM_ID && opt != OPT_XCCDF_ID &&
		    opt != OPT_TAILORING_FILE && opt != OPT_TAILORING_ID && opt != OPT_FETCH_REMOTE) {
			usage_error("this option is for eval only");
			return -1;
		}
		switch (opt) {
		case OPT_PROFILE: c->profile = optarg; break;
		case OPT_ARF: c->arf = optarg; break;
		case OPT_RESULTS: c->results = optarg; break;
		case OPT_OVAL_RESULTS: c->oval_results = optarg; break;
		case OPT_REPORT: c->report = optarg; break;
		case OPT_STIG_VIEWER: c->stig_viewer = optarg; break;
		case OPT_CKL: c->ckl = optarg; break;
		case OPT_CKLB: c->cklb = optarg; break;
		case OPT_STIG: c->stig = optarg; break;
		case OPT_PLUGIN_DIR: c->opts.plugin_dir = optarg; break;
		case OPT_PLUGIN:
			if (c->n_plugins == sizeof(c->plugins) / sizeof(c->plugins[0])) {
				usage_error("too many --plugin options");
				return -1;
			}
			c->plugins[c->n_plugins++] = optarg;
			break;
		case OPT_ENGINE:
			/* The first is engine_url, the others more_engine_urls. */
			if (c->n_engines + 1 == sizeof(c->engines) / sizeof(c->engines[0])) {
				usage_error("too many --engine options (at most 8)");
				return -1;
			}
			c->engines[c->n_engines++] = optarg;
			c->engines[c->n_engines] = NULL;
			c->opts.engine_url = c->engines[0];
			c->opts.more_engine_urls = c->n_engines > 1 ? c->engines + 1 : NULL;
			break;
		case OPT_SKIP_VALIDATION: c->opts.skip_validation = 1; break;
		case OPT_FETCH_REMOTE: c->opts.fetch_remote_resources = 1; break;
		case OPT_SCAP_SCHEMAS: c->opts.scap_schema_dir = optarg; break;
		case OPT_SCHEMAS: c->opts.schema_dir = optarg; break;
		case OPT_WITHOUT_SYSCHAR: c->opts.without_syschar = 1; break;
		case OPT_THIN_RESULTS: c->opts.thin_results = 1; break;
		case OPT_ROOT: c->opts.root = optarg; break;
		case OPT_HOST_ROOT: c->opts.host_root = optarg; break;
		case OPT_NO_KERNEL_VIEW: c->opts.no_kernel_view = 1; break;
		case OPT_RULE:
		case OPT_SKIP_RULE: {
			const char **list = opt == OPT_RULE ? c->rules : c->skip_rules;
			size_t *n = opt == OPT_RULE ? &c->n_rules : &c->n_skip_rules;
			if (*n + 1 >= sizeof(c->rules) / sizeof(c->rules[0])) {
				usage_error("too many --rule/--skip-rule options");
				return -1;
			}
			list[(*n)++] = optarg;
			list[*n] = NULL;
			if (opt == OPT_RULE)
				c->opts.rules = c->rules;
			else
				c->opts.skip_rules = c->skip_rules;
			break;
		}
		case OPT_DATASTREAM_ID: c->opts.datastream_id = optarg; break;
		case OPT_XCCDF_ID: c->opts.xccdf_id = optarg; break;
		case OPT_TAILORING_FILE: c->opts.tailoring_file = optarg; break;
		case OPT_TAILORING_ID: c->opts.tailoring_id = optarg; break;
		case OPT_PROGRESS:
			c->opts.progress = print_progress;
			c->opts.progress_ctx = stderr;
			break;
		case OPT_PARALLEL:
			if (whole_number("--parallel", "a number", 1, 64, &number))
				return -1;
			c->opts.max_parallel = (int)number;
			break;
		case OPT_TIMEOUT:
			if (whole_number("--timeout", "whole seconds", 1, 3600, &number))
				return -1;
			c->opts.timeout_ms = number * 1000;
			break;
		case OPT_CONNECT_TIMEOUT:
			if (whole_number("--connect-timeout", "whole seconds", 1, 3600, &number))
				return -1;
			c->opts.connect_timeout_ms = number * 1000;
			break;
		case OPT_HELP:
			fputs(usage_text, stdout);
			exit(EXIT_OK);
		default:
			usage_error(optopt ? "an option is missing its argument" : "unknown option");
			return -1;
		}
	}
	return optind;
}

static int settings_from_environment(struct cli *c)
{
	const char *docker_host = getenv("DOCKER_HOST");
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	const char *tls_verify = getenv("DOCKER_TLS_VERIFY");
	const char *cert_path = getenv("DOCKER_CERT_PATH");
	const char *home = getenv("HOME");

	if (!c->opts.engine_url && docker_host && *docker_host)
		c->opts.engine_url = docker_host;
	c->opts.user_runtime_dir = getenv("XDG_RUNTIME_DIR");
	/* Docker's own convention: DOCKER_TLS_VERIFY turns TLS on, DOCKER_CERT_PATH
	 * (default ~/.docker) holds ca.pem, cert.pem and key.pem. */
	if (tls_verify && *tls_verify) {
		c->opts.tls_verify = 1;
		if (cert_path && *cert_path)
			c->opts.tls_cert_dir = cert_path;
		else if (home && *home) {
			snprintf(c->cert_dir, sizeof(c->cert_dir), "%s/.docker", home);
			c->opts.tls_cert_dir = c->cert_dir;
		}
	}
	if (epoch && *epoch) {
		char *end;
		long long v = strtoll(epoch, &end, 10);
		if (*end || v < 0) {
			usage_error("SOURCE_DATE_EPOCH is not a number of seconds");
			return -1;
		}
		c->opts.use_fixed_time = 1;
		c->opts.fixed_time = v;
	}
	default_schema_dir(c);
	default_data_dir(c);
	return 0;
}

/* Every result file asked for, in the order they are written. */
static int check_outputs(const struct cli *c, const cscap_session *s)
{
	const char *all[] = {c->arf, c->results, c->oval_results, c->report, c->stig_viewer, c->ckl, c->cklb};
	const char *named[sizeof(all) / sizeof(all[0]) + 1];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i])
			named[n++] = all[i];
	named[n] = NULL;
	return cscap_session_check_outputs(s, named);
}

static int cmd_eval(struct cli *c, int argc, char **argv, int oval)
{
	cscap_session *s;
	int first = parse_options(c, argc, argv, 1);
	int status;

	if (first < 0)
		return EXIT_SCAN_FAILED;
	if (argc - first != 1)
		return usage_error("eval takes exactly one content file");
	if (oval && c->profile)
		return usage_error("--profile is for xccdf eval");
	if (!oval && c->oval_results)
		return usage_error("--oval-results is for oval eval; ARF carries OVAL results for xccdf eval");
	if (oval && (c->report || c->stig_viewer || c->ckl || c->cklb))
		return usage_error("--report, --stig-viewer, --ckl and --cklb are for xccdf eval");
	if (c->stig && !c->ckl && !c->cklb)
		return usage_error("--stig is for the checklists (--ckl, --cklb)");
	if (settings_from_environment(c) || check_writable(c->arf) || check_writable(c->results) ||
	    check_writable(c->oval_results) || check_writable(c->report) ||
	    check_writable(c->stig_viewer) || check_writable(c->ckl) || check_writable(c->cklb))
		return EXIT_SCAN_FAILED;
	if (cscap_session_new(&s, &c->opts))
		return fail(NULL);
	for (size_t i = 0; i < c->n_plugins; i++)
		if (cscap_session_load_plugin(s, c->plugins[i])) {
			status = fail(NULL);
			goto out;
		}
	/* DISA's benchmark is read before the scan, so a wrong file fails fast; so are
	 * outputs over inputs or over each other, once the inputs are known. */
	if ((c->stig && cscap_session_load_stig(s, c->stig)) || cscap_session_load(s, argv[first]) ||
	    check_outputs(c, s) || cscap_session_evaluate(s, c->profile)) {
		status = fail(NULL);
		goto out;
	}
	for (size_t i = 0; i < cscap_session_rule_count(s); i++) {
		const char *id, *result;
		const char *problem;
		if (cscap_session_rule_result(s, i, &id, &result) != 0 || strcmp(result, "notselected") == 0)
			continue;
		printf("%-14s %s\n", result, id);
		/* A rule that could not be decided says why, where an operator sees it. */
		if (cscap_session_rule_problem(s, i, &problem) == 0 && problem)
			fprintf(stderr, "cscap: %s: %s: %s\n", id, result, problem);
	}
	for (size_t i = 0; oval && i < cscap_session_definition_count(s); i++) {
		const char *id, *result;
		if (cscap_session_definition_result(s, i, &id, &result) == 0)
			printf("%-14s %s\n", result, id);
	}
	status = cscap_session_has_findings(s) ? EXIT_FINDINGS : EXIT_OK;
	/* Write every requested file even if one fails, and report each failure. */
	if (c->arf && cscap_session_write_arf(s, c->arf))
		status = fail(NULL);
	if (c->results && cscap_session_write_xccdf_results(s, c->results))
		status = fail(NULL);
	if (c->oval_results && cscap_session_write_oval_results(s, c->oval_results))
		status = fail(NULL);
	if (c->report && cscap_session_write_report(s, c->report))
		status = fail(NULL);
	if (c->stig_viewer && cscap_session_write_stig_viewer(s, c->stig_viewer))
		status = fail(NULL);
	if (c->ckl && cscap_session_write_ckl(s, c->ckl))
		status = fail(NULL);
	if (c->cklb && cscap_session_write_cklb(s, c->cklb))
		status = fail(NULL);
	if (c->stig && (c->ckl || c->cklb)) {
		size_t rules, answered, revisions;
		if (cscap_session_checklist_counts(s, &rules, &answered, &revisions) == 0)
			fprintf(stderr, "cscap: %s: %zu rules, %zu answered by cscap, the rest Not_Reviewed\n", c->stig,
				rules, answered);
		if (rules && revisions)
			fprintf(stderr, "cscap: %s: %zu rules matched to another revision of DISA's rule"
				" (said in their COMMENTS)\n", c->stig, revisions);
	}
out:
	cscap_session_free(s);
	return status;
}

/* cscap xccdf generate report [-o FILE] RESULTS */
static int cmd_generate_report(struct cli *c, int argc, char **argv)
{
	const char *out = "-", *in = NULL;
	cscap_session *s;
	int status = EXIT_OK;

	for (int i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) && i + 1 < argc)
			out = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error("generate report takes -o FILE and one results file");
		else if (!in)
			in = argv[i];
		else
			return usage_error("generate report takes one results file");
	}
	if (!in)
		return usage_error("generate report needs a results file (ARF or XCCDF results)");
	if (strcmp(out, "-") != 0 && check_writable(out))
		return EXIT_SCAN_FAILED;
	default_data_dir(c);
	if (cscap_session_new(&s, &c->opts))
		return fail(NULL);
	if (cscap_session_report_from_results(s, in, out))
		status = fail(NULL);
	cscap_session_free(s);
	return status;
}

static int cmd_info(struct cli *c, int argc, char **argv)
{
	cscap_session *s;
	int first = parse_options(c, argc, argv, 0);
	int status = EXIT_OK;

	if (first < 0)
		return EXIT_SCAN_FAILED;
	if (argc - first != 1)
		return usage_error("info takes exactly one content file");
	if (settings_from_environment(c))
		return EXIT_SCAN_FAILED;
	/* info describes content, as oscap info does, without the schema check
	 * (most of its time on a large data stream): cscap validate does that.
	 * The load's own checks (well-formed, safe, consistent) still apply. */
	c->opts.skip_validation = 1;
	c->opts.warning = NULL; /* the listing itself says what was not fetched */
	if (cscap_session_new(&s, &c->opts))
		return fail(NULL);
	if (cscap_session_load(s, argv[first]) || cscap_session_print_info(s, stdout))
		status = fail(NULL);
	cscap_session_free(s);
	return status;
}

static int cmd_validate(struct cli *c, int argc, char **argv)
{
	cscap_session *s;
	int first = parse_options(c, argc, argv, 0);
	int status = EXIT_OK;

	if (first < 0)
		return EXIT_SCAN_FAILED;
	if (argc - first < 1)
		return usage_error("validate takes one or more files");
	if (settings_from_environment(c))
		return EXIT_SCAN_FAILED;
	if (cscap_session_new(&s, &c->opts))
		return fail(NULL);
	for (int i = first; i < argc; i++) {
		if (cscap_session_validate_file(s, argv[i]))
			status = fail(NULL);
		else
			printf("%s: valid\n", argv[i]);
	}
	cscap_session_free(s);
	return status;
}

/* cscap summary [--format text|csv|html] [-o FILE] [--rule ID]... [--latest] ARF... */
static int cmd_summary(int argc, char **argv)
{
	static const struct option summary_options[] = {
		{"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
		{"rule", required_argument, NULL, 'r'}, {"latest", no_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	cscap_summary_options so;
	cscap_summary_format format = CSCAP_SUMMARY_TEXT;
	const char *out = "-", *rules[256];
	size_t n_rules = 0;
	cscap_summary *sum;
	int opt, status = EXIT_OK;

	cscap_summary_options_init(&so);
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", summary_options, NULL)) != -1) {
		if (opt == 'f' && strcmp(optarg, "text") == 0)
			format = CSCAP_SUMMARY_TEXT;
		else if (opt == 'f' && strcmp(optarg, "csv") == 0)
			format = CSCAP_SUMMARY_CSV;
		else if (opt == 'f' && strcmp(optarg, "html") == 0)
			format = CSCAP_SUMMARY_HTML;
		else if (opt == 'f')
			return usage_error("--format takes text, csv or html");
		else if (opt == 'o')
			out = optarg;
		else if (opt == 'l')
			so.latest = 1;
		else if (opt == 'r' && n_rules + 1 < sizeof(rules) / sizeof(rules[0])) {
			rules[n_rules++] = optarg;
			rules[n_rules] = NULL;
			so.rules = rules;
		} else
			return usage_error(opt == 'r' ? "too many --rule options" : "summary takes --format, -o, --rule, --latest");
	}
	if (optind >= argc)
		return usage_error("summary needs one or more ARF files");
	if (strcmp(out, "-") != 0 && check_writable(out))
		return EXIT_SCAN_FAILED;
	if (cscap_summary_new(&sum, &so))
		return fail(NULL);
	/* A file that cannot be read is named on stderr; the others are still summarised. */
	for (int i = optind; i < argc; i++)
		if (cscap_summary_add_file(sum, argv[i]))
			status = fail(NULL);
	for (size_t i = 0; i < n_rules; i++) {
		size_t k = 0;
		while (k < cscap_summary_rule_count(sum) && strcmp(cscap_summary_rule_id(sum, k), rules[i]) != 0 &&
		       (!cscap_summary_rule_version(sum, k) || strcmp(cscap_summary_rule_version(sum, k), rules[i]) != 0))
			k++;
		if (k == cscap_summary_rule_count(sum) && cscap_summary_scan_count(sum)) {
			fprintf(stderr, "cscap: --rule %s: no such rule in these results\n", rules[i]);
			status = EXIT_SCAN_FAILED;
		}
	}
	if (cscap_summary_write(sum, format, out))
		status = fail(NULL);
	for (size_t i = 0; status == EXIT_OK && i < cscap_summary_scan_count(sum); i++)
		if (cscap_summary_scan_has_findings(sum, i))
			status = EXIT_FINDINGS;
	cscap_summary_free(sum);
	return status;
}

int main(int argc, char **argv)
{
	struct cli c;

	memset(&c, 0, sizeof(c));
	cscap_options_init(&c.opts);
	c.opts.warning = print_warning;
	c.opts.warning_ctx = stderr;
	if (argc < 2)
		return usage_error("no command given");
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("cscap %s\n", cscap_version());
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (argc >= 3 && strcmp(argv[1], "xccdf") == 0 && strcmp(argv[2], "eval") == 0)
		return cmd_eval(&c, argc - 2, argv + 2, 0);
	if (argc >= 4 && strcmp(argv[1], "xccdf") == 0 && strcmp(argv[2], "generate") == 0 &&
	    strcmp(argv[3], "report") == 0)
		return cmd_generate_report(&c, argc - 3, argv + 3);
	if (argc >= 3 && strcmp(argv[1], "oval") == 0 && strcmp(argv[2], "eval") == 0)
		return cmd_eval(&c, argc - 2, argv + 2, 1);
	if (strcmp(argv[1], "info") == 0)
		return cmd_info(&c, argc - 1, argv + 1);
	if (strcmp(argv[1], "summary") == 0)
		return cmd_summary(argc - 1, argv + 1);
	if (strcmp(argv[1], "validate") == 0)
		return cmd_validate(&c, argc - 1, argv + 1);
	return usage_error("unknown command");
}
