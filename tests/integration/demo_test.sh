#!/usr/bin/env bash
# tests/integration/demo_test.sh — `make demo` as README.md promises it: the
# demo script (tests/demo.sh, what `make demo` runs once cscap is built)
# starts its own dockerd with sample containers and scans it.  Asserted: it
# exits 0, writes arf.xml and xccdf-results.xml (here into a work folder, via
# RESULTS, never into the repository's results/), prints the verdict "fail"
# for DKER-EE-001240's rule (one sample container runs with --pid=host), and
# the ARF says the same.  Without root or a dockerd: a skip, or a failure when
# CSCAP_REQUIRE_ENGINE=1 (or CI=true).  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/engine_tap.sh
. "$ROOT/tests/lib/engine_tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "demo: needs root to run dockerd"
need_packages libxml2-utils:xmllint coreutils:timeout
T=$(mktemp -d /tmp/cscap-demo.XXXXXX) || exit 1
touch "$T/stamp"

RESULTS=$T/results CSCAP=$CSCAP timeout "${DEMO_TIMEOUT:-600}" bash tests/demo.sh >"$T/out" 2>"$T/err"
rc=$?
if [ $rc -ne 0 ] && grep -q 'dockerd could not start' "$T/err"; then
	no_engine "demo: dockerd could not start"
	diag "$T/err" 5
	finish
fi
if [ $rc -eq 0 ]; then ok "demo: tests/demo.sh exits 0"; else
	not_ok "demo: tests/demo.sh exits 0 (got $rc)"
	diag "$T/out"
	diag "$T/err"
fi
for f in arf.xml xccdf-results.xml; do
	if [ -s "$T/results/$f" ]; then ok "demo: wrote $f"; else not_ok "demo: wrote $f"; fi
done
check "demo: prints the verdict 'fail' for $RULE" grep -qx "demo: rule $RULE: fail" "$T/out"
check "demo: names the results it wrote" grep -qx "demo: results: $T/results/arf.xml" "$T/out"
same "demo: the ARF's verdict for $RULE is 'fail'" "$(rule_result "$T/results/arf.xml")" fail
same "demo: the XCCDF results' verdict for $RULE is 'fail'" "$(rule_result "$T/results/xccdf-results.xml")" fail
same "demo: the evidence holds the --pid=host container" \
	"$(xp "$T/results/arf.xml" "count($ITEMS_SCOPE//*[local-name()='container_item'][namespace-uri()='$NS_ITEM'][*[local-name()='name']='demo-hostpid'][*[local-name()='pid_mode']='host'])")" 1
same "demo: nothing written into the repository's results/" \
	"$(find results -newer "$T/stamp" 2>/dev/null | head -n 3)" ""
sock=$(sed -n 's|^demo: engine on unix://||p' "$T/out")
if [ -n "$sock" ] && ! pgrep -f -- "dockerd.*$sock" >/dev/null; then
	ok "demo: its dockerd ($sock) is stopped"
else
	not_ok "demo: its dockerd (${sock:-no socket printed}) is stopped"
fi
finish
