/*
 * Several engines in one scan (Docker and Podman on one host, say): their
 * snapshots, each taken as for a single engine, become the one snapshot the
 * container probe and the kernel view use.  It fails closed: one engine that
 * cannot be read, or one container id two engines both claim, makes the
 * merged snapshot an error; no engine's containers are judged alone.
 */
#include <stdlib.h>
#include <string.h>

#include "common/error_internal.h"
#include "probes/container/container.h"

static int cmp_container(const void *a, const void *b)
{
	return strcmp(((const struct container *)a)->id, ((const struct container *)b)->id);
}

static int cmp_string(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The error of a failed part, naming its engine when its text does not. */
static const char *part_error(struct arena *a, const struct container_snapshot *p)
{
	const char *why = p->error ? p->error : "could not be read";

	if (p->engine_url && strstr(why, p->engine_url))
		return arena_strdup(a, why);
	return arena_sprintf(a, "engine %s: %s", p->engine_url ? p->engine_url : "(none)", why);
}

/* Every container and vanished name of the parts, in one sorted array each. */
static int gather(struct container_snapshot *m, const struct container_snapshot *const *parts, size_t n)
{
	size_t total = 0, vanished = 0;

	for (size_t i = 0; i < n; i++) {
		total += parts[i]->n_containers;
		vanished += parts[i]->n_vanished;
	}
	m->containers = arena_calloc(&m->arena, total ? total : 1, sizeof(*m->containers));
	m->vanished = arena_calloc(&m->arena, vanished ? vanished : 1, sizeof(*m->vanished));
	if (!m->containers || !m->vanished)
		return cscap_err_oom();
	for (size_t i = 0; i < n; i++) {
		if (parts[i]->n_containers)
			memcpy(m->containers + m->n_containers, parts[i]->containers,
			       parts[i]->n_containers * sizeof(*m->containers));
		m->n_containers += parts[i]->n_containers;
		for (size_t k = 0; k < parts[i]->n_vanished; k++)
			m->vanished[m->n_vanished++] = parts[i]->vanished[k];
	}
	qsort(m->containers, m->n_containers, sizeof(*m->containers), cmp_container);
	qsort(m->vanished, m->n_vanished, sizeof(*m->vanished), cmp_string);
	return 0;
}

/* The engine (of parts) that listed the container with this id, for messages. */
static const char *owner(const struct container_snapshot *const *parts, size_t n, const char *id,
			 size_t skip)
{
	for (size_t i = 0; i < n; i++)
		if (i != skip && container_find(parts[i]->containers, parts[i]->n_containers, id))
			return parts[i]->engine_url;
	return "?";
}

/* An id listed by two engines: which container would the verdict be about? */
static int refuse_shared_ids(struct container_snapshot *m, const struct container_snapshot *const *parts,
			     size_t n)
{
	for (size_t i = 1; i < m->n_containers; i++) {
		const char *id = m->containers[i].id;
		if (strcmp(m->containers[i - 1].id, id) != 0)
			continue;
		size_t first = 0;
		while (first < n && !container_find(parts[first]->containers, parts[first]->n_containers, id))
			first++;
		m->status = CSCAP_EENGINE;
		m->error = arena_sprintf(&m->arena, "container %.64s is listed by two engines, %s and %s: "
					 "the scan cannot tell which one the verdict is about",
					 id, first < n ? parts[first]->engine_url : "?", owner(parts, n, id, first));
		return m->error ? 0 : cscap_err_oom();
	}
	return 0;
}

int container_snapshot_merge(struct container_snapshot **out,
			     const struct container_snapshot *const *parts, size_t n)
{
	struct arena a;
	struct container_snapshot *m;
	const struct container_snapshot *first = parts[0];
	int rc = 0;

	*out = NULL;
	arena_init(&a);
	if (!(m = arena_alloc(&a, sizeof(*m))))
		return cscap_err_oom();
	memset(m, 0, sizeof(*m));
	m->arena = a;
	/* What one engine stands for: the first one's, as given. */
	m->engine = first->engine;
	m->source = first->source;
	m->engine_url = first->engine_url;
	m->engine_version = first->engine_version;
	m->api_version = first->api_version;
	m->daemon_pid = first->daemon_pid;
	m->host_pid_ns = first->host_pid_ns;
	m->host_pid_ns_dev = first->host_pid_ns_dev;
	m->host_pid_ns_known = first->host_pid_ns_known;
	m->host_pid_ns_source = first->host_pid_ns_source;
	m->parts = parts;
	m->n_parts = n;
	for (size_t i = 0; i < n; i++)
		m->kernel_view_wanted = m->kernel_view_wanted || parts[i]->kernel_view_wanted;
	for (size_t i = 0; i < n && !m->status; i++)
		if (parts[i]->status != 0) {
			m->status = parts[i]->status;
			if (!(m->error = part_error(&m->arena, parts[i])))
				rc = cscap_err_oom();
		}
	if (rc == 0 && !m->status && (rc = gather(m, parts, n)) == 0)
		rc = refuse_shared_ids(m, parts, n);
	if (rc) {
		container_snapshot_free(m);
		return rc;
	}
	if (m->status)
		m->n_containers = m->n_vanished = 0; /* as a failed engine: nothing half-judged */
	*out = m;
	return 0;
}

const struct container_snapshot *const *container_snapshot_engines(const struct container_snapshot *const *snap,
								    size_t *n)
{
	*n = (*snap)->n_parts ? (*snap)->n_parts : 1;
	return (*snap)->n_parts ? (*snap)->parts : snap;
}
