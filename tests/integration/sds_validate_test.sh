#!/usr/bin/env bash
# tests/integration/sds_validate_test.sh — OpenSCAP's view of our data stream.
#
# `oscap ds sds-validate` checks a source data stream against the official
# schemas only.  It does not know cscap's OVAL container extension (OVAL
# 5.11 has no container object; schemas/ holds ours), so it must refuse
# exactly those elements and the references to them, and nothing else:
# every other part of the data stream (XCCDF, OCIL, CPE, the standard OVAL
# tests of the host rules) must pass OpenSCAP's validation.  The same data
# stream with the extension's definitions taken out must then validate
# cleanly.  Needs oscap (openscap-scanner) and xsltproc; TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
EXT=urn:cscap:xml:oval-definitions-5#container
T=$(mktemp -d /tmp/cscap-sds.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT

if ! command -v oscap >/dev/null || ! command -v xsltproc >/dev/null; then
	skip "sds-validate: oscap or xsltproc is not installed"
	finish
fi
if [ ! -s "$DS" ]; then
	not_ok "sds-validate: $DS is missing (run make)"
	finish
fi

oscap ds sds-validate "$DS" >"$T/validate.out" 2>&1
grep -E "^File '" "$T/validate.out" >"$T/errors" || true
check "oscap ds sds-validate reports something (it does not know the extension)" test -s "$T/errors"

# The ids of the extension's tests, objects and states.
xsltproc - "$DS" >"$T/ext-ids" <<XSL
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:c="$EXT">
  <xsl:output method="text"/>
  <xsl:template match="/"><xsl:for-each select="//c:*[@id]"><xsl:value-of select="@id"/><xsl:text>&#10;</xsl:text></xsl:for-each></xsl:template>
</xsl:stylesheet>
XSL
check "the data stream has extension elements ($(grep -c . "$T/ext-ids"))" test -s "$T/ext-ids"

others=0
while IFS= read -r line; do
	case $line in
	*"Element '{$EXT}"*) continue ;;
	*"No match found for key-sequence ['"*)
		# libxml2 stops collecting a list's keys at the first element it does
		# not know, so references to later, valid siblings fail too: any id
		# the data stream defines is such a cascade.
		id=${line#*key-sequence \[\'}
		id=${id%%\'*}
		grep -qF "id=\"$id\"" "$DS" && continue ;;
	esac
	others=$((others + 1))
	[ "$others" -le 5 ] && echo "#   $line" | cut -c1-300
done <"$T/errors"
same "every error oscap reports is about the extension's elements or references to them ($(grep -c . "$T/errors") errors)" "$others" 0

# Without the extension (its definitions and everything only they use), the
# data stream is valid for OpenSCAP too.
xsltproc - "$DS" >"$T/no-ext.xml" <<XSL
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:c="$EXT" xmlns:d="http://oval.mitre.org/XMLSchema/oval-definitions-5">
  <xsl:key name="ext-test" match="c:*[@id]" use="@id"/>
  <xsl:template match="@*|node()"><xsl:copy><xsl:apply-templates select="@*|node()"/></xsl:copy></xsl:template>
  <xsl:template match="c:*"/>
  <xsl:template match="d:definition[.//d:criterion[key('ext-test', @test_ref)]]"/>
  <xsl:template match="d:definitions[not(d:definition[not(.//d:criterion[key('ext-test', @test_ref)])])]"/>
  <xsl:template match="d:tests[not(*[not(self::c:*)])] | d:objects[not(*[not(self::c:*)])] | d:states[not(*[not(self::c:*)])]"/>
</xsl:stylesheet>
XSL
n_defs=$(grep -c '<definition ' "$T/no-ext.xml")
check "what remains still holds the standard OVAL definitions of the host rules ($n_defs)" test "$n_defs" -ge 20
check "and no extension element" sh -c "! grep -qE '<[A-Za-z0-9_-]+:(container|engine)_(test|object|state)[ >]' '$T/no-ext.xml'"
if oscap ds sds-validate "$T/no-ext.xml" >"$T/no-ext.out" 2>&1 && ! grep -q "^File '" "$T/no-ext.out"; then
	ok "without the extension's definitions, oscap ds sds-validate accepts the data stream"
else
	not_ok "without the extension's definitions, oscap ds sds-validate accepts the data stream"
	grep "^File '" "$T/no-ext.out" | head -n 5 | cut -c1-300 | sed 's/^/#   /'
fi
finish
