/*
 * Checking the engine's word against the kernel's: every container process
 * found in /proc is compared with the host's PID namespace.  The kernel can
 * only make a verdict stricter — a process in the host's namespace makes the
 * container "host" whatever the engine says, while an engine that says
 * "host" is believed even if no process shows it (the container may simply
 * not be running, or the reference may be wrong).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/error_internal.h"
#include "probes/container/container.h"
#include "probes/container/proc_view.h"

static bool in_host_namespace(const struct proc_view *pv, const struct proc_process *p)
{
	return pv->host_known && p->ns_dev == pv->host_ns_dev && p->ns_ino == pv->host_ns_ino;
}

/* Podman's ns:<path> names a namespace file; it is the host's when stat says so. */
static void resolve_ns_path(struct container *c, const struct proc_view *pv)
{
	struct stat sb;

	if (strncmp(c->pid_mode, "ns:", 3) != 0 || !pv->host_known)
		return;
	if (stat(c->pid_mode + 3, &sb) != 0)
		return; /* unreadable: the raw mode stays, and it is not "host" */
	if ((unsigned long long)sb.st_dev == pv->host_ns_dev &&
	    (unsigned long long)sb.st_ino == pv->host_ns_ino)
		c->effective_pid_mode = "host";
}

static void judge(struct container *c, const struct proc_view *pv)
{
	size_t n;
	const struct proc_process *procs = proc_view_container(pv, c->id, &n);
	bool host = false;

	resolve_ns_path(c, pv);
	if (pv->self_container_id && strcmp(pv->self_container_id, c->id) == 0)
		c->scanner = true;
	if (!procs || n == 0 || !pv->host_known) {
		/* A running container whose processes could not be read (not root) may be
		 * sharing the host's namespace unseen: unknown, never a silent pass. */
		if (c->pid > 0 && pv->n_unreadable > 0 && strcmp(c->effective_pid_mode, "host") != 0)
			c->effective_pid_mode = "unknown";
		return; /* not running, or not visible: kernel_pid_mode stays "not collected" */
	}
	for (size_t i = 0; i < n && !host; i++)
		host = in_host_namespace(pv, &procs[i]);
	c->kernel_pid_mode = host ? "host" : "private";
	if (!c->pid_ns_known) {
		c->pid_ns = procs[0].ns_ino;
		c->pid_ns_known = true;
	}
	bool engine_host = strcmp(c->effective_pid_mode, "host") == 0;
	if (host != engine_host) {
		c->views_disagree = true;
		if (host)
			c->effective_pid_mode = "host";
	}
}

static int cmp_container(const void *a, const void *b)
{
	return strcmp(((const struct container *)a)->id, ((const struct container *)b)->id);
}

/* Containers the engine does not know (another runtime, another engine's
 * pods) still run on this host: they become items of their own. */
static int add_unmanaged(struct container_snapshot *snap, const struct proc_view *pv)
{
	size_t extra = 0;

	for (size_t i = 0; i < pv->n_processes; i++) {
		bool first = i == 0 || strcmp(pv->processes[i - 1].container_id, pv->processes[i].container_id) != 0;
		if (first && !container_find(snap->containers, snap->n_containers, pv->processes[i].container_id))
			extra++;
	}
	if (!extra)
		return 0;
	struct container *all = arena_calloc(&snap->arena, snap->n_containers + extra, sizeof(*all));
	if (!all)
		return cscap_err_oom();
	memcpy(all, snap->containers, snap->n_containers * sizeof(*all));
	size_t n = snap->n_containers;
	for (size_t i = 0; i < pv->n_processes; i++) {
		const struct proc_process *p = &pv->processes[i];
		bool first = i == 0 || strcmp(pv->processes[i - 1].container_id, p->container_id) != 0;
		if (!first || container_find(snap->containers, snap->n_containers, p->container_id))
			continue;
		struct container *c = &all[n++];
		c->engine = p->runtime;
		c->id = p->container_id;
		c->name = "";
		c->image = "";
		c->state = "running";
		c->pid_mode = "";
		c->effective_pid_mode = "private"; /* judge() raises it to host when the kernel says so */
		c->source = "proc";
		c->pid = p->pid;
		c->ipc_mode = c->network_mode = c->uts_mode = c->userns_mode = c->cgroup_parent = "";
	}
	qsort(all, n, sizeof(*all), cmp_container);
	snap->containers = all;
	snap->n_containers = n;
	snap->n_unmanaged = extra;
	return 0;
}

int container_snapshot_merge_kernel(struct container_snapshot *snap, const struct proc_view *pv)
{
	int rc;

	if (pv->status != 0)
		return 0; /* the caller reports why the kernel view is missing */
	if (pv->host_known) {
		snap->host_pid_ns = pv->host_ns_ino;
		snap->host_pid_ns_known = true;
		snap->host_pid_ns_source = arena_strdup(&snap->arena, pv->host_source);
		if (!snap->host_pid_ns_source)
			return cscap_err_oom();
	}
	if ((rc = add_unmanaged(snap, pv)))
		return rc;
	for (size_t i = 0; i < snap->n_containers; i++)
		judge(&snap->containers[i], pv);
	return 0;
}
