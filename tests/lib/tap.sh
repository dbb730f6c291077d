# shellcheck shell=bash
# tests/lib/tap.sh — TAP output and small helpers shared by the integration tests.
#   ok/not_ok/skip DESCRIPTION     one TAP line each ("ok - … # SKIP" for skips)
#   check DESCRIPTION COMMAND...  ok when the command succeeds
#   same DESCRIPTION GOT WANT     ok when equal
#   diag FILE [LINES]             the end of a file as TAP diagnostics
#   finish                        print the counts (as a comment) and exit 0/1
#   need_packages PKG:PROBE...    apt-get install what is missing
#   xp FILE XPATH                 evaluate an XPath expression with xmllint
#   fake_engine_ready             FAKE: tests/tools/fake_engine ($FAKE_ENGINE, or built)
#   no_engine WHY                 a skip, or (CSCAP_REQUIRE_ENGINE=1, or CI=true)
#                                 "not ok - engine required but WHY"
#   need_root WHY                 not root: no_engine WHY, then finish

PASSED=0
FAILED=0
SKIPPED=0

ok() {
	echo "ok - $*"
	PASSED=$((PASSED + 1))
}
not_ok() {
	echo "not ok - $*"
	FAILED=$((FAILED + 1))
}
skip() {
	echo "ok - $* # SKIP"
	SKIPPED=$((SKIPPED + 1))
}
# diag FILE [LINES]: show (the end of) a file as diagnostics
diag() {
	[ -s "$1" ] || {
		echo "#   ($1: empty or missing)"
		return 0
	}
	tail -n "${2:-15}" "$1" | sed 's/^/#   /'
}
# check DESCRIPTION COMMAND...: ok when the command succeeds
check() {
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc"
		[ -n "$out" ] && printf '%s\n' "$out" | tail -n 15 | sed 's/^/#   /'
	fi
	return 0
}
# same DESCRIPTION GOT WANT
same() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		not_ok "$1"
		printf '#   got:  "%s"\n#   want: "%s"\n' "$2" "$3"
	fi
}
summary() {
	echo "# $PASSED passed, $FAILED failed, $SKIPPED skipped"
}
finish() {
	summary
	[ "$FAILED" -eq 0 ]
	exit $?
}

# Install the Debian packages that provide the given commands/files.
need_packages() {
	local missing=() spec pkg probe
	for spec in "$@"; do
		pkg=${spec%%:*}
		probe=${spec#*:}
		case $probe in
		/*) [ -e "$probe" ] || missing+=("$pkg") ;;
		*) command -v "$probe" >/dev/null 2>&1 || missing+=("$pkg") ;;
		esac
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "# installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null 2>&1
}

# xp FILE XPATH: print the value of an XPath expression ("" when unreadable)
xp() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}
# remove_work_dir DIR: a test's work folder goes at the end, unless a test
# failed or KEEP is set: then it stays, and its path is printed.
remove_work_dir() {
	[ -n "${1:-}" ] && [ -d "$1" ] || return 0
	if [ "$FAILED" -gt 0 ] || [ -n "${KEEP:-}" ]; then
		echo "# work folder kept: $1" >&2
	else
		rm -rf --one-file-system "$1"
	fi
}

# Whether a run without a real engine must fail: CSCAP_REQUIRE_ENGINE=1, or CI=true
# unless CSCAP_REQUIRE_ENGINE=0 says otherwise.  CI must not go green on skips.
engine_required() {
	case ${CSCAP_REQUIRE_ENGINE:-} in
	1) return 0 ;;
	0) return 1 ;;
	esac
	[ "${CI:-}" = true ]
}
# no_engine WHY: the real engine cannot be had (no root, no dockerd).
no_engine() {
	if engine_required; then
		not_ok "engine required but $*"
	else
		skip "$*"
	fi
}

# fake_engine_ready: FAKE = $FAKE_ENGINE (make check builds it), else the
# canned engine tests/tools/fake_engine.c built into $T; finishes on failure.
fake_engine_ready() {
	FAKE=${FAKE_ENGINE:-}
	[ -n "$FAKE" ] && return 0
	FAKE=$T/fake_engine
	if cc -std=c11 -O2 -Wall -Wextra -Werror -o "$FAKE" tests/tools/fake_engine.c 2>"$T/cc.err"; then
		ok "fake engine built with cc"
	else
		not_ok "fake engine built with cc"
		diag "$T/cc.err"
		finish
	fi
}

# need_root WHY: the real-engine tests run as root; otherwise say why and finish.
need_root() {
	[ "$(id -u)" -eq 0 ] && return 0
	no_engine "$*"
	finish
}
