#!/usr/bin/env bash
# tests/integration/foundation_test.sh — end-to-end test of issue "Foundation".
#
# Runs a throwaway Docker engine (tests/lib/engine.sh), creates containers in
# every PID mode, scans them with cscap and checks the verdict of rule
# SV-235784 (the host's process namespace must not be shared), the evidence in
# the ARF (one container_item per container, with the engine's PidMode and
# state), the shape and validity of the results, then the same after changes:
# host sharers removed, an unreachable engine, no containers (evidence: "0
# containers"), an unwritable output; and bad arguments and `cscap info`.
# Without root or a dockerd it skips, or fails when CSCAP_REQUIRE_ENGINE=1
# (or CI=true): see tests/lib/engine_tap.sh.
#
# Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), both relative to the repository root;
# KEEP=1 keeps the work folder even when everything passed.
# Output: one "ok - …" / "not ok - …" / "skip - …" line per assertion,
# diagnostics prefixed with "#", then "N passed, N failed[, N skipped]".
# Exit status: 0 when nothing failed (skips included), 1 otherwise.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/engine_tap.sh
. "$ROOT/tests/lib/engine_tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
PROFILE=xccdf_cscap_profile_automated
OFFICIAL=/usr/share/openscap/schemas
OUR_DEF_XSD=$ROOT/schemas/cscap-container-definitions-schema.xsd
OUR_SC_XSD=$ROOT/schemas/cscap-container-system-characteristics-schema.xsd
SCAN_TIMEOUT=${SCAN_TIMEOUT:-300}

T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	engine_stop
	remove_work_dir "$T"
	exit "$rc"
}

# scan NAME ENGINE_URI [extra cscap args]: one scan; its files go to $T/NAME/
# (arf.xml, xccdf.xml, stdout, stderr); SCAN_RC holds cscap's exit status.
scan() {
	local name=$1 engine=$2
	shift 2
	mkdir -p "$T/$name"
	timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" --rule "$RULE" \
		--engine "$engine" \
		--results-arf "$T/$name/arf.xml" --results "$T/$name/xccdf.xml" \
		"$@" "$DS" >"$T/$name/stdout" 2>"$T/$name/stderr"
	SCAN_RC=$?
	{
		echo "$CSCAP xccdf eval --profile $PROFILE --engine $engine" \
			"--results-arf $T/$name/arf.xml --results $T/$name/xccdf.xml $* $DS"
		echo "exit status $SCAN_RC"
	} >"$T/$name/command"
}
# expect_rc NAME WANT: the exit status of scan NAME
expect_rc() {
	if [ "$SCAN_RC" -eq "$2" ]; then
		ok "$1: cscap exits with status $2"
	else
		not_ok "$1: cscap exits with status $2 (got $SCAN_RC)"
		diag "$T/$1/command" 2
		echo "#   stderr:"
		diag "$T/$1/stderr"
	fi
}
# expect_result NAME WANT: the rule's verdict in the scan's ARF and XCCDF file
expect_result() {
	local arf=$T/$1/arf.xml xccdf=$T/$1/xccdf.xml
	if [ -s "$arf" ]; then
		same "$1: rule SV-235784 is '$2' in the ARF" "$(rule_result "$arf")" "$2"
	else
		not_ok "$1: the ARF $arf was written"
	fi
	if [ -s "$xccdf" ]; then
		same "$1: rule SV-235784 is '$2' in the XCCDF results" \
			"$(rule_result "$xccdf")" "$2"
	else
		not_ok "$1: the XCCDF results $xccdf were written"
	fi
}

# Wrapper schema: the official ARF 1.1, SDS 1.3, XCCDF 1.2, OVAL 5.11.3
# schemas and ours, all by absolute file:// location (xmllint --nonet).
make_wrapper() {
	local out=$1 ns_def ns_sc
	ns_def=$(xp "$OUR_DEF_XSD" 'string(/*/@targetNamespace)')
	ns_sc=$(xp "$OUR_SC_XSD" 'string(/*/@targetNamespace)')
	[ -n "$ns_def" ] && [ -n "$ns_sc" ] || return 1
	cat >"$out" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="urn:cscap:test:arf-wrapper" elementFormDefault="qualified">
  <xs:import namespace="http://scap.nist.gov/schema/asset-reporting-format/1.1"
             schemaLocation="file://$OFFICIAL/arf/1.1/asset-reporting-format_1.1.0.xsd"/>
  <xs:import namespace="http://scap.nist.gov/schema/scap/source/1.2"
             schemaLocation="file://$OFFICIAL/sds/1.3/scap-source-data-stream_1.3.xsd"/>
  <xs:import namespace="http://checklists.nist.gov/xccdf/1.2"
             schemaLocation="file://$OFFICIAL/xccdf/1.2/xccdf_1.2.xsd"/>
  <xs:import namespace="http://oval.mitre.org/XMLSchema/oval-results-5"
             schemaLocation="file://$OFFICIAL/oval/5.11.3/oval-results-schema.xsd"/>
  <xs:import namespace="http://oval.mitre.org/XMLSchema/oval-definitions-5"
             schemaLocation="file://$OFFICIAL/oval/5.11.3/oval-definitions-schema.xsd"/>
  <xs:import namespace="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"
             schemaLocation="file://$OFFICIAL/oval/5.11.3/oval-system-characteristics-schema.xsd"/>
  <xs:import namespace="$ns_def" schemaLocation="file://$OUR_DEF_XSD"/>
  <xs:import namespace="$ns_sc" schemaLocation="file://$OUR_SC_XSD"/>
</xs:schema>
EOF
	# Negative controls: an XCCDF result outside its enumeration, and a
	# container_item with an unknown entity. Both sit inside ARF content
	# that the ARF schema admits with processContents="lax".
	cat >"$T/bad-result.xsl" <<EOF
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
  <xsl:template match="*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF']/*[local-name()='result']/text()">bogus</xsl:template>
</xsl:stylesheet>
EOF
	cat >"$T/bad-item.xsl" <<EOF
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
  <xsl:template match="*[local-name()='container_item'][namespace-uri()='$NS_ITEM']/*[local-name()='pid_mode']">
    <xsl:element name="no_such_entity" namespace="{namespace-uri()}"><xsl:apply-templates select="@*|node()"/></xsl:element>
  </xsl:template>
</xsl:stylesheet>
EOF
}

xmllint_validate() {
	xmllint --noout --nonet --schema "$T/wrapper.xsd" "$1" 2>&1 |
		grep -v 'Skipping import of schema'
	return "${PIPESTATUS[0]}"
}

# validate NAME [controls]: cscap validate + independent xmllint validation
validate() {
	local name=$1 arf=$T/$1/arf.xml out rc
	if [ ! -s "$arf" ]; then
		not_ok "$name: ARF exists for validation ($arf)"
		return 0
	fi
	out=$(timeout "$SCAN_TIMEOUT" "$CSCAP" validate "$arf" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ok "$name: cscap validate accepts the ARF"
	else
		not_ok "$name: cscap validate accepts the ARF (exit status $rc)"
		printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
	fi
	if [ "$WRAPPER_OK" != 1 ]; then
		not_ok "$name: xmllint validates the ARF (no wrapper schema: $WRAPPER_WHY)"
		return 0
	fi
	check "$name: xmllint validates the ARF against ARF 1.1/SDS 1.3/XCCDF 1.2/OVAL 5.11.3 and ours" \
		xmllint_validate "$arf"
	[ "${2:-}" = controls ] || return 0
	if xsltproc -o "$T/$name/bad-result.xml" "$T/bad-result.xsl" "$arf" 2>/dev/null &&
		! xmllint_validate "$T/$name/bad-result.xml" >/dev/null; then
		ok "$name: xmllint rejects the ARF with rule result 'bogus' (lax content is validated)"
	else
		not_ok "$name: xmllint rejects the ARF with rule result 'bogus' (lax content is validated)"
	fi
	if xsltproc -o "$T/$name/bad-item.xml" "$T/bad-item.xsl" "$arf" 2>/dev/null &&
		! xmllint_validate "$T/$name/bad-item.xml" >/dev/null; then
		ok "$name: xmllint rejects the ARF with a malformed container_item (our schema is applied)"
	else
		not_ok "$name: xmllint rejects the ARF with a malformed container_item (our schema is applied)"
	fi
}

# expect_item SCAN ID LABEL: the container_item for ID agrees with the engine
expect_item() {
	local arf=$T/$1/arf.xml id=$2 label=$3 n want got
	n=$(item_count "$arf" "$id")
	if [ "${n:-0}" -ge 1 ] 2>/dev/null; then
		ok "$1: $label ($id) is a container_item in the ARF"
	else
		not_ok "$1: $label ($id) is a container_item in the ARF"
		return 0
	fi
	want=$(engine_docker inspect -f '{{.HostConfig.PidMode}}' "$id" 2>&1)
	got=$(item_entity "$arf" "$id" pid_mode)
	same "$1: $label: pid_mode in the ARF is what the engine reports" "$got" "$want"
	want=$(engine_docker inspect -f '{{.State.Status}}' "$id" 2>&1)
	got=$(item_entity "$arf" "$id" state)
	same "$1: $label: state in the ARF is what the engine reports" "$got" "$want"
}

# --------------------------------------------------------------------------
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

need_root "foundation: needs root to run dockerd"

need_packages libxml2-utils:xmllint xsltproc:xsltproc \
	"openscap-common:$OFFICIAL/arf/1.1/asset-reporting-format_1.1.0.xsd" \
	coreutils:timeout
T=$(mktemp -d /tmp/cscap-foundation.XXXXXX) || exit 1

if [ -x "$CSCAP" ]; then ok "cscap binary $CSCAP exists"; else
	not_ok "cscap binary $CSCAP exists (run make first)"
	finish
fi
if [ -s "$DS" ]; then ok "data stream $DS exists"; else
	not_ok "data stream $DS exists"
	finish
fi

WRAPPER_OK=0
WRAPPER_WHY=
if [ ! -s "$OUR_DEF_XSD" ] || [ ! -s "$OUR_SC_XSD" ]; then
	WRAPPER_WHY="missing $OUR_DEF_XSD or $OUR_SC_XSD"
elif [ ! -d "$OFFICIAL/oval/5.11.3" ] || [ ! -d "$OFFICIAL/sds/1.3" ]; then
	WRAPPER_WHY="official schemas missing under $OFFICIAL"
elif ! make_wrapper "$T/wrapper.xsd"; then
	WRAPPER_WHY="cannot read targetNamespace of our schemas"
else
	WRAPPER_OK=1
fi

# --------------------------------------------------------------------------
# 0. No engine needed: bad arguments, and what `cscap info` says of our content.
mkdir -p "$T/usage"
"$CSCAP" xccdf eval --bogus "$DS" >"$T/usage/stdout" 2>"$T/usage/stderr"
same "usage: 'xccdf eval --bogus' exits with status 1" "$?" 1
same "usage: 'xccdf eval --bogus' writes exactly one line on stderr" "$(wc -l <"$T/usage/stderr")" 1
"$CSCAP" info "$DS" >"$T/usage/info" 2>"$T/usage/info.err"
same "info: cscap info $DS exits 0" "$?" 0
check "info: lists the profile $PROFILE" grep -q "^  $PROFILE  " "$T/usage/info"
check "info: lists DKER-EE-001240's rule ($RULE)" grep -qx "  $RULE  DKER-EE-001240" "$T/usage/info"

engine_up "foundation"

# --------------------------------------------------------------------------
# The container set: one per PID mode, plus created-only and exited ones.
make_container default run
make_container hostpid run --pid=host
make_container sharer run "--pid=container:${ID[default]}"
make_container hostcreated create --pid=host
make_container exited run
if [ -n "${ID[exited]}" ]; then
	check "container exited is stopped" engine_docker stop -t 5 exited
fi

# The engine itself says what we expect (a check on the setup, not on cscap).
engine_says() { # LABEL FIELD WANT
	same "engine: ${1}'s $2 is '$3'" \
		"$(engine_docker inspect -f "{{.$2}}" "${ID[$1]:-none}" 2>&1)" "$3"
}
engine_says default HostConfig.PidMode ""
engine_says hostpid HostConfig.PidMode host
engine_says sharer HostConfig.PidMode "container:${ID[default]}"
engine_says hostcreated HostConfig.PidMode host
engine_says exited HostConfig.PidMode ""
engine_says default State.Status running
engine_says hostcreated State.Status created
engine_says exited State.Status exited

# --------------------------------------------------------------------------
# 1. Host PID namespace shared by hostpid and hostcreated: a finding.
scan findings "unix://$ENGINE_SOCK"
expect_rc findings 2
expect_result findings fail
for label in default hostpid sharer hostcreated exited; do
	if [ -n "${ID[$label]}" ]; then
		expect_item findings "${ID[$label]}" "$label"
	fi
done
same "findings: hostpid's pid_mode in the ARF is 'host'" \
	"$(item_entity "$T/findings/arf.xml" "${ID[hostpid]}" pid_mode)" host
same "findings: hostcreated's pid_mode in the ARF is 'host'" \
	"$(item_entity "$T/findings/arf.xml" "${ID[hostcreated]}" pid_mode)" host
same "findings: sharer's pid_mode in the ARF is 'container:<default id>'" \
	"$(item_entity "$T/findings/arf.xml" "${ID[sharer]}" pid_mode)" \
	"container:${ID[default]}"
validate findings controls
# The shape of the results (issue "Foundation", Results).
F=$T/findings
for id in V-95601 SV-104739; do
	same "findings: the rule result carries the legacy id $id as an ident (ARF)" \
		"$(xp "$F/arf.xml" "count(//*[local-name()='rule-result'][@idref='$RULE']/*[local-name()='ident'][.='$id'])")" 1
	same "findings: the rule result carries the legacy id $id as an ident (--results)" \
		"$(xp "$F/xccdf.xml" "count(//*[local-name()='rule-result'][@idref='$RULE']/*[local-name()='ident'][.='$id'])")" 1
done
same "findings: the --results root is an xccdf:Benchmark holding the TestResult" \
	"$(xp "$F/xccdf.xml" "count(/*[local-name()='Benchmark'][namespace-uri()='$NS_XCCDF']/*[local-name()='TestResult'][namespace-uri()='$NS_XCCDF'])")" 1
ccr="//*[local-name()='rule-result'][@idref='$RULE']//*[local-name()='check-content-ref']"
same "findings: the rule's check-content-ref in the ARF points at '#<OVAL report id>'" \
	"$(xp "$F/arf.xml" "count($ccr) > 0 and count($ccr[not(starts-with(@href, '#'))]) = 0 and count(//*[local-name()='report'][@id = substring($ccr/@href, 2)]) = 1")" true
dev="//*[local-name()='asset']/*[local-name()='computing-device']"
same "findings: the ARF's ai:computing-device is there, without an empty element" \
	"$(xp "$F/arf.xml" "count($dev) = 1 and count($dev//*[not(*)][normalize-space(.)='']) = 0")" true

# --------------------------------------------------------------------------
# 2. Without the host sharers: pass.
check "hostpid and hostcreated removed" \
	engine_docker rm -f hostpid hostcreated
scan clean "unix://$ENGINE_SOCK"
expect_rc clean 0
expect_result clean pass
same "clean: the removed hostpid is no longer an item" \
	"$(item_count "$T/clean/arf.xml" "${ID[hostpid]}")" 0
for label in default sharer exited; do
	if [ -n "${ID[$label]}" ]; then
		expect_item clean "${ID[$label]}" "$label"
	fi
done
validate clean

# --------------------------------------------------------------------------
# 3. An engine that cannot be reached: error, never pass.
scan unreachable unix:///nonexistent/docker.sock
expect_rc unreachable 2
expect_result unreachable error
validate unreachable
msg=$(xp "$T/unreachable/arf.xml" "string(//*[local-name()='rule-result'][namespace-uri()='$NS_XCCDF'][@idref='$RULE']/*[local-name()='message'][@severity='error'])")
case $msg in
*/nonexistent/docker.sock*) ok "unreachable: the rule result's message names the engine: ${msg%%$'\n'*}" ;;
*) not_ok "unreachable: the rule result's message names the engine (got \"$msg\")" ;;
esac

# --------------------------------------------------------------------------
# 4. No containers at all: a legitimate pass.
mapfile -t all < <(engine_docker ps -aq --no-trunc)
if [ ${#all[@]} -gt 0 ]; then
	check "every container removed" engine_docker rm -f "${all[@]}"
fi
same "engine: no container left" "$(engine_docker ps -aq | wc -l)" 0
scan empty "unix://$ENGINE_SOCK"
expect_rc empty 0
expect_result empty pass
same "empty: no container_item in the ARF" "$(all_items "$T/empty/arf.xml")" 0
# The evidence says so: the container object's message counts 0 containers.
evidence=$(xp "$T/empty/arf.xml" "string((//*[local-name()='collected_objects']/*[local-name()='object']/*[local-name()='message'][contains(., ' containers')])[1])")
case $evidence in
*": 0 containers"*) ok "empty: the evidence says 0 containers: $evidence" ;;
*) not_ok "empty: the evidence says 0 containers (got \"$evidence\")" ;;
esac
validate empty

# --------------------------------------------------------------------------
# 5. An output path in a folder that does not exist: exit 1, one line.
mkdir -p "$T/badpath"
timeout "$SCAN_TIMEOUT" "$CSCAP" xccdf eval --profile "$PROFILE" --rule "$RULE" \
	--engine "unix://$ENGINE_SOCK" \
	--results-arf "$T/no/such/folder/arf.xml" --results "$T/badpath/xccdf.xml" \
	"$DS" >"$T/badpath/stdout" 2>"$T/badpath/stderr"
rc=$?
same "badpath: cscap exits with status 1" "$rc" 1
lines=$(wc -l <"$T/badpath/stderr")
if [ "$lines" -eq 1 ] && [ -n "$(tr -d '[:space:]' <"$T/badpath/stderr")" ]; then
	ok "badpath: one line on stderr: $(cat "$T/badpath/stderr")"
else
	not_ok "badpath: one line on stderr (got $lines)"
	diag "$T/badpath/stderr"
fi
if [ ! -e "$T/no/such/folder/arf.xml" ]; then
	ok "badpath: no ARF appeared"
else
	not_ok "badpath: no ARF appeared"
fi

finish
