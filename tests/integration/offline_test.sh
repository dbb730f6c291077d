#!/usr/bin/env bash
# tests/integration/offline_test.sh — end-to-end test of the offline view
# (cscap xccdf eval --root DIR).
#
# Runs a throwaway Docker engine (tests/lib/engine.sh), creates containers in
# every PID mode, then copies the engine's real data-root into a host-root
# folder T/root (with etc/docker/daemon.json naming a moved data-root) and
# scans that folder offline: rule SV-235784 must fail while a container
# shares the host's PID namespace, pass once they are removed, and be an
# error (never a pass) for a root without a Docker data-root or with a
# broken container file, or with symbolic links (absolute, "..", to a file or
# to the containers folder) that point out of it.  Then a real
# user-namespace-remapped dockerd's state (<data-root>/<uid>.<gid>/).  Every
# scan runs with DOCKER_HOST pointing nowhere, so a scan that talked to an
# engine would show up as an error.
#
#
# Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), both relative to the repository root;
# KEEP=1 keeps the work folder even when everything passed.
# Output: TAP ("ok - …", "not ok - …", "ok - … # SKIP"), then the counts.
# Exit status: 0 when nothing failed (skips included), 1 otherwise.

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

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
PROFILE=xccdf_cscap_profile_automated
SCAN_TIMEOUT=${SCAN_TIMEOUT:-300}
# Where the copied data-root lives inside the host root (named in daemon.json).
MOVED_DR=srv/docker

T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	engine_stop
	remove_work_dir "$T"
	exit "$rc"
}

rule_messages() {
	xp "$1" "string(//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE'])"
}

# scan NAME HOSTROOT: one offline scan; its files go to $T/NAME/; SCAN_RC its status.
scan() {
	local name=$1 hostroot=$2
	mkdir -p "$T/$name"
	DOCKER_HOST=unix:///nonexistent/cscap-offline-test.sock \
		timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --root "$hostroot" --profile "$PROFILE" --rule "$RULE" \
		--results-arf "$T/$name/arf.xml" "$DS" >"$T/$name/stdout" 2>"$T/$name/stderr"
	SCAN_RC=$?
	{
		echo "DOCKER_HOST=unix:///nonexistent/cscap-offline-test.sock $CSCAP xccdf eval" \
			"--root $hostroot --profile $PROFILE --rule $RULE --results-arf $T/$name/arf.xml $DS"
		echo "exit status $SCAN_RC"
	} >"$T/$name/command"
}
expect_rc() { # NAME WANT
	if [ "$SCAN_RC" -eq "$2" ]; then
		ok "$1: cscap exits with status $2"
	else
		not_ok "$1: cscap exits with status $2 (got $SCAN_RC)"
		diag "$T/$1/command" 2
		echo "#   stderr:"
		diag "$T/$1/stderr"
	fi
}
expect_result() { # NAME WANT
	local arf=$T/$1/arf.xml
	if [ -s "$arf" ]; then
		same "$1: rule SV-235784 is '$2' in the ARF" "$(rule_result "$arf")" "$2"
	else
		not_ok "$1: the ARF $arf was written"
	fi
}
# expect_item SCAN LABEL PID_MODE: the container is an item seen on disk, as the engine has it
expect_item() {
	local arf=$T/$1/arf.xml label=$2 id=${ID[$2]} n want
	n=$(item_count "$arf" "$id")
	if [ "${n:-0}" -ge 1 ] 2>/dev/null; then
		ok "$1: $label (${id:0:12}) is a container_item in the ARF"
	else
		not_ok "$1: $label (${id:0:12}) is a container_item in the ARF"
		return 0
	fi
	same "$1: $label: source is 'disk'" "$(item_entity "$arf" "$id" source)" disk
	same "$1: $label: pid_mode is '$3'" "$(item_entity "$arf" "$id" pid_mode)" "$3"
	want=$(engine_docker inspect -f '{{.HostConfig.PidMode}}' "$id" 2>&1)
	same "$1: $label: pid_mode is what the engine reports" "$(item_entity "$arf" "$id" pid_mode)" "$want"
	want=$(engine_docker inspect -f '{{.State.Status}}' "$id" 2>&1)
	same "$1: $label: state is what the engine reports" "$(item_entity "$arf" "$id" state)" "$want"
	want=$(engine_docker inspect -f '{{.Name}}' "$id" 2>&1)
	same "$1: $label: name is what the engine reports" "$(item_entity "$arf" "$id" name)" "${want#/}"
}
validate() { # NAME
	local arf=$T/$1/arf.xml out rc
	[ -s "$arf" ] || return 0
	out=$(timeout "$SCAN_TIMEOUT" "$CSCAP" validate "$arf" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "$1: cscap validate accepts the ARF"
	else
		not_ok "$1: cscap validate accepts the ARF (exit status $rc)"
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
	fi
}
# skip_scan NAME WHAT...: the scan's assertions, reported as skipped
skip_scan() {
	local name=$1 what
	shift
	for what in "$@"; do
		skip "$name: $what (cscap has no --root option yet)"
	done
}

# copy_data_root DEST: the engine's data-root as a host image would hold it
copy_data_root() {
	rm -rf --one-file-system "$1" && mkdir -p "$1" &&
		cp -a "$ENGINE_DIR/data/." "$1/"
}

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "offline: needs root to run dockerd"
need_packages libxml2-utils:xmllint coreutils:timeout
T=$(mktemp -d /tmp/cscap-offline.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if [ -s "$DS" ]; then ok "data stream $DS exists"; else
	not_ok "data stream $DS exists"
	finish
fi
HAVE_ROOT=0
if "$CSCAP" --help 2>&1 | grep -q -- --root; then
	HAVE_ROOT=1
	ok "cscap has the --root option"
else
	not_ok "cscap has the --root option (the scans below are skipped)"
fi

engine_up "offline"

# --------------------------------------------------------------------------
# The container set: one per PID mode, plus created-only and exited ones.
make_container default run
make_container hostpid run --pid=host
make_container sharer run "--pid=container:${ID[default]}"
make_container hostcreated create --pid=host
make_container exited run
if [ -n "${ID[exited]}" ]; then
	check "container exited is stopped" engine_docker stop -t 5 exited
fi
for label in default hostpid sharer hostcreated exited; do
	if [ -z "${ID[$label]}" ]; then
		not_ok "offline: every container was made (no $label)"
		finish
	fi
done

# --------------------------------------------------------------------------
# The host root: daemon.json moves the data-root; the engine's files are copied there.
HR=$T/root
mkdir -p "$HR/etc/docker"
printf '{\n  "data-root": "/%s",\n  "log-level": "info"\n}\n' "$MOVED_DR" >"$HR/etc/docker/daemon.json"
check "host root: the engine's data-root copied to /$MOVED_DR" copy_data_root "$HR/$MOVED_DR"
# The copy holds what the scan will read (a check on the setup, not on cscap).
for label in default hostpid sharer hostcreated exited; do
	check "host root: $label has config.v2.json and hostconfig.json" \
		test -s "$HR/$MOVED_DR/containers/${ID[$label]}/config.v2.json" -a \
		-s "$HR/$MOVED_DR/containers/${ID[$label]}/hostconfig.json"
done
check "host root: hostpid's hostconfig.json says PidMode host" \
	grep -q '"PidMode":"host"' "$HR/$MOVED_DR/containers/${ID[hostpid]}/hostconfig.json"

# --------------------------------------------------------------------------
# 1. Host PID namespace shared by hostpid and hostcreated: a finding.
if [ $HAVE_ROOT = 1 ]; then
	scan findings "$HR"
	expect_rc findings 2
	expect_result findings fail
	expect_item findings default ""
	expect_item findings hostpid host
	expect_item findings sharer "container:${ID[default]}"
	expect_item findings hostcreated host
	expect_item findings exited ""
	same "findings: one container_item per container" "$(all_items "$T/findings/arf.xml")" 5
	validate findings
else
	skip_scan findings "exit status 2" "rule fail" "one disk container_item per container with its pid_mode"
fi

# --------------------------------------------------------------------------
# 2. The same data-root reached through an absolute symbolic link inside the
#    image (var/lib/docker -> /srv/docker, no daemon.json): it must resolve
#    inside the root, not on this host.
HL=$T/linked
mkdir -p "$HL/var/lib" "$HL/srv"
cp -a "$HR/$MOVED_DR" "$HL/srv/docker" && ln -s /srv/docker "$HL/var/lib/docker"
if [ -e /srv/docker/containers ]; then
	skip "linked: this host has its own /srv/docker/containers, the link test is not conclusive"
elif [ $HAVE_ROOT = 1 ]; then
	scan linked "$HL"
	expect_rc linked 2
	expect_result linked fail
	same "linked: every container is read through the link" "$(all_items "$T/linked/arf.xml")" 5
	expect_item linked hostpid host
else
	skip_scan linked "exit status 2" "rule fail" "containers read through the in-image link"
fi

# --------------------------------------------------------------------------
# 3. A container file cut short: an error naming the file, never a pass.
HB=$T/broken
mkdir -p "$HB"
cp -a "$HR/." "$HB/"
BROKEN=$HB/$MOVED_DR/containers/${ID[default]}/config.v2.json
truncate -s 100 "$BROKEN"
if [ $HAVE_ROOT = 1 ]; then
	scan broken "$HB"
	expect_rc broken 2
	expect_result broken error
	case $(rule_messages "$T/broken/arf.xml") in
	*"${ID[default]}/config.v2.json"*) ok "broken: the rule result's message names the broken file" ;;
	*) not_ok "broken: the rule result's message names the broken file"
		diag "$T/broken/stderr" ;;
	esac
	same "broken: no container_item from a partly read host" "$(all_items "$T/broken/arf.xml")" 0
else
	skip_scan broken "exit status 2" "rule error" "message names the file"
fi

# --------------------------------------------------------------------------
# 3b. Symbolic links that point out of the root.  Outside it, in $T/outside,
#     lie harmless copies: a hostconfig.json with the default PidMode and a
#     containers folder without the host sharers.  A scan that followed the
#     links onto this host would read those and pass; kept inside the root
#     (where nothing is at those paths) they lead nowhere: an error, and the
#     message names what could not be read.
OUT=$T/outside
mkdir -p "$OUT"
cp "$HR/$MOVED_DR/containers/${ID[default]}/hostconfig.json" "$OUT/hostconfig.json"
cp -a "$HR/$MOVED_DR/containers" "$OUT/containers"
rm -rf "$OUT/containers/${ID[hostpid]}" "$OUT/containers/${ID[hostcreated]}"
check "outside: the harmless hostconfig.json has the default PidMode" grep -q '"PidMode":""' "$OUT/hostconfig.json"
# hostconfig_links NAME TARGET: a copy of the root whose two host sharers'
# hostconfig.json are symbolic links to TARGET
hostconfig_links() {
	local dir=$T/$1 label f
	mkdir -p "$dir" && cp -a "$HR/." "$dir/" || return 1
	for label in hostpid hostcreated; do
		f=$dir/$MOVED_DR/containers/${ID[$label]}/hostconfig.json
		rm -f "$f" && ln -s "$2" "$f" || return 1
		# What following the link on this host would read: the harmless copy.
		cmp -s "$f" "$OUT/hostconfig.json" || return 1
	done
}
# expect_not_followed NAME ERE WHAT: error, never pass, no item, the message names WHAT
expect_not_followed() {
	expect_rc "$1" 2
	expect_result "$1" error
	same "$1: no container_item" "$(all_items "$T/$1/arf.xml")" 0
	if rule_messages "$T/$1/arf.xml" | grep -Eq -- "$2"; then
		ok "$1: the rule result's message names $3"
	else
		not_ok "$1: the rule result's message names $3 (/$2/)"
		rule_messages "$T/$1/arf.xml" | head -c 400 | sed 's/^/#   /'
	fi
}
if [ $HAVE_ROOT != 1 ]; then
	skip_scan escape "symbolic links out of the root are not followed"
else
	if hostconfig_links escape-abs "$OUT/hostconfig.json"; then
		ok "escape-abs: the host sharers' hostconfig.json link to $OUT/hostconfig.json (absolute)"
		scan escape-abs-scan "$T/escape-abs"
		expect_not_followed escape-abs-scan "(${ID[hostpid]}|${ID[hostcreated]})/hostconfig\.json" "the linked hostconfig.json"
	else
		not_ok "escape-abs: root with absolute links made"
	fi
	UP=../../../../../../../../../../../../../../../..
	if hostconfig_links escape-rel "$UP$OUT/hostconfig.json"; then
		ok "escape-rel: the host sharers' hostconfig.json link to $UP$OUT/hostconfig.json"
		scan escape-rel-scan "$T/escape-rel"
		expect_not_followed escape-rel-scan "(${ID[hostpid]}|${ID[hostcreated]})/hostconfig\.json" "the linked hostconfig.json"
	else
		not_ok "escape-rel: root with relative links made"
	fi
	HC=$T/escape-dir
	mkdir -p "$HC" && cp -a "$HR/." "$HC/" && rm -rf "$HC/$MOVED_DR/containers" &&
		ln -s "$OUT/containers" "$HC/$MOVED_DR/containers"
	if [ -d "$HC/$MOVED_DR/containers/${ID[default]}" ] && [ ! -e "$HC/$MOVED_DR/containers/${ID[hostpid]}" ]; then
		ok "escape-dir: the containers folder links to $OUT/containers (no host sharer there)"
		scan escape-dir-scan "$HC"
		expect_not_followed escape-dir-scan "containers" "the containers folder"
	else
		not_ok "escape-dir: root with a linked containers folder made"
	fi
fi

# --------------------------------------------------------------------------
# 4. Without the host sharers (removed, then copied again): pass.
check "hostpid and hostcreated removed" engine_docker rm -f hostpid hostcreated
check "host root: the engine's data-root copied again" copy_data_root "$HR/$MOVED_DR"
if [ $HAVE_ROOT = 1 ]; then
	scan clean "$HR"
	expect_rc clean 0
	expect_result clean pass
	same "clean: the removed hostpid is no longer an item" \
		"$(item_count "$T/clean/arf.xml" "${ID[hostpid]}")" 0
	same "clean: the removed hostcreated is no longer an item" \
		"$(item_count "$T/clean/arf.xml" "${ID[hostcreated]}")" 0
	expect_item clean default ""
	expect_item clean sharer "container:${ID[default]}"
	expect_item clean exited ""
	validate clean
else
	skip_scan clean "exit status 0" "rule pass" "removed containers gone, the others present"
fi

# --------------------------------------------------------------------------
# 5. A root without any Docker data-root: an error, never a pass.
HE=$T/no-docker
mkdir -p "$HE/etc" "$HE/var/lib"
if [ $HAVE_ROOT = 1 ]; then
	scan nodocker "$HE"
	expect_rc nodocker 2
	expect_result nodocker error
	same "nodocker: no container_item" "$(all_items "$T/nodocker/arf.xml")" 0
	validate nodocker
else
	skip_scan nodocker "exit status 2" "rule error"
fi

# 6. A daemon.json that is not JSON: an error, not the default data-root.
HJ=$T/bad-daemon-json
mkdir -p "$HJ/etc/docker"
cp -a "$HR/$MOVED_DR/." "$HJ/var-lib-docker-copy" 2>/dev/null
mkdir -p "$HJ/var/lib" && mv "$HJ/var-lib-docker-copy" "$HJ/var/lib/docker"
printf '{"data-root": "/srv/docker",\n' >"$HJ/etc/docker/daemon.json"
if [ $HAVE_ROOT = 1 ]; then
	scan badjson "$HJ"
	expect_rc badjson 2
	expect_result badjson error
	case $(rule_messages "$T/badjson/arf.xml") in
	*daemon.json*) ok "badjson: the rule result's message names daemon.json" ;;
	*) not_ok "badjson: the rule result's message names daemon.json" ;;
	esac
else
	skip_scan badjson "exit status 2" "rule error" "message names daemon.json"
fi

# --------------------------------------------------------------------------
# 7. A real user-namespace-remapped engine (--userns-remap=default: dockerd
#    makes the dockremap user and its /etc/subuid, /etc/subgid ranges), its
#    state under <data-root>/<uid>.<gid>/.  A host-PID container (it needs
#    --userns=host: dockerd refuses --pid=host in a remapped namespace) and a
#    default one; the engine stopped; its data-root laid out in a host root
#    whose daemon.json names it and userns-remap.
engine_stop
unset 'ID[hostpid]' 'ID[default]'
# shellcheck disable=SC2034  # read by engine_start
ENGINE_EXTRA_ARGS=(--userns-remap=default)
remap_start() {
	local d
	d=$(mktemp -d /tmp/cscap-eng.XXXXXX) || return 1
	# The remapped root (uid 100000…) must be able to traverse to its state.
	chmod 755 "$d"
	engine_start "$d" 2>"$T/remap-start.err" && return 0
	cp "$ENGINE_DIR/dockerd.log" "$T/remap-dockerd.log" 2>/dev/null
	engine_stop
	return 1
}
if ! remap_start && ! { echo "# remap: dockerd did not start; once more"; diag "$T/remap-dockerd.log" 5; remap_start; }; then
	skip "remap: dockerd --userns-remap=default cannot start here: $(grep -v 'level=info' "$T/remap-dockerd.log" | tail -n 1)"
	diag "$T/remap-dockerd.log" 10
elif ! engine_image 2>"$T/remap-image.err"; then
	not_ok "remap: image imported into the remapped engine"
	diag "$T/remap-image.err"
else
	ok "remap: dockerd --userns-remap=default (pid $ENGINE_PID) answers"
	make_container rhost create --userns=host --pid=host
	make_container rdefault run
	REMAPPED=$(find "$ENGINE_DIR/data" -mindepth 1 -maxdepth 1 -name "[0-9]*.[0-9]*" -printf "%f\n" | head -n 1)
	if [ -n "${ID[rhost]:-}" ] && [ -n "${ID[rdefault]:-}" ] &&
		[ -s "$ENGINE_DIR/data/$REMAPPED/containers/${ID[rhost]}/hostconfig.json" ]; then
		ok "remap: the containers are under <data-root>/$REMAPPED/containers"
		# Stop the daemon (not engine_stop: that removes its files), then copy.
		kill -TERM "$ENGINE_PID"
		_engine_wait_gone "$ENGINE_STOP_TIMEOUT" "$ENGINE_PID"
		if _engine_alive "$ENGINE_PID"; then
			not_ok "remap: dockerd stopped on TERM"
		else
			ok "remap: dockerd stopped"
		fi
		HU=$T/remapped-root
		mkdir -p "$HU/etc/docker" "$HU/var/lib"
		printf '{\n  "data-root": "/var/lib/docker-remapped",\n  "userns-remap": "default"\n}\n' \
			>"$HU/etc/docker/daemon.json"
		cp -a "$ENGINE_DIR/data" "$HU/var/lib/docker-remapped"
		check "remap: nothing is in the plain <data-root>/containers" \
			test ! -e "$HU/var/lib/docker-remapped/containers/${ID[rhost]}"
		scan remap "$HU"
		expect_rc remap 2
		expect_result remap fail
		same "remap: one container_item per container" "$(all_items "$T/remap/arf.xml")" 2
		same "remap: rhost is seen on disk" "$(item_entity "$T/remap/arf.xml" "${ID[rhost]}" source)" disk
		same "remap: rhost's pid_mode is 'host'" "$(item_entity "$T/remap/arf.xml" "${ID[rhost]}" pid_mode)" host
		same "remap: rhost's state is 'created'" "$(item_entity "$T/remap/arf.xml" "${ID[rhost]}" state)" created
		same "remap: rdefault's effective pid mode is 'private'" \
			"$(item_entity "$T/remap/arf.xml" "${ID[rdefault]}" effective_pid_mode)" private
		same "remap: rdefault's state is what its config.v2.json says" \
			"$(item_entity "$T/remap/arf.xml" "${ID[rdefault]}" state)" \
			"$(sed -n 's/.*"Running":\(true\|false\).*/\1/p' "$ENGINE_DIR/data/$REMAPPED/containers/${ID[rdefault]}/config.v2.json" |
				sed 's/true/running/; s/false/exited/')"
		case $(rule_messages "$T/remap/arf.xml") in
		*"id=${ID[rhost]}"*) ok "remap: the finding names rhost" ;;
		*) not_ok "remap: the finding names rhost" ;;
		esac
		validate remap
	else
		not_ok "remap: the containers were made under a <uid>.<gid> folder"
		diag "$T/create-rhost.err"
	fi
fi

finish
