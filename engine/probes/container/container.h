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

struct container {
	const char *engine;             /* "docker" or "podman" */
	const char *id;                 /* full id */
	const char *name;               /* without Docker's leading '/' */
	const char *image;
	const char *state;              /* running, created, exited, ... */
	const char *pid_mode;           /* as reported, "" for Docker's default */
	const char *effective_pid_mode; /* after following container:<id> chains */
	long pid;                       /* main process on the host, 0 if none */
	unsigned long long pid_ns;      /* inode of its PID namespace */
	bool pid_ns_known;
	const char *ipc_mode, *network_mode, *uts_mode, *userns_mode, *cgroup_parent;
	bool privileged, readonly_rootfs;
	bool has_pids_limit;
	long long pids_limit;
	const char **cap_add; size_t n_cap_add;
	const char **cap_drop; size_t n_cap_drop;
	const char **security_opt; size_t n_security_opt;
};

struct container_snapshot {
	struct arena arena;             /* owns the containers and all strings */
	int status;                     /* 0, or the cscap_code of the failure */
	const char *error;              /* what failed, when status != 0 */
	const char *engine;             /* docker / podman */
	const char *engine_url;
	const char *engine_version;
	const char *api_version;        /* negotiated */
	long daemon_pid;                /* 0 when unknown */
	unsigned long long host_pid_ns; /* the namespace "host" means */
	bool host_pid_ns_known;
	const char *host_pid_ns_source; /* which process it was read from */
	struct container *containers;   /* sorted by id */
	size_t n_containers;
	size_t n_vanished;              /* listed, then gone before inspection */
};

/* Ask the engine at cfg->engine_url for every container.  Always returns a
 * snapshot in *out (freed with container_snapshot_free) unless out of memory;
 * an engine that cannot be read gives status != 0 and error set. */
int container_snapshot_take(struct container_snapshot **out, const struct probe_config *cfg);
void container_snapshot_free(struct container_snapshot *snap);

/* JSON replies → model (docker_json.c).  Return 0 or CSCAP_EENGINE with the reason. */
int docker_json_parse_list(struct arena *a, const char *body, size_t len, const char ***ids,
			   size_t *n_ids);
int docker_json_parse_inspect(struct arena *a, const char *body, size_t len, struct container *out);

/* Fill effective_pid_mode of every container (chains, dangling targets, cycles). */
void container_resolve_pid_modes(struct container *cs, size_t n);
/* Namespace inode of pid's PID namespace (stat of /proc/PID/ns/pid). */
int proc_pid_namespace(long pid, unsigned long long *ino);

#endif
