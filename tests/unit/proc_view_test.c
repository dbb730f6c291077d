/*
 * The kernel view (engine/probes/container/proc_view.c): the cgroup parser on
 * real-shaped files of every runtime, the /proc walk on the real /proc and on
 * fake proc trees built here, a child in a new PID namespace, and (when
 * tests/integration/kernel_view_test.sh provides one) a real Docker engine.
 *
 * Environment for the real-engine test (all set by kernel_view_test.sh):
 *   CSCAP_TEST_ENGINE_SOCK   the engine's socket (only gates the test)
 *   CSCAP_TEST_DAEMON_PID    dockerd's pid: the host reference
 *   CSCAP_TEST_HOSTPID_ID    a running --pid=host container
 *   CSCAP_TEST_PRIVATE_ID    a running default (private PID) container
 *   CSCAP_TEST_SHARER_ID     optional: a running --pid=container:<private> one
 *   CSCAP_TEST_NOPROC_IDS    optional: containers without processes (created,
 *                            exited), separated by spaces
 * When CSCAP_TEST_DAEMON_PID is set only the real-engine test runs, and only
 * then is it listed.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "cscap/error.h"
#include "common/arena.h"
#include "probes/container/container.h"
#include "probes/container/pidns.h"
#include "probes/container/proc_view.h"

#include "test_util.h"

/* Read once in main(). */
static struct {
	const char *engine_sock;
	long daemon_pid;
	const char *hostpid_id;
	const char *private_id;
	const char *sharer_id;
	const char *noproc_ids;
} env;

/* Three distinct, well-formed ids (sorted: A < B < C < D). */
#define ID_A "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"
#define ID_B "5b9f67955ff469f76e0b74b98e5378e15b9f67955ff469f76e0b74b98e5378e1"
#define ID_C "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00"
#define ID_D "ddd0f078f76ce0fcfbbce17d9a31115e2b02b0f57aed9530029639340be3de39"
#define ID_63 "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f"
#define ID_65 ID_A "0"
#define ID_UPPER "0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9"

/* A cgroup v1 (hybrid) file with every hierarchy at PATH, as on this machine. */
#define V1_HYBRID(path)                                                                            \
	"9:name=systemd:" path "\n8:pids:" path "\n7:blkio:" path "\n6:freezer:" path             \
	"\n5:devices:" path "\n4:memory:" path "\n3:cpuset:" path "\n2:cpuacct:" path "\n1:cpu:" \
	path "\n0::" path "\n"

/* ---- helpers ----------------------------------------------------------- */

/* 0 with id and runtime set, or -1; id is "" and runtime NULL on -1. */
static int parse(const char *text, char id[65], const char **runtime)
{
	int rc;

	id[0] = '\0';
	*runtime = NULL;
	rc = proc_cgroup_container_id(text, id, runtime);
	if (rc != 0) {
		id[0] = '\0';
		*runtime = NULL;
	}
	return rc;
}

static void expect_id(const char *text, const char *want_id, const char *want_runtime)
{
	char id[65];
	const char *runtime;

	if (parse(text, id, &runtime) != 0)
		fail_msg("no container found in:\n%s", text);
	assert_string_equal(id, want_id);
	assert_string_equal(runtime, want_runtime);
}

static void expect_none(const char *text)
{
	char id[65];
	const char *runtime;

	if (parse(text, id, &runtime) == 0)
		fail_msg("container %s (%s) found in:\n%s", id, runtime, text);
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static char *path_of(const char *root, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *path_of(const char *root, const char *fmt, ...)
{
	static char buf[4][4096]; /* a few live at once */
	static int next;
	char rel[2048];
	char *out = buf[next++ % 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	snprintf(out, sizeof(buf[0]), "%s/%s", root, rel);
	return out;
}

/*
 * One fake /proc/<name>: a cgroup file with TEXT (none when NULL) and ns/pid
 * as a symlink to NS_TARGET (no ns folder when NULL).
 */
static void fake_process(const char *root, const char *name, const char *text, const char *ns_target)
{
	assert_int_equal(mkdir(path_of(root, "%s", name), 0755), 0);
	if (text)
		write_file(path_of(root, "%s/cgroup", name), text);
	if (ns_target) {
		assert_int_equal(mkdir(path_of(root, "%s/ns", name), 0755), 0);
		assert_int_equal(symlink(ns_target, path_of(root, "%s/ns/pid", name)), 0);
	}
}

static char *fake_root(void)
{
	char tmpl[] = "/tmp/cscap-proc-view.XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	dir = strdup(dir);
	assert_non_null(dir);
	return dir;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(char *root)
{
	assert_int_equal(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(root);
}

static void stat_ns(const char *path, unsigned long long *dev, unsigned long long *ino)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		fail_msg("stat %s: %s", path, strerror(errno));
	*dev = (unsigned long long)sb.st_dev;
	*ino = (unsigned long long)sb.st_ino;
}

static bool same_ns(const struct proc_process *p, unsigned long long dev, unsigned long long ino)
{
	return p->ns_dev == dev && p->ns_ino == ino;
}

/* ---- proc_cgroup_container_id: every runtime ---------------------------- */

static void test_cgroup_docker_cgroupfs(void **state)
{
	(void)state;
	/* Docker 20.10, cgroupfs driver, cgroup v1 hybrid: this machine. */
	expect_id(V1_HYBRID("/docker/" ID_A), ID_A, "docker");
	/* Pure v2, and a v1 host whose unified line stays at the root. */
	expect_id("0::/docker/" ID_A "\n", ID_A, "docker");
	expect_id("12:memory:/docker/" ID_A "\n11:pids:/docker/" ID_A "\n0::/\n", ID_A, "docker");
	/* No trailing newline. */
	expect_id("0::/docker/" ID_A, ID_A, "docker");
	/* Nested below the container (systemd inside it) and docker-in-docker:
	 * the outer container is the one the host's engine knows. */
	expect_id("1:name=systemd:/docker/" ID_A "/init.scope\n0::/docker/" ID_A "/init.scope\n",
		  ID_A, "docker");
	expect_id("0::/docker/" ID_A "/docker/" ID_B "\n", ID_A, "docker");
}

static void test_cgroup_docker_systemd(void **state)
{
	(void)state;
	expect_id(V1_HYBRID("/system.slice/docker-" ID_B ".scope"), ID_B, "docker");
	expect_id("0::/system.slice/docker-" ID_B ".scope\n", ID_B, "docker");
	/* Hybrid where systemd keeps the unified line elsewhere. */
	expect_id("4:memory:/system.slice/docker-" ID_B ".scope\n"
		  "1:name=systemd:/system.slice/docker-" ID_B ".scope\n"
		  "0::/system.slice/docker.service\n",
		  ID_B, "docker");
}

static void test_cgroup_containerd_cri(void **state)
{
	(void)state;
	expect_id("0::/kubepods.slice/kubepods-burstable.slice/"
		  "kubepods-burstable-pod2c1f7e9a_8a0b_4c8e_9d36_3c9b7e0c5a11.slice/"
		  "cri-containerd-" ID_C ".scope\n",
		  ID_C, "containerd");
	expect_id(V1_HYBRID("/kubepods/besteffort/pod2c1f7e9a-8a0b-4c8e-9d36-3c9b7e0c5a11/" ID_C),
		  ID_C, "containerd");
	expect_id("0::/kubepods/pod2c1f7e9a-8a0b-4c8e-9d36-3c9b7e0c5a11/" ID_C "\n", ID_C,
		  "containerd");
}

static void test_cgroup_crio(void **state)
{
	(void)state;
	expect_id("0::/kubepods.slice/kubepods-besteffort.slice/"
		  "kubepods-besteffort-pod0d0e2c38_2f1a_4a4b_9a51_0c8c4b1f4a11.slice/crio-" ID_D
		  ".scope\n",
		  ID_D, "crio");
	expect_id(V1_HYBRID("/kubepods.slice/kubepods-pod1.slice/crio-" ID_D ".scope"), ID_D,
		  "crio");
	/* conmon, the monitor beside the container, is not in it. */
	expect_none("0::/kubepods.slice/kubepods-pod1.slice/crio-conmon-" ID_D ".scope\n");
}

static void test_cgroup_podman(void **state)
{
	(void)state;
	expect_id("0::/machine.slice/libpod-" ID_A ".scope\n", ID_A, "podman");
	expect_id(V1_HYBRID("/machine.slice/libpod-" ID_A ".scope"), ID_A, "podman");
	expect_id("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID_A
		  ".scope/container\n",
		  ID_A, "podman");
	/* cgroupfs manager */
	expect_id(V1_HYBRID("/libpod_parent/libpod-" ID_A), ID_A, "podman");
	expect_id("0::/libpod_parent/libpod-" ID_A "/ctr\n", ID_A, "podman");
	expect_none("0::/machine.slice/libpod-conmon-" ID_A ".scope\n");
}

static void test_cgroup_runtime_optional(void **state)
{
	char id[65];

	(void)state;
	assert_int_equal(proc_cgroup_container_id("0::/docker/" ID_A "\n", id, NULL), 0);
	assert_string_equal(id, ID_A);
}

/* ---- proc_cgroup_container_id: what is not a container ------------------ */

static void test_cgroup_wrong_ids(void **state)
{
	(void)state;
	expect_none("0::/docker/" ID_63 "\n");
	expect_none("0::/docker/" ID_65 "\n");
	expect_none("0::/docker/" ID_UPPER "\n");
	expect_none("0::/system.slice/docker-" ID_63 ".scope\n");
	expect_none("0::/system.slice/docker-" ID_65 ".scope\n");
	expect_none("0::/system.slice/docker-" ID_UPPER ".scope\n");
	expect_none("0::/machine.slice/libpod-" ID_63 ".scope\n");
	expect_none("0::/kubepods/pod1/" ID_65 "\n");
	/* A 64-hex id with one non-hex character. */
	expect_none("0::/docker/0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8fg\n");
	/* The partial forms: id glued to more text. */
	expect_none("0::/docker/" ID_A "x\n");
	expect_none("0::/docker/x" ID_A "\n");
	expect_none("0::/docker/" ID_A ".scope\n");
	expect_none("0::/system.slice/docker-" ID_A "\n");
	expect_none("0::/system.slice/docker-" ID_A ".scopex\n");
	expect_none("0::/system.slice/xdocker-" ID_A ".scope\n");
	expect_none("0::/libpod_parent/libpod-" ID_A ".service\n");
	/* A dead cgroup (v2 marks it): the process is leaving. */
	expect_none("0::/docker/" ID_A " (deleted)\n");
}

static void test_cgroup_not_container_paths(void **state)
{
	(void)state;
	/* This machine's own processes (a 32-hex memory cgroup). */
	expect_none("9:name=systemd:/\n8:pids:/\n7:blkio:/\n6:freezer:/\n5:devices:/\n"
		    "4:memory:/process_api/5b9f67955ff469f76e0b74b98e5378e1\n3:cpuset:/\n"
		    "2:cpuacct:/\n1:cpu:/\n0::/\n");
	expect_none("1:name=systemd:/user.slice/user-0.slice/session-1.scope\n"
		    "0::/user.slice/user-0.slice/session-1.scope\n");
	expect_none("0::/init.scope\n");
	expect_none("0::/system.slice/docker.service\n");
	expect_none("0::/system.slice/containerd.service\n");
	/* A container-shaped id in a path that is no container's. */
	expect_none("0::/user.slice/" ID_A "\n");
	expect_none("0::/system.slice/" ID_A "\n");
	expect_none("0::/" ID_A "\n");
	expect_none("0::/besteffort/pod1/" ID_A "\n");
	expect_none("0::/notdocker/" ID_A "\n");
	expect_none("0::/docker\n");
	expect_none("0::/docker/\n");
	expect_none("0::/" ID_A "/docker\n");
	expect_none("0::/machine.slice/libpod-" ID_A "\n");
	expect_none("0::/kubepods.slice/" ID_A "\n");
}

static void test_cgroup_malformed(void **state)
{
	char big[70 * 1024];
	size_t n = 0;

	(void)state;
	expect_none("");
	expect_none("\n");
	expect_none("garbage");
	expect_none("docker/" ID_A);
	expect_none("/docker/" ID_A "\n");
	expect_none("x:cpu:/docker/" ID_A "\n");
	expect_none(":cpu:/docker/" ID_A "\n");
	expect_none("1:cpu\n");
	expect_none("1:cpu:docker/" ID_A "\n");
	expect_none("1:cpu:\n");
	/* A valid line next to garbage: the whole file is odd. */
	expect_none("0::/docker/" ID_A "\nnonsense\n");
	expect_none("0::/docker/" ID_A "\n\n1:cpu:/docker/" ID_A "\n");
	/* Two hierarchies naming two containers. */
	expect_none("1:cpu:/docker/" ID_A "\n0::/docker/" ID_B "\n");
	/* Over the parser's bound (64 KiB), even though every line is fine. */
	while (n + 64 < sizeof(big)) {
		memcpy(big + n, "1:cpu:/docker/" ID_A "\n", 79);
		n += 79;
	}
	big[n] = '\0';
	expect_none(big);
	{
		char id[65];
		const char *runtime;
		assert_int_equal(proc_cgroup_container_id(NULL, id, &runtime), -1);
	}
}

/* ---- proc_view_take on the real /proc ----------------------------------- */

static void test_take_real_proc_self(void **state)
{
	struct proc_view *v = NULL;
	unsigned long long dev, ino;

	(void)state;
	assert_int_equal(proc_view_take(&v, "/proc", 0), 0);
	assert_non_null(v);
	assert_int_equal(v->status, 0);
	assert_null(v->error);
	assert_true(v->host_known);
	assert_string_equal(v->host_source, "scanner process");
	stat_ns("/proc/self/ns/pid", &dev, &ino);
	assert_true(v->host_ns_dev == dev && v->host_ns_ino == ino);
	/* Sorted by container id, then pid; every process has a runtime. */
	for (size_t i = 0; i < v->n_processes; i++) {
		const struct proc_process *p = &v->processes[i];

		assert_int_equal(strlen(p->container_id), 64);
		assert_non_null(p->runtime);
		if (i > 0) {
			const struct proc_process *q = &v->processes[i - 1];
			int c = strcmp(q->container_id, p->container_id);

			assert_true(c < 0 || (c == 0 && q->pid < p->pid));
		}
	}
	proc_view_free(v);
}

static void test_take_real_proc_daemon(void **state)
{
	struct proc_view *v = NULL;
	unsigned long long dev, ino;
	char want[64];

	(void)state;
	assert_int_equal(proc_view_take(&v, "/proc", (long)getpid()), 0);
	snprintf(want, sizeof(want), "engine daemon (pid %ld)", (long)getpid());
	assert_true(v->host_known);
	assert_string_equal(v->host_source, want);
	stat_ns("/proc/self/ns/pid", &dev, &ino);
	assert_true(v->host_ns_dev == dev && v->host_ns_ino == ino);
	proc_view_free(v);
}

/* A daemon pid that names no process: the scanner's own namespace, and why. */
static void test_take_real_proc_daemon_gone(void **state)
{
	struct proc_view *v = NULL;
	unsigned long long dev, ino;

	(void)state;
	assert_int_equal(proc_view_take(&v, "/proc", 2147483646L), 0);
	assert_true(v->host_known);
	assert_true(strncmp(v->host_source, "scanner process (", 17) == 0);
	assert_non_null(strstr(v->host_source, "/proc/2147483646/ns/pid"));
	stat_ns("/proc/self/ns/pid", &dev, &ino);
	assert_true(v->host_ns_dev == dev && v->host_ns_ino == ino);
	proc_view_free(v);
}

static void test_take_missing_root(void **state)
{
	struct proc_view *v = NULL;

	(void)state;
	/* 0: the view is made and says why it is empty (the caller fails closed). */
	assert_int_equal(proc_view_take(&v, "/nonexistent/cscap-proc", 0), 0);
	assert_non_null(v);
	assert_int_equal(v->status, CSCAP_EIO);
	assert_non_null(v->error);
	assert_non_null(strstr(v->error, "/nonexistent/cscap-proc"));
	assert_non_null(strstr(cscap_error_last(), "/nonexistent/cscap-proc"));
	assert_false(v->host_known);
	assert_int_equal(v->n_processes, 0);
	assert_null(v->processes);
	assert_null(proc_view_container(v, ID_A, NULL));
	proc_view_free(v);
	proc_view_free(NULL);
}

static void test_take_root_not_a_folder(void **state)
{
	struct proc_view *v = NULL;

	(void)state;
	assert_int_equal(proc_view_take(&v, "/proc/self/cgroup", 0), 0);
	assert_non_null(v);
	assert_int_equal(v->status, CSCAP_EIO);
	assert_non_null(strstr(v->error, "/proc/self/cgroup"));
	proc_view_free(v);
}

/* ---- proc_view_take on fake proc trees ---------------------------------- */

static void test_take_fake_root(void **state)
{
	char *root = fake_root();
	char *priv = strdup(path_of(root, "private-ns"));
	char *loop = strdup(path_of(root, "loop"));
	char big[20 * 1024];
	struct proc_view *v = NULL;
	const struct proc_process *ps;
	unsigned long long hdev, hino, pdev, pino;
	size_t n = 0;

	(void)state;
	assert_non_null(priv);
	assert_non_null(loop);
	write_file(priv, "a file stands in for another namespace\n");
	assert_int_equal(symlink(loop, loop), 0); /* ELOOP: "cannot be read" */
	stat_ns("/proc/self/ns/pid", &hdev, &hino);
	stat_ns(priv, &pdev, &pino);

	fake_process(root, "self", V1_HYBRID("/docker/" ID_A), "/proc/self/ns/pid");
	fake_process(root, "8", "0::/system.slice/docker.service\n", "/proc/self/ns/pid");
	fake_process(root, "7", V1_HYBRID("/docker/" ID_A), "/proc/self/ns/pid");
	fake_process(root, "102", "0::/system.slice/docker-" ID_A ".scope\n", priv);
	fake_process(root, "101", "0::/docker/" ID_B "\n", priv);
	fake_process(root, "100", "0::/docker/" ID_B "/init.scope\n", "/proc/self/ns/pid");
	fake_process(root, "50", "0::/user.slice/user-0.slice/session-1.scope\n",
		     "/proc/self/ns/pid");
	fake_process(root, "60", NULL, NULL);                 /* vanished: no files */
	fake_process(root, "61", "0::/docker/" ID_C "\n", NULL); /* vanished before ns */
	fake_process(root, "62", "0::/docker/" ID_C "\n", loop); /* ns unreadable */
	fake_process(root, "63", "\x01\x02 garbage", "/proc/self/ns/pid");
	/* Not processes: the walk must not look at them. */
	fake_process(root, "0", "0::/docker/" ID_D "\n", "/proc/self/ns/pid");
	fake_process(root, "12a", "0::/docker/" ID_D "\n", "/proc/self/ns/pid");
	fake_process(root, "0101", "0::/docker/" ID_D "\n", "/proc/self/ns/pid");
	fake_process(root, "99999999999", "0::/docker/" ID_D "\n", "/proc/self/ns/pid");
	fake_process(root, "net", "0::/docker/" ID_D "\n", "/proc/self/ns/pid");
	write_file(path_of(root, "64"), "0::/docker/" ID_D "\n");
	/* A FIFO where the cgroup file should be: read as empty, never waited on. */
	fake_process(root, "67", NULL, "/proc/self/ns/pid");
	assert_int_equal(mkfifo(path_of(root, "67/cgroup"), 0644), 0);
	/* A cgroup file over the read bound (16 KiB) is odd, not a container. */
	memset(big, 0, sizeof(big));
	for (size_t off = 0; off + 32 < sizeof(big); off += 8)
		memcpy(big + off, "1:cpu:/\n", 8);
	fake_process(root, "65", NULL, "/proc/self/ns/pid");
	write_file(path_of(root, "65/cgroup"), big);
	{
		char text[200];
		snprintf(text, sizeof(text), "0::/docker/%s\n", ID_D);
		fake_process(root, "66", text, "/proc/self/ns/pid"); /* seen: D has one process */
	}

	assert_int_equal(proc_view_take(&v, root, 8), 0);
	assert_int_equal(v->status, 0);
	assert_true(v->host_known);
	assert_string_equal(v->host_source, "engine daemon (pid 8)");
	assert_true(v->host_ns_dev == hdev && v->host_ns_ino == hino);
	assert_non_null(v->self_container_id);
	assert_string_equal(v->self_container_id, ID_A);
	assert_int_equal(v->n_unreadable, 1);
	assert_int_equal(v->n_processes, 5);

	/* Sorted by container id, then pid. */
	assert_int_equal(v->processes[0].pid, 7);
	assert_int_equal(v->processes[1].pid, 102);
	assert_int_equal(v->processes[2].pid, 100);
	assert_int_equal(v->processes[3].pid, 101);
	assert_int_equal(v->processes[4].pid, 66);
	assert_string_equal(v->processes[1].runtime, "docker");

	ps = proc_view_container(v, ID_A, &n);
	assert_non_null(ps);
	assert_int_equal(n, 2);
	assert_string_equal(ps[0].container_id, ID_A);
	assert_int_equal(ps[0].pid, 7);
	assert_true(same_ns(&ps[0], hdev, hino));
	assert_int_equal(ps[1].pid, 102);
	assert_true(same_ns(&ps[1], pdev, pino));
	assert_false(same_ns(&ps[1], hdev, hino));

	ps = proc_view_container(v, ID_B, &n);
	assert_int_equal(n, 2);
	assert_int_equal(ps[0].pid, 100);
	assert_int_equal(ps[1].pid, 101);
	assert_true(same_ns(&ps[0], hdev, hino));
	assert_true(same_ns(&ps[1], pdev, pino));

	/* C: one process vanished, the other unreadable: no processes. */
	n = 99;
	assert_null(proc_view_container(v, ID_C, &n));
	assert_int_equal(n, 0);
	ps = proc_view_container(v, ID_D, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ps[0].pid, 66);
	n = 99;
	assert_null(proc_view_container(v, ID_63, &n));
	assert_int_equal(n, 0);
	assert_null(proc_view_container(v, "", &n));
	assert_null(proc_view_container(v, "ffff", &n));
	assert_null(proc_view_container(NULL, ID_A, &n));
	proc_view_free(v);

	/* A daemon pid that is absent there: the scanner's ("self") namespace. */
	assert_int_equal(proc_view_take(&v, root, 9), 0);
	assert_true(v->host_known);
	assert_true(strncmp(v->host_source, "scanner process (", 17) == 0);
	assert_int_equal(v->n_processes, 5);
	proc_view_free(v);

	remove_tree(root);
	free(priv);
	free(loop);
}

/* No "self" at all: no host reference, no self container, the rest works. */
static void test_take_fake_root_without_self(void **state)
{
	char *root = fake_root();
	struct proc_view *v = NULL;
	size_t n;

	(void)state;
	fake_process(root, "42", "0::/machine.slice/libpod-" ID_B ".scope\n", "/proc/self/ns/pid");
	assert_int_equal(proc_view_take(&v, root, 0), 0);
	assert_false(v->host_known);
	assert_non_null(v->host_source);
	assert_true(strncmp(v->host_source, "none (", 6) == 0);
	assert_null(v->self_container_id);
	assert_non_null(proc_view_container(v, ID_B, &n));
	assert_int_equal(n, 1);
	assert_string_equal(v->processes[0].runtime, "podman");
	proc_view_free(v);

	/* An empty proc root is not an error. */
	remove_tree(root);
	root = fake_root();
	assert_int_equal(proc_view_take(&v, root, 0), 0);
	assert_int_equal(v->n_processes, 0);
	assert_null(proc_view_container(v, ID_B, &n));
	proc_view_free(v);
	remove_tree(root);
}

/* Many containers in scrambled order: every slice is found and in pid order. */
static void test_take_fake_root_many(void **state)
{
	enum { CONTAINERS = 200, PER = 7 };
	char *root = fake_root();
	struct proc_view *v = NULL;
	char text[128], name[32], id[65];

	(void)state;
	for (int c = 0; c < CONTAINERS; c++) {
		for (int k = 0; k < PER; k++) {
			/* pids descend while ids ascend: the walk order is not the sort order */
			long pid = 100000L - (long)c * PER - k;
			unsigned h = (unsigned)((c * 2654435761u) >> 8);

			snprintf(id, sizeof(id), "%08x%056d", h, c);
			snprintf(text, sizeof(text), "0::/docker/%s\n", id);
			snprintf(name, sizeof(name), "%ld", pid);
			fake_process(root, name, text, "/proc/self/ns/pid");
		}
	}
	fake_process(root, "self", "0::/\n", "/proc/self/ns/pid");
	assert_int_equal(proc_view_take(&v, root, 0), 0);
	assert_null(v->self_container_id);
	assert_int_equal(v->n_processes, CONTAINERS * PER);
	for (size_t i = 1; i < v->n_processes; i++) {
		int cmp = strcmp(v->processes[i - 1].container_id, v->processes[i].container_id);
		assert_true(cmp < 0 || (cmp == 0 && v->processes[i - 1].pid < v->processes[i].pid));
		/* One id string per container. */
		if (cmp == 0)
			assert_ptr_equal(v->processes[i - 1].container_id,
					 v->processes[i].container_id);
	}
	for (int c = 0; c < CONTAINERS; c++) {
		unsigned h = (unsigned)((c * 2654435761u) >> 8);
		const struct proc_process *ps;
		size_t n = 0;

		snprintf(id, sizeof(id), "%08x%056d", h, c);
		ps = proc_view_container(v, id, &n);
		assert_non_null(ps);
		assert_int_equal(n, PER);
		for (int k = 0; k < PER; k++) {
			assert_string_equal(ps[k].container_id, id);
			assert_int_equal(ps[k].pid, 100000L - (long)c * PER - (PER - 1 - k));
		}
	}
	proc_view_free(v);
	remove_tree(root);
}


/* ---- the scanner's own container from mountinfo ------------------------- */

/* A mountinfo line: ROOT mounted on POINT (the other fields as the kernel writes them). */
#define MI(n, root, point) \
	#n " 1234 0:" #n " " root " " point " rw,relatime - ext4 /dev/sda1 rw\n"
#define MI_BASE "1234 1 0:60 / / rw,relatime - overlay overlay rw,lowerdir=/l\n" \
	"1235 1234 0:61 / /proc rw,nosuid - proc proc rw\n"

static int mountinfo_id(const char *text, char id[65], const char **runtime)
{
	id[0] = '\0';
	*runtime = NULL;
	return proc_mountinfo_container_id(text, id, runtime);
}

static void test_mountinfo_docker_podman(void **state)
{
	char id[65];
	const char *runtime;

	(void)state;
	/* Docker: /var/lib/docker on the root filesystem, and on its own one. */
	assert_int_equal(mountinfo_id(MI_BASE
		MI(70, "/var/lib/docker/containers/" ID_B "/resolv.conf", "/etc/resolv.conf")
		MI(71, "/var/lib/docker/containers/" ID_B "/hostname", "/etc/hostname")
		MI(72, "/var/lib/docker/containers/" ID_B "/hosts", "/etc/hosts"), id, &runtime), 0);
	assert_string_equal(id, ID_B);
	assert_string_equal(runtime, "docker");
	assert_int_equal(mountinfo_id(MI_BASE MI(71, "/containers/" ID_C "/hostname", "/etc/hostname"),
				      id, &runtime), 0);
	assert_string_equal(id, ID_C);
	/* A user-namespace-remapped data-root. */
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/100000.100000/containers/" ID_A "/hostname",
					 "/etc/hostname"), id, &runtime), 0);
	assert_string_equal(id, ID_A);
	/* Podman, root and rootless. */
	assert_int_equal(mountinfo_id(MI_BASE
		MI(71, "/run/containers/storage/overlay-containers/" ID_D "/userdata/hostname", "/etc/hostname")
		MI(72, "/run/containers/storage/overlay-containers/" ID_D "/userdata/resolv.conf",
		   "/etc/resolv.conf"), id, &runtime), 0);
	assert_string_equal(id, ID_D);
	assert_string_equal(runtime, "podman");
	assert_int_equal(mountinfo_id(MI(71, "/home/u/.local/share/containers/storage/overlay-containers/"
					 ID_A "/userdata/hosts", "/etc/hosts"), id, &runtime), 0);
	assert_string_equal(id, ID_A);
}

static void test_mountinfo_not_a_container(void **state)
{
	char id[65];
	const char *runtime;

	(void)state;
	/* The host itself: nothing is bind-mounted on /etc/hostname. */
	assert_int_equal(mountinfo_id(MI_BASE, id, &runtime), -1);
	assert_int_equal(mountinfo_id("", id, &runtime), -1);
	assert_int_equal(mountinfo_id(NULL, id, &runtime), -1);
	/* A container's folder mounted elsewhere than the engine's files. */
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_B "/hostname", "/mnt/hostname"),
				      id, &runtime), -1);
	/* /etc/hostname from somewhere that is not a container's folder. */
	assert_int_equal(mountinfo_id(MI(71, "/srv/" ID_B "/hostname", "/etc/hostname"), id, &runtime), -1);
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/volumes/" ID_B "/hostname", "/etc/hostname"),
				      id, &runtime), -1);
	/* Ids that are not 64 lower-case hex digits; a folder deeper than the engine's. */
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_63 "/hostname", "/etc/hostname"),
				      id, &runtime), -1);
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_UPPER "/hostname",
					 "/etc/hostname"), id, &runtime), -1);
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_B "/x/hostname", "/etc/hostname"),
				      id, &runtime), -1);
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_B, "/etc/hostname"), id,
				      &runtime), -1);
	/* Podman's layout without userdata. */
	assert_int_equal(mountinfo_id(MI(71, "/run/containers/storage/overlay-containers/" ID_D "/hostname",
					 "/etc/hostname"), id, &runtime), -1);
	/* Two engine files from two containers: trust neither. */
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_B "/hostname", "/etc/hostname")
				      MI(72, "/var/lib/docker/containers/" ID_C "/hosts", "/etc/hosts"),
				      id, &runtime), -1);
	/* A line with fewer than five fields is not a mountinfo file. */
	assert_int_equal(mountinfo_id(MI(71, "/var/lib/docker/containers/" ID_B "/hostname", "/etc/hostname")
				      "1236 1234 0:62 /\n", id, &runtime), -1);
	/* Longer than the bound (1 MiB): refused outright. */
	{
		size_t n = 1024 * 1024 + 16;
		char *big = malloc(n + 1);
		assert_non_null(big);
		memset(big, ' ', n);
		memcpy(big, MI(71, "/var/lib/docker/containers/" ID_B "/hostname", "/etc/hostname"),
		       strlen(MI(71, "/var/lib/docker/containers/" ID_B "/hostname", "/etc/hostname")));
		big[n] = '\0';
		assert_int_equal(mountinfo_id(big, id, &runtime), -1);
		free(big);
	}
}

/* Under a private cgroup namespace self/cgroup reads "0::/": mountinfo names the container. */
static void test_take_self_from_mountinfo(void **state)
{
	char *root = fake_root();
	struct proc_view *v = NULL;
	char id[65];
	const char *from = NULL;

	(void)state;
	fake_process(root, "self", "0::/\n", "/proc/self/ns/pid");
	write_file(path_of(root, "self/mountinfo"),
		   MI_BASE MI(71, "/var/lib/docker/containers/" ID_C "/hostname", "/etc/hostname"));
	assert_int_equal(proc_view_take(&v, root, 0), 0);
	assert_non_null(v->self_container_id);
	assert_string_equal(v->self_container_id, ID_C);
	proc_view_free(v);
	assert_int_equal(proc_self_container_id(root, id, &from), 0);
	assert_string_equal(id, ID_C);
	assert_string_equal(from, "mountinfo");

	/* The cgroup, when it names one, comes first. */
	write_file(path_of(root, "self/cgroup"), "0::/system.slice/docker-" ID_A ".scope\n");
	assert_int_equal(proc_self_container_id(root, id, &from), 0);
	assert_string_equal(id, ID_A);
	assert_string_equal(from, "cgroup");

	/* Neither: not in a container. */
	write_file(path_of(root, "self/cgroup"), "0::/\n");
	write_file(path_of(root, "self/mountinfo"), MI_BASE);
	assert_int_equal(proc_self_container_id(root, id, &from), -1);
	assert_int_equal(proc_self_container_id("/nonexistent/cscap-proc", id, &from), -1);
	remove_tree(root);
}

/*
 * A container only the kernel sees becomes an item of the snapshot, and the
 * item outlives the kernel view: its strings must be the snapshot's.  (A
 * regression: the id pointed into the freed view; valgrind and ASan saw it
 * when another engine's containers ran on the host.)
 */
static void test_merge_unmanaged_outlives_view(void **state)
{
	char *root = fake_root();
	struct proc_view *v = NULL;
	struct container_snapshot *snap;
	struct arena a;

	(void)state;
	fake_process(root, "self", "0::/\n", "/proc/self/ns/pid");
	fake_process(root, "100", "0::/system.slice/docker-" ID_B ".scope\n", "/proc/self/ns/pid");
	assert_int_equal(proc_view_take(&v, root, 0), 0);
	assert_int_equal(v->status, 0);
	arena_init(&a);
	snap = arena_calloc(&a, 1, sizeof(*snap));
	assert_non_null(snap);
	snap->arena = a;
	assert_int_equal(container_snapshot_merge_kernel(snap, v), 0);
	proc_view_free(v);
	remove_tree(root);
	assert_int_equal(snap->n_containers, 1);
	assert_int_equal(snap->n_unmanaged, 1);
	assert_string_equal(snap->containers[0].id, ID_B);
	assert_string_equal(snap->containers[0].source, "proc");
	assert_string_equal(snap->containers[0].effective_pid_mode, "host");
	assert_string_equal(snap->host_pid_ns_source, "scanner process");
	container_snapshot_free(snap);
}

/* ---- the host reference (pidns.c) ---------------------------------------- */

/* Socket activation: the socket's peer is systemd (pid 1), not the daemon; said so. */
static void test_host_ref_socket_owner_systemd(void **state)
{
	char *root = fake_root();
	struct pidns_ref ref;
	struct arena a;
	unsigned long long dev, ino;

	(void)state;
	arena_init(&a);
	stat_ns("/proc/self/ns/pid", &dev, &ino);
	fake_process(root, "self", "0::/\n", "/proc/self/ns/pid");
	fake_process(root, "1", "0::/init.scope\n", "/proc/self/ns/pid");
	write_file(path_of(root, "1/comm"), "systemd\n");
	assert_int_equal(pidns_host_ref(&ref, &a, root, 1), 0);
	assert_true(ref.known);
	assert_string_equal(ref.source, "socket owner pid 1 (systemd: socket activation)");
	assert_true(ref.dev == dev && ref.ino == ino);

	/* A user's systemd holds a rootless Podman socket: the same words. */
	fake_process(root, "4242", "0::/user.slice\n", "/proc/self/ns/pid");
	write_file(path_of(root, "4242/comm"), "systemd\n");
	assert_int_equal(pidns_host_ref(&ref, &a, root, 4242), 0);
	assert_string_equal(ref.source, "socket owner pid 4242 (systemd: socket activation)");

	/* A daemon is named as the daemon. */
	fake_process(root, "77", "0::/system.slice/docker.service\n", "/proc/self/ns/pid");
	write_file(path_of(root, "77/comm"), "dockerd\n");
	assert_int_equal(pidns_host_ref(&ref, &a, root, 77), 0);
	assert_string_equal(ref.source, "engine daemon (pid 77)");

	/* PID 1's namespace unreadable: the scanner's own, and why. */
	remove_tree(root);
	root = fake_root();
	fake_process(root, "self", "0::/\n", "/proc/self/ns/pid");
	fake_process(root, "1", "0::/init.scope\n", NULL);
	write_file(path_of(root, "1/comm"), "systemd\n");
	assert_int_equal(pidns_host_ref(&ref, &a, root, 1), 0);
	assert_true(ref.known);
	assert_contains(ref.source, "scanner process (");
	assert_contains(ref.source, "/1/ns/pid of the socket owner: No such file or directory");
	assert_true(ref.dev == dev && ref.ino == ino);

	/* Not even self: no reference, and why. */
	assert_int_equal(pidns_host_ref(&ref, &a, "/nonexistent/cscap-proc", 1), 0);
	assert_false(ref.known);
	assert_contains(ref.source, "none (/nonexistent/cscap-proc/self/ns/pid: ");
	arena_release(&a);
	remove_tree(root);
}

/* ns:<path> judged against the reference: host, private, unknown. */
static void test_judge_ns_path(void **state)
{
	char *root = fake_root();
	struct pidns_ref ref, none;
	struct arena a;
	const char *why;

	(void)state;
	arena_init(&a);
	write_file(path_of(root, "other"), "another inode than the host's namespace\n");
	assert_int_equal(pidns_host_ref(&ref, &a, "/proc", 0), 0);
	assert_true(ref.known);
	assert_string_equal(pidns_judge_path("/proc/self/ns/pid", &ref, &a, &why), "host");
	assert_null(why);
	assert_string_equal(pidns_judge_path(path_of(root, "other"), &ref, &a, &why), "private");
	assert_null(why);
	assert_string_equal(pidns_judge_path("/nonexistent/cscap/ns/pid", &ref, &a, &why), "unknown");
	assert_contains(why, "ns:/nonexistent/cscap/ns/pid cannot be read on this host: No such file");
	assert_string_equal(pidns_judge_path("proc/1/ns/pid", &ref, &a, &why), "unknown");
	assert_contains(why, "not an absolute path");
	/* Without a reference (a remote engine, an offline image) nothing is judged. */
	assert_int_equal(pidns_no_ref(&none, &a, "the engine is remote"), 0);
	assert_string_equal(pidns_judge_path("/proc/self/ns/pid", &none, &a, &why), "unknown");
	assert_contains(why, "no host PID namespace reference: none (the engine is remote)");
	assert_string_equal(pidns_judge_path("/proc/self/ns/pid", NULL, NULL, &why), "unknown");
	assert_non_null(why);
	arena_release(&a);
	remove_tree(root);
}

/* ---- a real child in a new PID namespace -------------------------------- */

static void test_take_new_pid_namespace(void **state)
{
	int gate[2];
	pid_t child;
	char *root;
	char target[64], name[32];
	struct proc_view *v = NULL;
	const struct proc_process *ps;
	unsigned long long cdev, cino, hdev, hino;
	size_t n = 0;
	int status;

	(void)state;
	if (geteuid() != 0) {
		print_message("# SKIP: a new PID namespace needs root\n");
		skip();
	}
	assert_int_equal(pipe2(gate, O_CLOEXEC), 0);
	/* fork(), but the child is PID 1 of a new PID namespace. */
	child = (pid_t)syscall(SYS_clone, CLONE_NEWPID | SIGCHLD, NULL, NULL, NULL, NULL);
	if (child == 0) {
		char c;

		close(gate[1]);
		while (read(gate[0], &c, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(gate[0]);
	if (child < 0) {
		int e = errno;

		close(gate[1]);
		print_message("# SKIP: clone(CLONE_NEWPID): %s\n", strerror(e));
		skip();
	}

	snprintf(target, sizeof(target), "/proc/%ld/ns/pid", (long)child);
	stat_ns(target, &cdev, &cino);
	stat_ns("/proc/self/ns/pid", &hdev, &hino);
	assert_false(cdev == hdev && cino == hino);

	/* The child as a container process, and this process as a --pid=host one. */
	root = fake_root();
	snprintf(name, sizeof(name), "%ld", (long)child);
	fake_process(root, name, V1_HYBRID("/docker/" ID_B), target);
	snprintf(name, sizeof(name), "%ld", (long)getpid());
	fake_process(root, name, V1_HYBRID("/docker/" ID_A), "/proc/self/ns/pid");
	fake_process(root, "self", "0::/\n", "/proc/self/ns/pid");
	assert_int_equal(proc_view_take(&v, root, (long)getpid()), 0);
	assert_true(v->host_known);
	ps = proc_view_container(v, ID_B, &n);
	assert_int_equal(n, 1);
	assert_int_equal(ps[0].pid, child);
	assert_true(same_ns(&ps[0], cdev, cino));
	assert_false(same_ns(&ps[0], v->host_ns_dev, v->host_ns_ino));
	ps = proc_view_container(v, ID_A, &n);
	assert_int_equal(n, 1);
	assert_true(same_ns(&ps[0], v->host_ns_dev, v->host_ns_ino));
	proc_view_free(v);
	remove_tree(root);

	close(gate[1]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* ---- a real engine (tests/integration/kernel_view_test.sh) -------------- */

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static void test_real_engine(void **state)
{
	struct proc_view *v = NULL;
	const struct proc_process *ps;
	struct timespec t0;
	char want[64];
	size_t n = 0;

	(void)state;
	if (!env.engine_sock || env.daemon_pid <= 0 || !env.hostpid_id || !env.private_id) {
		print_message("# SKIP: no engine (run tests/integration/kernel_view_test.sh)\n");
		skip();
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(proc_view_take(&v, "/proc", env.daemon_pid), 0);
	print_message("# proc_view_take(/proc): %zu container processes, %zu unreadable, %.2f ms\n",
		      v->n_processes, v->n_unreadable, ms_since(&t0));
	snprintf(want, sizeof(want), "engine daemon (pid %ld)", env.daemon_pid);
	assert_true(v->host_known);
	assert_string_equal(v->host_source, want);

	ps = proc_view_container(v, env.hostpid_id, &n);
	if (!ps)
		fail_msg("no process of the --pid=host container %s in /proc", env.hostpid_id);
	for (size_t i = 0; i < n; i++) {
		print_message("# host-PID container: pid %ld ns %llu:%llu (%s)\n", ps[i].pid,
			      ps[i].ns_dev, ps[i].ns_ino, ps[i].runtime);
		assert_string_equal(ps[i].runtime, "docker");
		assert_true(same_ns(&ps[i], v->host_ns_dev, v->host_ns_ino));
	}

	ps = proc_view_container(v, env.private_id, &n);
	if (!ps)
		fail_msg("no process of the private container %s in /proc", env.private_id);
	for (size_t i = 0; i < n; i++) {
		print_message("# private container: pid %ld ns %llu:%llu\n", ps[i].pid,
			      ps[i].ns_dev, ps[i].ns_ino);
		assert_false(same_ns(&ps[i], v->host_ns_dev, v->host_ns_ino));
		assert_true(same_ns(&ps[i], ps[0].ns_dev, ps[0].ns_ino));
	}

	if (env.sharer_id) {
		unsigned long long dev = ps[0].ns_dev, ino = ps[0].ns_ino;

		ps = proc_view_container(v, env.sharer_id, &n);
		if (!ps)
			fail_msg("no process of the sharing container %s in /proc", env.sharer_id);
		for (size_t i = 0; i < n; i++)
			assert_true(same_ns(&ps[i], dev, ino));
	}

	/* Created and exited containers: the kernel knows no process of theirs. */
	for (const char *p = env.noproc_ids; p && *p;) {
		char id[65];
		size_t len = strcspn(p, " ");

		if (len > 0) {
			assert_true(len < sizeof(id));
			memcpy(id, p, len);
			id[len] = '\0';
			n = 99;
			assert_null(proc_view_container(v, id, &n));
			assert_int_equal(n, 0);
		}
		p += len + (p[len] == ' ');
	}
	assert_int_equal(v->n_unreadable, 0); /* root reads every ns/pid */
	proc_view_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgroup_docker_cgroupfs),
		cmocka_unit_test(test_cgroup_docker_systemd),
		cmocka_unit_test(test_cgroup_containerd_cri),
		cmocka_unit_test(test_cgroup_crio),
		cmocka_unit_test(test_cgroup_podman),
		cmocka_unit_test(test_cgroup_runtime_optional),
		cmocka_unit_test(test_cgroup_wrong_ids),
		cmocka_unit_test(test_cgroup_not_container_paths),
		cmocka_unit_test(test_cgroup_malformed),
		cmocka_unit_test(test_take_real_proc_self),
		cmocka_unit_test(test_take_real_proc_daemon),
		cmocka_unit_test(test_take_real_proc_daemon_gone),
		cmocka_unit_test(test_take_missing_root),
		cmocka_unit_test(test_take_root_not_a_folder),
		cmocka_unit_test(test_take_fake_root),
		cmocka_unit_test(test_take_fake_root_without_self),
		cmocka_unit_test(test_take_fake_root_many),
		cmocka_unit_test(test_take_new_pid_namespace),
		cmocka_unit_test(test_mountinfo_docker_podman),
		cmocka_unit_test(test_mountinfo_not_a_container),
		cmocka_unit_test(test_take_self_from_mountinfo),
		cmocka_unit_test(test_merge_unmanaged_outlives_view),
		cmocka_unit_test(test_host_ref_socket_owner_systemd),
		cmocka_unit_test(test_judge_ns_path),
	};
	const struct CMUnitTest engine_tests[] = {
		cmocka_unit_test(test_real_engine),
	};
	const char *s;

	env.engine_sock = getenv("CSCAP_TEST_ENGINE_SOCK");
	env.hostpid_id = getenv("CSCAP_TEST_HOSTPID_ID");
	env.private_id = getenv("CSCAP_TEST_PRIVATE_ID");
	env.sharer_id = getenv("CSCAP_TEST_SHARER_ID");
	env.noproc_ids = getenv("CSCAP_TEST_NOPROC_IDS");
	s = getenv("CSCAP_TEST_DAEMON_PID");
	env.daemon_pid = s ? strtol(s, NULL, 10) : 0;
	/*
	 * The real-engine test is listed only where an engine was given: a
	 * cmocka skip prints "not ok … # SKIP", which tests/run.sh counts as
	 * a failure.
	 */
	if (s)
		return cmocka_run_group_tests_name("proc_view_real_engine", engine_tests, NULL, NULL);
	print_message("# test_real_engine: run by tests/integration/kernel_view_test.sh\n");
	return cmocka_run_group_tests_name("proc_view", tests, NULL, NULL);
}
