/*
 * Docker Engine API replies (also Podman's compatible API) → struct container.
 * Replies are untrusted: every field is checked for its type, and a reply of
 * the wrong shape is an error, not a silently empty container.
 */
#include <limits.h>
#include <string.h>

#include <json-c/json.h>

#include "common/error_internal.h"
#include "probes/container/container.h"
#include "probes/container/json_fields.h"

void *docker_json_tokener_new(void)
{
	json_tokener *tok = json_tokener_new_ex(64);

	/* Strict JSON only, and valid UTF-8: the text ends up in XML results. */
	if (tok)
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	return tok;
}

void docker_json_tokener_free(void *tok)
{
	if (tok)
		json_tokener_free(tok);
}

int docker_json_parse_with(void *tokener, const char *body, size_t len, void **out_void,
			   const char *what)
{
	json_object **out = (json_object **)out_void;
	json_tokener *tok = tokener;
	json_object *obj;

	*out = NULL;
	if (len > INT_MAX)
		return cscap_err(CSCAP_EENGINE, "%s: reply too large", what);
	if (!tok && !(tok = docker_json_tokener_new()))
		return cscap_err_oom();
	json_tokener_reset(tok);
	obj = json_tokener_parse_ex(tok, body, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t used = json_tokener_get_parse_end(tok);
	if (tok != tokener)
		json_tokener_free(tok);
	if (!obj || jerr != json_tokener_success) {
		json_object_put(obj);
		return cscap_err(CSCAP_EENGINE, "%s: not valid JSON (%s)", what,
				 jerr == json_tokener_continue ? "cut short" : json_tokener_error_desc(jerr));
	}
	/* Anything but white space after the value means the reply is broken. */
	for (size_t i = used; i < len; i++)
		if (body[i] != ' ' && body[i] != '\n' && body[i] != '\r' && body[i] != '\t') {
			json_object_put(obj);
			return cscap_err(CSCAP_EENGINE, "%s: trailing data after the JSON reply", what);
		}
	*out = obj;
	return 0;
}

int docker_json_parse(const char *body, size_t len, void **out, const char *what)
{
	return docker_json_parse_with(NULL, body, len, out, what);
}

int docker_json_parse_list(struct arena *a, const char *body, size_t len, const char ***ids,
			   const char ***names, size_t *n_ids)
{
	json_object *root;
	int rc = docker_json_parse(body, len, (void **)&root, "container list");

	*ids = NULL;
	if (names)
		*names = NULL;
	*n_ids = 0;
	if (rc)
		return rc;
	if (!json_object_is_type(root, json_type_array)) {
		json_object_put(root);
		return cscap_err(CSCAP_EENGINE, "container list: expected a JSON array");
	}
	size_t n = json_object_array_length(root);
	const char **out = arena_calloc(a, n ? n : 1, sizeof(*out));
	const char **out_names = names ? arena_calloc(a, n ? n : 1, sizeof(*out_names)) : NULL;
	if (!out || (names && !out_names)) {
		json_object_put(root);
		return cscap_err_oom();
	}
	for (size_t i = 0; i < n; i++) {
		json_object *entry = json_object_array_get_idx(root, i), *id;
		if (!json_object_is_type(entry, json_type_object) ||
		    !json_object_object_get_ex(entry, "Id", &id) ||
		    !json_object_is_type(id, json_type_string) || json_object_get_string_len(id) == 0 ||
		    !json_field_text_ok(id)) {
			json_object_put(root);
			return cscap_err(CSCAP_EENGINE, "container list: entry %zu has no Id", i);
		}
		out[i] = arena_strdup(a, json_object_get_string(id));
		if (!out[i]) {
			json_object_put(root);
			return cscap_err_oom();
		}
		if (names) {
			/* "Names": ["/web"]: the first, without Docker's leading '/'. */
			const char **list;
			size_t n_list;
			int bits = json_field_strings(a, entry, "Names", &list, &n_list);
			if (bits) {
				json_object_put(root);
				return bits & FIELD_NO_MEMORY ? cscap_err_oom()
					: cscap_err(CSCAP_EENGINE, "container list: entry %zu: Names has the wrong type", i);
			}
			out_names[i] = n_list ? list[0] + (list[0][0] == '/') : "";
		}
	}
	json_object_put(root);
	*ids = out;
	if (names)
		*names = out_names;
	*n_ids = n;
	return 0;
}

static int get_mounts(struct arena *a, json_object *arr, struct container *c)
{
	size_t n = json_object_array_length(arr);

	c->mounts = arena_calloc(a, n ? n : 1, sizeof(*c->mounts));
	if (!c->mounts)
		return FIELD_NO_MEMORY;
	for (size_t i = 0; i < n; i++) {
		json_object *m = json_object_array_get_idx(arr, i);
		struct container_mount *cm = &c->mounts[i];
		int r = 0;
		if (!json_object_is_type(m, json_type_object))
			return FIELD_BAD_TYPE;
		r |= json_field_string(a, m, "Type", &cm->type);
		r |= json_field_string(a, m, "Source", &cm->source);
		r |= json_field_string(a, m, "Destination", &cm->destination);
		r |= json_field_string(a, m, "Mode", &cm->mode);
		r |= json_field_bool(m, "RW", &cm->rw);
		r |= json_field_string(a, m, "Propagation", &cm->propagation);
		if (r)
			return r;
	}
	c->n_mounts = n;
	return 0;
}

static int get_devices(struct arena *a, json_object *host, struct container *c)
{
	json_object *arr;

	if (!json_object_object_get_ex(host, "Devices", &arr) || json_object_is_type(arr, json_type_null))
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return FIELD_BAD_TYPE;
	size_t n = json_object_array_length(arr);
	c->devices = arena_calloc(a, n ? n : 1, sizeof(*c->devices));
	if (!c->devices)
		return FIELD_NO_MEMORY;
	for (size_t i = 0; i < n; i++) {
		json_object *d = json_object_array_get_idx(arr, i);
		struct container_device *cd = &c->devices[i];
		int r = 0;
		if (!json_object_is_type(d, json_type_object))
			return FIELD_BAD_TYPE;
		r |= json_field_string(a, d, "PathOnHost", &cd->path_on_host);
		r |= json_field_string(a, d, "PathInContainer", &cd->path_in_container);
		r |= json_field_string(a, d, "CgroupPermissions", &cd->permissions);
		if (r)
			return r;
	}
	c->n_devices = n;
	return 0;
}

/* PortBindings: {"80/tcp": [{"HostIp": "", "HostPort": "8080"}, ...], ...}, sorted by port. */
static int get_ports(struct arena *a, json_object *host, struct container *c)
{
	json_object *map;
	size_t n = 0;

	if (!json_object_object_get_ex(host, "PortBindings", &map) || json_object_is_type(map, json_type_null))
		return 0;
	if (!json_object_is_type(map, json_type_object))
		return FIELD_BAD_TYPE;
	json_object_object_foreach(map, key0, list0) {
		(void)key0;
		if (json_object_is_type(list0, json_type_array))
			n += json_object_array_length(list0);
		else if (!json_object_is_type(list0, json_type_null))
			return FIELD_BAD_TYPE;
	}
	c->ports = arena_calloc(a, n ? n : 1, sizeof(*c->ports));
	if (!c->ports)
		return FIELD_NO_MEMORY;
	json_object_object_foreach(map, key, list) {
		if (!json_object_is_type(list, json_type_array))
			continue;
		for (size_t i = 0; i < json_object_array_length(list); i++) {
			json_object *b = json_object_array_get_idx(list, i);
			struct container_port *p = &c->ports[c->n_ports];
			int r = 0;
			if (!json_object_is_type(b, json_type_object))
				return FIELD_BAD_TYPE;
			p->container_port = arena_strdup(a, key);
			r |= json_field_string(a, b, "HostIp", &p->host_ip);
			r |= json_field_string(a, b, "HostPort", &p->host_port);
			if (r || !p->container_port)
				return r ? r : -2;
			c->n_ports++;
		}
	}
	return 0;
}

static int get_ulimits(struct arena *a, json_object *host, struct container *c)
{
	json_object *arr;
	bool present;

	if (!json_object_object_get_ex(host, "Ulimits", &arr) || json_object_is_type(arr, json_type_null))
		return 0;
	if (!json_object_is_type(arr, json_type_array))
		return FIELD_BAD_TYPE;
	size_t n = json_object_array_length(arr);
	c->ulimits = arena_calloc(a, n ? n : 1, sizeof(*c->ulimits));
	if (!c->ulimits)
		return FIELD_NO_MEMORY;
	for (size_t i = 0; i < n; i++) {
		json_object *u = json_object_array_get_idx(arr, i);
		struct container_ulimit *cu = &c->ulimits[i];
		int r = 0;
		if (!json_object_is_type(u, json_type_object))
			return FIELD_BAD_TYPE;
		r |= json_field_string(a, u, "Name", &cu->name);
		r |= json_field_int(u, "Soft", &present, &cu->soft);
		r |= json_field_int(u, "Hard", &present, &cu->hard);
		if (r)
			return r;
	}
	c->n_ulimits = n;
	return 0;
}

int docker_json_fill_hostconfig(struct arena *a, const void *hostconfig, struct container *c,
				const char *what)
{
	json_object *host = (json_object *)hostconfig;
	int r = 0;

	if (!json_object_is_type(host, json_type_object))
		return cscap_err(CSCAP_EENGINE, "%s: HostConfig is not an object", what);
	r |= json_field_string(a, host, "PidMode", &c->pid_mode);
	r |= json_field_string(a, host, "IpcMode", &c->ipc_mode);
	r |= json_field_string(a, host, "NetworkMode", &c->network_mode);
	r |= json_field_string(a, host, "UTSMode", &c->uts_mode);
	r |= json_field_string(a, host, "UsernsMode", &c->userns_mode);
	r |= json_field_string(a, host, "CgroupParent", &c->cgroup_parent);
	r |= json_field_bool(host, "Privileged", &c->privileged);
	r |= json_field_bool(host, "ReadonlyRootfs", &c->readonly_rootfs);
	r |= json_field_int(host, "PidsLimit", &c->has_pids_limit, &c->pids_limit);
	r |= json_field_strings(a, host, "CapAdd", &c->cap_add, &c->n_cap_add);
	r |= json_field_strings(a, host, "CapDrop", &c->cap_drop, &c->n_cap_drop);
	r |= json_field_strings(a, host, "SecurityOpt", &c->security_opt, &c->n_security_opt);
	if (r)
		return json_fields_error(r, what);
	if ((r = get_devices(a, host, c)) || (r = get_ports(a, host, c)) || (r = get_ulimits(a, host, c)))
		return json_fields_error(r, what);
	return 0;
}

int docker_json_parse_inspect(struct arena *a, const char *body, size_t len, struct container *c)
{
	return docker_json_parse_inspect_with(NULL, a, body, len, c);
}

int docker_json_parse_inspect_with(void *tok, struct arena *a, const char *body, size_t len,
				   struct container *c)
{
	json_object *root, *state, *host, *config, *mounts;
	const char *name = "";
	int rc = docker_json_parse_with(tok, body, len, (void **)&root, "container inspection");
	int bad = 0, r = 0;
	bool present;
	long long pid;

	if (rc)
		return rc;
	if (!json_object_is_type(root, json_type_object)) {
		json_object_put(root);
		return cscap_err(CSCAP_EENGINE, "container inspection: expected a JSON object");
	}
	bad |= json_field_object(root, "State", &state);
	bad |= json_field_object(root, "HostConfig", &host);
	bad |= json_field_object(root, "Config", &config);
	if (bad || !host || !state) {
		json_object_put(root);
		return cscap_err(CSCAP_EENGINE,
				 "container inspection: State or HostConfig missing or not an object");
	}
	r |= json_field_string(a, root, "Id", &c->id);
	r |= json_field_string(a, root, "Name", &name);
	r |= json_field_string(a, config, "Image", &c->image);
	if (r == 0 && !*c->image)
		r |= json_field_string(a, root, "Image", &c->image);
	r |= json_field_string(a, state, "Status", &c->state);
	r |= json_field_int(state, "Pid", &present, &pid);
	if (r == 0 && json_object_object_get_ex(root, "Mounts", &mounts) &&
	    !json_object_is_type(mounts, json_type_null))
		r = json_object_is_type(mounts, json_type_array) ? get_mounts(a, mounts, c) : FIELD_BAD_TYPE;
	rc = r ? json_fields_error(r, "container inspection")
	       : docker_json_fill_hostconfig(a, host, c, "container inspection");
	json_object_put(root);
	if (rc)
		return rc;
	if (!*c->id)
		return cscap_err(CSCAP_EENGINE, "container inspection: no Id");
	if (!*c->state)
		return cscap_err(CSCAP_EENGINE, "container %.12s: no State.Status", c->id);
	c->name = name[0] == '/' ? name + 1 : name;
	c->pid = pid > 0 && pid <= INT_MAX ? (long)pid : 0;
	c->source = "api";
	return 0;
}
