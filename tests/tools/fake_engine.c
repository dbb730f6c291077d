/*
 * fake_engine: a small, misbehaving Docker Engine API for cscap's fault tests.
 *
 *   fake_engine MODE ADDRESS [LIFETIME [COUNT [DELAY_MS]]]
 *
 * ADDRESS is unix:/path/to.sock or tcp:PORT (always bound to 127.0.0.1; port 0
 * picks a free one).  When ready it prints "listening on unix:/path" or
 * "listening on tcp:127.0.0.1:PORT" on stdout; each connection and request is
 * logged on stderr ("conn 3 accepted", "conn 3 GET /v1.41/_ping -> 200 (in
 * flight 1)", the number of answers being prepared or sent at that moment).
 * It exits by itself after LIFETIME seconds (default 30, at most 600).
 *
 * Single-threaded, non-blocking, bounded: at most MAX_CONNS connections, 8 KiB
 * of request headers each, GET only.  MODE decides what goes wrong:
 *   ok          two containers (one private, one with PidMode host), API 1.41
 *   podman      a Podman engine: Libpod-API-Version, "Podman Engine", PidMode
 *               private / host / ns:/proc/1/ns/pid / container:<id>
 *   new-api     an engine speaking 1.24 to 1.51 (the client must pick <= 1.47)
 *   old-api     API-Version 1.12 (too old for cscap)
 *   refuse-min  MinAPIVersion 1.99 (too new for cscap)
 *   garbage     inspections answer text that is not JSON
 *   wrong-shape the container list is an object, not an array
 *   cut         inspections announce 5000 bytes, send 100, close
 *   hang        accept connections, never answer
 *   huge        the container list is an endless chunked body
 *   http500     inspections answer HTTP 500
 *   vanish      three containers listed, the third answers 404 on inspection
 *   slow        COUNT containers (default 200), each inspection DELAY_MS late
 *   refuse      bind the unix socket, close it and exit (connect: refused)
 * Requests for a version outside the engine's range get HTTP 400, as Docker does.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* accept4, memmem */
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 64
#define MAX_REQUEST 8192
#define MAX_COUNT 5000

enum mode {
	M_OK, M_PODMAN, M_NEW_API, M_OLD_API, M_REFUSE_MIN, M_GARBAGE, M_WRONG_SHAPE, M_CUT,
	M_HANG, M_HUGE, M_HTTP500, M_VANISH, M_SLOW, M_REFUSE
};

static const char *const mode_names[] = {
	"ok", "podman", "new-api", "old-api", "refuse-min", "garbage", "wrong-shape", "cut",
	"hang", "huge", "http500", "vanish", "slow", "refuse"
};

struct conn {
	int fd;                 /* -1: free slot */
	int id;
	char in[MAX_REQUEST];
	size_t in_len;
	char *out;              /* pending response (owned) */
	size_t out_len, out_pos;
	int close_after;        /* close once out is sent */
	int endless;            /* after out, send chunks for ever */
	long long send_at;      /* do not send before this (ms) */
	int status;             /* of the last response, for the log */
};

static enum mode mode;
static int api_max = 41, api_min = 12;  /* minor versions of 1.x */
static int n_containers = 2, delay_ms;
static struct conn conns[MAX_CONNS];
static int next_conn_id = 1;
static int cut_next;  /* the next response announces more than it sends */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void die(const char *what)
{
	fprintf(stderr, "fake_engine: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* A growing string; the peer exits when out of memory (it is a test tool). */
struct buf {
	char *p;
	size_t len, cap;
};

static void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (n < 0)
			die("vsnprintf");
		if (b->p && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return;
		}
		b->cap = (b->cap + (size_t)n + 1) * 2;
		if (!(b->p = realloc(b->p, b->cap)))
			die("realloc");
	}
}

static void container_id(int i, char out[65])
{
	snprintf(out, 65, "%s%04x", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab",
		 (unsigned)i & 0xffff);
}

static const char *pid_mode_of(int i, const char *first_id, char *buf, size_t size)
{
	if (mode == M_PODMAN) {
		static const char *const modes[] = {"private", "host", "ns:/proc/1/ns/pid"};
		if (i < 3)
			return modes[i];
		snprintf(buf, size, "container:%s", first_id);
		return buf;
	}
	return i % 2 ? "host" : "";
}

static int listed_containers(void)
{
	if (mode == M_VANISH)
		return 3;
	if (mode == M_PODMAN)
		return 4;
	return n_containers;
}

/* Queue a complete response on c. */
static void respond(struct conn *c, int status, const char *ctype, const char *extra_headers,
		    const char *body, size_t body_len)
{
	static const char *const reasons[] = {[200] = "OK", [400] = "Bad Request", [404] = "Not Found",
					      [405] = "Method Not Allowed", [500] = "Internal Server Error"};
	struct buf b = {0};
	size_t announced = cut_next ? body_len + 5000 : body_len;

	buf_printf(&b, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\nServer: fake_engine\r\n%s\r\n",
		   status, reasons[status] ? reasons[status] : "Unknown", ctype, announced,
		   extra_headers ? extra_headers : "");
	buf_printf(&b, "%.*s", (int)body_len, body);
	free(c->out);
	c->out = b.p;
	c->out_len = b.len;
	c->out_pos = 0;
	c->status = status;
	if (cut_next) {
		c->out_len -= body_len > 100 ? body_len - 100 : 0;
		c->close_after = 1;
		cut_next = 0;
	}
}

static void respond_json(struct conn *c, int status, const struct buf *body)
{
	respond(c, status, "application/json", NULL, body->p, body->len);
}

static void respond_message(struct conn *c, int status, const char *msg)
{
	struct buf b = {0};

	buf_printf(&b, "{\"message\":\"%s\"}\n", msg);
	respond_json(c, status, &b);
	free(b.p);
}

static void serve_ping(struct conn *c)
{
	char headers[200];

	snprintf(headers, sizeof(headers), "API-Version: 1.%d\r\nOstype: linux\r\n%s", api_max,
		 mode == M_PODMAN ? "Libpod-API-Version: 4.3.1\r\nLibpod-Buildah-Version: 1.28.0\r\n" : "");
	respond(c, 200, "text/plain; charset=utf-8", headers, "OK", 2);
}

static void serve_version(struct conn *c)
{
	struct buf b = {0};
	const char *name = mode == M_PODMAN ? "Podman Engine" : "Engine";
	const char *version = mode == M_PODMAN ? "4.3.1" : "20.10.99-fake";

	buf_printf(&b, "{\"Platform\":{\"Name\":\"fake\"},\"Components\":[{\"Name\":\"%s\",\"Version\":\"%s\"}],"
		   "\"Version\":\"%s\",\"ApiVersion\":\"1.%d\",\"MinAPIVersion\":\"1.%d\",\"Os\":\"linux\"}\n",
		   name, version, version, api_max, api_min);
	respond_json(c, 200, &b);
	free(b.p);
}

static void serve_list(struct conn *c)
{
	struct buf b = {0};
	char id[65];

	if (mode == M_HUGE) {
		static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
					   "Transfer-Encoding: chunked\r\n\r\n1\r\n[\r\n";
		free(c->out);
		c->out = strdup(head);
		c->out_len = sizeof(head) - 1;
		c->out_pos = 0;
		c->endless = 1;
		c->status = 200;
		return;
	}
	if (mode == M_WRONG_SHAPE) {
		container_id(0, id);
		buf_printf(&b, "{\"Id\":\"%s\",\"Names\":[\"/fake-0\"]}\n", id);
		respond_json(c, 200, &b);
		free(b.p);
		return;
	}
	buf_printf(&b, "[");
	for (int i = 0; i < listed_containers(); i++) {
		container_id(i, id);
		buf_printf(&b, "%s{\"Id\":\"%s\",\"Names\":[\"/fake-%d\"],\"Image\":\"busybox\",\"State\":\"created\"}",
			   i ? "," : "", id, i);
	}
	buf_printf(&b, "]\n");
	respond_json(c, 200, &b);
	free(b.p);
}

static void serve_inspect(struct conn *c, const char *want)
{
	struct buf b = {0};
	char id[65], first[65], mode_buf[100];
	int i;

	container_id(0, first);
	for (i = 0; i < listed_containers(); i++) {
		container_id(i, id);
		if (strcmp(id, want) == 0)
			break;
	}
	if (i == listed_containers() || (mode == M_VANISH && i == 2)) {
		buf_printf(&b, "{\"message\":\"No such container: %.64s\"}\n", want);
		respond_json(c, 404, &b);
		free(b.p);
		return;
	}
	if (mode == M_GARBAGE) {
		static const char html[] = "<html><body>this is not JSON</body></html>\n";
		respond(c, 200, "text/html", NULL, html, sizeof(html) - 1);
		return;
	}
	if (mode == M_HTTP500) {
		respond_message(c, 500, "fake: internal server error");
		return;
	}
	buf_printf(&b, "{\"Id\":\"%s\",\"Created\":\"2024-01-01T00:00:00Z\",\"Name\":\"/fake-%d\","
		   "\"Image\":\"sha256:%s\",\"State\":{\"Status\":\"created\",\"Running\":false,\"Pid\":0},"
		   "\"HostConfig\":{\"PidMode\":\"%s\",\"IpcMode\":\"private\",\"NetworkMode\":\"none\","
		   "\"Privileged\":false,\"ReadonlyRootfs\":false,\"CapAdd\":null,\"CapDrop\":null,"
		   "\"SecurityOpt\":null,\"PidsLimit\":null},\"Config\":{\"Image\":\"busybox\"},\"Mounts\":[]}\n",
		   id, i, first, pid_mode_of(i, first, mode_buf, sizeof(mode_buf)));
	cut_next = mode == M_CUT;
	respond_json(c, 200, &b);
	free(b.p);
	if (mode == M_SLOW)
		c->send_at = now_ms() + delay_ms;
}

/* "/v1.41/rest" → 41 and "/rest"; unversioned paths give -1. */
static int split_version(const char *path, const char **rest)
{
	int major, minor, used = 0;

	*rest = path;
	if (sscanf(path, "/v%d.%d%n", &major, &minor, &used) == 2 && major == 1 && path[used] == '/') {
		*rest = path + used;
		return minor;
	}
	return -1;
}

static void route(struct conn *c, const char *method, const char *path)
{
	const char *rest;
	char want[80];
	int minor = split_version(path, &rest);

	if (strcmp(method, "GET") != 0) {
		respond_message(c, 405, "fake: GET only");
		return;
	}
	if (minor >= 0 && (minor > api_max || minor < api_min)) {
		char msg[160];
		snprintf(msg, sizeof(msg), "client version 1.%d is %s. %s supported API version is 1.%d", minor,
			 minor > api_max ? "too new" : "too old", minor > api_max ? "Maximum" : "Minimum",
			 minor > api_max ? api_max : api_min);
		respond_message(c, 400, msg);
		return;
	}
	if (strcmp(rest, "/_ping") == 0)
		serve_ping(c);
	else if (strcmp(rest, "/version") == 0)
		serve_version(c);
	else if (strcmp(rest, "/containers/json?all=1") == 0)
		serve_list(c);
	else if (sscanf(rest, "/containers/%79[0-9a-zA-Z]/json", want) == 1 &&
		 strlen(rest) == strlen("/containers//json") + strlen(want))
		serve_inspect(c, want);
	else
		respond_message(c, 404, "page not found");
}

static void conn_close(struct conn *c)
{
	fprintf(stderr, "conn %d closed\n", c->id);
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

/* A whole request in c->in: answer it (unless hanging) and drop it from the buffer. */
static void conn_parse(struct conn *c)
{
	char method[16] = "", path[512] = "";
	char *end;
	size_t used;

	if (c->out || mode == M_HANG)
		return;
	end = memmem(c->in, c->in_len, "\r\n\r\n", 4);
	if (!end) {
		if (c->in_len == sizeof(c->in))
			conn_close(c);
		return;
	}
	used = (size_t)(end - c->in) + 4;
	*end = '\0';
	if (sscanf(c->in, "%15s %511s HTTP/1.", method, path) != 2) {
		respond_message(c, 400, "fake: bad request line");
		c->close_after = 1;
	} else {
		route(c, method, path);
	}
	if (c->out) {
		int in_flight = 0;
		for (int i = 0; i < MAX_CONNS; i++)
			in_flight += conns[i].fd >= 0 && conns[i].out;
		fprintf(stderr, "conn %d %s %s -> %d (in flight %d)\n", c->id, method, path, c->status,
			in_flight);
	}
	memmove(c->in, c->in + used, c->in_len - used);
	c->in_len -= used;
}

static void conn_read(struct conn *c)
{
	ssize_t n = read(c->fd, c->in + c->in_len, sizeof(c->in) - c->in_len);

	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		conn_close(c);
		return;
	}
	if (n > 0)
		c->in_len += (size_t)n;
	conn_parse(c);
}

static void conn_write(struct conn *c)
{
	static char chunk[16384 + 16];

	if (c->out_pos == c->out_len && c->endless) {
		/* One more chunk of JSON white space: the body never ends. */
		int head = snprintf(chunk, sizeof(chunk), "%x\r\n", 16384);
		memset(chunk + head, ' ', 16384);
		memcpy(chunk + head + 16384, "\r\n", 2);
		free(c->out);
		if (!(c->out = malloc((size_t)head + 16386)))
			die("malloc");
		memcpy(c->out, chunk, (size_t)head + 16386);
		c->out_len = (size_t)head + 16386;
		c->out_pos = 0;
	}
	ssize_t n = write(c->fd, c->out + c->out_pos, c->out_len - c->out_pos);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			conn_close(c);
		return;
	}
	c->out_pos += (size_t)n;
	if (c->out_pos < c->out_len || c->endless)
		return;
	if (c->close_after) {
		conn_close(c);
		return;
	}
	free(c->out);
	c->out = NULL;
	c->send_at = 0;
	conn_parse(c); /* a request that came in while we were answering */
}

static void accept_one(int lfd)
{
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	for (int i = 0; i < MAX_CONNS; i++)
		if (conns[i].fd < 0) {
			conns[i].fd = fd;
			conns[i].id = next_conn_id++;
			fprintf(stderr, "conn %d accepted\n", conns[i].id);
			return;
		}
	fprintf(stderr, "too many connections: refusing one\n");
	close(fd);
}

static int listen_on(const char *address)
{
	int fd;

	if (strncmp(address, "unix:", 5) == 0) {
		struct sockaddr_un sun = {.sun_family = AF_UNIX};
		if (strlen(address + 5) >= sizeof(sun.sun_path) || address[5] != '/') {
			fprintf(stderr, "fake_engine: bad socket path %s\n", address + 5);
			exit(2);
		}
		strcpy(sun.sun_path, address + 5);
		unlink(sun.sun_path);
		if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
			die("socket");
		if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
			die(sun.sun_path);
		if (mode == M_REFUSE) {
			close(fd); /* the file stays; nobody listens */
			printf("bound and closed %s\n", address);
			exit(0);
		}
		if (listen(fd, 64) != 0)
			die("listen");
		printf("listening on %s\n", address);
	} else if (strncmp(address, "tcp:", 4) == 0) {
		struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		socklen_t len = sizeof(sin);
		int one = 1, port = atoi(address + 4);
		if (port < 0 || port > 65535 || mode == M_REFUSE) {
			fprintf(stderr, "fake_engine: bad address %s\n", address);
			exit(2);
		}
		sin.sin_port = htons((unsigned short)port);
		if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
			die("socket");
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
			die("bind 127.0.0.1");
		if (listen(fd, 64) != 0 || getsockname(fd, (struct sockaddr *)&sin, &len) != 0)
			die("listen");
		printf("listening on tcp:127.0.0.1:%d\n", ntohs(sin.sin_port));
	} else {
		fprintf(stderr, "fake_engine: ADDRESS is unix:/path or tcp:PORT\n");
		exit(2);
	}
	fflush(stdout);
	return fd;
}

static void set_mode(const char *name)
{
	size_t i, n = sizeof(mode_names) / sizeof(mode_names[0]);

	for (i = 0; i < n && strcmp(name, mode_names[i]) != 0; i++)
		;
	if (i == n) {
		fprintf(stderr, "fake_engine: unknown mode %s\n", name);
		exit(2);
	}
	mode = (enum mode)i;
	if (mode == M_NEW_API) {
		api_max = 51;
		api_min = 24;
	} else if (mode == M_OLD_API) {
		api_max = 12;
	} else if (mode == M_REFUSE_MIN) {
		api_max = api_min = 99;
	}
}

int main(int argc, char **argv)
{
	struct pollfd pfds[MAX_CONNS + 1];
	int lfd, lifetime = 30;

	if (argc < 3 || argc > 6) {
		fprintf(stderr, "usage: fake_engine MODE unix:/path|tcp:PORT [LIFETIME [COUNT [DELAY_MS]]]\n");
		return 2;
	}
	set_mode(argv[1]);
	if (argc > 3)
		lifetime = atoi(argv[3]);
	if (lifetime < 1 || lifetime > 600)
		lifetime = 30;
	if (argc > 4 && mode == M_SLOW)
		n_containers = atoi(argv[4]);
	else if (mode == M_SLOW)
		n_containers = 200;
	if (n_containers < 0 || n_containers > MAX_COUNT)
		n_containers = 200;
	delay_ms = argc > 5 ? atoi(argv[5]) : 20;
	if (delay_ms < 0 || delay_ms > 10000)
		delay_ms = 20;
	signal(SIGPIPE, SIG_IGN);
	alarm((unsigned)lifetime); /* SIGALRM ends the process: a bounded lifetime */
	for (int i = 0; i < MAX_CONNS; i++)
		conns[i].fd = -1;
	setvbuf(stderr, NULL, _IOLBF, 0);
	lfd = listen_on(argv[2]);

	for (;;) {
		long long now = now_ms(), wait = -1;
		nfds_t n = 0;
		pfds[n++] = (struct pollfd){.fd = lfd, .events = POLLIN};
		for (int i = 0; i < MAX_CONNS; i++) {
			struct conn *c = &conns[i];
			short ev = POLLIN;
			if (c->fd < 0)
				continue;
			if (c->out && c->send_at <= now)
				ev |= POLLOUT;
			else if (c->out && (wait < 0 || c->send_at - now < wait))
				wait = c->send_at - now;
			pfds[n++] = (struct pollfd){.fd = c->fd, .events = ev};
		}
		if (poll(pfds, n, (int)wait) < 0 && errno != EINTR)
			die("poll");
		if (pfds[0].revents & POLLIN)
			accept_one(lfd);
		for (nfds_t k = 1; k < n; k++)
			for (int i = 0; i < MAX_CONNS; i++) {
				struct conn *c = &conns[i];
				if (c->fd != pfds[k].fd)
					continue;
				if (pfds[k].revents & POLLOUT)
					conn_write(c);
				if (c->fd >= 0 && pfds[k].revents & (POLLIN | POLLHUP | POLLERR))
					conn_read(c);
				break;
			}
	}
}
