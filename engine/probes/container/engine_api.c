/*
 * The engine view: the Docker Engine API (and Podman's compatible API) at a
 * DOCKER_HOST-style endpoint, unix:///path or tcp://host:port (HTTPS when a
 * certificate folder is given, the way a Docker UCP client bundle is used).
 *
 * One libcurl multi handle owns a small pool of easy handles and the
 * connections they share.  The version handshake and the container list go
 * one at a time; the per-container inspections then run with bounded
 * parallelism.  Every reply is untrusted: capped in size and time, and any
 * failure except a container removed under our feet (404) fails the whole
 * snapshot, naming the engine, the request and the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "common/error_internal.h"
#include "probes/container/container.h"
#include "probes/container/json_fields.h"
#include "probes/container/pidns.h"
#include "probes/container/proc_view.h"

/* API versions cscap speaks: below 1.24 PidMode semantics differ; above 1.47 untested. */
#define API_MAJOR 1
#define API_MIN_MINOR 24
#define API_MAX_MINOR 47
#define API_VERSION(major, minor) ((major) * 1000 + (minor))

#define DEFAULT_PARALLEL 8
#define MAX_PARALLEL 64
#define DEFAULT_REPLY_LIMIT ((size_t)256 << 20)
#define DEFAULT_TIMEOUT_MS 30000L
#define DEFAULT_CONNECT_TIMEOUT_MS 5000L
#define POLL_MS 1000

struct reply {
	char *data;        /* owned, NUL-terminated once a transfer ended */
	size_t len, cap, limit;
	int overflow, oom;
	char api_version[32];  /* header API-Version */
	int podman;            /* header Libpod-API-Version seen */
};

/* One easy handle of the pool and the request it carries. */
struct xfer {
	CURL *curl;
	int busy;
	size_t index;          /* the container being inspected */
	char path[200];        /* the request, for messages */
	char errbuf[CURL_ERROR_SIZE];
	struct reply reply;
};

struct endpoint {
	int is_unix;
	char socket_path[108];
	char base[320];        /* http://localhost, http(s)://host:port */
	int tls;
	char *ca, *cert, *key; /* owned; NULL when unused */
};

struct engine {
	const struct probe_config *cfg;
	const char *url;       /* cfg->engine_url, for messages */
	struct endpoint ep;
	CURLM *multi;
	struct xfer *pool;
	size_t n_pool, n_made;
	char api_prefix[16];   /* "/v1.41" */
	long timeout_ms, connect_timeout_ms;
	size_t reply_limit;
	void *tok;             /* json-c tokener reused for every inspection (owned) */
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct reply *r = userdata;
	size_t n = size * nmemb;

	if (n > r->limit - r->len) {
		r->overflow = 1;
		return 0; /* makes curl fail the transfer */
	}
	if (r->len + n + 1 > r->cap) {
		size_t ncap = r->cap ? r->cap : 16384;
		while (ncap < r->len + n + 1)
			ncap *= 2;
		char *grown = realloc(r->data, ncap);
		if (!grown) {
			r->oom = 1;
			return 0;
		}
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
		while (i < n && (buf[i] == ' ' || buf[i] == '\t'))
			i++;
		while (i < n && k + 1 < sizeof(r->api_version) && buf[i] != '\r' && buf[i] != '\n')
			r->api_version[k++] = buf[i++];
		while (k > 0 && (r->api_version[k - 1] == ' ' || r->api_version[k - 1] == '\t'))
			k--;
		r->api_version[k] = '\0';
	} else if (n > sizeof(libpod) && strncasecmp(buf, libpod, sizeof(libpod) - 1) == 0) {
		r->podman = 1;
	}
	return n;
}

/* "1.41" → 1041; -1 unless it is MAJOR.MINOR with small numbers and nothing else. */
static int parse_api_version(const char *s)
{
	int major = 0, minor = 0, used = 0;

	if (!s || strspn(s, "0123456789.") != strlen(s) ||
	    sscanf(s, "%3d.%3d%n", &major, &minor, &used) != 2 || s[used] != '\0')
		return -1;
	return API_VERSION(major, minor);
}

/* ---------------------------------------------------------------- endpoint */

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* cert.pem/key.pem/ca.pem of cfg->tls_cert_dir, each used when present (ca.pem
 * must be there to verify); unreadable files are named before curl sees them. */
static int endpoint_tls_files(struct endpoint *ep, const struct probe_config *cfg)
{
	const char *dir = cfg->tls_cert_dir;

	if (!dir || !*dir)
		return 0;
	if (!(ep->ca = path_join(dir, "ca.pem")) || !(ep->cert = path_join(dir, "cert.pem")) ||
	    !(ep->key = path_join(dir, "key.pem")))
		return cscap_err_oom();
	if (access(ep->ca, R_OK) != 0) {
		if (cfg->tls_verify)
			return cscap_err(CSCAP_EENGINE, "engine %s: cannot verify the engine: %s: %s",
					 cfg->engine_url, ep->ca, strerror(errno));
		free(ep->ca);
		ep->ca = NULL;
	}
	if (access(ep->cert, R_OK) != 0 && access(ep->key, R_OK) != 0) {
		/* No client certificate: the engine may not ask for one. */
		free(ep->cert);
		free(ep->key);
		ep->cert = ep->key = NULL;
		return 0;
	}
	if (access(ep->cert, R_OK) != 0)
		return cscap_err(CSCAP_EENGINE, "engine %s: %s: %s", cfg->engine_url, ep->cert,
				 strerror(errno));
	if (access(ep->key, R_OK) != 0)
		return cscap_err(CSCAP_EENGINE, "engine %s: %s: %s", cfg->engine_url, ep->key,
				 strerror(errno));
	return 0;
}

/* tcp://host[:port][/]: a name or IPv4 address, or [IPv6]; the port defaults
 * to Docker's 2375 (plain) or 2376 (TLS). */
static int endpoint_parse_tcp(struct endpoint *ep, const char *url, const char *rest)
{
	const char *host = rest, *end, *after;
	long port;

	if (*host == '[') {
		end = strchr(host, ']');
		if (!end || end == host + 1 || strspn(host + 1, "0123456789abcdefABCDEF:.") != (size_t)(end - host - 1))
			return cscap_err(CSCAP_EUSAGE, "engine %s: bad IPv6 address", url);
		after = end + 1;
		end++;
	} else {
		size_t n = strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_");
		if (n == 0)
			return cscap_err(CSCAP_EUSAGE, "engine %s: no host name", url);
		end = host + n;
		after = end;
	}
	port = ep->tls ? 2376 : 2375;
	if (*after == ':') {
		char *stop;
		errno = 0;
		port = strtol(after + 1, &stop, 10);
		if (stop == after + 1 || errno || port < 1 || port > 65535)
			return cscap_err(CSCAP_EUSAGE, "engine %s: bad port", url);
		after = stop;
	}
	if (*after == '/')
		after++;
	if (*after)
		return cscap_err(CSCAP_EUNSUPPORTED, "engine %s: a path or query after host:port is not supported",
				 url);
	if ((size_t)(end - host) > 253)
		return cscap_err(CSCAP_EUSAGE, "engine %s: host name too long", url);
	snprintf(ep->base, sizeof(ep->base), "%s://%.*s:%ld", ep->tls ? "https" : "http",
		 (int)(end - host), host, port);
	return 0;
}

static int endpoint_parse(struct endpoint *ep, const struct probe_config *cfg)
{
	const char *url = cfg->engine_url;
	struct stat sb;
	int rc;

	if (!url || !*url)
		return cscap_err(CSCAP_EUSAGE, "no engine given");
	if (strncmp(url, "unix://", 7) == 0) {
		const char *path = url + 7;
		if (path[0] != '/' || strlen(path) >= sizeof(ep->socket_path))
			return cscap_err(CSCAP_EUSAGE, "engine %s: bad socket path", url);
		ep->is_unix = 1;
		memcpy(ep->socket_path, path, strlen(path) + 1);
		strcpy(ep->base, "http://localhost");
		/* Say plainly what is wrong with the socket before curl says "couldn't connect". */
		if (stat(ep->socket_path, &sb) != 0)
			return cscap_err(CSCAP_EENGINE, "engine %s: %s", url, strerror(errno));
		if (!S_ISSOCK(sb.st_mode))
			return cscap_err(CSCAP_EENGINE, "engine %s: not a socket", url);
		return 0;
	}
	if (strncmp(url, "tcp://", 6) == 0) {
		ep->tls = (cfg->tls_cert_dir && *cfg->tls_cert_dir) || cfg->tls_verify;
		if ((rc = endpoint_parse_tcp(ep, url, url + 6)))
			return rc;
		return ep->tls ? endpoint_tls_files(ep, cfg) : 0;
	}
	return cscap_err(CSCAP_EUNSUPPORTED, "engine %s: only unix:// and tcp:// endpoints are supported",
			 url);
}

static void endpoint_free(struct endpoint *ep)
{
	free(ep->ca);
	free(ep->cert);
	free(ep->key);
	ep->ca = ep->cert = ep->key = NULL;
}

/* ------------------------------------------------------------- transfers */

static int xfer_setup(struct engine *e, struct xfer *x)
{
	const struct endpoint *ep = &e->ep;
	CURL *c = curl_easy_init();

	if (!c)
		return cscap_err_oom();
	x->curl = c;
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, ep->tls ? "https" : "http");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, ep->tls ? "https" : "http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, e->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, e->timeout_ms);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)e->reply_limit);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &x->reply);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &x->reply);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "cscap");
	if (ep->is_unix)
		curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, ep->socket_path);
	if (ep->tls) {
		long verify = e->cfg->tls_verify ? 1L : 0L;
		/* Connections are reused, so a handful of full handshakes is all it
		 * costs; session resumption only adds ways for TLS fronts to fail. */
		curl_easy_setopt(c, CURLOPT_SSL_SESSIONID_CACHE, 0L);
		curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, verify);
		curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, verify ? 2L : 0L);
		if (ep->ca) {
			/* The bundle's CA alone, as the Docker client does: no system store. */
			curl_easy_setopt(c, CURLOPT_CAINFO, ep->ca);
			curl_easy_setopt(c, CURLOPT_CAPATH, NULL);
		}
		if (ep->cert) {
			curl_easy_setopt(c, CURLOPT_SSLCERT, ep->cert);
			curl_easy_setopt(c, CURLOPT_SSLKEY, ep->key);
		}
	}
	return 0;
}

/* A free handle of the pool (made on first use), or NULL when all are busy. */
static int xfer_get(struct engine *e, struct xfer **out)
{
	int rc;

	*out = NULL;
	for (size_t i = 0; i < e->n_made; i++)
		if (!e->pool[i].busy) {
			*out = &e->pool[i];
			return 0;
		}
	if (e->n_made == e->n_pool)
		return 0;
	if ((rc = xfer_setup(e, &e->pool[e->n_made])))
		return rc;
	*out = &e->pool[e->n_made++];
	return 0;
}

/* Start GET prefix+path on x. */
static int xfer_start(struct engine *e, struct xfer *x, const char *prefix, const char *path)
{
	char url[sizeof(e->ep.base) + sizeof(x->path) + sizeof(e->api_prefix)];
	struct reply *r = &x->reply;

	snprintf(x->path, sizeof(x->path), "%s%s", prefix, path);
	snprintf(url, sizeof(url), "%s%s", e->ep.base, x->path);
	r->len = 0;
	r->overflow = r->oom = r->podman = 0;
	r->api_version[0] = '\0';
	r->limit = e->reply_limit;
	if (r->data)
		r->data[0] = '\0';
	x->errbuf[0] = '\0';
	curl_easy_setopt(x->curl, CURLOPT_URL, url);
	if (curl_multi_add_handle(e->multi, x->curl) != CURLM_OK)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: cannot start the request", e->url,
				 x->path);
	x->busy = 1;
	return 0;
}

static void xfer_release(struct engine *e, struct xfer *x)
{
	if (!x)
		return;
	if (x->busy)
		curl_multi_remove_handle(e->multi, x->curl);
	x->busy = 0;
}

/* Why a transfer failed, in words: the OS error for connections (curl only
 * says "couldn't connect"), curl's own text otherwise. */
static int xfer_transport_error(struct engine *e, struct xfer *x, CURLcode cc)
{
	long os_errno = 0;
	const char *detail = x->errbuf[0] ? x->errbuf : curl_easy_strerror(cc);

	if (x->reply.oom)
		return cscap_err_oom();
	if (x->reply.overflow || cc == CURLE_FILESIZE_EXCEEDED)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: reply larger than %zu bytes", e->url,
				 x->path, e->reply_limit);
	curl_easy_getinfo(x->curl, CURLINFO_OS_ERRNO, &os_errno);
	if (cc == CURLE_COULDNT_CONNECT && os_errno)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: cannot connect: %s", e->url, x->path,
				 strerror((int)os_errno));
	if (cc == CURLE_PARTIAL_FILE || cc == CURLE_RECV_ERROR || cc == CURLE_GOT_NOTHING)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: reply cut short (%s)", e->url, x->path,
				 detail);
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: timed out (%s)", e->url, x->path, detail);
	return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: %s", e->url, x->path, detail);
}

/* The engine's own words for a failed request: {"message": "..."} when present. */
static int xfer_http_error(struct engine *e, struct xfer *x, long status)
{
	json_object *root = NULL, *msg;
	int rc;

	if (x->reply.len == 0 || docker_json_parse(x->reply.data, x->reply.len, (void **)&root, "error"))
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: answered HTTP %ld", e->url, x->path,
				 status);
	if (json_object_is_type(root, json_type_object) && json_object_object_get_ex(root, "message", &msg) &&
	    json_object_is_type(msg, json_type_string))
		rc = cscap_err(CSCAP_EENGINE, "engine %s: GET %s: answered HTTP %ld: %.200s", e->url, x->path,
			       status, json_object_get_string(msg));
	else
		rc = cscap_err(CSCAP_EENGINE, "engine %s: GET %s: answered HTTP %ld", e->url, x->path, status);
	json_object_put(root);
	return rc;
}

/* Run the multi handle until one transfer ends; *out is it, *cc its result. */
static int engine_wait(struct engine *e, struct xfer **out, CURLcode *cc)
{
	for (;;) {
		int running = 0, queued;
		CURLMsg *m;
		CURLMcode mc = curl_multi_perform(e->multi, &running);

		if (mc != CURLM_OK)
			return cscap_err(CSCAP_EENGINE, "engine %s: %s", e->url, curl_multi_strerror(mc));
		while ((m = curl_multi_info_read(e->multi, &queued))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)out);
			*cc = m->data.result;
			return 0;
		}
		if (running == 0)
			return cscap_err(CSCAP_EENGINE, "engine %s: no request in flight", e->url);
		mc = curl_multi_poll(e->multi, NULL, 0, POLL_MS, NULL);
		if (mc != CURLM_OK)
			return cscap_err(CSCAP_EENGINE, "engine %s: %s", e->url, curl_multi_strerror(mc));
	}
}

/* A transfer ended: 0 with *status, or the failure (the handle stays attached
 * so the caller can still ask curl about its connection). */
static int xfer_finish(struct engine *e, struct xfer *x, CURLcode cc, long *status)
{
	*status = 0;
	if (cc != CURLE_OK || x->reply.overflow || x->reply.oom)
		return xfer_transport_error(e, x, cc);
	curl_easy_getinfo(x->curl, CURLINFO_RESPONSE_CODE, status);
	if (!x->reply.data) {
		/* An empty body still has to read as a string. */
		if (!(x->reply.data = calloc(1, 1)))
			return cscap_err_oom();
		x->reply.cap = 1;
	}
	return 0;
}

/* One request, alone (nothing else in flight): GET prefix+path on a free handle. */
static int engine_get(struct engine *e, const char *prefix, const char *path, long *status,
		      struct xfer **out)
{
	struct xfer *x, *done;
	CURLcode cc;
	int rc;

	*out = NULL;
	if ((rc = xfer_get(e, &x)))
		return rc;
	if (!x)
		return cscap_err(CSCAP_EENGINE, "engine %s: GET %s: no free connection", e->url, path);
	*out = x;
	if ((rc = xfer_start(e, x, prefix, path)))
		return rc;
	if ((rc = engine_wait(e, &done, &cc)))
		return rc;
	rc = xfer_finish(e, done, cc, status);
	*out = done;
	return rc;
}

/* Re-raise the last error with the engine and request in front. */
static int engine_context_error(struct engine *e, const struct xfer *x, int rc)
{
	char why[768];

	if (rc == CSCAP_ENOMEM)
		return rc;
	snprintf(why, sizeof(why), "%s", cscap_error_last());
	return cscap_err(rc, "engine %s: GET %s: %s", e->url, x->path, why);
}

static int engine_open(struct engine *e, const struct probe_config *cfg)
{
	int rc;

	memset(e, 0, sizeof(*e));
	e->cfg = cfg;
	e->url = cfg->engine_url ? cfg->engine_url : "(none)";
	e->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;
	e->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms
							    : DEFAULT_CONNECT_TIMEOUT_MS;
	e->reply_limit = cfg->max_reply_bytes ? cfg->max_reply_bytes : DEFAULT_REPLY_LIMIT;
	e->n_pool = cfg->max_parallel > 0 ? (size_t)cfg->max_parallel : DEFAULT_PARALLEL;
	if (e->n_pool > MAX_PARALLEL)
		e->n_pool = MAX_PARALLEL;
	if ((rc = endpoint_parse(&e->ep, cfg)))
		return rc;
	if (!(e->pool = calloc(e->n_pool, sizeof(*e->pool))) || !(e->multi = curl_multi_init()))
		return cscap_err_oom();
	/* As many connections as handles, kept for reuse; HTTP/1.1, one request each. */
	curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)e->n_pool);
	curl_multi_setopt(e->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long)e->n_pool);
	curl_multi_setopt(e->multi, CURLMOPT_MAXCONNECTS, (long)e->n_pool);
	curl_multi_setopt(e->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_NOTHING);
	return 0;
}

static void engine_close(struct engine *e)
{
	for (size_t i = 0; i < e->n_made; i++) {
		xfer_release(e, &e->pool[i]);
		curl_easy_cleanup(e->pool[i].curl);
		free(e->pool[i].reply.data);
	}
	free(e->pool);
	docker_json_tokener_free(e->tok);
	if (e->multi)
		curl_multi_cleanup(e->multi);
	endpoint_free(&e->ep);
	memset(e, 0, sizeof(*e));
}

/* ------------------------------------------------------- the handshake */

/* The pid of the socket's owner, from the peer credentials of the connection
 * curl kept open (unix sockets only; 0 when unknown): the engine daemon, or
 * systemd when the socket is activated (pidns_host_ref() tells them apart).
 * x must still be attached. */
static long daemon_pid(struct engine *e, struct xfer *x)
{
	curl_socket_t fd;
	struct ucred cred;
	socklen_t len = sizeof(cred);

	if (!e->ep.is_unix)
		return 0;
	if (curl_easy_getinfo(x->curl, CURLINFO_ACTIVESOCKET, &fd) != CURLE_OK || fd == CURL_SOCKET_BAD)
		return 0;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0)
		return 0;
	return cred.pid;
}

struct engine_version {
	int api_max, api_min;   /* API_VERSION(), -1 unknown */
	const char *max_from;   /* where api_max was read, for messages */
	const char *version;    /* the engine's release, arena-owned; NULL unknown */
	int podman;
};

static int json_string_member(json_object *obj, const char *key, const char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_string) || !json_field_text_ok(v))
		return -1;
	*out = json_object_get_string(v);
	return 0;
}

/* /version: {"Version", "ApiVersion", "MinAPIVersion", "Components": [{"Name"}]}. */
static int parse_version(struct container_snapshot *snap, const char *body, size_t len,
			 struct engine_version *v)
{
	json_object *root, *comps;
	const char *version, *api, *min;
	int rc = docker_json_parse(body, len, (void **)&root, "version");

	if (rc)
		return rc;
	rc = cscap_err(CSCAP_EENGINE, "version: a field has the wrong type");
	if (!json_object_is_type(root, json_type_object) || json_string_member(root, "Version", &version) ||
	    json_string_member(root, "ApiVersion", &api) || json_string_member(root, "MinAPIVersion", &min))
		goto out;
	if (api && (v->api_max = parse_api_version(api)) < 0) {
		rc = cscap_err(CSCAP_EENGINE, "version: ApiVersion '%.32s' is not MAJOR.MINOR", api);
		goto out;
	}
	if (api)
		v->max_from = "GET /version: ApiVersion";
	if (min && (v->api_min = parse_api_version(min)) < 0) {
		rc = cscap_err(CSCAP_EENGINE, "version: MinAPIVersion '%.32s' is not MAJOR.MINOR", min);
		goto out;
	}
	if (json_object_object_get_ex(root, "Components", &comps) && json_object_is_type(comps, json_type_array))
		for (size_t i = 0; i < json_object_array_length(comps); i++) {
			json_object *c = json_object_array_get_idx(comps, i);
			const char *name;
			if (json_object_is_type(c, json_type_object) &&
			    json_string_member(c, "Name", &name) == 0 && name &&
			    strcmp(name, "Podman Engine") == 0)
				v->podman = 1;
		}
	rc = 0;
	if (version && *version &&
	    !(v->version = arena_strndup(&snap->arena, version, strnlen(version, 64))))
		rc = cscap_err_oom();
out:
	json_object_put(root);
	return rc;
}

/* The highest version both sides speak, or why there is none. */
static int choose_api_version(struct engine *e, const struct engine_version *v, int *out)
{
	int ours_min = API_VERSION(API_MAJOR, API_MIN_MINOR), ours_max = API_VERSION(API_MAJOR, API_MAX_MINOR);

	if (v->api_max < 0)
		return cscap_err(CSCAP_EENGINE, "engine %s: reports no API version (in /_ping or /version)",
				 e->url);
	if (v->api_min > ours_max)
		return cscap_err(CSCAP_EENGINE,
				 "engine %s: requires API %d.%d or newer (GET /version: MinAPIVersion), "
				 "but cscap speaks %d.%d to %d.%d",
				 e->url, v->api_min / 1000, v->api_min % 1000, API_MAJOR, API_MIN_MINOR,
				 API_MAJOR, API_MAX_MINOR);
	if (v->api_max < ours_min)
		return cscap_err(CSCAP_EENGINE,
				 "engine %s: speaks API %d.%d at most (%s), older than %d.%d, the oldest cscap speaks",
				 e->url, v->api_max / 1000, v->api_max % 1000, v->max_from, API_MAJOR,
				 API_MIN_MINOR);
	*out = v->api_max < ours_max ? v->api_max : ours_max;
	return 0;
}

/* /_ping then /version: the engine, its release, the API version to use. */
static int negotiate(struct engine *e, struct container_snapshot *snap)
{
	struct engine_version v = {.api_max = -1, .api_min = -1};
	struct xfer *x;
	long status;
	int rc, chosen = 0;

	rc = engine_get(e, "", "/_ping", &status, &x);
	if (rc == 0) {
		snap->daemon_pid = daemon_pid(e, x);
		v.podman = x->reply.podman;
		v.max_from = "GET /_ping: API-Version";
		if (x->reply.api_version[0] && (v.api_max = parse_api_version(x->reply.api_version)) < 0)
			rc = cscap_err(CSCAP_EENGINE, "engine %s: GET /_ping: API-Version '%s' is not MAJOR.MINOR",
				       e->url, x->reply.api_version);
		else if (status != 200)
			rc = xfer_http_error(e, x, status);
	}
	xfer_release(e, x);
	if (rc)
		return rc;
	rc = engine_get(e, "", "/version", &status, &x);
	if (rc == 0 && status != 200)
		rc = xfer_http_error(e, x, status);
	if (rc == 0 && (rc = parse_version(snap, x->reply.data, x->reply.len, &v)))
		rc = engine_context_error(e, x, rc);
	xfer_release(e, x);
	if (rc || (rc = choose_api_version(e, &v, &chosen)))
		return rc;
	snprintf(e->api_prefix, sizeof(e->api_prefix), "/v%d.%d", chosen / 1000, chosen % 1000);
	snap->api_version = arena_strdup(&snap->arena, e->api_prefix + 2);
	snap->engine = v.podman ? "podman" : "docker";
	snap->engine_version = v.version;
	return snap->api_version ? 0 : cscap_err_oom();
}

/* ------------------------------------------------------ the containers */

static int list_containers(struct engine *e, struct container_snapshot *snap, const char ***ids,
			   const char ***names, size_t *n_ids)
{
	struct xfer *x;
	long status;
	int rc = engine_get(e, e->api_prefix, "/containers/json?all=1", &status, &x);

	if (rc == 0 && status != 200)
		rc = xfer_http_error(e, x, status);
	if (rc == 0 && (rc = docker_json_parse_list(&snap->arena, x->reply.data, x->reply.len, ids, names,
						    n_ids)))
		rc = engine_context_error(e, x, rc);
	xfer_release(e, x);
	if (rc)
		return rc;
	for (size_t i = 0; i < *n_ids; i++) {
		const char *id = (*ids)[i];
		if (strlen(id) > 128 || strspn(id, "0123456789abcdefABCDEF") != strlen(id))
			return cscap_err(CSCAP_EENGINE, "engine %s: container id '%.64s' is not hexadecimal",
					 e->url, id);
	}
	return 0;
}

/* An inspection ended: fill slot x->index, or leave its id NULL when the
 * container was removed since the list (404). */
static int inspect_done(struct engine *e, struct container_snapshot *snap, const char **ids,
			const char **names, struct xfer *x, CURLcode cc)
{
	struct container *c = &snap->containers[x->index];
	long status;
	int rc = xfer_finish(e, x, cc, &status);

	if (rc)
		return rc;
	if (status == 404) {
		/* Named in the evidence: an assessor can tell which ones were not judged. */
		const char *name = names[x->index];
		snap->vanished[snap->n_vanished] = *name
			? arena_sprintf(&snap->arena, "%s (%.128s)", ids[x->index], name)
			: ids[x->index];
		if (!snap->vanished[snap->n_vanished++])
			return cscap_err_oom();
		return 0;
	}
	if (status != 200)
		return xfer_http_error(e, x, status);
	if (!e->tok && !(e->tok = docker_json_tokener_new()))
		return cscap_err_oom();
	if ((rc = docker_json_parse_inspect_with(e->tok, &snap->arena, x->reply.data, x->reply.len, c))) {
		c->id = NULL;
		return engine_context_error(e, x, rc);
	}
	if (strcmp(c->id, ids[x->index]) != 0) {
		rc = cscap_err(CSCAP_EENGINE, "engine %s: GET %s: the reply is about container %.64s",
			       e->url, x->path, c->id);
		c->id = NULL;
		return rc;
	}
	c->engine = snap->engine;
	return 0;
}

/* Inspect every listed container, at most n_pool at a time. */
static int inspect_all(struct engine *e, struct container_snapshot *snap, const char **ids,
		       const char **names, size_t n)
{
	size_t next = 0, active = 0;
	int rc = 0;

	while (rc == 0 && (next < n || active > 0)) {
		struct xfer *x;
		CURLcode cc;
		char path[180];

		while (rc == 0 && next < n && (rc = xfer_get(e, &x)) == 0 && x) {
			snprintf(path, sizeof(path), "/containers/%s/json", ids[next]);
			x->index = next++;
			if ((rc = xfer_start(e, x, e->api_prefix, path)) == 0)
				active++;
		}
		if (rc || (rc = engine_wait(e, &x, &cc)))
			break;
		rc = inspect_done(e, snap, ids, names, x, cc);
		xfer_release(e, x);
		active--;
	}
	return rc;
}

static int cmp_container(const void *a, const void *b)
{
	return strcmp(((const struct container *)a)->id, ((const struct container *)b)->id);
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What only a local engine allows: its containers' pids and namespaces are
 * this host's, the host reference is read here (pidns.c), and the scanner can
 * find its own container.  A remote engine's ns:<path> modes name files on
 * its host: they stay unknown.
 */
static int local_facts(struct engine *e, struct container_snapshot *snap, const char *proc_root,
		       struct pidns_ref *ref)
{
	char self[65];
	const char *from;

	if (!e->ep.is_unix) {
		const char *why = arena_sprintf(&snap->arena, "the engine at %s is remote: its namespaces "
						"are not this host's", e->url);
		return why ? pidns_no_ref(ref, &snap->arena, why) : -1;
	}
	for (size_t i = 0; i < snap->n_containers; i++) {
		struct container *c = &snap->containers[i];
		if (c->pid > 0 && proc_pid_namespace(c->pid, &c->pid_ns) == 0)
			c->pid_ns_known = true;
	}
	/* Needs no privilege, so it is done with or without the kernel view. */
	if (proc_self_container_id(proc_root, self, &from) == 0) {
		struct container *c = (struct container *)container_find(snap->containers,
									 snap->n_containers, self);
		if (c)
			c->scanner = true;
	}
	return pidns_host_ref(ref, &snap->arena, proc_root, snap->daemon_pid);
}

/* Drop the vanished slots, sort by id, refuse an id listed twice. */
static int settle(struct engine *e, struct container_snapshot *snap, size_t n_slots)
{
	size_t k = 0;

	for (size_t i = 0; i < n_slots; i++)
		if (snap->containers[i].id)
			snap->containers[k++] = snap->containers[i];
	snap->n_containers = k;
	qsort(snap->containers, k, sizeof(*snap->containers), cmp_container);
	/* Inspections end in any order; the evidence must not. */
	qsort(snap->vanished, snap->n_vanished, sizeof(*snap->vanished), cmp_string);
	for (size_t i = 1; i < k; i++)
		if (strcmp(snap->containers[i - 1].id, snap->containers[i].id) == 0)
			return cscap_err(CSCAP_EENGINE, "engine %s: container %.64s is listed twice", e->url,
					 snap->containers[i].id);
	return 0;
}

static int collect(struct engine *e, struct container_snapshot *snap, const char *proc_root)
{
	const char **ids, **names;
	struct pidns_ref ref;
	size_t n_ids;
	int rc;

	if ((rc = negotiate(e, snap)) || (rc = list_containers(e, snap, &ids, &names, &n_ids)))
		return rc;
	snap->containers = arena_calloc(&snap->arena, n_ids ? n_ids : 1, sizeof(*snap->containers));
	snap->vanished = arena_calloc(&snap->arena, n_ids ? n_ids : 1, sizeof(*snap->vanished));
	if (!snap->containers || !snap->vanished)
		return cscap_err_oom();
	if ((rc = inspect_all(e, snap, ids, names, n_ids)) || (rc = settle(e, snap, n_ids)))
		return rc;
	if (local_facts(e, snap, proc_root, &ref) != 0 ||
	    container_resolve_pid_modes_ref(snap->containers, snap->n_containers, &ref, &snap->arena) != 0)
		return cscap_err_oom();
	snap->host_pid_ns = ref.ino;
	snap->host_pid_ns_dev = ref.dev;
	snap->host_pid_ns_known = ref.known;
	snap->host_pid_ns_source = ref.source;
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
	snap->source = "api";
	snap->engine_url = arena_strdup(&snap->arena, cfg->engine_url);
	/* The kernel view is wanted (cfg->proc_root set) for a local engine unless
	 * --no-kernel-view: running containers then need its word (kernel_merge.c). */
	snap->kernel_view_wanted = cfg->proc_root != NULL;
	rc = engine_open(&e, cfg);
	if (rc == 0)
		rc = collect(&e, snap, cfg->proc_root ? cfg->proc_root : "/proc");
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
