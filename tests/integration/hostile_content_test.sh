#!/usr/bin/env bash
# tests/integration/hostile_content_test.sh — the hostile content catalogue.
#
# Every hostile file is generated in a temp folder, from the real data stream
# (parser attacks: a DOCTYPE, entities, XInclude, bad bytes, wrong namespaces)
# or from scratch (a one-rule data stream whose references are then broken:
# dangling refs, cycles, self-extending profiles).  Each is given to
# `cscap info`, `cscap validate` and `cscap xccdf eval`, with and without
# --skip-validation (so the model builders see what the schemas would have
# stopped), and must be refused:
#   - exit status 1, and exactly one line on stderr, naming the file;
#   - no crash: no signal, no timeout, no sanitizer report (run it with the
#     sanitizer build: CSCAP=build-san/cscap);
#   - no output replaced: the --results-arf file made before the run is
#     byte for byte the same afterwards, and no temporary file is left;
#   - never a pass: the scanned root holds a container in the host's PID
#     namespace, so the one-rule data stream's rule can only fail; a hostile
#     variant must not make it pass.
# XInclude must not be processed and xsi:schemaLocation never fetched (no
# connect() other than AF_UNIX under strace; same result under unshare --net).
# An output path that is the content (same path, a symbolic or a hard link)
# is refused.  Every input of the fuzz corpus is replayed when the replay
# binaries are there (make fuzz-replay).
#
# Scans are offline (--root, a generated host root), so no engine is needed.
#
# Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), HOSTILE_TIMEOUT (seconds per run,
# default 120), KEEP=1 keeps the work folder.
# Output: TAP; exit status 0 when nothing failed.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
TIMEOUT=${HOSTILE_TIMEOUT:-120}
HOST_ID=$(printf 'f%.0s' {1..64})
RULE=xccdf_hostile_rule_pid
PROFILE=xccdf_hostile_profile_1
# The real data stream's rule for the same requirement (DKER-EE-001240).
REAL_RULE=xccdf_cscap_rule_SV-235784r960804_rule
T=

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	remove_work_dir "$T"
	exit "$rc"
}

if [ ! -x "$CSCAP" ]; then
	echo "1..0 # SKIP $CSCAP not built"
	exit 0
fi
T=$(mktemp -d /tmp/cscap-hostile.XXXXXX) || exit 1
trap cleanup EXIT INT TERM
mkdir -p "$T/out" "$T/log"

# --------------------------------------------------------------- fixtures

# An offline host root with one created container in the host's PID namespace
# (the files as dockerd 20.10 writes them, trimmed to what cscap reads).
make_host_root() {
	local dir=$1/var/lib/docker/containers/$HOST_ID
	mkdir -p "$dir"
	printf '{"ID":"%s","Name":"/hostile-host-pid","Config":{"Image":"busybox:latest"},"State":{"Running":false,"Paused":false,"Restarting":false,"RemovalInProgress":false,"Dead":false,"Pid":0,"StartedAt":"0001-01-01T00:00:00Z","FinishedAt":"0001-01-01T00:00:00Z"},"MountPoints":{}}' \
		"$HOST_ID" >"$dir/config.v2.json"
	printf '{"PidMode":"host","IpcMode":"private","NetworkMode":"default","Privileged":false,"ReadonlyRootfs":false,"CapAdd":null,"CapDrop":null,"SecurityOpt":["label=disable"],"Devices":[],"PortBindings":{},"Ulimits":null,"PidsLimit":null,"CgroupParent":"","UTSMode":"","UsernsMode":""}' \
		>"$dir/hostconfig.json"
}
HOSTROOT=$T/hostroot
make_host_root "$HOSTROOT"

# The one-rule data stream, from scratch: rule $RULE fails while any
# container (not excluded by name) shares the host's PID namespace.
NS_DEFS='xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5" xmlns:c="urn:cscap:xml:oval-definitions-5#container"'
mini_ds() {
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<ds:data-stream-collection xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:cat="urn:oasis:names:tc:entity:xmlns:xml:catalog" id="scap_hostile_collection_1" schematron-version="1.3">
<ds:data-stream id="scap_hostile_datastream_1" scap-version="1.3" use-case="CONFIGURATION" timestamp="2026-01-01T00:00:00">
<ds:checklists><ds:component-ref id="scap_hostile_cref_xccdf.xml" xlink:href="#scap_hostile_comp_xccdf.xml">
<cat:catalog><cat:uri name="oval.xml" uri="#scap_hostile_cref_oval.xml"/></cat:catalog></ds:component-ref></ds:checklists>
<ds:checks><ds:component-ref id="scap_hostile_cref_oval.xml" xlink:href="#scap_hostile_comp_oval.xml"/></ds:checks>
</ds:data-stream>
<ds:component id="scap_hostile_comp_xccdf.xml" timestamp="2026-01-01T00:00:00">
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_hostile_benchmark_1" resolved="1" xml:lang="en">
<status>draft</status><title>hostile</title><version>1</version>
<Profile id="xccdf_hostile_profile_0"><title>base</title><select idref="$RULE" selected="true"/></Profile>
<Profile id="$PROFILE" extends="xccdf_hostile_profile_0"><title>profile</title><select idref="$RULE" selected="true"/></Profile>
<Value id="xccdf_hostile_value_exclude" type="string" operator="equals"><title>exclude</title><value>ucp|kube|dtr</value></Value>
<Group id="xccdf_hostile_group_1"><title>group</title>
<Rule id="$RULE" severity="medium" selected="true"><version>H-1</version><title>no host PID namespace</title>
<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">
<check-export value-id="xccdf_hostile_value_exclude" export-name="oval:h:var:1"/>
<check-content-ref href="oval.xml" name="oval:h:def:1"/></check></Rule>
</Group></Benchmark></ds:component>
<ds:component id="scap_hostile_comp_oval.xml" timestamp="2026-01-01T00:00:00">
<oval_definitions $NS_DEFS>
<generator><oval:schema_version>5.11</oval:schema_version><oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>
<definitions>
<definition id="oval:h:def:1" version="1" class="compliance"><metadata><title>no host PID</title><description>d</description></metadata>
<criteria><criterion test_ref="oval:h:tst:1"/></criteria></definition>
<definition id="oval:h:def:2" version="1" class="compliance"><metadata><title>spare</title><description>d</description></metadata>
<criteria><criterion test_ref="oval:h:tst:1"/></criteria></definition>
</definitions>
<tests><c:container_test id="oval:h:tst:1" version="1" check="all" check_existence="any_exist" comment="c">
<c:object object_ref="oval:h:obj:1"/><c:state state_ref="oval:h:ste:1"/></c:container_test></tests>
<objects><c:container_object id="oval:h:obj:1" version="1"><c:id operation="pattern match">.*</c:id>
<c:exclude_names operation="pattern match" var_ref="oval:h:var:1"/></c:container_object></objects>
<states><c:container_state id="oval:h:ste:1" version="1" operator="OR">
<c:effective_pid_mode operation="not equal">host</c:effective_pid_mode>
<c:excluded datatype="boolean">true</c:excluded></c:container_state></states>
<variables><external_variable id="oval:h:var:1" version="1" datatype="string" comment="names"/></variables>
</oval_definitions>
</ds:component>
</ds:data-stream-collection>
EOF
}
MINI=$T/mini.xml
mini_ds >"$MINI"

# variant NAME SED-SCRIPT [BASE]: $T/NAME.xml, BASE (default the one-rule data
# stream) edited by sed; not ok when the edit changed nothing.
variant() {
	local name=$1 script=$2 base=${3:-$MINI}
	sed -e "$script" "$base" >"$T/$name.xml"
	if cmp -s "$base" "$T/$name.xml"; then
		not_ok "$name: fixture: the edit did not apply to $base"
		return 1
	fi
	return 0
}

# ----------------------------------------------------------------- runner

SAN_PATTERN='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer|ThreadSanitizer'

# run NAME ARGS...: one cscap run; RC, $T/log/NAME.{out,err}
run() {
	local name=$1
	shift
	timeout -k 5 "$TIMEOUT" "$CSCAP" "$@" >"$T/log/$name.out" 2>"$T/log/$name.err"
	RC=$?
	printf '%s\n' "$CSCAP $*" "exit status $RC" >"$T/log/$name.cmd"
}

# no_crash DESC NAME: no signal, no timeout, no sanitizer report
no_crash() {
	local desc=$1 name=$2 why=
	if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
		why="timed out after ${TIMEOUT}s"
	elif [ "$RC" -gt 128 ]; then
		why="killed by signal $((RC - 128))"
	elif grep -Eq "$SAN_PATTERN" "$T/log/$name.err"; then
		why="sanitizer report"
	fi
	if [ -z "$why" ]; then
		ok "$desc: no crash, no sanitizer report"
	else
		not_ok "$desc: no crash, no sanitizer report ($why)"
		diag "$T/log/$name.err" 12
	fi
}

# refused DESC NAME FILE: exit 1 and one stderr line that names FILE
refused() {
	local desc=$1 name=$2 file=$3 lines base
	lines=$(grep -c '' "$T/log/$name.err")
	base=$(basename "$file")
	if [ "$RC" -eq 1 ] && [ "$lines" -eq 1 ] && grep -qF "$base" "$T/log/$name.err"; then
		ok "$desc: refused (exit 1, one line naming the file)"
	else
		not_ok "$desc: refused (exit 1, one line naming the file): exit $RC, $lines lines on stderr"
		diag "$T/log/$name.err" 4
		[ "$RC" -ne 1 ] && diag "$T/log/$name.out" 4
	fi
}

# untouched DESC FILE SUM: FILE still has checksum SUM, and no temporary file beside it
untouched() {
	local desc=$1 file=$2 sum=$3 now left
	now=$(sha256sum <"$file" 2>/dev/null | cut -d' ' -f1)
	left=$(find "$(dirname "$file")" -maxdepth 1 -name ".$(basename "$file").*" | head -n 1)
	if [ "$now" = "$sum" ] && [ -z "$left" ]; then
		ok "$desc: the previous --results-arf file is untouched"
	else
		not_ok "$desc: the previous --results-arf file is untouched${left:+ (left behind: $left)}"
		[ "$now" != "$sum" ] && echo "#   the file was replaced or changed"
	fi
}

# never_pass DESC NAME: the host-PID rule (of the one-rule or the real data
# stream) is not reported "pass"
never_pass() {
	if grep -Eq "^pass +($RULE|$REAL_RULE)\$" "$T/log/$2.out"; then
		not_ok "$1: never a pass (the host-PID container must not pass the PID rule)"
		diag "$T/log/$2.out" 3
	else
		ok "$1: never a pass"
	fi
}

# expect_refused CASE FILE [COMMANDS...]: every command refuses FILE.
# Commands: info info-skip validate eval eval-skip (default all five).
expect_refused() {
	local case=$1 file=$2 cmd name arf sum
	shift 2
	[ $# -eq 0 ] && set -- info info-skip validate eval eval-skip
	for cmd in "$@"; do
		name=$case.$cmd
		case $cmd in
		info) run "$name" info "$file" ;;
		info-skip) run "$name" info --skip-validation "$file" ;;
		validate) run "$name" validate "$file" ;;
		eval | eval-skip)
			arf=$T/out/$name.arf
			printf 'previous results of %s %s\n' "$name" "$RANDOM$RANDOM" >"$arf"
			sum=$(sha256sum <"$arf" | cut -d' ' -f1)
			# The one-rule data stream's profile; the benchmark's defaults otherwise.
			local profile=()
			grep -q "id=\"$PROFILE\"" "$file" 2>/dev/null && profile=(--profile "$PROFILE")
			if [ "$cmd" = eval ]; then
				run "$name" xccdf eval --root "$HOSTROOT" "${profile[@]}" --results-arf "$arf" "$file"
			else
				run "$name" xccdf eval --skip-validation --root "$HOSTROOT" "${profile[@]}" \
					--results-arf "$arf" "$file"
			fi
			;;
		esac
		refused "$case: $cmd" "$name" "$file"
		no_crash "$case: $cmd" "$name"
		case $cmd in
		eval*)
			untouched "$case: $cmd" "$arf" "$sum"
			never_pass "$case: $cmd" "$name"
			;;
		esac
	done
}

# expect_refused_or_judged CASE FILE: content that may be refused, or
# evaluated: never a crash; refused is exit 1 with one line naming the file;
# evaluated means info/validate succeed and $RULE is "fail" (exit 2).
expect_refused_or_judged() {
	local case=$1 file=$2 cmd name lines
	for cmd in info info-skip validate eval eval-skip; do
		name=$case.$cmd
		case $cmd in
		info) run "$name" info "$file" ;;
		info-skip) run "$name" info --skip-validation "$file" ;;
		validate) run "$name" validate "$file" ;;
		eval) run "$name" xccdf eval --root "$HOSTROOT" --profile "$PROFILE" --results-arf "$T/out/$name.arf" "$file" ;;
		eval-skip) run "$name" xccdf eval --skip-validation --root "$HOSTROOT" --profile "$PROFILE" \
			--results-arf "$T/out/$name.arf" "$file" ;;
		esac
		lines=$(grep -c '' "$T/log/$name.err")
		if [ "$RC" -eq 1 ] && [ "$lines" -eq 1 ] && grep -qF "$(basename "$file")" "$T/log/$name.err"; then
			ok "$case: $cmd: refused (exit 1, one line naming the file)"
		elif [ "$cmd" != eval ] && [ "$cmd" != eval-skip ] && [ "$RC" -eq 0 ]; then
			ok "$case: $cmd: accepted (exit 0)"
		elif [ "$RC" -eq 2 ] && grep -Eq "^fail +$RULE\$" "$T/log/$name.out"; then
			ok "$case: $cmd: judged ($RULE fail, exit 2)"
		else
			not_ok "$case: $cmd: refused with one line, or judged correctly (exit $RC, $lines lines on stderr)"
			diag "$T/log/$name.err" 3
		fi
		no_crash "$case: $cmd" "$name"
	done
}

# ---------------------------------------------------------------- baseline

echo "# baseline: the fixtures are meaningful"
run base.info info "$DS"
same "baseline: the real data stream loads (cscap info)" "$RC" 0
run base.mini validate "$MINI"
same "baseline: the one-rule data stream validates" "$RC" 0
run base.eval xccdf eval --root "$HOSTROOT" --profile "$PROFILE" --results-arf "$T/out/base.arf" "$MINI"
same "baseline: the one-rule data stream fails with a host-PID container (exit 2)" "$RC" 2
if grep -Eq "^fail +$RULE\$" "$T/log/base.eval.out"; then
	ok "baseline: $RULE is fail"
else
	not_ok "baseline: $RULE is fail"
	diag "$T/log/base.eval.out" 3
	diag "$T/log/base.eval.err" 3
fi
no_crash "baseline: eval" base.eval
run base.real xccdf eval --root "$HOSTROOT" --results-arf "$T/out/base-real.arf" "$DS"
if grep -Eq "^fail +$REAL_RULE\$" "$T/log/base.real.out"; then
	ok "baseline: the real data stream's $REAL_RULE is fail on the same root"
else
	skip "baseline: the real data stream's $REAL_RULE is fail on the same root (not in $DS; never-pass checks use $RULE only)"
fi

# -------------------------------------------------------- parser attacks

# A file that must never be read; its text must never show up anywhere.
SECRET=$T/secret.txt
MARKER="cscap-hostile-marker-$RANDOM$RANDOM"
echo "$MARKER" >"$SECRET"
marker_absent() { # DESC
	if grep -rqF "$MARKER" "$T/out" "$T/log"; then
		not_ok "$1: the referenced file's text appears nowhere"
		grep -rlF "$MARKER" "$T/out" "$T/log" | sed 's/^/#   in /' | head -n 3
	else
		ok "$1: the referenced file's text appears nowhere"
	fi
}

# with_doctype NAME DOCTYPE REFERENCE: the real data stream with a DOCTYPE
# after the XML declaration and REFERENCE as the text of its first title.
with_doctype() {
	local name=$1 doctype=$2 ref=$3
	if ! head -n 1 "$DS" | grep -q '^<?xml '; then
		not_ok "$name: fixture: $DS does not start with an XML declaration"
		return 1
	fi
	{
		head -n 1 "$DS"
		printf '%s\n' "$doctype"
		tail -n +2 "$DS" | sed "0,/<title>/s//<title>$ref/"
	} >"$T/$name.xml"
}

echo "# XXE, entities, DOCTYPE"
with_doctype xxe-file "<!DOCTYPE ds:data-stream-collection [<!ENTITY xxe SYSTEM \"file://$SECRET\">]>" '\&xxe;' &&
	expect_refused xxe-file "$T/xxe-file.xml"
with_doctype xxe-url '<!DOCTYPE ds:data-stream-collection [<!ENTITY xxe SYSTEM "http://198.51.100.7/cscap-xxe">]>' '\&xxe;' &&
	expect_refused xxe-url "$T/xxe-url.xml"
with_doctype xxe-param "<!DOCTYPE ds:data-stream-collection [<!ENTITY % p SYSTEM \"file://$SECRET\"> %p;]>" '' &&
	expect_refused parameter-entity "$T/xxe-param.xml"
with_doctype dtd-external '<!DOCTYPE ds:data-stream-collection SYSTEM "http://198.51.100.7/cscap.dtd">' '' &&
	expect_refused external-dtd "$T/dtd-external.xml"
with_doctype doctype-plain '<!DOCTYPE ds:data-stream-collection>' '' &&
	expect_refused doctype "$T/doctype-plain.xml"
lol='<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
for i in 2 3 4 5 6 7 8 9; do
	p=$((i - 1))
	lol="$lol<!ENTITY lol$i \"&lol$p;&lol$p;&lol$p;&lol$p;&lol$p;&lol$p;&lol$p;&lol$p;&lol$p;&lol$p;\">"
done
with_doctype billion-laughs "<!DOCTYPE ds:data-stream-collection [$lol]>" '\&lol9;' &&
	expect_refused billion-laughs "$T/billion-laughs.xml"
big=$(head -c 50000 /dev/zero | tr '\0' a)
refs=$(for _ in $(seq 1 2000); do printf '&b;'; done)
printf '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY b "%s">]>\n<x>%s</x>\n' "$big" "$refs" >"$T/quadratic-entity.xml"
expect_refused quadratic-entity "$T/quadratic-entity.xml"
marker_absent "XXE and parameter entities"

echo "# sizes and shapes libxml2 must bound"
# Quadratic blow-up without a DOCTYPE: one start tag with 150,000 attributes
# (2 MB).  libxml2 2.9 checks attribute names pairwise; the file must still be
# refused within the time limit (30 s here).
{
	printf '<?xml version="1.0"?>\n<ds:data-stream-collection xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2" '
	seq 1 150000 | sed 's/.*/a&="1"/' | tr '\n' ' '
	printf '/>\n'
} >"$T/many-attributes.xml"
TIMEOUT_SAVED=$TIMEOUT
TIMEOUT=30
expect_refused quadratic-attributes "$T/many-attributes.xml" info-skip eval-skip
TIMEOUT=$TIMEOUT_SAVED
{
	printf '<?xml version="1.0"?>\n'
	yes '<a>' | head -n 1000000 | tr -d '\n'
} >"$T/deep.xml"
expect_refused nesting-1M-deep "$T/deep.xml"
# A 100 MB text node inside an otherwise valid data stream (the first description).
{
	sed -n '0,/<description>/p' "$DS" | sed '$s/<description>.*//'
	printf '<description>'
	head -c $((100 * 1024 * 1024)) /dev/zero | tr '\0' x
	sed -n '/<description>/,$p' "$DS" | sed '1s/.*<description>//'
} >"$T/text-100mb.xml"
if [ "$(stat -c %s "$T/text-100mb.xml")" -gt $((100 * 1024 * 1024)) ] && cmp -s <(tail -c 200 "$DS") <(tail -c 200 "$T/text-100mb.xml"); then
	expect_refused text-node-100MB "$T/text-100mb.xml"
else
	not_ok "text-node-100MB: fixture could not be made from $DS"
fi
rm -f "$T/text-100mb.xml" "$T/many-attributes.xml" "$T/deep.xml"

# A standalone benchmark whose OVAL file is a FIFO: opening it must not hang.
mkdir -p "$T/fifo"
mkfifo "$T/fifo/oval.xml"
cat >"$T/fifo/benchmark.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.1" id="hostile-fifo" resolved="1"><status>draft</status><title>t</title><version>1</version>
<Rule id="r1" weight="1"><title>r</title>
<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5"><check-content-ref href="oval.xml" name="oval:h:def:1"/></check></Rule>
</Benchmark>
EOF
TIMEOUT=20
expect_refused oval-file-is-a-fifo "$T/fifo/benchmark.xml" info info-skip eval-skip
TIMEOUT=$TIMEOUT_SAVED

echo "# bytes and namespaces"
sed '0,/<title>/s//<title>\xc3\x28 \xff\xfe \xed\xa0\x80/' "$DS" >"$T/invalid-utf8.xml"
expect_refused invalid-utf8 "$T/invalid-utf8.xml"
printf '<?xml version="1.0" encoding="UTF-8"?>\n<x>\xe9t\xe9</x>\n' >"$T/latin1-as-utf8.xml"
expect_refused latin1-bytes "$T/latin1-as-utf8.xml"
variant wrong-ns-xccdf 's|xmlns="http://checklists.nist.gov/xccdf/1.2"|xmlns="http://checklists.nist.gov/xccdf/1.3"|' "$DS" &&
	expect_refused wrong-namespace-benchmark "$T/wrong-ns-xccdf.xml"
variant wrong-ns-oval 's|<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"|<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-6"|' &&
	expect_refused wrong-namespace-oval "$T/wrong-ns-oval.xml"
variant wrong-ns-ds 's|xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2"|xmlns:ds="http://scap.nist.gov/schema/scap/source/9.9"|' "$DS" &&
	expect_refused wrong-namespace-collection "$T/wrong-ns-ds.xml"
variant no-ns-ds 's| xmlns:ds="[^"]*"||' "$DS" &&
	expect_refused undeclared-prefix "$T/no-ns-ds.xml"
variant no-ns-at-all 's/ xmlns\(:[a-z-]*\)\?="[^"]*"//g; s/<\([a-z-]*\):/</g; s/<\/\([a-z-]*\):/<\//g; s/ \(xlink\|cat\):/ /g' &&
	expect_refused missing-namespace "$T/no-ns-at-all.xml"
printf '' >"$T/empty.xml"
expect_refused empty-file "$T/empty.xml"
head -c 4000 "$DS" >"$T/truncated.xml"
expect_refused truncated "$T/truncated.xml"

echo "# XInclude is not processed"
# In OVAL metadata (the schema allows any element at its end): loads, and the
# included file is neither opened nor copied anywhere.
XI="<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://$SECRET\" parse=\"text\"/>"
awk -v xi="$XI" '/<oval_definitions/ {in_oval = 1}
	in_oval && !done && /<\/metadata>/ {sub(/<\/metadata>/, xi "</metadata>"); done = 1} {print}' \
	"$DS" >"$T/xinclude.xml"
if grep -q 'xi:include' "$T/xinclude.xml"; then
	run xinclude.eval xccdf eval --root "$HOSTROOT" --results-arf "$T/out/xinclude.arf" "$T/xinclude.xml"
	if [ "$RC" -eq 0 ] || [ "$RC" -eq 2 ]; then
		ok "xinclude: a valid data stream with an xi:include is evaluated (exit $RC)"
	else
		not_ok "xinclude: a valid data stream with an xi:include is evaluated (exit $RC)"
		diag "$T/log/xinclude.eval.err" 3
	fi
	no_crash "xinclude: eval" xinclude.eval
	if command -v strace >/dev/null 2>&1; then
		ASAN_OPTIONS=detect_leaks=0 timeout "$TIMEOUT" strace -f -qq -e trace=open,openat,openat2 \
			-o "$T/log/xinclude.strace" "$CSCAP" xccdf eval --root "$HOSTROOT" \
			--results-arf "$T/out/xinclude2.arf" "$T/xinclude.xml" >/dev/null 2>&1
		if grep -qF "$SECRET" "$T/log/xinclude.strace"; then
			not_ok "xinclude: the included file is never opened"
			grep -F "$SECRET" "$T/log/xinclude.strace" | head -n 2 | sed 's/^/#   /'
		else
			ok "xinclude: the included file is never opened"
		fi
	else
		skip "xinclude: the included file is never opened (no strace)"
	fi
	marker_absent "xinclude"
else
	not_ok "xinclude: fixture: no OVAL metadata in $DS"
fi
# Where the schema does not allow it: refused like any invalid content by what
# validates (cscap info, like oscap info, does not; the include is never
# followed either way: the marker stays out of every output).
variant xinclude-invalid "0,/<title>/s||<title><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://$SECRET\" parse=\"text\"/>|" "$DS" &&
	expect_refused xinclude-in-title "$T/xinclude-invalid.xml" validate eval
if [ -s "$T/xinclude-invalid.xml" ]; then
	"$CSCAP" info "$T/xinclude-invalid.xml" >"$T/log/xinclude-info.out" 2>&1
	check "xinclude-in-title: info shows the content without following the include" \
		sh -c "! grep -qF '$MARKER' '$T/log/xinclude-info.out'"
fi
marker_absent "xinclude in a title"

echo "# xsi:schemaLocation is never fetched"
variant schemaloc 's|<ds:data-stream-collection |<ds:data-stream-collection xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://scap.nist.gov/schema/scap/source/1.2 http://198.51.100.7/cscap/ds.xsd http://checklists.nist.gov/xccdf/1.2 https://198.51.100.7/cscap/xccdf.xsd" |' "$DS"
# no_network DESC ARGS...: no connect() other than AF_UNIX (nscd, an engine socket) under strace
no_network() {
	local desc=$1 log=$T/log/net.$RANDOM.strace
	shift
	if ! command -v strace >/dev/null 2>&1; then
		skip "$desc: no connect() to the network (no strace)"
		return 0
	fi
	ASAN_OPTIONS=detect_leaks=0 timeout "$TIMEOUT" strace -f -qq -e trace=connect,sendto,sendmsg \
		-o "$log" "$CSCAP" "$@" >/dev/null 2>&1
	if grep -E 'AF_INET|AF_INET6' "$log" | grep -q .; then
		not_ok "$desc: no connect() to the network"
		grep -E 'AF_INET|AF_INET6' "$log" | head -n 3 | sed 's/^/#   /'
	else
		ok "$desc: no connect() to the network"
	fi
}
if [ -f "$T/schemaloc.xml" ]; then
	run schemaloc.validate validate "$T/schemaloc.xml"
	same "schemaLocation: validate answers from the local schemas (exit 0)" "$RC" 0
	no_network "schemaLocation: validate" validate "$T/schemaloc.xml"
	no_network "schemaLocation: eval" xccdf eval --root "$HOSTROOT" --results-arf "$T/out/sl.arf" "$T/schemaloc.xml"
	no_network "xxe-url: eval" xccdf eval --root "$HOSTROOT" --results-arf "$T/out/xu.arf" "$T/xxe-url.xml"
	no_network "external DTD: validate" validate "$T/dtd-external.xml"
	if [ "$(id -u)" -eq 0 ] && unshare --net true 2>/dev/null; then
		run schemaloc.eval xccdf eval --root "$HOSTROOT" --results-arf "$T/out/sl1.arf" "$T/schemaloc.xml"
		rc_net=$RC
		timeout "$TIMEOUT" unshare --net "$CSCAP" xccdf eval --root "$HOSTROOT" \
			--results-arf "$T/out/sl2.arf" "$T/schemaloc.xml" >/dev/null 2>&1
		same "schemaLocation: the same verdict without any network (unshare --net)" "$?" "$rc_net"
	else
		skip "schemaLocation: the same verdict without any network (needs root for unshare --net)"
	fi
fi

# ------------------------------------------------- valid, but inconsistent

echo "# schema-valid but inconsistent content (the one-rule data stream, broken)"
variant dangling-check-name 's|name="oval:h:def:1"|name="oval:h:def:404"|' &&
	expect_refused dangling-check-content-ref-name "$T/dangling-check-name.xml"
variant dangling-check-href 's|<check-content-ref href="oval.xml"|<check-content-ref href="missing-oval.xml"|' &&
	expect_refused dangling-check-content-ref-href "$T/dangling-check-href.xml"
variant dangling-test '0,/test_ref="oval:h:tst:1"/s//test_ref="oval:h:tst:404"/' &&
	expect_refused dangling-test_ref "$T/dangling-test.xml"
variant dangling-object 's|object_ref="oval:h:obj:1"|object_ref="oval:h:obj:404"|' &&
	expect_refused dangling-object_ref "$T/dangling-object.xml"
variant dangling-state 's|state_ref="oval:h:ste:1"|state_ref="oval:h:ste:404"|' &&
	expect_refused dangling-state_ref "$T/dangling-state.xml"
variant dangling-var 's|var_ref="oval:h:var:1"|var_ref="oval:h:var:404"|' &&
	expect_refused dangling-var_ref "$T/dangling-var.xml"
variant dangling-export 's|value-id="xccdf_hostile_value_exclude"|value-id="xccdf_hostile_value_missing"|' &&
	expect_refused dangling-check-export "$T/dangling-export.xml"
variant dangling-catalog 's|uri="#scap_hostile_cref_oval.xml"|uri="#scap_hostile_cref_missing.xml"|' &&
	expect_refused dangling-catalog-uri "$T/dangling-catalog.xml"
variant dangling-component 's|<ds:component-ref id="scap_hostile_cref_oval.xml" xlink:href="#scap_hostile_comp_oval.xml"/>|<ds:component-ref id="scap_hostile_cref_oval.xml" xlink:href="#scap_hostile_comp_missing.xml"/>|' &&
	expect_refused dangling-component-ref "$T/dangling-component.xml"
# Local variables in a cycle, used by the state: an error, never a pass.
LOCALS='<local_variable id="oval:h:var:10" version="1" datatype="string" comment="a"><variable_component var_ref="oval:h:var:11"/></local_variable><local_variable id="oval:h:var:11" version="1" datatype="string" comment="b"><variable_component var_ref="oval:h:var:10"/></local_variable><local_variable id="oval:h:var:12" version="1" datatype="string" comment="self"><variable_component var_ref="oval:h:var:12"/></local_variable>'
variant variable-cycle "s|<c:effective_pid_mode operation=\"not equal\">host</c:effective_pid_mode>|<c:effective_pid_mode operation=\"not equal\" var_ref=\"oval:h:var:10\"/>|; s|</variables>|$LOCALS</variables>|" &&
	expect_refused variable-cycle "$T/variable-cycle.xml"
variant variable-self-cycle "s|<c:effective_pid_mode operation=\"not equal\">host</c:effective_pid_mode>|<c:effective_pid_mode operation=\"not equal\" var_ref=\"oval:h:var:12\"/>|; s|</variables>|$LOCALS</variables>|" &&
	expect_refused variable-self-cycle "$T/variable-self-cycle.xml"
variant extend-self 's|<criteria><criterion test_ref="oval:h:tst:1"/></criteria></definition>|<criteria><extend_definition definition_ref="oval:h:def:1"/><criterion test_ref="oval:h:tst:1"/></criteria></definition>|' &&
	expect_refused extend_definition-self "$T/extend-self.xml"
variant extend-cycle '0,/<criteria><criterion test_ref="oval:h:tst:1"\/><\/criteria>/s//<criteria><extend_definition definition_ref="oval:h:def:2"\/><\/criteria>/; s|<criteria><criterion test_ref="oval:h:tst:1"/></criteria>|<criteria><extend_definition definition_ref="oval:h:def:1"/></criteria>|' &&
	expect_refused extend_definition-cycle "$T/extend-cycle.xml"
# No cycle, but a chain of 30,000 extend_definitions (6 MB, schema-valid):
# whatever walks it must not run out of stack.
awk '{ print }' "$MINI" | sed '0,/<criteria><criterion test_ref="oval:h:tst:1"\/><\/criteria>/s//<criteria><extend_definition definition_ref="oval:h.chain:def:1"\/><\/criteria>/' |
	awk -v n=30000 '/<\/definitions>/ {
		for (i = 1; i < n; i++)
			printf "<definition id=\"oval:h.chain:def:%d\" version=\"1\" class=\"compliance\"><metadata><title>c</title><description>d</description></metadata><criteria><extend_definition definition_ref=\"oval:h.chain:def:%d\"/></criteria></definition>\n", i, i + 1
		printf "<definition id=\"oval:h.chain:def:%d\" version=\"1\" class=\"compliance\"><metadata><title>c</title><description>d</description></metadata><criteria><criterion test_ref=\"oval:h:tst:1\"/></criteria></definition>\n", n
	} { print }' >"$T/extend-chain.xml"
if grep -q 'oval:h.chain:def:30000' "$T/extend-chain.xml" && grep -q 'definition_ref="oval:h.chain:def:1"' "$T/extend-chain.xml"; then
	expect_refused_or_judged extend_definition-chain-30000 "$T/extend-chain.xml"
else
	not_ok "extend_definition-chain-30000: fixture could not be made"
fi
rm -f "$T/extend-chain.xml"
variant profile-self "s|<Profile id=\"$PROFILE\" extends=\"xccdf_hostile_profile_0\">|<Profile id=\"$PROFILE\" extends=\"$PROFILE\">|" &&
	expect_refused profile-extends-itself "$T/profile-self.xml"
variant profile-cycle "s|<Profile id=\"xccdf_hostile_profile_0\">|<Profile id=\"xccdf_hostile_profile_0\" extends=\"$PROFILE\">|" &&
	expect_refused profile-extends-cycle "$T/profile-cycle.xml"
variant profile-missing "s|extends=\"xccdf_hostile_profile_0\"|extends=\"xccdf_hostile_profile_404\"|" &&
	expect_refused profile-extends-missing "$T/profile-missing.xml"
variant duplicate-def 's|<definition id="oval:h:def:2"|<definition id="oval:h:def:1"|' &&
	expect_refused duplicate-definition-id "$T/duplicate-def.xml"

# ------------------------------------- results stay well-formed XML

echo "# what cscap writes stays well-formed, whatever names valid content uses"
# written_ok CASE FILE: the scan runs, and the ARF and XCCDF results it
# writes are well-formed (namespaces included) and valid.
written_ok() {
	local case=$1 file=$2 name=written.$1
	run "$name" xccdf eval --root "$HOSTROOT" --profile "$PROFILE" --results-arf "$T/out/$case.arf" \
		--results "$T/out/$case.xccdf.xml" "$file"
	if [ "$RC" -eq 2 ] && grep -Eq "^fail +$RULE\$" "$T/log/$name.out"; then
		ok "$case: the content is evaluated ($RULE fail, exit 2)"
	else
		not_ok "$case: the content is evaluated ($RULE fail, exit 2; got exit $RC)"
		diag "$T/log/$name.err" 3
	fi
	no_crash "$case: eval" "$name"
	for out in "$T/out/$case.arf" "$T/out/$case.xccdf.xml"; do
		if [ ! -s "$out" ]; then
			not_ok "$case: $(basename "$out") is written"
		elif xmllint --noout --nonet "$out" >"$T/log/$name.xmllint" 2>&1 && [ ! -s "$T/log/$name.xmllint" ]; then
			# (xmllint exits 0 on namespace errors: its silence is the test)
			ok "$case: $(basename "$out") is well-formed XML, namespaces included"
		else
			not_ok "$case: $(basename "$out") is well-formed XML, namespaces included"
			head -n 2 "$T/log/$name.xmllint" | cut -c1-200 | sed 's/^/#   /'
		fi
	done
	run "$name.validate" validate "$T/out/$case.arf"
	same "$case: the ARF validates" "$RC" 0
	[ "$RC" -ne 0 ] && head -n 1 "$T/log/$name.validate.err" | cut -c1-200 | sed 's/^/#   /'
}
need_packages libxml2-utils:xmllint
P300=$(printf 'p%.0s' {1..300})
variant long-prefix "s/xmlns:c=/xmlns:$P300=/; s/<c:/<$P300:/g; s/<\\/c:/<\\/$P300:/g" &&
	written_ok namespace-prefix-300-chars "$T/long-prefix.xml"
L600=$(printf 'a%.0s' {1..600})
variant long-names "0,/<\\/metadata>/s||<m-$L600 xmlns=\"urn:cscap:hostile\" a${L600}1=\"1\" a${L600}2=\"2\"/></metadata>|" &&
	written_ok names-600-chars "$T/long-names.xml"
if [ -s "$T/out/names-600-chars.arf" ]; then
	if grep -q "<m-$L600 " "$T/out/names-600-chars.arf"; then
		ok "names-600-chars: the element keeps its name in the ARF"
	else
		not_ok "names-600-chars: the element keeps its name in the ARF (truncated)"
	fi
fi

# ------------------------------------------------------ output over input

echo "# an output path that is the content"
cp "$DS" "$T/content-copy.xml"
SUM=$(sha256sum <"$T/content-copy.xml" | cut -d' ' -f1)
ln -s content-copy.xml "$T/content-link.xml"
ln "$T/content-copy.xml" "$T/content-hardlink.xml"
for how in same-path symlink hardlink; do
	case $how in
	same-path) out=$T/content-copy.xml ;;
	symlink) out=$T/content-link.xml ;;
	hardlink) out=$T/content-hardlink.xml ;;
	esac
	for opt in --results-arf --results; do
		name=overwrite.$how$opt
		run "$name" xccdf eval --root "$HOSTROOT" "$opt" "$out" "$T/content-copy.xml"
		lines=$(grep -c '' "$T/log/$name.err")
		if [ "$RC" -eq 1 ] && grep -q 'content being evaluated\|refus' "$T/log/$name.err"; then
			ok "output over input ($how, $opt): refused with exit 1"
		else
			not_ok "output over input ($how, $opt): refused with exit 1 (exit $RC)"
			diag "$T/log/$name.err" 3
		fi
		same "output over input ($how, $opt): one line on stderr" "$lines" 1
		same "output over input ($how, $opt): the content is unchanged" \
			"$(sha256sum <"$T/content-copy.xml" | cut -d' ' -f1)" "$SUM"
		no_crash "output over input ($how, $opt)" "$name"
	done
done

# The tailoring file is content too: results must not overwrite it.
if "$CSCAP" --help 2>/dev/null | grep -q -- '--tailoring-file'; then
	make_tailoring() {
		printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
			'<xccdf:Tailoring xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2" id="xccdf_hostile_tailoring_1">' \
			'  <xccdf:benchmark href="mini.xml"/>' \
			'  <xccdf:version time="2026-01-01T00:00:00">1</xccdf:version>' \
			"  <xccdf:Profile id=\"xccdf_hostile_profile_tailored\" extends=\"$PROFILE\"><xccdf:title>tailored</xccdf:title></xccdf:Profile>" \
			'</xccdf:Tailoring>' >"$T/tailoring.xml"
	}
	for opt in --results-arf --results; do
		make_tailoring
		tsum=$(sha256sum <"$T/tailoring.xml" | cut -d' ' -f1)
		name=overwrite.tailoring$opt
		run "$name" xccdf eval --root "$HOSTROOT" --tailoring-file "$T/tailoring.xml" \
			--profile xccdf_hostile_profile_tailored "$opt" "$T/tailoring.xml" "$MINI"
		if [ "$RC" -eq 1 ] && [ "$(grep -c '' "$T/log/$name.err")" -eq 1 ]; then
			ok "output over the tailoring file ($opt): refused with exit 1 and one line"
		else
			not_ok "output over the tailoring file ($opt): refused with exit 1 and one line (exit $RC)"
			diag "$T/log/$name.err" 3
		fi
		same "output over the tailoring file ($opt): the tailoring file is unchanged" \
			"$(sha256sum <"$T/tailoring.xml" | cut -d' ' -f1)" "$tsum"
		no_crash "output over the tailoring file ($opt)" "$name"
	done
else
	skip "output over the tailoring file (this cscap has no --tailoring-file)"
fi

# ---------------------------------------------------- fuzz corpus replay

echo "# the fuzz corpus (every input that once crashed a target is in it)"
REPLAY_DIR=$(dirname "$CSCAP")/tests
for t in content oval_eval engine_reply offline cli; do
	bin=$REPLAY_DIR/fuzz_${t}_replay
	if [ ! -x "$bin" ]; then
		skip "fuzz corpus $t replays cleanly ($bin not built: make fuzz-replay)"
		continue
	fi
	if timeout -k 5 600 "$bin" "tests/fuzz/corpus/$t" >"$T/log/replay.$t" 2>&1; then
		ok "fuzz corpus $t replays cleanly ($(tail -n 1 "$T/log/replay.$t" | grep -o '[0-9]* inputs'))"
	else
		not_ok "fuzz corpus $t replays cleanly"
		diag "$T/log/replay.$t" 15
	fi
done

finish
