#!/usr/bin/env bash
# tests/integration/remote_test.sh — remote components and --fetch-remote-resources.
#
# A small data stream whose OVAL component-ref points at a URL, served by
# `python3 -m http.server` on 127.0.0.1 (no Internet needed):
#   - without the flag nothing is fetched: no AF_INET connect() under strace,
#     `cscap info` lists the remote as a warning, the rules are notchecked;
#   - with it, a bzip2-, a gzip-compressed and a plain OVAL file are fetched
#     (told by their magic bytes, not their names), and the rules evaluate
#     (one pass, one fail);
#   - a 404, a damaged .bz2, a body that is not XML, XML that is not OVAL and
#     a file:// href each give one warning naming the URL, and the rules stay
#     notchecked: never a pass, never a failed scan.
# The size caps are tested in tests/unit/fetch_test.c.
#
# Environment: CSCAP (default build/cscap); KEEP=1 keeps the work folder.
# Output: TAP; exit status 0 when nothing failed.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

CSCAP=${CSCAP:-build/cscap}
case $CSCAP in /*) ;; *) CSCAP=$ROOT/$CSCAP ;; esac
T=$(mktemp -d "${TMPDIR:-/tmp}/cscap-remote.XXXXXX") || exit 1
SERVER_PID=
# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	remove_work_dir "$T"
}
trap cleanup EXIT

mkdir -p "$T/www" "$T/root" "$T/out"

# Two definitions cscap decides offline: family is "unix" (true), "windows" (false).
cat >"$T/oval.xml" <<'OVAL'
<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
    xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">
  <generator><oval:schema_version>5.11</oval:schema_version><oval:timestamp>2026-11-28T00:00:00</oval:timestamp></generator>
  <definitions>
    <definition id="oval:remote:def:1" version="1" class="compliance">
      <metadata><title>unix</title><description>the family is unix</description></metadata>
      <criteria><criterion test_ref="oval:remote:tst:1"/></criteria>
    </definition>
    <definition id="oval:remote:def:2" version="1" class="compliance">
      <metadata><title>windows</title><description>the family is windows</description></metadata>
      <criteria><criterion test_ref="oval:remote:tst:2"/></criteria>
    </definition>
  </definitions>
  <tests>
    <ind:family_test id="oval:remote:tst:1" version="1" check="all" comment="unix">
      <ind:object object_ref="oval:remote:obj:1"/><ind:state state_ref="oval:remote:ste:1"/>
    </ind:family_test>
    <ind:family_test id="oval:remote:tst:2" version="1" check="all" comment="windows">
      <ind:object object_ref="oval:remote:obj:1"/><ind:state state_ref="oval:remote:ste:2"/>
    </ind:family_test>
  </tests>
  <objects><ind:family_object id="oval:remote:obj:1" version="1"/></objects>
  <states>
    <ind:family_state id="oval:remote:ste:1" version="1"><ind:family>unix</ind:family></ind:family_state>
    <ind:family_state id="oval:remote:ste:2" version="1"><ind:family>windows</ind:family></ind:family_state>
  </states>
</oval_definitions>
OVAL
# pack bz2|gz IN OUT (python3, a test dependency already: no bzip2 command needed)
pack() {
	python3 -c 'import sys, bz2, gzip; f = bz2 if sys.argv[1] == "bz2" else gzip
sys.stdout.buffer.write(f.compress(open(sys.argv[2], "rb").read()))' "$1" "$2" >"$3"
}
pack bz2 "$T/oval.xml" "$T/www/oval.xml.bz2"
pack gz "$T/oval.xml" "$T/www/oval.xml.gz"
head -c 200 "$T/www/oval.xml.bz2" >"$T/www/damaged.xml.bz2"
printf 'this is not XML\n' >"$T/www/notxml.txt"
printf '<?xml version="1.0"?>\n<html><body>a login page</body></html>\n' >"$T/notoval.xml"
pack bz2 "$T/notoval.xml" "$T/www/notoval.xml.bz2"

# ds HREF OUT: the data stream, its OVAL component-ref pointing at HREF.
ds() {
	cat >"$2" <<DS
<?xml version="1.0" encoding="UTF-8"?>
<ds:data-stream-collection xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2"
    xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:cat="urn:oasis:names:tc:entity:xmlns:xml:catalog"
    id="scap_test_collection_remote" schematron-version="1.3">
  <ds:data-stream id="scap_test_datastream_remote" scap-version="1.3" use-case="CONFIGURATION" timestamp="2026-11-28T00:00:00">
    <ds:checklists>
      <ds:component-ref id="scap_test_cref_xccdf.xml" xlink:href="#scap_test_comp_xccdf.xml">
        <cat:catalog><cat:uri name="remote-oval.xml" uri="#scap_test_cref_remote-oval.xml"/></cat:catalog>
      </ds:component-ref>
    </ds:checklists>
    <ds:checks>
      <ds:component-ref id="scap_test_cref_remote-oval.xml" xlink:href="$1"/>
    </ds:checks>
  </ds:data-stream>
  <ds:component id="scap_test_comp_xccdf.xml" timestamp="2026-11-28T00:00:00">
    <Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_test_benchmark_remote" resolved="1" xml:lang="en">
      <status>draft</status>
      <title>remote</title>
      <version>1</version>
      <Rule id="xccdf_test_rule_pass" selected="true">
        <title>passes</title>
        <check system="http://oval.mitre.org/XMLSchema/oval-definitions-5"><check-content-ref href="remote-oval.xml" name="oval:remote:def:1"/></check>
      </Rule>
      <Rule id="xccdf_test_rule_fail" selected="true">
        <title>fails</title>
        <check system="http://oval.mitre.org/XMLSchema/oval-definitions-5"><check-content-ref href="remote-oval.xml" name="oval:remote:def:2"/></check>
      </Rule>
    </Benchmark>
  </ds:component>
</ds:data-stream-collection>
DS
}

rule_result() { # RESULTS RULE-ID
	xp "$1" "string(//*[local-name()='rule-result'][@idref='$2']/*[local-name()='result'])"
}

# A free port, then the server (its own process; killed by its id at the end).
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$T/www" >"$T/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
	curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
	sleep 0.1
done
BASE=http://127.0.0.1:$PORT
check "the local HTTP server answers" curl -sf -o /dev/null "$BASE/oval.xml.bz2"

# eval NAME [OPTIONS]: xccdf eval of $T/NAME.xml offline; RC, and $T/out/NAME.results
eval_ds() {
	local name=$1
	shift
	"$CSCAP" xccdf eval --root "$T/root" "$@" --results "$T/out/$name.results" "$T/$name.xml" \
		>"$T/out/$name.stdout" 2>"$T/out/$name.stderr"
	RC=$?
}

# ------------------------------------------------------------ without the flag
ds "$BASE/oval.xml.bz2" "$T/bz2.xml"
requests_before=$(grep -c '"GET ' "$T/server.log")
"$CSCAP" info "$T/bz2.xml" >"$T/out/info-noflag" 2>&1
same "no flag: info lists the remote component as one warning" \
	"$(grep -c "warning: remote-oval.xml points at the remote $BASE/oval.xml.bz2\$" "$T/out/info-noflag")" 1
eval_ds bz2
same "no flag: the scan succeeds (exit 0: nothing evaluated)" "$RC" 0
same "no flag: the passing rule is notchecked" "$(rule_result "$T/out/bz2.results" xccdf_test_rule_pass)" notchecked
same "no flag: the failing rule is notchecked" "$(rule_result "$T/out/bz2.results" xccdf_test_rule_fail)" notchecked
check "no flag: the rule's message names the flag" grep -q "does not fetch without --fetch-remote-resources" "$T/out/bz2.results"
same "no flag: eval warns on stderr, once, naming the URL and the flag" \
	"$(grep -c "^cscap: warning: remote component remote-oval.xml ($BASE/oval.xml.bz2) was not fetched (--fetch-remote-resources fetches it)" "$T/out/bz2.stderr")" 1
if command -v strace >/dev/null 2>&1; then
	for cmd in info "xccdf eval --root $T/root --results $T/out/strace.results"; do
		# shellcheck disable=SC2086
		strace -f -qq -e trace=connect -o "$T/out/connect.strace" "$CSCAP" $cmd "$T/bz2.xml" >/dev/null 2>&1
		if grep -qE 'AF_INET|AF_INET6' "$T/out/connect.strace"; then
			not_ok "no flag: ${cmd%% *}: no connect() to the network"
			grep -E 'AF_INET|AF_INET6' "$T/out/connect.strace" | head -n 3 | sed 's/^/#   /'
		else
			ok "no flag: ${cmd%% *}: no connect() to the network"
		fi
	done
else
	skip "no flag: no connect() to the network (no strace)"
fi
same "no flag: the server saw no request" "$(grep -c '"GET ' "$T/server.log")" "$requests_before"

# ------------------------------------------------------------ with the flag
# bzip2, gzip, plain, and gzip under a .bz2 name (told by magic bytes, not by name).
cp "$T/www/oval.xml.gz" "$T/www/gzip-named.xml.bz2"
cp "$T/oval.xml" "$T/www/plain.xml"
for kind in bz2 gz plain misnamed; do
	case $kind in
	plain) file=plain.xml ;;
	misnamed) file=gzip-named.xml.bz2 ;;
	*) file=oval.xml.$kind ;;
	esac
	ds "$BASE/$file" "$T/$kind.xml"
	eval_ds "$kind" --fetch-remote-resources
	same "$kind: the scan has a finding (exit 2)" "$RC" 2
	same "$kind: the passing rule passes" "$(rule_result "$T/out/$kind.results" xccdf_test_rule_pass)" pass
	same "$kind: the failing rule fails" "$(rule_result "$T/out/$kind.results" xccdf_test_rule_fail)" fail
	"$CSCAP" info --fetch-remote-resources "$T/$kind.xml" >"$T/out/info-$kind" 2>&1
	check "$kind: eval warns of nothing" sh -c "! grep -q warning '$T/out/$kind.stderr'"
	check "$kind: info lists the fetched OVAL document, no warning" \
		sh -c "grep -q '^  remote-oval.xml: 2 definitions' '$T/out/info-$kind' && ! grep -q warning '$T/out/info-$kind'"
done

# fails NAME HREF WHY: fetched, refused with one warning naming HREF; rules notchecked.
fails() {
	local name=$1 href=$2 why=$3
	ds "$href" "$T/$name.xml"
	"$CSCAP" info --fetch-remote-resources "$T/$name.xml" >"$T/out/info-$name" 2>&1
	same "$name: info exits 0" "$?" 0
	same "$name: one warning naming the URL and why" \
		"$(grep -c "warning: remote-oval.xml points at the remote $href, which could not be fetched: .*$why" "$T/out/info-$name")" 1
	eval_ds "$name" --fetch-remote-resources
	same "$name: the scan succeeds (exit 0), never a pass" "$RC" 0
	same "$name: the passing rule is notchecked" "$(rule_result "$T/out/$name.results" xccdf_test_rule_pass)" notchecked
	same "$name: the failing rule is notchecked" "$(rule_result "$T/out/$name.results" xccdf_test_rule_fail)" notchecked
	check "$name: the rule's message says why" grep -q "could not be fetched" "$T/out/$name.results"
	same "$name: eval warns on stderr, once, with the URL and why" \
		"$(grep -c "^cscap: warning: remote component remote-oval.xml ($href) could not be fetched: .*$why" "$T/out/$name.stderr")" 1
}
fails 404 "$BASE/missing.xml.bz2" "HTTP status 404"
fails damaged "$BASE/damaged.xml.bz2" "not valid bzip2 data"
fails notxml "$BASE/notxml.txt" "$BASE/notxml.txt"
fails notoval "$BASE/notoval.xml.bz2" "not OVAL definitions"
fails file "file://$T/oval.xml" "only http:// and https://"
fails ftp "ftp://127.0.0.1:$PORT/oval.xml" "only http:// and https://"
fails refused "http://127.0.0.1:1/oval.xml" "cannot fetch"

finish
