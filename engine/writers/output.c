/*
 * Where the writers' bytes go: a file written atomically (gzip-compressed
 * when its name ends in ".gz"), or memory (for the HTML report, which is
 * made from results that never touch the disk).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "common/atomic_file.h"
#include "common/error_internal.h"
#include "writers/writers.h"

void oval_report_id(char out[32], size_t i)
{
	snprintf(out, 32, "oval%zu", i);
}

bool output_is_gzip(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && strcmp(path + n - 3, ".gz") == 0;
}

/* One destination: a descriptor (optionally through zlib) or a growing buffer. */
struct byte_sink {
	int fd;          /* -1: memory */
	bool gzip;
	z_stream z;
	char *mem;       /* owned until handed out */
	size_t len, cap;
};

static int fd_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? errno : EIO;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int mem_append(struct byte_sink *s, const char *buf, size_t len)
{
	if (len > SIZE_MAX - s->len - 1)
		return ENOMEM;
	if (s->len + len + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 65536;
		while (cap < s->len + len + 1)
			cap = cap > SIZE_MAX / 2 ? s->len + len + 1 : cap * 2;
		char *grown = realloc(s->mem, cap);
		if (!grown)
			return ENOMEM;
		s->mem = grown;
		s->cap = cap;
	}
	memcpy(s->mem + s->len, buf, len);
	s->len += len;
	s->mem[s->len] = '\0';
	return 0;
}

/* Run the deflate stream over input (flush: Z_NO_FLUSH or Z_FINISH) and write what it makes. */
static int gz_pump(struct byte_sink *s, const char *buf, size_t len, int flush)
{
	unsigned char out[65536];
	int zr;

	s->z.next_in = (Bytef *)(uintptr_t)buf;
	s->z.avail_in = (uInt)len;
	do {
		s->z.next_out = out;
		s->z.avail_out = sizeof(out);
		zr = deflate(&s->z, flush);
		if (zr == Z_STREAM_ERROR)
			return EIO;
		size_t have = sizeof(out) - s->z.avail_out;
		int err = have ? fd_write_all(s->fd, (const char *)out, have) : 0;
		if (err)
			return err;
	} while (s->z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
	return 0;
}

static int sink_write(void *ctx, const char *buf, size_t len)
{
	struct byte_sink *s = ctx;

	if (s->fd < 0)
		return mem_append(s, buf, len);
	if (!s->gzip)
		return fd_write_all(s->fd, buf, len);
	/* zlib takes at most UINT_MAX bytes at a time. */
	while (len) {
		size_t chunk = len > (1u << 30) ? (1u << 30) : len;
		int err = gz_pump(s, buf, chunk, Z_NO_FLUSH);
		if (err)
			return err;
		buf += chunk;
		len -= chunk;
	}
	return 0;
}

/*
 * A gzip stream whose header carries no name and no time (zlib's default
 * header: mtime 0), so the same results compress to the same bytes.
 */
static int sink_open_file(struct byte_sink *s, int fd, const char *path)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->gzip = output_is_gzip(path);
	if (s->gzip && deflateInit2(&s->z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return cscap_err_oom();
	return 0;
}

static int sink_finish(struct byte_sink *s, const char *path)
{
	int err = 0;

	if (s->gzip) {
		err = gz_pump(s, NULL, 0, Z_FINISH);
		deflateEnd(&s->z);
		s->gzip = false;
	}
	if (err)
		return cscap_err(CSCAP_EIO, "%s: cannot write: %s", path, strerror(err));
	return 0;
}

static void sink_discard(struct byte_sink *s)
{
	if (s->gzip)
		deflateEnd(&s->z);
	s->gzip = false;
	free(s->mem);
	s->mem = NULL;
}

int write_file_atomically(const char *path, void (*body)(struct xmlw *x, const void *arg),
			  const void *arg)
{
	struct atomic_file af;
	struct byte_sink sink;
	struct xmlw x;
	int rc;

	if ((rc = atomic_file_open(&af, path)))
		return rc;
	if ((rc = sink_open_file(&sink, af.fd, path))) {
		atomic_file_abort(&af);
		return rc;
	}
	if ((rc = xmlw_open_sink(&x, sink_write, &sink, path)))
		goto fail;
	body(&x, arg);
	if ((rc = xmlw_close(&x)) || (rc = sink_finish(&sink, path)))
		goto fail;
	return atomic_file_commit(&af);
fail:
	sink_discard(&sink);
	atomic_file_abort(&af);
	return rc;
}

int write_bytes_atomically(const char *path, const char *buf, size_t len)
{
	struct atomic_file af;
	struct byte_sink sink;
	int rc, err;

	if ((rc = atomic_file_open(&af, path)))
		return rc;
	if ((rc = sink_open_file(&sink, af.fd, path))) {
		atomic_file_abort(&af);
		return rc;
	}
	if ((err = sink_write(&sink, buf, len))) {
		rc = cscap_err(CSCAP_EIO, "%s: cannot write: %s", path, strerror(err));
		goto fail;
	}
	if ((rc = sink_finish(&sink, path)))
		goto fail;
	return atomic_file_commit(&af);
fail:
	sink_discard(&sink);
	atomic_file_abort(&af);
	return rc;
}

int write_to_memory(char **out, size_t *out_len, const char *name,
		    void (*body)(struct xmlw *x, const void *arg), const void *arg)
{
	struct byte_sink sink;
	struct xmlw x;
	int rc;

	*out = NULL;
	*out_len = 0;
	memset(&sink, 0, sizeof(sink));
	sink.fd = -1;
	if ((rc = xmlw_open_sink(&x, sink_write, &sink, name)))
		return rc;
	body(&x, arg);
	if ((rc = xmlw_close(&x))) {
		sink_discard(&sink);
		return rc;
	}
	if (!sink.mem && mem_append(&sink, "", 0)) {
		sink_discard(&sink);
		return cscap_err_oom();
	}
	*out = sink.mem;
	*out_len = sink.len;
	return 0;
}
