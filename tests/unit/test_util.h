/*
 * What the cmocka unit tests share.  Include after <cmocka.h>.
 */
#ifndef CSCAP_TEST_UTIL_H
#define CSCAP_TEST_UTIL_H

#include <string.h>

/* Fail unless haystack (a string, may be NULL) contains needle. */
#define assert_contains(haystack, needle)                                                   \
	do {                                                                                \
		const char *h_ = (haystack), *n_ = (needle);                                \
		if (!h_ || !strstr(h_, n_))                                                 \
			fail_msg("expected \"%s\" to contain \"%s\"", h_ ? h_ : "(null)", n_); \
	} while (0)

#endif
