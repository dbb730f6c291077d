/*
 * What the cmocka unit tests share.  Include after <cmocka.h>.
 */
#ifndef CSCAP_TEST_UTIL_H
#define CSCAP_TEST_UTIL_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Fail unless haystack (a string, may be NULL) contains needle. */
#define assert_contains(haystack, needle)                                                   \
	do {                                                                                \
		const char *h_ = (haystack), *n_ = (needle);                                \
		if (!h_ || !strstr(h_, n_))                                                 \
			fail_msg("expected \"%s\" to contain \"%s\"", h_ ? h_ : "(null)", n_); \
	} while (0)

/* ---- scratch folders (static inline: a test that uses none is not warned) */

static inline int test_remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove path and everything below it, links not followed. */
static inline void rm_tree(const char *path)
{
	nftw(path, test_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh private folder $TMPDIR/cscap-<what>-XXXXXX ($TMPDIR: /tmp when
 * unset), or NULL; the caller frees it with temp_dir_remove. */
static inline char *temp_dir_new(const char *what)
{
	const char *base = getenv("TMPDIR");
	char *path;

	if (asprintf(&path, "%s/cscap-%s-XXXXXX", base && *base ? base : "/tmp", what) < 0)
		return NULL;
	if (!mkdtemp(path)) {
		free(path);
		return NULL;
	}
	return path;
}

/* Remove the folder with its contents, and free path (NULL is fine). */
static inline void temp_dir_remove(char *path)
{
	if (path)
		rm_tree(path);
	free(path);
}

#endif
