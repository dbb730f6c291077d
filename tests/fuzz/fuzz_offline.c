/*
 * Fuzz target: the offline view (engine/probes/container/disk_view.c).
 *
 * The input is a tiny archive, unpacked into a fresh host root in a temp
 * folder, which disk_snapshot_take() then reads.  Records follow each other
 * to the end of the input:
 *
 *   type:u8  path_len:u8  path[path_len]  data_len:u16 (little endian)  data[data_len]
 *
 *   type % 4:  0 regular file (data: its contents)
 *              1 folder
 *              2 symbolic link (data: its target, anything at all)
 *              3 FIFO
 *
 * Paths are relative to the root (a leading '/' is dropped); folders on
 * the way are made as needed; a record whose path has an empty or ".."
 * component, or runs through a symbolic link, is skipped, so unpacking never
 * writes outside the temp folder.  Short forms, expanded in paths and data:
 *   @D  var/lib/docker           @C  var/lib/docker/containers
 *   @1  64 × '1' (a container id) @2  64 × '2'
 *   @B  the absolute path of a "bait" host root outside the scanned root
 * The bait holds a valid Docker data-root with one container whose name is
 * a random marker.  The property under test is the view's promise: nothing
 * outside the root is ever read (links resolve inside it), and a FIFO or
 * device is never opened (that would hang: libFuzzer's -timeout reports it).
 *
 * Findings: a sanitizer report, crash or hang; the bait container in a
 * snapshot; a snapshot that succeeded with a string missing or not valid
 * UTF-8, or without an effective PID mode; a failed one without a reason.
 *
 * With CSCAP_FUZZ_NO_OPENAT2=1 in the environment, openat2 fails with ENOSYS
 * (a seccomp filter, as on Linux < 5.6), so the view's fallback (one
 * component at a time, links and ".." refused) is what gets fuzzed.
 */
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "common/xml_text.h"
#include "probes/container/disk_view.h"
#include "fuzz_util.h"

#define ID_CHARS(c) c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c \
		    c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c c
#define BAIT_ID ID_CHARS("b")

static char bait_root[512];
static unsigned long long bait_hash;
static unsigned long counter;

static unsigned long long fnv1a(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void write_or_die(const char *path, const char *text)
{
	if (fuzz_write_file(path, text, strlen(text)) != 0) {
		perror(path);
		abort();
	}
}

/* Make openat2 fail with ENOSYS in this process (the view then falls back). */
static void deny_openat2(void)
{
#if defined(__x86_64__)
	const unsigned arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
	const unsigned arch = AUDIT_ARCH_AARCH64;
#else
	fuzz_fail("CSCAP_FUZZ_NO_OPENAT2 is not supported on this architecture", NULL);
	const unsigned arch = 0;
#endif
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {.len = sizeof(filter) / sizeof(filter[0]), .filter = filter};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0) {
		perror("seccomp");
		abort();
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[1024], marker[64], text[1024];
	const char *dir = fuzz_workdir();
	const char *no_openat2 = getenv("CSCAP_FUZZ_NO_OPENAT2");

	(void)argc;
	(void)argv;
	if (no_openat2 && *no_openat2 && strcmp(no_openat2, "0") != 0)
		deny_openat2();
	snprintf(bait_root, sizeof(bait_root), "%s/bait", dir);
	snprintf(path, sizeof(path), "%s/var/lib/docker/containers/%s", bait_root, BAIT_ID);
	for (char *p = path + strlen(dir) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	mkdir(path, 0755);
	/* The marker is not in the input's reach: only its hash is compared. */
	snprintf(marker, sizeof(marker), "bait-%ld-%d", (long)time(NULL), (int)getpid());
	bait_hash = fnv1a(marker);
	snprintf(text, sizeof(text),
		 "{\"ID\":\"%s\",\"Name\":\"/%s\",\"Config\":{\"Image\":\"bait\"},"
		 "\"State\":{\"Running\":false,\"Pid\":0,\"StartedAt\":\"0001-01-01T00:00:00Z\"},"
		 "\"MountPoints\":{}}",
		 BAIT_ID, marker);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/config.v2.json");
	write_or_die(path, text);
	strcpy(strrchr(path, '/'), "/hostconfig.json");
	write_or_die(path, "{\"PidMode\":\"host\"}");
	return 0;
}

/* Expand the short forms into out (NUL-terminated); the length, or -1 when too long. */
static long expand(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		const char *rep = NULL;
		char one[2] = {(char)in[i], '\0'};
		if (in[i] == '@' && i + 1 < n) {
			switch (in[i + 1]) {
			case 'D': rep = "var/lib/docker"; break;
			case 'C': rep = "var/lib/docker/containers"; break;
			case '1': rep = ID_CHARS("1"); break;
			case '2': rep = ID_CHARS("2"); break;
			case 'B': rep = bait_root; break;
			}
			if (rep)
				i++;
		}
		if (!rep)
			rep = one;
		size_t k = rep == one ? 1 : strlen(rep);
		if (len + k + 1 > cap)
			return -1;
		memcpy(out + len, rep, k);
		len += k;
	}
	out[len] = '\0';
	return (long)len;
}

/* The folder of path's last component, made as needed from root_fd without
 * following anything; -1 when the path is refused. *last is the final name. */
static int parent_fd(int root_fd, char *path, char **last)
{
	int fd = dup(root_fd);
	char *p = path;

	while (*p == '/')
		p++;
	for (;;) {
		char *slash = strchr(p, '/');
		if (!*p || strcmp(p, "..") == 0 || (slash == p) ||
		    (slash && slash - p == 2 && p[0] == '.' && p[1] == '.')) {
			close(fd);
			return -1;
		}
		if (!slash) {
			*last = p;
			return fd;
		}
		*slash = '\0';
		mkdirat(fd, p, 0755);
		int next = openat(fd, p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		if (next < 0)
			return -1;
		fd = next;
		p = slash + 1;
		while (*p == '/')
			p++;
	}
}

static void unpack(int root_fd, const uint8_t *data, size_t size)
{
	static char path[4096], body[70000];
	size_t i = 0;

	while (i + 2 <= size) {
		unsigned type = data[i] % 4, plen = data[i + 1];
		i += 2;
		if (i + plen + 2 > size)
			return;
		const uint8_t *praw = data + i;
		i += plen;
		size_t dlen = (size_t)data[i] | ((size_t)data[i + 1] << 8);
		i += 2;
		if (i + dlen > size)
			dlen = size - i;
		const uint8_t *draw = data + i;
		i += dlen;
		if (memchr(praw, '\0', plen) || expand(praw, plen, path, sizeof(path)) < 0)
			continue;
		long blen = expand(draw, dlen, body, sizeof(body));
		if (blen < 0)
			continue;
		char *last;
		int dfd = parent_fd(root_fd, path, &last);
		if (dfd < 0)
			continue;
		switch (type) {
		case 0: {
			/* O_NONBLOCK: a FIFO already at that path must not block the unpacker. */
			int fd = openat(dfd, last, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
			if (fd >= 0) {
				if (write(fd, body, (size_t)blen) < 0)
					(void)0;
				close(fd);
			}
			break;
		}
		case 1:
			mkdirat(dfd, last, 0755);
			break;
		case 2:
			if (!memchr(draw, '\0', dlen))
				symlinkat(body, dfd, last);
			break;
		case 3:
			mknodat(dfd, last, S_IFIFO | 0644, 0);
			break;
		}
		close(dfd);
	}
}

static void check_string(const char *what, const char *s)
{
	if (!s)
		fuzz_fail("a field is NULL", what);
	if (!utf8_valid(s, strlen(s)))
		fuzz_fail("a field is not valid UTF-8", what);
}

static void check_snapshot(const struct container_snapshot *snap)
{
	if (snap->status != 0) {
		if (!snap->error || !*snap->error)
			fuzz_fail("a failed snapshot says nothing", NULL);
		if (snap->n_containers)
			fuzz_fail("a failed snapshot keeps containers", snap->error);
		return;
	}
	for (size_t i = 0; i < snap->n_containers; i++) {
		const struct container *c = &snap->containers[i];
		check_string("id", c->id);
		check_string("name", c->name);
		check_string("image", c->image);
		check_string("state", c->state);
		check_string("pid_mode", c->pid_mode);
		check_string("effective_pid_mode", c->effective_pid_mode);
		if (strcmp(c->id, BAIT_ID) == 0 && fnv1a(c->name) == bait_hash)
			fuzz_fail("the offline view read a container outside the root", c->id);
		if (i && strcmp(snap->containers[i - 1].id, c->id) > 0)
			fuzz_fail("containers are not sorted by id", c->id);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char root[600];
	struct container_snapshot *snap;

	snprintf(root, sizeof(root), "%s/r%lu", fuzz_workdir(), counter++);
	if (mkdir(root, 0755) != 0)
		abort();
	int root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0)
		abort();
	unpack(root_fd, data, size);
	close(root_fd);
	if (disk_snapshot_take(&snap, root) != 0)
		fuzz_fail("disk_snapshot_take failed", cscap_error_last());
	check_snapshot(snap);
	container_snapshot_free(snap);
	fuzz_rm_tree(root);
	return 0;
}
