#!/bin/sh
# check-content.sh - validate a cscap SCAP 1.3 source data stream.
#
# Usage: sh content/check-content.sh DS.xml
#
#  1. XML Schema validation with xmllint against a wrapper schema generated
#     here, which imports the official SCAP 1.3 source data stream schema (and
#     through it XCCDF 1.2, OVAL 5.11.3 definitions, CPE, OCIL, ...), the OVAL
#     5.11.3 system characteristics schema, and cscap's own OVAL extension
#     schemas from ../schemas.
#  2. The SCAP 1.3 source data stream Schematron rules (shipped compiled to
#     XSLT with OpenSCAP). Assertions reported as "Warning: ..." are listed
#     but do not fail the check; every other reported assertion does.
#
# The wrapper schema also covers the source XCCDF and OVAL documents and OVAL
# system characteristics documents using container_item, so those can be
# checked the same way (the Schematron step has little to say about them).
#
# Official schemas are taken from $CSCAP_SCAP_SCHEMAS
# (default /usr/share/openscap/schemas). Set CSCAP_CHECK_KEEP_TMP=1 to keep
# the generated wrapper schema and raw tool output for inspection.
#
# Exit status: 0 valid, 1 invalid, 2 usage or environment problem.
# Details go to stderr; the last line always says what happened.

me=check-content

die() { # status message
    st=$1; shift
    printf '%s: %s\n' "$me" "$*" >&2
    exit "$st"
}

[ $# -eq 1 ] || die 2 "usage: $0 DS.xml"
ds=$1
if [ ! -f "$ds" ] || [ ! -r "$ds" ]; then die 2 "$ds: no such readable file"; fi

schemas=${CSCAP_SCAP_SCHEMAS:-/usr/share/openscap/schemas}
ours=$(cd "$(dirname "$0")/../schemas" 2>/dev/null && pwd) ||
    die 2 "cannot find the cscap schema directory next to $0"
schemas=$(cd "$schemas" 2>/dev/null && pwd) ||
    die 2 "official SCAP schema directory not found (set CSCAP_SCAP_SCHEMAS)"

sds_xsd=$schemas/sds/1.3/scap-source-data-stream_1.3.xsd
sds_sch=$schemas/sds/1.3/source-data-stream-1.3.xsl
ovaldef_xsd=$schemas/oval/5.11.3/oval-definitions-schema.xsd
ovalsc_xsd=$schemas/oval/5.11.3/oval-system-characteristics-schema.xsd
ourdef_xsd=$ours/cscap-container-definitions-schema.xsd
oursc_xsd=$ours/cscap-container-system-characteristics-schema.xsd
for f in "$sds_xsd" "$sds_sch" "$ovaldef_xsd" "$ovalsc_xsd" "$ourdef_xsd" "$oursc_xsd"; do
    [ -r "$f" ] || die 2 "missing schema file $f"
done
for t in xmllint xsltproc; do
    command -v "$t" >/dev/null 2>&1 || die 2 "$t not found in PATH"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-content.XXXXXX") || die 2 "cannot create a temporary directory"
if [ -n "${CSCAP_CHECK_KEEP_TMP:-}" ]; then
    printf '%s: keeping temporary files in %s\n' "$me" "$tmp" >&2
else
    trap 'rm -rf "$tmp"' 0
fi
trap 'exit 2' HUP INT TERM

# Absolute path -> file:// URI (escape the characters that matter in a URI
# and in an XML attribute).
uri() {
    printf 'file://%s\n' "$1" | sed -e 's/%/%25/g' -e 's/ /%20/g' -e 's/#/%23/g' \
        -e 's/?/%3F/g' -e 's/&/%26/g' -e 's/"/%22/g' -e 's/</%3C/g' -e 's/>/%3E/g'
}

# The order matters: namespaces imported without a schemaLocation by our
# extension schemas must already be loaded when those are read.
cat >"$tmp/wrapper.xsd" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" elementFormDefault="qualified">
  <xs:import namespace="http://oval.mitre.org/XMLSchema/oval-definitions-5"
             schemaLocation="$(uri "$ovaldef_xsd")"/>
  <xs:import namespace="http://oval.mitre.org/XMLSchema/oval-system-characteristics-5"
             schemaLocation="$(uri "$ovalsc_xsd")"/>
  <xs:import namespace="http://scap.nist.gov/schema/scap/source/1.2"
             schemaLocation="$(uri "$sds_xsd")"/>
  <xs:import namespace="urn:cscap:xml:oval-definitions-5#container"
             schemaLocation="$(uri "$ourdef_xsd")"/>
  <xs:import namespace="urn:cscap:xml:oval-system-characteristics-5#container"
             schemaLocation="$(uri "$oursc_xsd")"/>
</xs:schema>
EOF

# --- 1. XML Schema ---------------------------------------------------------
if ! xmllint --noout --nonet --schema "$tmp/wrapper.xsd" "$ds" >"$tmp/xsd.out" 2>&1; then
    grep -v ' validates$' "$tmp/xsd.out" >"$tmp/xsd.err"
    cat "$tmp/xsd.err" >&2
    first=$(grep -E -i 'error|fail|invalid' "$tmp/xsd.err" | head -n 1)
    [ -n "$first" ] || first=$(head -n 1 "$tmp/xsd.err")
    die 1 "FAIL: $ds is not schema-valid: $first"
fi

# --- 2. SDS Schematron -----------------------------------------------------
# The compiled Schematron writes one line per failed assertion, of the form
# "Error: <req-id>|<context>" or "Warning: <req-id>|<context>" (a few rules
# have no such prefix; they are treated as errors). Nothing else is printed
# apart from the XML declaration of the (text-only) result document.
if ! xsltproc --nonet "$sds_sch" "$ds" >"$tmp/sch.out" 2>"$tmp/sch.err"; then
    cat "$tmp/sch.err" >&2
    die 1 "FAIL: the source data stream Schematron could not be run on $ds"
fi
if [ -s "$tmp/sch.err" ]; then
    cat "$tmp/sch.err" >&2
    die 1 "FAIL: the source data stream Schematron reported problems while processing $ds"
fi
grep -v '^<?xml ' "$tmp/sch.out" | sed -e 's/^[[:space:]]*//' -e '/^$/d' >"$tmp/sch.lines"
grep '^Warning:' "$tmp/sch.lines" >"$tmp/sch.warn"
grep -v '^Warning:' "$tmp/sch.lines" >"$tmp/sch.fail"
nwarn=$(wc -l <"$tmp/sch.warn" | tr -d ' ')
nfail=$(wc -l <"$tmp/sch.fail" | tr -d ' ')

if [ "$nwarn" -gt 0 ]; then
    sed 's/^/  schematron /' "$tmp/sch.warn" >&2
fi
if [ "$nfail" -gt 0 ]; then
    sed 's/^/  schematron /' "$tmp/sch.fail" >&2
    die 1 "FAIL: $ds breaks $nfail SCAP 1.3 source data stream Schematron assertion(s), first: $(head -n 1 "$tmp/sch.fail")"
fi

printf '%s: OK: %s is schema-valid and passes the SDS 1.3 Schematron (%s warning(s))\n' \
    "$me" "$ds" "$nwarn" >&2
exit 0
