# shellcheck shell=bash
# tests/lib/podman.sh — run a throwaway Podman service (Debian podman 4.3) on a
# private socket, with all its state in one folder, for integration tests.
#
# Source this file, then:
#   podman_start [DIR]        start `podman system service` with its storage,
#                             runtime state and configuration in DIR (made with
#                             mktemp when omitted); exports PODMAN_DIR,
#                             PODMAN_SOCK, PODMAN_PID
#   podman_image              import localhost/cscap-busybox:latest (once)
#   podman_cli ARGS...        podman ARGS... on that private state
#   podman_api METHOD PATH [JSON]   a request to the Docker-compatible API
#                             (curl over the socket); prints the body, fails on
#                             an HTTP status >= 400
#   podman_create NAME PIDMODE      create (compat API, "NetworkMode":"none") an
#                             idle container; PIDMODE "" leaves Podman's default;
#                             prints its id
#   podman_stop               stop and remove every container, stop the service,
#                             end what is left, remove DIR; idempotent, safe in
#                             an EXIT trap
#
# The two settings Podman needs on these machines (see ENGINE-FACTS.md):
# runtime = "runc" (crun refuses the cgroup layout) and default_ulimits (the
# default rlimits cannot be raised without CAP_SYS_RESOURCE).  Functions
# return non-zero and print a message naming what failed on stderr.

PODMAN_IMAGE=localhost/cscap-busybox:latest
PODMAN_BIN=${PODMAN_BIN:-/usr/bin/podman}
PODMAN_START_TIMEOUT=${PODMAN_START_TIMEOUT:-30}
PODMAN_STOP_TIMEOUT=${PODMAN_STOP_TIMEOUT:-20}
PODMAN_IDLE_SCRIPT='trap "exit 0" TERM INT; while :; do sleep 1 & wait $!; done'

_podman_err() { printf 'podman: %s\n' "$*" >&2; }

# Install podman, runc, busybox-static and curl when any is missing.
podman_install() {
	local missing=()
	[ -x "$PODMAN_BIN" ] || missing+=(podman)
	command -v runc >/dev/null 2>&1 || missing+=(runc)
	dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		_podman_err "missing packages (${missing[*]}) and not root to install them"
		return 1
	fi
	_podman_err "installing ${missing[*]}"
	if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1; then
		_podman_err "apt-get update failed"
		return 1
	fi
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 \
		--no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
		_podman_err "apt-get install ${missing[*]} failed"
		return 1
	fi
}

# Every podman command runs with the private configuration and state; `env`
# execs podman, so a backgrounded podman_cli's $! is podman's own pid.
podman_cli() {
	env CONTAINERS_CONF="$PODMAN_DIR/containers.conf" \
		CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf" \
		CONTAINERS_REGISTRIES_CONF="$PODMAN_DIR/registries.conf" \
		XDG_RUNTIME_DIR="$PODMAN_DIR/xdg" \
		"$PODMAN_BIN" --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot" \
		--tmpdir "$PODMAN_DIR/tmp" --storage-driver vfs \
		--cgroup-manager cgroupfs --events-backend file "$@"
}

podman_api() {
	local method=$1 path=$2 data=${3:-} out code
	out=$(curl -s --max-time 30 --unix-socket "$PODMAN_SOCK" -X "$method" \
		-H 'Content-Type: application/json' ${data:+--data "$data"} \
		-w '\n%{http_code}' "http://d$path") || {
		_podman_err "$method $path: curl failed"
		return 1
	}
	code=${out##*$'\n'}
	out=${out%$'\n'*}
	printf '%s\n' "$out"
	if [ "${code:-0}" -ge 400 ] || [ "${code:-0}" -lt 200 ]; then
		_podman_err "$method $path: HTTP $code: $out"
		return 1
	fi
}

_podman_ping() {
	[ -S "$PODMAN_SOCK" ] &&
		curl -sf --max-time 2 --unix-socket "$PODMAN_SOCK" http://d/_ping >/dev/null 2>&1
}

_podman_alive() {
	local stat
	[ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

_podman_write_config() {
	local d=$1
	cat >"$d/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]
log_driver = "k8s-file"
netns = "none"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$d/events.log"
tmp_dir = "$d/tmp"
volume_path = "$d/volumes"
EOF
	cat >"$d/storage.conf" <<EOF
[storage]
driver = "vfs"
graphroot = "$d/root"
runroot = "$d/runroot"
EOF
	# No registry is reachable: search none, pull nothing.
	printf 'unqualified-search-registries = []\n' >"$d/registries.conf"
}

podman_start() {
	local dir=${1:-} i
	if [ -n "${PODMAN_PID:-}" ] && _podman_alive "$PODMAN_PID"; then
		_podman_err "already running (pid $PODMAN_PID)"
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		_podman_err "this test runs rootful Podman and needs root"
		return 1
	fi
	if [ -z "$dir" ]; then
		dir=$(mktemp -d /tmp/cscap-podman.XXXXXX) || return 1
	fi
	mkdir -p "$dir" || return 1
	dir=$(cd "$dir" && pwd -P) || return 1
	export PODMAN_DIR=$dir # from here on, podman_stop removes it
	podman_install || return 1
	if [ ${#dir} -gt 90 ]; then
		_podman_err "$dir: too long for a unix socket path"
		return 1
	fi
	mkdir -p "$dir/root" "$dir/runroot" "$dir/tmp" "$dir/xdg" "$dir/volumes" || return 1
	chmod 700 "$dir/xdg"
	_podman_write_config "$dir"
	export PODMAN_SOCK=$dir/podman.sock
	PODMAN_PID=

	# A simple command (not the function) in the background: $! is podman's pid.
	env CONTAINERS_CONF="$dir/containers.conf" CONTAINERS_STORAGE_CONF="$dir/storage.conf" \
		CONTAINERS_REGISTRIES_CONF="$dir/registries.conf" XDG_RUNTIME_DIR="$dir/xdg" \
		"$PODMAN_BIN" --root "$dir/root" --runroot "$dir/runroot" --tmpdir "$dir/tmp" \
		--storage-driver vfs --cgroup-manager cgroupfs --events-backend file \
		system service --time=0 "unix://$PODMAN_SOCK" </dev/null >"$dir/service.log" 2>&1 &
	PODMAN_PID=$!
	export PODMAN_PID
	for ((i = 0; i < PODMAN_START_TIMEOUT * 10; i++)); do
		_podman_ping && return 0
		if ! _podman_alive "$PODMAN_PID"; then
			_podman_err "podman system service exited during start-up; last lines of $dir/service.log:"
			tail -n 5 "$dir/service.log" >&2
			PODMAN_PID=
			return 1
		fi
		sleep 0.1
	done
	_podman_err "podman did not answer /_ping on $PODMAN_SOCK within ${PODMAN_START_TIMEOUT}s"
	tail -n 5 "$dir/service.log" >&2
	return 1
}

podman_image() {
	local root tarball applet
	if podman_cli image exists "$PODMAN_IMAGE" 2>/dev/null; then
		return 0
	fi
	root="$PODMAN_DIR/rootfs"
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" "$root/etc" || return 1
	if ! cp /bin/busybox "$root/bin/busybox"; then
		_podman_err "cannot copy /bin/busybox (busybox-static)"
		return 1
	fi
	for applet in sh sleep cat ls ps echo true false id env kill; do
		ln -s busybox "$root/bin/$applet"
	done
	printf 'root:x:0:0:root:/:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\n' >"$root/etc/group"
	tarball="$PODMAN_DIR/rootfs.tar"
	tar -C "$root" -cf "$tarball" . || return 1
	if ! podman_cli import "$tarball" "$PODMAN_IMAGE" >"$PODMAN_DIR/import.log" 2>&1; then
		_podman_err "podman import $tarball failed: $(tail -n 1 "$PODMAN_DIR/import.log")"
		return 1
	fi
	rm -rf "$root" "$tarball"
}

# podman_create NAME PIDMODE: through the Docker-compatible API, as a Docker
# client would; "NetworkMode":"none" keeps Podman away from CNI and iptables.
podman_create() {
	local name=$1 pidmode=$2 body reply id script
	script=${PODMAN_IDLE_SCRIPT//\\/\\\\}
	script=${script//\"/\\\"}
	body="{\"Image\":\"$PODMAN_IMAGE\",\"Cmd\":[\"/bin/sh\",\"-c\",\"$script\"],"
	body+="\"HostConfig\":{\"NetworkMode\":\"none\"${pidmode:+,\"PidMode\":\"$pidmode\"}}}"
	reply=$(podman_api POST "/v1.40/containers/create?name=$name" "$body") || return 1
	id=$(printf '%s' "$reply" | grep -o '"Id":"[0-9a-f]*"' | head -n 1 | cut -d'"' -f4)
	if [ -z "$id" ]; then
		_podman_err "create $name: no Id in the reply: $reply"
		return 1
	fi
	printf '%s\n' "$id"
}

# Pids of processes whose command line mentions $PODMAN_DIR (conmon, the
# service, stray podman commands), excluding this shell.
_podman_dir_pids() {
	local p cmd
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = "$$" ] && continue
		cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
		case $cmd in
		*"$PODMAN_DIR/"*) echo "$p" ;;
		esac
	done
}

# Pids in the cgroup of one of the given container ids (libpod-<id>).
_podman_container_pids() {
	local p id
	[ $# -eq 0 ] && return 0
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		for id in "$@"; do
			if grep -q -- "$id" "/proc/$p/cgroup" 2>/dev/null; then
				echo "$p"
				break
			fi
		done
	done
}

_podman_wait_gone() { # seconds pid...
	local limit=$(($1 * 10)) i p alive
	shift
	for ((i = 0; i < limit; i++)); do
		alive=0
		for p in "$@"; do _podman_alive "$p" && alive=1; done
		[ $alive -eq 0 ] && return 0
		sleep 0.1
	done
	return 1
}

# Print what podman_stop would leave behind (nothing when clean).
podman_leftovers() {
	[ -n "${PODMAN_DIR:-}" ] || return 0
	_podman_dir_pids
}

podman_stop() {
	local ids=() pids=() i mnt
	[ -n "${PODMAN_DIR:-}" ] || return 0
	if [ -d "$PODMAN_DIR/root" ]; then
		mapfile -t ids < <(podman_cli ps -aq --no-trunc 2>/dev/null)
		podman_cli stop -a -t 2 >/dev/null 2>&1
		# Sharers keep their targets: repeat while anything is left.
		for ((i = 0; i < 3; i++)); do
			podman_cli rm -af -t 2 >/dev/null 2>&1
			[ -z "$(podman_cli ps -aq 2>/dev/null)" ] && break
		done
	fi
	if [ -n "${PODMAN_PID:-}" ]; then
		kill -TERM "$PODMAN_PID" 2>/dev/null
		if ! _podman_wait_gone "$PODMAN_STOP_TIMEOUT" "$PODMAN_PID"; then
			_podman_err "podman service (pid $PODMAN_PID) ignored TERM; killing it"
			kill -KILL "$PODMAN_PID" 2>/dev/null
			_podman_wait_gone 5 "$PODMAN_PID"
		fi
		wait "$PODMAN_PID" 2>/dev/null
	fi
	mapfile -t pids < <(_podman_container_pids "${ids[@]}"; _podman_dir_pids)
	if [ ${#pids[@]} -gt 0 ]; then
		_podman_err "killing leftover processes: ${pids[*]}"
		kill -KILL "${pids[@]}" 2>/dev/null
		_podman_wait_gone 5 "${pids[@]}"
	fi
	while read -r mnt; do
		umount -l "$mnt" 2>/dev/null
	done < <(awk -v d="$PODMAN_DIR/" 'index($2, d) == 1 { print $2 }' /proc/self/mounts | sort -r)
	rm -rf --one-file-system "$PODMAN_DIR"
	PODMAN_PID=
	PODMAN_DIR=
	PODMAN_SOCK=
	return 0
}
