#!/usr/bin/env bash
# tests/demo.sh — what `make demo` runs once cscap is built: a throwaway Docker
# engine with a few sample containers, one scan, the results in results/.
#
# Environment: CSCAP (default build/cscap), DS (default
# content/cscap-docker-ee-2x-ds.xml), relative to the repository root;
# RESULTS, the folder the results go to (default results, in the repository;
# tests/integration/demo_test.sh points it at a work folder).
# Exit status: 0 when the scan ran (cscap's status 2, "a rule failed", is the
# expected outcome here: one sample container shares the host PID namespace),
# non-zero when the demo could not run.

set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P) || exit 1
cd "$ROOT" || exit 1
# shellcheck source=tests/lib/engine.sh
. "$ROOT/tests/lib/engine.sh"

CSCAP=${CSCAP:-build/cscap}
DS=${DS:-content/cscap-docker-ee-2x-ds.xml}
PROFILE=xccdf_cscap_profile_automated
RULE=xccdf_cscap_rule_SV-235784r960804_rule
RESULTS=${RESULTS:-results}
ARF=$RESULTS/arf.xml
XCCDF=$RESULTS/xccdf-results.xml

say() { printf 'demo: %s\n' "$*"; }
die() {
	printf 'demo: %s\n' "$*" >&2
	exit 1
}

trap engine_stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] || die "needs root to run a throwaway dockerd"
[ -x "$CSCAP" ] || die "$CSCAP: not built (run make)"
[ -s "$DS" ] || die "$DS: data stream not found"

say "starting a throwaway Docker engine"
engine_dir=$(mktemp -d /tmp/cscap-eng.XXXXXX) || die "mktemp failed"
engine_start "$engine_dir" || die "dockerd could not start"
engine_image || die "could not import the sample image"
say "engine on unix://$ENGINE_SOCK"

default=$(engine_run_idle demo-default) || die "could not run demo-default"
engine_run_idle demo-hostpid --pid=host >/dev/null ||
	die "could not run demo-hostpid"
engine_run_idle demo-sharer "--pid=container:$default" >/dev/null ||
	die "could not run demo-sharer"
engine_create_idle demo-created --pid=host >/dev/null ||
	die "could not create demo-created"
say "sample containers (name, state, PID mode):"
engine_docker ps -a --format '{{.Names}}' | sort | while read -r name; do
	engine_docker inspect -f \
		'{{printf "  %-14s %-8s %q" (slice .Name 1) .State.Status .HostConfig.PidMode}}' \
		"$name"
done

mkdir -p "$RESULTS" || die "cannot create $RESULTS/"
say "scanning: $CSCAP xccdf eval --profile $PROFILE --engine unix://$ENGINE_SOCK" \
	"--results-arf $ARF --results $XCCDF $DS"
"$CSCAP" xccdf eval --profile "$PROFILE" --engine "unix://$ENGINE_SOCK" \
	--results-arf "$ARF" --results "$XCCDF" "$DS"
rc=$?

case $rc in
0) say "cscap exit status 0: every selected rule passed" ;;
2) say "cscap exit status 2: at least one rule did not pass (expected here)" ;;
*) die "cscap failed (exit status $rc)" ;;
esac

verdict=
if command -v xmllint >/dev/null 2>&1 && [ -s "$ARF" ]; then
	verdict=$(xmllint --xpath "string(//*[local-name()='rule-result'][@idref='$RULE']/*[local-name()='result'])" \
		"$ARF" 2>/dev/null)
fi
say "rule $RULE: ${verdict:-(see $ARF)}"
case $RESULTS in /*) shown= ;; *) shown=$ROOT/ ;; esac
say "results: $shown$ARF"
say "         $shown$XCCDF"
exit 0
