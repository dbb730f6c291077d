/*
 * The only way cscap parses XML it is given.  Content may come from anywhere,
 * so the parser never touches the network, never loads or expands external
 * entities, and refuses any document type declaration outright: SCAP content
 * has no use for one, and refusing it closes XXE and entity-expansion attacks
 * at the door.  libxml2's default limits on depth and text size stay on, and
 * two more are cscap's own (libxml2 2.9 does not enforce them well enough):
 * no text node, attribute value, comment or CDATA section over
 * XML_READ_MAX_TEXT bytes, no element with more than XML_READ_MAX_ATTRIBUTES
 * attributes (namespace declarations included).  Files must be regular
 * files: a FIFO or a device is refused, never waited on.
 */
#ifndef CSCAP_XML_READ_H
#define CSCAP_XML_READ_H

#include <stddef.h>
#include <libxml/tree.h>

#define XML_READ_MAX_TEXT (10 * 1000 * 1000)
#define XML_READ_MAX_ATTRIBUTES 1024

/* Process-wide libxml2 set-up (idempotent, thread-safe); called by the library's entry points. */
void xml_library_init(void);

/* Parse a file.  *out is the caller's, to free with xmlFreeDoc(). */
int xml_read_file(xmlDocPtr *out, const char *path);
/* Parse a file that is XML or gzip-compressed XML (told by its magic bytes,
 * not its name), as cscap writes results.  *out as for xml_read_file(). */
int xml_read_file_or_gzip(xmlDocPtr *out, const char *path);
/* Parse a buffer; name is used in messages and as the document URL. */
int xml_read_memory(xmlDocPtr *out, const char *buf, size_t len, const char *name);

#endif
