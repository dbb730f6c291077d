# shellcheck shell=bash
# tests/lib/engine.sh — run a throwaway Docker engine (Debian docker.io 20.10)
# on a private socket, for integration tests and the demo.
#
# Source this file, then:
#   engine_start [DIR]        start dockerd with all its state in DIR (made with
#                             mktemp when omitted); exports ENGINE_DIR, ENGINE_SOCK;
#                             the array ENGINE_EXTRA_ARGS, when set, is passed on
#                             to dockerd (another -H listener, --userns-remap, ...)
#   engine_image              import cscap-busybox:latest (once)
#   engine_docker ARGS...     /usr/bin/docker -H unix://$ENGINE_SOCK ARGS...
#   engine_api PATH           GET PATH from the engine API (curl over the socket)
#   engine_run_idle NAME [OPTS...]     create+start an idle container, print its id
#   engine_create_idle NAME [OPTS...]  create (only) an idle container, print its id
#   engine_stop               stop containers, stop dockerd (and its containerd),
#                             remove DIR; idempotent, safe in an EXIT trap
#
# Functions return non-zero and print a message naming what failed on stderr.
# The Debian client (/usr/bin/docker) is used on purpose: the newer client that
# may come first on PATH refuses the 20.10 daemon's API version.

ENGINE_IMAGE=cscap-busybox:latest
ENGINE_DOCKER=/usr/bin/docker
ENGINE_DOCKERD=${ENGINE_DOCKERD:-/usr/sbin/dockerd}
ENGINE_START_TIMEOUT=${ENGINE_START_TIMEOUT:-20}
ENGINE_STOP_TIMEOUT=${ENGINE_STOP_TIMEOUT:-20}

# The idle main process: exits at once on TERM (so `docker stop` does not wait
# Docker's 10 s), sleeps in the background so the trap runs without delay.
ENGINE_IDLE_SCRIPT='trap "exit 0" TERM INT; while :; do sleep 1 & wait $!; done'

_engine_err() { printf 'engine: %s\n' "$*" >&2; }

# Install docker.io, busybox-static and curl when any is missing.
engine_install() {
	local missing=() need
	[ -x "$ENGINE_DOCKERD" ] && [ -x "$ENGINE_DOCKER" ] || missing+=(docker.io)
	dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
	command -v curl >/dev/null 2>&1 || missing+=(curl)
	[ ${#missing[@]} -eq 0 ] && return 0
	need="${missing[*]}"
	if [ "$(id -u)" -ne 0 ]; then
		_engine_err "missing packages ($need) and not root to install them"
		return 1
	fi
	_engine_err "installing $need"
	if ! DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1; then
		_engine_err "apt-get update failed"
		return 1
	fi
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
		_engine_err "apt-get install $need failed"
		return 1
	fi
}

engine_docker() {
	DOCKER_CONFIG="$ENGINE_DIR/client" "$ENGINE_DOCKER" \
		-H "unix://$ENGINE_SOCK" "$@"
}

engine_api() {
	curl -sf --max-time 10 --unix-socket "$ENGINE_SOCK" "http://d$1"
}

_engine_ping() {
	[ -S "$ENGINE_SOCK" ] &&
		curl -sf --max-time 2 --unix-socket "$ENGINE_SOCK" \
			http://d/_ping >/dev/null 2>&1
}

# A process is alive when it exists and is not a zombie (dockerd is our child,
# so it stays a zombie until reaped by `wait`).
_engine_alive() {
	local stat
	[ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null || return 1
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	stat=${stat##*) }
	[ "${stat%% *}" != Z ]
}

engine_start() {
	local dir=${1:-} i
	if [ -n "${ENGINE_PID:-}" ] && _engine_alive "$ENGINE_PID"; then
		_engine_err "already running (pid $ENGINE_PID)"
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		_engine_err "dockerd needs root"
		return 1
	fi
	if [ -z "$dir" ]; then
		dir=$(mktemp -d /tmp/cscap-eng.XXXXXX) || return 1
	fi
	mkdir -p "$dir" || return 1
	dir=$(cd "$dir" && pwd -P) || return 1
	export ENGINE_DIR=$dir # from here on, engine_stop removes it
	engine_install || return 1
	# sun_path holds 108 bytes including the terminating NUL
	if [ ${#dir} -gt 90 ]; then
		_engine_err "$dir: too long for a unix socket path"
		return 1
	fi
	export ENGINE_SOCK=$dir/docker.sock
	ENGINE_PID=
	ENGINE_CONTAINERD_PID=
	mkdir -p "$dir/client"

	setsid "$ENGINE_DOCKERD" \
		--iptables=false --ip6tables=false --bridge=none --ip-masq=false \
		--storage-driver=vfs \
		--data-root "$dir/data" --exec-root "$dir/exec" \
		--pidfile "$dir/dockerd.pid" \
		-H "unix://$ENGINE_SOCK" ${ENGINE_EXTRA_ARGS[@]+"${ENGINE_EXTRA_ARGS[@]}"} \
		</dev/null >"$dir/dockerd.log" 2>&1 &
	ENGINE_PID=$!

	for ((i = 0; i < ENGINE_START_TIMEOUT * 10; i++)); do
		_engine_ping && break
		if ! _engine_alive "$ENGINE_PID"; then
			_engine_err "dockerd exited during start-up; last lines of $dir/dockerd.log:"
			tail -n 5 "$dir/dockerd.log" >&2
			ENGINE_PID=
			return 1
		fi
		sleep 0.1
	done
	if ! _engine_ping; then
		_engine_err "dockerd did not answer /_ping on $ENGINE_SOCK within ${ENGINE_START_TIMEOUT}s"
		tail -n 5 "$dir/dockerd.log" >&2
		return 1
	fi
	if [ -s "$dir/dockerd.pid" ]; then
		ENGINE_PID=$(cat "$dir/dockerd.pid")
	fi
	ENGINE_CONTAINERD_PID=$(pgrep -P "$ENGINE_PID" -x containerd | head -n 1)
	return 0
}

engine_image() {
	local root tarball applet
	if engine_docker image inspect "$ENGINE_IMAGE" >/dev/null 2>&1; then
		return 0
	fi
	root="$ENGINE_DIR/rootfs"
	rm -rf "$root"
	mkdir -p "$root/bin" "$root/tmp" "$root/proc" "$root/sys" "$root/dev" \
		"$root/etc" || return 1
	if ! cp /bin/busybox "$root/bin/busybox"; then
		_engine_err "cannot copy /bin/busybox (busybox-static)"
		return 1
	fi
	for applet in sh sleep cat ls ps echo true false id env kill; do
		ln -s busybox "$root/bin/$applet"
	done
	printf 'root:x:0:0:root:/:/bin/sh\n' >"$root/etc/passwd"
	printf 'root:x:0:\n' >"$root/etc/group"
	tarball="$ENGINE_DIR/rootfs.tar"
	tar -C "$root" -cf "$tarball" . || return 1
	if ! engine_docker import "$tarball" "$ENGINE_IMAGE" >/dev/null; then
		_engine_err "docker import $tarball failed"
		return 1
	fi
	rm -rf "$root" "$tarball"
}

# engine_create_idle NAME [docker create options...]
engine_create_idle() {
	local name=$1
	shift
	engine_docker create --name "$name" "$@" "$ENGINE_IMAGE" \
		/bin/sh -c "$ENGINE_IDLE_SCRIPT"
}

# engine_run_idle NAME [docker run options...]
engine_run_idle() {
	local name=$1
	shift
	engine_docker run -d --name "$name" "$@" "$ENGINE_IMAGE" \
		/bin/sh -c "$ENGINE_IDLE_SCRIPT"
}

# Print the pids of processes whose command line mentions $ENGINE_DIR
# (containerd-shims started for this engine), excluding this shell.
_engine_dir_pids() {
	local p cmd
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[ "$p" = "$$" ] && continue
		cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
		case $cmd in
		*containerd*"$ENGINE_DIR/"* | *dockerd*"$ENGINE_DIR/"*) echo "$p" ;;
		esac
	done
}

# Print the pids of processes in the cgroup of one of the given container ids.
_engine_container_pids() {
	local id ids=()
	for id in "$@"; do [ -n "$id" ] && ids+=("$id"); done
	[ ${#ids[@]} -eq 0 ] && return 0
	# One grep over every process's cgroup file for all the ids at once
	# (fixed strings); -s: processes may end while it reads.
	grep -l -s -F -f <(printf '%s\n' "${ids[@]}") /proc/[0-9]*/cgroup |
		sed -n 's|^/proc/\([0-9]*\)/cgroup$|\1|p'
}

_engine_wait_gone() { # seconds pid...
	local limit=$(($1 * 10)) i p alive
	shift
	for ((i = 0; i < limit; i++)); do
		alive=0
		for p in "$@"; do _engine_alive "$p" && alive=1; done
		[ $alive -eq 0 ] && return 0
		sleep 0.1
	done
	return 1
}

engine_stop() {
	local ids=() pids=() p mnt
	[ -n "${ENGINE_DIR:-}" ] || return 0

	if [ -n "${ENGINE_PID:-}" ] && _engine_alive "$ENGINE_PID" && _engine_ping; then
		mapfile -t ids < <(engine_docker ps -aq --no-trunc 2>/dev/null)
		if [ ${#ids[@]} -gt 0 ]; then
			mapfile -t pids < <(engine_docker ps -q --no-trunc 2>/dev/null)
			[ ${#pids[@]} -gt 0 ] &&
				engine_docker stop -t 2 "${pids[@]}" >/dev/null 2>&1
		fi
	fi
	if [ -z "${ENGINE_PID:-}" ] && [ -s "$ENGINE_DIR/dockerd.pid" ]; then
		ENGINE_PID=$(cat "$ENGINE_DIR/dockerd.pid")
	fi
	if [ -n "${ENGINE_PID:-}" ]; then
		[ -n "${ENGINE_CONTAINERD_PID:-}" ] ||
			ENGINE_CONTAINERD_PID=$(pgrep -P "$ENGINE_PID" -x containerd | head -n 1)
		kill -TERM "$ENGINE_PID" 2>/dev/null
		if ! _engine_wait_gone "$ENGINE_STOP_TIMEOUT" "$ENGINE_PID"; then
			_engine_err "dockerd (pid $ENGINE_PID) ignored TERM; killing it"
			kill -KILL "$ENGINE_PID" 2>/dev/null
			_engine_wait_gone 5 "$ENGINE_PID"
		fi
		wait "$ENGINE_PID" 2>/dev/null
	fi
	if [ -n "${ENGINE_CONTAINERD_PID:-}" ] && _engine_alive "$ENGINE_CONTAINERD_PID"; then
		kill -TERM "$ENGINE_CONTAINERD_PID" 2>/dev/null
		_engine_wait_gone 5 "$ENGINE_CONTAINERD_PID" ||
			kill -KILL "$ENGINE_CONTAINERD_PID" 2>/dev/null
	fi
	# Anything left (container processes, shims) would outlive the test: end
	# it. The on-disk list also covers containers of a daemon that died.
	if [ -d "$ENGINE_DIR/data/containers" ]; then
		mapfile -t -O ${#ids[@]} ids < <(ls "$ENGINE_DIR/data/containers")
	fi
	mapfile -t pids < <(_engine_container_pids "${ids[@]}"; _engine_dir_pids)
	if [ ${#pids[@]} -gt 0 ]; then
		_engine_err "killing leftover processes: ${pids[*]}"
		kill -KILL "${pids[@]}" 2>/dev/null
		_engine_wait_gone 5 "${pids[@]}"
	fi
	# Unmount anything left under the folder (deepest first), then remove it.
	while read -r mnt; do
		umount -l "$mnt" 2>/dev/null
	done < <(awk -v d="$ENGINE_DIR/" 'index($2, d) == 1 { print $2 }' \
		/proc/self/mounts | sort -r)
	rm -rf --one-file-system "$ENGINE_DIR"
	ENGINE_PID=
	ENGINE_CONTAINERD_PID=
	ENGINE_DIR=
	ENGINE_SOCK=
	return 0
}
