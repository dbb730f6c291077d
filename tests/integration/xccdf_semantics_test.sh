#!/usr/bin/env bash
# tests/integration/xccdf_semantics_test.sh — XCCDF 1.2 semantics end to end,
# against a fake engine (tests/tools/fake_engine.c, mode "ok": one private
# container, one with PidMode host) so every verdict is known in advance:
# check negation, complex-check AND/OR/negate, check selectors via
# refine-rule, refine-value with check-export, severity/role/weight
# refinement, CPE applicability (dictionary checks and the applicability
# language), OCIL and missing checks, profile extends and selection,
# tailoring from the data stream and from a file, --rule/--skip-rule,
# data stream and checklist selection, scoring, requires/conflicts,
# cluster-id and multi-check.  TAP output.
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
	remove_work_dir "$T"
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

# multi-check (XCCDF 1.2, 6.4.4.4): with a nameless check-content-ref, one
# rule-result per definition of the OVAL document, in document order, each
# naming its definition; without multi-check, one result, their AND; with a
# name, one result as usual.  The OVAL: def 1 is true (family unix), def 2
# false (family windows); compliance class, so true is pass.
{
	cat <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
  xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
  xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">
 <generator><oval:schema_version>5.11.2</oval:schema_version><oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>
 <definitions>
EOF
	for d in 1:unix 2:windows; do
		printf '  <definition id="oval:test.mc:def:%s" version="1" class="compliance">' "${d%%:*}"
		printf '<metadata><title>family %s</title><description>family</description></metadata>' "${d#*:}"
		printf '<criteria><criterion test_ref="oval:test.mc:tst:%s"/></criteria></definition>\n' "${d%%:*}"
	done
	echo ' </definitions>'
	echo ' <tests>'
	for d in 1:unix 2:windows; do
		printf '  <ind:family_test id="oval:test.mc:tst:%s" version="1" check="all" comment="%s">' "${d%%:*}" "${d#*:}"
		printf '<ind:object object_ref="oval:test.mc:obj:1"/><ind:state state_ref="oval:test.mc:ste:%s"/></ind:family_test>\n' "${d%%:*}"
	done
	echo ' </tests>'
	echo ' <objects><ind:family_object id="oval:test.mc:obj:1" version="1"/></objects>'
	echo ' <states>'
	for d in 1:unix 2:windows; do
		printf '  <ind:family_state id="oval:test.mc:ste:%s" version="1"><ind:family>%s</ind:family></ind:family_state>\n' "${d%%:*}" "${d#*:}"
	done
	echo ' </states>'
	echo '</oval_definitions>'
} >"$T/multi-oval.xml"
mcrule() { # ID MULTI-CHECK [NAME] [NEGATE]
	printf '<Rule id="xccdf_test_rule_%s" selected="true"><title>%s</title>' "$1" "$1"
	printf '<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5" multi-check="%s"%s>' "$2" "${4:+ negate=\"true\"}"
	printf '<check-content-ref href="multi-oval.xml"%s/></check></Rule>\n' "${3:+ name=\"$3\"}"
}
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_test_benchmark_multi" resolved="1">'
	echo '<status>accepted</status><title>multi-check</title><version>1</version>'
	mcrule multi true
	mcrule single false
	mcrule named true oval:test.mc:def:1
	mcrule negated true '' negate
	echo '</Benchmark>'
} >"$T/multi.xml"
"$CSCAP" xccdf eval --results "$T/multi-results.xml" --results-arf "$T/multi-arf.xml" \
	--stig-viewer "$T/multi-sv.xml" --ckl "$T/multi.ckl" --report "$T/multi.html" "$T/multi.xml" \
	>"$T/multi.out" 2>"$T/multi.err"
same "multi: a rule fails (exit 2)" $? 2
check "multi: the results validate" "$CSCAP" validate "$T/multi-results.xml"
check "multi: the ARF validates" "$CSCAP" validate "$T/multi-arf.xml"
RR="//*[local-name()='TestResult']/*[local-name()='rule-result']"
for f in results arf; do
	same "multi ($f): two rule-results for the multi-check rule" \
		"$(xp "$T/multi-$f.xml" "count($RR[@idref='xccdf_test_rule_multi'])")" 2
	for want in 1:pass 2:fail; do
		P="$RR[@idref='xccdf_test_rule_multi'][${want%%:*}]"
		same "multi ($f): rule-result ${want%%:*} names definition ${want%%:*}" \
			"$(xp "$T/multi-$f.xml" "string($P/*[local-name()='check']/*[local-name()='check-content-ref']/@name)")" \
			"oval:test.mc:def:${want%%:*}"
		same "multi ($f): definition ${want%%:*} is ${want#*:}" \
			"$(xp "$T/multi-$f.xml" "string($P/*[local-name()='result'])")" "${want#*:}"
		same "multi ($f): its check says multi-check" \
			"$(xp "$T/multi-$f.xml" "string($P/*[local-name()='check']/@multi-check)")" true
	done
	same "multi ($f): negated, each definition is negated (fail, pass)" \
		"$(xp "$T/multi-$f.xml" "concat($RR[@idref='xccdf_test_rule_negated'][1]/*[local-name()='result'], ',', $RR[@idref='xccdf_test_rule_negated'][2]/*[local-name()='result'])")" \
		fail,pass
	for want in single:fail named:pass; do
		same "multi ($f): ${want%%:*} is one rule-result, ${want#*:}" \
			"$(xp "$T/multi-$f.xml" "concat(count($RR[@idref='xccdf_test_rule_${want%%:*}']), ',', $RR[@idref='xccdf_test_rule_${want%%:*}']/*[local-name()='result'])")" \
			"1,${want#*:}"
	done
done
same "multi (ARF): each definition's rule-result points at the OVAL report" \
	"$(xp "$T/multi-arf.xml" "count($RR[@idref='xccdf_test_rule_multi']/*[local-name()='check']/*[local-name()='check-content-ref'][@href='#oval0'])")" 2
same "multi: scores count each rule once, by its combined result (1 of 4 pass)" \
	"$(xp "$T/multi-results.xml" "concat(number(//*[local-name()='score'][@system='urn:xccdf:scoring:flat-unweighted']), '/', number(//*[local-name()='score'][@system='urn:xccdf:scoring:flat-unweighted']/@maximum))")" \
	1/4
same "multi (STIG Viewer): one combined rule-result, fail" \
	"$(xp "$T/multi-sv.xml" "concat(count($RR[@idref='xccdf_test_rule_multi']), ',', $RR[@idref='xccdf_test_rule_multi']/*[local-name()='result'])")" \
	1,fail
check "multi (CKL): the combined verdict's details name each definition's result" \
	grep -q 'oval:test.mc:def:2: fail' "$T/multi.ckl"
# The report lists each definition's rule-result, and counts rules by their combined result.
count_cell() { grep -o "<tr class=\"$1\"><th>[^/]*/span></th><td>[0-9]*" "$T/multi.html" | sed 's/.*<td>//'; }
same "multi (HTML): 1 rule passes, 3 fail, 4 in all" \
	"$(count_cell pass),$(count_cell fail),$(grep -o '<tr class="total"><th>Total</th><td>[0-9]*' "$T/multi.html" | sed 's/.*<td>//')" 1,3,4
check "multi (HTML): the failing definition has an article of its own, linked from the findings" \
	grep -q 'href="#xccdf_test_rule_multi.oval:test.mc:def:2"' "$T/multi.html"
"$CSCAP" summary --format csv "$T/multi-arf.xml" >"$T/multi-summary.csv" 2>"$T/multi-summary.err"
check "multi: summary reads the ARF" test $? -ne 1
# Columns: pass and fail counts (5, 6), then the rules from column 14 (multi, single, named, negated).
same "multi: summary counts each rule once, the multi-check rule by its combined fail" \
	"$(sed -n 2p "$T/multi-summary.csv" | cut -d, -f5,6,14-17)" 1,3,fail,fail,pass,fail
if command -v oscap >/dev/null 2>&1; then
	# A diagnostic, not a test: what OpenSCAP makes of the same benchmark.
	(cd "$T" && oscap xccdf eval --results oscap-multi.xml multi.xml >/dev/null 2>&1)
	echo "# oscap: $(xp "$T/oscap-multi.xml" "concat(count($RR[@idref='xccdf_test_rule_multi']), ' rule-results for the multi-check rule: ', $RR[@idref='xccdf_test_rule_multi'][1]/*[local-name()='result'], ' ', ($RR[@idref='xccdf_test_rule_multi'][1]//@name)[1], ', ', $RR[@idref='xccdf_test_rule_multi'][2]/*[local-name()='result'], ' ', ($RR[@idref='xccdf_test_rule_multi'][2]//@name)[1])" 2>/dev/null)"
fi

finish
