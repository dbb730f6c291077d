/*
 * Fuzz target: the engine reply parser (engine/probes/container/docker_json.c).
 *
 * The first byte chooses the reply: even, a container list
 * (GET /containers/json, docker_json_parse_list); odd, one container's
 * inspection (GET /containers/{id}/json, docker_json_parse_inspect).  The
 * rest is the body as the engine sent it.  A container that parses is then
 * turned into a container_item by the real probe and written as OVAL
 * system characteristics, as a scan would.
 *
 * Findings: a sanitizer report or crash; a parse that succeeds with a
 * string missing or not valid UTF-8; an id list with an empty id;
 * results that do not parse.
 */
#include <string.h>

#include "common/xml_text.h"
#include "eval/oval_eval.h"
#include "loader/loader.h"
#include "probes/container/container_probe.h"
#include "writers/writers.h"
#include "fuzz_util.h"

/* One container_object that selects every container, as the shipped content has it. */
static const char oval_text[] =
	"<oval_definitions xmlns=\"http://oval.mitre.org/XMLSchema/oval-definitions-5\""
	" xmlns:c=\"urn:cscap:xml:oval-definitions-5#container\">"
	"<definitions><definition id=\"oval:f:def:1\" version=\"1\" class=\"compliance\">"
	"<criteria><criterion test_ref=\"oval:f:tst:1\"/></criteria></definition></definitions>"
	"<tests><c:container_test id=\"oval:f:tst:1\" version=\"1\" check=\"all\" check_existence=\"any_exist\">"
	"<c:object object_ref=\"oval:f:obj:1\"/><c:state state_ref=\"oval:f:ste:1\"/></c:container_test></tests>"
	"<objects><c:container_object id=\"oval:f:obj:1\" version=\"1\">"
	"<c:id operation=\"pattern match\">.*</c:id>"
	"<c:exclude_names operation=\"pattern match\">ucp|kube|dtr</c:exclude_names>"
	"</c:container_object></objects>"
	"<states><c:container_state id=\"oval:f:ste:1\" version=\"1\" operator=\"OR\">"
	"<c:effective_pid_mode operation=\"not equal\">host</c:effective_pid_mode>"
	"<c:excluded datatype=\"boolean\">true</c:excluded></c:container_state></states>"
	"</oval_definitions>";

static xmlDocPtr oval_xml;
static struct oval_document *oval_doc;
static struct regex_cache *regexes;
static struct host_facts host;
static struct scan fake_scan;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xml_library_init();
	if (xml_read_memory(&oval_xml, oval_text, sizeof(oval_text) - 1, "fuzz-reply.xml") != 0 ||
	    oval_document_build(&oval_doc, xmlDocGetRootElement(oval_xml), "fuzz-reply.xml") != 0 ||
	    regex_cache_new(&regexes) != 0) {
		fprintf(stderr, "fixture: %s\n", cscap_error_last());
		abort();
	}
	host.hostname = "fuzz-host";
	fake_scan.end_time = 1700000000;
	return 0;
}

static void check_string(const char *what, const char *s)
{
	if (!s)
		fuzz_fail("a parsed field is NULL", what);
	if (!utf8_valid(s, strlen(s)))
		fuzz_fail("a parsed field is not valid UTF-8", what);
}

static void check_container(const struct container *c)
{
	check_string("id", c->id);
	check_string("name", c->name);
	check_string("image", c->image);
	check_string("state", c->state);
	check_string("pid_mode", c->pid_mode);
	check_string("ipc_mode", c->ipc_mode);
	check_string("network_mode", c->network_mode);
	check_string("uts_mode", c->uts_mode);
	check_string("userns_mode", c->userns_mode);
	check_string("cgroup_parent", c->cgroup_parent);
	if (!*c->id || !*c->state)
		fuzz_fail("a container without id or state was accepted", NULL);
	for (size_t i = 0; i < c->n_cap_add; i++)
		check_string("cap_add", c->cap_add[i]);
	for (size_t i = 0; i < c->n_mounts; i++) {
		check_string("mount type", c->mounts[i].type);
		check_string("mount source", c->mounts[i].source);
		check_string("mount destination", c->mounts[i].destination);
	}
	for (size_t i = 0; i < c->n_ports; i++)
		check_string("port", c->ports[i].container_port);
}

/* The container as evidence: item, evaluation, OVAL results that must parse. */
static void write_evidence(struct container *c)
{
	struct container_snapshot snap;
	struct oval_run run;
	struct write_context ctx;
	struct xmlw x;

	memset(&snap, 0, sizeof(snap));
	snap.engine = "docker";
	snap.engine_url = "unix:///fuzz.sock";
	snap.containers = c;
	snap.n_containers = 1;
	container_resolve_pid_modes(c, 1);
	if (oval_run_init(&run, oval_doc, NULL, regexes) != 0)
		abort();
	run.sc.collected[0] = 1;
	if (container_probe_collect(&snap, &run.sc, &run.sc.objects[0], &run.vars, regexes) != 0 ||
	    oval_run_all(&run) != 0)
		fuzz_fail("evaluating a parsed container failed", cscap_error_last());
	int fd = fuzz_memfd("reply-results");
	memset(&ctx, 0, sizeof(ctx));
	ctx.scan = &fake_scan;
	ctx.host = &host;
	ctx.product_version = "fuzz";
	if (xmlw_open_fd(&x, fd, "reply-results") != 0)
		abort();
	write_oval_results(&x, &ctx, &run);
	if (xmlw_close(&x) != 0)
		fuzz_fail("writing OVAL results failed", cscap_error_last());
	fuzz_check_xml_fd(fd, "reply-results");
	close(fd);
	oval_run_release(&run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;

	if (size < 1)
		return 0;
	arena_init(&a);
	const char *body = (const char *)data + 1;
	size_t len = size - 1;
	if ((data[0] & 1) == 0) {
		const char **ids, **names;
		size_t n;
		if (docker_json_parse_list(&a, body, len, &ids, &names, &n) == 0)
			for (size_t i = 0; i < n; i++) {
				if (!ids[i] || !*ids[i])
					fuzz_fail("an empty id was listed", NULL);
				check_string("Names[0]", names[i]); /* "" when none; it goes into the evidence */
			}
	} else {
		struct container c;
		memset(&c, 0, sizeof(c));
		if (docker_json_parse_inspect(&a, body, len, &c) == 0) {
			check_container(&c);
			c.engine = "docker";
			write_evidence(&c);
		}
	}
	arena_release(&a);
	return 0;
}
