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
# An error is exit status 2 and rule `error`, never `pass`.
#
# Environment: CSCAP (default build/cscap), DS, KEEP=1 keeps the work folder.
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

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
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

# A port nobody listens on now (dockerd takes it a moment later).
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -ne 0 ]; then
	no_engine "endpoints: needs root to run dockerd"
	finish
fi
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

scan engine-dead "DOCKER_HOST=unix://$ENGINE_SOCK" -- --engine "unix://$DEAD_SOCK"
expect_error engine-dead "$DEAD_SOCK" "the dead socket --engine names"

scan host-dead "DOCKER_HOST=unix://$DEAD_SOCK"
expect_error host-dead "$DEAD_SOCK" "the dead socket DOCKER_HOST names"

finish
