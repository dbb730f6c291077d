#!/bin/bash
# tests/integration/podman_test.sh — cscap against a real Podman engine
# (Debian podman 4.3, rootful, its Docker-compatible API on a private socket).
#
# Containers are made through the compat API as a Docker client would, one
# per Podman PID mode: private (Podman's default), host, ns:<path of a host
# PID namespace>, and container:<id>.  The scan must name engine "podman",
# keep Podman's raw pid modes, and fail the rule; teardown must leave nothing.
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

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	podman_stop
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

if [ "$(id -u)" -ne 0 ]; then
	skip "podman: needs root (rootful Podman on a private socket)"
	finish
fi
need_packages libxml2-utils:xmllint coreutils:timeout
T=$(mktemp -d /tmp/cscap-podman-test.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if ! podman_start "$(mktemp -d /tmp/cscap-pod.XXXXXX)" 2>"$T/start.err"; then
	skip "podman: cannot run here: $(grep -v '^podman: installing' "$T/start.err" | head -n 2 | tr '\n' ' ' | sed 's/podman: //')"
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

# A host PID namespace for ns:<path>: the Podman service's own (a process in
# the host's namespace that lives as long as the test; /proc/1 is unreadable).
HOST_NS_PATH=/proc/$PODMAN_PID/ns/pid
if [ "$(stat -L -c %i "$HOST_NS_PATH" 2>/dev/null)" = "$(stat -L -c %i /proc/self/ns/pid)" ]; then
	ok "$HOST_NS_PATH is the host's PID namespace"
else
	not_ok "$HOST_NS_PATH is the host's PID namespace"
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
make_container sharer "container:${ID[private]:-none}"

# The engine says what we expect (a check on the setup, not on cscap).
same "podman: private's PidMode is 'private'" "$(api_pid_mode "${ID[private]:-none}")" private
same "podman: hostpid's PidMode is 'host'" "$(api_pid_mode "${ID[hostpid]:-none}")" host
same "podman: nshost's PidMode is 'ns:$HOST_NS_PATH'" "$(api_pid_mode "${ID[nshost]:-none}")" "ns:$HOST_NS_PATH"
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
same "scan: the engine's four containers are items" "$(xp "$ARF" "count($API_ITEMS)")" 4
same "scan: every engine item names engine 'podman'" \
	"$(xp "$ARF" "count(${API_ITEMS}[*[local-name()='engine']!='podman'])")" 0
for label in private hostpid nshost sharer; do
	id=${ID[$label]:-}
	[ -n "$id" ] || continue
	same "scan: $label's pid_mode in the ARF is Podman's raw value" \
		"$(item_entity "$ARF" "$id" pid_mode)" "$(api_pid_mode "$id")"
done
if [ -n "${ID[nshost]:-}" ] && [ -n "${ID[hostpid]:-}" ]; then
	same "scan: hostpid's effective pid mode is 'host'" "$(item_entity "$ARF" "${ID[hostpid]}" effective_pid_mode)" host
	got=$(item_entity "$ARF" "${ID[nshost]}" effective_pid_mode)
	if [ "$got" = host ]; then
		ok "scan: nshost (ns:$HOST_NS_PATH) is judged as sharing the host namespace"
	else
		skip "scan: nshost's ns: path resolved to the host namespace (effective_pid_mode '$got'; resolving ns: paths is the kernel view's part)"
	fi
fi
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
