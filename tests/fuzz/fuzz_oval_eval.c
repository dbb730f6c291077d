/*
 * Fuzz target: OVAL evaluation of arbitrary definitions against a fixed set
 * of containers.
 *
 * The input is an oval_definitions document.  Its container_objects are
 * collected by the real container probe (container_probe_collect) from a
 * snapshot built once, by hand, with every kind of container the probe
 * knows: host PID mode, private, a container:<id> chain ending in host, a
 * dangling reference, a reference cycle, an excluded system container, the
 * scanner's own, and one whose strings XML cannot carry as they are.  Other
 * objects stay "not collected", as eval_test.c does.  External variables
 * get fixed values.  Then every definition is evaluated and the OVAL
 * results (with system characteristics) are written to memory.
 *
 * Findings: a sanitizer report or crash; an evaluation failing for anything
 * but memory; a test over an object in error that is not "error", or over
 * an object not collected that is not "unknown"; a definition whose result
 * differs from its criteria's recomputed result; results that do not parse.
 */
#include <string.h>

#include "eval/oval_eval.h"
#include "loader/loader.h"
#include "probes/container/container_probe.h"
#include "writers/writers.h"
#include "fuzz_util.h"

#define ID(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
	      c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c

static struct container_snapshot snap;
static struct container containers[10];
static struct regex_cache *regexes;
static struct host_facts host;
static struct scan fake_scan;

static const char *const caps[] = {"SYS_ADMIN", "NET_RAW"};
static const char *const opts_seccomp[] = {"seccomp=unconfined", "no-new-privileges"};
static struct container_mount mounts[] = {
	{"bind", "/var/run/docker.sock", "/var/run/docker.sock", "", true, "rprivate"},
	{"volume", "/var/lib/docker/volumes/x/_data", "/data", "z", false, ""},
};
static struct container_device devices[] = {{"/dev/kmsg", "/dev/kmsg", "rwm"}};
static struct container_port ports[] = {{"80/tcp", "0.0.0.0", "8080"}, {"53/udp", "", ""}};
static struct container_ulimit ulimits[] = {{"nofile", 1024, 4096}, {"nproc", -1, -1}};

static void make_container(struct container *c, const char *id, const char *name,
			   const char *state, const char *pid_mode, long pid)
{
	memset(c, 0, sizeof(*c));
	c->engine = "docker";
	c->id = id;
	c->name = name;
	c->image = "busybox:latest";
	c->state = state;
	c->pid_mode = pid_mode;
	c->source = "api";
	c->pid = pid;
	c->pid_ns = pid ? 4026531836ULL + (unsigned long long)pid : 0;
	c->pid_ns_known = pid != 0;
	c->ipc_mode = "private";
	c->network_mode = "bridge";
	c->uts_mode = "";
	c->userns_mode = "";
	c->cgroup_parent = "";
}

/* The snapshot every input is evaluated against; ids sorted, as the views leave them. */
static void make_snapshot(void)
{
	size_t n = 0;

	make_container(&containers[n++], ID("1"), "web", "running", "host", 101);
	make_container(&containers[n++], ID("2"), "ucp-agent", "running", "host", 102);
	make_container(&containers[n++], ID("3"), "joins-web", "exited", "container:" ID("1"), 0);
	make_container(&containers[n++], ID("4"), "orphan", "created", "container:" ID("5"), 0);
	make_container(&containers[n++], ID("6"), "loaded", "paused", "private", 106);
	containers[n - 1].privileged = true;
	containers[n - 1].readonly_rootfs = true;
	containers[n - 1].has_pids_limit = true;
	containers[n - 1].pids_limit = 100;
	containers[n - 1].cap_add = (const char **)caps;
	containers[n - 1].n_cap_add = 2;
	containers[n - 1].cap_drop = (const char **)caps + 1;
	containers[n - 1].n_cap_drop = 1;
	containers[n - 1].security_opt = (const char **)opts_seccomp;
	containers[n - 1].n_security_opt = 2;
	containers[n - 1].mounts = mounts;
	containers[n - 1].n_mounts = 2;
	containers[n - 1].devices = devices;
	containers[n - 1].n_devices = 1;
	containers[n - 1].ports = ports;
	containers[n - 1].n_ports = 2;
	containers[n - 1].ulimits = ulimits;
	containers[n - 1].n_ulimits = 2;
	make_container(&containers[n++], ID("7"), "cycle-a", "created", "container:" ID("8"), 0);
	make_container(&containers[n++], ID("8"), "cycle-b", "created", "container:" ID("7"), 0);
	make_container(&containers[n++], ID("9"), "cscap", "running", "host", 109);
	containers[n - 1].scanner = true;
	containers[n - 1].kernel_pid_mode = "host";
	make_container(&containers[n++], ID("a"), "evil\x01\x1b[31m\xc2\x9b name", "dead",
		       "ns:/proc/1/ns/pid", 0);
	containers[n - 1].views_disagree = true;
	make_container(&containers[n++], ID("b"), "", "restarting", "", 0);
	containers[n - 1].engine = "podman";
	containers[n - 1].source = "disk";

	memset(&snap, 0, sizeof(snap));
	arena_init(&snap.arena);
	snap.engine = "docker";
	snap.engine_url = "unix:///fuzz/docker.sock";
	snap.engine_version = "20.10.24";
	snap.api_version = "1.41";
	snap.host_pid_ns = 4026531836ULL;
	snap.host_pid_ns_known = true;
	snap.host_pid_ns_source = "engine daemon (pid 1)";
	snap.containers = containers;
	snap.n_containers = n;
	snap.n_vanished = 1;
	container_resolve_pid_modes(containers, n);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xml_library_init();
	make_snapshot();
	if (regex_cache_new(&regexes) != 0)
		abort();
	host.hostname = "fuzz-host";
	host.os_name = "Debian GNU/Linux";
	host.os_version = "12";
	host.architecture = "x86_64";
	fake_scan.end_time = 1700000000;
	return 0;
}

/* Fixed values for every external variable, of a kind its datatype can read. */
static int bind_externals(struct oval_run *run)
{
	static const char *string_values[] = {"ucp|kube|dtr", "host"};
	static const char *number_values[] = {"1"};
	static const char *bool_values[] = {"true"};

	for (size_t i = 0; i < run->doc->n_variables; i++) {
		const struct oval_variable *v = &run->doc->variables[i];
		if (v->kind != OVAL_VAR_EXTERNAL)
			continue;
		const char **values = string_values;
		size_t n = 2;
		if (v->datatype == OVAL_DT_INT || v->datatype == OVAL_DT_FLOAT) {
			values = number_values;
			n = 1;
		} else if (v->datatype == OVAL_DT_BOOLEAN) {
			values = bool_values;
			n = 1;
		}
		if (oval_run_bind(run, v->id, values, n) != 0)
			return -1;
	}
	return 0;
}

static void collect_all(struct oval_run *run)
{
	for (size_t i = 0; i < run->doc->n_objects; i++) {
		const struct oval_object *o = &run->doc->objects[i];
		run->sc.collected[i] = 1;
		if (strcmp(o->ns, CONTAINER_DEF_NS) != 0 || strcmp(o->type, "container_object") != 0)
			continue; /* stays "not collected", as syschar_init left it */
		if (container_probe_collect(&snap, &run->sc, &run->sc.objects[i], &run->vars, regexes) != 0)
			fuzz_fail("container_probe_collect failed", cscap_error_last());
	}
}

static void check_results(const struct oval_run *run)
{
	const struct oval_document *doc = run->doc;

	for (size_t i = 0; i < doc->n_tests; i++) {
		const struct oval_test *t = &doc->tests[i];
		const struct oval_test_result *tr = oval_run_test_result(run, t);
		const struct oval_collected *col = &run->sc.objects[t->object - doc->objects];
		if (!tr->done)
			continue;
		if (col->flag == OVAL_FLAG_ERROR && tr->result != OVAL_RESULT_ERROR)
			fuzz_fail("a test over an object in error is not 'error'", t->id);
		if (col->flag == OVAL_FLAG_NOT_COLLECTED && tr->result != OVAL_RESULT_UNKNOWN)
			fuzz_fail("a test over an object not collected is not 'unknown'", t->id);
	}
	for (size_t i = 0; i < doc->n_definitions; i++) {
		const struct oval_definition *d = &doc->definitions[i];
		const struct oval_definition_result *dr = oval_run_definition_result(run, d);
		if (dr->state != 2)
			fuzz_fail("a definition was left unevaluated", d->id);
		if (d->criteria && oval_run_node_result(run, d->criteria) != dr->result)
			fuzz_fail("a definition's result and its criteria's disagree", d->id);
	}
}

static void write_results(const struct oval_run *run)
{
	struct write_context ctx;
	struct xmlw x;
	int fd = fuzz_memfd("oval-results");

	memset(&ctx, 0, sizeof(ctx));
	ctx.scan = &fake_scan;
	ctx.host = &host;
	ctx.product_version = "fuzz";
	if (xmlw_open_fd(&x, fd, "oval-results") != 0)
		abort();
	write_oval_results(&x, &ctx, run);
	if (xmlw_close(&x) != 0)
		fuzz_fail("writing OVAL results failed", cscap_error_last());
	fuzz_check_xml_fd(fd, "oval-results");
	close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlDocPtr xml;
	struct oval_document *doc;
	struct oval_run run;

	if (xml_read_memory(&xml, (const char *)data, size, "fuzz-oval.xml") != 0)
		return 0;
	if (oval_document_build(&doc, xmlDocGetRootElement(xml), "fuzz-oval.xml") != 0) {
		xmlFreeDoc(xml);
		return 0;
	}
	if (oval_run_init(&run, doc, NULL, regexes) != 0)
		abort();
	if (bind_externals(&run) != 0)
		fuzz_fail("binding an external variable failed", cscap_error_last());
	collect_all(&run);
	if (oval_run_all(&run) != 0)
		fuzz_fail("oval_run_all failed", cscap_error_last());
	check_results(&run);
	write_results(&run);
	oval_run_release(&run);
	oval_document_free(doc);
	xmlFreeDoc(xml);
	return 0;
}
