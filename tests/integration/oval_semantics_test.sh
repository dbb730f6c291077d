#!/usr/bin/env bash
# tests/integration/oval_semantics_test.sh — OVAL object sets (UNION,
# INTERSECTION, COMPLEMENT), filters (include, exclude) and local variables
# with their functions, evaluated by `cscap oval eval` against the fake
# engine; then the datatypes beyond strings and numbers (evr_string,
# debian_evr_string, ipv4/ipv6_address, binary, subset/superset of a
# variable's set) and time_difference, through variable_tests.  Each
# definition's title in tests/integration/data/oval-semantics.xml and
# oval-datatypes.xml begins with the result it must have.  TAP output.
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
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT INT TERM

fake_engine_up ok

"$CSCAP" oval eval --engine "unix://$T/engine.sock" --no-kernel-view --oval-results "$T/results.xml" \
	"$DEFS" >"$T/out" 2>"$T/err"
same "exit status 2 (one definition is false, one is an error)" "$?" 2
check "the OVAL results validate" "$CSCAP" validate "$T/results.xml"

# Every definition of DEFS has the result its title begins with; CHECKED counts them.
check_titles() { # DEFS RESULTS
	local ids id title want got n=0
	ids=$(xp "$1" "//*[local-name()='definition']/@id" | sed 's/ id="\([^"]*\)"/\1\n/g')
	for id in $ids; do
		title=$(xp "$1" "string(//*[local-name()='definition'][@id='$id']//*[local-name()='title'])")
		want=${title%%:*}
		got=$(xp "$2" "string(//*[local-name()='results']//*[local-name()='definition'][@definition_id='$id']/@result)")
		same "$id: $title" "$got" "$want"
		n=$((n + 1))
	done
	CHECKED=$n
}

check_titles "$DEFS" "$T/results.xml"
check "every definition was checked ($CHECKED)" test "$CHECKED" -ge 13

# --thin-results: the same results, without criteria and test results.
"$CSCAP" oval eval --engine "unix://$T/engine.sock" --no-kernel-view --thin-results \
	--oval-results "$T/thin.xml" "$DEFS" >"$T/thin.out" 2>"$T/thin.err"
same "thin: exit status 2, as full" "$?" 2
check "thin: the OVAL results validate" "$CSCAP" validate "$T/thin.xml"
same "thin: every directive says content=thin" \
	"$(xp "$T/thin.xml" "count(//*[local-name()='directives']/*[@content='full'])")/$(xp "$T/thin.xml" "count(//*[local-name()='directives']/*[@content='thin'])")" "0/6"
same "thin: no criteria, no test results" \
	"$(xp "$T/thin.xml" "count(//*[local-name()='results']//*[local-name()='criteria'] | //*[local-name()='results']//*[local-name()='tests'])")" 0
same "thin: the same definition results as full" \
	"$(xp "$T/thin.xml" "//*[local-name()='results']//*[local-name()='definition']/@result")" \
	"$(xp "$T/results.xml" "//*[local-name()='results']//*[local-name()='definition']/@result")"

# ---- datatypes and time_difference: only the variable probe is involved ----------
DATATYPES=tests/integration/data/oval-datatypes.xml
check "the datatype definitions are valid OVAL 5.11.2 (cscap validate)" "$CSCAP" validate "$DATATYPES"
"$CSCAP" oval eval --oval-results "$T/datatypes.xml" "$DATATYPES" >"$T/dt.out" 2>"$T/dt.err"
same "exit status 2 (some definitions are false or errors, by design)" "$?" 2
check "the datatype results validate" "$CSCAP" validate "$T/datatypes.xml"
check_titles "$DATATYPES" "$T/datatypes.xml"
check "every datatype definition was checked ($CHECKED)" test "$CHECKED" -ge 24

finish
