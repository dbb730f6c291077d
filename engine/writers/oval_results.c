/* OVAL 5.11 results, with the system characteristics as the evidence. */
#include <stdio.h>
#include <string.h>

#include "common/error_internal.h"
#include "writers/writers.h"

#define OVAL_SCHEMA_VERSION "5.11.2"

/* Prefixes for item namespaces; one entry per probe family cscap has. */
static const struct {
	const char *ns;
	const char *prefix;
} item_prefixes[] = {
	{"urn:cscap:xml:oval-system-characteristics-5#container", "container-sc"},
	{"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#independent", "ind-sys"},
	{"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#unix", "unix-sys"},
	{"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5#linux", "lin-sys"},
};

static const char *item_prefix(const char *ns)
{
	for (size_t i = 0; i < sizeof(item_prefixes) / sizeof(item_prefixes[0]); i++)
		if (strcmp(item_prefixes[i].ns, ns) == 0)
			return item_prefixes[i].prefix;
	return NULL;
}

static void write_generator(struct xmlw *x, const struct write_context *ctx, const char *qname)
{
	char when[32];

	xmlw_time_string(when, ctx->scan->end_time);
	xmlw_start(x, qname);
	xmlw_elem(x, "oval:product_name", "cscap");
	xmlw_elem(x, "oval:product_version", ctx->product_version);
	xmlw_elem(x, "oval:schema_version", OVAL_SCHEMA_VERSION);
	xmlw_elem(x, "oval:timestamp", when);
	xmlw_end(x);
}

static void write_directives(struct xmlw *x, const struct write_context *ctx)
{
	static const char *const kinds[] = {"definition_true", "definition_false", "definition_unknown",
					    "definition_error", "definition_not_evaluated",
					    "definition_not_applicable"};

	xmlw_start(x, "directives");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		xmlw_start(x, kinds[i]);
		xmlw_attr(x, "reported", "true");
		xmlw_attr(x, "content", ctx->thin ? "thin" : "full");
		xmlw_end(x);
	}
	xmlw_end(x);
}

static void write_negate(struct xmlw *x, bool negate)
{
	if (negate)
		xmlw_attr(x, "negate", "true");
}

static void write_criteria(struct xmlw *x, const struct oval_run *run, const struct oval_criteria_node *n)
{
	const char *result = oval_result_name(oval_run_node_result(run, n));

	switch (n->kind) {
	case OVAL_NODE_CRITERIA:
		xmlw_start(x, "criteria");
		if (n->applicability_check)
			xmlw_attr(x, "applicability_check", "true");
		xmlw_attr(x, "operator", oval_operator_name(n->operator));
		write_negate(x, n->negate);
		xmlw_attr(x, "result", result);
		for (size_t i = 0; i < n->n_children; i++)
			write_criteria(x, run, &n->children[i]);
		xmlw_end(x);
		break;
	case OVAL_NODE_CRITERION:
		xmlw_start(x, "criterion");
		if (n->applicability_check)
			xmlw_attr(x, "applicability_check", "true");
		xmlw_attr(x, "test_ref", n->test->id);
		xmlw_attr(x, "version", n->test->version);
		write_negate(x, n->negate);
		xmlw_attr(x, "result", result);
		xmlw_end(x);
		break;
	case OVAL_NODE_EXTEND_DEFINITION:
		xmlw_start(x, "extend_definition");
		if (n->applicability_check)
			xmlw_attr(x, "applicability_check", "true");
		xmlw_attr(x, "definition_ref", n->definition->id);
		xmlw_attr(x, "version", n->definition->version);
		write_negate(x, n->negate);
		xmlw_attr(x, "result", result);
		xmlw_end(x);
		break;
	}
}

static void write_definitions(struct xmlw *x, const struct write_context *ctx, const struct oval_run *run)
{
	const struct oval_document *doc = run->doc;

	if (doc->n_definitions == 0)
		return;
	xmlw_start(x, "definitions");
	for (size_t i = 0; i < doc->n_definitions; i++) {
		const struct oval_definition *def = &doc->definitions[i];
		const struct oval_definition_result *dr = oval_run_definition_result(run, def);
		bool done = dr->state == 2;

		xmlw_start(x, "definition");
		xmlw_attr(x, "definition_id", def->id);
		xmlw_attr(x, "version", def->version);
		xmlw_attr(x, "class", oval_class_name(def->class_));
		xmlw_attr(x, "result", oval_result_name(done ? dr->result : OVAL_RESULT_NOT_EVALUATED));
		if (done && def->criteria && !ctx->thin)
			write_criteria(x, run, def->criteria);
		xmlw_end(x);
	}
	xmlw_end(x);
}

static void write_tests(struct xmlw *x, const struct write_context *ctx, const struct oval_run *run)
{
	const struct oval_document *doc = run->doc;
	bool any = false;

	for (size_t i = 0; i < doc->n_tests && !any; i++)
		any = run->tests[i].done;
	if (!any || ctx->thin)
		return;
	xmlw_start(x, "tests");
	for (size_t i = 0; i < doc->n_tests; i++) {
		const struct oval_test *t = &doc->tests[i];
		const struct oval_test_result *tr = &run->tests[i];
		if (!tr->done)
			continue;
		xmlw_start(x, "test");
		xmlw_attr(x, "test_id", t->id);
		xmlw_attr(x, "version", t->version);
		xmlw_attr(x, "check_existence", oval_existence_name(t->check_existence));
		xmlw_attr(x, "check", oval_check_name(t->check));
		xmlw_attr(x, "state_operator", oval_operator_name(t->state_operator));
		xmlw_attr(x, "result", oval_result_name(tr->result));
		for (size_t k = 0; k < tr->n_items; k++) {
			xmlw_start(x, "tested_item");
			xmlw_attrf(x, "item_id", "%lu", tr->items[k].item->id);
			xmlw_attr(x, "result", oval_result_name(tr->items[k].result));
			xmlw_end(x);
		}
		xmlw_end(x);
	}
	xmlw_end(x);
}

#define SCAP_CONSTRUCTS_NS "http://scap.nist.gov/schema/scap/constructs/1.2"

static void write_system_info(struct xmlw *x, const struct write_context *ctx)
{
	const struct host_facts *h = ctx->host;

	xmlw_start(x, "system_info");
	/* Required elements: "unknown" rather than an empty one when the host does not say. */
	xmlw_elem(x, "os_name", h->os_name && *h->os_name ? h->os_name : "unknown");
	xmlw_elem(x, "os_version", h->os_version && *h->os_version ? h->os_version : "unknown");
	xmlw_elem(x, "architecture", h->architecture && *h->architecture ? h->architecture : "unknown");
	xmlw_elem(x, "primary_host_name", h->fqdn ? h->fqdn : h->hostname);
	/* OVAL's interface needs a MAC: interfaces without one (offline scans, tunnels)
	 * are left to the ARF asset and the TestResult's target-address. */
	xmlw_start(x, "interfaces");
	for (size_t i = 0; i < h->n_addresses; i++) {
		if (!h->addresses[i].mac)
			continue;
		xmlw_start(x, "interface");
		xmlw_elem(x, "interface_name", h->addresses[i].interface);
		xmlw_elem(x, "ip_address", h->addresses[i].address);
		xmlw_elem(x, "mac_address", h->addresses[i].mac);
		xmlw_end(x);
	}
	xmlw_end(x);
	/* In ARF (SCAP 1.3, 4.6): the system is the asset the report is about. */
	if (ctx->asset_id) {
		xmlw_start(x, "scap-con:asset-identification");
		xmlw_attr(x, "xmlns:scap-con", SCAP_CONSTRUCTS_NS);
		xmlw_start(x, "arf:object-ref");
		xmlw_attr(x, "ref-id", ctx->asset_id);
		xmlw_end(x);
		xmlw_end(x);
	}
	xmlw_end(x);
}

static void write_item(struct xmlw *x, const struct oval_item *it)
{
	const char *known = item_prefix(it->ns);
	const char *prefix = known ? known : "unknown";

	/* Names of any length (a plugin's item types): never cut. */
	xmlw_start_ns(x, prefix, it->type);
	if (!known)
		xmlw_attr(x, "xmlns:unknown", it->ns);
	xmlw_attrf(x, "id", "%lu", it->id);
	if (it->status != OVAL_STATUS_EXISTS)
		xmlw_attr(x, "status", oval_status_name(it->status));
	for (size_t i = 0; i < it->n_entities; i++) {
		const struct oval_item_entity *e = &it->entities[i];
		xmlw_start_ns(x, prefix, e->name);
		if (e->datatype != OVAL_DT_STRING)
			xmlw_attr(x, "datatype", oval_datatype_name(e->datatype));
		if (e->status != OVAL_STATUS_EXISTS)
			xmlw_attr(x, "status", oval_status_name(e->status));
		else if (e->datatype != OVAL_DT_RECORD)
			xmlw_text(x, e->value);
		/* Record fields are in the core namespace, the default one here. */
		for (size_t k = 0; k < e->n_fields; k++) {
			xmlw_start(x, "field");
			xmlw_attr(x, "name", e->fields[k].name);
			if (e->fields[k].datatype != OVAL_DT_STRING)
				xmlw_attr(x, "datatype", oval_datatype_name(e->fields[k].datatype));
			xmlw_text(x, e->fields[k].value);
			xmlw_end(x);
		}
		xmlw_end(x);
	}
	xmlw_end(x);
}

static void write_syschar(struct xmlw *x, const struct write_context *ctx, const struct oval_run *run)
{
	const struct syschar *sc = &run->sc;
	bool any_collected = false;

	xmlw_start(x, "oval_system_characteristics");
	xmlw_attr(x, "xmlns", OVAL_NS_SC);
	for (size_t i = 0; i < sizeof(item_prefixes) / sizeof(item_prefixes[0]); i++) {
		char qname[64];
		snprintf(qname, sizeof(qname), "xmlns:%s", item_prefixes[i].prefix);
		xmlw_attr(x, qname, item_prefixes[i].ns);
	}
	write_generator(x, ctx, "generator");
	write_system_info(x, ctx);
	/* SCAP 1.3 (RES-181): with full results, collected objects and system data
	 * come together or not at all; without a single item there is no system
	 * data, so the objects' flags stay in the definition and test results and
	 * the rule results' messages. */
	for (size_t i = 0; i < sc->n_objects && !any_collected && sc->n_items; i++)
		any_collected = sc->collected[i];
	if (any_collected) {
		xmlw_start(x, "collected_objects");
		for (size_t i = 0; i < sc->n_objects; i++) {
			const struct oval_collected *col = &sc->objects[i];
			if (!sc->collected[i])
				continue;
			xmlw_start(x, "object");
			xmlw_attr(x, "id", col->object->id);
			xmlw_attr(x, "version", col->object->version);
			xmlw_attr(x, "flag", oval_flag_name(col->flag));
			for (size_t m = 0; m < col->n_messages; m++) {
				xmlw_start(x, "message");
				xmlw_attr(x, "level", oval_message_level_name(col->messages[m].level));
				xmlw_text(x, col->messages[m].text);
				xmlw_end(x);
			}
			for (size_t k = 0; k < col->n_items; k++) {
				xmlw_start(x, "reference");
				xmlw_attrf(x, "item_ref", "%lu", col->items[k]->id);
				xmlw_end(x);
			}
			xmlw_end(x);
		}
		xmlw_end(x);
	}
	if (sc->n_items) {
		xmlw_start(x, "system_data");
		for (size_t i = 0; i < sc->n_items; i++)
			write_item(x, sc->items[i]);
		xmlw_end(x);
	}
	xmlw_end(x);
}

void write_oval_results(struct xmlw *x, const struct write_context *ctx, const struct oval_run *run)
{
	xmlw_start(x, "oval_results");
	xmlw_attr(x, "xmlns", OVAL_NS_RESULTS);
	xmlw_attr(x, "xmlns:oval", OVAL_NS_COMMON);
	write_generator(x, ctx, "generator");
	write_directives(x, ctx);
	/* The definitions as evaluated, so the results stand on their own. */
	xmlw_copy(x, run->doc->root);
	xmlw_start(x, "results");
	xmlw_start(x, "system");
	write_definitions(x, ctx, run);
	write_tests(x, ctx, run);
	if (!ctx->without_syschar)
		write_syschar(x, ctx, run);
	else {
		/* The schema requires the element; keep it to the system description. */
		xmlw_start(x, "oval_system_characteristics");
		xmlw_attr(x, "xmlns", OVAL_NS_SC);
		write_generator(x, ctx, "generator");
		write_system_info(x, ctx);
		xmlw_end(x);
	}
	xmlw_end(x);
	xmlw_end(x);
	xmlw_end(x);
}

struct oval_file_arg {
	const struct write_context *ctx;
	const struct oval_run *run;
};

static void oval_file_body(struct xmlw *x, const void *arg)
{
	const struct oval_file_arg *a = arg;
	write_oval_results(x, a->ctx, a->run);
}

int oval_results_write(const struct write_context *ctx, size_t oval_index, const char *path)
{
	/* Bounds first: even forming &ovals[oval_index] past the end is undefined. */
	if (oval_index >= ctx->scan->n_ovals)
		return cscap_err(CSCAP_EUSAGE, "no OVAL document %zu", oval_index);
	struct oval_file_arg arg = {ctx, &ctx->scan->ovals[oval_index]};
	return write_file_atomically(path, oval_file_body, &arg);
}
