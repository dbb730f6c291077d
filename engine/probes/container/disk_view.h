/*
 * The offline view: containers read from a Docker data-root on a mounted
 * host filesystem (an image of a seized or powered-off host), without any
 * engine running.  Nothing outside the given root is ever opened.
 */
#ifndef CSCAP_DISK_VIEW_H
#define CSCAP_DISK_VIEW_H

#include "probes/container/container.h"

/*
 * Read every container under root: the data-root comes from
 * <root>/etc/docker/daemon.json ("data-root", default /var/lib/docker), and
 * user-namespace remapping (<data-root>/<uid>.<gid>/) is followed.  Each
 * container's <data-root>/containers/<id>/hostconfig.json and config.v2.json
 * give the same fields as the API view (source "disk").  Like
 * container_snapshot_take(): *out is always set (freed with
 * container_snapshot_free) unless out of memory; a root that cannot be read
 * gives status != 0 and error set, never an empty success.
 */
int disk_snapshot_take(struct container_snapshot **out, const char *root);

#endif
