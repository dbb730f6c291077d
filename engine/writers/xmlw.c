/*
 * The streaming XML writer (xmlw.h).  Its output is, byte for byte, what
 * libxml2 2.9's xmlTextWriter with indentation wrote for the same calls, so
 * results stay comparable across versions; the rules that come from there
 * (when a newline or an indent is written, how text and attribute values are
 * escaped) are marked "as xmlTextWriter".
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "common/xml_text.h"
#include "writers/xmlw.h"

/* Output is handed on in pieces this large: few write(2) calls, little memory. */
#define XMLW_BUFFER (256u * 1024u)

static void fail_with(struct xmlw *x, int code)
{
	if (!x->failed)
		x->failed = code;
}

/* Hand the buffered bytes to the fd or the sink; a failure is kept, with its errno. */
static void flush(struct xmlw *x, const char *buf, size_t len)
{
	int err = 0;

	if (x->sink) {
		err = len ? x->sink(x->sink_ctx, buf, len) : 0;
		len = 0;
	}
	while (!err && len) {
		ssize_t n = write(x->fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			err = n < 0 ? errno : EIO;
		else {
			buf += n;
			len -= (size_t)n;
		}
	}
	if (err && !x->failed) {
		x->write_errno = err;
		x->failed = CSCAP_EIO;
	}
}

static void emit(struct xmlw *x, const char *s, size_t n)
{
	if (x->failed || !n)
		return;
	if (n > x->cap - x->len) {
		flush(x, x->buf, x->len);
		x->len = 0;
		if (n >= x->cap) {
			/* A run larger than the buffer goes out as it is, uncopied. */
			flush(x, s, n);
			return;
		}
	}
	memcpy(x->buf + x->len, s, n);
	x->len += n;
}

static void emits(struct xmlw *x, const char *s)
{
	emit(x, s, strlen(s));
}

/* As xmlTextWriter: one indent string per level above the innermost open node. */
static void emit_indent(struct xmlw *x, size_t levels)
{
	static const char spaces[] = "                                                                ";

	for (size_t n = levels * 2; n;) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		emit(x, spaces, k);
		n -= k;
	}
}

/* Escaping: what each byte becomes; NULL for a byte written as it is. */
static const char *text_escape(unsigned char c)
{
	/* As xmlTextWriter (xmlEncodeSpecialChars). */
	switch (c) {
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	case '"': return "&quot;";
	case '\r': return "&#13;";
	default: return NULL;
	}
}

static const char *attr_escape(unsigned char c)
{
	/* As xmlTextWriter (xmlBufAttrSerializeTxtContent): UTF-8 is written as it is. */
	switch (c) {
	case '\n': return "&#10;";
	case '\r': return "&#13;";
	case '\t': return "&#9;";
	case '"': return "&quot;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '&': return "&amp;";
	default: return NULL;
	}
}

/* The bytes that end a run written as it is: bit 1 in text, bit 2 in attribute values. */
static const unsigned char special[256] = {
	['<'] = 3, ['>'] = 3, ['&'] = 3, ['"'] = 3, ['\r'] = 3, ['\n'] = 2, ['\t'] = 2,
};

static void emit_text_escaped(struct xmlw *x, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	for (; *p; p++) {
		if (!(special[*p] & 1))
			continue;
		emit(x, (const char *)run, (size_t)(p - run));
		emits(x, text_escape(*p));
		run = p + 1;
	}
	emit(x, (const char *)run, (size_t)(p - run));
}

static void emit_attr_escaped(struct xmlw *x, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;

	for (; *p; p++) {
		if (!(special[*p] & 2))
			continue;
		emit(x, (const char *)run, (size_t)(p - run));
		emits(x, attr_escape(*p));
		run = p + 1;
	}
	emit(x, (const char *)run, (size_t)(p - run));
}

/* Grow *buf (of *cap elements of size bytes) to hold need elements. */
static bool grow(struct xmlw *x, void **buf, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 64;
	void *p;

	if (need <= *cap)
		return true;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size) {
			fail_with(x, CSCAP_ENOMEM);
			return false;
		}
		n *= 2;
	}
	if (!(p = realloc(*buf, n * size))) {
		fail_with(x, CSCAP_ENOMEM);
		return false;
	}
	*buf = p;
	*cap = n;
	return true;
}

/* Open a new element named prefix:local (prefix may be NULL), without writing it. */
static bool push(struct xmlw *x, const char *prefix, const char *local)
{
	size_t plen = prefix && *prefix ? strlen(prefix) + 1 : 0; /* with its ':' */
	size_t llen = strlen(local) + 1;                           /* with its NUL */

	if (plen + llen > SIZE_MAX - x->names_len) {
		fail_with(x, CSCAP_ENOMEM);
		return false;
	}
	if (!grow(x, (void **)&x->frames, &x->frames_cap, x->depth + 1, sizeof(*x->frames)) ||
	    !grow(x, (void **)&x->names, &x->names_cap, x->names_len + plen + llen, 1))
		return false;
	char *name = x->names + x->names_len;
	if (plen) {
		memcpy(name, prefix, plen - 1);
		name[plen - 1] = ':';
	}
	memcpy(name + plen, local, llen);
	x->frames[x->depth].name = x->names_len;
	x->frames[x->depth].open_tag = true;
	x->depth++;
	x->names_len += plen + llen;
	return true;
}

static struct xmlw_frame *top(struct xmlw *x)
{
	return x->depth ? &x->frames[x->depth - 1] : NULL;
}

static void pop(struct xmlw *x)
{
	x->depth--;
	x->names_len = x->frames[x->depth].name;
}

/* Before content in the innermost element: end its start tag (newline: as xmlTextWriter). */
static void close_start_tag(struct xmlw *x, bool newline)
{
	struct xmlw_frame *f = top(x);

	if (f && f->open_tag) {
		f->open_tag = false;
		emit(x, ">", 1);
		if (newline && x->indent)
			emit(x, "\n", 1);
	}
}

static void start(struct xmlw *x, const char *prefix, const char *local)
{
	if (x->failed)
		return;
	close_start_tag(x, true);
	if (!push(x, prefix, local))
		return;
	if (x->indent)
		emit_indent(x, x->depth - 1);
	emit(x, "<", 1);
	emits(x, x->names + top(x)->name);
}

/* End the innermost element; full: never as an empty-element tag. */
static void end(struct xmlw *x, bool full)
{
	struct xmlw_frame *f = top(x);

	if (x->failed)
		return;
	if (!f) {
		fail_with(x, CSCAP_EUSAGE);
		return;
	}
	if (f->open_tag && !full) {
		emit(x, "/>", 2);
	} else {
		if (f->open_tag) {
			emit(x, ">", 1);
			x->doindent = false;
		}
		if (x->indent && x->doindent)
			emit_indent(x, x->depth - 1);
		emit(x, "</", 2);
		emits(x, x->names + f->name);
		emit(x, ">", 1);
	}
	/* As xmlTextWriter: whatever comes next starts on an indented line. */
	x->doindent = true;
	if (x->indent)
		emit(x, "\n", 1);
	pop(x);
}

static void attr(struct xmlw *x, const char *prefix, const char *local, const char *value)
{
	struct xmlw_frame *f = top(x);

	if (x->failed)
		return;
	if (!f || !f->open_tag) {
		fail_with(x, CSCAP_EUSAGE); /* an attribute after content: a writer's bug */
		return;
	}
	emit(x, " ", 1);
	if (prefix && *prefix) {
		emits(x, prefix);
		emit(x, ":", 1);
	}
	emits(x, local);
	emit(x, "=\"", 2);
	emit_attr_escaped(x, value);
	emit(x, "\"", 1);
}

/* Character data (escaped), raw comment or CDATA content: as xmlTextWriter's WriteString. */
static void text(struct xmlw *x, const char *s)
{
	if (x->failed)
		return;
	if (!top(x)) {
		fail_with(x, CSCAP_EUSAGE);
		return;
	}
	close_start_tag(x, false);
	x->doindent = false;
	emit_text_escaped(x, s);
}

static void comment(struct xmlw *x, const char *s)
{
	if (x->failed)
		return;
	close_start_tag(x, true);
	if (x->indent)
		emit_indent(x, x->depth);
	emit(x, "<!--", 4);
	x->doindent = false;
	emits(x, s);
	emit(x, "-->", 3);
	if (x->indent)
		emit(x, "\n", 1);
}

static void cdata(struct xmlw *x, const char *s)
{
	if (x->failed)
		return;
	close_start_tag(x, false);
	emit(x, "<![CDATA[", 9);
	x->doindent = false;
	emits(x, s);
	emit(x, "]]>", 3);
}

static int open_writer(struct xmlw *x, int fd, xmlw_sink_fn sink, void *ctx, const char *name)
{
	memset(x, 0, sizeof(*x));
	x->fd = fd;
	x->sink = sink;
	x->sink_ctx = ctx;
	x->name = name;
	x->indent = true;
	x->doindent = true;
	x->cap = XMLW_BUFFER;
	if (!(x->buf = malloc(x->cap)))
		return cscap_err_oom();
	emits(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	return 0;
}

int xmlw_open_fd(struct xmlw *x, int fd, const char *name)
{
	return open_writer(x, fd, NULL, NULL, name);
}

int xmlw_open_sink(struct xmlw *x, xmlw_sink_fn sink, void *ctx, const char *name)
{
	return open_writer(x, -1, sink, ctx, name);
}

int xmlw_close(struct xmlw *x)
{
	int rc = 0;

	while (!x->failed && x->depth)
		end(x, false);
	if (!x->failed && x->buf)
		flush(x, x->buf, x->len);
	free(x->buf);
	free(x->names);
	free(x->frames);
	x->buf = x->names = NULL;
	x->frames = NULL;
	x->len = x->cap = x->depth = 0;
	if (x->write_errno)
		rc = cscap_err(CSCAP_EIO, "%s: cannot write: %s", x->name, strerror(x->write_errno));
	else if (x->failed == CSCAP_ENOMEM)
		rc = cscap_err_oom();
	else if (x->failed)
		rc = cscap_err(x->failed, "%s: cannot produce XML output", x->name);
	return rc;
}

/* s itself when XML can carry it as is, else a repaired copy in *copy (caller frees). */
static const char *safe(struct xmlw *x, const char *s, char **copy)
{
	*copy = NULL;
	if (xml_text_safe(s))
		return s;
	/* Untrusted text with bytes XML cannot hold: U+FFFD marks each one. */
	if (!(*copy = xml_text_repair(s)))
		fail_with(x, CSCAP_ENOMEM);
	return *copy;
}

void xmlw_start(struct xmlw *x, const char *qname)
{
	start(x, NULL, qname);
}

void xmlw_start_ns(struct xmlw *x, const char *prefix, const char *local)
{
	start(x, prefix, local);
}

void xmlw_end(struct xmlw *x)
{
	end(x, false);
}

void xmlw_attr(struct xmlw *x, const char *qname, const char *value)
{
	char *copy;
	const char *v;

	if (x->failed)
		return;
	v = safe(x, value ? value : "", &copy);
	if (v)
		attr(x, NULL, qname, v);
	free(copy);
}

void xmlw_attrf(struct xmlw *x, const char *qname, const char *fmt, ...)
{
	char small[256], *buf = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail_with(x, CSCAP_EUSAGE);
		return;
	}
	/* Longer values are written whole, never cut. */
	if ((size_t)n >= sizeof(small)) {
		if (!(buf = malloc((size_t)n + 1))) {
			fail_with(x, CSCAP_ENOMEM);
			return;
		}
		va_start(ap, fmt);
		vsnprintf(buf, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	xmlw_attr(x, qname, buf);
	if (buf != small)
		free(buf);
}

void xmlw_text(struct xmlw *x, const char *s)
{
	char *copy;
	const char *v;

	if (x->failed || !s || !*s)
		return;
	v = safe(x, s, &copy);
	if (v)
		text(x, v);
	free(copy);
}

void xmlw_elem(struct xmlw *x, const char *qname, const char *s)
{
	xmlw_start(x, qname);
	xmlw_text(x, s);
	xmlw_end(x);
}

static const char *ns_prefix(const xmlNs *ns)
{
	return ns ? (const char *)ns->prefix : NULL;
}

static void declare(struct xmlw *x, const xmlNs *ns)
{
	if (ns->prefix && strcmp((const char *)ns->prefix, "xml") == 0)
		return; /* bound by definition; declaring it is an error */
	if (ns->prefix)
		attr(x, "xmlns", (const char *)ns->prefix, ns->href ? (const char *)ns->href : "");
	else
		attr(x, NULL, "xmlns", ns->href ? (const char *)ns->href : "");
}

/* An element's start tag with its attributes and namespace declarations. */
static void copy_start_tag(struct xmlw *x, xmlNodePtr n, int is_root)
{
	start(x, ns_prefix(n->ns), (const char *)n->name);
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
		char *copy;
		const char *v = safe(x, value ? (const char *)value : "", &copy);
		if (v)
			attr(x, ns_prefix(a->ns), (const char *)a->name, v);
		free(copy);
		xmlFree(value);
	}
}

static void copy_node(struct xmlw *x, xmlNodePtr n, int is_root, int leave_open)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
		copy_start_tag(x, n, is_root);
		for (xmlNodePtr c = n->children; c; c = c->next)
			copy_node(x, c, 0, 0);
		if (!leave_open)
			end(x, true);
		break;
	case XML_TEXT_NODE:
		if (n->content)
			text(x, (const char *)n->content);
		break;
	case XML_CDATA_SECTION_NODE:
		if (n->content)
			cdata(x, (const char *)n->content);
		break;
	case XML_COMMENT_NODE:
		if (n->content)
			comment(x, (const char *)n->content);
		break;
	default:
		break; /* processing instructions and the like are not content */
	}
}

/* Copied text keeps its own white space; indenting it would change it. */
static void copy_unindented(struct xmlw *x, xmlNodePtr node, int leave_open)
{
	x->indent = false;
	x->doindent = true;
	copy_node(x, node, 1, leave_open);
	x->indent = true;
	x->doindent = true;
}

void xmlw_copy(struct xmlw *x, xmlNodePtr node)
{
	copy_unindented(x, node, 0);
}

void xmlw_copy_open(struct xmlw *x, xmlNodePtr node)
{
	copy_unindented(x, node, 1);
}

void xmlw_copy_start(struct xmlw *x, xmlNodePtr node, bool standalone)
{
	/* Copied text keeps its white space, so nothing around it is indented either. */
	x->indent = false;
	x->doindent = true;
	copy_start_tag(x, node, standalone);
}

void xmlw_copy_inner(struct xmlw *x, xmlNodePtr node)
{
	copy_node(x, node, 0, 0);
}

void xmlw_copy_end(struct xmlw *x, bool outermost)
{
	end(x, true);
	if (outermost) {
		x->indent = true;
		x->doindent = true;
	}
}

void xmlw_time_string(char out[32], long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
