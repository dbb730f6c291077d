/*
 * independent environmentvariable58_object → environmentvariable58_item.
 * pid xsi:nil means the scanner's own environment (as it is now, with what
 * the scanner itself set); a pid means /proc/<pid>/environ, which holds the
 * environment the process started with.  Any pid operation but equals
 * compares every running process.  Reading another user's process needs
 * privileges: a refusal is an error naming the file, never a silent gap.
 * Offline there are no processes, so an object with a pid is "not
 * collected"; the scanner's own environment is still its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/host/host_common.h"
#include "probes/host/host_proc.h"

/* /proc/<pid>/environ is bounded by the kernel's ARG_MAX-like limits; refuse anything larger. */
#define MAX_ENVIRON (16UL << 20)

static int select_variable(struct host_collect *hc, long pid, const char *entry, size_t len)
{
	const struct oval_entity *ne = host_entity(hc->obj, "name");
	const char *eq = memchr(entry, '=', len);
	struct item_builder b;
	struct oval_item *item;
	struct host_key k;
	char pidtext[24];

	if (!eq || eq == entry || !host_utf8(entry, len))
		return 0; /* not a variable, or not text the results could carry */
	char *name = strndup(entry, (size_t)(eq - entry));
	if (!name)
		return cscap_err_oom();
	if (!host_match(hc, ne, name)) {
		free(name);
		return 0;
	}
	snprintf(pidtext, sizeof(pidtext), "%ld", pid);
	host_key_init(&k, "environment");
	host_key_add(&k, pidtext);
	host_key_add(&k, name);
	if (!(item = host_cache_get(hc->sc, &k))) {
		if (item_begin(&b, hc->sc, IND_SC_NS, "environmentvariable58_item", 3)) {
			item_int(&b, "pid", pid);
			item_str(&b, "name", name);
			item_strn(&b, "value", eq + 1, len - (size_t)(eq - entry) - 1);
			item = item_end(&b);
		}
		if (!item || host_cache_put(hc->sc, &k, item)) {
			free(name);
			return cscap_err_oom();
		}
	}
	free(name);
	return host_add(hc, item);
}

/* The scanner's own environment, as it is now. */
static int own_environment(struct host_collect *hc)
{
	int rc = 0;

	for (char **e = environ; e && *e && rc == 0 && !hc->error; e++)
		rc = select_variable(hc, (long)getpid(), *e, strlen(*e));
	return rc;
}

static int process_environment(struct host_collect *hc, long pid)
{
	char *buf;
	size_t len;
	int rc = host_proc_read(pid, "environ", MAX_ENVIRON, &buf, &len);

	if (rc == -ENOENT || rc == -ESRCH)
		return 0; /* no such process (any more) */
	if (rc == -ENOMEM)
		return cscap_err_oom();
	if (rc)
		return host_error(hc, "%s: cannot read /proc/%ld/environ: %s", hc->obj->id, pid,
				  rc == -EFBIG ? "larger than 16 MiB" : strerror(-rc));
	for (size_t off = 0; off < len && rc == 0 && !hc->error;) {
		size_t n = strnlen(buf + off, len - off);
		rc = select_variable(hc, pid, buf + off, n);
		off += n + 1;
	}
	free(buf);
	return rc;
}

static int processes_environment(struct host_collect *hc, const struct oval_entity *pe)
{
	const char *own, *const *values;
	long *pids = NULL, pid;
	size_t n;
	char text[24];
	int rc = 0;

	if (pe->operation == OVAL_OP_EQUALS) {
		host_entity_values(hc, pe, &own, &values, &n);
		for (size_t i = 0; i < n && rc == 0 && !hc->error; i++)
			if (host_proc_is_pid(values[i], &pid) && host_match(hc, pe, values[i]))
				rc = process_environment(hc, pid);
		return rc;
	}
	if ((rc = host_proc_pids(&pids, &n)) == -ENOMEM)
		return cscap_err_oom();
	if (rc)
		return host_error(hc, "%s: cannot list /proc: %s", hc->obj->id, strerror(-rc));
	for (size_t i = 0; i < n && rc == 0 && !hc->error; i++) {
		snprintf(text, sizeof(text), "%ld", pids[i]);
		if (host_match(hc, pe, text))
			rc = process_environment(hc, pids[i]);
	}
	free(pids);
	return rc;
}

int environment_probe_collect(struct probe_session *ps, struct syschar *sc,
			      struct oval_collected *col, const struct oval_var_env *vars,
			      struct regex_cache *regexes)
{
	struct host_collect hc;
	const struct oval_entity *pe, *ne;
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc)
		return host_finish(&hc, rc);
	pe = host_entity(col->object, "pid");
	ne = host_entity(col->object, "name");
	if (!ne) {
		rc = host_error(&hc, "%s: an environmentvariable58_object needs a name", col->object->id);
	} else if (!pe || pe->nil) {
		if (hc.cfg->root)
			rc = host_note(&hc, OVAL_MSG_INFO, "%s: pid nil is the scanner's own environment, not one of %s",
				       col->object->id, hc.cfg->root);
		rc = rc ? rc : own_environment(&hc);
	} else if (hc.cfg->root) {
		rc = host_not_collected(&hc, "%s: process environments exist on a running system; the offline scan of %s has none",
					col->object->id, hc.cfg->root);
	} else {
		rc = processes_environment(&hc, pe);
	}
	return host_finish(&hc, rc);
}
