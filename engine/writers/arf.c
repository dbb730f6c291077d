/* ARF 1.1: the requests (source content, tailoring), the asset, and one report per result document. */
#include <stdio.h>
#include <string.h>

#include "common/error_internal.h"
#include "writers/writers.h"

#define ARF_NS "http://scap.nist.gov/schema/asset-reporting-format/1.1"
#define CORE_NS "http://scap.nist.gov/schema/reporting-core/1.1"
#define AI_NS "http://scap.nist.gov/schema/asset-identification/1.1"
#define ARF_REL_NS "http://scap.nist.gov/specifications/arf/vocabulary/relationships/1.0#"

#define REQUEST_ID ARF_REQUEST_ID
#define ASSET_ID "asset0"
#define XCCDF_REPORT_ID "xccdf1"

static void relationship(struct xmlw *x, const char *type, const char *subject, const char *ref)
{
	xmlw_start(x, "core:relationship");
	xmlw_attr(x, "type", type);
	xmlw_attr(x, "subject", subject);
	xmlw_elem(x, "core:ref", ref);
	xmlw_end(x);
}

static void write_relationships(struct xmlw *x, const struct scan *s)
{
	char id[32];

	xmlw_start(x, "core:relationships");
	if (s->content->benchmark) {
		/* The TestResult was made for the content and for the tailoring it names. */
		xmlw_start(x, "core:relationship");
		xmlw_attr(x, "type", "arfvocab:createdFor");
		xmlw_attr(x, "subject", XCCDF_REPORT_ID);
		xmlw_elem(x, "core:ref", REQUEST_ID);
		if (arf_tailoring_has_request(s))
			xmlw_elem(x, "core:ref", ARF_TAILORING_REQUEST_ID);
		xmlw_end(x);
		relationship(x, "arfvocab:isAbout", XCCDF_REPORT_ID, ASSET_ID);
	}
	for (size_t i = 0; i < s->n_ovals; i++) {
		oval_report_id(id, i);
		relationship(x, "arfvocab:createdFor", id, REQUEST_ID);
		relationship(x, "arfvocab:isAbout", id, ASSET_ID);
	}
	xmlw_end(x);
}

static void write_asset(struct xmlw *x, const struct host_facts *h)
{
	xmlw_start(x, "arf:assets");
	xmlw_start(x, "arf:asset");
	xmlw_attr(x, "id", ASSET_ID);
	xmlw_start(x, "ai:computing-device");
	if (h->n_addresses) {
		xmlw_start(x, "ai:connections");
		for (size_t i = 0; i < h->n_addresses; i++) {
			xmlw_start(x, "ai:connection");
			xmlw_start(x, "ai:ip-address");
			xmlw_elem(x, h->addresses[i].ipv6 ? "ai:ip-v6" : "ai:ip-v4", h->addresses[i].address);
			xmlw_end(x);
			if (h->addresses[i].mac)
				xmlw_elem(x, "ai:mac-address", h->addresses[i].mac);
			xmlw_end(x);
		}
		xmlw_end(x);
	}
	if (h->fqdn)
		xmlw_elem(x, "ai:fqdn", h->fqdn);
	xmlw_elem(x, "ai:hostname", h->hostname);
	xmlw_end(x);
	xmlw_end(x);
	xmlw_end(x);
}

void arf_body(struct xmlw *x, const void *arg)
{
	struct write_context in_arf = *(const struct write_context *)arg;
	const struct write_context *ctx = &in_arf;
	const struct scan *s = ctx->scan;
	char id[32], tailoring_href[64];

	/* Every report here is about the one asset, and says so (target-id-ref, system_info). */
	in_arf.asset_id = ASSET_ID;
	in_arf.tailoring_href = arf_tailoring_href(tailoring_href, s);

	xmlw_start(x, "arf:asset-report-collection");
	xmlw_attr(x, "xmlns:arf", ARF_NS);
	xmlw_attr(x, "xmlns:core", CORE_NS);
	xmlw_attr(x, "xmlns:ai", AI_NS);
	xmlw_attr(x, "xmlns:arfvocab", ARF_REL_NS);
	write_relationships(x, s);

	arf_write_requests(x, ctx);

	write_asset(x, ctx->host);

	xmlw_start(x, "arf:reports");
	if (s->content->benchmark) {
		xmlw_start(x, "arf:report");
		xmlw_attr(x, "id", XCCDF_REPORT_ID);
		xmlw_start(x, "arf:content");
		write_testresult(x, ctx, true);
		xmlw_end(x);
		xmlw_end(x);
	}
	for (size_t i = 0; i < s->n_ovals; i++) {
		oval_report_id(id, i);
		xmlw_start(x, "arf:report");
		xmlw_attr(x, "id", id);
		xmlw_start(x, "arf:content");
		write_oval_results(x, ctx, &s->ovals[i]);
		xmlw_end(x);
		xmlw_end(x);
	}
	xmlw_end(x);
	xmlw_end(x);
}

int arf_write(const struct write_context *ctx, const char *path)
{
	return write_file_atomically(path, arf_body, ctx);
}
