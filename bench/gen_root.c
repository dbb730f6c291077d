/*
 * gen_root: write a host root with N Docker containers in dockerd 20.10's
 * on-disk format, for the offline-scale benchmark (bench/run.sh).
 *
 *   gen_root DIR N [THREADS]
 *
 * DIR/var/lib/docker/containers/<id>/ gets what dockerd 20.10 (Debian
 * docker.io) leaves there, byte for byte in shape (captured from a real engine
 * with tests/lib/engine.sh; the same JSON as tests/unit/disk_view_test.c):
 *   created:          checkpoints/ config.v2.json hostconfig.json
 *   started (exited or running): also <id>-json.log hostname hosts mounts/
 *                     resolv.conf resolv.conf.hash
 * Container i (0-based): PidMode "host" when i % 100 == 0 (1 in 100; those
 * are "created", as `docker create --pid=host` leaves them), else "";
 * i % 10 in 0..5 exited, 6..8 created, 9 running; 1 in 20 has a volume and
 * two bind mounts.  Ids are the same 64-hex mix as the unit tests' make_id.
 *
 * The disk here costs ~0.4-0.7 ms per created file when done one after the
 * other but overlaps well, so THREADS writers (default 32) share the work.
 * DIR must not exist; it is written as DIR.tmp.<pid> and renamed at the end,
 * so a cache folder is either complete or absent.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DR "/var/lib/docker"

static const char *g_base;
static long g_n;
static int g_threads;
static volatile int g_failed;

static void make_id(char out[65], unsigned long seed)
{
	unsigned long long x = 0x9e3779b97f4a7c15ULL * (seed + 1);

	for (int i = 0; i < 4; i++) {
		x ^= x >> 31;
		x *= 0xbf58476d1ce4e5b9ULL;
		x ^= x >> 27;
		snprintf(out + 16 * i, 17, "%016llx", x);
	}
}

static void die(const char *what, const char *path)
{
	fprintf(stderr, "gen_root: %s %s: %s\n", what, path, strerror(errno));
	g_failed = 1;
	exit(1);
}

static void mkdir_p(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			die("mkdir", buf);
		*p = '/';
	}
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		die("mkdir", buf);
}

static void put(int dfd, const char *dir, const char *name, mode_t mode, const char *data, size_t len)
{
	int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);

	if (fd < 0)
		die("create", dir);
	while (len) {
		ssize_t w = write(fd, data, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("write", dir);
		}
		data += w;
		len -= (size_t)w;
	}
	if (close(fd) != 0)
		die("close", dir);
}

struct sb {
	char *p;
	size_t len, cap;
};

static void sb_printf(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(struct sb *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			exit(1);
		if ((size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			exit(1);
	}
}

static const char *tf(bool b)
{
	return b ? "true" : "false";
}

/* An RFC 3339 time with nanoseconds, varied per container as real files are. */
static void stamp(char *out, size_t size, unsigned long i, int offset_s, unsigned frac)
{
	unsigned long s = (i * 7 + (unsigned long)offset_s) % 86400;

	snprintf(out, size, "2026-11-%02luT%02lu:%02lu:%02lu.%09uZ", 1 + (i / 86400) % 28, s / 3600,
		 (s / 60) % 60, s % 60, frac);
}

static void write_container(unsigned long i, struct sb *cfg, struct sb *hc)
{
	char id[65], dir[4096], cdir[512], name[32], created[64], started[64], finished[64];
	char sandbox[65], binds[96];
	int kind = (int)(i % 10);
	bool host = i % 100 == 0;
	bool running = kind == 9 && !host;
	bool ever = (kind <= 5 || kind == 9) && !host;
	bool mounts = i % 20 == 3;
	long pid = running ? 20000 + (long)(i % 4000000) : 0;

	make_id(id, i);
	make_id(sandbox, i + 0x40000000UL);
	snprintf(name, sizeof(name), "bench-%06lu", i);
	snprintf(dir, sizeof(dir), "%s" DR "/containers/%s", g_base, id);
	snprintf(cdir, sizeof(cdir), DR "/containers/%s", id);
	stamp(created, sizeof(created), i, 0, (unsigned)(i * 2654435761u % 1000000000u));
	if (ever)
		stamp(started, sizeof(started), i, 1, (unsigned)(i * 40503u % 1000000000u));
	else
		snprintf(started, sizeof(started), "0001-01-01T00:00:00Z");
	if (ever && !running)
		stamp(finished, sizeof(finished), i, 20, (unsigned)(i * 69069u % 1000000000u));
	else
		snprintf(finished, sizeof(finished), "0001-01-01T00:00:00Z");

	if (mkdir(dir, 0710) != 0)
		die("mkdir", dir);
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		die("open", dir);

	cfg->len = 0;
	sb_printf(cfg,
		  "{\"StreamConfig\":{},\"State\":{\"Running\":%s,\"Paused\":false,\"Restarting\":false,"
		  "\"OOMKilled\":false,\"RemovalInProgress\":false,\"Dead\":false,\"Pid\":%ld,\"ExitCode\":%d,"
		  "\"Error\":\"\",\"StartedAt\":\"%s\",\"FinishedAt\":\"%s\",\"Health\":null},"
		  "\"ID\":\"%s\",\"Created\":\"%s\",\"Managed\":false,"
		  "\"Path\":\"/bin/sh\",\"Args\":[\"-c\",\"trap \\\"exit 0\\\" TERM INT; while :; do sleep 1 \\u0026 wait $!; done\"],"
		  "\"Config\":{\"Hostname\":\"%.12s\",\"Domainname\":\"\",\"User\":\"\",\"AttachStdin\":false,"
		  "\"AttachStdout\":false,\"AttachStderr\":false,\"Tty\":false,\"OpenStdin\":false,"
		  "\"StdinOnce\":false,\"Env\":null,\"Cmd\":[\"/bin/sh\",\"-c\",\"trap \\\"exit 0\\\" TERM INT; while :; do sleep 1 \\u0026 wait $!; done\"],"
		  "\"Image\":\"cscap-busybox:latest\","
		  "\"Volumes\":%s,\"WorkingDir\":\"\",\"Entrypoint\":null,\"NetworkDisabled\":true,"
		  "\"OnBuild\":null,\"Labels\":{}},"
		  "\"Image\":\"sha256:9ad0426f17e9fd8753f78dd946ba895704c386bd4460245207d350c9daf32683\","
		  "\"NetworkSettings\":{\"Bridge\":\"\",\"SandboxID\":\"%s\",\"HairpinMode\":false,"
		  "\"LinkLocalIPv6Address\":\"\",\"LinkLocalIPv6PrefixLen\":0,\"Networks\":{\"bridge\":"
		  "{\"IPAMConfig\":null,\"Links\":null,\"Aliases\":null,\"NetworkID\":\"\",\"EndpointID\":\"\","
		  "\"Gateway\":\"\",\"IPAddress\":\"\",\"IPPrefixLen\":0,\"IPv6Gateway\":\"\","
		  "\"GlobalIPv6Address\":\"\",\"GlobalIPv6PrefixLen\":0,\"MacAddress\":\"\",\"DriverOpts\":null,"
		  "\"IPAMOperational\":false}},\"Service\":null,\"Ports\":null,\"SandboxKey\":\"%s%.12s\","
		  "\"SecondaryIPAddresses\":null,\"SecondaryIPv6Addresses\":null,\"IsAnonymousEndpoint\":false,"
		  "\"HasSwarmEndpoint\":false},\"LogPath\":\"%s%s%s%s\",\"Name\":\"/%s\",\"Driver\":\"overlay2\","
		  "\"OS\":\"linux\",\"MountLabel\":\"\",\"ProcessLabel\":\"\",\"RestartCount\":0,"
		  "\"HasBeenStartedBefore\":%s,\"HasBeenManuallyStopped\":%s,\"MountPoints\":{",
		  tf(running), pid, ever && !running ? 137 : 0, started, finished, id, created, id,
		  mounts ? "{\"/data\":{}}" : "null", ever ? sandbox : "", ever ? "/var/run/docker/netns/" : "",
		  ever ? sandbox : "", ever ? cdir : "", ever ? "/" : "", ever ? id : "", ever ? "-json.log" : "",
		  name, tf(ever), tf(ever && !running));
	if (mounts)
		sb_printf(cfg,
			  "\"/data\":{\"Source\":\"\",\"Destination\":\"/data\",\"RW\":true,\"Name\":\"vol%lu\","
			  "\"Driver\":\"local\",\"Type\":\"volume\",\"Relabel\":\"z\",\"Spec\":{\"Type\":\"volume\","
			  "\"Source\":\"vol%lu\",\"Target\":\"/data\"},\"SkipMountpointCreation\":false},"
			  "\"/hostetc\":{\"Source\":\"/etc\",\"Destination\":\"/hostetc\",\"RW\":true,\"Name\":\"\","
			  "\"Driver\":\"\",\"Type\":\"bind\",\"Propagation\":\"rprivate\",\"Spec\":{\"Type\":\"bind\","
			  "\"Source\":\"/etc\",\"Target\":\"/hostetc\"},\"SkipMountpointCreation\":false},"
			  "\"/hosttmp\":{\"Source\":\"/tmp\",\"Destination\":\"/hosttmp\",\"RW\":false,\"Name\":\"\","
			  "\"Driver\":\"\",\"Type\":\"bind\",\"Relabel\":\"ro\",\"Propagation\":\"rprivate\","
			  "\"Spec\":{\"Type\":\"bind\",\"Source\":\"/tmp\",\"Target\":\"/hosttmp\",\"ReadOnly\":true},"
			  "\"SkipMountpointCreation\":false}",
			  i, i);
	sb_printf(cfg,
		  "},\"SecretReferences\":null,\"ConfigReferences\":null,\"AppArmorProfile\":\"%s\","
		  "\"HostnamePath\":\"%s%s\",\"HostsPath\":\"%s%s\",\"ShmPath\":\"\","
		  "\"ResolvConfPath\":\"%s%s\",\"SeccompProfile\":\"\",\"NoNewPrivileges\":false,"
		  "\"LocalLogCacheMeta\":{\"HaveNotifyEnabled\":false}}",
		  ever ? "docker-default" : "", ever ? cdir : "", ever ? "/hostname" : "", ever ? cdir : "",
		  ever ? "/hosts" : "", ever ? cdir : "", ever ? "/resolv.conf" : "");
	put(dfd, dir, "config.v2.json", 0600, cfg->p, cfg->len);

	if (mounts)
		snprintf(binds, sizeof(binds), "[\"vol%lu:/data\",\"/etc:/hostetc\",\"/tmp:/hosttmp:ro\"]", i);
	else
		snprintf(binds, sizeof(binds), "null");
	hc->len = 0;
	sb_printf(hc,
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
		  binds,
		  host ? "host" : "", host ? "[\"label=disable\"]" : "null");
	put(dfd, dir, "hostconfig.json", 0644, hc->p, hc->len);

	if (mkdirat(dfd, "checkpoints", 0700) != 0)
		die("mkdir checkpoints in", dir);
	if (ever) {
		static const char hosts[] = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
					    "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
					    "ff02::2\tip6-allrouters\n";
		static const char resolv[] = "nameserver 10.255.255.53\n";
		static const char hash[] =
			"sha256:b28bb20664856e4e8dcd7776224848fbbf4ed5c7a005f13447fcd3dd347dbb8a";
		char log[96], hn[16];
		snprintf(log, sizeof(log), "%s-json.log", id);
		snprintf(hn, sizeof(hn), "%.12s\n", id);
		put(dfd, dir, log, 0640, "", 0);
		put(dfd, dir, "hostname", 0644, hn, 13);
		put(dfd, dir, "hosts", 0644, hosts, sizeof(hosts) - 1);
		put(dfd, dir, "resolv.conf", 0644, resolv, sizeof(resolv) - 1);
		put(dfd, dir, "resolv.conf.hash", 0644, hash, sizeof(hash) - 1);
		if (mkdirat(dfd, "mounts", 0710) != 0)
			die("mkdir mounts in", dir);
	}
	close(dfd);
}

static void *worker(void *arg)
{
	long k = (long)arg;
	struct sb cfg = {0}, hc = {0};

	for (long i = k; i < g_n && !g_failed; i += g_threads)
		write_container((unsigned long)i, &cfg, &hc);
	free(cfg.p);
	free(hc.p);
	return NULL;
}

int main(int argc, char **argv)
{
	char tmp[4096], path[4096 + 64];

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: gen_root DIR N [THREADS]\n");
		return 2;
	}
	g_n = strtol(argv[2], NULL, 10);
	g_threads = argc > 3 ? atoi(argv[3]) : 32;
	if (g_n < 0 || g_n > 10000000 || g_threads < 1 || g_threads > 256) {
		fprintf(stderr, "gen_root: bad N or THREADS\n");
		return 2;
	}
	if (access(argv[1], F_OK) == 0) {
		fprintf(stderr, "gen_root: %s exists\n", argv[1]);
		return 1;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", argv[1], (long)getpid());
	g_base = tmp;
	snprintf(path, sizeof(path), "%s" DR "/containers", tmp);
	mkdir_p(path);
	snprintf(path, sizeof(path), "%s/etc/docker", tmp);
	mkdir_p(path);
	for (const char *const *d = (const char *const[]){"image/overlay2", "volumes", "network/files",
							   "overlay2", "plugins", "tmp", NULL};
	     *d; d++) {
		snprintf(path, sizeof(path), "%s" DR "/%s", tmp, *d);
		mkdir_p(path);
	}

	pthread_t th[256];
	for (long t = 0; t < g_threads; t++)
		if (pthread_create(&th[t], NULL, worker, (void *)t) != 0) {
			fprintf(stderr, "gen_root: cannot start threads\n");
			return 1;
		}
	for (int t = 0; t < g_threads; t++)
		pthread_join(th[t], NULL);
	if (g_failed)
		return 1;
	if (rename(tmp, argv[1]) != 0) {
		fprintf(stderr, "gen_root: rename %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	return 0;
}
