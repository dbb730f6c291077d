/*
 * The kernel view: which processes belong to which container (from
 * /proc/<pid>/cgroup) and which PID namespace each is in (stat of
 * /proc/<pid>/ns/pid).  It is the ground truth the engine's word is checked
 * against: a container process in the host's PID namespace shares it,
 * whatever the engine reports.
 */
#ifndef CSCAP_PROC_VIEW_H
#define CSCAP_PROC_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"

struct proc_process {
	long pid;
	unsigned long long ns_dev, ns_ino; /* the PID namespace, compared as (st_dev, st_ino) */
	const char *container_id;          /* 64 hex digits */
	const char *runtime;               /* docker, containerd (CRI), crio, podman */
};

struct proc_view {
	struct arena arena;                /* owns everything here */
	int status;                        /* 0, or the cscap_code of a failure to read /proc at all */
	const char *error;
	unsigned long long host_ns_dev, host_ns_ino;
	bool host_known;
	const char *host_source;           /* e.g. "engine daemon (pid 123)" or "scanner process" */
	struct proc_process *processes;    /* container processes only, sorted by container id, then pid */
	size_t n_processes;
	size_t n_unreadable;               /* container processes whose namespace could not be read */
	const char *self_container_id;     /* the container cscap itself runs in, or NULL */
};

/*
 * Walk proc_root (normally "/proc").  The host reference is the PID
 * namespace of daemon_pid when > 0 and readable, else the scanner's own
 * (/proc/self); host_source says which (pidns_host_ref()).  *out freed with
 * proc_view_free() and always set unless out of memory; returns 0 unless out
 * of memory: a proc_root that cannot be read gives (*out)->status != 0 and
 * error set.
 */
int proc_view_take(struct proc_view **out, const char *proc_root, long daemon_pid);
void proc_view_free(struct proc_view *v);

/* The processes of one container (a slice of v->processes); NULL/0 when none. */
const struct proc_process *proc_view_container(const struct proc_view *v, const char *container_id,
					       size_t *n);

/*
 * The container id named by the text of a /proc/<pid>/cgroup file, copied
 * into id (65 bytes), and the runtime it implies; 0 when found, -1 when the
 * process is not in a container cgroup.  Recognises /docker/<id>,
 * docker-<id>.scope, cri-containerd-<id>.scope, crio-<id>.scope,
 * libpod-<id>.scope (cgroup v1 and v2 layouts).
 */
int proc_cgroup_container_id(const char *text, char id[65], const char **runtime);

/*
 * The same from the text of a /proc/<pid>/mountinfo file, for a process in a
 * private cgroup namespace (its cgroup file reads "0::/"): the root (field 4)
 * of the mounts on /etc/hostname, /etc/hosts and /etc/resolv.conf, which
 * Docker bind-mounts from <data-root>/containers/<id>/ and Podman from
 * .../overlay-containers/<id>/userdata/.  -1 when none names a container,
 * when two name different ones, or when a line is malformed.
 */
int proc_mountinfo_container_id(const char *text, char id[65], const char **runtime);

/*
 * The container the scanner itself runs in, from proc_root/self: cgroup
 * first, then mountinfo; *from says which ("cgroup", "mountinfo").  -1 when
 * it is not in a container (or neither can be read).  Needs no privilege.
 */
int proc_self_container_id(const char *proc_root, char id[65], const char **from);

#endif
