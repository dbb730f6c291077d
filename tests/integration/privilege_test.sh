#!/usr/bin/env bash
# tests/integration/privilege_test.sh — least privilege: a scan by a user who
# may only talk to the engine.
#
# Starts a throwaway dockerd (tests/lib/engine.sh), gives its socket to a
# throwaway group, and makes a throwaway user that is only a member of that
# group (no root, no capabilities, no docker group).  Then:
#   1. the API view works for that user: with a --pid=host container and a
#      private one, the PID rule has the same result as for root, every
#      container of the engine is an item seen through the API, and with the
#      kernel view off every rule of the data stream has the same result;
#   2. the kernel view cannot read other users' processes: the results say
#      so ("not collected", and why), and a finding only the kernel can see
#      is never turned into a pass.  The finding is made by hand: a host
#      process (in the host's PID namespace) is moved into the cgroup of a
#      private container, which root's scan reports as "host" (views
#      disagree); the same scan by the user must not be "pass".
#
# Needs root (dockerd, useradd, cgroup moves) and setpriv (util-linux).
# Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), KEEP=1 keeps the work folder.
# Output: TAP; exit status 0 when nothing failed.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
RULE=xccdf_cscap_rule_SV-235784r960804_rule
NS_ITEM='urn:cscap:xml:oval-system-characteristics-5#container'
SCAN_TIMEOUT=${SCAN_TIMEOUT:-300}
GROUP=cscapsock$$
USER_NAME=cscapscan$$
T=
PLANTED=
MADE_USER=0
MADE_GROUP=0

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$PLANTED" ] && kill -KILL "$PLANTED" 2>/dev/null
	engine_stop
	[ "$MADE_USER" -eq 1 ] && userdel "$USER_NAME" 2>/dev/null
	[ "$MADE_GROUP" -eq 1 ] && groupdel "$GROUP" 2>/dev/null
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "least privilege: needs root (dockerd, a throwaway user, cgroup moves)"
if [ ! -x "$CSCAP" ]; then
	skip "least privilege: $CSCAP not built"
	finish
fi
need_packages util-linux:setpriv libxml2-utils:xmllint
CSCAP=$(readlink -f "$CSCAP")
DS=$(readlink -f "$DS")
T=$(mktemp -d /tmp/cscap-priv.XXXXXX) || exit 1
chmod 1777 "$T"

if ! engine_start "$(mktemp -d /tmp/cscap-eng.XXXXXX)" 2>"$T/engine-start.err"; then
	no_engine "least privilege: dockerd cannot start: $(head -n 1 "$T/engine-start.err")"
	finish
fi
ok "dockerd (pid $ENGINE_PID) answers on $ENGINE_SOCK"
engine_image 2>"$T/image.err" || {
	not_ok "image $ENGINE_IMAGE imported"
	diag "$T/image.err"
	finish
}

# ----------------------------------------------------- the throwaway user

if groupadd --system "$GROUP" 2>"$T/user.err"; then MADE_GROUP=1; fi
if useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
	--no-user-group --gid nogroup --groups "$GROUP" "$USER_NAME" 2>>"$T/user.err"; then
	MADE_USER=1
fi
if [ "$MADE_USER" -eq 1 ] && [ "$MADE_GROUP" -eq 1 ]; then
	ok "throwaway user $USER_NAME, member of $GROUP only"
else
	not_ok "throwaway user $USER_NAME and group $GROUP"
	diag "$T/user.err"
	finish
fi
chgrp "$GROUP" "$ENGINE_SOCK" && chmod 660 "$ENGINE_SOCK"
chmod 711 "$ENGINE_DIR" # the user reaches the socket, nothing else of the engine
AS_USER=(setpriv --reuid="$USER_NAME" --regid=nogroup --init-groups --inh-caps=-all --reset-env)
same "the user is not root and has no capabilities" \
	"$("${AS_USER[@]}" sh -c 'id -u; grep CapEff /proc/self/status' | tr '\n' ' ')" \
	"$(id -u "$USER_NAME") CapEff:	0000000000000000 "
if "${AS_USER[@]}" curl -sf --max-time 10 --unix-socket "$ENGINE_SOCK" http://d/_ping >/dev/null; then
	ok "the user reaches the engine through the socket's group"
else
	not_ok "the user reaches the engine through the socket's group"
	stat -c "#   %A %U:%G %n" "$ENGINE_SOCK"
fi
if "${AS_USER[@]}" stat -L "/proc/$ENGINE_PID/ns/pid" >/dev/null 2>&1; then
	not_ok "the user cannot read dockerd's namespaces (the point of the test)"
else
	ok "the user cannot read dockerd's namespaces (the point of the test)"
fi

# scan LABEL WHO [ARGS...]: one live scan of the PID rule (unless ARGS say
# otherwise) by root or the user; SCAN_RC, $T/LABEL.{arf,out,err}
scan() {
	local label=$1 who=$2 pre=()
	shift 2
	[ "$who" = user ] && pre=("${AS_USER[@]}")
	timeout "$SCAN_TIMEOUT" "${pre[@]}" "$CSCAP" xccdf eval --engine "unix://$ENGINE_SOCK" \
		--results-arf "$T/$label.arf" "$@" "$DS" >"$T/$label.out" 2>"$T/$label.err"
	SCAN_RC=$?
}
rule_result() { grep -E " $RULE\$" "$T/$1.out" | awk '{print $1}'; }
# item XPATH of the container_item whose id is ID in ARF LABEL
item_entity() { # LABEL ID ENTITY
	xp "$T/$1.arf" "string((//*[local-name()='container_item'][namespace-uri()='$NS_ITEM'][*[local-name()='id']='$2'])[1]/*[local-name()='$3'])"
}
item_status() { # LABEL ID ENTITY: the status attribute ("" = exists)
	xp "$T/$1.arf" "string((//*[local-name()='container_item'][namespace-uri()='$NS_ITEM'][*[local-name()='id']='$2'])[1]/*[local-name()='$3']/@status)"
}

# ------------------------------------------------------ 1. the API view

echo "# 1. the API view works without root"
HOST=$(engine_run_idle priv-hostpid --pid=host) || HOST=
PRIV=$(engine_run_idle priv-default) || PRIV=
CREATED=$(engine_create_idle priv-created) || CREATED=
if [ -z "$HOST" ] || [ -z "$PRIV" ] || [ -z "$CREATED" ]; then
	not_ok "containers made (host-PID, default, created)"
	finish
fi
ok "containers made: host-PID ${HOST:0:12}, default ${PRIV:0:12}, created ${CREATED:0:12}"

scan root1 root --rule "$RULE"
same "root: the PID rule is fail (exit 2)" "$SCAN_RC:$(rule_result root1)" "2:fail"
scan user1 user --rule "$RULE"
same "user: the PID rule has root's result" "$SCAN_RC:$(rule_result user1)" "2:$(rule_result root1)"
[ -s "$T/user1.err" ] && diag "$T/user1.err" 3
for id in "$HOST" "$PRIV" "$CREATED"; do
	same "user: container ${id:0:12} is an item seen through the API" "$(item_entity user1 "$id" source)" api
done
# What the engine alone decides is the same for the user; a running private
# container whose processes the user cannot read is an error (the kernel
# might have shown it in the host's namespace), never private.
for id in "$HOST" "$CREATED"; do
	same "user: container ${id:0:12} has root's effective PID mode" \
		"$(item_entity user1 "$id" effective_pid_mode)" "$(item_entity root1 "$id" effective_pid_mode)"
done
same "root: the running default container is 'private'" "$(item_entity root1 "$PRIV" effective_pid_mode)" private
same "user: the running default container's effective PID mode is an error (its processes are unreadable)" \
	"$(item_status user1 "$PRIV" effective_pid_mode)" error
same "user: the host-PID container is 'host'" "$(item_entity user1 "$HOST" effective_pid_mode)" host

# Every rule, API view only: root and the user must agree on all of them.
scan root-all root --no-kernel-view
rc_root=$SCAN_RC
scan user-all user --no-kernel-view
if cmp -s <(sort "$T/root-all.out") <(sort "$T/user-all.out") && [ -s "$T/root-all.out" ]; then
	ok "kernel view off: every rule has the same result for the user as for root ($(grep -c . "$T/root-all.out") rules)"
else
	not_ok "kernel view off: every rule has the same result for the user as for root"
	diff <(sort "$T/root-all.out") <(sort "$T/user-all.out") | head -n 6 | sed 's/^/#   /'
fi
same "kernel view off: the same exit status" "$SCAN_RC" "$rc_root"

# ------------------------------------------ 2. the kernel view, unreadable

echo "# 2. the kernel view without root: not collected, and never a wrong pass"
engine_docker rm -f "$HOST" "$CREATED" >/dev/null 2>&1
MAIN=$(engine_docker inspect -f '{{.State.Pid}}' "$PRIV")
# A host process (this host's PID namespace) moved into the private container's cgroups.
sleep 600 &
PLANTED=$!
moved=0
while read -r line; do
	path=${line#*:*:}
	ctrl=${line#*:}
	ctrl=${ctrl%%:*}
	[ -z "$path" ] || [ "$path" = / ] && continue
	case $ctrl in
	"") dir=/sys/fs/cgroup$path; [ -d "/sys/fs/cgroup/unified$path" ] && dir=/sys/fs/cgroup/unified$path ;;
	name=*) dir=/sys/fs/cgroup/${ctrl#name=}$path ;;
	*) dir=/sys/fs/cgroup/${ctrl%%,*}$path ;;
	esac
	[ -w "$dir/cgroup.procs" ] && echo "$PLANTED" >"$dir/cgroup.procs" 2>/dev/null && moved=$((moved + 1))
done <"/proc/$MAIN/cgroup"
if [ "$moved" -gt 0 ] && grep -q "$PRIV" "/proc/$PLANTED/cgroup"; then
	ok "a host process ($PLANTED) is in the cgroups of the default container ($moved hierarchies)"
else
	not_ok "a host process could be moved into the default container's cgroups"
	diag "/proc/$MAIN/cgroup"
	finish
fi

scan root2 root --rule "$RULE"
same "root: the kernel view sees the host process: the default container is 'host'" \
	"$(item_entity root2 "$PRIV" kernel_pid_mode)/$(item_entity root2 "$PRIV" effective_pid_mode)" "host/host"
same "root: views disagree for the default container" "$(item_entity root2 "$PRIV" views_disagree)" true
same "root: the PID rule is fail" "$(rule_result root2)" fail

scan user2 user --rule "$RULE"
echo "#   user: exit $SCAN_RC, the PID rule is '$(rule_result user2)'"
same "user: the default container's kernel_pid_mode is 'not collected'" \
	"$(item_status user2 "$PRIV" kernel_pid_mode)" "not collected"
msgs=$(xp "$T/user2.arf" "string(//*[local-name()='rule-result'][@idref='$RULE'])")
msgs="$msgs $(xp "$T/user2.arf" "string(//*[local-name()='collected_objects'])")"
if grep -qiE 'unreadable|needs root|not readable|permission' <<<"$msgs"; then
	ok "user: the results say why the kernel view saw nothing ($(grep -oiE '[^.;]*(unreadable|needs root)[^.;]*' <<<"$msgs" | head -n 1 | sed 's/^ *//' | cut -c1-120))"
else
	not_ok "user: the results say why the kernel view saw nothing"
fi
result=$(rule_result user2)
if [ "$result" = pass ]; then
	not_ok "user: a finding only the kernel can see is never a pass (root: fail, user: pass)"
else
	ok "user: a finding only the kernel can see is never a pass (root: fail, user: ${result:-none})"
fi
if [ "$SCAN_RC" -ne 0 ]; then
	ok "user: the exit status is not 'all passed' ($SCAN_RC)"
else
	not_ok "user: the exit status is not 'all passed' (0)"
fi
{
	kill -KILL "$PLANTED"
	wait "$PLANTED"
} 2>/dev/null
PLANTED=

finish
