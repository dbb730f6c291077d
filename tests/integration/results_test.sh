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
#   - the HTML report renders in headless Chromium with no console or page
#     error, with the score, the counts and the evidence table (screenshots
#     kept in $CSCAP_BUILD/test-artifacts/results/);
#   - a tailoring (file or data stream component) is carried in the ARF's
#     report request, and the TestResult's profile and tailoring-file resolve;
#   - cscap validate checks the parts embedded in the ARF (TestResult, OVAL);
#   - an output over an input (the content, DISA's benchmark) is refused;
#   - STIG Viewer results, CKL and CKLB checklists have DISA's structure,
#     also merged into DISA's official benchmark (--stig);
#   - an offline scan (--root) describes the mounted host, with no empty elements;
#   - MITRE SAF converts the XCCDF results to HDF.
#
# Environment: CSCAP (default build/cscap), CSCAP_BUILD (default build: the
# screenshots go to its test-artifacts/results), DS (default
# content/cscap-docker-ee-2x-ds.xml), SHARED (default ../shared: DISA's
# benchmarks and NIST's Schematron; tests that need it skip without it),
# KEEP=1 keeps the work folder, NO_SAF=1 skips the SAF conversion,
# SAF_DIR (default /var/tmp/cscap-saf-node22) caches Node 22 and @mitre/saf
# (npm itself is installed from Debian when missing).
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
# A rule of DISA's STIG that cscap does not automate (an organizational
# question: OCIL only), so a checklist leaves it to the assessor.
MANUAL_V=V-235775
ARTIFACTS=${CSCAP_BUILD:-build}/test-artifacts/results
SEMANTICS_DS=$ROOT/tests/integration/data/semantics-ds.xml

T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	engine_stop
	# The work folder goes (the screenshots are in $ARTIFACTS), unless a test
	# failed or KEEP is set.
	remove_work_dir "$T"
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

# chromium_shot NAME HTML: render a page headless; PNG and Chromium's log
# (with the page's console) in $ARTIFACTS/NAME.{png,log}
chromium_shot() {
	local name=$1 html=$2 profile rc
	profile=$(mktemp -d "$T/chromium.XXXXXX")
	mkdir -p "$ARTIFACTS"
	rm -f "$ARTIFACTS/$name.png"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
		--enable-logging=stderr --v=0 \
		--screenshot="$ARTIFACTS/$name.png" --window-size=1280,2000 "file://$html" \
		>"$ARTIFACTS/$name.log" 2>&1
	rc=$?
	rm -rf "$profile"
	return $rc
}
# page_errors LOG: the page's console messages and uncaught errors Chromium logged
# (its own complaints, D-Bus and GPU, are not the page's)
page_errors() {
	grep -E ':CONSOLE[:(]|Uncaught|Failed to load resource|net::ERR_' "$1"
}
is_png() { [ "$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; }

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "results: needs root to run dockerd"
need_packages libxml2-utils:xmllint xsltproc:xsltproc jing:jing chromium:chromium \
	openscap-scanner:oscap python3:python3 coreutils:timeout
[ -n "${NO_SAF:-}" ] || need_packages npm:npm
T=$(mktemp -d /tmp/cscap-results.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if ! engine_start "$(mktemp -d /tmp/cscap-eng.XXXXXX)" 2>"$T/engine-start.err"; then
	no_engine "results: dockerd cannot start: $(head -n 1 "$T/engine-start.err" | sed "s/^engine: //")"
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
REL="/*/*[local-name()='relationships']/*[local-name()='relationship']"
REPORT_IDS="/*/*[local-name()='reports']/*[local-name()='report']/@id"
same "full: every arf:report is isAbout the asset" \
	"$(xp "$A" "count(${REPORT_IDS}[. = ${REL}[@type='arfvocab:isAbout'][*[local-name()='ref']='asset0']/@subject])")" \
	"$(xp "$A" "count($REPORT_IDS)")"
same "full: every arf:report is createdFor a report-request of the ARF" \
	"$(xp "$A" "count(${REPORT_IDS}[. = ${REL}[@type='arfvocab:createdFor'][*[local-name()='ref'] = //*[local-name()='report-request']/@id]/@subject])")" \
	"$(xp "$A" "count($REPORT_IDS)")"
same "full: every check-content-ref href is '#' and an arf:report id" \
	"$(xp "$A" "count(//*[local-name()='rule-result']//*[local-name()='check-content-ref'][not(starts-with(@href,'#')) or not(substring(@href,2) = $REPORT_IDS)])")" 0
same "full: every rule-result carries its rule's idents (CCI, legacy ids)" \
	"$(xp "$A" "count(//*[local-name()='rule-result'][not(*[local-name()='ident'])])")" 0
tsys=$(xp "$A" "string(//*[local-name()='TestResult']/@test-system)")
case $tsys in
cpe:/a:?*:?*:?*) ok "full: the test-system is a CPE name: $tsys" ;;
*) not_ok "full: the test-system is a CPE name: $tsys" ;;
esac
same "full: target-facts name the scanner, the host name and every address" \
	"$(xp "$A" "count(//*[local-name()='target-facts']/*[local-name()='fact'][@name='urn:xccdf:fact:scanner:name' or @name='urn:xccdf:fact:asset:identifier:host_name' or starts-with(@name,'urn:xccdf:fact:asset:identifier:ipv')])")" \
	"$(($(xp "$A" "count(//*[local-name()='TestResult']/*[local-name()='target-address'])") + 2))"
check "full: every OVAL report has a result for every definition of its OVAL document" python3 - "$A" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
r = ET.parse(sys.argv[1]).getroot()
D = "{http://oval.mitre.org/XMLSchema/oval-definitions-5}"
R = "{http://oval.mitre.org/XMLSchema/oval-results-5}"
req = r.find("{http://scap.nist.gov/schema/asset-reporting-format/1.1}report-requests")
docs = [{d.get("id") for d in doc.iter(D + "definition")} for doc in req.iter(D + "oval_definitions")]
reports = list(r.iter(R + "oval_results"))
assert reports, "no OVAL results"
for res in reports:
    got = {d.get("definition_id") for d in res.iter(R + "definition")}
    src = [want for want in docs if want & got]
    assert src, "no OVAL document of the request for %d results" % len(got)
    assert src[0] == got, "missing %s" % sorted(src[0] - got)[:5]
PYEOF

# The schema set checks the parts embedded in the ARF: an invalid TestResult
# (a result XCCDF does not have) or OVAL results (a definition result OVAL
# does not have) make the ARF invalid, though the ARF schema alone lets the
# content of its reports through.
sed '0,/<result>fail<\/result>/s//<result>failed-badly<\/result>/' "$A" >"$T/full/arf-bad-testresult.xml"
sed '0,/\(<definition definition_id="[^"]*"[^>]*\) result="[a-z ]*"/s//\1 result="maybe"/' \
	"$A" >"$T/full/arf-bad-oval.xml"
for part in testresult oval; do
	bad="$T/full/arf-bad-$part.xml"
	if cmp -s "$bad" "$A"; then
		not_ok "validate: the $part of the ARF was edited for the test"
		continue
	fi
	"$CSCAP" validate "$bad" >"$T/full/validate-$part.out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] && grep -Eq 'failed-badly|maybe' "$T/full/validate-$part.out"; then
		ok "validate: an ARF with an invalid embedded $part is refused (exit $rc): $(grep -Em1 'failed-badly|maybe' "$T/full/validate-$part.out" | cut -c1-150)"
	else
		not_ok "validate: an ARF with an invalid embedded $part is refused (exit $rc)"
		diag "$T/full/validate-$part.out"
	fi
done

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
	if chromium_shot oscap-report "$T/full/oscap-report.html" && is_png "$ARTIFACTS/oscap-report.png"; then
		ok "Chromium renders oscap's report of the ARF: $ARTIFACTS/oscap-report.png"
	else
		not_ok "Chromium renders oscap's report of the ARF"
		diag "$ARTIFACTS/oscap-report.log"
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
# 2b. The tailoring is in the ARF (SCAP 1.3 RES-300-2): a tailoring file is
# added to the copied data stream as a component of its own, with a
# component-ref in the evaluated data stream's checklists; the TestResult's
# profile is found there and its tailoring-file names it (RES-388-1).
mkdir -p "$T/tailored"
cat >"$T/tailored/tailoring.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<Tailoring xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_cscap.test_tailoring_results">
  <version time="2023-11-14T00:00:00">3</version>
  <Profile id="xccdf_cscap.test_profile_tailored" extends="xccdf_cscap_profile_automated">
    <title>results test: the automated profile, tailored</title>
  </Profile>
</Tailoring>
EOF
SOURCE_DATE_EPOCH=$EPOCH timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --tailoring-file "$T/tailored/tailoring.xml" \
	--profile xccdf_cscap.test_profile_tailored "${SKIP_LIVE[@]}" --engine "unix://$ENGINE_SOCK" --no-kernel-view \
	--results-arf "$T/tailored/arf.xml" --results "$T/tailored/xccdf.xml" "$DS" \
	>"$T/tailored/stdout" 2>"$T/tailored/stderr"
SCAN_RC=$?
expect_rc tailored 2
TA="$T/tailored/arf.xml"
check "tailored: cscap validate accepts the ARF and the XCCDF results" "$CSCAP" validate "$TA" "$T/tailored/xccdf.xml"
schematron tailored "$TA"
REQ_XP="//*[local-name()='report-request']"
TF="//*[local-name()='TestResult']/*[local-name()='tailoring-file']"
same "tailored: the TestResult's profile is a Profile of the ARF's report request" \
	"$(xp "$TA" "count($REQ_XP//*[local-name()='Profile'][@id=//*[local-name()='TestResult']/*[local-name()='profile']/@idref])")" 1
same "tailored: the tailoring is a ds:component of the request's data stream" \
	"$(xp "$TA" "count($REQ_XP//*[local-name()='component']/*[local-name()='Tailoring'][@id='xccdf_cscap.test_tailoring_results'])")" 1
same "tailored: the evaluated data stream's checklists refer to it" \
	"$(xp "$TA" "count($REQ_XP//*[local-name()='checklists']/*[local-name()='component-ref'][@*[local-name()='href'] = concat('#', //*[local-name()='component'][*[local-name()='Tailoring']]/@id)])")" 1
same "tailored: the TestResult's tailoring-file names that component, the id, version and time" \
	"$(xp "$TA" "concat(substring($TF/@href,2) = //*[local-name()='component'][*[local-name()='Tailoring']]/@id, ' ', $TF/@id, ' ', $TF/@version, ' ', $TF/@time)")" \
	"true xccdf_cscap.test_tailoring_results 3 2023-11-14T00:00:00"
same "tailored: the source content is otherwise copied as it is (one component more)" \
	"$(xp "$TA" "count($REQ_XP//*[local-name()='component'])")" \
	"$(($(xp "$DS" "count(/*/*[local-name()='component'])") + 1))"
same "tailored: the XCCDF results name the tailoring file" \
	"$(xp "$T/tailored/xccdf.xml" "concat($TF/@href, ' ', $TF/@id)")" \
	"$T/tailored/tailoring.xml xccdf_cscap.test_tailoring_results"
if oscap ds rds-validate "$TA" >"$T/tailored/rds-validate.out" 2>&1; then
	ok "tailored: oscap ds rds-validate accepts the ARF"
else
	not_ok "tailored: oscap ds rds-validate accepts the ARF"
	diag "$T/tailored/rds-validate.out"
fi
# A tailoring component of the data stream (--tailoring-id) is in the copied
# data stream already: the tailoring-file points at it.
mkdir -p "$T/tailored-ds"
SOURCE_DATE_EPOCH=$EPOCH timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --tailoring-id scap_test_cref_tailoring.xml \
	--profile xccdf_test_profile_tailored --engine "unix://$ENGINE_SOCK" --no-kernel-view \
	--results-arf "$T/tailored-ds/arf.xml" "$SEMANTICS_DS" >"$T/tailored-ds/stdout" 2>"$T/tailored-ds/stderr"
TD="$T/tailored-ds/arf.xml"
if [ -s "$TD" ]; then
	check "tailored-ds: cscap validate accepts the ARF" "$CSCAP" validate "$TD"
	same "tailored-ds: tailoring-file names the data stream's tailoring component, which holds the profile" \
		"$(xp "$TD" "count($REQ_XP//*[local-name()='component'][concat('#',@id) = $TF/@href]/*[local-name()='Tailoring'][@id = $TF/@id]/*[local-name()='Profile'][@id = //*[local-name()='TestResult']/*[local-name()='profile']/@idref])")" 1
	same "tailored-ds: the data stream is copied as it is (no component added)" \
		"$(xp "$TD" "count($REQ_XP//*[local-name()='component'])")" "$(xp "$SEMANTICS_DS" "count(/*/*[local-name()='component'])")"
else
	not_ok "tailored-ds: the ARF is written"
	diag "$T/tailored-ds/stderr"
fi

# --------------------------------------------------------------------------
# 3. Reproducible, and gzip of the same bytes.
scan_all again
expect_rc again 2
for f in arf.xml xccdf.xml report.html stig-viewer.xml checklist.ckl checklist.cklb; do
	check "again: $f is byte-identical with the same inputs and SOURCE_DATE_EPOCH" \
		cmp "$T/full/$f" "$T/again/$f"
done
# oval eval --results, and checklists over DISA's benchmark, are reproducible too.
for run in oval1 oval2; do
	mkdir -p "$T/$run"
	SOURCE_DATE_EPOCH=$EPOCH timeout "$SCAN_TIMEOUT" "$CSCAP" oval eval --engine "unix://$ENGINE_SOCK" \
		--no-kernel-view --results "$T/$run/oval.xml" "$DS" \
		>"$T/$run/stdout" 2>"$T/$run/stderr"
done
if [ -s "$T/oval1/oval.xml" ]; then
	check "again: oval eval --results is byte-identical with the same inputs and SOURCE_DATE_EPOCH" \
		cmp "$T/oval1/oval.xml" "$T/oval2/oval.xml"
else
	not_ok "again: oval eval --results wrote OVAL results"
	diag "$T/oval1/stderr"
fi
if [ -n "$STIG_V2R2" ]; then
	for run in stig1 stig2; do
		scan "$run" --engine "unix://$ENGINE_SOCK" --no-kernel-view --stig "$STIG_V2R2" \
			--ckl "$T/$run/disa.ckl" --cklb "$T/$run/disa.cklb"
	done
	for f in disa.ckl disa.cklb; do
		check "again: --stig $f is byte-identical with the same inputs and SOURCE_DATE_EPOCH" \
			cmp "$T/stig1/$f" "$T/stig2/$f"
	done
fi

# An output over an input is refused before the scan: exit 1, nothing
# written. DISA's benchmark is an input through --stig, which comes with a
# checklist: --ckl, or --cklb when --ckl is the option under test.
mkdir -p "$T/refuse"
cp "$DS" "$T/refuse/content.xml"
inputs=(content)
[ -n "$STIG_V2R2" ] && cp "$STIG_V2R2" "$T/refuse/disa.xml" && inputs+=(disa)
for opt in --report --ckl --cklb --stig-viewer; do
	for input in "${inputs[@]}"; do
		cp "$T/refuse/$input.xml" "$T/refuse/$input.before"
		rm -f "$T/refuse/arf.xml" "$T/refuse/other.ckl"
		other=(--ckl "$T/refuse/other.ckl")
		[ "$opt" = --ckl ] && other=(--cklb "$T/refuse/other.ckl")
		[ "$input" = disa ] && other+=(--stig "$T/refuse/disa.xml")
		SOURCE_DATE_EPOCH=$EPOCH timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" \
			--engine "unix://$ENGINE_SOCK" --no-kernel-view "${other[@]}" \
			--results-arf "$T/refuse/arf.xml" "$opt" "$T/refuse/$input.xml" "$T/refuse/content.xml" \
			>/dev/null 2>"$T/refuse/err"
		rc=$?
		if [ $rc -eq 1 ] && grep -q "$T/refuse/$input.xml: refusing to overwrite" "$T/refuse/err" &&
			cmp -s "$T/refuse/$input.xml" "$T/refuse/$input.before" &&
			[ ! -e "$T/refuse/arf.xml" ] && [ ! -e "$T/refuse/other.ckl" ]; then
			ok "refuse: $opt over the $input is refused, nothing written: $(head -n 1 "$T/refuse/err" | sed 's|.*/refuse/||')"
		else
			not_ok "refuse: $opt over the $input is refused, nothing written (exit $rc)"
			diag "$T/refuse/err"
		fi
	done
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
if chromium_shot report "$R" && is_png "$ARTIFACTS/report.png"; then
	ok "Chromium renders the report: $ARTIFACTS/report.png"
else
	not_ok "Chromium renders the report"
	diag "$ARTIFACTS/report.log"
fi
if page_errors "$ARTIFACTS/report.log" >"$T/full/page-errors"; then
	not_ok "Chromium: the report logs no console message or page error"
	diag "$T/full/page-errors"
else
	ok "Chromium: the report logs no console message or page error"
fi
# The check itself: a page with a console error and an uncaught exception is caught.
printf '<html><body><script>console.error("cscap-test"); cscap_no_such_function();</script></body></html>\n' \
	>"$T/js-error.html"
chromium_shot js-error-control "$T/js-error.html"
if [ "$(page_errors "$ARTIFACTS/js-error-control.log" | grep -c -e cscap-test -e 'Uncaught')" -ge 2 ]; then
	ok "Chromium: the console check catches a console error and an uncaught exception"
else
	not_ok "Chromium: the console check catches a console error and an uncaught exception"
	diag "$ARTIFACTS/js-error-control.log"
fi
rm -f "$ARTIFACTS"/js-error-control.*
profile=$(mktemp -d "$T/chromium.XXXXXX")
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
	--dump-dom "file://$R" >"$T/full/report.dom" 2>/dev/null
rm -rf "$profile"
# The page as Chromium built it against the ARF: counts per result and
# severity, the score, and the evidence table of DKER-EE-001240.
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	esac
done < <(python3 "$ROOT/tests/integration/report_check.py" "$T/full/report.dom" "$A" \
	"$RULE_1240_VER" hostpid "${ID[hostpid]}" 2>&1 || echo "not ok - report: report_check.py ran")
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
# Every field STIG Viewer shows, for DKER-EE-001240 and for the asset.
stig_data() { xp "$CKL" "string($V1240/STIG_DATA[VULN_ATTRIBUTE='$1']/ATTRIBUTE_DATA)"; }
same "ckl: $RULE_1240_VER Vuln_Num" "$(stig_data Vuln_Num)" V-235784
same "ckl: $RULE_1240_VER Severity" "$(stig_data Severity)" medium
same "ckl: $RULE_1240_VER Group_Title is the rule's SRG id" "$(stig_data Group_Title | cut -c1-4)" SRG-
for attr in Rule_Title Vuln_Discuss Fix_Text STIGRef; do
	if [ -n "$(stig_data "$attr")" ]; then ok "ckl: $RULE_1240_VER $attr is filled in"; else not_ok "ckl: $RULE_1240_VER $attr is filled in"; fi
done
same "ckl: $RULE_1240_VER LEGACY_IDs (V- and SV- of the previous STIG)" \
	"$(xp "$CKL" "count($V1240/STIG_DATA[VULN_ATTRIBUTE='LEGACY_ID'][starts-with(ATTRIBUTE_DATA,'V-') or starts-with(ATTRIBUTE_DATA,'SV-')])")" 2
same "ckl: ASSET has a ROLE and TECH_AREA" \
	"$(xp "$CKL" "concat(boolean(normalize-space(/CHECKLIST/ASSET/ROLE)), ' ', boolean(normalize-space(/CHECKLIST/ASSET/TECH_AREA)))")" "true true"
# HOST_IP / HOST_MAC / HOST_FQDN: filled in when the machine has them (as the ARF's asset says)
for pair in "HOST_IP:ip-v4|ip-v6" "HOST_MAC:mac-address" "HOST_FQDN:fqdn"; do
	field=${pair%%:*} names=${pair#*:}
	cond=$(printf "local-name()='%s' or " ${names//|/ })
	has=$(xp "$A" "count($ASSET//*[${cond% or }])")
	val=$(xp "$CKL" "string(/CHECKLIST/ASSET/$field)")
	if [ "${has:-0}" -gt 0 ] && [ -z "$val" ]; then
		not_ok "ckl: ASSET $field is filled in (the host has one)"
	elif [ "${has:-0}" -eq 0 ] && [ -n "$val" ]; then
		not_ok "ckl: ASSET $field is empty (the host has none): $val"
	else
		ok "ckl: ASSET $field ${val:-(empty: the host has none)}"
	fi
done
for sid in version stigid title releaseinfo uuid; do
	if [ -n "$(xp "$CKL" "string(//STIG_INFO/SI_DATA[SID_NAME='$sid']/SID_DATA)")" ]; then
		ok "ckl: STIG_INFO $sid"
	else
		not_ok "ckl: STIG_INFO $sid"
	fi
done
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
check "cklb: target_data, the STIG's information and every rule's fields and comments are filled in" \
	python3 - "$CKLB" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
t = d["target_data"]
for k in ("host_name", "role", "technology_area"):
    assert t.get(k), ("target_data", k)
info = d["stigs"][0]
for k in ("stig_id", "release_info", "version", "uuid", "stig_name"):
    assert info.get(k), ("stig", k)
for r in info["rules"]:
    for k in ("group_id", "rule_id", "rule_version", "severity", "rule_title", "status", "comments", "fix_text"):
        assert r.get(k), (r.get("rule_version"), k)
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
	MV="//VULN[STIG_DATA[VULN_ATTRIBUTE='Vuln_Num']/ATTRIBUTE_DATA='$MANUAL_V']"
	same "stig: $MANUAL_V (a manual rule cscap does not automate) is Not_Reviewed" "$(xp "$D" "string($MV/STATUS)")" Not_Reviewed
	case $(xp "$D" "string($MV/COMMENTS)") in
	"Not evaluated by cscap"*) ok "stig: $MANUAL_V's comments say why: $(xp "$D" "string($MV/COMMENTS)" | cut -c1-120)" ;;
	*) not_ok "stig: $MANUAL_V's comments say why: $(xp "$D" "string($MV/COMMENTS)")" ;;
	esac
	case $(xp "$D" "string($DV/COMMENTS)") in
	"Evaluated automatically by cscap"*) ok "stig: $RULE_1240_VER's comments say cscap evaluated it" ;;
	*) not_ok "stig: $RULE_1240_VER's comments say cscap evaluated it: $(xp "$D" "string($DV/COMMENTS)")" ;;
	esac
	grep -q "101 rules, $answered answered" "$T/stig/stderr" && ok "stig: cscap says how many it answered ($answered)" ||
		not_ok "stig: cscap says how many it answered"
	check "stig: the CKLB has DISA's 101 rules" python3 -c \
		"import json,sys; d=json.load(open(sys.argv[1])); assert len(d['stigs'][0]['rules']) == 101" "$T/stig/disa.cklb"
fi
if [ -z "$STIG_V2R1" ]; then
	skip "stig: DISA's V2R1 benchmark is not in $SHARED/stig"
else
	scan stig-r1 --engine "unix://$ENGINE_SOCK" --no-kernel-view --stig "$STIG_V2R1" --ckl "$T/stig-r1/disa.ckl" \
		--cklb "$T/stig-r1/disa.cklb"
	expect_rc stig-r1 2
	D1="$T/stig-r1/disa.ckl"
	DV1="//VULN[STIG_DATA[VULN_ATTRIBUTE='Rule_Ver']/ATTRIBUTE_DATA='$RULE_1240_VER']"
	same "stig V2R1: $RULE_1240_VER answered across the revision mismatch" "$(xp "$D1" "string($DV1/STATUS)")" Open
	case $(xp "$D1" "string($DV1/COMMENTS)") in
	*"another revision"*) ok "stig V2R1: the comments say the revision differs" ;;
	*) not_ok "stig V2R1: the comments say the revision differs" ;;
	esac
	grep -q "another revision" "$T/stig-r1/stderr" && ok "stig V2R1: cscap says so on stderr" ||
		not_ok "stig V2R1: cscap says so on stderr"
	check "stig V2R1: the CKLB has DISA's V2R1 rules, $RULE_1240_VER open and saying the revision differs" \
		python3 - "$T/stig-r1/disa.cklb" "$(xp "$STIG_V2R1" "count(//*[local-name()='Rule'])")" "$RULE_1240_VER" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
rules = d["stigs"][0]["rules"]
assert len(rules) == int(sys.argv[2]), len(rules)
r = [r for r in rules if r["rule_version"] == sys.argv[3]][0]
assert r["status"] == "open" and "another revision" in r["comments"], r["comments"]
EOF
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
	not_ok "saf: npm is installed (need_packages installs Debian's npm)"
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
		# Only an unreachable registry is a reason to skip; any other failure is one.
		if ! (cd "$SAF_DIR" && timeout 60 npm ping >"$T/npm-ping.log" 2>&1); then
			skip "saf: the npm registry is unreachable ($(grep -m1 -i 'error' "$T/npm-ping.log" | sed 's/npm error //'))"
		else
			not_ok "saf: Node 22 and @mitre/saf install from npm"
			diag "$T/npm.log"
		fi
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
		cp "$T/full/hdf.json" "$ARTIFACTS/hdf.json" 2>/dev/null
	fi
fi

finish
