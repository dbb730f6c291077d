#!/usr/bin/env bash
# tests/integration/filter_scale_test.sh — an object that selects a whole
# tree and a filter that keeps a few items (SCAP Security Guide's "no
# world-writable files" shape) holds only what the filter keeps.
#
# A root with 20,000 files, one of them world-writable; a file_object over
# the whole tree with a filter that includes world-writable files.  The
# definition must be false (one such file exists), the one item must be that
# file, and the OVAL results must carry one file_item, not 20,000: rejected
# items are dropped while the probe walks, not stored and filtered later.
#
# Environment: CSCAP (default build/cscap).  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

CSCAP=${CSCAP:-build/cscap}
T=$(mktemp -d /tmp/cscap-filter.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT

mkdir -p "$T/root/data"
for d in $(seq 0 39); do
	mkdir "$T/root/data/d$d"
	(cd "$T/root/data/d$d" && seq -f 'f%g' 0 499 | xargs touch && chmod 0644 ./*)
done
chmod 0666 "$T/root/data/d7/f3"

cat >"$T/defs.xml" <<'XML'
<?xml version="1.0"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
    xmlns:unix="http://oval.mitre.org/XMLSchema/oval-definitions-5#unix">
 <generator><oval:schema_version>5.11</oval:schema_version><oval:timestamp>2026-11-29T00:00:00</oval:timestamp></generator>
 <definitions>
  <definition id="oval:t:def:1" version="1" class="compliance">
   <metadata><title>No world-writable files</title><description>x</description></metadata>
   <criteria><criterion test_ref="oval:t:tst:1"/></criteria>
  </definition>
 </definitions>
 <tests>
  <unix:file_test id="oval:t:tst:1" version="1" check="all" check_existence="none_exist" comment="x">
   <unix:object object_ref="oval:t:obj:1"/>
  </unix:file_test>
 </tests>
 <objects>
  <unix:file_object id="oval:t:obj:1" version="1">
   <unix:behaviors recurse_direction="down" recurse_file_system="local" max_depth="-1"/>
   <unix:path>/data</unix:path>
   <unix:filename operation="pattern match">.*</unix:filename>
   <filter action="include">oval:t:ste:1</filter>
  </unix:file_object>
 </objects>
 <states>
  <unix:file_state id="oval:t:ste:1" version="1"><unix:owrite datatype="boolean">true</unix:owrite></unix:file_state>
 </states>
</oval_definitions>
XML

"$CSCAP" oval eval --root "$T/root" --oval-results "$T/results.xml" "$T/defs.xml" >"$T/out" 2>"$T/err"
rc=$?
check "the scan ran (exit 2: the definition is false)" test "$rc" -eq 2
check "the definition is false" grep -q 'definition_id="oval:t:def:1"[^>]*result="false"' "$T/results.xml"
items=$(grep -c '<[a-z-]*:*file_item ' "$T/results.xml")
same "the results carry one file_item (the filter's), not every file" "$items" 1
check "that item is the world-writable file" grep -q '>/data/d7/f3<' "$T/results.xml"
bytes=$(stat -c %s "$T/results.xml")
check "the results stay small ($bytes bytes)" test "$bytes" -lt 100000
finish
