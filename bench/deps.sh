#!/bin/sh
# bench/deps.sh — install what `make bench` needs on Debian 12, when missing.
# Build needs come from tools/deps.sh (the project's own list); this adds the
# comparison tools and the content measured against: OpenSCAP's scanner, the
# real engine (docker.io, busybox-static for the idle image),
# python3 (the report), the SCAP Security Guide data streams, and valgrind
# for `make bench-profile`.
set -u
sh tools/deps.sh || exit 1
PKGS="openscap-scanner openscap-common docker.io busybox-static curl python3 ssg-base ssg-debian ssg-nondebian valgrind"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "bench: missing Debian packages:$missing (run: sudo apt-get install$missing)" >&2
	exit 1
fi
echo "bench: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "bench: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null || { echo "bench: apt-get install failed" >&2; exit 1; }
