#!/usr/bin/env bash
# tests/integration/xccdf_semantics_test.sh — XCCDF 1.2 semantics end to end,
# against a fake engine (tests/tools/fake_engine.c, mode "ok": one private
# container, one with PidMode host) so every verdict is known in advance:
# check negation, complex-check AND/OR/negate, check selectors via
# refine-rule, refine-value with check-export, severity/role/weight
# refinement, CPE applicability (dictionary checks and the applicability
# language), OCIL and missing checks, profile extends and selection,
# tailoring from the data stream and from a file, --rule/--skip-rule,
# data stream and checklist selection, and scoring.  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/fake_engine.sh
. "$ROOT/tests/lib/fake_engine.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=tests/integration/data/semantics-ds.xml
T=$(mktemp -d /tmp/cscap-semantics.XXXXXX)
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

# scan NAME [cscap options...]: results in $T/NAME.xml, exit status in SCAN_RC
scan() {
	local name=$1
	shift
	"$CSCAP" xccdf eval --engine "unix://$T/engine.sock" --no-kernel-view \
		--results "$T/$name.xml" "$@" "$DS" >"$T/$name.out" 2>"$T/$name.err"
	SCAN_RC=$?
}
# result NAME RULE WANT
result() {
	same "$1: $2 is $3" "$(rule_result "$T/$1.xml" "xccdf_test_rule_$2")" "$3"
}
attr() { # NAME RULE ATTRIBUTE
	xp "$T/$1.xml" "string(//*[local-name()='rule-result'][@idref='xccdf_test_rule_$2']/@$3)"
}

scan defaults
same "defaults: exit status 2 (a rule fails)" "$SCAN_RC" 2
result defaults fail fail
result defaults pass pass
result defaults negated pass
result defaults and fail
result defaults or pass
result defaults selector fail
result defaults exported pass
result defaults applicable pass
result defaults inapplicable notapplicable
result defaults platform_spec pass
result defaults ocil notchecked
result defaults unchecked notchecked
result defaults unselected pass
same "defaults: severity as written" "$(attr defaults refined severity)" low
check "defaults: the results validate" "$CSCAP" validate "$T/defaults.xml"

scan base --profile xccdf_test_profile_base
result base selector pass
result base exported fail
result base unselected notselected
same "base: refine-rule severity" "$(attr base refined severity)" high
same "base: refine-rule role" "$(attr base refined role)" unscored
same "base: refine-rule weight" "$(attr base refined weight)" 5.0
same "base: the refined Value is reported" \
	"$(xp "$T/base.xml" "string(//*[local-name()='set-value'][@idref='xccdf_test_value_mode'])")" host
# flat score: the nine pass/fail rules counted with their weights (1 each); the
# unscored, notapplicable, notchecked and notselected ones left out.
same "base: flat score maximum leaves the unscored rule out" \
	"$(xp "$T/base.xml" "string(//*[local-name()='score'][@system='urn:xccdf:scoring:flat']/@maximum)")" 9.000000

scan tailored --tailoring-id scap_test_cref_tailoring.xml --profile xccdf_test_profile_tailored
same "tailored: exit status 2" "$SCAN_RC" 2
result tailored unselected pass
result tailored fail notselected
result tailored selector pass
same "tailored: the profile is the tailoring's" \
	"$(xp "$T/tailored.xml" "string(//*[local-name()='TestResult']/*[local-name()='profile']/@idref)")" \
	xccdf_test_profile_tailored

xmllint --xpath "//*[local-name()='Tailoring']" "$DS" >"$T/tailoring.body" 2>/dev/null
{ echo '<?xml version="1.0" encoding="UTF-8"?>'; cat "$T/tailoring.body"; } >"$T/tailoring.xml"
scan tailfile --tailoring-file "$T/tailoring.xml" --profile xccdf_test_profile_tailored
result tailfile unselected pass
result tailfile fail notselected

scan only --rule xccdf_test_rule_fail --rule xccdf_test_rule_pass
result only fail fail
result only pass pass
result only and notselected
scan skipped --skip-rule xccdf_test_rule_fail --skip-rule xccdf_test_rule_and --skip-rule xccdf_test_rule_selector
result skipped fail notselected
result skipped and notselected
same "skipped: the remaining rules all pass or are not applicable: exit 0" "$SCAN_RC" 0

# A profile that extends itself makes the whole content inconsistent: refused at
# load time (a copy of the data stream with such a profile added).
sed 's|<Profile id="xccdf_test_profile_base">|<Profile id="xccdf_test_profile_loop" extends="xccdf_test_profile_loop"><title>extends itself</title></Profile>&|' \
	"$DS" >"$T/loop-ds.xml"
"$CSCAP" xccdf eval --engine "unix://$T/engine.sock" --no-kernel-view --results "$T/loop.xml" \
	--profile xccdf_test_profile_loop "$T/loop-ds.xml" >"$T/loop.out" 2>"$T/loop.err"
same "loop: a profile that extends itself fails the scan (exit 1)" "$?" 1
check "loop: one line on stderr" test "$(wc -l <"$T/loop.err")" -eq 1
check "loop: the line names the profile" grep -q xccdf_test_profile_loop "$T/loop.err"
scan noprofile --profile xccdf_test_profile_missing
same "noprofile: an unknown profile fails the scan (exit 1)" "$SCAN_RC" 1
scan norule --rule xccdf_test_rule_missing
same "norule: an unknown --rule fails the scan (exit 1)" "$SCAN_RC" 1
scan selectds --datastream-id scap_test_datastream_semantics --xccdf-id scap_test_cref_xccdf.xml
result selectds pass pass
scan badds --datastream-id no_such_stream
same "badds: an unknown --datastream-id fails the scan (exit 1)" "$SCAN_RC" 1
scan badxccdf --xccdf-id scap_test_cref_tailoring.xml
same "badxccdf: a --xccdf-id that is not a benchmark fails the scan (exit 1)" "$SCAN_RC" 1

# requires/conflicts (XCCDF 1.2, 7.2.3.3): processed once, in document order;
# an unmet one deselects its own item only; a deselected Group's content is
# not processed, so its rules keep their selection for others' requires.
rule() { # ID SELECTED [CHILD ELEMENTS]
	printf '<Rule id="xccdf_test_rule_%s" selected="%s"><title>%s</title>%s</Rule>\n' "$1" "$2" "$1" "${3:-}"
}
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_test_benchmark_requires" resolved="1">'
	echo '<status>accepted</status><title>requires and conflicts</title><version>1</version>'
	rule r1 true '<requires idref="xccdf_test_rule_r2"/>'
	rule r2 true '<requires idref="xccdf_test_rule_r3"/>'
	rule r3 false '<requires idref="xccdf_test_rule_r4"/>'
	rule r4 true
	rule r5 true '<conflicts idref="xccdf_test_rule_r4"/>'
	rule r6 true '<requires idref="xccdf_test_rule_r3 xccdf_test_rule_r4"/>'
	rule r7 true '<requires idref="xccdf_test_rule_r4"/><requires idref="xccdf_test_rule_r3"/>'
	echo '<Group id="xccdf_test_group_off" selected="false"><title>off</title>'
	rule r8 true '<requires idref="xccdf_test_rule_r3"/>'
	echo '</Group>'
	rule r9 true '<requires idref="xccdf_test_rule_r8"/>'
	echo '</Benchmark>'
} >"$T/requires.xml"
"$CSCAP" xccdf eval --results "$T/requires-results.xml" "$T/requires.xml" >"$T/requires.out" 2>"$T/requires.err"
check "requires: the benchmark evaluates (exit 0 or 2)" test $? -ne 1
check "requires: the results validate" "$CSCAP" validate "$T/requires-results.xml"
for want in r1:notchecked r2:notselected r3:notselected r4:notchecked r5:notselected r6:notchecked \
	r7:notselected r8:notselected r9:notchecked; do
	same "requires: ${want%%:*} is ${want#*:}" \
		"$(rule_result "$T/requires-results.xml" "xccdf_test_rule_${want%%:*}")" "${want#*:}"
done

# cluster-id: a profile's select and refine-rule may name a cluster instead of
# an item; refine-value a cluster of Values (those without the selector keep theirs).
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_test_benchmark_cluster" resolved="1">'
	echo '<status>accepted</status><title>clusters</title><version>1</version>'
	echo '<Profile id="xccdf_test_profile_clusters"><title>clusters</title>'
	echo '<select idref="off" selected="false"/><select idref="xccdf_test_rule_c2" selected="true"/>'
	echo '<refine-rule idref="heavy" weight="7"/></Profile>'
	echo '<Rule id="xccdf_test_rule_c1" cluster-id="off" weight="1"><title>c1</title></Rule>'
	echo '<Rule id="xccdf_test_rule_c2" cluster-id="off" weight="1"><title>c2</title></Rule>'
	echo '<Group id="xccdf_test_group_g" cluster-id="off"><title>g</title>'
	echo '<Rule id="xccdf_test_rule_c3"><title>c3</title></Rule></Group>'
	echo '<Rule id="xccdf_test_rule_c4" cluster-id="heavy" weight="1"><title>c4</title></Rule>'
	echo '</Benchmark>'
} >"$T/cluster.xml"
"$CSCAP" xccdf eval --profile xccdf_test_profile_clusters --results "$T/cluster-results.xml" "$T/cluster.xml" \
	>"$T/cluster.out" 2>"$T/cluster.err"
check "cluster: the benchmark evaluates (exit 0 or 2)" test $? -ne 1
for want in c1:notselected c2:notchecked c3:notselected c4:notchecked; do
	same "cluster: ${want%%:*} is ${want#*:}" \
		"$(rule_result "$T/cluster-results.xml" "xccdf_test_rule_${want%%:*}")" "${want#*:}"
done
same "cluster: refine-rule on the cluster 'heavy' gives c4 weight 7" \
	"$(xp "$T/cluster-results.xml" "number(//*[local-name()='rule-result'][@idref='xccdf_test_rule_c4']/@weight)")" 7

finish
