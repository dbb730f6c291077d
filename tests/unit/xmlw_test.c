/*
 * Unit tests of engine/writers/xmlw.c beyond writers_test.c: names of any
 * length are written whole (issue 8: a 300-character namespace prefix, 600-
 * character element and attribute names were cut at 256/512 bytes, making
 * the ARF not well-formed), and the writer produces the same bytes as the
 * libxml2 xmlTextWriter it replaced (results stay byte-identical across the
 * change; issue 7 made the writer faster).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include "cscap/error.h"
#include "common/xml_read.h"
#include "writers/xmlw.h"

/* ------------------------------------------------------------------ helpers */

struct mem {
	char *buf;
	size_t len;
};

static int mem_sink(void *ctx, const char *buf, size_t len)
{
	struct mem *m = ctx;
	char *grown = realloc(m->buf, m->len + len + 1);

	if (!grown)
		return ENOMEM;
	m->buf = grown;
	memcpy(m->buf + m->len, buf, len);
	m->len += len;
	m->buf[m->len] = '\0';
	return 0;
}

static char *repeat(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

static xmlDocPtr parse(const char *text)
{
	xmlDocPtr doc = NULL;

	if (xml_read_memory(&doc, text, strlen(text), "test.xml"))
		fail_msg("not well-formed: %s\n%.400s", cscap_error_last(), text);
	return doc;
}

/* ------------------------------------------------------------------ long names */

static void test_xmlw_long_names_copied(void **state)
{
	char *p300 = repeat('p', 300), *n600 = repeat('n', 600), *a600 = repeat('a', 600), *src;
	struct mem m = {0};
	struct xmlw x;

	(void)state;
	assert_true(asprintf(&src,
			     "<%s:root xmlns:%s=\"urn:long\"><%s:%s %s=\"1\" %s:%s=\"2\"><%s:leaf/></%s:%s></%s:root>",
			     p300, p300, p300, n600, a600, p300, a600, p300, p300, n600, p300) > 0);
	xmlDocPtr in = parse(src);
	assert_int_equal(xmlw_open_sink(&x, mem_sink, &m, "long.xml"), 0);
	xmlw_start(&x, "wrapper");
	xmlw_copy(&x, xmlDocGetRootElement(in));
	xmlw_end(&x);
	assert_int_equal(xmlw_close(&x), 0);

	/* Well-formed, namespaces included, and every name whole. */
	xmlDocPtr out = parse(m.buf);
	xmlNodePtr root = xmlFirstElementChild(xmlDocGetRootElement(out));
	assert_string_equal((const char *)root->name, "root");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->prefix, p300);
	assert_string_equal((const char *)root->ns->href, "urn:long");
	xmlNodePtr e = xmlFirstElementChild(root);
	assert_string_equal((const char *)e->name, n600);
	assert_string_equal((const char *)e->ns->href, "urn:long");
	xmlChar *v1 = xmlGetNoNsProp(e, (const xmlChar *)a600);
	xmlChar *v2 = xmlGetNsProp(e, (const xmlChar *)a600, (const xmlChar *)"urn:long");
	assert_non_null(v1);
	assert_non_null(v2);
	assert_string_equal((const char *)v1, "1");
	assert_string_equal((const char *)v2, "2");
	xmlFree(v1);
	xmlFree(v2);
	assert_string_equal((const char *)xmlFirstElementChild(e)->name, "leaf");
	xmlFreeDoc(out);
	xmlFreeDoc(in);
	free(m.buf);
	free(src);
	free(p300);
	free(n600);
	free(a600);
}

static void test_xmlw_long_names_written(void **state)
{
	char *big = repeat('b', 5000), *pfx = repeat('q', 1000), *val = repeat('v', 3000), *decl;
	struct mem m = {0};
	struct xmlw x;

	(void)state;
	assert_true(asprintf(&decl, "xmlns:%s", pfx) > 0);
	assert_int_equal(xmlw_open_sink(&x, mem_sink, &m, "long.xml"), 0);
	xmlw_start(&x, big);
	xmlw_start_ns(&x, pfx, big);
	xmlw_attr(&x, decl, "urn:q");
	xmlw_attr(&x, big, "x");
	xmlw_attrf(&x, "f", "%s-%d", val, 7); /* longer than any internal buffer */
	xmlw_end(&x);
	xmlw_end(&x);
	assert_int_equal(xmlw_close(&x), 0);
	xmlDocPtr out = parse(m.buf);
	xmlNodePtr root = xmlDocGetRootElement(out);
	assert_string_equal((const char *)root->name, big);
	xmlNodePtr inner = xmlFirstElementChild(root);
	assert_string_equal((const char *)inner->name, big);
	assert_string_equal((const char *)inner->ns->prefix, pfx);
	assert_string_equal((const char *)inner->ns->href, "urn:q");
	xmlChar *b = xmlGetNoNsProp(inner, (const xmlChar *)big);
	assert_string_equal((const char *)b, "x");
	xmlFree(b);
	xmlChar *f = xmlGetProp(inner, (const xmlChar *)"f");
	assert_int_equal(strlen((const char *)f), 3002);
	assert_string_equal((const char *)f + 3000, "-7");
	xmlFree(f);
	xmlFreeDoc(out);
	free(decl);
	free(m.buf);
	free(big);
	free(pfx);
	free(val);
}

/* ---------------------------------------------- the same bytes as libxml2 */

/* What xmlw did over xmlTextWriter before it wrote its own bytes (cscap 0.1). */
static void ref_copy(xmlTextWriterPtr w, xmlNodePtr n, int is_root, int leave_open)
{
	char name[4096];

	switch (n->type) {
	case XML_ELEMENT_NODE:
		snprintf(name, sizeof(name), "%s%s%s", n->ns && n->ns->prefix ? (const char *)n->ns->prefix : "",
			 n->ns && n->ns->prefix ? ":" : "", (const char *)n->name);
		xmlTextWriterStartElement(w, (const xmlChar *)name);
		if (is_root) {
			xmlNsPtr *all = xmlGetNsList(n->doc, n);
			for (size_t i = 0; all && all[i]; i++) {
				if (all[i]->prefix && strcmp((const char *)all[i]->prefix, "xml") == 0)
					continue;
				snprintf(name, sizeof(name), "xmlns%s%s", all[i]->prefix ? ":" : "",
					 all[i]->prefix ? (const char *)all[i]->prefix : "");
				xmlTextWriterWriteAttribute(w, (const xmlChar *)name, all[i]->href);
			}
			xmlFree(all);
		} else {
			for (xmlNsPtr ns = n->nsDef; ns; ns = ns->next) {
				snprintf(name, sizeof(name), "xmlns%s%s", ns->prefix ? ":" : "",
					 ns->prefix ? (const char *)ns->prefix : "");
				xmlTextWriterWriteAttribute(w, (const xmlChar *)name, ns->href);
			}
		}
		for (xmlAttrPtr a = n->properties; a; a = a->next) {
			xmlChar *value = xmlGetNsProp(n, a->name, a->ns ? a->ns->href : NULL);
			snprintf(name, sizeof(name), "%s%s%s", a->ns && a->ns->prefix ? (const char *)a->ns->prefix : "",
				 a->ns && a->ns->prefix ? ":" : "", (const char *)a->name);
			xmlTextWriterWriteAttribute(w, (const xmlChar *)name, value);
			xmlFree(value);
		}
		for (xmlNodePtr c = n->children; c; c = c->next)
			ref_copy(w, c, 0, 0);
		if (!leave_open)
			xmlTextWriterFullEndElement(w);
		break;
	case XML_TEXT_NODE:
		xmlTextWriterWriteString(w, n->content);
		break;
	case XML_CDATA_SECTION_NODE:
		xmlTextWriterWriteCDATA(w, n->content);
		break;
	case XML_COMMENT_NODE:
		xmlTextWriterWriteComment(w, n->content);
		break;
	default:
		break;
	}
}

enum op_kind { OP_START, OP_ATTR, OP_TEXT, OP_END, OP_COPY, OP_COPY_OPEN };
struct op {
	enum op_kind kind;
	const char *a, *b;
};

static const char copy_source[] =
	"<a:doc xmlns:a=\"urn:a\" xmlns=\"urn:d\" xml:lang=\"en\" t=\"caf\xC3\xA9 &amp; &lt;&gt; &quot;q&quot;\">\n"
	"  <a:mid x=\"tab&#9;nl&#10;cr&#13;\">text &amp; more\r\n<empty/><full></full>"
	"<!-- note --><![CDATA[raw < & >]]><n xmlns=\"\">\xE2\x82\xAC \xF0\x9F\x90\xB3</n></a:mid>\n"
	"</a:doc>";

/* Run ops through xmlw and through xmlTextWriter; the two outputs. */
static void run_both(const struct op *ops, size_t n, xmlNodePtr copy_root, char **mine, char **theirs)
{
	struct mem m = {0};
	struct xmlw x;
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);

	assert_non_null(w);
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	assert_int_equal(xmlw_open_sink(&x, mem_sink, &m, "mine.xml"), 0);
	for (size_t i = 0; i < n; i++) {
		switch (ops[i].kind) {
		case OP_START:
			xmlw_start(&x, ops[i].a);
			xmlTextWriterStartElement(w, (const xmlChar *)ops[i].a);
			break;
		case OP_ATTR:
			xmlw_attr(&x, ops[i].a, ops[i].b);
			xmlTextWriterWriteAttribute(w, (const xmlChar *)ops[i].a, (const xmlChar *)ops[i].b);
			break;
		case OP_TEXT:
			xmlw_text(&x, ops[i].a);
			xmlTextWriterWriteString(w, (const xmlChar *)ops[i].a);
			break;
		case OP_END:
			xmlw_end(&x);
			xmlTextWriterEndElement(w);
			break;
		case OP_COPY:
		case OP_COPY_OPEN:
			if (ops[i].kind == OP_COPY)
				xmlw_copy(&x, copy_root);
			else
				xmlw_copy_open(&x, copy_root);
			xmlTextWriterSetIndent(w, 0);
			ref_copy(w, copy_root, 1, ops[i].kind == OP_COPY_OPEN);
			xmlTextWriterSetIndent(w, 1);
			break;
		}
	}
	assert_int_equal(xmlw_close(&x), 0);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	*mine = m.buf;
	*theirs = strdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
}

static void test_xmlw_same_bytes_as_libxml2(void **state)
{
	static const char mixed[] = "a<b>c&d\"e'f\rg\nh\ti caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x90\xB3 ]]>";
	static const struct op ops[] = {
		{OP_START, "root", NULL},
		{OP_ATTR, "xmlns", "urn:root"},
		{OP_ATTR, "mixed", mixed},
		{OP_ATTR, "empty", ""},
		{OP_START, "empty", NULL},
		{OP_END, NULL, NULL},
		{OP_START, "withattr", NULL},
		{OP_ATTR, "a", "1"},
		{OP_END, NULL, NULL},
		{OP_START, "text", NULL},
		{OP_TEXT, mixed, NULL},
		{OP_END, NULL, NULL},
		{OP_START, "nested", NULL},
		{OP_START, "deeper", NULL},
		{OP_START, "deepest", NULL},
		{OP_TEXT, "x", NULL},
		{OP_END, NULL, NULL},
		{OP_START, "sibling", NULL},
		{OP_END, NULL, NULL},
		{OP_END, NULL, NULL},
		{OP_END, NULL, NULL},
		{OP_COPY, NULL, NULL},
		{OP_START, "after-copy", NULL},
		{OP_END, NULL, NULL},
		{OP_START, "mixed-content", NULL},
		{OP_TEXT, "before", NULL},
		{OP_START, "inside", NULL},
		{OP_END, NULL, NULL},
		{OP_TEXT, "after", NULL},
		{OP_END, NULL, NULL},
		{OP_START, "holder", NULL},
		{OP_COPY_OPEN, NULL, NULL},
		{OP_START, "added", NULL},
		{OP_TEXT, "to the copy", NULL},
		{OP_END, NULL, NULL},
		{OP_END, NULL, NULL},
		{OP_END, NULL, NULL},
		/* root is left open: closing the writer closes it */
	};
	xmlDocPtr doc = parse(copy_source);
	char *mine, *theirs;

	(void)state;
	run_both(ops, sizeof(ops) / sizeof(ops[0]), xmlDocGetRootElement(doc), &mine, &theirs);
	if (strcmp(mine, theirs) != 0)
		fail_msg("xmlw wrote\n%s\nxmlTextWriter wrote\n%s", mine, theirs);
	xmlFreeDoc(parse(mine));
	free(mine);
	free(theirs);
	xmlFreeDoc(doc);
}

/* A document larger than the writer's buffer, with runs larger than it too. */
static void test_xmlw_same_bytes_large(void **state)
{
	char *huge = repeat('h', 700 * 1024);
	struct op ops[2 + 3 * 2000 + 4];
	size_t n = 0;
	xmlDocPtr doc = parse(copy_source);
	char *mine, *theirs;

	(void)state;
	ops[n++] = (struct op){OP_START, "root", NULL};
	ops[n++] = (struct op){OP_ATTR, "big", huge};
	for (int i = 0; i < 2000; i++) {
		ops[n++] = (struct op){OP_START, "item", NULL};
		ops[n++] = (struct op){OP_TEXT, i % 500 ? "some <text> & more" : huge, NULL};
		ops[n++] = (struct op){OP_END, NULL, NULL};
	}
	ops[n++] = (struct op){OP_COPY, NULL, NULL};
	ops[n++] = (struct op){OP_END, NULL, NULL};
	run_both(ops, n, xmlDocGetRootElement(doc), &mine, &theirs);
	assert_int_equal(strlen(mine), strlen(theirs));
	assert_true(strcmp(mine, theirs) == 0);
	free(mine);
	free(theirs);
	xmlFreeDoc(doc);
	free(huge);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xmlw_long_names_copied),
		cmocka_unit_test(test_xmlw_long_names_written),
		cmocka_unit_test(test_xmlw_same_bytes_as_libxml2),
		cmocka_unit_test(test_xmlw_same_bytes_large),
	};

	xml_library_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
