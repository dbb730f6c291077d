#!/bin/sh
# Run every test: the cmocka unit tests given as arguments, then the
# integration tests in tests/integration/ (or those CSCAP_INTEGRATION names).  Every test speaks TAP ("ok",
# "not ok", "# SKIP"); the last line is the total, "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.." || exit 1

unit_only=0
if [ "${1:-}" = "--unit-only" ]; then
	unit_only=1
	shift
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0

run() {
	echo "# $*"
	"$@" >"$log.out" 2>&1
	rc=$?
	cat "$log.out"
	cat "$log.out" >>"$log"
	rm -f "$log.out"
	if [ $rc -ne 0 ]; then
		echo "# FAILED (exit $rc): $*"
		status=1
		# A crash or an early exit with no TAP "not ok" must still count.
		grep -q '^not ok' "$log" || echo "not ok - $* exited $rc" >>"$log"
	fi
}

CMOCKA_MESSAGE_OUTPUT=TAP
export CMOCKA_MESSAGE_OUTPUT
for t in "$@"; do
	run "$t"
done
if [ $unit_only -eq 0 ]; then
	# CSCAP_INTEGRATION="foundation offline": only those (make check-sanitize).
	for t in tests/integration/*_test.sh; do
		[ -e "$t" ] || continue
		if [ -n "${CSCAP_INTEGRATION:-}" ]; then
			name=${t##*/}
			case " $CSCAP_INTEGRATION " in *" ${name%_test.sh} "*) ;; *) continue ;; esac
		fi
		run bash "$t"
	done
fi

# cmocka reports a skipped test as "not ok N # SKIP"; a skip is never a failure.
skipped=$(grep -Ec '^(not )?ok .*# [Ss][Kk][Ii][Pp]' "$log")
passed=$(grep '^ok ' "$log" | grep -vc '# [Ss][Kk][Ii][Pp]')
failed=$(grep '^not ok' "$log" | grep -vc '# [Ss][Kk][Ii][Pp]')
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
