#!/bin/bash
# bench/run.sh — cscap measured side by side with OpenSCAP and the engine's own
# floor.  Run through `make bench` (bench/bench.mk builds what this needs and
# installs the Debian packages first); prints one table and rewrites the
# generated part of bench/BENCHMARKS.md.
#
#   1. offline scale: generated host roots with 10 … 100,000 containers in
#      dockerd 20.10's on-disk format; `cscap xccdf eval --root` against
#      `oscap oval eval` of an equivalent textfilecontent54 check (one item
#      per container) with OSCAP_PROBE_ROOT
#   2. live engine: a throwaway dockerd with 1,000 containers; cscap against
#      `docker inspect $(docker ps -aq)` (the engine's own floor)
#   3. content loading: the largest SCAP Security Guide data streams; `cscap
#      info` and the load phase of an evaluation against `oscap info` and
#      `oscap xccdf eval` of the same rule
#   4. output: ARF size and write time at 10,000 containers, with and without
#      system characteristics
#
# Every figure is a median of several runs (wall time, CPU time = user+sys,
# peak RSS from wait4) taken with bench/benchrun.  Environment:
#   BENCH_QUICK=1      skip oscap at 10,000 containers (it takes minutes)
#   BENCH_SIZES="…"    offline sizes (default "10 1000 10000 100000")
#   BENCH_LIVE_N=1000  containers in the live engine (0 skips the live part)
#   BENCH_CACHE=DIR    fixture cache (default /tmp/cscap-bench-cache)
#   BENCH_SSG="…"      SSG data streams (file names under the SSG folder)
#   BENCH_DOC=FILE     the document to update (default bench/BENCHMARKS.md)
#   BENCH_KEEP=1       keep the work folder (logs, result files)
# Needs root for the live engine (dockerd) only; without root that part is
# reported as skipped.
set -u
export LC_ALL=C

ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT_DIR" || exit 1
BUILD=${BENCH_BUILD:-build-bench}
CSCAP=$ROOT_DIR/$BUILD/cscap
BENCHRUN=$ROOT_DIR/$BUILD/bench/benchrun
GEN_ROOT=$ROOT_DIR/$BUILD/bench/gen_root
PHASES=$ROOT_DIR/$BUILD/bench/phases
DS=$ROOT_DIR/content/cscap-docker-ee-2x-ds.xml
PROFILE=xccdf_cscap_profile_automated
SIZES=${BENCH_SIZES:-10 1000 10000 100000}
LIVE_N=${BENCH_LIVE_N:-1000}
QUICK=${BENCH_QUICK:-}
CACHE=${BENCH_CACHE:-/tmp/cscap-bench-cache}
DOC=${BENCH_DOC:-$ROOT_DIR/bench/BENCHMARKS.md}
SSG_DIR=/usr/share/xml/scap/ssg/content
# The largest data stream of ssg-nondebian (SCAP 1.3, and its SCAP 1.2 twin)
# and of ssg-debian; ssg-base ships no data stream.
SSG_FILES=${BENCH_SSG:-ssg-rhel8-ds.xml ssg-rhel8-ds-1.2.xml ssg-debian11-ds.xml}
# No measured command may take more than this address space: a runaway
# allocation then fails in the command instead of waking the OOM killer.
MAX_MIB=${BENCH_MAX_MIB:-12288}

# shellcheck source=bench/lib.sh
source "$ROOT_DIR/bench/lib.sh"

for f in "$CSCAP" "$BENCHRUN" "$GEN_ROOT" "$PHASES" "$DS"; do
	[ -e "$f" ] || { echo "bench: $f is missing (run: make bench)" >&2; exit 1; }
done
command -v oscap >/dev/null || { echo "bench: oscap is missing (run: make bench)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/cscap-bench.XXXXXX) || exit 1
mkdir -p "$WORK/logs" "$WORK/out"
RESULTS=$WORK/results.tsv
MACHINE=$WORK/machine.txt
: >"$RESULTS"
: >"$MACHINE"
T_START=$(date +%s)

cleanup() {
	if [ -n "${ENGINE_DIR:-}" ]; then engine_stop; fi
	if [ -n "${BENCH_KEEP:-}" ]; then
		echo "bench: work folder kept: $WORK" >&2
	else
		rm -rf "$WORK"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say() { printf 'bench: %s\n' "$*" >&2; }
note() { printf '%s\t%s\n' "$1" "$2" >>"$MACHINE"; }
# result NAME STATUS WALL CPU RSS_KIB RUNS DETAIL
result() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$RESULTS"; }

# measure NAME RUNS WARMUP OK_CODES TIMEOUT_S CMD... — a median over RUNS.
measure() {
	local name=$1 runs=$2 warm=$3 ok=$4 tmo=$5 out wall wmin wmax rss n code cpu err
	shift 5
	local log=$WORK/logs/$name.log
	: >"$log"
	# shellcheck disable=SC2094 # benchrun and this shell only append to the log
	if out=$("$BENCHRUN" -n "$runs" -w "$warm" -x "$ok" -t "$tmo" -m "$MAX_MIB" -l "$log" -- "$@" 2>>"$log"); then
		IFS=$'\t' read -r wall wmin wmax rss _ n code cpu <<<"$out"
		result "$name" ok "$wall" "$cpu" "$rss" "$n" "min $wmin max $wmax exit $code"
		say "$(printf '%-34s %8.3f s wall %8.3f s cpu %8.1f MiB' "$name" "$wall" "$cpu" "$(echo "$rss" | awk '{print $1/1024}')")"
		return 0
	fi
	# The command's own last words; benchrun's line when the command said nothing.
	err=$(grep -v -e '^\s*$' -e '^benchrun: ' "$log" | tail -n 1 | tr '\t' ' ' | cut -c1-300)
	[ -n "$err" ] || err=$(grep '^benchrun: ' "$log" | tail -n 1 | cut -c1-300)
	result "$name" failed "" "" "" 0 "$err"
	say "$name: FAILED: $err"
	return 1
}

# ---------------------------------------------------------------- machine
machine() {
	local cpu mem
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
	note date "$(date -u '+%Y-%m-%d %H:%M UTC')"
	note cpu "${cpu:-unknown}"
	note nproc "$(nproc)"
	note memory "$mem"
	note kernel "$(uname -r)"
	note os "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")"
	note cscap "$("$CSCAP" --version 2>&1 | head -n 1) (git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- engine include content 2>/dev/null || echo ', uncommitted changes'); $BUILD, CFLAGS ${BENCH_CFLAGS:--O2 -g})"
	note oscap "$(oscap --version 2>/dev/null | head -n 1 | sed 's/.*) //')"
	note dockerd "$(/usr/sbin/dockerd --version 2>/dev/null | head -n 1)"
	note docker_client "$(/usr/bin/docker --version 2>/dev/null | head -n 1) (/usr/bin/docker)"
	note libxml2 "$(dpkg-query -W -f='${Version}' libxml2 2>/dev/null)"
	note json_c "$(dpkg-query -W -f='${Version}' libjson-c5 2>/dev/null)"
	note ssg "$(dpkg-query -W -f='${Version}' ssg-nondebian 2>/dev/null)"
	note profile_rules "$("$CSCAP" info --skip-validation "$DS" 2>/dev/null | awk -F': ' '/^Rules:/ { print $2; exit }') rules in the benchmark; profile $PROFILE"
	note load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
	note quick "${QUICK:-0}"
}

# ---------------------------------------------------------------- fixtures
# root_for N: the cached host root with N containers (bench/lib.sh).
root_for() {
	local dir
	dir=$(bench_root "$1") || return 1
	[ -f "$dir/.generated" ] && note "fixture_$1" "generated in $(cat "$dir/.generated") (cached in $dir)"
	printf '%s\n' "$dir"
}

# The OVAL check oscap evaluates: PidMode of every hostconfig.json, one
# textfilecontent item per container; false (non-compliant) when any is "host",
# the same verdict as cscap's DKER-EE-001240 rule.
write_oval() {
	cat >"$1" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oval_definitions xmlns="http://oval.mitre.org/XMLSchema/oval-definitions-5"
    xmlns:oval="http://oval.mitre.org/XMLSchema/oval-common-5"
    xmlns:ind="http://oval.mitre.org/XMLSchema/oval-definitions-5#independent">
  <generator>
    <oval:product_name>cscap bench</oval:product_name>
    <oval:schema_version>5.11.2</oval:schema_version>
    <oval:timestamp>2026-01-01T00:00:00</oval:timestamp>
  </generator>
  <definitions>
    <definition id="oval:cscap.bench:def:1" version="1" class="compliance">
      <metadata>
        <title>No container shares the host's PID namespace (HostConfig.PidMode is not "host")</title>
        <description>DKER-EE-001240 from Docker's own files: one item per container.</description>
      </metadata>
      <criteria>
        <criterion test_ref="oval:cscap.bench:tst:1" comment="every hostconfig.json has a PidMode other than host"/>
      </criteria>
    </definition>
  </definitions>
  <tests>
    <ind:textfilecontent54_test id="oval:cscap.bench:tst:1" version="1" check="all" check_existence="any_exist" comment="PidMode of every container">
      <ind:object object_ref="oval:cscap.bench:obj:1"/>
      <ind:state state_ref="oval:cscap.bench:ste:1"/>
    </ind:textfilecontent54_test>
  </tests>
  <objects>
    <ind:textfilecontent54_object id="oval:cscap.bench:obj:1" version="1">
      <ind:path operation="pattern match">^/var/lib/docker/containers/[^/]+$</ind:path>
      <ind:filename>hostconfig.json</ind:filename>
      <ind:pattern operation="pattern match">"PidMode":"([^"]*)"</ind:pattern>
      <ind:instance datatype="int" operation="greater than or equal">1</ind:instance>
    </ind:textfilecontent54_object>
  </objects>
  <states>
    <ind:textfilecontent54_state id="oval:cscap.bench:ste:1" version="1">
      <ind:subexpression operation="not equal">host</ind:subexpression>
    </ind:textfilecontent54_state>
  </states>
</oval_definitions>
EOF
}

# The rule of the core check (V-235784, PidMode), for the like-for-like runs.
PID_RULE=$(grep -o 'Rule id="xccdf_cscap_rule_SV-235784[^"]*"' "$DS" | head -n 1 | cut -d'"' -f2)

# ---------------------------------------------------------------- 1. offline
offline() {
	local n root runs warm oruns
	write_oval "$WORK/pidmode-oval.xml"
	for n in $SIZES; do
		root=$(root_for "$n") || { result "offline_$n" failed "" "" "" 0 "fixture generation failed"; continue; }
		case $n in
		10) runs=9 warm=1 oruns=5 ;;
		1000) runs=7 warm=1 oruns=3 ;;
		10000) runs=5 warm=1 oruns=1 ;;
		*) runs=3 warm=0 oruns=0 ;;
		esac
		say "offline, $n containers"
		# The full profile, as an operator runs it (the target is judged on this).
		measure "offline_${n}_cscap" "$runs" "$warm" 2 1200 \
			"$CSCAP" xccdf eval --root "$root" --profile "$PROFILE" \
			--results-arf "$WORK/out/arf-$n.xml" "$DS"
		[ "$n" = "${SIZES%% *}" ] && note profile_selected "$(grep -E '^(pass|fail|error|unknown|notapplicable|notchecked|informational|fixed) +xccdf_' "$WORK/logs/offline_${n}_cscap.log" | awk '{ print $2 }' | sort -u | wc -l) rules evaluated by the profile"
		if [ -s "$WORK/out/arf-$n.xml" ]; then
			note "arf_bytes_$n" "$(stat -c %s "$WORK/out/arf-$n.xml")"
			[ "$n" -le 1000 ] && note "items_cscap_$n" "$(grep -o '<[a-z-]*:\?container_item ' "$WORK/out/arf-$n.xml" | wc -l) container_item and $(grep -o '<[a-z-]*:\?engine_item ' "$WORK/out/arf-$n.xml" | wc -l) engine_item elements in the ARF (all OVAL reports)"
		fi
		rm -f "$WORK/out/arf-$n.xml"
		# Like for like with oscap's single check: the PidMode rule alone.
		[ -n "$PID_RULE" ] && measure "offline_${n}_cscap_pidrule" "$runs" "$warm" 2 1200 \
			"$CSCAP" xccdf eval --root "$root" --profile "$PROFILE" --rule "$PID_RULE" \
			--results-arf "$WORK/out/arf1-$n.xml" "$DS"
		rm -f "$WORK/out/arf1-$n.xml"
		# The verdict of the PidMode rule: fail (1 in 100 containers has --pid=host).
		if grep -qE "^fail +$PID_RULE" "$WORK/logs/offline_${n}_cscap.log"; then
			note "verdict_cscap_$n" "fail (PID rule, profile run)"
		elif grep -qE "^fail +$PID_RULE" "$WORK/logs/offline_${n}_cscap_pidrule.log" 2>/dev/null; then
			note "verdict_cscap_$n" "fail (PID rule, single-rule run; the profile run failed)"
		else
			note "verdict_cscap_$n" "NOT fail: see the logs"
		fi
		if [ "$oruns" -eq 0 ]; then
			result "offline_${n}_oscap" skipped "" "" "" 0 "not run above 10,000 (quadratic)"
		elif [ "$n" -ge 10000 ] && [ -n "$QUICK" ]; then
			result "offline_${n}_oscap" skipped "" "" "" 0 "BENCH_QUICK=1"
		else
			measure "offline_${n}_oscap" "$oruns" 0 0 3600 \
				env OSCAP_PROBE_ROOT="$root" oscap oval eval \
				--results "$WORK/out/oscap-$n.xml" "$WORK/pidmode-oval.xml"
			if grep -q 'Definition oval:cscap.bench:def:1: false' "$WORK/logs/offline_${n}_oscap.log"; then
				note "verdict_oscap_$n" "false (non-compliant)"
			else
				note "verdict_oscap_$n" "NOT false: see the logs"
			fi
			[ "$n" -le 1000 ] && [ -s "$WORK/out/oscap-$n.xml" ] &&
				note "items_oscap_$n" "$(grep -o '<[a-z-]*:\?textfilecontent_item ' "$WORK/out/oscap-$n.xml" | wc -l)"
			rm -f "$WORK/out/oscap-$n.xml"
		fi
	done
}

# ---------------------------------------------------------------- 4. output
# Phase times through the public API (bench/phases.c): load, evaluate, write.
phases_row() { # NAME ARGS...
	local name=$1 out
	shift
	if out=$("$PHASES" "$@" 2>"$WORK/logs/$name.log"); then
		printf '%s\n' "$out" | sed "s/^/${name}_/" | tr '=' '\t' >>"$MACHINE"
		say "$name: $(printf '%s' "$out" | tr '\n' ' ')"
	else
		note "${name}_error" "$(tail -n 1 "$WORK/logs/$name.log")"
		say "$name: FAILED: $(tail -n 1 "$WORK/logs/$name.log")"
	fi
}

output() {
	local n=10000 root
	case " $SIZES " in *" $n "*) ;; *) return 0 ;; esac
	root=$(root_for "$n") || return 0
	say "output at $n containers"
	phases_row "phases_${n}_syschar" -n 3 --schemas "$ROOT_DIR/schemas" --root "$root" \
		--profile "$PROFILE" --arf "$WORK/out/ph.xml" "$DS"
	rm -f "$WORK/out/ph.xml"
	phases_row "phases_${n}_nosyschar" -n 3 --schemas "$ROOT_DIR/schemas" --root "$root" \
		--profile "$PROFILE" --without-syschar --arf "$WORK/out/ph.xml" "$DS"
	rm -f "$WORK/out/ph.xml"
	measure "offline_${n}_cscap_nosyschar" 5 1 2 1200 \
		"$CSCAP" xccdf eval --root "$root" --profile "$PROFILE" --without-syschar \
		--results-arf "$WORK/out/arf-ns.xml" "$DS"
	rm -f "$WORK/out/arf-ns.xml"
	measure "offline_${n}_cscap_noarf" 5 1 2 1200 \
		"$CSCAP" xccdf eval --root "$root" --profile "$PROFILE" "$DS"
}

# ---------------------------------------------------------------- 2. live
live() {
	local n=$LIVE_N made
	if [ "$n" -eq 0 ]; then
		result live_cscap skipped "" "" "" 0 "BENCH_LIVE_N=0"
		return 0
	fi
	if [ "$(id -u)" -ne 0 ]; then
		result live_cscap skipped "" "" "" 0 "needs root (dockerd)"
		return 0
	fi
	# shellcheck source=/dev/null
	source "$ROOT_DIR/tests/lib/engine.sh"
	say "live: starting dockerd, creating $n containers"
	if ! engine_start "$WORK/engine" || ! engine_image; then
		result live_cscap failed "" "" "" 0 "engine did not start"
		return 0
	fi
	# docker create through the API, 8 at a time; 1 in 100 with --pid=host.
	cat >"$WORK/create1.sh" <<'EOF'
#!/bin/sh
i=$1
pid=""
[ $((i % 100)) -eq 0 ] && pid='"PidMode":"host"'
curl -sf --max-time 60 --unix-socket "$ENGINE_SOCK" -H 'Content-Type: application/json' \
	-d "{\"Image\":\"cscap-busybox:latest\",\"Cmd\":[\"/bin/sh\",\"-c\",\"sleep 3600\"],\"HostConfig\":{$pid}}" \
	"http://d/v1.41/containers/create?name=live-$i" >/dev/null
EOF
	local t0
	t0=$(date +%s.%N)
	seq 0 $((n - 1)) | ENGINE_SOCK=$ENGINE_SOCK xargs -P 8 -n 1 sh "$WORK/create1.sh"
	made=$(engine_docker ps -aq | wc -l)
	note live_containers "$made (created in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f s", b - a }'))"
	if [ "$made" -ne "$n" ]; then
		result live_cscap failed "" "" "" 0 "only $made of $n containers created"
		engine_docker container prune -f >/dev/null 2>&1
		engine_stop
		return 0
	fi
	cat >"$WORK/docker-floor.sh" <<EOF
#!/bin/sh
export DOCKER_CONFIG=$ENGINE_DIR/client
D="/usr/bin/docker -H unix://$ENGINE_SOCK"
\$D inspect \$(\$D ps -aq) >/dev/null
EOF
	measure live_docker 5 1 0 600 sh "$WORK/docker-floor.sh"
	measure live_cscap 5 1 2 600 \
		"$CSCAP" xccdf eval --engine "unix://$ENGINE_SOCK" --profile "$PROFILE" \
		--results-arf "$WORK/out/live.xml" "$DS"
	if grep -qE "^fail +$PID_RULE" "$WORK/logs/live_cscap.log"; then
		note verdict_cscap_live "fail (PID rule)"
	else
		note verdict_cscap_live "NOT fail: see the logs"
	fi
	[ -n "$PID_RULE" ] && measure live_cscap_pidrule 5 1 2 600 \
		"$CSCAP" xccdf eval --engine "unix://$ENGINE_SOCK" --profile "$PROFILE" --rule "$PID_RULE" \
		--results-arf "$WORK/out/live1.xml" "$DS"
	rm -f "$WORK/out/live.xml" "$WORK/out/live1.xml"
	# Remove the containers first: engine_stop looks for leftover processes of
	# every container id it knows, one grep per process and id, which takes
	# minutes with 1,000 ids.
	engine_docker container prune -f >/dev/null 2>&1
	engine_stop
}

# ---------------------------------------------------------------- 3. content
# ssg_rule FILE: "PROFILE RULE" evaluated in the one-rule runs (present in FILE).
ssg_rule() {
	local p r
	for pr in "stig package_aide_installed" "standard package_audit_installed" "standard package_rsyslog_installed"; do
		p=xccdf_org.ssgproject.content_profile_${pr% *}
		r=xccdf_org.ssgproject.content_rule_${pr#* }
		if grep -q "Profile id=\"$p\"" "$1" && grep -q "select idref=\"$r\" selected=\"true\"" "$1"; then
			echo "$p $r"
			return 0
		fi
	done
	return 1
}

content() {
	local f path tag err pr p r
	for f in $SSG_FILES; do
		path=$SSG_DIR/$f
		tag=$(basename "$f" .xml | sed 's/^ssg-//; s/[^A-Za-z0-9]/_/g')
		if [ ! -f "$path" ]; then
			result "ssg_${tag}_cscap_info" failed "" "" "" 0 "$path missing"
			continue
		fi
		note "ssg_${tag}_bytes" "$(stat -c %s "$path")"
		say "content: $f"
		measure "ssg_${tag}_oscap_info" 5 1 0 600 oscap info "$path"
		if ! err=$("$CSCAP" info --skip-validation "$path" 2>&1 >/dev/null); then
			note "ssg_${tag}_cscap_error" "$(printf '%s' "$err" | tail -n 1)"
			result "ssg_${tag}_cscap_info" failed "" "" "" 0 "$(printf '%s' "$err" | tail -n 1)"
			say "content: cscap cannot load $f: $err"
			continue
		fi
		measure "ssg_${tag}_cscap_info" 5 1 0 600 "$CSCAP" info "$path"
		measure "ssg_${tag}_cscap_info_skipval" 5 1 0 600 "$CSCAP" info --skip-validation "$path"
		phases_row "ssg_${tag}_load" -n 5 --schemas "$ROOT_DIR/schemas" --load-only "$path"
		phases_row "ssg_${tag}_load_skipval" -n 5 --schemas "$ROOT_DIR/schemas" --skip-validation --load-only "$path"
		if pr=$(ssg_rule "$path"); then
			p=${pr% *}
			r=${pr#* }
			note "ssg_${tag}_rule" "$r ($p)"
			measure "ssg_${tag}_cscap_eval1" 5 1 0,2 600 "$CSCAP" xccdf eval --profile "$p" --rule "$r" "$path"
			measure "ssg_${tag}_cscap_eval1_skipval" 5 1 0,2 600 "$CSCAP" xccdf eval --skip-validation --profile "$p" --rule "$r" "$path"
			measure "ssg_${tag}_oscap_eval1" 5 1 0,2 600 oscap xccdf eval --profile "$p" --rule "$r" "$path"
			measure "ssg_${tag}_oscap_eval1_skipval" 5 1 0,2 600 oscap xccdf eval --skip-valid --profile "$p" --rule "$r" "$path"
		fi
	done
}

# ---------------------------------------------------------------- run
machine
say "cscap $("$CSCAP" --version) vs $(oscap --version | head -n 1); work folder $WORK"
offline
output
live
content
note load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
note bench_minutes "$(awk -v a="$T_START" -v b="$(date +%s)" 'BEGIN { printf "%.1f", (b - a) / 60 }')"
python3 "$ROOT_DIR/bench/report.py" "$RESULTS" "$MACHINE" "$DOC"
