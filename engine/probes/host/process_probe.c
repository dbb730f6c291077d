/*
 * unix process58_object → process58_item, from /proc.  One table of the
 * running processes is read per syschar (every object sees the same
 * moment) and an item is built for a process only when an object selects
 * it.  Kernel threads, which have no command line, are left out (as ps
 * shows them only in brackets and OpenSCAP not at all).
 *
 * Collected: command_line, exec_time, pid, ppid, priority, ruid,
 * scheduling_class, start_time, tty, user_id, loginuid, posix_capability
 * (the effective set, the capabilities the schema names), session_id,
 * selinux_domain_label (when SELinux is enabled; "does not exist" without
 * it).  Not collected: exec_shield (Linux has had no such switch since NX
 * became per binary).  Offline there are no processes: "not collected".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/host/host_common.h"
#include "probes/host/host_fs.h"
#include "probes/host/host_proc.h"

#define MAX_CMDLINE (4UL << 20)
#define MAX_SMALL_FILE (64UL << 10)

/* The capability names the schema's EntityItemCapabilityType allows, by number. */
static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
};
#define N_CAPS (sizeof(cap_names) / sizeof(cap_names[0]))

struct process {
	long pid;
	const char *command_line;   /* arena */
	bool have_stat, have_status, have_loginuid;
	long ppid, session, priority, policy;
	unsigned long long tty_nr, utime, stime, starttime;
	long long ruid, euid, loginuid;
	unsigned long long cap_eff;
	const char *selinux;        /* arena; NULL: SELinux is not enabled */
	struct oval_item *item;     /* built when first selected */
};

struct process_table {
	struct process *v;          /* arena */
	size_t n;
	int list_error;             /* -errno: /proc could not be listed */
	size_t unreadable;          /* processes whose command line was refused */
	long ticks;                 /* clock ticks per second */
	long long boot_time;        /* seconds since the epoch; -1 when unknown */
	time_t now;
};

/* The command line with its NULs as spaces; bytes that are not UTF-8 become '?'. */
static const char *command_line(struct arena *a, char *buf, size_t len)
{
	while (len > 0 && buf[len - 1] == '\0')
		len--;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	for (size_t i = 0; i < len;) {
		size_t n = 1;
		while (n <= 4 && i + n <= len && !host_utf8(buf + i, n))
			n++;
		if (n > 4 || i + n > len) {
			buf[i++] = '?';
			continue;
		}
		i += n;
	}
	return arena_strndup(a, buf, len);
}

/* /proc/<pid>/stat after the command name, which may hold spaces and parentheses. */
static void read_stat(struct process *p)
{
	char *buf, *s;
	size_t len;
	unsigned long long f[40];
	size_t n = 0;

	if (host_proc_read(p->pid, "stat", MAX_SMALL_FILE, &buf, &len))
		return;
	if ((s = strrchr(buf, ')'))) {
		s += 2; /* ") " then the state: field 3 */
		if (*s)
			s += 1;
		/* Fields 4 (ppid) to 41 (policy); all non-negative but priority, read apart. */
		while (n < 38 && *s) {
			char *end;
			f[n++] = strtoull(s, &end, 10);
			if (end == s)
				break;
			s = end;
		}
	}
	if (n >= 38) {
		p->ppid = (long)f[0];
		p->session = (long)f[2];
		p->tty_nr = f[3];
		p->utime = f[10];
		p->stime = f[11];
		p->priority = (long)(long long)f[14]; /* negative for real-time tasks: wraps back */
		p->starttime = f[18];
		p->policy = (long)f[37];
		p->have_stat = true;
	}
	free(buf);
}

static void read_status(struct process *p)
{
	char *buf, *line;
	size_t len;
	bool uid = false, cap = false;

	if (host_proc_read(p->pid, "status", MAX_SMALL_FILE, &buf, &len))
		return;
	for (line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (strncmp(line, "Uid:", 4) == 0)
			uid = sscanf(line + 4, "%lld %lld", &p->ruid, &p->euid) == 2;
		else if (strncmp(line, "CapEff:", 7) == 0)
			cap = sscanf(line + 7, "%llx", &p->cap_eff) == 1;
	}
	p->have_status = uid && cap;
	free(buf);
}

static void read_extras(struct arena *a, struct process *p, bool selinux)
{
	char *buf;
	size_t len;

	if (host_proc_read(p->pid, "loginuid", MAX_SMALL_FILE, &buf, &len) == 0) {
		p->have_loginuid = sscanf(buf, "%lld", &p->loginuid) == 1;
		free(buf);
	}
	if (selinux && host_proc_read(p->pid, "attr/current", MAX_SMALL_FILE, &buf, &len) == 0) {
		while (len > 0 && (buf[len - 1] == '\0' || buf[len - 1] == '\n'))
			len--;
		p->selinux = host_utf8(buf, len) ? arena_strndup(a, buf, len) : NULL;
		free(buf);
	}
}

static long long boot_time(void)
{
	char *buf, *s;
	size_t len;
	long long t = -1;

	if (host_read_at(AT_FDCWD, "/proc/stat", 1UL << 20, &buf, &len) == 0) {
		if ((s = strstr(buf, "\nbtime ")))
			t = strtoll(s + 7, NULL, 10);
		free(buf);
	}
	return t;
}

/* The table of running processes, read once per syschar.  NULL when out of memory. */
static struct process_table *process_table(struct syschar *sc)
{
	struct process_table *t;
	struct host_key k;
	long *pids = NULL;
	size_t n = 0;
	bool selinux = access("/sys/fs/selinux/enforce", F_OK) == 0;

	host_key_init(&k, "processes");
	if ((t = host_cache_get(sc, &k)))
		return t;
	if (!(t = arena_alloc(&sc->arena, sizeof(*t))))
		return NULL;
	t->ticks = sysconf(_SC_CLK_TCK);
	t->boot_time = boot_time();
	t->now = time(NULL);
	if ((t->list_error = host_proc_pids(&pids, &n)) == -ENOMEM)
		return NULL;
	if (!(t->v = arena_calloc(&sc->arena, n ? n : 1, sizeof(*t->v)))) {
		free(pids);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		struct process *p = &t->v[t->n];
		char *buf;
		size_t len;
		int rc = host_proc_read(pids[i], "cmdline", MAX_CMDLINE, &buf, &len);
		if (rc == -ENOMEM) {
			free(pids);
			return NULL;
		}
		if (rc) {
			/* Gone since it was listed (ENOENT, ESRCH), or hidden from us. */
			t->unreadable += rc != -ENOENT && rc != -ESRCH;
			continue;
		}
		p->pid = pids[i];
		p->command_line = command_line(&sc->arena, buf, len);
		free(buf);
		if (!p->command_line) {
			free(pids);
			return NULL;
		}
		if (!*p->command_line)
			continue; /* a kernel thread (or a zombie): no command line */
		read_stat(p);
		read_status(p);
		read_extras(&sc->arena, p, selinux);
		t->n++;
	}
	free(pids);
	return host_cache_put(sc, &k, t) ? NULL : t;
}

/* ps's names for the scheduling policies. */
static const char *scheduling_class(long policy)
{
	static const char *const names[] = {"TS", "FF", "RR", "B", "ISO", "IDL", "DLN"};

	return policy >= 0 && policy < 7 ? names[policy] : "?";
}

/* [DD-]HH:MM:SS of cumulative CPU time. */
static void format_exec_time(char *buf, size_t len, unsigned long long seconds)
{
	unsigned long long d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;

	if (d)
		snprintf(buf, len, "%llu-%02llu:%02llu:%02llu", d, h, m, s);
	else
		snprintf(buf, len, "%02llu:%02llu:%02llu", h, m, s);
}

/* HH:MM:SS when it started today, MMM_DD (e.g. Feb_5) before. */
static void format_start_time(char *buf, size_t len, time_t start, time_t now)
{
	struct tm s, n;

	localtime_r(&start, &s);
	localtime_r(&now, &n);
	if (s.tm_year == n.tm_year && s.tm_yday == n.tm_yday)
		strftime(buf, len, "%H:%M:%S", &s);
	else {
		char mon[8];
		strftime(mon, sizeof(mon), "%b", &s);
		snprintf(buf, len, "%s_%d", mon, s.tm_mday);
	}
}

/* The terminal's name as ps shows it; "?" for none. */
static void format_tty(char *buf, size_t len, unsigned long long tty_nr)
{
	unsigned int major = (unsigned int)((tty_nr >> 8) & 0xfff);
	unsigned int minor = (unsigned int)((tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00));

	if (tty_nr == 0)
		snprintf(buf, len, "?");
	else if (major >= 136 && major <= 143)
		snprintf(buf, len, "pts/%u", minor + (major - 136) * 256);
	else if (major == 4 && minor < 64)
		snprintf(buf, len, "tty%u", minor);
	else if (major == 4)
		snprintf(buf, len, "ttyS%u", minor - 64);
	else if (major == 5 && minor == 1)
		snprintf(buf, len, "console");
	else
		snprintf(buf, len, "%u:%u", major, minor);
}

static struct oval_item *process_item(struct syschar *sc, const struct process_table *t, const struct process *p)
{
	struct item_builder b;
	char text[64];
	size_t n_caps = 0;

	for (size_t c = 0; c < N_CAPS; c++)
		n_caps += (p->cap_eff >> c) & 1;
	if (!item_begin(&b, sc, UNIX_SC_NS, "process58_item", 15 + n_caps))
		return NULL;
	item_str(&b, "command_line", p->command_line);
	if (p->have_stat && t->ticks > 0) {
		format_exec_time(text, sizeof(text), (p->utime + p->stime) / (unsigned long long)t->ticks);
		item_str(&b, "exec_time", text);
	} else {
		item_status(&b, "exec_time", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	}
	item_int(&b, "pid", p->pid);
	if (p->have_stat) {
		item_int(&b, "ppid", p->ppid);
		item_int(&b, "priority", p->priority);
	} else {
		item_status(&b, "ppid", OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
		item_status(&b, "priority", OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
	}
	if (p->have_status)
		item_int(&b, "ruid", p->ruid);
	else
		item_status(&b, "ruid", OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
	if (p->have_stat) {
		item_str(&b, "scheduling_class", scheduling_class(p->policy));
	} else {
		item_status(&b, "scheduling_class", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	}
	if (p->have_stat && t->ticks > 0 && t->boot_time >= 0) {
		format_start_time(text, sizeof(text),
				  (time_t)(t->boot_time + (long long)(p->starttime / (unsigned long long)t->ticks)), t->now);
		item_str(&b, "start_time", text);
	} else {
		item_status(&b, "start_time", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	}
	if (p->have_stat) {
		format_tty(text, sizeof(text), p->tty_nr);
		item_str(&b, "tty", text);
	} else {
		item_status(&b, "tty", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	}
	if (p->have_status)
		item_int(&b, "user_id", p->euid);
	else
		item_status(&b, "user_id", OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
	item_status(&b, "exec_shield", OVAL_DT_BOOLEAN, OVAL_STATUS_NOT_COLLECTED);
	if (p->have_loginuid)
		item_int(&b, "loginuid", p->loginuid);
	else
		item_status(&b, "loginuid", OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
	if (!p->have_status)
		item_status(&b, "posix_capability", OVAL_DT_STRING, OVAL_STATUS_NOT_COLLECTED);
	else if (n_caps == 0)
		item_status(&b, "posix_capability", OVAL_DT_STRING, OVAL_STATUS_DOES_NOT_EXIST);
	for (size_t c = 0; p->have_status && c < N_CAPS; c++)
		if ((p->cap_eff >> c) & 1)
			item_str(&b, "posix_capability", cap_names[c]);
	if (p->selinux)
		item_str(&b, "selinux_domain_label", p->selinux);
	else
		item_status(&b, "selinux_domain_label", OVAL_DT_STRING, OVAL_STATUS_DOES_NOT_EXIST);
	if (p->have_stat)
		item_int(&b, "session_id", p->session);
	else
		item_status(&b, "session_id", OVAL_DT_INT, OVAL_STATUS_NOT_COLLECTED);
	return item_end(&b);
}

int process_probe_collect(struct probe_session *ps, struct syschar *sc, struct oval_collected *col,
			  const struct oval_var_env *vars, struct regex_cache *regexes)
{
	struct host_collect hc;
	struct process_table *t;
	const struct oval_entity *ce, *pe;
	char pid[24];
	int rc = host_begin(&hc, ps, sc, col, vars, regexes);

	if (rc)
		return host_finish(&hc, rc);
	if (hc.cfg->root) {
		rc = host_not_collected(&hc, "%s: processes exist on a running system; the offline scan of %s has none",
					col->object->id, hc.cfg->root);
		return host_finish(&hc, rc);
	}
	if (!(t = process_table(sc)))
		return host_finish(&hc, cscap_err_oom());
	if (t->list_error) {
		rc = host_error(&hc, "%s: cannot list /proc: %s", col->object->id, strerror(-t->list_error));
		return host_finish(&hc, rc);
	}
	ce = host_entity(col->object, "command_line");
	pe = host_entity(col->object, "pid");
	for (size_t i = 0; i < t->n && rc == 0 && !hc.error; i++) {
		struct process *p = &t->v[i];
		snprintf(pid, sizeof(pid), "%ld", p->pid);
		if ((ce && !host_match(&hc, ce, p->command_line)) || (pe && !host_match(&hc, pe, pid)))
			continue;
		if (!p->item && !(p->item = process_item(sc, t, p)))
			return host_finish(&hc, cscap_err_oom());
		rc = host_add(&hc, p->item);
	}
	if (rc == 0 && t->unreadable)
		/* Hidden processes (hidepid) might have matched: the answer is not the whole truth. */
		rc = host_error(&hc, "%s: %zu processes' command lines could not be read", col->object->id,
				t->unreadable);
	return host_finish(&hc, rc);
}
