#!/usr/bin/env bash
# tests/integration/oval_semantics_test.sh — OVAL object sets (UNION,
# INTERSECTION, COMPLEMENT), filters (include, exclude) and local variables
# with their functions, evaluated by `cscap oval eval` against the fake
# engine.  Each definition's title in tests/integration/data/oval-semantics.xml
# begins with the result it must have.  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/fake_engine.sh
. "$ROOT/tests/lib/fake_engine.sh"

CSCAP=${CSCAP:-build/cscap}
DEFS=tests/integration/data/oval-semantics.xml
T=$(mktemp -d /tmp/cscap-ovalsem.XXXXXX)
FAKE_PID=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	[ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null
	if [ "$FAILED" -gt 0 ]; then echo "# work folder kept: $T" >&2; else rm -rf "$T"; fi
	exit "$rc"
}
trap cleanup EXIT INT TERM

fake_engine_up ok

"$CSCAP" oval eval --engine "unix://$T/engine.sock" --no-kernel-view --oval-results "$T/results.xml" \
	"$DEFS" >"$T/out" 2>"$T/err"
same "exit status 2 (one definition is false, one is an error)" "$?" 2
check "the OVAL results validate" "$CSCAP" validate "$T/results.xml"

ids=$(xp "$DEFS" "//*[local-name()='definition']/@id" | sed 's/ id="\([^"]*\)"/\1\n/g')
n=0
for id in $ids; do
	title=$(xp "$DEFS" "string(//*[local-name()='definition'][@id='$id']//*[local-name()='title'])")
	want=${title%%:*}
	got=$(xp "$T/results.xml" "string(//*[local-name()='results']//*[local-name()='definition'][@definition_id='$id']/@result)")
	same "$id: $title" "$got" "$want"
	n=$((n + 1))
done
check "every definition was checked ($n)" test "$n" -ge 13

finish
