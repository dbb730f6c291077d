#!/bin/bash
# bench/profile.sh — where cscap spends its instructions: callgrind (exact,
# repeatable counts, unlike wall time on a shared machine) of
#   1. the offline scan of $BENCH_PROFILE_N containers (default 10,000) with
#      the full profile and an ARF, as `make bench` runs it
#   2. loading the largest loadable SSG data stream, validating and not
# Run through `make bench-profile`.  Writes the callgrind files and annotated
# summaries to $BENCH_PROFILE_DIR (default $BENCH_CACHE/profile) and prints
# the total and the top functions of each.  Valgrind 3.19 does not know
# openat2, so the offline view takes its documented fallback (one component
# at a time) under it; the difference is a few syscalls per container.
set -u
export LC_ALL=C
ROOT_DIR=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT_DIR" || exit 1
BUILD=${BENCH_BUILD:-build-bench}
CSCAP=$ROOT_DIR/$BUILD/cscap
GEN_ROOT=$ROOT_DIR/$BUILD/bench/gen_root
DS=$ROOT_DIR/content/cscap-docker-ee-2x-ds.xml
PROFILE=xccdf_cscap_profile_automated
CACHE=${BENCH_CACHE:-/tmp/cscap-bench-cache}
OUT=${BENCH_PROFILE_DIR:-$CACHE/profile}
N=${BENCH_PROFILE_N:-10000}
SSG=${BENCH_PROFILE_SSG:-/usr/share/xml/scap/ssg/content/ssg-rhel8-ds-1.2.xml}
# shellcheck source=bench/lib.sh
source "$ROOT_DIR/bench/lib.sh"

command -v valgrind >/dev/null || { echo "bench: valgrind is missing (run: make bench-profile)" >&2; exit 1; }
mkdir -p "$OUT" || exit 1
TMP=$(mktemp -d /tmp/cscap-profile.XXXXXX) || exit 1
trap 'rm -rf "$TMP"' EXIT

# profile NAME OK_CODES CMD...
profile() {
	local name=$1 ok=$2 rc
	shift 2
	printf 'bench: callgrind %s …\n' "$name" >&2
	valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.callgrind" "$@" \
		>"$OUT/$name.log" 2>&1
	rc=$?
	case ",$ok," in *",$rc,"*) ;; *)
		printf 'bench: %s exited %s under valgrind; see %s\n' "$name" "$rc" "$OUT/$name.log" >&2
		return 1 ;;
	esac
	callgrind_annotate --inclusive=yes "$OUT/$name.callgrind" >"$OUT/$name.inclusive.txt" 2>/dev/null
	callgrind_annotate "$OUT/$name.callgrind" >"$OUT/$name.self.txt" 2>/dev/null
	echo
	echo "== $name: $(grep -m1 'PROGRAM TOTALS' "$OUT/$name.self.txt" | awk '{ print $1 }') instructions"
	echo "-- inclusive, cscap's own functions (top 25):"
	grep -E '^ *[0-9,]+ \( *[0-9.]+%\)  engine/' "$OUT/$name.inclusive.txt" | head -n 25
	echo "-- self (top 20):"
	grep -E '^ *[0-9,]+ \( *[0-9.]+%\)  ' "$OUT/$name.self.txt" | head -n 20
}

root=$(bench_root "$N") || exit 1
profile "offline-$N" 2 "$CSCAP" xccdf eval --root "$root" --profile "$PROFILE" \
	--results-arf "$TMP/arf.xml" "$DS"
if [ -f "$SSG" ]; then
	profile "ssg-load" 0 "$CSCAP" info "$SSG"
	profile "ssg-load-skipval" 0 "$CSCAP" info --skip-validation "$SSG"
fi
echo
echo "bench: callgrind files and summaries in $OUT (callgrind_annotate --tree=both FILE for call trees)"
