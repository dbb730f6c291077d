/*
 * A thin, error-sticky layer over libxml2's streaming xmlTextWriter.  Output
 * goes straight to a file descriptor; the first failure (of libxml2 or of
 * the write itself, e.g. a full disk) is kept and every later call is a
 * no-op, so writers check once, at the end.
 */
#ifndef CSCAP_XMLW_H
#define CSCAP_XMLW_H

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

/* Where output goes instead of a file descriptor: 0, or a positive errno. */
typedef int (*xmlw_sink_fn)(void *ctx, const char *buf, size_t len);

struct xmlw {
	xmlTextWriterPtr w;  /* owned */
	int fd;              /* borrowed; -1 with a sink */
	xmlw_sink_fn sink;   /* NULL: write to fd */
	void *sink_ctx;
	int failed;          /* first failure: 0 or a cscap_code */
	int write_errno;
	const char *name;    /* for messages */
};

int xmlw_open_fd(struct xmlw *x, int fd, const char *name);
/* The same through a callback (compression, memory); its failure fails the write. */
int xmlw_open_sink(struct xmlw *x, xmlw_sink_fn sink, void *ctx, const char *name);
/* Finish the document and flush; returns the first failure of the whole write. */
int xmlw_close(struct xmlw *x);

void xmlw_start(struct xmlw *x, const char *qname);
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
/* A time as xs:dateTime in UTC. */
void xmlw_time_string(char out[32], long long t);

#endif
