/*
 * Facts about the scanned host for the asset and target descriptions:
 * names, addresses, operating system, and who ran the scan.  Read from the
 * local system only (no DNS: a scanner must not reach out to the network).
 */
#ifndef CSCAP_HOST_FACTS_H
#define CSCAP_HOST_FACTS_H

#include <stdbool.h>
#include <stddef.h>

#include "common/arena.h"

struct host_address {
	const char *interface;
	const char *address;  /* textual IPv4 or IPv6 */
	bool ipv6;
	const char *mac;      /* aa:bb:cc:dd:ee:ff, or NULL when unknown */
};

struct host_facts {
	struct arena arena;           /* owns everything here */
	const char *hostname;         /* never NULL or empty */
	const char *fqdn;             /* NULL when not known */
	const char *os_name, *os_version, *architecture;
	const char *user;
	bool privileged;              /* effective uid 0 */
	struct host_address *addresses; /* sorted by interface, then address; no loopback */
	size_t n_addresses;
};

/* The running host's facts; its operating system from host_root's os-release
 * when given (--host-root: the host's / mounted in the scanner's container),
 * else from /etc/os-release.  *out freed with host_facts_free().  Fails only
 * when out of memory. */
int host_facts_collect(struct host_facts **out, const char *host_root);
/* The facts a mounted host filesystem states about itself (offline scans):
 * host name (etc/hostname), FQDN and addresses (etc/hosts), operating system
 * (etc/os-release), architecture (the ELF header of bin/sh); every path is
 * resolved inside root.  Unknown facts stay NULL, the host name "unknown";
 * no MAC is known.  Fails when root cannot be opened or out of memory. */
int host_facts_collect_root(struct host_facts **out, const char *root);
void host_facts_free(struct host_facts *h);

/*
 * Is this process's / the host's?  NULL when it seems so; else why not, in
 * buf: PID 1's root is another filesystem (a container with the host's PID
 * namespace), $container (Podman, systemd-nspawn) or Kubernetes' service
 * variables are set, or an engine's marker (/.dockerenv, /run/.containerenv)
 * sits on an overlay /.  When it says "confined", the file probes refuse to
 * judge the scanner's own files as the host's.
 */
const char *host_facts_confinement(char *buf, size_t len);

#endif
