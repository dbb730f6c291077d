#!/usr/bin/env bash
# tests/integration/plugin_test.sh — the example plugin (examples/plugin/)
# end to end through cscap(1): `--plugin` and `--plugin-dir` with xccdf eval
# and oval eval, results asserted in the output and in the result files; and
# the plugins cscap must refuse (another ABI version, an init that fails, a
# probe for a built-in object type, a file others can write).  The example
# content uses a namespace the official schemas do not know, so the scans
# skip validation.  No container engine is needed.  TAP output.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/tap.sh
. "$ROOT/tests/lib/tap.sh"
# shellcheck source=tests/lib/scap.sh
. "$ROOT/tests/lib/scap.sh"

CSCAP=${CSCAP:-build/cscap}
PLUGIN=${CSCAP_EXAMPLE_PLUGIN:-build/examples/plugin/cscap-example.so}
EX=examples/plugin
T=$(mktemp -d /tmp/cscap-plugin.XXXXXX)

# shellcheck disable=SC2317  # invoked from the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	remove_work_dir "$T"
	exit "$rc"
}
trap cleanup EXIT INT TERM

[ -x "$CSCAP" ] || { not_ok "cscap is built ($CSCAP)"; finish; }
if [ ! -f "$PLUGIN" ]; then
	PLUGIN=$T/cscap-example.so
	cc -std=c11 -D_GNU_SOURCE -Iinclude -fPIC -fvisibility=hidden -shared -o "$PLUGIN" \
		"$EX/example_plugin.c" || { not_ok "build the example plugin"; finish; }
fi
# (AddressSanitizer adds an __odr_asan marker for each exported variable.)
check "the plugin exports only cscap_plugin_abi and cscap_plugin_init" \
	test "$(nm -D --defined-only "$PLUGIN" | awk '{print $3}' | grep -v '^__odr_asan' | sort | tr '\n' ' ')" = \
	"cscap_plugin_abi cscap_plugin_init "

# xccdf eval RESULT-NAME [options...]: results in $T/NAME.xml, stdout/stderr beside, status in RC
scan() {
	local name=$1
	shift
	"$CSCAP" "$@" >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
}
line_result() { awk -v id="$2" '$2 == id {print $1}' "$T/$1.out"; }

# ---- xccdf eval: OVAL over the plugin's probe, and the plugin's check system
scan xccdf xccdf eval --skip-validation --plugin "$PLUGIN" --results "$T/xccdf.xml" \
	--results-arf "$T/arf.xml" "$EX/example-xccdf.xml"
same "xccdf eval with the plugin: exit 2 (two rules fail on purpose)" "$RC" 2
[ "$RC" = 2 ] || diag "$T/xccdf.err"
R=xccdf_org.cscap.example_rule_
for pair in hello:pass nobody:fail present:pass absent:fail not_absent:pass; do
	rule=$R${pair%%:*}
	want=${pair#*:}
	same "${pair%%:*}: $want on stdout" "$(line_result xccdf "$rule")" "$want"
	same "${pair%%:*}: $want in the XCCDF results" "$(rule_result "$T/xccdf.xml" "$rule")" "$want"
	same "${pair%%:*}: $want in the ARF" "$(rule_result "$T/arf.xml" "$rule")" "$want"
done
msg=$(xp "$T/xccdf.xml" "string(//*[local-name()='rule-result'][@idref='${R}absent']/*[local-name()='message'])")
case $msg in
*"/nonexistent/cscap-example: No such file or directory"*) ok "the check engine's message is the rule's evidence" ;;
*) not_ok "the check engine's message is the rule's evidence (got: $msg)" ;;
esac
same "the check written back names the plugin's system" \
	"$(xp "$T/xccdf.xml" "string(//*[local-name()='rule-result'][@idref='${R}present']/*[local-name()='check']/@system)")" \
	"urn:cscap:check:file-exists"
items=$(xp "$T/arf.xml" "count((//*[local-name()='oval_results'])[1]//*[local-name()='example_item'])")
same "the ARF carries the plugin's item as evidence (world, once)" "$items" 1

# ---- oval eval
scan oval oval eval --skip-validation --plugin "$PLUGIN" --oval-results "$T/oval.xml" "$EX/example-oval.xml"
same "oval eval with the plugin: exit 2 (one definition is false on purpose)" "$RC" 2
for id in $(xp "$EX/example-oval.xml" "//*[local-name()='definition']/@id" | sed 's/ id="\([^"]*\)"/\1\n/g'); do
	title=$(xp "$EX/example-oval.xml" "string(//*[local-name()='definition'][@id='$id']//*[local-name()='title'])")
	same "$id: $title" "$(line_result oval "$id")" "${title%%:*}"
done
greeting=$(xp "$T/oval.xml" "string(//*[local-name()='example_item'][*[local-name()='name']='world']/*[local-name()='greeting'])")
same "the item says hello" "$greeting" "hello, world"

# ---- without the plugin: not collected → unknown; an unknown check system → notchecked
scan bare xccdf eval --skip-validation "$EX/example-xccdf.xml"
same "without the plugin: the OVAL rule is unknown" "$(line_result bare "${R}hello")" unknown
same "without the plugin: the file-exists rule is notchecked" "$(line_result bare "${R}present")" notchecked

# ---- --plugin-dir
mkdir -p "$T/plugins"
cp "$PLUGIN" "$T/plugins/example.so"
chmod 755 "$T/plugins/example.so"
scan dir oval eval --skip-validation --plugin-dir "$T/plugins" "$EX/example-oval.xml"
same "--plugin-dir loads the plugins of the folder" "$(line_result dir oval:org.cscap.example:def:1)" true

# ---- refusals: each is exit 1 with one line naming the file
refused() { # NAME PATTERN DESCRIPTION
	if [ "$RC" = 1 ] && grep -q -- "$2" "$T/$1.err"; then
		ok "$3"
	else
		not_ok "$3 (exit $RC)"
		diag "$T/$1.err"
	fi
}
cat >"$T/old_abi.c" <<'EOF'
#include "cscap/plugin.h"
CSCAP_PLUGIN_EXPORT extern const int cscap_plugin_abi;
const int cscap_plugin_abi = 99;
CSCAP_PLUGIN_EXPORT int cscap_plugin_init(const cscap_plugin_host *host, int abi_version)
{
	(void)host;
	(void)abi_version;
	return 0;
}
EOF
cat >"$T/bad_init.c" <<'EOF'
#include "cscap/plugin.h"
CSCAP_PLUGIN_DECLARE();
static int collect(void *data, const cscap_probe_object *o, const cscap_probe_output *out)
{
	(void)data; (void)o; (void)out;
	return CSCAP_FLAG_COMPLETE;
}
CSCAP_PLUGIN_EXPORT int cscap_plugin_init(const cscap_plugin_host *host, int abi_version)
{
	const cscap_probe p = {"urn:cscap:xml:oval-definitions-5#container", "container_object",
			       "urn:cscap:xml:oval-system-characteristics-5#container", "container_item",
			       0, collect, 0, 0};
	(void)abi_version;
	return host->register_probe(host, &p);
}
EOF
for p in old_abi bad_init; do
	cc -std=c11 -Iinclude -fPIC -shared -o "$T/$p.so" "$T/$p.c" || not_ok "build $p.so"
done
scan abi oval eval --skip-validation --plugin "$T/old_abi.so" "$EX/example-oval.xml"
refused abi "old_abi.so: plugin built for cscap plugin ABI version 99, but this cscap .* speaks ABI version 1" \
	"a plugin of another ABI version is refused, naming the file and both versions"
scan builtin oval eval --skip-validation --plugin "$T/bad_init.so" "$EX/example-oval.xml"
refused builtin "bad_init.so: the plugin's cscap_plugin_init failed: .*container_object .*built-in probe" \
	"a plugin cannot replace the built-in container probe"
cp "$PLUGIN" "$T/writable.so"
chmod 666 "$T/writable.so"
scan writable oval eval --skip-validation --plugin "$T/writable.so" "$EX/example-oval.xml"
refused writable "writable.so: refusing a plugin that others can write" "a plugin others can write is refused"
scan missing oval eval --skip-validation --plugin "$T/missing.so" "$EX/example-oval.xml"
refused missing "missing.so: cannot load plugin" "a missing plugin fails the scan"

finish
