#!/usr/bin/env bash
# tests/integration/kernel_view_test.sh — the kernel facts the /proc view
# (engine/probes/container/proc_view.c) relies on, checked on a real Docker
# engine, then the view itself on that engine.
#
# Starts a throwaway dockerd (tests/lib/engine.sh) and makes a default
# (private PID namespace) container, a --pid=host one, a
# --pid=container:<default> one, a created-only one and an exited one. Checks
# with nothing but /proc and stat(1):
#   - each running container's processes are found in /proc by their cgroup
#     file, in a form the view recognises (which one this machine uses is
#     printed);
#   - the --pid=host container's processes are in dockerd's PID namespace,
#     the default one's are not, the sharer's are in the default one's;
#   - created and exited containers have no process at all;
# then puts a process in a PID namespace of its own (unshare --pid --fork)
# and one in the host's into cgroups named like containers no engine knows
# (<slice>/docker-<random id>.scope) and scans: both are unmanaged items
# (source "proc"), the first private, the second host, which fails the rule;
# then runs the unit-test binary's real-engine test (test_real_engine in
# tests/unit/proc_view_test.c), which calls proc_view_take("/proc", <dockerd
# pid>) and asserts the same through the view.
#
# Environment: PROC_VIEW_TEST (default $CSCAP_BUILD/tests/proc_view_test, relative to
# the repository root; `make unit` or `make check` builds it); KEEP=1 keeps
# the work folder even when everything passed.
# Output: TAP lines ("ok - …", "not ok - …", "ok - … # SKIP"), diagnostics
# prefixed with "#", then the counts. Exit status 0 when nothing failed.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/engine_tap.sh
. "$ROOT/tests/lib/engine_tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
CONTAINER_PREFIX=kview-

UNIT=${PROC_VIEW_TEST:-${CSCAP_BUILD:-build}/tests/proc_view_test}
CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
T=
PLANTED=()   # processes this test put into container-like cgroups
CGROUPS=()   # cgroups it made, deepest first

# shellcheck disable=SC2317  # invoked from the EXIT trap and below
unplant() {
	local p="" cg i
	for p in "${PLANTED[@]}"; do kill -KILL "$p" 2>/dev/null; done
	for p in "${PLANTED[@]}"; do wait "$p" 2>/dev/null; done
	for ((i = 0; i < 50 && ${#PLANTED[@]} > 0; i++)); do
		for p in "${PLANTED[@]}"; do kill -0 "$p" 2>/dev/null && break; done
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	for cg in "${CGROUPS[@]}"; do
		# A killed process leaves its cgroup a moment after it is reaped.
		for ((i = 0; i < 50; i++)); do
			[ -d "$cg" ] || break
			rmdir "$cg" 2>/dev/null && break
			sleep 0.1
		done
		[ -d "$cg" ] && echo "# could not remove cgroup $cg" >&2
	done
	PLANTED=()
	CGROUPS=()
}

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	unplant
	engine_stop
	remove_work_dir "$T"
	exit "$rc"
}

# ns PID: the PID namespace of a process as "st_dev:st_ino" ("" when unreadable)
ns() { stat -L -c '%d:%i' "/proc/$1/ns/pid" 2>/dev/null; }

# main_pid LABEL: the pid the engine gives for the container's main process
main_pid() { engine_docker inspect -f '{{.State.Pid}}' "${ID[$1]}" 2>/dev/null; }

# cgroup_pids ID: every process whose cgroup file names container ID, in one
# of the forms the view recognises, on some hierarchy
cgroup_pids() {
	local p re="^[0-9]+:[^:]*:.*(/docker/$1(/.*)?|/docker-$1\\.scope(/.*)?)\$"
	for p in /proc/[0-9]*; do
		grep -Eq -- "$re" "$p/cgroup" 2>/dev/null && echo "${p#/proc/}"
	done
}

# cgroup_form PID ID: which path form the cgroup file of PID uses for ID,
# "cgroupfs" or "systemd" when every hierarchy line uses it, else "mixed"
cgroup_form() {
	local file=/proc/$1/cgroup id=$2 lines fs sd
	lines=$(grep -c . "$file" 2>/dev/null) || lines=0
	fs=$(grep -Ec -- "^[0-9]+:[^:]*:/docker/$id\$" "$file" 2>/dev/null)
	sd=$(grep -Ec -- "^[0-9]+:[^:]*:/system\\.slice/docker-$id\\.scope\$" "$file" 2>/dev/null)
	if [ "$lines" -gt 0 ] && [ "$fs" -eq "$lines" ]; then
		echo cgroupfs
	elif [ "$lines" -gt 0 ] && [ "$sd" -eq "$lines" ]; then
		echo systemd
	else
		echo mixed
	fi
}

# expect_processes LABEL: the running container's processes are found by
# cgroup, including its main process; sets PIDS (an array) and MAIN
expect_processes() {
	local label=$1 id=${ID[$1]} form
	PIDS=()
	MAIN=$(main_pid "$label")
	if ! [ "${MAIN:-0}" -gt 0 ] 2>/dev/null; then
		not_ok "$label: the engine gives a main pid (got '${MAIN:-}')"
		return 1
	fi
	mapfile -t PIDS < <(cgroup_pids "$id")
	if [[ " ${PIDS[*]} " == *" $MAIN "* ]]; then
		ok "$label: main process $MAIN is found in /proc by its cgroup (${#PIDS[@]} process(es): ${PIDS[*]})"
	else
		not_ok "$label: main process $MAIN is found in /proc by its cgroup (found: ${PIDS[*]:-none})"
		diag "/proc/$MAIN/cgroup"
		return 1
	fi
	form=$(cgroup_form "$MAIN" "$id")
	if [ "$form" != mixed ]; then
		ok "$label: every hierarchy in /proc/$MAIN/cgroup uses the $form form"
	else
		not_ok "$label: every hierarchy in /proc/$MAIN/cgroup uses one recognised form"
	fi
	[ "$label" = default ] && sed 's/^/#   /' "/proc/$MAIN/cgroup"
	return 0
}

# expect_all_in_ns LABEL WANT WHAT: every process in PIDS is in namespace WANT
expect_all_in_ns() {
	local label=$1 want=$2 what=$3 p got bad=
	for p in "${PIDS[@]}"; do
		got=$(ns "$p")
		[ -z "$got" ] && [ ! -d "/proc/$p" ] && continue # exited meanwhile
		[ "$got" = "$want" ] || bad+=" $p=$got"
	done
	if [ -z "$bad" ]; then
		ok "$label: its processes are in $what ($want)"
	else
		not_ok "$label: its processes are in $what ($want); not:$bad"
	fi
}

# expect_no_processes LABEL STATE
expect_no_processes() {
	local label=$1 state=$2 pids
	same "$label: the engine says '$state'" \
		"$(engine_docker inspect -f '{{.State.Status}} {{.State.Pid}}' "${ID[$label]}" 2>&1)" \
		"$state 0"
	pids=$(cgroup_pids "${ID[$label]}" | tr '\n' ' ')
	same "$label: no process in /proc has its cgroup" "$pids" ""
}

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "kernel view: needs root to run dockerd and read other processes' ns/pid"
T=$(mktemp -d /tmp/cscap-kview.XXXXXX) || exit 1

engine_up "kernel view"

make_container default run || finish
make_container hostpid run --pid=host || finish
make_container sharer run "--pid=container:${ID[default]}" || finish
make_container created create || finish
make_container exited run || finish
check "container exited is stopped" engine_docker stop -t 5 "${ID[exited]}"

# --------------------------------------------------------------------------
# The facts, from /proc alone.
DAEMON_NS=$(ns "$ENGINE_PID")
if [ -n "$DAEMON_NS" ]; then
	ok "dockerd's PID namespace is readable ($DAEMON_NS)"
else
	not_ok "dockerd's PID namespace /proc/$ENGINE_PID/ns/pid is readable"
	finish
fi
same "dockerd runs in this script's PID namespace" "$DAEMON_NS" "$(ns $$)"
if ns1=$(stat -L -c '%d:%i' /proc/1/ns/pid 2>&1); then
	echo "# /proc/1/ns/pid is readable here ($ns1); the view does not use it"
else
	echo "# /proc/1/ns/pid is not readable here: ${ns1##*: } (why the view never uses it)"
fi

expect_processes default && DEFAULT_NS=$(ns "$MAIN") && {
	if [ -n "$DEFAULT_NS" ] && [ "$DEFAULT_NS" != "$DAEMON_NS" ]; then
		ok "default: main process is in its own PID namespace ($DEFAULT_NS)"
	else
		not_ok "default: main process is in its own PID namespace (got '$DEFAULT_NS', dockerd $DAEMON_NS)"
	fi
	expect_all_in_ns default "$DEFAULT_NS" "one namespace"
}
expect_processes hostpid && expect_all_in_ns hostpid "$DAEMON_NS" "dockerd's PID namespace"
if expect_processes sharer && [ -n "${DEFAULT_NS:-}" ]; then
	expect_all_in_ns sharer "$DEFAULT_NS" "the default container's PID namespace"
fi
expect_no_processes created created
expect_no_processes exited exited

# --------------------------------------------------------------------------
# Containers only the kernel knows: processes this test puts into cgroups
# named like another runtime's container scope (docker-<id>.scope under a
# slice of its own), one in a PID namespace of its own (unshare), one in the
# host's.  A live scan must list both as unmanaged items (source "proc") and
# fail the rule on the second, naming it.

# A writable cgroup hierarchy: v2 when /sys/fs/cgroup is one, else a v1 one.
cgroup_base() {
	local d
	if [ -f /sys/fs/cgroup/cgroup.procs ] && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
		echo /sys/fs/cgroup
		return 0
	fi
	for d in pids memory cpu systemd unified; do
		[ -f "/sys/fs/cgroup/$d/cgroup.procs" ] && [ -w "/sys/fs/cgroup/$d" ] &&
			echo "/sys/fs/cgroup/$d" && return 0
	done
	return 1
}
hex_id() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }

# plant ID PID: a cgroup .../cscap-kview-$$.slice/docker-ID.scope holding PID
plant() {
	local cg=$SLICE/docker-$1.scope
	mkdir "$cg" 2>>"$T/cgroup.err" || return 1
	CGROUPS=("$cg" "${CGROUPS[@]}")
	echo "$2" >"$cg/cgroup.procs" 2>>"$T/cgroup.err" || return 1
	grep -q "docker-$1\.scope" "/proc/$2/cgroup"
}

# scan_unmanaged NAME: a live scan of this engine
scan_unmanaged() {
	mkdir -p "$T/$1"
	timeout 120 "$CSCAP" xccdf eval --profile xccdf_cscap_profile_automated --rule "$RULE" \
		--engine "unix://$ENGINE_SOCK" --results-arf "$T/$1/arf.xml" "$DS" \
		>"$T/$1/stdout" 2>"$T/$1/stderr"
}
named_in_findings() {
	xp "$T/$1/arf.xml" "count(//*[local-name()='rule-result'][@idref='$RULE']/*[local-name()='message'][@severity='warning'][contains(., 'id=$2')])"
}
unmanaged_entity() { # NAME ID ENTITY
	same "unmanaged: ${2:0:12}: $3 is '$4'" "$(item_entity "$T/$1/arf.xml" "$2" "$3")" "$4"
}

BASE=$(cgroup_base)
SLICE=$BASE/cscap-kview-$$.slice
if [ -z "$BASE" ]; then
	skip "unmanaged: no writable cgroup hierarchy under /sys/fs/cgroup"
elif ! mkdir "$SLICE" 2>"$T/cgroup.err"; then
	skip "unmanaged: cannot make a cgroup in $BASE: $(head -n 1 "$T/cgroup.err")"
else
	CGROUPS=("$SLICE")
	OWN_ID=$(hex_id)
	HOST_ID=$(hex_id)
	unshare --pid --fork sleep 600 </dev/null >/dev/null 2>&1 &
	PLANTED+=("$!")
	OWN_PID=
	for ((i = 0; i < 50; i++)); do
		OWN_PID=$(pgrep -P "${PLANTED[0]}" -x sleep | head -n 1)
		# the namespace's init: killing unshare does not end it
		[ -n "$OWN_PID" ] && PLANTED+=("$OWN_PID") && break
		sleep 0.1
	done
	sleep 600 >/dev/null 2>&1 &
	HOST_PID=$!
	PLANTED+=("$HOST_PID")
	if [ -z "$OWN_PID" ]; then
		not_ok "unmanaged: unshare --pid --fork sleep started a process in its own namespace"
	elif ! plant "$OWN_ID" "$OWN_PID" || ! plant "$HOST_ID" "$HOST_PID"; then
		skip "unmanaged: cannot move a process into a cgroup under $BASE: $(tail -n 1 "$T/cgroup.err")"
	else
		ok "unmanaged: pid $OWN_PID (own PID namespace) in $SLICE/docker-${OWN_ID:0:12}….scope, pid $HOST_PID (host's) in docker-${HOST_ID:0:12}….scope"
		if [ "$(ns "$OWN_PID")" != "$DAEMON_NS" ] && [ "$(ns "$HOST_PID")" = "$DAEMON_NS" ]; then
			ok "unmanaged: pid $OWN_PID is outside dockerd's PID namespace, pid $HOST_PID in it"
		else
			not_ok "unmanaged: pid $OWN_PID is outside dockerd's PID namespace, pid $HOST_PID in it"
		fi
		scan_unmanaged unmanaged
		unplant # the host-namespace one would fail other scans on this machine
		A=$T/unmanaged/arf.xml
		same "unmanaged: the rule fails" "$(rule_result "$A")" fail
		for id in "$OWN_ID" "$HOST_ID"; do
			same "unmanaged: ${id:0:12} is one item" "$(item_count "$A" "$id")" 1
			unmanaged_entity unmanaged "$id" source proc
			unmanaged_entity unmanaged "$id" engine docker
			unmanaged_entity unmanaged "$id" state running
		done
		unmanaged_entity unmanaged "$OWN_ID" pid "$OWN_PID"
		unmanaged_entity unmanaged "$OWN_ID" kernel_pid_mode private
		unmanaged_entity unmanaged "$OWN_ID" effective_pid_mode private
		same "unmanaged: the findings do not name ${OWN_ID:0:12}" "$(named_in_findings unmanaged "$OWN_ID")" 0
		unmanaged_entity unmanaged "$HOST_ID" pid "$HOST_PID"
		unmanaged_entity unmanaged "$HOST_ID" kernel_pid_mode host
		unmanaged_entity unmanaged "$HOST_ID" effective_pid_mode host
		same "unmanaged: the findings name ${HOST_ID:0:12}" "$(named_in_findings unmanaged "$HOST_ID")" 1
		same "unmanaged: the findings name the engine's hostpid container too" \
			"$(named_in_findings unmanaged "${ID[hostpid]}")" 1
	fi
	unplant
	if [ -d "$SLICE" ]; then not_ok "unmanaged: cgroup $SLICE removed"; else ok "unmanaged: cgroup $SLICE removed"; fi
fi

# --------------------------------------------------------------------------
# The view itself: the unit-test binary's real-engine test.
if [ ! -x "$UNIT" ]; then
	not_ok "unit-test binary $UNIT exists (run make unit first)"
	finish
fi
CSCAP_TEST_ENGINE_SOCK=$ENGINE_SOCK CSCAP_TEST_DAEMON_PID=$ENGINE_PID \
	CSCAP_TEST_HOSTPID_ID=${ID[hostpid]} CSCAP_TEST_PRIVATE_ID=${ID[default]} \
	CSCAP_TEST_SHARER_ID=${ID[sharer]} \
	CSCAP_TEST_NOPROC_IDS="${ID[created]} ${ID[exited]}" \
	CMOCKA_MESSAGE_OUTPUT=TAP timeout 60 "$UNIT" >"$T/unit.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q '^ok [0-9]* - test_real_engine$' "$T/unit.out"; then
	ok "proc_view_take on this engine: host-PID container in dockerd's namespace, default and sharer apart, created/exited without processes"
	grep '^# ' "$T/unit.out" | grep -v '^# ok - ' | sed 's/^# /#   /'
else
	not_ok "proc_view_take on this engine (test_real_engine in $UNIT, exit status $rc)"
	diag "$T/unit.out" 30
fi

finish
