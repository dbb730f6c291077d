/*
 * What the container probe knows of one container, from whichever view saw
 * it, and the snapshot of an engine taken once per scan.
 */
#ifndef CSCAP_CONTAINER_H
#define CSCAP_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"
#include "probes/probe.h"

struct container_mount {
	const char *type;         /* bind, volume, tmpfs, ... */
	const char *source;       /* path on the host */
	const char *destination;  /* path in the container */
	const char *mode;
	bool rw;
	const char *propagation;  /* rprivate, shared, rshared, ... ("" when unset) */
};

struct container_device {
	const char *path_on_host;
	const char *path_in_container;
	const char *permissions;  /* cgroup permissions, e.g. "rwm" */
};

struct container_port {
	const char *container_port; /* "80/tcp" */
	const char *host_ip;
	const char *host_port;
};

struct container_ulimit {
	const char *name;
	long long soft, hard;
};

struct container {
	const char *engine;             /* "docker" or "podman"; "unmanaged" for /proc-only */
	const char *id;                 /* full id */
	const char *name;               /* without Docker's leading '/' */
	const char *image;
	const char *state;              /* running, created, paused, restarting, exited, dead, ... */
	const char *pid_mode;           /* as reported, "" for Docker's default */
	const char *effective_pid_mode; /* after following container:<id> chains and ns: paths */
	const char *pid_mode_reason;    /* why effective_pid_mode is "unknown", else NULL */
	const char *source;             /* which view saw it: "api", "disk" or "proc" */
	long pid;                       /* main process on the host, 0 if none */
	unsigned long long pid_ns;      /* inode of its PID namespace */
	bool pid_ns_known;
	const char *kernel_pid_mode;    /* what /proc shows: "host", "private"; NULL: not seen */
	bool views_disagree;            /* the engine and the kernel disagree on sharing */
	bool scanner;                   /* cscap itself runs in this container */
	const char *ipc_mode, *network_mode, *uts_mode, *userns_mode, *cgroup_parent;
	bool privileged, readonly_rootfs;
	bool has_pids_limit;
	long long pids_limit;
	const char **cap_add; size_t n_cap_add;
	const char **cap_drop; size_t n_cap_drop;
	const char **security_opt; size_t n_security_opt;
	struct container_mount *mounts; size_t n_mounts;
	struct container_device *devices; size_t n_devices;
	struct container_port *ports; size_t n_ports;
	struct container_ulimit *ulimits; size_t n_ulimits;
};

struct container_snapshot {
	struct arena arena;             /* owns the containers and all strings */
	int status;                     /* 0, or the cscap_code of the failure */
	bool not_applicable;            /* there is no engine on this host at all */
	const char *error;              /* what failed, when status != 0 */
	const char *engine;             /* docker / podman */
	const char *source;             /* the view that read it: "api" or "disk" */
	const char *engine_url;
	const char *engine_version;
	const char *api_version;        /* negotiated */
	long daemon_pid;                /* 0 when unknown */
	unsigned long long host_pid_ns; /* the namespace "host" means (inode) */
	unsigned long long host_pid_ns_dev;
	bool host_pid_ns_known;
	const char *host_pid_ns_source; /* which process it was read from */
	struct container *containers;   /* sorted by id */
	size_t n_containers;
	size_t n_vanished;              /* listed, then gone before inspection */
	const char **vanished;          /* their "<id> (<name>)", sorted */
	bool kernel_view_wanted;        /* live and local: running containers need the kernel's word */
	bool kernel_view_done;          /* the kernel view was merged (container_snapshot_merge_kernel) */
	size_t n_unmanaged;             /* seen only by the kernel view */
	/* A merged snapshot (container_snapshot_merge) of several engines: the
	 * snapshot of each, in the order given (borrowed; they outlive it).
	 * NULL and 0 for the snapshot of one engine. */
	const struct container_snapshot *const *parts;
	size_t n_parts;
};

struct proc_view;
struct pidns_ref;

/* Room for one discovered engine URL ("unix://" and a path of up to 4 KiB). */
#define ENGINE_URL_MAX 4200
/* How many sockets discovery knows (Docker's, Podman's system and user ones). */
#define ENGINE_DISCOVER_MAX 3

/*
 * When no engine was named: unix://<socket> in urls[0..*n-1] for every
 * socket of the list that exists, in the list's order (at most max), and 0;
 * else -1 and *n 0, with *absent true when no engine binary is installed
 * either (there is no engine on this host, as opposed to one that cannot be
 * reached).  engine_discover_all_in takes the candidate lists
 * (NULL-terminated) for tests.
 */
int engine_discover_all(char (*urls)[ENGINE_URL_MAX], size_t max, size_t *n,
			const char *user_runtime_dir, bool *absent);
int engine_discover_all_in(const char *const *sockets, const char *const *binaries,
			   char (*urls)[ENGINE_URL_MAX], size_t max, size_t *n, bool *absent);

/*
 * Compare every container with the kernel view (see kernel_merge.c): set
 * kernel_pid_mode, views_disagree, scanner, make "host" what the kernel shows
 * in the host namespace, "unknown" a running container whose processes could
 * not be read, and add containers the engine does not know as unmanaged
 * ones.  Fails only when out of memory.
 */
int container_snapshot_merge_kernel(struct container_snapshot *snap, const struct proc_view *pv);

/*
 * The effective PID mode the verdict uses: c->effective_pid_mode, except that
 * a running container of a snapshot that wanted the kernel view but never got
 * it (/proc could not be read) is "unknown" unless the engine says "host".
 * *why is set when the result is "unknown" (may be NULL for callers that only
 * need the mode).
 */
const char *container_pid_verdict(const struct container_snapshot *snap, const struct container *c,
				  const char **why);

/* Ask the engine at cfg->engine_url for every container.  Always returns a
 * snapshot in *out (freed with container_snapshot_free) unless out of memory;
 * an engine that cannot be read gives status != 0 and error set. */
int container_snapshot_take(struct container_snapshot **out, const struct probe_config *cfg);
void container_snapshot_free(struct container_snapshot *snap);

/*
 * One snapshot of the n (>= 1) engine snapshots parts, for a scan of several
 * engines (engine_merge.c): every container of every engine (sorted by id),
 * the vanished ones of all.  It fails closed: the first part whose status is
 * not 0 gives the merged status and error (named by its engine URL), and an
 * id two engines both list is an error too (no containers are kept then).
 * engine, engine_url, versions, daemon_pid and the host PID namespace
 * reference are the first part's; kernel_view_wanted is true when any part
 * wanted it.  The merged snapshot borrows parts and the strings of their
 * containers: free it (container_snapshot_free) before them.  Returns 0 or
 * CSCAP_ENOMEM.
 */
int container_snapshot_merge(struct container_snapshot **out,
			     const struct container_snapshot *const *parts, size_t n);
/* The engines of snap, one snapshot each: its parts, or snap itself (*n 1). */
const struct container_snapshot *const *container_snapshot_engines(const struct container_snapshot *const *snap,
								    size_t *n);

/* JSON replies → model (docker_json.c).  Return 0 or CSCAP_EENGINE with the reason. */
/* The container list: ids, and when names is not NULL each entry's first name
 * (Names[0] without a leading '/', "" when none) parallel to them. */
int docker_json_parse_list(struct arena *a, const char *body, size_t len, const char ***ids,
			   const char ***names, size_t *n_ids);
int docker_json_parse_inspect(struct arena *a, const char *body, size_t len, struct container *out);
/* The same with a reused tokener (docker_json_tokener_new; NULL: one for this call). */
int docker_json_parse_inspect_with(void *tok, struct arena *a, const char *body, size_t len,
				   struct container *out);
/*
 * The HostConfig fields every view shares (PidMode, IpcMode, ..., Devices,
 * PortBindings, Ulimits), from a parsed HostConfig object (json-c's
 * json_object, passed as void * to keep json-c out of this header).
 * what names the source in messages.
 */
int docker_json_fill_hostconfig(struct arena *a, const void *hostconfig, struct container *c,
				const char *what);
/* Parse text as one JSON value with nothing after it; *out is json_object *, freed
 * with json_object_put().  CSCAP_EENGINE naming what when it is not JSON. */
int docker_json_parse(const char *body, size_t len, void **out, const char *what);
/* The same with a tokener made once and reused for many documents (json_tokener *,
 * as void *; NULL: one for this call): saves its allocation per document.
 * docker_json_tokener_new returns NULL when out of memory. */
void *docker_json_tokener_new(void);
void docker_json_tokener_free(void *tok);
int docker_json_parse_with(void *tok, const char *body, size_t len, void **out, const char *what);

/* The container with this id in cs (sorted by id), or NULL. */
const struct container *container_find(const struct container *cs, size_t n, const char *id);
/*
 * Fill effective_pid_mode (and pid_mode_reason) of every container: chains,
 * dangling targets, cycles, and ns:<path> judged against host (see pidns.h;
 * NULL: no reference, so every ns: path is "unknown").  Reasons are made in a
 * (NULL: fixed texts).  -1 only when out of memory.
 */
int container_resolve_pid_modes_ref(struct container *cs, size_t n, const struct pidns_ref *host,
				    struct arena *a);
/* The same without a host reference or arena; cannot fail. */
void container_resolve_pid_modes(struct container *cs, size_t n);
/* Namespace inode of pid's PID namespace (stat of /proc/PID/ns/pid). */
int proc_pid_namespace(long pid, unsigned long long *ino);

#endif
