/*
 * Unit tests of the engine view (engine/probes/container/engine_api.c):
 * endpoint parsing, version negotiation and the checks on what an engine
 * answers, against canned replies served by a thread on a unix socket.
 * The misbehaving-transport cases (cut, hang, huge, TLS) are in
 * tests/integration/engine_faults_test.sh with tests/tools/fake_engine.c.
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
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cscap/error.h"
#include "probes/container/container.h"

#include "test_util.h"

#define ID_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ID_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define ID_C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"

/* ------------------------------------------------------- a canned engine */

struct canned {
	const char *path;      /* exact request path, e.g. "/v1.41/containers/json?all=1" */
	int status;
	const char *headers;   /* extra header lines, each ending in \r\n */
	const char *body;
};

struct server {
	char dir[64];
	char sock[108];
	char url[128];
	int lfd;
	const struct canned *table;
	pthread_t thread;
	char log[4096];        /* the paths asked, one per line */
};

static void serve_connection(struct server *s, int fd)
{
	char in[8192];
	size_t len = 0;

	for (;;) {
		char *end = memmem(in, len, "\r\n\r\n", 4);
		if (!end) {
			ssize_t n = len < sizeof(in) ? read(fd, in + len, sizeof(in) - len) : 0;
			if (n <= 0)
				return;
			len += (size_t)n;
			continue;
		}
		char path[1024] = "";
		size_t used = (size_t)(end - in) + 4;
		*end = '\0';
		sscanf(in, "GET %1023s", path);
		if (strlen(s->log) + strlen(path) + 2 < sizeof(s->log)) {
			strcat(s->log, path);
			strcat(s->log, "\n");
		}
		const struct canned *c = s->table;
		while (c->path && strcmp(c->path, path) != 0)
			c++;
		int status = c->path ? c->status : 404;
		const char *body = c->path ? c->body : "{\"message\":\"page not found\"}";
		char *reply = NULL;
		int n = asprintf(&reply, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%s\r\n%s",
				 status, strlen(body), c->path && c->headers ? c->headers : "", body);
		if (n < 0 || write(fd, reply, (size_t)n) != n) {
			free(reply);
			return;
		}
		free(reply);
		memmove(in, in + used, len - used);
		len -= used;
	}
}

static void *serve(void *arg)
{
	struct server *s = arg;
	int fd;

	while ((fd = accept(s->lfd, NULL, NULL)) >= 0) {
		serve_connection(s, fd);
		close(fd);
	}
	return NULL;
}

static void server_start(struct server *s, const struct canned *table)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};

	memset(s, 0, sizeof(*s));
	strcpy(s->dir, "/tmp/cscap-api-unit.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->sock, sizeof(s->sock), "%s/engine.sock", s->dir);
	snprintf(s->url, sizeof(s->url), "unix://%s", s->sock);
	strcpy(sun.sun_path, s->sock);
	s->table = table;
	s->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(s->lfd >= 0);
	assert_int_equal(bind(s->lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(s->lfd, 8), 0);
	assert_int_equal(pthread_create(&s->thread, NULL, serve, s), 0);
}

static void server_stop(struct server *s)
{
	shutdown(s->lfd, SHUT_RDWR);
	close(s->lfd);
	pthread_join(s->thread, NULL);
	unlink(s->sock);
	rmdir(s->dir);
}

/* One connection at a time: the canned engine serves connections in turn. */
static struct container_snapshot *take(const char *url, size_t max_reply)
{
	struct probe_config cfg = {0};
	struct container_snapshot *snap = NULL;

	cfg.engine_url = url;
	cfg.max_parallel = 1;
	cfg.connect_timeout_ms = 2000;
	cfg.timeout_ms = 5000;
	cfg.max_reply_bytes = max_reply ? max_reply : 1 << 20;
	assert_int_equal(container_snapshot_take(&snap, &cfg), 0);
	assert_non_null(snap);
	return snap;
}

static struct container_snapshot *take_from(const struct canned *table, struct server *s)
{
	server_start(s, table);
	struct container_snapshot *snap = take(s->url, 0);
	server_stop(s);
	return snap;
}

#define PING_41 {"/_ping", 200, "API-Version: 1.41\r\n", "OK"}
#define VERSION_41 {"/version", 200, NULL, "{\"Version\":\"20.10.5\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.12\"}"}
#define INSPECT(id, pidmode) \
	"{\"Id\":\"" id "\",\"Name\":\"/c\",\"State\":{\"Status\":\"created\",\"Pid\":0}," \
	"\"HostConfig\":{\"PidMode\":\"" pidmode "\"},\"Config\":{\"Image\":\"busybox\"}}"

/* ---------------------------------------------------------------- tests */

static void test_endpoint_errors(void **state)
{
	static const struct {
		const char *url, *why;
	} cases[] = {
		{"ftp://example", "only unix:// and tcp://"},
		{"ssh://root@host", "only unix:// and tcp://"},
		{"tcp://", "no host name"},
		{"tcp://host:0", "bad port"},
		{"tcp://host:70000", "bad port"},
		{"tcp://host:2375/prefix", "path or query"},
		{"tcp://[zz]:2375", "bad IPv6"},
		{"tcp://host:23x", "path or query"},
		{"unix://relative.sock", "bad socket path"},
		{"unix:///nonexistent/cscap/docker.sock", "No such file or directory"},
		{"unix:///dev/null", "not a socket"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct container_snapshot *snap = take(cases[i].url, 0);
		assert_int_not_equal(snap->status, 0);
		assert_contains(snap->error, cases[i].url);
		assert_contains(snap->error, cases[i].why);
		assert_int_equal(snap->n_containers, 0);
		container_snapshot_free(snap);
	}
}

static void test_tcp_refused(void **state)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t len = sizeof(sin);
	char url[64];
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	(void)state;
	/* A bound port nobody listens on refuses connections. */
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(url, sizeof(url), "tcp://127.0.0.1:%d", ntohs(sin.sin_port));
	struct container_snapshot *snap = take(url, 0);
	close(fd);
	assert_int_equal(snap->status, CSCAP_EENGINE);
	assert_contains(snap->error, url);
	assert_contains(snap->error, "GET /_ping: cannot connect: Connection refused");
	assert_int_equal(snap->daemon_pid, 0);
	container_snapshot_free(snap);
}

static void test_tls_needs_ca(void **state)
{
	struct probe_config cfg = {0};
	struct container_snapshot *snap;
	char dir[] = "/tmp/cscap-api-unit.XXXXXX";

	(void)state;
	assert_non_null(mkdtemp(dir));
	cfg.engine_url = "tcp://127.0.0.1:1";
	cfg.tls_cert_dir = dir;
	cfg.tls_verify = 1;
	assert_int_equal(container_snapshot_take(&snap, &cfg), 0);
	assert_int_equal(snap->status, CSCAP_EENGINE);
	assert_contains(snap->error, "cannot verify the engine");
	assert_contains(snap->error, "/ca.pem: No such file or directory");
	container_snapshot_free(snap);
	rmdir(dir);
}

/* Two containers, negotiated at 1.41, sorted by id, pid modes raw. */
static void test_ok(void **state)
{
	static const struct canned table[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_B "\"},{\"Id\":\"" ID_A "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "")},
		{"/v1.41/containers/" ID_B "/json", 200, NULL, INSPECT(ID_B, "host")},
		{NULL, 0, NULL, NULL},
	};
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);

	(void)state;
	assert_int_equal(snap->status, 0);
	assert_string_equal(snap->engine, "docker");
	assert_string_equal(snap->engine_version, "20.10.5");
	assert_string_equal(snap->api_version, "1.41");
	assert_int_equal(snap->daemon_pid, getpid()); /* the canned engine is this process */
	assert_int_equal(snap->n_containers, 2);
	assert_string_equal(snap->containers[0].id, ID_A);
	assert_string_equal(snap->containers[0].pid_mode, "");
	assert_string_equal(snap->containers[0].engine, "docker");
	assert_string_equal(snap->containers[1].id, ID_B);
	assert_string_equal(snap->containers[1].pid_mode, "host");
	assert_string_equal(snap->containers[1].effective_pid_mode, "host");
	container_snapshot_free(snap);
}

/* No API-Version header: /version alone decides; 1.43 is within our range. */
static void test_version_from_body(void **state)
{
	static const struct canned table[] = {
		{"/_ping", 200, NULL, "OK"},
		{"/version", 200, NULL, "{\"Version\":\"24.0.0\",\"ApiVersion\":\"1.43\",\"MinAPIVersion\":\"1.12\"}"},
		{"/v1.43/containers/json?all=1", 200, NULL, "[]"},
		{NULL, 0, NULL, NULL},
	};
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);

	(void)state;
	assert_int_equal(snap->status, 0);
	assert_string_equal(snap->api_version, "1.43");
	assert_int_equal(snap->n_containers, 0);
	assert_contains(s.log, "/v1.43/containers/json?all=1\n");
	container_snapshot_free(snap);
}

/* Podman is recognised by its /version components even without its header. */
static void test_podman_by_components(void **state)
{
	static const struct canned table[] = {
		PING_41,
		{"/version", 200, NULL,
		 "{\"Components\":[{\"Name\":\"Podman Engine\",\"Version\":\"4.3.1\"}],\"Version\":\"4.3.1\","
		 "\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\"}"},
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "ns:/proc/1/ns/pid")},
		{NULL, 0, NULL, NULL},
	};
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);

	(void)state;
	assert_int_equal(snap->status, 0);
	assert_string_equal(snap->engine, "podman");
	assert_int_equal(snap->n_containers, 1);
	assert_string_equal(snap->containers[0].engine, "podman");
	assert_string_equal(snap->containers[0].pid_mode, "ns:/proc/1/ns/pid");
	container_snapshot_free(snap);
}

/* Each canned engine below is wrong in one way; the snapshot must say how. */
static void expect_failure(const struct canned *table, const char *why)
{
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);

	assert_int_equal(snap->status, CSCAP_EENGINE);
	assert_contains(snap->error, s.url);
	assert_contains(snap->error, why);
	assert_int_equal(snap->n_containers, 0);
	container_snapshot_free(snap);
}

static void test_bad_api_version(void **state)
{
	static const struct canned bad_header[] = {
		{"/_ping", 200, "API-Version: banana\r\n", "OK"}, {NULL, 0, NULL, NULL},
	};
	static const struct canned bad_body[] = {
		{"/_ping", 200, NULL, "OK"},
		{"/version", 200, NULL, "{\"ApiVersion\":\"1.x\"}"},
		{NULL, 0, NULL, NULL},
	};
	static const struct canned no_version[] = {
		{"/_ping", 200, NULL, "OK"}, {"/version", 200, NULL, "{\"Version\":\"1.0\"}"}, {NULL, 0, NULL, NULL},
	};
	static const struct canned wrong_type[] = {
		PING_41, {"/version", 200, NULL, "{\"ApiVersion\":1.41}"}, {NULL, 0, NULL, NULL},
	};
	(void)state;
	expect_failure(bad_header, "API-Version 'banana' is not MAJOR.MINOR");
	expect_failure(bad_body, "ApiVersion '1.x' is not MAJOR.MINOR");
	expect_failure(no_version, "reports no API version");
	expect_failure(wrong_type, "GET /version: version: a field has the wrong type");
}

static void test_http_errors(void **state)
{
	static const struct canned ping_404[] = {{NULL, 0, NULL, NULL}};
	static const struct canned list_503[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 503, NULL, "{\"message\":\"daemon is shutting down\"}"},
		{NULL, 0, NULL, NULL},
	};
	(void)state;
	expect_failure(ping_404, "GET /_ping: answered HTTP 404: page not found");
	expect_failure(list_503, "GET /v1.41/containers/json?all=1: answered HTTP 503: daemon is shutting down");
}

static void test_untrusted_lists(void **state)
{
	static const struct canned not_hex[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"../../../etc/passwd\"}]"},
		{NULL, 0, NULL, NULL},
	};
	static const struct canned twice[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\"},{\"Id\":\"" ID_A "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "")},
		{NULL, 0, NULL, NULL},
	};
	static const struct canned other_id[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_B, "")},
		{NULL, 0, NULL, NULL},
	};
	static const struct canned no_state[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, "{\"Id\":\"" ID_A "\",\"HostConfig\":{}}"},
		{NULL, 0, NULL, NULL},
	};
	(void)state;
	expect_failure(not_hex, "container id '../../../etc/passwd' is not hexadecimal");
	expect_failure(twice, "is listed twice");
	expect_failure(other_id, "the reply is about container " ID_B);
	expect_failure(no_state, "GET /v1.41/containers/" ID_A "/json: container inspection");
}

/* A reply over the cap fails (here announced by Content-Length). */
static void test_reply_cap(void **state)
{
	static const struct canned table[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL,
		 "[{\"Id\":\"" ID_A "\"},{\"Id\":\"" ID_B "\"}]"},
		{NULL, 0, NULL, NULL},
	};
	struct server s;

	(void)state;
	server_start(&s, table);
	struct container_snapshot *snap = take(s.url, 120);
	server_stop(&s);
	assert_int_equal(snap->status, CSCAP_EENGINE);
	assert_contains(snap->error, "GET /v1.41/containers/json?all=1: reply larger than 120 bytes");
	container_snapshot_free(snap);
}

/* 404 on inspection: removed since the list, counted, not an error. */
static void test_vanished(void **state)
{
	static const struct canned table[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\"},{\"Id\":\"" ID_B "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "host")},
		{NULL, 0, NULL, NULL},
	};
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);

	(void)state;
	assert_int_equal(snap->status, 0);
	assert_int_equal(snap->n_containers, 1);
	assert_int_equal(snap->n_vanished, 1);
	assert_string_equal(snap->containers[0].id, ID_A);
	assert_non_null(snap->vanished);
	assert_string_equal(snap->vanished[0], ID_B); /* the list gave no name */
	container_snapshot_free(snap);
}

/* The vanished ones are named, id and name from the list, in a stable order. */
static void test_vanished_named(void **state)
{
	static const struct canned table[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL,
		 "[{\"Id\":\"" ID_B "\",\"Names\":[\"/web\"]},{\"Id\":\"" ID_A "\",\"Names\":[\"/db\",\"/x\"]},"
		 "{\"Id\":\"" ID_C "\",\"Names\":[]}]"},
		{NULL, 0, NULL, NULL},
	};
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);

	(void)state;
	assert_int_equal(snap->status, 0);
	assert_int_equal(snap->n_containers, 0);
	assert_int_equal(snap->n_vanished, 3);
	assert_string_equal(snap->vanished[0], ID_A " (db)");
	assert_string_equal(snap->vanished[1], ID_B " (web)");
	assert_string_equal(snap->vanished[2], ID_C);
	container_snapshot_free(snap);

	/* Names of the wrong type make the list an error, like any other field. */
	static const struct canned bad[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\",\"Names\":\"/web\"}]"},
		{NULL, 0, NULL, NULL},
	};
	snap = take_from(bad, &s);
	assert_int_equal(snap->status, CSCAP_EENGINE);
	assert_contains(snap->error, "Names has the wrong type");
	container_snapshot_free(snap);
}

/*
 * Podman's ns:<path> is judged when the snapshot is taken, with or without
 * the kernel view: the canned engine is this process, so the host reference
 * is this process's namespace.
 */
static void test_ns_paths_resolved(void **state)
{
	static const struct canned table[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL,
		 "[{\"Id\":\"" ID_A "\"},{\"Id\":\"" ID_B "\"},{\"Id\":\"" ID_C "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "ns:/proc/self/ns/pid")},
		{"/v1.41/containers/" ID_B "/json", 200, NULL, INSPECT(ID_B, "ns:/nonexistent/cscap/ns/pid")},
		{"/v1.41/containers/" ID_C "/json", 200, NULL, INSPECT(ID_C, "container:" ID_A)},
		{NULL, 0, NULL, NULL},
	};
	struct server s;
	struct container_snapshot *snap = take_from(table, &s);
	char want[64];

	(void)state;
	assert_int_equal(snap->status, 0);
	assert_int_equal(snap->n_containers, 3);
	snprintf(want, sizeof(want), "engine daemon (pid %ld)", (long)getpid());
	assert_string_equal(snap->host_pid_ns_source, want);
	assert_true(snap->host_pid_ns_known);
	assert_false(snap->kernel_view_wanted); /* no proc_root: as --no-kernel-view */
	assert_string_equal(snap->containers[0].effective_pid_mode, "host");
	assert_string_equal(snap->containers[1].effective_pid_mode, "unknown");
	assert_contains(snap->containers[1].pid_mode_reason, "cannot be read on this host");
	assert_string_equal(snap->containers[2].effective_pid_mode, "host");
	container_snapshot_free(snap);
}

/* The scanner's own container is found from a proc root without the kernel view. */
static void test_scanner_marked(void **state)
{
	static const struct canned table[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_A "\"},{\"Id\":\"" ID_B "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "")},
		{"/v1.41/containers/" ID_B "/json", 200, NULL, INSPECT(ID_B, "host")},
		{NULL, 0, NULL, NULL},
	};
	char root[] = "/tmp/cscap-api-proc.XXXXXX", path[128];
	struct probe_config cfg = {0};
	struct container_snapshot *snap = NULL;
	struct server s;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	snprintf(path, sizeof(path), "%s/self", root);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/self/cgroup", root);
	assert_non_null(f = fopen(path, "w"));
	fputs("0::/\n", f); /* a private cgroup namespace */
	fclose(f);
	snprintf(path, sizeof(path), "%s/self/mountinfo", root);
	assert_non_null(f = fopen(path, "w"));
	fputs("1 0 0:1 / / rw - overlay overlay rw\n"
	      "2 1 8:1 /var/lib/docker/containers/" ID_B "/hostname /etc/hostname rw - ext4 /dev/sda1 rw\n", f);
	fclose(f);

	server_start(&s, table);
	cfg.engine_url = s.url;
	cfg.max_parallel = 1;
	cfg.proc_root = root;
	cfg.max_reply_bytes = 1 << 20;
	assert_int_equal(container_snapshot_take(&snap, &cfg), 0);
	server_stop(&s);
	assert_int_equal(snap->status, 0);
	assert_true(snap->kernel_view_wanted);
	assert_false(snap->containers[0].scanner);
	assert_true(snap->containers[1].scanner);
	/* No self/ns/pid and no <pid>/ns/pid there: no reference, said so. */
	assert_false(snap->host_pid_ns_known);
	assert_contains(snap->host_pid_ns_source, "none (");
	container_snapshot_free(snap);
	unlink(path);
	snprintf(path, sizeof(path), "%s/self/cgroup", root);
	unlink(path);
	snprintf(path, sizeof(path), "%s/self", root);
	rmdir(path);
	rmdir(root);
}

/* ------------------------------------------------------- several engines */

/* Discovery scans every socket of the list that exists, in order, once each
 * (a symbolic link to a socket already found is the same engine). */
static void test_discover_all(void **state)
{
	char dir[] = "/tmp/cscap-api-unit.XXXXXX", paths[5][128], urls[ENGINE_DISCOVER_MAX][ENGINE_URL_MAX];
	const char *none[] = {NULL}, *installed[] = {"/bin/sh", NULL};
	size_t n;
	bool absent;
	int fds[2];

	(void)state;
	assert_non_null(mkdtemp(dir));
	const char *names[] = {"docker.sock", "podman.sock", "user.sock", "file", "link.sock"};
	for (size_t i = 0; i < 5; i++)
		snprintf(paths[i], sizeof(paths[i]), "%s/%s", dir, names[i]);
	for (size_t i = 0; i < 2; i++) {
		struct sockaddr_un sun = {.sun_family = AF_UNIX};
		strcpy(sun.sun_path, paths[i == 0 ? 0 : 2]);
		fds[i] = socket(AF_UNIX, SOCK_STREAM, 0);
		assert_int_equal(bind(fds[i], (struct sockaddr *)&sun, sizeof(sun)), 0);
	}
	FILE *f = fopen(paths[3], "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(symlink(paths[0], paths[4]), 0);

	/* docker.sock and user.sock exist; podman.sock does not; file is no socket. */
	const char *list[] = {paths[0], paths[1], paths[3], paths[4], paths[2], NULL};
	assert_int_equal(engine_discover_all_in(list, none, urls, ENGINE_DISCOVER_MAX, &n, &absent), 0);
	assert_int_equal(n, 2);
	assert_false(absent);
	assert_contains(urls[0], "unix://");
	assert_string_equal(urls[0] + 7, paths[0]);
	assert_string_equal(urls[1] + 7, paths[2]);
	/* At most max. */
	assert_int_equal(engine_discover_all_in(list, none, urls, 1, &n, &absent), 0);
	assert_int_equal(n, 1);
	assert_string_equal(urls[0] + 7, paths[0]);
	/* No socket: absent only when no engine is installed either. */
	const char *dead[] = {paths[1], paths[3], NULL};
	assert_int_equal(engine_discover_all_in(dead, none, urls, ENGINE_DISCOVER_MAX, &n, &absent), -1);
	assert_int_equal(n, 0);
	assert_true(absent);
	assert_int_equal(engine_discover_all_in(dead, installed, urls, ENGINE_DISCOVER_MAX, &n, &absent), -1);
	assert_false(absent);

	for (size_t i = 0; i < 2; i++)
		close(fds[i]);
	for (size_t i = 0; i < 5; i++)
		unlink(paths[i]);
	rmdir(dir);
}

#define LIST_OF(id) {"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" id "\"}]"}

/* Two engines, one view: every container, sorted, each with its engine; the
 * first engine's facts; each engine kept as a part. */
static void test_merge(void **state)
{
	static const struct canned docker[] = {
		PING_41, VERSION_41,
		{"/v1.41/containers/json?all=1", 200, NULL, "[{\"Id\":\"" ID_C "\"},{\"Id\":\"" ID_A "\"}]"},
		{"/v1.41/containers/" ID_A "/json", 200, NULL, INSPECT(ID_A, "")},
		{"/v1.41/containers/" ID_C "/json", 200, NULL, INSPECT(ID_C, "")},
		{NULL, 0, NULL, NULL},
	};
	static const struct canned podman[] = {
		{"/_ping", 200, "API-Version: 1.41\r\nLibpod-API-Version: 4.3.1\r\n", "OK"},
		{"/version", 200, NULL, "{\"Version\":\"4.3.1\",\"ApiVersion\":\"1.41\",\"MinAPIVersion\":\"1.24\"}"},
		LIST_OF(ID_B),
		{"/v1.41/containers/" ID_B "/json", 200, NULL, INSPECT(ID_B, "host")},
		{NULL, 0, NULL, NULL},
	};
	struct server s1, s2;
	struct container_snapshot *parts[2], *m;

	(void)state;
	parts[0] = take_from(docker, &s1);
	parts[1] = take_from(podman, &s2);
	assert_int_equal(container_snapshot_merge(&m, (const struct container_snapshot *const *)parts, 2), 0);
	assert_int_equal(m->status, 0);
	assert_int_equal(m->n_parts, 2);
	assert_ptr_equal(m->parts[1], parts[1]);
	assert_int_equal(m->n_containers, 3);
	assert_string_equal(m->containers[0].id, ID_A);
	assert_string_equal(m->containers[0].engine, "docker");
	assert_string_equal(m->containers[1].id, ID_B);
	assert_string_equal(m->containers[1].engine, "podman");
	assert_string_equal(m->containers[1].effective_pid_mode, "host");
	assert_string_equal(m->containers[2].id, ID_C);
	assert_string_equal(m->engine, "docker");
	assert_string_equal(m->engine_url, s1.url);
	assert_int_equal(m->daemon_pid, parts[0]->daemon_pid);
	size_t n;
	const struct container_snapshot *cm = m;
	const struct container_snapshot *const *engines = container_snapshot_engines(&cm, &n);
	assert_int_equal(n, 2);
	assert_string_equal(engines[1]->engine, "podman");
	assert_int_equal(engines[1]->n_containers, 1);
	container_snapshot_free(m);

	/* The same container claimed by two engines: error, nothing judged. */
	struct container_snapshot *twice[2] = {parts[1], NULL};
	twice[1] = take_from(podman, &s2);
	assert_int_equal(container_snapshot_merge(&m, (const struct container_snapshot *const *)twice, 2), 0);
	assert_int_equal(m->status, CSCAP_EENGINE);
	assert_contains(m->error, ID_B);
	assert_contains(m->error, "listed by two engines");
	assert_int_equal(m->n_containers, 0);
	container_snapshot_free(m);
	container_snapshot_free(twice[1]);

	/* One engine unreadable: the whole view is, naming that engine. */
	struct container_snapshot *dead[2] = {parts[0], take("unix:///nonexistent/cscap/podman.sock", 0)};
	assert_int_equal(container_snapshot_merge(&m, (const struct container_snapshot *const *)dead, 2), 0);
	assert_int_equal(m->status, CSCAP_EENGINE);
	assert_contains(m->error, "unix:///nonexistent/cscap/podman.sock");
	assert_int_equal(m->n_containers, 0);
	container_snapshot_free(m);
	container_snapshot_free(dead[1]);
	container_snapshot_free(parts[0]);
	container_snapshot_free(parts[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_endpoint_errors),
		cmocka_unit_test(test_tcp_refused),
		cmocka_unit_test(test_tls_needs_ca),
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_version_from_body),
		cmocka_unit_test(test_podman_by_components),
		cmocka_unit_test(test_bad_api_version),
		cmocka_unit_test(test_http_errors),
		cmocka_unit_test(test_untrusted_lists),
		cmocka_unit_test(test_reply_cap),
		cmocka_unit_test(test_vanished),
		cmocka_unit_test(test_vanished_named),
		cmocka_unit_test(test_ns_paths_resolved),
		cmocka_unit_test(test_scanner_marked),
		cmocka_unit_test(test_discover_all),
		cmocka_unit_test(test_merge),
	};
	int rc;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
