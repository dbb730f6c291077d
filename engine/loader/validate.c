/*
 * Schema validation.  The official schemas are composed with ours into one
 * schema set by a small in-memory wrapper that imports each namespace, so a
 * document is checked in one pass including everything embedded in it (an
 * ARF's TestResult and OVAL results, a data stream's components).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/xmlschemas.h>

#include "common/error_internal.h"
#include "common/xml_read.h"
#include "loader/loader.h"

struct schema_set {
	xmlSchemaPtr schema;
};

struct schema_import {
	const char *ns;
	const char *relpath;
	int own; /* 1: cscap's schemas/ folder, 0: the official folder */
};

/* Order matters: a namespace is taken from its first import. */
static const struct schema_import imports[] = {
	{"http://oval.mitre.org/XMLSchema/oval-definitions-5", "oval/5.11.3/oval-definitions-schema.xsd", 0},
	{"http://oval.mitre.org/XMLSchema/oval-system-characteristics-5", "oval/5.11.3/oval-system-characteristics-schema.xsd", 0},
	{"http://oval.mitre.org/XMLSchema/oval-results-5", "oval/5.11.3/oval-results-schema.xsd", 0},
	{"http://oval.mitre.org/XMLSchema/oval-variables-5", "oval/5.11.3/oval-variables-schema.xsd", 0},
	{"http://scap.nist.gov/schema/scap/source/1.2", "sds/1.3/scap-source-data-stream_1.3.xsd", 0},
	{"http://checklists.nist.gov/xccdf/1.2", "xccdf/1.2/xccdf_1.2.xsd", 0},
	{"http://checklists.nist.gov/xccdf/1.1", "xccdf/1.1/xccdf-schema.xsd", 0},
	{"http://scap.nist.gov/schema/asset-reporting-format/1.1", "arf/1.1/asset-reporting-format_1.1.0.xsd", 0},
	{"urn:cscap:xml:oval-definitions-5#container", "cscap-container-definitions-schema.xsd", 1},
	{"urn:cscap:xml:oval-system-characteristics-5#container", "cscap-container-system-characteristics-schema.xsd", 1},
};

static int file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

static char *wrapper_text(const char *scap_dir, const char *own_dir)
{
	size_t cap = 4096;
	char *buf = malloc(cap);
	size_t len = 0;

	if (!buf)
		return NULL;
	len += (size_t)snprintf(buf + len, cap - len,
				"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">\n");
	for (size_t i = 0; i < sizeof(imports) / sizeof(imports[0]); i++) {
		const char *dir = imports[i].own ? own_dir : scap_dir;
		size_t need = strlen(dir) + strlen(imports[i].relpath) + strlen(imports[i].ns) + 64;
		if (len + need >= cap) {
			cap = (len + need) * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		len += (size_t)snprintf(buf + len, cap - len,
					" <xs:import namespace=\"%s\" schemaLocation=\"%s/%s\"/>\n",
					imports[i].ns, dir, imports[i].relpath);
	}
	if (len + 16 >= cap) {
		char *nb = realloc(buf, len + 16);
		if (!nb) {
			free(buf);
			return NULL;
		}
		buf = nb;
	}
	strcpy(buf + len, "</xs:schema>\n");
	return buf;
}

struct schema_errors {
	char first[512];
	int have;
};

static void collect_error(void *ctx, xmlErrorPtr err)
{
	struct schema_errors *e = ctx;

	if (e->have || !err || err->level < XML_ERR_ERROR)
		return;
	e->have = 1;
	snprintf(e->first, sizeof(e->first), "%d: %s", err->line, err->message ? err->message : "");
	size_t n = strlen(e->first);
	while (n && (e->first[n - 1] == '\n' || e->first[n - 1] == ' '))
		e->first[--n] = '\0';
}

int schema_set_load(struct schema_set **out, const char *scap_dir, const char *own_dir)
{
	char path[4096];
	struct schema_errors errs = {0};

	*out = NULL;
	xml_library_init();
	for (size_t i = 0; i < sizeof(imports) / sizeof(imports[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", imports[i].own ? own_dir : scap_dir,
			 imports[i].relpath);
		if (!file_exists(path))
			return cscap_err(CSCAP_ENOTFOUND,
					 "schema %s not found (install Debian's openscap-common, or set --scap-schemas / --schemas)",
					 path);
	}
	char *text = wrapper_text(scap_dir, own_dir);
	if (!text)
		return cscap_err_oom();
	xmlSchemaParserCtxtPtr pctx = xmlSchemaNewMemParserCtxt(text, (int)strlen(text));
	if (!pctx) {
		free(text);
		return cscap_err_oom();
	}
	xmlSchemaSetParserStructuredErrors(pctx, collect_error, &errs);
	xmlSchemaPtr schema = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	free(text);
	if (!schema)
		return cscap_err(CSCAP_EINVALID, "cannot compile the schemas: %s",
				 errs.have ? errs.first : "unknown error");
	struct schema_set *set = malloc(sizeof(*set));
	if (!set) {
		xmlSchemaFree(schema);
		return cscap_err_oom();
	}
	set->schema = schema;
	*out = set;
	return 0;
}

void schema_set_free(struct schema_set *set)
{
	if (!set)
		return;
	xmlSchemaFree(set->schema);
	free(set);
}

int schema_set_validate(struct schema_set *set, xmlDocPtr doc, const char *name)
{
	struct schema_errors errs = {0};
	xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(set->schema);
	int rc;

	if (!vctx)
		return cscap_err_oom();
	xmlSchemaSetValidStructuredErrors(vctx, collect_error, &errs);
	rc = xmlSchemaValidateDoc(vctx, doc);
	xmlSchemaFreeValidCtxt(vctx);
	if (rc == 0)
		return 0;
	if (rc < 0)
		return cscap_err(CSCAP_EINVALID, "%s: schema validation failed internally", name);
	return cscap_err(CSCAP_EINVALID, "%s:%s", name,
			 errs.have ? errs.first : " does not validate against its schema");
}
