/*
 * Unit tests of where results may go (issue 8): atomic_file_same(), which
 * decides whether two paths are one file, and cscap_session_check_outputs(),
 * which refuses an output over an input or over another output before a scan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cscap/cscap.h"
#include "common/atomic_file.h"
#include "writers/writers.h"

#include "test_util.h"

#include <libxml/parser.h>

struct dir {
	char path[64];
};

static void dir_make(struct dir *d)
{
	snprintf(d->path, sizeof(d->path), "/tmp/cscap-outputs-XXXXXX");
	assert_non_null(mkdtemp(d->path));
}

static void dir_remove(struct dir *d)
{
	rm_tree(d->path);
}

/* path inside d, in a static buffer of its own (four at a time). */
static const char *in(const struct dir *d, const char *name)
{
	static char bufs[4][256];
	static int next;
	char *b = bufs[next++ % 4];

	snprintf(b, sizeof(bufs[0]), "%s/%s", d->path, name);
	return b;
}

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("previous\n", f);
	fclose(f);
}

static void test_same_file_existing(void **state)
{
	struct dir d;

	(void)state;
	dir_make(&d);
	touch(in(&d, "a.xml"));
	touch(in(&d, "b.xml"));
	assert_int_equal(symlink("a.xml", in(&d, "link.xml")), 0);
	assert_int_equal(link(in(&d, "a.xml"), in(&d, "hard.xml")), 0);
	assert_true(atomic_file_same(in(&d, "a.xml"), in(&d, "a.xml")));
	assert_true(atomic_file_same(in(&d, "a.xml"), in(&d, "link.xml")));
	assert_true(atomic_file_same(in(&d, "hard.xml"), in(&d, "a.xml")));
	assert_true(atomic_file_same(in(&d, "a.xml"), in(&d, "./a.xml")));
	assert_false(atomic_file_same(in(&d, "a.xml"), in(&d, "b.xml")));
	assert_false(atomic_file_same(in(&d, "a.xml"), in(&d, "new.xml")));
	dir_remove(&d);
}

static void test_same_file_not_made_yet(void **state)
{
	struct dir d;
	char sub[300];

	(void)state;
	dir_make(&d);
	snprintf(sub, sizeof(sub), "%s", in(&d, "sub"));
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(symlink("sub", in(&d, "alias")), 0);
	assert_true(atomic_file_same(in(&d, "new.xml"), in(&d, "new.xml")));
	assert_true(atomic_file_same(in(&d, "new.xml"), in(&d, "./new.xml")));
	assert_true(atomic_file_same(in(&d, "sub/new.xml"), in(&d, "alias/new.xml")));
	assert_true(atomic_file_same(in(&d, "sub/new.xml"), in(&d, "sub/../sub/new.xml")));
	assert_false(atomic_file_same(in(&d, "new.xml"), in(&d, "sub/new.xml")));
	dir_remove(&d);
}

static void test_check_outputs(void **state)
{
	cscap_options opts;
	cscap_session *s;
	struct dir d;
	char tailoring[300], out[300], link_path[300];

	(void)state;
	dir_make(&d);
	snprintf(tailoring, sizeof(tailoring), "%s", in(&d, "tailoring.xml"));
	snprintf(out, sizeof(out), "%s", in(&d, "out.xml"));
	snprintf(link_path, sizeof(link_path), "%s", in(&d, "link.xml"));
	touch(tailoring);
	touch(out);
	assert_int_equal(symlink("tailoring.xml", link_path), 0);
	cscap_options_init(&opts);
	opts.root = d.path; /* offline: no engine is looked for */
	opts.tailoring_file = tailoring;
	assert_int_equal(cscap_session_new(&s, &opts), 0);

	const char *fine[] = {out, in(&d, "other.xml"), NULL};
	assert_int_equal(cscap_session_check_outputs(s, fine), 0);
	const char *over_tailoring[] = {out, link_path, NULL};
	assert_int_equal(cscap_session_check_outputs(s, over_tailoring), CSCAP_EREFUSED);
	assert_non_null(strstr(cscap_error_last(), "tailoring"));
	const char *twice[] = {out, in(&d, "./out.xml"), NULL};
	assert_int_equal(cscap_session_check_outputs(s, twice), CSCAP_EREFUSED);
	assert_non_null(strstr(cscap_error_last(), "out.xml"));
	const char *twice_new[] = {in(&d, "new.xml"), in(&d, "new.xml"), NULL};
	assert_int_equal(cscap_session_check_outputs(s, twice_new), CSCAP_EREFUSED);
	assert_int_equal(cscap_session_check_outputs(s, NULL), 0);
	cscap_session_free(s);
	dir_remove(&d);
}

/* A valid file name of 250 bytes: its temporary file's name must still fit in NAME_MAX. */
/* A copy built in pieces (xmlw_copy_start/inner/end), as the ARF adds a
 * tailoring to the data stream it copies: the added element lands where it
 * is written, the namespaces are declared once, at the root, and the source
 * document is not changed. */
static void copy_body(struct xmlw *x, const void *arg)
{
	xmlNodePtr root = xmlDocGetRootElement((xmlDocPtr)arg);

	xmlw_copy_start(x, root, true);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, "c") != 0) {
			xmlw_copy_inner(x, n);
			continue;
		}
		xmlw_copy_start(x, n, false);
		for (xmlNodePtr c = n->children; c; c = c->next)
			xmlw_copy_inner(x, c);
		xmlw_start(x, "p:added");
		xmlw_attr(x, "id", "new");
		xmlw_end(x);
		xmlw_copy_end(x, false);
	}
	xmlw_copy_end(x, true);
}

static void test_copy_in_pieces(void **state)
{
	static const char src[] = "<a xmlns=\"urn:a\" xmlns:p=\"urn:p\"><b p:x=\"1\">t &amp; u</b>\n<c><d/></c></a>";
	xmlDocPtr doc = xmlReadMemory(src, (int)strlen(src), "src.xml", NULL, XML_PARSE_NONET);
	char *out = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(doc);
	assert_int_equal(write_to_memory(&out, &len, "copy", copy_body, doc), 0);
	assert_non_null(strstr(out, "<a xmlns=\"urn:a\" xmlns:p=\"urn:p\"><b p:x=\"1\">t &amp; u</b>\n"
				    "<c><d></d><p:added id=\"new\"/></c></a>"));
	xmlDocPtr again = xmlReadMemory(out, (int)len, "out.xml", NULL, XML_PARSE_NONET);
	assert_non_null(again);
	xmlFreeDoc(again);
	/* the source is as it was */
	xmlNodePtr c = xmlDocGetRootElement(doc)->last;
	assert_string_equal((const char *)c->name, "c");
	assert_ptr_equal(c->children, c->last);
	free(out);
	xmlFreeDoc(doc);
}

static void test_long_file_name_written(void **state)
{
	struct dir d;
	char name[251], path[400];
	struct stat sb;

	(void)state;
	dir_make(&d);
	memset(name, 'n', 250);
	name[250] = '\0';
	snprintf(path, sizeof(path), "%s/%s", d.path, name);
	assert_int_equal(write_bytes_atomically(path, "data\n", 5), 0);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_size, 5);
	DIR *dir = opendir(d.path);
	int entries = 0;
	for (struct dirent *e; (e = readdir(dir));)
		entries += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(dir);
	assert_int_equal(entries, 1); /* and no temporary file left */
	dir_remove(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_file_existing),
		cmocka_unit_test(test_same_file_not_made_yet),
		cmocka_unit_test(test_check_outputs),
		cmocka_unit_test(test_long_file_name_written),
		cmocka_unit_test(test_copy_in_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
