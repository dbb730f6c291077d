/*
 * Unit tests of engine/loader/fetch.c: decompression by magic bytes under a
 * size cap, and fetch_url's refusals and caps against a one-shot HTTP server
 * on 127.0.0.1 (a thread of this test: no Internet).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bzlib.h>
#include <curl/curl.h>
#include <zlib.h>

#include "cscap/error.h"
#include "loader/fetch.h"

#include "test_util.h"

/* ------------------------------------------------------------------ helpers */

/* n bytes of XML-ish text (compressible, so caps are reached cheaply). */
static char *text(size_t n)
{
	char *p = malloc(n);
	assert_non_null(p);
	for (size_t i = 0; i < n; i++)
		p[i] = "<a>text</a>\n"[i % 12];
	return p;
}

/* bzip2 of in; *out_len set; malloc'd. */
static char *bz2(const char *in, size_t len, size_t *out_len)
{
	unsigned cap = (unsigned)(len + len / 100 + 600);
	char *out = malloc(cap);
	assert_non_null(out);
	assert_int_equal(BZ2_bzBuffToBuffCompress(out, &cap, (char *)in, (unsigned)len, 9, 0, 0), BZ_OK);
	*out_len = cap;
	return out;
}

/* gzip of in; *out_len set; malloc'd. */
static char *gz(const char *in, size_t len, size_t *out_len)
{
	z_stream z;
	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = malloc(cap);
	assert_non_null(out);
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

/* ------------------------------------------------------------ decompression */

static void test_plain_is_copied(void **state)
{
	(void)state;
	char *out;
	size_t len;
	assert_int_equal(fetch_decompress(&out, &len, "<x/>", 4, 100, "u"), 0);
	assert_int_equal(len, 4);
	assert_memory_equal(out, "<x/>", 4);
	free(out);
	assert_int_equal(fetch_decompress(&out, &len, "<x/>", 4, 3, "u"), CSCAP_EREFUSED);
	assert_null(out);
	assert_int_equal(fetch_decompress(&out, &len, "", 0, 3, "u"), CSCAP_EPARSE);
}

static void test_bzip2_and_gzip_by_magic(void **state)
{
	(void)state;
	size_t n = 100000, len;
	char *in = text(n), *out;
	char *packed[2];
	size_t packed_len[2];

	packed[0] = bz2(in, n, &packed_len[0]);
	packed[1] = gz(in, n, &packed_len[1]);
	for (int k = 0; k < 2; k++) {
		assert_int_equal(fetch_decompress(&out, &len, packed[k], packed_len[k], n, "u"), 0);
		assert_int_equal(len, n);
		assert_memory_equal(out, in, n);
		free(out);
		/* One byte under the size: refused, naming the cap. */
		assert_int_equal(fetch_decompress(&out, &len, packed[k], packed_len[k], n - 1, "http://x/y"),
				 CSCAP_EREFUSED);
		assert_null(out);
		assert_contains(cscap_error_last(), "http://x/y: refused: more than");
		free(packed[k]);
	}
	free(in);
}

/* A bomb: 64 MiB of zeros compress to a few KiB; a 1 MiB cap stops them early. */
static void test_bomb_stops_at_the_cap(void **state)
{
	(void)state;
	size_t n = (size_t)64 << 20, plen, len;
	char *zeros = calloc(1, n), *out;
	assert_non_null(zeros);
	char *packed = gz(zeros, n, &plen);
	free(zeros);
	assert_true(plen < n / 100);
	assert_int_equal(fetch_decompress(&out, &len, packed, plen, (size_t)1 << 20, "u"), CSCAP_EREFUSED);
	assert_null(out);
	free(packed);
}

static void test_damaged_and_cut_short(void **state)
{
	(void)state;
	size_t n = 50000, plen, len;
	char *in = text(n), *out;
	char *b = bz2(in, n, &plen);

	assert_int_equal(fetch_decompress(&out, &len, b, plen / 2, n, "u"), CSCAP_EPARSE);
	assert_contains(cscap_error_last(), "bzip2");
	/* A damaged block may inflate to anything before its CRC is checked: room for that. */
	b[plen / 2] ^= 0x55;
	assert_int_equal(fetch_decompress(&out, &len, b, plen, 4 * n, "u"), CSCAP_EPARSE);
	free(b);

	char *g = gz(in, n, &plen);
	assert_int_equal(fetch_decompress(&out, &len, g, plen - 10, n, "u"), CSCAP_EPARSE);
	assert_contains(cscap_error_last(), "gzip");
	/* Trailing bytes that are no gzip member. */
	char *t = malloc(plen + 4);
	assert_non_null(t);
	memcpy(t, g, plen);
	memcpy(t + plen, "junk", 4);
	assert_int_equal(fetch_decompress(&out, &len, t, plen + 4, n, "u"), CSCAP_EPARSE);
	free(t);
	free(g);
	free(in);
}

/* pbzip2 and `cat a.gz b.gz` write several streams: all of them count. */
static void test_concatenated_streams(void **state)
{
	(void)state;
	size_t alen, blen, len;
	for (int k = 0; k < 2; k++) {
		char *a = k ? gz("<a>", 3, &alen) : bz2("<a>", 3, &alen);
		char *b = k ? gz("</a>", 4, &blen) : bz2("</a>", 4, &blen);
		char *both = malloc(alen + blen), *out;
		assert_non_null(both);
		memcpy(both, a, alen);
		memcpy(both + alen, b, blen);
		assert_int_equal(fetch_decompress(&out, &len, both, alen + blen, 100, "u"), 0);
		assert_int_equal(len, 7);
		assert_memory_equal(out, "<a></a>", 7);
		free(out);
		free(both);
		free(a);
		free(b);
	}
}

/* ------------------------------------------------------------ fetch_url */

static void test_only_http_and_https(void **state)
{
	(void)state;
	static const char *const refused[] = {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/",
					      "/etc/passwd", "dict://127.0.0.1:1/", "scp://h/x", ""};
	char *out;
	size_t len;

	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(fetch_url(&out, &len, refused[i], NULL), CSCAP_EREFUSED);
		assert_null(out);
		assert_contains(cscap_error_last(), "only http:// and https://");
	}
	assert_int_equal(fetch_url(&out, &len, NULL, NULL), CSCAP_EREFUSED);
}

/* A one-shot server: answers one request with its canned response, then closes. */
struct server {
	int fd;
	int port;
	const char *head;  /* status line and headers, up to the blank line */
	size_t body_len;   /* that many bytes of text follow */
	char request[2048];
	pthread_t thread;
};

static void *serve(void *arg)
{
	struct server *s = arg;
	int c = accept(s->fd, NULL, NULL);
	if (c < 0)
		return NULL;
	ssize_t n = recv(c, s->request, sizeof(s->request) - 1, 0);
	s->request[n > 0 ? n : 0] = '\0';
	if (send(c, s->head, strlen(s->head), MSG_NOSIGNAL) >= 0 && s->body_len) {
		char *body = text(s->body_len);
		size_t off = 0;
		while (off < s->body_len) {
			ssize_t w = send(c, body + off, s->body_len - off, MSG_NOSIGNAL);
			if (w <= 0)
				break;
			off += (size_t)w;
		}
		free(body);
	}
	close(c);
	return NULL;
}

static void server_start(struct server *s, const char *head, size_t body_len)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t alen = sizeof(a);

	s->head = head;
	s->body_len = body_len;
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(s->fd >= 0);
	assert_int_equal(bind(s->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(s->fd, 1), 0);
	assert_int_equal(getsockname(s->fd, (struct sockaddr *)&a, &alen), 0);
	s->port = ntohs(a.sin_port);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void server_stop(struct server *s)
{
	pthread_join(s->thread, NULL);
	close(s->fd);
}

static int fetch_from(struct server *s, const char *path, const struct fetch_limits *lim, char **out,
		      size_t *len)
{
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", s->port, path);
	return fetch_url(out, len, url, lim);
}

static void test_fetch_ok_with_user_agent(void **state)
{
	(void)state;
	struct server s;
	char *out;
	size_t len;

	server_start(&s, "HTTP/1.0 200 OK\r\nContent-Length: 1200\r\n\r\n", 1200);
	assert_int_equal(fetch_from(&s, "/oval.xml", NULL, &out, &len), 0);
	server_stop(&s);
	assert_int_equal(len, 1200);
	free(out);
	assert_contains(s.request, "GET /oval.xml HTTP/1.1");
	assert_contains(s.request, "User-Agent: cscap/");
}

static void test_fetch_status_not_200(void **state)
{
	(void)state;
	struct server s;
	char *out;
	size_t len;

	server_start(&s, "HTTP/1.0 204 No Content\r\n\r\n", 0);
	assert_int_equal(fetch_from(&s, "/x", NULL, &out, &len), CSCAP_EIO);
	server_stop(&s);
	assert_null(out);
	assert_contains(cscap_error_last(), "HTTP status 204");
}

/* The download cap holds with a Content-Length (refused up front) and without
 * one (the body is cut off as it arrives). */
static void test_fetch_download_cap(void **state)
{
	(void)state;
	struct fetch_limits lim = {.max_download = 4096};
	static const char *const heads[] = {"HTTP/1.0 200 OK\r\nContent-Length: 100000\r\n\r\n",
					    "HTTP/1.0 200 OK\r\nConnection: close\r\n\r\n"};
	struct server s;
	char *out;
	size_t len;

	for (int k = 0; k < 2; k++) {
		server_start(&s, heads[k], 100000);
		assert_int_equal(fetch_from(&s, "/big", &lim, &out, &len), CSCAP_EREFUSED);
		server_stop(&s);
		assert_null(out);
		assert_contains(cscap_error_last(), "more than 4096 bytes to download");
	}
}

/* A redirect may only lead to http or https: never to a local file. */
static void test_fetch_redirect_to_file_refused(void **state)
{
	(void)state;
	struct server s;
	char *out;
	size_t len;

	server_start(&s, "HTTP/1.0 302 Found\r\nLocation: file:///etc/passwd\r\nContent-Length: 0\r\n\r\n", 0);
	assert_int_equal(fetch_from(&s, "/r", NULL, &out, &len), CSCAP_EIO);
	server_stop(&s);
	assert_null(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_is_copied),
		cmocka_unit_test(test_bzip2_and_gzip_by_magic),
		cmocka_unit_test(test_bomb_stops_at_the_cap),
		cmocka_unit_test(test_damaged_and_cut_short),
		cmocka_unit_test(test_concatenated_streams),
		cmocka_unit_test(test_only_http_and_https),
		cmocka_unit_test(test_fetch_ok_with_user_agent),
		cmocka_unit_test(test_fetch_status_not_200),
		cmocka_unit_test(test_fetch_download_cap),
		cmocka_unit_test(test_fetch_redirect_to_file_refused),
	};
	curl_global_init(CURL_GLOBAL_DEFAULT);
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
