/*
 * Unit tests of the offline view (engine/probes/container/disk_view.c).
 *
 * Every fixture is a host root generated in a temp folder, in Docker's real
 * on-disk format: config.v2.json and hostconfig.json are written as the
 * compact one-line JSON that dockerd 20.10 (Debian docker.io) wrote for a
 * running, created, exited (with volume and bind mounts), --pid=host,
 * --pid=container:<id> and paused container (captured with tests/lib/engine.sh).
 *
 * openat2 may be missing (valgrind 3.19 does not know it, old kernels and old
 * seccomp profiles refuse it); the symlink tests then expect the fallback's
 * answer (links refused) instead of resolution inside the root, and the
 * fallback is forced with a seccomp filter in a child process when openat2
 * does work.  CSCAP_DISK_BENCH_N sets the number of containers of the
 * timing test (default 2000).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>

#include "cscap/error.h"
#include "probes/container/disk_view.h"

#include "test_util.h"

#define assert_not_contains(haystack, needle)                                      \
	do {                                                                       \
		const char *h_ = (haystack), *n_ = (needle);                       \
		if (h_ && strstr(h_, n_))                                          \
			fail_msg("expected \"%s\" not to contain \"%s\"", h_, n_); \
	} while (0)

#define DEFAULT_DR "/var/lib/docker"
#define ZERO_TIME "0001-01-01T00:00:00Z"

static bool have_openat2;

/* ------------------------------------------------------------ file helpers */

static void mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			fail_msg("mkdir %s: %s", buf, strerror(errno));
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", buf, strerror(errno));
}

static void parent_dir(const char *path, char *out, size_t size)
{
	snprintf(out, size, "%s", path);
	char *slash = strrchr(out, '/');
	if (slash)
		*slash = '\0';
}

/* Write text to path (folders made as needed). */
static void write_text(const char *path, const char *text)
{
	char dir[PATH_MAX];
	FILE *f;

	parent_dir(path, dir, sizeof(dir));
	mkdir_p(dir);
	f = fopen(path, "w");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void write_textf(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void write_textf(const char *path, const char *fmt, ...)
{
	va_list ap;
	char *text;

	va_start(ap, fmt);
	assert_true(vasprintf(&text, fmt, ap) >= 0);
	va_end(ap);
	write_text(path, text);
	free(text);
}

static void symlink_at(const char *target, const char *path)
{
	char dir[PATH_MAX];

	parent_dir(path, dir, sizeof(dir));
	mkdir_p(dir);
	if (symlink(target, path) != 0)
		fail_msg("symlink %s -> %s: %s", path, target, strerror(errno));
}

/* ------------------------------------------------- Docker's on-disk format */

/* A 64-hex id made from a seed, distinct for distinct seeds. */
static void make_id(char out[65], unsigned seed)
{
	unsigned long long x = 0x9e3779b97f4a7c15ULL * (seed + 1);

	for (int i = 0; i < 4; i++) {
		x ^= x >> 31;
		x *= 0xbf58476d1ce4e5b9ULL;
		x ^= x >> 27;
		snprintf(out + 16 * i, 17, "%016llx", x);
	}
}

struct fx_mount {
	const char *destination, *source, *type, *name, *driver, *relabel, *propagation;
	bool rw;
};

struct fx {
	char id[65];
	const char *name;        /* without the leading '/' */
	const char *pid_mode;    /* "", "host", "container:<id>" */
	bool running, paused, restarting, dead, removing;
	long pid;                /* written even when not running (stale values must not leak) */
	bool started;            /* StartedAt is a real time, else Go's zero time */
	const struct fx_mount *mounts; /* sorted by destination, like Go's encoder */
	size_t n_mounts;
};

static const char *tf(bool b)
{
	return b ? "true" : "false";
}

/* One MountPoints value, in the shape dockerd writes for volumes and binds. */
static void mount_json(FILE *f, const struct fx_mount *m)
{
	fprintf(f, "\"%s\":{\"Source\":\"%s\",\"Destination\":\"%s\",\"RW\":%s,\"Name\":\"%s\","
		   "\"Driver\":\"%s\",\"Type\":\"%s\"",
		m->destination, m->source, m->destination, tf(m->rw), m->name, m->driver, m->type);
	if (*m->relabel)
		fprintf(f, ",\"Relabel\":\"%s\"", m->relabel);
	if (*m->propagation)
		fprintf(f, ",\"Propagation\":\"%s\"", m->propagation);
	if (strcmp(m->type, "volume") == 0)
		fprintf(f, ",\"Spec\":{\"Type\":\"volume\",\"Source\":\"%s\",\"Target\":\"%s\"}",
			m->name, m->destination);
	else
		fprintf(f, ",\"Spec\":{\"Type\":\"bind\",\"Source\":\"%s\",\"Target\":\"%s\"%s}",
			m->source, m->destination, m->rw ? "" : ",\"ReadOnly\":true");
	fprintf(f, ",\"SkipMountpointCreation\":false}");
}

/*
 * <root><containers>/<id>/config.v2.json and hostconfig.json for c.
 * data_root is the data-root as the original host saw it (paths in the files).
 */
static void write_container(const char *root, const char *containers, const char *data_root,
			    const struct fx *c)
{
	char dir[PATH_MAX], path[PATH_MAX + 32], cdir[PATH_MAX], logpath[2 * PATH_MAX];
	const char *cmd = "[\"/bin/sh\",\"-c\",\"trap \\\"exit 0\\\" TERM INT; while :; do sleep 1 \\u0026 wait $!; done\"]";
	const char *started = c->started ? "2026-11-28T21:36:38.454791634Z" : ZERO_TIME;
	const char *finished = c->started && !c->running ? "2026-11-28T21:36:57.882907502Z" : ZERO_TIME;
	bool ever = c->started;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s%s/%s", root, containers, c->id);
	snprintf(cdir, sizeof(cdir), "%s/containers/%s", data_root, c->id);
	snprintf(logpath, sizeof(logpath), "%s/%s-json.log", cdir, c->id);
	mkdir_p(dir);
	snprintf(path, sizeof(path), "%s/config.v2.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"{\"StreamConfig\":{},\"State\":{\"Running\":%s,\"Paused\":%s,\"Restarting\":%s,"
		"\"OOMKilled\":false,\"RemovalInProgress\":%s,\"Dead\":%s,\"Pid\":%ld,\"ExitCode\":0,"
		"\"Error\":\"\",\"StartedAt\":\"%s\",\"FinishedAt\":\"%s\",\"Health\":null},"
		"\"ID\":\"%s\",\"Created\":\"2026-11-28T21:36:38.299451041Z\",\"Managed\":false,"
		"\"Path\":\"/bin/sh\",\"Args\":[\"-c\",\"trap \\\"exit 0\\\" TERM INT; while :; do sleep 1 \\u0026 wait $!; done\"],"
		"\"Config\":{\"Hostname\":\"%.12s\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
		"\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,"
		"\"StdinOnce\":false,\"Env\":null,\"Cmd\":%s,\"Image\":\"cscap-busybox:latest\","
		"\"Volumes\":null,\"WorkingDir\":\"\",\"Entrypoint\":null,\"NetworkDisabled\":true,"
		"\"OnBuild\":null,\"Labels\":{}},"
		"\"Image\":\"sha256:4d544ee786c7264bb4bd7db09aebeac0f8bcb58a0e54ea18644f03c9b84a77a4\","
		"\"NetworkSettings\":{\"Bridge\":\"\",\"SandboxID\":\"\",\"HairpinMode\":false,"
		"\"LinkLocalIPv6Address\":\"\",\"LinkLocalIPv6PrefixLen\":0,\"Networks\":{\"bridge\":"
		"{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"NetworkID\":\"\",\"EndpointID\":\"\","
		"\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\","
		"\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"MacAddress\":\"\",\"DriverOpts\":null,"
		"\"IPAMOperational\":false}},\"Service\":null,\"Ports\":null,\"SandboxKey\":\"\","
		"\"SecondaryIPAddresses\":null,\"SecondaryIPv6Addresses\":null,\"IsAnonymousEndpoint\":false,"
		"\"HasSwarmEndpoint\":false},\"LogPath\":\"%s\",\"Name\":\"/%s\",\"Driver\":\"vfs\","
		"\"OS\":\"linux\",\"MountLabel\":\"\",\"ProcessLabel\":\"\",\"RestartCount\":0,"
		"\"HasBeenStartedBefore\":%s,\"HasBeenManuallyStopped\":false,\"MountPoints\":{",
		tf(c->running), tf(c->paused), tf(c->restarting), tf(c->removing), tf(c->dead), c->pid,
		started, finished, c->id, c->id, cmd, ever ? logpath : "", c->name, tf(ever));
	for (size_t i = 0; i < c->n_mounts; i++) {
		if (i)
			fputc(',', f);
		mount_json(f, &c->mounts[i]);
	}
	fprintf(f,
		"},\"SecretReferences\":null,\"ConfigReferences\":null,\"AppArmorProfile\":\"\","
		"\"HostnamePath\":\"%s/hostname\",\"HostsPath\":\"%s/hosts\",\"ShmPath\":\"\","
		"\"ResolvConfPath\":\"%s/resolv.conf\",\"SeccompProfile\":\"\",\"NoNewPrivileges\":false,"
		"\"LocalLogCacheMeta\":{\"HaveNotifyEnabled\":false}}",
		cdir, cdir, cdir);
	assert_int_equal(fclose(f), 0);

	/* Binds lists the -v mounts; dockerd writes SecurityOpt label=disable for --pid=host. */
	char binds[1024] = "null";
	size_t at = 0;
	for (size_t i = 0; i < c->n_mounts; i++) {
		const struct fx_mount *m = &c->mounts[i];
		at += (size_t)snprintf(binds + at, sizeof(binds) - at, "%s\"%s:%s%s\"", i ? "," : "[",
				       strcmp(m->type, "volume") == 0 ? m->name : m->source, m->destination,
				       m->rw ? "" : ":ro");
	}
	if (c->n_mounts)
		snprintf(binds + at, sizeof(binds) - at, "]");
	snprintf(path, sizeof(path), "%s/hostconfig.json", dir);
	write_textf(path,
		    "{\"Binds\":%s,\"ContainerIDFile\":\"\",\"LogConfig\":{\"Type\":\"json-file\",\"Config\":{}},"
		    "\"NetworkMode\":\"default\",\"PortBindings\":{},\"RestartPolicy\":{\"Name\":\"no\","
		    "\"MaximumRetryCount\":0},\"AutoRemove\":false,\"VolumeDriver\":\"\",\"VolumesFrom\":null,"
		    "\"CapAdd\":null,\"CapDrop\":null,\"CgroupnsMode\":\"host\",\"Dns\":[],\"DnsOptions\":[],"
		    "\"DnsSearch\":[],\"ExtraHosts\":null,\"GroupAdd\":null,\"IpcMode\":\"private\",\"Cgroup\":\"\","
		    "\"Links\":null,\"OomScoreAdj\":0,\"PidMode\":\"%s\",\"Privileged\":false,"
		    "\"PublishAllPorts\":false,\"ReadonlyRootfs\":false,\"SecurityOpt\":%s,\"UTSMode\":\"\","
		    "\"UsernsMode\":\"\",\"ShmSize\":67108864,\"Runtime\":\"runc\",\"ConsoleSize\":[0,0],"
		    "\"Isolation\":\"\",\"CpuShares\":0,\"Memory\":0,\"NanoCpus\":0,\"CgroupParent\":\"\","
		    "\"BlkioWeight\":0,\"BlkioWeightDevice\":[],\"BlkioDeviceReadBps\":null,"
		    "\"BlkioDeviceWriteBps\":null,\"BlkioDeviceReadIOps\":null,\"BlkioDeviceWriteIOps\":null,"
		    "\"CpuPeriod\":0,\"CpuQuota\":0,\"CpuRealtimePeriod\":0,\"CpuRealtimeRuntime\":0,"
		    "\"CpusetCpus\":\"\",\"CpusetMems\":\"\",\"Devices\":[],\"DeviceCgroupRules\":null,"
		    "\"DeviceRequests\":null,\"KernelMemory\":0,\"KernelMemoryTCP\":0,\"MemoryReservation\":0,"
		    "\"MemorySwap\":0,\"MemorySwappiness\":null,\"OomKillDisable\":false,\"PidsLimit\":null,"
		    "\"Ulimits\":null,\"CpuCount\":0,\"CpuPercent\":0,\"IOMaximumIOps\":0,"
		    "\"IOMaximumBandwidth\":0,\"MaskedPaths\":[\"/proc/asound\",\"/proc/acpi\",\"/proc/kcore\","
		    "\"/proc/keys\",\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\","
		    "\"/proc/sched_debug\",\"/proc/scsi\",\"/sys/firmware\"],\"ReadonlyPaths\":[\"/proc/bus\","
		    "\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\"]}",
		    binds, c->pid_mode, strcmp(c->pid_mode, "host") == 0 ? "[\"label=disable\"]" : "null");
}

/* Shorthands for the usual container kinds. */
static struct fx fx_running(unsigned seed, const char *name, const char *pid_mode)
{
	struct fx c = {.name = name, .pid_mode = pid_mode, .running = true, .pid = 17000 + (long)seed,
		       .started = true};
	make_id(c.id, seed);
	return c;
}

static struct fx fx_created(unsigned seed, const char *name, const char *pid_mode)
{
	struct fx c = {.name = name, .pid_mode = pid_mode};
	make_id(c.id, seed);
	return c;
}

static struct fx fx_exited(unsigned seed, const char *name, const char *pid_mode)
{
	struct fx c = {.name = name, .pid_mode = pid_mode, .started = true};
	make_id(c.id, seed);
	return c;
}

/* --------------------------------------------------------- snapshot checks */

struct fixture {
	char *dir;   /* the temp folder */
	char root[1024];
	struct container_snapshot *snap;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	fx->dir = temp_dir_new("disk");
	assert_non_null(fx->dir);
	snprintf(fx->root, sizeof(fx->root), "%s/root", fx->dir);
	mkdir_p(fx->root);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	container_snapshot_free(fx->snap);
	rm_tree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

static struct container_snapshot *take(struct fixture *fx)
{
	container_snapshot_free(fx->snap);
	fx->snap = NULL;
	assert_int_equal(disk_snapshot_take(&fx->snap, fx->root), 0);
	assert_non_null(fx->snap);
	return fx->snap;
}

static struct container_snapshot *take_ok(struct fixture *fx)
{
	struct container_snapshot *s = take(fx);

	if (s->status != 0)
		fail_msg("snapshot failed: %s", s->error ? s->error : "(no message)");
	return s;
}

static struct container_snapshot *take_error(struct fixture *fx, int code)
{
	struct container_snapshot *s = take(fx);

	if (s->status == 0)
		fail_msg("snapshot succeeded with %zu containers; an error was expected", s->n_containers);
	assert_int_equal(s->status, code);
	assert_non_null(s->error);
	assert_int_equal(s->n_containers, 0);
	return s;
}

static const struct container *find(const struct container_snapshot *s, const char *id)
{
	for (size_t i = 0; i < s->n_containers; i++)
		if (strcmp(s->containers[i].id, id) == 0)
			return &s->containers[i];
	fail_msg("container %.12s is not in the snapshot", id);
	return NULL;
}

static void assert_sorted(const struct container_snapshot *s)
{
	for (size_t i = 1; i < s->n_containers; i++)
		assert_true(strcmp(s->containers[i - 1].id, s->containers[i].id) <= 0);
}

/* ------------------------------------------------------------------ tests */

static const struct fx_mount exited_mounts[] = {
	{"/data", "/var/lib/docker/volumes/vol1/_data", "volume", "vol1", "local", "z", "", true},
	{"/hostetc", "/etc", "bind", "", "", "", "rslave", true},
	{"/hosttmp", "/tmp", "bind", "", "", "ro", "rslave", false},
};

/* The six containers the real engine was seen with, in the default data-root. */
static void write_engine_set(const char *root, const char *containers, const char *dr,
			     struct fx set[6])
{
	set[0] = fx_running(1, "default", "");
	set[1] = fx_running(2, "hostpid", "host");
	set[2] = fx_running(3, "sharer", "");
	set[3] = fx_created(4, "hostcreated", "host");
	set[4] = fx_exited(5, "exited", "");
	set[5] = fx_running(6, "paused", "");
	static char sharer_mode[80];
	snprintf(sharer_mode, sizeof(sharer_mode), "container:%s", set[0].id);
	set[2].pid_mode = sharer_mode;
	set[4].mounts = exited_mounts;
	set[4].n_mounts = 3;
	set[4].pid = 0;
	set[5].paused = true;
	for (int i = 0; i < 6; i++)
		write_container(root, containers, dr, &set[i]);
}

static void test_default_data_root(void **state)
{
	struct fixture *fx = *state;
	struct fx set[6];
	char url[PATH_MAX + 16];

	write_engine_set(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, set);
	struct container_snapshot *s = take_ok(fx);

	assert_int_equal(s->n_containers, 6);
	assert_sorted(s);
	assert_string_equal(s->engine, "docker");
	assert_string_equal(s->engine_version, "offline");
	snprintf(url, sizeof(url), "file://%s", fx->root);
	assert_string_equal(s->engine_url, url);
	assert_false(s->host_pid_ns_known);
	assert_int_equal(s->daemon_pid, 0);

	const struct container *c = find(s, set[0].id);
	assert_string_equal(c->name, "default");
	assert_string_equal(c->image, "cscap-busybox:latest");
	assert_string_equal(c->state, "running");
	assert_string_equal(c->source, "disk");
	assert_string_equal(c->engine, "docker");
	assert_string_equal(c->pid_mode, "");
	assert_string_equal(c->effective_pid_mode, "private");
	assert_int_equal(c->pid, 17001);
	assert_false(c->pid_ns_known);
	assert_string_equal(c->ipc_mode, "private");
	assert_string_equal(c->network_mode, "default");
	assert_int_equal(c->n_mounts, 0);
	assert_false(c->has_pids_limit);

	c = find(s, set[1].id);
	assert_string_equal(c->pid_mode, "host");
	assert_string_equal(c->effective_pid_mode, "host");
	assert_int_equal(c->n_security_opt, 1);
	assert_string_equal(c->security_opt[0], "label=disable");

	c = find(s, set[2].id);
	assert_string_equal(c->pid_mode, set[2].pid_mode);
	assert_string_equal(c->effective_pid_mode, set[2].pid_mode);

	c = find(s, set[3].id);
	assert_string_equal(c->state, "created");
	assert_string_equal(c->pid_mode, "host");
	assert_string_equal(c->effective_pid_mode, "host");
	assert_int_equal(c->pid, 0);

	c = find(s, set[4].id);
	assert_string_equal(c->state, "exited");
	assert_int_equal(c->pid, 0);

	c = find(s, set[5].id);
	assert_string_equal(c->state, "paused");
	assert_int_equal(c->pid, 17006);
}

static void test_mounts(void **state)
{
	struct fixture *fx = *state;
	/* Written out of order: the view must sort by destination itself. */
	static const struct fx_mount unordered[] = {
		{"/hosttmp", "/tmp", "bind", "", "", "ro", "rslave", false},
		{"/data", "/var/lib/docker/volumes/vol1/_data", "volume", "vol1", "local", "z", "", true},
		{"/hostetc", "/etc", "bind", "", "", "", "rslave", true},
	};
	struct fx c = fx_exited(7, "mounts", "");

	c.mounts = unordered;
	c.n_mounts = 3;
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, 1);
	const struct container *k = &s->containers[0];
	assert_int_equal(k->n_mounts, 3);

	assert_string_equal(k->mounts[0].destination, "/data");
	assert_string_equal(k->mounts[0].source, "/var/lib/docker/volumes/vol1/_data");
	assert_string_equal(k->mounts[0].type, "volume");
	assert_string_equal(k->mounts[0].mode, "z");
	assert_true(k->mounts[0].rw);
	assert_string_equal(k->mounts[0].propagation, "");

	assert_string_equal(k->mounts[1].destination, "/hostetc");
	assert_string_equal(k->mounts[1].source, "/etc");
	assert_string_equal(k->mounts[1].type, "bind");
	assert_string_equal(k->mounts[1].mode, "");
	assert_true(k->mounts[1].rw);
	assert_string_equal(k->mounts[1].propagation, "rslave");

	assert_string_equal(k->mounts[2].destination, "/hosttmp");
	assert_string_equal(k->mounts[2].mode, "ro");
	assert_false(k->mounts[2].rw);
}

static void test_states(void **state)
{
	struct fixture *fx = *state;
	static const struct {
		bool running, paused, restarting, removing, dead, started;
		long pid;
		const char *want;
		long want_pid;
	} cases[] = {
		{true, false, false, false, false, true, 101, "running", 101},
		{true, true, false, false, false, true, 102, "paused", 102},
		{true, false, true, false, false, true, 103, "restarting", 103},
		{true, true, true, false, false, true, 104, "paused", 104}, /* Paused wins */
		{false, false, false, true, false, true, 105, "removing", 0},
		{false, false, false, false, true, true, 106, "dead", 0},
		{false, false, false, true, true, true, 0, "removing", 0},
		{false, false, false, false, false, false, 0, "created", 0},
		{false, false, false, false, false, true, 109, "exited", 0}, /* stale Pid ignored */
		{true, false, false, false, false, false, 110, "running", 110},
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	char ids[sizeof(cases) / sizeof(cases[0])][65];

	for (size_t i = 0; i < n; i++) {
		struct fx c = {.name = "s", .pid_mode = "", .running = cases[i].running,
			       .paused = cases[i].paused, .restarting = cases[i].restarting,
			       .removing = cases[i].removing, .dead = cases[i].dead,
			       .started = cases[i].started, .pid = cases[i].pid};
		make_id(c.id, 100 + (unsigned)i);
		memcpy(ids[i], c.id, 65);
		write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	}
	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, n);
	for (size_t i = 0; i < n; i++) {
		const struct container *c = find(s, ids[i]);
		if (strcmp(c->state, cases[i].want) != 0 || c->pid != cases[i].want_pid)
			fail_msg("case %zu: state %s pid %ld, want %s pid %ld", i, c->state, c->pid,
				 cases[i].want, cases[i].want_pid);
	}
}

static void test_pid_modes(void **state)
{
	struct fixture *fx = *state;
	struct fx priv = fx_running(20, "priv", ""), host = fx_running(21, "host", "host");
	struct fx on_priv = fx_running(22, "on-priv", ""), on_host = fx_running(23, "on-host", "");
	struct fx dangling = fx_created(24, "dangling", ""), chain = fx_running(25, "chain", "");
	char m_priv[80], m_host[80], m_dang[80], m_chain[80], gone[65];

	make_id(gone, 999);
	snprintf(m_priv, sizeof(m_priv), "container:%s", priv.id);
	snprintf(m_host, sizeof(m_host), "container:%s", host.id);
	snprintf(m_dang, sizeof(m_dang), "container:%s", gone);
	snprintf(m_chain, sizeof(m_chain), "container:%s", on_host.id);
	on_priv.pid_mode = m_priv;
	on_host.pid_mode = m_host;
	dangling.pid_mode = m_dang;
	chain.pid_mode = m_chain;
	const struct fx *all[] = {&priv, &host, &on_priv, &on_host, &dangling, &chain};
	for (size_t i = 0; i < 6; i++)
		write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, all[i]);

	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, 6);
	assert_string_equal(find(s, priv.id)->effective_pid_mode, "private");
	assert_string_equal(find(s, host.id)->effective_pid_mode, "host");
	assert_string_equal(find(s, on_priv.id)->pid_mode, m_priv);
	assert_string_equal(find(s, on_priv.id)->effective_pid_mode, m_priv);
	assert_string_equal(find(s, on_host.id)->effective_pid_mode, "host");
	assert_string_equal(find(s, dangling.id)->effective_pid_mode, "dangling");
	assert_string_equal(find(s, chain.id)->effective_pid_mode, "host");
}

/* Offline, an ns:<path> names no live namespace: unknown with the reason, never passed on raw. */
static void test_pid_mode_ns_offline(void **state)
{
	struct fixture *fx = *state;
	struct fx ns = fx_running(30, "ns", "ns:/proc/self/ns/pid"), on_ns = fx_running(31, "on-ns", "");
	char m_ns[80];

	snprintf(m_ns, sizeof(m_ns), "container:%s", ns.id);
	on_ns.pid_mode = m_ns;
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &ns);
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &on_ns);
	struct container_snapshot *s = take_ok(fx);
	assert_string_equal(find(s, ns.id)->effective_pid_mode, "unknown");
	assert_non_null(strstr(find(s, ns.id)->pid_mode_reason, "offline scan"));
	assert_string_equal(find(s, on_ns.id)->effective_pid_mode, "unknown");
}

static void test_moved_data_root(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX];
	struct fx moved = fx_running(30, "moved", "host"), stale = fx_running(31, "stale", "");

	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", fx->root);
	write_text(path, "{\n  \"data-root\": \"/srv/docker/\",\n  \"log-level\": \"info\"\n}\n");
	write_container(fx->root, "/srv/docker/containers", "/srv/docker", &moved);
	/* A leftover default data-root is not what the daemon uses. */
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &stale);

	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, 1);
	assert_string_equal(s->containers[0].id, moved.id);
	assert_string_equal(s->containers[0].pid_mode, "host");
}

static void test_legacy_graph(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX];
	struct fx c = fx_exited(32, "graph", "");

	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", fx->root);
	write_text(path, "{\"graph\":\"/docker-graph\"}");
	write_container(fx->root, "/docker-graph/containers", "/docker-graph", &c);
	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, 1);
	assert_string_equal(s->containers[0].id, c.id);
}

static void test_daemon_json_errors(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX];
	struct fx c = fx_running(33, "c", "");
	static const char *bad[] = {
		"{\"data-root\": \"/srv/docker\",",         /* cut short */
		"data-root=/srv/docker\n",                 /* not JSON */
		"[\"/srv/docker\"]",                       /* not an object */
		"{\"data-root\": 42}",                     /* wrong type */
		"{\"data-root\":\"/a\",\"graph\":\"/b\"}", /* dockerd refuses both */
		"{} {}",                                   /* trailing data */
	};

	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", fx->root);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_text(path, bad[i]);
		struct container_snapshot *s = take_error(fx, CSCAP_EENGINE);
		assert_contains(s->error, path);
	}
	/* An empty data-root is dockerd's default. */
	write_text(path, "{\"data-root\":\"\"}");
	assert_int_equal(take_ok(fx)->n_containers, 1);
}

static void test_userns_remap(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX];
	struct fx plain = fx_exited(40, "before-remap", "");
	struct fx remapped = fx_running(41, "remapped", "host");
	struct fx other = fx_running(42, "other-remap", "");

	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", fx->root);
	write_text(path, "{\"userns-remap\":\"default\"}");
	/* Only the remapped root at first: no <data-root>/containers at all. */
	write_container(fx->root, DEFAULT_DR "/100000.100000/containers", DEFAULT_DR "/100000.100000",
			&remapped);
	snprintf(path, sizeof(path), "%s" DEFAULT_DR "/100000.100000/image", fx->root);
	mkdir_p(path);
	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, 1);
	assert_string_equal(s->containers[0].id, remapped.id);
	assert_string_equal(s->containers[0].effective_pid_mode, "host");

	/* Every remapped root and the plain one. */
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &plain);
	write_container(fx->root, DEFAULT_DR "/231072.231072/containers", DEFAULT_DR "/231072.231072",
			&other);
	/* Not <digits>.<digits>: ignored. */
	struct fx ignored = fx_running(43, "ignored", "host");
	write_container(fx->root, DEFAULT_DR "/100000.x/containers", DEFAULT_DR "/100000.x", &ignored);
	s = take_ok(fx);
	assert_int_equal(s->n_containers, 3);
	assert_sorted(s);
	find(s, plain.id);
	find(s, remapped.id);
	find(s, other.id);

	/* A hostile image with thousands of remapped roots is refused, not followed. */
	for (unsigned i = 0; i < 1030; i++) {
		snprintf(path, sizeof(path), "%s" DEFAULT_DR "/%u.%u", fx->root, 200000 + i, 200000 + i);
		mkdir_p(path);
	}
	s = take_error(fx, CSCAP_EREFUSED);
	assert_contains(s->error, "<uid>.<gid>");
}

static void test_broken_container(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX], cfg[PATH_MAX + 64];
	struct fx good = fx_running(50, "good", ""), bad = fx_running(51, "bad", "host");

	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &good);
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &bad);
	snprintf(path, sizeof(path), "%s" DEFAULT_DR "/containers/%s", fx->root, bad.id);
	snprintf(cfg, sizeof(cfg), "%s/config.v2.json", path);

	/* Truncated config.v2.json. */
	assert_int_equal(truncate(cfg, 700), 0);
	struct container_snapshot *s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);

	/* Missing config.v2.json. */
	assert_int_equal(unlink(cfg), 0);
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);

	/* Missing hostconfig.json (config.v2.json good again). */
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &bad);
	snprintf(cfg, sizeof(cfg), "%s/hostconfig.json", path);
	assert_int_equal(unlink(cfg), 0);
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);

	/* HostConfig with a field of the wrong type. */
	write_text(cfg, "{\"PidMode\":42}");
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);

	/* hostconfig.json that is a folder. */
	assert_int_equal(unlink(cfg), 0);
	mkdir_p(cfg);
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);
	assert_int_equal(rmdir(cfg), 0);

	/* ID of another container: dockerd itself refuses to load it. */
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &bad);
	snprintf(cfg, sizeof(cfg), "%s/config.v2.json", path);
	write_textf(cfg, "{\"State\":{\"Running\":false,\"StartedAt\":\"%s\"},\"ID\":\"%s\",\"Name\":\"/x\"}",
		    ZERO_TIME, good.id);
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);
	assert_contains(s->error, "does not match");

	/* No State; State.Pid not a number; Running not a boolean. */
	write_textf(cfg, "{\"ID\":\"%s\",\"Name\":\"/x\"}", bad.id);
	assert_contains(take_error(fx, CSCAP_EENGINE)->error, cfg);
	write_textf(cfg, "{\"ID\":\"%s\",\"State\":{\"Pid\":\"12\"}}", bad.id);
	assert_contains(take_error(fx, CSCAP_EENGINE)->error, cfg);
	write_textf(cfg, "{\"ID\":\"%s\",\"State\":{\"Running\":1}}", bad.id);
	assert_contains(take_error(fx, CSCAP_EENGINE)->error, cfg);
	write_textf(cfg, "{\"ID\":\"%s\",\"State\":{},\"MountPoints\":{\"/x\":[]}}", bad.id);
	assert_contains(take_error(fx, CSCAP_EENGINE)->error, cfg);

	/* Repaired: both read. */
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &bad);
	assert_int_equal(take_ok(fx)->n_containers, 2);
}

static void test_ignored_names(void **state)
{
	struct fixture *fx = *state;
	char base[PATH_MAX], path[PATH_MAX + 128];
	struct fx c = fx_running(60, "real", "");

	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	snprintf(base, sizeof(base), "%s" DEFAULT_DR "/containers", fx->root);
	/* None of these is a container folder, and none has readable files. */
	snprintf(path, sizeof(path), "%s/%.63s", base, c.id);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/%s0", base, c.id);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/%s.tmp", base, c.id);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789", base);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/README", base);
	write_text(path, "not a container\n");
	snprintf(path, sizeof(path), "%s/.hidden", base);
	mkdir_p(path);

	struct container_snapshot *s = take_ok(fx);
	assert_int_equal(s->n_containers, 1);
	assert_string_equal(s->containers[0].id, c.id);
}

static void test_empty_and_missing(void **state)
{
	struct fixture *fx = *state;
	char path[PATH_MAX + 64];

	/* No data-root at all: an error, never an empty pass. */
	struct container_snapshot *s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, DEFAULT_DR);

	/* A data-root without any containers folder. */
	snprintf(path, sizeof(path), "%s" DEFAULT_DR "/image", fx->root);
	mkdir_p(path);
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, "containers");

	/* An empty containers folder: a real, empty engine. */
	snprintf(path, sizeof(path), "%s" DEFAULT_DR "/containers", fx->root);
	mkdir_p(path);
	s = take_ok(fx);
	assert_int_equal(s->n_containers, 0);

	/* containers is a file. */
	assert_int_equal(rmdir(path), 0);
	write_text(path, "x");
	take_error(fx, CSCAP_EENGINE);

	/* The root itself is missing. */
	snprintf(path, sizeof(path), "%s/no-such-root", fx->dir);
	container_snapshot_free(fx->snap);
	fx->snap = NULL;
	assert_int_equal(disk_snapshot_take(&fx->snap, path), 0);
	assert_int_not_equal(fx->snap->status, 0);
	assert_contains(fx->snap->error, path);
	assert_int_equal(fx->snap->n_containers, 0);
}

/*
 * root/var/lib/docker -> <an absolute path that exists on this host with a
 * decoy container>.  Inside the root the same path holds another container.
 * The view must read the one inside the root (or, without openat2, refuse
 * the link): never the host's.
 */
static void test_absolute_symlink_stays_inside(void **state)
{
	struct fixture *fx = *state;
	char host_dr[PATH_MAX], link[PATH_MAX + 32];
	struct fx decoy = fx_running(70, "host-decoy", "host"), inside = fx_running(71, "inside", "");

	char inner[PATH_MAX + 32];

	/* On the host: <dir>/elsewhere/containers/<decoy>. */
	snprintf(host_dr, sizeof(host_dr), "%s/elsewhere", fx->dir);
	write_container(host_dr, "/containers", host_dr, &decoy);
	/* In the image: <root><dir>/elsewhere/containers/<inside>. */
	snprintf(inner, sizeof(inner), "%s/containers", host_dr);
	write_container(fx->root, inner, host_dr, &inside);
	snprintf(link, sizeof(link), "%s" DEFAULT_DR, fx->root);
	symlink_at(host_dr, link);

	struct container_snapshot *s = take(fx);
	if (have_openat2) {
		if (s->status != 0)
			fail_msg("snapshot failed: %s", s->error);
		assert_int_equal(s->n_containers, 1);
		assert_string_equal(s->containers[0].id, inside.id);
	} else {
		assert_int_not_equal(s->status, 0);
		assert_contains(s->error, "symbolic link");
	}
	assert_not_contains(s->error, decoy.id);

	/* The same through a link on a container's own file. */
	rm_tree(fx->root);
	mkdir_p(fx->root);
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &inside);
	char cfg[PATH_MAX + 128], target[PATH_MAX + 128];
	snprintf(cfg, sizeof(cfg), "%s" DEFAULT_DR "/containers/%s/config.v2.json", fx->root, inside.id);
	snprintf(target, sizeof(target), "%s/containers/%s/config.v2.json", host_dr, decoy.id);
	assert_int_equal(unlink(cfg), 0);
	/* Absolute: on the host it names the decoy's file, which has the wrong ID anyway. */
	assert_int_equal(symlink(target, cfg), 0);
	s = take(fx);
	assert_int_not_equal(s->status, 0);
	assert_int_equal(s->n_containers, 0);
	assert_not_contains(s->error, "does not match"); /* the decoy was not even opened */
}

/*
 * A container's folder or file that is a symbolic link (absolute, inside the
 * image) is followed inside the root, as the data-root is.
 */
static void test_linked_container_folder(void **state)
{
	struct fixture *fx = *state;
	char moved[PATH_MAX + 1024], link[PATH_MAX + 128], host[PATH_MAX], hc[PATH_MAX + 128];
	char target[PATH_MAX + 128];
	struct fx a = fx_running(110, "linked", "host"), b = fx_exited(111, "linked-file", "");
	struct fx decoy = fx_running(112, "decoy", "");

	/* The host has <dir>/moved/<a id> too, with another container's files. */
	snprintf(host, sizeof(host), "%s/moved", fx->dir);
	memcpy(decoy.id, a.id, sizeof(decoy.id));
	decoy.pid_mode = "";
	write_container(host, "", "/x", &decoy);
	/* In the image: <root><dir>/moved/<a id>, linked from the containers folder. */
	snprintf(moved, sizeof(moved), "%s%s", fx->root, host);
	write_container(moved, "", DEFAULT_DR, &a);
	snprintf(link, sizeof(link), "%s" DEFAULT_DR "/containers/%s", fx->root, a.id);
	snprintf(target, sizeof(target), "%s/%s", host, a.id);
	symlink_at(target, link);
	/* b's hostconfig.json links to a sibling by a relative name. */
	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &b);
	snprintf(hc, sizeof(hc), "%s" DEFAULT_DR "/containers/%s/hostconfig.json", fx->root, b.id);
	snprintf(link, sizeof(link), "%s" DEFAULT_DR "/containers/%s/hc.json", fx->root, b.id);
	assert_int_equal(rename(hc, link), 0);
	assert_int_equal(symlink("hc.json", hc), 0);

	struct container_snapshot *s = take(fx);
	if (!have_openat2) {
		assert_int_not_equal(s->status, 0);
		assert_contains(s->error, "symbolic link");
		return;
	}
	if (s->status != 0)
		fail_msg("snapshot failed: %s", s->error);
	assert_int_equal(s->n_containers, 2);
	assert_string_equal(find(s, a.id)->pid_mode, "host"); /* the image's, not the host's "" */
	assert_string_equal(find(s, a.id)->name, "linked");
	assert_string_equal(find(s, b.id)->state, "exited");
}

/* root/var/lib/docker -> ../../../outside: ".." stops at the root. */
static void test_dotdot_symlink_cannot_escape(void **state)
{
	struct fixture *fx = *state;
	char outside[PATH_MAX], link[PATH_MAX + 32];
	struct fx escaped = fx_running(80, "outside", "host"), inside = fx_running(81, "inside", "");

	/* <dir>/outside is a real data-root beside the root. */
	snprintf(outside, sizeof(outside), "%s/outside", fx->dir);
	write_container(outside, "/containers", "/outside", &escaped);
	snprintf(link, sizeof(link), "%s" DEFAULT_DR, fx->root);
	symlink_at("../../../outside", link);

	struct container_snapshot *s = take(fx);
	assert_int_not_equal(s->status, 0);
	assert_int_equal(s->n_containers, 0);

	/* With <root>/outside present, ".." resolves to it: inside the image. */
	write_container(fx->root, "/outside/containers", "/outside", &inside);
	s = take(fx);
	if (have_openat2) {
		if (s->status != 0)
			fail_msg("snapshot failed: %s", s->error);
		assert_int_equal(s->n_containers, 1);
		assert_string_equal(s->containers[0].id, inside.id);
	} else {
		assert_int_not_equal(s->status, 0);
		assert_contains(s->error, "symbolic link");
	}

	/* A data-root with ".." components in daemon.json. */
	char path[PATH_MAX];
	assert_int_equal(unlink(link), 0);
	snprintf(path, sizeof(path), "%s/etc/docker/daemon.json", fx->root);
	write_text(path, "{\"data-root\":\"/../../../outside\"}");
	s = take(fx);
	if (have_openat2) {
		if (s->status != 0)
			fail_msg("snapshot failed: %s", s->error);
		assert_int_equal(s->n_containers, 1);
		assert_string_equal(s->containers[0].id, inside.id);
	} else {
		assert_int_not_equal(s->status, 0);
		assert_contains(s->error, "'..' refused");
	}
}

/* A FIFO or an oversized file where a JSON file should be: refused, never a hang. */
static void test_hostile_files(void **state)
{
	struct fixture *fx = *state;
	char cfg[PATH_MAX + 128], daemon[PATH_MAX];
	struct fx c = fx_running(90, "victim", "");

	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	snprintf(cfg, sizeof(cfg), "%s" DEFAULT_DR "/containers/%s/config.v2.json", fx->root, c.id);
	assert_int_equal(unlink(cfg), 0);
	assert_int_equal(mkfifo(cfg, 0600), 0);
	struct container_snapshot *s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, cfg);
	assert_contains(s->error, "not a regular file");

	/* 17 MiB (sparse): over the 16 MiB cap. */
	assert_int_equal(unlink(cfg), 0);
	write_text(cfg, "{");
	assert_int_equal(truncate(cfg, 17L * 1024 * 1024), 0);
	s = take_error(fx, CSCAP_EREFUSED);
	assert_contains(s->error, cfg);

	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	snprintf(daemon, sizeof(daemon), "%s/etc/docker/daemon.json", fx->root);
	mkdir_p(fx->root);
	write_text(daemon, "{}");
	assert_int_equal(unlink(daemon), 0);
	assert_int_equal(mkfifo(daemon, 0600), 0);
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, daemon);

	/* Deeply nested JSON is refused by the parser, not the stack. */
	assert_int_equal(unlink(daemon), 0);
	{
		size_t depth = 100000;
		char *deep = malloc(2 * depth + 1);
		assert_non_null(deep);
		memset(deep, '[', depth);
		memset(deep + depth, ']', depth);
		deep[2 * depth] = '\0';
		write_text(daemon, deep);
		free(deep);
	}
	s = take_error(fx, CSCAP_EENGINE);
	assert_contains(s->error, daemon);
}

/* ----------------------------------------- the fallback without openat2 */

/* Make openat2 fail with ENOSYS in this process (as on Linux < 5.6). */
static int deny_openat2(void)
{
#if defined(__x86_64__)
	const unsigned arch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
	const unsigned arch = AUDIT_ARCH_AARCH64;
#else
	return -1;
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

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

/* The checks of the fallback; 0 when all hold (runs in a child: no cmocka asserts). */
static int fallback_checks(struct fixture *fx, const struct fx *plain, const char *decoy_id)
{
	struct container_snapshot *s = NULL;
	char link[PATH_MAX + 32], moved[PATH_MAX + 32];
	int bad = 0;

	/* A plain tree reads as usual. */
	if (disk_snapshot_take(&s, fx->root) != 0 || s->status != 0 || s->n_containers != 1 ||
	    strcmp(s->containers[0].id, plain->id) != 0) {
		fprintf(stderr, "fallback: plain tree: %s\n", s && s->error ? s->error : "wrong containers");
		bad |= 1;
	}
	container_snapshot_free(s);

	/* A symbolic link on the way is refused, whatever it points to. */
	snprintf(moved, sizeof(moved), "%s/real-docker", fx->root);
	snprintf(link, sizeof(link), "%s" DEFAULT_DR, fx->root);
	if (rename(link, moved) != 0 || symlink("/real-docker", link) != 0)
		return 2;
	s = NULL;
	if (disk_snapshot_take(&s, fx->root) != 0 || s->status == 0 || !strstr(s->error, "symbolic link") ||
	    strstr(s->error, decoy_id)) {
		fprintf(stderr, "fallback: symlinked data-root: %s\n", s && s->error ? s->error : "read");
		bad |= 4;
	}
	container_snapshot_free(s);

	/* ".." is refused: <root>/.. holds real-docker with the decoy. */
	char daemon[PATH_MAX + 32];
	FILE *f;
	snprintf(daemon, sizeof(daemon), "%s/etc", fx->root);
	mkdir(daemon, 0755);
	snprintf(daemon, sizeof(daemon), "%s/etc/docker", fx->root);
	mkdir(daemon, 0755);
	snprintf(daemon, sizeof(daemon), "%s/etc/docker/daemon.json", fx->root);
	if (!(f = fopen(daemon, "w")))
		return 2;
	fputs("{\"data-root\":\"/../real-docker\"}", f);
	fclose(f);
	s = NULL;
	if (disk_snapshot_take(&s, fx->root) != 0 || s->status == 0 || !strstr(s->error, "'..' refused")) {
		fprintf(stderr, "fallback: '..' in data-root: %s\n", s && s->error ? s->error : "read");
		bad |= 8;
	}
	container_snapshot_free(s);
	return bad;
}

static void test_fallback_without_openat2(void **state)
{
	struct fixture *fx = *state;
	struct fx plain = fx_running(100, "plain", "host"), decoy = fx_running(101, "decoy", "");
	char decoy_dr[PATH_MAX];

	write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &plain);
	snprintf(decoy_dr, sizeof(decoy_dr), "%s/real-docker", fx->dir);
	write_container(decoy_dr, "/containers", "/real-docker", &decoy);
	if (!have_openat2) {
		/* Already without openat2 (valgrind, old kernel): check in place. */
		assert_int_equal(fallback_checks(fx, &plain, decoy.id), 0);
		return;
	}
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (deny_openat2() != 0)
			_exit(77);
		struct open_how how = {.flags = O_PATH, .resolve = RESOLVE_IN_ROOT};
		if (syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how)) >= 0 || errno != ENOSYS)
			_exit(78);
		_exit(fallback_checks(fx, &plain, decoy.id));
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) == 77)
		skip();
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* ------------------------------------------------------------ performance */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_many_containers(void **state)
{
	struct fixture *fx = *state;
	const char *env = getenv("CSCAP_DISK_BENCH_N");
	unsigned n = env && *env ? (unsigned)strtoul(env, NULL, 10) : 2000;
	double t0 = now();

	for (unsigned i = 0; i < n; i++) {
		struct fx c = i % 3 == 0 ? fx_running(1000 + i, "bench", i % 7 == 0 ? "host" : "")
			    : i % 3 == 1 ? fx_exited(1000 + i, "bench", "")
					 : fx_created(1000 + i, "bench", "");
		write_container(fx->root, DEFAULT_DR "/containers", DEFAULT_DR, &c);
	}
	double t1 = now();
	struct container_snapshot *s = take_ok(fx);
	double t2 = now();
	assert_int_equal(s->n_containers, n);
	assert_sorted(s);
	size_t hosts = 0;
	for (size_t i = 0; i < s->n_containers; i++)
		hosts += strcmp(s->containers[i].effective_pid_mode, "host") == 0;
	size_t want = 0;
	for (unsigned i = 0; i < n; i += 3)
		want += i % 7 == 0;
	assert_int_equal(hosts, want);
	print_message("# %u containers: generated in %.2f s, read in %.3f s (%.1f us each, openat2 %s)\n",
		      n, t1 - t0, t2 - t1, n ? (t2 - t1) * 1e6 / n : 0.0, have_openat2 ? "yes" : "no");
}

int main(void)
{
	struct open_how how = {.flags = O_PATH | O_DIRECTORY, .resolve = RESOLVE_IN_ROOT};
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));

	have_openat2 = fd >= 0;
	if (fd >= 0)
		close((int)fd);

	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_data_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mounts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pid_mode_ns_offline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pid_modes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_moved_data_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_graph, setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_json_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_userns_remap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ignored_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_missing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute_symlink_stays_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linked_container_folder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotdot_symlink_cannot_escape, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fallback_without_openat2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_containers, setup, teardown),
	};
	return cmocka_run_group_tests_name("disk_view", tests, NULL, NULL);
}
