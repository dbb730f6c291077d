#!/usr/bin/env bash
# tests/integration/results_test.sh — results that enterprise tools accept and
# auditors can archive.
#
# Scans a throwaway Docker engine (tests/lib/engine.sh) with every result
# format cscap writes and checks them with other people's tools:
#   - NIST's SCAP 1.3 result Schematron (jing) fires no MUST requirement;
#   - oscap validates the ARF as a result data stream and renders it;
#   - the same inputs with SOURCE_DATE_EPOCH give byte-identical files, and
#     ".gz" outputs are gzip of exactly those bytes;
#   - the HTML report renders in headless Chromium with the evidence table
#     (screenshot kept in the work folder, its path printed);
#   - STIG Viewer results, CKL and CKLB checklists have DISA's structure,
#     also merged into DISA's official benchmark (--stig);
#   - an offline scan (--root) describes the mounted host, with no empty elements;
#   - MITRE SAF converts the XCCDF results to HDF.
#
# Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), SHARED (default ../shared: DISA's
# benchmarks and NIST's Schematron; tests that need it skip without it),
# KEEP=1 keeps the work folder, NO_SAF=1 skips the SAF conversion,
# SAF_DIR (default /var/tmp/cscap-saf-node22) caches Node 22 and @mitre/saf.
# Output: TAP ("ok - …", "not ok - …", "ok - … # SKIP reason"), then the counts.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
SHARED=${SHARED:-$ROOT/../shared}
PROFILE=xccdf_cscap_profile_automated
SCAN_TIMEOUT=${SCAN_TIMEOUT:-300}
EPOCH=1700000000
EPOCH_TIME=2023-11-14T22:13:20Z
SCH=$SHARED/scapval/res13.sch
REQ=$SHARED/scapval/scapval13req.xml
STIG_V2R2=$(ls "$SHARED"/stig/*V2R2*Manual-xccdf.xml 2>/dev/null | head -n 1)
STIG_V2R1=$(ls "$SHARED"/stig/*V2R1*Manual-xccdf.xml 2>/dev/null | head -n 1)
RULE_1240_VER=DKER-EE-001240
RULE_1240_SV=SV-235784r960804_rule

T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	engine_stop
	if [ -n "$T" ] && [ -d "$T" ]; then
		if [ "$FAILED" -gt 0 ] || [ -n "${KEEP:-}" ] || [ -n "${KEEP_SHOTS:-}" ]; then
			echo "# work folder kept: $T" >&2
		else
			# The screenshots stay (their paths were printed); the rest goes.
			find "$T" -mindepth 1 -maxdepth 1 ! -name shots -exec rm -rf {} +
			echo "# screenshots kept in $T/shots" >&2
		fi
	fi
	exit "$rc"
}

# The rules that read this machine's running processes (the engine daemon's
# command line): their items change from one scan to the next, so the scans
# here, which must be byte-identical twice, leave them out.
SKIP_LIVE=()
while read -r rid; do
	[ -n "$rid" ] && SKIP_LIVE+=(--skip-rule "$rid")
done < <([ -s "$DS" ] && rules_over_processes "$DS")

# scan NAME [cscap args...]: xccdf eval of the automated profile with a fixed
# time; files go to $T/NAME/; SCAN_RC holds the exit status.
scan() {
	local name=$1
	shift
	mkdir -p "$T/$name"
	SOURCE_DATE_EPOCH=$EPOCH timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" \
		"${SKIP_LIVE[@]}" "$@" "$DS" >"$T/$name/stdout" 2>"$T/$name/stderr"
	SCAN_RC=$?
	echo "$CSCAP xccdf eval --profile $PROFILE $* $DS: exit status $SCAN_RC" >"$T/$name/command"
}
# a full set of outputs into $T/NAME
scan_all() {
	local name=$1
	shift
	scan "$name" --engine "unix://$ENGINE_SOCK" --no-kernel-view \
		--results-arf "$T/$name/arf.xml" --results "$T/$name/xccdf.xml" \
		--report "$T/$name/report.html" --stig-viewer "$T/$name/stig-viewer.xml" \
		--ckl "$T/$name/checklist.ckl" --cklb "$T/$name/checklist.cklb" "$@"
}
expect_rc() {
	if [ "$SCAN_RC" -eq "$2" ]; then
		ok "$1: cscap exits with status $2"
	else
		not_ok "$1: cscap exits with status $2 (got $SCAN_RC)"
		diag "$T/$1/command" 2
		diag "$T/$1/stderr"
	fi
}

# The MUST-level requirement ids of SCAP 1.3 (scapval13req.xml), one per line.
must_ids() {
	xmllint --xpath "//*[local-name()='derived-requirement'][@type='MUST']/@id" "$REQ" 2>/dev/null |
		tr ' ' '\n' | sed -n 's/^id="\(.*\)"$/\1/p' | sort -u
}
# Assertion ids jing reports for FILE, one per line ("RES-299-1", ...).
schematron_ids() {
	# jing prints "error: assertion failed:" and the assertion's text (its id) on the next line.
	jing "$SCH" "$1" 2>&1 | grep -v '^\[warning\]' | grep -Eo '^ *(RES|A)-[0-9]+-[0-9]+' | tr -d ' ' |
		sort | uniq -c | awk '{print $2 " (" $1 "x)"}'
}
# schematron NAME FILE: no MUST fires; the rest is printed as diagnostics
schematron() {
	local name=$1 file=$2 fired musts bad
	if [ ! -s "$SCH" ] || [ ! -s "$REQ" ]; then
		skip "$name: NIST's Schematron: $SHARED/scapval is missing"
		return 0
	fi
	fired=$(schematron_ids "$file")
	musts=$(must_ids)
	if [ -z "$musts" ]; then
		not_ok "$name: MUST requirements read from $REQ"
		return 0
	fi
	bad=$(printf '%s\n' "$fired" | awk '{print $1}' | grep -Fxf <(printf '%s\n' "$musts"))
	if [ -z "$bad" ]; then
		ok "$name: NIST's SCAP 1.3 result Schematron fires no MUST requirement"
	else
		not_ok "$name: NIST's SCAP 1.3 result Schematron fires no MUST requirement (fired: $(echo $bad))"
	fi
	printf '%s\n' "$fired" | grep . | sed "s/^/#   $name: schematron (SHOULD\/informational): /"
	return 0
}
# schematron_control NAME FILE: the check itself catches a MUST (the identity taken out)
schematron_control() {
	[ -s "$SCH" ] || return 0
	xsltproc -o "$T/$1-no-identity.xml" - "$2" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
  <xsl:template match="*[local-name()='TestResult']/*[local-name()='identity']"/>
</xsl:stylesheet>
EOF
	if schematron_ids "$T/$1-no-identity.xml" | grep -q '^RES-42-1 '; then
		ok "$1: the Schematron check catches a MUST (RES-42-1 without an identity)"
	else
		not_ok "$1: the Schematron check catches a MUST (RES-42-1 without an identity)"
	fi
}

# chromium_shot NAME HTML: render a page headless; PNG in $T/shots/NAME.png
chromium_shot() {
	local name=$1 html=$2 profile rc
	profile=$(mktemp -d "$T/chromium.XXXXXX")
	mkdir -p "$T/shots"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
		--screenshot="$T/shots/$name.png" --window-size=1280,2000 "file://$html" \
		>"$T/shots/$name.log" 2>&1
	rc=$?
	rm -rf "$profile"
	return $rc
}
is_png() { [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -ne 0 ]; then
	skip "results: needs root to run dockerd"
	finish
fi
need_packages libxml2-utils:xmllint xsltproc:xsltproc jing:jing chromium:chromium \
	openscap-scanner:oscap python3:python3 coreutils:timeout
T=$(mktemp -d /tmp/cscap-results.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if ! engine_start "$(mktemp -d /tmp/cscap-eng.XXXXXX)" 2>"$T/engine-start.err"; then
	skip "results: dockerd cannot start: $(head -n 1 "$T/engine-start.err" | sed "s/^engine: //")"
	finish
fi
ok "dockerd answers on $ENGINE_SOCK"
if engine_image 2>"$T/image.err"; then ok "image imported"; else
	not_ok "image imported"
	diag "$T/image.err"
	finish
fi
declare -A ID
for spec in "default run" "hostpid run --pid=host" "hostcreated create --pid=host" \
	"ucp-agent run --pid=host" "stopped run"; do
	read -r label how opts <<<"$spec"
	# shellcheck disable=SC2086
	if ID[$label]=$("engine_${how}_idle" "$label" $opts 2>"$T/create-$label.err"); then
		ok "container $label ($how $opts)"
	else
		not_ok "container $label ($how $opts)"
		diag "$T/create-$label.err"
	fi
done
engine_docker stop -t 2 stopped >/dev/null 2>&1

# --------------------------------------------------------------------------
# 1. Every format from one scan; --progress gives one line per selected rule.
scan_all full --progress
expect_rc full 2
same "full: DKER-EE-001240 fails (hostpid, hostcreated share the host PID namespace)" \
	"$(rule_result "$T/full/arf.xml")" fail
evaluated=$(grep -vc '^notselected' "$T/full/stdout")
progress=$(grep -Ec '^xccdf_[^ ]+: (pass|fail|error|unknown|notapplicable|notchecked|informational|fixed)$' "$T/full/stderr")
same "full: --progress printed one line per evaluated rule" "$progress" "$evaluated"
check "full: cscap validate accepts the ARF, the XCCDF and the STIG Viewer results" \
	"$CSCAP" validate "$T/full/arf.xml" "$T/full/xccdf.xml" "$T/full/stig-viewer.xml"

# --------------------------------------------------------------------------
# 2. SCAP 1.3 conformance of the ARF.
schematron full "$T/full/arf.xml"
schematron_control full "$T/full/arf.xml"
A="$T/full/arf.xml"
ASSET="//*[local-name()='asset'][@id='asset0']/*[local-name()='computing-device']"
same "full: the asset has the host name" "$(xp "$A" "string($ASSET/*[local-name()='hostname'])")" "$(uname -n)"
if [ "$(xp "$A" "count($ASSET//*[local-name()='ip-v4' or local-name()='ip-v6'])")" -ge 1 ] 2>/dev/null; then
	ok "full: the asset lists the host's addresses"
else
	not_ok "full: the asset lists the host's addresses"
fi
same "full: one target-address per asset address" \
	"$(xp "$A" "count(//*[local-name()='TestResult']/*[local-name()='target-address'])")" \
	"$(xp "$A" "count($ASSET//*[local-name()='ip-address'])")"
same "full: the TestResult names the asset (target-id-ref)" \
	"$(xp "$A" "string(//*[local-name()='target-id-ref']/@name)")" asset0
same "full: every OVAL report's system_info references the asset" \
	"$(xp "$A" "count(//*[local-name()='system_info'][*[local-name()='asset-identification']/*[local-name()='object-ref'][@ref-id='asset0']])")" \
	"$(xp "$A" "count(//*[local-name()='report']//*[local-name()='oval_results'])")"
same "full: every check-content-ref of the TestResult points at a report of the ARF" \
	"$(xp "$A" "count(//*[local-name()='rule-result']//*[local-name()='check-content-ref'][not(substring(@href,2) = //*[local-name()='report']/@id)])")" 0
same "full: every rule-result carries role, severity and weight" \
	"$(xp "$A" "count(//*[local-name()='rule-result'][not(@role) or not(@severity) or not(@weight)])")" 0

# A second opinion: OpenSCAP (which does not know the container extension;
# the ARF schema lets report content through laxly).
if oscap ds rds-validate "$A" >"$T/full/rds-validate.out" 2>&1; then
	ok "oscap ds rds-validate accepts the ARF"
else
	not_ok "oscap ds rds-validate accepts the ARF"
	diag "$T/full/rds-validate.out"
fi
if oscap xccdf generate report "$A" >"$T/full/oscap-report.html" 2>"$T/full/oscap-report.err" &&
	grep -q "$RULE" "$T/full/oscap-report.html"; then
	ok "oscap xccdf generate report renders the ARF"
	if chromium_shot oscap-report "$T/full/oscap-report.html" && is_png "$T/shots/oscap-report.png"; then
		ok "Chromium renders oscap's report of the ARF: $T/shots/oscap-report.png"
	else
		not_ok "Chromium renders oscap's report of the ARF"
		diag "$T/shots/oscap-report.log"
	fi
else
	not_ok "oscap xccdf generate report renders the ARF"
	diag "$T/full/oscap-report.err"
fi
# (in a shell of its own, so that a crash is reported in its exit status, not on the TAP stream)
bash -c 'oscap info "$1" >"$2" 2>&1; exit $?' oscap-info "$A" "$T/full/oscap-info.out" 2>/dev/null
rc=$?
if [ $rc -eq 0 ] && grep -q 'Asset: asset0' "$T/full/oscap-info.out"; then
	ok "oscap info reads the ARF"
elif [ $rc -ge 128 ]; then
	# OpenSCAP 1.3.7's info command frees the source of any non-XCCDF report
	# that is "isAbout" an asset, then frees it again with the session. SCAP
	# 1.3 wants every report to be about its asset, so the ARF keeps the
	# relationship; check that oscap reads everything else.
	xsltproc -o "$T/full/arf-xccdf-about.xml" - "$A" <<'EOF'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:core="http://scap.nist.gov/schema/reporting-core/1.1">
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
  <xsl:template match="core:relationship[@type='arfvocab:isAbout'][starts-with(@subject,'oval')]"/>
</xsl:stylesheet>
EOF
	if oscap info "$T/full/arf-xccdf-about.xml" >"$T/full/oscap-info2.out" 2>&1 &&
		grep -q 'Asset: asset0' "$T/full/oscap-info2.out" && grep -q "ARF report: xccdf1" "$T/full/oscap-info2.out"; then
		ok "oscap info reads the ARF's asset and XCCDF report (oscap 1.3.7 crashes on the OVAL reports' isAbout relationships: its own double free)"
	else
		not_ok "oscap info reads the ARF (exit status $rc)"
		diag "$T/full/oscap-info2.out"
	fi
else
	not_ok "oscap info reads the ARF (exit status $rc)"
	diag "$T/full/oscap-info.out"
fi

# --------------------------------------------------------------------------
# 3. Reproducible, and gzip of the same bytes.
scan_all again
expect_rc again 2
for f in arf.xml xccdf.xml report.html stig-viewer.xml checklist.ckl checklist.cklb; do
	check "again: $f is byte-identical with the same inputs and SOURCE_DATE_EPOCH" \
		cmp "$T/full/$f" "$T/again/$f"
done
scan gz --engine "unix://$ENGINE_SOCK" --no-kernel-view --results-arf "$T/gz/arf.xml.gz" \
	--results "$T/gz/xccdf.xml.gz"
expect_rc gz 2
check "gz: arf.xml.gz is gzip" gzip -t "$T/gz/arf.xml.gz"
check "gz: arf.xml.gz holds exactly the ARF" cmp <(zcat "$T/gz/arf.xml.gz") "$T/full/arf.xml"
check "gz: xccdf.xml.gz holds exactly the XCCDF results" cmp <(zcat "$T/gz/xccdf.xml.gz") "$T/full/xccdf.xml"
mkdir -p "$T/gz2"
SOURCE_DATE_EPOCH=$EPOCH "$CSCAP" xccdf eval --profile "$PROFILE" --engine "unix://$ENGINE_SOCK" \
	"${SKIP_LIVE[@]}" --no-kernel-view --results-arf "$T/gz2/arf.xml.gz" "$DS" >/dev/null 2>&1
check "gz: the compressed file itself is reproducible" cmp "$T/gz/arf.xml.gz" "$T/gz2/arf.xml.gz"
ls "$T"/gz/.arf.xml.gz.* >/dev/null 2>&1 && not_ok "gz: no temporary file left" || ok "gz: no temporary file left"

# --------------------------------------------------------------------------
# 4. The HTML report.
R="$T/full/report.html"
for want in "$RULE_1240_VER" "$RULE_1240_SV" V-235784 CCI-001414 SV-104739 "CAT II" hostpid hostcreated \
	"Effective PID mode" "excluded by"; do
	if grep -qF "$want" "$R"; then ok "report: shows $want"; else not_ok "report: shows $want"; fi
done
if grep -Eq '<(script|link)|src="http|href="http' "$R"; then
	not_ok "report: self-contained (no scripts, no external resources)"
else
	ok "report: self-contained (no scripts, no external resources)"
fi
if chromium_shot report "$R" && is_png "$T/shots/report.png"; then
	ok "Chromium renders the report: $T/shots/report.png"
else
	not_ok "Chromium renders the report"
	diag "$T/shots/report.log"
fi
profile=$(mktemp -d "$T/chromium.XXXXXX")
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
	--dump-dom "file://$R" >"$T/full/report.dom" 2>/dev/null
rm -rf "$profile"
rows=$(python3 - "$T/full/report.dom" "$RULE_1240_VER" <<'EOF'
import sys, html.parser
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.rule = False; s.depth = 0; s.rows = 0; s.cells = []; s.in_items = 0; s.names = []
    def handle_starttag(s, tag, a):
        a = dict(a)
        if tag == 'article': s.rule = False
        if tag == 'table' and 'items' in (a.get('class') or '') and s.rule: s.in_items += 1
        if tag == 'tr' and s.in_items: s.cells = []
        s.tag = tag
    def handle_endtag(s, tag):
        if tag == 'table' and s.in_items: s.in_items -= 1
        if tag == 'tr' and s.in_items and s.cells and s.cells[0] != 'Name': s.rows += 1; s.names.append(s.cells[0])
    def handle_data(s, d):
        if sys.argv[2] in d: s.rule = True
        if s.in_items and s.tag in ('td', 'th') and d.strip(): s.cells.append(d.strip())
p = P(); p.feed(open(sys.argv[1]).read()); print(' '.join(sorted(p.names)))
EOF
)
case " $rows " in
*" hostpid "*" ucp-agent "*) ok "Chromium's DOM has the evidence table of $RULE_1240_VER: $rows" ;;
*) not_ok "Chromium's DOM has the evidence table of $RULE_1240_VER (rows: $rows)" ;;
esac
check "generate report: from the .gz ARF, byte-identical to --report" \
	sh -c "'$CSCAP' xccdf generate report -o '$T/gz/report.html' '$T/gz/arf.xml.gz' && cmp '$T/gz/report.html' '$R'"
check "generate report: from the XCCDF results (stdout)" \
	sh -c "'$CSCAP' xccdf generate report '$T/full/xccdf.xml' | grep -q '$RULE_1240_VER'"
"$CSCAP" xccdf generate report "$DS" >/dev/null 2>"$T/gen-bad.err"
rc=$?
if [ $rc -eq 1 ] && grep -q TestResult "$T/gen-bad.err"; then
	ok "generate report: content without a TestResult is refused: $(cat "$T/gen-bad.err")"
else
	not_ok "generate report: content without a TestResult is refused (exit $rc)"
fi

# --------------------------------------------------------------------------
# 5. STIG Viewer results and checklists over cscap's benchmark.
SV="$T/full/stig-viewer.xml"
same "stig-viewer: every rule-result names a DISA rule id" \
	"$(xp "$SV" "count(//*[local-name()='rule-result'][not(starts-with(@idref,'SV-') and contains(@idref,'_rule'))])")" 0
same "stig-viewer: $RULE_1240_SV is fail" "$(rule_result "$SV" "$RULE_1240_SV")" fail
CKL="$T/full/checklist.ckl"
check "ckl: well-formed XML" xmllint --noout "$CKL"
nrules=$(xp "$A" "count(//*[local-name()='Benchmark']//*[local-name()='Rule'])")
same "ckl: one VULN per rule of the benchmark" "$(xp "$CKL" 'count(/CHECKLIST/STIGS/iSTIG/VULN)')" "$nrules"
V1240="/CHECKLIST/STIGS/iSTIG/VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_Ver']/ATTRIBUTE_DATA='$RULE_1240_VER']"
same "ckl: $RULE_1240_VER is Open" "$(xp "$CKL" "string($V1240/STATUS)")" Open
same "ckl: $RULE_1240_VER has DISA's rule id" \
	"$(xp "$CKL" "string($V1240/STIG_DATA[VULN_ATTRIBUTE='Rule_ID']/ATTRIBUTE_DATA)")" "$RULE_1240_SV"
same "ckl: $RULE_1240_VER has its CCI" \
	"$(xp "$CKL" "string($V1240/STIG_DATA[VULN_ATTRIBUTE='CCI_REF']/ATTRIBUTE_DATA)")" CCI-001414
case $(xp "$CKL" "string($V1240/FINDING_DETAILS)") in
*hostpid*hostcreated* | *hostcreated*hostpid*) ok "ckl: the finding details name the offending containers" ;;
*) not_ok "ckl: the finding details name the offending containers" ;;
esac
case $(xp "$CKL" "string($V1240/COMMENTS)") in
*cscap*"$EPOCH_TIME"*xccdf_cscap_testresult*) ok "ckl: the comments name the tool, the time and the result" ;;
*) not_ok "ckl: the comments name the tool, the time and the result: $(xp "$CKL" "string($V1240/COMMENTS)")" ;;
esac
same "ckl: ASSET has the host name" "$(xp "$CKL" 'string(/CHECKLIST/ASSET/HOST_NAME)')" "$(uname -n)"
same "ckl: statuses are STIG Viewer's" \
	"$(xp "$CKL" "count(//VULN[not(STATUS='Open' or STATUS='NotAFinding' or STATUS='Not_Applicable' or STATUS='Not_Reviewed')])")" 0
CKLB="$T/full/checklist.cklb"
check "cklb: JSON with one rule per rule of the benchmark, STIG Viewer 3's statuses" python3 - "$CKLB" "$nrules" "$RULE_1240_VER" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
rules = d["stigs"][0]["rules"]
assert len(rules) == int(sys.argv[2]), len(rules)
assert all(r["status"] in ("open", "not_a_finding", "not_applicable", "not_reviewed") for r in rules)
r = [r for r in rules if r["rule_version"] == sys.argv[3]][0]
assert r["status"] == "open" and "CCI-001414" in r["ccis"] and "hostpid" in r["finding_details"], r
for k in ("host_name", "ip_address", "mac_address", "fqdn", "role", "technology_area"):
    assert k in d["target_data"], k
EOF

# --------------------------------------------------------------------------
# 6. Checklists over DISA's official benchmark.
if [ -z "$STIG_V2R2" ]; then
	skip "stig: DISA's V2R2 benchmark is not in $SHARED/stig"
else
	scan stig --engine "unix://$ENGINE_SOCK" --no-kernel-view --stig "$STIG_V2R2" \
		--ckl "$T/stig/disa.ckl" --cklb "$T/stig/disa.cklb"
	expect_rc stig 2
	D="$T/stig/disa.ckl"
	same "stig: the checklist has DISA's 101 VULNs" "$(xp "$D" 'count(//VULN)')" 101
	same "stig: STIG_INFO is DISA's" "$(xp "$D" "string(//SI_DATA[SID_NAME='stigid']/SID_DATA)")" \
		"$(xp "$STIG_V2R2" "string(/*/@id)")"
	DV="//VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_Ver']/ATTRIBUTE_DATA='$RULE_1240_VER']"
	same "stig: $RULE_1240_VER answered from cscap's evaluation (Open)" "$(xp "$D" "string($DV/STATUS)")" Open
	same "stig: $RULE_1240_VER keeps DISA's title" \
		"$(xp "$D" "string($DV/STIG_DATA[VULN_ATTRIBUTE='Rule_Title']/ATTRIBUTE_DATA)")" \
		"$(xp "$STIG_V2R2" "string(//*[local-name()='Rule'][*[local-name()='version']='$RULE_1240_VER']/*[local-name()='title'])")"
	answered=$(xp "$D" "count(//VULN[STATUS!='Not_Reviewed'])")
	reviewed=$(xp "$D" "count(//VULN[STATUS='Not_Reviewed'])")
	same "stig: the rules cscap did not decide are Not_Reviewed" "$((answered + reviewed))" 101
	grep -q "101 rules, $answered answered" "$T/stig/stderr" && ok "stig: cscap says how many it answered ($answered)" ||
		not_ok "stig: cscap says how many it answered"
	check "stig: the CKLB has DISA's 101 rules" python3 -c \
		"import json,sys; d=json.load(open(sys.argv[1])); assert len(d['stigs'][0]['rules']) == 101" "$T/stig/disa.cklb"
fi
if [ -z "$STIG_V2R1" ]; then
	skip "stig: DISA's V2R1 benchmark is not in $SHARED/stig"
else
	scan stig-r1 --engine "unix://$ENGINE_SOCK" --no-kernel-view --stig "$STIG_V2R1" --ckl "$T/stig-r1/disa.ckl"
	D1="$T/stig-r1/disa.ckl"
	DV1="//VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_Ver']/ATTRIBUTE_DATA='$RULE_1240_VER']"
	same "stig V2R1: $RULE_1240_VER answered across the revision mismatch" "$(xp "$D1" "string($DV1/STATUS)")" Open
	case $(xp "$D1" "string($DV1/COMMENTS)") in
	*"another revision"*) ok "stig V2R1: the comments say the revision differs" ;;
	*) not_ok "stig V2R1: the comments say the revision differs" ;;
	esac
	grep -q "another revision" "$T/stig-r1/stderr" && ok "stig V2R1: cscap says so on stderr" ||
		not_ok "stig V2R1: cscap says so on stderr"
fi

# --------------------------------------------------------------------------
# 7. Offline: the asset is the mounted host.
R0="$T/root"
mkdir -p "$R0/etc/docker" "$R0/var/lib/docker/containers" "$R0/bin"
echo db01 >"$R0/etc/hostname"
printf '127.0.0.1 localhost\n192.0.2.10 db01.example.mil db01\n' >"$R0/etc/hosts"
printf 'NAME="Test Linux"\nVERSION_ID="9"\n' >"$R0/etc/os-release"
cp /bin/sh "$R0/bin/sh"
for d in "$ENGINE_DIR"/data/containers/*; do
	mkdir -p "$R0/var/lib/docker/containers/${d##*/}"
	cp "$d"/*.json "$R0/var/lib/docker/containers/${d##*/}/" 2>/dev/null
done
scan offline --root "$R0" --results-arf "$T/offline/arf.xml" --report "$T/offline/report.html"
expect_rc offline 2
O="$T/offline/arf.xml"
same "offline: the asset's host name comes from the root" "$(xp "$O" "string($ASSET/*[local-name()='hostname'])")" db01
same "offline: the asset's FQDN and address from the root's hosts file" \
	"$(xp "$O" "concat($ASSET/*[local-name()='fqdn'], ' ', $ASSET//*[local-name()='ip-v4'])")" "db01.example.mil 192.0.2.10"
same "offline: the OVAL system_info describes the root's system" \
	"$(xp "$O" "concat((//*[local-name()='system_info'])[1]/*[local-name()='os_name'], ' ', (//*[local-name()='system_info'])[1]/*[local-name()='os_version'])")" \
	"Test Linux 9"
# (OVAL's <interfaces> may be empty, and is here: an OVAL interface needs a MAC, which a disk does not tell.)
same "offline: no empty element in the asset, target and system_info" \
	"$(xp "$O" "count(($ASSET//* | //*[local-name()='system_info']//* | //*[local-name()='TestResult']/*[local-name()='target' or local-name()='target-address' or local-name()='identity'])[not(*) and not(@*) and normalize-space(.)=''][local-name() != 'interfaces'])")" 0
check "offline: cscap validate accepts the ARF" "$CSCAP" validate "$O"
schematron offline "$O"

# --------------------------------------------------------------------------
# 8. MITRE SAF reads the XCCDF results (Node 22 from npm's "node" package).
if [ -n "${NO_SAF:-}" ]; then
	skip "saf: NO_SAF is set"
elif ! command -v npm >/dev/null 2>&1; then
	skip "saf: npm is not installed"
else
	SAF_DIR=${SAF_DIR:-/var/tmp/cscap-saf-node22}
	mkdir -p "$SAF_DIR"
	if [ ! -x "$SAF_DIR/node_modules/.bin/saf" ]; then
		# saf 1.5.3 asks for an @aws-sdk release the registry may not carry; pin one it has.
		cat >"$SAF_DIR/package.json" <<'EOF'
{"name": "cscap-saf-test", "private": true,
 "dependencies": {"node": "22", "@mitre/saf": "1.5.3"},
 "overrides": {"@aws-sdk/client-config-service": "3.1124.0"}}
EOF
		(cd "$SAF_DIR" && timeout 900 npm install --no-audit --no-fund >"$T/npm.log" 2>&1)
	fi
	NODE22="$SAF_DIR/node_modules/node/bin/node"
	SAF_JS="$SAF_DIR/node_modules/@mitre/saf/bin/run.js"
	[ -f "$SAF_JS" ] || SAF_JS=$(ls "$SAF_DIR"/node_modules/@mitre/saf/bin/run* 2>/dev/null | head -n 1)
	if [ ! -x "$NODE22" ] || [ -z "$SAF_JS" ]; then
		skip "saf: Node 22 and @mitre/saf could not be installed from npm ($(grep -m1 'npm error' "$T/npm.log" 2>/dev/null | sed 's/npm error //'))"
	else
		# (saf writes saf-cli.log into its working folder: keep it in the work folder)
		(cd "$T" && timeout 300 "$NODE22" "$SAF_JS" convert xccdf_results2hdf -i "$T/full/xccdf.xml" \
			-o "$T/full/hdf.json" >"$T/saf.log" 2>&1)
		check "saf: xccdf_results2hdf converts the XCCDF results, $RULE_1240_SV failed" \
			python3 - "$T/full/hdf.json" "$RULE_1240_SV" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
controls = [c for p in d["profiles"] for c in p["controls"]]
assert len(controls) >= 1, "no controls"
hits = [c for c in controls if sys.argv[2] in json.dumps(c)]
assert hits, "rule not found"
assert any(r.get("status") == "failed" for c in hits for r in c.get("results", [])), hits[0].get("results")
EOF
		[ -s "$T/full/hdf.json" ] || diag "$T/saf.log"
	fi
fi

finish
