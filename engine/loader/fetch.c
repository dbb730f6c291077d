/* Fetch a remote component: libcurl, caps and timeouts, then bzip2/gzip. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <bzlib.h>
#include <curl/curl.h>
#include <zlib.h>

#include "cscap/cscap.h"
#include "common/error_internal.h"
#include "loader/fetch.h"

/* A growing buffer that refuses to hold more than max bytes. */
struct fetch_buf {
	char *data; /* owned */
	size_t len, cap, max;
	int too_large, oom;
};

/* Room for want more bytes: 0; past max, CSCAP_EREFUSED with too_large set (the
 * caller says so, naming the URL); out of memory, CSCAP_ENOMEM with oom set. */
static int buf_room(struct fetch_buf *b, size_t want)
{
	if (want > b->max || b->len > b->max - want) {
		b->too_large = 1;
		return CSCAP_EREFUSED;
	}
	if (b->cap - b->len >= want)
		return 0;
	size_t cap = b->cap ? b->cap : (size_t)1 << 16;
	while (cap - b->len < want)
		cap = cap > b->max / 2 ? b->max : cap * 2;
	char *grown = realloc(b->data, cap);
	if (!grown) {
		b->oom = 1;
		return cscap_err_oom();
	}
	b->data = grown;
	b->cap = cap;
	return 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ctx)
{
	struct fetch_buf *b = ctx;
	size_t n = size * nmemb;

	if (n && buf_room(b, n))
		return 0; /* libcurl stops with CURLE_WRITE_ERROR */
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	return n;
}

static int is_http_url(const char *url)
{
	return strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0;
}

/* bzip2 (possibly several concatenated streams, as pbzip2 writes) into out. */
static int inflate_bzip2(struct fetch_buf *out, const char *buf, size_t len, const char *name)
{
	bz_stream bz;
	int rc = 0, brc = BZ_OK;

	memset(&bz, 0, sizeof(bz));
	bz.next_in = (char *)buf;
	bz.avail_in = (unsigned)len; /* fetch_decompress refuses more than UINT_MAX */
	if (BZ2_bzDecompressInit(&bz, 0, 0) != BZ_OK)
		return cscap_err_oom();
	while (rc == 0) {
		if ((rc = buf_room(out, 1)))
			break;
		bz.next_out = out->data + out->len;
		bz.avail_out = (unsigned)(out->cap - out->len > 1u << 30 ? 1u << 30 : out->cap - out->len);
		unsigned before = bz.avail_out;
		brc = BZ2_bzDecompress(&bz);
		out->len += before - bz.avail_out;
		if (brc == BZ_STREAM_END && bz.avail_in == 0)
			break;
		if (brc == BZ_STREAM_END) { /* another stream follows */
			BZ2_bzDecompressEnd(&bz);
			char *next = bz.next_in;
			unsigned left = bz.avail_in;
			memset(&bz, 0, sizeof(bz));
			bz.next_in = next;
			bz.avail_in = left;
			if (BZ2_bzDecompressInit(&bz, 0, 0) != BZ_OK)
				return cscap_err_oom();
		} else if (brc != BZ_OK || (bz.avail_in == 0 && bz.avail_out == before)) {
			rc = cscap_err(CSCAP_EPARSE, "%s: not valid bzip2 data (%s)", name,
				       brc == BZ_OK ? "cut short" : "damaged");
		}
	}
	BZ2_bzDecompressEnd(&bz);
	return rc;
}

/* gzip (possibly several members) into out. */
static int inflate_gzip(struct fetch_buf *out, const char *buf, size_t len, const char *name)
{
	z_stream z;
	int rc = 0, zrc;

	memset(&z, 0, sizeof(z));
	z.next_in = (Bytef *)buf;
	z.avail_in = (uInt)len; /* likewise */
	if (inflateInit2(&z, 15 + 16) != Z_OK)
		return cscap_err_oom();
	while (rc == 0) {
		if ((rc = buf_room(out, 1)))
			break;
		z.next_out = (Bytef *)out->data + out->len;
		z.avail_out = (uInt)(out->cap - out->len > 1u << 30 ? 1u << 30 : out->cap - out->len);
		uInt before = z.avail_out;
		zrc = inflate(&z, Z_NO_FLUSH);
		out->len += before - z.avail_out;
		if (zrc == Z_STREAM_END && z.avail_in == 0)
			break;
		if (zrc == Z_STREAM_END)
			zrc = inflateReset(&z); /* another member follows */
		else if (zrc == Z_BUF_ERROR && z.avail_in == 0)
			rc = cscap_err(CSCAP_EPARSE, "%s: not valid gzip data (cut short)", name);
		if (rc == 0 && zrc != Z_OK && zrc != Z_BUF_ERROR)
			rc = cscap_err(CSCAP_EPARSE, "%s: not valid gzip data (%s)", name, z.msg ? z.msg : "damaged");
	}
	inflateEnd(&z);
	return rc;
}

int fetch_decompress(char **out, size_t *out_len, const char *buf, size_t len, size_t max_size,
		     const char *name)
{
	/* One byte of room past the cap: output of exactly max_size bytes is fine,
	 * and only a byte more (not a full buffer) says "too large". */
	struct fetch_buf b = {.max = max_size < SIZE_MAX ? max_size + 1 : max_size};
	const unsigned char *m = (const unsigned char *)buf;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (len > UINT_MAX)
		rc = cscap_err(CSCAP_EREFUSED, "%s: refused: %zu bytes is too much", name, len);
	else if (len >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h')
		rc = inflate_bzip2(&b, buf, len, name);
	else if (len >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		rc = inflate_gzip(&b, buf, len, name);
	else if ((rc = buf_room(&b, len ? len : 1)) == 0) {
		memcpy(b.data, buf, len);
		b.len = len;
	}
	if (b.oom)
		rc = CSCAP_ENOMEM;
	else if (b.too_large || b.len > max_size)
		rc = cscap_err(CSCAP_EREFUSED, "%s: refused: more than %zu bytes once decompressed", name, max_size);
	if (rc == 0 && b.len == 0)
		rc = cscap_err(CSCAP_EPARSE, "%s: empty body", name);
	if (rc) {
		free(b.data);
		return rc;
	}
	*out = b.data;
	*out_len = b.len;
	return 0;
}

/* The transfer's settings: every one that bounds what a server can make us do. */
static int fetch_setup(CURL *h, const char *url, const struct fetch_limits *lim, struct fetch_buf *body,
		       char *errbuf)
{
	return curl_easy_setopt(h, CURLOPT_URL, url) ||
	       curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") ||
	       curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") ||
	       curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L) ||
	       curl_easy_setopt(h, CURLOPT_MAXREDIRS, FETCH_MAX_REDIRS) ||
	       curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) ||
	       curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) ||
	       curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, lim->connect_timeout_ms) ||
	       curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, lim->timeout_ms) ||
	       curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_download) ||
	       curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) ||
	       curl_easy_setopt(h, CURLOPT_USERAGENT, "cscap/" CSCAP_VERSION) ||
	       curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) ||
	       curl_easy_setopt(h, CURLOPT_WRITEDATA, body) ||
	       curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
}

/* One GET of url into body (raw bytes, at most lim->max_download). */
static int fetch_body(struct fetch_buf *body, const char *url, const struct fetch_limits *lim)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	int rc = 0;
	CURL *h = curl_easy_init();

	if (!h)
		return cscap_err_oom();
	if (fetch_setup(h, url, lim, body, errbuf)) {
		rc = cscap_err(CSCAP_EUNSUPPORTED, "%s: libcurl refused the transfer settings", url);
		goto out;
	}
	CURLcode cc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	if (body->oom)
		rc = CSCAP_ENOMEM;
	else if (body->too_large || cc == CURLE_FILESIZE_EXCEEDED)
		rc = cscap_err(CSCAP_EREFUSED, "%s: refused: more than %zu bytes to download", url,
			       lim->max_download);
	else if (cc != CURLE_OK)
		rc = cscap_err(CSCAP_EIO, "%s: cannot fetch: %s", url, errbuf[0] ? errbuf : curl_easy_strerror(cc));
	else if (status != 200)
		rc = cscap_err(CSCAP_EIO, "%s: cannot fetch: HTTP status %ld", url, status);
out:
	curl_easy_cleanup(h);
	return rc;
}

int fetch_url(char **out, size_t *out_len, const char *url, const struct fetch_limits *lim)
{
	struct fetch_limits l = lim ? *lim : (struct fetch_limits){0};
	int rc;

	*out = NULL;
	*out_len = 0;
	if (!url || !is_http_url(url))
		return cscap_err(CSCAP_EREFUSED, "%s: refused: only http:// and https:// resources are fetched",
				 url ? url : "(no URL)");
	if (!l.connect_timeout_ms)
		l.connect_timeout_ms = 5000;
	if (!l.timeout_ms)
		l.timeout_ms = FETCH_TIMEOUT_MS;
	if (!l.max_download)
		l.max_download = FETCH_MAX_DOWNLOAD;
	if (!l.max_size)
		l.max_size = FETCH_MAX_SIZE;
	struct fetch_buf body = {.max = l.max_download};
	if ((rc = fetch_body(&body, url, &l)) == 0)
		rc = fetch_decompress(out, out_len, body.data, body.len, l.max_size, url);
	free(body.data);
	return rc;
}
