/*
 * Text that goes into XML results comes from untrusted places (engine
 * replies, files of an offline image).  These decide whether a string is
 * valid UTF-8 made only of characters XML 1.0 allows, and repair it when not.
 */
#ifndef CSCAP_XML_TEXT_H
#define CSCAP_XML_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Valid UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF)? */
bool utf8_valid(const char *s, size_t len);
/* Valid UTF-8 and every character allowed in an XML 1.0 document? */
bool xml_text_safe(const char *s);
/* A malloc'd copy of s with every bad byte sequence or forbidden character
 * replaced by U+FFFD; NULL when out of memory. */
char *xml_text_repair(const char *s);

#endif
