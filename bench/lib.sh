# shellcheck shell=bash
# bench/lib.sh — shared by bench/run.sh and bench/profile.sh.
#
#   bench_root N   print the cached host root with N containers (bench/gen_root,
#                  dockerd 20.10's on-disk format), generating it once under
#                  $CACHE/roots/v<FIXTURE_FORMAT>-N<N>.  The time it took is
#                  in <root>/.generated.
# Needs CACHE and GEN_ROOT set.

# Bump when bench/gen_root.c changes what it writes: cached roots are keyed by it.
FIXTURE_FORMAT=1

bench_root() {
	local n=$1 dir old t0 t1
	dir=$CACHE/roots/v$FIXTURE_FORMAT-N$n
	mkdir -p "$CACHE/roots" || return 1
	if [ ! -f "$dir/.generated" ]; then
		# Roots of another format are useless now, and large.
		for old in "$CACHE"/roots/v*-N*; do
			[ -d "$old" ] || continue
			case $old in
			"$CACHE/roots/v$FIXTURE_FORMAT-N"*) ;;
			*) printf 'bench: removing stale fixture %s\n' "$old" >&2; rm -rf "$old" ;;
			esac
		done
		rm -rf "$dir" "$dir".tmp.* 2>/dev/null
		printf 'bench: generating %s containers in %s (once; cached)\n' "$n" "$dir" >&2
		t0=$(date +%s.%N)
		"$GEN_ROOT" "$dir" "$n" 32 || return 1
		t1=$(date +%s.%N)
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s\n", b - a }' >"$dir/.generated"
	fi
	printf '%s\n' "$dir"
}
