#!/usr/bin/env bash
# tests/fuzz/make_corpus.sh — (re)generate the synthetic seeds of the fuzz
# corpus in tests/fuzz/corpus/<target>/.  Seeds named real-* are kept as they
# are: replies and files captured from a real dockerd (Debian docker.io
# 20.10, started by tests/lib/engine.sh) and cscap's own OVAL source.
# Inputs that once crashed a target are named crash-* and are never touched.
#
# Usage: bash tests/fuzz/make_corpus.sh   (from anywhere; needs bash only)
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
C=$ROOT/tests/fuzz/corpus
mkdir -p "$C/content" "$C/oval_eval" "$C/engine_reply" "$C/offline" "$C/cli"

# ----------------------------------------------------------------- content
NS_DEFS='xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5" xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5" xmlns:c="urn:cscap:xml:oval-definitions-5#container"'
oval_min() { # the OVAL of the smallest data stream
	cat <<EOF
<oval_definitions $NS_DEFS>
<generator><oval:schema_version>5.11</oval:schema_version><oval:timestamp>2026-01-01T00:00:00</oval:timestamp></generator>
<definitions><definition id="oval:x:def:1" version="1" class="compliance"><metadata><title>t</title><description>d</description></metadata>
<criteria><criterion test_ref="oval:x:tst:1"/></criteria></definition></definitions>
<tests><c:container_test id="oval:x:tst:1" version="1" check="all" check_existence="any_exist" comment="c">
<c:object object_ref="oval:x:obj:1"/><c:state state_ref="oval:x:ste:1"/></c:container_test></tests>
<objects><c:container_object id="oval:x:obj:1" version="1"><c:id operation="pattern match">.*</c:id>
<c:exclude_names operation="pattern match" var_ref="oval:x:var:1"/></c:container_object></objects>
<states><c:container_state id="oval:x:ste:1" version="1" operator="OR">
<c:effective_pid_mode operation="not equal">host</c:effective_pid_mode>
<c:excluded datatype="boolean">true</c:excluded><c:scanner datatype="boolean">true</c:scanner></c:container_state></states>
<variables><external_variable id="oval:x:var:1" version="1" datatype="string" comment="names"/></variables>
</oval_definitions>
EOF
}
# ds_min [PROFILE-ATTRS]: a data stream with one rule, one Value, one profile
ds_min() {
	local extends=${1:-xccdf_x_profile_base}
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<ds:data-stream-collection xmlns:ds="http://scap.nist.gov/schema/scap/source/1.2" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:cat="urn:oasis:names:tc:entity:xmlns:xml:catalog" id="scap_x_collection_1" schematron-version="1.3">
<ds:data-stream id="scap_x_datastream_1" scap-version="1.3" use-case="CONFIGURATION" timestamp="2026-01-01T00:00:00">
<ds:checklists><ds:component-ref id="scap_x_cref_xccdf.xml" xlink:href="#scap_x_comp_xccdf.xml">
<cat:catalog><cat:uri name="oval.xml" uri="#scap_x_cref_oval.xml"/></cat:catalog></ds:component-ref></ds:checklists>
<ds:checks><ds:component-ref id="scap_x_cref_oval.xml" xlink:href="#scap_x_comp_oval.xml"/></ds:checks>
</ds:data-stream>
<ds:component id="scap_x_comp_xccdf.xml" timestamp="2026-01-01T00:00:00">
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.2" id="xccdf_x_benchmark_1" resolved="1" xml:lang="en">
<status>draft</status><title>t</title><version>1</version>
<Profile id="xccdf_x_profile_base"><title>base</title><select idref="xccdf_x_rule_1" selected="false"/></Profile>
<Profile id="xccdf_x_profile_1" extends="$extends"><title>p</title><select idref="xccdf_x_rule_1" selected="true"/>
<set-value idref="xccdf_x_value_1">ucp</set-value></Profile>
<Value id="xccdf_x_value_1" type="string" operator="equals"><title>v</title><value>ucp|kube|dtr</value></Value>
<Group id="xccdf_x_group_1"><title>g</title>
<Rule id="xccdf_x_rule_1" severity="medium" weight="10.0" selected="true"><version>X-1</version><title>r</title>
<ident system="http://cyber.mil/cci">CCI-001414</ident>
<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5">
<check-export value-id="xccdf_x_value_1" export-name="oval:x:var:1"/>
<check-content-ref href="oval.xml" name="oval:x:def:1"/></check></Rule>
<Rule id="xccdf_x_rule_2" role="unchecked"><title>manual</title>
<check system="http://scap.nist.gov/schema/ocil/2"><check-content-ref href="ocil.xml"/></check></Rule>
</Group></Benchmark></ds:component>
<ds:component id="scap_x_comp_oval.xml" timestamp="2026-01-01T00:00:00">
$(oval_min)
</ds:component>
</ds:data-stream-collection>
EOF
}
ds_min >"$C/content/ds-min.xml"
ds_min xccdf_x_profile_1 >"$C/content/ds-profile-extends-itself.xml"
ds_min | sed 's|<criterion test_ref="oval:x:tst:1"/>|<extend_definition definition_ref="oval:x:def:1"/><criterion test_ref="oval:x:tst:1"/>|' \
	>"$C/content/ds-extend-cycle.xml"
ds_min | sed 's|name="oval:x:def:1"|name="oval:x:def:404"|' >"$C/content/ds-dangling-ref.xml"
{ echo '<?xml version="1.0"?>'; oval_min; } >"$C/content/oval-min.xml"
cat >"$C/content/xccdf11-standalone.xml" <<'EOF'
<?xml version="1.0"?>
<Benchmark xmlns="http://checklists.nist.gov/xccdf/1.1" id="b" resolved="1"><status>draft</status><title>t</title><version>1</version>
<Profile id="p"><title>p</title><select idref="r" selected="true"/></Profile>
<Rule id="r" selected="false" weight="1"><title>r</title>
<check system="http://oval.mitre.org/XMLSchema/oval-definitions-5"><check-content-ref href="oval-min.xml" name="oval:x:def:1"/></check></Rule>
<Rule id="m"><title>manual</title><check system="C-1"><check-content-ref href="x"/></check></Rule>
</Benchmark>
EOF

# --------------------------------------------------------------- oval_eval
oval_min >"$C/oval_eval/oval-min.xml"
cat >"$C/oval_eval/oval-every-kind.xml" <<EOF
<oval_definitions $NS_DEFS>
<definitions>
<definition id="oval:x:def:1" version="1" class="compliance"><criteria operator="AND">
 <criterion test_ref="oval:x:tst:1"/><criteria operator="OR" negate="true"><criterion test_ref="oval:x:tst:2"/>
 <extend_definition definition_ref="oval:x:def:2" negate="true"/></criteria></criteria></definition>
<definition id="oval:x:def:2" version="1" class="vulnerability"><criteria operator="XOR">
 <criterion test_ref="oval:x:tst:3"/><criterion test_ref="oval:x:tst:4"/><criterion test_ref="oval:x:tst:5"/></criteria></definition>
<definition id="oval:x:def:3" version="1" class="inventory"><criteria operator="ONE">
 <criterion test_ref="oval:x:tst:6"/><criterion test_ref="oval:x:tst:7" applicability_check="true"/></criteria></definition>
<definition id="oval:x:def:4" version="1" class="patch"/>
</definitions>
<tests>
<c:container_test id="oval:x:tst:1" version="1" check="none satisfy" check_existence="any_exist"><c:object object_ref="oval:x:obj:1"/><c:state state_ref="oval:x:ste:host"/></c:container_test>
<c:container_test id="oval:x:tst:2" version="1" check="at least one" check_existence="at_least_one_exists" state_operator="OR"><c:object object_ref="oval:x:obj:2"/><c:state state_ref="oval:x:ste:mount"/><c:state state_ref="oval:x:ste:ints"/></c:container_test>
<c:container_test id="oval:x:tst:3" version="1" check="only one" check_existence="only_one_exists"><c:object object_ref="oval:x:obj:1"/><c:state state_ref="oval:x:ste:var"/></c:container_test>
<c:container_test id="oval:x:tst:4" version="1" check="all" check_existence="none_exist"><c:object object_ref="oval:x:obj:3"/></c:container_test>
<c:container_test id="oval:x:tst:5" version="1" check="all" check_existence="all_exist"><c:object object_ref="oval:x:obj:2"/><c:state state_ref="oval:x:ste:nil"/></c:container_test>
<c:container_test id="oval:x:tst:6" version="1" check="all"><c:object object_ref="oval:x:obj:other"/></c:container_test>
<c:container_test id="oval:x:tst:7" version="1" check="all" check_existence="any_exist"><c:object object_ref="oval:x:obj:4"/><c:state state_ref="oval:x:ste:ints"/></c:container_test>
</tests>
<objects>
<c:container_object id="oval:x:obj:1" version="1"><c:id operation="pattern match">.*</c:id><c:exclude_names operation="pattern match" var_ref="oval:x:var:ext"/></c:container_object>
<c:container_object id="oval:x:obj:2" version="1"><c:state operation="not equal">dead</c:state><c:name operation="case insensitive equals" var_ref="oval:x:var:const" var_check="at least one"/></c:container_object>
<c:container_object id="oval:x:obj:3" version="1"><c:pid_mode>container:nothing</c:pid_mode></c:container_object>
<c:container_object id="oval:x:obj:4" version="1"><c:exclude_names operation="pattern match">(unclosed</c:exclude_names></c:container_object>
<c:other_object xmlns:c="urn:cscap:xml:unknown" id="oval:x:obj:other" version="1"/>
</objects>
<states>
<c:container_state id="oval:x:ste:host" version="1"><c:effective_pid_mode>host</c:effective_pid_mode></c:container_state>
<c:container_state id="oval:x:ste:mount" version="1"><c:mount datatype="record" entity_check="at least one"><field name="source">/var/run/docker.sock</field><field name="rw" datatype="boolean">true</field></c:mount></c:container_state>
<c:container_state id="oval:x:ste:ints" version="1" operator="AND"><c:pids_limit datatype="int" operation="greater than">10</c:pids_limit><c:pid datatype="int" operation="bitwise and">1</c:pid><c:privileged datatype="boolean">false</c:privileged></c:container_state>
<c:container_state id="oval:x:ste:var" version="1"><c:pid_mode var_ref="oval:x:var:ext" operation="pattern match" var_check="all"/></c:container_state>
<c:container_state id="oval:x:ste:nil" version="1"><c:kernel_pid_mode xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/><c:image operation="pattern match">^busy</c:image></c:container_state>
</states>
<variables>
<external_variable id="oval:x:var:ext" version="1" datatype="string" comment="e"/>
<constant_variable id="oval:x:var:const" version="1" datatype="string" comment="k"><value>WEB</value><value>cscap</value></constant_variable>
<local_variable id="oval:x:var:local" version="1" datatype="string" comment="l"><variable_component var_ref="oval:x:var:local"/></local_variable>
</variables>
</oval_definitions>
EOF

# ------------------------------------------------------------ engine_reply
# (real-* seeds: captured replies, the first byte 0x00 = list, 0x01 = inspection)
printf '\x00[]' >"$C/engine_reply/list-empty.bin"
printf '\x00[{"Id":"%s"},{"Id":"%s"}]' "$(printf 'a%.0s' {1..64})" "$(printf 'b%.0s' {1..64})" \
	>"$C/engine_reply/list-two.bin"
printf '\x01{"Id":"abc","Name":"/n\\u001b[31m\\u0001","State":{"Status":"running","Pid":1},"HostConfig":{"PidMode":"host","PortBindings":{"80/tcp":[{"HostIp":"","HostPort":"8080"}]},"Ulimits":[{"Name":"nofile","Soft":1,"Hard":2}],"Devices":[{"PathOnHost":"/dev/kmsg"}]},"Config":{"Image":"x"},"Mounts":[{"Type":"bind","Source":"/","Destination":"/h","RW":true}]}' \
	>"$C/engine_reply/inspect-every-field.bin"

# ----------------------------------------------------------------- offline
# rec TYPE PATH DATA: one record of the archive (see fuzz_offline.c)
rec() {
	local type=$1 path=$2 data=$3 n
	n=${#data}
	printf "\\x$(printf %02x "$type")\\x$(printf %02x ${#path})%s\\x$(printf %02x $((n & 255)))\\x$(printf %02x $((n >> 8)))%s" \
		"$path" "$data"
}
CFG='{"ID":"@1","Name":"/web","Config":{"Image":"busybox"},"State":{"Running":true,"Pid":42,"StartedAt":"2026-01-01T00:00:00Z"},"MountPoints":{"/data":{"Source":"/srv","Destination":"/data","RW":true,"Type":"bind","Relabel":"z"}}}'
HC='{"PidMode":"host","Privileged":true,"CapAdd":["SYS_ADMIN"],"PidsLimit":100}'
{ rec 1 "@C" ""; rec 0 "@C/@1/config.v2.json" "$CFG"; rec 0 "@C/@1/hostconfig.json" "$HC"; } \
	>"$C/offline/one-host-container.bin"
{ rec 0 "etc/docker/daemon.json" '{"data-root":"/srv/docker"}'
  rec 0 "srv/docker/1000.1000/containers/@2/config.v2.json" "${CFG//@1/@2}"
  rec 0 "srv/docker/1000.1000/containers/@2/hostconfig.json" '{"PidMode":"container:@1"}'
  rec 1 "srv/docker/containers" ""; } >"$C/offline/remapped-data-root.bin"
{ rec 2 "var" "@B/var"; } >"$C/offline/link-to-bait.bin"
{ rec 1 "@C/@1" ""; rec 2 "@C/@1/config.v2.json" "../../../../../../@B/var/lib/docker/containers/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/config.v2.json"
  rec 0 "@C/@1/hostconfig.json" "$HC"; } >"$C/offline/relative-link-out.bin"
{ rec 1 "@C/@1" ""; rec 3 "@C/@1/config.v2.json" ""; rec 0 "@C/@1/hostconfig.json" "$HC"; } \
	>"$C/offline/fifo-config.bin"
{ rec 0 "etc/docker/daemon.json" '{"data-root":"@B/var/lib/docker"}'; } >"$C/offline/data-root-outside.bin"

# --------------------------------------------------------------------- cli
# first byte: 0x01 eval options, 0x00 info/validate options; arguments split at NUL
printf '\x01--profile\x00xccdf_x_profile_1\x00--results-arf=/tmp/a.xml\x00--rule\x00r1\x00--skip-rule=r2\x00--parallel\x0016\x00--timeout\x0030\x00content.xml' \
	>"$C/cli/eval-options.bin"
printf '\x00--skip-validation\x00--scap-schemas\x00/usr/share/openscap/schemas\x00--profile\x00x\x00content.xml' \
	>"$C/cli/info-refuses-eval-option.bin"
printf '\x01--root\x00/mnt\x00--engine=tcp://h:2376\x00--parallel=0\x00--timeout\x00-1\x00--\x00--rule\x00x' \
	>"$C/cli/bad-numbers.bin"
echo "corpus written to $C"
