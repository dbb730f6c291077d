#!/bin/bash
# tests/integration/engine_faults_test.sh — an engine that misbehaves must
# give the rule `error`, never `pass`, and still a valid ARF whose message
# names the cause.
#
# The misbehaving engine is tests/tools/fake_engine.c (built here with cc into
# the work folder unless FAKE_ENGINE names a built one); it serves on a unix
# socket or 127.0.0.1 and ends by itself.  Also: a missing socket, a socket
# we may not open, a socket nobody listens on, TCP in plain HTTP and in TLS
# (openssl certificates, socat in front of the peer), and a real dockerd
# frozen in the middle of a scan (by a python3 relay, before it passes on the
# first inspection).
#
# Environment: CSCAP (default build/cscap), DS, FAKE_ENGINE, KEEP=1 keeps the
# work folder.  Output: TAP lines ("ok - … # SKIP reason" for skips), then
# "# N passed, N failed, N skipped".  Exit status 0 when nothing failed.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/tls.sh
. "$ROOT/tests/lib/tls.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
PROFILE=xccdf_cscap_profile_automated
SCAN_TIMEOUT=${SCAN_TIMEOUT:-120}
PEER_LIFETIME=60

T=
PEERS=()     # pids of the peers we started (fake engines, socat, watchers)
FROZEN=      # a dockerd we stopped with SIGSTOP

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$? p
	trap - EXIT INT TERM
	for p in "${PEERS[@]}"; do
		kill -TERM "$p" 2>/dev/null
	done
	for p in "${PEERS[@]}"; do
		wait "$p" 2>/dev/null
	done
	[ -n "$FROZEN" ] && kill -CONT "$FROZEN" 2>/dev/null
	engine_stop
	remove_work_dir "$T"
	exit "$rc"
}

# ------------------------------------------------------------------ peers

# start_peer NAME MODE ADDRESS [args]: start the fake engine; PEER_PID, and
# PEER_ADDR (what it printed, e.g. "tcp:127.0.0.1:4321") once it listens.
start_peer() {
	local name=$1 mode=$2 addr=$3 i
	shift 3
	"$FAKE" "$mode" "$addr" "$PEER_LIFETIME" "$@" >"$T/$name.out" 2>"$T/$name.log" &
	PEER_PID=$!
	PEERS+=("$PEER_PID")
	for ((i = 0; i < 50; i++)); do
		if grep -q '^listening on ' "$T/$name.out" 2>/dev/null; then
			PEER_ADDR=$(sed -n 's/^listening on //p' "$T/$name.out")
			return 0
		fi
		kill -0 "$PEER_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "# fake engine $mode on $addr did not start:"
	diag "$T/$name.log" 5
	return 1
}

stop_peer() {
	kill -TERM "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# ------------------------------------------------------------------ scans

# scan NAME ENGINE [cscap args]: files in $T/NAME/; SCAN_RC, SCAN_SECONDS.
# SCAN_AS (a command prefix, e.g. setpriv …) and SCAN_ENV (VAR=value …) apply.
SCAN_AS=()
SCAN_ENV=()
scan() {
	local name=$1 engine=$2 start end
	shift 2
	mkdir -p "$T/$name"
	chmod 777 "$T/$name"
	start=$(date +%s%N)
	env "${SCAN_ENV[@]}" "${SCAN_AS[@]}" timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval \
		--profile "$PROFILE" --engine "$engine" --timeout 2 \
		--results-arf "$T/$name/arf.xml" "$@" "$DS" >"$T/$name/stdout" 2>"$T/$name/stderr"
	SCAN_RC=$?
	end=$(date +%s%N)
	SCAN_SECONDS=$(((end - start) / 1000000000))
	echo "${SCAN_ENV[*]} ${SCAN_AS[*]} $CSCAP xccdf eval --profile $PROFILE --engine $engine" \
		"--timeout 2 --results-arf $T/$name/arf.xml $* $DS → exit $SCAN_RC" >"$T/$name/command"
}

rule_result() {
	xp "$T/$1/arf.xml" "string(//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE']/*[local-name()='result'])"
}
rule_messages() {
	xp "$T/$1/arf.xml" "//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE']/*[local-name()='message']/text()"
}
# Items the engine view reported (source "api"); the kernel view may add the
# host's other containers (source "proc"), which these tests do not judge.
item_count() {
	xp "$T/$1/arf.xml" "count($API_ITEMS)"
}
# item_values NAME ENTITY: the entity of every engine item, one per line, sorted
item_values() {
	xp "$T/$1/arf.xml" "$API_ITEMS/*[local-name()='$2']" |
		sed -e "s/<[^>]*>/\n/g" | sed '/^$/d' | sort
}

show_scan() {
	diag "$T/$1/command" 1
	echo "#   stderr:"
	diag "$T/$1/stderr" 5
}

expect_rc() {
	if [ "$SCAN_RC" -eq "$2" ]; then
		ok "$1: cscap exits with status $2"
	else
		not_ok "$1: cscap exits with status $2 (got $SCAN_RC)"
		show_scan "$1"
	fi
}

# validated NAME: the ARF exists and cscap validate accepts it
validated() {
	local out rc
	if [ ! -s "$T/$1/arf.xml" ]; then
		not_ok "$1: the ARF was written"
		show_scan "$1"
		return 0
	fi
	out=$(timeout "$SCAN_TIMEOUT" "$CSCAP" validate "$T/$1/arf.xml" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "$1: the ARF was written and cscap validate accepts it"
	else
		not_ok "$1: cscap validate accepts the ARF (exit $rc)"
		printf '%s\n' "$out" | tail -n 5 | sed 's/^/#   /'
	fi
}

# expect_message NAME ERE WHAT: the rule's messages match ERE
expect_message() {
	local msgs
	msgs=$(rule_messages "$1")
	if printf '%s\n' "$msgs" | grep -Eq -- "$2"; then
		ok "$1: the rule's message names $3: $(printf '%s\n' "$msgs" | grep -Eo -- ".{0,60}$2.{0,40}" | head -n 1)"
	else
		not_ok "$1: the rule's message names $3 (/$2/)"
		printf '%s\n' "$msgs" | head -n 5 | sed 's/^/#   /'
	fi
}

# expect_error NAME ERE WHAT: exit 2, rule `error` (never pass), a valid ARF,
# a message that names the cause
expect_error() {
	local got
	expect_rc "$1" 2
	got=$(rule_result "$1")
	if [ "$got" = error ]; then
		ok "$1: rule SV-235784 is 'error'"
	else
		not_ok "$1: rule SV-235784 is 'error' (got '${got:-nothing}')"
		show_scan "$1"
	fi
	validated "$1"
	expect_message "$1" "$2" "$3"
}

# fault MODE ERE WHAT: one scan against the fake engine in MODE
fault() {
	local mode=$1
	if ! start_peer "$mode" "$mode" "unix:$T/$mode.sock"; then
		not_ok "$mode: the fake engine started"
		return 0
	fi
	if [ "$mode" = huge ]; then
		# 256 MiB must reach the size cap before the request timeout, even on a busy machine.
		scan "$mode" "unix://$T/$mode.sock" --timeout 120
	else
		scan "$mode" "unix://$T/$mode.sock"
	fi
	stop_peer "$PEER_PID"
	expect_error "$mode" "$2" "$3"
	expect_message "$mode" "$T/$mode.sock" "the engine"
}

# ------------------------------------------------------------------ setup
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_packages libxml2-utils:xmllint coreutils:timeout gcc:cc openssl:openssl socat:socat
T=$(mktemp -d /tmp/cscap-faults.XXXXXX) || exit 1
chmod 755 "$T"

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
fake_engine_ready
HAS_PARALLEL=0
"$CSCAP" --help 2>&1 | grep -q -- '--parallel' && HAS_PARALLEL=1
HAS_TLS=0
"$CSCAP" --help 2>&1 | grep -q 'DOCKER_TLS_VERIFY' && HAS_TLS=1

# ------------------------------------------------------------------ control
# A well-behaved fake engine: the rule fails on its host-PID container.
if start_peer ok ok "unix:$T/ok.sock"; then
	scan ok "unix://$T/ok.sock"
	stop_peer "$PEER_PID"
	expect_rc ok 2
	same "ok: rule SV-235784 is 'fail' (one container shares the host PID namespace)" "$(rule_result ok)" fail
	same "ok: both containers are items" "$(item_count ok)" 2
	same "ok: the items' pid modes are '' and 'host'" "$(item_values ok pid_mode | tr '\n' ,)" "host,"
	validated ok
	if grep -q 'GET /v1.41/containers/json?all=1 -> 200' "$T/ok.log" &&
		! grep -q -- '-> 400' "$T/ok.log"; then
		ok "ok: cscap asked for API 1.41, the engine's version"
	else
		not_ok "ok: cscap asked for API 1.41, the engine's version"
		diag "$T/ok.log" 8
	fi
else
	not_ok "ok: the fake engine started"
fi

# An engine newer than cscap: the highest version both speak is 1.47.
if start_peer new-api new-api "unix:$T/new-api.sock"; then
	scan new-api "unix://$T/new-api.sock"
	stop_peer "$PEER_PID"
	same "new-api: rule SV-235784 is 'fail'" "$(rule_result new-api)" fail
	if grep -q 'GET /v1.47/containers/json?all=1 -> 200' "$T/new-api.log" &&
		! grep -q -- '-> 400' "$T/new-api.log"; then
		ok "new-api: cscap negotiated API 1.47 with an engine speaking 1.24 to 1.51"
	else
		not_ok "new-api: cscap negotiated API 1.47 with an engine speaking 1.24 to 1.51"
		diag "$T/new-api.log" 8
	fi
	expect_message new-api 'API 1\.47' "the negotiated API version"
else
	not_ok "new-api: the fake engine started"
fi

# ------------------------------------------------------------------ faults
fault garbage 'not valid JSON' "the garbage reply"
fault wrong-shape 'expected a JSON array' "the wrong shape"
fault cut 'cut short' "the cut-short reply"
fault http500 'HTTP 500' "the HTTP status"
fault huge 'larger than [0-9]+ bytes' "the size cap"
fault old-api 'API 1\.12 at most \(GET /version: ApiVersion\), older than 1\.24' "the engine's too-old API"
fault refuse-min 'requires API 1\.99 or newer \(GET /version: MinAPIVersion\)' "the engine's minimum API"
fault hang 'timed out' "the timeout"
if [ "$SCAN_SECONDS" -le 15 ]; then
	ok "hang: the scan ended ${SCAN_SECONDS}s after it began (--timeout 2)"
else
	not_ok "hang: the scan ended within 15s (took ${SCAN_SECONDS}s with --timeout 2)"
fi
for mode in garbage cut http500; do
	expect_message "$mode" 'GET /v1\.41/containers/[0-9a-f]{64}/json' "the request"
done
expect_message huge 'GET /v1\.41/containers/json\?all=1' "the request"

# ------------------------------------------------------------------ vanish
# The third listed container is gone when inspected (404): not an error.
if start_peer vanish vanish "unix:$T/vanish.sock"; then
	scan vanish "unix://$T/vanish.sock"
	stop_peer "$PEER_PID"
	expect_rc vanish 2
	same "vanish: rule SV-235784 is 'fail' (judged on the two remaining containers)" \
		"$(rule_result vanish)" fail
	same "vanish: the two remaining containers are items" "$(item_count vanish)" 2
	expect_message vanish 'vanished' "the vanished container"
	validated vanish
else
	not_ok "vanish: the fake engine started"
fi

# ------------------------------------------------------------------ podman-like
if start_peer podman podman "unix:$T/podman.sock"; then
	scan podman "unix://$T/podman.sock"
	stop_peer "$PEER_PID"
	same "podman (fake): every item names engine 'podman'" \
		"$(item_values podman engine | uniq | tr '\n' ,)" "podman,"
	same "podman (fake): Podman's raw pid modes are kept" \
		"$(item_values podman pid_mode | sed 's/^container:.*/container:ID/' | tr '\n' ,)" \
		"container:ID,host,ns:/proc/1/ns/pid,private,"
	same "podman (fake): rule SV-235784 is 'fail'" "$(rule_result podman)" fail
	validated podman
else
	not_ok "podman (fake): the fake engine started"
fi

# ------------------------------------------------------------------ sockets
scan missing "unix://$T/no-such.sock"
expect_error missing 'No such file or directory' "the missing socket"
expect_message missing "$T/no-such.sock" "the socket path"

: >"$T/plain-file"
scan not-a-socket "unix://$T/plain-file"
expect_error not-a-socket 'not a socket' "a file that is not a socket"

if "$FAKE" refuse "unix:$T/refused.sock" >/dev/null 2>"$T/refused.log" && [ -S "$T/refused.sock" ]; then
	scan refused "unix://$T/refused.sock"
	expect_error refused 'Connection refused' "the refused connection"
else
	not_ok "refused: a socket file with no listener was made"
	diag "$T/refused.log"
fi

scan bad-scheme "ssh://root@127.0.0.1"
expect_error bad-scheme 'only unix:// and tcp://' "the unsupported scheme"

# Permission denied: a socket with mode 000, read by an unprivileged user.
mkdir -p "$T/perm"
chmod 755 "$T/perm"
if start_peer perm ok "unix:$T/perm/engine.sock"; then
	chmod 000 "$T/perm/engine.sock"
	if [ "$(id -u)" -ne 0 ]; then
		scan perm "unix://$T/perm/engine.sock"
		expect_error perm 'Permission denied' "the permission problem"
	elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null &&
		setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$DS" -a -x "$CSCAP"; then
		SCAN_AS=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		scan perm "unix://$T/perm/engine.sock"
		SCAN_AS=()
		expect_error perm 'Permission denied' "the permission problem"
	else
		skip "perm: cannot run cscap as uid 65534 here (setpriv missing, or $DS / $CSCAP not readable by it)"
	fi
	stop_peer "$PEER_PID"
else
	not_ok "perm: the fake engine started"
fi

# ------------------------------------------------------------------ TCP
if start_peer tcp ok tcp:0; then
	port=${PEER_ADDR##*:}
	scan tcp "tcp://127.0.0.1:$port"
	stop_peer "$PEER_PID"
	expect_rc tcp 2
	same "tcp: plain HTTP over TCP works: rule SV-235784 is 'fail'" "$(rule_result tcp)" fail
	same "tcp: both containers are items" "$(item_count tcp)" 2
	validated tcp
else
	not_ok "tcp: the fake engine started on 127.0.0.1"
fi

# ------------------------------------------------------------------ TLS
# (certificates: make_test_certs, tests/lib/tls.sh)

# start_tls_front BACKEND_SOCK: socat terminating TLS (client certificate
# required) on a free 127.0.0.1 port in front of the fake engine; TLS_PORT.
start_tls_front() {
	local try pid
	for try in 1 2 3 4 5; do
		start_peer "port$try" ok tcp:0 || return 1
		TLS_PORT=${PEER_ADDR##*:}
		stop_peer "$PEER_PID" # the port is free again: socat takes it
		timeout "$PEER_LIFETIME" socat \
			"OPENSSL-LISTEN:$TLS_PORT,bind=127.0.0.1,reuseaddr,fork,cert=$T/tls/server.pem,key=$T/tls/server-key.pem,cafile=$T/tls/ca.pem,verify=1" \
			"UNIX-CONNECT:$1" 2>>"$T/socat.log" &
		pid=$!
		PEERS+=("$pid")
		sleep 0.3
		if kill -0 "$pid" 2>/dev/null; then
			return 0
		fi
	done
	return 1
}

if [ "$HAS_TLS" -ne 1 ]; then
	skip "tls: this cscap does not read DOCKER_TLS_VERIFY/DOCKER_CERT_PATH yet"
elif ! command -v openssl >/dev/null || ! command -v socat >/dev/null; then
	skip "tls: openssl or socat is missing and could not be installed"
elif ! make_test_certs "$T/tls" "$T/openssl.log"; then
	not_ok "tls: certificates made with openssl"
	diag "$T/openssl.log"
elif ! start_peer tls-backend ok "unix:$T/tls-backend.sock" || ! start_tls_front "$T/tls-backend.sock"; then
	not_ok "tls: fake engine behind socat (TLS) started"
	diag "$T/socat.log"
else
	ok "tls: fake engine behind socat (TLS, client certificate required) on 127.0.0.1:$TLS_PORT"
	SCAN_ENV=(DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/good")
	scan tls "tcp://127.0.0.1:$TLS_PORT"
	expect_rc tls 2
	same "tls: HTTPS with the bundle's CA and client certificate works: rule SV-235784 is 'fail'" \
		"$(rule_result tls)" fail
	same "tls: both containers are items" "$(item_count tls)" 2
	validated tls

	SCAN_ENV=(DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/wrong-ca")
	scan tls-wrong-ca "tcp://127.0.0.1:$TLS_PORT"
	expect_error tls-wrong-ca 'certificate' "the certificate problem"

	SCAN_ENV=(DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/no-client-cert")
	scan tls-no-client-cert "tcp://127.0.0.1:$TLS_PORT"
	expect_error tls-no-client-cert "tcp://127.0.0.1:$TLS_PORT" "the engine"

	SCAN_ENV=(DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/no-such-folder")
	scan tls-no-ca "tcp://127.0.0.1:$TLS_PORT"
	expect_error tls-no-ca 'no-such-folder/ca\.pem' "the missing ca.pem"

	SCAN_ENV=()
	scan tls-plain "tcp://127.0.0.1:$TLS_PORT"
	expect_error tls-plain "tcp://127.0.0.1:$TLS_PORT" "the engine (plain HTTP to a TLS port)"
fi
SCAN_ENV=()

# ------------------------------------------------------------------ parallel
# 40 containers, each inspection answered 100 ms late: concurrent requests
# over a bounded set of reused connections.
if [ "$HAS_PARALLEL" -ne 1 ]; then
	skip "parallel: this cscap has no --parallel option"
elif start_peer slow slow "unix:$T/slow.sock" 40 100; then
	scan slow "unix://$T/slow.sock" --parallel 4
	stop_peer "$PEER_PID"
	same "slow: all 40 containers are items" "$(item_count slow)" 40
	conns=$(grep -c ' accepted$' "$T/slow.log")
	most=$(sed -n 's/.*(in flight \([0-9]*\))$/\1/p' "$T/slow.log" | sort -n | tail -n 1)
	if [ "${conns:-0}" -ge 2 ] && [ "$conns" -le 4 ]; then
		ok "slow: --parallel 4 used $conns connections for 43 requests (reused)"
	else
		not_ok "slow: --parallel 4 used 2 to 4 connections (got $conns)"
	fi
	if [ "${most:-0}" -ge 2 ] && [ "$most" -le 4 ]; then
		ok "slow: up to $most inspections were in flight at once (--parallel 4)"
	else
		not_ok "slow: 2 to 4 inspections in flight at once (got ${most:-none})"
	fi
	# Sequentially 40 × 100 ms could not take less than 4 s.
	if [ "$SCAN_SECONDS" -lt 4 ]; then
		ok "slow: the scan took ${SCAN_SECONDS}s, less than 40 sequential 100 ms inspections"
	else
		not_ok "slow: the scan took less than 4s (got ${SCAN_SECONDS}s)"
	fi
else
	not_ok "slow: the fake engine started"
fi

# ------------------------------------------------------------------ dockerd
# A real dockerd frozen (SIGSTOP) by the relay in front of it when the first
# inspection reaches the relay, before the relay passes it on: the list is
# answered, no inspection ever is.  Deterministic: the freeze does not race
# the scan.
N_REAL=${N_REAL:-3}
# relay LISTEN BACKEND PID: a unix-socket relay (python3) that logs requests
# and stops PID before forwarding the first container inspection.
relay() {
	timeout "$PEER_LIFETIME" python3 - "$@" "$T/frozen-at" <<'PYEOF'
import os, re, signal, socket, sys, threading, time

listen, backend, pid, frozen_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
inspect = re.compile(rb"GET /v1\.[0-9]+/containers/[0-9a-f]{64}/json")
lock = threading.Lock()
frozen = False

def freeze_once():
    global frozen
    with lock:
        if not frozen:
            os.kill(pid, signal.SIGSTOP)
            frozen = True
            with open(frozen_at, "w") as f:
                f.write("%d\n" % time.time_ns())

def pump(src, dst, watch):
    tail = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if watch:
                tail = (tail + data)[-512:]  # a request line split over two reads
                for line in re.findall(rb"(?:GET|POST|HEAD) \S+", data):
                    print(line.decode(errors="replace"), flush=True)
                if inspect.search(tail):
                    freeze_once()
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass

srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
srv.bind(listen)
srv.listen(64)
while True:
    client, _ = srv.accept()
    up = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    up.connect(backend)
    threading.Thread(target=pump, args=(client, up, True), daemon=True).start()
    threading.Thread(target=pump, args=(up, client, False), daemon=True).start()
PYEOF
}

if [ "$(id -u)" -ne 0 ]; then
	no_engine "dockerd: needs root"
elif ! command -v python3 >/dev/null; then
	skip "dockerd: python3 (the freezing relay) is missing"
elif ! engine_start "$(mktemp -d /tmp/cscap-eng.XXXXXX)" 2>"$T/engine-start.err"; then
	no_engine "dockerd: cannot start: $(head -n 1 "$T/engine-start.err" | sed 's/^engine: //')"
elif ! engine_image 2>"$T/image.err"; then
	not_ok "dockerd: image imported"
	diag "$T/image.err"
else
	made=0
	for ((i = 0; i < N_REAL; i++)); do
		engine_create_idle "idle$i" >/dev/null 2>>"$T/create.err" && made=$((made + 1))
	done
	same "dockerd: $N_REAL containers created" "$made" "$N_REAL"
	relay "$T/relay.sock" "$ENGINE_SOCK" "$ENGINE_PID" >"$T/relay.log" 2>&1 &
	PEERS+=("$!")
	for ((i = 0; i < 50; i++)); do
		[ -S "$T/relay.sock" ] && break
		sleep 0.1
	done
	FROZEN=$ENGINE_PID
	scan frozen "unix://$T/relay.sock"
	kill -CONT "$ENGINE_PID"
	FROZEN=
	if [ -s "$T/frozen-at" ]; then
		ok "frozen: the relay froze dockerd before passing on the first inspection"
	else
		not_ok "frozen: the relay froze dockerd before passing on the first inspection"
		diag "$T/relay.log" 5
	fi
	if grep -q 'GET /v1\.[0-9]*/containers/json' "$T/relay.log"; then
		ok "frozen: the container list went through the relay (answered before the freeze)"
	else
		not_ok "frozen: the container list went through the relay"
		diag "$T/relay.log" 5
	fi
	expect_error frozen 'timed out' "the timeout"
	same "frozen: no container is an item" "$(item_count frozen)" 0
	expect_message frozen 'GET /v1\.[0-9]+/containers/[0-9a-f]{64}/json' "the unanswered inspection"

	# Killed outright: its socket file stays behind with nobody listening.
	kill -KILL "$ENGINE_PID"
	for ((i = 0; i < 50; i++)); do _engine_alive "$ENGINE_PID" || break; sleep 0.1; done
	wait "$ENGINE_PID" 2>/dev/null # reap it quietly (it is our child)
	if [ -S "$ENGINE_SOCK" ]; then
		scan killed "unix://$ENGINE_SOCK"
		expect_error killed 'Connection refused' "the refused connection"
	else
		skip "killed: dockerd removed its socket even when killed"
	fi
fi

finish
