#!/bin/sh
# Install the Debian packages cscap needs to build and test, when missing;
# packages given as arguments are wanted too (bench/deps.sh adds its own).
set -u
PKGS="gcc make pkg-config libxml2-dev libxslt1-dev libcurl4-openssl-dev libjson-c-dev libpcre2-dev zlib1g-dev libbz2-dev libcmocka-dev xsltproc libxml2-utils openscap-common openscap-scanner docker.io busybox-static curl socat openssl podman runc python3 strace valgrind"
PKGS="$PKGS $*"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "cscap: missing Debian packages:$missing (run: sudo apt-get install$missing)" >&2
	exit 1
fi
echo "cscap: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || { echo "cscap: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null || { echo "cscap: apt-get install failed" >&2; exit 1; }
