#!/usr/bin/env bash
# tests/integration/endpoints_test.sh — how cscap reaches a real dockerd:
# TLS on tcp://127.0.0.1 (the way a UCP client bundle is used), DOCKER_HOST,
# and --engine against DOCKER_HOST.
#
# One throwaway dockerd (tests/lib/engine.sh) listens on its private unix
# socket and on tcp://127.0.0.1:<free port> with --tlsverify, with a CA, a
# server certificate (IP SAN 127.0.0.1) and a client certificate
# (extendedKeyUsage clientAuth) made here with openssl.  It holds a
# --pid=host container and a default one.  Scans:
#   tls            DOCKER_HOST=tcp://…, DOCKER_TLS_VERIFY=1, DOCKER_CERT_PATH=<bundle>:
#                  both containers seen, the rule fails naming the host-PID one
#   tls-no-client  the bundle without cert.pem/key.pem (dockerd requires one): error
#   tls-wrong-ca   a CA that did not sign dockerd's certificate: error
#   tls-plain      tcp:// without DOCKER_TLS_VERIFY (plain HTTP to a TLS port): error
#   docker-host    DOCKER_HOST=unix://<private socket>, no --engine: both containers
#   engine-wins    --engine <live socket> with DOCKER_HOST at a dead socket: both containers
#   engine-dead    --engine <dead socket> with DOCKER_HOST at the live one: error
#   host-dead      DOCKER_HOST at a dead socket, no --engine: error
#   two-engines    --engine <dockerd> --engine <fake engine> (tests/tools/fake_engine.c,
#                  mode ok: fake-0 private, fake-1 --pid=host): the items of both,
#                  the finding names both host-PID containers, two engine_items,
#                  the info message names each engine with its count
#   second-dead    --engine <dockerd> --engine <dead socket>: error naming the dead one
#   (engine-wins, one --engine, also checks one engine_item and the one-engine message)
# An error is exit status 2 and rule `error`, never `pass`.
#
# Environment: CSCAP (default build/cscap), DS, FAKE_ENGINE (built here with cc
# when unset), KEEP=1 keeps the work folder.
# Output: TAP lines ("ok - … # SKIP reason" for skips), then the counts.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/tls.sh
. "$ROOT/tests/lib/tls.sh"
# shellcheck source=tests/lib/engine_tap.sh
. "$ROOT/tests/lib/engine_tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"
CONTAINER_PREFIX=ep-

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
PROFILE=xccdf_cscap_profile_automated
SCAN_TIMEOUT=${SCAN_TIMEOUT:-120}
DEAD_SOCK=/nonexistent/cscap-endpoints-test.sock

T=
FAKE_PID=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$FAKE_PID" ]; then
		kill -TERM "$FAKE_PID" 2>/dev/null
		wait "$FAKE_PID" 2>/dev/null
	fi
	engine_stop
	remove_work_dir "$T"
	exit "$rc"
}

# scan NAME [VAR=value...] -- [cscap args...]: files in $T/NAME/; SCAN_RC.
# The environment is cleared of DOCKER_* first; the given variables are set.
scan() {
	local name=$1 envs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		envs+=("$1")
		shift
	done
	[ "${1:-}" = -- ] && shift
	mkdir -p "$T/$name"
	env -u DOCKER_HOST -u DOCKER_TLS_VERIFY -u DOCKER_CERT_PATH ${envs[@]+"${envs[@]}"} \
		timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" --rule "$RULE" \
		--timeout 10 "$@" --results-arf "$T/$name/arf.xml" "$DS" \
		>"$T/$name/stdout" 2>"$T/$name/stderr"
	SCAN_RC=$?
	echo "${envs[*]} $CSCAP xccdf eval … $* → exit $SCAN_RC" >"$T/$name/command"
}

messages() {
	xp "$T/$1/arf.xml" "//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE']/*[local-name()='message']/text()"
}
show_scan() {
	diag "$T/$1/command" 1
	echo "#   stderr:"
	diag "$T/$1/stderr" 5
}

# expect_seen NAME: exit 2, fail, both containers (engine view), the finding names hostpid
expect_seen() {
	local name=$1 arf=$T/$1/arf.xml
	same "$name: cscap exits with status 2" "$SCAN_RC" 2
	same "$name: rule SV-235784 is 'fail'" "$(rule_result "$arf")" fail
	[ "$(rule_result "$arf")" = fail ] || show_scan "$name"
	same "$name: the engine's two containers are items" "$(xp "$arf" "count($API_ITEMS)")" 2
	same "$name: hostpid's effective pid mode is 'host'" \
		"$(item_entity "$arf" "${ID[hostpid]}" effective_pid_mode)" host
	same "$name: default's effective pid mode is 'private'" \
		"$(item_entity "$arf" "${ID[default]}" effective_pid_mode)" private
	if messages "$name" | grep -F "id=${ID[hostpid]}" | grep -q "name=${CONTAINER_PREFIX}hostpid"; then
		ok "$name: the finding names ${CONTAINER_PREFIX}hostpid"
	else
		not_ok "$name: the finding names ${CONTAINER_PREFIX}hostpid"
		messages "$name" | head -n 3 | sed 's/^/#   /'
	fi
	if messages "$name" | grep -qF "id=${ID[default]}"; then
		not_ok "$name: the findings do not name ${CONTAINER_PREFIX}default"
	else
		ok "$name: the findings do not name ${CONTAINER_PREFIX}default"
	fi
}

# expect_error NAME ERE WHAT: exit 2, rule `error` (never pass, no items), a message naming the cause
expect_error() {
	local name=$1 arf=$T/$1/arf.xml got
	same "$name: cscap exits with status 2" "$SCAN_RC" 2
	got=$(rule_result "$arf")
	if [ "$got" = error ]; then
		ok "$name: rule SV-235784 is 'error'"
	else
		not_ok "$name: rule SV-235784 is 'error' (got '${got:-nothing}')"
		show_scan "$name"
	fi
	same "$name: no engine item" "$(xp "$arf" "count($API_ITEMS)")" 0
	if messages "$name" | grep -Eq -- "$2"; then
		ok "$name: the message names $3: $(messages "$name" | grep -Eo -- ".{0,50}$2.{0,30}" | head -n 1)"
	else
		not_ok "$name: the message names $3 (/$2/)"
		messages "$name" | head -n 3 | sed 's/^/#   /'
	fi
}

# The engine_items of a scan (one per engine reached; the ARF may carry the
# CPE check's system characteristics too, so they are counted per endpoint).
engine_items() {
	xp "$T/$1/arf.xml" "count(//*[local-name()='engine_item'][not(*[local-name()='endpoint'] = preceding::*[local-name()='engine_item']/*[local-name()='endpoint'])])"
}

# start_fake MODE SOCKET: the fake engine on a unix socket; FAKE_PID once it listens.
start_fake() {
	local i
	"$FAKE" "$1" "unix:$2" 300 >"$T/fake.out" 2>"$T/fake.log" &
	FAKE_PID=$!
	for ((i = 0; i < 50; i++)); do
		grep -q '^listening on ' "$T/fake.out" 2>/dev/null && return 0
		kill -0 "$FAKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "# fake engine $1 on $2 did not start:"
	diag "$T/fake.log" 5
	return 1
}

# A port nobody listens on now (dockerd takes it a moment later).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "endpoints: needs root to run dockerd"
need_packages libxml2-utils:xmllint coreutils:timeout openssl:openssl python3:python3
T=$(mktemp -d /tmp/cscap-endpoints.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if make_test_certs "$T/tls" "$T/openssl.log"; then
	ok "certificates made with openssl: CA, server (IP SAN 127.0.0.1), client (clientAuth), another CA"
else
	not_ok "certificates made with openssl"
	diag "$T/openssl.log"
	finish
fi
PORT=$(free_port)
# shellcheck disable=SC2034  # read by engine_start
ENGINE_EXTRA_ARGS=(-H "tcp://127.0.0.1:$PORT" --tlsverify --tlscacert "$T/tls/ca.pem"
	--tlscert "$T/tls/server.pem" --tlskey "$T/tls/server-key.pem")
engine_up "endpoints"
if curl -sf --max-time 5 --cacert "$T/tls/ca.pem" --cert "$T/tls/good/cert.pem" \
	--key "$T/tls/good/key.pem" "https://127.0.0.1:$PORT/_ping" >/dev/null; then
	ok "dockerd answers https://127.0.0.1:$PORT/_ping to a client with the bundle (curl)"
else
	not_ok "dockerd answers https://127.0.0.1:$PORT/_ping to a client with the bundle (curl)"
	diag "$ENGINE_DIR/dockerd.log" 5
	finish
fi
if curl -s --max-time 5 --cacert "$T/tls/ca.pem" "https://127.0.0.1:$PORT/_ping" >/dev/null 2>&1; then
	not_ok "dockerd refuses a client without a certificate (curl)"
else
	ok "dockerd refuses a client without a certificate (curl)"
fi

make_container default run || finish
make_container hostpid run --pid=host || finish

# ------------------------------------------------------------------ TLS
TCP=tcp://127.0.0.1:$PORT
scan tls "DOCKER_HOST=$TCP" DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/good"
expect_seen tls
if messages tls | grep -qF "at $TCP"; then
	ok "tls: the message names the endpoint $TCP"
else
	not_ok "tls: the message names the endpoint $TCP"
	messages tls | head -n 3 | sed 's/^/#   /'
fi
check "tls: cscap validate accepts the ARF" timeout "$SCAN_TIMEOUT" "$CSCAP" validate "$T/tls/arf.xml"

scan tls-no-client "DOCKER_HOST=$TCP" DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/no-client-cert"
expect_error tls-no-client "$TCP|cert\\.pem" "the engine or the missing client certificate"

scan tls-wrong-ca "DOCKER_HOST=$TCP" DOCKER_TLS_VERIFY=1 "DOCKER_CERT_PATH=$T/tls/wrong-ca"
expect_error tls-wrong-ca 'certificate' "the certificate problem"

scan tls-plain "DOCKER_HOST=$TCP"
expect_error tls-plain "$TCP" "the engine (plain HTTP to a TLS port)"

# ------------------------------------------------------------------ DOCKER_HOST and --engine
scan docker-host "DOCKER_HOST=unix://$ENGINE_SOCK"
expect_seen docker-host

scan engine-wins "DOCKER_HOST=unix://$DEAD_SOCK" -- --engine "unix://$ENGINE_SOCK"
expect_seen engine-wins
same "engine-wins: one engine_item" "$(engine_items engine-wins)" 1
if grep -qF "at unix://$ENGINE_SOCK: 2 containers, " "$T/engine-wins/arf.xml" &&
	! grep -qF "containers in all" "$T/engine-wins/arf.xml"; then
	ok "engine-wins: the one-engine message, as before (… at <socket>: 2 containers, N selected …)"
else
	not_ok "engine-wins: the one-engine message, as before"
fi

scan engine-dead "DOCKER_HOST=unix://$ENGINE_SOCK" -- --engine "unix://$DEAD_SOCK"
expect_error engine-dead "$DEAD_SOCK" "the dead socket --engine names"

scan host-dead "DOCKER_HOST=unix://$DEAD_SOCK"
expect_error host-dead "$DEAD_SOCK" "the dead socket DOCKER_HOST names"

# ------------------------------------------------------------------ several engines
fake_engine_ready
FAKE_SOCK=$T/fake.sock
# The fake engine's canned containers (tests/tools/fake_engine.c, mode ok).
FAKE_ID0=0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab0000
FAKE_ID1=0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab0001
if start_fake ok "$FAKE_SOCK"; then
	ok "fake engine (mode ok) listens on $FAKE_SOCK"
	scan two-engines -- --engine "unix://$ENGINE_SOCK" --engine "unix://$FAKE_SOCK"
	arf=$T/two-engines/arf.xml
	same "two-engines: cscap exits with status 2" "$SCAN_RC" 2
	same "two-engines: rule SV-235784 is 'fail'" "$(rule_result "$arf")" fail
	[ "$(rule_result "$arf")" = fail ] || show_scan two-engines
	same "two-engines: both engines' containers are items (2 + 2)" "$(xp "$arf" "count($API_ITEMS)")" 4
	same "two-engines: fake-1's effective pid mode is 'host'" "$(item_entity "$arf" "$FAKE_ID1" effective_pid_mode)" host
	same "two-engines: fake-0's effective pid mode is 'private'" "$(item_entity "$arf" "$FAKE_ID0" effective_pid_mode)" private
	same "two-engines: ${CONTAINER_PREFIX}hostpid's effective pid mode is 'host'" \
		"$(item_entity "$arf" "${ID[hostpid]}" effective_pid_mode)" host
	for want in "id=$FAKE_ID1.*name=fake-1" "id=${ID[hostpid]}.*name=${CONTAINER_PREFIX}hostpid"; do
		if messages two-engines | grep -Eq -- "$want"; then
			ok "two-engines: the finding names ${want##*=}"
		else
			not_ok "two-engines: the finding names ${want##*=}"
			messages two-engines | head -n 3 | sed 's/^/#   /'
		fi
	done
	if messages two-engines | grep -qE "id=($FAKE_ID0|${ID[default]})"; then
		not_ok "two-engines: the findings name no private container"
	else
		ok "two-engines: the findings name no private container"
	fi
	same "two-engines: two engine_items" "$(engine_items two-engines)" 2
	if grep -qF "at unix://$ENGINE_SOCK: 2 containers; docker engine (version 20.10.99-fake, API 1.41) at unix://$FAKE_SOCK: 2 containers; 4 containers in all" "$arf"; then
		ok "two-engines: the info message names each engine with its container count"
	else
		not_ok "two-engines: the info message names each engine with its container count"
		grep -oE "[a-z]+ engine \(version[^<]{0,300}" "$arf" | head -n 2 | sed 's/^/#   /'
	fi
else
	not_ok "fake engine (mode ok) listens on $FAKE_SOCK"
fi

scan second-dead -- --engine "unix://$ENGINE_SOCK" --engine "unix://$DEAD_SOCK"
expect_error second-dead "$DEAD_SOCK" "the dead second engine"

finish
