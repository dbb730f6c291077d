/*
 * Fetching a remote component (--fetch-remote-resources): the only place the
 * loader opens a network connection, and only when asked.  http:// and
 * https:// only, over libcurl, with TLS verification on, bounded redirects,
 * timeouts and size caps; bzip2 and gzip bodies (told by their magic bytes)
 * are decompressed under a cap of their own.
 */
#ifndef CSCAP_LOADER_FETCH_H
#define CSCAP_LOADER_FETCH_H

#include <stddef.h>

#define FETCH_MAX_DOWNLOAD ((size_t)64 << 20)  /* bytes on the wire */
#define FETCH_MAX_SIZE ((size_t)256 << 20)     /* bytes once decompressed */
#define FETCH_TIMEOUT_MS 300000L               /* a whole transfer: a vendor feed is tens of MB */
#define FETCH_MAX_REDIRS 5L

struct fetch_limits {
	long connect_timeout_ms; /* 0: 5000 */
	long timeout_ms;         /* the whole transfer; 0: FETCH_TIMEOUT_MS */
	size_t max_download;     /* 0: FETCH_MAX_DOWNLOAD */
	size_t max_size;         /* 0: FETCH_MAX_SIZE */
};

/*
 * GET url (http:// or https://; anything else is refused before libcurl sees
 * it) and return the body, decompressed when it is bzip2 or gzip.  lim may be
 * NULL (the defaults).  On success *out (malloc, the caller frees it) holds
 * *out_len bytes; on failure *out is NULL and the message names url.
 */
int fetch_url(char **out, size_t *out_len, const char *url, const struct fetch_limits *lim);

/*
 * The decompression step alone: len bytes at buf, bzip2 or gzip by their
 * magic bytes, else taken as they are; at most max_size bytes out (0: no
 * bytes at all are allowed, so pass a real cap).  *out as for fetch_url();
 * name (the URL) is used in messages.
 */
int fetch_decompress(char **out, size_t *out_len, const char *buf, size_t len, size_t max_size,
		     const char *name);

#endif
