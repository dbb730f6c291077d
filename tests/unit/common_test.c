/*
 * Unit tests of engine/common: the arena, atomic files, the hardened XML
 * reader and the per-thread error channel.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "cscap/error.h"
#include "common/arena.h"
#include "common/atomic_file.h"
#include "common/error_internal.h"
#include "common/xml_read.h"

/* ------------------------------------------------------------------ helpers */

#include "test_util.h"

#define assert_not_contains(haystack, needle)                                             \
	do {                                                                              \
		const char *h_ = (haystack), *n_ = (needle);                              \
		if (h_ && strstr(h_, n_))                                                 \
			fail_msg("expected \"%s\" not to contain \"%s\"", h_, n_);        \
	} while (0)

static char *path_join(const char *dir, const char *name)
{
	char *p;
	if (asprintf(&p, "%s/%s", dir, name) < 0)
		return NULL;
	return p;
}

static void write_text(const char *path, const char *text, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* Whole file in a malloc'd NUL-terminated buffer; NULL when it cannot be read. */
static char *read_text(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (len + 4096 + 1 > cap) {
			cap = (len + 4096 + 1) * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t n = fread(buf + len, 1, 4096, f);
		len += n;
		if (n < 4096)
			break;
	}
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Number of entries of a folder, "." and ".." aside. */
static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/* ------------------------------------------------------------------ arena */

static void test_arena_alignment(void **state)
{
	struct arena a;
	const uintptr_t align = _Alignof(max_align_t);

	(void)state;
	arena_init(&a);
	/* Odd sizes must not push the next object off alignment. */
	for (size_t size = 1; size < 200; size += 3) {
		void *p = arena_alloc(&a, size);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % align, 0);
	}
	char *s = arena_strdup(&a, "x");
	void *after = arena_alloc(&a, 8);
	assert_non_null(s);
	assert_int_equal((uintptr_t)after % align, 0);
	long double *ld = arena_calloc(&a, 3, sizeof(long double));
	assert_non_null(ld);
	assert_int_equal((uintptr_t)ld % _Alignof(long double), 0);
	arena_release(&a);
}

static void test_arena_objects_do_not_overlap(void **state)
{
	struct arena a;
	unsigned char *p[64];

	(void)state;
	arena_init(&a);
	/* 64 x 3000 bytes spans several 64 KiB blocks. */
	for (int i = 0; i < 64; i++) {
		p[i] = arena_alloc(&a, 3000);
		assert_non_null(p[i]);
		memset(p[i], i + 1, 3000);
	}
	for (int i = 0; i < 64; i++)
		for (int k = 0; k < 3000; k++)
			if (p[i][k] != (unsigned char)(i + 1))
				fail_msg("object %d byte %d was overwritten (0x%02x)", i, k, p[i][k]);
	arena_release(&a);
}

static void test_arena_zeroes_memory(void **state)
{
	struct arena a;

	(void)state;
	/* Dirty a block, give it back, and ask again: malloc is likely to hand the
	 * same memory out, and arena_alloc must still return zeroes. */
	for (int round = 0; round < 3; round++) {
		arena_init(&a);
		unsigned char *p = arena_alloc(&a, 60000);
		assert_non_null(p);
		for (size_t i = 0; i < 60000; i++)
			if (p[i] != 0)
				fail_msg("round %d: byte %zu is 0x%02x, not zero", round, i, p[i]);
		memset(p, 0xAA, 60000);
		unsigned char *q = arena_calloc(&a, 100, 7);
		assert_non_null(q);
		for (size_t i = 0; i < 700; i++)
			assert_int_equal(q[i], 0);
		memset(q, 0x55, 700);
		arena_release(&a);
	}
}

static void test_arena_large_allocations(void **state)
{
	struct arena a;
	const size_t big = 200 * 1024; /* beyond the 64 KiB block */

	(void)state;
	arena_init(&a);
	char *small1 = arena_alloc(&a, 16);
	unsigned char *large = arena_alloc(&a, big);
	char *small2 = arena_alloc(&a, 16);
	assert_non_null(small1);
	assert_non_null(large);
	assert_non_null(small2);
	for (size_t i = 0; i < big; i++)
		if (large[i])
			fail_msg("large allocation not zeroed at %zu", i);
	memset(large, 0x7F, big); /* the whole of it is ours (ASan/valgrind check) */
	/* The oversized block does not waste the current block's free space:
	 * the next small object follows the previous one. */
	assert_ptr_equal(small2, small1 + 16);
	/* A large allocation as the very first one works too. */
	struct arena b;
	arena_init(&b);
	unsigned char *first = arena_alloc(&b, 3 * 64 * 1024 + 5);
	assert_non_null(first);
	memset(first, 1, 3 * 64 * 1024 + 5);
	char *next = arena_strdup(&b, "after");
	assert_string_equal(next, "after");
	assert_int_equal(first[3 * 64 * 1024 + 4], 1);
	/* Exactly one block and just over. */
	assert_non_null(arena_alloc(&b, 64 * 1024));
	assert_non_null(arena_alloc(&b, 64 * 1024 + 1));
	arena_release(&b);
	assert_int_equal(large[big - 1], 0x7F);
	arena_release(&a);
}

static void test_arena_overflow_is_refused(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_null(arena_alloc(&a, SIZE_MAX));
	assert_null(arena_alloc(&a, SIZE_MAX - 3));
	assert_null(arena_calloc(&a, SIZE_MAX / 2 + 1, 2));
	assert_null(arena_calloc(&a, 3, SIZE_MAX / 2));
	/* A zero-sized array is a valid (non-NULL) pointer. */
	assert_non_null(arena_calloc(&a, 0, 8));
	assert_non_null(arena_calloc(&a, 8, 0));
	arena_release(&a);
}

static void test_arena_strings(void **state)
{
	struct arena a;
	char src[] = "hello, world";

	(void)state;
	arena_init(&a);
	char *d = arena_strdup(&a, src);
	assert_non_null(d);
	assert_ptr_not_equal(d, src);
	src[0] = 'J';
	assert_string_equal(d, "hello, world"); /* a copy, not an alias */
	assert_null(arena_strdup(&a, NULL));
	assert_null(arena_strndup(&a, NULL, 3));
	char *n = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(n, "abc");
	char *e = arena_strdup(&a, "");
	assert_non_null(e);
	assert_string_equal(e, "");
	char *f = arena_sprintf(&a, "%s-%d-%05.1f-%c", "id", -42, 3.14159, 'z');
	assert_string_equal(f, "id--42-003.1-z");
	char *empty = arena_sprintf(&a, "%s", "");
	assert_non_null(empty);
	assert_string_equal(empty, "");
	/* Longer than a block. */
	size_t len = 100000;
	char *longsrc = malloc(len + 1);
	assert_non_null(longsrc);
	memset(longsrc, 'q', len);
	longsrc[len] = '\0';
	char *l = arena_sprintf(&a, "<%s>", longsrc);
	char *l2 = arena_strdup(&a, longsrc);
	free(longsrc);
	assert_non_null(l);
	assert_int_equal(strlen(l), len + 2);
	assert_int_equal(l[0], '<');
	assert_int_equal(l[len + 1], '>');
	assert_int_equal(strlen(l2), len);
	/* The first strings are intact after the big ones. */
	assert_string_equal(d, "hello, world");
	assert_string_equal(f, "id--42-003.1-z");
	arena_release(&a);
}

static void test_arena_release_and_reuse(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_null(a.head);
	assert_int_equal(a.used, 0);
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 100; i++) {
			char *s = arena_sprintf(&a, "round %d item %d", round, i);
			assert_non_null(s);
		}
		assert_non_null(a.head);
		arena_release(&a);
		assert_null(a.head);
		assert_int_equal(a.used, 0);
	}
	/* Releasing an empty arena (twice) is harmless. */
	arena_release(&a);
	arena_release(&a);
	char *s = arena_strdup(&a, "again");
	assert_string_equal(s, "again");
	arena_release(&a);
}

/* ------------------------------------------------------------------ atomic_file */

static void test_atomic_commit_replaces(void **state)
{
	char *dir = temp_dir_new("common");
	char *path = path_join(dir, "result.xml");
	struct atomic_file af;
	struct stat before, after;
	const char *new_text = "<new/>\n";

	(void)state;
	write_text(path, "old contents\n", 13);
	assert_int_equal(stat(path, &before), 0);
	int reader = open(path, O_RDONLY | O_CLOEXEC); /* opened before the commit */
	assert_true(reader >= 0);

	assert_int_equal(atomic_file_open(&af, path), 0);
	assert_true(af.fd >= 0);
	assert_non_null(af.tmp_path);
	assert_string_equal(af.path, path);
	/* The temporary lives beside the destination, so rename() is atomic. */
	assert_int_equal(strncmp(af.tmp_path, dir, strlen(dir)), 0);
	assert_int_equal(af.tmp_path[strlen(dir)], '/');
	assert_int_equal(count_entries(dir), 2);
	assert_int_equal(write(af.fd, new_text, strlen(new_text)), (ssize_t)strlen(new_text));
	/* Until the commit the destination still holds the old file. */
	char *mid = read_text(path);
	assert_string_equal(mid, "old contents\n");
	free(mid);

	assert_int_equal(atomic_file_commit(&af), 0);
	assert_int_equal(af.fd, -1);
	assert_null(af.tmp_path);
	assert_null(af.path);
	char *now = read_text(path);
	assert_string_equal(now, new_text);
	free(now);
	assert_int_equal(count_entries(dir), 1); /* no temporary left */
	assert_int_equal(stat(path, &after), 0);
	/* Replaced by rename (a new inode), not rewritten in place ... */
	assert_true(before.st_ino != after.st_ino);
	/* ... so a reader that had the old file open still reads it whole. */
	char buf[64] = {0};
	assert_int_equal(read(reader, buf, sizeof(buf) - 1), 13);
	assert_string_equal(buf, "old contents\n");
	close(reader);
	/* Results are readable like any report (mkstemp's 0600 is widened). */
	assert_int_equal(after.st_mode & 0777, 0644);
	/* Abort after commit (and twice) is safe and removes nothing. */
	atomic_file_abort(&af);
	atomic_file_abort(&af);
	assert_int_equal(count_entries(dir), 1);

	free(path);
	temp_dir_remove(dir);
}

static void test_atomic_commit_creates_new_file(void **state)
{
	char *dir = temp_dir_new("common");
	char *path = path_join(dir, "fresh.xml");
	struct atomic_file af;

	(void)state;
	assert_int_equal(atomic_file_open(&af, path), 0);
	assert_int_equal(access(path, F_OK), -1); /* not visible before the commit */
	assert_int_equal(write(af.fd, "x", 1), 1);
	assert_int_equal(atomic_file_commit(&af), 0);
	char *t = read_text(path);
	assert_string_equal(t, "x");
	free(t);
	assert_int_equal(count_entries(dir), 1);
	free(path);
	temp_dir_remove(dir);
}

static void test_atomic_abort_keeps_old(void **state)
{
	char *dir = temp_dir_new("common");
	char *path = path_join(dir, "result.xml");
	struct atomic_file af;
	struct stat before, after;

	(void)state;
	write_text(path, "old\n", 4);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(atomic_file_open(&af, path), 0);
	assert_int_equal(write(af.fd, "half-written <", 14), 14);
	char *tmp = strdup(af.tmp_path);
	assert_int_equal(access(tmp, F_OK), 0);
	atomic_file_abort(&af);
	assert_int_equal(af.fd, -1);
	assert_null(af.tmp_path);
	assert_null(af.path);
	assert_int_equal(access(tmp, F_OK), -1);
	free(tmp);
	char *t = read_text(path);
	assert_string_equal(t, "old\n");
	free(t);
	assert_int_equal(stat(path, &after), 0);
	assert_true(before.st_ino == after.st_ino);
	assert_int_equal(count_entries(dir), 1);
	atomic_file_abort(&af); /* twice is fine */
	assert_int_equal(count_entries(dir), 1);
	free(path);
	temp_dir_remove(dir);
}

static void test_atomic_open_missing_folder(void **state)
{
	char *dir = temp_dir_new("common");
	char *path = path_join(dir, "no/such/folder/result.xml");
	struct atomic_file af;

	(void)state;
	cscap_error_clear();
	assert_int_equal(atomic_file_open(&af, path), CSCAP_EIO);
	assert_int_equal(cscap_error_last_code(), CSCAP_EIO);
	assert_contains(cscap_error_last(), path);
	assert_contains(cscap_error_last(), "No such file or directory");
	assert_int_equal(af.fd, -1);
	assert_null(af.path);
	assert_null(af.tmp_path);
	atomic_file_abort(&af); /* safe after a failed open */
	assert_int_equal(count_entries(dir), 0);
	free(path);
	temp_dir_remove(dir);
}

static void test_atomic_open_on_a_file_as_folder(void **state)
{
	char *dir = temp_dir_new("common");
	char *file = path_join(dir, "plain");
	char *path = path_join(file, "result.xml"); /* a "folder" that is a file */
	struct atomic_file af;

	(void)state;
	write_text(file, "f", 1);
	assert_int_equal(atomic_file_open(&af, path), CSCAP_EIO);
	assert_contains(cscap_error_last(), path);
	assert_int_equal(count_entries(dir), 1);
	free(path);
	free(file);
	temp_dir_remove(dir);
}

/* ------------------------------------------------------------------ xml_read */

static void test_xml_read_good_document(void **state)
{
	char *dir = temp_dir_new("common");
	char *path = path_join(dir, "good.xml");
	const char *text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<r:root xmlns:r=\"urn:r\" a=\"1 &amp; 2\">\n"
			   "  <r:child>caf\xC3\xA9 &lt;ok&gt;</r:child>\n"
			   "</r:root>\n";
	xmlDocPtr doc = NULL;

	(void)state;
	write_text(path, text, strlen(text));
	cscap_error_clear();
	assert_int_equal(xml_read_file(&doc, path), 0);
	assert_non_null(doc);
	assert_int_equal(cscap_error_last_code(), CSCAP_OK);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	assert_string_equal((const char *)root->name, "root");
	assert_non_null(root->ns);
	assert_string_equal((const char *)root->ns->href, "urn:r");
	xmlChar *a = xmlGetProp(root, (const xmlChar *)"a");
	assert_string_equal((const char *)a, "1 & 2");
	xmlFree(a);
	xmlNodePtr child = xmlFirstElementChild(root);
	xmlChar *t = xmlNodeGetContent(child);
	assert_string_equal((const char *)t, "caf\xC3\xA9 <ok>");
	xmlFree(t);
	assert_int_equal(xmlGetLineNo(child), 3);
	xmlFreeDoc(doc);

	/* The same from memory. */
	doc = NULL;
	assert_int_equal(xml_read_memory(&doc, text, strlen(text), "mem.xml"), 0);
	assert_non_null(doc);
	assert_string_equal((const char *)doc->URL, "mem.xml");
	xmlFreeDoc(doc);
	free(path);
	temp_dir_remove(dir);
}

/* Parse text from a file named name; expect code and a message naming the file. */
static void expect_file_failure(const char *dir, const char *name, const char *text, size_t len,
				int code)
{
	char *path = path_join(dir, name);
	xmlDocPtr doc = (xmlDocPtr)(uintptr_t)1;

	write_text(path, text, len);
	cscap_error_clear();
	int rc = xml_read_file(&doc, path);
	if (rc != code)
		fail_msg("%s: expected %d, got %d (%s)", name, code, rc, cscap_error_last());
	assert_null(doc);
	assert_int_equal(cscap_error_last_code(), code);
	assert_contains(cscap_error_last(), path);
	assert_null(strchr(cscap_error_last(), '\n'));
	free(path);
}

static void test_xml_read_refuses_doctype(void **state)
{
	char *dir = temp_dir_new("common");

	(void)state;
	static const char plain[] = "<?xml version=\"1.0\"?>\n<!DOCTYPE r>\n<r/>\n";
	expect_file_failure(dir, "plain-doctype.xml", plain, strlen(plain), CSCAP_EREFUSED);
	assert_contains(cscap_error_last(), "DOCTYPE");

	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE r [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
		"<r>&xxe;</r>\n";
	expect_file_failure(dir, "xxe.xml", xxe, strlen(xxe), CSCAP_EREFUSED);
	/* Nothing of the local file may leak into the message. */
	assert_not_contains(cscap_error_last(), "root:");

	static const char external_dtd[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE r SYSTEM \"file:///etc/passwd\">\n<r/>\n";
	expect_file_failure(dir, "external-dtd.xml", external_dtd, strlen(external_dtd),
			    CSCAP_EREFUSED);

	static const char param[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE r [\n"
		"  <!ENTITY % file SYSTEM \"file:///etc/passwd\">\n"
		"  <!ENTITY % eval \"<!ENTITY &#x25; exfil SYSTEM 'http://127.0.0.1:9/?x=%file;'>\">\n"
		"  %eval;\n"
		"  %exfil;\n"
		"]>\n"
		"<r/>\n";
	expect_file_failure(dir, "param-entity.xml", param, strlen(param), CSCAP_EREFUSED);
	assert_not_contains(cscap_error_last(), "root:");

	static const char laughs[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE lolz [\n"
		" <!ENTITY lol \"lol\">\n"
		" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n"
		" <!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">\n"
		" <!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">\n"
		" <!ENTITY lol4 \"&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;\">\n"
		" <!ENTITY lol5 \"&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;\">\n"
		" <!ENTITY lol6 \"&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;\">\n"
		" <!ENTITY lol7 \"&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;\">\n"
		" <!ENTITY lol8 \"&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;\">\n"
		" <!ENTITY lol9 \"&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;\">\n"
		"]>\n"
		"<lolz>&lol9;</lolz>\n";
	expect_file_failure(dir, "laughs.xml", laughs, strlen(laughs), CSCAP_EREFUSED);

	/* From memory the message names the buffer's name. */
	xmlDocPtr doc = NULL;
	assert_int_equal(xml_read_memory(&doc, xxe, strlen(xxe), "content-under-test.xml"),
			 CSCAP_EREFUSED);
	assert_null(doc);
	assert_contains(cscap_error_last(), "content-under-test.xml");
	temp_dir_remove(dir);
}

static void test_xml_read_no_xinclude_processing(void **state)
{
	static const char text[] =
		"<r xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
		"<xi:include href=\"file:///etc/passwd\" parse=\"text\"/></r>";
	xmlDocPtr doc = NULL;

	(void)state;
	assert_int_equal(xml_read_memory(&doc, text, strlen(text), "xi.xml"), 0);
	xmlNodePtr inc = xmlFirstElementChild(xmlDocGetRootElement(doc));
	assert_non_null(inc);
	assert_string_equal((const char *)inc->name, "include"); /* left as it is */
	xmlChar *all = xmlNodeGetContent(xmlDocGetRootElement(doc));
	assert_string_equal((const char *)all, "");
	xmlFree(all);
	xmlFreeDoc(doc);
}

static void test_xml_read_malformed(void **state)
{
	char *dir = temp_dir_new("common");
	char *path = path_join(dir, "bad.xml");
	char *want = NULL;

	(void)state;
	/* The mismatch is on line 3. */
	static const char bad[] = "<root>\n  <a>\n  </b>\n</root>\n";
	expect_file_failure(dir, "bad.xml", bad, strlen(bad), CSCAP_EPARSE);
	assert_true(asprintf(&want, "%s:3:", path) > 0);
	assert_contains(cscap_error_last(), want);
	free(want);

	static const char unclosed[] = "<root>\n<a>\n";
	expect_file_failure(dir, "unclosed.xml", unclosed, strlen(unclosed), CSCAP_EPARSE);

	static const char undefined_entity[] = "<root>&nosuch;</root>";
	expect_file_failure(dir, "entity.xml", undefined_entity, strlen(undefined_entity),
			    CSCAP_EPARSE);

	static const char two_roots[] = "<a/>\n<b/>\n";
	expect_file_failure(dir, "two-roots.xml", two_roots, strlen(two_roots), CSCAP_EPARSE);

	static const char no_root[] = "<?xml version=\"1.0\"?>\n<!-- nothing -->\n";
	expect_file_failure(dir, "no-root.xml", no_root, strlen(no_root), CSCAP_EPARSE);

	static const char undeclared_prefix[] = "<x:root/>\n";
	expect_file_failure(dir, "prefix.xml", undeclared_prefix, strlen(undeclared_prefix),
			    CSCAP_EPARSE);

	/* From memory: "name:line:" too. */
	xmlDocPtr doc = NULL;
	assert_int_equal(xml_read_memory(&doc, bad, strlen(bad), "buffer.xml"), CSCAP_EPARSE);
	assert_null(doc);
	assert_contains(cscap_error_last(), "buffer.xml:3:");
	free(path);
	temp_dir_remove(dir);
}

static void test_xml_read_empty_and_missing(void **state)
{
	char *dir = temp_dir_new("common");
	char *missing = path_join(dir, "missing.xml");
	xmlDocPtr doc = (xmlDocPtr)(uintptr_t)1;

	(void)state;
	expect_file_failure(dir, "empty.xml", "", 0, CSCAP_EPARSE);
	assert_contains(cscap_error_last(), "empty");

	static const char blank[] = "   \n\n";
	expect_file_failure(dir, "blank.xml", blank, strlen(blank), CSCAP_EPARSE);

	cscap_error_clear();
	assert_int_equal(xml_read_file(&doc, missing), CSCAP_EIO);
	assert_null(doc);
	assert_contains(cscap_error_last(), missing);
	assert_contains(cscap_error_last(), "No such file or directory");

	/* A folder is not a document. */
	doc = (xmlDocPtr)(uintptr_t)1;
	assert_int_equal(xml_read_file(&doc, dir), CSCAP_EIO);
	assert_null(doc);
	assert_contains(cscap_error_last(), dir);

	/* An empty buffer. */
	doc = (xmlDocPtr)(uintptr_t)1;
	assert_int_equal(xml_read_memory(&doc, "", 0, "nothing.xml"), CSCAP_EPARSE);
	assert_null(doc);
	assert_contains(cscap_error_last(), "nothing.xml");
	free(missing);
	temp_dir_remove(dir);
}

static void test_xml_read_deep_nesting(void **state)
{
	const size_t depth = 100000;
	size_t len = depth * 3 + depth * 4;
	char *buf = malloc(len + 1);
	char *p = buf;
	xmlDocPtr doc = (xmlDocPtr)(uintptr_t)1;

	(void)state;
	assert_non_null(buf);
	for (size_t i = 0; i < depth; i++, p += 3)
		memcpy(p, "<a>", 3);
	for (size_t i = 0; i < depth; i++, p += 4)
		memcpy(p, "</a>", 4);
	*p = '\0';
	int rc = xml_read_memory(&doc, buf, len, "deep.xml");
	free(buf);
	assert_int_equal(rc, CSCAP_EPARSE);
	assert_null(doc);
	assert_contains(cscap_error_last(), "deep.xml:1:");
	assert_contains(cscap_error_last(), "depth");
}

static void test_xml_read_invalid_utf8(void **state)
{
	char *dir = temp_dir_new("common");
	xmlDocPtr doc = (xmlDocPtr)(uintptr_t)1;

	(void)state;
	static const char bad_seq[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>\xC3\x28</r>\n";
	expect_file_failure(dir, "utf8.xml", bad_seq, strlen(bad_seq), CSCAP_EPARSE);
	assert_contains(cscap_error_last(), ":2:");

	static const char lone[] = "<r a=\"\xFF\"/>";
	assert_int_equal(xml_read_memory(&doc, lone, strlen(lone), "lone.xml"), CSCAP_EPARSE);
	assert_null(doc);
	assert_contains(cscap_error_last(), "lone.xml");

	/* An overlong encoding of '/' is not UTF-8 either. */
	static const char overlong[] = "<r>\xC0\xAF</r>";
	doc = (xmlDocPtr)(uintptr_t)1;
	assert_int_equal(xml_read_memory(&doc, overlong, strlen(overlong), "overlong.xml"),
			 CSCAP_EPARSE);
	assert_null(doc);
	temp_dir_remove(dir);
}

/* A FIFO (or a device) named as content is refused at once, never waited on. */
static void test_xml_read_refuses_fifo(void **state)
{
	char *dir = temp_dir_new("common");
	char *fifo = path_join(dir, "oval.xml");
	xmlDocPtr doc = (xmlDocPtr)(uintptr_t)1;

	(void)state;
	assert_int_equal(mkfifo(fifo, 0600), 0);
	cscap_error_clear();
	assert_int_equal(xml_read_file(&doc, fifo), CSCAP_EIO);
	assert_null(doc);
	assert_contains(cscap_error_last(), fifo);
	assert_contains(cscap_error_last(), "FIFO");
	doc = (xmlDocPtr)(uintptr_t)1;
	assert_int_equal(xml_read_file_or_gzip(&doc, fifo), CSCAP_EIO);
	assert_null(doc);
	doc = (xmlDocPtr)(uintptr_t)1;
	assert_int_equal(xml_read_file(&doc, "/dev/null"), CSCAP_EIO);
	assert_null(doc);
	assert_contains(cscap_error_last(), "device");
	free(fifo);
	temp_dir_remove(dir);
}

/* An element with n attributes (a1="1" a2="1" ...), as a buffer. */
static char *many_attributes(size_t n, size_t *len)
{
	size_t cap = n * 16 + 64;
	char *buf = malloc(cap);
	size_t at = 0;

	assert_non_null(buf);
	at += (size_t)snprintf(buf, cap, "<r");
	for (size_t i = 0; i < n; i++)
		at += (size_t)snprintf(buf + at, cap - at, " a%zu='1'", i);
	at += (size_t)snprintf(buf + at, cap - at, "/>");
	*len = at;
	return buf;
}

/* libxml2 2.9 checks attribute names pairwise: the count is bounded before it gets there. */
static void test_xml_read_attribute_limit(void **state)
{
	xmlDocPtr doc = NULL;
	size_t len;
	char *buf;

	(void)state;
	buf = many_attributes(XML_READ_MAX_ATTRIBUTES, &len);
	if (xml_read_memory(&doc, buf, len, "fine.xml"))
		fail_msg("%d attributes: %s", XML_READ_MAX_ATTRIBUTES, cscap_error_last());
	xmlFreeDoc(doc);
	free(buf);
	buf = many_attributes(150000, &len);
	assert_int_equal(xml_read_memory(&doc, buf, len, "many.xml"), CSCAP_EREFUSED);
	assert_null(doc);
	assert_contains(cscap_error_last(), "many.xml:1:");
	assert_contains(cscap_error_last(), "attributes");
	free(buf);
	/* '=' in text, in values and in comments is no attribute. */
	static const char text[] = "<r a='=====' b=\"=>=\"><!-- = = --><![CDATA[ = ]]>= = =</r>";
	assert_int_equal(xml_read_memory(&doc, text, strlen(text), "eq.xml"), 0);
	xmlFreeDoc(doc);
}

/* A text node (or value, comment, CDATA section) over XML_READ_MAX_TEXT bytes is refused. */
static void test_xml_read_text_limit(void **state)
{
	size_t n = (size_t)XML_READ_MAX_TEXT + 1;
	char *buf = malloc(n + 16);
	xmlDocPtr doc = NULL;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, "<r>", 3);
	memset(buf + 3, 'x', n);
	memcpy(buf + 3 + n, "</r>", 4);
	assert_int_equal(xml_read_memory(&doc, buf, n + 7, "huge.xml"), CSCAP_EREFUSED);
	assert_null(doc);
	assert_contains(cscap_error_last(), "huge.xml");
	assert_contains(cscap_error_last(), "text");
	/* Just at the limit, split by markup, is fine. */
	memcpy(buf + 3 + n / 2, "<b/>", 4);
	if (xml_read_memory(&doc, buf, n + 7, "split.xml"))
		fail_msg("split text: %s", cscap_error_last());
	xmlFreeDoc(doc);
	free(buf);
}

static void test_xml_read_nul_byte(void **state)
{
	static const char text[] = "<r>a\0b</r>";
	xmlDocPtr doc = (xmlDocPtr)(uintptr_t)1;

	(void)state;
	assert_int_equal(xml_read_memory(&doc, text, sizeof(text) - 1, "nul.xml"), CSCAP_EPARSE);
	assert_null(doc);
}

/* ------------------------------------------------------------------ error */

static void test_error_last_and_clear(void **state)
{
	(void)state;
	cscap_error_clear();
	assert_string_equal(cscap_error_last(), "");
	assert_int_equal(cscap_error_last_code(), CSCAP_OK);

	assert_int_equal(cscap_err(CSCAP_ENOTFOUND, "profile %s missing (%d)", "p1", 7),
			 CSCAP_ENOTFOUND);
	assert_string_equal(cscap_error_last(), "profile p1 missing (7)");
	assert_int_equal(cscap_error_last_code(), CSCAP_ENOTFOUND);

	/* The last failure wins. */
	assert_int_equal(cscap_err(CSCAP_EIO, "second"), CSCAP_EIO);
	assert_string_equal(cscap_error_last(), "second");
	assert_int_equal(cscap_error_last_code(), CSCAP_EIO);

	assert_int_equal(cscap_err_oom(), CSCAP_ENOMEM);
	assert_int_equal(cscap_error_last_code(), CSCAP_ENOMEM);
	assert_string_equal(cscap_error_last(), "out of memory");

	cscap_error_clear();
	assert_string_equal(cscap_error_last(), "");
	assert_int_equal(cscap_error_last_code(), CSCAP_OK);
}

static void test_error_message_is_one_line(void **state)
{
	(void)state;
	cscap_err(CSCAP_EPARSE, "line one\nline two\r\nline three\n");
	assert_string_equal(cscap_error_last(), "line one line two  line three ");
	assert_null(strchr(cscap_error_last(), '\n'));
	assert_null(strchr(cscap_error_last(), '\r'));
	/* Newlines that come in through an argument are folded as well. */
	cscap_err(CSCAP_EPARSE, "libxml2 says: %s", "bad\nthing");
	assert_string_equal(cscap_error_last(), "libxml2 says: bad thing");
	cscap_error_clear();
}

static void test_error_long_message_truncated(void **state)
{
	char big[5000];

	(void)state;
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(cscap_err(CSCAP_EINVALID, "%s", big), CSCAP_EINVALID);
	size_t n = strlen(cscap_error_last());
	assert_true(n > 500);
	assert_true(n < sizeof(big) - 1);
	assert_int_equal(cscap_error_last()[0], 'm');
	assert_int_equal(cscap_error_last_code(), CSCAP_EINVALID);
	cscap_error_clear();
}

static void test_error_code_strings(void **state)
{
	static const int codes[] = {CSCAP_OK,       CSCAP_ENOMEM,   CSCAP_EIO,
				    CSCAP_EPARSE,   CSCAP_EINVALID, CSCAP_ENOTFOUND,
				    CSCAP_EUNSUPPORTED, CSCAP_EENGINE, CSCAP_EUSAGE,
				    CSCAP_EREFUSED};
	const size_t n = sizeof(codes) / sizeof(codes[0]);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		const char *s = cscap_code_str(codes[i]);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown error");
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(s, cscap_code_str(codes[k]));
	}
	assert_string_equal(cscap_code_str(CSCAP_ENOMEM), "out of memory");
	assert_string_equal(cscap_code_str(-100), "unknown error");
	assert_string_equal(cscap_code_str(1), "unknown error");
}

struct thread_view {
	char message[256];
	int code;
	char after_own[256];
	int after_own_code;
};

static void *other_thread(void *arg)
{
	struct thread_view *v = arg;

	snprintf(v->message, sizeof(v->message), "%s", cscap_error_last());
	v->code = cscap_error_last_code();
	cscap_err(CSCAP_EENGINE, "thread's own failure");
	snprintf(v->after_own, sizeof(v->after_own), "%s", cscap_error_last());
	v->after_own_code = cscap_error_last_code();
	return NULL;
}

static void test_error_per_thread(void **state)
{
	pthread_t t;
	struct thread_view v;

	(void)state;
	memset(&v, 0x55, sizeof(v));
	cscap_err(CSCAP_EIO, "main thread failure");
	assert_int_equal(pthread_create(&t, NULL, other_thread, &v), 0);
	assert_int_equal(pthread_join(t, NULL), 0);
	/* The other thread saw nothing of ours ... */
	assert_string_equal(v.message, "");
	assert_int_equal(v.code, CSCAP_OK);
	assert_string_equal(v.after_own, "thread's own failure");
	assert_int_equal(v.after_own_code, CSCAP_EENGINE);
	/* ... and its failure did not overwrite ours. */
	assert_string_equal(cscap_error_last(), "main thread failure");
	assert_int_equal(cscap_error_last_code(), CSCAP_EIO);
	cscap_error_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_objects_do_not_overlap),
		cmocka_unit_test(test_arena_zeroes_memory),
		cmocka_unit_test(test_arena_large_allocations),
		cmocka_unit_test(test_arena_overflow_is_refused),
		cmocka_unit_test(test_arena_strings),
		cmocka_unit_test(test_arena_release_and_reuse),
		cmocka_unit_test(test_atomic_commit_replaces),
		cmocka_unit_test(test_atomic_commit_creates_new_file),
		cmocka_unit_test(test_atomic_abort_keeps_old),
		cmocka_unit_test(test_atomic_open_missing_folder),
		cmocka_unit_test(test_atomic_open_on_a_file_as_folder),
		cmocka_unit_test(test_xml_read_good_document),
		cmocka_unit_test(test_xml_read_refuses_doctype),
		cmocka_unit_test(test_xml_read_no_xinclude_processing),
		cmocka_unit_test(test_xml_read_malformed),
		cmocka_unit_test(test_xml_read_empty_and_missing),
		cmocka_unit_test(test_xml_read_deep_nesting),
		cmocka_unit_test(test_xml_read_invalid_utf8),
		cmocka_unit_test(test_xml_read_nul_byte),
		cmocka_unit_test(test_xml_read_refuses_fifo),
		cmocka_unit_test(test_xml_read_attribute_limit),
		cmocka_unit_test(test_xml_read_text_limit),
		cmocka_unit_test(test_error_last_and_clear),
		cmocka_unit_test(test_error_message_is_one_line),
		cmocka_unit_test(test_error_long_message_truncated),
		cmocka_unit_test(test_error_code_strings),
		cmocka_unit_test(test_error_per_thread),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	return failed;
}
