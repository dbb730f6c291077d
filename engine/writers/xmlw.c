#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "common/xml_text.h"
#include "writers/xmlw.h"

static int write_cb(void *ctx, const char *buf, int len)
{
	struct xmlw *x = ctx;
	int done = 0;

	if (x->sink) {
		int err = x->sink(x->sink_ctx, buf, (size_t)len);
		if (err) {
			x->write_errno = err;
			return -1;
		}
		return len;
	}
	while (done < len) {
		ssize_t n = write(x->fd, buf + done, (size_t)(len - done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			x->write_errno = n < 0 ? errno : EIO;
			return -1;
		}
		done += (int)n;
	}
	return len;
}

static int close_cb(void *ctx)
{
	(void)ctx;
	return 0; /* the fd belongs to the caller */
}

static void fail(struct xmlw *x)
{
	if (!x->failed)
		x->failed = x->write_errno ? CSCAP_EIO : CSCAP_ENOMEM;
}

static int open_writer(struct xmlw *x)
{
	xmlOutputBufferPtr out;

	out = xmlOutputBufferCreateIO(write_cb, close_cb, x, NULL);
	if (!out)
		return cscap_err_oom();
	x->w = xmlNewTextWriter(out);
	if (!x->w) {
		xmlOutputBufferClose(out);
		return cscap_err_oom();
	}
	xmlTextWriterSetIndent(x->w, 1);
	xmlTextWriterSetIndentString(x->w, (const xmlChar *)"  ");
	if (xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		fail(x);
	return 0;
}

int xmlw_open_fd(struct xmlw *x, int fd, const char *name)
{
	memset(x, 0, sizeof(*x));
	x->fd = fd;
	x->name = name;
	return open_writer(x);
}

int xmlw_open_sink(struct xmlw *x, xmlw_sink_fn sink, void *ctx, const char *name)
{
	memset(x, 0, sizeof(*x));
	x->fd = -1;
	x->sink = sink;
	x->sink_ctx = ctx;
	x->name = name;
	return open_writer(x);
}

int xmlw_close(struct xmlw *x)
{
	if (x->w) {
		if (!x->failed && xmlTextWriterEndDocument(x->w) < 0)
			fail(x);
		if (!x->failed && xmlTextWriterFlush(x->w) < 0)
			fail(x);
		xmlFreeTextWriter(x->w);
		x->w = NULL;
	}
	if (x->write_errno)
		return cscap_err(CSCAP_EIO, "%s: cannot write: %s", x->name, strerror(x->write_errno));
	if (x->failed)
		return cscap_err(x->failed, "%s: cannot produce XML output", x->name);
	return 0;
}

void xmlw_start(struct xmlw *x, const char *qname)
{
	if (!x->failed && xmlTextWriterStartElement(x->w, (const xmlChar *)qname) < 0)
		fail(x);
}

void xmlw_end(struct xmlw *x)
{
	if (!x->failed && xmlTextWriterEndElement(x->w) < 0)
		fail(x);
}

/* s itself when XML can carry it as is, else a repaired copy in *copy (caller frees). */
static const char *safe(struct xmlw *x, const char *s, char **copy)
{
	*copy = NULL;
	if (xml_text_safe(s))
		return s;
	/* Untrusted text with bytes XML cannot hold: U+FFFD marks each one. */
	if (!(*copy = xml_text_repair(s)))
		fail(x);
	return *copy;
}

void xmlw_attr(struct xmlw *x, const char *qname, const char *value)
{
	char *copy;
	const char *v;

	if (x->failed)
		return;
	v = safe(x, value ? value : "", &copy);
	if (v && xmlTextWriterWriteAttribute(x->w, (const xmlChar *)qname, (const xmlChar *)v) < 0)
		fail(x);
	free(copy);
}

void xmlw_attrf(struct xmlw *x, const char *qname, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	xmlw_attr(x, qname, buf);
}

void xmlw_text(struct xmlw *x, const char *text)
{
	char *copy;
	const char *v;

	if (x->failed || !text || !*text)
		return;
	v = safe(x, text, &copy);
	if (v && xmlTextWriterWriteString(x->w, (const xmlChar *)v) < 0)
		fail(x);
	free(copy);
}

void xmlw_elem(struct xmlw *x, const char *qname, const char *text)
{
	xmlw_start(x, qname);
	xmlw_text(x, text);
	xmlw_end(x);
}

static void qualified(char *buf, size_t size, const xmlNs *ns, const xmlChar *name)
{
	if (ns && ns->prefix)
		snprintf(buf, size, "%s:%s", (const char *)ns->prefix, (const char *)name);
	else
		snprintf(buf, size, "%s", (const char *)name);
}

static void declare(struct xmlw *x, const xmlNs *ns)
{
	char name[256];

	if (ns->prefix && strcmp((const char *)ns->prefix, "xml") == 0)
		return; /* bound by definition; declaring it is an error */
	if (ns->prefix)
		snprintf(name, sizeof(name), "xmlns:%s", (const char *)ns->prefix);
	else
		snprintf(name, sizeof(name), "xmlns");
	xmlw_attr(x, name, (const char *)ns->href);
}

static void copy_node(struct xmlw *x, xmlNodePtr n, int is_root, int leave_open)
{
	char name[512];

	switch (n->type) {
	case XML_ELEMENT_NODE:
		qualified(name, sizeof(name), n->ns, n->name);
		xmlw_start(x, name);
		if (is_root) {
			/* Everything in scope at the root, so the copy stands on its own. */
			xmlNsPtr *all = xmlGetNsList(n->doc, n);
			for (size_t i = 0; all && all[i]; i++)
				declare(x, all[i]);
			xmlFree(all);
		} else {
			for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next)
				declare(x, ns);
		}
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			xmlChar *value = xmlGetNsProp(n, a->name, a->ns ? a->ns->href : NULL);
			qualified(name, sizeof(name), a->ns, a->name);
			xmlw_attr(x, name, value ? (const char *)value : "");
			xmlFree(value);
		}
		for (xmlNodePtr c = n->children; c; c = c->next)
			copy_node(x, c, 0, 0);
		if (!leave_open && !x->failed && xmlTextWriterFullEndElement(x->w) < 0)
			fail(x);
		break;
	case XML_TEXT_NODE:
		if (!x->failed && n->content && xmlTextWriterWriteString(x->w, n->content) < 0)
			fail(x);
		break;
	case XML_CDATA_SECTION_NODE:
		if (!x->failed && n->content && xmlTextWriterWriteCDATA(x->w, n->content) < 0)
			fail(x);
		break;
	case XML_COMMENT_NODE:
		if (!x->failed && n->content && xmlTextWriterWriteComment(x->w, n->content) < 0)
			fail(x);
		break;
	default:
		break; /* processing instructions and the like are not content */
	}
}

void xmlw_copy(struct xmlw *x, xmlNodePtr node)
{
	/* Copied text keeps its own white space; indenting it would change it. */
	xmlTextWriterSetIndent(x->w, 0);
	copy_node(x, node, 1, 0);
	xmlTextWriterSetIndent(x->w, 1);
}

void xmlw_copy_open(struct xmlw *x, xmlNodePtr node)
{
	xmlTextWriterSetIndent(x->w, 0);
	copy_node(x, node, 1, 1);
	xmlTextWriterSetIndent(x->w, 1);
}

void xmlw_time_string(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
