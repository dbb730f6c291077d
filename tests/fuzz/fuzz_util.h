/*
 * Helpers shared by the fuzz targets (tests/fuzz/fuzz_*.c): a private work
 * folder per process, files written and trees removed inside it, and the
 * one oracle every writer must satisfy: what cscap writes parses again.
 *
 * Everything here is static: each target is one translation unit, built
 * with clang and libFuzzer (make fuzz) or with the normal compiler and
 * tests/fuzz/replay_main.c (make fuzz-replay), which replays a corpus.
 */
#ifndef CSCAP_FUZZ_UTIL_H
#define CSCAP_FUZZ_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cscap/error.h"
#include "common/xml_read.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A finding: say what and stop, so libFuzzer (or the replay) reports the input. */
static inline void fuzz_fail(const char *what, const char *detail)
{
	fprintf(stderr, "FUZZ FINDING: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static inline void fuzz_rm_tree(const char *path);
static char fuzz_dir[256];

static inline void fuzz_workdir_remove(void)
{
	if (fuzz_dir[0])
		fuzz_rm_tree(fuzz_dir);
}

/* The process's work folder, made once and removed at exit (kept after a
 * finding): /dev/shm when it exists (no disk I/O), else $TMPDIR. */
static inline const char *fuzz_workdir(void)
{
	char *dir = fuzz_dir;
	const char *base;
	struct stat sb;

	if (dir[0])
		return dir;
	base = getenv("CSCAP_FUZZ_TMP");
	if (!base || !*base)
		base = stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) && access("/dev/shm", W_OK) == 0
			       ? "/dev/shm"
			       : getenv("TMPDIR");
	if (!base || !*base)
		base = "/tmp";
	snprintf(dir, sizeof(fuzz_dir), "%s/cscap-fuzz.XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror(dir);
		abort();
	}
	atexit(fuzz_workdir_remove);
	return dir;
}

static inline int fuzz_rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	/* A folder the fuzzer made unreadable still has to go. */
	if (flag == FTW_DNR)
		chmod(path, 0700);
	return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

/* Remove path and everything below it; symbolic links are removed, never followed. */
static inline void fuzz_rm_tree(const char *path)
{
	nftw(path, fuzz_rm_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

static inline int fuzz_write_file(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(fd);
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return close(fd);
}

/* An anonymous file for writers that want a descriptor. */
static inline int fuzz_memfd(const char *name)
{
	int fd = memfd_create(name, MFD_CLOEXEC);

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	return fd;
}

/* The oracle for output: the XML written to fd parses with cscap's own
 * reader (well-formed, namespace-well-formed, valid UTF-8). */
static inline void fuzz_check_xml_fd(int fd, const char *what)
{
	struct stat sb;
	xmlDocPtr doc;

	if (fstat(fd, &sb) != 0 || sb.st_size <= 0)
		fuzz_fail(what, "nothing was written");
	char *buf = malloc((size_t)sb.st_size);
	if (!buf)
		abort();
	if (pread(fd, buf, (size_t)sb.st_size, 0) != sb.st_size)
		fuzz_fail(what, "cannot read the output back");
	if (xml_read_memory(&doc, buf, (size_t)sb.st_size, what) != 0) {
		/* Keep the broken output for whoever looks at the finding. */
		char keep[512];
		snprintf(keep, sizeof(keep), "%s/broken-output.xml", fuzz_workdir());
		fuzz_write_file(keep, buf, (size_t)sb.st_size);
		fprintf(stderr, "output kept in %s\n", keep);
		fuzz_fail("output is not well-formed XML", cscap_error_last());
	}
	xmlFreeDoc(doc);
	free(buf);
}

/* The same for a file. */
static inline void fuzz_check_xml_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fuzz_fail("result file missing after a successful write", path);
	fuzz_check_xml_fd(fd, path);
	close(fd);
}

#endif
