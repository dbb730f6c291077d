#!/bin/bash
# tests/integration/podman_test.sh — cscap against a real Podman engine
# (Debian podman 4.3, rootful, its Docker-compatible API on a private socket).
#
# Containers are made through the compat API as a Docker client would, one
# per Podman PID mode: private (Podman's default), host, container:<id>, and
# ns:<path> twice: the ns/pid of a sleep this test starts in the host's PID
# namespace, and that of one it starts in a namespace of its own (unshare).
# The scan must name engine "podman", keep Podman's raw pid modes, judge the
# first ns: container host and the second private (with and without the
# kernel view), and fail the rule.  Then the socket discovery: with neither
# --engine nor DOCKER_HOST, a Podman service at
# $XDG_RUNTIME_DIR/podman/podman.sock is found and scanned.  Teardown must
# leave nothing.
#
# Environment: CSCAP (default build/cscap), DS, KEEP=1 keeps the work folder.
# Output: TAP lines ("ok - … # SKIP reason" for skips), then the counts.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
# shellcheck source=tests/lib/podman.sh
. "$ROOT/tests/lib/podman.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
PROFILE=xccdf_cscap_profile_automated
SCAN_TIMEOUT=${SCAN_TIMEOUT:-120}

T=
SLEEPS=()    # the sleeps whose namespaces the ns: containers join (and unshare)
SERVICE2=    # the second Podman service (discovery)

# shellcheck disable=SC2317  # invoked from the EXIT trap and below
stop_service2() {
	[ -n "$SERVICE2" ] || return 0
	kill -TERM "$SERVICE2" 2>/dev/null
	wait "$SERVICE2" 2>/dev/null
	SERVICE2=
}
# KILL: unshare ignores TERM while it waits for its child, and the child, the
# init of its PID namespace, gets no TERM it has no handler for.
# shellcheck disable=SC2317  # invoked from the EXIT trap and below
stop_sleeps() {
	local p i
	for p in "${SLEEPS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	for p in "${SLEEPS[@]}"; do
		wait "$p" 2>/dev/null
		for ((i = 0; i < 50; i++)); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
	done
	SLEEPS=()
}

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_service2
	podman_stop
	stop_sleeps
	remove_work_dir "$T"
	exit "$rc"
}

rule_result() {
	xp "$1" "string(//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE']/*[local-name()='result'])"
}
rule_messages() {
	xp "$1" "//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE']/*[local-name()='message']/text()"
}
# item_entity ARF ID ENTITY
item_entity() {
	xp "$1" "string((${API_ITEMS}[*[local-name()='id']='$2'])[1]/*[local-name()='$3'])"
}
# api_pid_mode ID: what Podman itself says
api_pid_mode() {
	podman_api GET "/v1.40/containers/$1/json" 2>/dev/null |
		grep -o '"PidMode":"[^"]*"' | head -n 1 | cut -d'"' -f4
}

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "podman: needs root (rootful Podman on a private socket)"
need_packages libxml2-utils:xmllint coreutils:timeout
T=$(mktemp -d /tmp/cscap-podman-test.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if ! podman_start "$(mktemp -d /tmp/cscap-pod.XXXXXX)" 2>"$T/start.err"; then
	no_engine "podman: cannot run here: $(grep -v '^podman: installing' "$T/start.err" | head -n 2 | tr '\n' ' ' | sed 's/podman: //')"
	diag "$T/start.err"
	finish
fi
ok "podman system service answers on $PODMAN_SOCK (pid $PODMAN_PID)"
DIR=$PODMAN_DIR
if podman_image 2>"$T/image.err"; then ok "image $PODMAN_IMAGE imported"; else
	not_ok "image $PODMAN_IMAGE imported"
	diag "$T/image.err"
	finish
fi

# Two PID namespaces for ns:<path>: the host's, through a sleep started here
# (/proc/1 is unreadable), and one of its own, through the init of
# `unshare --pid --fork` (the sleep it forks).  Both live as long as the test.
sleep 600 >/dev/null 2>&1 &
HOST_SLEEP=$!
SLEEPS+=("$HOST_SLEEP")
unshare --pid --fork --mount-proc sleep 600 </dev/null >/dev/null 2>&1 &
SLEEPS+=("$!")
OWN_SLEEP=
for ((i = 0; i < 50; i++)); do
	OWN_SLEEP=$(pgrep -P "$!" -x sleep | head -n 1)
	[ -n "$OWN_SLEEP" ] && SLEEPS+=("$OWN_SLEEP") && break
	sleep 0.1
done
HOST_NS_PATH=/proc/$HOST_SLEEP/ns/pid
OWN_NS_PATH=/proc/${OWN_SLEEP:-none}/ns/pid
ns_of() { stat -L -c '%d:%i' "$1" 2>/dev/null; }
same "$HOST_NS_PATH is the host's PID namespace (podman's, this shell's)" \
	"$(ns_of "$HOST_NS_PATH") $(ns_of "/proc/$PODMAN_PID/ns/pid")" \
	"$(ns_of /proc/self/ns/pid) $(ns_of /proc/self/ns/pid)"
if [ -n "$(ns_of "$OWN_NS_PATH")" ] && [ "$(ns_of "$OWN_NS_PATH")" != "$(ns_of /proc/self/ns/pid)" ]; then
	ok "$OWN_NS_PATH is a PID namespace other than the host's"
else
	not_ok "$OWN_NS_PATH is a PID namespace other than the host's (got '$(ns_of "$OWN_NS_PATH")')"
fi

declare -A ID
make_container() { # LABEL PIDMODE
	local id
	if id=$(podman_create "$1" "$2" 2>"$T/create-$1.err") && [[ $id =~ ^[0-9a-f]{64}$ ]] &&
		podman_api POST "/v1.40/containers/$id/start" >/dev/null 2>>"$T/create-$1.err"; then
		ok "container $1 (PidMode '${2:-default}') created through the compat API and started: ${id:0:12}"
		ID[$1]=$id
	else
		not_ok "container $1 (PidMode '${2:-default}') created and started"
		diag "$T/create-$1.err" 5
		ID[$1]=
	fi
}
make_container private ""
make_container hostpid host
make_container nshost "ns:$HOST_NS_PATH"
make_container nsown "ns:$OWN_NS_PATH"
make_container sharer "container:${ID[private]:-none}"
# The ns: containers really joined those namespaces (a check on the setup).
main_ns() { # LABEL: the PID namespace of the container's main process
	ns_of "/proc/$(podman_cli inspect -f '{{.State.Pid}}' "${ID[$1]:-none}" 2>/dev/null)/ns/pid"
}
same "podman: nshost's process is in the host's PID namespace" "$(main_ns nshost)" "$(ns_of /proc/self/ns/pid)"
same "podman: nsown's process is in the unshared sleep's PID namespace" "$(main_ns nsown)" "$(ns_of "$OWN_NS_PATH")"

# The engine says what we expect (a check on the setup, not on cscap).
same "podman: private's PidMode is 'private'" "$(api_pid_mode "${ID[private]:-none}")" private
same "podman: hostpid's PidMode is 'host'" "$(api_pid_mode "${ID[hostpid]:-none}")" host
same "podman: nshost's PidMode is 'ns:$HOST_NS_PATH'" "$(api_pid_mode "${ID[nshost]:-none}")" "ns:$HOST_NS_PATH"
same "podman: nsown's PidMode is 'ns:$OWN_NS_PATH'" "$(api_pid_mode "${ID[nsown]:-none}")" "ns:$OWN_NS_PATH"
same "podman: sharer's PidMode is 'container:<private id>'" \
	"$(api_pid_mode "${ID[sharer]:-none}")" "container:${ID[private]:-none}"

# --------------------------------------------------------------------------
mkdir -p "$T/scan"
timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" --engine "unix://$PODMAN_SOCK" \
	--results-arf "$T/scan/arf.xml" "$DS" >"$T/scan/stdout" 2>"$T/scan/stderr"
rc=$?
ARF=$T/scan/arf.xml
same "scan: cscap exits with status 2" "$rc" 2
[ "$rc" -eq 2 ] || diag "$T/scan/stderr" 5
same "scan: rule SV-235784 is 'fail' (host and ns:<host namespace> share the host's PIDs)" \
	"$(rule_result "$ARF")" fail
same "scan: the engine's five containers are items" "$(xp "$ARF" "count($API_ITEMS)")" 5
same "scan: every engine item names engine 'podman'" \
	"$(xp "$ARF" "count(${API_ITEMS}[*[local-name()='engine']!='podman'])")" 0
for label in private hostpid nshost nsown sharer; do
	id=${ID[$label]:-}
	[ -n "$id" ] || continue
	same "scan: $label's pid_mode in the ARF is Podman's raw value" \
		"$(item_entity "$ARF" "$id" pid_mode)" "$(api_pid_mode "$id")"
done
# named_in_findings ARF ID: how many warning messages of the rule name ID
named_in_findings() {
	xp "$1" "count(//*[local-name()='rule-result'][@idref='$RULE']/*[local-name()='message'][@severity='warning'][contains(., 'id=$2')])"
}
# expect_modes NAME ARF: the per-container verdicts
expect_modes() {
	local name=$1 arf=$2 label
	same "$name: private's effective pid mode is 'private'" "$(item_entity "$arf" "${ID[private]:-none}" effective_pid_mode)" private
	same "$name: hostpid's effective pid mode is 'host'" "$(item_entity "$arf" "${ID[hostpid]:-none}" effective_pid_mode)" host
	same "$name: nshost (ns:$HOST_NS_PATH) is 'host'" "$(item_entity "$arf" "${ID[nshost]:-none}" effective_pid_mode)" host
	same "$name: nsown (ns:$OWN_NS_PATH) is 'private'" "$(item_entity "$arf" "${ID[nsown]:-none}" effective_pid_mode)" private
	for label in hostpid nshost; do
		same "$name: the findings name $label" "$(named_in_findings "$arf" "${ID[$label]:-none}")" 1
	done
	for label in private nsown sharer; do
		same "$name: the findings do not name $label" "$(named_in_findings "$arf" "${ID[$label]:-none}")" 0
	done
}
expect_modes scan "$ARF"
same "scan: the kernel view saw nsown's process in its own namespace" \
	"$(item_entity "$ARF" "${ID[nsown]:-none}" kernel_pid_mode)" private
same "scan: the kernel view saw nshost's process in the host's namespace" \
	"$(item_entity "$ARF" "${ID[nshost]:-none}" kernel_pid_mode)" host
msgs=$(rule_messages "$ARF")
if printf '%s\n' "$msgs" | grep -Eq 'podman engine \(version [0-9.]+, API 1\.[0-9]+\)'; then
	ok "scan: the rule's message names the Podman engine: $(printf '%s\n' "$msgs" | grep -Eo 'podman engine \([^)]*\)' | head -n 1)"
else
	not_ok "scan: the rule's message names the Podman engine"
	printf '%s\n' "$msgs" | head -n 3 | sed 's/^/#   /'
fi
if printf '%s\n' "$msgs" | grep -q "engine daemon (pid $PODMAN_PID)"; then
	ok "scan: the daemon pid (SO_PEERCRED) is the Podman service's, $PODMAN_PID"
else
	not_ok "scan: the daemon pid (SO_PEERCRED) is the Podman service's, $PODMAN_PID"
	printf '%s\n' "$msgs" | grep -o 'host PID namespace from.*' | head -n 1 | sed 's/^/#   /'
fi
if out=$(timeout "$SCAN_TIMEOUT" "$CSCAP" validate "$ARF" 2>&1); then
	ok "scan: cscap validate accepts the ARF"
else
	not_ok "scan: cscap validate accepts the ARF"
	printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   /'
fi

# --------------------------------------------------------------------------
# Without the kernel view, ns: paths are still resolved (stat of the path).
mkdir -p "$T/nokernel"
timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" --engine "unix://$PODMAN_SOCK" \
	--no-kernel-view --results-arf "$T/nokernel/arf.xml" "$DS" >"$T/nokernel/stdout" 2>"$T/nokernel/stderr"
same "nokernel: cscap exits with status 2" "$?" 2
same "nokernel: rule SV-235784 is 'fail'" "$(rule_result "$T/nokernel/arf.xml")" fail
expect_modes nokernel "$T/nokernel/arf.xml"

# --------------------------------------------------------------------------
# Discovery: no --engine, no DOCKER_HOST; a second Podman service (same
# storage) at $XDG_RUNTIME_DIR/podman/podman.sock.  /var/run/docker.sock and
# /run/podman/podman.sock come first: with either on this machine the scan
# would not tell us anything about the third place.
if [ -e /var/run/docker.sock ] || [ -e /run/podman/podman.sock ]; then
	skip "discovery: this machine has /var/run/docker.sock or /run/podman/podman.sock, which come before \$XDG_RUNTIME_DIR/podman/podman.sock"
else
	XDG=$T/xdg
	mkdir -p "$XDG/podman" && chmod 700 "$XDG"
	# A simple command in the background (not the function): $! is podman's pid.
	env CONTAINERS_CONF="$PODMAN_DIR/containers.conf" \
		CONTAINERS_STORAGE_CONF="$PODMAN_DIR/storage.conf" \
		CONTAINERS_REGISTRIES_CONF="$PODMAN_DIR/registries.conf" XDG_RUNTIME_DIR="$XDG" \
		"$PODMAN_BIN" --root "$PODMAN_DIR/root" --runroot "$PODMAN_DIR/runroot" \
		--tmpdir "$PODMAN_DIR/tmp" --storage-driver vfs --cgroup-manager cgroupfs \
		--events-backend file system service --time=0 "unix://$XDG/podman/podman.sock" \
		</dev/null >"$T/service2.log" 2>&1 &
	SERVICE2=$!
	for ((i = 0; i < 100; i++)); do
		curl -sf --max-time 2 --unix-socket "$XDG/podman/podman.sock" http://d/_ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	mkdir -p "$T/discovery"
	env -u DOCKER_HOST -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH XDG_RUNTIME_DIR="$XDG" \
		timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" \
		--results-arf "$T/discovery/arf.xml" "$DS" >"$T/discovery/stdout" 2>"$T/discovery/stderr"
	same "discovery: cscap exits with status 2" "$?" 2
	same "discovery: rule SV-235784 is 'fail'" "$(rule_result "$T/discovery/arf.xml")" fail
	same "discovery: the engine's five containers are items" "$(xp "$T/discovery/arf.xml" "count($API_ITEMS)")" 5
	same "discovery: every engine item names engine 'podman'" \
		"$(xp "$T/discovery/arf.xml" "count(${API_ITEMS}[*[local-name()='engine']!='podman'])")" 0
	if rule_messages "$T/discovery/arf.xml" | grep -qF "at unix://$XDG/podman/podman.sock"; then
		ok "discovery: the message names unix://$XDG/podman/podman.sock"
	else
		not_ok "discovery: the message names unix://$XDG/podman/podman.sock"
		rule_messages "$T/discovery/arf.xml" | head -n 3 | sed 's/^/#   /'
		diag "$T/discovery/stderr" 3
	fi
fi
stop_service2

# --------------------------------------------------------------------------
# Teardown leaves nothing: stop, remove, stop the service — gracefully.
check "teardown: podman stop -a" podman_cli stop -a -t 2
podman_cli rm -af -t 2 >"$T/rm.log" 2>&1
[ -n "$(podman_cli ps -aq 2>/dev/null)" ] && podman_cli rm -af -t 2 >>"$T/rm.log" 2>&1
same "teardown: no container left" "$(podman_cli ps -aq 2>/dev/null | wc -l)" 0
podman_stop 2>"$T/stop.err"
if grep -q 'killing leftover' "$T/stop.err"; then
	not_ok "teardown: nothing outlived a graceful stop ($(head -n 1 "$T/stop.err"))"
else
	ok "teardown: the service stopped and nothing outlived it"
fi
left=$(for p in /proc/[0-9]*; do
	tr '\0' ' ' 2>/dev/null <"$p/cmdline" | grep -qF -- "$DIR/" && echo "${p#/proc/}"
done)
same "teardown: no process refers to $DIR" "$left" ""
if [ -e "$DIR" ]; then not_ok "teardown: $DIR removed"; else ok "teardown: $DIR removed"; fi

finish
