#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common/error_internal.h"
#include "probes/host_facts.h"

/* The first dotted name that /etc/hosts gives for hostname, if any. */
static const char *fqdn_from_hosts(struct arena *a, const char *hostname)
{
	FILE *f = fopen("/etc/hosts", "re");
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

/* PRETTY-free values of /etc/os-release (NAME and VERSION_ID). */
static void read_os_release(struct host_facts *h)
{
	FILE *f = fopen("/etc/os-release", "re");
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
		if (fam == AF_INET6) {
			/* Written out in full: the asset schema accepts no "::" shorthand. */
			const unsigned char *b6 = src;
			snprintf(buf, sizeof(buf), "%x:%x:%x:%x:%x:%x:%x:%x", b6[0] << 8 | b6[1],
				 b6[2] << 8 | b6[3], b6[4] << 8 | b6[5], b6[6] << 8 | b6[7],
				 b6[8] << 8 | b6[9], b6[10] << 8 | b6[11], b6[12] << 8 | b6[13],
				 b6[14] << 8 | b6[15]);
		} else if (!inet_ntop(fam, src, buf, sizeof(buf))) {
			continue;
		}
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

int host_facts_collect(struct host_facts **out)
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
	h->fqdn = strchr(name, '.') ? h->hostname : fqdn_from_hosts(&h->arena, name);
	if (uname(&un) == 0)
		h->architecture = arena_strdup(&h->arena, un.machine);
	read_os_release(h);
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

void host_facts_free(struct host_facts *h)
{
	if (!h)
		return;
	struct arena a = h->arena;
	arena_release(&a);
}
