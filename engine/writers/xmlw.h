/*
 * A small, error-sticky streaming XML writer.  It writes the bytes libxml2's
 * indenting xmlTextWriter (2.9) wrote before it, but through one large
 * buffer, with escaping done in runs and names of any length; and it reports
 * a failed write itself, once, instead of libxml2 printing "I/O error".
 * The first failure (out of memory, a misuse, the write itself, e.g. a full
 * disk) is kept and every later call is a no-op, so writers check once, at
 * the end, with xmlw_close().
 */
#ifndef CSCAP_XMLW_H
#define CSCAP_XMLW_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

/* Where output goes instead of a file descriptor: 0, or a positive errno. */
typedef int (*xmlw_sink_fn)(void *ctx, const char *buf, size_t len);

/* An open element: its name starts at names + name; open_tag: its '>' is not written yet. */
struct xmlw_frame {
	size_t name;
	bool open_tag;
};

struct xmlw {
	int fd;              /* borrowed; -1 with a sink */
	xmlw_sink_fn sink;   /* NULL: write to fd */
	void *sink_ctx;
	char *buf;           /* owned: bytes not yet handed to fd or sink */
	size_t len, cap;
	char *names;         /* owned: the open elements' names, each NUL-terminated */
	size_t names_len, names_cap;
	struct xmlw_frame *frames; /* owned: the open elements, outermost first */
	size_t depth, frames_cap;
	bool indent;         /* two spaces per level, one element per line */
	bool doindent;       /* the next end tag goes on its own, indented line */
	int failed;          /* first failure: 0 or a cscap_code */
	int write_errno;     /* the errno of a failed write, else 0 */
	const char *name;    /* borrowed, for messages */
};

/* Both open the document (the XML declaration); x is released by xmlw_close() only. */
int xmlw_open_fd(struct xmlw *x, int fd, const char *name);
/* The same through a callback (compression, memory); its failure fails the write. */
int xmlw_open_sink(struct xmlw *x, xmlw_sink_fn sink, void *ctx, const char *name);
/* Close every open element, flush, release x; returns the first failure of the whole
 * write, with one message naming the file (and strerror for a failed write). */
int xmlw_close(struct xmlw *x);

void xmlw_start(struct xmlw *x, const char *qname);
/* <prefix:local ...>; prefix NULL or "" for an unprefixed name. */
void xmlw_start_ns(struct xmlw *x, const char *prefix, const char *local);
void xmlw_end(struct xmlw *x);
void xmlw_attr(struct xmlw *x, const char *qname, const char *value);
void xmlw_attrf(struct xmlw *x, const char *qname, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void xmlw_text(struct xmlw *x, const char *text);
/* <qname>text</qname> */
void xmlw_elem(struct xmlw *x, const char *qname, const char *text);
/* Copy a subtree of a parsed document, with the namespaces in scope at its root. */
void xmlw_copy(struct xmlw *x, xmlNodePtr node);
/* The same, but the element is left open for more children; close it with xmlw_end(). */
void xmlw_copy_open(struct xmlw *x, xmlNodePtr node);
/*
 * A copy built piece by piece, to add to a parsed subtree without changing
 * it: xmlw_copy_start() writes node's start tag (attributes; with standalone,
 * every namespace in scope, else only those node declares) and leaves it open;
 * xmlw_copy_inner() copies one node (element, text, comment) inside the copy
 * of its parent, declaring only its own namespaces; xmlw_copy_end() closes the
 * element.  Between them, any xmlw call adds to the copy (unindented: copied
 * text keeps its own white space); outermost ends the outermost piece, after
 * which the writer indents again.
 */
void xmlw_copy_start(struct xmlw *x, xmlNodePtr node, bool standalone);
void xmlw_copy_inner(struct xmlw *x, xmlNodePtr node);
void xmlw_copy_end(struct xmlw *x, bool outermost);
/* A time as xs:dateTime in UTC. */
void xmlw_time_string(char out[32], long long t);

#endif
