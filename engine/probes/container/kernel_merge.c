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

#include "common/error_internal.h"
#include "probes/container/container.h"
#include "probes/container/proc_view.h"

static bool in_host_namespace(const struct proc_view *pv, const struct proc_process *p)
{
	return pv->host_known && p->ns_dev == pv->host_ns_dev && p->ns_ino == pv->host_ns_ino;
}

static void judge(struct container *c, const struct proc_view *pv)
{
	size_t n;
	const struct proc_process *procs = proc_view_container(pv, c->id, &n);
	bool host = false;

	if (pv->self_container_id && strcmp(pv->self_container_id, c->id) == 0)
		c->scanner = true;
	if (!procs || n == 0 || !pv->host_known) {
		/* A running container whose processes could not be read (not root) may be
		 * sharing the host's namespace unseen: unknown, never a silent pass. */
		if (c->pid > 0 && pv->n_unreadable > 0 && strcmp(c->effective_pid_mode, "host") != 0) {
			c->effective_pid_mode = "unknown";
			c->pid_mode_reason = "running, but the PID namespaces of some container processes "
					     "could not be read (that needs root): it may share the host's unseen";
		}
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
	if (snap->n_containers) /* an empty snapshot may have no array at all */
		memcpy(all, snap->containers, snap->n_containers * sizeof(*all));
	size_t n = snap->n_containers;
	for (size_t i = 0; i < pv->n_processes; i++) {
		const struct proc_process *p = &pv->processes[i];
		bool first = i == 0 || strcmp(pv->processes[i - 1].container_id, p->container_id) != 0;
		if (!first || container_find(snap->containers, snap->n_containers, p->container_id))
			continue;
		struct container *c = &all[n++];
		c->engine = p->runtime; /* a string literal */
		/* The item outlives the kernel view, whose arena holds p. */
		c->id = arena_strdup(&snap->arena, p->container_id);
		if (!c->id)
			return cscap_err_oom();
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
		return 0; /* the caller reports why; container_pid_verdict() fails closed */
	snap->kernel_view_done = true;
	if (pv->host_known) {
		snap->host_pid_ns = pv->host_ns_ino;
		snap->host_pid_ns_dev = pv->host_ns_dev;
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

const char *container_pid_verdict(const struct container_snapshot *snap, const struct container *c,
				  const char **why)
{
	const char *mode = c->effective_pid_mode, *reason = c->pid_mode_reason;

	/* A running container nobody could check must not pass on the engine's word
	 * alone, unless the kernel view was turned off (--no-kernel-view, a remote
	 * engine): then the engine's word is all there is. */
	if (snap->kernel_view_wanted && !snap->kernel_view_done && c->pid > 0 &&
	    strcmp(mode, "host") != 0) {
		mode = "unknown";
		reason = "running, and /proc could not be read: its processes were not checked";
	}
	if (why)
		*why = strcmp(mode, "unknown") == 0 ? (reason ? reason : "not known") : NULL;
	return mode;
}
