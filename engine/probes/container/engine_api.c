/*
 * The engine view: the Docker Engine API (and Podman's compatible API) over
 * a unix socket, with libcurl.  One easy handle is reused so every request
 * rides the same connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <curl/curl.h>

#include "common/error_internal.h"
#include "probes/container/container.h"

/* API versions cscap speaks: below 1.24 PidMode semantics differ; above 1.47 untested. */
#define API_MIN_MAJOR 1
#define API_MIN_MINOR 24
#define API_MAX_MINOR 47

struct reply {
	char *data;        /* owned, NUL-terminated */
	size_t len, cap, limit;
	int overflow;
	char api_version[32];
	int podman;
};

struct engine {
	CURL *curl;
	const struct probe_config *cfg;
	char socket_path[108];
	char api_prefix[16]; /* "/v1.41" */
	char errbuf[CURL_ERROR_SIZE];
	struct reply reply;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct reply *r = userdata;
	size_t n = size * nmemb;

	if (r->len + n > r->limit) {
		r->overflow = 1;
		return 0; /* makes curl fail the transfer */
	}
	if (r->len + n + 1 > r->cap) {
		size_t ncap = r->cap ? r->cap : 16384;
		while (ncap < r->len + n + 1)
			ncap *= 2;
		char *grown = realloc(r->data, ncap);
		if (!grown)
			return 0;
		r->data = grown;
		r->cap = ncap;
	}
	memcpy(r->data + r->len, ptr, n);
	r->len += n;
	r->data[r->len] = '\0';
	return n;
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct reply *r = userdata;
	size_t n = size * nitems;
	static const char api[] = "api-version:";
	static const char libpod[] = "libpod-api-version:";

	if (n > sizeof(api) && strncasecmp(buf, api, sizeof(api) - 1) == 0) {
		size_t i = sizeof(api) - 1, k = 0;
		while (i < n && buf[i] == ' ')
			i++;
		while (i < n && k + 1 < sizeof(r->api_version) && buf[i] != '\r' && buf[i] != '\n')
			r->api_version[k++] = buf[i++];
		r->api_version[k] = '\0';
	} else if (n > sizeof(libpod) && strncasecmp(buf, libpod, sizeof(libpod) - 1) == 0) {
		r->podman = 1;
	}
	return n;
}

/* unix:///path → /path.  Other schemes are not served yet. */
static int parse_engine_url(struct engine *e, const char *url)
{
	const char *path;

	if (strncmp(url, "unix://", 7) != 0)
		return cscap_err(CSCAP_EUNSUPPORTED,
				 "engine %s: only unix:// endpoints are supported", url);
	path = url + 7;
	if (path[0] != '/' || strlen(path) >= sizeof(e->socket_path))
		return cscap_err(CSCAP_EUSAGE, "engine %s: bad socket path", url);
	strcpy(e->socket_path, path);
	return 0;
}

static int engine_open(struct engine *e, const struct probe_config *cfg)
{
	struct stat sb;
	int rc;

	memset(e, 0, sizeof(*e));
	e->cfg = cfg;
	if ((rc = parse_engine_url(e, cfg->engine_url)))
		return rc;
	/* Say plainly what is wrong with the socket before curl says "couldn't connect". */
	if (stat(e->socket_path, &sb) != 0)
		return cscap_err(CSCAP_EENGINE, "engine %s: %s", cfg->engine_url, strerror(errno));
	if (!S_ISSOCK(sb.st_mode))
		return cscap_err(CSCAP_EENGINE, "engine %s: not a socket", cfg->engine_url);
	e->curl = curl_easy_init();
	if (!e->curl)
		return cscap_err_oom();
	curl_easy_setopt(e->curl, CURLOPT_UNIX_SOCKET_PATH, e->socket_path);
	curl_easy_setopt(e->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e->curl, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(e->curl, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e->curl, CURLOPT_CONNECTTIMEOUT_MS, cfg->connect_timeout_ms);
	curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS, cfg->timeout_ms);
	curl_easy_setopt(e->curl, CURLOPT_ERRORBUFFER, e->errbuf);
	curl_easy_setopt(e->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e->curl, CURLOPT_WRITEDATA, &e->reply);
	curl_easy_setopt(e->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e->curl, CURLOPT_HEADERDATA, &e->reply);
	curl_easy_setopt(e->curl, CURLOPT_USERAGENT, "cscap");
	return 0;
}

static void engine_close(struct engine *e)
{
	if (e->curl)
		curl_easy_cleanup(e->curl);
	free(e->reply.data);
	e->curl = NULL;
	e->reply.data = NULL;
}

/* GET path; *status gets the HTTP status.  Transport failures are errors. */
static int engine_get(struct engine *e, const char *path, long *status)
{
	char url[512];
	CURLcode cc;

	e->reply.len = 0;
	e->reply.overflow = 0;
	if (e->reply.data)
		e->reply.data[0] = '\0';
	e->reply.limit = e->cfg->max_reply_bytes;
	e->errbuf[0] = '\0';
	snprintf(url, sizeof(url), "http://localhost%s%s", e->api_prefix, path);
	curl_easy_setopt(e->curl, CURLOPT_URL, url);
	cc = curl_easy_perform(e->curl);
	if (e->reply.overflow)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: reply larger than %zu bytes",
				 e->cfg->engine_url, path, e->cfg->max_reply_bytes);
	if (cc != CURLE_OK)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: %s", e->cfg->engine_url, path,
				 e->errbuf[0] ? e->errbuf : curl_easy_strerror(cc));
	curl_easy_getinfo(e->curl, CURLINFO_RESPONSE_CODE, status);
	if (!e->reply.data) {
		/* An empty body still has to read as a string. */
		e->reply.data = calloc(1, 1);
		if (!e->reply.data)
			return cscap_err_oom();
		e->reply.cap = 1;
	}
	return 0;
}

/* Pick the highest API version both sides speak, from /_ping's API-Version. */
static int negotiate(struct engine *e, struct container_snapshot *snap)
{
	long status = 0;
	int rc, major = 0, minor = 0;

	if ((rc = engine_get(e, "/_ping", &status)))
		return rc;
	if (status != 200)
		return cscap_err(CSCAP_EENGINE, "engine %s: /_ping answered HTTP %ld", e->cfg->engine_url,
				 status);
	if (sscanf(e->reply.api_version, "%d.%d", &major, &minor) != 2)
		return cscap_err(CSCAP_EENGINE, "engine %s: no usable API-Version header in /_ping",
				 e->cfg->engine_url);
	if (major != API_MIN_MAJOR || minor < API_MIN_MINOR)
		return cscap_err(CSCAP_EENGINE, "engine %s: API version %d.%d is older than 1.%d",
				 e->cfg->engine_url, major, minor, API_MIN_MINOR);
	if (minor > API_MAX_MINOR)
		minor = API_MAX_MINOR;
	snprintf(e->api_prefix, sizeof(e->api_prefix), "/v1.%d", minor);
	snap->api_version = arena_sprintf(&snap->arena, "1.%d", minor);
	snap->engine = e->reply.podman ? "podman" : "docker";
	if (!snap->api_version)
		return cscap_err_oom();
	return 0;
}

/* The daemon's pid, from the peer credentials of the connection curl kept open. */
static long daemon_pid(struct engine *e)
{
	curl_socket_t fd;
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (curl_easy_getinfo(e->curl, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return 0;
	return cred.pid;
}

static int read_version(struct engine *e, struct container_snapshot *snap)
{
	long status = 0;
	int rc = engine_get(e, "/version", &status);

	if (rc)
		return rc;
	if (status != 200)
		return cscap_err(CSCAP_EENGINE, "engine %s: /version answered HTTP %ld",
				 e->cfg->engine_url, status);
	/* Only the version string is wanted; a missing one is not fatal. */
	const char *p = strstr(e->reply.data, "\"Version\":\"");
	if (p) {
		p += 11;
		const char *end = strchr(p, '"');
		if (end && end - p < 64)
			snap->engine_version = arena_strndup(&snap->arena, p, (size_t)(end - p));
	}
	return 0;
}

static int cmp_container(const void *a, const void *b)
{
	return strcmp(((const struct container *)a)->id, ((const struct container *)b)->id);
}

static void host_namespace(struct container_snapshot *snap)
{
	char path[64];
	struct stat sb;

	/* PID 1 may be unreadable even to root; the daemon's own namespace is
	 * what "host" means to the engine, and the scanner's is the fallback. */
	if (snap->daemon_pid > 0) {
		snprintf(path, sizeof(path), "/proc/%ld/ns/pid", snap->daemon_pid);
		if (stat(path, &sb) == 0) {
			snap->host_pid_ns = (unsigned long long)sb.st_ino;
			snap->host_pid_ns_known = true;
			snap->host_pid_ns_source = arena_sprintf(&snap->arena, "engine daemon (pid %ld)",
								 snap->daemon_pid);
			return;
		}
	}
	if (stat("/proc/self/ns/pid", &sb) == 0) {
		snap->host_pid_ns = (unsigned long long)sb.st_ino;
		snap->host_pid_ns_known = true;
		snap->host_pid_ns_source = "scanner process";
	}
}

static int collect(struct engine *e, struct container_snapshot *snap)
{
	long status = 0;
	const char **ids;
	size_t n_ids;
	int rc;

	if ((rc = negotiate(e, snap)))
		return rc;
	snap->daemon_pid = daemon_pid(e);
	if ((rc = read_version(e, snap)))
		return rc;
	if ((rc = engine_get(e, "/containers/json?all=1", &status)))
		return rc;
	if (status != 200)
		return cscap_err(CSCAP_EENGINE, "engine %s: listing containers answered HTTP %ld",
				 e->cfg->engine_url, status);
	if ((rc = docker_json_parse_list(&snap->arena, e->reply.data, e->reply.len, &ids, &n_ids)))
		return rc;
	snap->containers = arena_calloc(&snap->arena, n_ids ? n_ids : 1, sizeof(*snap->containers));
	if (!snap->containers)
		return cscap_err_oom();
	for (size_t i = 0; i < n_ids; i++) {
		char path[160];
		struct container *c = &snap->containers[snap->n_containers];

		if (strlen(ids[i]) > 128 || strspn(ids[i], "0123456789abcdefABCDEF") != strlen(ids[i]))
			return cscap_err(CSCAP_EENGINE, "engine %s: container id '%.64s' is not hexadecimal",
					 e->cfg->engine_url, ids[i]);
		snprintf(path, sizeof(path), "/containers/%s/json", ids[i]);
		if ((rc = engine_get(e, path, &status)))
			return rc;
		if (status == 404) {
			/* Removed between the list and now: it no longer exists. */
			snap->n_vanished++;
			continue;
		}
		if (status != 200)
			return cscap_err(CSCAP_EENGINE, "engine %s: inspecting %.12s answered HTTP %ld",
					 e->cfg->engine_url, ids[i], status);
		if ((rc = docker_json_parse_inspect(&snap->arena, e->reply.data, e->reply.len, c)))
			return rc;
		c->engine = snap->engine;
		if (c->pid > 0 && proc_pid_namespace(c->pid, &c->pid_ns) == 0)
			c->pid_ns_known = true;
		snap->n_containers++;
	}
	qsort(snap->containers, snap->n_containers, sizeof(*snap->containers), cmp_container);
	host_namespace(snap);
	container_resolve_pid_modes(snap->containers, snap->n_containers);
	return 0;
}

int container_snapshot_take(struct container_snapshot **out, const struct probe_config *cfg)
{
	struct arena a;
	struct container_snapshot *snap;
	struct engine e;
	int rc;

	*out = NULL;
	arena_init(&a);
	snap = arena_alloc(&a, sizeof(*snap));
	if (!snap)
		return cscap_err_oom();
	snap->arena = a;
	snap->engine = "docker";
	snap->engine_url = arena_strdup(&snap->arena, cfg->engine_url);
	rc = engine_open(&e, cfg);
	if (rc == 0)
		rc = collect(&e, snap);
	engine_close(&e);
	if (rc == CSCAP_ENOMEM) {
		container_snapshot_free(snap);
		return rc;
	}
	if (rc) {
		/* The failure is the evidence: keep its text, drop half-read containers. */
		snap->status = rc;
		snap->error = arena_strdup(&snap->arena, cscap_error_last());
		snap->n_containers = 0;
	}
	*out = snap;
	return 0;
}

void container_snapshot_free(struct container_snapshot *snap)
{
	if (!snap)
		return;
	struct arena a = snap->arena;
	arena_release(&a);
}
