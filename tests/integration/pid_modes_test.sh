#!/usr/bin/env bash
# tests/integration/pid_modes_test.sh — the container probe against a real
# dockerd, every PID mode DKER-EE-001240 has to judge: private, host,
# container:<private one>, container:<host one> (transitive), a chain of two,
# paused, created-only, exited, restarting, a dangling reference, and an
# excluded system container; the neighbouring fields (IPC/UTS modes,
# privileged, capabilities, security options, mounts, ports, ulimits, …) of a
# container created with each set; then the kernel view's agreement, and the
# pass once the sharers are gone.  TAP output (tests/lib/tap.sh).
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	engine_stop
	remove_work_dir "$T"
	exit "$rc"
}

# scan NAME: scan the engine; files in $T/NAME; SCAN_RC the exit status
scan() {
	mkdir -p "$T/$1"
	timeout 300 "$CSCAP" xccdf eval --profile xccdf_cscap_profile_automated --rule "$RULE" \
		--engine "unix://$ENGINE_SOCK" --results-arf "$T/$1/arf.xml" "$DS" \
		>"$T/$1/stdout" 2>"$T/$1/stderr"
	SCAN_RC=$?
}

# entity SCAN ID NAME WANT: one entity of one container's item
entity() {
	same "$1: ${2:0:12} $3 is '$4'" "$(item_entity "$T/$1/arf.xml" "$2" "$3")" "$4"
}

# A finding names the container in DKER-EE-001240's rule-result messages.
named_in_findings() {
	xp "$T/$1/arf.xml" "count(//*[local-name()='rule-result'][@idref='$RULE']/*[local-name()='message'][@severity='warning'][contains(., 'id=$2')])"
}

need_root "pid modes: needs root to run dockerd"
T=$(mktemp -d /tmp/cscap-pidmodes.XXXXXX)
trap cleanup EXIT INT TERM
# shellcheck disable=SC2119  # engine_start picks its own folder
if ! engine_start 2>"$T/engine.err" || ! engine_image 2>>"$T/engine.err"; then
	no_engine "pid modes: dockerd cannot start: $(head -n 1 "$T/engine.err")"
	finish
fi

A=$(engine_run_idle priv)
H=$(engine_run_idle hostpid --pid=host)
C1=$(engine_run_idle joins-priv "--pid=container:$A")
C2=$(engine_run_idle joins-host "--pid=container:$H")
C3=$(engine_run_idle joins-joiner "--pid=container:$C2")
P=$(engine_run_idle paused)
engine_docker pause paused >/dev/null
CR=$(engine_create_idle created-host --pid=host)
EX=$(engine_run_idle exited)
engine_docker stop exited >/dev/null
V=$(engine_run_idle victim)
D=$(engine_create_idle dangler "--pid=container:$V")
engine_docker rm -f victim >/dev/null
U=$(engine_run_idle ucp-agent --pid=host)
# Restarting: --restart=always on a command that fails at once, host PID.
RS=$(engine_docker run -d --name restarter --restart=always --pid=host "$ENGINE_IMAGE" /bin/false)
# The neighbouring fields, each set to something other than its default.
# Created only: --privileged cannot start here (no CAP_SYS_RESOURCE to give).
mkdir -p "$T/bind-ro" "$T/bind-rw"
F=$(engine_create_idle fields --ipc=host --uts=host --privileged --cap-add SYS_ADMIN \
	--cap-drop NET_RAW -v "$T/bind-ro:/data:ro" -v "$T/bind-rw:/scratch" --read-only \
	--pids-limit 50 -p 127.0.0.1:18080:80/tcp --security-opt no-new-privileges \
	--ulimit nofile=512:1024 --cgroup-parent cscap-fields.slice)
for id in "$A" "$H" "$C1" "$C2" "$C3" "$P" "$CR" "$EX" "$D" "$U" "$RS" "$F"; do
	[ ${#id} -eq 64 ] || { not_ok "setup: a container could not be made"; finish; }
done
ok "setup: 12 containers in every PID mode and state"
# Scan while it is restarting: after a few failures Docker waits seconds
# (100 ms, doubled each time) between attempts, in state "restarting".
RS_STATE='{{ge .RestartCount 4}} {{.State.Status}}'
for ((i = 0; i < 100; i++)); do
	[ "$(engine_docker inspect -f "$RS_STATE" restarter 2>/dev/null)" = "true restarting" ] && break
	sleep 0.1
done
same "setup: restarter restarted at least 4 times and is restarting" \
	"$(engine_docker inspect -f "$RS_STATE" restarter 2>&1)" "true restarting"

scan all
same "all: exit status 2 (a finding)" "$SCAN_RC" 2
same "all: the rule fails" "$(rule_result "$T/all/arf.xml")" fail
check "all: the ARF validates" "$CSCAP" validate "$T/all/arf.xml"
# Containers of other engines on this host show up too (as kernel-view items): count ours.
same "all: every container is an item" "$(xp "$T/all/arf.xml" "count(//*[local-name()='container_item'][*[local-name()='source']='api'][not(*[local-name()='id'] = preceding::*[local-name()='container_item']/*[local-name()='id'])])")" 12

entity all "$A" effective_pid_mode private
entity all "$H" effective_pid_mode host
entity all "$C1" effective_pid_mode "container:$A"
entity all "$C2" effective_pid_mode host
entity all "$C3" effective_pid_mode host
entity all "$P" state paused
entity all "$P" effective_pid_mode private
entity all "$CR" state created
entity all "$CR" effective_pid_mode host
entity all "$EX" state exited
entity all "$D" pid_mode "container:$V"
entity all "$D" effective_pid_mode dangling
entity all "$U" excluded true
entity all "$U" excluded_by '(?:ucp|kube|dtr)'
entity all "$H" excluded false

# Restarting is in scope: a host-PID container between two attempts is a finding.
entity all "$RS" state restarting
entity all "$RS" effective_pid_mode host

# The neighbouring fields, as the container was created.
entity all "$F" effective_pid_mode private
entity all "$F" ipc_mode host
entity all "$F" uts_mode host
entity all "$F" privileged true
entity all "$F" readonly_rootfs true
entity all "$F" pids_limit 50
entity all "$F" cgroup_parent cscap-fields.slice
entity all "$A" ipc_mode private
entity all "$A" privileged false
entity all "$A" readonly_rootfs false
field_values() { # SCAN ID ENTITY: every value of a repeated entity, sorted, comma-separated
	xp "$T/$1/arf.xml" "$(item_xpath "$2")[1]/*[local-name()='$3']" |
		sed -e 's/<[^>]*>/\n/g' | sed '/^$/d' | sort | tr '\n' ,
}
# record SCAN ID ENTITY KEYFIELD KEY FIELD: one field of the record whose KEYFIELD is KEY
record() {
	xp "$T/$1/arf.xml" "string(($(item_xpath "$2"))[1]/*[local-name()='$3'][*[@name='$4']='$5']/*[@name='$6'])"
}
same "all: fields: cap_add is SYS_ADMIN" "$(field_values all "$F" cap_add)" "SYS_ADMIN,"
same "all: fields: cap_drop is NET_RAW" "$(field_values all "$F" cap_drop)" "NET_RAW,"
case ",$(field_values all "$F" security_opt)" in
*,no-new-privileges,*) ok "all: fields: security_opt holds no-new-privileges" ;;
*) not_ok "all: fields: security_opt holds no-new-privileges (got '$(field_values all "$F" security_opt)')" ;;
esac
same "all: fields: two mounts" "$(xp "$T/all/arf.xml" "count(($(item_xpath "$F"))[1]/*[local-name()='mount'])")" 2
same "all: fields: /data is a bind of $T/bind-ro" "$(record all "$F" mount destination /data source)" "$T/bind-ro"
same "all: fields: /data is read-only" "$(record all "$F" mount destination /data rw)" false
same "all: fields: /data's type is bind" "$(record all "$F" mount destination /data type)" bind
same "all: fields: /scratch is a bind of $T/bind-rw" "$(record all "$F" mount destination /scratch source)" "$T/bind-rw"
same "all: fields: /scratch is writable" "$(record all "$F" mount destination /scratch rw)" true
same "all: fields: port 80/tcp is bound to 127.0.0.1" "$(record all "$F" port_binding container_port 80/tcp host_ip)" 127.0.0.1
same "all: fields: port 80/tcp is bound to host port 18080" "$(record all "$F" port_binding container_port 80/tcp host_port)" 18080
same "all: fields: ulimit nofile soft 512" "$(record all "$F" ulimit name nofile soft)" 512
same "all: fields: ulimit nofile hard 1024" "$(record all "$F" ulimit name nofile hard)" 1024
same "all: default: no mount" "$(xp "$T/all/arf.xml" "count(($(item_xpath "$A"))[1]/*[local-name()='mount'][*])")" 0

# The kernel view agrees with the engine for the running ones.
entity all "$H" kernel_pid_mode host
entity all "$C2" kernel_pid_mode host
entity all "$A" kernel_pid_mode private
entity all "$C1" kernel_pid_mode private
entity all "$H" views_disagree false
same "all: the host-PID container's namespace is the host's" \
	"$(item_entity "$T/all/arf.xml" "$H" pid_namespace)" "$(item_entity "$T/all/arf.xml" "$H" host_pid_namespace)"

for id in "$H" "$C2" "$C3" "$CR" "$RS"; do
	same "all: the findings name ${id:0:12}" "$(named_in_findings all "$id")" 1
done
for id in "$A" "$C1" "$P" "$U" "$D" "$F"; do
	same "all: the findings do not name ${id:0:12}" "$(named_in_findings all "$id")" 0
done

# cscap inside a container (host PID namespace, host filesystem at /host):
# it recognises its own container, marks it, and leaves it out of the verdict.
mkdir -p "$T/inside"
engine_docker run --name scanner --pid=host -v /:/host cscap-busybox:latest /bin/busybox \
	chroot /host "$ROOT/$CSCAP" xccdf eval --profile xccdf_cscap_profile_automated \
	--engine "unix://$ENGINE_SOCK" --results-arf "$T/inside/arf.xml" "$ROOT/$DS" \
	>"$T/inside/stdout" 2>"$T/inside/stderr"
S=$(engine_docker inspect -f '{{.Id}}' scanner 2>/dev/null)
if [ -s "$T/inside/arf.xml" ] && [ ${#S} -eq 64 ]; then
	entity inside "$S" scanner true
	entity inside "$S" effective_pid_mode host
	same "inside: the findings do not name the scanner" "$(named_in_findings inside "$S")" 0
	entity inside "$H" scanner false
else
	not_ok "inside: cscap ran in a container and wrote its ARF"
	diag "$T/inside/stderr"
fi
engine_docker rm -f scanner >/dev/null 2>&1

# Only the excluded system container keeps the host namespace: a pass.
engine_docker rm -f joins-joiner joins-host hostpid created-host restarter >/dev/null
scan cleaned
same "cleaned: exit status 0" "$SCAN_RC" 0
same "cleaned: the rule passes" "$(rule_result "$T/cleaned/arf.xml")" pass
entity cleaned "$U" effective_pid_mode host
entity cleaned "$U" excluded true

finish
