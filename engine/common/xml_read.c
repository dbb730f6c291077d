#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include <zlib.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "common/error_internal.h"
#include "common/xml_read.h"

#define XML_READ_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

struct read_state {
	int refused_doctype;
	int have_error;
	int line;
	char message[256];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
	xmlInitParser();
	/* Schema imports and anything else libxml2 loads by itself: local files only. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
}

void xml_library_init(void)
{
	pthread_once(&init_once, init_libxml);
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
		       const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct read_state *st = ctxt->_private;

	(void)name;
	(void)external_id;
	(void)system_id;
	st->refused_doctype = 1;
	xmlStopParser(ctxt);
}

static void on_error(void *ctx, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct read_state *st = ctxt->_private;

	if (st->have_error || !err || err->level < XML_ERR_ERROR)
		return;
	st->have_error = 1;
	st->line = err->line;
	snprintf(st->message, sizeof(st->message), "%s", err->message ? err->message : "error");
	size_t n = strlen(st->message);
	while (n && (st->message[n - 1] == '\n' || st->message[n - 1] == ' '))
		st->message[--n] = '\0';
}

static int read_with(xmlDocPtr *out, const char *name, const char *path, const char *buf,
		     size_t len)
{
	struct read_state st = {0};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	xml_library_init();
	*out = NULL;
	if (buf && len > (size_t)INT_MAX)
		return cscap_err(CSCAP_EREFUSED, "%s: document too large", name);
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return cscap_err_oom();
	ctxt->_private = &st;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->externalSubset = on_doctype;
	ctxt->sax->serror = on_error;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	if (path)
		doc = xmlCtxtReadFile(ctxt, path, NULL, XML_READ_OPTIONS);
	else
		doc = xmlCtxtReadMemory(ctxt, buf, (int)len, name, NULL, XML_READ_OPTIONS);

	int rc = 0;
	if (st.refused_doctype)
		rc = cscap_err(CSCAP_EREFUSED,
			       "%s:%d: refused: the document has a DOCTYPE (entities and DTDs are not allowed in SCAP content)",
			       name, ctxt->input ? ctxt->input->line : 0);
	else if (!doc || !ctxt->wellFormed || st.have_error) {
		if (st.have_error)
			rc = cscap_err(CSCAP_EPARSE, "%s:%d: %s", name, st.line, st.message);
		else
			rc = cscap_err(CSCAP_EPARSE, "%s: cannot parse as XML", name);
	} else if (!xmlDocGetRootElement(doc))
		rc = cscap_err(CSCAP_EPARSE, "%s: no root element", name);
	if (rc != 0) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	xmlFreeParserCtxt(ctxt);
	*out = doc;
	return rc;
}

int xml_read_file(xmlDocPtr *out, const char *path)
{
	struct stat sb;
	int fd, rc;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cscap_err(CSCAP_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return cscap_err(CSCAP_EIO, "%s: not a regular file", path);
	}
	if (sb.st_size == 0) {
		close(fd);
		return cscap_err(CSCAP_EPARSE, "%s: empty file", path);
	}
	if ((unsigned long long)sb.st_size > (unsigned long long)INT_MAX) {
		close(fd);
		return cscap_err(CSCAP_EREFUSED, "%s: file too large for XML content", path);
	}
	/* Mapping the file lets libxml2 parse it in place, without a copy. */
	void *map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return cscap_err(CSCAP_EIO, "%s: cannot read: %s", path, strerror(errno));
	rc = read_with(out, path, NULL, map, (size_t)sb.st_size);
	munmap(map, (size_t)sb.st_size);
	return rc;
}

int xml_read_memory(xmlDocPtr *out, const char *buf, size_t len, const char *name)
{
	return read_with(out, name, NULL, buf, len);
}

/* Results cscap wrote compressed are read back whole; a bound keeps a bomb out. */
#define GZ_LIMIT ((size_t)1 << 30)

/* gzip-compressed XML is inflated in memory (bounded), then parsed like any file. */
static int read_gzip(xmlDocPtr *out, const char *path)
{
	gzFile gz = gzopen(path, "rbe");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (!gz)
		return cscap_err(CSCAP_EIO, "%s: cannot open: %s", path, strerror(errno));
	for (;;) {
		if (cap - len < 65536) {
			size_t grown_cap = cap ? cap * 2 : (size_t)1 << 20;
			if (cap >= GZ_LIMIT) {
				rc = cscap_err(CSCAP_EREFUSED, "%s: more than %zu MiB once decompressed", path,
					       GZ_LIMIT >> 20);
				goto out;
			}
			char *grown = realloc(buf, grown_cap);
			if (!grown) {
				rc = cscap_err_oom();
				goto out;
			}
			buf = grown;
			cap = grown_cap;
		}
		int n = gzread(gz, buf + len, (unsigned)(cap - len));
		if (n < 0) {
			int zerr;
			const char *msg = gzerror(gz, &zerr);
			rc = cscap_err(CSCAP_EPARSE, "%s: not valid gzip data: %s", path, msg ? msg : "read error");
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	/* gzread stops quietly at a truncated stream; zlib says so in gzerror. */
	int zerr = Z_OK;
	(void)gzerror(gz, &zerr);
	if (zerr != Z_OK && zerr != Z_STREAM_END) {
		rc = cscap_err(CSCAP_EPARSE, "%s: gzip data cut short or damaged", path);
		goto out;
	}
	rc = xml_read_memory(out, buf, len, path);
out:
	gzclose(gz);
	free(buf);
	return rc;
}

int xml_read_file_or_gzip(xmlDocPtr *out, const char *path)
{
	unsigned char magic[2] = {0, 0};
	FILE *f = fopen(path, "rbe");
	size_t n;

	*out = NULL;
	if (!f)
		return cscap_err(CSCAP_EIO, "%s: cannot open: %s", path, strerror(errno));
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
		return read_gzip(out, path);
	return xml_read_file(out, path);
}

