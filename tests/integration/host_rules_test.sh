#!/usr/bin/env bash
# tests/integration/host_rules_test.sh — the host-level rules of the Docker
# Enterprise 2.x checklist: the engine daemon's settings (command line and
# daemon.json) and the owners and modes of the engine's files.
#
# Live from a container (--host-root): the same roots as the host's /; and
# without it, a scanner in a container never passes a file rule.
# Offline (--root): generated host roots — one that complies with every file
# rule, one that breaks every one of them, one with nothing configured, one
# whose /etc/group has no docker group, and one whose daemon.json the scanner
# cannot read (the scan runs as nobody). The file and daemon.json rules must
# pass or fail as built; the rules that read the daemon's command line must
# never pass offline (processes are not collected): unknown, or fail when
# daemon.json alone shows a finding; an unreadable daemon.json is an error,
# never a pass.
#
# Live: the command-line rules (and the TLS files they name) against marker processes that stand for the
# daemon (argv[0] "cscap-it-dockerd-PID <options>"), picked out through a
# tailoring that sets the daemon pattern to them only and the configuration
# file to one the test writes; the fake engine makes the platform applicable.
# Other daemons on this machine (other tests' dockerd) are not matched.
#
# Environment: CSCAP (default build/cscap), DS (default the built data
# stream), FAKE_ENGINE (built peer; else built here); KEEP=1 keeps the folder.
# Output: TAP, then the counts. Exit status: 0 when nothing failed.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
# shellcheck source=tests/lib/fake_engine.sh
. "$ROOT/tests/lib/fake_engine.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
case $CSCAP in /*) ;; *) CSCAP=$ROOT/$CSCAP ;; esac
case $DS in /*) ;; *) DS=$ROOT/$DS ;; esac
T=
FAKE_PID=
MARKERS=()

# The host-level rules, by the number of their DKER-EE version.
PROC_RULES=(1050 1800 1830 1840)           # the daemon's command line (and daemon.json)
TLS_RULES=(5250 5260 5270 5280 5290 5300)  # the TLS files the daemon's command line or daemon.json names
JSON_RULES=(1370 3230)                     # daemon.json only
FILE_RULES=(5170 5180 5190 5200 5210 5220 5230 5240 5310 5320 5330 5340 5350 5360)
HOST_RULES=("${PROC_RULES[@]}" "${TLS_RULES[@]}" "${JSON_RULES[@]}" "${FILE_RULES[@]}")

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$? p
	trap - EXIT INT TERM
	for p in "${MARKERS[@]}" $FAKE_PID; do kill "$p" 2>/dev/null; done
	remove_work_dir "$T"
	exit "$rc"
}

need_root "host rules: needs root (files owned by other users, a scan as nobody)"
if [ ! -s "$DS" ]; then
	not_ok "host rules: $DS is missing (run make)"
	finish
fi
need_packages libxml2-utils:xmllint util-linux:setpriv python3:python3

# rule_id N: the XCCDF id of the rule whose version is DKER-EE-00N
rule_id() {
	xp "$DS" "string(//*[local-name()='Rule'][*[local-name()='version']='DKER-EE-00$1']/@id)"
}
declare -A RID
for n in "${HOST_RULES[@]}"; do
	RID[$n]=$(rule_id "$n")
	[ -n "${RID[$n]}" ] || { not_ok "the data stream has a rule DKER-EE-00$n"; finish; }
done
ok "the data stream has the ${#HOST_RULES[@]} host-level rules"
unwired=
for n in "${HOST_RULES[@]}"; do
	sel=$(xp "$DS" "string(//*[local-name()='Profile'][@id='xccdf_cscap_profile_automated']/*[local-name()='select'][@idref='${RID[$n]}']/@selected)")
	sys=$(xp "$DS" "string(//*[local-name()='Rule'][@id='${RID[$n]}']/*[local-name()='check']/@system)")
	[ "$sel" = true ] && [ "$sys" = http://oval.mitre.org/XMLSchema/oval-definitions-5 ] || unwired="$unwired $n"
done
same "every host-level rule has an OVAL check and is in the automated profile" "${unwired# }" ""

T=$(mktemp -d "${TMPDIR:-/tmp}/cscap-host-rules.XXXXXX") || exit 1
chmod 755 "$T"
trap cleanup EXIT INT TERM

# ---- offline --------------------------------------------------------------------
# scan NAME [cscap args...]: the automated profile's host-level rules; files in
# $T/NAME; SCAN_RC the exit status. AS (an array) runs cscap as someone else.
AS=()
scan() {
	local name=$1 n
	shift
	local rules=()
	for n in "${HOST_RULES[@]}"; do rules+=(--rule "${RID[$n]}"); done
	mkdir -p "$T/$name"
	chmod 777 "$T/$name"
	timeout 300 "${AS[@]}" "$CSCAP" xccdf eval --profile "${PROFILE:-xccdf_cscap_profile_automated}" \
		"${rules[@]}" --results-arf "$T/$name/arf.xml" "$@" "$DS" \
		>"$T/$name/stdout" 2>"$T/$name/stderr"
	SCAN_RC=$?
}
# expect SCAN RESULT N...: each rule N has RESULT in scan SCAN
expect() {
	local name=$1 want=$2 n
	shift 2
	for n in "$@"; do
		same "$name: DKER-EE-00$n is $want" "$(rule_result "$T/$name/arf.xml" "${RID[$n]}")" "$want"
	done
}
# never_pass SCAN N...: rule N is neither pass nor absent in scan SCAN
never_pass() {
	local name=$1 n got
	shift
	for n in "$@"; do
		got=$(rule_result "$T/$name/arf.xml" "${RID[$n]}")
		case $got in
		pass | "") not_ok "$name: DKER-EE-00$n is not a pass (got '${got:-nothing}')" ;;
		*) ok "$name: DKER-EE-00$n is not a pass ($got)" ;;
		esac
	done
}
# mkfile ROOT PATH OWNER MODE [CONTENT]: a file in a host root
mkfile() {
	mkdir -p "$(dirname "$1/$2")"
	printf '%s' "${5:-}" >"$1/$2"
	chown "$3" "$1/$2" && chmod "$4" "$1/$2"
}
# mksock ROOT PATH OWNER MODE: a UNIX socket in a host root
mksock() {
	mkdir -p "$(dirname "$1/$2")"
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$1/$2" &&
		chown "$3" "$1/$2" && chmod "$4" "$1/$2"
}
# base ROOT: what every root has (an engine data root without containers, so the
# platform applies; the usual /etc/group with a docker group numbered 998)
base() {
	mkdir -p "$1/var/lib/docker/containers" "$1/etc"
	printf 'root:x:0:\ndaemon:x:1:\nusers:x:100:\ndocker:x:998:alice\n' >"$1/etc/group"
}
GOOD_JSON='{
  "hosts": ["unix:///var/run/docker.sock"],
  "insecure-registries": [],
  "experimental": false,
  "userland-proxy": false,
  "log-driver": "syslog",
  "log-opts": {
    "max-size": "50m",
    "max-file": "5",
    "syslog-address": "udp://192.0.2.1:514"
  }
}
'
BAD_JSON='{"hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"],
 "insecure-registries": ["registry.example:5000"], "experimental": true,
 "userland-proxy": true, "log-driver": "json-file", "log-opts": {"max-size": "50m"}}
'

# good: every file right, daemon.json complete.
G=$T/good
base "$G"
mkdir -p "$G/etc/docker" && chmod 755 "$G/etc/docker"
mkfile "$G" etc/docker/daemon.json 0:0 644 "$GOOD_JSON"
mkfile "$G" etc/default/docker 0:0 644 '# options'
mkfile "$G" usr/lib/systemd/system/docker.service 0:0 644 '[Service]'
mkfile "$G" usr/lib/systemd/system/docker.socket 0:0 444 '[Socket]'
mkfile "$G" etc/systemd/system/docker.service 0:0 600 '[Service]'
mkfile "$G" etc/docker/certs.d/registry.example:5000/ca.crt 0:0 444 'cert'
mkfile "$G" etc/docker/certs.d/registry.example:5000/client.key 0:0 400 'key'
mksock "$G" var/run/docker.sock 0:998 660

# bad: every file wrong in a way its rule forbids, daemon.json breaking every setting.
B=$T/bad
base "$B"
mkdir -p "$B/etc/docker" && chown 0:1000 "$B/etc/docker" && chmod 775 "$B/etc/docker"
mkfile "$B" etc/docker/daemon.json 1000:0 666 "$BAD_JSON"
mkfile "$B" etc/default/docker 0:1000 664 '# options'
mkfile "$B" usr/lib/systemd/system/docker.service 0:0 644 '[Service]'
mkfile "$B" etc/systemd/system/docker.service 1000:0 664 '[Service]'
mkfile "$B" lib/systemd/system/docker.socket 0:1000 755 '[Socket]'
mkfile "$B" etc/docker/certs.d/registry.example:5000/ca.crt 0:0 444 'cert'
mkfile "$B" etc/docker/certs.d/registry.example:5000/client.key 1000:0 644 'key'
mksock "$B" var/run/docker.sock 0:0 666

# empty: nothing configured — no /etc/docker, no unit files, no socket.
E=$T/empty
base "$E"

# nogroup: the good root without a docker group in /etc/group.
N=$T/nogroup
base "$N"
mksock "$N" var/run/docker.sock 0:998 660
printf 'root:x:0:\n' >"$N/etc/group"

# unreadable: daemon.json only root may read; the scan runs as nobody.
U=$T/unreadable
base "$U"
mkdir -p "$U/etc/docker" && chmod 755 "$U/etc/docker"
mkfile "$U" etc/docker/daemon.json 0:0 600 "$GOOD_JSON"
chmod -R a+rX "$U/var" "$U/etc/group"

if [ -z "$(ls -A "$G/var/run")" ]; then
	not_ok "setup: python3 made the sockets"
	finish
fi
ok "setup: five host roots"

scan good --root "$G"
same "good: exit status 2 (the command-line rules are unknown offline)" "$SCAN_RC" 2
check "good: the ARF validates" "$CSCAP" validate "$T/good/arf.xml"
expect good pass "${FILE_RULES[@]}" "${JSON_RULES[@]}"
expect good unknown "${PROC_RULES[@]}"
never_pass good "${TLS_RULES[@]}"

scan bad --root "$B"
same "bad: exit status 2" "$SCAN_RC" 2
expect bad fail "${FILE_RULES[@]}" "${JSON_RULES[@]}"
# daemon.json alone shows the finding for these; the proxy needs the command line too.
expect bad fail 1050 1800 1840
expect bad unknown 1830
never_pass bad "${PROC_RULES[@]}" "${TLS_RULES[@]}"
# the evidence names the file that broke the rule
check "bad: the OVAL results hold the file items (the daemon.json item among them)" \
	grep -q 'etc/docker/daemon.json' "$T/bad/arf.xml"

scan empty --root "$E"
# /etc/docker and daemon.json must exist; the socket too; the rest has nothing to protect.
expect empty fail 5210 5220 5310 5320 5330 5340 1370 3230
expect empty pass 5170 5180 5190 5200 5230 5240 5350 5360
expect empty unknown 1050 1800 1830 1840
never_pass empty "${PROC_RULES[@]}" "${TLS_RULES[@]}"

scan nogroup --root "$N"
expect nogroup error 5310
expect nogroup pass 5320

AS=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
scan unreadable --root "$U"
AS=()
if grep -q 'Permission denied' "$T/unreadable/stderr" "$T/unreadable/arf.xml" 2>/dev/null ||
	[ -s "$T/unreadable/arf.xml" ]; then
	expect unreadable error 1370 3230
	never_pass unreadable "${PROC_RULES[@]}" "${TLS_RULES[@]}"
	# its owner and mode need no read permission: they are judged as usual
	expect unreadable pass 5330 5340
else
	not_ok "unreadable: the scan as nobody wrote its ARF"
	diag "$T/unreadable/stderr"
fi

# ---- live: the daemon's command line -------------------------------------------
fake_engine_up ok
# marker NAME OPTIONS: a process whose command line is "NAME OPTIONS 600"
marker() {
	bash -c 'exec -a "$0" sleep 600' "$1${2:+ $2}" &
	MARKERS+=($!)
	# until the exec: bash's own command line names the marker too, but not first
	for _ in $(seq 50); do
		[ "$(head -c ${#1} "/proc/$!/cmdline" 2>/dev/null | tr -d '\0')" = "$1" ] && break
		sleep 0.1
	done
}
# tailor NAME PATTERN CONFIG: a tailoring file $T/NAME.xml whose profile extends
# the automated one with the daemon pattern and the configuration file set
tailor() {
	cat >"$T/$1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_cscap.it_tailoring_$1">
  <version time="2026-11-28T00:00:00">1</version>
  <Profile id="xccdf_cscap.it_profile_$1" extends="xccdf_cscap_profile_automated">
    <title>host rules test: $1</title>
    <set-value idref="xccdf_cscap_value_engine_daemon_pattern">$2</set-value>
    <set-value idref="xccdf_cscap_value_daemon_config_file">$3</set-value>
  </Profile>
</Tailoring>
EOF
}
# live NAME PATTERN CONFIG: scan this host's processes with that tailoring
live() {
	tailor "$1" "$2" "$3"
	PROFILE=xccdf_cscap.it_profile_$1 scan "$1" --engine "unix://$FAKE_SOCK" --no-kernel-view \
		--tailoring-file "$T/$1.xml"
}
M=cscap-it-dockerd-$$
printf '%s' "$GOOD_JSON" >"$T/good.json"
printf '{ "log-driver": "syslog" }\n' >"$T/plain.json"
printf '%s' "$BAD_JSON" >"$T/bad.json"

# flags: --userland-proxy=false on the command line, nothing bad anywhere.
marker "$M-a" "--userland-proxy=false -H unix:///run/x.sock --log-level info"
live flags "^$M-a(?:\\s|\$)" "$T/plain.json"
expect flags pass 1050 1800 1830 1840

# file: no options; daemon.json turns the proxy off.
marker "$M-b" "--debug"
live file "^$M-b(?:\\s|\$)" "$T/good.json"
expect file pass 1050 1800 1830 1840

# badflags: each forbidden option on the command line, a harmless daemon.json.
marker "$M-c" "-H tcp://0.0.0.0:2375 --insecure-registry=registry.example:5000 --experimental --userland-proxy=true"
live badflags "^$M-c(?:\\s|\$)" "$T/plain.json"
expect badflags fail 1050 1800 1830 1840

# badfile: a clean command line, daemon.json breaking every setting.
live badfile "^$M-b(?:\\s|\$)" "$T/bad.json"
expect badfile fail 1050 1800 1830 1840

# two: every daemon the pattern matches must comply (a and c).
live two "^$M-[ac](?:\\s|\$)" "$T/plain.json"
expect two fail 1050 1800 1830 1840

# -Htcp://, --host=tcp:// spellings
marker "$M-d" "-Htcp://127.0.0.1:2375"
marker "$M-e" "--host=TCP://127.0.0.1:2375"
live spell-d "^$M-d(?:\\s|\$)" "$T/plain.json"
expect spell-d fail 1050
live spell-e "^$M-e(?:\\s|\$)" "$T/plain.json"
expect spell-e fail 1050

# none: no daemon runs — the command line cannot comply.
live none "^$M-none(?:\\s|\$)" "$T/good.json"
expect none fail 1050 1800 1830 1840

# missing: no daemon.json — the proxy is on by default, the rest is default-off.
live missing "^$M-b(?:\\s|\$)" "$T/no-such.json"
expect missing pass 1050 1800 1840
expect missing fail 1830 1370 3230 5330 5340

# ---- live: the TLS files ----------------------------------------------------------
mkdir -p "$T/tls"
mkfile "$T" tls/ca.pem 0:0 444 ca
mkfile "$T" tls/cert.pem 0:0 444 cert
mkfile "$T" tls/key.pem 0:0 400 key
mkfile "$T" tls/ca-bad.pem 1000:0 644 ca
mkfile "$T" tls/cert-bad.pem 0:1000 664 cert
mkfile "$T" tls/key-bad.pem 1000:1000 640 key
L=$T/tls

# tls-off: no TLS option anywhere: no file to judge.
live tls-off "^$M-b(?:\\s|\$)" "$T/plain.json"
expect tls-off pass "${TLS_RULES[@]}"

# tls-flags: the files named on the command line, right and wrong.
marker "$M-f" "--tlsverify --tlscacert=$L/ca.pem --tlscert $L/cert.pem --tlskey=$L/key.pem"
live tls-flags "^$M-f(?:\\s|\$)" "$T/plain.json"
expect tls-flags pass "${TLS_RULES[@]}"
marker "$M-g" "--tlsverify --tlscacert $L/ca-bad.pem --tlscert=$L/cert-bad.pem --tlskey $L/key-bad.pem"
live tls-flags-bad "^$M-g(?:\\s|\$)" "$T/plain.json"
expect tls-flags-bad fail "${TLS_RULES[@]}"

# tls-json: the files named in daemon.json (CA right, certificate and key wrong).
printf '{ "tlsverify": true, "tlscacert": "%s", "tlscert": "%s", "tlskey": "%s" }\n' \
	"$L/ca.pem" "$L/cert-bad.pem" "$L/key-bad.pem" >"$T/tls.json"
live tls-json "^$M-b(?:\\s|\$)" "$T/tls.json"
expect tls-json pass 5250 5260
expect tls-json fail 5270 5280 5290 5300

# tls-default: TLS on, no path given: the daemon's default under /root/.docker decides
# (a file this test does not make; where it is missing the rules cannot pass).
marker "$M-h" "--tlsverify"
live tls-default "^$M-h(?:\\s|\$)" "$T/plain.json"
if [ -e /root/.docker/ca.pem ]; then
	skip "tls-default: /root/.docker/ca.pem exists on this machine"
else
	expect tls-default fail 5250 5260
fi

# none: no daemon runs — nothing says TLS is off.
expect none fail "${TLS_RULES[@]}"

# ---- live, from a container: --host-root --------------------------------------------
# A scanner whose / is not the host's ($container set, as Podman and
# systemd-nspawn set it) never judges its own files as the host's: the file
# and daemon.json rules are unknown and say to give --host-root.  With the
# host's / given, the files are read there, while the engine stays live.
AS=(env container=test)
scan confined --engine "unix://$FAKE_SOCK" --no-kernel-view
never_pass confined "${FILE_RULES[@]}" "${JSON_RULES[@]}"
expect confined unknown 5210 5330 1370
check "confined: the results say why and what to do (--host-root)" grep -q -- "--host-root" "$T/confined/arf.xml"
printf 'NAME="Host OS of the test root"\nVERSION_ID="77"\n' >"$G/etc/os-release"
scan hostroot-good --engine "unix://$FAKE_SOCK" --no-kernel-view --host-root "$G"
expect hostroot-good pass "${FILE_RULES[@]}" "${JSON_RULES[@]}"
same "hostroot-good: the asset's operating system is the host's (its os-release under --host-root)" \
	"$(xp "$T/hostroot-good/arf.xml" "string((//*[local-name()='system_info']/*[local-name()='os_name'])[1])")" \
	"Host OS of the test root"
scan hostroot-bad --engine "unix://$FAKE_SOCK" --no-kernel-view --host-root "$B"
expect hostroot-bad fail "${FILE_RULES[@]}" "${JSON_RULES[@]}"
AS=()

finish
