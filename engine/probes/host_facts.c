#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/host_facts.h"

/* The first dotted name that a hosts file (f, closed here) gives for hostname, if any. */
static const char *fqdn_from_hosts(struct arena *a, const char *hostname, FILE *f)
{
	char line[1024];
	const char *found = NULL;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *save = NULL, *tok;
		char *hash = strchr(line, '#');
		int has_host = 0;
		char *names[32];
		size_t n = 0;

		if (hash)
			*hash = '\0';
		tok = strtok_r(line, " \t\r\n", &save); /* the address */
		while (tok && (tok = strtok_r(NULL, " \t\r\n", &save)) && n < 32) {
			names[n++] = tok;
			if (strcmp(tok, hostname) == 0 || (strncmp(tok, hostname, strlen(hostname)) == 0 &&
							   tok[strlen(hostname)] == '.'))
				has_host = 1;
		}
		for (size_t i = 0; has_host && i < n && !found; i++)
			if (strchr(names[i], '.') && strncmp(names[i], hostname, strlen(hostname)) == 0)
				found = arena_strdup(a, names[i]);
	}
	fclose(f);
	return found;
}

/* PRETTY-free values of an os-release file (NAME and VERSION_ID); f is closed here. */
static void read_os_release(struct host_facts *h, FILE *f)
{
	char line[512];

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *eq = strchr(line, '='), *v, *end;
		if (!eq)
			continue;
		*eq = '\0';
		v = eq + 1;
		end = v + strcspn(v, "\r\n");
		*end = '\0';
		if (*v == '"' && end > v + 1 && end[-1] == '"') {
			v++;
			end[-1] = '\0';
		}
		if (strcmp(line, "NAME") == 0)
			h->os_name = arena_strdup(&h->arena, v);
		else if (strcmp(line, "VERSION_ID") == 0)
			h->os_version = arena_strdup(&h->arena, v);
	}
	fclose(f);
}

/* An address as text; IPv6 written out in full: the asset schema accepts no "::" shorthand. */
static const char *format_address(int fam, const void *src, char buf[INET6_ADDRSTRLEN])
{
	if (fam == AF_INET6) {
		const unsigned char *b6 = src;
		snprintf(buf, INET6_ADDRSTRLEN, "%x:%x:%x:%x:%x:%x:%x:%x", b6[0] << 8 | b6[1],
			 b6[2] << 8 | b6[3], b6[4] << 8 | b6[5], b6[6] << 8 | b6[7], b6[8] << 8 | b6[9],
			 b6[10] << 8 | b6[11], b6[12] << 8 | b6[13], b6[14] << 8 | b6[15]);
		return buf;
	}
	return inet_ntop(fam, src, buf, INET6_ADDRSTRLEN);
}

static int cmp_address(const void *x, const void *y)
{
	const struct host_address *a = x, *b = y;
	int c = strcmp(a->interface, b->interface);
	if (c)
		return c;
	if (a->ipv6 != b->ipv6)
		return a->ipv6 ? 1 : -1;
	return strcmp(a->address, b->address);
}

static int read_addresses(struct host_facts *h)
{
	struct ifaddrs *list, *ifa;
	size_t n = 0;

	if (getifaddrs(&list) != 0)
		return 0; /* no addresses known; the writers leave them out */
	for (ifa = list; ifa; ifa = ifa->ifa_next)
		if (ifa->ifa_addr && (ifa->ifa_addr->sa_family == AF_INET || ifa->ifa_addr->sa_family == AF_INET6) &&
		    !(ifa->ifa_flags & IFF_LOOPBACK))
			n++;
	h->addresses = arena_calloc(&h->arena, n ? n : 1, sizeof(*h->addresses));
	if (!h->addresses) {
		freeifaddrs(list);
		return cscap_err_oom();
	}
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		char buf[INET6_ADDRSTRLEN];
		if (!ifa->ifa_addr || (ifa->ifa_flags & IFF_LOOPBACK))
			continue;
		int fam = ifa->ifa_addr->sa_family;
		if (fam != AF_INET && fam != AF_INET6)
			continue;
		const void *src = fam == AF_INET ? (const void *)&((struct sockaddr_in *)ifa->ifa_addr)->sin_addr
						 : (const void *)&((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr;
		if (!format_address(fam, src, buf))
			continue;
		struct host_address *ad = &h->addresses[h->n_addresses++];
		ad->interface = arena_strdup(&h->arena, ifa->ifa_name);
		ad->address = arena_strdup(&h->arena, buf);
		ad->ipv6 = fam == AF_INET6;
		/* The MAC comes from the interface's packet-family entry. */
		for (struct ifaddrs *p = list; p; p = p->ifa_next) {
			if (!p->ifa_addr || p->ifa_addr->sa_family != AF_PACKET ||
			    strcmp(p->ifa_name, ifa->ifa_name) != 0)
				continue;
			const struct sockaddr_ll *ll = (const struct sockaddr_ll *)p->ifa_addr;
			if (ll->sll_halen == 6) {
				const unsigned char *m = ll->sll_addr;
				if (m[0] | m[1] | m[2] | m[3] | m[4] | m[5])
					ad->mac = arena_sprintf(&h->arena, "%02x:%02x:%02x:%02x:%02x:%02x",
								m[0], m[1], m[2], m[3], m[4], m[5]);
			}
			break;
		}
		if (!ad->interface || !ad->address) {
			freeifaddrs(list);
			return cscap_err_oom();
		}
	}
	freeifaddrs(list);
	qsort(h->addresses, h->n_addresses, sizeof(*h->addresses), cmp_address);
	return 0;
}

static FILE *root_fopen(int root_fd, const char *path);

/* The operating system's os-release: the host's own under host_root, when given. */
static void read_live_os_release(struct host_facts *h, const char *host_root)
{
	int root_fd;

	if (!host_root) {
		read_os_release(h, fopen("/etc/os-release", "re"));
		return;
	}
	if ((root_fd = open(host_root, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	FILE *osr = root_fopen(root_fd, "etc/os-release");
	read_os_release(h, osr ? osr : root_fopen(root_fd, "usr/lib/os-release"));
	close(root_fd);
}

int host_facts_collect(struct host_facts **out, const char *host_root)
{
	struct arena a;
	struct host_facts *h;
	struct utsname un;
	char name[256];
	int rc;

	*out = NULL;
	arena_init(&a);
	h = arena_alloc(&a, sizeof(*h));
	if (!h)
		return cscap_err_oom();
	h->arena = a;
	if (gethostname(name, sizeof(name)) != 0 || !name[0])
		strcpy(name, "localhost");
	name[sizeof(name) - 1] = '\0';
	h->hostname = arena_strdup(&h->arena, name);
	h->fqdn = strchr(name, '.') ? h->hostname : fqdn_from_hosts(&h->arena, name, fopen("/etc/hosts", "re"));
	if (uname(&un) == 0)
		h->architecture = arena_strdup(&h->arena, un.machine);
	read_live_os_release(h, host_root);
	if (!h->os_name && uname(&un) == 0)
		h->os_name = arena_strdup(&h->arena, un.sysname);
	h->privileged = geteuid() == 0;
	struct passwd *pw = getpwuid(geteuid());
	h->user = pw ? arena_strdup(&h->arena, pw->pw_name) : arena_sprintf(&h->arena, "%u", geteuid());
	if ((rc = read_addresses(h)) || !h->hostname || !h->user) {
		host_facts_free(h);
		return rc ? rc : cscap_err_oom();
	}
	*out = h;
	return 0;
}

/* ---- Offline: the facts a mounted host filesystem states about itself ---- */

/* A file under root, resolved inside it (symbolic links cannot lead out); NULL when unreadable. */
static FILE *root_fopen(int root_fd, const char *path)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, root_fd, path, &how, sizeof(how));
	FILE *f;

	if (fd < 0)
		return NULL; /* without openat2 (Linux < 5.6) the offline facts stay unknown */
	if (!(f = fdopen((int)fd, "re")))
		close((int)fd);
	return f;
}

/* The first line of etc/hostname, when it is a plausible host name. */
static const char *root_hostname(struct arena *a, int root_fd)
{
	FILE *f = root_fopen(root_fd, "etc/hostname");
	char line[256];
	const char *name = NULL;

	if (!f)
		return NULL;
	if (fgets(line, sizeof(line), f)) {
		line[strcspn(line, " \t\r\n#")] = '\0';
		bool ok = line[0] != '\0';
		for (const char *p = line; *p && ok; p++)
			ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			     *p == '-' || *p == '.' || *p == '_';
		if (ok)
			name = arena_strdup(a, line);
	}
	fclose(f);
	return name;
}

/* The machine a root's programs are built for: the ELF header of its /bin/sh. */
static const char *root_architecture(int root_fd)
{
	static const struct { unsigned short machine; const char *name; } machines[] = {
		{3, "i686"}, {8, "mips"}, {20, "ppc"}, {21, "ppc64"}, {22, "s390x"}, {40, "arm"},
		{62, "x86_64"}, {183, "aarch64"}, {243, "riscv64"}, {258, "loongarch64"},
	};
	FILE *f = root_fopen(root_fd, "bin/sh");
	unsigned char e[20];
	size_t n;

	if (!f)
		return NULL;
	n = fread(e, 1, sizeof(e), f);
	fclose(f);
	if (n < sizeof(e) || memcmp(e, "\177ELF", 4) != 0)
		return NULL;
	unsigned short m = e[5] == 2 ? (unsigned short)(e[18] << 8 | e[19]) : (unsigned short)(e[19] << 8 | e[18]);
	for (size_t i = 0; i < sizeof(machines) / sizeof(machines[0]); i++)
		if (machines[i].machine == m)
			return m == 21 && e[5] == 1 ? "ppc64le" : machines[i].name;
	return NULL;
}

static bool is_loopback(int fam, const void *src)
{
	if (fam == AF_INET)
		return ((const unsigned char *)src)[0] == 127;
	return IN6_IS_ADDR_LOOPBACK((const struct in6_addr *)src);
}

/* The addresses the root's etc/hosts gives its own names (loopback left out). */
static int root_addresses(struct host_facts *h, int root_fd)
{
	FILE *f = root_fopen(root_fd, "etc/hosts");
	char line[1024];
	size_t cap = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *save = NULL, *addr, *name;
		unsigned char bin[16];
		char buf[INET6_ADDRSTRLEN];
		int fam;
		bool mine = false;

		line[strcspn(line, "#")] = '\0';
		if (!(addr = strtok_r(line, " \t\r\n", &save)))
			continue;
		while ((name = strtok_r(NULL, " \t\r\n", &save)))
			if (strcmp(name, h->hostname) == 0 || (h->fqdn && strcmp(name, h->fqdn) == 0))
				mine = true;
		fam = strchr(addr, ':') ? AF_INET6 : AF_INET;
		if (!mine || inet_pton(fam, addr, bin) != 1 || is_loopback(fam, bin) || !format_address(fam, bin, buf))
			continue;
		if (h->n_addresses == cap) {
			struct host_address *grown = arena_calloc(&h->arena, cap ? cap * 2 : 4, sizeof(*grown));
			if (!grown) {
				fclose(f);
				return cscap_err_oom();
			}
			if (h->n_addresses)
				memcpy(grown, h->addresses, h->n_addresses * sizeof(*grown));
			h->addresses = grown;
			cap = cap ? cap * 2 : 4;
		}
		struct host_address *ad = &h->addresses[h->n_addresses++];
		ad->interface = "unknown"; /* a hosts file names no interface */
		ad->address = arena_strdup(&h->arena, buf);
		ad->ipv6 = fam == AF_INET6;
		if (!ad->address) {
			fclose(f);
			return cscap_err_oom();
		}
	}
	fclose(f);
	if (h->n_addresses)
		qsort(h->addresses, h->n_addresses, sizeof(*h->addresses), cmp_address);
	return 0;
}

int host_facts_collect_root(struct host_facts **out, const char *root)
{
	struct arena a;
	struct host_facts *h;
	int root_fd, rc;

	*out = NULL;
	arena_init(&a);
	h = arena_alloc(&a, sizeof(*h));
	if (!h)
		return cscap_err_oom();
	h->arena = a;
	root_fd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root_fd < 0) {
		rc = cscap_err(CSCAP_EIO, "%s: cannot open: %s", root, strerror(errno));
		host_facts_free(h);
		return rc;
	}
	h->hostname = root_hostname(&h->arena, root_fd);
	if (!h->hostname)
		h->hostname = "unknown";
	if (strchr(h->hostname, '.'))
		h->fqdn = h->hostname;
	else
		h->fqdn = fqdn_from_hosts(&h->arena, h->hostname, root_fopen(root_fd, "etc/hosts"));
	FILE *osr = root_fopen(root_fd, "etc/os-release");
	read_os_release(h, osr ? osr : root_fopen(root_fd, "usr/lib/os-release"));
	h->architecture = root_architecture(root_fd);
	/* Who ran the scan is still this process. */
	h->privileged = geteuid() == 0;
	struct passwd *pw = getpwuid(geteuid());
	h->user = pw ? arena_strdup(&h->arena, pw->pw_name) : arena_sprintf(&h->arena, "%u", geteuid());
	rc = root_addresses(h, root_fd);
	close(root_fd);
	if (rc || !h->user) {
		host_facts_free(h);
		return rc ? rc : cscap_err_oom();
	}
	*out = h;
	return 0;
}

void host_facts_free(struct host_facts *h)
{
	if (!h)
		return;
	struct arena a = h->arena;
	arena_release(&a);
}

const char *host_facts_confinement(char *buf, size_t len)
{
	struct stat mine, init;
	const char *env;

	/* With the host's PID namespace, PID 1 is the host's init: its root tells. */
	if (stat("/", &mine) == 0 && stat("/proc/1/root/", &init) == 0 &&
	    (mine.st_dev != init.st_dev || mine.st_ino != init.st_ino)) {
		snprintf(buf, len, "its / is not the root of PID 1 (it runs in a container)");
		return buf;
	}
	/* The engines' markers alone are not enough: machines built from container
	 * images keep /.dockerenv.  A container's / is an overlay as well. */
	const char *marker = access("/.dockerenv", F_OK) == 0        ? "/.dockerenv"
			     : access("/run/.containerenv", F_OK) == 0 ? "/run/.containerenv"
								       : NULL;
	struct statfs fs;
	if (marker && statfs("/", &fs) == 0 && fs.f_type == OVERLAYFS_SUPER_MAGIC) {
		snprintf(buf, len, "it runs in a container (%s exists and / is an overlay)", marker);
		return buf;
	}
	if ((env = getenv("container")) && *env) {
		snprintf(buf, len, "it runs in a container ($container is '%.40s')", env);
		return buf;
	}
	if ((env = getenv("KUBERNETES_SERVICE_HOST")) && *env) {
		snprintf(buf, len, "it runs in a Kubernetes pod ($KUBERNETES_SERVICE_HOST is set)");
		return buf;
	}
	return NULL;
}
