#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>

#include <zlib.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemastypes.h>

#include "common/error_internal.h"
#include "common/xml_read.h"

/* No XML_PARSE_HUGE (libxml2 keeps its depth and size limits), no
 * XML_PARSE_NOENT/DTDLOAD/XINCLUDE: entities stay unexpanded, no DTD is
 * loaded, xi:include stays an ordinary element. */
#define XML_READ_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR)

/*
 * The bytes libxml2 reads pass through a small scanner first.  libxml2 2.9
 * checks an element's attribute names pairwise (150,000 attributes take
 * hours) and its own text-size limit does not stop every case, so both are
 * bounded here, before libxml2 has seen the whole offending element.
 */
enum scan_where { SCAN_TEXT, SCAN_LT, SCAN_TAG, SCAN_QUOTED, SCAN_BANG, SCAN_BANG_DASH,
		  SCAN_COMMENT, SCAN_CDATA, SCAN_PI, SCAN_DECL };

struct scanner {
	enum scan_where where;
	char quote;          /* SCAN_QUOTED: the quote that ends the value */
	unsigned run;        /* '-', ']' or '?' seen in a row, to find an end of markup */
	size_t attributes;   /* in the current start tag */
	size_t text;         /* bytes of the current text, value, comment or CDATA section */
	unsigned long line;
	enum { SCAN_FINE, SCAN_TOO_MUCH_TEXT, SCAN_TOO_MANY_ATTRIBUTES } refused;
};

struct read_source {
	int fd;              /* read from fd, or else from mem */
	const char *mem;
	size_t len, pos;
	struct scanner scan;
};

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
	/* libxml2 builds its table of XSD built-in types lazily, on the first
	 * schema parsed, without a lock: two sessions compiling schemas on two
	 * threads at once raced on it ("EntityStateStringType ... is not validly
	 * derived from anySimpleType").  Built here, once, before any thread can. */
	xmlSchemaInitTypes();
	/* Schema imports and anything else libxml2 loads by itself: local files only. */
	xmlSetExternalEntityLoader(xmlNoNetExternalEntityLoader);
}

void xml_library_init(void)
{
	pthread_once(&init_once, init_libxml);
}

/* Text, attribute values, comments and CDATA: each at most XML_READ_MAX_TEXT bytes. */
static void scan_count_text(struct scanner *s)
{
	if (++s->text > XML_READ_MAX_TEXT)
		s->refused = SCAN_TOO_MUCH_TEXT;
}

/* Inside a start tag, every '=' outside a value introduces one attribute. */
static void scan_tag(struct scanner *s, char c)
{
	if (c == '>') {
		s->where = SCAN_TEXT;
		s->text = 0;
	} else if (c == '"' || c == '\'') {
		s->where = SCAN_QUOTED;
		s->quote = c;
		s->text = 0;
	} else if (c == '=' && ++s->attributes > XML_READ_MAX_ATTRIBUTES) {
		s->refused = SCAN_TOO_MANY_ATTRIBUTES;
	}
}

/* Skip markup that ends with `want` repeated twice or once, then '>' ("-->", "]]>", "?>"). */
static void scan_until(struct scanner *s, char c, char want, unsigned need)
{
	if (c == '>' && s->run >= need) {
		s->where = SCAN_TEXT;
		s->text = 0;
		return;
	}
	s->run = c == want ? s->run + 1 : 0;
	scan_count_text(s);
}

static void scan_byte(struct scanner *s, char c)
{
	if (c == '\n')
		s->line++;
	switch (s->where) {
	case SCAN_TEXT:
		if (c == '<')
			s->where = SCAN_LT;
		else
			scan_count_text(s);
		break;
	case SCAN_LT:
		s->text = 0;
		s->run = 0;
		if (c == '!') {
			s->where = SCAN_BANG;
		} else if (c == '?') {
			s->where = SCAN_PI;
		} else {
			s->where = SCAN_TAG;
			s->attributes = 0;
			scan_tag(s, c);
		}
		break;
	case SCAN_TAG:
		scan_tag(s, c);
		break;
	case SCAN_QUOTED:
		if (c == s->quote)
			s->where = SCAN_TAG;
		else
			scan_count_text(s);
		break;
	case SCAN_BANG:
		s->where = c == '-' ? SCAN_BANG_DASH : c == '[' ? SCAN_CDATA : SCAN_DECL;
		break;
	case SCAN_BANG_DASH:
		s->where = c == '-' ? SCAN_COMMENT : SCAN_DECL;
		break;
	case SCAN_COMMENT:
		scan_until(s, c, '-', 2);
		break;
	case SCAN_CDATA:
		scan_until(s, c, ']', 2);
		break;
	case SCAN_PI:
		scan_until(s, c, '?', 1);
		break;
	case SCAN_DECL: /* a DOCTYPE: the parser refuses it anyway */
		if (c == '>')
			s->where = SCAN_TEXT;
		break;
	}
}

static void scan_bytes(struct scanner *s, const char *buf, size_t n)
{
	for (size_t i = 0; i < n && !s->refused; i++)
		scan_byte(s, buf[i]);
}

/* libxml2's read callback: the next bytes of the file or buffer, scanned. */
static int source_read(void *ctx, char *buf, int len)
{
	struct read_source *src = ctx;
	ssize_t n;

	if (src->scan.refused || len < 0)
		return -1;
	if (src->fd >= 0) {
		do
			n = read(src->fd, buf, (size_t)len);
		while (n < 0 && errno == EINTR);
		if (n < 0)
			return -1;
	} else {
		n = (ssize_t)(src->len - src->pos < (size_t)len ? src->len - src->pos : (size_t)len);
		memcpy(buf, src->mem + src->pos, (size_t)n);
		src->pos += (size_t)n;
	}
	scan_bytes(&src->scan, buf, (size_t)n);
	return src->scan.refused ? -1 : (int)n;
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

/* The one parse: src's bytes, named name in messages and as the document URL. */
static int read_with(xmlDocPtr *out, const char *name, struct read_source *src)
{
	struct read_state st = {0};
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;

	xml_library_init();
	*out = NULL;
	src->scan.line = 1;
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		return cscap_err_oom();
	ctxt->_private = &st;
	ctxt->sax->internalSubset = on_doctype;
	ctxt->sax->externalSubset = on_doctype;
	ctxt->sax->serror = on_error;
	ctxt->vctxt.error = NULL;
	ctxt->vctxt.warning = NULL;
	doc = xmlCtxtReadIO(ctxt, source_read, NULL, src, name, NULL, XML_READ_OPTIONS);

	int rc = 0;
	if (src->scan.refused == SCAN_TOO_MUCH_TEXT)
		rc = cscap_err(CSCAP_EREFUSED, "%s:%lu: refused: a text node, attribute value or comment of more than %d bytes",
			       name, src->scan.line, XML_READ_MAX_TEXT);
	else if (src->scan.refused == SCAN_TOO_MANY_ATTRIBUTES)
		rc = cscap_err(CSCAP_EREFUSED, "%s:%lu: refused: an element with more than %d attributes",
			       name, src->scan.line, XML_READ_MAX_ATTRIBUTES);
	else if (st.refused_doctype)
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

/*
 * Open path for reading without ever blocking: a FIFO or a device named as
 * content would otherwise hang open() or read() forever.  Only a regular,
 * non-empty file is accepted.  *fd_out is the caller's to close.
 */
static int open_regular(int *fd_out, const char *path)
{
	struct stat sb;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);

	*fd_out = -1;
	if (fd < 0)
		return cscap_err(CSCAP_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		int e = errno;
		close(fd);
		return cscap_err(CSCAP_EIO, "%s: cannot stat: %s", path, strerror(e));
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return cscap_err(CSCAP_EIO, "%s: refused: not a regular file (%s)", path,
				 S_ISDIR(sb.st_mode) ? "a directory" : S_ISFIFO(sb.st_mode) ? "a FIFO"
				 : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device" : "a special file");
	}
	if (sb.st_size == 0) {
		close(fd);
		return cscap_err(CSCAP_EPARSE, "%s: empty file", path);
	}
	*fd_out = fd;
	return 0;
}

int xml_read_file(xmlDocPtr *out, const char *path)
{
	struct read_source src = {.fd = -1};
	int rc;

	*out = NULL;
	if ((rc = open_regular(&src.fd, path)))
		return rc;
	/* libxml2 reads the file in chunks through source_read: no copy of the whole file. */
	rc = read_with(out, path, &src);
	close(src.fd);
	return rc;
}

int xml_read_memory(xmlDocPtr *out, const char *buf, size_t len, const char *name)
{
	struct read_source src = {.fd = -1, .mem = buf, .len = len};

	*out = NULL;
	if (!buf || len == 0)
		return cscap_err(CSCAP_EPARSE, "%s: empty buffer", name);
	return read_with(out, name, &src);
}

/* Results cscap wrote compressed are read back whole; a bound keeps a bomb out. */
#define GZ_LIMIT ((size_t)1 << 30)

/* gzip-compressed XML from fd (which this takes over) is inflated in memory
 * (bounded), then parsed like any file. */
static int read_gzip(xmlDocPtr *out, int fd, const char *path)
{
	gzFile gz = gzdopen(fd, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int rc;

	if (!gz) {
		close(fd);
		return cscap_err(CSCAP_EIO, "%s: cannot open: %s", path, strerror(errno));
	}
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
	struct read_source src = {.fd = -1};
	int rc;

	*out = NULL;
	if ((rc = open_regular(&src.fd, path)))
		return rc;
	ssize_t n = pread(src.fd, magic, sizeof(magic), 0);
	if (n == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
		return read_gzip(out, src.fd, path);
	rc = read_with(out, path, &src);
	close(src.fd);
	return rc;
}
